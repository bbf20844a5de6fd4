"""The window's import shows its progress: rows as they are read and stored, then the step that indexes them for
search, in the same progress dialog. Real window, vault and worker threads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.live_window import live_window, open_case, query
from walletcare.i18n import _
from walletcare.ui.case_tabs import import_flow
from walletcare.ui.dialogs.import_dialog import ImportChoice


def test_a_large_import_reports_rows_then_the_index_step(qtbot: QtBot, existing_vault: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.bench_import import make_alipay

    window = live_window(qtbot, existing_vault, "en")
    case = open_case(qtbot, window)
    flow = window.cases.case_page.transactions.import_flow
    path = tmp_path / "alipay.csv"
    make_alipay(path, 6_000)
    seen: dict[str, list[Any]] = {"progress": [], "stages": [], "labels": []}
    real_track = import_flow.track

    def track(task: Any, parent: Any, label: str) -> Any:
        dialog = real_track(task, parent, label)
        task.progressed.connect(lambda done, total: seen["progress"].append((done, total)))
        task.staged.connect(lambda text: (seen["stages"].append(text), seen["labels"].append(dialog.labelText())))
        return dialog

    monkeypatch.setattr(import_flow, "track", track)
    flow._run(case.id, path, ImportChoice(format="auto", skip_bad_rows=False))
    qtbot.waitUntil(lambda: flow.last_result is not None, timeout=60000)
    assert flow.last_result.added == 6_000
    assert seen["stages"] == [_("Indexing the imported rows for search…")]
    assert seen["labels"] == seen["stages"]  # the dialog says which step runs
    rows = [p for p in seen["progress"] if p[1] >= 6_000]
    assert rows and max(done for done, _total in rows) == 6_000
    assert seen["progress"][-1][0] == seen["progress"][-1][1] > 0  # the index step ends complete
    found = query(qtbot, window, lambda store: store.transactions.count(case.id, text="商户42"))
    assert found > 0
