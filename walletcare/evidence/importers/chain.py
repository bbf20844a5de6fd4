"""What explorer exports share (Etherscan family, OKLink): the account the export is for, directions, keys.

An explorer export lists the transfers of one address, but does not say which; it is the address present
in every row (else the most frequent one). A transfer is ``out`` when it leaves that address, ``in`` when
it arrives, ``neutral`` when it goes to itself or does not touch it. Token transfers are keyed by hash,
parties, token contract and value, the same way for every explorer, so an Etherscan and an OKLink export
of the same address do not add the same transfer twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from walletcare.i18n import _


def infer_account(pairs: Iterable[tuple[str, str]], known: Iterable[str] = (), hint: str = "") -> str:
    """The address the export is for.

    Args:
        pairs: (sender, receiver) of every row.
        known: the user's own addresses (``Case.own_addresses``); the first one found in the rows wins.
        hint: an address the values point at (the receiver of a ``Value_IN`` row), used on a tie.

    Returns:
        The address in most rows (every row, for a genuine export), lower-case; "" when there is none.
    """
    counts: Counter[str] = Counter()
    for sender, receiver in pairs:
        for address in {sender.lower(), receiver.lower()}:
            if address:
                counts[address] += 1
    for address in known:
        if address.lower() in counts:
            return address.lower()
    if not counts:
        return ""
    ranked = counts.most_common()
    top = [address for address, count in ranked if count == ranked[0][1]]
    return hint.lower() if hint.lower() in top else top[0]


def direction(account: str, sender: str, receiver: str) -> str:
    """``out`` / ``in`` / ``neutral`` for a transfer seen from ``account``."""
    s, r = sender.lower(), receiver.lower()
    if account and s == account and r != account:
        return "out"
    if account and r == account and s != account:
        return "in"
    return "neutral"


def transfer_key(tx_hash: str, sender: str, receiver: str, contract: str, value: Decimal) -> str:
    """The explorer-independent key of one token transfer."""
    return f"chain:transfer:{tx_hash.lower()}:{sender.lower()}:{receiver.lower()}:{contract.lower()}:{value.normalize():f}"


def counterparty(account: str, sender: str, receiver: str) -> str:
    """The other side of a transfer (the receiver when the account sent it, else the sender)."""
    return receiver if sender.lower() == account else sender


def spam_warning(count: int) -> str:
    """The import warning for zero-value token transfers kept and tagged as possible address poisoning."""
    return _("{count} zero-value token transfers were kept and marked as possible address-poisoning spam.").format(count=count)
