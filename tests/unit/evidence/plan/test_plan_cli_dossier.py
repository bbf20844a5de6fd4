"""``walletcare plan / due / submit / playbook`` on a real vault, and the dossier's Deadlines section printing
the plan (read back from the PDF with pypdf)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PIL import Image
from pypdf import PdfReader

from walletcare.cli.main import main
from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.models import Case, Contact, Party, Transaction
from walletcare.evidence.plan import record_submission, tick

CST = timezone(timedelta(hours=8))
PASSPHRASE = "correct horse 电池 staple"


def _fill(store: Any) -> int:
    case = store.cases.add(Case(id=0, title="游戏充值未到账", provider="支付宝", amount=Decimal("199.00"), currency="CNY",
                                classification="not_received", claimant=Party(name="王小明")))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 9, 20, 14, 3, tzinfo=CST),
                                       amount=Decimal("199.00"), currency="CNY", counterparty="某游戏公司"))
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime(2026, 9, 29, 9, 0, tzinfo=CST),
                               summary="客服", promised="3个工作日内退款"))
    return case.id


def _cli(vault_dir: Path, tmp_path: Path, *args: str) -> list[str]:
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return ["--lang", "en", "--vault", str(vault_dir), "--passphrase-file", str(pw), *args]


def test_cli_plan_submit_due_playbook(vault: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_id = _fill(vault.store)
    folder = vault.folder
    vault.close()
    ics = tmp_path / "plan.ics"
    assert main(_cli(folder, tmp_path, "plan", "--case", str(case_id), "--json", "--today", "2026-09-28",
                     "--ics", str(ics))) == 0
    plan = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in plan["rungs"]] == ["alipay.platform", "alipay.merchant", "alipay.12315"]
    assert plan["next"] == "alipay.platform" and [r["next"] for r in plan["rungs"]] == [True, False, False]
    r12315 = plan["rungs"][2]
    assert r12315["closes"] == "2029-09-20" and r12315["status"] == "waiting" and r12315["as_of"] == "2026-11-30"
    assert {"field": "claimant.address", "label": "Your address",
            "where": "Case → Parties → You (claimant)"} in r12315["missing"]
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    shot = tmp_path / "receipt.png"
    buffer = BytesIO()
    Image.new("RGB", (60, 40), (10, 200, 90)).save(buffer, "PNG")
    shot.write_bytes(buffer.getvalue())
    assert main(_cli(folder, tmp_path, "submit", "--case", str(case_id), "--rung", "alipay.platform", "--ref",
                     "TS-0001", "--at", "2026-09-28 10:00+08:00", "--receipt", str(shot), "--json")) == 0
    sub = json.loads(capsys.readouterr().out)
    assert sub["rung"] == "alipay.platform" and sub["evidence_id"] and sub["at"] == "2026-09-28T10:00:00+08:00"
    assert main(_cli(folder, tmp_path, "plan", "--case", str(case_id), "--json", "--today", "2026-09-28")) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["rungs"][0]["status"] == "done" and plan["next"] == "alipay.merchant"
    assert plan["rungs"][0]["submission"]["ref"] == "TS-0001"
    assert main(_cli(folder, tmp_path, "due", "--days", "3", "--json", "--today", "2026-10-12")) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    assert [(i["kind"], i["due"], i["overdue"]) for i in items] == [("followup", "2026-10-09", True)]
    assert main(_cli(folder, tmp_path, "due", "--today", "2026-09-28")) == 0
    assert "Nothing is due" in capsys.readouterr().out
    assert main(_cli(folder, tmp_path, "submit", "--case", str(case_id), "--rung", "nope", "--ref", "x")) == 2
    assert main(_cli(folder, tmp_path, "playbook", "--case", str(case_id))) == 0
    assert "No first-hour playbook" in capsys.readouterr().out


def test_dossier_prints_the_plan_and_the_tick_times(vault: Any, tmp_path: Path) -> None:
    store = vault.store
    case_id = _fill(store)
    store.cases.update(replace(store.cases.get(case_id), classification="unauthorized"))
    record_submission(store, case_id, "alipay.platform", "TS-0001", datetime(2026, 9, 28, 10, 0, tzinfo=CST))
    tick(store, case_id, "takeover.freeze", datetime(2026, 9, 20, 14, 20, tzinfo=CST))
    target = tmp_path / "dossier.pdf"
    export_case(vault, case_id, target, originals="none", lang="en")
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(target.read_bytes())).pages)
    flat = " ".join(text.split())
    start = flat.index("Deadlines", flat.index("Deadlines") + 1)  # the section, not the contents line
    section = flat[start:]
    assert "Complain to Alipay" in section and "TS-0001" in section and "Done" in section
    assert "12363" in section and "check the channel's current terms".lower() in section.lower()
    assert "as of 30 Nov 2026" in section
    assert "PayPal" not in flat and "CFPB" not in flat and "12378" not in flat
    assert "First-hour checklist" in section and "14:20" in section


def test_cli_plan_says_a_closed_window_in_plain_words(vault: Any, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    est = timezone(timedelta(hours=-5))
    store = vault.store
    case = store.cases.add(Case(id=0, title="Headphones never arrived", provider="PayPal", amount=Decimal("89.99"),
                                currency="USD", classification="not_received"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 11, 1, 14, 0, tzinfo=est),
                                       amount=Decimal("89.99"), currency="USD", counterparty="SoundDeals LLC"))
    record_submission(store, case.id, "paypal.dispute", "PP-D-1", datetime(2026, 11, 8, 9, 0, tzinfo=est))
    folder = vault.folder
    vault.close()
    assert main(_cli(folder, tmp_path, "plan", "--case", str(case.id), "--today", "2026-11-23")) == 0
    soon = capsys.readouterr().out
    assert "closes 2026-11-28 (5 days left)" in soon
    assert "Last day: 2026-11-28. After that day this channel no longer accepts it." in soon
    assert main(_cli(folder, tmp_path, "plan", "--case", str(case.id), "--today", "2026-12-06")) == 0
    late = capsys.readouterr().out
    claim = next(line for line in late.splitlines() if "paypal.claim" in line)
    assert "[Window closed]" in claim and "closed 2026-11-28" in claim and "-8" not in late
    assert "Too late: the last day was 2026-11-28" in late
    assert "→ paypal.cfpb" in late  # the CFPB is where the buyer can still go
    assert "Submitted 2026-11-08 09:00-05:00, confirmation PP-D-1" in late  # a time people read, with its zone
    done = next(line for line in late.splitlines() if "paypal.dispute" in line)
    assert "days left" not in done  # a step done has no clock left
    # every step names its source and "as of" date, with or without a rule text
    assert late.count("Source: ") == 3 and late.count("as of 2026-11-30") == 3
    assert main(_cli(folder, tmp_path, "submit", "--case", str(case.id), "--rung", "paypal.cfpb", "--ref",
                     "CFPB-1", "--at", "2026-12-06T10:00:00-05:00")) == 0
    assert "“Complain to the CFPB (US)” recorded (CFPB-1)" in capsys.readouterr().out


def test_cli_playbook_names_its_source(vault: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = vault.store.cases.add(Case(id=0, title="TokenPocket wallet drained after an approval", kind="crypto",
                                      provider="TokenPocket", classification="unauthorized"))
    folder = vault.folder
    vault.close()
    assert main(_cli(folder, tmp_path, "playbook", "--case", str(case.id))) == 0
    out = capsys.readouterr().out
    assert "Wallet drained or malicious approval" in out
    assert "Source: FBI Internet Crime Complaint Center (IC3)" in out and "as of 2026-11-30." in out
