"""Facts in machine-read text, offered as suggestions the user accepts (``store.suggestions``).

A reading's text is searched for order numbers, ticket numbers, amounts with a currency, dates and times,
transaction hashes, wallet addresses and phone numbers. A fact that matches one of the case's transactions
(the same reference or hash, or the same amount on the same day) is offered as a link between the screenshot
and that transaction; any other fact is offered as a label on the screenshot (``order_no:4200…``), which the
private search then finds. Nothing is applied until the user accepts a suggestion by its id; one already
applied is not offered again, and neither is one the user dismissed (the dismissed ids of a case are kept in
the vault's ``meta`` table, audited). Ids are short hashes of what a suggestion would do, so they stay the same
between runs as long as the text and the transactions do.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from walletcare.errors import UsageError
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.models import Transaction
    from walletcare.evidence.store import Store

FACT_NAMES = {"order_no": N_("order number"), "ticket": N_("ticket number"), "amount": N_("amount"),
              "datetime": N_("date and time"), "tx_hash": N_("transaction hash"), "address": N_("wallet address"),
              "phone": N_("phone number")}
FACT_KINDS = ("order_no", "ticket", "amount", "datetime", "tx_hash", "address", "phone")
_CURRENCY_SIGNS = {"¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "$": "USD", "US$": "USD"}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tx_hash", re.compile(r"(?<![0-9A-Za-z])(0x[0-9a-fA-F]{64}|[0-9a-fA-F]{64})(?![0-9A-Za-z])")),
    ("address", re.compile(r"(?<![0-9A-Za-z])(0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|bc1[02-9ac-hj-np-z]{25,62})"
                           r"(?![0-9A-Za-z])")),
    ("ticket", re.compile(r"(?:工单号|工单编号|工單號|投诉单号|受理号|ticket(?:\s*(?:no\.?|number|#))?|case\s*(?:no\.?|#))"
                          r"\s*[:：#]?\s*([A-Za-z]{0,3}[-0-9A-Za-z]{4,30})", re.IGNORECASE)),
    ("order_no", re.compile(r"(?<![0-9A-Za-z])(\d{16,34})(?![0-9A-Za-z])")),
    ("amount", re.compile(r"(?:(?P<sign>[¥￥$]|US\$|RMB|CNY|USD|USDT|HKD)\s*(?P<a>\d{1,3}(?:,\d{3})+(?:\.\d{1,8})?|\d+"
                          r"(?:\.\d{1,8})?)|(?P<b>\d{1,3}(?:,\d{3})+(?:\.\d{1,8})?|\d+(?:\.\d{1,8})?)\s*"
                          r"(?P<unit>元|CNY|RMB|USD|USDT|HKD|ETH|BTC|TRX)(?![A-Za-z]))")),
    ("datetime", re.compile(r"(?<!\d)(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?")),
    ("phone", re.compile(r"(?<![0-9])(\+?86[- ]?1[3-9]\d{9}|1[3-9]\d{9}|95\d{3}|400[- ]?\d{3}[- ]?\d{4})(?![0-9])")),
)


@dataclass(frozen=True)
class Fact:
    """One fact found in a text (``value`` normalised: amounts as ``1288.00 CNY``, dates as ISO)."""

    kind: str
    value: str
    amount: Decimal | None = None
    currency: str = ""
    day: date | None = None


@dataclass(frozen=True)
class Suggestion:
    """A change the user may accept: link an item to a transaction, or label it with a fact."""

    id: str
    evidence_id: int
    fact: Fact
    transaction_id: int | None  # None: a label on the evidence item

    @property
    def label(self) -> str:
        """The tag the item gets when a label suggestion is accepted."""
        return f"{self.fact.kind}:{self.fact.value}"


def find_facts(text: str) -> list[Fact]:
    """Every fact in ``text``, in kind order and then text order, without repeats."""
    found: dict[tuple[str, str], Fact] = {}
    taken: list[tuple[int, int]] = []  # spans already used by a more specific kind (a hash is no order number)
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            fact = _fact(kind, match)
            if fact is None:
                continue
            if kind in ("tx_hash", "address", "ticket", "order_no", "phone"):
                taken.append(span)
            found.setdefault((fact.kind, fact.value), fact)
    return list(found.values())


def _fact(kind: str, match: re.Match[str]) -> Fact | None:
    if kind == "amount":
        number = (match["a"] or match["b"] or "").replace(",", "")
        sign = match["sign"] or match["unit"] or ""
        currency = _CURRENCY_SIGNS.get(sign, sign)
        try:
            amount = Decimal(number)
        except InvalidOperation:
            return None
        return Fact("amount", f"{amount} {currency}", amount=amount, currency=currency)
    if kind == "datetime":
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        value = when.isoformat() + (f" {int(match[4]):02d}:{match[5]}" if match[4] else "")
        return Fact("datetime", value, day=when)
    value = match[1]
    if kind == "tx_hash":
        value = value.lower()
    if kind == "phone":
        value = re.sub(r"[- ]", "", value)
    return Fact(kind, value)


def _matches(fact: Fact, tx: Transaction, days: set[date]) -> bool:
    refs = {r.value.strip().lower() for r in tx.references}
    if fact.kind in ("order_no", "tx_hash", "ticket") and fact.value.lower() in refs:
        return True
    if fact.kind == "amount" and fact.amount is not None and abs(tx.amount) == fact.amount:
        same_currency = not fact.currency or fact.currency.upper() == tx.currency.upper()
        return same_currency and (not days or tx.time.date() in days)
    return False


def _dismissed_key(case_id: int) -> str:
    return f"suggestions_dismissed:{case_id}"


def _id(evidence_id: int, fact: Fact, tx_id: int | None) -> str:
    digest = hashlib.sha256(f"{evidence_id}|{fact.kind}|{fact.value}|{tx_id}".encode()).hexdigest()
    return digest[:8]


class SuggestionManager:
    """``store.suggestions``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _dismissed(self, case_id: int) -> set[str]:
        row = self._store.conn.execute("SELECT value FROM meta WHERE key = ?", (_dismissed_key(case_id),)).fetchone()
        return set(json.loads(row[0])) if row else set()

    def dismiss(self, case_id: int, suggestion_id: str) -> Suggestion:
        """Stops offering one suggestion (nothing else changes); audited.

        Raises:
            UsageError: there is no such pending suggestion.
        """
        store = self._store
        with store.transaction():
            found = self._find(case_id, suggestion_id)
            ids = sorted(self._dismissed(case_id) | {found.id})
            store.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                               (_dismissed_key(case_id), json.dumps(ids)))
            store.audit.record("update", f"suggestion:{found.id}", case_id, f"{found.fact.kind}:{found.fact.value}"
                               .encode(), detail=json.dumps({"dismissed": found.id, "evidence": found.evidence_id}))
        return found

    def _find(self, case_id: int, suggestion_id: str) -> Suggestion:
        found = next((s for s in self.list(case_id) if s.id == suggestion_id.strip().lower()), None)
        if found is None:
            raise UsageError(_("There is no suggestion {id} for this case. See “walletcare evidence suggest --case "
                               "{case}”.").format(id=suggestion_id, case=case_id))
        return found

    def list(self, case_id: int) -> list[Suggestion]:
        """The suggestions for a case's read items that are neither applied nor dismissed."""
        found = self._all(case_id)
        dismissed = self._dismissed(case_id)
        return [s for s in found if s.id not in dismissed]

    def _all(self, case_id: int) -> builtins.list[Suggestion]:
        store = self._store
        read = [(e, t) for e in store.evidence.list(case_id) if (t := store.readings.text_of(e.id))]
        if not read:
            return []
        # transactions by reference and by amount, so each fact is checked against its few candidates only
        by_ref: dict[str, list[Transaction]] = {}
        by_amount: dict[Decimal, list[Transaction]] = {}
        for tx in store.transactions.all(case_id):
            for ref in {r.value.strip().lower() for r in tx.references}:
                by_ref.setdefault(ref, []).append(tx)
            by_amount.setdefault(abs(tx.amount), []).append(tx)
        out: list[Suggestion] = []
        for evidence, text in read:
            facts = find_facts(text)
            days = {f.day for f in facts if f.day is not None}
            for fact in facts:
                candidates = (by_amount.get(fact.amount, []) if fact.kind == "amount" and fact.amount is not None
                              else by_ref.get(fact.value.lower(), []))
                linked = [tx for tx in candidates if _matches(fact, tx, days)]
                for tx in linked:
                    if tx.id not in evidence.linked_transactions:
                        out.append(Suggestion(_id(evidence.id, fact, tx.id), evidence.id, fact, tx.id))
                if not linked and f"{fact.kind}:{fact.value}" not in evidence.tags:
                    out.append(Suggestion(_id(evidence.id, fact, None), evidence.id, fact, None))
        return out

    def accept(self, case_id: int, suggestion_id: str) -> Suggestion:
        """Applies one suggestion (a link or a label), audited like any edit of the item.

        Raises:
            UsageError: there is no such suggestion (or it was already applied).
        """
        found = self._find(case_id, suggestion_id)
        evidence = self._store.evidence.get(found.evidence_id)
        if found.transaction_id is not None:
            changed = replace(evidence, linked_transactions=(*evidence.linked_transactions, found.transaction_id))
        else:
            changed = replace(evidence, tags=(*evidence.tags, found.label))
        self._store.evidence.update(changed)
        return found
