"""Which export a file is, from its content alone (formats.md Appendix A, first match wins), and parsing it.

File names are never looked at. ``open_stream`` (rows read as they are iterated, for the pipeline) and
``parse_bytes`` (the whole file in memory) are the entry points of the pure layer: bytes in, rows out,
``InvalidInput`` (exit 4, nothing written) for anything that is not a readable export of the requested or
detected format, or is beyond the bounds of ``limits`` (checked before any work that grows with the input). An unknown layout gets the "use --map" message with the lines the file
starts with, so the user can write a mapping.
"""

from __future__ import annotations

from collections.abc import Sequence

from walletcare.errors import InvalidInput
from walletcare.evidence.importers import alipay, etherscan, generic, limits, oklink, paypal, wechat
from walletcare.evidence.importers.allocation import collector_paused
from walletcare.evidence.importers.linking import collect
from walletcare.evidence.importers.records import ParsedFile, ParsedStream
from walletcare.evidence.importers.text import clean, decode, preview_headers, split_lines
from walletcare.evidence.importers.workbook import is_xlsx
from walletcare.i18n import _


def detect_lines(lines: Sequence[str]) -> str | None:
    """The format a text export is (``alipay``, ``wechat``, ``etherscan``, ``oklink``, ``paypal``, ``csv`` for a
    built-in bank preset), or ``None``."""
    if alipay.looks_like(lines):
        return "alipay"
    if wechat.looks_like(lines):
        return "wechat"
    first_cells = [[clean(c) for c in line.split(",")] for line in lines[:5]]
    if any(etherscan.accepts_header([c.strip('"') for c in cells]) for cells in first_cells):
        return "etherscan"
    if any(oklink.accepts_header(cells) for cells in first_cells):
        return "oklink"
    if any(paypal.accepts_header([c.strip('"') for c in cells]) for cells in first_cells):
        return "paypal"
    if generic.detect_preset(lines) is not None:
        return "csv"
    return None


def _with_lines(stream: ParsedStream | None, lines: list[str]) -> ParsedStream | None:
    if stream is not None:
        stream.lines = lines
    return stream


def open_stream(data: bytes, *, format: str = "auto", mapping: generic.ColumnMapping | None = None,
                own_addresses: Sequence[str] = ()) -> ParsedStream:
    """Recognises one export file and starts reading it (rows come as the stream is iterated).

    Args:
        data: the file's bytes.
        format: ``auto`` or one of ``records.FORMATS``.
        mapping: a column mapping; implies the generic CSV importer.
        own_addresses: the user's wallet addresses, to tell whose an explorer export is.

    Raises:
        InvalidInput: the file is empty, not text, not a known layout, or not the requested format.
    """
    if not data.strip():
        raise InvalidInput(_("The file is empty. Nothing was written."))
    limits.check_file_size(len(data))
    if is_xlsx(data):
        if format not in ("auto", "wechat") or mapping is not None:
            raise InvalidInput(_("This is an Excel workbook; only WeChat Pay workbooks can be imported. Save it as CSV to use --map. Nothing was written."))
        found = wechat.stream_xlsx(data)
        if found is None:
            raise InvalidInput(_("This workbook is not a WeChat Pay bill: no sheet has the 微信支付账单明细列表 row. Nothing was written."))
        return found
    lines = split_lines(decode(data))
    limits.check_lines(lines)
    if mapping is not None or format == "csv":
        chosen = mapping or generic.detect_preset(lines)
        if chosen is None:
            raise _unknown(lines)
        mapped = generic.stream(lines, chosen)
        mapped.lines = lines
        return mapped
    name = detect_lines(lines) if format == "auto" else format
    if name is None:
        raise _unknown(lines)
    started = _with_lines(_stream_as(name, lines, own_addresses), lines)
    if started is None:
        raise NotThatFormat(
            _("The file is not a {format} export: its header row was not found. It starts with: {lines}. Nothing was written.").format(
                format=name, lines=" | ".join(preview_headers(lines, 3)))
        )
    return started


def parse_bytes(data: bytes, *, format: str = "auto", mapping: generic.ColumnMapping | None = None,
                own_addresses: Sequence[str] = ()) -> ParsedFile:
    """Parses one whole export file in memory, without touching the vault (previews, tests).

    Returns:
        Every row and bad row, refunds linked, and a warning when the declared record count does not match.

    Raises:
        InvalidInput: as ``open_stream``.
    """
    with collector_paused():
        parsed = collect(open_stream(data, format=format, mapping=mapping, own_addresses=own_addresses))
    warning = count_warning(parsed.declared_count, len(parsed.rows) + len(parsed.bad_rows))
    if warning:
        parsed.warnings.insert(0, warning)
    return parsed


def count_warning(declared: int | None, found: int) -> str | None:
    """The completeness warning when the file's own record count (共N笔记录) does not match its rows."""
    if declared is None or declared == found:
        return None
    return _("The file says it holds {declared} records but {found} were found: the file may have been edited or trimmed.").format(
        declared=declared, found=found)


def _stream_as(name: str, lines: Sequence[str], own_addresses: Sequence[str]) -> ParsedStream | None:
    if name == "alipay":
        return alipay.stream(lines)
    if name == "wechat":
        return wechat.stream(lines)
    if name == "paypal":
        return paypal.stream(lines)
    if name == "etherscan":
        return etherscan.stream(lines, own_addresses)
    if name == "oklink":
        return oklink.stream(lines, own_addresses)
    if name == "csv":
        preset = generic.detect_preset(lines)
        return generic.stream(lines, preset) if preset else None
    raise InvalidInput(_("Unknown import format {format!r}.").format(format=name))


class NotThatFormat(InvalidInput):
    """The file is not an export of the format asked for: its header row was not found (exit 4)."""


class UnknownFormat(InvalidInput):
    """The file is none of the known layouts (exit 4); ``first_lines`` is what it starts with. ``text()`` is the
    command line's advice (``--map``), ``window_text()`` the app's."""

    def __init__(self, first_lines: str) -> None:
        self.first_lines = first_lines
        super().__init__(_("Unknown format — use --map COLUMN=field (e.g. --map 交易日期=date --map 金额=amount). The file starts with: {lines}. Nothing was written.").format(
            lines=first_lines))

    def window_text(self) -> str:
        """The same problem told for the import dialog, where there is no ``--map``."""
        return _("This is not one of the exports WalletCare knows by name (Alipay, WeChat Pay, PayPal, Etherscan-family, "
                 "OKLink, or a known bank CSV). If it is a statement saved as CSV, press “Choose columns…” and tell "
                 "WalletCare which column holds the date, the amount and so on. The file starts with: {lines}. "
                 "Nothing was written.").format(lines=self.first_lines)


def _unknown(lines: Sequence[str]) -> InvalidInput:
    return UnknownFormat(" | ".join(preview_headers(lines)))
