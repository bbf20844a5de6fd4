"""The export dialog's "Sections" list shows what the dossier will contain for this case and its options, as
the core's outline decides it, and says which sections are left out because the case has nothing for them,
in each interface language; the exported PDF's bookmarks are the sections listed as printed. Real vault,
real dialog, the PDF read back with pypdf."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from walletcare.evidence.models import Case, Contact, Party, Transaction
from walletcare.i18n import _, set_language
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.main_window import MainWindow

CST = timezone(timedelta(hours=8))
LEFT_OUT = "{section} (left out: nothing for it in this case)"


def _listed(dialog: ExportDialog) -> list[tuple[str, bool]]:
    """Each line of the list and whether it is greyed (a section left out)."""
    grey = dialog.palette().brush(dialog.palette().ColorGroup.Disabled, dialog.palette().ColorRole.Text).color()
    items = [dialog.sections.item(i) for i in range(dialog.sections.count())]
    return [(item.text(), item.foreground().color() == grey and item.foreground().style() != 0) for item in items]


def _case(window: MainWindow) -> Case:
    """A claimant and one payment: no respondent, no contacts, no screenshots, no refund asked for."""
    store = window.session._store()
    case = store.cases.add(Case(0, "Charged twice for one coffee", kind="payment", currency="USD",
                                claimant=Party(name="Alex Doe")))
    store.transactions.add(Transaction(0, case.id, datetime(2026, 3, 2, 9, 30, tzinfo=CST), Decimal("4.50"), "USD",
                                       counterparty="Coffee Shop"))
    return case


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_the_list_says_which_sections_are_left_out(qtbot: QtBot, unlocked: MainWindow, lang: str) -> None:
    set_language(lang)
    case = _case(unlocked)
    dialog = ExportDialog(unlocked.session, case, unlocked.settings, unlocked)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.sections.count() > 0, timeout=5000)
    lines = _listed(dialog)
    texts = [text for text, _grey in lines]
    for title in ("Respondent", "Contact log", "Exhibits", "Requested resolution"):
        expected = _(LEFT_OUT).format(section=_(title))
        assert (expected, True) in lines, (expected, texts)
    for title in ("Cover page", "Claimant", "Timeline", "Transactions", "Declaration"):
        assert (_(title), False) in lines, (title, texts)
    if lang != "en":  # translated, the section names too
        assert _(LEFT_OUT) != LEFT_OUT and all(title not in " ".join(texts) for title in ("Respondent", "Exhibits"))

    # a contact added: the contact log is printed; the list follows the case when the options change
    store = unlocked.session._store()
    store.contacts.add(Contact(0, case.id, "call", datetime(2026, 3, 3, 10, 0, tzinfo=CST), "Refund promised."))
    dialog.redact.setChecked(True)
    qtbot.waitUntil(lambda: (_("Contact log"), False) in _listed(dialog), timeout=5000)
    assert _listed(dialog)[-1] == (_("(account and ID numbers hidden)"), False)


def test_the_pdf_holds_the_sections_listed(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path) -> None:
    set_language("en")
    case = _case(unlocked)
    dialog = ExportDialog(unlocked.session, case, unlocked.settings, unlocked)
    qtbot.addWidget(dialog)
    dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
    dialog.originals.setCurrentIndex(dialog.originals.findData("none"))
    qtbot.waitUntil(lambda: dialog._outline is not None and dialog._outline[1].originals == "none", timeout=5000)
    listed = [text for text, grey in _listed(dialog) if not grey]
    target = tmp_path / "dossier.pdf"
    dialog.path.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.output is not None, timeout=60000)
    bookmarks = [item.title for item in PdfReader(target).outline if not isinstance(item, list)]
    assert ["Cover page", *bookmarks] == listed  # (the cover has no heading of its own)
    assert "Exhibits" not in bookmarks and "Respondent" not in bookmarks
    assert "Contact log" not in bookmarks
