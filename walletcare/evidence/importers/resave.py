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


def missing_banner() -> str:
    return _("The file lacks the export's banner line: it may have been edited.")


def no_tabs() -> str:
    return _("The ids in this file have no TAB after them, as a spreadsheet re-save leaves them: the file may have been edited.")


def no_seconds() -> str:
    return _("Some times have no seconds, as a spreadsheet re-save leaves them: the file may have been edited.")


def rounded_ids() -> str:
    return _("Some ids were saved as numbers by a spreadsheet and lost their last digits: those rows are told apart "
             "by their content instead. The file may have been edited.")
