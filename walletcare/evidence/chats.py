"""Imported chats (``store.chats``): a WhatsApp or Telegram export as a contact thread in a case.

One import, all or nothing, in one transaction: the export file's exact bytes become an evidence item (hashed
like any other), each attachment found in the export becomes an evidence item linked to the thread, the thread
is a contact of kind ``chat`` and each message a row of ``chat_messages`` (time, sender, text, attachment).
The messages join the contact's private search text. Every message is checked for recovery phrases and private
keys first, as typed text is: one that holds one refuses the whole import, and nothing is written. The same
file imported again into the same case is reported as a duplicate and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from walletcare.evidence import records
from walletcare.evidence.importers.chats import ChatExport
from walletcare.evidence.models import Contact
from walletcare.i18n import LANGUAGES, N_, _, current_language, translate

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

APP_NAMES = {"whatsapp": "WhatsApp", "telegram": "Telegram"}
ZONE_TAG = "zone:"


def stamp(at: datetime) -> str:
    """``2024-05-20 14:32 UTC+08:00``: a message time with the offset it was read in."""
    offset = at.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{at:%Y-%m-%d %H:%M} {zone}"


def zone_of(contact: Contact) -> str:
    """The time zone a chat thread's times were read in ('' when not recorded)."""
    return next((t.removeprefix(ZONE_TAG) for t in contact.tags if t.startswith(ZONE_TAG)), "")


@dataclass(frozen=True)
class StoredMessage:
    """One stored chat message (``evidence_id``: its attachment, when kept)."""

    seq: int
    at: datetime
    sender: str
    text: str
    evidence_id: int | None = None


@dataclass(frozen=True)
class ChatImport:
    """What one chat import stored."""

    app: str
    variant: str
    contact_id: int | None
    evidence_id: int
    messages: int
    media: int
    duplicate: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ChatThread:
    """A chat thread as the window shows it: the contact, its messages, the names of their attachments, warnings
    about the export (cut short, attachments missing) and the scam checker's flags per message ``seq``."""

    contact: Contact
    messages: tuple[StoredMessage, ...]
    attachments: dict[int, str]
    warnings: tuple[str, ...]
    flags: dict[int, tuple[str, ...]]
    zone: str


CHAT_SUMMARY = N_("{app} chat “{title}”: {count} messages, {first} to {last}")


def chat_summary(summary: str, lang: str | None = None) -> str:
    """An imported chat's summary in ``lang`` (default: the interface language). It is stored in the language
    of the import; while it is still the generated sentence it is said again in ``lang``, and a summary the user
    wrote is returned unchanged."""
    target = lang or current_language()
    for source in LANGUAGES:
        found = _summary_pattern(translate(CHAT_SUMMARY, source)).fullmatch(summary)
        if found:
            return translate(CHAT_SUMMARY, target).format(**found.groupdict())
    return summary


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _summary_pattern(template: str) -> re.Pattern[str]:
    if template not in _PATTERNS:
        _PATTERNS[template] = re.compile(re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m.group(1)}>.+?)",
                                                re.escape(template)), re.DOTALL)
    return _PATTERNS[template]


class ChatManager:
    """``store.chats``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def import_export(self, case_id: int, data: bytes, file_name: str, export: ChatExport, *,
                      origin_detail: str = "", file_mtime: datetime | None = None, zone: str = "",
                      party: str = "") -> ChatImport:
        """Stores ``export`` (read from ``data``) in case ``case_id`` as a contact thread; ``zone`` names the time
        zone its times were read in (kept with the thread as the tag ``zone:NAME``), ``party`` who the chat was
        with (``Contact.party``; "" not said).

        Raises:
            Refused: a message holds a recovery phrase or private key (nothing is written).
            UsageError: there is no such case.
        """
        store = self._store
        for message in export.messages:
            store.guard_text(N_("Message"), message.text)
        if not store.cases.exists(case_id):
            raise records.not_found("case", case_id)
        store.ensure_space((len(data) + sum(len(b) for b in export.media.values())) * 2)
        with store.transaction():
            # origin ``import``: ``walletcare import undo ID`` takes the thread back (``removal.undo_import``)
            original, duplicate = store.evidence.add(case_id, data, file_name, origin="import",
                                                     origin_detail=origin_detail, file_mtime=file_mtime)
            if duplicate:
                return ChatImport(export.app, export.variant, None, original.id, 0, 0, True, tuple(export.warnings))
            media_ids: dict[str, int] = {}
            for name, blob in export.media.items():
                item, _dup = store.evidence.add(case_id, blob, _base_name(name), origin="file",
                                                origin_detail=f"{file_name} · {name}")
                media_ids[name] = item.id
            app = APP_NAMES.get(export.app, export.app)
            first = export.messages[0].at if export.messages else records.now()
            last = export.messages[-1].at if export.messages else first
            summary = _(CHAT_SUMMARY).format(
                app=app, title=export.title or file_name, count=len(export.messages),
                first=stamp(first), last=stamp(last))
            tags = (f"{ZONE_TAG}{zone}",) if zone else ()
            contact = store.contacts.add(Contact(id=0, case_id=case_id, kind="chat", at=first, summary=summary,
                                                 channel=app, tags=tags, party=party))
            store.conn.executemany(
                "INSERT INTO chat_messages(contact_id, seq, at, sender, text, evidence_id) VALUES (?,?,?,?,?,?)",
                [(contact.id, seq, m.at.isoformat(), m.sender, m.text, media_ids.get(m.media))
                 for seq, m in enumerate(export.messages, 1)])
            store.contacts.update(contact)  # indexes the messages with the contact
            links = sorted(set(media_ids.values()) | {original.id})
            store.conn.executemany("INSERT OR IGNORE INTO evidence_links(evidence_id, area, ref_id) VALUES (?, ?, ?)",
                                   [(e, "contact", contact.id) for e in links])
            store.audit.record("create", f"chat:{contact.id}", case_id, original.sha256,
                               detail=records.dumps({"app": export.app, "messages": len(export.messages),
                                                     "media": sorted(media_ids), "file": file_name}))
            store.changed("contacts", case_id)
            store.changed("evidence", case_id)
        return ChatImport(export.app, export.variant, contact.id, original.id, len(export.messages), len(media_ids),
                          False, tuple(export.warnings))

    def thread(self, contact_id: int, language: str = "zh-CN") -> ChatThread:
        """One chat thread with its warnings and the scam checker's flags (``language``: of the flag texts)."""
        from walletcare.evidence.importers.chats import WHATSAPP_LIMITS
        from walletcare.faq.scam import ScamChecker

        store = self._store
        contact = store.contacts.get(contact_id)
        messages = tuple(self.messages(contact_id))
        ids = sorted({m.evidence_id for m in messages if m.evidence_id is not None})
        alive = {int(r[0]) for r in store.conn.execute(
            f"SELECT id FROM evidence WHERE id IN ({','.join('?' * len(ids))})", ids)} if ids else set()
        attachments = {i: store.evidence.get(i).file_name for i in ids if i in alive}
        warnings: list[str] = []
        if contact.channel == "WhatsApp" and len(messages) in WHATSAPP_LIMITS:
            warnings.append(_("This chat has exactly {count} messages, the most WhatsApp puts in one export: older "
                              "messages were probably left out.").format(count=len(messages)))
        # the case starts with the money it is about: a statement's other rows ('record') go back months
        start = store.conn.execute("SELECT t, tz FROM transactions WHERE case_id = ? AND role != 'record' "
                                   "ORDER BY t LIMIT 1", (contact.case_id,)).fetchone()
        case = store.cases.get(contact.case_id)
        began = [d for d in (case.discovered, _day(start)) if d is not None]
        if messages and began and messages[0].at.date() > min(began):
            warnings.append(_("The first message ({first}) is later than the start of this case ({start}): the "
                              "export may be cut short. Export the whole chat again, or keep screenshots of the "
                              "earlier messages.").format(first=stamp(messages[0].at), start=min(began).isoformat()))
        missing = sum(1 for m in messages if m.evidence_id is None and _ATTACHED.search(m.text))
        if missing:
            warnings.append(_("{count} attachments named in the chat are not in the export; export the chat again "
                              "with media to keep them.").format(count=missing))
        checker = ScamChecker.load()
        flags: dict[int, tuple[str, ...]] = {}
        for message in messages:
            if message.sender and message.text.strip():
                found = checker.scan(message.text, language).flags
                if found:
                    flags[message.seq] = tuple(f.match for f in found)
        return ChatThread(contact, messages, attachments, tuple(warnings), flags, zone_of(contact))

    def messages(self, contact_id: int) -> list[StoredMessage]:
        """The messages of a chat thread in order (empty for other contacts)."""
        rows = self._store.conn.execute(
            "SELECT seq, at, sender, text, evidence_id FROM chat_messages WHERE contact_id = ? ORDER BY seq",
            (contact_id,)).fetchall()
        return [StoredMessage(int(s), datetime.fromisoformat(a), str(f), str(t), None if e is None else int(e))
                for s, a, f, t, e in rows]


_ATTACHED = re.compile(r"\(file attached\)|<attached:|<附件[:：]|<Media omitted>|omitted$|<附件已省略>")


def _day(row: tuple[int, int] | None) -> date | None:
    """The local date of a stored transaction time (``t`` and ``tz`` in microseconds), or None."""
    if row is None:
        return None
    return (datetime(1970, 1, 1) + timedelta(microseconds=int(row[0]) + int(row[1]))).date()


def _base_name(name: str) -> str:
    """The last part of an attachment's path inside the export."""
    return Path(name).name
