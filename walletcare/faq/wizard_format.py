"""The troubleshooting-wizard file format: one YAML decision tree per file in ``resources/wizards/``.

A wizard has an ``id`` (the file name), a ``title``, ``applies_to`` (payment | crypto | bank | all),
``related`` article ids, a ``start`` node and ``nodes``. Each node is one of:

* ``ask``: a question with ``options`` (``label``, ``next``, optionally ``set: {field: value}`` to record an
  answer such as the provider; the value may be a text in three languages);
* ``check``: a thing to try, with ``worked`` and ``failed`` next nodes;
* ``input``: a question whose answer fills a case field (``field``: provider, amount, date, account,
  order_no; ``optional: true`` lets the user skip), then ``next``;
* ``end``: an outcome — ``solved``, ``info``, ``contact-provider`` (with a ``checklist`` of things to have
  ready, turned into a call-preparation sheet), ``open-case`` (a case pre-filled from the answers) or
  ``scam-alert`` (routes to the safety check) — with an optional ``text``, ``warning`` and ``related``.

Texts are mappings ``{zh-CN: ..., en: ...}``; ``zh-TW`` is generated (see ``walletcare.faq.localized``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from walletcare import resources
from walletcare.faq.localized import localized, pick

log = logging.getLogger(__name__)

NODE_KINDS: tuple[str, ...] = ("ask", "check", "input", "end")
OUTCOMES: tuple[str, ...] = ("solved", "info", "contact-provider", "open-case", "scam-alert")
FIELDS: tuple[str, ...] = ("provider", "amount", "date", "account", "order_no")
CASE_KINDS: dict[str, str] = {"payment": "payment", "crypto": "crypto", "bank": "bank", "all": "payment"}


class WizardFormatError(ValueError):
    """A wizard file that cannot be read as a wizard."""


@dataclass(frozen=True)
class Option:
    """One answer of an ``ask`` node."""

    label: dict[str, str]
    next: str
    sets: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Node:
    """One step of a wizard (see the module docstring for the kinds)."""

    id: str
    kind: str
    text: dict[str, str] = dataclasses.field(default_factory=dict)
    options: tuple[Option, ...] = ()
    worked: str = ""
    failed: str = ""
    next: str = ""
    field: str = ""
    optional: bool = False
    outcome: str = ""
    checklist: tuple[str, ...] = ()
    warning: dict[str, str] = dataclasses.field(default_factory=dict)
    related: tuple[str, ...] = ()
    case_kind: str = ""

    def successors(self) -> list[str]:
        """Ids of the nodes this one can lead to."""
        if self.kind == "ask":
            return [o.next for o in self.options]
        if self.kind == "check":
            return [self.worked, self.failed]
        if self.kind == "input":
            return [self.next]
        return []


@dataclass(frozen=True)
class Wizard:
    """A parsed wizard."""

    id: str
    titles: dict[str, str]
    applies_to: str
    start: str
    nodes: dict[str, Node]
    related: tuple[str, ...] = ()
    source: Path | None = None

    def title(self, lang: str) -> str:
        """The title in ``lang`` (zh-CN, zh-TW or en)."""
        return pick(self.titles, lang)

    @property
    def case_kind(self) -> str:
        """The case kind an ``open-case`` outcome suggests (payment, crypto or bank)."""
        return CASE_KINDS.get(self.applies_to, "payment")


def _text(raw: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = raw.get(key)
    if value is None:
        return {}
    try:
        return localized(value)
    except TypeError as exc:
        raise WizardFormatError(f"{where}: '{key}' {exc}") from None


def _node(node_id: str, raw: Any, where: str) -> Node:
    if not isinstance(raw, Mapping):
        raise WizardFormatError(f"{where}: node '{node_id}' is not a mapping")
    kinds = [k for k in NODE_KINDS if k in raw]
    if len(kinds) != 1:
        raise WizardFormatError(f"{where}: node '{node_id}' needs exactly one of {', '.join(NODE_KINDS)}")
    kind = kinds[0]
    here = f"{where} node '{node_id}'"
    common: dict[str, Any] = {
        "warning": _text(raw, "warning", here),
        "related": tuple(str(r) for r in raw.get("related") or ()),
    }
    if kind == "end":
        return Node(
            node_id, kind, _text(raw, "text", here), outcome=str(raw["end"]),
            checklist=tuple(str(c) for c in raw.get("checklist") or ()),
            case_kind=str(raw.get("case_kind") or ""), **common,
        )
    text = _text(raw, kind, here)
    if kind == "check":
        return Node(node_id, kind, text, worked=str(raw.get("worked", "")), failed=str(raw.get("failed", "")), **common)
    if kind == "input":
        return Node(
            node_id, kind, text, next=str(raw.get("next", "")), field=str(raw.get("field", "")),
            optional=bool(raw.get("optional", False)), **common,
        )
    options = []
    for i, opt in enumerate(raw.get("options") or ()):
        if not isinstance(opt, Mapping):
            raise WizardFormatError(f"{here}: option {i + 1} is not a mapping")
        sets = opt.get("set") or {}
        sets_texts = {str(k): localized(v if isinstance(v, Mapping) else str(v)) for k, v in sets.items()}
        options.append(Option(_text(opt, "label", here), str(opt.get("next", "")), sets_texts))
    return Node(node_id, kind, text, options=tuple(options), **common)


def parse_wizard(data: Any, source: Path | None = None) -> Wizard:
    """Builds a :class:`Wizard` from the YAML data of one file.

    Args:
        data: the loaded YAML document.
        source: the file it came from (for messages).

    Returns:
        The wizard.

    Raises:
        WizardFormatError: the document is not a wizard.
    """
    where = source.name if source else "wizard"
    if not isinstance(data, Mapping) or "id" not in data or not isinstance(data.get("nodes"), Mapping):
        raise WizardFormatError(f"{where}: needs 'id' and 'nodes'")
    nodes = {str(k): _node(str(k), v, where) for k, v in data["nodes"].items()}
    return Wizard(
        id=str(data["id"]),
        titles=_text(data, "title", where),
        applies_to=str(data.get("applies_to", "all")),
        start=str(data.get("start", "")),
        nodes=nodes,
        related=tuple(str(r) for r in data.get("related") or ()),
        source=source,
    )


def read_wizard(path: Path) -> Wizard:
    """Reads and parses one wizard file.

    Args:
        path: a ``.yaml`` file.

    Returns:
        The wizard.

    Raises:
        WizardFormatError: unreadable YAML or not a wizard.
    """
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WizardFormatError(f"{path.name}: cannot be read ({type(exc).__name__})") from None
    return parse_wizard(data, path)


def wizard_files(folder: Path | None = None) -> list[Path]:
    """The wizard files, sorted by name.

    Args:
        folder: the wizards folder (default: the shipped ``resources/wizards``).

    Returns:
        Paths of every ``*.yaml`` file.
    """
    folder = folder or resources.path("wizards")
    return sorted(folder.glob("*.yaml"))


def load_wizards(folder: Path | None = None) -> dict[str, Wizard]:
    """Loads every wizard; a broken file is skipped (and logged) so the others stay usable.

    Args:
        folder: the wizards folder (default: the shipped ``resources/wizards``).

    Returns:
        Wizard id → wizard, in file-name order.
    """
    wizards: dict[str, Wizard] = {}
    for path in wizard_files(folder):
        try:
            wizard = read_wizard(path)
        except WizardFormatError as exc:
            log.warning("skipped wizard file: %s", exc)
            continue
        wizards[wizard.id] = wizard
    return wizards
