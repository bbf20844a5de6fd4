"""Importing a bill or statement export into a case (all rows or none, the original file kept as evidence), or
a chat export as a contact thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walletcare.i18n import _
from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.ui.tasks import Task

if TYPE_CHECKING:
    from walletcare.evidence.chats import ChatImport
    from walletcare.evidence.importers.pipeline import SourceFile


def import_export_file(store: Store, case_id: int, source: Path | SourceFile, *, format: str = "auto",
                       skip_bad_rows: bool = False, mapping: Any = None, save_preset: str = "",
                       other_provider: bool = False, task: Task | None = None) -> Changes:
    """Imports ``source`` (progress and cancel through ``task``); ``result`` is the ImportResult. A
    ``SourceFile`` (``pipeline.read_source``) is imported as it was read for the preview, not read again.

    ``mapping`` is a ``generic.ColumnMapping`` for any other CSV; with ``save_preset`` it is saved under that
    name once the import succeeded (as ``walletcare import --map … --save-preset NAME`` does). An export of
    another provider than the case's raises ``ProviderMismatch`` unless ``other_provider``.
    """
    from walletcare.evidence.importers.pipeline import import_file

    result = import_file(store, case_id, source, format=format, mapping=mapping, skip_bad_rows=skip_bad_rows,
                         other_provider=other_provider,
                         progress=task.report if task is not None else None,
                         cancel=task.cancel_flag if task is not None else None)
    if mapping is not None and save_preset:
        store.presets.save(save_preset, mapping.to_store())
    # bring the private text index up to date while still in the background (not cancelled: the rows are in)
    if task is not None:
        task.stage(_("Indexing the imported rows for search…"))
    store.transactions.index_pending(progress=task.report if task is not None else None)
    return Changes(transactions=True, evidence=True, case_id=case_id, result=result)


@dataclass(frozen=True)
class ChatOutcome:
    """What a chat import stored and what the thread's reader must be told: the zone its times were read in,
    the warnings (cut short, attachments missing) and how many messages show scam warning signs."""

    chat: ChatImport
    zone: str
    warnings: tuple[str, ...]
    flagged: int


def import_chat_file(store: Store, case_id: int, source: SourceFile, app: str, *, folder: Path | None = None,
                     language: str = "zh-CN") -> Changes:
    """Imports a WhatsApp or Telegram export (``app``) as a contact thread of the case, its times read in this
    computer's zone, as ``walletcare import`` does; ``result`` is a ``ChatOutcome``. ``folder`` is where a
    Telegram ``result.json``'s photos and files are read from.

    Raises:
        Refused: a message holds a recovery phrase or private key (nothing is written).
    """
    from walletcare.evidence.importers import chats

    zone_name, zone = chats.system_zone()
    export = chats.read(source.data, app, source.name, zone=zone, folder=folder)
    result = store.chats.import_export(case_id, source.data, source.name, export, origin_detail=source.detail,
                                       file_mtime=source.mtime, zone=zone_name)
    thread = store.chats.thread(result.contact_id, language) if result.contact_id else None
    warnings = tuple(dict.fromkeys([*result.warnings, *(thread.warnings if thread else ())]))
    return Changes(contacts=True, evidence=True, case_id=case_id,
                   result=ChatOutcome(result, zone_name, warnings, len(thread.flags) if thread else 0))
