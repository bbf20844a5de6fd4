"""Taking back what was added by mistake, driven through the real window on a real vault with the real task
runner: the evidence viewer keeps links it does not show and finds transactions by order number, amount or
date; transactions are removed several at a time with one undo; evidence, a case and an import are removed
after a confirmation and come back with Undo; the audit trail stays intact."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.evidence.models import Reference, Transaction
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.records import RECORD_ROLE

TZ = timezone(timedelta(hours=8))
SHOTS = Path("/tmp/shots-undo")


def _many(case_id: int, count: int) -> list[Transaction]:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=TZ)
    return [Transaction(id=0, case_id=case_id, time=start + timedelta(hours=i), amount=Decimal(f"{10 + i}.25"),
                        currency="CNY", counterparty=f"商户{i}",
                        references=(Reference("trade_no", f"2024{i:08d}"),)) for i in range(count)]


def _shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_viewer_keeps_links_it_does_not_show_and_finds_by_number_amount_date(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    ids = store.transactions.add_many(_many(case.id, 700))
    disputed = ids[3]  # the oldest rows: not among the newest 500
    item, _dup = store.evidence.add(case.id, b"screenshot of the disputed payment", "付款.txt",
                                    linked_transactions=[disputed])
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    seen: dict[str, object] = {}

    def caption_only(dialog: QWidget) -> None:
        assert isinstance(dialog, EvidenceViewer)
        model = getattr(dialog, "tx_model", None)
        seen["first"] = model.data(model.index(0, 0)) if model is not None else ""
        dialog.caption.setText("被扣款的那笔")
        dialog.accept()  # saved without looking at the links

    answer_next_dialog(caption_only)
    tab.open_viewer(tab.model.index(0, 0))
    saved = store.evidence.get(item.id)
    assert saved.caption == "被扣款的那笔"
    assert saved.linked_transactions == (disputed,)  # the old viewer dropped this link
    assert "202400000003" in str(seen["first"])  # the linked one is listed first

    def search(dialog: QWidget) -> None:
        try:
            _search(dialog)
        finally:
            dialog.close()

    def _search(dialog: QWidget) -> None:
        assert isinstance(dialog, EvidenceViewer)
        model = dialog.tx_model
        dialog.tx_search.setText("202400000005")  # an order number
        qtbot.waitUntil(lambda: model.rowCount() == 1 and "202400000005" in model.data(model.index(0, 0)), timeout=3000)
        model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        dialog.tx_search.setText("16.25")  # an amount: row 6
        qtbot.waitUntil(lambda: model.rowCount() == 1 and "202400000006" in model.data(model.index(0, 0)), timeout=3000)
        dialog.tx_search.setText("2024-01-02")  # a day, as the window shows times (in the local zone)
        on_day = [i for i, tx in zip(ids, _many(case.id, 700), strict=True)
                  if tx.time.astimezone().date() == date(2024, 1, 2)]
        qtbot.waitUntil(lambda: model.rowCount() == 24, timeout=3000)
        assert [model.data(model.index(r, 0), RECORD_ROLE).id for r in range(24)] == on_day
        assert "2024年1月2日" in model.data(model.index(0, 0))
        _shot(dialog, "viewer-picker-zh_CN.png")
        assert "2" in dialog.link_count.text()
        dialog.accept()

    answer_next_dialog(search)
    tab.open_viewer(tab.model.index(0, 0))
    assert store.evidence.get(item.id).linked_transactions == (disputed, ids[5])


def test_link_picker_model(qtmodeltester, qtbot: QtBot) -> None:  # noqa: ANN001 - pytest-qt fixture
    from walletcare.ui.models.link_picker import LinkPickerModel

    model = LinkPickerModel((7, 99))
    model.set_rows([t.__class__(**{**t.__dict__, "id": n}) for n, t in enumerate(_many(1, 10), 1)])
    qtmodeltester.check(model)
    model.setData(model.index(6, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)  # row 6 is id 7
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.linked_ids() == (99, 1)  # 99 is not shown and stays linked
