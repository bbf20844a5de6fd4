"""Compiles the ``.po`` catalogues into one ``walletcare.mo`` per language, and checks or fills them.

``python -m walletcare.i18n_build``            compile every language
``python -m walletcare.i18n_build --check``    list msgids used in the code but missing a translation
``python -m walletcare.i18n_build --fill-tw``  add zh-TW entries converted from zh-CN with OpenCC (s2twp)
                                            for msgids that have none yet (review them afterwards)

The reader handles the subset of the PO format we write: comments, ``msgid``/``msgstr`` with
continuation lines and the usual escapes, and plurals for our languages' single plural form
(``msgid_plural`` with ``msgstr[0]``, keyed ``singular\0plural`` as in a ``.mo``); no contexts.
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
LOCALE_DIR = PACKAGE_DIR / "locale"
TARGET_LANGS = ("zh_CN", "zh_TW")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"bad PO string: {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def read_po(path: Path) -> dict[str, str]:
    """Parses one ``.po`` file into ``{msgid: msgstr}`` (empty msgstr entries are left out)."""
    entries: dict[str, str] = {}
    msgid: str | None = None
    msgstr: str | None = None
    field = None

    def flush() -> None:
        if msgid is not None and msgstr:
            entries[msgid] = msgstr

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        try:
            if not line or line.startswith("#"):
                continue
            if line.startswith("msgid "):
                flush()
                msgid, msgstr, field = _unquote(line[6:]), None, "id"
            elif line.startswith("msgid_plural ") and msgid is not None:
                msgid, field = msgid + "\0" + _unquote(line[13:]), "id"
            elif line.startswith("msgstr[0] "):  # Chinese has one plural form: msgstr[0] is all of them
                msgstr, field = _unquote(line[10:]), "str"
            elif line.startswith("msgstr "):
                msgstr, field = _unquote(line[7:]), "str"
            elif line.startswith('"'):
                if field == "id" and msgid is not None:
                    msgid += _unquote(line)
                elif field == "str" and msgstr is not None:
                    msgstr += _unquote(line)
            else:
                raise ValueError(f"unexpected line: {line!r}")
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: {exc}") from None
    flush()
    entries.pop("", None)
    return entries


def read_po_files(paths: Iterable[Path]) -> dict[str, str]:
    """Merges several catalogues; a msgid defined twice with different texts is an error."""
    merged: dict[str, str] = {}
    for path in paths:
        for key, value in read_po(path).items():
            if key in merged and merged[key] != value:
                raise ValueError(f"{path}: {key!r} translated differently in another catalogue")
            merged[key] = value
    return merged


def compile_catalog(entries: dict[str, str]) -> bytes:
    """Builds GNU ``.mo`` bytes (header entry included) from ``{msgid: msgstr}``."""
    catalog = {"": "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=1; plural=0;\n", **entries}
    keys = sorted(catalog)
    ids = [k.encode("utf-8") for k in keys]
    strs = [catalog[k].encode("utf-8") for k in keys]
    n = len(keys)
    header = 7 * 4
    id_table = header
    str_table = id_table + n * 8
    data_start = str_table + n * 8
    offsets_ids, offsets_strs, blob = [], [], b""
    for b in ids:
        offsets_ids.append((len(b), data_start + len(blob)))
        blob += b + b"\0"
    for b in strs:
        offsets_strs.append((len(b), data_start + len(blob)))
        blob += b + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, n, id_table, str_table, 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_ids)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_strs)
    return out + blob


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Writes ``<lang>/LC_MESSAGES/walletcare.mo`` for every language folder; returns the files written."""
    written = []
    for folder in sorted(p for p in locale_dir.iterdir() if p.is_dir()):
        sources = sorted(folder.glob("*.po"))
        if not sources:
            continue
        target = folder / "LC_MESSAGES" / "walletcare.mo"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(compile_catalog(read_po_files(sources)))
        written.append(target)
    return written


def extract_msgids(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """Every literal passed to ``_()`` or ``N_()`` in the package: ``{msgid: "file:line"}`` (``ngettext``:
    ``singular\0plural``)."""
    found: dict[str, str] = {}
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ngettext"
                and len(node.args) >= 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])
            ):
                key = f"{node.args[0].value}\0{node.args[1].value}"  # type: ignore[attr-defined]
                found.setdefault(key, f"{path.relative_to(package_dir.parent)}:{node.lineno}")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "translate")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(package_dir.parent)}:{node.lineno}")
    return found


def missing_translations() -> dict[str, list[str]]:
    """``{lang: [where: msgid, ...]}`` for msgids with no translation in zh_CN or zh_TW."""
    used = extract_msgids()
    result: dict[str, list[str]] = {}
    for lang in TARGET_LANGS:
        have = read_po_files(sorted((LOCALE_DIR / lang).glob("*.po")))
        gaps = [f"{where}: {msgid!r}" for msgid, where in used.items() if msgid not in have]
        if gaps:
            result[lang] = gaps
    return result


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def fill_tw() -> int:
    """Appends zh_TW entries converted from zh_CN (OpenCC s2twp) to the matching zh_TW area file."""
    import opencc

    conv = opencc.OpenCC("s2twp")
    added = 0
    for cn_file in sorted((LOCALE_DIR / "zh_CN").glob("*.po")):
        tw_file = LOCALE_DIR / "zh_TW" / cn_file.name
        have = read_po(tw_file) if tw_file.exists() else {}
        new = {k: conv.convert(v) for k, v in read_po(cn_file).items() if k not in have}
        if not new:
            continue
        with open(tw_file, "a", encoding="utf-8") as fh:
            for k, v in new.items():
                singular, _sep, plural = k.partition("\0")
                if plural:
                    fh.write(f"\nmsgid {_po_quote(singular)}\nmsgid_plural {_po_quote(plural)}\n"
                             f"msgstr[0] {_po_quote(v)}\n")
                else:
                    fh.write(f"\nmsgid {_po_quote(k)}\nmsgstr {_po_quote(v)}\n")
        added += len(new)
    return added


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m walletcare.i18n_build")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--fill-tw", action="store_true")
    args = parser.parse_args(argv)
    if args.fill_tw:
        print(f"added {fill_tw()} zh_TW entries")
    if args.check:
        gaps = missing_translations()
        for lang, items in gaps.items():
            for item in items:
                print(f"{lang}: {item}")
        return 1 if gaps else 0
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
