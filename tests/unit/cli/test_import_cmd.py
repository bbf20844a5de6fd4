"""``walletcare import`` end to end: JSON keys of the contract, exit codes, bad rows, presets, human output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from walletcare.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_json_and_reimport(vault_dir: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(samples_dir / "alipay" / "dsg_alipay_legacy_web_fmt.csv")
    code, out, _err = _run(capsys, "--vault", str(vault_dir), "import", sample, "--case", "1", "--json")
    assert code == 0
    doc = json.loads(out)
    assert {"format", "added", "duplicates", "rejected", "warnings"} <= set(doc)
    assert (doc["format"], doc["added"], doc["duplicates"], doc["rejected"]) == ("alipay", 6, 0, [])
    code, out, _err = _run(capsys, "--vault", str(vault_dir), "import", sample, "--case", "1", "--format", "alipay", "--json")
    assert (code, json.loads(out)["added"], json.loads(out)["duplicates"]) == (0, 0, 6)


def test_bad_rows_exit_4_then_skip(vault_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("日期,金额,对方\n2024-01-02,-12.50,商店\n2024-13-40,3.00,坏行\n2024-01-03,8,朋友\n", encoding="utf-8")
    base = ["--lang", "en", "--vault", str(vault_dir), "import", str(path), "--case", "1",
            "--map", "日期=date", "--map", "金额=amount", "--map", "对方=counterparty"]
    code, out, err = _run(capsys, *base)
    assert code == 4 and out == ""
    assert "line 3: The time “2024-13-40” cannot be read." in err and "--skip-bad-rows" in err
    code, out, _err = _run(capsys, *base, "--json")
    assert code == 4 and json.loads(out)["rejected"] == [{"line": 3, "reason": "The time “2024-13-40” cannot be read."}]
    code, out, _err = _run(capsys, *base, "--skip-bad-rows", "--save-preset", "mybank")
    assert code == 0
    assert "Added: 2" in out and "Rejected rows: 1" in out and "line 3" in out
    assert "Format: Other CSV (the columns you chose)" in out  # named in words, not "csv (mapped)"
    code, out, _err = _run(capsys, "--vault", str(vault_dir), "import", str(path), "--case", "1", "--preset", "mybank",
                           "--skip-bad-rows", "--json")
    assert (code, json.loads(out)["added"], json.loads(out)["duplicates"]) == (0, 0, 2)


def test_unknown_format_lists_headers_and_exits_4(vault_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("Col A,Col B\n1,2\n", encoding="utf-8")
    code, out, err = _run(capsys, "--vault", str(vault_dir), "import", str(path), "--case", "1")
    assert code == 4 and out == ""
    assert "--map" in err and "Col A,Col B" in err


def test_usage_errors(vault_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n", encoding="utf-8")
    assert _run(capsys, "--vault", str(vault_dir), "import", str(path), "--case", "99")[0] == 2
    assert _run(capsys, "--vault", str(vault_dir), "import", str(path), "--case", "1", "--preset", "nope")[0] == 2
    assert _run(capsys, "--vault", str(vault_dir), "import", str(path), "--case", "1", "--map", "bad")[0] == 2
    assert _run(capsys, "--vault", str(vault_dir), "import", str(tmp_path / "missing.csv"), "--case", "1")[0] == 4  # unreadable input
    assert _run(capsys, "--vault", str(tmp_path / "no-vault"), "import", str(path), "--case", "1")[0] == 3


def test_map_date_order_reads_day_month_dates(vault_dir: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "card.csv"
    path.write_text("Date,Amount,Payee\n05/02/2024,-12.50,Shop\n", encoding="utf-8")
    base = ["--lang", "en", "--vault", str(vault_dir), "import", str(path), "--case", "1",
            "--map", "Date=date", "--map", "Amount=amount", "--map", "Payee=counterparty"]
    code, _out, err = _run(capsys, *base)
    assert code == 4 and "Choose the date order" in err
    code, out, _err = _run(capsys, *base, "--map", "@date_order=dmy", "--json")
    assert code == 0 and json.loads(out)["added"] == 1


def _import_in_child(vault_dir: Path, path: Path, *extra: str, tty: bool) -> tuple[int, str, str]:
    """``walletcare import`` in a child process, its stderr a terminal (a pty) or a pipe."""
    import os
    import pty
    import subprocess
    import sys

    args = [sys.executable, "-m", "walletcare", "--lang", "en", "--vault", str(vault_dir), "import", str(path),
            "--case", "1", *extra]
    if not tty:
        done = subprocess.run(args, capture_output=True, text=True, env=os.environ.copy(), timeout=120)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=follower, env=os.environ.copy()) as child:
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        out = child.stdout.read().decode() if child.stdout else ""
        code = child.wait(timeout=120)
    os.close(leader)
    return code, out, b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only(vault_dir: Path, tmp_path: Path) -> None:
    from benchmarks.bench_import import make_alipay

    path = tmp_path / "alipay.csv"
    make_alipay(path, 12_000)
    code, out, err = _import_in_child(vault_dir, path, tty=True)
    assert code == 0 and "Added: 12000" in out
    assert "Importing" in err and "rows" in err and "Indexing for search" in err
    code, out2, err2 = _import_in_child(vault_dir, path, tty=False)  # piped: the result only
    assert code == 0 and "Added: 0" in out2 and "Duplicates skipped: 12000" in out2 and err2 == ""
    code, out3, err3 = _import_in_child(vault_dir, path, "--json", tty=True)  # JSON: no bar even on a terminal
    assert code == 0 and json.loads(out3)["duplicates"] == 12000 and "Importing" not in err3
