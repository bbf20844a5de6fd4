"""Help without a vault: results as you type with highlighted snippets, "did you mean", filters, links
between articles and into wizards, and a language switch that re-renders what is on screen."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QUrl

from walletcare.ui.main_window import MainWindow


def test_help_works_without_the_vault(qtbot: QtBot, window: MainWindow) -> None:
    assert window.session.state == "absent"
    window.actions_.actions["search"].trigger()
    help_page = window.help
    assert help_page.search.hasFocus() or window.current_area() == "help"
    help_page.search.setText("withdrwal")
    qtbot.waitUntil(lambda: help_page.last_query == "withdrwal", timeout=3000)
    qtbot.waitUntil(lambda: help_page.model.rowCount() > 0, timeout=3000)
    assert help_page.did_you_mean.isVisible() and "withdrawal" in help_page.did_you_mean.text()
    help_page.did_you_mean.linkActivated.emit("withdrawal")
    assert help_page.search.text() == "withdrawal"
    help_page.search.setText("退款")
    qtbot.waitUntil(lambda: help_page.last_query == "退款" and help_page.model.rowCount() > 0, timeout=3000)
    help_page.kind.setCurrentIndex(help_page.kind.findData("crypto"))
    help_page.run_search()  # the immediate runner answers at once (the debounce would too, 30 ms later)
    assert help_page.model.rowCount() > 0
    library = help_page.content.library
    kinds = {tuple(library.get(help_page.model.hit(i).id).applies_to) for i in range(help_page.model.rowCount())}
    assert all("crypto" in k or "all" in k for k in kinds), kinds
    help_page.kind.setCurrentIndex(0)
    help_page.search.setText("")
    qtbot.waitUntil(lambda: help_page.model.rowCount() > 30, timeout=3000)  # browsing every article


def test_article_links_and_wizard_links(qtbot: QtBot, window: MainWindow) -> None:
    help_page = window.help
    assert help_page.show_article("missing-transaction-record")
    html = help_page.browser.toHtml()
    assert "article:" in html and "wizard:" in html
    help_page._link(QUrl("article:keep-evidence"))
    assert help_page.article_id == "keep-evidence"
    help_page._link(QUrl("wizard:missing-record"))
    assert help_page.views.currentWidget() is help_page.wizard
    assert help_page.wizard.option_buttons
    help_page.go_back()
    assert help_page.views.currentIndex() == 0


def test_language_switch_redraws_open_screens(qtbot: QtBot, window: MainWindow) -> None:
    help_page = window.help
    help_page.show_article("withdrawal-failed")
    chinese_title = help_page.browser.toPlainText().splitlines()[0]
    window.switch_language("en")
    english_title = help_page.browser.toPlainText().splitlines()[0]
    assert chinese_title != english_title and english_title.isascii()
    assert window.cases.gate.first_run.create_button.text() == "&Create a new vault"
    assert window.lock_button.text() == "Lock (Ctrl+L)"
    window.switch_language("zh-TW")
    assert window.sidebar.item(3).text() == "設定"
    assert "保險箱" in window.cases.gate.first_run.start_title.text()


def test_every_article_category_has_a_name() -> None:
    from walletcare.faq import content
    from walletcare.ui.pages import help as help_page

    assert set(content.CATEGORIES) <= set(help_page.CATEGORIES)
