"""The CLI frame: help lists the contract's commands; usage errors exit 2; unknown vault exits 3."""

from __future__ import annotations

import subprocess
import sys

import pytest

from walletcare.cli.main import main

CONTRACT_COMMANDS = ("gui", "init", "case", "import", "tx", "note", "evidence", "export", "verify", "search",
                     "help", "wizard", "scan-text", "passwd", "backup", "restore", "audit")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walletcare", *args], capture_output=True, text=True, env=env)


def test_help_lists_every_contract_command() -> None:
    out = run_cli("--lang", "en", "--help")
    assert out.returncode == 0
    for command in CONTRACT_COMMANDS:
        assert f"    {command}" in out.stdout, command
    assert "WALLETCARE_PASSPHRASE" in out.stdout and "less safe" in out.stdout


def test_help_is_translated() -> None:
    out = run_cli("--lang", "zh-CN", "--help")
    assert "加密" in out.stdout
    out_tw = run_cli("--lang", "zh-TW", "--help")
    assert "加密" in out_tw.stdout and out_tw.stdout != out.stdout


@pytest.mark.parametrize("argv", [
    ["no-such-command"], ["case"], ["case", "new"], ["import"], ["--lang", "xx", "search", "a"],
    ["tx", "add", "--case", "notanumber", "--time", "2024-01-01", "--amount", "1", "--currency", "CNY"],
])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_version() -> None:
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("WalletCare ")


def test_currencies_and_token_symbols() -> None:
    import pytest

    from walletcare.cli.common import parse_currency
    from walletcare.errors import UsageError

    assert [parse_currency(c) for c in ("cny", "人民币", "USDT", "usdc.e", "USDC.e", "cUSDC", "1INCH")] == [
        "CNY", "CNY", "USDT", "usdc.e", "USDC.e", "cUSDC", "1INCH"]
    for bad in ("", "$", "人", "A"):
        with pytest.raises(UsageError):
            parse_currency(bad)
