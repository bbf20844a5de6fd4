"""Every table and list model passes pytest-qt's model tester, over real vault records."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from walletcare.evidence.models import Case, Contact, Deadline, Transaction
from walletcare.ui.dialogs.import_dialog import PreviewModel
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.case_records import ContactsModel, TimelineModel, build_timeline
from walletcare.ui.models.cases import CaseFilter, CasesModel
from walletcare.ui.models.evidence import EvidenceModel
from walletcare.ui.models.search import SearchResultsModel
from walletcare.ui.models.transactions import PAGE, PLACEHOLDER, TransactionsModel, TxQuery

TZ = timezone(timedelta(hours=8))


def sample_transactions(case_id: int, n: int) -> list[Transaction]:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=TZ)
    return [Transaction(id=0, case_id=case_id, time=start + timedelta(minutes=i), amount=Decimal(i % 97) + Decimal("0.5"),
                        currency="CNY", direction="out" if i % 3 else "in", counterparty=f"商户{i % 13}",
                        description=f"订单 {i}", dedup_key=f"k{i}") for i in range(n)]


def add_case(window: MainWindow, **fields: object) -> int:
    store = window.session._store()
    return store.cases.add(Case(id=0, title=str(fields.pop("title", "案件")), **fields)).id  # type: ignore[arg-type]


def test_cases_model_and_filter(qtmodeltester: ModelTester, unlocked: MainWindow) -> None:
    store = unlocked.session._store()
    for i, status in enumerate(("open", "resolved", "open")):
        store.cases.add(Case(id=0, title=f"提现失败 {i}", provider="支付宝", status=status, amount=Decimal("10.5"),
                             currency="CNY", deadlines=(Deadline(due=datetime(2030, 1, i + 1).date(), label="投诉"),)))
    model = CasesModel()
    model.set_records(store.cases.list())
    qtmodeltester.check(model)
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_status("open")
    assert proxy.rowCount() == 2
    proxy.set_text("提现失败 1")
    assert proxy.rowCount() == 0
    proxy.set_status("")
    assert proxy.rowCount() == 1
    assert "CNY" in model.index(0, 3).data()
    assert "2030" in model.index(0, 4).data()


def test_transactions_model_pages_from_the_store(qtbot: QtBot, qtmodeltester: ModelTester, unlocked: MainWindow) -> None:
    case_id = add_case(unlocked)
    store = unlocked.session._store()
    store.transactions.add_many(sample_transactions(case_id, PAGE * 3 + 17))
    model = TransactionsModel(unlocked.session)
    model.set_query(TxQuery(case_id, sort="time", descending=False))
    assert model.rowCount() == PAGE * 3 + 17
    qtmodeltester.check(model)
    last = model.index(model.rowCount() - 1, 3)
    assert last.data() == PLACEHOLDER or last.data().startswith("商户")  # data() never queries: a placeholder first
    qtbot.waitUntil(lambda: last.data() != PLACEHOLDER, timeout=2000)
    assert model.transaction(model.rowCount() - 1).description == f"订单 {PAGE * 3 + 16}"
    model.sort(1, Qt.SortOrder.DescendingOrder)  # amount
    qtbot.waitUntil(lambda: model.index(0, 1).data() != PLACEHOLDER, timeout=2000)
    assert model.transaction(0).amount == Decimal("96.5")
    from dataclasses import replace

    model.set_query(replace(model.query, text="商户12"))
    assert model.rowCount() == len([i for i in range(PAGE * 3 + 17) if i % 13 == 12])
    qtmodeltester.check(model)


def test_transactions_data_never_queries(qtbot: QtBot, unlocked: MainWindow) -> None:
    case_id = add_case(unlocked)
    unlocked.session._store().transactions.add_many(sample_transactions(case_id, PAGE * 2))
    model = TransactionsModel(unlocked.session)
    model.set_query(TxQuery(case_id))
    reads: list[object] = []
    original = unlocked.session.read
    unlocked.session.read = lambda *a, **k: (reads.append(a), original(*a, **k))[1]  # type: ignore[method-assign]
    try:
        cells = [model.index(row, col).data() for row in range(PAGE * 2) for col in range(model.columnCount())]
        assert set(cells) == {PLACEHOLDER} and reads == []  # nothing read inside data(): pages are scheduled
        qtbot.waitUntil(lambda: model.cached_pages == 2, timeout=2000)
        assert len(reads) == 1  # both pages in one job on the vault thread
        assert model.index(PAGE * 2 - 1, 6).data().startswith("订单")
    finally:
        unlocked.session.read = original  # type: ignore[method-assign]


def test_transactions_model_clears_on_lock(qtbot: QtBot, unlocked: MainWindow) -> None:
    case_id = add_case(unlocked)
    unlocked.session._store().transactions.add_many(sample_transactions(case_id, 10))
    model = TransactionsModel(unlocked.session)
    model.set_query(TxQuery(case_id))
    qtbot.waitUntil(lambda: model.index(0, 0).data() != PLACEHOLDER, timeout=2000)
    unlocked.lock()
    model.clear()
    assert model.rowCount() == 0 and model.cached_pages == 0


def test_contact_timeline_evidence_models(qtmodeltester: ModelTester, unlocked: MainWindow) -> None:
    case_id = add_case(unlocked, opened=datetime(2023, 12, 31).date())
    store = unlocked.session._store()
    contact = store.contacts.add(Contact(id=0, case_id=case_id, kind="call", at=datetime(2024, 1, 3, 10, tzinfo=TZ),
                                         summary="客服说三天内处理", agent="A01"))
    store.transactions.add_many(sample_transactions(case_id, 3))
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    evidence, _dup = store.evidence.add(case_id, bytes(array.data()), "shot.png", caption="截图")
    contacts = ContactsModel()
    contacts.set_records([contact])
    qtmodeltester.check(contacts)
    timeline = TimelineModel()
    timeline.set_records(build_timeline(store.cases.get(case_id), store.transactions.all(case_id), [contact],
                                        store.evidence.list(case_id)))
    qtmodeltester.check(timeline)
    assert [r.kind for r in timeline.records()][:1] == ["case"]
    grid = EvidenceModel()
    grid.set_items(store.evidence.list(case_id))
    qtmodeltester.check(grid)
    assert grid.missing_thumbnails() == [evidence.id]
    found = store.evidence.derived(evidence.id, "thumbnail")
    assert found is not None
    grid.set_thumbnail(evidence.id, found[1])
    assert grid.missing_thumbnails() == []


def test_search_and_preview_models(qtmodeltester: ModelTester, unlocked: MainWindow, samples_dir: object) -> None:
    help_page = unlocked.help
    help_page.search.setText("退款")
    help_page.run_search()
    assert help_page.model.rowCount() > 0
    qtmodeltester.check(help_page.model)
    empty = SearchResultsModel()
    qtmodeltester.check(empty)
    from pathlib import Path

    from walletcare.ui.dialogs.import_dialog import parse_preview

    parsed = parse_preview((Path(str(samples_dir)) / "alipay" / "dsg_alipay_2023fmt_HEAD.csv").read_bytes(), "auto")
    preview = PreviewModel()
    preview.set_records([r.tx for r in parsed.rows])
    qtmodeltester.check(preview)
