"""About WalletCare: the version, where its data lives (vault, settings, logs), and the licences of the
program and of the libraries and icons it ships with."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from walletcare import APP_NAME, __version__
from walletcare.i18n import _
from walletcare.paths import config_dir, log_dir

# (distribution on PyPI, what it does for us is not shown; licence as its authors state it)
LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0"),
    ("sqlcipher3", "zlib"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause"),
    ("argon2-cffi", "MIT"),
    ("reportlab", "BSD-3-Clause"),
    ("whoosh-reloaded", "BSD-2-Clause"),
    ("OpenCC", "Apache-2.0"),
    ("pillow", "MIT-CMU"),
    ("openpyxl", "MIT"),
    ("pypdf", "BSD-3-Clause"),
    ("mnemonic", "MIT"),
    ("PyYAML", "MIT"),
    ("platformdirs", "MIT"),
    ("zxcvbn", "MIT"),
    ("qtawesome", "MIT"),
    ("QtPy", "MIT"),
    ("pypdfium2", "Apache-2.0 / BSD-3-Clause"),
    ("rapidocr-onnxruntime", "Apache-2.0"),
    ("PaddleOCR PP-OCRv4", "Apache-2.0"),
    ("onnxruntime", "MIT"),
    ("opencv-python", "Apache-2.0"),
    ("numpy", "BSD-3-Clause"),
    ("shapely", "BSD-3-Clause"),
    ("pyclipper", "MIT"),
    ("tqdm", "MPL-2.0 / MIT"),
)
ICON_LICENCE = ("Material Design Icons", "Apache-2.0")


def library_version(name: str) -> str:
    """The installed version of a distribution, or "—" when it cannot be read."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "—"


class AboutDialog(QDialog):
    """Version, data folders and licences; read only."""

    def __init__(self, vault_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About {app}").format(app=APP_NAME))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        title = QLabel(f"<b>{APP_NAME}</b> {__version__}")
        title.setObjectName("aboutVersion")
        summary = QLabel(_("Offline help, an encrypted evidence vault and dispute dossiers for digital-wallet "
                           "problems. Nothing is sent anywhere."))
        summary.setWordWrap(True)
        self.folders: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, folder in (("vault", _("Vault folder"), vault_folder),
                                   ("settings", _("Settings folder"), config_dir()),
                                   ("logs", _("Log folder"), log_dir())):
            value = QLabel(str(folder))
            value.setObjectName(f"about-{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.folders[key] = value
            form.addRow(label, value)
        licence = QLabel(_("WalletCare is free software under the Apache License 2.0. It is built on these "
                           "libraries, each under its own licence:"))
        licence.setWordWrap(True)
        rows = [(name, library_version(name), text) for name, text in LIBRARIES]
        rows.append((ICON_LICENCE[0], _("icons"), ICON_LICENCE[1]))
        self.licences = QTableWidget(len(rows), 3)
        self.licences.setObjectName("aboutLicences")
        self.licences.setHorizontalHeaderLabels([_("Library"), _("Version"), _("Licence")])
        self.licences.verticalHeader().hide()
        self.licences.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.licences.setMinimumHeight((self.fontMetrics().height() + 6) * 10)
        self.licences.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.licences.setTabKeyNavigation(False)
        for row, values in enumerate(rows):
            for column, cell in enumerate(values):
                self.licences.setItem(row, column, QTableWidgetItem(cell))
        self.licences.resizeColumnsToContents()
        self.licences.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(summary)
        box.addLayout(form)
        box.addWidget(licence)
        box.addWidget(self.licences, 1)
        box.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, vault_folder: Path) -> None:
        """Shows the dialog until it is closed."""
        cls(vault_folder, parent).exec()
