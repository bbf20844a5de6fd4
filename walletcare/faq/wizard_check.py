"""Validation of the shipped wizards, for the tests and ``walletcare content check``.

Checks every wizard file: it parses, its id matches the file name and is unique, every required wizard
exists, the start node exists, every node is reachable from the start and can reach an end (so there are no
dead ends and no cycle without an exit), every link points to an existing node, every text is present in
zh-CN, zh-TW and en, outcomes and case fields are known, contact-provider outcomes carry a checklist the
call-preparation sheet knows, ``related`` ids resolve to ``resources/articles/<id>/`` (when the articles
folder exists), and no text carries a URL, a phone number or anything shaped like a secret.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

from walletcare import resources
from walletcare.faq.callprep import CHECKLIST_ITEMS
from walletcare.faq.localized import missing_languages
from walletcare.faq.wizard_format import (
    FIELDS,
    OUTCOMES,
    Node,
    Wizard,
    WizardFormatError,
    read_wizard,
    wizard_files,
)
from walletcare.secrets import find_secrets

REQUIRED_IDS: tuple[str, ...] = (
    "payment-failed", "deducted-not-received", "transfer-not-arrived", "crypto-transfer-pending",
    "crypto-wrong-address", "refund-problem", "withdrawal-stuck", "account-frozen", "cannot-login",
    "suspected-compromise", "duplicate-charge", "missing-record", "app-crash-network", "support-contacted-me",
)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d -]{6,}\d)(?!\d)")


def _texts(node: Node) -> list[tuple[str, dict[str, str]]]:
    found: list[tuple[str, dict[str, str]]] = []
    if node.kind != "end" or node.outcome != "solved" or node.text:
        found.append(("text", node.text))
    found += [(f"option {i + 1}", o.label) for i, o in enumerate(node.options)]
    if node.warning:
        found.append(("warning", node.warning))
    return found


def _node_problems(wizard: Wizard, node: Node) -> list[str]:
    where = f"{wizard.id}: node '{node.id}'"
    problems = []
    for label, texts in _texts(node):
        missing = missing_languages(texts)
        if missing:
            problems.append(f"{where} {label} lacks {', '.join(missing)}")
        for lang, text in texts.items():
            if _URL.search(text) or _PHONE.search(text):
                problems.append(f"{where} {label} ({lang}) contains a URL or phone number")
            if find_secrets(text):
                problems.append(f"{where} {label} ({lang}) contains something shaped like a secret")
    for target in node.successors():
        if target not in wizard.nodes:
            problems.append(f"{where} leads to unknown node '{target}'")
    if node.kind == "ask":
        if len(node.options) < 2:
            problems.append(f"{where} asks with fewer than two options")
        for option in node.options:
            problems += [f"{where} sets unknown field '{k}'" for k in option.sets if k not in FIELDS]
    elif node.kind == "input" and node.field not in FIELDS:
        problems.append(f"{where} fills unknown field '{node.field}'")
    elif node.kind == "end":
        if node.outcome not in OUTCOMES:
            problems.append(f"{where} has unknown outcome '{node.outcome}'")
        if node.outcome == "contact-provider" and not node.checklist:
            problems.append(f"{where} contacts the provider without a checklist")
        problems += [f"{where} has unknown checklist item '{c}'" for c in node.checklist if c not in CHECKLIST_ITEMS]
    return problems


def _graph_problems(wizard: Wizard) -> list[str]:
    if wizard.start not in wizard.nodes:
        return [f"{wizard.id}: start node '{wizard.start}' does not exist"]
    seen = {wizard.start}
    queue = deque([wizard.start])
    while queue:
        for target in wizard.nodes[queue.popleft()].successors():
            if target in wizard.nodes and target not in seen:
                seen.add(target)
                queue.append(target)
    problems = [f"{wizard.id}: node '{n}' is unreachable" for n in wizard.nodes if n not in seen]
    parents: dict[str, set[str]] = {n: set() for n in wizard.nodes}
    for node in wizard.nodes.values():
        for target in node.successors():
            if target in parents:
                parents[target].add(node.id)
    exits = {n.id for n in wizard.nodes.values() if n.kind == "end"}
    queue = deque(exits)
    while queue:
        for parent in parents[queue.popleft()]:
            if parent not in exits:
                exits.add(parent)
                queue.append(parent)
    problems += [f"{wizard.id}: node '{n}' never reaches an end (dead end or cycle)" for n in wizard.nodes if n not in exits]
    return problems


def _related_problems(wizard: Wizard, articles: Path) -> list[str]:
    if not articles.is_dir():
        return []
    ids = set(wizard.related)
    for node in wizard.nodes.values():
        ids.update(node.related)
    return [f"{wizard.id}: related article '{a}' does not exist" for a in sorted(ids) if not (articles / a).is_dir()]


def check_wizard(wizard: Wizard, articles: Path | None = None) -> list[str]:
    """Problems of one parsed wizard.

    Args:
        wizard: the wizard.
        articles: the articles folder for ``related`` links (default: the shipped one).

    Returns:
        Human-readable problems (empty when the wizard is valid).
    """
    problems = []
    missing = missing_languages(wizard.titles)
    if missing:
        problems.append(f"{wizard.id}: title lacks {', '.join(missing)}")
    problems += _graph_problems(wizard)
    for node in wizard.nodes.values():
        problems += _node_problems(wizard, node)
    problems += _related_problems(wizard, articles or resources.path("articles"))
    return problems


def validate_wizards(folder: Path | None = None, articles: Path | None = None) -> list[str]:
    """Problems of every wizard file (see the module docstring for what is checked).

    Args:
        folder: the wizards folder (default: the shipped ``resources/wizards``).
        articles: the articles folder (default: the shipped ``resources/articles``).

    Returns:
        Human-readable problems; an empty list means every wizard is valid.
    """
    problems: list[str] = []
    ids: set[str] = set()
    for path in wizard_files(folder):
        try:
            wizard = read_wizard(path)
        except WizardFormatError as exc:
            problems.append(str(exc))
            continue
        if wizard.id != path.stem:
            problems.append(f"{path.name}: id '{wizard.id}' does not match the file name")
        if wizard.id in ids:
            problems.append(f"{path.name}: duplicate id '{wizard.id}'")
        ids.add(wizard.id)
        problems += check_wizard(wizard, articles)
    if folder is None:
        problems += [f"required wizard '{w}' is missing" for w in REQUIRED_IDS if w not in ids]
    return problems
