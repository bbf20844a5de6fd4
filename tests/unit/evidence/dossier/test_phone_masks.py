"""Phone numbers in a redacted dossier: US/Canada (NANP), mainland China, Taiwan and Hong Kong numbers, in the
forms people write them, keep their country code and last four digits only (a mainland mobile its network
prefix too, ``138****5678``); an area code never stays. Order numbers, amounts, dates and hashes are not
phone numbers. Property tests over the patterns, and a redacted PDF read back with pdfplumber."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

import pdfplumber
from hypothesis import given
from hypothesis import strategies as st

from walletcare.evidence.dossier.layout import render
from walletcare.evidence.dossier.masking import mask_text
from walletcare.evidence.dossier.patterns import mask_phone, phone_spans
from walletcare.evidence.dossier.redact import _mask_identifiers, redact

D = st.sampled_from("0123456789")
AREA = st.tuples(st.sampled_from("23456789"), D, D).map("".join)
LINE = st.tuples(D, D, D, D).map("".join)
NANP_FORMS = ("({a}) {e}-{n}", "({a}){e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "{a} {e} {n}", "+1 {a} {e} {n}",
              "+1 ({a}) {e}-{n}", "+1-{a}-{e}-{n}", "+1{a}{e}{n}", "1-{a}-{e}-{n}", "1 ({a}) {e}-{n}")
AROUND = st.sampled_from(("Call the seller at {p} before Friday.", "客服电话：{p}，说会回电。", "{p}",
                          "The agent ({p}) promised a refund.", "對方電話 {p} 已停機"))


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _masks(text: str, phone: str) -> None:
    """``text`` holding ``phone`` is masked the same way by the dossier's text and by redacted copies."""
    expected = text.replace(phone, mask_phone(phone))
    assert _mask_identifiers(text) == expected
    assert mask_text(text) == expected


@given(AREA, AREA, LINE, st.sampled_from(NANP_FORMS), AROUND)
def test_a_nanp_number_keeps_only_its_country_code_and_last_four(area: str, exchange: str, line: str, form: str,
                                                                  around: str) -> None:
    phone = form.format(a=area, e=exchange, n=line)
    text = around.format(p=phone)
    start = text.index(phone)
    assert phone_spans(text) == [(start, start + len(phone))]
    masked = mask_phone(phone)
    code = "1" if phone.lstrip("+").startswith("1") else ""
    assert _digits(masked) == code + line  # the area code and the exchange are gone
    assert masked.endswith(line) and len(masked) == len(phone)
    _masks(text, phone)


@given(st.sampled_from("3456789"), st.lists(D, min_size=9, max_size=9).map("".join),
       st.sampled_from(("1{p}{r}", "1{p}{a} {b} {c}", "1{p}{a}-{b}-{c}", "+86 1{p}{a} {b} {c}", "+861{p}{r}",
                        "0086 1{p}{r}")), AROUND)
def test_a_mainland_mobile_keeps_its_network_prefix_and_last_four(second: str, rest: str, form: str,
                                                                  around: str) -> None:
    phone = form.format(p=second, r=rest, a=rest[0], b=rest[1:5], c=rest[5:])
    text = around.format(p=phone)
    assert len(phone_spans(text)) == 1
    masked = mask_phone(phone)
    code = "0086" if phone.startswith("0086") else "86" if phone.startswith("+86") else ""
    assert _digits(masked) == code + "1" + second + rest[0] + rest[-4:]
    _masks(text, phone)


@given(st.lists(D, min_size=8, max_size=8).map("".join), st.sampled_from("234578"),
       st.sampled_from(("09{a}-{b}-{c}", "09{a} {b} {c}", "+886 9{a} {b} {c}", "(0{d}) {e} {f}", "0{d}-{e}-{f}",
                        "+886 {d} {e} {f}", "+852 {e} {f}", "+852-{e}-{f}", "010-{e}{f}", "(021) {e} {f}")), AROUND)
def test_taiwan_and_hong_kong_numbers_keep_only_the_last_four(rest: str, area: str, form: str, around: str) -> None:
    phone = form.format(a=rest[:2], b=rest[2:5], c=rest[5:8], d=area, e=rest[:4], f=rest[4:])
    text = around.format(p=phone)
    assert len(phone_spans(text)) == 1, phone
    masked = mask_phone(phone)
    code = next((c for c in ("886", "852") if phone.startswith("+" + c)), "")
    assert _digits(masked) == code + _digits(phone)[-4:]  # the area code (02, 010, 021 ...) is masked too
    _masks(text, phone)


@given(st.tuples(st.sampled_from("23456789"), D, D, D).map("".join), LINE,  # (Hong Kong's local numbers)
       st.sampled_from(("电话 {a} {b}", "電話：{a}-{b}", "Phone: {a} {b}", "WhatsApp {a} {b}")))
def test_a_local_number_after_a_cue_is_masked(first: str, last: str, form: str) -> None:
    text = form.format(a=first, b=last)
    masked = _mask_identifiers(text)
    assert _digits(masked) == last and masked.startswith(form.split("{")[0])


NOT_PHONES = st.one_of(
    st.from_regex(r"\A[0-9]{12,32}\Z"),  # order and trade numbers
    st.from_regex(r"\A[A-Z]{1,3}[0-9]{8,30}\Z"),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2).flatmap(
        lambda d: st.sampled_from((f"{d:,.2f}", f"{d:.2f}", f"¥{d:,.2f}", f"USD {d:,.2f}", f"{d:,.2f} 元"))),
    st.tuples(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.times()).flatmap(lambda dt: st.sampled_from((
        f"{dt[0]:%Y-%m-%d}", f"{dt[0]:%Y/%m/%d}", f"{dt[0]:%Y.%m.%d}", f"{dt[0]:%m/%d/%Y}",
        f"{datetime.combine(dt[0], dt[1]):%Y-%m-%d %H:%M:%S}", f"{dt[0]:%Y年%m月%d日} {dt[1]:%H:%M}",
        f"{dt[0]:%Y%m%d}"))),
    st.from_regex(r"\A(0x)?[0-9a-f]{64}\Z"),  # transaction hashes
    st.from_regex(r"\A[0-9A-F]{64}\Z"),
)


@given(NOT_PHONES, st.sampled_from(("订单号 {x} 已付款", "Order {x} paid", "{x}", "金额：{x}", "tx {x} confirmed",
                                    "Phone order {x} shipped")))
def test_order_numbers_amounts_dates_and_hashes_are_not_phone_numbers(value: str, around: str) -> None:
    text = around.format(x=value)
    assert phone_spans(text) == [], value


def test_the_redacted_pdf_holds_no_unmasked_digit_of_the_numbers(small: Any, signer: Any, make_options: Any) -> None:
    us, hk, tw = "(555) 201-3344", "+852 9123 4567", "02-2345-6789"
    case = replace(small.case, claimant=replace(small.case.claimant, phone=us),
                   security_actions=f"2026-03-05 Called the bank from +1 555 201 3344 and {hk}.",
                   reports_filed=f"2026-03-06 Police station, {tw}.")
    contacts = (replace(small.contacts[0], summary=f"The agent said to call 1-555-201-3344 or {hk}."),
                *small.contacts[1:])
    data = replace(small, case=case, contacts=contacts)
    assert redact(data).case.claimant.phone == "(***) ***-3344"
    pdf = render(data, make_options(lang="en", redact=True), signer=signer).pdf
    with pdfplumber.open(BytesIO(pdf)) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    flat = "".join(text.split())
    assert "(***)***-3344" in flat and "+1******3344" in flat and "+852****4567" in flat and "**-****-6789" in flat
    for unmasked in ("(555)", "555201", "555-201", "1-555", "+1555", "201-", "2013344", "9123", "2345-"):
        assert unmasked not in flat, unmasked
    assert "2026-03-05" in flat and "2026-03-06" in flat  # (dates stay whole: the timeline reads them)
