"""Adding files from disk to a case's evidence, the one flow behind ``walletcare evidence add`` and the window's
"Add files…" and drag and drop: each file is checked against ``MAX_FILE_BYTES`` before it is read, read once,
described by ``file_origin`` (where it was and when it was last changed), and all of them are stored in one
transaction, so an interrupted or failed add leaves the case as it was."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walletcare.errors import Cancelled, InvalidInput, os_reason
from walletcare.evidence.exhibits import NewEvidence
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.models import Evidence
    from walletcare.evidence.transactions import CancelFlag

MAX_FILE_BYTES = 200 * 1024 * 1024  # larger files are refused before they are read
PARALLEL_FROM = 4  # from this many files, image copies are made in worker processes (``EvidenceManager.add_many``)


def file_origin(path: Path, mtime: datetime) -> str:
    """The origin detail of a file from disk: its full path and when it was last changed, in the local zone
    with its offset (no words: the dossier prints it in any language)."""
    return f"{path.resolve()} · {mtime.astimezone().isoformat(timespec='seconds')}"


def read_evidence_file(path: Path, *, caption: str = "", captured_at: datetime | None = None) -> NewEvidence:
    """One file read for ``add_evidence_files``, with its origin and modification time.

    Raises:
        InvalidInput: the file cannot be read, or is more than ``MAX_FILE_BYTES`` (checked before reading).
    """
    path = Path(path).expanduser()
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if status.st_size > MAX_FILE_BYTES:
                raise InvalidInput(_("{name} is larger than 200 MB and was not added.").format(name=path.name))
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(_("Cannot read “{name}”: {error}. Nothing was added.").format(
            name=str(path), error=os_reason(exc))) from None
    if len(data) > MAX_FILE_BYTES:  # (a file that grew while it was read)
        raise InvalidInput(_("{name} is larger than 200 MB and was not added.").format(name=path.name))
    mtime = datetime.fromtimestamp(status.st_mtime).astimezone()
    return NewEvidence(data, path.name, caption=caption, origin="file", origin_detail=file_origin(path, mtime),
                       captured_at=captured_at, file_mtime=mtime)


def read_evidence_files(paths: Sequence[Path | str], *, caption: str = "",
                        captured_at: datetime | None = None) -> list[NewEvidence]:
    """``read_evidence_file`` for each path, in order (the first that cannot be read raises)."""
    return [read_evidence_file(Path(p), caption=caption, captured_at=captured_at) for p in paths]


def add_evidence_files(store: Any, case_id: int, items: Sequence[NewEvidence], *,
                       progress: Callable[[int, int], None] | None = None,
                       cancel: CancelFlag | None = None) -> list[tuple[Evidence, bool]]:
    """Stores the files read by ``read_evidence_files`` in one transaction; returns ``(evidence, duplicate)``
    per file, in order (a duplicate is the item already in the case). Callers may wrap it in their own
    ``store.transaction()`` to commit more with it (the text read from the files, say).

    Raises:
        InvalidInput: a file is empty or a damaged image (nothing is stored).
        Refused: a caption holds a recovery phrase or private key (nothing is stored).
        Cancelled: ``cancel`` was set (nothing is stored).
    """
    with store.transaction():
        if len(items) >= PARALLEL_FROM:
            return list(store.evidence.add_many(case_id, items, progress=progress, cancel=cancel))
        added = []
        for done, item in enumerate(items):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if progress is not None:
                progress(done, len(items))
            added.append(store.evidence.add(case_id, item.data, item.file_name, caption=item.caption,
                                            origin=item.origin, origin_detail=item.origin_detail,
                                            file_mtime=item.file_mtime, captured_at=item.captured_at))
        return added
