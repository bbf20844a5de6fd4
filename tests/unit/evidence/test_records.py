"""Model round-trips through the encrypted store: Decimal money, offsets, CJK text and emoji survive exactly."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletcare.evidence import records
from walletcare.evidence.models import Case, Contact, Party, Reference, Transaction
from walletcare.evidence.store import Store

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
cjk = st.text(alphabet=st.sampled_from("支付宝微信退款商户訂單帳戶😀🧧💰 abcXYZ0123-_/\"'\\%"), max_size=30)
money = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=8, allow_nan=False,
                    allow_infinity=False)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(lambda dt, tz: dt.replace(tzinfo=tz),
                    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)), offsets)
refs = st.tuples(*[st.builds(Reference, st.sampled_from(["trade_no", "tx_hash", "other"]), cjk)] * 2)
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(amount=money, moment=moments, counterparty=cjk, note=text, references=refs, fee=st.none() | money,
       extra=st.tuples(st.tuples(cjk, cjk)))
def test_transaction_round_trip(store: Store, amount: Decimal, moment: datetime, counterparty: str, note: str,
                                references: tuple[Reference, ...], fee: Decimal | None,
                                extra: tuple[tuple[str, str], ...]) -> None:
    case_id = store.cases.list()[0].id if store.cases.list() else store.cases.add(Case(0, "h")).id
    tx = Transaction(0, case_id, moment, amount, "CNY", counterparty=counterparty, note=note, references=references,
                     fee=fee, extra=extra, raw=note)
    stored = store.transactions.add(tx)
    back = store.transactions.get(stored.id)
    assert back == dataclasses.replace(tx, id=stored.id)
    assert back.time.utcoffset() == moment.utcoffset() and str(back.amount) == str(amount)


@_SETTINGS
@given(title=cjk.filter(lambda s: s.strip()), description=text, amount=st.none() | money,
       opened=st.none() | st.dates(min_value=date(2000, 1, 1)), name=cjk, tags=st.tuples(cjk))
def test_case_round_trip(store: Store, title: str, description: str, amount: Decimal | None, opened: date | None,
                         name: str, tags: tuple[str, ...]) -> None:
    case = store.cases.add(Case(0, title, description=description, amount=amount, currency="CNY" if amount is not None else "",
                                opened=opened, claimant=Party(name=name), tags=tags))
    assert store.cases.get(case.id) == case


@_SETTINGS
@given(at=moments, summary=text, kept=st.none() | st.booleans())
def test_contact_round_trip(store: Store, at: datetime, summary: str, kept: bool | None) -> None:
    case_id = store.cases.list()[0].id if store.cases.list() else store.cases.add(Case(0, "h")).id
    contact = store.contacts.add(Contact(0, case_id, "chat", at, summary, promise_kept=kept))
    assert store.contacts.get(contact.id) == contact


def test_digest_is_stable_and_sensitive() -> None:
    tx = Transaction(1, 1, datetime(2024, 1, 1, tzinfo=UTC), Decimal("1.10"), "CNY")
    assert records.digest(tx) == records.digest(dataclasses.replace(tx))
    assert records.digest(tx) != records.digest(dataclasses.replace(tx, amount=Decimal("1.1")))
