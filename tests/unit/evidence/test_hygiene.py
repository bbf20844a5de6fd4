"""Nothing from the vault reaches the disk in plaintext: marker strings are searched for in every file."""

from __future__ import annotations

import io
import os
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from PIL import Image, PngImagePlugin

from walletcare import paths
from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.evidence.vault import Vault

from .conftest import passphrase

CN = timezone(timedelta(hours=8))


def _needles(marker: str) -> list[bytes]:
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("gbk")]


def _files(roots: list[Path], since: float) -> list[Path]:
    found = []
    for root in roots:
        if not root.exists():
            continue
        for dirpath, _dirs, names in os.walk(root):
            for name in names:
                path = Path(dirpath) / name
                try:
                    if path.stat().st_mtime >= since and path.is_file():
                        found.append(path)
                except OSError:
                    continue
    return found


def test_no_plaintext_anywhere(vault_dir: Path, tmp_path: Path) -> None:
    start = time.time() - 1
    tag = uuid.uuid4().hex[:10]
    markers = {
        "case": f"案件秘密{tag}甲",
        "tx": f"商户秘密{tag}乙",
        "note": f"客服秘密{tag}丙",
        "caption": f"截图说明{tag}丁",
        "png": f"图片内文字{tag}戊",
        "file": f"文件内容{tag}己",
    }
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", markers["png"])
    image = Image.new("RGB", (800, 1600), (40, 90, 200))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    with Vault.open(vault_dir, passphrase()) as vault:
        store = vault.store
        case = store.cases.add(Case(0, markers["case"], description=markers["case"]))
        store.transactions.add_many(
            Transaction(0, case.id, datetime(2024, 1, 1, tzinfo=CN) + timedelta(minutes=i), Decimal("9.99"), "CNY",
                        counterparty=markers["tx"], note=markers["tx"]) for i in range(300))
        store.contacts.add(Contact(0, case.id, "call", datetime(2024, 1, 2, tzinfo=CN), markers["note"]))
        store.evidence.add(case.id, buffer.getvalue(), "shot.png", caption=markers["caption"])
        store.evidence.add(case.id, markers["file"].encode("utf-8") * 50, "chat.txt")
        assert store.search_private(markers["note"]) != []
        vault.backup(tmp_path / "backup")
        vault.lock()
        vault.unlock(passphrase())
    roots = [vault_dir, tmp_path, paths.cache_dir(), paths.config_dir(), paths.log_dir(), Path(tempfile.gettempdir())]
    files = _files(roots, start)
    assert any(p.name == "vault.db" for p in files)
    leaks = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for what, marker in markers.items():
            if any(needle in data for needle in _needles(marker)):
                leaks.append(f"{what} in {path}")
    assert leaks == []
