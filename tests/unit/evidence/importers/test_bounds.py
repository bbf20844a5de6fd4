"""Hostile inputs found by the torture harness: each is a bad row or an ``InvalidInput`` naming its limit,
never an unhandled exception, a hang or unbounded memory."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from walletcare.cli.main import main
from walletcare.errors import InvalidInput
from walletcare.evidence.importers import limits
from walletcare.evidence.importers.detection import parse_bytes
from walletcare.evidence.importers.limits import TooLarge
from walletcare.evidence.importers.pipeline import read_source
from walletcare.evidence.importers.records import ParsedFile

PAYPAL_HEADER = '"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID"'


@pytest.mark.parametrize("clock", ["13:99999999999999999999:35", "99999999999999999999:00:00", "13:00:99999999999999999999"])
def test_paypal_time_with_huge_numbers_is_a_bad_row(clock: str) -> None:
    data = (f'{PAYPAL_HEADER}\r\n"02/24/2024","{clock}","PST","Taxi","Payment","Completed","USD","-69.96","0",'
            '"-69.96","8A34EC67"\r\n').encode()
    parsed = parse_bytes(data)
    assert parsed.rows == [] and len(parsed.bad_rows) == 1
    assert clock in parsed.bad_rows[0].reason


def test_paypal_date_with_huge_year_is_a_bad_row() -> None:
    data = (f'{PAYPAL_HEADER}\r\n"02/24/99999999999999999999","13:00:35","PST","Taxi","Payment","Completed","USD",'
            '"-69.96","0","-69.96","8A34EC67"\r\n').encode()
    parsed = parse_bytes(data)
    assert parsed.rows == [] and len(parsed.bad_rows) == 1


# -- workbooks --------------------------------------------------------------------------------------------------

WECHAT_XLSX = "wechat/dsg_wechat_HEAD_2026fmt.xlsx"


def _rewritten(data: bytes, member: str, edit: Callable[[bytes], bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with one member's bytes edited (and members added), as a user's editor would save it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, edit(body) if info.filename == member else body)
        for name, body in (extra or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def _with_row(data: bytes, row_xml: bytes) -> bytes:
    return _rewritten(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", row_xml + b"</sheetData>"))


@pytest.fixture
def wechat_xlsx(samples_dir: Path) -> bytes:
    return (samples_dir / WECHAT_XLSX).read_bytes()


def _timed_parse(data: bytes) -> tuple[object, float]:
    start = time.monotonic()
    try:
        result: object = parse_bytes(data)
    except InvalidInput as exc:
        result = exc
    return result, time.monotonic() - start


def test_one_far_cell_in_a_real_export_is_refused_at_once(wechat_xlsx: bytes) -> None:
    data = _with_row(wechat_xlsx, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert len(data) < len(wechat_xlsx) + 200
    result, seconds = _timed_parse(data)
    assert isinstance(result, TooLarge) and result.exit_code == 4 and result.limit == "columns"
    assert "XFD1048576" in result.text() and str(limits.MAX_COLUMNS) in result.text()
    assert seconds < 5


def test_far_rows_cost_nothing_and_their_content_is_kept(wechat_xlsx: bytes) -> None:
    base = parse_bytes(wechat_xlsx)
    empty_far = _with_row(wechat_xlsx, b'<row r="1048576"><c r="A1048576"/><c r="K1048576" t="s"/></row>')
    same, seconds = _timed_parse(empty_far)
    assert isinstance(same, ParsedFile) and seconds < 5
    assert [r.tx.dedup_key for r in same.rows] == [r.tx.dedup_key for r in base.rows]
    filled_far = _with_row(wechat_xlsx, b'<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    found, _seconds = _timed_parse(filled_far)
    assert isinstance(found, ParsedFile) and [b.line for b in found.bad_rows] == [1048576]  # shown, not dropped


def test_a_wrong_dimension_does_not_cut_rows(wechat_xlsx: bytes) -> None:
    base = parse_bytes(wechat_xlsx)
    data = _rewritten(wechat_xlsx, "xl/worksheets/sheet1.xml",
                      lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B3"/>', xml))
    assert len(parse_bytes(data).rows) == len(base.rows) > 5


def test_rows_past_the_last_spreadsheet_row_are_refused(wechat_xlsx: bytes) -> None:
    data = _with_row(wechat_xlsx, b'<row r="99999999999"><c r="A1"><v>1</v></c></row>')
    result, seconds = _timed_parse(data)
    assert isinstance(result, TooLarge) and result.limit == "row number" and "1,048,576" in result.text()
    assert seconds < 5


def test_a_zip_bomb_is_refused_before_unpacking(wechat_xlsx: bytes) -> None:
    data = _rewritten(wechat_xlsx, "", lambda b: b, {"xl/media/padding.bin": bytes(limits.MAX_UNZIPPED_BYTES)})
    assert len(data) < 1_000_000
    result, seconds = _timed_parse(data)
    assert isinstance(result, TooLarge) and result.limit == "unpacked size"
    assert f"{limits.mb(limits.MAX_UNZIPPED_BYTES)} MB" in result.text()
    assert seconds < 5


@pytest.mark.parametrize(("name", "value", "limit"), [("MAX_ROWS", 20, "rows"), ("MAX_CELLS", 100, "cells")])
def test_sheet_bounds_are_named(wechat_xlsx: bytes, monkeypatch: pytest.MonkeyPatch, name: str, value: int,
                                limit: str) -> None:
    monkeypatch.setattr(limits, name, value)
    with pytest.raises(TooLarge) as info:
        parse_bytes(wechat_xlsx)
    assert info.value.limit == limit and str(value) in info.value.text()


def test_a_cell_longer_than_a_spreadsheet_allows_is_refused(wechat_xlsx: bytes) -> None:
    text = b"A" * (limits.MAX_CELL_CHARS + 1)
    data = _with_row(wechat_xlsx, b'<row r="50"><c r="C50" t="inlineStr"><is><t>' + text + b"</t></is></c></row>")
    with pytest.raises(TooLarge) as info:
        parse_bytes(data)
    assert info.value.limit == "cell length" and "C50" in info.value.text()


# -- text files -------------------------------------------------------------------------------------------------

def test_a_file_over_the_size_bound_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: nothing to read, only its size counts
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    start = time.monotonic()
    with pytest.raises(TooLarge) as info:
        read_source(path)
    assert info.value.limit == "file size" and time.monotonic() - start < 1
    with pytest.raises(TooLarge):
        parse_bytes(b"a," * (limits.MAX_FILE_BYTES // 2 + 1))


def test_a_very_long_line_is_refused_with_its_number() -> None:
    data = b"\xe4\xba\xa4\xe6\x98\x93\xe6\x97\xb6\xe9\x97\xb4,\xe9\x87\x91\xe9\xa2\x9d\n" + b"a," * limits.MAX_LINE_CHARS
    result, seconds = _timed_parse(data)
    assert isinstance(result, TooLarge) and result.limit == "line length" and "2" in result.text()
    assert seconds < 5


def test_too_many_lines_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_LINES", 1000)
    with pytest.raises(TooLarge) as info:
        parse_bytes(b"\n" * 2000 + b"x")
    assert info.value.limit == "lines" and "1000" in info.value.text()


def test_the_cli_names_the_bound_with_exit_4(vault_dir: Path, tmp_path: Path, wechat_xlsx: bytes,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "far.xlsx"
    path.write_bytes(_with_row(wechat_xlsx, b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    code = main(["--lang", "en", "--vault", str(vault_dir), "import", str(path), "--case", "1"])
    err = capsys.readouterr().err
    assert code == 4 and "XFD1048576" in err and f"columns 1 to {limits.MAX_COLUMNS}" in err
    code = main(["--lang", "zh-TW", "--vault", str(vault_dir), "import", str(path), "--case", "1"])
    assert code == 4 and "XFD1048576" in capsys.readouterr().err
