"""Background work: every vault call runs on the one vault thread, CPU work on the pool, results come
back to the GUI thread by queued signal, progress is reported and cancelling leaves nothing half-done."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE, make_window
from walletcare.errors import Cancelled
from walletcare.evidence.models import Case
from walletcare.ui.operations.cases import add_case
from walletcare.ui.tasks import Task, TaskRunner


def test_results_and_errors_come_back_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, object]] = []
    gui = threading.current_thread()

    def job(_task: Task) -> str:
        return threading.current_thread().name

    runner.vault(job, lambda v: seen.append(("vault", (v, threading.current_thread() is gui))))
    runner.cpu(job, lambda v: seen.append(("cpu", (v, threading.current_thread() is gui))))
    runner.cpu(lambda _t: 1 / 0, None, lambda e: seen.append(("error", type(e).__name__)))
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=3000)
    found = dict(seen)
    assert found["vault"][0].startswith("walletcare-vault") and found["vault"][1]  # type: ignore[index]
    assert found["cpu"][0].startswith("walletcare-cpu") and found["cpu"][1]  # type: ignore[index]
    assert found["error"] == "ZeroDivisionError"
    runner.shutdown()


def test_a_damaged_page_found_by_a_job_comes_back_as_the_damaged_vault_message(qtbot: QtBot, tmp_path: Path) -> None:
    import sqlcipher3

    from walletcare.errors import VaultCorrupt

    path = tmp_path / "not-a-vault.db"
    path.write_bytes(b"garbage " * 1024)
    runner = TaskRunner()
    seen: list[object] = []

    def job(_task: Task) -> object:
        conn = sqlcipher3.connect(str(path))
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite: file is not a database
        finally:
            conn.close()

    runner.vault(job, seen.append, seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert isinstance(seen[0], VaultCorrupt) and "restore" in seen[0].text()
    assert isinstance(seen[0].__cause__, sqlcipher3.DatabaseError)
    runner.shutdown()


def test_progress_and_cancel(qtbot: QtBot) -> None:
    runner = TaskRunner()
    progress: list[tuple[int, int]] = []
    outcome: list[object] = []
    started = threading.Event()

    def long_job(task: Task) -> str:
        for i in range(200):
            task.report(i, 200)
            started.set()
            task.check()
            time.sleep(0.005)
        return "finished"

    task = runner.cpu(long_job, outcome.append, outcome.append)
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    assert started.wait(2)
    task.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert isinstance(outcome[0], Cancelled)
    assert progress and progress[-1][1] == 200
    runner.shutdown()


def test_threaded_window_opens_the_vault_on_its_thread(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path / "vault", immediate=False)
    codes: list[str] = []
    window.session.create(bytearray(PASSPHRASE.encode()), codes.append, lambda e: codes.append(repr(e)))
    qtbot.waitUntil(lambda: bool(codes), timeout=20000)
    assert window.session.unlocked
    done: list[object] = []
    window.session.run(add_case, Case(id=0, title="线程测试"), on_done=done.append)
    names: list[str] = []
    window.session.read(lambda store: (threading.current_thread().name, len(store.cases.list())), names.append)
    qtbot.waitUntil(lambda: bool(done) and bool(names), timeout=5000)
    assert names[0][0].startswith("walletcare-vault") and names[0][1] == 1
    window.lock()
    late: list[object] = []
    window.session.read(lambda store: store.cases.list(), late.append, late.append)
    qtbot.waitUntil(lambda: bool(late), timeout=5000)
    assert late[0].__class__.__name__ == "VaultLocked"


def test_a_pipeline_runs_each_stage_on_its_thread_and_frees_the_vault_thread_meanwhile(qtbot: QtBot) -> None:
    """An export's shape: collect on the vault thread, render on the CPU pool, record on the vault thread; a
    vault read queued while the CPU stage works is answered before that stage ends."""
    runner = TaskRunner()
    rendering, answered = threading.Event(), threading.Event()
    threads: list[str] = []
    outcome: list[object] = []

    def collect(_task: Task, value: object) -> int:
        threads.append(threading.current_thread().name)
        assert value is None
        return 20

    def render(task: Task, value: int) -> int:
        threads.append(threading.current_thread().name)
        task.report(1, 2)
        rendering.set()
        assert answered.wait(10)  # the vault thread is not held by this stage
        return value + 1

    def record(_task: Task, value: int) -> int:
        threads.append(threading.current_thread().name)
        return value * 2

    task = runner.pipeline([("vault", collect), ("cpu", render), ("vault", record)], outcome.append, outcome.append)
    progress: list[tuple[int, int]] = []
    task.progressed.connect(lambda done, total: progress.append((done, total)))
    qtbot.waitUntil(rendering.is_set, timeout=10000)  # (the next stage starts from the GUI thread's event loop)
    runner.vault(lambda _t: answered.set())
    qtbot.waitUntil(lambda: bool(outcome), timeout=10000)
    assert outcome == [42] and task.finished
    assert [name.split("_")[0] for name in threads] == ["walletcare-vault", "walletcare-cpu", "walletcare-vault"]
    qtbot.waitUntil(lambda: progress == [(1, 2)], timeout=3000)
    assert runner.running == 0
    runner.shutdown()


def test_a_pipeline_stops_at_a_cancel_or_a_failure(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran: list[str] = []
    failed: list[object] = []

    def first(task: Task, _value: object) -> int:
        ran.append("first")
        task.cancel()
        return 1

    runner.pipeline([("vault", first), ("cpu", lambda _t, _v: ran.append("second"))], failed.append, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert ran == ["first"] and isinstance(failed[0], Cancelled)
    failed.clear()
    runner.pipeline([("cpu", lambda _t, _v: 1 / 0), ("vault", lambda _t, _v: ran.append("after"))],
                    failed.append, failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert isinstance(failed[0], ZeroDivisionError) and ran == ["first"]
    runner.shutdown()
