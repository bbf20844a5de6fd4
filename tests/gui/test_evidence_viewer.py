"""The evidence viewer opened from the Evidence tab of the real window: a picture larger than the window
opens fitted to it, and text evidence (txt, csv, json, eml) is shown as read-only text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.live_window import answer, live_window, open_case, shoot
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.main_window import MainWindow

EML = ("From: service@example.com\nTo: me@example.com\nSubject: =?utf-8?B?6YCA5qy+?=\n\n"
       "您好，您的退款申请已受理，预计 3 个工作日内到账。\n")


def add_and_open(qtbot: QtBot, window: MainWindow, path: Path, check: object) -> None:
    tab = window.cases.case_page.evidence
    before = tab.model.rowCount()
    tab.add_files([path])
    qtbot.waitUntil(lambda: tab.model.rowCount() == before + 1, timeout=30000)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.item(r).file_name == path.name)
    problems: list[BaseException] = []
    seen: list[bool] = []

    def run(dialog: EvidenceViewer) -> None:
        check(dialog)  # type: ignore[operator]
        seen.append(True)
        dialog.reject()

    answer(EvidenceViewer, run, problems, attempts=2000)
    tab.open_viewer(tab.model.index(row, 0))
    qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=30000)
    assert not problems, problems


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_viewer_fits_pictures_and_shows_text_files(qtbot: QtBot, existing_vault: Path, tmp_path: Path, lang: str) -> None:
    from PIL import Image, ImageDraw

    window = live_window(qtbot, existing_vault, lang)
    open_case(qtbot, window)
    window.cases.case_page.show_tab(3)
    tall = Image.new("RGB", (1080, 2400), (240, 240, 245))
    ImageDraw.Draw(tall).rectangle((60, 300, 1020, 700), fill=(30, 120, 220))
    buffer = io.BytesIO()
    tall.save(buffer, "PNG")
    (tmp_path / "转账截图.png").write_bytes(buffer.getvalue())

    def fitted(dialog: EvidenceViewer) -> None:
        qtbot.waitUntil(lambda: dialog.zoom.value() < 100, timeout=5000)
        qtbot.waitUntil(lambda: not dialog.scroller.verticalScrollBar().isVisible(), timeout=5000)
        viewport = dialog.scroller.viewport().size()
        shown = dialog.picture.pixmap().size()
        assert shown.width() <= viewport.width() and shown.height() <= viewport.height(), (shown, viewport)
        assert shown.height() >= viewport.height() - 30 or shown.width() >= viewport.width() - 30  # fills one side
        assert not dialog.text.isVisible()
        shoot(dialog, f"evidence-viewer-picture-{lang}")

    add_and_open(qtbot, window, tmp_path / "转账截图.png", fitted)

    (tmp_path / "IMG_0042.HEIC").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200)

    def unreadable(dialog: EvidenceViewer) -> None:
        assert dialog.image.isNull() and not dialog.zoom.isEnabled()
        assert {"zh-CN": "原样保存", "zh-TW": "原樣保存", "en": "byte-exact"}[lang] in dialog.picture.text()
        assert dialog.sha.cursorPosition() == 0

    add_and_open(qtbot, window, tmp_path / "IMG_0042.HEIC", unreadable)

    texts = {"客服邮件.eml": EML, "流水.csv": "日期,金额,对方\n2024-05-01,-120.50,某商户\n2024-05-02,88.00,退款\n",
             "订单.json": '{"order": "2024050122001", "amount": "120.50"}\n', "说明.txt": "第一行\n第二行\n"}
    for name, content in texts.items():
        (tmp_path / name).write_text(content, encoding="gb18030" if name.endswith(".txt") else "utf-8")

        def as_text(dialog: EvidenceViewer, name: str = name, content: str = content) -> None:
            assert dialog.text.isVisible() and dialog.text.isReadOnly()
            if name.endswith(".eml"):  # read as an e-mail: the subject decoded, the body as written
                shown = dialog.text.toPlainText()
                assert "退款" in shown and "=?utf-8?" not in shown and "service@example.com" in shown
                assert "您好，您的退款申请已受理" in shown
            else:
                assert dialog.text.toPlainText() == content
            assert not dialog.scroller.isVisible() and not dialog.zoom_row.isVisible()
            if name.endswith(".eml"):
                shoot(dialog, f"evidence-viewer-text-{lang}")

        add_and_open(qtbot, window, tmp_path / name, as_text)


def _letter(path: Path, pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(pages):
        pdf.setFillColorRGB(0.1, 0.3, 0.8)
        pdf.rect(60, 500, 400, 200, fill=1)
        pdf.drawString(60, 760, f"Bank letter, page {number + 1}")
        pdf.showPage()
    pdf.save()
    return path.read_bytes()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_a_pdf_is_shown_as_pages_and_a_copy_can_be_saved(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                         lang: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    open_case(qtbot, window)
    window.cases.case_page.show_tab(3)
    original = _letter(tmp_path / "bank_letter.pdf", 5)
    target = tmp_path / "out" / "银行回函.pdf"
    target.parent.mkdir()

    def pages_shown(dialog: EvidenceViewer) -> None:
        assert not dialog.image.isNull() and dialog.picture.pixmap() is not None
        assert dialog.image.height() > 2 * dialog.image.width()  # the first three pages, one below the other
        middle = dialog.image.pixelColor(dialog.image.width() // 2, int(dialog.image.width() * 842 / 595 * 0.25))
        assert middle.blue() > 150 and middle.red() < 80  # the blue box of page one is drawn, not a blank sheet
        assert dialog.zoom_row.isEnabled() and dialog.pages_note.isVisible()
        assert dialog.save_button.isVisible()
        viewport = dialog.scroller.viewport().width()
        qtbot.waitUntil(lambda: dialog.picture.pixmap().width() >= viewport * 0.8, timeout=5000)  # pages fill the width
        dialog.save_copy_to(target)
        qtbot.waitUntil(lambda: bool(dialog.saved.text()), timeout=10000)
        assert target.name in dialog.saved.text()
        assert {"zh-CN": "没有加密", "en": "not encrypted"}[lang] in dialog.saved.text()
        shoot(dialog, f"viewer-pdf-{lang}")

    add_and_open(qtbot, window, tmp_path / "bank_letter.pdf", pages_shown)
    assert target.read_bytes() == original
    assert not list(target.parent.glob("*.tmp*")) and len(list(target.parent.iterdir())) == 1


def test_a_file_without_preview_greys_out_zoom(qtbot: QtBot, existing_vault: Path, tmp_path: Path) -> None:
    window = live_window(qtbot, existing_vault, "zh-CN")
    open_case(qtbot, window)
    window.cases.case_page.show_tab(3)
    (tmp_path / "聊天记录.zip").write_bytes(b"PK\x05\x06" + bytes(18))

    def greyed(dialog: EvidenceViewer) -> None:
        assert not dialog.zoom_row.isEnabled() and not dialog.zoom.isEnabled()
        assert "另存一份副本" in dialog.picture.text() and dialog.save_button.isVisible()

    add_and_open(qtbot, window, tmp_path / "聊天记录.zip", greyed)
