"""First run: pick the language, then create a vault (passphrase twice with a strength meter, then the
recovery code shown once with "print" and "I wrote it down") or open one that exists elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from walletcare.errors import WalletCareError
from walletcare.i18n import _
from walletcare.ui.icons import set_icon
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.passphrase import NewPassphrase

LANGUAGE_NAMES = {"zh-CN": "简体中文", "zh-TW": "繁體中文", "en": "English"}


def _title(text: str = "") -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _body() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FirstRun(QStackedWidget):
    """Steps: language → start (create / open) → passphrase → recovery code. ``finished`` = vault open."""

    language_chosen = Signal(str)
    finished = Signal()
    open_elsewhere = Signal(Path)

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._build_language()
        self._build_start()
        self._build_create()
        self._build_code()
        self.currentChanged.connect(lambda _i: self.focus_first_field())
        self.retranslate()

    def _page(self) -> QVBoxLayout:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.addWidget(page)
        return box

    def _build_language(self) -> None:
        box = self._page()
        box.addWidget(_title("选择语言 · 選擇語言 · Choose your language"))
        self.language_buttons: dict[str, QPushButton] = {}
        for code, name in LANGUAGE_NAMES.items():
            button = QPushButton(name)
            button.setObjectName(f"language-{code}")
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _c=False, code=code: self._language(code))
            box.addWidget(button)
            self.language_buttons[code] = button

    def _build_start(self) -> None:
        box = self._page()
        self.start_title = _title()
        self.start_body = _body()
        self.create_button = QPushButton()
        set_icon(self.create_button.setIcon, "create_vault")
        self.create_button.setObjectName("createVault")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(lambda: self.setCurrentIndex(2))
        self.open_button = QPushButton()
        set_icon(self.open_button.setIcon, "open_folder")
        self.open_button.setObjectName("openVaultElsewhere")
        self.open_button.clicked.connect(self._choose_folder)
        for widget in (self.start_title, self.start_body, self.create_button, self.open_button):
            box.addWidget(widget)

    def _build_create(self) -> None:
        box = self._page()
        self.create_title = _title()
        self.create_body = _body()
        self.passphrase = NewPassphrase()
        self.create_go = QPushButton()
        self.create_go.setObjectName("createGo")
        self.create_go.setEnabled(False)
        self.passphrase.acceptable_changed.connect(self.create_go.setEnabled)
        self.passphrase.submitted.connect(self._create)
        self.create_go.clicked.connect(self._create)
        self.create_message = _body()
        for widget in (self.create_title, self.create_body, self.passphrase, self.create_go, self.create_message):
            box.addWidget(widget)

    def _build_code(self) -> None:
        box = self._page()
        self.code_title = _title()
        self.code_body = _body()
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 1.4)
        self.code.setFont(mono)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self._print_code)
        self.wrote_it = QCheckBox()
        self.wrote_it.setObjectName("wroteItDown")
        self.code_done = QPushButton()
        self.code_done.setObjectName("codeDone")
        self.code_done.setEnabled(False)
        self.wrote_it.toggled.connect(self.code_done.setEnabled)
        self.code_done.clicked.connect(self._code_confirmed)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addStretch(1)
        for widget in (self.code_title, self.code_body, self.code):
            box.addWidget(widget)
        box.addLayout(row)
        box.addWidget(self.wrote_it)
        box.addWidget(self.code_done)

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.start_title.setText(_("Set up your evidence vault"))
        self.start_body.setText(_("The vault keeps your cases, screenshots and call notes encrypted on this computer. "
                                  "Nothing is sent anywhere. Help articles work without it."))
        self.create_button.setText(_("&Create a new vault"))
        self.open_button.setText(_("&Open a vault in another folder…"))
        self.create_title.setText(_("Choose a passphrase"))
        self.create_body.setText(_("You will type it each time you open the vault. WalletCare cannot see or reset it; "
                                   "the recovery code shown next is the only other way in."))
        self.passphrase.retranslate()
        self.create_go.setText(_("Create the vault"))
        self.code_title.setText(_("Your recovery code"))
        self.code_body.setText(_("If you forget the passphrase, this code opens the vault. It is shown only now. "
                                 "Print it or write it down and keep it somewhere safe, away from this computer. "
                                 "Never give it to anyone who contacts you — no real support asks for it."))
        self.print_button.setText(_("&Print…"))
        self.wrote_it.setText(_("I have &written it down or printed it"))
        self.code_done.setText(_("Continue"))

    def showing_code(self) -> bool:
        """Whether a new recovery code is on screen, waiting for "I wrote it down"."""
        return self.currentIndex() == 3 and bool(self.code.text())

    def show_start(self, choose_language: bool) -> None:
        """Begins at the language step or at create/open."""
        self.setCurrentIndex(0 if choose_language else 1)

    def focus_first_field(self) -> None:
        """Puts the focus on the first control of the step on view."""
        first = {0: self.language_buttons["zh-CN"], 1: self.create_button, 2: self.passphrase,
                 3: self.print_button}[self.currentIndex()]
        first.setFocus()

    def _language(self, code: str) -> None:
        self.language_chosen.emit(code)
        self.setCurrentIndex(1)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose the vault folder"))
        if folder:
            self.open_elsewhere.emit(Path(folder))

    def _create(self) -> None:
        if not self.create_go.isEnabled():  # Enter while it is creating, or before the passphrase is good
            return
        self.create_go.setEnabled(False)
        self.create_message.setText(_("Creating the vault… this takes a moment."))
        self.session.create(self.passphrase.take(), self._created, self._failed)

    def _created(self, code: str) -> None:
        self.create_message.clear()
        self.code.setText(code)
        self.wrote_it.setChecked(False)
        self.setCurrentIndex(3)

    def _failed(self, exc: object) -> None:
        text = exc.text() if isinstance(exc, WalletCareError) else _("The vault could not be created here: {error}").format(error=exc)
        self.create_message.setText(text)

    def _print_code(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            doc = QTextDocument()
            doc.setPlainText(f"WalletCare — {_('Your recovery code')}\n\n{self.code.text()}\n")
            doc.print_(printer)

    def _code_confirmed(self) -> None:
        self.code.clear()
        self.finished.emit()
