"""Cases in the vault: add, read, list, update and delete (deleting a case removes everything in it)."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from walletcare.errors import UsageError
from walletcare.evidence import records
from walletcare.evidence.models import CASE_KINDS, CASE_STATUSES, Case
from walletcare.i18n import N_, _

if TYPE_CHECKING:
    from walletcare.evidence.store import Store

TEXT_FIELDS = (
    ("title", N_("Title")), ("description", N_("Description")), ("desired_outcome", N_("Desired outcome")),
    ("classification", N_("Classification")), ("requested_resolution", N_("Requested resolution")),
    ("security_actions", N_("Security actions")), ("reports_filed", N_("Reports filed")),
    ("account", N_("Account")),
)


def _search_text(case: Case) -> str:
    parts = [case.title, case.provider, case.account, case.description, case.desired_outcome,
             case.classification, case.requested_resolution, case.security_actions, case.reports_filed,
             case.claimant.name, case.respondent.name, case.respondent.organisation, " ".join(case.tags)]
    return "\n".join(p for p in parts if p)


TITLE_MAX = 200


def masked_id(number: str) -> str:
    """An ID number with all but its first three and last four characters hidden (already masked: as is)."""
    value = "".join(number.split())
    if "*" in value:
        return value
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def _masked_ids(case: Case) -> Case:
    """The vault keeps only a masked form of an ID number, whoever typed it (the channels need the type and
    the last digits; the full number stays with the user)."""
    parties: dict[str, Any] = {name: dataclasses.replace(party, id_number=masked_id(party.id_number))
               for name, party in (("claimant", case.claimant), ("respondent", case.respondent))
               if party.id_number and masked_id(party.id_number) != party.id_number}
    return dataclasses.replace(case, **parties) if parties else case


class CaseManager:
    """``store.cases``."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _check(self, case: Case) -> None:
        if not case.title.strip():
            raise UsageError(_("A case needs a title."))
        if len(case.title) > TITLE_MAX:
            raise UsageError(_("A case title has at most {count} characters; put the rest in the description.").format(
                count=TITLE_MAX))
        if case.amount is not None and not case.currency.strip():
            raise UsageError(_("The amount in dispute needs its currency (e.g. CNY, USD, USDT)."))
        if case.card_last4 and not (len(case.card_last4) == 4 and case.card_last4.isdigit()):
            raise UsageError(_("Give only the last four digits of the card, never more."))
        if case.kind not in CASE_KINDS:
            raise UsageError(_("Unknown case kind: {kind}").format(kind=case.kind))
        if case.status not in CASE_STATUSES:
            raise UsageError(_("Unknown case status: {status}").format(status=case.status))
        for name, label in TEXT_FIELDS:
            self._store.guard_text(label, getattr(case, name))
        for _channel, text in case.letters:
            self._store.guard_text(N_("Letter text"), text)
        for party in (case.claimant, case.respondent):
            for f in dataclasses.fields(party):
                if f.name not in ("phone", "email", "id_number"):
                    self._store.guard_text(N_("Party details"), getattr(party, f.name))

    def _write(self, case: Case) -> None:
        self._store.conn.execute(
            "UPDATE cases SET title = ?, status = ?, kind = ?, opened = ?, body = ? WHERE id = ?",
            (case.title, case.status, case.kind, case.opened.isoformat() if case.opened else None,
             records.dumps(records.body_of(case)), case.id),
        )
        self._store.index_text("case", case.id, case.id, _search_text(case))

    def add(self, case: Case) -> Case:
        """Stores a new case; returns it with its id and creation time (an ID number masked)."""
        case = _masked_ids(case)
        self._check(case)
        stamp = records.now()
        with self._store.transaction():
            cur = self._store.conn.execute(
                "INSERT INTO cases(title, status, kind, opened, body) VALUES ('', '', '', NULL, '{}')")
            stored = dataclasses.replace(case, id=int(cur.lastrowid), created_at=stamp, updated_at=stamp)
            self._write(stored)
            self._store.audit.record("create", f"case:{stored.id}", stored.id, records.digest(stored))
            self._store.changed("cases", stored.id)
        return stored

    def get(self, case_id: int) -> Case:
        """The case with that id (UsageError when there is none)."""
        row = self._store.conn.execute("SELECT id, body FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise records.not_found("case", case_id)
        return records.loads(Case, row[1], id=int(row[0]))

    def exists(self, case_id: int) -> bool:
        """Whether a case with that id exists."""
        return self._store.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None

    def list(self) -> list[Case]:
        """Every case, newest first."""
        rows = self._store.conn.execute("SELECT id, body FROM cases ORDER BY id DESC").fetchall()
        return [records.loads(Case, body, id=int(cid)) for cid, body in rows]

    def update(self, case: Case) -> Case:
        """Saves changed fields of a stored case (the old values go into the audit trail; an ID number is
        kept masked)."""
        case = _masked_ids(case)
        self._check(case)
        with self._store.transaction():
            old = self.get(case.id)
            stored = dataclasses.replace(case, created_at=old.created_at, updated_at=records.now())
            self._write(stored)
            self._store.audit.record("update", f"case:{case.id}", case.id, records.digest(stored),
                                     detail=records.full(old))
            self._store.changed("cases", case.id)
        return stored

    def delete(self, case_id: int) -> None:
        """Deletes a case with its transactions, contacts and evidence (recorded in the audit trail)."""
        with self._store.transaction():
            old = self.get(case_id)
            conn = self._store.conn
            counts = {table: conn.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (case_id,)).fetchone()[0]
                      for table in ("transactions", "contacts", "evidence")}
            conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            self._store.unindex_case(case_id)
            detail = records.canonical({"case": json.loads(records.full(old)), "removed": counts})
            self._store.audit.record("delete", f"case:{case_id}", case_id, records.digest(old), detail=detail)
            self._store.changed("cases", case_id)
