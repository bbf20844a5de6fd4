"""First-hour playbooks: timed checklists for urgent incidents, from ``resources/plan/playbooks.yaml``.

A playbook fits a case by its ``when`` conditions (kinds, families, issues, card) or by words in the case's
title, problem and description (``words``), and only when its ``only`` conditions hold. Item ids are ``<playbook>.<item>``; ticks are stored as plan
marks and stamped into the audit trail (``tick`` in ``__init__.py``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from walletcare.evidence.models import Case
from walletcare.evidence.plan.model import Playbook, PlaybookItem
from walletcare.evidence.plan.rules import (
    LANGS,
    RuleError,
    _as_date,
    _text,
    _when,
    public_source,
    source_title,
)
from walletcare.i18n import current_language, normalize


def parse_playbooks(data: Any) -> tuple[dict[str, Any], ...]:
    """The playbooks of a loaded file, checked (RuleError on the first problem)."""
    if not isinstance(data, dict) or not isinstance(data.get("playbooks"), list):
        raise RuleError("playbooks.yaml: needs a 'playbooks' list")
    out, seen = [], set()
    for i, raw in enumerate(data["playbooks"]):
        pid = str(raw.get("id", ""))
        where = f"playbooks[{i}] {pid}"
        if not pid or pid in seen or "." in pid:
            raise RuleError(f"{where}: needs a unique id without dots")
        seen.add(pid)
        items, item_ids = [], set()
        for j, item in enumerate(raw.get("items") or []):
            iid = str(item.get("id", ""))
            if not iid or iid in item_ids:
                raise RuleError(f"{where}.items[{j}]: needs an id, unique in its playbook")
            item_ids.add(iid)
            minutes = item.get("within_minutes")
            if not isinstance(minutes, int) or minutes <= 0:
                raise RuleError(f"{where}.{iid}: within_minutes must be a whole number above 0")
            items.append({"id": f"{pid}.{iid}", "text": _text(item.get("text"), f"{where}.{iid}"),
                          "within_minutes": minutes})
        if not items:
            raise RuleError(f"{where}: has no items")
        source = raw.get("source") or {}
        titles = source_title(source.get("title"), f"{where}.source")
        words = raw.get("words") or []
        if not isinstance(words, list):
            raise RuleError(f"{where}: words is a list")
        out.append({"id": pid, "title": _text(raw.get("title"), f"{where}.title"),
                    "summary": _text(raw.get("summary"), f"{where}.summary"), "when": _when(raw.get("when"), where),
                    "only": _when(raw.get("only"), f"{where}.only"),
                    "words": tuple(str(w).lower() for w in words), "items": tuple(items),
                    "source": titles, "as_of": _as_date(source.get("as_of"), where)})
    return tuple(out)


@cache
def shipped() -> tuple[dict[str, Any], ...]:
    """The shipped playbooks."""
    import yaml

    from walletcare import resources

    return parse_playbooks(yaml.safe_load(resources.read_text("plan/playbooks.yaml")))


def _fits(book: dict[str, Any], case: Case) -> bool:
    from walletcare.evidence.plan.engine import facts_of, matches

    facts = facts_of(case, ())
    if book["only"] and not matches(book["only"], facts):
        return False
    if book["when"] and matches(book["when"], facts):
        return True
    text = " ".join((case.title, case.classification, case.description)).lower()
    return any(word in text for word in book["words"])


def playbooks_for(case: Case, lang: str | None = None, ticked: dict[str, datetime] | None = None) -> list[Playbook]:
    """The playbooks that fit the case's problem, texts in ``lang`` (default: the interface language), with
    the tick times from ``ticked`` (``{item id: time}``)."""
    lang = normalize(lang) or current_language()
    if lang not in LANGS:
        lang = "en"
    ticked = ticked or {}
    out = []
    for book in shipped():
        if not _fits(book, case):
            continue
        items = tuple(PlaybookItem(i["id"], i["text"][lang], i["within_minutes"], ticked.get(i["id"]))
                      for i in book["items"])
        out.append(Playbook(book["id"], book["title"][lang], book["summary"][lang], items, book["source"][lang],
                            book["as_of"]))
    return out


def check_playbooks() -> list[tuple[str, str]]:
    """``(where, problem)`` for the shipped playbooks file (``walletcare content check``)."""
    import yaml

    from walletcare import resources
    from walletcare.faq.safety_text import banned_advice

    try:
        books = parse_playbooks(yaml.safe_load(resources.read_text("plan/playbooks.yaml")))
    except (RuleError, OSError, ValueError, AttributeError, TypeError) as exc:
        return [("resources/plan/playbooks.yaml", str(exc))]
    problems = []
    for book in books:
        for title in set(book["source"].values()):
            if not public_source(title):
                problems.append((f"resources/plan/playbooks.yaml {book['id']}",
                                 f"the source names a file of the project, not a public source: {title}"))
        for item in book["items"]:
            for lang in LANGS:
                for found in banned_advice(item["text"][lang]):
                    problems.append((f"resources/plan/playbooks.yaml {item['id']} ({lang})", str(found)))
    return problems



