"""Dossier export: a case with 500 transactions and 100 phone screenshots (1080x2400 PNG, 1–2 MB each).

Figures (issue 7): export time with the vault's print copies present (made here by the vault's own intake
code, ``walletcare.evidence.media.inspect``; target 1.5 s), the PDF size without
originals (15 MB) and the peak memory of that export (250 MB); the PDF size with the originals embedded
(reported) and the peak memory of that export, written to its file as the export does (300 MB); the export time when the print copies must first be made (4 s on 2 cores). Issue 15: the time
the seal adds to the export with print copies (0.15 s) and ``verify`` of that file (0.5 s), CPU time, the
least of three runs (the machine is shared, so wall time says more about the neighbours). Each measurement
runs in a fresh child process (``--child MODE``) so its peak memory is its own. The screenshots are made
once in a temporary folder (test data, not vault content).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.figures import Figure, peak_rss_mb  # noqa: E402

SCREENSHOTS = 100
TRANSACTIONS = 500
CST = timezone(timedelta(hours=8))


def _base_png(seed: int) -> bytes:
    """A 1080x2400 screenshot-like PNG of about 1.5 MB: flat UI bars, text, and a photo-like (blurred) band."""
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(seed)
    img = Image.new("RGB", (1080, 2400), (246, 246, 246))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 1080, 160), fill=(22, 119, 255))
    for row in range(14):
        y = 900 + row * 100
        draw.rectangle((40, y, 1040, y + 70), fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
        draw.text((60, y + 20), "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789 ") for _ in range(60)),
                  fill=(0, 0, 0))
    photo = Image.frombytes("RGB", (1080, 640), rnd.randbytes(1080 * 640 * 3)).filter(ImageFilter.GaussianBlur(1.2))
    img.paste(photo, (0, 220))
    out = BytesIO()
    img.save(out, "PNG", compress_level=1)
    return out.getvalue()


def _jpeg_with_comment(jpeg: bytes, index: int) -> bytes:
    """The same JPEG with a distinct COM segment, as a distinct print copy would be."""
    text = f"print copy {index}".encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + jpeg[2:]


def _with_chunk(png: bytes, index: int) -> bytes:
    """The same picture with a distinct ``tEXt`` chunk, so every file has its own SHA-256."""
    body = b"tEXt" + f"Comment\x00screenshot {index}".encode()
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return png[:-12] + chunk + png[-12:]


def _vault_print_copy(png: bytes) -> tuple[bytes, tuple[int, int]] | None:
    """The print copy the vault makes at intake (``walletcare.evidence.media``), else the dossier's own."""
    try:
        from walletcare.evidence.media import inspect
    except ImportError:
        inspect = None
    if inspect is not None:
        for copy in inspect(png, "screenshot.png").copies:
            if copy.kind == "print":
                return copy.data, (copy.width, copy.height)
    from walletcare.evidence.dossier.images import make_print_jpeg

    return make_print_jpeg(png)


def _prepare(folder: Path) -> None:
    bases = [_base_png(seed) for seed in range(10)]
    files = [_with_chunk(bases[i % 10], i) for i in range(SCREENSHOTS)]
    with ThreadPoolExecutor(2) as pool:
        prints = list(pool.map(_vault_print_copy, bases))
    for i, data in enumerate(files):
        (folder / f"s{i:03d}.png").write_bytes(data)
        made = prints[i % 10]
        assert made is not None
        (folder / f"s{i:03d}.jpg").write_bytes(_jpeg_with_comment(made[0], i))
        (folder / f"s{i:03d}.size").write_text(f"{made[1][0]} {made[1][1]}")


def _data(folder: Path, *, originals: bool, prints: bool):
    from walletcare.evidence.dossier.data import DossierData, ExhibitData
    from walletcare.evidence.models import Case, Contact, Evidence, Party, Reference, Transaction

    base = datetime(2026, 1, 1, 9, 0, tzinfo=CST)
    txs = tuple(Transaction(
        id=i + 1, case_id=1, time=base + timedelta(hours=5 * i), amount=Decimal(f"{10 + i}.{i % 100:02d}"),
        currency=("CNY", "USD", "USDT")[i % 3], counterparty=f"某某商户 第{i}号", status="交易成功",
        references=(Reference("trade_no", f"2026{i:020d}"),), channel="余额") for i in range(TRANSACTIONS))
    contacts = tuple(Contact(id=i + 1, case_id=1, kind="call", at=base + timedelta(days=i), summary="客服答应三天内处理。",
                             channel="95188", ticket=f"T{i}") for i in range(5))
    exhibits = []
    for i in range(SCREENSHOTS):
        png = (folder / f"s{i:03d}.png").read_bytes() if not prints else None
        size = (folder / f"s{i:03d}.png").stat().st_size
        sha = hashlib.sha256(png or (folder / f"s{i:03d}.png").read_bytes()).hexdigest()
        ev = Evidence(id=i + 1, case_id=1, file_name=f"截图{i + 1}.png", mime="image/png", size=size, sha256=sha,
                      added_at=base + timedelta(days=60, minutes=i), caption=f"转账截图 {i + 1}")
        jpeg = (folder / f"s{i:03d}.jpg").read_bytes() if prints else None
        dims = tuple(int(v) for v in (folder / f"s{i:03d}.size").read_text().split()) if prints else None
        # originals to embed are read when written, one at a time, as ``collect`` arranges it for a vault
        load = (lambda path=folder / f"s{i:03d}.png": path.read_bytes()) if originals else None
        exhibits.append(ExhibitData(evidence=ev, original=png, print_jpeg=jpeg, print_size=dims,  # type: ignore[arg-type]
                                    load=load))
    case = Case(id=1, title="支付宝转账未到账", provider="支付宝", claimant=Party(name="王小明"),
                respondent=Party(organisation="支付宝（中国）网络技术有限公司"), classification="money_not_available")
    return DossierData(case=case, transactions=txs, contacts=contacts, exhibits=tuple(exhibits))


def _child(mode: str, folder: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from walletcare.evidence.dossier import collect, layout
    from walletcare.evidence.dossier.data import ExportOptions
    from walletcare.evidence.dossier.layout import render
    from walletcare.evidence.dossier.seal import make_seal_key
    from walletcare.evidence.dossier.verify import verify_pdf

    key = Ed25519PrivateKey.generate()
    seal = make_seal_key()

    class Signer:
        def sign(self, data: bytes) -> bytes:
            return key.sign(data)

        def public_key(self) -> bytes:
            return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

        def seal_key(self):
            return seal

    seal_cpu: list[float] = []
    seal_pdf = layout.seal_pdf

    def timed_seal(*args: object, **kwargs: object) -> bytes:  # the seal step of render, timed on its own
        start_seal = time.process_time()
        sealed = seal_pdf(*args, **kwargs)  # type: ignore[arg-type]
        seal_cpu.append(time.process_time() - start_seal)
        return sealed

    layout.seal_pdf = timed_seal  # type: ignore[assignment]
    options = ExportOptions(exported_at=datetime(2026, 4, 1, 12, 0, tzinfo=CST), originals="embed" if mode == "embed" else "none",
                            size_budget=1 << 30)
    times, cpu, size, pdf = [], [], 0, b""
    for _ in range(3 if mode == "print" else 1):
        data = _data(folder, originals=mode == "embed", prints=mode != "make")
        start, start_cpu = time.perf_counter(), time.process_time()
        if mode == "make":
            items = [{"original": ex.original, "make": True, "keep": False, "jpeg": None, "size": None}
                     for ex in data.exhibits]
            with ThreadPoolExecutor(collect.PRINT_WORKERS) as pool:  # as collect() does, a chunk at a time
                for first in range(0, len(items), collect.CHUNK):
                    collect._make_print_copies(pool, items[first:first + collect.CHUNK])
            from dataclasses import replace

            data = replace(data, exhibits=tuple(replace(ex, original=None, print_jpeg=i["jpeg"], print_size=i["size"])
                                                for ex, i in zip(data.exhibits, items, strict=True)))
        if mode == "embed":  # as the export writes it: straight into the file, originals streamed
            from walletcare.evidence.dossier.export import write_dossier

            target = folder / "embedded.pdf"
            target.unlink(missing_ok=True)
            size = write_dossier(data, options, target, signer=Signer()).pdf_size
        else:
            pdf = render(data, options, signer=Signer()).pdf
            size = len(pdf)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    rss = peak_rss_mb()
    verify_cpu, verify_wall = [], []
    if mode == "print":
        path = folder / "sealed.pdf"
        path.write_bytes(pdf)
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            assert verify_pdf(path).intact
            verify_wall.append(time.perf_counter() - start)
            verify_cpu.append(time.process_time() - start_cpu)
    print(json.dumps({"seconds": statistics.median(times), "cpu": statistics.median(cpu), "bytes": size, "rss_mb": rss,
                      "seal_cpu": min(seal_cpu), "verify_cpu": min(verify_cpu or [0.0]),
                      "verify_seconds": min(verify_wall or [0.0])}))


def _run_child(mode: str, folder: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(folder)], check=True, capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    """Measures and returns the figures."""
    with tempfile.TemporaryDirectory(prefix="walletcare-bench-dossier-") as tmp:
        folder = Path(tmp)
        _prepare(folder)
        originals_mb = sum(p.stat().st_size for p in folder.glob("*.png")) / 1024 / 1024
        printed = _run_child("print", folder)
        embedded = _run_child("embed", folder)
        made = _run_child("make", folder)
    note = f"{TRANSACTIONS} transactions, {SCREENSHOTS} screenshots ({originals_mb:.0f} MB of PNG)"
    return [
        Figure("dossier_export_with_print_copies", printed["seconds"], "s", 1.5,
               note=f"{note}; CPU {printed['cpu']:.2f} s"),
        Figure("dossier_pdf_size_without_originals", printed["bytes"] / 1024 / 1024, "MB", 15),
        Figure("dossier_export_peak_rss", printed["rss_mb"], "MB", 250),
        Figure("dossier_seal_cpu", printed["seal_cpu"], "s", 0.15, note="CPU time the seal adds to that export"),
        Figure("dossier_verify_cpu", printed["verify_cpu"], "s", 0.5,
               note=f"verify of that file, CPU; wall {printed['verify_seconds']:.2f} s"),
        Figure("dossier_pdf_size_with_originals", embedded["bytes"] / 1024 / 1024, "MB", None,
               note=f"{embedded['seconds']:.2f} s"),
        Figure("dossier_export_with_originals_peak_rss", embedded["rss_mb"], "MB", 300,
               note="100 originals embedded, streamed into the file one at a time (827 MB when all were held)"),
        Figure("dossier_export_making_print_copies", made["seconds"], "s", 4.0,
               note=f"{os.cpu_count()} cores, CPU {made['cpu']:.2f} s, peak {made['rss_mb']:.0f} MB RSS"),
    ]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], Path(sys.argv[3]))
    else:
        for fig in run():
            print(fig)
