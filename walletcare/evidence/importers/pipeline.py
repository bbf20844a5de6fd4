"""One import, all or nothing: the source file's exact bytes as an evidence item, then its new rows.

Everything happens inside one ``store.transaction()``: the file is stored (SHA-256, origin ``import``,
origin detail = original path and modification time), then its rows are read as a stream and stored in
chunks (so a 100,000-row file never sits in memory whole): rows whose ``dedup_key`` is already in the case
are counted as duplicates, the rest are inserted citing the evidence item and their line. Refunds are checked
and held back in the vault's memory (``store.transactions.hold``), then stored last, linked to their
originals (in the same file, or stored by an earlier import). A file
that cannot be read raises ``InvalidInput``; rows that are individually broken abort the import too
(``BadRowsFound``, listing every one of them) unless the caller chose ``skip_bad_rows``; cancelling raises
``Cancelled``. In each of these cases the transaction is rolled back: the vault is as it was. Rows are stored
with the role ``record``; the rows the caller picked (``picking.py``) are marked ``disputed`` before commit.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Hashable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from walletcare.errors import Cancelled, InvalidInput, Refused, os_reason
from walletcare.evidence.evidence_files import file_origin
from walletcare.evidence.importers import limits
from walletcare.evidence.importers.allocation import collector_paused
from walletcare.evidence.importers.detection import count_warning, open_stream, parse_bytes
from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.evidence.importers.linking import RefundLinker
from walletcare.evidence.importers.picking import Pick, apply_pick
from walletcare.evidence.importers.provider_check import check_provider
from walletcare.evidence.importers.records import BadRow, ImportResult, ParsedFile, ParsedRow, ParsedStream
from walletcare.evidence.importers.text import decode
from walletcare.evidence.importers.workbook import is_xlsx
from walletcare.evidence.transactions import DEFAULTS
from walletcare.evidence.transactions.columns import IMPORTED
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

Progress = Callable[[int, int], None]
CHUNK = 5000
PROGRESS_EVERY = 1000  # rows read between two progress reports (duplicates and bad rows count too)
_texts = operator.itemgetter(*(IMPORTED.index(name) for name in
                               ("counterparty", "description", "note", "dedup_key", "src_line", "raw")))

class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool: ...


class BadRowsFound(InvalidInput):
    """Some rows cannot be read and the caller did not choose to skip them; nothing was written."""

    def __init__(self, format: str, variant: str, bad_rows: list[BadRow], warnings: list[str]) -> None:
        self.format, self.variant = format, variant
        self.bad_rows: tuple[BadRow, ...] = tuple(bad_rows)
        self.warnings: tuple[str, ...] = tuple(warnings)
        shown = " ".join(_("line {line}: {reason}").format(line=b.line, reason=b.reason) for b in self.bad_rows[:5])
        more = len(self.bad_rows) - 5
        if more > 0:
            shown += " " + _("(and {count} more)").format(count=more)
        super().__init__(_("{count} rows cannot be read. {rows} Nothing was written; import the other rows with --skip-bad-rows.").format(
            count=len(self.bad_rows), rows=shown))


class SourceFile(NamedTuple):
    """A file read once for import (``read_source``): a preview and the import that follows it use these same
    bytes, so what the user saw is what is stored."""

    data: bytes
    name: str
    detail: str  # the evidence item's origin detail (``evidence_files.file_origin``)
    mtime: datetime | None


def read_source(source: Path | str | bytes | SourceFile, file_name: str | None = None) -> SourceFile:
    """The bytes, file name, origin detail (path and mtime) and mtime of what is being imported (a
    ``SourceFile`` as it is).

    Raises:
        InvalidInput: the file cannot be read.
        TooLarge: the file is more than ``limits.MAX_FILE_BYTES``.
    """
    if isinstance(source, SourceFile):
        return source
    if isinstance(source, bytes | bytearray):
        name = file_name or "import.csv"
        return SourceFile(bytes(source), name, name, None)
    path = Path(source)
    try:
        with path.open("rb") as handle:
            status = os.fstat(handle.fileno())
            limits.check_file_size(status.st_size)  # before reading: a 10 GB file is refused at once
            data = handle.read(limits.MAX_FILE_BYTES + 1)
        limits.check_file_size(len(data))  # (a file that grew while it was read)
        mtime = datetime.fromtimestamp(status.st_mtime, UTC)
    except OSError as exc:
        raise InvalidInput(_("Cannot read {path}: {error}. Nothing was written.").format(path=str(path), error=os_reason(exc))) from None
    return SourceFile(data, file_name or path.name, file_origin(path, mtime), mtime)


def _refuse_false_workbook(data: bytes, name: str) -> None:
    """A file named as an Excel workbook that is neither one nor text (an image or a PDF renamed, say): says
    that, rather than that it is not text. Old ``.xls`` workbooks (OLE2) keep the message they had."""
    if not name.lower().endswith((".xlsx", ".xls")) or is_xlsx(data) or data.startswith(_OLE2):
        return
    try:
        decode(data)
    except InvalidInput:
        raise InvalidInput(_("{file} is not an Excel file, although its name says so: it may be another kind of "
                             "file that was renamed, or it is damaged. Nothing was written.").format(file=name)) from None


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the start of an old .xls workbook


def import_file(
    store: Store,
    case_id: int,
    source: Path | str | bytes | SourceFile,
    *,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    file_name: str | None = None,
    pick: Pick | None = None,
    other_provider: bool = False,
) -> ImportResult:
    """Imports one export file into a case.

    Args:
        store: the unlocked vault's store.
        case_id: the case the transactions belong to.
        source: a path, a ``SourceFile`` already read (the one a preview showed), or the file's bytes (then
            ``file_name`` names it).
        format: ``auto`` (by content) or one of ``records.FORMATS``.
        mapping: a column mapping for the generic CSV importer.
        skip_bad_rows: import the readable rows when some are broken (they are listed in the result).
        progress: ``progress(done, total)`` as rows are read and stored (``total`` is an upper bound until the end).
        cancel: ``cancel.is_set()`` stops the import; nothing is kept.
        file_name: the name to store the evidence under (default: the path's name).
        pick: rows to mark as disputed (``picking.parse_pick``); the others are stored as ``record``.
        other_provider: import an export of another provider than the case's (else ``ProviderMismatch``).

    Returns:
        What was added, skipped as duplicate and rejected, with warnings and the evidence item's id.

    Raises:
        InvalidInput: the file cannot be read or is not a known layout (nothing written).
        BadRowsFound: some rows are broken and ``skip_bad_rows`` is false (nothing written).
        UsageError: an item of ``pick`` matches no row (nothing written).
        ProviderMismatch: the file is an export of another provider than the case's (nothing written).
        Cancelled: ``cancel`` was set (nothing written).
    """
    data, name, detail, mtime = read_source(source, file_name)
    case = store.cases.get(case_id)
    try:
        stream = open_stream(data, format=format, mapping=mapping, own_addresses=case.own_addresses)
    except InvalidInput:
        _refuse_false_workbook(data, name)
        raise
    if not other_provider:
        check_provider(case, stream.format)
    _stop_if(cancel)
    with collector_paused(), store.small_cache(), store.transaction():
        evidence, _duplicate = store.evidence.add(
            case_id, data, name, caption="",  # (no stored text in one language: its origin "import" is shown translated)
            origin="import", origin_detail=detail, file_mtime=mtime)
        del data  # the stream holds the decoded lines; the vault has the bytes
        session = _Session(store, case_id, evidence.id, stream, skip_bad_rows, progress, cancel)
        session.take_all(stream.items)
        session.finish()
        warnings = list(stream.warnings)
        found = count_warning(stream.declared_count, session.rows_seen)
        if found:
            warnings.insert(0, found)
        if session.bad and not skip_bad_rows:
            raise BadRowsFound(stream.format, stream.variant, session.bad, warnings)
        picked = apply_pick(store, case_id, evidence.id, pick) if pick else 0
        _stop_if(cancel)
    return ImportResult(
        format=stream.format, variant=stream.variant, added=session.added, duplicates=session.duplicates,
        rejected=tuple(session.bad), warnings=tuple(warnings), evidence_id=evidence.id,
        refunds_linked=session.linked, picked=picked,
    )


class _Session:
    """The rows of one import on their way into the vault: originals in chunks; refunds checked and held (in
    memory, inside SQLite) until every original has an id, then stored with their links."""

    def __init__(self, store: Store, case_id: int, evidence_id: int, stream: ParsedStream, skip_bad_rows: bool,
                 progress: Progress | None, cancel: CancelFlag | None) -> None:
        self.store, self.case_id, self.evidence_id = store, case_id, evidence_id
        self.skip_bad_rows, self.progress, self.cancel = skip_bad_rows, progress, cancel
        self.total = stream.total_hint
        self.existing = store.transactions.dedup_keys(case_id)
        self.linker = RefundLinker(stream.link_rule, self._details)
        self.pending: list[ParsedRow] = []
        self.refunds: list[ParsedRow] = []
        # per queued row: whether its raw text is its own line of the file (then it cites the stored file)
        self.pending_cited: list[bool] = []
        self.refunds_cited: list[bool] = []
        self.lines = stream.lines
        self.held = store.transactions.hold()
        self.bad: list[BadRow] = []
        self.labels = (("counterparty", _("Payee or payer")), ("description", _("Description")), ("note", _("Note")))
        self.rows_seen = self.added = self.duplicates = self.linked = 0
        # what a stored row holds besides its parsed fields (transactions.add_fields takes every field)
        self.base = {**DEFAULTS, "case_id": case_id, "source_evidence_id": evidence_id, "role": "record"}
        store.transactions.defer_indexes(self.total)

    def take_all(self, items: Iterable[ParsedRow | BadRow]) -> None:
        """Files each row: rejected, duplicate, or queued for the next chunk of originals or of refunds (one pass,
        no method call per row; the rows the parsers built as stored columns are read by position)."""
        store, lines, existing, progress = self.store, self.lines, self.existing, self.progress
        count = len(lines) if lines is not None else 0
        pending, refunds, pending_cited, refunds_cited = self.pending, self.refunds, self.pending_cited, self.refunds_cited
        texts, every = _texts, PROGRESS_EVERY
        for item in items:
            self.rows_seen += 1
            if progress is not None and not self.rows_seen % every:
                progress(self.rows_seen, max(self.total, self.rows_seen))
            if isinstance(item, BadRow):
                self.bad.append(item)
                continue
            stored = item.stored
            if stored is not None:
                party, description, note, key, line, raw = texts(stored)
            else:
                text = item.text
                party, description, note, key, raw = (text("counterparty"), text("description"), text("note"),
                                                      text("dedup_key"), text("raw"))
                line = item.source_line
            clean = store.clean_texts  # texts the store's check passed before (an address repeats on many rows)
            if ((len(party) >= 12 and party not in clean) or (len(description) >= 12 and description not in clean)
                    or (len(note) >= 12 and note not in clean)):  # shorter texts cannot hold a secret
                reason = self._secret(item)
                if reason is not None:
                    self.bad.append(BadRow(line, reason))
                    continue
            if key in existing:
                self.duplicates += 1
                self.linker.add_stored(item, key)  # its id is looked up if a refund needs it
                continue
            cited = lines is not None and 0 < line <= count and lines[line - 1] == raw
            if item.is_refund:
                refunds.append(item)
                refunds_cited.append(cited)
                full = len(refunds) >= CHUNK
            else:
                pending.append(item)
                pending_cited.append(cited)
                full = len(pending) >= CHUNK
            if full:
                self._flush()
                pending, refunds, pending_cited, refunds_cited = (self.pending, self.refunds, self.pending_cited,
                                                                  self.refunds_cited)

    def _storing(self) -> bool:
        """False once a bad row means the import will be rolled back anyway (the rest is only checked)."""
        return self.skip_bad_rows or not self.bad

    def _flush(self) -> None:
        rows, self.pending = self.pending, []
        refunds, self.refunds = self.refunds, []
        rows_cited, self.pending_cited = self.pending_cited, []
        refunds_cited, self.refunds_cited = self.refunds_cited, []
        if not self._storing():
            return
        base = self.base
        if rows:
            if all(r.stored is not None for r in rows):
                ids = self.store.transactions.add_imported([r.stored for r in rows], self.case_id,  # type: ignore[misc]
                                                           self.evidence_id, "record", rows_cited, self.cancel)
            else:
                ids = self.store.transactions.add_fields([r.fields for r in rows], cancel=self.cancel, base=base,
                                                         cited=rows_cited)
            self.linker.add_many(rows, ids)
            self.added += len(rows)
        if refunds:
            first = len(self.held)
            if all(r.stored is not None for r in refunds):
                self.held.add_imported([r.stored for r in refunds], self.case_id,  # type: ignore[misc]
                                       self.evidence_id, "record", refunds_cited)
            else:
                self.held.add([r.fields for r in refunds], base, refunds_cited)
            self.linker.add_many(refunds, [_Held(first + n) for n in range(len(refunds))])
        if self.progress is not None:
            self.progress(self.rows_seen, max(self.total, self.rows_seen))

    def finish(self) -> None:
        """Stores the last chunk, then the held refunds, each linked to its original (stored by this import or
        an earlier one)."""
        self._flush()
        if self._storing():
            pairs = [(refund, original) for refund, original in self.linker.links() if isinstance(refund, _Held)]
            stored = _ids_of(self.store, self.case_id, {o for _r, o in pairs if isinstance(o, str)} & self.existing)
            links = {refund: original if isinstance(original, int | _Held) else stored.get(str(original))
                     for refund, original in pairs}
            ids = self.held.store({r.pos: o for r, o in links.items() if isinstance(o, int)}, cancel=self.cancel)
            self.added += len(ids)
            # a refund of a refund: both were held, so the link is made once both have ids
            later = [(ids[r.pos], ids[o.pos]) for r, o in links.items() if isinstance(o, _Held)]
            self.linked = sum(isinstance(o, int) for o in links.values())
            self.linked += self.store.transactions.link_refunds(self.case_id, later) if later else 0
        if self.progress is not None:
            self.progress(self.rows_seen, self.rows_seen)

    def _details(self, idents: list[Hashable]) -> dict[Hashable, tuple[datetime, Decimal, str, str, str]]:
        """What refunds are matched on, for originals stored by this import (ids) or an earlier one (keys)."""
        keys = {i for i in idents if isinstance(i, str)}
        by_key = _ids_of(self.store, self.case_id, keys) if keys else {}
        ids = [i for i in idents if isinstance(i, int)] + list(by_key.values())
        found: dict[Hashable, tuple[datetime, Decimal, str, str, str]] = {
            tx_id: summary for tx_id, summary in self.store.transactions.summaries(ids).items()}
        for key, tx_id in by_key.items():
            found[key] = found.pop(tx_id)
        return found

    def _secret(self, row: ParsedRow) -> str | None:
        """The vault refuses a seed phrase or private key in any text field (and would refuse the whole chunk);
        this names the row instead, so the user can skip it. Texts that pass are remembered by the store, so
        its own check of the chunk costs a set lookup."""
        for name, label in self.labels:
            try:
                self.store.guard_text(label, row.text(name))  # (short texts return at once)
            except Refused as exc:
                return exc.text()
        return None


class _Held(NamedTuple):
    """The linker's ident of a held refund: its number among the held rows."""

    pos: int


def _ids_of(store: Store, case_id: int, keys: set[str]) -> dict[str, int]:
    """Ids of stored transactions by dedup key (for refunds of rows an earlier import stored)."""
    found: dict[str, int] = {}
    wanted = sorted(keys)
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        marks = ",".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT dedup_key, id FROM transactions WHERE case_id = ? AND dedup_key IN ({marks})", (case_id, *part))
        found.update({str(k): int(i) for k, i in rows})
    return found


def _stop_if(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def preview(source: Path | str | bytes, *, format: str = "auto", mapping: ColumnMapping | None = None,
            own_addresses: tuple[str, ...] = ()) -> ParsedFile:
    """Parses without storing (for a dialog that shows rows and bad rows before the user decides)."""
    data, _name, _detail, _mtime = read_source(source)
    return parse_bytes(data, format=format, mapping=mapping, own_addresses=own_addresses)
