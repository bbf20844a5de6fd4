"""Errors the user can act on, each with a translated message and the CLI exit code of ``spec/cli.md``.

Anything else that escapes is a bug: the CLI and the window log it and show a short message naming the
log file (exit 5), never a traceback.
"""

from __future__ import annotations

from walletcare.i18n import _


class WalletCareError(Exception):
    """A known problem with a message for the user. ``exit_code`` follows the CLI contract."""

    exit_code = 5

    def __init__(self, message: str | None = None, *, detail: str | None = None) -> None:
        super().__init__(message or self.default_text())
        self.message = message
        self.detail = detail

    def default_text(self) -> str:
        """The message used when none is given (translated at the time it is shown)."""
        return _("Something went wrong.")

    def text(self) -> str:
        """The translated, human message (with detail, if any)."""
        base = self.message or self.default_text()
        if not self.detail:
            return base
        # (the detail is the library's own words, in English: named as such so that a reader of another
        # language does not take it for part of the message)
        return _("{message} (Technical detail: {detail})").format(message=base, detail=self.detail)


class UsageError(WalletCareError):
    """The command line or a dialog was given something it cannot use."""

    exit_code = 2


class CheckFailed(WalletCareError):
    """A check (verify, audit --verify) found a problem."""

    exit_code = 1


class VaultError(WalletCareError):
    """Problems with the vault as a whole."""

    exit_code = 3


class NoVault(VaultError):
    """There is no vault in the chosen folder."""

    def default_text(self) -> str:
        return _("No vault was found here. Create one with “walletcare init” or choose another folder.")


class WrongPassphrase(VaultError):
    """The passphrase (or recovery code) does not open the vault. Nothing was changed."""

    def default_text(self) -> str:
        return _("That passphrase does not open this vault. Nothing was changed; please try again.")


class VaultLocked(VaultError):
    """The vault is locked; unlock it first."""

    def default_text(self) -> str:
        return _("The vault is locked. Unlock it to continue.")


class VaultCorrupt(VaultError):
    """The vault files are damaged or not a vault at all."""

    exit_code = 3

    def default_text(self) -> str:
        return _("The vault file is damaged or is not a WalletCare vault. Restore your latest backup with “walletcare restore”.")


class InvalidInput(WalletCareError):
    """An input file could not be read or is not valid; nothing was written."""

    exit_code = 4

    def default_text(self) -> str:
        return _("The file could not be read. Nothing was written.")


class FolderProblem(WalletCareError):
    """A file cannot be saved in a folder (missing and cannot be made, no permission, disk full); nothing was
    written. ``folder`` is the folder, ``reason`` why, both shown to the user."""

    exit_code = 4

    def __init__(self, folder: str, reason: str) -> None:
        self.folder, self.reason = folder, reason
        super().__init__(_("The file could not be saved in the folder {folder}: {reason}. Nothing was written; "
                           "choose another folder.").format(folder=folder, reason=reason))


class Refused(WalletCareError):
    """WalletCare refuses to store or export something dangerous (a seed phrase, a private key ...)."""

    exit_code = 4


class Cancelled(WalletCareError):
    """The user cancelled a long job; nothing was changed."""

    exit_code = 2

    def default_text(self) -> str:
        return _("Cancelled. Nothing was changed.")


class DiskFull(WalletCareError):
    """Not enough free disk space for a write; nothing was written."""

    exit_code = 4

    def default_text(self) -> str:
        return _("There is not enough free disk space to save this. Nothing was written; free some space and try again.")


class NotWritable(WalletCareError):
    """The disk or folder cannot be written (read-only disk, no permission); nothing was written."""

    exit_code = 4

    def default_text(self) -> str:
        return _("WalletCare cannot write there: the disk is read-only or you do not have permission to change "
                 "these files. Nothing was written.")


def os_reason(exc: OSError) -> str:
    """Why a file could not be used, in the interface language (the system's own text is English)."""
    import errno

    reasons = {
        errno.ENOENT: _("there is no such file or folder"), errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"), errno.EISDIR: _("it is a folder, not a file"),
        errno.ENOTDIR: _("a part of the path is not a folder"), errno.EEXIST: _("it already exists"),
        errno.ENOSPC: _("the disk is full"), errno.EROFS: _("the disk is read-only"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


def os_storage_error(exc: BaseException) -> WalletCareError | None:
    """``DiskFull`` or ``NotWritable`` when ``exc`` is a full disk (ENOSPC, EDQUOT) or a disk or folder that
    cannot be written (EROFS, EACCES, EPERM); otherwise None. Classified by the error number, never by the text
    of the message; ``evidence.database.storage_error`` adds SQLite's result codes."""
    import errno

    if isinstance(exc, DiskFull | NotWritable):
        return exc
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull()
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return NotWritable()
    return None
