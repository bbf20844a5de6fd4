"""Reading the text of evidence in the background: the next unread item of a case, and saving what was read
(screened for recovery phrases and scam warning signs by ``store.readings.save``)."""

from __future__ import annotations

from typing import Any

from walletcare.ui.operations import Changes


def next_unread(store: Any, case_id: int, skip: frozenset[int] = frozenset()) -> tuple[int, str, str, bytes, int] | None:
    """``(id, file name, type, bytes, items left)`` of the case's oldest unread image or PDF, or None."""
    pending = [i for i in store.readings.pending(case_id) if i not in skip]
    if not pending:
        return None
    item = store.evidence.get(pending[0])
    return item.id, item.file_name, item.mime, store.evidence.data(item.id), len(pending)


def save_reading(store: Any, evidence_id: int, result: Any) -> Changes:
    """Stores what was read from one item; ``result`` of the Changes is its ``Reading``."""
    reading = store.readings.save(evidence_id, result)
    return Changes(evidence=True, case_id=reading.case_id, result=reading)
