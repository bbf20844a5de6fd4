"""The stored facts of every shared sample: each file imported into a fresh vault, its rows read back (raw
text included) and the digests of the audit entries that created them, as JSON-ready data.

Uses only the public storage API, so the same file runs against an older checkout
(``PYTHONPATH=<old tree> python tests/unit/evidence/stored_facts.py <samples> <out.json>``) to record what
the rows looked like before a change to how they are stored.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

PASSPHRASE = b"stored facts passphrase"


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))  # type: ignore[arg-type]
    return str(value)


def sample_files(samples: Path) -> list[Path]:
    """Every export file among the samples (not their README)."""
    return sorted(p for p in samples.rglob("*") if p.is_file() and p.suffix in (".csv", ".xlsx"))


def facts(samples: Path) -> dict[str, Any]:
    """``{relative path: {"rows": [...], "audit": [...]}}`` for every sample file, each in a vault of its own."""
    from walletcare.evidence.importers.pipeline import import_file
    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="wc-facts-") as tmp:
        for n, path in enumerate(sample_files(samples)):
            vault, _code = Vault.create(Path(tmp) / f"v{n}", bytearray(PASSPHRASE), kdf_seconds=0)
            try:
                case_id = vault.store.cases.add(Case(id=0, title="facts")).id
                import_file(vault.store, case_id, path)
                again = import_file(vault.store, case_id, path)
                rows = []
                for tx in vault.store.transactions.all(case_id):
                    fields = {f.name: _plain(getattr(tx, f.name)) for f in dataclasses.fields(tx)}
                    rows.append(fields)
                audit = [(e.action, e.object, e.digest) for e in vault.store.audit.entries(case_id)
                         if e.object.startswith("transaction")]
                out[path.relative_to(samples).as_posix()] = {"rows": rows, "audit": audit,
                                                             "reimport_added": again.added}
            finally:
                vault.close()
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    result = facts(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text(json.dumps(result, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
