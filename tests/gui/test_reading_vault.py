"""Reading the whole vault in the background after an unlock: every case's unread screenshots are read (the open
case first) without opening the other cases, by one OCR worker process at a time; locking stops it, and the next
unlock carries on with what is still unread. Real vault, real OCR worker, real window on a threaded runner."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE, make_window, unlock_through_ui
from tests.unit.evidence.chat_screens import Screen, chat_screen, seed_screen
from walletcare.evidence import ocr
from walletcare.ui import text_reader
from walletcare.ui.main_window import MainWindow

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR engine is not installed")

READ_TIMEOUT_MS = 240_000


def _workers() -> int:
    return sum(1 for p in multiprocessing.active_children() if p.name == "walletcare-ocr")


def _vault_with_two_cases(folder: Path) -> tuple[int, int, list[Screen], list[int]]:
    """Case A with one chat screenshot; case B with a chat screenshot and a picture of a recovery phrase."""
    from mnemonic import Mnemonic

    from walletcare.evidence.models import Case
    from walletcare.evidence.vault import Vault

    vault = Vault.open(folder, bytearray(PASSPHRASE.encode()))
    store = vault.store
    a = store.cases.add(Case(id=0, title="A 退款", provider="微信支付"))
    b = store.cases.add(Case(id=0, title="B 冻结", provider="支付宝"))
    screens = [chat_screen(11, height=1600), chat_screen(12, height=1600)]
    ids = [store.evidence.add(a.id, screens[0].png, "a.png")[0].id,
           store.evidence.add(b.id, screens[1].png, "b.png")[0].id,
           store.evidence.add(b.id, seed_screen(Mnemonic("english").to_mnemonic(bytes(range(16))).split()),
                              "backup.png")[0].id]
    vault.close()
    return a.id, b.id, screens, ids


def _window(qtbot: QtBot, folder: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(text_reader, "AFTER_UNLOCK_MS", 50)
    window = make_window(qtbot, folder, immediate=False)  # real threads: the window stays free while reading
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.session.unlocked, timeout=30_000)
    return window


def test_every_case_is_read_after_unlock_by_one_worker_without_opening_them(
        qtbot: QtBot, existing_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, screens, ids = _vault_with_two_cases(existing_vault)
    window = _window(qtbot, existing_vault, monkeypatch)
    reader = window.reader
    progress: list[tuple[int, int]] = []
    reader.progressed.connect(lambda done, total: progress.append((done, total)))
    order: list[int] = []
    reader.read.connect(lambda evidence_id, _case: order.append(evidence_id))
    most = [0]
    bar_seen = [False]

    def watch() -> None:
        most[0] = max(most[0], _workers())
        bar_seen[0] = bar_seen[0] or window.reading_bar.isVisible()

    timer = qtbot_timer(watch)
    qtbot.waitUntil(lambda: len(order) == 3 and not reader.running, timeout=READ_TIMEOUT_MS)
    timer.stop()
    assert sorted(order) == sorted(ids) and order[0] == ids[0]  # the oldest first when no case is open
    assert progress[0] == (0, 3) and bar_seen[0]  # shown in the status bar
    assert most[0] == 1  # one worker process for the whole vault
    assert window.cases._case_page is None  # no case was opened
    store = window.session._store()
    assert store.readings.pending() == []
    for evidence_id, screen in zip(ids, screens, strict=False):
        assert screen.order_no in "".join(store.readings.get(evidence_id).text.split())
    # the same screening as reading one case: the recovery phrase is sealed and the user told, facts are offered
    assert [r.evidence_id for r in store.readings.sealed(b)] == [ids[2]]
    qtbot.waitUntil(lambda: "backup.png" in window.statusBar().currentMessage(), timeout=5000)
    assert any(s.fact.value == screens[1].order_no for s in store.suggestions.list(b))
    assert any(s.fact.value == screens[0].order_no for s in store.suggestions.list(a))
    assert "cv2" not in sys.modules
    qtbot.waitUntil(lambda: _workers() == 0, timeout=10_000)  # idle: the worker's memory is given back


def test_the_open_case_is_read_first(qtbot: QtBot, existing_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _a, b, _screens, ids = _vault_with_two_cases(existing_vault)
    monkeypatch.setattr(text_reader, "AFTER_UNLOCK_MS", 60_000)
    window = make_window(qtbot, existing_vault, immediate=False)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.session.unlocked, timeout=30_000)
    order: list[int] = []
    window.reader.read.connect(lambda evidence_id, _case: order.append(evidence_id))
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 2, timeout=10_000)
    window.cases.open_case(next(window.cases.list.model.record(r) for r in range(2)
                                if window.cases.list.model.record(r).id == b))
    qtbot.waitUntil(lambda: len(order) == 3, timeout=READ_TIMEOUT_MS)  # B opened: B first, then the rest
    assert order == [ids[1], ids[2], ids[0]]


def test_lock_stops_reading_and_the_next_unlock_carries_on(
        qtbot: QtBot, existing_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _a, _b, _screens, ids = _vault_with_two_cases(existing_vault)
    window = _window(qtbot, existing_vault, monkeypatch)
    reader = window.reader
    read: list[int] = []
    reader.read.connect(lambda evidence_id, _case: read.append(evidence_id))
    # an item in the worker, at least one read before it
    qtbot.waitUntil(lambda: len(read) >= 1 and reader._task is not None, timeout=READ_TIMEOUT_MS)
    window.lock()
    before = len(read)
    assert before < 3 and not reader.running
    qtbot.waitUntil(lambda: _workers() == 0, timeout=10_000)  # the worker is stopped, not left reading
    qtbot.wait(300)
    assert len(read) == before  # the item in the worker was not saved
    window.close()

    from walletcare.evidence.vault import Vault

    vault = Vault.open(existing_vault, bytearray(PASSPHRASE.encode()))
    assert len(vault.store.readings.pending()) == 3 - before  # still unread: that is the state to resume
    vault.close()

    again = _window(qtbot, existing_vault, monkeypatch)  # a restart
    again_read: list[int] = []
    again.reader.read.connect(lambda evidence_id, _case: again_read.append(evidence_id))
    qtbot.waitUntil(lambda: len(again_read) == 3 - before and not again.reader.running, timeout=READ_TIMEOUT_MS)
    assert sorted(read + again_read) == sorted(ids)
    assert again.session._store().readings.pending() == []


def test_stop_pauses_until_resumed(qtbot: QtBot, existing_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _vault_with_two_cases(existing_vault)
    window = _window(qtbot, existing_vault, monkeypatch)
    reader = window.reader
    qtbot.waitUntil(lambda: window.reading_bar.isVisible(), timeout=30_000)
    window.reading_bar.cancel.click()
    assert not reader.running and reader.paused and window.reading_bar.isHidden()
    assert window.resume_reading.isVisible()
    qtbot.waitUntil(lambda: _workers() == 0, timeout=10_000)
    qtbot.wait(500)
    assert not reader.running  # stays stopped
    assert len(window.session._store().readings.pending()) == 3
    window.resume_reading.click()
    assert reader.running and window.resume_reading.isHidden()
    qtbot.waitUntil(lambda: not reader.running and window.session._store().readings.pending() == [],
                    timeout=READ_TIMEOUT_MS)


def qtbot_timer(fn: object) -> object:
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(fn)
    timer.start()
    return timer


def test_opening_a_case_mid_run_moves_it_to_the_front_with_the_same_worker(
        qtbot: QtBot, existing_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from walletcare.evidence.vault import Vault

    a, _b, _screens, ids = _vault_with_two_cases(existing_vault)
    vault = Vault.open(existing_vault, bytearray(PASSPHRASE.encode()))
    later = vault.store.evidence.add(a, chat_screen(13, height=1600).png, "a2.png")[0].id  # the newest, in A
    vault.close()
    window = _window(qtbot, existing_vault, monkeypatch)
    reader = window.reader
    order: list[int] = []
    reader.read.connect(lambda evidence_id, _case: order.append(evidence_id))
    most = [0]
    timer = qtbot_timer(lambda: most.__setitem__(0, max(most[0], _workers())))
    qtbot.waitUntil(lambda: len(order) == 1, timeout=READ_TIMEOUT_MS)  # the oldest: A's first screenshot
    pid = reader.worker_pid
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 2, timeout=10_000)
    window.cases.open_case(next(window.cases.list.model.record(r) for r in range(2)
                                if window.cases.list.model.record(r).id == a))
    assert reader.running
    qtbot.waitUntil(lambda: len(order) == 4 and not reader.running, timeout=READ_TIMEOUT_MS)
    timer.stop()
    # B's second item may already have been in the worker when A was opened; A's newest comes before the rest
    assert order[0] == ids[0] and order.index(later) <= 2 and sorted(order) == sorted([*ids, later])
    assert most[0] == 1 and pid is not None
