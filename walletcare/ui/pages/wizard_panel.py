"""The wizard runner's place in Help; ``make_wizard_panel`` gives the runner when the wizard engine is
present, or a panel that says plainly that this version has no wizards."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from walletcare.i18n import _


class UnavailableWizard(QWidget):
    """Shown when the wizard engine is not in this version."""

    open_case_requested = Signal(object)
    safety_requested = Signal()
    article_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.back = QPushButton()
        self.back.clicked.connect(self.closed)
        box = QVBoxLayout(self)
        box.addWidget(self.text)
        box.addWidget(self.back)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the current language."""
        self.text.setText(_("Troubleshooting wizards are not available in this version. The help articles cover the same steps."))
        self.back.setText(_("← Results"))

    def start(self, wizard_id: str) -> None:
        """Nothing to run."""


def make_wizard_panel(parent: QWidget | None = None) -> QWidget:
    """The wizard runner, or the "not available" panel."""
    try:
        from walletcare.ui.pages.wizard_runner import WizardRunner
    except ImportError:
        return UnavailableWizard(parent)
    return WizardRunner(parent)
