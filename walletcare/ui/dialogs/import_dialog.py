"""Import preview: the detected format (changeable), the first rows as they will be stored, rows that
cannot be read with their line numbers and reasons, the file's own warnings, and "skip unreadable rows".
For "Other CSV", "Choose columns…" opens the column mapping (the window's ``--map``). Parsing runs on the
CPU pool; nothing touches the vault until the user confirms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from walletcare.errors import WalletCareError
from walletcare.evidence.importers.format_names import FORMAT_NAMES, format_text
from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.i18n import N_, _
from walletcare.ui.dialogs.column_mapping import ColumnMappingDialog
from walletcare.ui.display import amount_text, direction_text, time_text
from walletcare.ui.models.records import Column, RecordTableModel
from walletcare.ui.tasks import TaskRunner
from walletcare.ui.widgets.tables import tidy_table

PREVIEW_ROWS = 50


@dataclass(frozen=True)
class ImportChoice:
    """What the user confirmed."""

    format: str
    skip_bad_rows: bool
    mapping: ColumnMapping | None = None
    save_preset: str = ""


class PreviewModel(RecordTableModel):
    """Rows are parsed transactions (not stored yet)."""

    def __init__(self) -> None:
        super().__init__([
            Column(N_("Time"), lambda t: time_text(t.time)),
            Column(N_("Amount"), lambda t: amount_text(t.amount, t.currency)),
            Column(N_("Direction"), lambda t: direction_text(t.direction)),
            Column(N_("Counterparty"), lambda t: t.counterparty),
            Column(N_("Status"), lambda t: t.status),
        ])


def parse_preview(data: bytes, fmt: str, mapping: ColumnMapping | None = None) -> Any:
    """Parses without the vault (CPU pool)."""
    from walletcare.evidence.importers.detection import parse_bytes

    return parse_bytes(data, format=fmt, mapping=mapping if fmt == "csv" else None)


class ImportDialog(QDialog):
    """Preview of one file."""

    def __init__(self, runner: TaskRunner, data: bytes, file_name: str, parent: QWidget | None = None,
                 saved_presets: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import {name}").format(name=file_name))
        self.runner, self.data = runner, data
        self.saved_presets = dict(saved_presets or {})
        self.parsed: Any = None
        self.mapping: ColumnMapping | None = None
        self.save_preset = ""
        self.format = QComboBox()
        self.format.setObjectName("importFormat")
        for code, name in FORMAT_NAMES.items():
            self.format.addItem(_(name), code)
        self.format.currentIndexChanged.connect(lambda _i: self.reparse())
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.model = PreviewModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        tidy_table(self.table, row_numbers=True)
        self.bad_rows = QListWidget()
        self.bad_rows.setObjectName("badRows")
        self.bad_rows.setMaximumHeight(120)
        self.skip_bad = QCheckBox(_("&Skip the unreadable rows and import the rest"))
        self.skip_bad.setObjectName("skipBadRows")
        self.skip_bad.toggled.connect(lambda _c: self._update_ok())
        self.columns_button = QPushButton(_("Choose &columns…"))
        self.columns_button.setObjectName("chooseColumns")
        self.columns_button.clicked.connect(self.choose_columns)
        format_row = QHBoxLayout()
        format_row.addWidget(self.format, 1)
        format_row.addWidget(self.columns_button)
        format_label = QLabel(_("&Format"))
        format_label.setBuddy(self.format)  # a layout row has no buddy of its own: the "&" would show
        form = QFormLayout()
        form.addRow(format_label, format_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        self.bad_label = QLabel(_("Rows that cannot be read (line: reason)"))
        box.addWidget(self.bad_label)
        box.addWidget(self.bad_rows)
        box.addWidget(self.skip_bad)
        box.addWidget(self.buttons)
        self.resize(820, 560)
        self.reparse()

    def reparse(self) -> None:
        """Parses again with the chosen format."""
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.summary.setText(_("Reading the file…"))
        fmt, data, mapping = self.format.currentData(), self.data, self.mapping
        self.columns_button.setVisible(fmt == "csv")
        self.runner.cpu(lambda _t: parse_preview(data, fmt, mapping), self._parsed, self._failed, label=_("Reading the file"))

    def choose_columns(self) -> None:
        """Opens the column mapping; a confirmed one switches to "Other CSV" and reads the file with it."""
        choice = ColumnMappingDialog.ask(self, self.runner, self.data, self.saved_presets, start=self.mapping)
        if choice is None:
            return
        self.mapping, self.save_preset = choice.mapping, choice.save_as
        if self.format.currentData() == "csv":
            self.reparse()
        else:
            self.format.setCurrentIndex(self.format.findData("csv"))  # reparses

    def _parsed(self, parsed: Any) -> None:
        self.parsed = parsed
        self.model.set_records([row.tx for row in parsed.rows[:PREVIEW_ROWS]])
        self.bad_rows.clear()
        for bad in parsed.bad_rows:
            self.bad_rows.addItem(f"{bad.line}: {bad.reason}")
        has_bad = bool(parsed.bad_rows)
        for widget in (self.bad_label, self.bad_rows, self.skip_bad):
            widget.setVisible(has_bad)
        self.columns_button.setVisible(parsed.format == "csv")
        lines = [_("Format: {fmt}. {good} rows can be imported, {bad} cannot be read.").format(
            fmt=format_text(parsed.format, parsed.variant), good=len(parsed.rows), bad=len(parsed.bad_rows))]
        lines += list(parsed.warnings)
        lines.append(_("The original file is kept in the vault as evidence; rows already imported are skipped."))
        self.summary.setText("\n".join(lines))
        self._update_ok()

    def _failed(self, exc: object) -> None:
        from walletcare.evidence.importers.detection import (  # loaded by the parse
            NotThatFormat,
            UnknownFormat,
        )

        self.parsed = None
        self.model.clear()
        for widget in (self.bad_label, self.bad_rows, self.skip_bad):
            widget.setVisible(False)  # no rows were read: there are no bad ones to skip
        fmt = self.format.currentData()
        if isinstance(exc, UnknownFormat):
            text = exc.window_text()
            self.columns_button.setVisible(True)
        elif isinstance(exc, NotThatFormat):
            text = _("This file does not look like a {format} export: its column names were not found. Choose another "
                     "format, or “Other CSV” to choose the columns yourself.").format(format=format_text(fmt))
        elif isinstance(exc, WalletCareError):
            text = exc.text() + " " + _("Try choosing the format by hand.")
        else:
            text = _("The file could not be read. Nothing was written.")
        self.summary.setText(text)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.parsed is not None and bool(self.parsed.rows) and (not self.parsed.bad_rows or self.skip_bad.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def choice(self) -> ImportChoice:
        """The confirmed format and options."""
        fmt = self.format.currentData()
        if fmt == "auto" and self.parsed is not None:
            fmt = self.parsed.format
        mapping = self.mapping if fmt == "csv" else None
        return ImportChoice(format=fmt, skip_bad_rows=self.skip_bad.isChecked(), mapping=mapping,
                            save_preset=self.save_preset if mapping is not None else "")

    @classmethod
    def ask(cls, parent: QWidget | None, runner: TaskRunner, data: bytes, file_name: str,
            saved_presets: dict[str, dict[str, str]] | None = None) -> ImportChoice | None:
        """Shows the preview; the choice when confirmed, None when cancelled."""
        dialog = cls(runner, data, file_name, parent, saved_presets)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


