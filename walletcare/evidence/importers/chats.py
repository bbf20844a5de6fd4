"""Chat exports: WhatsApp ``.txt``/``.zip`` (Android and iOS layouts) and Telegram Desktop ``result.json``.

WhatsApp writes one line per message start, ``DATE, TIME - Sender: text`` on Android and ``[DATE, TIME] Sender:
text`` on iOS; lines that do not start that way continue the message above. The date order follows the phone's
locale (day first, month first, or year first as in ``2023/12/31``) and is found from the whole file: a first
number above 12 means day first, a second number above 12 means month first; when every date fits both, a
12-hour clock means month first (US phones), else day first, with a warning. Times may be 12-hour (``PM``,
``上午``/``下午``) and iOS puts U+202F (narrow no-break space) before ``PM`` and U+200E (left-to-right mark) before
attachments; both marks are dropped before reading. Lines without ``Sender:`` are notices (``Messages are
end-to-end encrypted``) and are kept with an empty sender. An export holds at most 10,000 messages with media
and 40,000 without: a chat of exactly that many messages is reported as probably cut short.

Telegram Desktop's JSON export (one chat, or a whole account's ``chats.list``) gives each message's time as a
Unix time (``date_unixtime``) and its text as a string or a list of parts; only entries of type ``message`` are
messages (service entries such as "joined the group" are not). Exports have no time zone: times are read in the
zone of this computer (WhatsApp) or converted to it (Telegram's Unix times).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePosixPath

from walletcare.errors import InvalidInput
from walletcare.i18n import _

WHATSAPP_LIMITS = (10_000, 40_000)
MAX_MEDIA_BYTES = 64 * 1024 * 1024
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"), None)
_SPACES = {0x202F: " ", 0x00A0: " ", 0x2009: " "}
_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = (r"(?:(?:上午|下午|午前|午後)\s?)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
         r"(?:\s?(?:[AaPp]\.?\s?[Mm]\.?|上午|下午))?")
_IOS = re.compile(rf"^\[(?P<date>{_DATE}),?\s*(?P<time>{_TIME})\]\s?(?P<rest>.*)$")
_ANDROID = re.compile(rf"^(?P<date>{_DATE}),?\s*(?P<time>{_TIME})\s[-–]\s(?P<rest>.*)$")
_CLOCK = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?")
_OMITTED = re.compile(r"<Media omitted>|^(?:image|video|audio|sticker|GIF|document) omitted$|<附件已省略>|<省略媒体>",
                      re.IGNORECASE)


@dataclass(frozen=True)
class ChatMessage:
    """One message: when, who sent it ('' for a notice), its text and the name of its attachment."""

    at: datetime
    sender: str
    text: str
    media: str = ""


@dataclass
class ChatExport:
    """A read chat export."""

    app: str  # whatsapp | telegram
    variant: str  # android | ios | json
    title: str
    messages: list[ChatMessage]
    media: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def detect(data: bytes) -> str | None:
    """``whatsapp`` or ``telegram`` when ``data`` looks like one of their exports, else None."""
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return None
        return "whatsapp" if any(_is_chat_txt(n) for n in names) else None
    head = data[:4096].decode("utf-8-sig", errors="replace")
    if head.lstrip().startswith("{") and '"messages"' in data[:1 << 20].decode("utf-8", errors="replace") \
            or '"chats"' in head and '"list"' in head:
        return "telegram"
    lines = [_clean(line) for line in head.splitlines()[:20]]
    if sum(1 for line in lines if _IOS.match(line) or _ANDROID.match(line)) >= max(1, min(3, len(lines) // 2)):
        return "whatsapp"
    return None


def system_zone() -> tuple[str, tzinfo]:
    """This computer's time zone: its IANA name (``Asia/Shanghai``) when it can be found, else its offset."""
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
        if name:
            from zoneinfo import ZoneInfo

            return name, ZoneInfo(name)
    except Exception:
        pass
    local = datetime.now().astimezone().tzinfo or UTC
    offset = datetime.now(local).strftime("%z")
    return (f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("", "+0000") else "UTC"), local


def read(data: bytes, app: str, file_name: str = "", zone: tzinfo | None = None,
         folder: Path | None = None) -> ChatExport:
    """Reads an export of ``app`` (``whatsapp`` or ``telegram``); a Telegram export's photos and files are read
    from ``folder`` (the one holding ``result.json``) when given.

    Raises:
        InvalidInput: the file is not such an export, or is cut off so it cannot be read.
    """
    local = zone or datetime.now().astimezone().tzinfo or UTC
    if app == "whatsapp":
        if data[:4] == b"PK\x03\x04":
            return _whatsapp_zip(data, local)
        return _whatsapp_text(_decode(data), {}, local, file_name)
    if app == "telegram":
        return _telegram(data, local, folder)
    raise InvalidInput(_("This file is not a chat export WalletCare can read."))


# -- WhatsApp ---------------------------------------------------------------------------------------------
def _is_chat_txt(name: str) -> bool:
    base = PurePosixPath(name).name
    return base.endswith(".txt") and (base.startswith("WhatsApp") or base == "_chat.txt")


def _clean(line: str) -> str:
    return line.translate(_MARKS).translate(_SPACES)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("The chat export is not UTF-8 text; export it again from the app.")) from None


def _whatsapp_zip(data: bytes, zone: tzinfo) -> ChatExport:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        chat = next((i for i in infos if _is_chat_txt(i.filename)), None)
        if chat is None:
            raise InvalidInput(_("The zip file holds no WhatsApp chat (“_chat.txt” or “WhatsApp Chat….txt”)."))
        if sum(i.file_size for i in infos) > MAX_MEDIA_BYTES * 8:
            raise InvalidInput(_("The chat export is too large to import at once (over 512 MB)."))
        text = _decode(archive.read(chat))
        media = {PurePosixPath(i.filename).name: archive.read(i) for i in infos
                 if i is not chat and not i.is_dir() and i.file_size <= MAX_MEDIA_BYTES}
    except (zipfile.BadZipFile, OSError, EOFError):
        raise InvalidInput(_("The zip file is damaged or incomplete; export the chat again.")) from None
    return _whatsapp_text(text, media, zone, chat.filename)


def _whatsapp_text(text: str, media: dict[str, bytes], zone: tzinfo, file_name: str) -> ChatExport:
    raw: list[list[str]] = []  # [date, time, rest, variant]
    variant = ""
    for line in text.splitlines():
        clean = _clean(line)
        match = _IOS.match(clean) or _ANDROID.match(clean)
        if match:
            variant = variant or ("ios" if clean.startswith("[") else "android")
            raw.append([match["date"], match["time"], match["rest"]])
        elif raw:
            raw[-1][2] += "\n" + line.translate(_MARKS)
    if not raw:
        raise InvalidInput(_("No WhatsApp messages were found in this file."))
    order, warnings = _date_order([r[0] for r in raw], any(_is_12h(r[1]) for r in raw))
    messages: list[ChatMessage] = []
    attached = 0
    missing = 0
    for date_text, time_text, rest in raw:
        at = _when(date_text, time_text, order, zone)
        sender, sep, body = rest.partition(": ")
        if not sep:
            sender, body = "", rest
        name = next((n for n in media if n in body), "")
        if name:
            attached += 1
        elif re.search(r"\(file attached\)|<attached:|<附件[:：]", body):
            missing += 1
        messages.append(ChatMessage(at, sender.strip(), body.strip(), name))
    if len(messages) in WHATSAPP_LIMITS:
        warnings.append(_("This chat has exactly {count} messages, the most WhatsApp puts in one export: older "
                          "messages were probably left out.").format(count=len(messages)))
    if missing:
        warnings.append(_("{count} attachments named in the chat are not in the export; export the chat again "
                          "with media to keep them.").format(count=missing))
    title = PurePosixPath(file_name).stem.removeprefix("WhatsApp Chat with ").removeprefix("WhatsApp Chat - ")
    if title == "_chat":
        title = next((m.sender for m in messages if m.sender), "")
    return ChatExport("whatsapp", variant, title, messages, {m.media: media[m.media] for m in messages if m.media},
                      warnings)


def _is_12h(time_text: str) -> bool:
    return bool(re.search(r"[AaPp]\.?\s?[Mm]|上午|下午|午前|午後", time_text))


def _date_order(dates: list[str], twelve_hour: bool) -> tuple[str, list[str]]:
    parts = [[int(p) for p in re.split(r"[./-]", d)] for d in dates]
    if all(len(str(p[0])) == 4 or p[0] > 31 for p in parts):
        return "ymd", []
    if any(p[0] > 12 for p in parts):
        return "dmy", []
    if any(p[1] > 12 for p in parts):
        return "mdy", []
    if twelve_hour:
        return "mdy", [_("Every date in this chat could be read day-first or month-first; they were read "
                         "month-first, as US phones write them. Check a few messages against the phone.")]
    return "dmy", [_("Every date in this chat could be read day-first or month-first; they were read day-first. "
                     "Check a few messages against the phone.")]


def _when(date_text: str, time_text: str, order: str, zone: tzinfo) -> datetime:
    a, b, c = (int(p) for p in re.split(r"[./-]", date_text))
    year, month, day = {"ymd": (a, b, c), "dmy": (c, b, a), "mdy": (c, a, b)}[order]
    if year < 100:
        year += 2000
    clock = _CLOCK.search(time_text)
    assert clock is not None  # the line pattern only matches times with a clock
    hour, minute, second = int(clock["h"]), int(clock["m"]), int(clock["s"] or 0)
    evening = bool(re.search(r"[Pp]\.?\s?[Mm]|下午|午後", time_text))
    if _is_12h(time_text):
        hour = hour % 12 + (12 if evening else 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        raise InvalidInput(_("The chat has a date that does not exist: {date} {time}.").format(
            date=date_text, time=time_text)) from None


# -- Telegram ---------------------------------------------------------------------------------------------
def _telegram(data: bytes, zone: tzinfo, folder: Path | None) -> ChatExport:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(_("The chat export is not UTF-8 text; export it again from the app.")) from None
    except json.JSONDecodeError:
        raise InvalidInput(_("The Telegram export looks cut off (the file ends too early); export the chat "
                             "again and wait until Telegram says it is done.")) from None
    chats = doc.get("chats", {}).get("list") if isinstance(doc, dict) and "chats" in doc else [doc]
    if not isinstance(chats, list) or not all(isinstance(c, dict) and isinstance(c.get("messages"), list)
                                              for c in chats):
        raise InvalidInput(_("This file is not a Telegram chat export (“result.json”)."))
    messages: list[ChatMessage] = []
    titles = []
    missing = 0
    for chat in chats:
        titles.append(str(chat.get("name") or ""))
        for entry in chat["messages"]:
            if not isinstance(entry, dict) or entry.get("type") != "message":
                continue
            if "date_unixtime" in entry:
                at = datetime.fromtimestamp(int(entry["date_unixtime"]), UTC).astimezone(zone)
            else:
                at = datetime.fromisoformat(str(entry["date"])).replace(tzinfo=zone)
            media = str(entry.get("photo") or entry.get("file") or "")
            if media.startswith("(File not included"):
                media = ""
                missing += 1
            messages.append(ChatMessage(at, str(entry.get("from") or ""), _telegram_text(entry.get("text", "")),
                                        media))
    found: dict[str, bytes] = {}
    for message in messages:
        if message.media and message.media not in found:
            data_of = _telegram_media(folder, message.media)
            if data_of is None:
                missing += 1
            else:
                found[message.media] = data_of
    warnings = []
    if missing:
        warnings.append(_("{count} attachments named in the chat are not in the export; export the chat again "
                          "with media to keep them.").format(count=missing))
    return ChatExport("telegram", "json", " · ".join(t for t in titles if t), messages, found, warnings)


def _telegram_media(folder: Path | None, relative: str) -> bytes | None:
    """The bytes of an attachment beside ``result.json`` (never outside that folder), or None."""
    path = PurePosixPath(relative)
    if folder is None or path.is_absolute() or ".." in path.parts:
        return None
    target = folder.joinpath(*path.parts)
    try:
        if not target.is_file() or target.stat().st_size > MAX_MEDIA_BYTES:
            return None
        return target.read_bytes()
    except OSError:
        return None


def _telegram_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in value
                       if isinstance(part, str | dict))
    return ""
