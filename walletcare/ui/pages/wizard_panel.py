"""The wizard runner's place in Help."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from walletcare.ui.pages.wizard_runner import WizardRunner


def make_wizard_panel(parent: QWidget | None = None) -> QWidget:
    """The wizard runner."""
    return WizardRunner(parent)
