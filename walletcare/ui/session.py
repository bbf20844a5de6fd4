"""The open vault as the window sees it: opening, creating, locking and unlocking, every store call routed
to the single vault thread, and the one ``store_changed`` signal views listen to. The session holds no
vault data itself; the passphrase is passed as a ``bytearray`` and wiped after use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from walletcare.ui.operations import Changes
from walletcare.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.evidence.vault import Vault

Callback = Callable[[Any], object]


def wipe(secret: bytearray) -> None:
    """Overwrites a passphrase buffer in place."""
    for i in range(len(secret)):
        secret[i] = 0


class VaultSession(QObject):
    """One vault folder: state (``absent`` / ``locked`` / ``unlocked``) and the calls that reach its store."""

    store_changed = Signal(object)
    state_changed = Signal(str)

    def __init__(self, folder: Path, runner: TaskRunner, *, kdf_seconds: float = 0.5) -> None:
        super().__init__()
        self.folder = folder
        self.runner = runner
        self.kdf_seconds = kdf_seconds
        self._vault: Vault | None = None
        self._unlocked = False
        # what was settled after a crash (an interrupted restore, key change or export), to show the user
        self.notices: list[str] = []

    @property
    def state(self) -> str:
        """``unlocked``, ``locked`` (a vault exists here) or ``absent`` (no vault yet)."""
        if self._unlocked:
            return "unlocked"
        return "locked" if self.exists() else "absent"

    @property
    def unlocked(self) -> bool:
        """Whether the store can be reached now."""
        return self._unlocked

    def exists(self) -> bool:
        """Whether the folder holds a vault (its key file), once a restore a crash interrupted is settled
        (between its two renames the vault sits aside, and the window would offer to create a new one)."""
        from walletcare.evidence.backup import settle_restore

        self.notices += settle_restore(self.folder)
        return (self.folder / "vault.keys").exists()

    def create(self, passphrase: bytearray, on_done: Callback, on_error: Callback) -> Task:
        """Creates the vault on the vault thread; ``on_done`` receives the recovery code (shown once)."""

        def job(_task: Task) -> str:
            from walletcare.evidence.vault import Vault

            try:
                vault, code = Vault.create(self.folder, passphrase, kdf_seconds=self.kdf_seconds)
            finally:
                wipe(passphrase)
            self._vault = vault
            return str(code)

        return self.runner.vault(job, lambda code: self._opened(on_done, code), on_error, label="")

    def open(self, passphrase: bytearray, on_done: Callback, on_error: Callback) -> Task:
        """Unlocks with the passphrase (opening the vault on the vault thread the first time)."""

        def job(_task: Task) -> None:
            from walletcare.evidence.vault import Vault

            try:
                if self._vault is None:
                    self._vault = Vault.open(self.folder, passphrase)
                else:
                    self._vault.unlock(passphrase)
            finally:
                wipe(passphrase)

        return self.runner.vault(job, lambda v: self._opened(on_done, v), on_error, label="")

    def open_with_recovery_code(self, code: str, on_done: Callback, on_error: Callback) -> Task:
        """Opens with the recovery code (the "forgot passphrase" path); the caller then sets a new passphrase."""

        def job(_task: Task) -> None:
            from walletcare.evidence.vault import Vault

            if self._vault is not None:
                self._close_now()
            self._vault = Vault.open_with_recovery_code(self.folder, code.strip())

        return self.runner.vault(job, lambda v: self._opened(on_done, v), on_error, label="")

    def _opened(self, on_done: Callback, value: Any) -> None:
        if self._vault is not None:
            self.notices += [n for n in self._vault.notices if n not in self.notices]
        self._unlocked = True
        self.state_changed.emit("unlocked")
        on_done(value)

    def lock(self, drafts: dict[str, dict[str, Any]] | None = None, on_kept: Callback | None = None,
             on_error: Callback | None = None) -> None:
        """Locks now: views drop their data at once (state signal), the key is dropped on the vault thread.

        ``drafts`` (unsaved editor input by key) are written into the vault first, in the same job;
        ``on_kept`` / ``on_error`` tell whether that worked (the vault locks either way).
        """
        if not self._unlocked:
            return
        self._unlocked = False
        self.state_changed.emit("locked")
        vault = self._vault

        def job(_task: Task) -> None:
            if vault is None:
                return
            try:
                if drafts:
                    vault.store.drafts.save_all(drafts)
            finally:
                vault.lock()

        self.runner.vault(job, on_kept, on_error, label="")

    def close(self, drafts: dict[str, dict[str, Any]] | None = None) -> None:
        """Locks and closes the vault (window closing), writing ``drafts`` into it first when it is unlocked."""
        was_unlocked, self._unlocked = self._unlocked, False

        def job(_task: Task) -> None:
            try:
                if drafts and was_unlocked and self._vault is not None:
                    self._vault.store.drafts.save_all(drafts)
            finally:
                self._close_now()

        if self._vault is not None:
            self.runner.vault(job, None, None, label="")

    def _close_now(self) -> None:
        vault, self._vault = self._vault, None
        if vault is None:
            return
        closer = getattr(vault, "close", None) or getattr(vault, "lock", None)
        if closer is not None:
            closer()

    def read(self, fn: Callable[[Store], Any], on_done: Callback, on_error: Callback | None = None) -> Task:
        """Runs a query ``fn(store)`` on the vault thread; ``on_done`` gets its value on the GUI thread."""
        return self.runner.vault(lambda _t: fn(self._store()), self._if_unlocked(on_done), on_error, label="")

    def run(self, operation: Callable[..., Changes], *args: Any, on_done: Callback | None = None,
            on_error: Callback | None = None, with_task: bool = False, label: str = "", **kwargs: Any) -> Task:
        """Runs an ``operations`` function on the vault thread and announces its ``Changes``.

        Args:
            operation: ``fn(store, *args, **kwargs) -> Changes`` (plus ``task=`` when ``with_task``).
            on_done: called with the Changes after ``store_changed`` was emitted.
            on_error: called with the exception (a ``WalletCareError`` carries ``.text()``).
            with_task: pass the Task as ``task=`` (progress and cancel for long jobs).
            label: shown in the status bar while it runs.
        """

        def job(task: Task) -> Changes:
            if with_task:
                return operation(self._store(), *args, task=task, **kwargs)
            return operation(self._store(), *args, **kwargs)

        def finished(changes: Changes) -> None:
            self.store_changed.emit(changes)
            if on_done is not None:
                on_done(changes)

        return self.runner.vault(job, finished, on_error, label=label)

    def with_vault(self, fn: Callable[[Vault, Task], Any], on_done: Callback, on_error: Callback | None = None,
                   *, label: str = "") -> Task:
        """Runs ``fn(vault, task)`` on the vault thread (backups, passphrase changes, export)."""

        def job(task: Task) -> Any:
            return fn(self._require_unlocked(), task)

        return self.runner.vault(job, on_done, on_error, label=label)

    def with_vault_stages(self, stages: Sequence[tuple[str, Callable[..., Any]]], on_done: Callback,
                          on_error: Callback | None = None, *, label: str = "") -> Task:
        """Runs ``stages`` as one job (``TaskRunner.pipeline``): a ``("vault", fn)`` stage runs
        ``fn(vault, task, value)`` on the vault thread, a ``("cpu", fn)`` stage ``fn(task, value)`` on the CPU
        pool, each given the result of the one before."""

        def on_vault(fn: Callable[..., Any]) -> Callable[[Task, Any], Any]:
            def job(task: Task, value: Any) -> Any:
                return fn(self._require_unlocked(), task, value)

            return job

        return self.runner.pipeline([(kind, on_vault(fn) if kind == "vault" else fn) for kind, fn in stages],
                                    on_done, on_error, label=label)

    def _require_unlocked(self) -> Vault:
        """On the vault thread: the vault itself must be open. A job queued before a lock or close still runs
        (the lock or close job comes after it), so a change the user saved just before is not lost."""
        from walletcare.errors import VaultLocked

        if self._vault is None or self._vault.is_locked:
            raise VaultLocked()
        return self._vault

    def _store(self) -> Store:
        return self._require_unlocked().store

    def _if_unlocked(self, callback: Callback) -> Callback:
        """Drops results that arrive after the vault was locked (nothing shows once locked)."""

        def guarded(value: Any) -> None:
            if self._unlocked:
                callback(value)

        return guarded
