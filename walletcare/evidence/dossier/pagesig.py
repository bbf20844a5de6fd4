"""The printed pages, signed: a SHA-256 over what every page draws (its content stream and every object its
resources reach — fonts, images — as decoded data), signed with the vault's key and attached as
``pages.sig`` in an incremental update after rendering. ``walletcare verify`` recomputes it, so an amount
edited on a page, a picture swapped or a font's glyphs redrawn is found, not only a changed exhibit.

The digest reads the PDF back with pypdf, the way ``verify`` will; decoded data does not depend on how a
stream is compressed or encrypted, so the password protection applied afterwards keeps it valid.
"""

from __future__ import annotations

import hashlib
import json
from io import BytesIO
from typing import Any

PAGES_SIG_NAME = "pages.sig"
_PREFIX = b"walletcare-pages:"
_SKIPPED = frozenset({"/Length", "/Filter", "/DecodeParms", "/Parent", "/P"})  # how stored, or back-links


def pages_digest(reader: Any) -> str:
    """SHA-256 (hex) over every page of ``reader`` (a ``pypdf.PdfReader``) as it is drawn."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    memo: dict[tuple[int, int], bytes] = {}

    def digest_of(obj: Any) -> bytes:
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key not in memo:
                memo[key] = b""  # a cycle reads as empty
                memo[key] = digest_of(obj.get_object())
            return memo[key]
        h = hashlib.sha256()
        if isinstance(obj, StreamObject):
            h.update(b"S" + hashlib.sha256(obj.get_data()).digest())
        if isinstance(obj, DictionaryObject):
            for name in sorted(obj):
                if name not in _SKIPPED:
                    h.update(b"K" + str(name).encode() + digest_of(obj.raw_get(name)))
        elif isinstance(obj, ArrayObject):
            for item in obj:
                h.update(b"A" + digest_of(item))
        elif not isinstance(obj, StreamObject):
            h.update(b"V" + repr(obj).encode())
        return h.digest()

    total = hashlib.sha256()
    for page in reader.pages:
        contents = page.get_contents()
        total.update(b"page" + hashlib.sha256(contents.get_data() if contents is not None else b"").digest())
        total.update(digest_of(page.raw_get("/Resources")) if "/Resources" in page else b"")
        total.update(repr([float(v) for v in page.mediabox]).encode())
    return total.hexdigest()


def sign_pages(pdf: bytes, signer: Any) -> bytes:
    """``pdf`` with ``pages.sig`` attached in an incremental update (the rendered bytes stay as they are)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(pdf))
    digest = pages_digest(reader)
    record = {"pages_sha256": digest, "signature": signer.sign(_PREFIX + digest.encode()).hex(),
              "public_key": signer.public_key().hex()}
    writer = PdfWriter(reader, incremental=True)  # (the same parse as the digest's)
    writer.add_attachment(PAGES_SIG_NAME, json.dumps(record, sort_keys=True).encode())
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def pages_signed(reader: Any, record: bytes, public_key_hex: str) -> bool:
    """Whether ``record`` (the attached ``pages.sig``) signs the pages ``reader`` has, with ``public_key_hex``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        found = json.loads(record)
        digest = pages_digest(reader)
        if found.get("pages_sha256") != digest or found.get("public_key") != public_key_hex:
            return False
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
            bytes.fromhex(found["signature"]), _PREFIX + digest.encode())
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True
