"""The case list: title, provider, status, amount and the next step (the plan's next action, or the
earliest deadline typed in the case, with days left; overdue ones in red, with an icon and the word),
filterable by text and status through a ``QSortFilterProxyModel``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from walletcare.evidence.models import Case, Deadline
from walletcare.i18n import N_, _
from walletcare.ui.display import amount_text, date_text, days_left_text, status_text
from walletcare.ui.models.records import RECORD_ROLE, SORT_ROLE, Column, Index, RecordTableModel
from walletcare.ui.operations.plan import NextStep

NEXT_COLUMN = 4
OVERDUE_COLOR = "#b00020"


def next_deadline(case: Case, today: date | None = None) -> Deadline | None:
    """The earliest deadline not done yet (overdue ones first), or None."""
    pending = [d for d in case.deadlines if not d.done]
    return min(pending, key=lambda d: d.due) if pending else None


def _step_text(step: NextStep) -> str:
    left = days_left_text(step.due) if step.due is not None else ""
    if step.overdue:
        return _("Overdue: {what} · {date} · {left}").format(what=step.what, date=date_text(step.due), left=left)
    return f"{step.what} · {date_text(step.due)} · {left}".strip(" ·")


class CasesModel(RecordTableModel):
    """Rows are ``Case`` records; ``set_next_steps`` adds each case's next step from its plan."""

    def __init__(self) -> None:
        self.steps: dict[int, NextStep] = {}
        super().__init__([
            Column(N_("Title"), lambda c: c.title),
            Column(N_("Provider"), lambda c: c.provider),
            Column(N_("Status"), lambda c: status_text(c.status), lambda c: c.status),
            Column(N_("Amount"), lambda c: amount_text(c.amount, c.currency), lambda c: float(c.amount or 0)),
            Column(N_("Next step"), self._next_text, self._next_key),
        ])

    def set_next_steps(self, steps: dict[int, NextStep]) -> None:
        """Each case's next step by case id (read after the list, from the plans)."""
        self.steps = dict(steps)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, NEXT_COLUMN), self.index(self.rowCount() - 1, NEXT_COLUMN))

    def set_records(self, records: Any) -> None:
        self.steps = {k: v for k, v in self.steps.items() if any(getattr(r, "id", None) == k for r in records)}
        super().set_records(records)

    def step(self, case: Case) -> NextStep | None:
        """The plan's next step of ``case``, unless a deadline typed in the case comes first."""
        step = self.steps.get(case.id)
        due = next_deadline(case)
        if step is not None and step.due is not None and (due is None or step.due <= due.due):
            return step
        if due is not None:
            return NextStep(due.label, due.due, (due.due - date.today()).days, due.due < date.today())
        return step

    def _next_text(self, case: Case) -> str:
        step = self.step(case)
        return _step_text(step) if step is not None else ""

    def _next_key(self, case: Case) -> str:
        step = self.step(case)
        return step.due.isoformat() if step is not None and step.due is not None else "9999"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == NEXT_COLUMN and index.row() < self.rowCount() and role in (
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.DecorationRole):
            step = self.step(self.record(index.row()))
            if step is None or not step.overdue:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(OVERDUE_COLOR))
            from walletcare.ui import icons

            return icons.icon("overdue")
        return super().data(index, role)

    def clear(self) -> None:
        self.steps = {}
        super().clear()


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

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        case = self.sourceModel().index(row, 0, parent).data(RECORD_ROLE)
        if not isinstance(case, Case):
            return True
        if self._status and case.status != self._status:
            return False
        if self._text:
            haystack = " ".join((case.title, case.provider, case.description, case.account)).lower()
            return self._text in haystack
        return True
