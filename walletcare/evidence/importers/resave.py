"""Signs that a Chinese wallet export went through a spreadsheet or an editor (formats.md §0.4, §0.6), and
the import warnings that name them. The file is imported all the same: it is kept as it is, as evidence."""

from __future__ import annotations

import re

from walletcare.i18n import _

_SCIENTIFIC_ID = re.compile(r"\d(?:\.\d+)?[Ee]\+\d+")


def rounded_id(value: str) -> bool:
    """Whether an id shows a spreadsheet's number rounding: ``2.0230E+27``, or a long digit string whose last
    digits became zeros (``4200000686202009000000000000``: a number keeps 15-17 digits). Such an id no longer
    names its transaction, so the row is told apart by its content instead."""
    if _SCIENTIFIC_ID.fullmatch(value):
        return True
    significant = len(value.rstrip("0"))
    return len(value) > 17 and significant <= 17 and len(value) - significant >= 4 and value.isdigit()


def drop_rounded(trade_no: str, merchant: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The two ids of a row with any a spreadsheet rounded blanked (it names no transaction, so it is no
    reference), and the rounded ones as extra fields (``trade_no_as_saved`` …) to keep them as written."""
    saved = tuple((key, value) for key, value in (("trade_no_as_saved", trade_no), ("merchant_order_no_as_saved", merchant))
                  if rounded_id(value))
    if not saved:
        return trade_no, merchant, ()
    return "" if rounded_id(trade_no) else trade_no, "" if rounded_id(merchant) else merchant, saved


def missing_banner() -> str:
    return _("The file lacks the export's banner line: it may have been edited.")


def no_tabs() -> str:
    return _("The ids in this file have no TAB after them, as a spreadsheet re-save leaves them: the file may have been edited.")


def no_seconds() -> str:
    return _("Some times have no seconds, as a spreadsheet re-save leaves them: the file may have been edited.")


def rounded_ids() -> str:
    return _("Some ids were saved as numbers by a spreadsheet and lost their last digits: those rows are told apart "
             "by their content instead. The file may have been edited.")
