"""User actions on evidence: add a file or a pasted screenshot (hashed and kept as received), change a
caption or the transactions/contacts it is linked to."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walletcare.atomic_files import write_atomic
from walletcare.errors import Refused
from walletcare.i18n import _
from walletcare.ui.display import file_kind_text
from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.ui.tasks import Task


def add_evidence_bytes(store: Store, case_id: int, data: bytes, file_name: str, *, caption: str = "",
                       origin: str = "file", origin_detail: str = "") -> Changes:
    """Stores an original; ``result`` is ``(Evidence, duplicate)``."""
    extra: dict[str, Any] = {"origin_detail": origin_detail} if origin_detail else {}
    evidence, duplicate = store.evidence.add(case_id, data, file_name, caption=caption, origin=origin, **extra)
    note = "" if duplicate else preview_note(store, evidence, file_name)
    return Changes(evidence=True, case_id=case_id, result=(evidence, duplicate), messages=(note,) if note else ())


def preview_note(store: Store, evidence: Any, file_name: str) -> str:
    """What to tell the user about an added item that gets no picture tile (empty when it has one)."""
    if store.evidence.derived(evidence.id, "thumbnail") is not None:
        return ""
    if store.evidence.last_problems.get(evidence.id):  # more pixels than a preview is made for
        return _("“{name}” is a very large image, too large to show here. It is kept byte-exact as it is.").format(
            name=file_name)
    if evidence.mime.startswith("image/"):
        return _("“{name}”: this image cannot be read here, so it has no preview. It is kept byte-exact as it is.").format(
            name=file_name)
    return _("“{name}” is not a picture ({kind}), so it has no preview tile. It is kept byte-exact as it is.").format(
        name=file_name, kind=file_kind_text(evidence.mime, file_name))


def save_evidence_copy(store: Store, evidence_id: int, target: Path) -> Path:
    """Writes the original of one item, byte-exact, to ``target`` (atomically: the whole file or none).

    The copy is outside the vault and not encrypted: it is the user's own file, saved where they chose. An item
    sealed because it shows a recovery phrase or private key is refused (no copy of it ever leaves the vault).

    Raises:
        Refused: the item is sealed.
    """
    reading = store.readings.get(evidence_id)
    if reading is not None and reading.sealed:
        raise Refused(_("This file shows a recovery phrase or private key, so no copy of it can be saved. It stays "
                        "sealed in the vault."))
    write_atomic(target, store.evidence.data(evidence_id))
    return target


def add_evidence_files(store: Store, case_id: int, paths: list[Path], *, task: Task | None = None) -> Changes:
    """Stores each file as an original, all in one transaction (the core's ``add_evidence_files``, as the CLI);
    ``result`` is a list of ``(Evidence, duplicate)``."""
    from walletcare.evidence.evidence_files import add_evidence_files as add_files
    from walletcare.evidence.evidence_files import read_evidence_files

    items = read_evidence_files(paths)
    added = add_files(store, case_id, items, progress=task.report if task is not None else None,
                      cancel=task.cancel_flag if task is not None else None)
    notes = [note for (evidence, duplicate), item in zip(added, items, strict=True)
             if not duplicate and (note := preview_note(store, evidence, item.file_name))]
    return Changes(evidence=True, case_id=case_id, result=added, messages=tuple(notes))


def update_evidence(store: Store, evidence_id: int, case_id: int, *, caption: str | None = None,
                    transactions: tuple[int, ...] | None = None, contacts: tuple[int, ...] | None = None) -> Changes:
    """Changes an item's caption and/or links."""
    current = store.evidence.get(evidence_id)
    changed = current
    if caption is not None:
        changed = replace(changed, caption=caption)
    if transactions is not None:
        changed = replace(changed, linked_transactions=tuple(transactions))
    if contacts is not None:
        changed = replace(changed, linked_contacts=tuple(contacts))
    store.evidence.update(changed)
    return Changes(evidence=True, case_id=case_id)
