"""Choosing the columns of "any other CSV" (a bank statement, a wallet not read by name): the file's first
rows as read, which row holds the column names, which column holds which field (with a first guess), the
currency and time zone when no column says, the order of day and month in dates such as 05/02/2024, a saved or built-in layout to start from, and a name to save
the choice under. The result is the same ``ColumnMapping`` that ``walletcare import --map`` builds (through
``ColumnMapping.from_pairs``), saved as a vault preset after the import, as ``--save-preset`` does."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from walletcare.errors import WalletCareError
from walletcare.evidence.importers.column_guess import CsvSample, sample
from walletcare.evidence.importers.format_names import layout_text
from walletcare.evidence.importers.generic import PRESETS, ColumnMapping
from walletcare.i18n import N_, _
from walletcare.ui.models.cells import CellsModel
from walletcare.ui.tasks import TaskRunner
from walletcare.ui.widgets.tables import tidy_table

FIELD_NAMES = {
    "time": N_("Date and time"), "date": N_("Date"), "clock": N_("Time of day"), "amount": N_("Amount (+ in, − out)"),
    "amount_in": N_("Amount received"), "amount_out": N_("Amount paid"), "currency": N_("Currency"),
    "direction": N_("In or out"), "counterparty": N_("Other party"), "counterparty_account": N_("Other party's account"),
    "description": N_("Description"), "status": N_("Status"), "channel": N_("Where or how paid"), "fee": N_("Fee"),
    "note": N_("Note"), "balance": N_("Balance"), "trade_no": N_("Transaction number"),
    "merchant_order_no": N_("Merchant order number"), "tx_hash": N_("Blockchain transaction ID"),
    "reference": N_("Reference number"),
}
CURRENCIES = ("CNY", "HKD", "TWD", "USD", "EUR", "GBP", "JPY", "USDT")
ZONES = (("+08:00", N_("China, Hong Kong, Taiwan (UTC+8)")), ("+09:00", N_("Japan, Korea (UTC+9)")),
         ("+00:00", N_("UTC (no offset)")), ("+01:00", N_("Central Europe, winter (UTC+1)")),
         ("-05:00", N_("US East, winter (UTC−5)")), ("-08:00", N_("US West, winter (UTC−8)")))
DATE_ORDERS = (("", N_("Year first, or as the dates show (2024-05-02)")),
               ("dmy", N_("Day/month/year (05/02/2024 is 5 February)")),
               ("mdy", N_("Month/day/year (05/02/2024 is May 2)")))
SAMPLE_LINES = 300
SHOWN_ROWS = 8


@dataclass(frozen=True)
class MappingChoice:
    """The confirmed mapping and the name to save it under (empty: not saved)."""

    mapping: ColumnMapping
    save_as: str = ""


def head(data: bytes, lines: int = SAMPLE_LINES) -> bytes:
    """The first ``lines`` lines of ``data`` (to check a mapping quickly on a large file)."""
    end = -1
    for _i in range(lines):
        end = data.find(b"\n", end + 1)
        if end < 0:
            return data
    return data[:end + 1]


def check_head(data: bytes, mapping: ColumnMapping) -> tuple[int, int]:
    """How many of the first rows ``mapping`` reads and how many it cannot (CPU pool)."""
    from walletcare.evidence.importers.detection import parse_bytes

    parsed = parse_bytes(head(data), format="csv", mapping=mapping)
    return len(parsed.rows), len(parsed.bad_rows)


class ColumnMappingDialog(QDialog):
    """Pick what each column holds; ``mapping()`` is the ColumnMapping, or None while a must is missing."""

    def __init__(self, runner: TaskRunner, data: bytes, saved: dict[str, dict[str, str]] | None = None,
                 start: ColumnMapping | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("columnMapping")
        self.setWindowTitle(_("Choose the columns"))
        self.runner, self.data = runner, data
        self._generation = 0
        self.layouts: dict[str, ColumnMapping] = dict(PRESETS)
        for name, stored in (saved or {}).items():
            try:
                self.layouts[name] = ColumnMapping.from_store(name, stored)
            except WalletCareError:
                continue  # a saved layout that no longer makes a mapping is not offered
        try:
            self.sample = sample(data)
        except WalletCareError:
            self.sample = CsvSample((), 0)
        intro = QLabel(_("Tell WalletCare which column holds what. The date and the amount are needed; the rest "
                         "makes the dossier clearer. Columns left at “not imported” are kept only in the original file."))
        intro.setWordWrap(True)
        self.layout_box = QComboBox()
        self.layout_box.setObjectName("mappingLayout")
        self.layout_box.addItem(_("— choose by hand —"), "")
        for name in self.layouts:
            self.layout_box.addItem(layout_text(name), name)
        self.layout_box.currentIndexChanged.connect(lambda _i: self._apply_layout())
        self.header_row = QComboBox()
        self.header_row.setObjectName("mappingHeaderRow")
        for index, (line, cells) in enumerate(self.sample.rows[:20]):
            text = ", ".join(c for c in cells if c)
            self.header_row.addItem(_("Line {line}: {cells}").format(line=line, cells=text[:70]), index)
        self.header_row.setCurrentIndex(max(0, self.header_row.findData(self.sample.header)))
        self.header_row.currentIndexChanged.connect(lambda _i: self._columns_changed())
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.zone = QComboBox()
        self.zone.setObjectName("mappingZone")
        for offset, label in ZONES:
            self.zone.addItem(_(label), offset)
        self.date_order = QComboBox()
        self.date_order.setObjectName("mappingDateOrder")
        for order, label in DATE_ORDERS:
            self.date_order.addItem(_(label), order)
        self.date_order.currentIndexChanged.connect(lambda _i: self._changed())
        self.currency.currentTextChanged.connect(lambda _t: self._changed())
        self.zone.currentIndexChanged.connect(lambda _i: self._changed())
        self.save_as = QLineEdit()
        self.save_as.setObjectName("mappingSaveAs")
        self.save_as.setPlaceholderText(_("e.g. my bank card"))
        top = QFormLayout()
        top.addRow(_("&Start from"), self.layout_box)
        top.addRow(_("Column &names are on"), self.header_row)
        self.fields_box = QWidget()
        self.fields_form = QFormLayout(self.fields_box)
        self.field_boxes: dict[str, QComboBox] = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.fields_box)
        self.cells = CellsModel()
        self.table = QTableView()
        self.table.setObjectName("mappingCells")
        self.table.setModel(self.cells)
        tidy_table(self.table, row_numbers=True)
        middle = QHBoxLayout()
        middle.addWidget(scroll, 1)
        middle.addWidget(self.table, 2)
        bottom = QFormLayout()
        bottom.addRow(_("&Currency (when no column says)"), self.currency)
        bottom.addRow(_("&Time zone of the times"), self.zone)
        bottom.addRow(_("&Date order"), self.date_order)
        bottom.addRow(_("Save these columns &as (optional)"), self.save_as)
        self.summary = QLabel()
        self.summary.setObjectName("mappingSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Use these columns"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(intro)
        box.addLayout(top)
        box.addLayout(middle, 1)
        box.addLayout(bottom)
        box.addWidget(self.summary)
        box.addWidget(self.buttons)
        self.resize(960, 620)
        self._columns_changed(start)

    # -- columns and choices ------------------------------------------------------------------------
    def columns(self) -> list[str]:
        """The named columns of the chosen header row."""
        return self.sample.columns(self.header_row.currentData()) if self.sample.rows else []

    def _columns_changed(self, start: ColumnMapping | None = None) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.field_boxes = {}
        columns = self.columns()
        guess = dict(start.columns) if start else self.sample.suggest(self.header_row.currentData())
        for column in columns:
            combo = QComboBox()
            combo.setAccessibleName(column)
            combo.addItem(_("not imported"), "")
            for code, name in FIELD_NAMES.items():
                combo.addItem(_(name), code)
            combo.setCurrentIndex(max(0, combo.findData(guess.get(column, ""))))
            combo.currentIndexChanged.connect(lambda _i: self._changed())
            self.fields_form.addRow(QLabel(column), combo)
            self.field_boxes[column] = combo
        if start is not None:
            self._set_options(start)
        index = self.header_row.currentData() or 0
        header_cells = self.sample.rows[index][1] if self.sample.rows else ()
        rows = [cells for _line, cells in self.sample.rows[index + 1:index + 1 + SHOWN_ROWS]]
        self.cells.set_rows(header_cells, rows)
        self._changed()

    def _set_options(self, mapping: ColumnMapping) -> None:
        self.currency.setCurrentText(mapping.currency)
        if self.zone.findData(mapping.timezone) < 0:  # a saved layout's own zone
            self.zone.addItem(mapping.timezone, mapping.timezone)
        self.zone.setCurrentIndex(self.zone.findData(mapping.timezone))
        self.date_order.setCurrentIndex(max(0, self.date_order.findData(mapping.date_order)))

    def _apply_layout(self) -> None:
        name = self.layout_box.currentData()
        if not name:
            return
        layout = self.layouts[name]
        wanted = set(layout.columns)
        for index, (_line, cells) in enumerate(self.sample.rows[:20]):  # the row that holds the layout's columns
            if wanted <= set(cells):
                self.header_row.blockSignals(True)
                self.header_row.setCurrentIndex(max(0, self.header_row.findData(index)))
                self.header_row.blockSignals(False)
                break
        self._columns_changed(layout)
        self.save_as.setText("" if name in PRESETS else name)

    def chosen(self) -> dict[str, str]:
        """``{column: field}`` as chosen (columns at "not imported" left out)."""
        return {column: combo.currentData() for column, combo in self.field_boxes.items() if combo.currentData()}

    def problem(self) -> str:
        """Why the choice cannot be used yet (empty when it can)."""
        fields = list(self.chosen().values())
        if not self.field_boxes:
            return _("No column names were found in this file. Choose the line that holds them.")
        if not set(fields) & {"time", "date"}:
            return _("Choose the column that holds the date.")
        if not set(fields) & {"amount", "amount_in", "amount_out"}:
            return _("Choose the column that holds the amount (or the amounts received and paid).")
        twice = sorted({f for f in fields if fields.count(f) > 1})
        if twice:
            return _("“{field}” is chosen for more than one column; choose it once.").format(field=_(FIELD_NAMES[twice[0]]))
        return ""

    def mapping(self) -> ColumnMapping | None:
        """The chosen mapping (the same as ``--map COLUMN=field`` items would give), or None."""
        if self.problem():
            return None
        pairs = [f"{column}={field}" for column, field in self.chosen().items()]
        pairs += [f"@currency={self.currency.currentText().strip() or 'CNY'}",
                  f"@timezone={self.zone.currentData() or '+08:00'}"]
        if self.date_order.currentData():
            pairs.append(f"@date_order={self.date_order.currentData()}")
        name = self.layout_box.currentData() or ""
        base = self.layouts.get(name)
        mapping = ColumnMapping.from_pairs(pairs)
        if base is not None and mapping.columns == base.columns:
            same = (mapping.currency, mapping.timezone, mapping.date_order) == (base.currency, base.timezone,
                                                                                  base.date_order)
            return base if same else ColumnMapping(mapping.columns, mapping.currency, mapping.timezone, base.name,
                                                   date_order=mapping.date_order)
        return mapping

    def _changed(self) -> None:
        self.cells.set_labels({column: _(FIELD_NAMES[field]) for column, field in self.chosen().items()})
        self.table.resizeColumnsToContents()
        self._generation += 1
        self.ok.setEnabled(False)
        problem = self.problem()
        try:
            mapping = None if problem else self.mapping()
        except WalletCareError as exc:  # an unknown time zone typed in
            problem, mapping = exc.text(), None
        if mapping is None:
            self.summary.setText(problem)
            return
        self.summary.setText(_("Checking the first rows…"))
        generation, data = self._generation, self.data
        self.runner.cpu(lambda _t: check_head(data, mapping), lambda counts: self._checked(generation, counts),
                        lambda exc: self._check_failed(generation, exc))

    def _checked(self, generation: int, counts: tuple[int, int]) -> None:
        if generation != self._generation:
            return
        good, bad = counts
        self.summary.setText(_("With these columns, {good} of the first rows can be read and {bad} cannot.").format(
            good=good, bad=bad))
        self.ok.setEnabled(good > 0)

    def _check_failed(self, generation: int, exc: object) -> None:
        if generation != self._generation:
            return
        self.summary.setText(exc.text() if isinstance(exc, WalletCareError) else _("The file could not be read with these columns."))

    def choice(self) -> MappingChoice | None:
        """The confirmed mapping and the name to save it under."""
        mapping = self.mapping()
        return MappingChoice(mapping, self.save_as.text().strip()) if mapping is not None else None

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner, data: bytes, saved: dict[str, dict[str, str]] | None = None,
            start: ColumnMapping | None = None) -> MappingChoice | None:
        """Shows the dialog; the choice when confirmed, else None."""
        dialog = cls(runner, data, saved, start, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

