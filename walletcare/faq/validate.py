"""The content validator behind ``walletcare content check`` and the tests over the shipped content:
front matter schema, ids (pattern, unique, equal to the folder), all three languages present, generated
zh-TW files not stale, every link (``related`` and body links to articles and ``wizard:`` ids) resolving,
bodies not too short, time limits backed by ``sources``, no external URLs, no phone numbers outside the
allow-list, no advice to share a secret, and a directory of support channels whose every entry has a
source, an "as of" date and only allow-listed hotlines; the plan's ladders and playbooks (``check_plan``). When the wizard engine exposes ``validate_wizards()`` its
findings are added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from walletcare.faq.content import (
    APPLIES_TO,
    CATEGORIES,
    LANGS,
    WALLETS,
    Article,
    ContentError,
    read_article_folder,
)
from walletcare.faq.markdown import to_plain
from walletcare.faq.safety_text import (
    AllowedNumber,
    banned_advice,
    external_urls,
    file_names,
    load_allowed_numbers,
    phone_numbers,
)
from walletcare.faq.traditional import generated_from, source_hash

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_BODY_CHARS = 120
REQUIRED = {
    "zh-CN": ("id", "title", "summary", "category", "applies_to", "tags", "synonyms", "related", "sources",
              "updated"),
    "en": ("id", "title", "summary", "tags", "synonyms"),
    "zh-TW": ("id", "title", "summary"),
}
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_TIME_FACT = re.compile(r"\d+\s*(?:-|–|~|至|到)?\s*\d*\s*(?:个工作日|工作日|小时|天|分钟|business days?|days?|hours?)",
                        re.I)


@dataclass(frozen=True)
class Problem:
    """One finding: a stable ``code``, where it is (``<id>/<lang>.md`` or a path) and what is wrong."""

    code: str
    where: str
    message: str

    def as_json(self) -> dict[str, str]:
        """``{"code", "where", "message"}``."""
        return {"code": self.code, "where": self.where, "message": self.message}

    def __str__(self) -> str:
        return f"{self.where}: [{self.code}] {self.message}"


def wizard_ids(folder: Path) -> set[str]:
    """The ``id:`` of every ``*.yaml`` wizard in ``folder`` (unreadable files are skipped here)."""
    import yaml

    found = set()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("id"):
            found.add(str(data["id"]))
    return found


def _text_fields(article: Article) -> Iterable[tuple[str, str]]:
    yield "title", article.title
    yield "summary", article.summary
    yield "tags", ", ".join(article.tags)
    yield "synonyms", ", ".join(article.synonyms)
    yield "body", article.body


def _check_meta(article: Article, where: str, folder_id: str) -> list[Problem]:
    problems = []
    for key in REQUIRED[article.lang]:
        value = article.meta.get(key)
        if value is None or value == "" or (key in ("title", "summary", "id") and not str(value).strip()):
            problems.append(Problem("missing-field", where, f"front matter lacks '{key}'"))
    if article.id and article.id != folder_id:
        problems.append(Problem("id-mismatch", where, f"id '{article.id}' differs from the folder '{folder_id}'"))
    if article.lang == "zh-CN":
        if article.category and article.category not in CATEGORIES:
            problems.append(Problem("bad-value", where, f"unknown category '{article.category}'"))
        for key, allowed in (("applies_to", APPLIES_TO), ("wallets", WALLETS)):
            for value in getattr(article, key):
                if value not in allowed:
                    problems.append(Problem("bad-value", where, f"unknown {key} value '{value}'"))
        updated = article.meta.get("updated")
        if updated is not None and not isinstance(updated, date):
            try:
                date.fromisoformat(str(updated))
            except ValueError:
                problems.append(Problem("bad-value", where, f"'updated' is not a YYYY-MM-DD date: {updated}"))
        if _TIME_FACT.search(article.body) and not article.sources:
            problems.append(Problem("missing-sources", where, "the body states a time limit but 'sources' is empty"))
    return problems


def _check_links(article: Article, where: str, articles: set[str], wizards: set[str]) -> list[Problem]:
    problems = []
    targets = [("related", t) for t in article.related] if article.lang == "zh-CN" else []
    targets += [("body link", m.group(2)) for m in _LINK.finditer(article.body)]
    for kind, target in targets:
        if target.startswith("wizard:"):
            if target[7:] not in wizards:
                problems.append(Problem("broken-link", where, f"{kind} to unknown wizard '{target[7:]}'"))
        elif kind == "related" or target.startswith("article:"):
            name = target.removeprefix("article:")
            if name not in articles:
                problems.append(Problem("broken-link", where, f"{kind} to unknown article '{name}'"))
        else:
            problems.append(Problem("external-link", where, f"body link to '{target}' (only article: and wizard:)"))
    return problems


def _check_text(article: Article, where: str, allowed: set[str]) -> list[Problem]:
    problems = []
    for field_name, text in _text_fields(article):
        for sentence in banned_advice(text) if field_name not in ("tags", "synonyms") else ():
            problems.append(Problem("banned-advice", where, f"{field_name} tells the reader to share a secret: {sentence}"))
        for url in external_urls(text):
            problems.append(Problem("external-url", where, f"{field_name} contains a web address: {url}"))
        for name in file_names(text) if field_name not in ("tags", "synonyms") else ():
            problems.append(Problem("file-name", where, f"{field_name} shows the file name {name}; name a human "
                                                        f"source (the organisation or page) instead"))
        for number in phone_numbers(text):
            if number.lstrip("+") not in allowed:
                problems.append(Problem("phone-number", where,
                                        f"{field_name} shows the number {number}, which is not in the allow-list"))
    for line_no, line in enumerate(article.body.splitlines(), 1):
        if "`" in line or line.lstrip().startswith("~~~"):
            problems.append(Problem("markup", where, f"body line {line_no} has a code fence or inline code, outside "
                                                     f"the Markdown subset (readers would see it as text)"))
    body_chars = len(re.sub(r"\s+", "", to_plain(article.body)))
    if body_chars < MIN_BODY_CHARS:
        problems.append(Problem("short-body", where, f"body has {body_chars} characters (minimum {MIN_BODY_CHARS})"))
    return problems


def check_articles(root: Path, wizards: set[str], allowed_numbers: Iterable[AllowedNumber] = ()) -> list[Problem]:
    """Every problem of the articles under ``root``.

    Args:
        root: the articles folder (``<root>/<id>/<lang>.md``).
        wizards: the wizard ids links may point to.
        allowed_numbers: phone numbers content may show.
    """
    problems: list[Problem] = []
    allowed = {n.number.lstrip("+") for n in allowed_numbers}
    folders = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    names = {p.name for p in folders}
    loaded: dict[str, dict[str, Article]] = {}
    for folder in folders:
        if not ID_PATTERN.match(folder.name):
            problems.append(Problem("bad-id", folder.name, "folder name must be lower-case letters, digits and '-'"))
        try:
            loaded[folder.name] = read_article_folder(folder)
        except ContentError as exc:
            problems.append(Problem("unreadable", folder.name, str(exc)))
            continue
        for lang in LANGS:
            if lang not in loaded[folder.name]:
                problems.append(Problem("missing-language", f"{folder.name}/{lang}.md", "file is missing"))
    seen_ids: dict[str, str] = {}
    for folder_id, by_lang in loaded.items():
        for lang, article in by_lang.items():
            where = f"{folder_id}/{lang}.md"
            if lang == "zh-CN" and article.id:
                if article.id in seen_ids:
                    problems.append(Problem("duplicate-id", where, f"id '{article.id}' also used by {seen_ids[article.id]}"))
                seen_ids.setdefault(article.id, where)
            problems += _check_meta(article, where, folder_id)
            problems += _check_links(article, where, names, wizards)
            problems += _check_text(article, where, allowed)
        problems += _check_stale(root / folder_id)
    return problems


def _check_stale(folder: Path) -> list[Problem]:
    zh_tw, zh_cn = folder / "zh-TW.md", folder / "zh-CN.md"
    if not (zh_tw.is_file() and zh_cn.is_file()):
        return []
    stamp = generated_from(zh_tw.read_text(encoding="utf-8"))
    if stamp is not None and stamp != source_hash(zh_cn):
        return [Problem("stale-translation", f"{folder.name}/zh-TW.md",
                        "generated from an older zh-CN.md; run 'walletcare content build-tw'")]
    return []


def check_allow_list(numbers: Iterable[AllowedNumber]) -> list[Problem]:
    """Every allow-listed number needs digits, a name and a source."""
    return [Problem("allow-list", f"allowed number {n.number or '?'}", "needs digits, a name and a source")
            for n in numbers if not (n.number.lstrip("+").isdigit() and n.name.strip() and n.source.strip())]


def check_directory_file(path: Path, numbers: Iterable[AllowedNumber]) -> list[Problem]:
    """The directory of real support channels: every entry sourced and dated, hotlines allow-listed."""
    import yaml

    from walletcare.faq.directory import check_directory

    where = "resources/safety/directory.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        return [Problem("directory", where, f"cannot read the directory: {exc}")]
    return [Problem("directory", f"{where} {place}", message)
            for place, message in check_directory(data, [n.number for n in numbers])]


def _wizard_problems() -> list[Problem]:
    """Findings of the wizard engine's own ``validate_wizards()``."""
    from walletcare.faq.wizards import validate_wizards

    try:
        found: Any = validate_wizards()
    except Exception as exc:
        return [Problem("wizard", "resources/wizards", f"wizard validation failed: {exc}")]
    problems = []
    for item in found or []:
        if isinstance(item, Problem):
            problems.append(item)
        else:
            where = str(getattr(item, "where", getattr(item, "wizard", "resources/wizards")))
            message = str(getattr(item, "message", item))
            problems.append(Problem(str(getattr(item, "code", "wizard")), where, message))
    return problems


def check_letters(letters_root: Path) -> list[Problem]:
    """Every channel has a letter template in each language, with its header, only known placeholders and the
    ones every letter needs (date, addressee, disputed items, attempts, ask)."""
    from walletcare.evidence.channels import CHANNEL_IDS
    from walletcare.evidence.letters import FIELDS, LANGS, REQUIRED, parse, placeholders

    problems: list[Problem] = []
    for channel in CHANNEL_IDS:
        for lang in LANGS:
            where = f"letters/{channel}/{lang}.txt"
            path = letters_root / channel / f"{lang}.txt"
            if not path.is_file():
                problems.append(Problem("letter-missing", where, "the letter template is missing"))
                continue
            try:
                chosen = parse(channel, lang, path.read_text(encoding="utf-8"))
                used = placeholders(chosen.body) | placeholders(chosen.addressee)
            except ValueError as exc:
                problems.append(Problem("letter-format", where, str(exc)))
                continue
            if used - set(FIELDS):
                problems.append(Problem("letter-field", where, f"unknown fields: {sorted(used - set(FIELDS))}"))
            if set(REQUIRED) - used:
                problems.append(Problem("letter-field", where, f"missing fields: {sorted(set(REQUIRED) - used)}"))
    return problems


def check_all(articles_root: Path | None = None, wizards_root: Path | None = None,
              include_wizard_engine: bool = True) -> list[Problem]:
    """Everything ``walletcare content check`` reports for the shipped (or given) content."""
    from walletcare import resources

    articles_root = articles_root or resources.path("articles")
    wizards_root = wizards_root or resources.path("wizards")
    numbers = load_allowed_numbers()
    problems = check_allow_list(numbers)
    problems += check_articles(articles_root, wizard_ids(wizards_root), numbers)
    problems += check_directory_file(resources.path("safety/directory.yaml"), numbers)
    if include_wizard_engine:
        problems += _wizard_problems()
    problems += check_letters(resources.path("letters"))
    problems += check_plan()
    return problems


def check_plan() -> list[Problem]:
    """The escalation ladders, channel packs and first-hour playbooks of ``resources/plan`` (format, a source
    and an "as of" date on every rule, texts in three languages, only allow-listed phone numbers, no advice to
    share a secret)."""
    from walletcare.evidence.plan.playbooks import check_playbooks
    from walletcare.evidence.plan.rules import check_rules

    return [Problem("plan-rule", where, message) for where, message in check_rules() + check_playbooks()]
