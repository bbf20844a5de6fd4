"""An imported chat (WhatsApp or Telegram) shown as the thread it was: each message with its sender and time (in
the zone the export was read in), attachments as links that open the evidence item, warnings about the export
(cut short, attachments missing) on top, and messages the scam checker flags marked in red with what it found."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from walletcare.evidence.chats import chat_summary, stamp
from walletcare.i18n import _, ngettext


class ChatThreadDialog(QDialog):
    """Read-only view of one chat thread (``store.chats.thread``)."""

    def __init__(self, thread: Any, open_evidence: Callable[[int], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatThread")
        self.chat = thread
        self._open_evidence = open_evidence
        contact = thread.contact
        self.setWindowTitle(_("Chat thread: {channel}").format(channel=contact.channel))
        self.summary = QLabel(html.escape(chat_summary(contact.summary)) + "<br>" + html.escape(
            ngettext("{n} message", "{n} messages", len(thread.messages)).format(n=len(thread.messages)))
            + (" · " + html.escape(_("times in {zone}").format(zone=thread.zone)) if thread.zone else ""))
        self.summary.setWordWrap(True)
        self.warnings = QLabel("<br>".join("⚠ " + html.escape(w) for w in thread.warnings))
        self.warnings.setObjectName("chatWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("QLabel#chatWarnings { background: #fff4e5; color: #663c00; padding: 6px; }")
        self.warnings.setVisible(bool(thread.warnings))
        self.flag_note = QLabel(html.escape(ngettext(
            "{n} message shows scam warning signs (marked in red). Check through the official app before you do "
            "anything it asks; real support never asks for your recovery phrase, keys or codes.",
            "{n} messages show scam warning signs (marked in red). Check through the official app before you do "
            "anything they ask; real support never asks for your recovery phrase, keys or codes.",
            len(thread.flags)).format(n=len(thread.flags))))
        self.flag_note.setObjectName("chatFlags")
        self.flag_note.setWordWrap(True)
        self.flag_note.setStyleSheet("QLabel#chatFlags { color: #b71c1c; }")
        self.flag_note.setVisible(bool(thread.flags))
        self.view = QTextBrowser()
        self.view.setObjectName("chatMessages")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._clicked)
        self.view.setAccessibleName(_("Messages"))
        self.view.setHtml(self.transcript_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.warnings)
        box.addWidget(self.flag_note)
        box.addWidget(self.view, 1)
        box.addWidget(buttons)
        self.resize(640, 640)

    def transcript_html(self) -> str:
        """The messages as HTML: the user's counterpart on the left, notices centred and grey."""
        parts = []
        for message in self.chat.messages:
            when = html.escape(stamp(message.at))
            text = html.escape(message.text).replace("\n", "<br>")
            if not message.sender:
                parts.append(f'<p align="center" style="color:#777">{when}<br>{text}</p>')
                continue
            flagged = self.chat.flags.get(message.seq)
            style = "background:#ffebee; border-left:3px solid #c62828;" if flagged else "background:#f5f5f5;"
            media = ""
            if message.evidence_id is not None and message.evidence_id in self.chat.attachments:
                name = html.escape(self.chat.attachments[message.evidence_id])
                media = f'<br>📎 <a href="evidence:{message.evidence_id}">{name}</a>'
            warn = ""
            if flagged:
                found = "、".join(f"“{html.escape(m)}”" for m in flagged)
                warn = '<br><span style="color:#b71c1c">⚠ ' + html.escape(_("Scam warning signs:")) + f" {found}</span>"
            parts.append(f'<div style="{style} padding:4px; margin:4px;"><b>{html.escape(message.sender)}</b> '
                         f'<span style="color:#777">{when}</span><br>{text}{media}{warn}</div>')
        return "".join(parts)

    def _clicked(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("evidence:") and self._open_evidence is not None:
            self._open_evidence(int(text.split(":", 1)[1]))
