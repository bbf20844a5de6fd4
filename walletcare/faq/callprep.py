"""Call-preparation sheets: what to have ready, what to ask and what to write down before contacting a provider.

A wizard's ``contact-provider`` outcome names checklist keys (``tx-hash``, ``order-no``, ``time`` ...);
:func:`build_call_sheet` turns them into a :class:`CallSheet` in the requested language, with plain-text and
simple-HTML renderings for the window, the terminal and the dossier. Every sheet carries the warning to use
only the number on the card, the statement or inside the official app, and never to give a code, password
or recovery phrase.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from walletcare.i18n import N_, translate

CHECKLIST_ITEMS: dict[str, str] = {
    "order-no": N_("Order or transaction number (from the bill details)"),
    "time": N_("Date and time of the payment or transfer"),
    "amount": N_("Exact amount and currency"),
    "account": N_("Your account name or the last 4 digits of the card (never the full number)"),
    "merchant": N_("Merchant or payee name"),
    "screenshots": N_("Screenshots of the bill details, error messages and chats"),
    "bank-statement": N_("Bank or card statement line showing the deduction"),
    "error-message": N_("The exact error message or code shown by the app"),
    "refund-no": N_("Refund number and the date the refund was promised"),
    "ticket-no": N_("Earlier ticket or complaint numbers"),
    "device": N_("Phone model, app version and when the problem started"),
    "tx-hash": N_("Transaction hash (TxHash) of the transfer"),
    "from-address": N_("Sending address"),
    "to-address": N_("Receiving address"),
    "receiving-address": N_("The deposit address you sent to"),
    "network": N_("Network / chain used (e.g. TRC20, ERC20, BEP20)"),
    "memo-tag": N_("Memo / tag, if the deposit needed one"),
    "police-report": N_("Police report number, if you filed one"),
}

_ALWAYS_ASK: tuple[str, ...] = (
    N_("What is the status of my case, and what is the reference or ticket number?"),
    N_("What exactly happens next, and by what date?"),
    N_("If it is not solved by then, how do I escalate, and to whom?"),
    N_("Can you confirm this in writing (in-app message or email from the official address)?"),
)
_ITEM_ASK: dict[str, str] = {
    "tx-hash": N_("Has the transfer with this hash been received and credited on your side?"),
    "memo-tag": N_("How is a deposit without the right memo/tag returned or credited?"),
    "refund-no": N_("When exactly was the refund sent, and through which channel will it arrive?"),
    "bank-statement": N_("Was the money taken, held temporarily, or already returned?"),
    "error-message": N_("What does this error mean, and what should I do differently?"),
}
_WRITE_DOWN: tuple[str, ...] = (
    N_("Date and time of the call, and the number you called"),
    N_("The agent's name or staff ID"),
    N_("The ticket or case number"),
    N_("What they promised, and by which date"),
    N_("What they asked you to do next"),
)
_WARNINGS: tuple[str, ...] = (
    N_("Only call the number on your card or statement, or contact support inside the official app. A number found in search results or sent to you may be a scammer's."),
    N_("Real support never asks for your password, PIN, verification code or recovery phrase, never asks you to move money to a 'safe account', and never asks you to share your screen."),
)


@dataclass(frozen=True)
class CallSheet:
    """A call-preparation sheet in one language.

    Attributes:
        lang: zh-CN, zh-TW or en.
        title: the heading (names the provider when known).
        have_ready: (label, value) pairs; value is what the user already gave ("" when unknown).
        questions: questions to ask.
        write_down: what to note during the call.
        warnings: safety warnings.
    """

    lang: str
    title: str
    have_ready: tuple[tuple[str, str], ...]
    questions: tuple[str, ...]
    write_down: tuple[str, ...]
    warnings: tuple[str, ...]

    def sections(self) -> list[tuple[str, list[str]]]:
        """(heading, lines) in display order."""
        t = self.lang
        ready = [f"{label}: {value}" if value else label for label, value in self.have_ready]
        return [
            (translate(N_("Have ready"), t), ready),
            (translate(N_("Questions to ask"), t), list(self.questions)),
            (translate(N_("Write down during the call"), t), list(self.write_down)),
            (translate(N_("Stay safe"), t), list(self.warnings)),
        ]

    def to_text(self) -> str:
        """The sheet as plain text with checkboxes."""
        lines = [self.title, "=" * min(len(self.title) * 2, 60)]
        for heading, items in self.sections():
            lines += ["", heading]
            lines += [f"  [ ] {item}" for item in items]
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        """The sheet as simple HTML (headings and lists; fine for QTextBrowser and the dossier)."""
        parts = [f"<h2>{escape(self.title)}</h2>"]
        for heading, items in self.sections():
            parts.append(f"<h3>{escape(heading)}</h3><ul>")
            parts += [f"<li>{escape(item)}</li>" for item in items]
            parts.append("</ul>")
        return "".join(parts)

    def as_json(self) -> dict[str, object]:
        """Plain data for ``--json`` output and the UI."""
        return {
            "lang": self.lang,
            "title": self.title,
            "have_ready": [{"item": label, "value": value} for label, value in self.have_ready],
            "questions": list(self.questions),
            "write_down": list(self.write_down),
            "warnings": list(self.warnings),
        }


_FIELD_FOR_ITEM: dict[str, str] = {"order-no": "order_no", "time": "date", "amount": "amount", "account": "account"}


def build_call_sheet(
    checklist: Iterable[str], lang: str, provider: str = "", fields: Mapping[str, str] | None = None
) -> CallSheet:
    """Builds the sheet for a contact-provider outcome.

    Args:
        checklist: checklist keys from the wizard (unknown keys are ignored).
        lang: zh-CN, zh-TW or en.
        provider: the provider's name, when the user gave it.
        fields: answers already collected (``order_no``, ``date``, ``amount``, ``account``) shown beside
            the matching items.

    Returns:
        The sheet.
    """
    fields = fields or {}
    keys = [k for k in dict.fromkeys(checklist) if k in CHECKLIST_ITEMS]
    have = tuple(
        (translate(CHECKLIST_ITEMS[k], lang), str(fields.get(_FIELD_FOR_ITEM.get(k, ""), ""))) for k in keys
    )
    questions = [translate(_ITEM_ASK[k], lang) for k in keys if k in _ITEM_ASK]
    questions += [translate(q, lang) for q in _ALWAYS_ASK]
    if provider:
        title = translate(N_("Before you contact {provider}"), lang).format(provider=provider)
    else:
        title = translate(N_("Before you contact the provider"), lang)
    return CallSheet(
        lang=lang,
        title=title,
        have_ready=have,
        questions=tuple(questions),
        write_down=tuple(translate(w, lang) for w in _WRITE_DOWN),
        warnings=tuple(translate(w, lang) for w in _WARNINGS),
    )
