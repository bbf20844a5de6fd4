"""Which export a file is, from its content alone (formats.md Appendix A, first match wins), and parsing it.

File names are never looked at. ``parse_bytes`` is the one entry point of the pure layer: bytes in,
``ParsedFile`` out, ``InvalidInput`` (exit 4, nothing written) for anything that is not a readable export
of the requested or detected format. An unknown layout gets the "use --map" message with the lines the file
starts with, so the user can write a mapping.
"""

from __future__ import annotations

from collections.abc import Sequence

from walletcare.errors import InvalidInput
from walletcare.evidence.importers import alipay, etherscan, generic, oklink, paypal, wechat
from walletcare.evidence.importers.records import ParsedFile
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


def parse_bytes(data: bytes, *, format: str = "auto", mapping: generic.ColumnMapping | None = None,
                own_addresses: Sequence[str] = ()) -> ParsedFile:
    """Parses one export file without touching the vault.

    Args:
        data: the file's bytes.
        format: ``auto`` or one of ``records.FORMATS``.
        mapping: a column mapping; implies the generic CSV importer.
        own_addresses: the user's wallet addresses, to tell whose an explorer export is.

    Returns:
        The parsed file, with a warning added when the declared record count does not match.

    Raises:
        InvalidInput: the file is empty, not text, not a known layout, or not the requested format.
    """
    if not data.strip():
        raise InvalidInput(_("The file is empty. Nothing was written."))
    if is_xlsx(data):
        if format not in ("auto", "wechat") or mapping is not None:
            raise InvalidInput(_("This is an Excel workbook; only WeChat Pay workbooks can be imported. Save it as CSV to use --map. Nothing was written."))
        parsed = wechat.parse_xlsx(data)
        if parsed is None:
            raise InvalidInput(_("This workbook is not a WeChat Pay bill: no sheet has the 微信支付账单明细列表 row. Nothing was written."))
        return _checked(parsed)
    lines = split_lines(decode(data))
    if mapping is not None or format == "csv":
        chosen = mapping or generic.detect_preset(lines)
        if chosen is None:
            raise _unknown(lines)
        return _checked(generic.parse_lines(lines, chosen))
    name = detect_lines(lines) if format == "auto" else format
    if name is None:
        raise _unknown(lines)
    parsed = _parse_as(name, lines, own_addresses)
    if parsed is None:
        raise InvalidInput(
            _("The file is not a {format} export: its header row was not found. It starts with: {lines}. Nothing was written.").format(
                format=name, lines=" | ".join(preview_headers(lines, 3)))
        )
    return _checked(parsed)


def _parse_as(name: str, lines: Sequence[str], own_addresses: Sequence[str]) -> ParsedFile | None:
    if name == "alipay":
        return alipay.parse_lines(lines)
    if name == "wechat":
        return wechat.parse_lines(lines)
    if name == "paypal":
        return paypal.parse_lines(lines)
    if name == "etherscan":
        return etherscan.parse_lines(lines, own_addresses)
    if name == "oklink":
        return oklink.parse_lines(lines, own_addresses)
    if name == "csv":
        preset = generic.detect_preset(lines)
        return generic.parse_lines(lines, preset) if preset else None
    raise InvalidInput(_("Unknown import format {format!r}.").format(format=name))


def _unknown(lines: Sequence[str]) -> InvalidInput:
    return InvalidInput(
        _("Unknown format — use --map COLUMN=field (e.g. --map 交易日期=date --map 金额=amount). The file starts with: {lines}. Nothing was written.").format(
            lines=" | ".join(preview_headers(lines)))
    )


def _checked(parsed: ParsedFile) -> ParsedFile:
    """Adds the completeness warning when the file's own record count does not match its rows."""
    found = len(parsed.rows) + len(parsed.bad_rows)
    if parsed.declared_count is not None and parsed.declared_count != found:
        parsed.warnings.insert(0, _("The file says it holds {declared} records but {found} were found: the file may have been edited or trimmed.").format(
            declared=parsed.declared_count, found=found))
    return parsed
