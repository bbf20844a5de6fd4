"""One import, all or nothing: the source file's exact bytes as an evidence item, then its new rows.

Everything happens inside one ``store.transaction()``: the file is stored (SHA-256, origin ``import``,
origin detail = original path and modification time), rows whose ``dedup_key`` is already in the case are
counted as duplicates, the rest are inserted citing the evidence item and their line, and refunds are
linked to their originals (in the same file or stored by an earlier import). A file that cannot be read
raises ``InvalidInput`` before anything is written; rows that are individually broken stop the import too
(``BadRowsFound``, listing them) unless the caller chose ``skip_bad_rows``. Cancelling rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from walletcare.errors import Cancelled, InvalidInput, Refused
from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.evidence.importers.records import BadRow, ImportResult, ParsedFile, ParsedRow
from walletcare.evidence.models import Transaction
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

Progress = Callable[[int, int], None]


class CancelFlag(Protocol):
    """Anything with ``is_set()`` (``threading.Event``)."""

    def is_set(self) -> bool: ...


class BadRowsFound(InvalidInput):
    """Some rows cannot be read and the caller did not choose to skip them; nothing was written."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.bad_rows: tuple[BadRow, ...] = tuple(parsed.bad_rows)
        shown = "; ".join(_("line {line}: {reason}").format(line=b.line, reason=b.reason) for b in self.bad_rows[:5])
        more = len(self.bad_rows) - 5
        if more > 0:
            shown += " " + _("(and {count} more)").format(count=more)
        super().__init__(_("{count} rows cannot be read: {rows}. Nothing was written; import the other rows with --skip-bad-rows.").format(
            count=len(self.bad_rows), rows=shown))


def read_source(source: Path | str | bytes, file_name: str | None = None) -> tuple[bytes, str, str, datetime | None]:
    """The bytes, file name, origin detail (path and mtime) and mtime of what is being imported.

    Raises:
        InvalidInput: the file cannot be read.
    """
    if isinstance(source, bytes | bytearray):
        name = file_name or "import.csv"
        return bytes(source), name, name, None
    path = Path(source)
    try:
        data = path.read_bytes()
        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise InvalidInput(_("Cannot read {path}: {error}. Nothing was written.").format(path=str(path), error=exc.strerror)) from None
    detail = f"{path.resolve()} (modified {mtime.isoformat(timespec='seconds')})"
    return data, file_name or path.name, detail, mtime


def import_file(
    store: Store,
    case_id: int,
    source: Path | str | bytes,
    *,
    format: str = "auto",
    mapping: ColumnMapping | None = None,
    skip_bad_rows: bool = False,
    progress: Progress | None = None,
    cancel: CancelFlag | None = None,
    file_name: str | None = None,
) -> ImportResult:
    """Imports one export file into a case.

    Args:
        store: the unlocked vault's store.
        case_id: the case the transactions belong to.
        source: a path, or the file's bytes (then ``file_name`` names it).
        format: ``auto`` (by content) or one of ``records.FORMATS``.
        mapping: a column mapping for the generic CSV importer.
        skip_bad_rows: import the readable rows when some are broken (they are listed in the result).
        progress: ``progress(done, total)`` while rows are stored.
        cancel: ``cancel.is_set()`` stops the import; nothing is kept.
        file_name: the name to store the evidence under (default: the path's name).

    Returns:
        What was added, skipped as duplicate and rejected, with warnings and the evidence item's id.

    Raises:
        InvalidInput: the file cannot be read or is not a known layout (nothing written).
        BadRowsFound: some rows are broken and ``skip_bad_rows`` is false (nothing written).
        Cancelled: ``cancel`` was set (nothing written).
    """
    data, name, detail, mtime = read_source(source, file_name)
    case = store.cases.get(case_id)
    parsed = parse_bytes(data, format=format, mapping=mapping, own_addresses=case.own_addresses)
    _reject_secrets(store, parsed)
    if parsed.bad_rows and not skip_bad_rows:
        raise BadRowsFound(parsed)
    _stop_if(cancel)
    with store.transaction():
        evidence, _duplicate = store.evidence.add(
            case_id, data, name, caption=_("Imported export ({format})").format(format=parsed.source_format),
            origin="import", origin_detail=detail, captured_at=mtime)
        existing = store.transactions.dedup_keys(case_id)
        fresh = [row for row in parsed.rows if row.dedup_key not in existing]
        linked = _store_rows(store, case_id, evidence.id, fresh, existing, progress, cancel)
        _stop_if(cancel)
    return ImportResult(
        format=parsed.format, variant=parsed.variant, added=len(fresh), duplicates=len(parsed.rows) - len(fresh),
        rejected=tuple(parsed.bad_rows), warnings=tuple(parsed.warnings), evidence_id=evidence.id,
        refunds_linked=linked,
    )


def _store_rows(store: Store, case_id: int, evidence_id: int, fresh: Sequence[ParsedRow], existing: set[str],
                progress: Progress | None, cancel: CancelFlag | None) -> int:
    """Inserts the new rows; refunds whose original is new too go in a second pass with ``refund_of`` set.
    Returns how many refunds were linked."""
    fresh_keys = {row.dedup_key for row in fresh}
    stored_ids = _ids_of(store, case_id, {row.refund_of_key for row in fresh if row.refund_of_key} & existing)
    first: list[Transaction] = []
    first_rows: list[ParsedRow] = []
    later: list[ParsedRow] = []
    linked = 0
    for row in fresh:
        target = row.refund_of_key
        if target and target in fresh_keys and target != row.dedup_key:
            later.append(row)
            continue
        refund_of = stored_ids.get(target) if target else None
        linked += refund_of is not None
        first.append(row.build(case_id, evidence_id, refund_of))
        first_rows.append(row)
    total = len(fresh)

    def first_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, total)

    ids = store.transactions.add_many(first, progress=first_progress, cancel=cancel) if first else []
    new_ids = {row.dedup_key: tx_id for row, tx_id in zip(first_rows, ids, strict=True)}
    pending: list[tuple[int, str]] = []
    second: list[Transaction] = []
    for row in later:
        target = row.refund_of_key or ""
        refund_of = new_ids.get(target)
        second.append(row.build(case_id, evidence_id, refund_of))
        if refund_of is None:
            pending.append((len(second) - 1, target))  # a refund of a refund: linked once both exist
        linked += refund_of is not None

    def second_progress(done: int, _total: int) -> None:
        if progress is not None:
            progress(len(first) + done, total)

    later_ids = store.transactions.add_many(second, progress=second_progress, cancel=cancel) if second else []
    new_ids.update({row.dedup_key: tx_id for row, tx_id in zip(later, later_ids, strict=True)})
    for position, target in pending:
        if target in new_ids:
            store.transactions.link_refund(later_ids[position], new_ids[target])
            linked += 1
    return linked


def _ids_of(store: Store, case_id: int, keys: set[str]) -> dict[str, int]:
    """Ids of stored transactions by dedup key (for refunds of rows an earlier import stored)."""
    if not keys:
        return {}
    found: dict[str, int] = {}
    wanted = sorted(keys)
    for start in range(0, len(wanted), 500):
        part = wanted[start:start + 500]
        marks = ",".join("?" * len(part))
        rows = store.conn.execute(
            f"SELECT dedup_key, id FROM transactions WHERE case_id = ? AND dedup_key IN ({marks})", (case_id, *part))
        found.update({str(k): int(i) for k, i in rows})
    return found


def _reject_secrets(store: Store, parsed: ParsedFile) -> None:
    """Moves rows whose text looks like a seed phrase or private key to the bad rows (the vault would refuse
    the whole batch; this names the line instead)."""
    clean: list[ParsedRow] = []
    checked: set[str] = set()
    for row in parsed.rows:
        reason = None
        for name, label in (("counterparty", _("Payee or payer")), ("description", _("Description")), ("note", _("Note"))):
            value = row.fields.get(name) or ""
            if len(value) < 12 or value in checked:
                continue
            try:
                store.guard_text(label, value)
            except Refused as exc:
                reason = exc.text()
                break
            checked.add(value)
        if reason is None:
            clean.append(row)
        else:
            parsed.bad_rows.append(BadRow(int(row.fields.get("source_line") or 0), reason))
    if len(clean) != len(parsed.rows):
        parsed.rows = clean
        parsed.bad_rows.sort(key=lambda bad: bad.line)


def _stop_if(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def preview(source: Path | str | bytes, *, format: str = "auto", mapping: ColumnMapping | None = None) -> ParsedFile:
    """Parses without storing (for a dialog that shows rows and bad rows before the user decides)."""
    data, _name, _detail, _mtime = read_source(source)
    return parse_bytes(data, format=format, mapping=mapping)
