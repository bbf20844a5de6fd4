"""The dossier from a real vault: ``collect`` reads the case and the vault's print copies, ``walletcare export``
writes and signs it with the vault's key, ``walletcare verify`` checks it without the vault; refusals, the
size budget and a wrong passphrase change nothing on disk."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from walletcare.cli.main import main
from walletcare.evidence.dossier.collect import collect
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction

CST = timezone(timedelta(hours=8))
PASSPHRASE = "correct horse 电池 staple"


def _png(index: int) -> bytes:
    img = Image.new("RGB", (720, 1600), (240, 240, 240))
    for row in range(10):
        img.paste(((index * 40 + row * 20) % 255, 120, 200), (40, 100 + row * 140, 680, 200 + row * 140))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def filled(vault: Any) -> tuple[Any, int]:
    store = vault.store
    case = store.cases.add(Case(
        id=0, title="微信转账被骗", provider="微信支付", kind="payment", amount=Decimal("5000.00"), currency="CNY",
        claimant=Party(name="李华", phone="13900001111", address="北京市海淀区中关村大街1号"),
        respondent=Party(organisation="财付通支付科技有限公司"), classification="scam",
        requested_resolution="冻结对方账户并退还 5,000.00 元", discovered=date(2026, 2, 3)))
    for i in range(20):
        store.transactions.add(Transaction(
            id=0, case_id=case.id, time=datetime(2026, 2, 1, 10, i, tzinfo=CST), amount=Decimal(f"{250 + i}.00"),
            currency="CNY", counterparty=f"张某{i}", references=(Reference("trade_no", f"10000{i:05d}"),),
            status="已完成"))
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime(2026, 2, 3, 9, 0, tzinfo=CST),
                               summary="客服说会在三天内回复。", channel="95017", official_source="微信 App"))
    for i in range(3):
        store.evidence.add(case.id, _png(i), f"聊天截图{i + 1}.png", caption=f"对方要求转账的聊天记录 {i + 1}")
    store.evidence.add(case.id, b"%PDF-1.4\n%%EOF\n", "报案回执.pdf", caption="报案回执")
    return vault, case.id


def _pwfile(tmp_path: Path) -> Path:
    path = tmp_path / "pw.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_collect_uses_the_vaults_print_copies(filled: tuple[Any, int]) -> None:
    vault, case_id = filled
    data = collect(vault.store, case_id)
    assert data.case.claimant.name == "李华" and len(data.transactions) == 20 and len(data.contacts) == 1
    assert len(data.exhibits) == 4 and data.audit_head is not None
    for ex in data.exhibits:
        # originals are read when they are written (``load``), not all held: only a PDF's is (drawn page by page)
        assert (ex.original is None) == (ex.evidence.mime != "application/pdf")
        assert hashlib.sha256(ex.data() or b"").hexdigest() == ex.evidence.sha256
        if ex.evidence.mime == "image/png":
            found = vault.store.evidence.derived(ex.evidence.id, "print")
            assert found is not None and ex.print_jpeg == found[1]
    lean = collect(vault.store, case_id, originals=False)
    # only what is printed from the original is read: a PDF (drawn page by page) and a long screenshot (in parts)
    assert all((ex.original is None) == (ex.evidence.mime != "application/pdf") for ex in lean.exhibits)
    assert all(ex.load is None for ex in lean.exhibits)


def test_cli_export_then_verify_without_vault(filled: tuple[Any, int], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    vault, case_id = filled
    public_key = vault.public_key().hex()
    vault.close()
    out = tmp_path / "dossier.pdf"
    args = ["--lang", "en", "--vault", str(vault.folder),
            "--passphrase-file", str(_pwfile(tmp_path))]
    code = main([*args, "export", "--case", str(case_id), "-o", str(out), "--lang", "zh-CN"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "Expected size:" in printed and "Fingerprint:" in printed
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "李华" in text and "财付通支付科技有限公司" in text
    assert main(["verify", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] and report["exhibits"] == 4 and report["public_key"] == public_key
    from walletcare.evidence.vault import Vault

    reopened = Vault.open(vault.folder, bytearray(PASSPHRASE.encode("utf-8")))
    try:
        last = reopened.store.audit.entries(case_id)[-1]
        assert last.action == "export" and last.digest == report["fingerprint"] and "dossier.pdf" in last.detail
        assert reopened.store.audit.verify()[0]
    finally:
        reopened.close()


def test_cli_export_is_sealed_with_the_vault_key_and_repeatable(filled: tuple[Any, int], tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    vault, case_id = filled
    key = vault.seal_key().fingerprint
    vault.close()
    args = ["--lang", "en", "--vault", str(vault.folder), "--passphrase-file", str(_pwfile(tmp_path))]
    outputs = []
    for name in ("a.pdf", "b.pdf"):
        out = tmp_path / name
        assert main([*args, "export", "--case", str(case_id), "-o", str(out), "--export-time", "2026-03-01 09:30"]) == 0
        printed = capsys.readouterr().out
        assert "Seal fingerprint: " + " ".join(key[i:i + 4] for i in range(0, 64, 4)) in printed
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]  # the same case and export time: the same bytes, seal included
    assert main(["verify", str(tmp_path / "a.pdf"), "--json", "--expect-key", key]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sealed"] and report["seal_key"] == key and report["signed_at"].startswith("2026-03-01T09:30")


def test_export_case_for_the_window(filled: tuple[Any, int], tmp_path: Path) -> None:
    import os
    import threading

    from walletcare.errors import Cancelled
    from walletcare.evidence.dossier.export import export_case

    vault, case_id = filled
    seen: list[tuple[int, int]] = []
    result = export_case(vault, case_id, tmp_path / "w.pdf", lang="zh-TW", originals="zip", progress=lambda d, t: seen.append((d, t)))
    assert Path(os.fspath(result)) == tmp_path / "w.pdf" and result.zip_path is not None and seen
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        export_case(vault, case_id, tmp_path / "never.pdf", cancel=stop)
    assert not (tmp_path / "never.pdf").exists()


def test_cli_refusals_write_nothing(filled: tuple[Any, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault, case_id = filled
    vault.store.contacts.add(Contact(id=0, case_id=case_id, kind="chat", at=datetime(2026, 2, 4, 9, 0, tzinfo=CST),
                                     summary="对方让我报出验证码 583920，我没有给。"))
    vault.close()
    args = ["--lang", "en", "--vault", str(tmp_path / "vault"), "--passphrase-file", str(_pwfile(tmp_path))]
    out = tmp_path / "refused.pdf"
    assert main([*args, "export", "--case", str(case_id), "-o", str(out)]) == 4
    err = capsys.readouterr().err
    assert "one-time verification code" in err and "Contact log" in err and "583920" not in err
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


def test_cli_size_budget_suggests_zip(filled: tuple[Any, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault, case_id = filled
    vault.close()
    args = ["--lang", "en", "--vault", str(tmp_path / "vault"), "--passphrase-file", str(_pwfile(tmp_path))]
    out = tmp_path / "big.pdf"
    assert main([*args, "export", "--case", str(case_id), "-o", str(out), "--size-budget", "0.05"]) == 4
    assert "--originals zip" in capsys.readouterr().err and not out.exists()
    assert main([*args, "export", "--case", str(case_id), "-o", str(out), "--size-budget", "0.05",
                 "--originals", "zip", "--lang", "en", "--paper", "Letter", "--redact"]) == 0
    assert (tmp_path / "big.originals.zip").is_file()
    assert main(["verify", str(out)]) == 0


def test_cli_wrong_passphrase_and_missing_case(filled: tuple[Any, int], tmp_path: Path) -> None:
    vault, case_id = filled
    vault.close()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert main(["--vault", str(tmp_path / "vault"), "--passphrase-file", str(wrong), "export", "--case", str(case_id),
                 "-o", str(out)]) == 3
    code = main(["--vault", str(tmp_path / "vault"), "--passphrase-file", str(_pwfile(tmp_path)), "export",
                 "--case", "9999", "-o", str(out)])
    assert code in (2, 4) and not out.exists()


def test_collect_makes_missing_print_copies_in_memory(filled: tuple[Any, int]) -> None:
    vault, case_id = filled
    with vault.store.transaction():
        vault.store.conn.execute("DELETE FROM derived WHERE kind = 'print'")
    seen: list[tuple[int, int]] = []
    data = collect(vault.store, case_id, originals=False, progress=lambda d, t: seen.append((d, t)))
    pictures = [ex for ex in data.exhibits if ex.evidence.mime == "image/png"]
    assert len(pictures) == 3 and seen[-1] == (4, 4)
    for ex in pictures:
        assert ex.print_jpeg is not None and ex.print_jpeg[:2] == b"\xff\xd8" and ex.original is None
        assert ex.print_size is not None and max(ex.print_size) <= 1200


@pytest.mark.parametrize("originals", ["embed", "zip"])
def test_originals_are_read_once_each_while_written(small: Any, signer: Any, make_options: Any, tmp_path: Path,
                                                    originals: str) -> None:
    """Originals not held in memory are read from their source one at a time, once, as they are written; the
    written dossier verifies."""
    from dataclasses import replace

    from walletcare.evidence.dossier.export import write_dossier
    from walletcare.evidence.dossier.verify import verify_pdf

    reads: list[int] = []
    held = 0

    def loader(ex: Any) -> Any:
        def load() -> bytes:
            reads.append(ex.evidence.id)
            return ex.original

        return load

    exhibits = []
    for ex in small.exhibits:
        exhibits.append(replace(ex, original=None, load=loader(ex)) if ex.evidence.mime == "image/png" else ex)
        held += ex.evidence.mime != "image/png"
    data = replace(small, exhibits=tuple(exhibits))
    target = tmp_path / "streamed.pdf"
    result = write_dossier(data, make_options(lang="en", originals=originals), target, signer=signer)
    streamed = [ex.evidence.id for ex in exhibits if ex.load is not None]
    assert sorted(reads) == sorted(streamed) and len(streamed) == len(small.exhibits) - held
    assert result.pdf_size == target.stat().st_size
    report = verify_pdf(target)
    assert report.intact and report.exhibits_checked, report.problems
