"""Machine-read text of evidence items (``store.readings``), kept inside the encrypted vault.

Each item has at most one reading: its text, the boxes of its lines and words (JSON), the engine and model that read
it and when (``source`` is ``machine``, so nobody mistakes it for something the user typed). The text joins
the item's file name and caption in the private full-text index (``private_fts``, FTS5 trigram, inside the
encrypted file), so ``store.search_private`` finds screenshots by the words they show. Items without a
reading are the ones ``pending`` lists: reading is resumable item by item.

Every reading is screened as it is saved: the scam checker's flags are kept with it, and an item whose text
shows a recovery phrase or private key (``walletcare.secrets``, as for typed text) is sealed: its text, print
copy and thumbnail are not kept, it is left out of every list that exports a case, and it stays ``held`` until
the user deletes it or confirms keeping it sealed (``kept``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from walletcare.evidence import records
from walletcare.evidence.ocr import READABLE_MIMES, OcrLine, OcrResult, OcrWorker
from walletcare.i18n import _
from walletcare.secrets import describe

if TYPE_CHECKING:
    from walletcare.evidence.store import Store
    from walletcare.evidence.transactions import CancelFlag

SOURCE_MACHINE = "machine"
SEALED_HELD = "held"
SEALED_KEPT = "kept"


@dataclasses.dataclass(frozen=True)
class Reading:
    """The machine-read text of one evidence item."""

    evidence_id: int
    case_id: int
    text: str
    lines: tuple[OcrLine, ...]
    engine: str
    model: str
    read_at: datetime
    source: str = SOURCE_MACHINE
    flags: tuple[dict[str, str], ...] = ()
    secret: str = ""
    sealed: str = ""
    excerpt: str = ""


def sealed_advice() -> str:
    """What to do if the secret a sealed item shows has already reached someone (it says so next to every item
    sealed and waiting for a decision: such screenshots are often of a chat with a fake support agent)."""
    return _("If you sent the phrase or key to anyone, or typed it into a website or another app, the wallet is no "
             "longer safe: in your official wallet app, create a new wallet now and move what is left to it. Real "
             "support never asks for it.")


@dataclasses.dataclass(frozen=True)
class TextHit:
    """An evidence item whose name, caption or read text holds the searched text."""

    evidence_id: int
    case_id: int
    file_name: str
    snippet: str


class ReadingManager:
    """``store.readings``."""

    def __init__(self, store: Store,
                 find_secret_kinds: Callable[[str], list[tuple[str, str, tuple[str | int, ...]]]]) -> None:
        """``find_secret_kinds``: the store's seed-phrase and private-key detector (``(kind, excerpt, shape)`` per
        hit)."""
        self._store = store
        self._find_secret_kinds = find_secret_kinds
        self._checker: Any = None

    def _flags(self, text: str) -> tuple[dict[str, str], ...]:
        """The scam checker's red flags in ``text`` (rule, severity and the matched words)."""
        from walletcare.faq.scam import ScamChecker

        if self._checker is None:
            self._checker = ScamChecker.load()
        result = self._checker.scan(text, "zh-CN")
        return tuple({"rule": f.rule, "severity": f.severity, "match": f.match} for f in result.flags)

    def pending(self, case_id: int | None = None) -> list[int]:
        """Ids of images and PDFs not yet read, oldest first."""
        sql = ("SELECT e.id, e.body FROM evidence e LEFT JOIN evidence_text t ON t.evidence_id = e.id "
               "WHERE t.evidence_id IS NULL")
        params: tuple[int, ...] = ()
        if case_id is not None:
            sql += " AND e.case_id = ?"
            params = (case_id,)
        rows = self._store.conn.execute(sql + " ORDER BY e.id", params).fetchall()
        return [int(i) for i, body in rows if json.loads(body).get("mime") in READABLE_MIMES]

    def save(self, evidence_id: int, result: OcrResult) -> Reading:
        """Screens and stores (or replaces) the reading of one item; its text joins the private search index.

        When the text shows a recovery phrase or private key, the item is sealed instead (see the module).
        """
        store, find_secret_kinds = self._store, self._find_secret_kinds
        secrets = (find_secret_kinds(result.text) or find_secret_kinds(_for_screening(result.text))
                   if result.text.strip() else [])
        secret, excerpt, shape = secrets[0] if secrets else ("", "", ())
        flags = () if secret else self._flags(result.text)
        with store.transaction():
            evidence = store.evidence.get(evidence_id)
            text, lines = ("", ()) if secret else (result.text, result.lines)
            reading = Reading(evidence_id, evidence.case_id, text, lines, result.engine, result.model, records.now(),
                              flags=flags, secret=secret, sealed=SEALED_HELD if secret else "", excerpt=excerpt)
            stored_lines = json.dumps([[ln.text, ln.score, [list(p) for p in ln.box], ln.page,
                                        [[w, list(r)] for w, r in ln.words]] for ln in lines],
                                      ensure_ascii=False, separators=(",", ":"))
            store.conn.execute(
                "INSERT OR REPLACE INTO evidence_text(evidence_id, source, engine, model, read_at, text, lines, flags, "
                "secret, sealed) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (evidence_id, reading.source, reading.engine, reading.model, reading.read_at.isoformat(),
                 text, stored_lines, json.dumps(list(flags), ensure_ascii=False),
                 json.dumps([secret, excerpt, list(shape)], ensure_ascii=False) if secret else "", reading.sealed))
            if secret:  # the copies show the secret as clearly as the original
                store.conn.execute("DELETE FROM derived WHERE evidence_id = ?", (evidence_id,))
            store.evidence.reindex(evidence)
            store.audit.record("seal" if secret else "create", f"evidence_text:{evidence_id}", evidence.case_id,
                               text.encode("utf-8"),
                               detail=records.dumps({"engine": reading.engine, "model": reading.model,
                                                     "lines": len(lines), "secret": secret,
                                                     "flags": [f["rule"] for f in flags]}))
            store.changed("evidence", evidence.case_id)
        return reading

    def sealed(self, case_id: int | None = None) -> list[Reading]:
        """The sealed items (``held`` first, then ``kept``), of one case or all."""
        sql = ("SELECT t.evidence_id FROM evidence_text t JOIN evidence e ON e.id = t.evidence_id "
               "WHERE t.sealed != ''")
        params: tuple[int, ...] = ()
        if case_id is not None:
            sql += " AND e.case_id = ?"
            params = (case_id,)
        found = [self.get(int(r[0])) for r in self._store.conn.execute(sql + " ORDER BY t.evidence_id", params)]
        return sorted((r for r in found if r is not None), key=lambda r: r.sealed != SEALED_HELD)

    def keep_sealed(self, evidence_id: int) -> Reading:
        """Confirms keeping a held item sealed in the vault (it stays out of every export)."""
        from walletcare.errors import UsageError
        from walletcare.i18n import _

        with self._store.transaction():
            reading = self.get(evidence_id)
            if reading is None or not reading.sealed:
                raise UsageError(_("Evidence item {id} is not sealed.").format(id=evidence_id))
            self._store.conn.execute("UPDATE evidence_text SET sealed = ? WHERE evidence_id = ?",
                                     (SEALED_KEPT, evidence_id))
            self._store.audit.record("update", f"evidence_text:{evidence_id}", reading.case_id, b"",
                                     detail=records.dumps({"sealed": SEALED_KEPT}))
            self._store.changed("evidence", reading.case_id)
        return dataclasses.replace(reading, sealed=SEALED_KEPT)

    def get(self, evidence_id: int) -> Reading | None:
        """The reading of an item, or None when it has not been read."""
        row = self._store.conn.execute(
            "SELECT t.evidence_id, e.case_id, t.text, t.lines, t.engine, t.model, t.read_at, t.source, t.flags, "
            "t.secret, t.sealed FROM evidence_text t JOIN evidence e ON e.id = t.evidence_id WHERE t.evidence_id = ?",
            (evidence_id,)).fetchone()
        if row is None:
            return None
        lines = tuple(OcrLine(str(t), float(s), tuple((int(x), int(y)) for x, y in box), int(p),
                              tuple((str(w), (int(r[0]), int(r[1]), int(r[2]), int(r[3]))) for w, r in words))
                      for t, s, box, p, *rest in json.loads(row[3]) for words in (rest[0] if rest else [],))
        secret, excerpt, *shape = json.loads(row[9]) if row[9] else ("", "")
        # the excerpt in the language of the moment (the stored one is in the language the item was read in)
        excerpt = describe(shape[0]) or excerpt if shape else excerpt
        return Reading(int(row[0]), int(row[1]), str(row[2]), lines, str(row[4]), str(row[5]),
                       datetime.fromisoformat(row[6]), str(row[7]), tuple(json.loads(row[8]) if row[8] else ()),
                       str(secret), str(row[10]), str(excerpt))

    def text_of(self, evidence_id: int) -> str:
        """The read text of an item ('' when unread)."""
        row = self._store.conn.execute("SELECT text FROM evidence_text WHERE evidence_id = ?",
                                       (evidence_id,)).fetchone()
        return str(row[0]) if row else ""

    def search(self, text: str, case_id: int | None = None) -> list[TextHit]:
        """Evidence items whose file name, caption or read text contains ``text``, with a short snippet."""
        hits: list[TextHit] = []
        seen: set[int] = set()
        # "工單" finds a screenshot that reads "工单" and the other way round
        for needle in script_variants(text.strip()):
            for area, ref_id in self._store.search_private(needle, case_id):
                if area != "evidence" or ref_id in seen:
                    continue
                seen.add(ref_id)
                evidence = self._store.evidence.get(ref_id)
                # the words around the match in the caption or read text (the name is shown beside it anyway)
                body = "\n".join(part for part in (evidence.caption, self.text_of(ref_id)) if part)
                if "".join(needle.split()).lower() not in "".join(body.split()).lower():
                    body = "\n".join((evidence.file_name, body))
                hits.append(TextHit(ref_id, evidence.case_id, evidence.file_name, snippet(body, needle)))
        return hits

    def read_pending(self, worker: OcrWorker, case_id: int | None = None, *,
                     progress: Callable[[int, int], None] | None = None, cancel: CancelFlag | None = None,
                     on_item: Callable[[int, Reading | Exception], None] | None = None) -> int:
        """Reads every item not yet read, saving each as soon as it is read; returns how many were read.

        Cancelling keeps what was read so far (the rest is read next time). An item that cannot be read is
        reported to ``on_item`` with the error and skipped (it stays pending).
        """
        from walletcare.errors import Cancelled
        from walletcare.evidence.ocr import OcrFailed

        ids = self.pending(case_id)
        done = 0
        for index, evidence_id in enumerate(ids):
            if progress is not None:
                progress(index, len(ids))
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            evidence = self._store.evidence.get(evidence_id)
            try:
                result = worker.read(self._store.evidence.data(evidence_id), evidence.mime, cancel=cancel)
            except OcrFailed as exc:
                if on_item is not None:
                    on_item(evidence_id, exc)
                continue
            reading = self.save(evidence_id, result)
            done += 1
            if on_item is not None:
                on_item(evidence_id, reading)
        if progress is not None:
            progress(len(ids), len(ids))
        return done


_GLUED = re.compile(r"(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)")


def _for_screening(text: str) -> str:
    """Read text as the secret finder needs it: a wallet's numbered word grid often comes back with a number
    glued to its word (``3liar``, ``drum12``), which would hide the phrase."""
    return _GLUED.sub(" ", text)


def snippet(text: str, needle: str, width: int = 40) -> str:
    """About ``width`` characters either side of the first match of ``needle`` in ``text``, on one line."""
    flat = " ".join(text.split())
    at = flat.lower().find(needle.lower())
    if at < 0:
        return flat[: width * 2]
    start = max(0, at - width)
    end = min(len(flat), at + len(needle) + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


_WIDE = str.maketrans({"，": ",", "．": ".", "：": ":"})


def script_variants(text: str) -> list[str]:
    """``text`` and, when it has Chinese characters, its Simplified and Traditional forms (what was read from a
    screenshot is in the script of the screenshot, not of the person searching)."""
    if not _HAN.search(text):
        return [text]
    from walletcare.faq.localized import to_simplified, to_traditional

    return list(dict.fromkeys([text, to_simplified(text), to_traditional(text)]))


def _simplified(text: str) -> str:
    """``text`` in Simplified characters when that keeps its length (so character offsets still hold)."""
    if not _HAN.search(text):
        return text
    from walletcare.faq.localized import to_simplified

    folded = to_simplified(text)
    return folded if len(folded) == len(text) else text


_HAN = re.compile(r"[\u3400-\u9fff]")


def hit_boxes(lines: tuple[OcrLine, ...], needle: str) -> list[tuple[int, tuple[int, int, int, int]]]:
    """Where ``needle`` shows on the picture: ``(page, (left, top, right, bottom))`` of the words that hold each
    match (case and spaces ignored; a line read without word boxes gives its whole box)."""
    wanted = _simplified("".join(needle.split()).lower().translate(_WIDE))
    if not wanted:
        return []
    out: list[tuple[int, tuple[int, int, int, int]]] = []
    for line in lines:
        if not line.words:
            if wanted in _simplified("".join(line.text.split()).lower()):
                xs, ys = [p[0] for p in line.box], [p[1] for p in line.box]
                out.append((line.page, (min(xs), min(ys), max(xs), max(ys))))
            continue
        joined = ""
        owner: list[int] = []  # for each character of ``joined``, the index of its word
        for index, (word, _rect) in enumerate(line.words):
            joined += _simplified(word.lower().translate(_WIDE))  # one character for one: ``owner`` stays aligned
            owner += [index] * len(word)
        at = joined.find(wanted)
        while at >= 0:
            rects = [line.words[i][1] for i in sorted(set(owner[at:at + len(wanted)]))]
            out.append((line.page, (min(r[0] for r in rects), min(r[1] for r in rects), max(r[2] for r in rects),
                                    max(r[3] for r in rects))))
            at = joined.find(wanted, at + len(wanted))
    return out
