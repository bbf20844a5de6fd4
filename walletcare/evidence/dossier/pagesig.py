"""The printed pages of a dossier as a digest: a SHA-256 over what every page draws (its content stream and
every object its resources reach — fonts, images — as decoded data, and its media box).

Dossiers made before the seal carried this digest, signed with the vault key, as the attached ``pages.sig``;
``walletcare verify`` still checks it there. For a sealed dossier with something appended after the seal,
``page_digests`` of the sealed revision and of the file as it is now tell which pages show something else.
Decoded data does not depend on how a stream is compressed or encrypted.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

PAGES_SIG_NAME = "pages.sig"
PREFIX = b"walletcare-pages:"
_SKIPPED = frozenset({"/Length", "/Filter", "/DecodeParms", "/Parent", "/P"})  # how stored, or back-links


def _page_parts(reader: Any) -> list[bytes]:
    """What each page of ``reader`` (a ``pypdf.PdfReader``) contributes to the digest."""
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

    parts = []
    for page in reader.pages:
        contents = page.get_contents()
        part = b"page" + hashlib.sha256(contents.get_data() if contents is not None else b"").digest()
        part += digest_of(page.raw_get("/Resources")) if "/Resources" in page else b""
        parts.append(part + repr([float(v) for v in page.mediabox]).encode())
    return parts


def pages_digest(reader: Any) -> str:
    """SHA-256 (hex) over every page of ``reader`` (a ``pypdf.PdfReader``) as it is drawn."""
    total = hashlib.sha256()
    for part in _page_parts(reader):
        total.update(part)
    return total.hexdigest()


def page_digests(reader: Any) -> list[str]:
    """One SHA-256 (hex) per page of ``reader``, over what the page draws."""
    return [hashlib.sha256(part).hexdigest() for part in _page_parts(reader)]


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
            bytes.fromhex(found["signature"]), PREFIX + digest.encode())
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True
