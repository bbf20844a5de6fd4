"""Rendering a dossier: the page frame (A4 or Letter, header and footer on every page, "page X of Y"), the
section order of ``spec/dossier.md``, embedded attachments, document metadata (Info and XMP), optional PDF
password, the seal, progress and cancel.

``render(data, options, signer=...)`` works on plain dataclasses and returns the sealed PDF bytes with its
manifest, signature and fingerprint. Output is deterministic: ReportLab runs in invariant mode, the creation
date comes from the export time and the document id from the fingerprint, and the seal's ECDSA signature is
deterministic (RFC 6979) with the export time as signing time, so the same case, options and export time give
a byte-identical file (unless a PDF password is set: encryption salts are random).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from io import BytesIO
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from walletcare.errors import Cancelled
from walletcare.evidence.dossier import cover, sections, tables
from walletcare.evidence.dossier import exhibits as exhibit_sections
from walletcare.evidence.dossier import manifest as manifest_mod
from walletcare.evidence.dossier.attachments import attach_files
from walletcare.evidence.dossier.blocks import Kit
from walletcare.evidence.dossier.data import (
    CancelFlag,
    DossierData,
    ExportOptions,
    ProgressFn,
    Signer,
    role_words,
)
from walletcare.evidence.dossier.fonts import find_font
from walletcare.evidence.dossier.metadata import DocumentInfo, attach_xmp, xmp_packet
from walletcare.evidence.dossier.outline import outline
from walletcare.evidence.dossier.redact import check_secrets, redact, redact_letter, without_local_paths
from walletcare.evidence.dossier.seal import Attachment, seal_pdf
from walletcare.i18n import normalize, translate

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm


@dataclass(frozen=True)
class RenderResult:
    """A finished dossier: PDF bytes, the manifest it carries, its signature and fingerprint, and the
    fingerprint of the key that sealed it."""

    pdf: bytes
    manifest: bytes
    signature: bytes
    fingerprint: str
    pages: int
    warnings: tuple[str, ...] = ()
    seal_key: str = ""
    # the exhibit files that travel with the dossier (name, bytes or a function that reads them, size): the
    # originals, or in a redacted dossier the masked copies; for the originals zip
    exhibit_files: tuple[tuple[str, bytes | Callable[[], bytes], int], ...] = ()
    write: Callable[[BinaryIO | None], bytes] | None = None  # (``render(defer=True)``) writes the sealed PDF


def protect(pdf: bytes, password: str) -> bytes:
    """The PDF encrypted with AES-256 (pypdf): the password opens it; printing and copying stay allowed.

    ReportLab's own AES-256 needs the ``pyaes`` package, and its 128-bit mode is RC4, so encryption is done
    on the finished file. Attached files are encrypted with the rest. AES-256 (revision 6) is PDF 2.0, and the
    header says so.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    writer.pdf_header = "%PDF-2.0"
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


_fit = cover.fit_text


def _pdf_date(value: datetime) -> str:
    offset = value.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"D:{value:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _canvas_class(*, font: str, header: tuple[str, str], fingerprint: str, lang: str, created: str,
                  files: list[tuple[str, bytes, str]], pages: list[int], xmp: bytes) -> type[Canvas]:
    """A canvas that keeps pages until the end, then draws header, footer and page count and attaches files."""
    from reportlab.pdfbase.pdfdoc import DummyDoc, PDFText

    page_label = translate("Page {page} of {total}", lang)
    fp_label = translate("Fingerprint", lang)

    class DossierCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = font  # else every page names Helvetica, a font not embedded
            kwargs["pdfVersion"] = (2, 0)  # the seal: an ECDSA signature is ISO 32000-2 with ISO/TS 32002
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.page_count_marks: list[tuple[int, float, float, str, float]] = []
            # the contents: where a page number goes (page, x, y, key, font, size) and the page each key is on
            self.toc_marks: list[tuple[int, float, float, str, str, float]] = []
            self.toc_pages: dict[str, int] = {}
            self.setDateFormatter(lambda *_a: created)
            self._doc._ID = (b"\n[" + PDFText(bytes.fromhex(fingerprint[:32]), enc="raw").format(DummyDoc()) * 2
                             + b"]\n% ReportLab generated PDF document -- digest (opensource)\n")

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            pages.append(total)
            # the page count beside the fingerprint, so ``verify`` notices a page taken out
            self.setKeywords(f"{self._doc.info.keywords} walletcare-pages:{total}")
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                Canvas.showPage(self)
            attach_files(self, files)
            attach_xmp(self, xmp)
            Canvas.save(self)

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            number = self.getPageNumber()
            self.saveState()
            self.setFont(font, 7.5)
            self.setFillGray(0.35)
            self.setStrokeGray(0.6)
            self.setLineWidth(0.4)
            top = height - MARGIN_TOP + 8 * mm
            self.drawString(MARGIN_X, top, _fit(header[0], font, 7.5, (width - 2 * MARGIN_X) * 0.72))
            self.drawRightString(width - MARGIN_X, top, header[1])
            self.line(MARGIN_X, top - 2.5 * mm, width - MARGIN_X, top - 2.5 * mm)
            bottom = MARGIN_BOTTOM - 10 * mm
            self.line(MARGIN_X, bottom + 4 * mm, width - MARGIN_X, bottom + 4 * mm)
            self.drawString(MARGIN_X, bottom, f"{fp_label} {fingerprint[:16]}")
            self.drawRightString(width - MARGIN_X, bottom, page_label.format(page=number, total=total))
            for page, x, y, mark_font, size in self.page_count_marks:
                if page == number:
                    self.setFillGray(0)
                    self.setFont(mark_font, size)
                    self.drawString(x, y, str(total))
            for page, x, y, key, mark_font, size in self.toc_marks:
                if page == number and key in self.toc_pages:
                    self.setFillGray(0)
                    self.setFont(mark_font, size)
                    self.drawRightString(x, y, str(self.toc_pages[key]))
            self.restoreState()

    return DossierCanvas


class _Doc(BaseDocTemplate):
    """One frame per page; section headings become PDF outline entries; progress and cancel per flowable."""

    def __init__(self, buf: BytesIO, *, total: int, progress: ProgressFn | None, cancel: CancelFlag | None,
                 **kwargs: Any) -> None:
        super().__init__(buf, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._total, self._done, self._progress, self._cancel, self._sections = total, 0, progress, cancel, 0

    def afterFlowable(self, flowable: Any) -> None:
        """Outline entry for section headings; progress; cancel between flowables."""
        key = getattr(flowable, "toc_key", None)
        if key and key not in self.canv.toc_pages:  # the page the contents names for it
            self.canv.toc_pages[key] = self.canv.getPageNumber()
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h1-cjk"):
            self._sections += 1
            key = f"s{self._sections}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)
        if self._cancel is not None and self._cancel.is_set():
            raise Cancelled()
        self._done = min(self._done + 1, self._total)
        if self._progress is not None:
            self._progress(self._done, self._total + 1)


def render(data: DossierData, options: ExportOptions, *, signer: Signer, progress: ProgressFn | None = None,
           cancel: CancelFlag | None = None, output: BinaryIO | None = None, defer: bool = False) -> RenderResult:
    """Builds the dossier PDF.

    Args:
        data: The case content (``collect.collect`` or hand-made).
        options: Language, paper, redaction, originals mode, password, export time.
        signer: Signs the manifest (``vault`` or any object with ``sign`` and ``public_key``).
        progress: Called with ``(done, total)`` while rendering.
        cancel: Checked between flowables; when set, ``Cancelled`` is raised and nothing is returned.
        output: Write the PDF into this ``w+b`` file instead of returning its bytes (``pdf`` is then ``b""``):
            the originals are read one at a time as they are written, never all held in memory.
        defer: Lay out the pages but write nothing yet: ``write(file)`` of the result writes the sealed PDF
            (so the export can write its zip first, and the PDF last, straight into its file).

    Returns:
        The PDF and its manifest, signature and fingerprint.

    Raises:
        Refused: The dossier would contain a seed phrase, private key, CVV, one-time code or full card number.
        Cancelled: ``cancel`` was set.
    """
    lang = normalize(options.lang) or "zh-CN"
    exported_at = options.exported_at or datetime.now(UTC)
    if exported_at.tzinfo is None:
        raise ValueError("exported_at must be timezone-aware")
    data = without_local_paths(data)
    if options.redact:
        if options.letter:  # the channel's letter quotes the claimant's phone and address whole
            options = replace(options, letter=redact_letter(options.letter, data.case))
        data = redact(data)
    check_secrets(data, lang)
    public_key = signer.public_key()
    seal_key = signer.seal_key()
    manifest = manifest_mod.build(data, options, public_key, exported_at, seal_key.fingerprint)
    manifest_bytes = manifest_mod.canonical_json(manifest)
    fingerprint = manifest_mod.fingerprint(manifest_bytes)
    signature = signer.sign(manifest_bytes)
    font = find_font(lang, options.font_path)
    pagesize = LETTER if options.paper == "Letter" else A4
    kit = Kit(lang=lang, font=font, frame_width=pagesize[0] - 2 * MARGIN_X,
              frame_height=pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM)
    sheet = sections.Sheet(kit=kit, data=data, options=options, exported_at=exported_at, fingerprint=fingerprint,
                           public_key=public_key.hex(), signature=signature.hex(), manifest=manifest,
                           seal_key=seal_key.fingerprint)
    case = data.case
    roles = role_words(options)
    builders: dict[str, Callable[[sections.Sheet], list[Any]]] = {
        "claimant": lambda sh: sections.party_section(sh, case.claimant, translate(roles.claimant, lang),
                                                      claimant=True),
        "respondent": lambda sh: sections.party_section(sh, case.respondent, translate(roles.respondent, lang),
                                                        claimant=False),
        "account": sections.account, "letter": sections.letter, "timeline": tables.timeline,
        "transactions": tables.transactions, "statements": tables.statements,
        "classification": sections.classification, "resolution": sections.resolution,
        "contacts": tables.contacts, "deadlines": tables.deadlines, "security": sections.security,
        "reports": sections.reports, "statement_rows": tables.statement_rows,
        "exhibits": exhibit_sections.exhibits, "manifest": exhibit_sections.manifest,
        "declaration": sections.declaration,
    }
    # the sections ``outline`` marks printed, in its order: the export dialog lists the same
    parts = outline(data, options, exported_at.date())
    body = [flowable for part in parts if part.printed and part.key in builders
            for flowable in builders[part.key](sheet)]
    story = [*cover.cover(sheet, options.addressee), *cover.contents(sheet, body), *body]
    # the files that travel: the originals (or, redacted, the masked copies), read one at a time when written
    exhibit_files: list[tuple[str, bytes | Callable[[], bytes], int]] = []
    for row, ex in zip(manifest["exhibits"], data.exhibits, strict=True):
        if not row["attachment"]:  # redacted: no copy could be made, so nothing travels
            continue
        content = ex.original if ex.original is not None else ex.load
        if content is None:
            if options.originals == "none":
                continue
            raise ValueError(f"original bytes of evidence {ex.evidence.id} are needed to embed or zip them")
        exhibit_files.append((row["attachment"], content, row.get("attached_size", row["size"])))
    files: list[Attachment] = []
    if options.originals == "embed":
        rows = {row["attachment"]: row for row in manifest["exhibits"]}
        files += [(name, content, size, f"{rows[name]['label']} SHA-256 "
                                        f"{rows[name].get('attached_sha256', rows[name]['sha256'])}")
                  for name, content, size in exhibit_files]
    files.append((manifest_mod.MANIFEST_NAME, manifest_bytes, len(manifest_bytes), f"SHA-256 {fingerprint}"))
    files.append((manifest_mod.SIGNATURE_NAME, signature, len(signature), f"Ed25519 {public_key.hex()}"))
    title = translate(roles.title, lang)
    info = DocumentInfo(title=f"{title} — {case.title}", author=case.claimant.name or "WalletCare",
                        subject=f"WalletCare dossier {fingerprint}", keywords=f"walletcare-fingerprint:{fingerprint}",
                        creator=f"WalletCare {options.app_version}".strip(), created=exported_at,
                        fingerprint=fingerprint, seal_key=seal_key.fingerprint)
    pages: list[int] = []
    buf = BytesIO()
    rl_config.useA85 = 0  # binary streams: images stay as they are (ASCII85 would add 25 %)
    doc = _Doc(buf, total=len(story), progress=progress, cancel=cancel, pagesize=pagesize,
               leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
               title=info.title, author=info.author, subject=info.subject, keywords=info.keywords,
               creator=info.creator, invariant=1, lang=lang)
    canvas_class = _canvas_class(font=font.name, header=(f"#{case.id} · {case.title}", title), fingerprint=fingerprint,
                                 lang=lang, created=_pdf_date(exported_at), files=[], pages=pages,
                                 xmp=xmp_packet(info))
    total = len(story)
    doc.build(story, canvasmaker=canvas_class)  # consumes the story list
    if progress is not None:
        progress(total + 1, total + 1)
    warnings = (font.warning,) if font.warning else ()
    pdf = buf.getvalue()
    if options.pdf_password:
        pdf = protect(pdf, options.pdf_password)
    result = RenderResult(pdf=b"", manifest=manifest_bytes, signature=signature, fingerprint=fingerprint,
                          pages=pages[-1] if pages else 0, warnings=warnings, seal_key=seal_key.fingerprint,
                          exhibit_files=tuple(exhibit_files))

    def seal(into: BinaryIO | None) -> bytes:
        # the attached files go into the sealed revision, read and written one at a time
        return seal_pdf(pdf, seal_key, exported_at, options.pdf_password, files=files, output=into)

    if defer:
        return replace(result, write=seal)
    return replace(result, pdf=seal(output))
