"""Replacing ``vault.keys`` together with its audit entry, and settling a replacement a crash interrupted.

A new passphrase or recovery code changes the key file, and the audit trail must record that change exactly
when it happened — never a new key file without its entry, never an entry for a change that did not happen.
A file and a database cannot commit together, so the change is made in three steps:

1. a pending-change record (the new key file, the one it replaces, the audit entry to write) is committed in
   the encrypted database's ``meta`` table;
2. the new ``vault.keys`` replaces the old one atomically (temp file, fsync, rename);
3. the audit entry is written and the record removed, in one transaction.

Every open that may write (``settle_keys``) finds a record left by a crash and finishes the change (the new key
file is in place: step 3) or drops it (the old key file is still in place: nothing happened). A new recovery
code that was never shown is undone even when its key file is in place, since nobody could ever use it. Key
files written before they carried a MAC get one at the first such open (``seal_legacy``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from walletcare.atomic_files import write_atomic
from walletcare.errors import WalletCareError
from walletcare.evidence.database import storage_error
from walletcare.evidence.keys import KEYS_FILE, SEALED_META, KeyFile
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.vault import Vault

PENDING_META = "pending_keys"
PASSPHRASE_OBJECT = "vault:passphrase"
RECOVERY_OBJECT = "vault:recovery-code"
SEAL_OBJECT = "vault:seal-key"


def replace_keys(vault: Vault, new: KeyFile, obj: str, digest: bytes | str, *, action: str = "update") -> None:
    """Puts ``new`` in place of the vault's key file and records ``action`` on ``obj`` in the audit trail, all
    or nothing. ``digest`` is what the audit entry records: bytes to be hashed, or a hex SHA-256.

    Raises:
        DiskFull, NotWritable: the disk is full or cannot be written (the old key file stays in use).
    """
    store, folder = vault.store, vault.folder
    data_key = vault.data_key()
    raw = new.sealed(data_key)
    try:
        previous = (folder / KEYS_FILE).read_text(encoding="utf-8")
    except OSError:
        previous = ""
    record = json.dumps({"keys": raw.decode("utf-8"), "previous": previous, "object": obj,
                         "digest": digest.decode("utf-8") if isinstance(digest, bytes) else digest,
                         "hashed": isinstance(digest, str), "action": action})
    with store.transaction():
        store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (PENDING_META, record))
    try:
        write_atomic(folder / KEYS_FILE, raw)
    except BaseException as exc:
        try:
            with store.transaction():
                store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
        except (WalletCareError, OSError):
            pass  # (the next open drops the record: the old key file is still in place)
        found = storage_error(exc)
        if found is not None and found is not exc:
            raise found from None
        raise
    with store.transaction():
        store.audit.record(action, obj, None, digest)
        store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
    vault.use_keyfile(KeyFile.load(folder))


def settle_keys(vault: Vault) -> list[str]:
    """Finishes or drops a key-file change that a crash interrupted; returns what was done, to tell the user."""
    store, folder = vault.store, vault.folder
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (PENDING_META,)).fetchone()
    if row is None:
        return []
    pending = json.loads(row[0])
    try:
        on_disk = (folder / KEYS_FILE).read_text(encoding="utf-8")
    except OSError:
        on_disk = ""
    replaced = on_disk == pending["keys"]
    recovery = pending["object"] == RECOVERY_OBJECT
    if replaced and recovery and pending.get("previous"):
        # the new recovery code was never shown: put the key file with the old one back
        write_atomic(folder / KEYS_FILE, pending["previous"].encode("utf-8"))
        vault.use_keyfile(KeyFile.load(folder))
        replaced = False
    with store.transaction():
        if replaced:
            digest = pending["digest"] if pending.get("hashed") else pending["digest"].encode("utf-8")
            store.audit.record(pending.get("action", "update"), pending["object"], None, digest,
                               detail="completed when the vault was next opened")
        store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
    if pending["object"] == SEAL_OBJECT:
        return []  # (a seal key not kept is made again at the next export: nothing for the user to do)
    if recovery:
        return [_("A change of the recovery code was interrupted, so it was undone: your previous recovery code "
                  "still works. Run “walletcare passwd --new-recovery-code” again for a new one.")]
    if replaced:
        return [_("A passphrase change was interrupted just before it finished; it has now been completed: the "
                  "new passphrase opens the vault.")]
    return [_("A passphrase change was interrupted, so it was undone: the passphrase you used before still opens "
              "the vault.")]


def seal_legacy(vault: Vault) -> None:
    """Adds the MAC to a key file written before key files carried one, and notes in the vault that its key
    file must have one from now on (best effort: a read-only vault is sealed at a later open)."""
    store = vault.store
    sealed = store.conn.execute("SELECT 1 FROM meta WHERE key = ?", (SEALED_META,)).fetchone() is not None
    if sealed and vault.keyfile.mac:
        return
    try:
        if not vault.keyfile.mac:
            vault.keyfile.save(vault.folder, vault.data_key())
        with store.transaction():
            store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, '1')", (SEALED_META,))
    except (WalletCareError, OSError) as exc:
        if storage_error(exc) is None:
            raise
