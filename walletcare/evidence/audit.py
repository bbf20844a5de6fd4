"""The append-only, hash-chained audit trail of every create, update and delete in the vault.

Each entry stores the time, action, object, the case it belongs to, a digest of the object (or batch) and,
for updates and deletes, the old value; its hash covers all of that plus the previous entry's hash, so an
edited, inserted or deleted entry breaks the chain. The latest ``seq:hash`` is also kept in ``meta`` so that
removing entries from the end is caught too, and the head can be signed with the vault's Ed25519 key.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from walletcare.evidence.models import AuditEntry
from walletcare.i18n import _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

GENESIS = "0" * 64
_SEP = "\x1f"


def entry_hash(seq: int, at: str, action: str, obj: str, case_id: int | None, digest: str, detail: str,
               prev_hash: str) -> str:
    """The chained hash of one entry."""
    fields = (str(seq), at, action, obj, "" if case_id is None else str(case_id), digest, detail, prev_hash)
    return hashlib.sha256(_SEP.join(fields).encode("utf-8")).hexdigest()


class AuditTrail:
    """Appends to and checks the audit trail (writes join the caller's transaction)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def record(self, action: str, obj: str, case_id: int | None, digest: str | bytes, *, detail: str = "") -> AuditEntry:
        """Appends one entry; ``digest`` is a hex SHA-256, or bytes to be hashed.

        Call inside ``store.transaction()`` so the entry commits with the change it describes.
        """
        if isinstance(digest, bytes):
            digest = hashlib.sha256(digest).hexdigest()
        conn = self._store.conn
        row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (int(row[0]) + 1, str(row[1])) if row else (1, GENESIS)
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        value = entry_hash(seq, at, action, obj, case_id, digest, detail, prev)
        conn.execute(
            "INSERT INTO audit(seq, at, action, object, case_id, digest, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, at, action, obj, case_id, digest, detail, prev, value),
        )
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('audit_head', ?)", (f"{seq}:{value}",))
        return AuditEntry(seq, datetime.fromisoformat(at), action, obj, digest, prev, value, detail, case_id)

    def entries(self, case_id: int | None = None) -> list[AuditEntry]:
        """Entries in order (all, or those of one case)."""
        sql = "SELECT seq, at, action, object, digest, prev_hash, hash, detail, case_id FROM audit"
        params: tuple[int, ...] = ()
        if case_id is not None:
            sql += " WHERE case_id = ?"
            params = (case_id,)
        rows = self._store.conn.execute(sql + " ORDER BY seq", params).fetchall()
        return [AuditEntry(int(r[0]), datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8])
                for r in rows]

    def head(self, *, skip_action: str | None = None) -> AuditEntry | None:
        """The latest entry (the latest whose action is not ``skip_action``, when given), or None."""
        row = self._store.conn.execute(
            "SELECT seq, at, action, object, digest, prev_hash, hash, detail, case_id FROM audit "
            "WHERE action IS NOT ? ORDER BY seq DESC LIMIT 1", (skip_action,)).fetchone()
        if row is None:
            return None
        return AuditEntry(int(row[0]), datetime.fromisoformat(row[1]), row[2], row[3], row[4], row[5], row[6],
                          row[7], row[8])

    def verify(self) -> tuple[bool, int, list[str]]:
        """Re-computes the chain: ``(intact, number of entries, problems)``."""
        problems: list[str] = []
        prev_hash, prev_seq, count = GENESIS, 0, 0
        rows = self._store.conn.execute(
            "SELECT seq, at, action, object, case_id, digest, detail, prev_hash, hash FROM audit ORDER BY seq")
        for seq, at, action, obj, case_id, digest, detail, stored_prev, stored_hash in rows:
            count += 1
            if seq != prev_seq + 1:
                problems.append(_("Audit entries {first}–{last} are missing.").format(first=prev_seq + 1, last=seq - 1))
            if stored_prev != prev_hash:
                problems.append(_("Audit entry {seq} does not follow the entry before it.").format(seq=seq))
            if entry_hash(seq, at, action, obj, case_id, digest, detail, stored_prev) != stored_hash:
                problems.append(_("Audit entry {seq} was changed after it was written.").format(seq=seq))
            prev_hash, prev_seq = stored_hash, seq
        head = self._store.conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        expected = f"{prev_seq}:{prev_hash}" if count else None
        recorded = str(head[0]) if head else None
        if recorded != expected:
            problems.append(_("The end of the audit trail was removed or replaced."))
        return (not problems, count, problems)

    def signed_head(self) -> tuple[AuditEntry | None, bytes]:
        """The latest entry and an Ed25519 signature over ``walletcare-audit-head:<seq>:<hash>``."""
        entry = self.head()
        message = f"walletcare-audit-head:{entry.seq}:{entry.hash}" if entry else "walletcare-audit-head:0:" + GENESIS
        return entry, self._store.sign(message.encode("ascii"))
