"""Exporting a case as a dispute dossier, in three stages of one job (``export_stages``): the case is collected
on the vault thread, the PDF rendered on the CPU pool (the vault answers other reads meanwhile), and the files
written on the vault thread with the export's audit entry (temporary files beside the target, moved into place
only when complete). The stages are the core's ``prepare_export``, ``render_export`` and ``save_export``, the
ones the CLI calls."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walletcare.errors import DiskFull, FolderProblem, NotWritable, os_reason
from walletcare.evidence.dossier.data import ExportOptions
from walletcare.evidence.dossier.outline import Part

if TYPE_CHECKING:
    from walletcare.evidence.dossier.export import ExportResult
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.vault import Vault
    from walletcare.ui.tasks import Task

def section_lines(parts: Sequence[Part], options: ExportOptions) -> list[tuple[str, bool]]:
    """The dossier's sections as the export dialog lists them, in the interface language: ``(text, printed)``
    for each part of the core's ``outline`` (the rule the PDF follows), a section the case has nothing for
    saying it is left out; then, for a redacted copy, the note that identifiers are hidden."""
    lines = [(_(part.title), True) if part.printed
             else (_("{section} (left out: nothing for it in this case)").format(section=_(part.title)), False)
             for part in parts]
    if options.redact:
        lines.append((_("(account and ID numbers hidden)"), True))
    return lines


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


def export_stages(case_id: int, target: Path, options: ExportOptions,
                  channel: str | None = None) -> list[tuple[str, Callable[..., Any]]]:
    """The stages of an export for ``VaultSession.with_vault_stages``; the last returns the core's
    ``ExportResult`` (the PDF's path, its seal fingerprint and the warnings to show, e.g. a font fallback).

    ``channel``: a channel id whose letter and addressee the dossier carries (``evidence/channels.py``).
    Raises (from the stages): FolderProblem when the folder is missing and cannot be made, cannot be written,
    or the disk is full; Refused, Cancelled as the core's export.
    """
    from walletcare.evidence.dossier.export import prepare_export, render_export, save_export

    def collect(vault: Vault, task: Task, _none: None) -> Any:
        prepare_folder(target.parent)
        return prepare_export(vault, case_id, target, options, to=channel, cancel=task.cancel_flag)

    def build(task: Task, prepared: Any) -> Any:
        return render_export(prepared, progress=task.report, cancel=task.cancel_flag)

    def write(vault: Vault, task: Task, rendered: Any) -> ExportResult:
        try:
            return save_export(vault.store, rendered)
        except DiskFull:
            raise FolderProblem(str(target.parent), os_reason(OSError(errno.ENOSPC, ""))) from None
        except NotWritable:
            raise FolderProblem(str(target.parent), os_reason(OSError(errno.EACCES, ""))) from None
        except OSError as exc:
            if (exc.errno in (errno.ENOSPC, errno.EDQUOT) or exc.filename is None
                    or Path(exc.filename).parent == target.parent):
                raise FolderProblem(str(target.parent), os_reason(exc)) from exc
            raise

    return [("vault", collect), ("cpu", build), ("vault", write)]
