"""Translations: every string the code marks has zh-CN and zh-TW; catalogues compile; languages switch."""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

import pytest

from walletcare import i18n
from walletcare.i18n_build import compile_catalog, extract_msgids, missing_translations, read_po


def test_every_marked_string_is_translated() -> None:
    assert len(extract_msgids()) > 20
    gaps = missing_translations()
    assert gaps == {}, "\n".join(f"{lang}: {item}" for lang, items in gaps.items() for item in items[:40])


def test_po_round_trip_through_mo(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Line one\\n"\n"two \\"quoted\\""\nmsgstr "第一行\\n"\n"第二行"\n', encoding="utf-8")
    entries = read_po(po)
    assert entries == {'Line one\ntwo "quoted"': "第一行\n第二行"}
    trans = gettext.GNUTranslations(BytesIO(compile_catalog(entries)))
    assert trans.gettext('Line one\ntwo "quoted"') == "第一行\n第二行"


def test_plurals_round_trip_and_pick_the_form(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid "{count} file"\nmsgid_plural "{count} files"\nmsgstr[0] "{count} 个文件"\n', encoding="utf-8")
    entries = read_po(po)
    assert entries == {"{count} file\0{count} files": "{count} 个文件"}
    trans = gettext.GNUTranslations(BytesIO(compile_catalog(entries)))
    assert trans.ngettext("{count} file", "{count} files", 1) == trans.ngettext("{count} file", "{count} files", 5)
    assert trans.ngettext("{count} file", "{count} files", 5) == "{count} 个文件"
    try:
        i18n.set_language("en")
        assert i18n.ngettext("{count} transaction", "{count} transactions", 1) == "{count} transaction"
        assert i18n.ngettext("{count} transaction", "{count} transactions", 2) == "{count} transactions"
        i18n.set_language("zh-TW")
        assert i18n.ngettext("{count} transaction", "{count} transactions", 1) == "{count} 筆交易"
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(("given", "expected"), [
    ("zh_CN.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh_TW", "zh-TW"), ("zh_HK.UTF-8", "zh-TW"),
    ("en_US.UTF-8", "en"), ("C", None), ("fr_FR", None), (None, None),
])
def test_normalize(given: str | None, expected: str | None) -> None:
    assert i18n.normalize(given) == expected


def test_pick_language_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "C")
    assert i18n.pick_language(None, None) == "zh-CN"
    assert i18n.pick_language(None, "en") == "en"
    assert i18n.pick_language("zh-TW", "en") == "zh-TW"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert i18n.pick_language(None, None) == "en"


def test_switch_changes_translation_and_notifies() -> None:
    seen: list[str] = []
    unregister = i18n.on_language_changed(seen.append)
    try:
        i18n.set_language("zh-TW")
        tw = i18n._("Settings")
        i18n.set_language("zh-CN")
        cn = i18n._("Settings")
        i18n.set_language("en")
        assert (cn, tw, i18n._("Settings")) == ("设置", "設定", "Settings")
        assert seen == ["zh-TW", "zh-CN", "en"]
    finally:
        unregister()
    assert i18n.translate("Settings", "zh-TW") == "設定"


def _catalogue(lang: str) -> dict[str, str]:
    folder = Path(i18n.__file__).parent / "locale" / lang
    entries: dict[str, str] = {}
    for po in sorted(folder.glob("*.po")):
        entries.update(read_po(po))
    return entries


def test_zh_tw_wording_is_consistent() -> None:
    """One word per thing in zh-TW: 還原 for restoring a backup, 平臺, 裡, the Traditional format names."""
    entries = _catalogue("zh_TW")
    for msgid, text in entries.items():
        assert "恢復備份" not in text and "備份已恢復" not in text and "正在恢復" not in text, msgid
        assert "平台" not in text and "里" not in text, msgid
    assert entries["支付宝 Alipay"] == "支付寶 Alipay"
    assert entries["&Restore a backup…"].startswith("還原") and entries["Restore"] == "還原"


@pytest.mark.parametrize(("lang", "name"), [("zh_CN", "投诉材料"), ("zh_TW", "申訴資料")])
def test_the_dossier_has_one_name_per_language(lang: str, name: str) -> None:
    entries = _catalogue(lang)
    for msgid in ("Dispute dossier", "Export dossier", "&Export dossier…", "&Export the dossier…",
                  "Save the dossier as", "Building the dossier…", "write the dispute dossier (PDF) of a case"):
        if msgid in entries:
            assert name in entries[msgid], (msgid, entries[msgid])
    assert not any("材料包" in text or "纠纷材料" in text or "糾紛材料" in text for text in entries.values())
