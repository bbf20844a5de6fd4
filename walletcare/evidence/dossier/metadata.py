"""The dossier's document metadata as XMP (title, author, subject, keywords, creator, dates and the dossier
and seal-key fingerprints), written into the catalogue beside the Info dictionary ReportLab fills, so that
readers which show only XMP (or only Info) agree. pyHanko's XMP model serialises it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

XMP_NAMESPACE = "https://walletcare.app/ns/dossier/1.0/"


@dataclass(frozen=True)
class DocumentInfo:
    """What the Info dictionary and the XMP packet both say."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    created: datetime
    fingerprint: str
    seal_key: str


def xmp_packet(info: DocumentInfo) -> bytes:
    """The XMP packet (UTF-8) for ``info``; the same values always give the same bytes."""
    from lxml import etree
    from pyhanko.pdf_utils.metadata import model, xmp_xml

    etree.register_namespace("walletcare", XMP_NAMESPACE)
    meta = model.DocumentMetadata(title=info.title, author=info.author, subject=info.subject,
                                  keywords=[info.keywords], creator=info.creator, created=info.created,
                                  last_modified=info.created)
    ours = model.XmpStructure.of(
        (model.ExpandedName(XMP_NAMESPACE, "fingerprint"), model.XmpValue(info.fingerprint)),
        (model.ExpandedName(XMP_NAMESPACE, "sealKey"), model.XmpValue(info.seal_key)),
    )
    roots = xmp_xml.update_xmp_with_meta(meta)
    out = BytesIO()
    xmp_xml.serialise_xmp([*roots, ours], out)
    return out.getvalue()


def attach_xmp(canvas: Any, packet: bytes) -> None:
    """Puts ``packet`` into the document catalogue of a ReportLab canvas (before ``save``), uncompressed as
    XMP readers expect."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream

    doc = canvas._doc
    stream = PDFStream(content=packet, filters=None)
    stream.dictionary["Type"] = PDFName("Metadata")
    stream.dictionary["Subtype"] = PDFName("XML")
    stream.dictionary["Filter"] = PDFArray([])
    doc.Catalog.Metadata = doc.Reference(stream)
