"""The dossier's manifest: every exhibit and record with its SHA-256, as canonical JSON, its fingerprint and
its Ed25519 signature, and the fingerprint of the key that seals the PDF.

Canonical JSON means sorted keys, no spaces, UTF-8, so the same case and export time always give the same
bytes. The fingerprint printed on every page is the SHA-256 of those bytes. ``manifest.json`` and
``manifest.sig`` travel inside the PDF as attached files (and inside the originals zip), together with the
exhibits' original bytes named ``E1-<original name>`` ... In a redacted dossier an exhibit row says what
travels instead (``attached``: a masked copy ``E1-redacted-<name>`` with its own ``attached_sha256``, or
``none``); ``sha256`` always names the original in the vault.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from walletcare.evidence.dossier.data import DossierData, ExportOptions
from walletcare.evidence.dossier.seal import SEAL_ALGORITHM

FORMAT = "walletcare-dossier-manifest"
FORMAT_VERSION = 2  # 2: the PDF is sealed (a PAdES certification signature by the key named in "seal")
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"


_FIELDS: dict[type, tuple[str, ...]] = {}


def _json_default(value: Any) -> Any:
    """What ``json`` cannot write itself: Decimal and dates as text, dataclasses as dicts of their fields."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(type(value))
        if names is None:
            names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
        return {name: getattr(value, name) for name in names}
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same value always gives the same bytes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_json_default).encode("utf-8")


def record_hash(record: Any) -> str:
    """SHA-256 of a record's canonical JSON (a transaction or contact as printed)."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def safe_file_name(name: str) -> str:
    """An original name usable inside a PDF or zip: no folders, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch if ch.isprintable() and ch not in ':*?"<>|' else "_" for ch in base).strip(" .")
    return cleaned or "file"


def attachment_name(label: str, file_name: str) -> str:
    """``E1-screenshot.png``: the exhibit label, a dash, the original name."""
    return f"{label}-{safe_file_name(file_name)}"


def exhibit_label(index: int) -> str:
    """``E1``, ``E2`` ... for the 0-based index."""
    return f"E{index + 1}"


def build(data: DossierData, options: ExportOptions, public_key: bytes, exported_at: datetime,
          seal_key: str) -> dict[str, Any]:
    """The manifest as a plain dict (see ``canonical_json`` for its bytes).

    Args:
        data: The case content as printed (after redaction, when on).
        options: The export options (language, paper, originals mode, redaction).
        public_key: The vault's raw Ed25519 public key.
        exported_at: The export time (timezone-aware).
        seal_key: The fingerprint of the key that seals the PDF.
    """
    exhibits = []
    for index, ex in enumerate(data.exhibits):
        ev = ex.evidence
        label = exhibit_label(index)
        row: dict[str, Any] = {
            "label": label,
            "id": ev.id,
            "type": "evidence",
            "mime": ev.mime,
            "name": ev.file_name,
            "size": ev.size,
            "sha256": ev.sha256,
            "added_at": ev.added_at.isoformat(),
            "captured_at": ev.captured_at.isoformat() if ev.captured_at else None,
            "attachment": attachment_name(label, ev.file_name),
        }
        if options.redact:  # a masked copy travels, named and hashed on its own, or nothing (``masking.py``)
            row["attached"] = ex.attached
            if ex.attached == "redacted" and ex.original is not None:
                row["attachment"] = attachment_name(f"{label}-redacted", ev.file_name)
                row["attached_sha256"] = hashlib.sha256(ex.original).hexdigest()
                row["attached_size"] = len(ex.original)
            else:
                row["attached"] = "none"
                row["attachment"] = ""
        exhibits.append(row)
    records = [{"type": "transaction", "id": tx.id, "sha256": record_hash(tx)} for tx in data.transactions]
    records += [{"type": "contact", "id": c.id, "sha256": record_hash(c)} for c in data.contacts]
    records.append({"type": "case", "id": data.case.id, "sha256": record_hash(data.case)})
    head = data.audit_head
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "case": {"id": data.case.id, "title": data.case.title},
        "exported_at": exported_at.isoformat(),
        "app_version": options.app_version,
        "language": options.lang,
        "paper": options.paper,
        "redacted": options.redact,
        "originals": options.originals,
        "exhibits": exhibits,
        "records": records,
        "audit_head": {"seq": head.seq, "hash": head.hash, "at": head.at.isoformat()} if head else None,
        "public_key": public_key.hex(),
        "signature_algorithm": "Ed25519",
        "seal": {"algorithm": SEAL_ALGORITHM, "key_fingerprint": seal_key},
    }


def fingerprint(manifest_bytes: bytes) -> str:
    """The dossier fingerprint: SHA-256 (hex) of the canonical manifest bytes."""
    return hashlib.sha256(manifest_bytes).hexdigest()


def group_hex(value: str, size: int = 4) -> str:
    """``ab12cd34...`` → ``ab12 cd34 ...`` for reading aloud or comparing by eye."""
    return " ".join(value[i : i + size] for i in range(0, len(value), size))
