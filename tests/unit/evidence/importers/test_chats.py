"""Chat exports (WhatsApp Android/iOS, Telegram JSON) read from the samples and stored in a real vault."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from walletcare.errors import InvalidInput, Refused
from walletcare.evidence.importers import chats

SAMPLES = Path(__file__).parent / "chat_samples"
CST = timezone(timedelta(hours=8))
ANDROID = SAMPLES / "WhatsApp Chat with Support Agent 88.txt"


def test_whatsapp_android_24_hour_day_first() -> None:
    data = ANDROID.read_bytes()
    assert chats.detect(data) == "whatsapp"
    export = chats.read(data, "whatsapp", ANDROID.name, zone=CST)
    assert (export.app, export.variant, export.title) == ("whatsapp", "android", "Support Agent 88")
    assert len(export.messages) == 7
    assert [m.sender for m in export.messages] == ["", "Li Wei", "Support Agent 88", "Li Wei", "Li Wei",
                                                   "Support Agent 88", "Li Wei"]
    assert export.messages[2].text == "Please send the order number\nand a screenshot of the payment."
    assert export.messages[6].at == datetime(2026, 11, 21, 23, 59, tzinfo=CST)
    assert export.messages[6].text == "Thank you: I will wait."
    assert export.warnings == [chats._("{count} attachments named in the chat are not in the export; export the "
                                       "chat again with media to keep them.").format(count=1)]


def test_whatsapp_ios_12_hour_with_narrow_spaces_and_marks() -> None:
    data = (SAMPLES / "ios_12h.zip").read_bytes()
    assert chats.detect(data) == "whatsapp"
    export = chats.read(data, "whatsapp", "ios_12h.zip", zone=CST)
    assert export.variant == "ios" and len(export.messages) == 6
    assert [m.at.strftime("%m-%d %H:%M:%S") for m in export.messages] == [
        "11-20 09:58:01", "11-20 09:58:30", "11-20 10:01:12", "11-20 12:00:00", "11-20 12:15:45", "11-21 00:01:00"]
    assert export.messages[2].text == "我的退款一直没到账\n订单号 4200009876543210987654321098"
    assert export.messages[3].media == "00000004-PHOTO-2026-11-20-12-00-00.jpg"
    assert set(export.media) == {"00000004-PHOTO-2026-11-20-12-00-00.jpg"}
    assert export.title == "微信支付客服" and export.warnings == []
    assert "\u200e" not in export.messages[0].text


def test_telegram_json_counts_only_messages_and_reads_parts_and_photos() -> None:
    path = SAMPLES / "telegram" / "result.json"
    data = path.read_bytes()
    assert chats.detect(data) == "telegram"
    export = chats.read(data, "telegram", "result.json", zone=CST, folder=path.parent)
    assert len(export.messages) == 4  # the service entry is not a message
    assert export.messages[0].at == datetime(2026, 11, 20, 10, 1, tzinfo=CST)
    assert export.messages[1].text == "Send the tx hash: 0xabc123 please"
    assert set(export.media) == {"photos/photo_1@20-11-2026_10-03-00.jpg"}
    assert len(export.warnings) == 1  # the file that was not included
    cut = data[: len(data) // 2]
    with pytest.raises(InvalidInput, match="不完整"):  # zh-CN, the default language of the tests
        chats.read(cut, "telegram")


def test_ambiguous_dates_and_the_export_limit_are_warned_about() -> None:
    lines = "".join(f"01/02/2026, 10:{i % 60:02d} - A: message {i}\n" for i in range(10_000))
    export = chats.read(lines.encode(), "whatsapp", zone=UTC)
    assert export.messages[0].at.date() == datetime(2026, 2, 1).date()  # day first without a 12-hour clock
    assert len(export.warnings) == 2 and "10000" in export.warnings[1]


def test_import_stores_a_thread_with_media_and_the_exact_original(store: Any, case_id: int) -> None:
    path = SAMPLES / "ios_12h.zip"
    data = path.read_bytes()
    export = chats.read(data, "whatsapp", path.name, zone=CST)
    result = store.chats.import_export(case_id, data, path.name, export)
    assert (result.messages, result.media, result.duplicate) == (6, 1, False)
    assert store.evidence.data(result.evidence_id) == data
    assert store.evidence.get(result.evidence_id).sha256 == hashlib.sha256(data).hexdigest()
    stored = store.chats.messages(result.contact_id)
    assert [(m.seq, m.sender) for m in stored][:3] == [(1, "微信支付客服"), (2, "微信支付客服"), (3, "张三")]
    photo = stored[3].evidence_id
    assert photo is not None and store.evidence.get(photo).mime == "image/jpeg"
    contact = store.contacts.get(result.contact_id)
    assert contact.kind == "chat" and contact.channel == "WhatsApp"
    assert ("contact", result.contact_id) in store.search_private("4200009876543210987654321098")
    assert set(store.evidence.get(photo).linked_contacts) == {result.contact_id}
    again = store.chats.import_export(case_id, data, path.name, export)
    assert again.duplicate and len(store.contacts.list(case_id)) == 1


def test_a_recovery_phrase_in_a_message_refuses_the_whole_import(store: Any, case_id: int) -> None:
    from mnemonic import Mnemonic

    phrase = Mnemonic("english").to_mnemonic(bytes(range(16)))
    text = f"20/11/2026, 10:05 - A: hello\n20/11/2026, 10:06 - A: {phrase}\n"
    export = chats.read(text.encode(), "whatsapp", zone=CST)
    before = len(store.evidence.list(case_id))
    with pytest.raises(Refused):
        store.chats.import_export(case_id, text.encode(), "chat.txt", export)
    assert len(store.evidence.list(case_id)) == before and store.contacts.list(case_id) == []


def test_removing_the_case_and_undoing_keeps_the_messages(store: Any, case_id: int) -> None:
    from walletcare.evidence import removal

    data = ANDROID.read_bytes()
    result = store.chats.import_export(case_id, data, ANDROID.name, chats.read(data, "whatsapp", zone=CST))
    before = store.chats.messages(result.contact_id)
    undo = removal.remove_case(store, case_id)
    assert store.chats.messages(result.contact_id) == []
    removal.restore(store, undo)
    assert store.chats.messages(result.contact_id) == before


def test_cli_imports_a_telegram_export(vault_dir: Path) -> None:
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    out = subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", "en", "import",
                          str(SAMPLES / "telegram" / "result.json"), "--case", "1", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert (doc["format"], doc["added"], doc["media"], doc["rejected"]) == ("telegram", 4, 1, [])
    whatsapp = subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", "en",
                               "import", str(ANDROID), "--case", "1"], capture_output=True, text=True, env=env,
                              timeout=120)
    assert whatsapp.returncode == 0, whatsapp.stderr
    assert "Format: whatsapp (android)" in whatsapp.stdout and "Messages: 7" in whatsapp.stdout
    assert "Warning: 1 attachments" in whatsapp.stdout


def test_whatsapp_android_zip_keeps_its_photo() -> None:
    path = SAMPLES / "WhatsApp Chat with Support Agent 88.zip"
    data = path.read_bytes()
    assert chats.detect(data) == "whatsapp"
    export = chats.read(data, "whatsapp", path.name, zone=CST)
    assert len(export.messages) == 7 and export.warnings == []
    assert export.messages[4].media == "IMG-20261120-WA0001.jpg"
    assert export.media["IMG-20261120-WA0001.jpg"][:3] == b"\xff\xd8\xff"


def _vault_state(store: Any, case_id: int) -> tuple[Any, ...]:
    conn = store.conn
    return (sorted((e.id, e.sha256) for e in store.evidence.list(case_id, sealed=True)),
            conn.execute("SELECT count(*) FROM chat_messages").fetchone()[0],
            sorted(c.id for c in store.contacts.list(case_id)),
            conn.execute("SELECT count(*) FROM evidence_links").fetchone()[0],
            conn.execute("SELECT count(*) FROM private_fts").fetchone()[0])


def test_undoing_a_chat_import_takes_back_exactly_the_thread_and_its_files(store: Any, case_id: int) -> None:
    from walletcare.evidence import removal

    photo = (SAMPLES / "ios_12h.zip")
    # the same photo as an item added earlier by hand: the import links it and must not take it away
    import zipfile

    name = "00000004-PHOTO-2026-11-20-12-00-00.jpg"
    jpeg = zipfile.ZipFile(photo).read(name)
    earlier, _dup = store.evidence.add(case_id, jpeg, "my photo.jpg", origin="file")
    android = ANDROID.read_bytes()
    first = store.chats.import_export(case_id, android, ANDROID.name, chats.read(android, "whatsapp", zone=CST))
    before = _vault_state(store, case_id)
    data = photo.read_bytes()
    result = store.chats.import_export(case_id, data, photo.name, chats.read(data, "whatsapp", zone=CST))
    assert result.media == 1 and store.chats.messages(result.contact_id)[3].evidence_id == earlier.id
    found = {i.id: i for i in removal.list_imports(store, case_id)}
    assert (found[result.evidence_id].format, found[result.evidence_id].rows) == ("whatsapp", 6)
    assert (found[first.evidence_id].format, found[first.evidence_id].rows) == ("whatsapp", 7)
    after = _vault_state(store, case_id)
    undo = removal.undo_import(store, result.evidence_id)
    assert (undo.messages, undo.evidence, undo.contacts) == (6, 1, 1)
    assert _vault_state(store, case_id) == before  # exactly what the import added is gone
    assert store.evidence.get(earlier.id).sha256 == hashlib.sha256(jpeg).hexdigest()
    assert len(store.chats.messages(first.contact_id)) == 7
    assert store.search_private("4200009876543210987654321098") == []
    removal.restore(store, undo)
    assert _vault_state(store, case_id) == after
    assert len(store.chats.messages(result.contact_id)) == 6


def test_undoing_a_chat_import_removes_the_attachments_it_added(store: Any, case_id: int) -> None:
    from walletcare.evidence import removal

    before = _vault_state(store, case_id)
    data = (SAMPLES / "ios_12h.zip").read_bytes()
    result = store.chats.import_export(case_id, data, "ios_12h.zip", chats.read(data, "whatsapp", zone=CST))
    assert len(store.evidence.list(case_id)) == len(before[0]) + 2
    undo = removal.undo_import(store, result.evidence_id, keep=False)
    assert (undo.messages, undo.evidence) == (6, 2)
    assert _vault_state(store, case_id) == before


def test_chat_times_are_read_in_the_given_zone_and_the_zone_is_kept(vault_dir: Path) -> None:
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    base = [sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", "en"]
    out = subprocess.run([*base, "import", str(ANDROID), "--case", "1", "--tz", "America/New_York"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Times were read in the time zone America/New_York." in out.stdout
    bad = subprocess.run([*base, "import", str(ANDROID), "--case", "1", "--tz", "Mars/Olympus"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and "Mars/Olympus" in bad.stderr
    listed = subprocess.run([*base, "import", "list", "--case", "1", "--json"], capture_output=True, text=True,
                            env=env, timeout=120)
    chat = [i for i in json.loads(listed.stdout) if i["format"] == "whatsapp"]
    assert len(chat) == 1 and chat[0]["rows"] == 7
    undone = subprocess.run([*base, "import", "undo", str(chat[0]["id"]), "--yes", "--json"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert undone.returncode == 0, undone.stderr
    assert (json.loads(undone.stdout)["messages"], json.loads(undone.stdout)["files"]) == (7, 1)


def test_zone_tag_and_stamped_summary(store: Any, case_id: int) -> None:
    from zoneinfo import ZoneInfo

    from walletcare.evidence.chats import zone_of

    data = ANDROID.read_bytes()
    zone = ZoneInfo("America/New_York")
    result = store.chats.import_export(case_id, data, ANDROID.name, chats.read(data, "whatsapp", zone=zone),
                                       zone="America/New_York")
    contact = store.contacts.get(result.contact_id)
    assert zone_of(contact) == "America/New_York"
    assert "2026-11-21 23:59 UTC-05:00" in contact.summary
    assert store.chats.messages(result.contact_id)[6].at == datetime(2026, 11, 21, 23, 59, tzinfo=zone)


def test_cli_chat_import_names_scam_signs_and_a_late_first_message(vault_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    base = [sys.executable, "-m", "walletcare", "--vault", str(vault_dir)]
    paid = subprocess.run([*base, "tx", "add", "--case", "1", "--time", "2026-11-01 09:00", "--amount", "199.00",
                           "--currency", "CNY"], capture_output=True, text=True, env=env, timeout=120)
    assert paid.returncode == 0, paid.stderr
    export = tmp_path / "WhatsApp Chat with Wallet Help.txt"
    export.write_text("03/11/2026, 14:41 - Li Wei: My refund of 199.00 CNY did not arrive\n"
                      "03/11/2026, 14:43 - Wallet Help: Refund within 3 working days\n"
                      "04/11/2026, 09:02 - Wallet Help: To speed it up, tell me the code we sent by SMS\n",
                      encoding="utf-8")
    out = subprocess.run([*base, "--lang", "zh-TW", "import", str(export), "--case", "1", "--tz", "Asia/Taipei"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "有 1 則訊息出現詐騙的危險訊號" in out.stdout and "Wallet Help" in out.stdout, out.stdout
    assert "晚於這個案件的開始（2026-11-01）" in out.stdout  # the export looks cut short
    assert "message shows" not in out.stdout  # no English left in a Chinese screen
    listed = subprocess.run([*base, "import", "list", "--case", "1", "--json"], capture_output=True, text=True,
                            env=env, timeout=120)
    chat = [i for i in json.loads(listed.stdout) if i["format"] == "whatsapp"]
    undone = subprocess.run([*base, "import", "undo", str(chat[0]["id"]), "--yes"], capture_output=True, text=True,
                            env=env, timeout=120)
    assert undone.returncode == 0, undone.stderr
    again = subprocess.run([*base, "--lang", "en", "import", str(export), "--case", "1", "--json"],
                           capture_output=True, text=True, env=env, timeout=120)
    doc = json.loads(again.stdout)
    assert [(f["seq"], f["sender"]) for f in doc["flags"]] == [(3, "Wallet Help")] and doc["flags"][0]["found"]
    assert any("later than the start of this case (2026-11-01)" in w for w in doc["warnings"])


def test_the_generated_summary_is_said_in_the_language_it_is_shown_in() -> None:
    from walletcare.evidence.chats import chat_summary

    english = "Telegram chat “钱包客服”: 3 messages, 2026-11-05 18:00 UTC+08:00 to 2026-11-05 18:03 UTC+08:00"
    chinese = chat_summary(english, "zh-CN")
    assert chinese == "Telegram 聊天“钱包客服”：3 条消息，2026-11-05 18:00 UTC+08:00 至 2026-11-05 18:03 UTC+08:00"
    assert chat_summary(chinese, "zh-TW").startswith("Telegram 聊天「钱包客服」：3 則訊息")
    assert chat_summary(chinese, "en") == english
    mine = "客服说 3 个工作日内退款"  # a summary the user wrote stays as written
    assert chat_summary(mine, "en") == mine


def test_a_chat_imported_in_english_reads_in_chinese_in_a_chinese_dossier(vault_dir: Path, tmp_path: Path) -> None:
    import pypdf

    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    base = [sys.executable, "-m", "walletcare", "--vault", str(vault_dir)]
    imported = subprocess.run([*base, "--lang", "en", "import", str(SAMPLES / "telegram" / "result.json"), "--case",
                               "1", "--tz", "UTC+8"], capture_output=True, text=True, env=env, timeout=120)
    assert imported.returncode == 0, imported.stderr
    pdf = tmp_path / "dossier.pdf"
    exported = subprocess.run([*base, "export", "--case", "1", "--lang", "zh-CN", "-o", str(pdf)],
                              capture_output=True, text=True, env=env, timeout=300)
    assert exported.returncode == 0, exported.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Telegram 聊天" in text and " chat “" not in text and "4条消息" in "".join(text.split())


def _dossier_text(store: Any, case_id: int, *, redact: bool, lang: str = "en") -> str:
    from io import BytesIO

    from pypdf import PdfReader

    from tests.unit.evidence.dossier.conftest import KeySigner
    from walletcare.evidence.dossier.collect import collect
    from walletcare.evidence.dossier.data import ExportOptions
    from walletcare.evidence.dossier.layout import render

    options = ExportOptions(lang=lang, exported_at=datetime(2026, 12, 1, tzinfo=UTC), app_version="test",
                            redact=redact, originals="none")
    pdf = render(collect(store, case_id), options, signer=KeySigner()).pdf
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_dossier_prints_the_chat_messages_with_times_senders_and_the_exhibit(store: Any, case_id: int) -> None:
    data = ANDROID.read_bytes()
    result = store.chats.import_export(case_id, data, ANDROID.name, chats.read(data, "whatsapp", ANDROID.name,
                                                                                zone=CST))
    text = _dossier_text(store, case_id, redact=False)
    flat = "".join(text.split())
    assert "Messages(7),asexportedfromtheapp" in flat
    for needed in ("2026-11-2010:06UTC+08:00", "SupportAgent88", "Pleasesendtheordernumber",
                   "TicketT20261121-0042opened", "4200001234567890123456789012"):
        assert needed in flat, needed
    label = next(f"E{n}" for n, ev in enumerate(sorted(store.evidence.list(case_id), key=lambda e: (e.added_at, e.id)), 1)
                 if ev.id == result.evidence_id)
    assert f"exportedfile:{label}" in flat
    masked = "".join(_dossier_text(store, case_id, redact=True).split())
    assert "Pleasesendtheordernumber" in masked
    assert "4200001234567890123456789012" in masked  # an order number is what the receiver looks up: kept


def test_a_long_chat_prints_its_first_and_last_messages_and_names_the_file(store: Any, case_id: int) -> None:
    lines = [f"0{1 + n // 60}/11/2026, 10:{n % 60:02d} - {'Li Wei' if n % 2 else 'Agent'}: message number {n}"
             for n in range(100)]
    lines[1] += ", call me on 13812345678"
    data = ("\n".join(lines) + "\n").encode()
    store.chats.import_export(case_id, data, "long.txt", chats.read(data, "whatsapp", "long.txt", zone=CST))
    flat = "".join(_dossier_text(store, case_id, redact=False, lang="zh-CN").split())
    assert "消息（100条，按应用导出的原样）" in flat
    assert "messagenumber0" in flat and "messagenumber39" in flat and "messagenumber99" in flat
    assert "messagenumber40" not in flat and "messagenumber59" not in flat
    assert "此处未列出20条消息" in flat
    assert "13812345678" in flat
    masked = "".join(_dossier_text(store, case_id, redact=True, lang="zh-CN").split())
    assert "messagenumber1,callmeon" in masked and "13812345678" not in masked  # a phone number is masked


def test_cli_chat_import_says_who_the_chat_was_with(vault_dir: Path, tmp_path: Path) -> None:
    """A chat with a fake "support agent" is imported as what it was; the police report lists it as a contact
    with a person posing as customer service, and ``--with`` on a statement file is refused, not ignored."""
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0"}
    base = [sys.executable, "-m", "walletcare", "--vault", str(vault_dir), "--lang", "en"]
    out = subprocess.run([*base, "import", str(ANDROID), "--case", "1", "--tz", "Asia/Shanghai", "--with", "impostor"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    notes = json.loads(subprocess.run([*base, "note", "list", "--case", "1", "--json"], capture_output=True,
                                      text=True, env=env, timeout=120).stdout)
    (thread,) = [n for n in notes if n["kind"] == "chat"]
    assert thread["party"] == "impostor" and thread["channel"] == "WhatsApp"
    letter = subprocess.run([*base, "letter", "--case", "1", "--to", "police", "--lang", "en"], capture_output=True,
                            text=True, env=env, timeout=120).stdout
    block = next(b for b in letter.split("\n\n") if "WhatsApp" in b)
    assert block.startswith("Contacts with a person posing as customer service")
    statement = tmp_path / "statement.csv"
    statement.write_text("date,amount\n2024-05-01,12.00\n", encoding="utf-8")
    refused = subprocess.run([*base, "import", str(statement), "--case", "1", "--with", "seller",
                              "--map", "date=date", "--map", "amount=amount", "--map", "@currency=CNY"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 2 and "--with" in refused.stderr
