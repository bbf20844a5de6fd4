"""Taking back what was added by mistake, driven through the real window on a real vault with the real task
runner: the evidence viewer keeps links it does not show and finds transactions by order number, amount or
date; transactions are removed several at a time with one undo; evidence, a case and an import are removed
after a confirmation and come back with Undo; the audit trail stays intact."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.gui.conftest import answer_next_dialog
from tests.gui.test_case_page import open_case
from walletcare.evidence.models import Reference, Transaction
from walletcare.ui.dialogs.evidence_viewer import EvidenceViewer
from walletcare.ui.main_window import MainWindow
from walletcare.ui.models.records import RECORD_ROLE

TZ = timezone(timedelta(hours=8))
SHOTS = Path("/tmp/shots-undo")


def _many(case_id: int, count: int) -> list[Transaction]:
    start = datetime(2024, 1, 1, 9, 0, tzinfo=TZ)
    return [Transaction(id=0, case_id=case_id, time=start + timedelta(hours=i), amount=Decimal(f"{10 + i}.25"),
                        currency="CNY", counterparty=f"商户{i}",
                        references=(Reference("trade_no", f"2024{i:08d}"),)) for i in range(count)]


def _shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def test_viewer_keeps_links_it_does_not_show_and_finds_by_number_amount_date(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    ids = store.transactions.add_many(_many(case.id, 700))
    disputed = ids[3]  # the oldest rows: not among the newest 500
    item, _dup = store.evidence.add(case.id, b"screenshot of the disputed payment", "付款.txt",
                                    linked_transactions=[disputed])
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    seen: dict[str, object] = {}

    def caption_only(dialog: QWidget) -> None:
        assert isinstance(dialog, EvidenceViewer)
        model = getattr(dialog, "tx_model", None)
        seen["first"] = model.data(model.index(0, 0)) if model is not None else ""
        dialog.caption.setText("被扣款的那笔")
        dialog.accept()  # saved without looking at the links

    answer_next_dialog(caption_only)
    tab.open_viewer(tab.model.index(0, 0))
    saved = store.evidence.get(item.id)
    assert saved.caption == "被扣款的那笔"
    assert saved.linked_transactions == (disputed,)  # the old viewer dropped this link
    assert "202400000003" in str(seen["first"])  # the linked one is listed first

    def search(dialog: QWidget) -> None:
        try:
            _search(dialog)
        finally:
            dialog.close()

    def _search(dialog: QWidget) -> None:
        assert isinstance(dialog, EvidenceViewer)
        model = dialog.tx_model
        dialog.tx_search.setText("202400000005")  # an order number
        qtbot.waitUntil(lambda: model.rowCount() == 1 and "202400000005" in model.data(model.index(0, 0)), timeout=3000)
        model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        dialog.tx_search.setText("16.25")  # an amount: row 6
        qtbot.waitUntil(lambda: model.rowCount() == 1 and "202400000006" in model.data(model.index(0, 0)), timeout=3000)
        dialog.tx_search.setText("2024-01-02")  # a day, as the window shows times (in the local zone)
        on_day = [i for i, tx in zip(ids, _many(case.id, 700), strict=True)
                  if tx.time.astimezone().date() == date(2024, 1, 2)]
        qtbot.waitUntil(lambda: model.rowCount() == 24, timeout=3000)
        assert [model.data(model.index(r, 0), RECORD_ROLE).id for r in range(24)] == on_day
        assert "2024年1月2日" in model.data(model.index(0, 0))
        _shot(dialog, "viewer-picker-zh_CN.png")
        assert "2" in dialog.link_count.text()
        dialog.accept()

    answer_next_dialog(search)
    tab.open_viewer(tab.model.index(0, 0))
    assert store.evidence.get(item.id).linked_transactions == (disputed, ids[5])


def test_link_picker_model(qtmodeltester, qtbot: QtBot) -> None:
    from walletcare.ui.models.link_picker import LinkPickerModel

    model = LinkPickerModel((7, 99))
    model.set_rows([t.__class__(**{**t.__dict__, "id": n}) for n, t in enumerate(_many(1, 10), 1)])
    qtmodeltester.check(model)
    model.setData(model.index(6, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)  # row 6 is id 7
    model.setData(model.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.linked_ids() == (99, 1)  # 99 is not shown and stays linked


def test_a_draft_keeps_the_ticked_links(qtbot: QtBot) -> None:
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QListView

    from walletcare.ui.editor_state import read_value, write_value
    from walletcare.ui.models.link_picker import LinkPickerModel

    view = QListView()
    qtbot.addWidget(view)
    model = LinkPickerModel((3,))
    model.set_rows([t.__class__(**{**t.__dict__, "id": n}) for n, t in enumerate(_many(1, 4), 1)])
    view.setModel(model)
    assert read_value(view) == [3]
    write_value(view, [2, "x", 4])  # (a value of the wrong type is left out)
    assert model.linked_ids() == (2, 4)
    assert read_value(view) == [2, 4]
    plain = QListView()
    qtbot.addWidget(plain)
    plain.setModel(QStringListModel(["a", "b"]))
    assert read_value(plain) is None
    write_value(plain, [1])  # another list model is left alone
    assert plain.model().rowCount() == 2


def _confirm(shot: str | None = None, accept: bool = True) -> None:
    """Answers the next confirmation: a screenshot, then the action (or Cancel)."""
    from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval

    def answer(dialog: QWidget) -> None:
        try:
            assert isinstance(dialog, ConfirmRemoval)
            if shot:
                _shot(dialog, shot)
        finally:
            (dialog.action_button.click if accept else dialog.reject)()

    answer_next_dialog(answer)


def test_several_transactions_deleted_with_one_undo(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    ids = store.transactions.add_many(_many(case.id, 5))
    shot, _dup = store.evidence.add(case.id, b"receipt", "r.txt", linked_transactions=[ids[1]])
    page = window.cases.case_page
    page.show_tab(1)
    tab = page.transactions
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and tab.model.transaction(4) is not None, timeout=3000)
    qtbot.wait(50)
    tab.table.selectRow(0)
    for row in (2, 3):  # Ctrl+click adds rows to the selection
        rect = tab.table.visualRect(tab.model.index(row, 0))
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         rect.center())
    assert len(tab.selected_all()) == 3  # the old table allowed one row only
    gone = {t.id for t in tab.selected_all()}
    tab.delete_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=3000)
    assert {t.id for t in store.transactions.all(case.id)} == set(ids) - gone
    assert tab.undo_stack.count() == 1
    tab.undo_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=3000)
    assert [t.id for t in store.transactions.all(case.id)] == ids  # the same ids came back
    assert store.evidence.get(shot.id).linked_transactions == (ids[1],)  # and the screenshot's link
    tab.redo_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=3000)
    assert store.audit.verify()[0]


def test_remove_evidence_confirmed_then_undone(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    item, _dup = store.evidence.add(case.id, b"a screenshot added to the wrong case", "错的截图.txt")
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert not tab.remove_button.isEnabled()
    tab.grid.setCurrentIndex(tab.model.index(0, 0))
    assert tab.remove_button.isEnabled()
    _confirm(accept=False)  # Cancel keeps it
    tab.remove_button.click()
    assert [e.id for e in store.evidence.list(case.id)] == [item.id]
    _confirm("confirm-remove-evidence-zh_CN.png")
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=3000)
    assert not tab.remove_button.isEnabled()  # nothing is selected any more
    bar = window.cases.undo_bar
    assert bar.isVisible() and "错的截图.txt" in bar.text.text()
    entry = store.audit.entries(case.id)[-1]
    assert (entry.action, entry.digest) == ("delete", item.sha256)
    bar.undo_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert store.evidence.get(item.id) == item and not bar.isVisible()
    assert store.audit.verify()[0]


def test_undo_this_import(qtbot: QtBot, unlocked: MainWindow, samples_dir: Path) -> None:
    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    typed = store.transactions.add(_many(case.id, 1)[0])
    from walletcare.evidence.importers.pipeline import import_file

    result = import_file(store, case.id, samples_dir / "alipay" / "dsg_alipay_legacy_web_fmt.csv")
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    tab.grid.setCurrentIndex(tab.model.index(0, 0))
    assert tab.remove_button.text().startswith("撤销这次导入")
    _confirm("confirm-undo-import-zh_CN.png")
    tab.remove_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=3000)
    assert [t.id for t in store.transactions.all(case.id)] == [typed.id]
    assert "6" in window.cases.undo_bar.text.text()
    window.cases.undo_bar.undo_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)
    assert len(store.transactions.all(case.id)) == 7 and tab.model.item(0).id == result.evidence_id
    assert store.audit.verify()[0]


def test_delete_case_confirmed_undone_and_gone_after_lock(qtbot: QtBot, unlocked: MainWindow) -> None:
    window = unlocked
    case = open_case(qtbot, window, title="建错的案件")
    store = window.session._store()
    store.transactions.add_many(_many(case.id, 3))
    window.cases.show_list()
    cases = window.cases.list
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=3000)
    assert not cases.delete_button.isEnabled()
    cases.table.selectRow(0)
    _confirm("confirm-delete-case-zh_CN.png")
    cases.delete_button.click()
    qtbot.waitUntil(lambda: cases.model.rowCount() == 0, timeout=3000)
    assert not store.cases.exists(case.id)
    assert store.audit.entries(case.id)[-1].object == f"case:{case.id}"
    window.cases.undo_bar.undo_button.click()
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=3000)
    assert len(store.transactions.all(case.id)) == 3
    # deleted again, then the vault is locked: the Undo offer goes with the kept copies
    cases.table.selectRow(0)
    _confirm()
    cases.delete_button.click()
    qtbot.waitUntil(lambda: window.cases.undo_bar.isVisible(), timeout=3000)
    window.session.lock()
    assert not window.cases.undo_bar.isVisible()
    assert store.audit.verify()[0] if window.session.unlocked else True


def test_restore_asks_first_then_says_where_the_replaced_vault_is(qtbot: QtBot, unlocked: MainWindow, tmp_path: Path,
                                                                  monkeypatch: object) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from tests.gui.conftest import PASSPHRASE
    from walletcare.evidence.models import Case
    from walletcare.ui.dialogs.confirm_removal import ConfirmRemoval
    from walletcare.ui.dialogs.vault_dialogs import PassphrasePrompt
    from walletcare.ui.operations import vault as vault_ops

    window = unlocked
    store = window.session._store()
    store.cases.add(Case(id=0, title="备份之前"))
    backups: list[Path] = []
    window.session.with_vault(lambda vault, _t: vault_ops.make_backup(vault, tmp_path / "backups", 3), backups.append)
    store.cases.add(Case(id=0, title="备份之后"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(backups[0]))  # type: ignore[attr-defined]
    seen: dict[str, str] = {}

    def passphrase_then(answer: object) -> object:
        def type_it(dialog: QWidget) -> None:
            assert isinstance(dialog, PassphrasePrompt)
            dialog.field.setText(PASSPHRASE)
            answer_next_dialog(answer)  # type: ignore[arg-type]
            dialog.accept()
        return type_it

    def cancel(dialog: QWidget) -> None:
        try:
            assert isinstance(dialog, ConfirmRemoval)
            seen["question"] = dialog.question.text() + dialog.details.text() + dialog.undo_note.text()
        finally:
            dialog.reject()

    answer_next_dialog(passphrase_then(cancel))  # type: ignore[arg-type]
    window.settings_page.restore.click()
    assert window.session.unlocked  # the old window replaced the vault without asking
    assert "备份之后" in [c.title for c in store.cases.list()]
    year = backups[0].name[:4]
    assert year in seen["question"] and str(tmp_path) in seen["question"].replace("\n", "")

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, ConfirmRemoval)
        _shot(dialog, "confirm-restore-zh_CN.png")
        seen["confirm"] = (dialog.question.text() + dialog.details.text() + dialog.undo_note.text()).replace("\n", "")

        def told(box: QWidget) -> None:
            assert isinstance(box, QMessageBox)
            seen["after"] = box.text()
            box.accept()

        answer_next_dialog(told)  # type: ignore[arg-type]
        dialog.action_button.click()

    answer_next_dialog(passphrase_then(restore))  # type: ignore[arg-type]
    window.settings_page.restore.click()
    assert window.session.state == "locked"
    from walletcare import paths

    kept = list(paths.backups_dir(window.session.folder).iterdir())
    assert len(kept) == 1 and str(kept[0]) in seen["after"]  # where the replaced vault was set aside
    assert str(kept[0]) in seen["confirm"]  # the exact folder is named before the user confirms


def test_undo_this_import_right_after_importing(qtbot: QtBot, unlocked: MainWindow, samples_dir: Path) -> None:
    from tests.gui.test_end_to_end import import_sample

    window = unlocked
    case = open_case(qtbot, window)
    store = window.session._store()
    typed = store.transactions.add(_many(case.id, 1)[0])
    page = window.cases.case_page
    import_sample(qtbot, page, samples_dir / "alipay" / "dsg_alipay_legacy_web_fmt.csv")
    assert len(store.transactions.all(case.id)) == 7
    bar = window.cases.undo_bar
    assert bar.isVisible() and "6" in bar.text.text() and bar.undo_button.text() == "撤销这次导入"
    bar.undo_button.click()
    qtbot.waitUntil(lambda: len(store.transactions.all(case.id)) == 1, timeout=3000)
    assert [t.id for t in store.transactions.all(case.id)] == [typed.id] and store.evidence.list(case.id) == []
    qtbot.waitUntil(lambda: page.transactions.model.rowCount() == 1, timeout=3000)
    assert bar.isVisible() and bar.undo_button.text() == "撤销"  # and the undo itself can be undone
    bar.undo_button.click()
    qtbot.waitUntil(lambda: len(store.transactions.all(case.id)) == 7, timeout=3000)
    assert store.audit.verify()[0]


def test_confirmations_and_picker_in_english(qtbot: QtBot, existing_vault: Path, samples_dir: Path) -> None:
    """The same dialogs in English (their screenshots are looked at with the Chinese ones)."""
    from tests.gui.conftest import make_window, unlock_through_ui
    from walletcare.evidence.importers.pipeline import import_file

    window = make_window(qtbot, existing_vault, language="en")
    window.switch_language("en")
    unlock_through_ui(window)
    case = open_case(qtbot, window, title="Wrong case")
    store = window.session._store()
    ids = store.transactions.add_many(_many(case.id, 40))
    store.evidence.add(case.id, b"a screenshot", "payment.txt", linked_transactions=[ids[2]])
    import_file(store, case.id, samples_dir / "alipay" / "dsg_alipay_legacy_web_fmt.csv")
    page = window.cases.case_page
    page.show_tab(3)
    tab = page.evidence
    tab.reload()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=3000)

    def picker(dialog: QWidget) -> None:
        try:
            assert isinstance(dialog, EvidenceViewer)
            dialog.tx_search.setText("2024-01-02")
            qtbot.waitUntil(lambda: dialog.tx_model.rowCount() > 0 and all(
                dialog.tx_model.data(dialog.tx_model.index(r, 0), RECORD_ROLE).time.astimezone().date()
                == date(2024, 1, 2) for r in range(dialog.tx_model.rowCount())), timeout=3000)
            assert "Linked to 1 transaction" in dialog.link_count.text()
            _shot(dialog, "viewer-picker-en.png")
        finally:
            dialog.reject()

    answer_next_dialog(picker)
    tab.open_viewer(tab.model.index(0, 0))
    for row, name in ((0, "confirm-remove-evidence-en.png"), (1, "confirm-undo-import-en.png")):
        tab.grid.setCurrentIndex(tab.model.index(row, 0))
        _confirm(name, accept=False)
        tab.remove_button.click()
    assert tab.remove_button.text() == "&Undo this import…"
    window.cases.show_list()
    qtbot.waitUntil(lambda: window.cases.list.model.rowCount() == 1, timeout=3000)
    window.cases.list.table.selectRow(0)
    _confirm("confirm-delete-case-en.png", accept=False)
    window.cases.list.delete_button.click()
    assert store.cases.exists(case.id) and len(store.evidence.list(case.id)) == 2


def test_delete_case_and_undo_with_the_threaded_runner(qtbot: QtBot, existing_vault: Path) -> None:
    """The same flow with the vault on its own thread, as in the app: nothing reaches the store from here."""
    from tests.gui.conftest import make_window, unlock_through_ui
    from walletcare.evidence.models import Case

    window = make_window(qtbot, existing_vault, immediate=False)
    unlock_through_ui(window)
    qtbot.waitUntil(lambda: window.session.unlocked, timeout=20000)

    def read(fn: object) -> object:
        got: list[object] = []
        window.session.read(fn, got.append)  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: bool(got), timeout=5000)
        return got[0]

    case_id = read(lambda store: store.cases.add(Case(id=0, title="线程里删除")).id)
    read(lambda store: store.transactions.add_many(_many(case_id, 30)))  # type: ignore[arg-type]
    read(lambda store: store.evidence.add(case_id, b"shot", "s.txt"))
    window.show_area("cases")
    window.cases.show_list()
    cases = window.cases.list
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=5000)
    cases.table.selectRow(0)
    _confirm()
    cases.delete_button.click()
    qtbot.waitUntil(lambda: cases.model.rowCount() == 0 and window.cases.undo_bar.isVisible(), timeout=5000)
    assert read(lambda store: store.cases.exists(case_id)) is False
    window.cases.undo_bar.undo_button.click()
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=5000)
    assert read(lambda store: (len(store.transactions.all(case_id)), len(store.evidence.list(case_id)),
                               store.audit.verify()[0])) == (30, 1, True)
    window.session.close()
