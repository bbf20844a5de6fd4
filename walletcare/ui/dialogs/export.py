"""Export a case as a dispute dossier: language, the channel it is addressed to (only those that apply to the
case) with its letter, editable here, redaction, paper size, originals (embed / zip / none), an optional PDF
password, a preview of the sections, and the plain warning that a PDF without a password is not encrypted.
Progress and cancel while it builds; when done, "Open" and "Show in folder".

The letter shown is the one stored for the channel, else the one filled from its template in the dossier's
language; an edited letter is stored with the case (audited like any change of the case) just before the
export, and until then it is part of the dialog's draft, so typed text survives a lock or a close."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from walletcare.config import Settings
from walletcare.errors import Cancelled, WalletCareError
from walletcare.evidence.channels import applicable
from walletcare.evidence.dossier.data import ExportOptions
from walletcare.evidence.dossier.manifest import group_hex
from walletcare.evidence.dossier.outline import Part, case_outline
from walletcare.evidence.letters import letter_for, template, with_letter
from walletcare.evidence.models import Case
from walletcare.i18n import N_, _, current_language
from walletcare.ui.desktop import open_file, show_in_folder
from walletcare.ui.dialogs.editor import EditorDialog
from walletcare.ui.operations import Changes
from walletcare.ui.operations.dossier import (
    export_stages,
    section_lines,
    suggested_file_name,
    suggested_folder,
)
from walletcare.ui.pages.first_run import LANGUAGE_NAMES
from walletcare.ui.session import VaultSession
from walletcare.ui.widgets.progress import track

ORIGINALS = (("embed", N_("Inside the PDF")), ("zip", N_("In a ZIP file beside it")), ("none", N_("Not included")))
PAPERS = ("A4", "Letter")
PROBLEM_STYLE = "color: #b00020; font-weight: bold;"


class ExportDialog(EditorDialog):
    """Options → build (progress, cancel) → open / show in folder. The PDF password is never kept in a draft."""

    draft_kind = "export"

    def __init__(self, session: VaultSession, case: Case, settings: Settings, parent: QWidget | None = None,
                 channel: str | None = None) -> None:
        """``channel``: the channel chosen at first (the plan's next step), when it applies."""
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.translated(self.setWindowTitle, N_("Export dossier"))
        self.session, self.case, self.settings = session, case, settings
        self.output: Path | None = None
        self.warnings: list[str] = []  # what the last export warned about (shown in the status)
        self.lang = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.lang.addItem(name, code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(current_language())))
        self.redact = QCheckBox()
        self.translated(self.redact.setText, N_("Hide account numbers, phone numbers and ID numbers (redacted copy)"))
        self.full_statements = QCheckBox()
        self.translated(self.full_statements.setText, N_("Print every row of imported statements (appendix)"))
        self.full_statements.setObjectName("fullStatements")
        self.translated(self.full_statements.setToolTip, N_("Without this, each statement is one line and only the "
                                                            "transactions you marked as disputed or context are printed."))
        self.channel = QComboBox()
        self.channel.setObjectName("exportTo")
        self.channel.addItem(_("No particular channel (general letter)"), None)
        for found in applicable(case):  # channels that fit the case's provider, region and issue
            self.channel.addItem(template(found.id, current_language()).name, found.id)
        if channel is not None and self.channel.findData(channel) >= 0:  # the plan's next open step
            self.channel.setCurrentIndex(self.channel.findData(channel))
        self.letter = QPlainTextEdit()
        self.letter.setObjectName("exportLetter")
        self.letter.setMinimumHeight(160)
        self.translated(self.letter.setPlaceholderText, N_("Choose a channel above to see and edit its letter."))
        self._letter_base: dict[tuple[str, str], str] = {}  # (channel, language) -> the letter as loaded
        self._letter_edits: dict[str, str] = {}  # channel -> text typed for it (kept while another is shown)
        self._shown: tuple[str, str] | None = None
        self.channel.currentIndexChanged.connect(lambda _i: self._load_letter())
        self.lang.currentIndexChanged.connect(lambda _i: self._load_letter())
        self.paper = QComboBox()
        for paper in PAPERS:
            self.paper.addItem(paper, paper)
        self.originals = QComboBox()
        self.retranslate_choices()
        self.password = QLineEdit()
        self.password.setObjectName("pdfPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.textChanged.connect(lambda _t: self._warning())
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.path = QLineEdit(str(suggested_folder(documents) / suggested_file_name(case.title)))
        self.path.setObjectName("exportPath")
        browse = QPushButton()
        self.translated(browse.setText, N_("Choose…"))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.sections = QListWidget()
        self.sections.setObjectName("exportSections")
        self.sections.setMaximumHeight(150)
        self._outline: tuple[tuple[Part, ...], ExportOptions] | None = None  # the latest answer and its options
        self._outline_asked = 0
        for widget in (self.lang, self.redact, self.full_statements):
            (widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.toggled).connect(lambda *_a: self._preview())
        self.originals.currentIndexChanged.connect(lambda _i: self._preview())
        self.channel.currentIndexChanged.connect(lambda _i: self._preview())  # a crime report has its own words
        self.warning = QLabel()
        self.warning.setObjectName("exportWarning")
        self.warning.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        self.add_row(form, N_("&Language"), self.lang)
        self.add_row(form, N_("Addressed &to"), self.channel)
        self.add_row(form, N_("Lette&r"), self.letter)
        form.addRow("", self.redact)
        form.addRow("", self.full_statements)
        self.add_row(form, N_("&Paper"), self.paper)
        self.add_row(form, N_("&Originals"), self.originals)
        self.add_row(form, N_("PDF pass&word (optional)"), self.password)
        save_as = QLabel()
        self.translated(save_as.setText, N_("&Save as"))
        save_as.setBuddy(self.path)  # a layout row has no buddy of its own: the "&" would show
        form.addRow(save_as, path_row)
        sections = QLabel()
        self.translated(sections.setText, N_("Sections"))
        form.addRow(sections, self.sections)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.translated(self.export_button.setText, N_("&Export"))
        self.export_button.setObjectName("exportGo")
        self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.translated(self.open_button.setText, N_("&Open"))
        self.folder_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.translated(self.folder_button.setText, N_("Show in &folder"))
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(lambda: self.output and open_file(self.output))
        self.folder_button.clicked.connect(lambda: self.output and show_in_folder(self.output))
        self.open_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.warning)
        box.addWidget(self.status)
        box.addWidget(self.buttons)
        # wide enough for the whole suggested path and the status lines, not a narrow column of wrapped text
        char = self.fontMetrics().averageCharWidth()
        self.path.setMinimumWidth(min(self.path.fontMetrics().horizontalAdvance(self.path.text()) + 3 * char,
                                      char * 110))
        self.status.setMinimumWidth(char * 90)
        self._warning()
        self._preview()
        self.originals.currentIndexChanged.connect(lambda _i: self._warning())
        self.track({"lang": self.lang, "to": self.channel, "full_statements": self.full_statements,
                    "redact": self.redact, "paper": self.paper, "originals": self.originals,
                    "path": self.path, "letter": self.letter})
        self._load_letter()

    def retranslate_choices(self) -> None:
        index = self.originals.currentIndex()
        self.originals.clear()
        for code, label in ORIGINALS:
            self.originals.addItem(_(label), code)
        self.originals.setCurrentIndex(max(0, index))

    def retranslate(self) -> None:
        super().retranslate()
        self._warning()
        self._show_sections()

    def draft_context(self) -> dict[str, Any]:
        return {"case_id": self.case.id}

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the dossier as"), self.path.text(), "PDF (*.pdf)")
        if name:
            self.path.setText(name if name.lower().endswith(".pdf") else name + ".pdf")

    # --- the letter -----------------------------------------------------------------------------------------
    def _load_letter(self) -> None:
        """Shows the letter of the chosen channel: what was typed for it in this dialog, else the stored one
        or the one filled from its template (read on the vault thread)."""
        previous = self._shown
        if previous is not None and self.letter.toPlainText() != self._letter_base.get(previous, ""):
            self._letter_edits[previous[0]] = self.letter.toPlainText()
        channel, lang = self.channel.currentData(), self.lang.currentData()
        self.letter.setEnabled(channel is not None)
        if channel is None:
            self._shown = None
            self.letter.setPlainText("")
            return
        key = (channel, lang)
        self._shown = key
        self.letter.setPlainText(self._letter_edits.get(channel, self._letter_base.get(key, "")))
        if key in self._letter_base:
            return
        case_id = self.case.id

        def read(store: Any) -> str:
            return letter_for(store, case_id, channel, lang, date.today())[1]

        self.session.read(read, lambda text: self._letter_loaded(key, str(text)), self._failed)

    def _letter_loaded(self, key: tuple[str, str], text: str) -> None:
        self._letter_base[key] = text
        # a draft put back, or text typed while it was read, stays; an empty editor gets the letter
        if self._shown == key and not self.letter.toPlainText().strip():
            self.letter.setPlainText(text)

    def edited_letter(self) -> tuple[str, str] | None:
        """``(channel, text)`` when the letter shown was changed from the one loaded, else None."""
        if self._shown is None or self._shown not in self._letter_base:
            return None
        text = self.letter.toPlainText()
        if text.strip() == self._letter_base[self._shown].strip():
            return None
        return self._shown[0], text

    def _warning(self) -> None:
        if self.password.text() and self.originals.currentData() == "zip":
            self.warning.setText(_("With a password, keep the originals inside the PDF (they are encrypted with it): "
                                   "a zip beside it would not be encrypted."))
        elif self.password.text():
            self.warning.setText(_("The PDF will be encrypted with this password. Send the password separately, never in the same message."))
        else:
            self.warning.setText(_("A PDF is not encrypted unless you set a password: anyone who gets the file can read it."))

    def _preview(self) -> None:
        """Asks the core which sections the dossier prints with the options chosen (read on the vault thread);
        the answer to the latest question is listed (``_show_sections``)."""
        self._outline_asked += 1
        asked, case_id = self._outline_asked, self.case.id
        options = replace(self.options(), channel=self.channel.currentData() or "")

        def read(store: Any) -> tuple[Part, ...]:
            return case_outline(store, case_id, options, date.today())

        def answered(parts: object) -> None:
            if asked == self._outline_asked:  # (an answer to an earlier choice is stale)
                assert isinstance(parts, tuple)
                self._outline = (parts, options)
                self._show_sections()

        self.session.read(read, answered, self._outline_failed)
        self._show_sections()

    def _outline_failed(self, exc: object) -> None:
        from walletcare.logs import log

        log.error("export preview failed: %s", type(exc).__name__, exc_info=exc if isinstance(exc, BaseException) else None)

    def _show_sections(self) -> None:
        """Lists the sections of the latest outline in the interface language, those left out greyed."""
        self.sections.clear()
        if self._outline is None:
            return
        parts, options = self._outline
        for text, printed in section_lines(parts, options):
            item = QListWidgetItem(text)
            if not printed:
                item.setForeground(self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            self.sections.addItem(item)
        # every section shows without scrolling (a list is a preview, not something to scroll through)
        rows = min(self.sections.count(), 22)
        self.sections.setMinimumHeight(self.sections.sizeHintForRow(0) * rows + 2 * self.sections.frameWidth() + 2)
        self._fit()

    def options(self) -> ExportOptions:
        """The chosen options (the channel the dossier is addressed to is ``channel.currentData()``)."""
        return ExportOptions(lang=self.lang.currentData(), redact=self.redact.isChecked(),
                             paper=self.paper.currentData(), originals=self.originals.currentData(),
                             pdf_password=self.password.text() or None, font_path=self.settings.dossier_font,
                             full_statements=self.full_statements.isChecked())

    def start(self) -> None:
        """Builds the dossier in the background."""
        target = Path(self.path.text().strip()).expanduser()
        if target.is_dir():  # a folder was typed: the suggested name goes inside it
            target = target / suggested_file_name(self.case.title)
        elif target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self.path.setText(str(target))
        self.output = None
        self._show_status("")
        self.open_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.status.setText(_("Building the dossier…"))
        edited = self.edited_letter()
        stages = export_stages(self.case.id, target, self.options(), self.channel.currentData())
        if edited is not None:  # stored with the case first (audited), so the dossier prints it
            case_id, (first_place, first) = self.case.id, stages[0]

            def store_letter_then_collect(vault: Any, task: Any, previous: Any) -> Any:
                store = vault.store
                store.cases.update(with_letter(store.cases.get(case_id), *edited))
                return first(vault, task, previous)

            stages = [(first_place, store_letter_then_collect), *stages[1:]]
        self._letter_stored = edited is not None
        task = self.session.with_vault_stages(stages, self._done, self._failed, label=_("Exporting"))
        track(task, self, _("Building the dossier…"))

    def _done(self, outcome: object) -> None:
        from walletcare.evidence.dossier.export import ExportResult

        assert isinstance(outcome, ExportResult)
        self.output = outcome.pdf_path
        self.warnings = list(outcome.warnings)
        if self._letter_stored and self._shown is not None:  # the letter printed is now the stored one
            self._letter_base[self._shown] = self.letter.toPlainText()
            self._letter_edits.pop(self._shown[0], None)
            self.session.store_changed.emit(Changes(cases=True, case_id=self.case.id))
        lines = [_("Done: {path}").format(path=self.output), _(
            "Seal fingerprint: {key}. It is not a secret: it only names your seal and unlocks nothing. If the "
            "receiver wants to check that the dossier comes from you, they can compare it with the fingerprint "
            "you give them separately from the file.").format(key=group_hex(outcome.seal_key))]
        if outcome.zip_path is not None:
            lines.insert(1, _("Original files: {file}").format(file=outcome.zip_path))
        lines += [_("Note: {warning}").format(warning=warning) for warning in outcome.warnings]
        self._show_status("\n".join(lines))
        self.open_button.setEnabled(True)
        self.folder_button.setEnabled(True)
        self.export_button.setEnabled(True)

    def _failed(self, exc: object) -> None:
        self.output = None
        self.open_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.export_button.setEnabled(True)
        if isinstance(exc, Cancelled):
            self._show_status(_("Cancelled. No file was written."))
        elif isinstance(exc, WalletCareError):
            self._show_status(exc.text(), problem=True)
        else:
            from walletcare.logs import log

            log.error("export failed: %s", type(exc).__name__, exc_info=exc if isinstance(exc, BaseException) else None)
            self._show_status(_("The dossier could not be built; nothing was written. Details were written to the log file."),
                              problem=True)

    def _show_status(self, text: str, *, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(PROBLEM_STYLE if problem else "")
        self._fit()

    def _fit(self) -> None:
        """Grows the dialog to show every line: wrapped labels and the section list never overlap or get cut."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        if hint.height() > self.height() or hint.width() > self.width():
            self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    @classmethod
    def ask(cls, parent: QWidget | None, session: VaultSession, case: Case, settings: Settings,
            draft: Mapping[str, Any] | None = None, channel: str | None = None) -> Path | None:
        """Shows the dialog (a draft's choices put back; else addressed to ``channel``, the plan's next open
        step, when it applies to the case); the written file, or None."""
        dialog = cls(session, case, settings, parent, channel)
        dialog.restore_draft(draft)
        dialog.exec()
        return dialog.output
