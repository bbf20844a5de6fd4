"""Help: a search box (focused, Ctrl+F) with results as you type, filters by wallet kind and category, the
article view with links between articles and into wizards, and the wizard runner. Needs no vault. The
index is opened (built on first use) on the CPU pool; searches run there too and stale answers are
dropped, so typing never waits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from walletcare.i18n import N_, _, current_language
from walletcare.ui.models.search import HTML_ROLE, ID_ROLE, SearchResultsModel
from walletcare.ui.pages.base import Page
from walletcare.ui.tasks import Task, TaskRunner
from walletcare.ui.widgets.rich_delegate import RichTextDelegate

DEBOUNCE_MS = 30
KINDS = (("", N_("All wallets")), ("payment", N_("Payment apps")), ("crypto", N_("Crypto wallets")), ("bank", N_("Banks")))
CATEGORIES = {"account": N_("Account"), "crypto": N_("Crypto"), "escalation": N_("Escalation"),
              "evidence": N_("Evidence"), "payment": N_("Payments"), "refund": N_("Refunds"), "scam": N_("Scams"),
              "security": N_("Security"), "support": N_("Support"), "transfer": N_("Transfers"),
              "withdrawal": N_("Withdrawals"), "privacy": N_("Privacy")}


class HelpContent:
    """The library and search index, opened lazily on the CPU pool (shared by search and the article view)."""

    def __init__(self) -> None:
        self.library: Any = None
        self.index: Any = None
        self.wizards: dict[str, Any] = {}

    def load(self, task: Task) -> HelpContent:
        """Loads articles and opens (or builds) the index; runs off the GUI thread."""
        from walletcare.faq.content import Library
        from walletcare.faq.search import SearchIndex

        if self.library is None:
            self.library = Library.load()
        if not self.wizards:
            from walletcare.faq.wizard_format import load_wizards

            self.wizards = load_wizards()
        if self.index is None:
            index = SearchIndex.open()
            index.ensure_built(lambda done, total: task.report(done, total))
            self.index = index
        return self


class HelpPage(Page):
    """Search, results, article and wizard views."""

    area = "help"
    open_case_requested = Signal(object)
    call_note_requested = Signal(object, object)
    safety_requested = Signal()

    def __init__(self, runner: TaskRunner, notify: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.notify = notify
        self.content = HelpContent()
        self._ready = False
        self._generation = 0
        self.last_query = ""
        self.search = QLineEdit()
        self.search.setObjectName("helpSearch")
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.category = QComboBox()
        self.wizard_pick = QComboBox()
        self.wizard_pick.setObjectName("wizardPick")
        self.wizard_pick.activated.connect(self._wizard_picked)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._open_first)
        self.kind.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.category.currentIndexChanged.connect(lambda _i: self._debounce.start())
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.kind)
        row.addWidget(self.category)
        row.addWidget(self.wizard_pick)
        self.did_you_mean = QLabel()
        self.did_you_mean.setObjectName("didYouMean")
        self.did_you_mean.linkActivated.connect(self.search.setText)
        self.model = SearchResultsModel()
        self.results = QListView()
        self.results.setObjectName("helpResults")
        self.results.setModel(self.model)
        self.results.setItemDelegate(RichTextDelegate(HTML_ROLE, self.results))
        self.results.setWordWrap(True)
        self.results.setUniformItemSizes(False)
        self.results.activated.connect(self._result_chosen)
        self.results.clicked.connect(self._result_chosen)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setObjectName("helpEmpty")
        results_page = QWidget()
        results_box = QVBoxLayout(results_page)
        results_box.setContentsMargins(0, 0, 0, 0)
        results_box.addWidget(self.did_you_mean)
        results_box.addWidget(self.empty)
        results_box.addWidget(self.results, 1)
        self.article_back = QPushButton()
        self.article_back.setFlat(True)
        self.article_back.clicked.connect(self.show_results)
        self.browser = QTextBrowser()
        self.browser.setObjectName("articleView")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link)
        article_page = QWidget()
        article_box = QVBoxLayout(article_page)
        article_box.setContentsMargins(0, 0, 0, 0)
        article_box.addWidget(self.article_back, 0, Qt.AlignmentFlag.AlignLeft)
        article_box.addWidget(self.browser, 1)
        self.views = QStackedWidget()
        self.views.addWidget(results_page)
        self.views.addWidget(article_page)
        self.wizard: Any = None
        self.article_id: str | None = None
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.views, 1)
        self.setFocusProxy(self.search)

    def start(self) -> None:
        """Opens the content in the background (first run builds the index, with progress)."""
        self.empty.setText(_("Preparing help search… (the first start builds the search index, a few seconds)"))
        self.empty.show()
        self.runner.cpu(self.content.load, lambda _c: self._loaded(), self._load_failed, label=_("Preparing help search"))

    def _loaded(self) -> None:
        self.empty.hide()
        self._ready = True
        self._fill_categories()
        self._fill_wizards()
        self.run_search()

    def _fill_wizards(self) -> None:
        self.wizard_pick.clear()
        self.wizard_pick.addItem(_("Step-by-step check…"), "")
        for wizard_id, wizard in self.content.wizards.items():
            self.wizard_pick.addItem(wizard.title(current_language()), wizard_id)
        self.wizard_pick.setVisible(bool(self.content.wizards))

    def _wizard_picked(self, index: int) -> None:
        wizard_id = self.wizard_pick.itemData(index)
        self.wizard_pick.setCurrentIndex(0)
        if wizard_id:
            self.show_wizard(wizard_id)

    def _load_failed(self, exc: object) -> None:
        self.empty.setText(_("Help articles could not be loaded. Reinstalling WalletCare should fix this."))
        self.empty.show()

    def retranslate(self) -> None:
        self.heading.setText(_("Help"))
        self.search.setPlaceholderText(_("Describe the problem, e.g. 提现失败, refund, 助记词 (Ctrl+F)"))
        self.search.setAccessibleName(_("Search help"))
        self.kind.setAccessibleName(_("Wallet kind"))
        self.category.setAccessibleName(_("Category"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for value, label in KINDS:
            self.kind.addItem(_(label), value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self._fill_categories()
        self._fill_wizards()
        self.wizard_pick.setAccessibleName(_("Step-by-step checks"))
        self.article_back.setText(_("← Results"))
        if self.wizard is not None:
            self.wizard.retranslate()
        if self._ready:
            self.run_search()
            if self.article_id and self.views.currentIndex() == 1:
                self.show_article(self.article_id)

    def _fill_categories(self) -> None:
        current = self.category.currentData()
        found = sorted({a.category for a in self.content.library} if self.content.library else set())
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("All topics"), "")
        for value in found:
            self.category.addItem(_(CATEGORIES[value]) if value in CATEGORIES else value, value)
        self.category.setCurrentIndex(max(0, self.category.findData(current)))
        self.category.blockSignals(False)

    def activated(self) -> None:
        self.focus_search()

    def focus_search(self) -> None:
        """Ctrl+F: shows the results and puts the cursor in the search box."""
        if self.views.currentIndex() != 0 and self.views.currentWidget() is not self.wizard:
            self.show_results()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def filters(self) -> dict[str, str]:
        """The chosen wallet kind and category."""
        found = {}
        if self.kind.currentData():
            found["applies_to"] = self.kind.currentData()
        if self.category.currentData():
            found["category"] = self.category.currentData()
        return found

    def run_search(self) -> None:
        """Searches for the box's text now (normally called by the debounce timer)."""
        if not self._ready:
            return
        self._generation += 1
        generation = self._generation
        query, lang, filters = self.search.text().strip(), current_language(), self.filters()
        self.last_query = query
        index = self.content.index
        if not query and not filters:
            self._show_hits(generation, self._browse_all(lang))
            return

        def job(_task: Task) -> Any:
            return index.search(query, lang=lang, limit=30, filters=filters)

        self.runner.cpu(job, lambda hits: self._show_hits(generation, hits), self._search_failed)

    def _browse_all(self, lang: str) -> list[Any]:
        from walletcare.faq.search import Hit

        return [Hit(id=a.id, title=a.title, lang=a.lang, score=0.0, snippet=a.summary, category=a.category)
                for a in self.content.library.in_language(lang)]

    def _show_hits(self, generation: int, hits: Any) -> None:
        if generation != self._generation:
            return
        self.model.set_hits(list(hits))
        suggestion = getattr(hits, "did_you_mean", None)
        if suggestion:
            self.did_you_mean.setText(_("Did you mean <a href=\"{q}\">{q}</a>?").format(q=suggestion))
        self.did_you_mean.setVisible(bool(suggestion))
        if not hits:
            self.empty.setText(_("Nothing found. Try fewer or other words, e.g. “退款” or “withdrawal”."))
        self.empty.setVisible(not hits)
        if self.views.currentIndex() == 0:
            self.views.setCurrentIndex(0)

    def _search_failed(self, exc: object) -> None:
        self.empty.setText(_("Search is not working right now; the articles can still be browsed by topic."))
        self.empty.show()

    def _open_first(self) -> None:
        if self.model.rowCount():
            self._result_chosen(self.model.index(0, 0))

    def _result_chosen(self, index: QModelIndex) -> None:
        article_id = index.data(ID_ROLE)
        if article_id:
            self.show_article(article_id)

    def show_results(self) -> None:
        """Back to the result list."""
        self.views.setCurrentIndex(0)
        self.search.setFocus()

    def show_article(self, article_id: str) -> bool:
        """Shows an article in the interface language; False when it does not exist."""
        if self.content.library is None:
            return False
        article = self.content.library.get(article_id, current_language())
        if article is None:
            self.notify(_("That article is not in this version."))
            return False
        self.article_id = article_id
        from walletcare.faq.markdown import inline_html  # loaded with the library

        head = f"<h2>{inline_html(article.title)}</h2><p><i>{inline_html(article.summary)}</i></p>"
        self.browser.setHtml(head + article.html())
        self.views.setCurrentIndex(1)
        self.browser.setFocus()
        return True

    def _article_title(self, article_id: str) -> str:
        article = self.content.library.get(article_id, current_language()) if self.content.library else None
        return article.title if article is not None else article_id

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        kind, _sep, ident = target.partition(":")
        if kind == "article":
            self.show_article(ident)
        elif kind == "wizard":
            self.show_wizard(ident)

    def show_wizard(self, wizard_id: str) -> None:
        """Runs a troubleshooting wizard."""
        from walletcare.ui.pages.wizard_panel import make_wizard_panel

        if self.wizard is None:
            self.wizard = make_wizard_panel(self)
            self.wizard.open_case_requested.connect(self.open_case_requested)
            if hasattr(self.wizard, "call_note_requested"):
                self.wizard.call_note_requested.connect(self.call_note_requested)
            self.wizard.safety_requested.connect(self.safety_requested)
            self.wizard.article_requested.connect(self.show_article)
            self.wizard.closed.connect(self.show_results)
            self.wizard.article_title = self._article_title
            self.views.addWidget(self.wizard)
        self.wizard.start(wizard_id)
        self.views.setCurrentWidget(self.wizard)

    def go_back(self) -> bool:
        """Esc: from an article or wizard back to the results. True when it moved."""
        if self.views.currentIndex() != 0:
            self.show_results()
            return True
        return False

    def close_content(self) -> None:
        """Releases the search index files (window closing)."""
        if self.content.index is not None:
            self.content.index.close()
