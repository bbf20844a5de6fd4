"""``walletcare case delete``, ``import list`` and ``import undo``: they ask on a terminal, refuse without one
unless ``--yes`` (exit 2, nothing changed), remove exactly what they name and leave the audit trail intact."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from walletcare.cli.main import main

ALIPAY = "alipay/dsg_alipay_legacy_web_fmt.csv"
WECHAT = "wechat/dsg_wechat_2022.csv"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(capsys: pytest.CaptureFixture[str], vault: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "--vault", str(vault), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _audit_intact(capsys: pytest.CaptureFixture[str], vault: Path) -> bool:
    code, out, _err = _run(capsys, vault, "audit", "--verify", "--json")
    return code == 0 and json.loads(out)["intact"] is True


def test_import_list_and_undo(vault_dir: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    for sample in (ALIPAY, WECHAT):
        assert _run(capsys, vault_dir, "import", str(samples_dir / sample), "--case", "1", "--json")[0] == 0
    code, out, _err = _run(capsys, vault_dir, "import", "list", "--case", "1", "--json")
    listed = json.loads(out)
    assert code == 0 and [i["file"] for i in listed] == [Path(ALIPAY).name, Path(WECHAT).name]
    assert {"id", "file", "format", "rows", "at"} <= set(listed[0]) and listed[0]["rows"] == 6
    first, second = listed[0]["id"], listed[1]["id"]
    code, out, _err = _run(capsys, vault_dir, "import", "list", "--case", "1")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Import", "no.", "Imported", "at", "Format", "Rows", "File"], out
    assert lines[1].split()[0] == str(first) and lines[1].split()[3:] == [listed[0]["format"], "6", Path(ALIPAY).name]
    assert lines[2].endswith(Path(WECHAT).name) and listed[1]["format"] in lines[2].split()
    assert lines[0].index("Format") == lines[1].index(listed[0]["format"])  # the columns line up
    assert main(["--lang", "zh-CN", "--vault", str(vault_dir), "import", "list", "--case", "1"]) == 0
    assert "格式" in capsys.readouterr().out.splitlines()[0]

    # no terminal and no --yes: refused, nothing removed
    code, _out, err = _run(capsys, vault_dir, "import", "undo", str(first))
    assert code == 2 and "--yes" in err
    assert len(json.loads(_run(capsys, vault_dir, "import", "list", "--case", "1", "--json")[1])) == 2
    # on a terminal: asks; "n" keeps it, "y" removes it
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    code, _out, err = _run(capsys, vault_dir, "import", "undo", str(first))
    assert code == 2 and "[y/N]" in err and Path(ALIPAY).name in err
    monkeypatch.setattr("sys.stdin", _Terminal("y\n"))
    code, out, _err = _run(capsys, vault_dir, "import", "undo", str(first))
    assert code == 0 and "6 transactions" in out
    after = json.loads(_run(capsys, vault_dir, "import", "list", "--case", "1", "--json")[1])
    assert [i["id"] for i in after] == [second] and after[0]["rows"] == listed[1]["rows"]
    code, out, _err = _run(capsys, vault_dir, "audit", "--case", "1", "--json")
    assert any(e["object"] == f"import:{first}" and e["action"] == "delete" for e in json.loads(out))
    assert _audit_intact(capsys, vault_dir)
    assert _run(capsys, vault_dir, "import", "undo", str(first), "--yes")[0] == 2  # gone: no such import
    code, out, _err = _run(capsys, vault_dir, "import", "undo", str(second), "--yes", "--json")
    assert code == 0 and json.loads(out)["removed"] == listed[1]["rows"] and json.loads(out)["id"] == second
    # the plain import form still works and still needs --case
    assert _run(capsys, vault_dir, "import", str(samples_dir / ALIPAY))[0] == 2
    code, out, _err = _run(capsys, vault_dir, "import", str(samples_dir / ALIPAY), "--case", "1", "--json")
    assert code == 0 and json.loads(out)["added"] == 6


def test_case_delete(vault_dir: Path, samples_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, vault_dir, "import", str(samples_dir / ALIPAY), "--case", "1")[0] == 0
    code, _out, err = _run(capsys, vault_dir, "case", "delete", "1")
    assert code == 2 and "--yes" in err
    assert json.loads(_run(capsys, vault_dir, "case", "list", "--json")[1]) != []
    code, out, _err = _run(capsys, vault_dir, "case", "delete", "1", "--yes")
    assert code == 0 and "6 transactions" in out and "1 evidence item," in out, out  # one item, not "items"
    assert "1 evidence items" not in out and "0 contact notes" in out
    assert json.loads(_run(capsys, vault_dir, "case", "list", "--json")[1]) == []
    code, out, _err = _run(capsys, vault_dir, "audit", "--case", "1", "--json")
    assert json.loads(out)[-1]["object"] == "case:1"
    assert _audit_intact(capsys, vault_dir)
    assert _run(capsys, vault_dir, "case", "delete", "1", "--yes")[0] == 2


def _help(capsys: pytest.CaptureFixture[str], lang: str, *args: str) -> str:
    assert main(["--lang", lang, *args, "--help"]) == 0
    return capsys.readouterr().out


def test_import_help_names_its_arguments_in_the_interface_language(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, words in (("zh-CN", ("文件", "导入编号", "列名=field")), ("zh-TW", ("檔案", "匯入編號", "欄名=field"))):
        text = _help(capsys, lang, "import")
        listed = text.split("\n\n", 1)[1]  # below the usage line
        assert all(word in listed for word in words), text
        assert "FILE" not in listed and "IMPORT_ID" not in listed and "COLUMN=field" not in listed, text


def test_import_list_and_undo_have_their_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "en", "import", "list")
    assert text.startswith("usage: walletcare import list") and "--case N" in text
    assert "--map" not in text and "--skip-bad-rows" not in text and "--yes" not in text
    for args in (("import", "undo"), ("import", "undo", "7")):
        text = _help(capsys, "en", *args)
        assert text.startswith("usage: walletcare import undo") and "IMPORT_ID" in text and "--yes" in text
        assert "--map" not in text and "--case CASE" not in text
    text = _help(capsys, "en", "import")
    assert "--map" in text and "--skip-bad-rows" in text
    assert "撤销一次导入" in _help(capsys, "zh-CN", "import", "undo")


def test_commands_on_one_item_call_it_id_alike(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("case", "show"), ("case", "edit"), ("case", "delete"), ("tx", "delete"), ("evidence", "delete")):
        usage = _help(capsys, "en", *args).split("\n\n", 1)[0]
        assert " ID" in usage and " id" not in usage, (args, usage)
