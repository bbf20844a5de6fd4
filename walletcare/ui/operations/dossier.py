"""Exporting a case as a dispute dossier (the PDF is built from the vault on the vault thread, written to
a temporary file beside the target and moved into place only when complete)."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletcare.errors import DiskFull, FolderProblem, NotAvailable, NotWritable, os_reason
from walletcare.i18n import N_, _

SECTIONS = (N_("Cover page"), N_("You (claimant)"), N_("The other side (respondent)"), N_("Account"),
            N_("Complaint letter"), N_("Timeline"), N_("Transactions"), N_("Kind of problem"),
            N_("Resolution requested"), N_("Contacts with support"), N_("Deadlines"), N_("Security steps taken"),
            N_("Exhibits"), N_("Manifest and verification"), N_("Declaration"))


@dataclass(frozen=True)
class ExportOptions:
    """What the export dialog chose."""

    lang: str = "zh-CN"
    redact: bool = False
    paper: str = "A4"
    originals: str = "embed"
    password: str | None = None
    font: str | None = None  # a TrueType font file; None lets the dossier pick
    full_statements: bool = False  # every imported statement row in an appendix
    to: str | None = None  # a channel id: its letter and addressee (``walletcare/evidence/channels.py``)


def section_titles(options: ExportOptions) -> list[str]:
    """The sections the dossier will contain, in the interface language."""
    titles = [_(s) for s in SECTIONS]
    if options.originals == "none":
        titles.remove(_("Exhibits"))
    if options.full_statements:
        titles.insert(titles.index(_("Exhibits")) if _("Exhibits") in titles else len(titles) - 2,
                      _("Statement rows in full"))
    if options.redact:
        titles.append(_("(account and ID numbers hidden)"))
    return titles


@dataclass(frozen=True)
class Exported:
    """What an export wrote: the PDF, and the fingerprint of the key that sealed it (for the receiver)."""

    path: Path
    seal_key: str
    letter_stored: bool = False  # the letter edited in the dialog was stored with the case before the export


_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, never inside a word: Chinese may end at any character,
    letters and digits only where a word ends (a single over-long word is cut at the limit)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]

    def in_word(char: str) -> bool:
        return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")

    if in_word(cut[-1]) and in_word(text[limit]):
        start = len(cut)
        while start and in_word(cut[start - 1]):
            start -= 1
        if start:
            cut = cut[:start]
    return cut.rstrip(" .,;:-_–—")


def suggested_file_name(title: str) -> str:
    """``投诉材料 - <case title>.pdf`` in the interface language, without characters file systems refuse, the
    title shortened at a word boundary."""
    clean = _shorten(_UNSAFE_IN_NAMES.sub(" ", title).strip(" ."), 60).strip(" .")
    stem = _("Dispute dossier")
    return f"{stem} - {clean}.pdf" if clean else f"{stem}.pdf"


def suggested_folder(documents: str) -> Path:
    """The Documents folder when it exists and can be written, else the home folder."""
    folder = Path(documents) if documents else Path.home()
    return folder if folder.is_dir() and os.access(folder, os.W_OK) else Path.home()


def prepare_folder(folder: Path) -> None:
    """Makes ``folder`` (and its parents) when missing.

    Raises:
        FolderProblem: it cannot be made or written into; the message names the folder and the reason.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderProblem(str(folder), os_reason(exc)) from None
    if not folder.is_dir():
        raise FolderProblem(str(folder), os_reason(OSError(errno.ENOTDIR, "")))
    if not os.access(folder, os.W_OK):
        raise FolderProblem(str(folder), os_reason(OSError(errno.EACCES, "")))


def export_dossier(vault: Any, case_id: int, target: Path, options: ExportOptions, task: Any) -> Exported:
    """Builds the PDF for ``case_id`` at ``target`` (making its folder when missing); returns the path written
    and the seal key.

    Raises:
        FolderProblem: the folder is missing and cannot be made, cannot be written, or the disk is full.
    """
    try:
        from walletcare.evidence.dossier.export import export_case
    except ImportError:
        raise NotAvailable(_("Dossier export is not available in this version.")) from None
    prepare_folder(target.parent)
    try:
        result = export_case(vault, case_id, target, lang=options.lang, redact=options.redact, paper=options.paper,
                             originals=options.originals, password=options.password, font=options.font,
                             full_statements=options.full_statements, to=options.to,
                             progress=task.report, cancel=task.cancel_flag)
    except DiskFull:
        raise FolderProblem(str(target.parent), os_reason(OSError(errno.ENOSPC, ""))) from None
    except NotWritable:
        raise FolderProblem(str(target.parent), os_reason(OSError(errno.EACCES, ""))) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) or exc.filename is None or Path(exc.filename).parent == target.parent:
            raise FolderProblem(str(target.parent), os_reason(exc)) from exc
        raise
    return Exported(Path(result), result.seal_key)
