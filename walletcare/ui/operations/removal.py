"""Taking back what was added by mistake: transactions (several at once), an evidence item, a case, or one
import (its rows and its file). Each ``result`` is the ``removal.Removal`` that ``put_back`` reverses until the
vault is locked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from walletcare.evidence import removal
from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.ui.tasks import Task


def _progress(task: Task | None) -> dict[str, Any]:
    return {} if task is None else {"progress": task.report, "cancel": task.cancel_flag}


def remove_transactions(store: Store, ids: list[int], *, task: Task | None = None) -> Changes:
    """Removes the selected transactions in one step."""
    done = removal.remove_transactions(store, ids, **_progress(task))
    return Changes(transactions=True, evidence=True, contacts=bool(done.contacts), case_id=done.case_id, result=done)


def remove_evidence(store: Store, evidence_id: int, *, task: Task | None = None) -> Changes:
    """Removes one evidence item with its copies and links (one quick step: ``task`` is not needed)."""
    done = removal.remove_evidence(store, evidence_id)
    return Changes(evidence=True, case_id=done.case_id, result=done)


def undo_import(store: Store, import_id: int, *, task: Task | None = None) -> Changes:
    """Removes exactly the rows one import stored and its file (progress and cancel through ``task``)."""
    done = removal.undo_import(store, import_id, **_progress(task))
    return Changes(transactions=True, evidence=True, contacts=bool(done.contacts), case_id=done.case_id, result=done)


def remove_case(store: Store, case_id: int, *, task: Task | None = None) -> Changes:
    """Removes a case with everything in it (progress and cancel through ``task``)."""
    done = removal.remove_case(store, case_id, **_progress(task))
    return Changes(cases=True, transactions=True, contacts=True, evidence=True, case_id=case_id, result=done)


def put_back(store: Store, done: removal.Removal) -> Changes:
    """Undoes a removal (the same ids, links and search text come back)."""
    removal.restore(store, done)
    return Changes(cases=True, transactions=True, contacts=True, evidence=True, case_id=done.case_id, result=done)


def what_goes(store: Store, kind: str, item_id: int) -> dict[str, Any]:
    """What a removal would take (for the confirmation): the name, the counts, and whether Undo is offered."""
    conn = store.conn
    if kind == "case":
        case = store.cases.get(item_id)
        counts = {t: int(conn.execute(f"SELECT count(*) FROM {t} WHERE case_id = ?", (item_id,)).fetchone()[0])
                  for t in ("transactions", "evidence", "contacts")}
        return {"name": case.title, **counts, "undoable": removal.can_undo_case(store, item_id)}
    item = store.evidence.get(item_id)
    info = removal.import_info(store, item_id) if item.origin == "import" else None
    rows = info.rows if info is not None else 0
    chat = info is not None and info.format in ("whatsapp", "telegram")
    size = removal.evidence_bytes(store, "id = ?", (item_id,))
    return {"name": item.file_name, "size": item.size, "sha256": item.sha256, "links": len(item.linked_transactions),
            "import": item.origin == "import", "transactions": 0 if chat else rows, "chat": chat,
            "messages": rows if chat else 0, "undoable": size <= removal.UNDO_MAX_BYTES}
