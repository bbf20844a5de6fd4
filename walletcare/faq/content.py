"""Help articles as data: reading the ``resources/articles/<id>/<lang>.md`` files (YAML front matter plus a
Markdown body) into frozen :class:`Article` values, and the :class:`Library` that holds them by id and
language. The English file may leave out the shared metadata (category, applies_to, wallets, related,
sources, updated); it is taken from the Simplified Chinese file. Parsing is lenient here: the validator
(:mod:`walletcare.faq.validate`) is where problems are reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from walletcare.i18n import LANGUAGES

LANGS = LANGUAGES
CATEGORIES: tuple[str, ...] = (
    "payment", "transfer", "refund", "withdrawal", "account", "security", "crypto", "scam", "support",
    "evidence", "escalation", "privacy",
)
APPLIES_TO: tuple[str, ...] = ("payment", "crypto", "bank", "all")
WALLETS: tuple[str, ...] = (
    "alipay", "wechat", "paypal", "unionpay", "bank", "card", "tokenpocket", "imtoken", "bitpie", "metamask",
    "exchange",
)
SHARED_KEYS: tuple[str, ...] = ("category", "applies_to", "wallets", "related", "sources", "updated")


class ContentError(ValueError):
    """A content file that cannot be read at all (no front matter, broken YAML)."""


@dataclass(frozen=True)
class Article:
    """One article in one language.

    ``meta`` keeps the raw front matter (after inheriting the shared keys from zh-CN) for the validator.
    """

    id: str
    lang: str
    title: str
    summary: str
    body: str
    category: str = ""
    applies_to: tuple[str, ...] = ()
    wallets: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    updated: str = ""
    path: Path | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def html(self) -> str:
        """The body as the HTML subset QTextBrowser and the dossier render (title not included)."""
        from walletcare.faq.markdown import to_html

        return to_html(self.body)

    def terminal_text(self, width: int = 80) -> str:
        """Title, summary and body laid out for a terminal of ``width`` columns."""
        from walletcare.faq.markdown import to_terminal

        return to_terminal(self.body, title=self.title, summary=self.summary, width=width)

    def plain_text(self) -> str:
        """The body without Markdown markup (for search snippets)."""
        from walletcare.faq.markdown import to_plain

        return to_plain(self.body)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Splits ``---`` YAML front matter from the Markdown body.

    Args:
        text: the whole file.

    Returns:
        The parsed front matter (a dict) and the body.

    Raises:
        ContentError: when there is no front matter or it is not a YAML mapping.
    """
    import yaml

    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise ContentError("the file does not start with '---' front matter")
    lines = text.splitlines(keepends=True)
    for end in range(1, len(lines)):
        if lines[end].rstrip() == "---":
            break
    else:
        raise ContentError("the front matter has no closing '---' line")
    try:
        meta = yaml.load("".join(lines[1:end]), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ContentError(f"the front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise ContentError("the front matter is not a mapping of keys")
    return meta, "".join(lines[end + 1 :]).strip("\n") + "\n"


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)


def article_from_meta(meta: dict[str, Any], body: str, lang: str, path: Path | None = None) -> Article:
    """Builds an :class:`Article` from front matter (already merged with the zh-CN shared keys)."""
    return Article(
        id=str(meta.get("id") or ""),
        lang=lang,
        title=str(meta.get("title") or ""),
        summary=str(meta.get("summary") or ""),
        body=body,
        category=str(meta.get("category") or ""),
        applies_to=_strings(meta.get("applies_to")),
        wallets=_strings(meta.get("wallets")),
        tags=_strings(meta.get("tags")),
        synonyms=_strings(meta.get("synonyms")),
        related=_strings(meta.get("related")),
        sources=_strings(meta.get("sources")),
        updated=str(meta.get("updated") or ""),
        path=path,
        meta=meta,
    )


def read_article_folder(folder: Path) -> dict[str, Article]:
    """Reads the language files of one article folder (missing ones are simply absent).

    Raises:
        ContentError: when a file is present but cannot be parsed (the message names the file).
    """
    raw: dict[str, tuple[dict[str, Any], str, Path]] = {}
    for lang in LANGS:
        path = folder / f"{lang}.md"
        if not path.is_file():
            continue
        try:
            meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (ContentError, UnicodeDecodeError) as exc:
            raise ContentError(f"{path}: {exc}") from None
        raw[lang] = (meta, body, path)
    base = raw.get("zh-CN", ({}, "", None))[0]
    articles: dict[str, Article] = {}
    for lang, (meta, body, path) in raw.items():
        merged = dict(meta)
        for key in SHARED_KEYS:
            if key not in merged and key in base:
                merged[key] = base[key]
        articles[lang] = article_from_meta(merged, body, lang, path)
    return articles


def articles_root() -> Path:
    """The shipped articles folder (``resources/articles``)."""
    from walletcare import resources

    return resources.path("articles")


def content_hash(root: Path, extra: Iterable[bytes] = ()) -> str:
    """SHA-256 over every article file's relative name and bytes (plus ``extra``), in a stable order.

    Used to decide whether the search index must be rebuilt; reads files but parses nothing.
    """
    digest = hashlib.sha256()
    for path in sorted(root.glob("*/*.md")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for chunk in extra:
        digest.update(chunk)
    return digest.hexdigest()


class Library:
    """All articles, by id and language. Build it with :meth:`load`; it never changes afterwards."""

    def __init__(self, articles: dict[str, dict[str, Article]], root: Path | None = None) -> None:
        self._articles = articles
        self.root = root

    @classmethod
    def load(cls, root: Path | None = None) -> Library:
        """Reads every ``<root>/<id>/<lang>.md`` (default root: the shipped articles).

        A folder whose files cannot be parsed is skipped here; ``walletcare content check`` reports it.
        """
        root = root or articles_root()
        found: dict[str, dict[str, Article]] = {}
        if root.is_dir():
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                try:
                    by_lang = read_article_folder(folder)
                except ContentError:
                    continue
                if by_lang:
                    found[folder.name] = by_lang
        return cls(found, root)

    def ids(self) -> list[str]:
        """Article ids (folder names), sorted."""
        return sorted(self._articles)

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def __iter__(self) -> Iterator[Article]:
        for article_id in self.ids():
            yield from self._articles[article_id].values()

    def languages(self, article_id: str) -> list[str]:
        """The languages present for ``article_id``."""
        return [lang for lang in LANGS if lang in self._articles.get(article_id, {})]

    def get(self, article_id: str, lang: str = "zh-CN") -> Article | None:
        """The article in ``lang``, falling back to zh-CN, then en, then any language; None if unknown."""
        by_lang = self._articles.get(article_id)
        if not by_lang:
            return None
        for candidate in (lang, "zh-CN", "en", *LANGS):
            if candidate in by_lang:
                return by_lang[candidate]
        return None

    def in_language(self, lang: str) -> list[Article]:
        """One article per id in ``lang`` (with the fallback of :meth:`get`)."""
        return [a for a in (self.get(i, lang) for i in self.ids()) if a is not None]
