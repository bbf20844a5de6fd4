"""Rendering the rich case and reading it back: sections in order, Chinese text extractable, fonts embedded,
page numbers, exhibits' hashes, determinism, paper sizes, left-out sections, progress and cancel."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import UTC
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from walletcare.errors import Cancelled
from walletcare.evidence.dossier.layout import render
from walletcare.i18n import translate

SECTIONS = ("Dispute dossier", "Claimant", "Respondent", "Account", "Summary letter", "Timeline", "Transactions",
            "Issue classification", "Requested resolution", "Contact log", "Deadlines", "Security actions taken",
            "Reports filed", "Exhibits", "Manifest", "Declaration")


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def texts(rendered: dict[str, Any]) -> dict[str, list[str]]:
    return {lang: _texts(result.pdf) for lang, result in rendered.items()}


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_every_section_heading_in_order(texts: dict[str, list[str]], lang: str) -> None:
    whole = "\n".join(texts[lang])
    lines = [line.strip() for line in whole.splitlines()]
    positions = []
    for msgid in SECTIONS:
        heading = translate(msgid, lang)
        found = [i for i, line in enumerate(lines) if line == heading]
        assert found, f"{lang}: heading {heading!r} missing"
        positions.append(found[0])
    assert positions == sorted(positions), f"{lang}: sections out of order"


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_chinese_text_comes_back_exactly(texts: dict[str, list[str]], rich: Any, lang: str) -> None:
    flat = "".join("".join(texts[lang]).split())
    case = rich.case
    for value in (case.claimant.name, case.title, case.respondent.organisation, case.claimant.address,
                  rich.contacts[0].summary, case.description):
        assert "".join(value.split()) in flat, f"{lang}: {value!r} not extractable"


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_each_exhibit_hash_printed(texts: dict[str, list[str]], rich: Any, lang: str) -> None:
    flat = "".join("".join(texts[lang]).split())
    for ex in rich.exhibits:
        assert ex.evidence.sha256 in flat


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_page_x_of_y_on_every_page(texts: dict[str, list[str]], rendered: dict[str, Any], lang: str) -> None:
    pages = texts[lang]
    total = rendered[lang].pages
    assert total == len(pages) > 20
    label = translate("Page {page} of {total}", lang)
    for number, text in enumerate(pages, 1):
        expected = "".join(label.format(page=number, total=total).split())
        assert expected in "".join(text.split()), f"page {number}"
        assert rendered[lang].fingerprint[:16] in text



@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_cover_states_the_page_count(rendered: dict[str, Any], lang: str) -> None:
    import pdfplumber

    with pdfplumber.open(BytesIO(rendered[lang].pdf), pages=[1]) as pdf:
        lines = [line.replace(" ", "") for line in pdf.pages[0].extract_text().splitlines()]
    assert f"{translate('Pages:', lang).replace(' ', '')}{rendered[lang].pages}" in lines


def test_fonts_embedded_as_truetype_subsets(rendered: dict[str, Any]) -> None:
    reader = PdfReader(BytesIO(rendered["zh-CN"].pdf))
    embedded, names = 0, set()
    for page in reader.pages[:5]:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            for desc in [font.get("/FontDescriptor")]:
                if desc is not None and "/FontFile2" in desc.get_object():
                    embedded += 1
            for sub in font.get("/DescendantFonts", []):
                desc = sub.get_object().get("/FontDescriptor")
                if desc is not None and "/FontFile2" in desc.get_object():
                    embedded += 1
    if not rendered["zh-CN"].warnings:
        assert embedded > 0, names
        assert all("STSong" not in n for n in names)


def test_same_input_gives_identical_bytes(small: Any, signer: Any, make_options: Any) -> None:
    first = render(small, make_options(lang="zh-CN"), signer=signer).pdf
    second = render(small, make_options(lang="zh-CN"), signer=signer).pdf
    assert b"/ByteRange" in first and b"/ETSI.CAdES.detached" in first  # sealed, signature and all
    assert first == second
    later = render(small, make_options(lang="zh-CN", exported_at=make_options().exported_at.replace(hour=11)),
                   signer=signer).pdf
    assert later != first


def test_creation_date_is_the_export_time(small: Any, signer: Any, make_options: Any) -> None:
    reader = PdfReader(BytesIO(render(small, make_options(), signer=signer).pdf))
    assert reader.metadata["/CreationDate"] == "D:20260402103000+08'00'"


def test_letter_paper(small: Any, signer: Any, make_options: Any) -> None:
    page = PdfReader(BytesIO(render(small, make_options(paper="Letter"), signer=signer).pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    page = PdfReader(BytesIO(render(small, make_options(), signer=signer).pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_sections_without_data_are_left_out(small: Any, signer: Any, make_options: Any) -> None:
    from walletcare.evidence.models import Party

    bare = replace(small, case=replace(small.case, respondent=Party(), classification="", requested_resolution="",
                                       desired_outcome="", security_actions="", reports_filed=""),
                   contacts=(), exhibits=())
    text = "\n".join(_texts(render(bare, make_options(lang="en"), signer=signer).pdf))
    lines = {line.strip() for line in text.splitlines()}
    for gone in ("Respondent", "Issue classification", "Requested resolution", "Contact log", "Security actions taken",
                 "Reports filed", "Exhibits"):
        assert gone not in lines
    for kept in ("Claimant", "Transactions", "Manifest", "Declaration"):
        assert kept in lines


def test_totals_per_currency(texts: dict[str, list[str]]) -> None:
    whole = "\n".join(texts["en"])
    block = whole[whole.index("Totals per currency"):]
    assert re.search(r"CNY\s+100\s", block) and re.search(r"USDT\s+100\s", block)


def test_progress_reaches_the_end_and_cancel_stops(small: Any, signer: Any, make_options: Any) -> None:
    seen: list[tuple[int, int]] = []
    render(small, make_options(), signer=signer, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:], strict=False))
    flag = threading.Event()
    calls = []

    def stop_after_three(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            flag.set()

    with pytest.raises(Cancelled):
        render(small, make_options(), signer=signer, progress=stop_after_three, cancel=flag)


def test_password_protected_pdf(small: Any, signer: Any, make_options: Any) -> None:
    pdf = render(small, make_options(pdf_password="s3cret-pass"), signer=signer).pdf
    reader = PdfReader(BytesIO(pdf))
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("s3cret-pass") != 0
    assert small.case.claimant.name in reader.pages[0].extract_text()  # the cover names the claimant
    assert "manifest.json" in reader.attachments


def test_long_chinese_text_wraps_in_an_english_dossier(small: Any, signer: Any, make_options: Any) -> None:
    import pdfplumber

    long_text = "对方自称平台客服要求我先缴纳保证金才能解冻账户" * 20 + " <b>&amp; 'quotes'"
    data = replace(small, case=replace(small.case, description=long_text))
    pdf = render(data, make_options(lang="en"), signer=signer).pdf
    with pdfplumber.open(BytesIO(pdf)) as doc:
        page_width = float(doc.pages[0].width)
        found = False
        for page in doc.pages[:4]:
            for char in page.chars:
                assert char["x1"] <= page_width - 40, "text runs past the right margin"
            found = found or "对方自称平台客服" in page.extract_text()
    assert found
    assert "<b>&amp; 'quotes'" in "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages[:4])


def test_case_with_nothing_but_a_title(signer: Any, make_options: Any) -> None:
    from walletcare.evidence.dossier.data import DossierData
    from walletcare.evidence.models import Case

    result = render(DossierData(case=Case(id=7, title="空案件")), make_options(), signer=signer)
    text = "\n".join(_texts(result.pdf))
    assert "空案件" in text and result.pages >= 2
    for gone in ("交易明细", "联系记录", "证据"):
        assert gone not in {line.strip() for line in text.splitlines()}


def test_a_note_too_long_for_a_table_row_is_printed_whole(small: Any, signer: Any, make_options: Any) -> None:
    note = " ".join(f"Sentence {n} of what the agent said." for n in range(1, 400)) + " The very last words."
    long = replace(small.transactions[0], note=note)
    pdf = render(replace(small, transactions=(long, *small.transactions[1:])), make_options(lang="en"), signer=signer).pdf
    text = " ".join("".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).split())
    assert "Long entries in full" in text and "The very last words." in text and "Sentence 399" in text


def _kit(lang: str = "en") -> Any:
    from walletcare.evidence.dossier.blocks import Kit
    from walletcare.evidence.dossier.fonts import find_font

    return Kit(lang=lang, font=find_font(lang, None), frame_width=500, frame_height=700)


def test_ids_move_whole_or_break_at_fixed_groups_with_a_mark() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from walletcare.evidence.dossier.blocks import CONTINUED

    kit = _kit()
    order = "2024052022001412345678901234"
    width = stringWidth(order, kit.font.name, 7.5) + 2
    wrapped = kit.wrap(f"订单号 order {order}", width).split("\n")
    assert order in wrapped and all(order not in line or line == order for line in wrapped)  # whole, on its own
    tx_hash = "0x" + "ab12cd34" * 8
    narrow = stringWidth("0x" + "ab12cd34" * 3, kit.font.name, 7.5)
    lines = kit.wrap(f"tx {tx_hash}", narrow).split("\n")
    assert lines[0] == "tx" and len(lines) >= 3
    assert all(line.endswith(CONTINUED) for line in lines[1:-1]) and not lines[-1].endswith(CONTINUED)
    parts = [line.removesuffix(CONTINUED) for line in lines[1:]]
    assert "".join(parts) == tx_hash  # nothing lost or added inside the value
    assert all(len(part) % 8 == 0 for part in parts[:-1])  # cut at groups of 8 only
    assert all(stringWidth(line, kit.font.name, 7.5) <= narrow for line in lines)
    assert kit.font.name and stringWidth("»", kit.font.name, 7.5) > 0


def test_a_hash_in_an_exhibit_caption_is_cut_at_groups(rendered: dict[str, Any]) -> None:
    from walletcare.evidence.dossier.blocks import CONTINUED

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(rendered["en"].pdf)).pages)
    hashes = [line for line in text.splitlines() if re.fullmatch(r"(SHA-256 )?[0-9a-f]{16,64}( »)?", line.strip())]
    assert hashes
    for line in hashes:
        value = line.strip().removeprefix("SHA-256 ")
        if value.endswith(CONTINUED):
            assert len(value.removesuffix(CONTINUED)) % 8 == 0


def test_a_paragraph_never_cuts_an_order_number() -> None:
    """ReportLab's CJK wrapping cuts anywhere; a paragraph holding an id breaks its lines around it."""
    kit = _kit("zh-CN")
    order = "2024052022001412345678901234"
    for width in (150, 200, 260, 330):
        para = kit.para(f"我申诉的交易：2024年5月20日 199.00 CNY 某某游戏官方充值 {order} / M20240520143201。")
        para.wrap(width, 1000)
        lines = ["".join(frag.text for frag in line[1]) if isinstance(line, tuple) else
                 "".join(w.text for w in line.words) for line in para.blPara.lines]
        assert sum(order in line for line in lines) == 1, (width, lines)
        assert not any(line.strip().isdigit() and len(line.strip()) < len(order) for line in lines), lines


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_paragraph_with_ids_splits_across_pages(lang: str) -> None:
    """A long paragraph holding order numbers (a redacted OCR transcription, a long description) flows on to
    the next page instead of stopping the export."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    kit = _kit(lang)
    text = "\n".join(f"订单号 order 20240520220014123456{n:04d} 交易成功" for n in range(160))
    para = kit.para(text)
    parts = para.split(500, 300)
    assert len(parts) == 2 and all(p.wrap(500, 10_000)[1] > 0 for p in parts)
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([kit.para(text)])
    pages = [page.extract_text() for page in PdfReader(BytesIO(out.getvalue())).pages]
    assert len(pages) >= 2
    flat = "".join("".join(pages).split())
    assert all(f"20240520220014123456{n:04d}" in flat for n in (0, 80, 159))


def test_totals_print_amounts_with_two_decimals(small: Any, signer: Any, make_options: Any) -> None:
    """An export gives amounts with one decimal (OKLink: ``14345.0``); the totals print them as the rows do."""
    from decimal import Decimal

    base = next(tx for tx in small.transactions if tx.currency == "USDT")
    txs = (replace(base, id=1, amount=Decimal("14345.0"), fee=None, direction="out", role="disputed"),
           replace(base, id=2, amount=Decimal("28500.0"), fee=None, direction="out", role="disputed"))
    pdf = render(replace(small, transactions=txs), make_options(lang="en"), signer=signer).pdf
    whole = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    block = whole[whole.index("Totals per currency"):]
    assert re.search(r"USDT\s+2\s+42,845\.00\s+0\.00\s+0\.00\s+-42,845\.00\s", block), block[:400]


def test_timeline_reads_in_order_in_one_zone(small: Any, signer: Any, make_options: Any) -> None:
    """A wallet export in UTC beside notes in local time: the timeline prints every time in the export's zone,
    so the printed rows are in order; the day the problem was noticed has no made-up time."""
    from datetime import date, datetime, timedelta, timezone

    utc, cst = UTC, timezone(timedelta(hours=8))
    base = small.transactions[0]
    txs = (replace(base, id=1, time=datetime(2025, 11, 7, 11, 41, tzinfo=utc), role="disputed"),
           replace(base, id=2, time=datetime(2025, 11, 8, 19, 46, tzinfo=utc), role="disputed"))
    contact = replace(small.contacts[0], at=datetime(2025, 11, 9, 13, 20, tzinfo=cst))
    case = replace(small.case, discovered=date(2025, 11, 9), security_actions="2025-11-09 revoked the approval",
                   reports_filed="")
    data = replace(small, case=case, transactions=txs, contacts=(contact,), exhibits=())
    pdf = render(data, make_options(lang="en", exported_at=datetime(2026, 12, 6, 9, 0, tzinfo=cst)),
                 signer=signer).pdf
    whole = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    block = whole[whole.index("\nTimeline\n"):whole.index("\nTransactions\n")]
    stamps = re.findall(r"^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?", block, re.MULTILINE)
    assert stamps == sorted(stamps) and len(stamps) == 5, stamps
    assert ("2025-11-09", "03:46") in stamps and ("2025-11-07", "19:41") in stamps  # #2 and #1 at UTC+08:00
    assert "UTC+00:00" not in block
    assert re.search(r"^2025-11-09\s+Problem discovered", block, re.MULTILINE)  # no 00:00
    assert re.search(r"^2025-11-09\s+Security action\s+revoked the approval", block, re.MULTILINE)


def test_the_claimants_follow_up_date_is_not_printed_as_a_promise(small: Any, signer: Any,
                                                                  make_options: Any) -> None:
    from datetime import date

    contact = replace(small.contacts[0], promised="48 小时内补发", follow_up=date(2026, 3, 9))
    pdf = render(replace(small, contacts=(contact,)), make_options(lang="en"), signer=signer).pdf
    whole = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    block = whole[whole.index("\nContact log\n"):whole.index("\nDeadlines\n")]
    assert "48小时内补发" in block.replace(" ", "")
    assert "Promised by" not in whole
    assert "9 Mar 2026" not in block


@pytest.mark.parametrize("room", [30, 60, 90])
def test_the_contact_log_heading_never_ends_a_page_alone(small: Any, make_options: Any, room: float) -> None:
    """With room for the heading but not for the first contact, the heading moves to the next page with it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Spacer

    from walletcare.evidence.dossier import tables
    from walletcare.evidence.dossier.sections import Sheet

    kit = _kit("en")
    sheet = Sheet(kit=kit, data=small, options=make_options(lang="en"), exported_at=make_options().exported_at,
                  fingerprint="0" * 64, public_key="", signature="", manifest={})
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=40, bottomMargin=40)
    doc.build([Spacer(1, doc.height - room), *tables.contacts(sheet)])
    pages = [page.extract_text() for page in PdfReader(BytesIO(out.getvalue())).pages]
    assert len(pages) >= 2
    assert "Contact log" not in pages[0] and "Contact log" in pages[1]
    assert pages[1].index("Contact log") < pages[1].index("C1 ·")
