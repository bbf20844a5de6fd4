"""The dossier argues the dispute: the cover names the disputed transaction with its order number unbroken and
the amount in dispute derived from the disputed rows; page 2 is the contents; totals count disputed rows only
and say so; an imported statement is one line (file, provider, period, rows, SHA-256) unless the full
statements were asked for; no local path reaches the PDF. Built from a real vault and read back with pypdf."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.importers.pipeline import import_file
from walletcare.evidence.models import Case, Reference, Transaction

CST = timezone(timedelta(hours=8))
ORDER = "2024052022001412345678901234"  # 28 digits, as Alipay prints a trade number


@pytest.fixture
def case_with_statement(vault: Any, samples_dir: Path, tmp_path: Path) -> tuple[Any, int, Path]:
    store = vault.store
    case = store.cases.add(Case(0, "游戏充值已扣款未到账", provider="微信支付",
                                requested_resolution="退还 199.00 元"))
    store.transactions.add(Transaction(0, case.id, datetime(2024, 5, 20, 14, 32, tzinfo=CST), Decimal("199.00"), "CNY",
                                       counterparty="某游戏官方充值", references=(Reference("trade_no", ORDER),),
                                       status="交易成功"))
    store.transactions.add(Transaction(0, case.id, datetime(2024, 5, 21, 9, 0, tzinfo=CST), Decimal("0.01"), "CNY",
                                       direction="in", counterparty="验证转账", role="context"))
    statement = tmp_path / "folder-that-must-not-print" / "微信支付账单.csv"
    statement.parent.mkdir()
    statement.write_bytes((samples_dir / "wechat" / "dsg_wechat_2022.csv").read_bytes())
    import_file(store, case.id, statement)
    return vault, case.id, statement


def _pages(vault: Any, case_id: int, target: Path, **options: Any) -> list[str]:
    export_case(vault, case_id, target, originals="embed", **options)
    return [page.extract_text() for page in PdfReader(BytesIO(target.read_bytes())).pages]


def test_cover_contents_totals_and_one_line_statement(case_with_statement: tuple[Any, int, Path],
                                                      tmp_path: Path) -> None:
    vault, case_id, statement = case_with_statement
    record = next(tx for tx in vault.store.transactions.all(case_id) if tx.role == "record")
    pages = _pages(vault, case_id, tmp_path / "dossier.pdf", lang="en")
    cover = pages[0]
    assert ORDER in cover.replace(" ", "")  # on one line, never broken
    assert ORDER in cover.splitlines()[[i for i, line in enumerate(cover.splitlines()) if ORDER in line][0]]
    assert "199.00 CNY" in cover and "sum of the disputed transactions (1)" in cover
    assert "退还199.00元" in cover.replace(" ", "")  # the request
    assert pages[1].splitlines()[0] == "Contents"
    whole = "\n".join(pages)
    flat = "".join(whole.split())
    assert "".join("These totals count only the disputed transactions (1)".split()) in flat
    assert "Imported statements" in whole and hashlib.sha256(statement.read_bytes()).hexdigest() in flat
    assert "WeChatPay" in flat and "19rows,0printed" in flat
    assert record.counterparty and "".join(record.counterparty.split()) not in flat  # statement rows stay out
    assert "Statement rows in full" not in whole
    assert str(tmp_path) not in flat and "folder-that-must-not-print" not in flat
    reader = PdfReader(tmp_path / "dossier.pdf")
    for name, contents in reader.attachments.items():  # the manifest and the originals travel inside
        for data in contents:
            assert b"folder-that-must-not-print" not in data or name.endswith(".csv"), name
    assert b"folder-that-must-not-print" not in (tmp_path / "dossier.pdf").read_bytes()
    assert len(pages) <= 15


def test_full_statements_print_every_row_in_an_appendix(case_with_statement: tuple[Any, int, Path],
                                                        tmp_path: Path) -> None:
    vault, case_id, _statement = case_with_statement
    records = [tx for tx in vault.store.transactions.all(case_id) if tx.role == "record"]
    pages = _pages(vault, case_id, tmp_path / "full.pdf", lang="zh-CN", full_statements=True)
    whole = "\n".join(pages)
    flat = "".join(whole.split())
    assert "账单全部明细" in whole
    assert all(f"#{tx.id}" not in pages[0] for tx in records)
    assert sum(1 for tx in records if str(tx.id) in flat) == len(records)
    assert "以上合计只计算1笔申诉交易" in flat  # the totals still count the disputed row only


def test_a_chain_hash_stays_on_one_line_of_the_cover(vault: Any, tmp_path: Path) -> None:
    store = vault.store
    tx_hash = "0x" + hashlib.sha256(b"drain").hexdigest()
    case = store.cases.add(Case(0, "TokenPocket 资产被转走", provider="TokenPocket", kind="crypto"))
    store.transactions.add(Transaction(0, case.id, datetime(2024, 6, 1, 3, 4, tzinfo=CST), Decimal("1520.5"), "USDT",
                                       counterparty="0x" + "ab" * 20, references=(Reference("tx_hash", tx_hash),)))
    cover = _pages(vault, case.id, tmp_path / "crypto.pdf", lang="zh-CN")[0]
    assert any(tx_hash in line for line in cover.splitlines())


def test_exhibit_times_say_what_they_mean(vault: Any, tmp_path: Path) -> None:
    from PIL import Image

    store = vault.store
    case = store.cases.add(Case(0, "截图时间", provider="支付宝"))
    out = BytesIO()
    Image.new("RGB", (300, 600), (20, 120, 220)).save(out, "PNG")
    modified = datetime(2026, 1, 2, 3, 4, tzinfo=CST)
    store.evidence.add(case.id, out.getvalue(), "Screenshot_20240520-143201.png", file_mtime=modified)
    flat = "".join("".join(_pages(vault, case.id, tmp_path / "times.pdf", lang="en")).split())
    for text in ("Taken at", "(from the file name (the device's clock))", "File last modified", "2 Jan 2026",
                 "Entered into the vault",
                 "The SHA-256 proves that the file is unchanged since it was entered into the vault; it does not "
                 "prove when the file was taken."):
        assert "".join(text.split()) in flat, text
    assert "20May2024" in flat


def test_an_alipay_case_is_not_shown_cfpb_or_paypal_categories(vault: Any, tmp_path: Path) -> None:
    store = vault.store
    case = store.cases.add(Case(0, "充值未到账", provider="支付宝", classification="游戏充值未到账"))
    store.transactions.add(Transaction(0, case.id, datetime(2024, 5, 20, 14, 32, tzinfo=CST), Decimal("199.00"), "CNY"))
    flat = "".join("".join(_pages(vault, case.id, tmp_path / "cn.pdf", lang="en")).split())
    assert "12315:merchantdispute" in flat
    assert "CFPB" not in flat and "Itemnotreceived" not in flat and "USRegulationE" not in flat


def test_no_local_path_reaches_the_pdf(vault: Any, vault_dir: Path, tmp_path: Path) -> None:
    """Nothing names a folder of this computer: not the text, not the metadata, not the attachments' names
    or descriptions, not the raw bytes (the vault's folder, the home folder, /tmp)."""
    from PIL import Image

    store = vault.store
    case = store.cases.add(Case(0, "截图路径", provider="支付宝", requested_resolution="退还 199.00 元"))
    folder = tmp_path / "私人文件夹" / "screens"
    folder.mkdir(parents=True)
    shot = folder / "Screenshot_20240520-143201.png"
    out = BytesIO()
    Image.new("RGB", (300, 600), (20, 120, 220)).save(out, "PNG")
    shot.write_bytes(out.getvalue())
    store.evidence.add(case.id, shot.read_bytes(), shot.name, origin_detail=str(shot))
    target = tmp_path / "out" / "dossier.pdf"
    target.parent.mkdir()
    export_case(vault, case.id, target, lang="en", originals="embed")
    reader = PdfReader(target)
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8", "replace") if reader.xmp_metadata else ""
    names = " ".join(f"{name} {spec}" for name, spec in reader.attachments.items())
    raw = target.read_bytes()
    assert "Screenshot_20240520-143201.png" in text  # the file's own name is kept
    forbidden = [str(folder), str(tmp_path), str(vault_dir), str(Path.home()), "/tmp/", "私人文件夹"]
    for where, content in (("text", text), ("metadata", meta), ("XMP", xmp), ("attachments", names)):
        flat = "".join(content.split())
        for path in forbidden:
            assert path not in content and "".join(path.split()) not in flat, (where, path)
    for path in forbidden:
        assert path.encode() not in raw and path.encode("utf-16-be") not in raw, path
