"""Searching the text read from screenshots across scripts: a Traditional Chinese search finds a screenshot in
Simplified characters (and the other way round), with the hit outlined on the picture."""

from __future__ import annotations

import io

from walletcare.evidence.models import Case
from walletcare.evidence.ocr import OcrLine, OcrResult
from walletcare.evidence.readings import hit_boxes
from walletcare.evidence.store import Store


def _line(text: str, top: int) -> OcrLine:
    words = tuple((char, (10 + 20 * i, top, 30 + 20 * i, top + 30)) for i, char in enumerate(text))
    return OcrLine(text, 0.99, ((10, top), (10 + 20 * len(text), top), (10 + 20 * len(text), top + 30),
                                (10, top + 30)), 0, words)


def _read(store: Store, case: Case, name: str, texts: list[str]) -> tuple[int, tuple[OcrLine, ...]]:
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (60, 60 + len(name)), "white").save(png, "PNG")
    item, _dup = store.evidence.add(case.id, png.getvalue(), name)
    lines = tuple(_line(t, 40 * i) for i, t in enumerate(texts))
    store.readings.save(item.id, OcrResult(lines, 1, "test", "test"))
    return item.id, lines


def test_a_search_in_either_script_finds_the_screenshot(store: Store, case: Case) -> None:
    simplified, lines = _read(store, case, "wechat.png", ["已为您登记工单", "退款将原路退回"])
    traditional, _lines = _read(store, case, "line.png", ["您的訂單號碼", "退款處理中"])
    assert [h.evidence_id for h in store.readings.search("登記工單", case.id)] == [simplified]
    assert [h.evidence_id for h in store.readings.search("订单号码", case.id)] == [traditional]
    assert sorted(h.evidence_id for h in store.readings.search("退款", case.id)) == sorted([simplified, traditional])
    assert store.readings.search("工單號", case.id) == []
    assert hit_boxes(lines, "工單") == [(0, (110, 0, 150, 30))]  # 工 and 单, the 6th and 7th characters
    assert hit_boxes(lines, "工单") == hit_boxes(lines, "工單")
