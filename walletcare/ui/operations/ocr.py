"""Reading the text of evidence in the background: the next unread item of a case, and saving what was read
(screened for recovery phrases and scam warning signs by ``store.readings.save``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def next_unread(store: Store, case_id: int, skip: frozenset[int] = frozenset()) -> tuple[int, str, str, bytes, int] | None:
    """``(id, file name, type, bytes, items left)`` of the case's oldest unread image or PDF, or None."""
    pending = [i for i in store.readings.pending(case_id) if i not in skip]
    if not pending:
        return None
    item = store.evidence.get(pending[0])
    return item.id, item.file_name, item.mime, store.evidence.data(item.id), len(pending)


def next_to_read(store: Store, prefer: int | None, skip: frozenset[int] = frozenset(), case_id: int | None = None
                 ) -> tuple[int, str, str, bytes, int, int] | None:
    """``(id, file name, type, bytes, items left, case id)`` of the next unread image or PDF of ``case_id`` (None:
    of any case): the oldest of case ``prefer`` first, then the oldest of all."""
    pending = [i for i in store.readings.pending(case_id) if i not in skip]
    if not pending:
        return None
    first = pending[0]
    if prefer is not None and case_id is None:
        first = next((i for i in store.readings.pending(prefer) if i not in skip), first)
    item = store.evidence.get(first)
    return item.id, item.file_name, item.mime, store.evidence.data(item.id), len(pending), item.case_id


def save_reading(store: Store, evidence_id: int, result: Any) -> Changes:
    """Stores what was read from one item; ``result`` of the Changes is its ``Reading``."""
    reading = store.readings.save(evidence_id, result)
    # only a sealed item changes what the evidence grid shows (its thumbnail goes); the text itself is picked up
    # by the reader's ``read`` signal, so the grid is not rebuilt for every screenshot read
    return Changes(evidence=bool(reading.sealed), case_id=reading.case_id, result=reading)


def load_findings(store: Store, case_id: int) -> tuple[list[tuple[int, str, Any]], list[tuple[str, str]]]:
    """What the evidence tab's findings panel shows: the case's sealed items ``(id, file name, reading)``, held
    first, and its pending suggestions ``(id, sentence)`` in the interface language."""
    from walletcare.evidence.facts import FACT_NAMES
    from walletcare.i18n import _
    from walletcare.ui.display import time_text

    sealed = [(r.evidence_id, store.evidence.get(r.evidence_id).file_name, r) for r in store.readings.sealed(case_id)]
    names = {e.id: e.file_name for e in store.evidence.list(case_id)}
    txs = {t.id: t for t in store.transactions.all(case_id)}
    out: list[tuple[str, str]] = []
    for s in store.suggestions.list(case_id):
        what = _(FACT_NAMES[s.fact.kind])
        tx = txs.get(s.transaction_id) if s.transaction_id is not None else None
        if tx is not None:
            text = _("Link “{file}” to transaction #{tx} ({when}, {amount} {currency})? It shows the {what} "
                     "{value}.").format(file=names.get(s.evidence_id, ""), tx=tx.id, when=time_text(tx.time),
                                        amount=abs(tx.amount), currency=tx.currency, what=what, value=s.fact.value)
        else:
            text = _("Label “{file}” with the {what} {value}?").format(file=names.get(s.evidence_id, ""), what=what,
                                                                      value=s.fact.value)
        out.append((s.id, text))
    return sealed, out


def accept_suggestion(store: Store, case_id: int, suggestion_id: str) -> Changes:
    """Applies one suggestion (a link or a label)."""
    found = store.suggestions.accept(case_id, suggestion_id)
    return Changes(evidence=True, transactions=found.transaction_id is not None, case_id=case_id, result=found)


def dismiss_suggestion(store: Store, case_id: int, suggestion_id: str) -> Changes:
    """Stops offering one suggestion."""
    return Changes(evidence=True, case_id=case_id, result=store.suggestions.dismiss(case_id, suggestion_id))


def keep_sealed(store: Store, evidence_id: int) -> Changes:
    """Confirms keeping a held item sealed (never exported)."""
    reading = store.readings.keep_sealed(evidence_id)
    return Changes(evidence=True, case_id=reading.case_id, result=reading)
