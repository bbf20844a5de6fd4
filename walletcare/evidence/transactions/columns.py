"""The one table of the ``transactions`` columns: every SQL text, position and column set the package uses is
derived from ``TABLE`` (insert, select, update, the held-rows table, the audit digest, the removal copies).

A row as the codec builds it (``codec.to_rows``) has one value per column in ``TABLE`` order, the raw text
always in full; ``raw_cited`` = 1 says the raw text is one line of the row's stored export file, so the
column is written empty and the text re-derived on read (``cited.py``).
"""

from __future__ import annotations

from typing import NamedTuple


class Column(NamedTuple):
    """One column: its SQL name, its kind (``int``, ``real`` or ``text``), whether 0 in a row means NULL (a
    link to another row), and whether the audit digest of a batch covers it."""

    name: str
    kind: str = "text"
    link: bool = False
    digested: bool = True


TABLE: tuple[Column, ...] = (
    Column("id", "int", digested=False),  # consecutive, named in the audit entry
    Column("case_id", "int"),
    Column("t", "int"),  # UTC microseconds since the epoch
    Column("tz", "int"),  # the offset of the recorded time, in microseconds
    Column("amount", "real", digested=False),  # the sort copy of amount_text
    Column("amount_text"),
    Column("status"),
    Column("direction"),
    Column("currency"),
    Column("counterparty"),
    Column("description"),
    Column("note"),
    Column("channel"),
    Column("ref_kinds"),
    Column("refs"),
    Column("dedup_key"),
    Column("refund_of", "int", link=True),
    Column("src_id", "int", link=True),
    Column("src_line", "int", link=True),
    Column("src_format"),
    Column("raw"),
    Column("extra"),
    Column("fee"),
    Column("body"),
    Column("role"),
    Column("raw_cited", "int", digested=False),  # the raw text is line src_line of evidence src_id
)

NAMES = tuple(c.name for c in TABLE)
POS = {name: n for n, name in enumerate(NAMES)}
WIDTH = len(TABLE)
COLUMNS = ", ".join(NAMES)
INT_POS = frozenset(n for n, c in enumerate(TABLE) if c.kind == "int")
DIGESTED = tuple(n for n, c in enumerate(TABLE) if c.digested)
LINK_POS = frozenset(n for n, c in enumerate(TABLE) if c.link)
PLACEHOLDERS = tuple("NULLIF(?, 0)" if c.link else "?" for c in TABLE)
INSERT_HEAD = f"INSERT INTO transactions({COLUMNS}) VALUES "
INSERT_SQL = INSERT_HEAD + "(" + ",".join(PLACEHOLDERS) + ")"
UPDATE_SQL = ("UPDATE transactions SET " + ", ".join(f"{c.name}={p}" for c, p in zip(TABLE, PLACEHOLDERS, strict=True)
                                                      if c.name != "id") + " WHERE id = ?")
# what a page reads back: every column but the float sort copy of the amount (``codec.load`` unpacks it)
SELECT_NAMES = tuple(n for n in NAMES if n != "amount")
SELECT = f"SELECT {', '.join(SELECT_NAMES)} FROM transactions"
# the stored values as ``codec.batch_digest`` reads them (0 for no link, as when they were written)
STORED = ", ".join(f"coalesce({c.name}, 0)" if c.link else c.name for c in TABLE)
# the columns a parser fills for an imported row (``codec.imported_row``); the vault adds the others
FROM_VAULT = frozenset({"id", "case_id", "refund_of", "src_id", "role", "raw_cited"})
IMPORTED = tuple(n for n in NAMES if n not in FROM_VAULT)
ID, CASE_ID, REFUND_OF, SRC_ID, SRC_LINE, RAW, BODY, CITED = (
    POS["id"], POS["case_id"], POS["refund_of"], POS["src_id"], POS["src_line"], POS["raw"], POS["body"],
    POS["raw_cited"])

BATCH = 5000  # rows per audit entry and per progress report (transactions.manager, transactions.held)
