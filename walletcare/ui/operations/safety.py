"""Saving a checked message to a case: kept as a text original (origin "typed") with the checker's verdict
in the caption — refused, with nothing stored, when it holds a recovery phrase or private key."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from walletcare.errors import Refused
from walletcare.i18n import _
from walletcare.ui.operations import Changes

if TYPE_CHECKING:
    from walletcare.evidence.store import Store


def refuse_secrets(text: str) -> None:
    """Raises Refused when ``text`` holds a seed phrase or private key."""
    from walletcare.secrets import find_secrets

    hits = find_secrets(text, kinds=("seed", "private_key"))
    if hits:
        raise Refused(_("This message contains what looks like a recovery phrase or private key ({excerpt}). "
                        "WalletCare never stores those: anyone who sees them can take your funds. Remove it (or "
                        "replace it with “[removed]”) and save again. Nothing was saved.").format(excerpt=hits[0].excerpt))


def save_message(store: Store, case_id: int, text: str, verdict: str) -> Changes:
    """Stores the message as evidence; ``result`` is ``(Evidence, duplicate)``."""
    refuse_secrets(text)
    name = f"{_('checked message')}-{datetime.now():%Y%m%d-%H%M%S}.txt"
    evidence, duplicate = store.evidence.add(case_id, text.encode("utf-8"), name, caption=verdict, origin="typed",
                                             origin_detail=_("typed or pasted into the safety check"))
    return Changes(evidence=True, case_id=case_id, result=(evidence, duplicate))


def save_masked_message(store: Store, case_id: int, text: str, verdict: str) -> Changes:
    """Stores the message with every recovery phrase and private key replaced by dots (each character of them;
    the rest of the message is kept as typed); ``result`` is ``(Evidence, duplicate)``."""
    from walletcare.secrets import mask_secrets

    masked = mask_secrets(text, kinds=("seed", "private_key"))
    return save_message(store, case_id, masked, verdict + " " + _("(recovery phrase or key masked)"))
