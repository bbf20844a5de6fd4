"""The exhibits and manifest sections: each exhibit with its picture (print copy, written undecoded), caption,
times, what it supports and its SHA-256; then the manifest table of every exhibit and record, the signature,
the public key, the audit-trail head and how to verify.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Spacer, Table, TableStyle

from walletcare.evidence.capture_time import SOURCE_NAMES
from walletcare.evidence.dossier.data import ExhibitData
from walletcare.evidence.dossier.images import TALL, JpegImage, make_tiles, pdf_pages
from walletcare.evidence.dossier.labels import format_datetime, format_number, origin
from walletcare.evidence.dossier.manifest import exhibit_label, group_hex
from walletcare.evidence.dossier.sections import Sheet
from walletcare.i18n import translate


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def _where(s: Sheet, name: str, attached: str = "original") -> str:
    t, mode = s.lang, s.options.originals
    if s.options.redact and attached != "redacted":
        return translate("Not included in this redacted dossier (no masked copy could be made); kept in the "
                         "claimant's evidence vault", t)
    if mode == "none":
        return translate("Not included; kept in the claimant's evidence vault", t)
    if mode == "embed":
        where = translate("Attached to this PDF as {name}", t).format(name=name)
    else:
        zip_name = s.options.output_name.rsplit(".", 1)[0] + ".originals.zip"
        where = translate("In {zip} as {name}", t).format(zip=zip_name, name=name)
    if s.options.redact:
        where += "\n" + translate("A copy with phone numbers, ids and addresses masked; the original stays in the "
                                  "claimant's evidence vault (its SHA-256 is below).", t)
    return where


def _supports(ex: ExhibitData, s: Sheet) -> str:
    t = s.lang
    contact_numbers = {c.id: i for i, c in enumerate(s.data.contacts, 1)}
    parts = [f"{translate('Transaction', t)} #{i}" for i in ex.evidence.linked_transactions]
    parts += [f"{translate('Contact', t)} C{contact_numbers[i]}" for i in ex.evidence.linked_contacts if i in contact_numbers]
    return ", ".join(parts)


def _taken(ev: Any, t: str) -> str:
    """When the file was taken and how that is known (nothing when nothing tells)."""
    if ev.captured_at is None:
        return ""
    source = SOURCE_NAMES.get(ev.captured_source)
    how = translate(source, t) if source else translate("source not recorded", t)
    return f"{format_datetime(ev.captured_at, t)} ({how})"


TRANSCRIPT_LINES = 60  # machine-read lines printed under a picture; the rest are counted


def _transcript(ex: ExhibitData, s: Sheet) -> list[Any]:
    """The machine-read text of an exhibit in selectable text, marked as such (masked when redacted)."""
    t, k = s.lang, s.kit
    lines = [line for line in ex.reading.splitlines() if line.strip()]
    if not lines:
        return []
    shown = lines[:TRANSCRIPT_LINES]
    note = translate("Machine-read text (check against the image)", t)
    if s.options.redact:
        note += " · " + translate("phone numbers, ids and addresses masked", t)
    out: list[Any] = [k.para(note, "small"), k.para("\n".join(shown), "transcript")]
    if len(lines) > len(shown):
        out.append(k.para(translate("… {count} more lines not printed.", t).format(count=len(lines) - len(shown)),
                          "small"))
    return [*out, Spacer(1, 8)]


def _note(ex: ExhibitData, s: Sheet, picture: bool, pages: tuple[int, int] | None) -> str:
    t, ev = s.lang, ex.evidence
    notes = []
    if pages is not None:
        shown, total = pages
        if total > shown:
            notes.append(translate("PDF document of {total} pages: the first {shown} are shown; {omitted} are "
                                   "omitted here.", t).format(total=total, shown=shown, omitted=total - shown))
    elif not picture:
        if ev.mime == "application/pdf":
            notes.append(translate("This PDF could not be drawn here (damaged or password-protected).", t))
        elif ev.mime.startswith("image/"):
            notes.append(translate("This image could not be rendered for print; the original file is unchanged.", t))
        else:
            notes.append(translate("Not a picture: listed only.", t))
    if s.options.redact and (picture or pages is not None):
        if ex.mask_boxes:
            notes.append(translate("{count} areas masked in the picture (found by machine reading).", t).format(
                count=len(ex.mask_boxes)))
        elif not ex.reading_lines:
            notes.append(translate("Not machine-read: nothing in this picture could be masked. Check it before "
                                   "sending.", t))
    return "\n".join(notes)


def _exhibit(index: int, ex: ExhibitData, s: Sheet) -> list[Any]:
    t, k, ev = s.lang, s.kit, ex.evidence
    manifest_row = s.manifest["exhibits"][index]
    label = exhibit_label(index)
    rendered = None
    original = ex.data() if ev.mime == "application/pdf" else None
    if original is not None:
        rendered = pdf_pages(original, boxes=ex.mask_boxes)
    pages = (len(rendered[0]), rendered[1]) if rendered else None
    picture = ex.print_jpeg is not None and ex.print_size is not None
    portrait = picture and ex.print_size is not None and ex.print_size[1] >= ex.print_size[0]
    meta_width = k.frame_width * (0.55 if portrait else 1.0)
    meta = k.key_values([
        (translate("File", t), f"{ev.file_name} ({ev.mime}, {_size(ev.size)})"),
        (translate("Taken at", t), _taken(ev, t)),
        (translate("File last modified", t), format_datetime(ev.file_modified, t)),
        (translate("Entered into the vault", t), format_datetime(ev.added_at, t)),
        (translate("Supports", t), _supports(ex, s)),
        (translate("How it was obtained", t), " · ".join(p for p in (origin(ev.origin, t), ev.origin_detail) if p)),
        (translate("Original file", t), _where(s, manifest_row["attachment"], manifest_row.get("attached", "original"))),
        ("SHA-256", ev.sha256),
        (translate("Note", t), _note(ex, s, picture, pages)),
    ], size=8, key_fraction=0.3, width=meta_width)
    head = k.para(f"{label} · {ev.caption or ev.file_name}", "h2")
    head.toc_key = label  # the exhibit index names the page it starts on
    if rendered:  # a PDF drawn page by page, each labelled like the parts of a long screenshot
        images, total = rendered
        out: list[Any] = [KeepTogether([head, meta, Spacer(1, 4)])]
        for n, (data, size) in enumerate(images, 1):
            out.append(KeepTogether([k.para(f"{label} ({n}/{total})", "small"),
                                     JpegImage(data, size, k.frame_width, k.frame_height * 0.86), Spacer(1, 6)]))
        return [*out, *_transcript(ex, s)]
    if not picture:
        return [KeepTogether([head, meta, Spacer(1, 10)]), *_transcript(ex, s)]
    assert ex.print_jpeg is not None and ex.print_size is not None
    original = ex.data() if ex.print_size[1] > TALL * ex.print_size[0] else None
    if original is not None:
        page_height = k.frame_height * 0.86
        tiles = make_tiles(original, page_height / k.frame_width)
        if tiles and len(tiles) > 1:  # a long screenshot: full width, in parts, one page each at most
            count = translate("shown in {n} parts, top to bottom", t).format(n=len(tiles))
            parts: list[Any] = [KeepTogether([head, meta, k.para(count, "small"), Spacer(1, 4)])]
            parts += [KeepTogether([k.para(f"{label} ({n}/{len(tiles)})", "small"),
                                    JpegImage(data, size, k.frame_width, page_height), Spacer(1, 6)])
                      for n, (data, size) in enumerate(tiles, 1)]
            return [*parts, *_transcript(ex, s)]
    if portrait:
        image = JpegImage(ex.print_jpeg, ex.print_size, k.frame_width * 0.43, k.frame_height * 0.40)
        row = Table([[image, meta]], colWidths=[k.frame_width * 0.45, meta_width])
        row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                 ("FONT", (0, 0), (-1, -1), k.font.name, 8)]))  # not ReportLab's Helvetica
        return [KeepTogether([head, row, Spacer(1, 6)]), *_transcript(ex, s)]
    image = JpegImage(ex.print_jpeg, ex.print_size, k.frame_width, k.frame_height * 0.34)
    return [KeepTogether([head, image, Spacer(1, 4), meta, Spacer(1, 6)]), *_transcript(ex, s)]


def exhibits(s: Sheet) -> list[Any]:
    """Section 12: every exhibit numbered E1, E2 ... at half a page each."""
    if not s.data.exhibits:
        return []
    out: list[Any] = [PageBreak(), s.kit.heading(translate("Exhibits", s.lang)), s.kit.para(translate(
        "Each exhibit shows up to three times: when it was taken (and how that is known), when the file was last "
        "modified, and when it was entered into the vault. The SHA-256 proves that the file is unchanged since it "
        "was entered into the vault; it does not prove when the file was taken.", s.lang), "small"), Spacer(1, 6)]
    for i, ex in enumerate(s.data.exhibits):
        out += _exhibit(i, ex, s)  # a long screenshot or a PDF comes in parts
    return out


def manifest(s: Sheet) -> list[Any]:
    """Section 13: the manifest table, signature, public key, audit head and how to verify."""
    t, k, m = s.lang, s.kit, s.manifest
    head = m.get("audit_head")
    originals = {"embed": translate("Embedded in this PDF", t),
                 "zip": translate("In the originals zip file beside this PDF", t),
                 "none": translate("Not included", t)}[s.options.originals]
    facts = k.key_values([
        (translate("Dossier fingerprint", t), group_hex(s.fingerprint)),
        (translate("Signature (Ed25519)", t), group_hex(s.signature)),
        (translate("Public key of the vault", t), group_hex(s.public_key)),
        (translate("Seal fingerprint (ECDSA P-256)", t), group_hex(s.seal_key)),
        (translate("Audit trail head", t), f"#{head['seq']} {head['hash']}" if head else ""),
        (translate("Original files", t), originals),
    ], size=8, key_fraction=0.25)
    rows = [(f"{row['label']} (#{row['id']})", row["mime"], row["name"], format_number(row["size"]), row["sha256"],
             row["added_at"].replace("T", " ")) for row in m["exhibits"]]
    names = {"transaction": translate("Transaction", t), "contact": translate("Contact", t), "case": translate("Case", t)}
    records = [(f"{names.get(r['type'], r['type'])} #{r['id']}", r["sha256"]) for r in m["records"]]
    header = [translate("Id", t), translate("Type", t), translate("Original name", t), translate("Size (bytes)", t),
              "SHA-256", translate("Added at", t)]
    how = translate(
        "How to verify: run “walletcare verify FILE.pdf” (no vault or passphrase needed), or extract the attached "
        "files with any PDF reader and compare their SHA-256 with this table. The fingerprint is the SHA-256 of "
        "the attached manifest.json; manifest.sig is its Ed25519 signature by the public key above. The whole file "
        "is sealed by a PDF signature whose key has the seal fingerprint above.", t)
    out: list[Any] = [k.heading(translate("Manifest", t)), k.para(how, "small"), Spacer(1, 4)]
    if facts is not None:
        out += [facts, Spacer(1, 6)]
    size = 6.5
    sha_share = (stringWidth("0123456789abcdef" * 4, k.font.name, size) + 14) / k.frame_width
    rest = (1 - sha_share) / 5.6
    fractions = (1.0 * rest, 1.0 * rest, 1.6 * rest, 0.8 * rest, sha_share, 1.2 * rest)
    if rows:
        out += [k.table(header, rows, fractions, size=size), Spacer(1, 8)]
    out += [k.para(translate("Records (SHA-256 of each record as printed, canonical JSON)", t), "h2"),
            k.table([translate("Record", t), "SHA-256"], records, (1 - sha_share, sha_share), size=size), Spacer(1, 8)]
    return out
