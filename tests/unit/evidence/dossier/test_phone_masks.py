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
from hypothesis import assume, given
from hypothesis import strategies as st

from walletcare.evidence.dossier.layout import render
from walletcare.evidence.dossier.masking import mask_boxes, mask_text, sensitive_spans
from walletcare.evidence.dossier.patterns import mask_phone, phone_spans
from walletcare.evidence.dossier.redact import _mask_identifiers, redact
from walletcare.evidence.ocr import OcrLine
from walletcare.secrets import find_secrets

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
                replace(small.contacts[0], id=small.contacts[0].id + 100, channel="+1 (415) 555-0133"),
                replace(small.contacts[0], id=small.contacts[0].id + 101, channel="13912345678"),
                *small.contacts[1:])
    data = replace(small, case=case, contacts=contacts)
    assert redact(data).case.claimant.phone == "(***) ***-3344"
    pdf = render(data, make_options(lang="en", redact=True), signer=signer).pdf
    with pdfplumber.open(BytesIO(pdf)) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    flat = "".join(text.split())
    assert "(***)***-3344" in flat and "+1******3344" in flat and "+852****4567" in flat and "**-****-6789" in flat
    assert "+1(***)***-0133" in flat and "139****5678" in flat  # (the numbers contacts were made on)
    for unmasked in ("(555)", "555201", "555-201", "1-555", "+1555", "201-", "2013344", "9123", "2345-", "(415)",
                     "555-0133", "13912345678", "3912345"):
        assert unmasked not in flat, unmasked
    assert "2026-03-05" in flat and "2026-03-06" in flat  # (dates stay whole: the timeline reads them)


# A cue counts with the words people put between it and the number (手机号码是, phone number, tel #) and for
# every number of a list after it; a bare run of ten digits is a US/Canada number when it can be one.
HK_FIRST = st.sampled_from("235689")
CUED_FORMS = ("手機號碼：{a} {b}", "手机号：{a} {b}", "电话号码 {a}{b}", "电话是 {a}{b}", "手机号码为：{a}-{b}",
              "聯絡電話號碼為 {a} {b}", "phone number: {a} {b}", "Phone no. {a}{b}", "tel #{a}{b}", "Tel. No: {a} {b}",
              "my phone number is {a} {b}", "telephone {a} {b}", "cellphone: {a}-{b}", "客服热线 {a} {b}")


@given(st.tuples(HK_FIRST, D, D, D).map("".join), LINE, st.sampled_from(CUED_FORMS))
def test_a_number_after_a_cue_and_its_words_is_masked(first: str, last: str, form: str) -> None:
    text = form.format(a=first, b=last)
    masked = _mask_identifiers(text)
    assert _digits(masked) == last, (text, masked)
    assert mask_text(text) == masked


@given(st.lists(st.tuples(st.tuples(HK_FIRST, D, D, D).map("".join), LINE), min_size=2, max_size=4),
       st.sampled_from((" / ", "/", ", ", "，", "、", "; ")), st.sampled_from(("phone ", "电话：", "手機 ", "Call ")))
def test_every_number_of_a_list_after_a_cue_is_masked(numbers: list[tuple[str, str]], sep: str, cue: str) -> None:
    text = cue + sep.join(a + b for a, b in numbers) + " 谢谢"
    masked = _mask_identifiers(text)
    assert _digits(masked) == "".join(b for _a, b in numbers), (text, masked)
    assert masked == mask_text(text)


def test_the_numbers_the_reviewer_found_unmasked_are_masked() -> None:
    expected = {"手機號碼：9123 4567": "手機號碼：**** 4567", "手机号：6234 5678": "手机号：**** 5678",
                "电话号码 91234567": "电话号码 ****4567", "电话是 62345678": "电话是 ****5678",
                "phone 91234567 / 92345678": "phone ****4567 / ****5678",
                "Contact 5552013344 today": "Contact ******3344 today"}
    for text, masked in expected.items():
        assert _mask_identifiers(text) == masked and mask_text(text) == masked
    for text in ("订单号 13812345678", "ID 13812345678", "Order 13812345678"):  # (eleven digits: a mobile, always)
        assert _mask_identifiers(text).endswith("138****5678")


@given(AREA.filter(lambda a: a[1:] != "11"), AREA.filter(lambda e: e[1:] != "11"), LINE,
       st.sampled_from(("Contact {p} today", "对方号码{p}，", "{p}", "texted me from {p}.", "來電 {p}")))
def test_a_bare_ten_digit_us_number_is_masked(area: str, exchange: str, line: str, around: str) -> None:
    phone = area + exchange + line
    text = around.format(p=phone)
    start = text.index(phone)
    if re.fullmatch(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])", phone):
        assert phone_spans(text) == []  # (a day and an hour: 2024031510)
        return
    assert phone_spans(text) == [(start, start + 10)]
    assert _mask_identifiers(text) == text.replace(phone, "******" + line) == mask_text(text)


@given(st.tuples(st.sampled_from("23456789"), *[D] * 9).map("".join),
       st.sampled_from(("订单号 {x}", "訂單編號：{x}", "Order #{x} shipped", "ref {x}", "金额：{x}", "¥{x}", "{x} 元",
                        "{x}.00", "USD {x}", "trade no. {x}", "流水号{x}")))
def test_ten_digits_that_are_an_order_number_or_an_amount_stay_whole(value: str, around: str) -> None:
    text = around.format(x=value)
    assert phone_spans(text) == [] and _mask_identifiers(text) == text


# A date after a cue is a date, the time after it too: never masked, in a dossier's text or on a picture.
@given(st.tuples(st.dates(date(1990, 1, 1), date(2040, 12, 31)), st.times()).flatmap(lambda dt: st.sampled_from((
           f"{dt[0]:%Y-%m-%d} {dt[1]:%H:%M}", f"{dt[0]:%Y.%m.%d} {dt[1]:%H:%M}", f"{dt[0]:%Y/%m/%d} {dt[1]:%H:%M:%S}",
           f"{dt[0]:%d/%m/%Y} {dt[1]:%H:%M}", f"{dt[0]:%Y-%m-%d} {dt[1]:%H %M}", f"{dt[0]:%Y-%m-%d}"))),
       st.sampled_from(("电话 {d} 联系客服", "電話：{d} 來電", "call: {d}", "Phone {d}", "手机号 {d} 收到短信",
                        "致電 {d}", "Called on {d}")))
def test_a_date_and_time_after_a_cue_stay_whole(when: str, form: str) -> None:
    text = form.format(d=when)
    assert phone_spans(text) == [], text
    assert _mask_identifiers(text) == text and mask_text(text) == text
    assert sensitive_spans(text) == []


@given(st.tuples(HK_FIRST, D, D, D).map("".join), LINE,
       st.sampled_from(("电话 {p} {d} 10:30 联系客服", "Phone {p} {d} 14:05", "電話：{p}，{d} 14:05")))
def test_a_date_after_a_cued_number_stays_whole(first: str, last: str, form: str) -> None:
    text = form.format(p=first + last, d="2024-03-15")
    assume(not find_secrets(text, kinds=("card",)))  # (sixteen digits with a valid check digit read as a card)
    masked = _mask_identifiers(text)
    assert masked == text.replace(first + last, "****" + last), masked


def test_the_redacted_pdf_masks_cued_listed_and_bare_numbers(small: Any, signer: Any, make_options: Any) -> None:
    case = replace(small.case, security_actions="2026-03-05 手機號碼：9123 4567，电话是 62345678",
                   reports_filed="2026-03-06 Police: phone 91234567 / 92345678. Contact 5552013344 today.")
    contacts = (replace(small.contacts[0], summary="客服电话号码 93456789；电话 2024-03-15 10:30 联系客服，"
                                                   "call: 2024-03-16 14:05"), *small.contacts[1:])
    data = replace(small, case=case, contacts=contacts)
    pdf = render(data, make_options(lang="zh-CN", redact=True), signer=signer).pdf
    with pdfplumber.open(BytesIO(pdf)) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    flat = "".join(text.split())
    for unmasked in ("9123", "6234", "91234567", "9234", "555201", "5552013344", "9345"):
        assert unmasked not in flat, unmasked
    assert "****4567" in flat and "******3344" in flat and "****5678" in flat and "****6789" in flat
    assert "2024-03-1510:30" in flat and "2024-03-1614:05" in flat  # (the dates and times stay whole)


def _ocr_line(text: str, top: int) -> OcrLine:
    """A read line whose words (runs of digits, or one other character) are 10 px wide per character."""
    words = tuple((m.group(0), (10 + 10 * m.start(), top, 10 + 10 * m.end(), top + 30))
                  for m in re.finditer(r"\d+|\S", text))
    return OcrLine(text, 0.99, ((10, top), (10 + 10 * len(text), top), (10 + 10 * len(text), top + 30),
                                (10, top + 30)), 0, words)


def test_a_redacted_picture_boxes_the_cued_number_but_not_the_date() -> None:
    lines = [_ocr_line("电话 2024-03-15 10:30 联系客服", 10), _ocr_line("手機號碼：9123 4567", 60),
             _ocr_line("Phone 2024.03.15 14:05", 110)]
    boxes = mask_boxes(lines)
    assert boxes and all(60 - 10 < top < 60 for _page, (_l, top, _r, _b) in boxes)  # (the second line alone)
    assert len(boxes) == 2  # (9123 and 4567)
