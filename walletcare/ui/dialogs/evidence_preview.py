"""What the evidence viewer shows of a file, prepared off the GUI thread: the beginning of a text file (txt,
csv, json, eml — an e-mail as people read it) and the first pages of a PDF drawn with pypdfium2."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from PySide6.QtGui import QColor, QImage, QPainter

from walletcare.errors import InvalidInput
from walletcare.evidence.importers.text import decode
from walletcare.evidence.models import Evidence
from walletcare.i18n import N_, _
from walletcare.ui.display import file_category

TEXT_PREVIEW_BYTES = 512 * 1024
PDF_PREVIEW_PAGES = 3
PDF_PREVIEW_WIDTH = 1240  # pixels per page: A4 at 150 dpi, sharp when fitted and when zoomed in a little
TEXT_KINDS = ("text", "table", "data", "email", "web")


def text_preview(evidence: Evidence, data: bytes, limit: int = TEXT_PREVIEW_BYTES) -> str | None:
    """The beginning of a text file (txt, csv, json, eml …) as text, or None for other files and for bytes
    that are not text (UTF-8, UTF-16 or GB18030). Runs off the GUI thread."""
    category = file_category(evidence.mime, evidence.file_name)
    if category not in TEXT_KINDS:
        return None
    if category == "email" and len(data) <= limit:
        shown = email_text(data)
        if shown is not None:
            return shown
    sample, cut = data[:limit], len(data) > limit
    for trim in range(4 if cut else 1):  # a character may be split where the sample was cut
        try:
            text = decode(sample[:len(sample) - trim])
        except InvalidInput:
            continue
        if cut:
            text += "\n\n" + _("… Only the beginning is shown here; the original is kept whole.")
        return text
    return None


def pdf_preview(data: bytes, pages: int = PDF_PREVIEW_PAGES) -> tuple[QImage, int]:
    """The first ``pages`` pages of a PDF drawn one below the other (pypdfium2), and the PDF's page count; a
    null image for a PDF that cannot be drawn (damaged, or locked with a password). Runs off the GUI thread."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return QImage(), 0
    try:
        count = len(document)
        drawn: list[QImage] = []
        for index in range(min(pages, count)):
            page = document[index]
            scale = PDF_PREVIEW_WIDTH / max(1.0, page.get_width())
            bitmap = page.render(scale=scale, rev_byteorder=True)  # RGB(A) byte order, as QImage reads it
            picture = bitmap.to_pil().convert("RGB")
            raw = picture.tobytes()
            drawn.append(QImage(raw, picture.width, picture.height, 3 * picture.width,
                                QImage.Format.Format_RGB888).copy())
            bitmap.close()
            page.close()
    finally:
        document.close()
    if not drawn:
        return QImage(), count
    gap = 16
    sheet = QImage(max(i.width() for i in drawn), sum(i.height() for i in drawn) + gap * (len(drawn) - 1),
                   QImage.Format.Format_RGB888)
    sheet.fill(QColor(128, 128, 128))
    painter = QPainter(sheet)
    top = 0
    for page_image in drawn:
        painter.drawImage(0, top, page_image)
        top += page_image.height() + gap
    painter.end()
    return sheet, count


def email_text(data: bytes) -> str | None:
    """A saved e-mail (.eml) as people read it: sender, recipients, date and subject decoded, then the plain
    text body and the names of attachments; None when it is not an e-mail with a readable text part."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message["From"] or message["Subject"]):
        return None
    part = message.get_body(preferencelist=("plain",))
    raw = part.get_payload(decode=True) if part is not None else None
    if not isinstance(raw, bytes):
        return None
    body = None
    charset = part.get_content_charset() if part is not None else None
    if charset:  # as declared; many saved mails declare none and are UTF-8 or GB18030
        try:
            body = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            body = None
    if body is None:
        try:
            body = decode(raw) if raw.strip() else ""
        except InvalidInput:
            return None
    labels = ((N_("From"), "From"), (N_("To"), "To"), (N_("Copy to"), "Cc"), (N_("Date"), "Date"), (N_("Subject"), "Subject"))
    lines = [_("{label}: {value}").format(label=_(label), value=message[key]) for label, key in labels if message[key]]
    attached = [a.get_filename() or "?" for a in message.iter_attachments()]
    if attached:
        lines.append(_("Attachments: {names}").format(names=", ".join(attached)))
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"
