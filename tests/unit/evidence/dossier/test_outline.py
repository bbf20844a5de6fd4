"""The outline (``outline.case_outline``) names the sections the dossier prints for a case and those it
leaves out because the case has nothing for them: a real vault, the dossier exported and its bookmarks read
back with pypdf, for a sparse case and a full one, in each language and addressed to the police."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from walletcare.evidence.dossier.data import ExportOptions
from walletcare.evidence.dossier.export import export_case
from walletcare.evidence.dossier.outline import case_outline
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


def _export_and_compare(vault: Any, case_id: int, tmp_path: Path, lang: str, to: str | None) -> list[Any]:
    options = ExportOptions(lang=lang, originals="none", channel=to or "")
    parts = case_outline(vault.store, case_id, options, date.today())
    target = tmp_path / f"{lang}-{to}.pdf"
    export_case(vault, case_id, target, lang=lang, originals="none", to=to)
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
