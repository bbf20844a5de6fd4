"""The import pipeline against a real SQLCipher vault: evidence kept byte for byte, no duplicates on re-import,
refunds linked, bad rows all-or-nothing, cancel and progress, nothing written when a file cannot be read."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

import pytest

from walletcare.errors import Cancelled, InvalidInput
from walletcare.evidence.importers.generic import ColumnMapping
from walletcare.evidence.importers.pipeline import BadRowsFound, import_file
from walletcare.evidence.models import Reference

WECHAT = (
    "微信支付账单明细,,,,,,,,,,\n"
    "共3笔记录,,,,,,,,,,\n"
    "----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n"
    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
    "2024-03-01 10:00:00,商户消费,同程旅行,机票,支出,¥742.00,零钱,已退款￥742.00,4200000001\t,M001\t,/\n"
    "2024-03-02 11:00:00,同程旅行-退款,同程旅行,机票,收入,¥742.00,零钱,已全额退款,5000000001\t,M001\t,/\n"
    "2024-03-03 12:00:00,商户消费,美团,外卖,支出,\"¥1,234.50\",零钱,支付成功,4200000002\t,M002\t,/\n"
)


def test_import_stores_evidence_rows_and_refund_links(store: Any, case_id: int, tmp_path: Path) -> None:
    path = tmp_path / "微信支付账单(20240301-20240303).csv"
    path.write_bytes(WECHAT.encode("utf-8"))
    seen: list[tuple[int, int]] = []
    result = import_file(store, case_id, path, progress=lambda done, total: seen.append((done, total)))
    assert (result.format, result.added, result.duplicates, result.rejected, result.refunds_linked) == ("wechat", 3, 0, (), 1)
    assert seen and seen[-1] == (3, 3)
    evidence = store.evidence.get(result.evidence_id)
    assert evidence.origin == "import" and evidence.file_name == path.name
    assert evidence.origin_detail.startswith(f"{path.resolve()} · 20")  # path and modification time, no words
    assert store.evidence.data(evidence.id) == path.read_bytes()
    assert evidence.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    txs = store.transactions.all(case_id)
    assert {tx.source_evidence_id for tx in txs} == {evidence.id}
    by_id = {tx.references[0].value: tx for tx in txs}
    refund, purchase = by_id["5000000001"], by_id["4200000001"]
    assert refund.refund_of == purchase.id
    assert ("refunded", "742.00") in purchase.extra
    assert by_id["4200000002"].amount.as_tuple() == (0, (1, 2, 3, 4, 5, 0), -2)
    assert {tx.source_line for tx in txs} == {5, 6, 7}
    assert all(tx.raw and tx.source_format == "wechat-csv" for tx in txs)


def test_reimport_adds_nothing(store: Any, case_id: int, samples_dir: Path) -> None:
    path = samples_dir / "alipay" / "dsg_alipay_legacy_web_fmt.csv"
    first = import_file(store, case_id, path)
    again = import_file(store, case_id, path)
    assert (first.added, first.duplicates, first.refunds_linked) == (6, 0, 2)
    assert (again.added, again.duplicates) == (0, 6)
    assert again.evidence_id == first.evidence_id
    assert store.transactions.count(case_id) == 6


def test_overlapping_export_adds_only_new_rows_and_links_refund_to_stored_original(store: Any, case_id: int) -> None:
    first_part = WECHAT.rsplit("\n", 3)[0] + "\n"  # header + the purchase only
    import_file(store, case_id, first_part.encode("utf-8"), file_name="part1.csv")
    result = import_file(store, case_id, WECHAT.encode("utf-8"), file_name="all.csv")
    assert (result.added, result.duplicates, result.refunds_linked) == (2, 1, 1)
    txs = {tx.references[0].value: tx for tx in store.transactions.all(case_id)}
    assert txs["5000000001"].refund_of == txs["4200000001"].id


def test_bad_rows_write_nothing_without_skip(store: Any, case_id: int) -> None:
    broken = WECHAT.replace("2024-03-03 12:00:00", "yesterday noon").replace("¥742.00,零钱,已全额", "¥abc,零钱,已全额")
    before = store.transactions.count(case_id), len(store.evidence.list(case_id))
    with pytest.raises(BadRowsFound) as info:
        import_file(store, case_id, broken.encode("utf-8"), file_name="b.csv")
    assert [(b.line, b.reason) for b in info.value.bad_rows] == [
        (6, "无法识别金额“¥abc”。"), (7, "无法识别时间“yesterday noon”。")]
    assert info.value.exit_code == 4
    assert (store.transactions.count(case_id), len(store.evidence.list(case_id))) == before
    result = import_file(store, case_id, broken.encode("utf-8"), file_name="b.csv", skip_bad_rows=True)
    assert (result.added, [b.line for b in result.rejected]) == (1, [6, 7])


def test_unreadable_file_writes_nothing(store: Any, case_id: int) -> None:
    for data in (b"", b"\x00\x01\x02binary\xff\xfe junk" * 50, b"PK\x03\x04truncated-workbook", b"a,b\n1,2\n"):
        with pytest.raises(InvalidInput):
            import_file(store, case_id, data, file_name="x.csv")
    assert store.transactions.count(case_id) == 0
    assert store.evidence.list(case_id) == []


def test_cancel_rolls_everything_back(store: Any, case_id: int) -> None:
    flag = threading.Event()

    def progress(done: int, total: int) -> None:
        flag.set()  # the user presses Cancel after the first batch

    with pytest.raises(Cancelled):
        import_file(store, case_id, WECHAT.encode("utf-8"), file_name="w.csv", progress=progress, cancel=flag)
    assert store.transactions.count(case_id) == 0
    assert store.evidence.list(case_id) == []


def test_generic_mapping_and_saved_preset(store: Any, case_id: int) -> None:
    data = b"Booked,Payee,Amount,Ref\n2024-05-01,ACME Ltd,\"-1,200.00\",R1\n2024-05-02,Shop,35.5,R2\n"
    mapping = ColumnMapping.from_pairs(["Booked=date", "Payee=counterparty", "Amount=amount", "Ref=reference",
                                        "@currency=EUR", "@timezone=Europe/Paris"])
    result = import_file(store, case_id, data, file_name="bank.csv", mapping=mapping)
    assert (result.format, result.added) == ("csv", 2)
    store.presets.save("mybank", mapping.to_store())
    restored = ColumnMapping.from_store("mybank", store.presets.get("mybank"))
    assert (restored.columns, restored.currency, restored.timezone) == (mapping.columns, "EUR", "Europe/Paris")
    txs = sorted(store.transactions.all(case_id), key=lambda tx: tx.time)
    assert [(tx.direction, str(tx.amount), tx.currency) for tx in txs] == [("out", "1200.00", "EUR"), ("in", "35.5", "EUR")]
    assert txs[0].time.isoformat() == "2024-05-01T00:00:00+02:00"
    assert import_file(store, case_id, data, file_name="bank.csv", mapping=restored).duplicates == 2


def test_linker_pairs_refunds_of_refunds_and_keeps_little_per_row() -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from walletcare.evidence.importers.linking import RefundLinker
    from walletcare.evidence.importers.records import ParsedRow

    def row(key: str, refund_of: str | None = None, refund: bool = False, order: str = "") -> ParsedRow:
        refs = (Reference("merchant_order_no", order),) if order else ()
        return ParsedRow({"dedup_key": key, "time": datetime(2024, 3, 1, tzinfo=UTC), "amount": Decimal("5"),
                          "counterparty": "店", "currency": "CNY", "direction": "out", "references": refs},
                         refund_of, refund)

    asked: list[list[object]] = []

    def details(idents: list[object]) -> dict[object, tuple[datetime, Decimal, str, str, str]]:
        asked.append(idents)
        return {i: (datetime(2024, 2, 1, tzinfo=UTC), Decimal("9"), "店", "CNY", "out") for i in idents}

    linker = RefundLinker("order", details)
    linker.add_many([row("a", order="M1"), row("b", order="M2")], [1, 2])
    linker.add_stored(row("s", refund=True, order="M2"), "s")  # a refund an earlier import stored: left alone
    linker.add_many([row("c", refund_of="a"), row("d", refund_of="c"),  # d refunds the refund c
                     row("e", refund=True, order="M2"),  # names no original: matched by order number
                     row("f", refund_of="stored-earlier")], ["held-0", "held-1", "held-2", "held-3"])
    assert linker.links() == [("held-0", 1), ("held-1", "held-0"), ("held-2", 2), ("held-3", "stored-earlier")]
    assert asked == [[2]]  # details only for the originals a refund asks for


def test_refunds_stored_earlier_never_take_an_original_from_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from walletcare.evidence.importers import linking
    from walletcare.evidence.importers.records import ParsedRow

    def row(key: str, day: int, direction: str, refund: bool = False) -> ParsedRow:
        return ParsedRow({"dedup_key": key, "time": datetime(2024, 3, day, tzinfo=UTC), "amount": Decimal("5"),
                          "counterparty": "Shop", "currency": "USD", "direction": direction, "references": ()},
                         None, refund)

    def details(idents: list[object]) -> dict[object, tuple[datetime, Decimal, str, str, str]]:
        return {i: (datetime(2024, 3, int(str(i)[-1]), tzinfo=UTC), Decimal("5"), "Shop", "USD", "out") for i in idents}

    for every in (1, 2, 5000):  # however the remembered rows are grouped
        monkeypatch.setattr(linking, "_COMPACT_EVERY", every)
        linker = linking.RefundLinker("name_amount", details)
        for key, day in (("p1", 1), ("p2", 2)):
            linker.add_stored(row(key, day, "out"), key)
        linker.add_stored(row("r1", 3, "in", refund=True), "r1")  # linked by the earlier import
        linker.add_many([row("r2", 4, "in", refund=True)], ["held-0"])
        assert linker.links() == [("held-0", "p2")], every  # the latest payment before it


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_an_image_named_as_a_workbook_is_called_not_an_excel_file(store: Any, case_id: int) -> None:
    from walletcare.i18n import current_language, set_language

    def refusal(data: bytes, name: str) -> str:
        with pytest.raises(InvalidInput) as caught:
            import_file(store, case_id, data, file_name=name)
        return caught.value.text()

    before = current_language()
    set_language("en")
    try:
        text = refusal(_png(), "fake.xlsx")
        assert text.startswith("fake.xlsx is not an Excel file") and "GB18030" not in text, text
        text = refusal(_png(), "fake.csv")  # the same bytes under another name: not text, as before
        assert "not an Excel file" not in text and "GB18030" in text, text
        text = refusal(b"a,b\n1,2\n", "bill.xlsx")  # text named .xlsx: the layout message with its --map hint
        assert "not an Excel file" not in text and "--map" in text, text
    finally:
        set_language(before)
    assert store.evidence.list(case_id) == []


def test_a_file_read_once_is_imported_as_it_was_read(store: Any, case_id: int, tmp_path: Path) -> None:
    """The window previews a ``SourceFile`` and imports that same one: a file changed on disk in between does
    not change what is stored (the bytes the user saw are the bytes kept)."""
    from walletcare.evidence.importers.pipeline import read_source

    path = tmp_path / "微信支付账单.csv"
    path.write_bytes(WECHAT.encode("utf-8"))
    source = read_source(path)
    path.write_bytes(WECHAT.replace("美团", "饿了么").encode("utf-8"))  # changed after the preview read it
    result = import_file(store, case_id, source)
    evidence = store.evidence.get(result.evidence_id)
    assert store.evidence.data(evidence.id) == WECHAT.encode("utf-8") == source.data
    assert (evidence.file_name, evidence.origin_detail) == (path.name, source.detail)
    assert {tx.counterparty for tx in store.transactions.all(case_id)} == {"同程旅行", "美团"}
