"""The export dialog and folders: a missing folder is made, a folder that cannot be made or written is named
with the reason in the interface language, Open/Show in folder go off after a failure, and the suggested
file name follows the interface language and the case title."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.live_window import live_window, open_case, shoot
from walletcare.evidence.models import Case
from walletcare.ui.dialogs.export import ExportDialog
from walletcare.ui.main_window import MainWindow


def export_dialog(qtbot: QtBot, window: MainWindow, case: Case) -> ExportDialog:
    dialog = ExportDialog(window.session, case, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def run_export(qtbot: QtBot, dialog: ExportDialog, target: Path) -> None:
    dialog.path.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=60000)


def test_a_missing_folder_is_made_and_the_dossier_written(qtbot: QtBot, existing_vault: Path, tmp_path: Path) -> None:
    window = live_window(qtbot, existing_vault)
    case = open_case(qtbot, window, "微信转账未到账")
    dialog = export_dialog(qtbot, window, case)
    assert Path(dialog.path.text()).name == "投诉材料 - 微信转账未到账.pdf"
    target = tmp_path / "Documents" / "投诉" / "材料.pdf"
    run_export(qtbot, dialog, target)
    assert target.is_file() and target.read_bytes().startswith(b"%PDF")
    assert dialog.output == target and dialog.open_button.isEnabled() and dialog.folder_button.isEnabled()
    from walletcare.evidence.dossier.verify import verify_pdf

    assert verify_pdf(target).intact


@pytest.mark.parametrize("lang", ["zh-CN", "zh-TW", "en"])
def test_a_folder_that_cannot_be_made_is_named_with_the_reason(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                                lang: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    case = open_case(qtbot, window, "Refund refused / 退款被拒?")
    dialog = export_dialog(qtbot, window, case)
    expected_name = {"zh-CN": "投诉材料", "zh-TW": "申訴資料", "en": "Dispute dossier"}[lang]
    assert Path(dialog.path.text()).name == f"{expected_name} - Refund refused   退款被拒.pdf"
    run_export(qtbot, dialog, tmp_path / "ok.pdf")
    assert dialog.open_button.isEnabled()
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    run_export(qtbot, dialog, blocker / "sub" / "dossier.pdf")
    text = dialog.status.text()
    reason = {"zh-CN": "路径中有一部分不是文件夹", "zh-TW": "路徑中有一部分不是資料夾",
              "en": "a part of the path is not a folder"}[lang]
    assert str(blocker / "sub") in text and reason in text, text
    assert "log" not in text and "日志" not in text and "日誌" not in text
    assert not dialog.open_button.isEnabled() and not dialog.folder_button.isEnabled()
    assert dialog.output is None
    assert not (blocker / "sub").exists()
    shoot(dialog, f"export-failure-{lang}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KB tmpfs (mounting needs root; skipped elsewhere), unmounted afterwards."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip("mounting a small disk needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_named_and_nothing_is_left_behind(qtbot: QtBot, existing_vault: Path, small_disk: Path) -> None:
    window = live_window(qtbot, existing_vault, "zh-CN")
    case = open_case(qtbot, window, "导出测试")
    dialog = export_dialog(qtbot, window, case)
    run_export(qtbot, dialog, small_disk / "材料" / "投诉材料.pdf")
    text = dialog.status.text()
    assert "磁盘已满" in text and "日志" not in text, text
    assert not dialog.open_button.isEnabled() and not dialog.folder_button.isEnabled()
    assert [p.name for p in (small_disk / "材料").iterdir()] == []  # no partial or temporary file
    shoot(dialog, "export-disk-full-zh-CN")


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_the_export_message_calls_the_seal_a_fingerprint_that_is_no_secret(qtbot: QtBot, existing_vault: Path,
                                                                          tmp_path: Path, lang: str) -> None:
    """Nothing tells a worried user to read out a "key" over the phone; the dialog is wide enough to read."""
    window = live_window(qtbot, existing_vault, lang)
    case = open_case(qtbot, window, "Alipay withdrawal to the bank never arrived")
    dialog = export_dialog(qtbot, window, case)
    path = dialog.path
    assert path.fontMetrics().horizontalAdvance(path.text()) < path.width(), path.text()  # the whole path shows
    run_export(qtbot, dialog, tmp_path / "dossier.pdf")
    text = dialog.status.text()
    words = {"zh-CN": ("封签指纹", "不是秘密", "密钥"), "en": ("Seal fingerprint", "not a secret", "key")}[lang]
    assert words[0] in text and words[1] in text, text
    assert words[2] not in text.replace("Seal fingerprint", ""), text
    assert "phone" not in text and "电话" not in text
    assert dialog.status.width() >= dialog.fontMetrics().averageCharWidth() * 90
    sections = dialog.sections
    assert sections.verticalScrollBar().maximum() == 0  # every section shows without scrolling
    shoot(dialog, f"export-done-{lang}")
    for above, below in ((sections, dialog.warning), (dialog.warning, dialog.status), (dialog.status, dialog.buttons)):
        assert above.geometry().bottom() < below.geometry().top(), (above, below)  # nothing overlaps
    status = dialog.status
    assert status.height() >= status.heightForWidth(status.width())  # no status line is cut off
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(tmp_path / "dossier.pdf"))
    cover = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert {"zh-CN": "封签指纹", "en": "Seal fingerprint"}[lang] in cover and "Sealed with key" not in cover


@pytest.mark.parametrize(("lang", "title", "expected"), [
    ("en", "Alipay withdrawal to the bank card never arrived but 3 days later support said wait",
     "Dispute dossier - Alipay withdrawal to the bank card never arrived but 3 days.pdf"),
    ("zh-CN", "支付宝提现到招商银行卡显示成功但三天了还没到账客服电话一直占线请帮我处理这个问题谢谢如果再不到账我就要去银行投诉了真的很着急",
     "投诉材料 - 支付宝提现到招商银行卡显示成功但三天了还没到账客服电话一直占线请帮我处理这个问题谢谢如果再不到账我就要去银行投诉了真的很.pdf"),
])
def test_the_suggested_file_name_is_never_cut_mid_word(qtbot: QtBot, existing_vault: Path, lang: str, title: str,
                                                       expected: str) -> None:
    window = live_window(qtbot, existing_vault, lang)
    case = open_case(qtbot, window, title)
    dialog = export_dialog(qtbot, window, case)
    assert Path(dialog.path.text()).name == expected


def test_the_dialog_shows_every_warning_of_the_export(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A dossier set in the fallback font (no Chinese TrueType font on the machine) says so in the window, as
    the CLI does on stderr: the window shows every warning of the core's ExportResult."""
    from walletcare.evidence.dossier import fonts

    monkeypatch.setattr(fonts, "candidate_paths", lambda preferred=None: [])  # a machine without a CJK font
    window = live_window(qtbot, existing_vault, "en")
    case = open_case(qtbot, window, "Alipay withdrawal to the bank never arrived")
    dialog = export_dialog(qtbot, window, case)
    run_export(qtbot, dialog, tmp_path / "fallback.pdf")
    assert dialog.output == tmp_path / "fallback.pdf"
    warning = fonts.cid_font("en").warning
    assert dialog.warnings == [warning]
    assert warning in dialog.status.text()
