"""``walletcare scan-text``: scam red flags in a pasted chat or message.

The text is read from a file or standard input, checked in memory and forgotten: nothing is stored or
logged. Output is in the interface language: the risk, each red flag with its advice, then the scam
families, who the text pretends to be, the statistical second opinion and the real channels of any wallet or
payment app it names. ``--json`` gives ``{"risk", "flags": [{"rule", "severity", "match", "why", "advice",
"title"}], "families": [{"id", "name", "why", "advice"}], "impersonates": [...], "model": {"score",
"threshold", "resembles_scam", "family", "words"}, "directory": [{"provider", "name", "kind", "code", "match",
"official_domains", "hotlines", "support", "self_custody_rule", "as_of", "source"}]}``.
"""

from __future__ import annotations

import argparse
import sys

from walletcare.cli.common import Context, print_json
from walletcare.errors import InvalidInput, os_reason
from walletcare.i18n import N_, _, current_language

RISK_NAMES: dict[str, str] = {
    "none": N_("No red flags found"),
    "low": N_("Low risk"),
    "medium": N_("Medium risk"),
    "high": N_("High risk"),
}
SEVERITY_NAMES: dict[str, str] = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
MAX_BYTES = 1 << 20


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``scan-text``."""
    p = sub.add_parser("scan-text", help=_("check a message for scam red flags"))
    p.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_scan_text)


def _read(name: str) -> str:
    try:
        if name == "-":
            if sys.stdin.isatty():  # (someone typing or pasting, not a pipe: say how to finish)
                sys.stderr.write(_("Paste or type the message, then press Ctrl+D on a new line (Ctrl+Z, then Enter, "
                                   "on Windows).") + "\n")
                sys.stderr.flush()
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(name, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(_("Cannot read {file}: {error}").format(file=name, error=os_reason(exc))) from None
    if len(raw) > MAX_BYTES:
        raise InvalidInput(_("The text is longer than 1 MB; paste only the messages you want to check."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(_("The text is not UTF-8; save it as UTF-8 and try again.")) from None
    if not text.strip():  # (an empty paste is not "no red flags")
        raise InvalidInput(_("There is no text to check; paste or save the messages you want to check."))
    return text


def run_scan_text(args: argparse.Namespace, ctx: Context) -> int:
    """Scans the text and prints the risk and every red flag with its advice."""
    from walletcare.faq.scam import ScamChecker
    from walletcare.faq.scam_report import closing_line, explanation, quoted, rating_line

    text = _read(args.file)
    lang = current_language()
    result = ScamChecker.load().scan(text, lang)
    if args.json:
        print_json(result.as_json())
        return 0
    out = [_(RISK_NAMES[result.risk])]
    why_medium = rating_line(result, lang)  # (a lone high flag: say why the rating is lower than the flag)
    if why_medium:
        out.append(why_medium)
    colon = "：" if lang.startswith("zh") else ": "
    for flag in result.flags:  # (by severity and title; rule ids are in --json)
        out.append("")
        out.append(f"[{_(SEVERITY_NAMES[flag.severity])}] {flag.title}{colon}{quoted(flag.match, lang)}")
        out.append("  " + flag.why)
        out.append("  → " + flag.advice)
    extra = explanation(result, lang)
    if extra:
        out += ["", *extra]
    if result.flags or result.risk != "none":
        out.append("")  # (a blank line after the flags; a clean text's verdict and advice stand together)
    out.append(closing_line(result, lang))
    sys.stdout.write("\n".join(out) + "\n")
    return 0
