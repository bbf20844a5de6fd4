"""The transaction table of one case, built for 100,000 rows: the row count comes from the store, rows are
loaded in pages of 200 on the vault thread when a view first asks for them (``data()`` never queries; it
returns a placeholder and schedules the page), at most ``MAX_PAGES`` pages are kept, and sorting and
searching are done by the store so the order is right across all pages."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal

from walletcare.evidence.models import TX_ROLE_NAMES, Transaction
from walletcare.i18n import N_, _
from walletcare.ui.display import amount_text, direction_text, time_text
from walletcare.ui.models.records import RECORD_ROLE
from walletcare.ui.session import VaultSession

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
MAX_PAGES = 60
PLACEHOLDER = "…"
SORTABLE = ("time", "amount", "status", "counterparty")
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
                    RECORD_ROLE})


class Row(NamedTuple):
    """A loaded transaction with its cell texts, formatted on the vault thread."""

    tx: Transaction
    texts: tuple[str, ...]


def _reference(tx: Transaction) -> str:
    return tx.references[0].value if tx.references else ""


# (store sort key, header msgid, text getter)
COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("time", N_("Time"), lambda t: time_text(t.time)),
    ("amount", N_("Amount"), lambda t: amount_text(t.amount, t.currency)),
    ("direction", N_("Direction"), lambda t: direction_text(t.direction)),
    ("counterparty", N_("Counterparty"), lambda t: t.counterparty),
    ("status", N_("Status"), lambda t: t.status),
    ("reference", N_("Order no."), _reference),
    ("description", N_("Description"), lambda t: t.description),
    ("role", N_("Role"), lambda t: _(TX_ROLE_NAMES.get(t.role, t.role))),  # last: the indexes above stay put
)


@dataclass(frozen=True)
class TxQuery:
    """What the table shows: the case, a search text, filters and the sort."""

    case_id: int
    text: str = ""
    status: str = ""
    direction: str = ""
    currency: str = ""
    sort: str = "time"
    descending: bool = True

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``store.transactions.count``/``page``."""
        return {"text": self.text or None, "status": self.status or None,
                "direction": self.direction or None, "currency": self.currency or None}


class TransactionsModel(QAbstractTableModel):
    """Windowed cache over ``store.transactions``; ``loaded`` fires when the count arrives."""

    loaded = Signal(int)

    def __init__(self, session: VaultSession) -> None:
        super().__init__()
        self.session = session
        self.query: TxQuery | None = None
        self._count = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._wanted: set[int] = set()
        self._in_flight: set[int] = set()
        self._generation = 0
        self._serial = 0
        self._dispatch = QTimer(self)
        self._dispatch.setSingleShot(True)
        self._dispatch.setInterval(0)
        self._dispatch.timeout.connect(self._fetch_wanted)

    def set_query(self, query: TxQuery | None) -> None:
        """Shows another case, search or sort; reloads the count and drops the cache."""
        self.query = query
        self.reload()

    def reload(self) -> None:
        """Re-reads the row count and starts over (after a store change)."""
        self._generation += 1
        generation = self._generation
        query = self.query
        if query is None or not self.session.unlocked:
            self._reset(0)
            return
        self.session.read(lambda store: store.transactions.count(query.case_id, **query.filters()),
                          lambda n: self._count_loaded(generation, n))

    def clear(self) -> None:
        """Drops everything (vault locked)."""
        self.query = None
        self._generation += 1
        self._reset(0)

    def _reset(self, count: int) -> None:
        self.beginResetModel()
        self._count = count
        self._pages.clear()
        self._wanted.clear()
        self._in_flight.clear()
        self.endResetModel()

    def _count_loaded(self, generation: int, count: int) -> None:
        if generation != self._generation:
            return
        self._reset(int(count))
        self.loaded.emit(self._count)

    def _want(self, page: int) -> None:
        if page not in self._in_flight:
            self._wanted.add(page)
            if not self._dispatch.isActive():
                self._dispatch.start()

    def _fetch_wanted(self) -> None:
        query, generation = self.query, self._generation
        if query is None or not self.session.unlocked or not self._wanted:
            return
        wanted = sorted(self._wanted)
        # Neighbours of what is on screen come along, so the next page-down is already cached.
        ahead = {p for page in wanted for p in (page - 1, page + 1)
                 if 0 <= p * PAGE < self._count and p not in self._pages and p not in self._in_flight}
        self._in_flight.update(wanted)
        self._in_flight.update(ahead)
        self._wanted.clear()
        self._serial += 1
        serial = self._serial
        for pages, optional in ((wanted, False), (sorted(ahead - set(wanted)), True)):  # on-screen pages first
            if not pages:
                continue

            def load(store: Store, pages: list[int] = pages, optional: bool = optional) -> list[tuple[int, list[Row]]]:
                if optional and serial != self._serial:
                    return [(page, []) for page in pages]  # the view moved on: skip the prefetch
                return [(page, [Row(tx, tuple(column[2](tx) for column in COLUMNS))  # formatted here, off the GUI thread
                                for tx in store.transactions.page(query.case_id, offset=page * PAGE, limit=PAGE,
                                                                  sort=query.sort, descending=query.descending,
                                                                  **query.filters())])
                        for page in pages]

            self.session.read(load, lambda loaded: self._pages_loaded(generation, loaded))

    def _pages_loaded(self, generation: int, loaded: list[tuple[int, list[Row]]]) -> None:
        for page, rows in loaded:
            if rows or page * PAGE >= self._count:
                self._page_loaded(generation, page, rows)
            else:
                self._in_flight.discard(page)  # a skipped prefetch: asked again when it comes into view

    def _page_loaded(self, generation: int, page: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(page)
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE
        last = min(self._count, first + PAGE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _row(self, row: int) -> Row | None:
        if not 0 <= row < self._count:
            return None
        rows = self._pages.get(row // PAGE)
        if rows is None:
            self._want(row // PAGE)
            return None
        self._pages.move_to_end(row // PAGE)
        offset = row % PAGE
        return rows[offset] if offset < len(rows) else None

    def transaction(self, row: int) -> Transaction | None:
        """The transaction at ``row`` if its page is loaded (else None and the page is requested)."""
        found = self._row(row)
        return found.tx if found is not None else None

    @property
    def cached_pages(self) -> int:
        """How many pages are held (for tests and benchmarks)."""
        return len(self._pages)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or index.row() >= self._count:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if COLUMNS[index.column()][0] == "amount":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        found = self._row(index.row())
        if role == RECORD_ROLE:
            return found.tx if found is not None else None
        if found is None:
            return PLACEHOLDER
        return found.texts[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._count:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts in the store by the column's key (the whole table, not only loaded pages)."""
        if self.query is None or not 0 <= column < len(COLUMNS) or COLUMNS[column][0] not in SORTABLE:
            return
        from dataclasses import replace

        self.set_query(replace(self.query, sort=COLUMNS[column][0],
                               descending=order == Qt.SortOrder.DescendingOrder))

    def retranslate(self) -> None:
        """Headers and cell texts in the new language (cached texts are formatted again)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._count:
            self.reload()
