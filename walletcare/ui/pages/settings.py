"""Settings: interface language (switches at once), auto-lock minutes, dossier font, backups (make one,
restore one, where they go), change the passphrase, issue a new recovery code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from walletcare.config import MAX_AUTO_LOCK_MINUTES, Settings
from walletcare.errors import WalletCareError
from walletcare.i18n import LANGUAGES, _, current_language
from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval
from walletcare.ui.dialogs.vault_dialogs import NewPassphraseDialog, PassphrasePrompt, RecoveryCodeDialog
from walletcare.ui.display import time_text
from walletcare.ui.operations import vault as vault_ops
from walletcare.ui.pages.base import Page, focus_first_field
from walletcare.ui.pages.first_run import LANGUAGE_NAMES
from walletcare.ui.session import VaultSession, wipe


class SettingsPage(Page):
    """Preferences and vault maintenance. It changes ``settings`` (and saves them) and works on the vault
    through ``session``; what the window must do it asks by signal."""

    area = "settings"
    language_chosen = Signal(str)  # a language code of LANGUAGES: switch the interface now
    auto_lock_changed = Signal(int)  # minutes of idle before the vault locks (0: never)
    message = Signal(str)  # a short note for the status bar
    vault_state_changed = Signal()  # a backup was written: the status bar's "last backup" is stale
    lock_requested = Signal()  # lock the vault now (before a restore replaces it)

    def __init__(self, session: VaultSession, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        general = QGroupBox()
        form = QFormLayout(general)
        self.language_label, self.lock_label, self.font_label = QLabel(), QLabel(), QLabel()
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(lambda i: self.language_chosen.emit(self.language.itemData(i)))
        self.auto_lock = QSpinBox()
        self.auto_lock.setObjectName("autoLockMinutes")
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.auto_lock.valueChanged.connect(self._auto_lock_changed)
        self.font_button = QPushButton()
        self.font_button.setObjectName("dossierFont")
        self.font_button.clicked.connect(self._choose_font)
        self.font_reset = QPushButton()
        self.font_reset.setObjectName("dossierFontReset")
        self.font_reset.clicked.connect(lambda: self._set_font(None))
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_button, 1)
        font_row.addWidget(self.font_reset)
        for label, field in ((self.language_label, self.language), (self.lock_label, self.auto_lock)):
            label.setBuddy(field)
            form.addRow(label, field)
        self.font_label.setBuddy(self.font_button)
        form.addRow(self.font_label, font_row)
        self.vault_box = QGroupBox()
        vault_form = QVBoxLayout(self.vault_box)
        self.backup_where = QLabel()
        self.backup_where.setWordWrap(True)
        self.backup_now, self.backup_folder, self.restore = QPushButton(), QPushButton(), QPushButton()
        self.backup_now.setObjectName("backupNow")
        self.change_pass, self.new_code = QPushButton(), QPushButton()
        self.backup_now.clicked.connect(self.make_backup)
        self.backup_folder.clicked.connect(self.choose_backup_folder)
        self.restore.clicked.connect(self.restore_backup)
        self.change_pass.clicked.connect(self.change_passphrase)
        self.new_code.clicked.connect(self.issue_recovery_code)
        row = QHBoxLayout()
        for button in (self.backup_now, self.backup_folder, self.restore):
            row.addWidget(button)
        row.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(self.change_pass)
        row2.addWidget(self.new_code)
        row2.addStretch(1)
        vault_form.addWidget(self.backup_where)
        vault_form.addLayout(row)
        vault_form.addLayout(row2)
        self.general_box = general
        self.layout_.addWidget(general)
        self.layout_.addWidget(self.vault_box)
        self.layout_.addStretch(1)
        self.session.state_changed.connect(lambda _s: self._enable())
        self._enable()

    def activated(self) -> None:
        focus_first_field(self)

    def retranslate(self) -> None:
        self.heading.setText(_("Settings"))
        self.general_box.setTitle(_("General"))
        self.language_label.setText(_("&Language"))
        self.language.setAccessibleName(_("Language"))
        self.language.blockSignals(True)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.blockSignals(False)
        self.lock_label.setText(_("Lock after &idle (minutes, 0 = never)"))
        self.auto_lock.setAccessibleName(_("Auto-lock minutes"))
        self.font_label.setText(_("Dossier &font"))
        chosen = self.settings.dossier_font
        self.font_button.setText(Path(chosen).name if chosen else _("Automatic (a font on this computer that covers Chinese)"))
        self.font_reset.setText(_("Back to the automatic font"))
        self.font_reset.setEnabled(bool(chosen))
        self.vault_box.setTitle(_("Vault"))
        self.backup_now.setText(_("&Back up now"))
        self.backup_folder.setText(_("Backup f&older…"))
        self.restore.setText(_("&Restore a backup…"))
        self.change_pass.setText(_("Change &passphrase…"))
        self.new_code.setText(_("New recovery &code…"))
        self._where()

    def _where(self) -> None:
        folder = self.backup_root()
        self.backup_where.setText(_("Backups are encrypted copies kept in {folder} (the newest {n}).").format(
            folder=folder, n=self.settings.backup_generations))

    def backup_root(self) -> Path:
        """Where backup generations go."""
        return vault_ops.backup_root(self.settings.backup_dir, self.session.folder)

    def _enable(self) -> None:
        unlocked = self.session.unlocked
        for button in (self.backup_now, self.change_pass, self.new_code):
            button.setEnabled(unlocked)

    def _auto_lock_changed(self, minutes: int) -> None:
        self.settings.auto_lock_minutes = minutes
        self.settings.save()
        self.auto_lock_changed.emit(minutes)

    def _choose_font(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose a font file for the dossier"), "",
                                                    _("Fonts (*.ttf *.ttc *.otf)"))
        if name:
            self._set_font(name)

    def _set_font(self, path: str | None) -> None:
        self.settings.dossier_font = path
        self.settings.save()
        self.retranslate()

    def _error(self, exc: object) -> None:
        text = exc.text() if isinstance(exc, WalletCareError) else _("That did not work, and nothing was changed. Details were written to the log file.")
        QMessageBox.warning(self, _("Settings"), text)

    def make_backup(self) -> None:
        """Writes a backup generation on the vault thread."""
        root, keep = self.backup_root(), self.settings.backup_generations
        def written(path: Path) -> None:
            self.message.emit(_("Backup written: {path}").format(path=path))
            self.vault_state_changed.emit()

        self.session.with_vault(lambda vault, _t: vault_ops.make_backup(vault, root, keep), written, self._error,
                                label=_("Backing up"))

    def choose_backup_folder(self) -> None:
        """Picks the folder for backups."""
        folder = QFileDialog.getExistingDirectory(self, _("Choose the backup folder"), str(self.backup_root()))
        if folder:
            self.settings.backup_dir = folder
            self.settings.save()
            self._where()

    def restore_backup(self) -> None:
        """Replaces the vault with a backup after checking it opens (the vault is locked first)."""
        folder = QFileDialog.getExistingDirectory(self, _("Choose the backup to restore"), str(self.backup_root()))
        if not folder:
            return
        secret = PassphrasePrompt.ask(self, _("Restore a backup"), _("The passphrase of that backup:"))
        if secret is None:
            return
        live = self.session.folder
        when = vault_ops.backup_time(Path(folder))
        details = [_("Backup made: {time}").format(time=time_text(when) if when else _("unknown")),
                   _("Backup folder: {folder}").format(folder=folder)]
        kept = vault_ops.set_aside_folder(live)
        notes = [_("The vault you use now is not deleted: it is kept, as it is before the restore, in the folder "
                   "{folder}. Restoring that one later brings it back.").format(folder=kept),
                 _("After the restore, the backup's passphrase (the one you just typed) unlocks the vault.")]
        if not ConfirmRemoval.ask(self, _("Restore a backup"), _("Replace the vault with this backup?"), details,
                                  False, _("Restore"), notes):
            wipe(secret)
            return
        self.lock_requested.emit()
        self.session.close()
        self.session.runner.vault(lambda _t: vault_ops.restore_backup(Path(folder), live, secret, kept),
                                  self._restored,
                                  self._restore_failed, label=_("Restoring"))

    def _restore_failed(self, exc: object) -> None:
        """A restore that stopped before replacing anything: why, and that the vault, locked for it, is as it was."""
        text = exc.text() if isinstance(exc, WalletCareError) else _("That did not work, and nothing was changed. Details were written to the log file.")
        text += "\n\n" + _("Your vault was locked for the restore and is as it was: unlock it with its own passphrase "
                            "to go on.")
        QMessageBox.warning(self, _("Restore a backup"), text)

    def _restored(self, kept: Path | None) -> None:
        self.message.emit(_("Backup restored. Unlock to continue."))
        text = _("The backup was restored. From now on, unlock with the backup's passphrase.")
        if kept is not None:
            text += "\n\n" + _("The vault it replaced is kept in {folder}. Restore that one to go back.").format(
                folder=kept)
        QMessageBox.information(self, _("Backup restored"), text)

    def change_passphrase(self) -> None:
        """Sets a new passphrase (instant: one key slot is rewrapped)."""
        new = NewPassphraseDialog.ask(self)
        if new is None:
            return
        kdf = self.session.kdf_seconds
        self.session.with_vault(lambda vault, _t: vault_ops.change_passphrase(vault, new, kdf),
                                lambda _r: self.message.emit(_("Passphrase changed.")), self._error)

    def issue_recovery_code(self) -> None:
        """Issues a new recovery code after confirming; shows it once."""
        answer = QMessageBox.question(self, _("New recovery code"),
                                      _("The current recovery code will stop working. Continue?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.session.with_vault(lambda vault, _t: vault_ops.new_recovery_code(vault),
                                lambda code: RecoveryCodeDialog.ask(self, code), self._error)

    def settings_value(self, name: str) -> Any:
        """A setting's current value (for tests)."""
        return getattr(self.settings, name)
