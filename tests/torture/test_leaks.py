"""Plaintext leak scan: markers put into a case by the CLI are found nowhere on disk but in the plain dossier.

Random markers (ASCII and Chinese) go into a case title, description, note, caption, an imported payee and a
screenshot's PNG text chunk; then the CLI imports, exports (plain and with a PDF password), backs up,
restores, verifies and fails on a broken file. Every file in the run's HOME, TMPDIR, XDG folders, vault
and output folders, and in /dev/shm (``make torture``: also the files /tmp and /var/tmp got during the run),
is read as bytes and searched for each marker in UTF-8, UTF-16 and GB18030, and for the passphrase. Only the
plain PDF (which is meant to show the case) may hold them.
"""

from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

from .helpers import FULL, PASSPHRASE, Sandbox, alipay_csv, kill_group, wait_until, write_results

SCAN_CAP = 256 * 1024 * 1024  # bytes read per extra system folder


def _markers() -> dict[str, str]:
    han = "".join(chr(0x4E00 + secrets.randbelow(0x5000)) for _ in range(4))
    return {"ascii": f"LEAK{secrets.token_hex(6)}", "chinese": f"泄{han}", "passphrase": PASSPHRASE}


def _patterns(markers: dict[str, str]) -> list[tuple[str, str, bytes]]:
    out = []
    for kind, text in markers.items():
        for encoding in ("utf-8", "utf-16-le", "utf-16-be", "gb18030"):
            out.append((kind, encoding, text.encode(encoding)))
    return out


def _files(folder: Path, since: float | None = None) -> list[Path]:
    found = []
    for root, _dirs, names in os.walk(folder, onerror=lambda _e: None):
        for name in names:
            path = Path(root) / name
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                if since is not None and path.stat().st_mtime < since:
                    continue
            except OSError:
                continue
            found.append(path)
    return found


def _png_with_text(path: Path, text: str) -> None:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    Image.effect_noise((300, 600), 30).convert("RGB").save(path, pnginfo=info)


def test_no_marker_reaches_the_disk_in_plaintext(sandbox: Sandbox) -> None:
    started = time.time()
    markers = _markers()
    m_ascii, m_han = markers["ascii"], markers["chinese"]
    inputs = sandbox.root / "inputs"
    out = sandbox.root / "out"
    inputs.mkdir()
    out.mkdir()
    (inputs / "pw.txt").write_text("pdf password 7\n")
    _png_with_text(inputs / "shot.png", f"{m_ascii} {m_han}")
    (inputs / "alipay.csv").write_bytes(alipay_csv(300, marker=f"{m_han}{m_ascii}"))
    (inputs / "broken.csv").write_text(f"交易时间,金额\n{m_ascii},{m_han}\n", encoding="utf-8")

    steps: list[tuple[str, list[str], tuple[int, ...]]] = [
        ("init", ["init"], (0,)),
        ("case new", ["case", "new", "--title", f"案件 {m_han} {m_ascii}", "--provider", "支付宝"], (0,)),
        ("case edit", ["case", "edit", "1", "--description", f"说明 {m_ascii} {m_han}"], (0,)),
        ("note add", ["note", "add", "--case", "1", "--kind", "call", "--at", "2026-11-21 10:05",
                      "--summary", f"客服 {m_han} {m_ascii}"], (0,)),
        ("evidence add", ["evidence", "add", "--case", "1", str(inputs / "shot.png"), "--caption", f"图 {m_ascii} {m_han}"], (0,)),
        ("import", ["import", str(inputs / "alipay.csv"), "--case", "1"], (0,)),
        ("import broken", ["import", str(inputs / "broken.csv"), "--case", "1"], (4,)),
        ("case show", ["case", "show", "1"], (0,)),
        ("audit", ["audit", "--verify"], (0,)),
        ("backup", ["backup", "-o", str(out / "backup")], (0,)),
        ("export plain", ["export", "--case", "1", "-o", str(out / "plain.pdf")], (0,)),
        ("export protected", ["export", "--case", "1", "-o", str(out / "protected.pdf"),
                              "--pdf-password-file", str(inputs / "pw.txt")], (0,)),
        ("export redacted", ["export", "--case", "1", "--redact", "-o", str(out / "redacted.pdf")], (0,)),
        ("verify", ["verify", str(out / "plain.pdf")], (0,)),
        ("restore", ["restore", str(out / "backup")], (0,)),
    ]
    if FULL:
        steps += [
            ("export zip", ["export", "--case", "1", "-o", str(out / "zipped.pdf"), "--originals", "zip"], (0,)),
            ("case list en", ["--lang", "en", "case", "list"], (0,)),
        ]
    failing = []
    for name, args, codes in steps:
        done = sandbox.run(*args, timeout=300)
        if done.returncode not in codes:
            failing.append(f"{name}: exit {done.returncode} {done.stderr[-300:]}")
    if FULL:  # an import killed half-way leaves its journal and temp files: they must be as safe
        (inputs / "big.csv").write_bytes(alipay_csv(20000, marker=m_han))
        proc = sandbox.start("import", str(inputs / "big.csv"), "--case", "1")
        wait_until(lambda: any(p.name.endswith("-journal") for p in sandbox.vault.iterdir()), timeout=20, step=0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        kill_group(proc.pid)

    expected = {out / "plain.pdf", out / "redacted.pdf", out / "zipped.pdf", out / "zipped.zip"}
    expected |= set((out).glob("zipped*"))
    scanned = [p for p in _files(sandbox.root) if inputs not in p.parents and p not in expected]
    scanned += _files(Path("/dev/shm"), since=started)
    if FULL:
        for folder in (Path("/tmp"), Path("/var/tmp")):
            scanned += [p for p in _files(folder, since=started) if sandbox.root not in p.parents]
    hits, read = [], 0
    patterns = _patterns(markers)
    for path in scanned:
        try:
            data = path.read_bytes()[:SCAN_CAP]
        except OSError:
            continue
        read += len(data)
        hits += [f"{path} holds the {kind} marker ({encoding})" for kind, encoding, raw in patterns if raw in data]
    plain = (out / "plain.pdf").read_bytes() if (out / "plain.pdf").exists() else b""
    write_results("leaks", {"runs": len(steps), "failures": len(hits) + len(failing), "files_scanned": len(scanned),
                            "mb_scanned": round(read / 1e6, 1), "hits": hits[:20], "steps_failing": failing})
    assert not failing, failing
    assert not hits, hits
    assert any(p.name == "vault.db" for p in scanned) and any(p.name == "protected.pdf" for p in scanned)
    assert plain.startswith(b"%PDF")  # the scan looked at real outputs, not an empty run
