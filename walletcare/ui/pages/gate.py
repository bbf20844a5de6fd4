"""The door to the vault: first-run set-up when there is no vault, otherwise the unlock screen (with a
growing delay after each passphrase that does not fit, and the recovery-code path for a forgotten one).
Emits ``unlocked`` when the vault is open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from walletcare.errors import VaultCorrupt, WalletCareError, WrongPassphrase
from walletcare.i18n import _, current_language
from walletcare.ui.icons import set_icon
from walletcare.ui.pages.first_run import FirstRun, _body, _title
from walletcare.ui.session import VaultSession, wipe
from walletcare.ui.widgets.passphrase import NewPassphrase, PassphraseField, take_secret

if TYPE_CHECKING:
    from walletcare.evidence.vault import Vault

MAX_DELAY_S = 30


def retry_delay(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong passphrases in a row: 0, 1, 2, 4 ... capped at 30."""
    return 0 if failures <= 0 else min(MAX_DELAY_S, 2 ** (failures - 1))


class VaultGate(QStackedWidget):
    """First run, unlock, and recovery-code pages."""

    unlocked = Signal()
    help_wanted = Signal()
    language_chosen = Signal(str)

    def __init__(self, session: VaultSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.failures = 0
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._first_run: FirstRun | None = None  # built on first use: a returning user never needs it
        self.addWidget(QWidget())  # index 0, replaced by the first-run pages when they are built
        self._build_unlock()
        self._build_recover()
        self.currentChanged.connect(lambda _i: self.focus_first_field())
        self.retranslate()

    @property
    def first_run(self) -> FirstRun:
        """The first-run pages (language, create or open, recovery code), built when first needed."""
        if self._first_run is None:
            first_run = FirstRun(self.session)
            first_run.language_chosen.connect(self.language_chosen)
            first_run.finished.connect(self.unlocked)
            first_run.open_elsewhere.connect(self._open_elsewhere)
            current = self.currentIndex()
            placeholder = self.widget(0)
            self.insertWidget(0, first_run)
            if placeholder is not None:
                self.removeWidget(placeholder)
                placeholder.deleteLater()
            self.setCurrentIndex(current)
            first_run.retranslate()
            self._first_run = first_run
        return self._first_run

    def showing_recovery_code(self) -> bool:
        """Whether a newly created vault's recovery code is on screen (it must stay until confirmed)."""
        return self._first_run is not None and self._first_run.showing_code()

    def _build_unlock(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.unlock_title = _title()
        self.passphrase_label = QLabel()
        self.passphrase_field = PassphraseField("unlockPassphrase")
        self.passphrase = self.passphrase_field.edit
        self.passphrase_label.setBuddy(self.passphrase)
        self.passphrase.returnPressed.connect(self._unlock)
        self.unlock_button = QPushButton()
        set_icon(self.unlock_button.setIcon, "unlock")
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._unlock)
        self.message = _body()
        self.message.setObjectName("unlockMessage")
        self.forgot = QPushButton()
        self.forgot.setObjectName("forgotPassphrase")
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(lambda: self.setCurrentIndex(2))
        self.help_button = QPushButton()
        self.help_button.setFlat(True)
        self.help_button.clicked.connect(self.help_wanted)
        for widget in (self.unlock_title, self.passphrase_label, self.passphrase_field, self.unlock_button, self.message,
                       self.forgot, self.help_button):
            box.addWidget(widget)
        self.addWidget(page)

    def _build_recover(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.recover_title = _title()
        self.recover_body = _body()
        self.code_label = QLabel()
        self.code = QLineEdit()
        self.code.setObjectName("recoveryCodeInput")
        self.code_label.setBuddy(self.code)
        self.new_passphrase = NewPassphrase()
        self.code.returnPressed.connect(lambda: self.new_passphrase.setFocus())
        self.new_passphrase.submitted.connect(self._recover)
        self.recover_button = QPushButton()
        self.recover_button.setObjectName("recoverButton")
        self.recover_button.setEnabled(False)
        self.new_passphrase.acceptable_changed.connect(self.recover_button.setEnabled)
        self.recover_button.clicked.connect(self._recover)
        self.recover_message = _body()
        self.back_button = QPushButton()
        self.back_button.setFlat(True)
        self.back_button.clicked.connect(lambda: self.setCurrentIndex(1))
        for widget in (self.recover_title, self.recover_body, self.code_label, self.code, self.new_passphrase,
                       self.recover_button, self.recover_message, self.back_button):
            box.addWidget(widget)
        self.addWidget(page)

    def retranslate(self) -> None:
        """Texts in the current language."""
        if self._first_run is not None:
            self._first_run.retranslate()
        self.unlock_title.setText(_("Unlock your vault"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.unlock_button.setText(_("&Unlock"))
        self.forgot.setText(_("Forgot the passphrase? Use the recovery code"))
        self.help_button.setText(_("Only need help? Search articles without unlocking (Ctrl+F)"))
        self.recover_title.setText(_("Open with the recovery code"))
        self.recover_body.setText(_("Type the recovery code you wrote down when the vault was created, then choose a "
                                    "new passphrase. Your cases and evidence stay as they are."))
        self.code_label.setText(_("Recovery &code"))
        self.passphrase_field.retranslate()
        self.new_passphrase.retranslate()
        self.recover_button.setText(_("Open and set the new passphrase"))
        self.back_button.setText(_("Back to the passphrase"))
        self._show_wait()

    def show_for_state(self, choose_language: bool) -> None:
        """Shows first run (no vault here) or the unlock page."""
        if self.session.exists():
            self.setCurrentIndex(1)
        else:
            self.first_run.show_start(choose_language)
            self.setCurrentIndex(0)
        self.focus_first_field()

    def focus_first_field(self) -> None:
        """Puts the cursor in the first field of the page on view."""
        index = self.currentIndex()
        if index == 0:
            if self._first_run is not None:
                self._first_run.focus_first_field()
        elif index == 1:
            self.passphrase.setFocus()
        else:
            self.code.setFocus()

    def _open_elsewhere(self, folder: object) -> None:
        from pathlib import Path

        self.session.folder = Path(str(folder))
        self.show_for_state(False)
        if not self.session.exists():
            self.first_run.start_body.setText(_("No vault was found in that folder. Create a new one, or choose another folder."))

    def _unlock(self) -> None:
        if self._wait_left > 0 or not self.passphrase.text():
            return
        self.unlock_button.setEnabled(False)
        self.message.setText(_("Unlocking…"))
        self.session.open(take_secret(self.passphrase), lambda _v: self._opened(), self._unlock_failed)

    def _opened(self) -> None:
        self.failures = 0
        self.message.clear()
        self.unlock_button.setEnabled(True)
        self.unlocked.emit()

    def _unlock_failed(self, exc: object) -> None:
        self.unlock_button.setEnabled(True)
        if isinstance(exc, WrongPassphrase):
            self.failures += 1
            self._wait_left = retry_delay(self.failures)
            if self._wait_left:
                self._countdown.start()
        self._error = exc.text() if isinstance(exc, WalletCareError) else _("The vault could not be opened: {error}").format(error=exc)
        if isinstance(exc, VaultCorrupt) and "walletcare restore" in (exc.message or ""):  # (the command line's way)
            joint = "" if current_language().startswith("zh") else " "
            hint = _("In this window: Settings → “Restore a backup…”.")
            self._error = VaultCorrupt(f"{exc.message}{joint}{hint}", detail=exc.detail).text()  # (hint, then detail)
        self._show_wait()
        self.passphrase.setFocus()

    def _tick(self) -> None:
        self._wait_left = max(0, self._wait_left - 1)
        if self._wait_left == 0:
            self._countdown.stop()
        self._show_wait()

    def _show_wait(self) -> None:
        error = getattr(self, "_error", "")
        self.unlock_button.setEnabled(self._wait_left == 0)
        if self._wait_left:
            self.message.setText(error + " " + _("You can try again in {seconds} s.").format(seconds=self._wait_left))
        elif error:
            self.message.setText(error)

    def _recover(self) -> None:
        if not self.recover_button.isEnabled():
            return
        code = self.code.text()
        new = self.new_passphrase.take()
        self.code.clear()
        self.recover_button.setEnabled(False)

        def set_new(_v: object) -> None:
            self.session.with_vault(lambda vault, _t: self._change(vault, new),
                                    lambda _r: self._opened(), self._recover_failed)

        self.session.open_with_recovery_code(code, set_new, self._recover_failed)

    @staticmethod
    def _change(vault: Vault, new: bytearray) -> None:
        try:
            vault.change_passphrase(new)
        finally:
            wipe(new)

    def _recover_failed(self, exc: object) -> None:
        text = exc.text() if isinstance(exc, WalletCareError) else _("The vault could not be opened: {error}").format(error=exc)
        self.recover_message.setText(text)

    def reset(self) -> None:
        """Clears typed secrets and messages (on lock)."""
        for field in (self.passphrase, self.code):
            field.clear()
        self.passphrase_field.conceal()
        self._error = ""
        self.message.clear()
        self.recover_message.clear()
