"""Shared set-up of record tables: one line per cell, rows as tall as the text, columns sized to their
contents (capped, the last one stretching) whenever the model is reset."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

MAX_COLUMN_WIDTH = 320


def tidy_table(table: QTableView, *, row_numbers: bool = False) -> None:
    """Applies the common look to ``table`` (call after ``setModel``)."""
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab moves on to the next control; arrows move between rows
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.verticalHeader().setVisible(row_numbers)
    table.horizontalHeader().setStretchLastSection(True)
    model = table.model()

    def fit() -> None:
        table.resizeColumnsToContents()
        header = table.horizontalHeader()
        for column in range(header.count() - 1):
            if header.sectionSize(column) > MAX_COLUMN_WIDTH:
                header.resizeSection(column, MAX_COLUMN_WIDTH)

    model.modelReset.connect(fit)
    model.layoutChanged.connect(fit)
    fit()
