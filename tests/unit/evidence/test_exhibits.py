"""Evidence intake: originals kept byte for byte, SHA-256, duplicates, derived copies, links and edits."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from PIL import Image

from walletcare.errors import InvalidInput, UsageError
from walletcare.evidence import database
from walletcare.evidence.exhibits import NewEvidence
from walletcare.evidence.media import PRINT_SIDE
from walletcare.evidence.models import Case, Contact, Transaction
from walletcare.evidence.store import Store

CN = timezone(timedelta(hours=8))


def png(width: int = 1080, height: int = 2400, colour: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    image.putpixel((5, 5), (255, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif(moment: str = "2024:03:01 09:30:00", offset: str | None = "+08:00") -> bytes:
    image = Image.new("RGB", (400, 300), (10, 200, 10))
    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = moment
    if offset:
        sub[0x9011] = offset
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_original_bytes_hash_and_copies(store: Store, case: Case) -> None:
    data = png()
    evidence, duplicate = store.evidence.add(case.id, data, "截图.png", caption="付款成功页面")
    assert not duplicate
    assert evidence.sha256 == hashlib.sha256(data).hexdigest() and evidence.size == len(data)
    assert evidence.mime == "image/png"
    assert store.evidence.data(evidence.id) == data
    thumb, thumb_bytes = store.evidence.derived(evidence.id, "thumbnail") or (None, b"")
    assert thumb is not None and max(thumb.width, thumb.height) <= 256
    assert thumb.sha256 == hashlib.sha256(thumb_bytes).hexdigest()
    printed, print_bytes = store.evidence.derived(evidence.id, "print") or (None, b"")
    assert printed is not None and printed.mime == "image/jpeg" and max(printed.width, printed.height) == PRINT_SIDE
    assert Image.open(io.BytesIO(print_bytes)).size == (printed.width, printed.height)
    assert store.evidence.get(evidence.id) == evidence
    assert store.evidence.list(case.id) == [evidence]


def test_same_bytes_twice_is_a_duplicate(store: Store, case: Case) -> None:
    first, dup1 = store.evidence.add(case.id, b"%PDF-1.4 statement", "a.pdf")
    again, dup2 = store.evidence.add(case.id, b"%PDF-1.4 statement", "copy of a.pdf")
    assert (dup1, dup2) == (False, True) and again.id == first.id
    assert len(store.evidence.list(case.id)) == 1
    other = store.cases.add(Case(0, "另一个案件"))
    _ev, dup3 = store.evidence.add(other.id, b"%PDF-1.4 statement", "a.pdf")
    assert not dup3


def test_files_larger_than_a_chunk_round_trip(store: Store, case: Case) -> None:
    from walletcare.evidence.exhibits import CHUNK

    big = bytes(range(256)) * (CHUNK * 2 // 256 + 7)  # two chunks and a bit
    for data, name in ((big, "statement.bin"), (big[:CHUNK], "exactly one chunk.bin"), (b"%PDF-1.4", "small.pdf")):
        evidence, _dup = store.evidence.add(case.id, data, name)
        assert store.evidence.data(evidence.id) == data
        assert evidence.sha256 == hashlib.sha256(data).hexdigest() and evidence.size == len(data)
    chunks = store.conn.execute("SELECT evidence_id, count(*) FROM evidence_chunks GROUP BY evidence_id ORDER BY 1")
    assert [n for _id, n in chunks] == [3, 1, 1]


def test_type_comes_from_content_not_name(store: Store, case: Case) -> None:
    ev, _dup = store.evidence.add(case.id, b"%PDF-1.7\n...", "photo.jpg")
    assert ev.mime == "application/pdf"
    assert store.evidence.derived(ev.id, "thumbnail") is None


def test_exif_capture_time_with_offset(store: Store, case: Case) -> None:
    ev, _dup = store.evidence.add(case.id, jpeg_with_exif(), "IMG_0001.JPG",
                                  file_mtime=datetime(2025, 1, 1, tzinfo=CN))
    assert ev.captured_at == datetime(2024, 3, 1, 9, 30, tzinfo=CN) and ev.captured_source == "exif"
    assert ev.file_modified == datetime(2025, 1, 1, tzinfo=CN)
    plain, _dup = store.evidence.add(case.id, b"typed note", "note.txt", file_mtime=datetime(2025, 1, 1, tzinfo=CN))
    # a modification time is not a capture time: copying a file changes it
    assert (plain.captured_at, plain.captured_source) == (None, "")
    assert store.evidence.get(plain.id).file_modified == datetime(2025, 1, 1, tzinfo=CN)


def test_damaged_image_is_refused_and_nothing_stored(store: Store, case: Case) -> None:
    data = png(200, 200)
    with pytest.raises(InvalidInput):
        store.evidence.add(case.id, data[: len(data) // 2], "broken.png")
    with pytest.raises(InvalidInput):
        store.evidence.add(case.id, b"", "empty.png")
    assert store.evidence.list(case.id) == []


def test_huge_image_is_kept_without_copies(store: Store, case: Case) -> None:
    image = Image.new("1", (12000, 12000))  # 144 megapixels, small as a 1-bit PNG
    out = io.BytesIO()
    image.save(out, "PNG")
    ev, _dup = store.evidence.add(case.id, out.getvalue(), "scan.png")
    assert ev.mime == "image/png" and store.evidence.data(ev.id) == out.getvalue()
    assert store.evidence.derived(ev.id, "print") is None
    assert store.evidence.last_problems[ev.id]


def test_links_and_caption_edits_keep_old_values(store: Store, case: Case) -> None:
    tx = store.transactions.add(Transaction(0, case.id, datetime(2024, 3, 1, tzinfo=CN), Decimal("5"), "CNY"))
    contact = store.contacts.add(Contact(0, case.id, "call", datetime(2024, 3, 2, tzinfo=CN), "客服"))
    ev, _dup = store.evidence.add(case.id, b"recording", "call.amr", caption="录音", linked_transactions=[tx.id])
    assert ev.linked_transactions == (tx.id,)
    edited = store.evidence.update(dataclasses.replace(ev, caption="客服录音", linked_contacts=(contact.id,),
                                                       file_name="renamed.amr", sha256="0" * 64))
    assert edited.caption == "客服录音" and edited.linked_contacts == (contact.id,)
    assert edited.file_name == "call.amr" and edited.sha256 == ev.sha256  # intake facts never change
    assert store.evidence.get(ev.id) == edited
    assert "录音" in store.audit.entries(case_id=case.id)[-1].detail
    other = store.cases.add(Case(0, "其他"))
    foreign = store.transactions.add(Transaction(0, other.id, datetime(2024, 3, 1, tzinfo=CN), Decimal("1"), "CNY"))
    with pytest.raises(UsageError):
        store.evidence.update(dataclasses.replace(edited, linked_transactions=(foreign.id,)))
    store.transactions.delete(tx.id)
    assert store.evidence.get(ev.id).linked_transactions == ()


def test_delete_removes_bytes_but_keeps_the_hash_in_the_trail(store: Store, case: Case) -> None:
    ev, _dup = store.evidence.add(case.id, png(100, 100), "a.png")
    store.evidence.delete(ev.id)
    assert store.evidence.list(case.id) == []
    assert store.conn.execute("SELECT count(*) FROM derived").fetchone()[0] == 0
    assert store.audit.entries(case_id=case.id)[-1].digest == ev.sha256


def test_add_many_in_parallel(store: Store, case: Case) -> None:
    items = [NewEvidence(png(600, 1200, (i, 50, 50)), f"s{i}.png") for i in range(4)]
    items.append(items[0])
    calls: list[tuple[int, int]] = []
    results = store.evidence.add_many(case.id, items, progress=lambda d, t: calls.append((d, t)))
    store.evidence.close()
    assert [dup for _e, dup in results] == [False, False, False, False, True]
    assert calls[-1] == (5, 5)
    for evidence, _dup in results:
        assert store.evidence.derived(evidence.id, "thumbnail") is not None
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -database.CACHE_KIB  # the batch cache is undone


def test_add_many_refuses_all_when_one_image_is_damaged(store: Store, case: Case) -> None:
    good, bad = png(300, 300), png(300, 300, (1, 2, 3))[:200]
    with pytest.raises(InvalidInput):
        store.evidence.add_many(case.id, [NewEvidence(good, "good.png"), NewEvidence(bad, "bad.png")])
    store.evidence.close()
    assert store.evidence.list(case.id) == []
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -database.CACHE_KIB
