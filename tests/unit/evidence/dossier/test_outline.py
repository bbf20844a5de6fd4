"""The outline (``outline.case_outline``) names the sections the dossier prints for a case and those it
leaves out because the case has nothing for them: a real vault, the dossier exported and its bookmarks read
back with pypdf, for a sparse case and a full one, in each language and addressed to the police."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from walletcare.evidence.dossier.collect import gather, gather_light
from walletcare.evidence.dossier.data import ExportOptions
from walletcare.evidence.dossier.deadlines import compute, disputed_payment_day
from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.dossier.outline import case_outline, outline
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction
from walletcare.i18n import translate

CST = timezone(timedelta(hours=8))


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (360, 640), (200, 220, 240)).save(out, "PNG")
    return out.getvalue()


def _sparse(store: Any) -> int:
    """A claimant's name and one disputed payment: no respondent, contacts, screenshots or refund asked."""
    case = store.cases.add(Case(id=0, title="Charged twice", kind="payment", currency="USD",
                                claimant=Party(name="Alex Doe")))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 3, 2, 9, 30, tzinfo=CST),
                                       amount=Decimal("42.00"), currency="USD", counterparty="Coffee Shop"))
    return case.id


def _full(store: Any) -> int:
    case = store.cases.add(Case(
        id=0, title="微信转账被骗", provider="微信支付", kind="payment", amount=Decimal("5000.00"), currency="CNY",
        claimant=Party(name="李华", phone="13900001111"), respondent=Party(organisation="财付通支付科技有限公司"),
        classification="scam", requested_resolution="退还 5,000.00 元", discovered=date(2026, 2, 3),
        security_actions="2026-02-03 修改了支付密码", reports_filed="2026-02-04 向派出所报案"))
    store.transactions.add(Transaction(id=0, case_id=case.id, time=datetime(2026, 2, 1, 10, 0, tzinfo=CST),
                                       amount=Decimal("5000.00"), currency="CNY", counterparty="张某",
                                       references=(Reference("trade_no", "1000012345"),)))
    store.contacts.add(Contact(id=0, case_id=case.id, kind="call", at=datetime(2026, 2, 3, 9, 0, tzinfo=CST),
                               summary="客服说会在三天内回复。", channel="95017"))
    store.evidence.add(case.id, _png(), "聊天截图.png", caption="对方要求转账的聊天记录")
    return case.id


def _bookmarks(path: Path) -> list[str]:
    return [item.title for item in PdfReader(path).outline if not isinstance(item, list)]


def _imported(store: Any, rows: int, *, disputed: bool = True, first_received: bool = False) -> int:
    """A case with an imported statement of ``rows`` rows (stored as an importer stores them: role "record",
    citing their line of the export file kept as evidence) and, with ``disputed``, three rows marked disputed
    and two context; with ``first_received``, the disputed rows are money received (no payment: the deadlines
    count from the statement's first day, its first row written in another time zone)."""
    case = store.cases.add(Case(id=0, title="Alipay: charged for a cancelled order", provider="支付宝", kind="payment",
                                amount=Decimal("88.00"), currency="CNY", claimant=Party(name="王芳")))
    base = datetime(2026, 1, 5, 8, 0, tzinfo=CST)
    lines = ["交易时间,金额,交易对方"] + [f"{base + timedelta(minutes=7 * i):%Y-%m-%d %H:%M:%S},{i % 500}.00,商户{i}"
                                     for i in range(rows)]
    evidence, _dup = store.evidence.add(case.id, "\n".join(lines).encode(), "alipay.csv")
    txs = [Transaction(id=0, case_id=case.id, time=base + timedelta(minutes=7 * i), amount=Decimal(f"{i % 500}.00"),
                       currency="CNY", counterparty=f"商户{i}", raw=lines[i + 1], source_evidence_id=evidence.id,
                       source_line=i + 2, source_format="alipay", role="record") for i in range(rows)]
    if first_received:  # (earlier in its own zone than any other row, later in UTC than the second)
        txs[0] = replace(txs[0], time=(base + timedelta(minutes=10)).astimezone(timezone(timedelta(hours=-8))))
    if disputed:
        for n, role in ((rows // 2, "disputed"), (rows // 3, "disputed"), (rows - 1, "disputed"), (1, "context"),
                        (rows // 4, "context")):
            txs[n] = replace(txs[n], role=role, direction="in" if first_received else "out")
    store.transactions.add_many(txs)
    return case.id


def _same_as_gathered(store: Any, case_id: int, options: ExportOptions) -> tuple[Any, ...]:
    """The preview's outline, checked against the outline of everything ``gather`` reads (and the deadlines of
    the rows the preview reads against those of all the rows)."""
    today = date(2026, 3, 1)
    parts = case_outline(store, case_id, options, today)
    full = gather(store, case_id, full_statements=options.full_statements)
    assert parts == outline(full, options, today)
    light, _roles = gather_light(store, case_id, full_statements=options.full_statements)
    assert compute(light, options.lang, today) == compute(full, options.lang, today)
    assert disputed_payment_day(light) == disputed_payment_day(full)
    return parts


def _export_and_compare(vault: Any, case_id: int, tmp_path: Path, lang: str, to: str | None,
                        full_statements: bool = False) -> list[Any]:
    options = ExportOptions(lang=lang, originals="none", channel=to or "", full_statements=full_statements)
    _same_as_gathered(vault.store, case_id, options)
    parts = case_outline(vault.store, case_id, options, date.today())
    target = tmp_path / f"{lang}-{to}-{full_statements}.pdf"
    export_case(vault, case_id, target, lang=lang, originals="none", to=to, full_statements=full_statements)
    printed = [translate(p.title, lang) for p in parts if p.printed and p.headed]
    assert _bookmarks(target) == printed
    return list(parts)


def test_a_sparse_case_leaves_out_the_empty_sections(vault: Any, tmp_path: Path) -> None:
    parts = _export_and_compare(vault, _sparse(vault.store), tmp_path, "en", None)
    left_out = {p.key for p in parts if not p.printed}
    assert {"respondent", "contacts", "exhibits", "resolution", "classification", "statements", "security",
            "reports"} <= left_out
    assert {"cover", "contents", "claimant", "letter", "timeline", "transactions", "manifest",
            "declaration"} <= {p.key for p in parts if p.printed}
    assert "statement_rows" not in {p.key for p in parts}  # the appendix only when asked for


@pytest.mark.parametrize(("lang", "to"), [("zh-CN", None), ("zh-TW", "police"), ("en", "police")])
def test_a_full_case_prints_every_section_it_has(vault: Any, tmp_path: Path, lang: str, to: str | None) -> None:
    parts = _export_and_compare(vault, _full(vault.store), tmp_path, lang, to)
    printed = {p.key for p in parts if p.printed}
    assert {"respondent", "contacts", "exhibits", "resolution", "classification", "security", "reports"} <= printed
    assert "statements" not in printed and "account" in printed  # no imported statement; the wallet is named
    claimant = next(p for p in parts if p.key == "claimant")
    assert claimant.title == ("Person reporting" if to == "police" else "Claimant")


def test_the_appendix_is_listed_when_asked_for(vault: Any) -> None:
    case_id = _sparse(vault.store)
    options = ExportOptions(lang="en", full_statements=True)
    parts = {p.key: p for p in case_outline(vault.store, case_id, options, date.today())}
    assert not parts["statement_rows"].printed  # asked for, but the case has no imported rows


@pytest.mark.parametrize("full_statements", [False, True])
@pytest.mark.parametrize("kind", ["sparse", "full", "imported", "records only", "nothing paid"])
def test_the_preview_gives_the_outline_of_the_exported_dossier(vault: Any, tmp_path: Path, kind: str,
                                                               full_statements: bool) -> None:
    store = vault.store
    case_id = {"sparse": lambda: _sparse(store), "full": lambda: _full(store),
               "imported": lambda: _imported(store, 40), "records only": lambda: _imported(store, 40, disputed=False),
               "nothing paid": lambda: _imported(store, 40, first_received=True)}[kind]()
    parts = {p.key: p.printed for p in _export_and_compare(vault, case_id, tmp_path, "en", None, full_statements)}
    if kind in ("imported", "records only", "nothing paid"):
        assert parts["statements"] and parts.get("statement_rows", False) == full_statements
        assert parts["transactions"] == (kind != "records only")


def test_the_preview_of_a_large_statement_is_quick(vault: Any) -> None:
    """20,000 imported rows: the preview counts them per role instead of reading them (it read every one
    with the full statements asked for, and re-derived each imported row's raw line from its file)."""
    store = vault.store
    case_id = _imported(store, 20_000)
    for full_statements in (False, True):
        options = ExportOptions(lang="zh-CN", full_statements=full_statements)
        parts = case_outline(store, case_id, options, date.today())
        spent = []
        for _n in range(3):
            start = time.process_time()
            assert case_outline(store, case_id, options, date.today()) == parts
            spent.append(time.process_time() - start)
        assert min(spent) < 0.1, (full_statements, spent)  # (CPU time; the full gather takes 0.2 s here)
    light, roles = gather_light(store, case_id, full_statements=True)
    assert roles == {"disputed", "context", "record"} and len(light.transactions) == 6  # (and the first row)
