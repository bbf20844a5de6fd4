"""What the user did about the plan, kept in the vault (``plan_marks``): submissions to a rung and ticks of
playbook items. Each write joins one transaction with its audit entry; the latest mark of a key wins."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from walletcare.evidence import records
from walletcare.evidence.plan.model import Submission

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def submissions(store: Store, case_id: int) -> dict[str, Submission]:
    """``{rung id: Submission}`` recorded for the case (the latest per rung)."""
    rows = store.conn.execute("SELECT key, at, body FROM plan_marks WHERE case_id = ? AND kind = 'submission' "
                              "ORDER BY id", (case_id,)).fetchall()
    out: dict[str, Submission] = {}
    for key, _at, body in rows:
        data = json.loads(body)
        out[str(key)] = Submission(
            case_id=case_id, rung_id=str(key), channel=str(data.get("channel", "")), ref=str(data.get("ref", "")),
            at=datetime.fromisoformat(data["at"]), evidence_id=data.get("evidence_id"),
            recorded_at=datetime.fromisoformat(data["recorded_at"]) if data.get("recorded_at") else None)
    return out


def ticks(store: Store, case_id: int) -> dict[str, datetime]:
    """``{playbook item id: when it was ticked}`` for the case (an item ticked off again is left out)."""
    rows = store.conn.execute("SELECT key, at, body FROM plan_marks WHERE case_id = ? AND kind = 'tick' ORDER BY id",
                              (case_id,)).fetchall()
    out: dict[str, datetime] = {}
    for key, at, body in rows:
        if json.loads(body).get("ticked", True):
            out[str(key)] = datetime.fromisoformat(at)
        else:
            out.pop(str(key), None)
    return out


def write(store: Store, case_id: int, kind: str, key: str, at: datetime, body: dict[str, Any]) -> None:
    """Appends one mark with its audit entry (call inside ``store.transaction()``)."""
    text = records.canonical(body)
    old = store.conn.execute("SELECT body FROM plan_marks WHERE case_id = ? AND kind = ? AND key = ? "
                             "ORDER BY id DESC LIMIT 1", (case_id, kind, key)).fetchone()
    store.conn.execute("INSERT INTO plan_marks(case_id, kind, key, at, body) VALUES (?, ?, ?, ?, ?)",
                       (case_id, kind, key, at.isoformat(), text))
    store.audit.record(kind, f"plan:{case_id}:{key}", case_id, text.encode("utf-8"), detail=old[0] if old else "")
    store.changed("plan", case_id)
