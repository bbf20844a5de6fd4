"""Files attached inside the PDF (``/EmbeddedFiles`` name tree), written straight through ReportLab.

Each file is an uncompressed ``/EmbeddedFile`` stream (images and PDFs are compressed already, and
uncompressed bytes keep export fast and let any tool re-hash them) with its size and MD5 checksum in
``/Params``, referenced from a ``/Filespec`` with the name and a description. Names are sorted in the order
PDF name trees require. When the document is encrypted, ReportLab encrypts these streams too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any


def _sort_key(name: str) -> bytes:
    try:
        return name.encode("ascii")
    except UnicodeEncodeError:
        return b"\xfe\xff" + name.encode("utf-16-be")


def attach_files(canvas: Any, files: Iterable[tuple[str, bytes, str]]) -> None:
    """Adds ``(name, data, description)`` files to the document of a ReportLab canvas (before ``save``).

    Args:
        canvas: The ``reportlab.pdfgen.canvas.Canvas`` being built.
        files: The files to attach; names must be unique.
    """
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    doc = canvas._doc
    entries: list[tuple[bytes, Any, Any]] = []
    for name, data, description in files:
        stream = PDFStream(content=data, filters=None)
        stream.dictionary["Type"] = PDFName("EmbeddedFile")
        stream.dictionary["Params"] = PDFDictionary({
            "Size": len(data),
            "CheckSum": PDFString(hashlib.md5(data, usedforsecurity=False).digest(), enc="raw"),
        })
        stream.dictionary["Filter"] = PDFArray([])
        stream_ref = doc.Reference(stream)
        spec = PDFDictionary({
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "Desc": PDFString(description),
            "EF": PDFDictionary({"F": stream_ref, "UF": stream_ref}),
        })
        entries.append((_sort_key(name), PDFString(name), doc.Reference(spec)))
    if not entries:
        return
    entries.sort(key=lambda e: e[0])
    flat: list[Any] = []
    for _key, pdf_name, ref in entries:
        flat.extend((pdf_name, ref))
    tree = PDFDictionary({"Names": PDFArray(flat)})
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": doc.Reference(tree)})
