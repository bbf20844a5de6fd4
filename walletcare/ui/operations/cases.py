"""User actions on cases: open a new case, save its fields, delete it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from walletcare.evidence.models import Case
from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def _id_of(value: Any) -> int:
    return int(getattr(value, "id", value))


def add_case(store: Store, case: Case) -> Changes:
    """Stores a new case; ``result`` is its id."""
    new_id = _id_of(store.cases.add(case))
    return Changes(cases=True, case_id=new_id, result=new_id)


def update_case(store: Store, case: Case) -> Changes:
    """Saves every field of an existing case."""
    store.cases.update(case)
    return Changes(cases=True, case_id=case.id)


def delete_case(store: Store, case_id: int) -> Changes:
    """Deletes a case and everything in it."""
    store.cases.delete(case_id)
    return Changes(cases=True, transactions=True, contacts=True, evidence=True, case_id=case_id)
