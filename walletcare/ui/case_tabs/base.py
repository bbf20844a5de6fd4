"""What every case tab shares: the session, the case shown, a status callback, and the hooks the case
page calls (show a case, drop everything on lock, reload on a store change, retranslate)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from walletcare.errors import Cancelled, VaultLocked, WalletCareError
from walletcare.evidence.models import Case
from walletcare.i18n import _
from walletcare.logs import log
from walletcare.ui.operations import Changes
from walletcare.ui.session import VaultSession


class CaseTab(QWidget):
    """Base of the case tabs."""

    def __init__(self, session: VaultSession, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.notify = notify
        self.case: Case | None = None
        self.box = QVBoxLayout(self)

    def set_case(self, case: Case | None) -> None:
        """Shows ``case`` (None clears)."""
        self.case = case
        if case is None:
            self.clear()
        else:
            self.reload()

    def reload(self) -> None:
        """Reads what the tab shows from the store."""

    def clear(self) -> None:
        """Drops every piece of vault data the tab shows (vault locked)."""

    def on_changes(self, changes: Changes) -> None:
        """Reloads when the store changed something this tab shows."""
        if self.case is not None and (changes.case_id in (None, self.case.id)) and self.cares_about(changes):
            self.reload()

    def cares_about(self, changes: Changes) -> bool:
        """Whether ``changes`` affects this tab."""
        return False

    def retranslate(self) -> None:
        """Texts in the current language."""

    def show_error(self, exc: object) -> None:
        """One clear message for a failed action (known errors carry their own text). A read cut short by a lock
        or by the window closing is not a failure the user needs to hear about."""
        if isinstance(exc, Cancelled | VaultLocked) and not self.session.unlocked:
            return
        if isinstance(exc, WalletCareError):
            text = exc.text()
        else:
            log.error("case action failed: %s", type(exc).__name__,
                      exc_info=exc if isinstance(exc, BaseException) else None)
            text = _("That did not work, and nothing was changed. Details were written to the log file.")
        QMessageBox.warning(self, _("WalletCare"), text)
