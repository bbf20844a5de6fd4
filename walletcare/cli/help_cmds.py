"""``walletcare search`` and ``walletcare help ARTICLE_ID``: the offline FAQ from the terminal."""

from __future__ import annotations

import argparse
import sys

from walletcare.cli.common import Context, print_json
from walletcare.errors import UsageError
from walletcare.i18n import LANGUAGES, _, current_language


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds ``search`` and ``help``."""
    p = sub.add_parser("search", help=_("search the help articles"))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--lang", dest="content_lang", choices=LANGUAGES)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_search)
    p = sub.add_parser("help", help=_("show a help article in the terminal"))
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("--lang", dest="content_lang", choices=LANGUAGES)
    p.set_defaults(func=run_help)


def _width() -> int:
    import shutil

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


def run_search(args: argparse.Namespace, ctx: Context) -> int:
    """Prints the best articles for the query (numbered, with snippets) or their JSON list."""
    from walletcare.faq.search import SearchIndex
    from walletcare.faq.snippets import to_terminal

    if args.limit < 1:
        raise UsageError(_("--limit must be 1 or more."))
    query = " ".join(args.query).strip()
    lang = args.content_lang or current_language()
    results = SearchIndex.open().search(query, lang=lang, limit=args.limit)
    if args.json:
        print_json([hit.as_json() for hit in results])
        return 0
    out = sys.stdout
    if results.did_you_mean:
        out.write(_("Did you mean: {suggestion}?").format(suggestion=results.did_you_mean) + "\n\n")
    if not results:
        out.write(_("No help article matches “{query}”. Try fewer or different words.").format(query=query) + "\n")
        return 0
    color = out.isatty()
    for number, hit in enumerate(results, 1):
        out.write(f"{number}. {hit.title}  [{hit.id}]\n")
        out.write("   " + to_terminal(hit.snippet, hit.highlights, color=color) + "\n")
    out.write("\n" + _("Read one with: {command}").format(command=f"walletcare help {results[0].id}") + "\n")
    return 0


def run_help(args: argparse.Namespace, ctx: Context) -> int:
    """Prints one article laid out for the terminal, with its related articles."""
    from walletcare.faq.content import ContentError, articles_root, read_article_folder
    from walletcare.faq.validate import ID_PATTERN

    lang = args.content_lang or current_language()
    root = articles_root()
    articles = {}
    if ID_PATTERN.match(args.article_id):
        try:
            articles = read_article_folder(root / args.article_id)
        except ContentError:
            articles = {}
    article = next((articles[c] for c in (lang, "zh-CN", "en", "zh-TW") if c in articles), None)
    if article is None:
        raise UsageError(_("There is no help article “{id}”. Find one with: walletcare search WORDS").format(
            id=args.article_id))
    width = _width()
    sys.stdout.write(article.terminal_text(width))
    related = []
    for target in article.related:
        if target.startswith("wizard:"):
            related.append(f"  walletcare wizard run {target[7:]}")
            continue
        try:
            other = read_article_folder(root / target) if ID_PATTERN.match(target) else {}
        except ContentError:
            other = {}
        found = next((other[c] for c in (lang, "zh-CN", "en") if c in other), None)
        if found is not None:
            related.append(f"  walletcare help {target}   {found.title}")
    if related:
        sys.stdout.write("\n" + _("See also:") + "\n" + "\n".join(related) + "\n")
    return 0
