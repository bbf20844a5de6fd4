"""``walletcare content check`` validates the shipped help articles and wizards; ``walletcare content
build-tw`` (re)generates the Traditional Chinese articles from the Simplified ones."""

from __future__ import annotations

import argparse
import sys

from walletcare.cli.common import Context, ExitCode, print_json
from walletcare.i18n import _


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``content check`` and ``content build-tw``."""
    content = sub.add_parser("content", help=_("tools for the help content"))
    content_sub = content.add_subparsers(dest="content_command", required=True)
    p = content_sub.add_parser("check", help=_("validate articles and wizards (ids, links, languages, safety)"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_check)
    p = content_sub.add_parser("build-tw", help=_("generate zh-TW articles from zh-CN (OpenCC s2twp)"))
    p.set_defaults(func=run_build_tw)


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    """Lists every content problem; exit 1 when there is any."""
    from walletcare.faq.content import articles_root
    from walletcare.faq.validate import check_all

    problems = check_all()
    count = sum(1 for p in articles_root().iterdir() if p.is_dir()) if articles_root().is_dir() else 0
    if args.json:
        print_json({"ok": not problems, "articles": count, "problems": [p.as_json() for p in problems]})
    else:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        if problems:
            sys.stdout.write(_("{count} problems found in the help content.").format(count=len(problems)) + "\n")
        else:
            sys.stdout.write(_("The help content is fine ({count} articles).").format(count=count) + "\n")
    return ExitCode.CHECK_FAILED if problems else ExitCode.OK


def run_build_tw(args: argparse.Namespace, ctx: Context) -> int:
    """Writes every missing or stale generated zh-TW.md; hand-written overrides are left alone."""
    from walletcare.faq.content import articles_root
    from walletcare.faq.traditional import build_all

    report = build_all(articles_root())
    for article_id in report.written:
        sys.stdout.write(f"  {article_id}/zh-TW.md\n")
    sys.stdout.write(_("{written} written, {unchanged} up to date, {overrides} hand-written kept.").format(
        written=len(report.written), unchanged=len(report.unchanged), overrides=len(report.overrides)) + "\n")
    return ExitCode.OK
