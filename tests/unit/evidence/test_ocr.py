"""OCR in a worker process: real RapidOCR models on generated screenshots and a PDF, stored in the real vault."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.evidence.chat_screens import chat_screen, found
from walletcare.errors import Cancelled
from walletcare.evidence import removal
from walletcare.evidence.models import Case
from walletcare.evidence.ocr import MODEL, OcrWorker, engine_version
from walletcare.evidence.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def worker() -> Iterator[OcrWorker]:
    with OcrWorker() as shared:
        yield shared


@pytest.fixture(scope="module")
def screen_one():  # type: ignore[no-untyped-def]
    return chat_screen(1)


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_reads_order_number_amount_and_hash_exactly(worker: OcrWorker, screen_one) -> None:  # type: ignore[no-untyped-def]
    pages: list[tuple[int, int]] = []
    result = worker.read(screen_one.png, "image/png", progress=lambda d, t: pages.append((d, t)))
    assert found(screen_one, result.text) == {"order_no": True, "amount": True, "tx_hash": True}
    assert pages == [(1, 1)]
    assert result.engine == engine_version() and result.model == MODEL
    line = next(ln for ln in result.lines if screen_one.order_no in ln.text)
    assert len(line.box) == 4 and all(0 <= x <= 1080 and 0 <= y <= 2400 for x, y in line.box)
    word = next(box for text, box in line.words if text == screen_one.order_no)
    xs, ys = [x for x, _y in line.box], [y for _x, y in line.box]
    assert min(xs) - 4 <= word[0] < word[2] <= max(xs) + 4 and min(ys) - 4 <= word[1] < word[3] <= max(ys) + 4
    assert [text for text, _box in line.words][:3] == ["订", "单", "号"]


def test_reads_a_rendered_pdf_page(worker: OcrWorker) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from tests.unit.evidence.chat_screens import font_path

    pdfmetrics.registerFont(TTFont("cjk", str(font_path()), subfontIndex=0))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("cjk", 16)
    c.drawString(72, 700, "退款申请 工单号 T55501234")
    c.showPage()
    c.setFont("cjk", 16)
    c.drawString(72, 700, "订单号 4200000987654321098765432100")
    c.save()
    result = worker.read(out.getvalue(), "application/pdf")
    assert result.pages == 2
    flat = "".join(result.text.split())
    assert "T55501234" in flat and "4200000987654321098765432100" in flat
    assert {ln.page for ln in result.lines} == {0, 1}


def test_cancel_stops_the_worker_and_the_next_read_starts_a_new_one(screen_one) -> None:  # type: ignore[no-untyped-def]
    with OcrWorker() as own:
        flag = threading.Event()
        threading.Timer(0.5, flag.set).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            own.read(screen_one.png, "image/png", cancel=flag)
        assert time.monotonic() - started < 3
        assert own.pid is None


def test_a_damaged_image_is_reported_and_the_worker_goes_on(worker: OcrWorker) -> None:
    from walletcare.evidence.ocr import OcrFailed

    with pytest.raises(OcrFailed):
        worker.read(b"\x89PNG\r\n\x1a\n" + b"broken" * 10, "image/png")
    assert worker.pid is not None


def test_the_worker_dies_with_its_parent(tmp_path: Path) -> None:
    script = (
        "import os, sys, time\n"
        "from walletcare.evidence.ocr import OcrWorker\n"
        "if __name__ == '__main__':\n"
        "    w = OcrWorker(); w._start()\n"
        "    print(w._proc.pid, flush=True)\n"
        "    time.sleep(1.5)\n"
        "    os._exit(0)\n")
    (tmp_path / "parent.py").write_text(script)
    out = subprocess.run([sys.executable, str(tmp_path / "parent.py")], capture_output=True, text=True, timeout=60,
                         cwd=os.getcwd())
    child = int(out.stdout.split()[0])
    deadline = time.monotonic() + 5
    while _pid_alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _pid_alive(child)


def test_reading_is_stored_encrypted_searchable_and_resumable(store: Store, case: Case, vault_dir: Path,
                                                              worker: OcrWorker, screen_one) -> None:  # type: ignore[no-untyped-def]
    shot, _dup = store.evidence.add(case.id, screen_one.png, "截图1.png")
    text_file, _dup = store.evidence.add(case.id, b"plain notes", "notes.txt")
    assert store.readings.pending(case.id) == [shot.id]
    assert store.readings.get(shot.id) is None
    seen: list[int] = []
    assert store.readings.read_pending(worker, case.id, on_item=lambda i, _r: seen.append(i)) == 1
    assert seen == [shot.id]
    assert store.readings.pending(case.id) == []  # resumable: a second run has nothing left to read
    assert store.readings.read_pending(worker, case.id) == 0
    reading = store.readings.get(shot.id)
    assert reading is not None and reading.source == "machine" and reading.model == MODEL
    assert screen_one.order_no in "".join(reading.text.split())
    hits = store.readings.search(screen_one.order_no[-12:], case.id)
    assert [h.evidence_id for h in hits] == [shot.id] and screen_one.order_no[-12:] in hits[0].snippet
    assert store.readings.search(screen_one.order_no[-12:], case.id + 1) == []
    # a caption edit keeps the read text in the index
    store.evidence.update(store.evidence.get(shot.id).__class__(**{**store.evidence.get(shot.id).__dict__,
                                                                   "caption": "客服对话"}))
    assert [h.evidence_id for h in store.readings.search(screen_one.order_no[-12:])] == [shot.id]
    # nothing of the read text is on disk in plaintext
    store.conn.execute("PRAGMA wal_checkpoint")
    for f in vault_dir.iterdir():
        assert screen_one.order_no.encode() not in f.read_bytes(), f.name
    # removing and undoing the removal keeps the reading
    undo = removal.remove_evidence(store, shot.id)
    assert store.readings.search(screen_one.order_no[-12:]) == []
    removal.restore(store, undo)
    assert store.readings.get(shot.id) == reading
    assert text_file.id not in store.readings.pending()


def _cli(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WALLETCARE_TEST_KDF_SECONDS": "0", "WALLETCARE_PASSPHRASE": "口令 pass 1"}
    return subprocess.run([sys.executable, "-m", "walletcare", "--vault", str(vault), "--lang", "en", *args],
                          capture_output=True, text=True, env=env, timeout=180)


def test_cli_reads_searches_and_shows_text(tmp_path: Path, screen_one) -> None:  # type: ignore[no-untyped-def]
    import json

    vault = tmp_path / "vault"
    assert _cli(vault, "init").returncode == 0
    case_id = json.loads(_cli(vault, "case", "new", "--title", "退款", "--json").stdout)["id"]
    shot = tmp_path / "chat.png"
    shot.write_bytes(screen_one.png)
    added = _cli(vault, "evidence", "add", "--case", str(case_id), str(shot), "--json", "--no-read")
    assert added.returncode == 0, added.stderr
    item = json.loads(added.stdout)[0]["id"]
    assert json.loads(added.stdout)[0]["read"] is False
    unread = _cli(vault, "evidence", "text", str(item))
    assert unread.returncode == 0 and "has not been read yet" in unread.stdout
    run = _cli(vault, "ocr", "--case", str(case_id), "--wait")
    assert run.returncode == 0, run.stderr
    assert "1 items read, 0 could not be read." in run.stdout
    again = _cli(vault, "ocr")
    assert again.returncode == 0 and "Every image and PDF has been read." in again.stdout
    found_json = json.loads(_cli(vault, "evidence", "search", screen_one.order_no[-10:], "--json").stdout)
    assert [(h["id"], h["case"], h["file"]) for h in found_json] == [(item, case_id, "chat.png")]
    assert json.loads(_cli(vault, "evidence", "search", "0000000000000", "--json").stdout) == []
    shown = _cli(vault, "evidence", "text", str(item), "--json")
    data = json.loads(shown.stdout)
    assert data["read"] and data["source"] == "machine" and data["model"] == MODEL
    assert screen_one.order_no in "".join(data["text"].split())
    assert _cli(vault, "ocr", "--case", "99").returncode == 2
    offered = json.loads(_cli(vault, "evidence", "suggest", "--case", str(case_id), "--json").stdout)
    order = next(s for s in offered if s["kind"] == "order_no")
    assert order["value"] == screen_one.order_no and order["transaction_id"] is None
    accepted = _cli(vault, "evidence", "suggest", "--case", str(case_id), "--accept", order["id"])
    assert accepted.returncode == 0 and "Done:" in accepted.stdout
    left = json.loads(_cli(vault, "evidence", "suggest", "--case", str(case_id), "--json").stdout)
    assert order["id"] not in {s["id"] for s in left} and len(left) == len(offered) - 1
    dropped = json.loads(_cli(vault, "evidence", "suggest", "--case", str(case_id), "--dismiss", left[0]["id"],
                              "--json").stdout)
    assert [(d["id"], d["dismissed"]) for d in dropped] == [(left[0]["id"], True)]
    rest = json.loads(_cli(vault, "evidence", "suggest", "--case", str(case_id), "--json").stdout)
    assert [s["id"] for s in rest] == [s["id"] for s in left[1:]]
    assert _cli(vault, "evidence", "suggest", "--case", str(case_id), "--dismiss", left[0]["id"]).returncode == 2


def test_screenshot_of_a_recovery_phrase_is_sealed_and_never_exported(tmp_path: Path) -> None:
    import json

    from mnemonic import Mnemonic

    from tests.unit.evidence.chat_screens import seed_screen
    from walletcare.evidence.dossier.collect import collect
    from walletcare.evidence.vault import Vault

    words = Mnemonic("english").to_mnemonic(bytes(range(16))).split()
    vault = tmp_path / "vault"
    assert _cli(vault, "init").returncode == 0
    case_id = json.loads(_cli(vault, "case", "new", "--title", "钱包被盗", "--json").stdout)["id"]
    (tmp_path / "backup.png").write_bytes(seed_screen(words))
    added = _cli(vault, "evidence", "add", "--case", str(case_id), str(tmp_path / "backup.png"))
    assert added.returncode == 4, added.stdout + added.stderr
    assert "recovery (seed) phrase" in added.stderr and "keep-sealed" in added.stderr
    assert not any(w in added.stderr for w in words[1:])  # the excerpt is masked
    held = json.loads(_cli(vault, "evidence", "sealed", "--json").stdout)
    assert [(h["file"], h["secret"], h["state"]) for h in held] == [("backup.png", "seed", "held")]
    item = held[0]["id"]
    opened = Vault.open(vault, bytearray("口令 pass 1".encode()))
    try:
        store = opened.store
        assert store.evidence.list(case_id) == []  # hidden from everything that exports a case
        assert [e.id for e in store.evidence.list(case_id, sealed=True)] == [item]
        assert [x.evidence.id for x in collect(store, case_id).exhibits] == []
        assert store.evidence.derived(item, "print") is None and store.evidence.derived(item, "thumbnail") is None
        reading = store.readings.get(item)
        assert reading is not None and reading.text == "" and reading.lines == ()
        assert store.readings.search("abandon") == []
    finally:
        opened.close()
    kept = _cli(vault, "evidence", "keep-sealed", str(item))
    assert kept.returncode == 0 and "kept sealed" in kept.stdout
    assert json.loads(_cli(vault, "evidence", "sealed", "--json").stdout)[0]["state"] == "kept"
    assert _cli(vault, "evidence", "delete", str(item)).returncode == 0
    assert json.loads(_cli(vault, "evidence", "sealed", "--json").stdout) == []


def test_scam_flags_of_a_screenshot_are_stored_and_shown(tmp_path: Path) -> None:
    import json

    from tests.unit.evidence.chat_screens import lines_screen

    vault = tmp_path / "vault"
    assert _cli(vault, "init").returncode == 0
    case_id = json.loads(_cli(vault, "case", "new", "--title", "冒充客服", "--json").stdout)["id"]
    (tmp_path / "chat.png").write_bytes(lines_screen(["客服：您的账户涉嫌洗钱", "请把资金转到安全账户"]))
    added = _cli(vault, "evidence", "add", "--case", str(case_id), str(tmp_path / "chat.png"), "--json")
    assert added.returncode == 0, added.stderr
    item = json.loads(added.stdout)[0]
    assert item["read"] and {"R4", "R14"} <= set(item["flags"])
    shown = _cli(vault, "evidence", "text", str(item["id"]))
    assert "Scam warning signs" in shown.stdout and "安全账户" in shown.stdout


def test_accuracy_on_twenty_generated_chat_screenshots(worker: OcrWorker) -> None:
    hits = total = 0
    for seed in range(100, 120):
        screen = chat_screen(seed)
        got = found(screen, worker.read(screen.png, "image/png").text)
        hits += sum(got.values())
        total += len(got)
    assert hits / total >= 0.98, f"{hits} of {total} facts read exactly"


def test_tidy_fixes_the_hex_prefix_and_wide_marks_between_digits() -> None:
    from walletcare.evidence.ocr import tidy

    assert tidy("金额：￥67，946.70") == "金额：￥67,946.70"
    assert tidy("3．5 元，好的，谢谢") == "3.5 元，好的，谢谢"  # a comma after a word stays
    assert tidy("哈希 Ox9445aa06d3002119 box") == "哈希 0x9445aa06d3002119 box"
    assert tidy("0Ox1c232890ebcf6de13449904ceeac3451") == "0x1c232890ebcf6de13449904ceeac3451"
    assert tidy("a6364f12f010e8960d4f0789886f5alc") == "a6364f12f010e8960d4f0789886f5a1c"
    assert tidy("0x8dfO66e340ac35ad01b6360e616a9566") == "0x8df066e340ac35ad01b6360e616a9566"
    assert tidy("Hello allOfficialCollaborationTool") == "Hello allOfficialCollaborationTool"  # no digits
    assert tidy("TRX1234") == "TRX1234"


def test_the_engine_writes_nothing_outside_walletcare_and_starts_no_telemetry(tmp_path: Path) -> None:
    """ONNX Runtime's telemetry (1.29+) would write a device id under ~/.cache/Microsoft; the reader turns it off
    before the engine loads. Run in a fresh process with an empty HOME, as a user's first OCR would be."""
    home = tmp_path / "home"
    home.mkdir()
    code = ("import os; os.environ.pop('ORT_DISABLE_TELEMETRY', None)\n"
            "from walletcare.evidence.ocr import _Reader\n_Reader()\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ORT_"))}
    done = subprocess.run([sys.executable, "-c", code], env={**env, "HOME": str(home)}, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["home"]
