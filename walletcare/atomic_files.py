"""Atomic file writes: a temporary file in the target's folder, fsync, ``os.replace``, then the folder's
entry flushed — so a crash leaves either the old file or the new one, never half of one. Used for the
vault's key file, settings and exported dossiers."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Flushes a folder's entries (renames) to disk where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def folder_lock(folder: Path, *, wait: bool) -> Iterator[bool]:
    """An exclusive advisory lock on ``folder`` (``flock`` on the folder itself, so no lock file is left
    behind) for operations that rename whole vault folders inside it. Yields whether the lock is held:
    with ``wait=False`` it is not when another process (or another part of this one) holds it. Where the
    system has no ``flock`` the block runs unlocked.
    """
    try:
        import fcntl
    except ImportError:  # (Windows)
        yield True
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def temp_name(path: Path) -> Path:
    """The temporary sibling a write to ``path`` goes through (``.<name>.<random>.tmp``)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, private: bool = True) -> int:
    """Writes ``data`` (bytes, or chunks of bytes) to ``path`` atomically; returns the number of bytes written.

    ``private``: readable by the user alone (0600 where the system has such modes), as key files and settings
    are; otherwise the usual permissions (a dossier is made to be handed on).
    """
    tmp = temp_name(path)
    size = 0
    try:
        mode = 0o600 if private else 0o666  # (the umask applies to both)
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode), "wb") as fh:
            for chunk in [data] if isinstance(data, bytes | bytearray) else data:
                fh.write(chunk)
                size += len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    fsync_dir(path.parent)
    return size
