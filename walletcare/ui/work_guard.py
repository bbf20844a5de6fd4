"""Work is never lost in the window. Before a lock (Ctrl+L, the Lock button, idle) or a close, the unsaved
input of every open editor (the dialogs of ``dialogs.editor`` and the Overview tab) is collected as drafts;
the lock writes them into the encrypted vault before it drops the key, and after the next unlock the case
and tab on screen come back with the editors reopened and their text typed back in. Ctrl+L asks first when
something is unsaved; closing asks whether to keep it as a draft, discard it, or stay. Drafts never touch
the disk outside the vault: while the vault write is pending, or if it failed, they are held in memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from walletcare.evidence.models import Case
from walletcare.i18n import _
from walletcare.logs import log
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.operations import Changes
from walletcare.ui.operations.drafts import take_drafts
from walletcare.ui.pages.case_page import Tab

if TYPE_CHECKING:
    from walletcare.ui.main_window import MainWindow

Drafts = dict[str, dict[str, Any]]
TABS = {"transaction": Tab.TRANSACTIONS, "contact": Tab.CONTACTS, "evidence": Tab.EVIDENCE, "submission": Tab.PLAN}


class WorkGuard(QObject):
    """Collects, keeps and gives back the unsaved input of the window's editors."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.in_memory: Drafts = {}  # drafts the vault has not confirmed yet
        self.resume_at: tuple[int, Tab] | None = None  # (case id, tab) on screen when the vault locked
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        window.cases.gate.unlocked.connect(self.resume)
        # Ctrl+L from inside an editor too: the action is added to each editor dialog as it opens, and works
        # wherever the focus is in the application (the main window itself is blocked while a dialog is open)
        window.actions_.actions["lock"].setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

    def stop(self) -> None:
        """Stops watching for editors (window closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, EditorDialog) and self._ours(watched):
            lock = self.window.actions_.actions["lock"]
            if lock not in watched.actions():
                watched.addAction(lock)  # Ctrl+L locks from inside an editor too
        return False

    def _ours(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        return parent is self.window

    def open_editors(self) -> list[EditorDialog]:
        """The editor dialogs on screen."""
        return [d for d in self.window.findChildren(EditorDialog) if d.isVisible()]

    def unsaved(self) -> Drafts:
        """The drafts of every editor holding unsaved input, by editor key."""
        drafts: Drafts = {}
        page = self.window.cases.built_case_page
        if page is not None and page.overview.is_dirty():
            drafts["overview"] = page.overview.draft()
        for dialog in self.open_editors():
            if dialog.is_dirty():
                drafts[dialog.draft_kind] = dialog.draft()
        return drafts

    def retranslate(self) -> None:
        """Open editors follow a language switch; what was typed stays."""
        for dialog in self.open_editors():
            dialog.retranslate()

    # -- asking -------------------------------------------------------------------------------------
    def confirm_lock(self) -> bool:
        """Ctrl+L with unsaved input: True when the user still wants to lock."""
        if not self.unsaved():
            return True
        box = QMessageBox(QMessageBox.Icon.Question, _("Lock now?"),
                          _("Some of what you typed is not saved yet."), parent=self._parent())
        box.setObjectName("confirmLock")
        box.setInformativeText(_("It is kept, encrypted in the vault, and comes back where it was when you unlock."))
        lock = box.addButton(_("&Lock"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(lock)
        box.exec()
        return box.clickedButton() is lock

    def confirm_close(self) -> Drafts | None:
        """Closing with unsaved input: the drafts to keep ({} to discard them), or None to stay open."""
        drafts = self.unsaved()
        if not drafts:
            return {}
        box = QMessageBox(QMessageBox.Icon.Question, _("Close WalletCare?"),
                          _("Some of what you typed is not saved yet."), parent=self._parent())
        box.setObjectName("confirmClose")
        box.setInformativeText(_("Keep it as a draft, encrypted in the vault: it comes back the next time you unlock."))
        keep = box.addButton(_("&Keep as draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(QMessageBox.StandardButton.Discard)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is keep:
            return drafts
        return {} if box.clickedButton() is discard else None

    def _parent(self) -> QWidget:
        editors = self.open_editors()
        return editors[-1] if editors else self.window

    # -- locking and unlocking ----------------------------------------------------------------------
    def before_lock(self) -> Drafts:
        """Remembers the case and tab on screen; the drafts to write into the vault as it locks."""
        case = self.window.cases.current_case()
        page = self.window.cases.built_case_page
        self.resume_at = (case.id, page.current_tab()) if case is not None and page is not None else None
        drafts = self.unsaved()
        self.in_memory.update(drafts)
        return drafts

    def kept(self, _value: object = None) -> None:
        """The vault has the drafts: no copy stays in memory."""
        self.in_memory.clear()

    def not_kept(self, exc: object) -> None:
        """Writing the drafts failed: they stay in memory and come back after the unlock all the same."""
        log.error("drafts not written to the vault: %s", type(exc).__name__,
                  exc_info=exc if isinstance(exc, BaseException) else None)

    def resume(self) -> None:
        """After an unlock: takes the drafts out of the vault and reopens where the user was."""
        self.window.session.run(take_drafts, on_done=self._resumed, on_error=lambda exc: self._resumed(Changes()))

    def _resumed(self, changes: Changes) -> None:
        drafts: Drafts = {**(changes.result or {}), **self.in_memory}
        self.in_memory = {}
        at, self.resume_at = self.resume_at, None
        overview = drafts.pop("overview", None)
        dialog = next(iter(drafts.values()), None)
        case_id = next((d["context"].get("case_id") for d in (dialog, overview) if d and d["context"].get("case_id")),
                       at[0] if at else None)
        tab = at[1] if at and at[0] == case_id else Tab.OVERVIEW
        if overview or dialog:
            self.window.notify(_("What you had typed before the vault locked is back. Save it when you are ready."))
        if case_id is None:
            if dialog is not None:
                QTimer.singleShot(0, self, lambda: self._reopen_dialog(None, dialog))
            return

        def found(case: Case | None) -> None:
            self._reopen(case, tab, overview, dialog)

        self.window.session.read(lambda store: store.cases.get(case_id) if store.cases.exists(case_id) else None,
                                 found)

    def _reopen(self, case: Case | None, tab: Tab, overview: dict[str, Any] | None,
                dialog: dict[str, Any] | None) -> None:
        if case is not None:
            self.window.show_area("cases")
            self.window.cases.open_case(case)
            page = self.window.cases.case_page
            page.show_tab(TABS.get(dialog["kind"], tab) if dialog else tab)
            if overview is not None and overview["context"].get("case_id") == case.id:
                page.overview.restore_draft(overview["fields"])
        if dialog is not None:
            QTimer.singleShot(0, self, lambda: self._reopen_dialog(case, dialog))

    def _reopen_dialog(self, case: Case | None, draft: dict[str, Any]) -> None:
        from walletcare.ui.dialogs.contact import ContactDialog
        from walletcare.ui.dialogs.new_case import NewCaseDialog
        from walletcare.ui.dialogs.transaction import TransactionDialog

        if not self.window.session.unlocked:
            return
        kind, context, values = draft["kind"], draft["context"], draft["fields"]
        if kind == "new_case":
            self.window.cases.ask_new_case(NewCaseDialog.prefill_of(context), draft=values)
            return
        page = self.window.cases.built_case_page
        if case is None or page is None or page.case is None or page.case.id != case.id:
            return
        if kind == "contact":
            page.contacts.edit_note(ContactDialog.original_of(context), values)
        elif kind == "transaction":
            page.transactions.edit_transaction(TransactionDialog.original_of(context), values)
        elif kind == "evidence":
            page.evidence.open_item(int(context["evidence_id"]), values)
        elif kind == "export":
            self.window.actions_.export_case(case, values)
        elif kind == "submission":
            page.plan.ask_submission(str(context["rung_id"]), values)
