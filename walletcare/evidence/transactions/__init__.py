"""Transactions in the vault, split along their seams:

- ``columns``: the one table of the stored columns, from which every SQL text and position is derived;
- ``codec``: ``Transaction`` (or a dict of its fields) to a row and back, the audit digest of a batch;
- ``manager``: ``store.transactions`` (writes in multi-row batches, pages, refunds, roles, text index);
- ``held``: rows checked now and stored later (an import's refunds);
- ``cited``: the raw text of imported rows re-derived from the export file they cite.

A transaction is stored as plain columns (time as UTC microseconds plus its offset, the amount as a sort key
and as exact text, the texts, references, keys, the fee, the source file, line and raw row of an imported
row, its extra fields) and a JSON ``body`` holding only the rarer fields that differ from their defaults
(tags, the refunded original), so a row is written without per-row JSON work and every value is stored once.
"""

from walletcare.evidence.transactions.codec import (
    _SEP,
    DEFAULTS,
    FREE_TEXT,
    _zone_epoch,
    batch_digest,
    like_clause,
    to_rows,
)
from walletcare.evidence.transactions.columns import COLUMNS, INSERT_SQL
from walletcare.evidence.transactions.held import HeldTransactions
from walletcare.evidence.transactions.manager import (
    _IDS_IN_JSON,
    BATCH,
    BULK_ROWS,
    EAGER_INDEX_ROWS,
    LAZY_INDEXES,
    SORTS,
    CancelFlag,
    TransactionManager,
)

__all__ = ["BATCH", "BULK_ROWS", "COLUMNS", "DEFAULTS", "EAGER_INDEX_ROWS", "INSERT_SQL", "LAZY_INDEXES",
           "FREE_TEXT", "SORTS", "_IDS_IN_JSON", "_SEP", "CancelFlag", "HeldTransactions", "TransactionManager",
           "_zone_epoch", "batch_digest", "like_clause", "to_rows"]
