"""The case list: title, provider, status, amount and next deadline (with days left), filterable by text
and status through a ``QSortFilterProxyModel``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from walletcare.evidence.models import Case, Deadline
from walletcare.i18n import N_
from walletcare.ui.display import amount_text, date_text, days_left_text, status_text
from walletcare.ui.models.records import RECORD_ROLE, SORT_ROLE, Column, RecordTableModel


def next_deadline(case: Case, today: date | None = None) -> Deadline | None:
    """The earliest deadline not done yet (overdue ones first), or None."""
    pending = [d for d in case.deadlines if not d.done]
    return min(pending, key=lambda d: d.due) if pending else None


def _deadline_text(case: Case) -> str:
    due = next_deadline(case)
    if due is None:
        return ""
    return f"{date_text(due.due)} · {days_left_text(due.due)} · {due.label}".strip(" ·")


def _deadline_key(case: Case) -> str:
    due = next_deadline(case)
    return due.due.isoformat() if due else "9999"


class CasesModel(RecordTableModel):
    """Rows are ``Case`` records."""

    def __init__(self) -> None:
        super().__init__([
            Column(N_("Title"), lambda c: c.title),
            Column(N_("Provider"), lambda c: c.provider),
            Column(N_("Status"), lambda c: status_text(c.status), lambda c: c.status),
            Column(N_("Amount"), lambda c: amount_text(c.amount, c.currency), lambda c: float(c.amount or 0)),
            Column(N_("Next deadline"), _deadline_text, _deadline_key),
        ])


class CaseFilter(QSortFilterProxyModel):
    """Filters cases by free text (title, provider, description) and by status ("" for all)."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self._status = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        """Keeps cases whose title, provider or description contain ``text`` (case-insensitive)."""
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str) -> None:
        """Keeps cases with this status ("" keeps all)."""
        self.beginFilterChange()
        self._status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        case = self.sourceModel().index(row, 0, parent).data(RECORD_ROLE)
        if not isinstance(case, Case):
            return True
        if self._status and case.status != self._status:
            return False
        if self._text:
            haystack = " ".join((case.title, case.provider, case.description, case.account)).lower()
            return self._text in haystack
        return True
