"""The window's speed: cold start to the unlock screen, unlock to a list of 20 cases (KDF excluded),
scrolling a 100,000-row transaction table (worst step until the visible rows show), and help search while
typing (last key to updated results). Each part runs in a fresh offscreen child process with private
settings, cache and vault folders."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.figures import Figure  # noqa: E402

PASSPHRASE = b"benchmark passphrase 2024"


def _child_env(root: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WALLETCARE_CONFIG_DIR": str(root / "config"),
            "WALLETCARE_CACHE_DIR": str(root / "cache"), "WALLETCARE_LOG_DIR": str(root / "logs")}


def _child(part: str, root: Path, *extra: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, part, str(root), *extra], check=True, capture_output=True,
                         text=True, env=_child_env(root), timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[Figure]:
    """Measures and returns the figures."""
    root = Path(tempfile.mkdtemp(prefix="walletcare-bench-ui-"))
    _child("prepare", root)
    starts = [_child("start", root)["seconds"] for _ in range(5)]
    bare = statistics.median(_bare_first_paint(root) for _ in range(5))
    unlock = _child("unlock", root)
    scroll = _child("scroll", root)
    search = _child("search", root)
    return [
        Figure("ui_cold_start_to_unlock_screen", statistics.median(starts), "s", 0.5,
               note=f"median of 5, offscreen; an empty QMainWindow takes {bare:.2f} s here"),
        Figure("ui_unlock_to_case_list_20", unlock["seconds"], "s", 0.8,
               note=f"KDF excluded ({unlock['kdf']:.2f} s measured apart)"),
        Figure("ui_scroll_100k_worst_gui_step", scroll["gui_worst_ms"], "ms", 100,
               note=f"GUI thread per scroll step (jumps and page-downs), median {scroll['gui_median_ms']:.1f} ms, "
                    f"{scroll['steps']:.0f} steps, at most {scroll['pages']:.0f} pages cached"),
        Figure("ui_scroll_100k_rows_shown", scroll["shown_median_ms"], "ms", None,
               note=f"median step until every visible row has its data (worst {scroll['shown_worst_ms']:.0f} ms); "
                    "the page query runs on the vault thread"),
        Figure("ui_help_search_last_key_to_results", search["median_ms"], "ms", 50,
               note=f"median of {search['runs']:.0f} typed queries, worst {search['worst_ms']:.1f} ms, 30 ms debounce included"),
    ]


def _bare_first_paint(root: Path) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "first_paint.py"), "--bare"], check=True, capture_output=True,
                   env=_child_env(root))
    return time.perf_counter() - began


# --- child side -------------------------------------------------------------------------------------------

def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([sys.argv[0]])


def _wait(app: object, condition: object, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(0.0005)


def _window(root: Path, name: str = "vault"):
    from walletcare.config import Settings
    from walletcare.ui.main_window import MainWindow

    window = MainWindow(settings=Settings(language="zh-CN"), vault_dir=root / name, kdf_seconds=0)
    window.resize(1100, 720)
    window.show()
    return window


def prepare(root: Path) -> None:
    """A vault with 20 cases, another with one case of 100,000 transactions; the help index built."""
    from datetime import datetime, timedelta, timezone
    from decimal import Decimal

    from walletcare.evidence.models import Case, Transaction
    from walletcare.evidence.vault import Vault
    from walletcare.faq.search import SearchIndex

    vault, _code = Vault.create(root / "vault", bytearray(PASSPHRASE), kdf_seconds=0)
    for i in range(20):
        vault.store.cases.add(Case(id=0, title=f"案件 {i}", provider="微信支付", amount=Decimal(i * 10), currency="CNY"))
    vault.close()
    vault, _code = Vault.create(root / "big", bytearray(PASSPHRASE), kdf_seconds=0)
    store = vault.store
    big = store.cases.add(Case(id=0, title="十万笔交易", provider="支付宝"))
    start = datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=8)))
    rows = (Transaction(id=0, case_id=big.id, time=start + timedelta(minutes=i), amount=Decimal(i % 5000) / 10,
                        currency="CNY", direction="out", counterparty=f"商户{i % 997}", description=f"订单{i}",
                        dedup_key=f"b{i}") for i in range(100_000))
    store.transactions.add_many(list(rows))
    vault.close()
    SearchIndex.open().ensure_built()
    from walletcare.i18n_build import main as build_catalogues

    build_catalogues([])  # the compiled catalogues an installed copy has (``make translations``)
    print(json.dumps({"ok": 1}))


def start(root: Path) -> None:
    """Process start → the unlock screen painted."""
    began = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject

    app = _app()
    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watch = Watch()
    window = _window(root)
    window.cases.gate.passphrase.installEventFilter(watch)
    _wait(app, lambda: bool(painted))
    assert window.cases.gate.currentIndex() == 1
    seconds = painted[0] - began + _interpreter_start_seconds()
    window.close()
    print(json.dumps({"seconds": seconds}))


def _interpreter_start_seconds() -> float:
    """Time from process creation to this module starting (Linux: from /proc)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{os.getpid()}/stat") as fh:
            started = int(fh.read().rsplit(")", 1)[1].split()[19]) / ticks
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - started - (time.perf_counter() - _MODULE_START))
    except (OSError, ValueError, IndexError):
        return 0.0


def unlock(root: Path) -> None:
    """Unlock → the case list shows 20 cases; the KDF's own time is measured apart and subtracted."""
    from walletcare.evidence.keys import KeyFile

    app = _app()
    window = _window(root)
    _wait(app, lambda: window.help._ready)
    keyfile = KeyFile.load(root / "vault")
    kdf = statistics.median(_timed(lambda: keyfile.unwrap("passphrase", bytearray(PASSPHRASE))) for _ in range(3))
    gate = window.cases.gate
    gate.passphrase.setText(PASSPHRASE.decode())
    began = time.perf_counter()
    gate.unlock_button.click()
    _wait(app, lambda: window.cases.list.model.rowCount() == 20)
    window.cases.list.table.viewport().repaint()
    total = time.perf_counter() - began
    window.close()
    print(json.dumps({"seconds": max(0.0, total - kdf), "kdf": kdf}))


def _timed(fn: object) -> float:
    began = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - began


def scroll(root: Path) -> None:
    """Page-down steps through the 100,000-row table: each step until every visible row has its data."""
    from walletcare.ui.models.transactions import PLACEHOLDER

    app = _app()
    window = _window(root, "big")
    gate = window.cases.gate
    gate.passphrase.setText(PASSPHRASE.decode())
    gate.unlock_button.click()
    _wait(app, lambda: window.cases.list.model.rowCount() == 1, timeout=120)
    window.cases.open_case(window.cases.list.model.record(0))
    page = window.cases.case_page
    page.show_tab(1)
    table, model = page.transactions.table, page.transactions.model
    _wait(app, lambda: model.rowCount() == 100_000)
    bar = table.verticalScrollBar()

    def visible_loaded() -> bool:
        first = table.rowAt(0)
        last = table.rowAt(table.viewport().height() - 1)
        last = model.rowCount() - 1 if last < 0 else last
        return all(model.index(r, 3).data() != PLACEHOLDER for r in range(max(first, 0), last + 1))

    gui_steps: list[float] = []
    shown: list[float] = []
    pages = 0
    positions = [int(bar.maximum() * f / 60) for f in range(61)] + [bar.maximum() // 2 + i * bar.pageStep() for i in range(40)]
    for value in positions:
        began = time.perf_counter()
        bar.setValue(value)
        table.viewport().repaint()  # what the GUI thread does for one step: data() answers from the cache
        gui_steps.append((time.perf_counter() - began) * 1000)
        _wait(app, visible_loaded)
        table.viewport().repaint()
        shown.append((time.perf_counter() - began) * 1000)
        pages = max(pages, model.cached_pages)
    window.close()
    print(json.dumps({"gui_worst_ms": max(gui_steps), "gui_median_ms": statistics.median(gui_steps),
                      "shown_median_ms": statistics.median(shown), "shown_worst_ms": max(shown),
                      "steps": len(gui_steps), "pages": pages}))


def search(root: Path) -> None:
    """Types queries one character at a time (20 ms apart); last key → results model updated."""
    app = _app()
    window = _window(root)
    help_page = window.help
    _wait(app, lambda: help_page._ready)
    queries = ["提现失败", "退款", "助记词", "withdrawal", "refund not received", "冻结", "手续费", "pending", "账户被冻结",
               "转账没到账"]
    lags: list[float] = []
    resets: list[float] = []
    help_page.model.modelReset.connect(lambda: resets.append(time.perf_counter()))
    for query in queries * 3:
        help_page.search.clear()
        _wait(app, lambda: help_page.last_query == "")
        for char in query:
            help_page.search.insert(char)
            until = time.perf_counter() + 0.02
            while time.perf_counter() < until:
                app.processEvents()
        last_key = time.perf_counter()
        resets.clear()
        _wait(app, lambda q=query: help_page.last_query == q and bool(resets))
        lags.append((resets[-1] - last_key) * 1000)
    window.close()
    print(json.dumps({"median_ms": statistics.median(lags), "worst_ms": max(lags), "runs": len(lags)}))


_MODULE_START = time.perf_counter()

if __name__ == "__main__":
    if len(sys.argv) >= 3:
        part, folder = sys.argv[1], Path(sys.argv[2])
        {"prepare": prepare, "start": start, "unlock": unlock, "scroll": scroll, "search": search}[part](folder)
    else:
        for fig in run():
            print(fig)
