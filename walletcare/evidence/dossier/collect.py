"""Gathering one case from the vault into a ``DossierData`` (the only part of the dossier that reads the store).

Reads run on the caller's thread (the store's connection is not shared). Print copies come from the vault
(``store.evidence.derived(id, "print")``); for an image that has none, one is made in memory on a small
thread pool (Pillow releases the GIL while decoding and encoding), never written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from walletcare.errors import Cancelled
from walletcare.evidence.dossier.data import CancelFlag, DossierData, ExhibitData, ProgressFn, Statement
from walletcare.evidence.dossier.images import IMAGE_MIMES, TALL, jpeg_size, make_print_jpeg

PRINT_WORKERS = 2
CHUNK = 8  # originals held in memory at once while print copies are made


def collect(store: Any, case_id: int, *, originals: bool = True, full_statements: bool = False,
            progress: ProgressFn | None = None, cancel: CancelFlag | None = None) -> DossierData:
    """A case with its transactions, contacts, evidence (original and print bytes) and the audit head (the latest
    entry before any export record, so exporting again with the same options and time gives the same PDF).

    Args:
        store: The vault's ``Store`` (``vault.store``).
        case_id: The case to export.
        originals: Whether the originals will be embedded or zipped: each exhibit then gets a ``load`` that
            reads its original when it is written, so they are never all in memory. An original is read here
            only when a print copy must be made from it, or a PDF or long screenshot is printed from it.
        full_statements: Read every transaction; by default only the disputed and context ones (an imported
            statement is then summarised in one line per file).
        progress: Called with ``(done, total)`` per evidence item.
        cancel: Checked between items; raises ``Cancelled`` when set.

    Raises:
        UsageError: There is no case with that id.
    """
    records = gather(store, case_id, full_statements=full_statements)
    evidence = [ex.evidence for ex in records.exhibits]
    items: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    pool = ThreadPoolExecutor(max_workers=PRINT_WORKERS)
    try:
        for done, ev in enumerate(evidence, 1):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            item = _read(store, ev, originals)
            items.append(item)
            if item["make"]:
                pending.append(item)
            if len(pending) >= CHUNK:
                _make_print_copies(pool, pending)
                pending = []
            if progress is not None:
                progress(done, len(evidence))
        _make_print_copies(pool, pending)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    exhibits = tuple(
        ExhibitData(evidence=i["evidence"], original=i["original"], print_jpeg=i["jpeg"], print_size=i["size"],
                    reading=i["reading"], reading_lines=i["lines"], load=i["load"])
        for i in items
    )
    return replace(records, exhibits=exhibits, audit_head=store.audit.head(skip_action="export"))


def gather(store: Any, case_id: int, *, full_statements: bool = False) -> DossierData:
    """A case's records without any file's contents: the transactions (the disputed and context ones, or all
    with ``full_statements``), statements, contacts with their chat messages, plan marks, and each evidence
    item's record alone (no original, no print copy, no reading) and no audit head. Enough to know which
    sections the dossier prints (``outline.case_outline``); ``collect`` adds the rest.

    Raises:
        UsageError: There is no case with that id.
    """
    case = store.cases.get(case_id)
    if full_statements:
        txs = store.transactions.all(case_id)
    else:
        txs = store.transactions.with_roles(case_id, ("disputed", "context"))
    return _with_records(store, case, txs, messages=True)


def _with_records(store: Any, case: Any, txs: Iterable[Any], *, messages: bool) -> DossierData:
    """The case with ``txs`` and its other records in dossier order (statements, contacts, evidence records,
    plan marks, and the chat messages of its chats when ``messages``)."""
    import walletcare.evidence.plan.marks as marks

    statements = tuple(Statement(*row) for row in store.transactions.sources(case.id))
    contacts = sorted(store.contacts.list(case.id), key=lambda c: (c.at, c.id))
    evidence = sorted(store.evidence.list(case.id), key=lambda e: (e.added_at, e.id))
    submissions = tuple(sorted(marks.submissions(store, case.id).values(), key=lambda s: (s.at, s.rung_id)))
    ticks = tuple(sorted(marks.ticks(store, case.id).items(), key=lambda item: (item[1], item[0])))
    threads = ((c.id, tuple(store.chats.messages(c.id))) for c in contacts if messages and c.kind == "chat")
    return DossierData(case=case, transactions=tuple(sorted(txs, key=lambda t: (t.time, t.id))),
                       contacts=tuple(contacts), exhibits=tuple(ExhibitData(evidence=ev) for ev in evidence),
                       statements=statements, submissions=submissions, ticks=ticks,
                       messages=tuple(m for m in threads if m[1]))


def gather_light(store: Any, case_id: int, *, full_statements: bool = False) -> tuple[DossierData, frozenset[str]]:
    """What ``outline.case_outline`` needs of a case, quickly: ``gather``'s records, but the transactions
    counted per role in SQL, and those the deadlines are computed from (the same rows) read without
    re-deriving an imported row's raw line from its file. Returns the records and the roles of the rows
    ``gather`` would have read (``outline``'s ``roles_present``): the same outline as ``gather``'s, in a fraction of
    the time on a case with a large imported statement.

    Raises:
        UsageError: There is no case with that id.
    """
    import walletcare.evidence.transactions.columns as columns
    from walletcare.evidence.transactions.codec import load

    case = store.cases.get(case_id)
    counts = store.transactions.role_counts(case_id)
    wanted = set(counts) if full_statements else {"disputed", "context"}
    roles = frozenset(role for role in wanted if counts.get(role))
    # The deadlines are computed from the rows gathered (``deadlines.plan_of``, ``dispute.payment_day``): from
    # the disputed ones when there are any, and from the first day of all of them when none is a payment. So
    # the disputed and context rows are read; of a statement's rows (the full statements asked for) only the
    # earliest in its own time zone while some row is disputed, else every one.
    read = roles & {"disputed", "context"}
    where = f"case_id = ? AND role IN ({','.join('?' * len(read))})"
    queries = [(where, (case_id, *sorted(read)))] if read else []
    if roles - read:
        every = (f"case_id = ? AND role IN ({','.join('?' * len(roles))})", (case_id, *sorted(roles)))
        queries = [(f"id = (SELECT id FROM transactions WHERE {every[0]} ORDER BY t + tz, id LIMIT 1)", every[1]),
                   *queries] if counts.get("disputed") else [every]
    raw = columns.SELECT_NAMES.index("raw")
    found: dict[int, Any] = {}
    for sql, params in queries:
        for row in store.conn.execute(f"{columns.SELECT} WHERE {sql}", params):
            found[row[0]] = load((*row[:raw], "", *row[raw + 1:]))  # (a raw line is never needed here)
    return _with_records(store, case, found.values(), messages=False), roles


def _read(store: Any, ev: Any, originals: bool) -> dict[str, Any]:
    """One evidence item's print copy (from the vault) and, when needed, its original bytes."""
    found = store.evidence.derived(ev.id, "print")
    jpeg = found[1] if found else None
    size = (found[0].width, found[0].height) if found else None
    if jpeg is not None and (size is None or not all(size)):
        size = jpeg_size(jpeg)
    needs_copy = jpeg is None and ev.mime in IMAGE_MIMES
    # a PDF is printed as page images and a long screenshot in parts: both are made from the original
    tall = size is not None and size[1] > TALL * size[0]
    printed_from_original = ev.mime == "application/pdf" or tall
    # an original only embedded or zipped is read when it is written, one at a time (``ExhibitData.load``)
    original = store.evidence.data(ev.id) if needs_copy or printed_from_original else None
    reading = store.readings.get(ev.id)
    text, lines = ("", ()) if reading is None or reading.sealed else (reading.text, reading.lines)
    return {"evidence": ev, "original": original, "jpeg": jpeg, "size": size, "make": needs_copy,
            "keep": printed_from_original, "reading": text, "lines": lines,
            "load": (lambda: store.evidence.data(ev.id)) if originals else None}


def _make_print_copies(pool: ThreadPoolExecutor, todo: list[dict[str, Any]]) -> None:
    """Makes the missing print copies of a few items at once, then lets go of originals not kept."""
    if not todo:
        return
    for item, made in zip(todo, pool.map(lambda i: make_print_jpeg(i["original"]), todo), strict=True):
        if made is not None:
            item["jpeg"], item["size"] = made
        if made is not None and made[1][1] > TALL * made[1][0]:
            item["keep"] = True
        if not item["keep"]:  # (read again when written: ``load``)
            item["original"] = None
