"""Files written outside the vault together with their audit entry (an exported dossier and its originals zip):
all of them and the entry, or none of them.

1. a pending-output record (each file's final path, temp path and SHA-256, the audit entry) is committed in the
   encrypted database's ``meta`` table before any byte is written outside the vault;
2. each file is written to a temp name in its target folder (``.<name>.<random>.tmp``) and fsynced;
3. the temps are renamed into place, the dossier's PDF last (its presence means the export is complete);
4. the audit entry is written and the record removed, in one transaction.

On any error the temps (and a zip renamed before its PDF) are removed and the record dropped, so a failed export
leaves nothing — above all no plaintext copy of the originals in a stray temp file. After a crash the next open
that may write (``settle_outputs``) finishes the export when every file is in place with its SHA-256, and else
removes whatever part of it was written.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from walletcare.atomic_files import fsync_dir, temp_name
from walletcare.errors import WalletCareError
from walletcare.evidence.database import storage_error
from walletcare.i18n import _

PENDING_META = "pending_outputs"


# what a file holds: its bytes, or a function that writes them into the open temp file (``w+b``: it may read
# back what it wrote), so a large export never has to be held in memory whole
Content = bytes | Callable[[BinaryIO], None]


def _write_temp(path: Path, data: Content) -> None:
    with open(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), "w+b") as fh:
        if isinstance(data, bytes | bytearray | memoryview):
            fh.write(data)
        else:
            data(fh)
        fh.flush()
        os.fsync(fh.fileno())


def _sha256(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _plan(files: Sequence[tuple[Path, Content]]) -> list[dict[str, str]]:
    """Each file's path, temp and SHA-256 ("" for a written one: known once its temp is written)."""
    return [{"path": str(path), "temp": str(temp_name(path)),
             "sha256": hashlib.sha256(data).hexdigest() if isinstance(data, bytes | bytearray | memoryview) else ""}
            for path, data in files]


def _place(plan: list[dict[str, str]], files: Sequence[tuple[Path, Content]],
           before_rename: Callable[[], None] | None = None) -> list[Path]:
    """Writes every temp (filling in the SHA-256 of written ones), calls ``before_rename``, then renames them
    into place in order; undoes all of it on any error."""
    placed: list[Path] = []
    try:
        for item, (_path, data) in zip(plan, files, strict=True):
            _write_temp(Path(item["temp"]), data)
            if not item["sha256"]:
                item["sha256"] = _sha256(Path(item["temp"])) or ""
        if before_rename is not None:
            before_rename()
        for item in plan:
            os.replace(item["temp"], item["path"])
            placed.append(Path(item["path"]))
        for folder in {Path(item["path"]).parent for item in plan}:
            fsync_dir(folder)
    except BaseException:
        _undo(plan, placed)
        raise
    return placed


def _undo(plan: list[dict[str, str]], placed: list[Path]) -> None:
    for item in plan:
        _remove(Path(item["temp"]))
    for path in placed:
        _remove(path)


def _mapped(exc: BaseException) -> BaseException:
    found = storage_error(exc)
    return found if found is not None else exc


def write_files(files: Sequence[tuple[Path, Content]]) -> None:
    """Writes ``files`` all or none (temps in their folders, then renames, the last file last), without a vault.

    Raises:
        DiskFull, NotWritable: the disk is full or cannot be written (nothing is left behind).
    """
    try:
        _place(_plan(files), files)
    except Exception as exc:
        found = _mapped(exc)
        if found is not exc:
            raise found from None
        raise


def write_outputs(store: Any, files: Sequence[tuple[Path, Content]], audit: dict[str, Any]) -> None:
    """Writes ``files`` (the last one is the one whose presence marks completion) and the audit entry
    ``audit`` (``action``, ``object``, ``case_id``, ``digest``, ``detail``), all or nothing.

    Raises:
        DiskFull, NotWritable: the disk is full or cannot be written (nothing is left behind).
    """
    plan = _plan(files)

    def record() -> None:  # (again once written files have their SHA-256, before anything is renamed)
        with store.transaction():
            store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                               (PENDING_META, json.dumps({"files": plan, "audit": audit}, ensure_ascii=False)))

    record()
    placed: list[Path] = []
    try:
        placed = _place(plan, files, record if any(not item["sha256"] for item in plan) else None)
        with store.transaction():
            store.audit.record(audit["action"], audit["object"], audit["case_id"], audit["digest"],
                               detail=audit["detail"])
            store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
    except BaseException as exc:
        _undo(plan, placed)
        try:
            with store.transaction():
                store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
        except (WalletCareError, OSError):
            pass  # (the next open finds the record and removes what is left)
        found = _mapped(exc)
        if found is not exc:
            raise found from None
        raise


def settle_outputs(store: Any) -> list[str]:
    """Finishes or removes an export a crash interrupted; returns what was done, to tell the user."""
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (PENDING_META,)).fetchone()
    if row is None:
        return []
    pending = json.loads(row[0])
    files, audit = pending["files"], pending["audit"]
    for item in files:
        _remove(Path(item["temp"]))
    complete = all(_sha256(Path(item["path"])) == item["sha256"] for item in files)
    if not complete:
        for item in files:
            if _sha256(Path(item["path"])) == item["sha256"]:
                _remove(Path(item["path"]))
    with store.transaction():
        if complete:
            store.audit.record(audit["action"], audit["object"], audit["case_id"], audit["digest"],
                               detail=audit["detail"])
        store.conn.execute("DELETE FROM meta WHERE key = ?", (PENDING_META,))
    names = ", ".join(Path(item["path"]).name for item in files)
    if complete:
        return [_("An export was interrupted just before it finished; it has now been completed: {files}.")
                .format(files=names)]
    return [_("An export was interrupted, so the files it had begun to write were removed: {files}. Nothing else "
              "was changed; export again.").format(files=names)]
