"""A vault survives ``kill -9`` in the middle of a bulk insert and of an evidence intake: none or all of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from walletcare.evidence import database
from walletcare.evidence.models import Case
from walletcare.evidence.vault import Vault

from .conftest import PASSPHRASE, passphrase

_PRELUDE = """
import sys, io
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from walletcare.evidence.vault import Vault
from walletcare.evidence.models import Case, Transaction
vault = Vault.open(Path(sys.argv[1]), bytearray(sys.argv[2].encode()))
store = vault.store
case = store.cases.add(Case(0, "crash"))
sys.stdout.write("ready\\n"); sys.stdout.flush()
def progress(done, total):
    sys.stdout.write(f"progress {done}\\n"); sys.stdout.flush()
"""

_BULK = """
tz = timezone(timedelta(hours=8))
rows = [Transaction(0, case.id, datetime(2024, 1, 1, tzinfo=tz) + timedelta(seconds=i), Decimal(i) / 100, "CNY",
                    counterparty=f"商户{i % 97}", dedup_key=str(i)) for i in range(50000)]
store.transactions.add_many(rows, progress=progress)
sys.stdout.write("done\\n"); sys.stdout.flush()
"""

_EVIDENCE = """
from PIL import Image
from walletcare.evidence.exhibits import NewEvidence
items = []
for i in range(20):
    image = Image.effect_noise((500, 800), 40 + i).convert("RGB")
    out = io.BytesIO(); image.save(out, "PNG"); items.append(NewEvidence(out.getvalue(), f"s{i}.png"))
store.evidence.add_many(case.id, items, progress=progress)
sys.stdout.write("done\\n"); sys.stdout.flush()
"""


def _run_and_kill(vault_dir: Path, body: str) -> list[str]:
    code = textwrap.dedent(_PRELUDE) + textwrap.dedent(body)
    child = subprocess.Popen([sys.executable, "-c", code, str(vault_dir), PASSPHRASE], stdout=subprocess.PIPE,
                             text=True, start_new_session=True)
    lines = []
    assert child.stdout is not None
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("progress"):
            os.killpg(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    child.stdout.close()
    return lines


def _check(vault_dir: Path) -> Vault:
    vault = Vault.open(vault_dir, passphrase())
    assert database.full_check(vault.store.conn) == []
    assert vault.store.audit.verify()[0]
    return vault


@pytest.mark.slow
def test_kill_during_bulk_insert(vault_dir: Path) -> None:
    lines = _run_and_kill(vault_dir, _BULK)
    assert "ready" in lines and lines[-1].startswith("progress")
    with _check(vault_dir) as vault:
        case_id = vault.store.cases.list()[0].id
        assert vault.store.transactions.count(case_id) in (0, 50000)
        vault.store.cases.add(Case(0, "after the crash"))  # the next write clears a stale (never hot) journal
    assert sorted(p.name for p in vault_dir.iterdir()) == ["vault.db", "vault.keys"]


@pytest.mark.slow
def test_kill_during_evidence_intake(vault_dir: Path) -> None:
    lines = _run_and_kill(vault_dir, _EVIDENCE)
    assert lines[-1].startswith("progress")
    with _check(vault_dir) as vault:
        case_id = vault.store.cases.list()[0].id
        assert len(vault.store.evidence.list(case_id)) in (0, 20)
        assert vault.store.conn.execute("SELECT count(DISTINCT evidence_id) FROM evidence_chunks").fetchone()[0] in (0, 20)
