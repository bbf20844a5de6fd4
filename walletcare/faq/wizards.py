"""The troubleshooting-wizard engine: a pure state machine walking one wizard's decision tree.

``WizardRun(wizard, lang)`` shows the current step as a :class:`NodeView` and moves on with ``choose()``
(ask nodes), ``worked()``/``failed()`` (check nodes) or ``answer()``/``skip()`` (input nodes); ``back()``
and ``restart()`` undo. At an end node ``outcome`` holds the result: solved, info, contact the provider
(with a checklist for the call-preparation sheet), open a case pre-filled from the answers, or a scam
alert. The transcript keeps node ids and answer keys, so it can be rendered in any language later
(``transcript_text(lang)``, for a case note or the dossier). Answers typed into input nodes are checked
with ``walletcare.secrets``: a recovery phrase, private key, card number or code is refused, never kept.
No Qt here; the window and the CLI drive the same object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from walletcare.errors import InvalidInput, Refused, UsageError
from walletcare.faq.localized import pick
from walletcare.faq.wizard_check import validate_wizards
from walletcare.faq.wizard_format import FIELDS, Node, Wizard, load_wizards
from walletcare.i18n import N_, _, translate
from walletcare.secrets import ALL_KINDS, find_secrets

__all__ = ["CasePrefill", "NodeView", "Outcome", "Step", "Wizard", "WizardRun", "load_wizards", "validate_wizards"]

WORKED = N_("It worked")
FAILED = N_("It didn't work")
SKIPPED = N_("(skipped)")


@dataclass(frozen=True)
class NodeView:
    """What the interface shows for the current step.

    Attributes:
        id: node id.
        kind: ``ask``, ``check``, ``input`` or ``end``.
        text: the question, the thing to try, or the outcome text, in the run's language.
        options: option labels (ask nodes), in order; ``choose(index)`` takes the index.
        progress: an estimate between 0 and 1 of how far along the run is.
        field: the case field an input node fills.
        optional: an input node that may be skipped.
        warning: a safety warning to show with the step ("" when none).
    """

    id: str
    kind: str
    text: str
    options: tuple[str, ...] = ()
    progress: float = 0.0
    field: str = ""
    optional: bool = False
    warning: str = ""


@dataclass(frozen=True)
class CasePrefill:
    """A case as the wizard would open it; the vault creates it only when the user confirms."""

    title: str
    kind: str
    provider: str = ""
    amount: Decimal | None = None
    currency: str = ""
    date: date | None = None
    account: str = ""
    order_no: str = ""
    description: str = ""


@dataclass(frozen=True)
class Outcome:
    """The result of a finished run.

    Attributes:
        kind: ``solved``, ``info``, ``contact-provider``, ``open-case`` or ``scam-alert``.
        text: the outcome text in the run's language.
        warning: a safety warning ("" when none).
        checklist: keys for the call-preparation sheet (``walletcare.faq.callprep``).
        related: article ids to offer next.
        case: the pre-filled case (for ``open-case`` and ``contact-provider``), else None.
    """

    kind: str
    text: str
    warning: str = ""
    checklist: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    case: CasePrefill | None = None


@dataclass(frozen=True)
class Step:
    """One answered step: the node and the answer key (option index, ``worked``/``failed``, or typed text)."""

    node_id: str
    answer: str


@dataclass
class WizardRun:
    """One walk through a wizard in one language."""

    wizard: Wizard
    lang: str = "zh-CN"
    _path: list[str] = field(default_factory=list, init=False)
    _steps: list[Step] = field(default_factory=list, init=False)
    _remaining: dict[str, int] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._path = [self.wizard.start]

    # --- state -------------------------------------------------------------------------------------------
    @property
    def current(self) -> Node:
        """The current node (format object)."""
        return self.wizard.nodes[self._path[-1]]

    @property
    def node(self) -> NodeView:
        """The current step, in the run's language."""
        node = self.current
        return NodeView(
            id=node.id,
            kind=node.kind,
            text=pick(node.text, self.lang),
            options=tuple(pick(o.label, self.lang) for o in node.options),
            progress=self.progress(),
            field=node.field,
            optional=node.optional,
            warning=pick(node.warning, self.lang) if node.warning else "",
        )

    @property
    def finished(self) -> bool:
        """True at an end node."""
        return self.current.kind == "end"

    @property
    def fields(self) -> dict[str, str]:
        """The case fields collected so far (from input nodes and options with ``set``)."""
        values: dict[str, str] = {}
        for step in self._steps:
            node = self.wizard.nodes[step.node_id]
            if node.kind == "input" and step.answer:
                values[node.field] = step.answer
            elif node.kind == "ask":
                values.update({k: pick(v, self.lang) for k, v in node.options[int(step.answer)].sets.items()})
        return values

    def progress(self) -> float:
        """How far along the run is: steps taken / (steps taken + the longest way still to go)."""
        if self.finished:
            return 1.0
        done = len(self._steps)
        return done / (done + self._longest(self.current.id, frozenset()))

    def _longest(self, node_id: str, seen: frozenset[str]) -> int:
        if node_id in self._remaining:
            return self._remaining[node_id]
        node = self.wizard.nodes[node_id]
        nexts = [n for n in node.successors() if n in self.wizard.nodes and n not in seen]
        value = 0 if node.kind == "end" else 1 + max((self._longest(n, seen | {node_id}) for n in nexts), default=0)
        if not seen:
            self._remaining[node_id] = value
        return value

    # --- moves -------------------------------------------------------------------------------------------
    def _advance(self, answer: str, target: str) -> NodeView:
        self._steps.append(Step(self.current.id, answer))
        self._path.append(target)
        return self.node

    def _expect(self, kind: str) -> Node:
        node = self.current
        if node.kind != kind:
            raise UsageError(_("This step does not take that kind of answer."))
        return node

    def choose(self, index: int) -> NodeView:
        """Answers an ask node with option ``index`` (0-based).

        Raises:
            UsageError: not an ask node, or no such option.
        """
        node = self._expect("ask")
        if not 0 <= index < len(node.options):
            raise UsageError(_("There is no such option."))
        return self._advance(str(index), node.options[index].next)

    def worked(self) -> NodeView:
        """Reports that the thing to try in a check node worked."""
        return self._advance("worked", self._expect("check").worked)

    def failed(self) -> NodeView:
        """Reports that the thing to try in a check node did not work."""
        return self._advance("failed", self._expect("check").failed)

    def answer(self, value: str) -> NodeView:
        """Answers an input node. Amounts and dates are checked; secrets are refused and not kept.

        Raises:
            UsageError: not an input node, or an empty answer to a required one.
            InvalidInput: an amount or date that cannot be read.
            Refused: the answer contains a recovery phrase, private key, card number, CVV or code.
        """
        node = self._expect("input")
        text = value.strip()
        if not text:
            if node.optional:
                return self._advance("", node.next)
            raise UsageError(_("Please type an answer."))
        if find_secrets(text, ALL_KINDS):
            raise Refused(_("That looks like a secret (recovery phrase, key, card number or code). It was not kept. Never type it anywhere."))
        if node.field == "amount":
            _read_amount(text)
        elif node.field == "date":
            _read_date(text)
        return self._advance(text, node.next)

    def skip(self) -> NodeView:
        """Skips an optional input node."""
        node = self._expect("input")
        if not node.optional:
            raise UsageError(_("This answer is needed to continue."))
        return self._advance("", node.next)

    def back(self) -> NodeView:
        """Goes one step back (nothing happens at the first step)."""
        if self._steps:
            self._steps.pop()
            self._path.pop()
        return self.node

    def restart(self) -> NodeView:
        """Starts again from the first step, forgetting every answer."""
        self._steps.clear()
        self._path[:] = [self.wizard.start]
        return self.node

    # --- results -----------------------------------------------------------------------------------------
    @property
    def outcome(self) -> Outcome | None:
        """The outcome at an end node, else None."""
        node = self.current
        if node.kind != "end":
            return None
        case = self.case_prefill() if node.outcome in ("open-case", "contact-provider") else None
        related = node.related or self.wizard.related
        return Outcome(
            kind=node.outcome,
            text=pick(node.text, self.lang) if node.text else "",
            warning=pick(node.warning, self.lang) if node.warning else "",
            checklist=node.checklist,
            related=related,
            case=case,
        )

    def case_prefill(self) -> CasePrefill:
        """A case built from the answers given so far (title, kind, provider, amount, date ...)."""
        values = self.fields
        provider = values.get("provider", "")
        title = self.wizard.title(self.lang)
        amount, currency = _read_amount(values["amount"]) if "amount" in values else (None, "")
        return CasePrefill(
            title=f"{provider}: {title}" if provider else title,
            kind=self.current.case_kind or self.wizard.case_kind,
            provider=provider,
            amount=amount,
            currency=currency,
            date=_read_date(values["date"]) if "date" in values else None,
            account=values.get("account", ""),
            order_no=values.get("order_no", ""),
            description=self.transcript_text(),
        )

    def transcript(self) -> list[Step]:
        """The answered steps, in order."""
        return list(self._steps)

    def transcript_text(self, lang: str | None = None) -> str:
        """The questions and answers as plain text in ``lang`` (default: the run's language).

        Args:
            lang: zh-CN, zh-TW or en.

        Returns:
            A title line, then one "question → answer" pair per step, then the outcome when finished.
        """
        lang = lang or self.lang
        lines = [f"{translate(N_('Wizard'), lang)}: {self.wizard.title(lang)}"]
        for number, step in enumerate(self._steps, 1):
            node = self.wizard.nodes[step.node_id]
            if node.kind == "ask":
                reply = pick(node.options[int(step.answer)].label, lang)
            elif node.kind == "check":
                reply = translate(WORKED if step.answer == "worked" else FAILED, lang)
            else:
                reply = step.answer or translate(SKIPPED, lang)
            lines.append(f"{number}. {pick(node.text, lang)}")
            lines.append(f"   → {reply}")
        end = self.current
        if end.kind == "end":
            lines.append(f"{translate(N_('Outcome'), lang)}: {translate(OUTCOME_NAMES[end.outcome], lang)}")
            if end.text:
                lines.append(pick(end.text, lang))
        return "\n".join(lines)


OUTCOME_NAMES: dict[str, str] = {
    "solved": N_("Solved"),
    "info": N_("Information"),
    "contact-provider": N_("Contact the provider"),
    "open-case": N_("Open a case"),
    "scam-alert": N_("Possible scam"),
}


def _read_amount(text: str) -> tuple[Decimal, str]:
    parts = text.replace(",", "").replace("¥", " CNY ").replace("$", " USD ").split()
    number = next((p for p in parts if p[:1].isdigit() or p[:1] in ".-"), "")
    currency = next((p.upper() for p in parts if p.isalpha() and 2 <= len(p) <= 6), "")
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise InvalidInput(_("Cannot read that amount. Type digits like 120.50, optionally with a currency like CNY.")) from None
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(_("Cannot read that amount. Type digits like 120.50, optionally with a currency like CNY."))
    return amount, currency


def _read_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(_("Cannot read that date. Use YYYY-MM-DD.")) from None


def field_names() -> tuple[str, ...]:
    """The case fields input nodes may fill."""
    return FIELDS
