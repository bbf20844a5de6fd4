"""Page 2 holds the contents and the exhibit index with the page each section and exhibit starts on; each
number is checked against the page the heading is really printed on (read back with pdfplumber)."""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any

import pdfplumber


def _lines(page: Any) -> list[str]:
    rows: dict[int, list[Any]] = {}
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        rows.setdefault(round(word["top"] / 3), []).append(word)
    return [" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"])) for _y, words in sorted(rows.items())]


def test_contents_and_exhibit_index_name_the_right_pages(rendered: dict[str, Any]) -> None:
    with pdfplumber.open(BytesIO(rendered["en"].pdf)) as pdf:
        texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
        contents = _lines(pdf.pages[1])[1:]  # (the page header first)
    assert contents[0] == "Contents", contents
    sections = [(m.group(1), int(m.group(2))) for line in contents
                if (m := re.fullmatch(r"\d+\. (.+?)[ .]*(\d+)", line))]
    exhibits = [(m.group(1), int(m.group(2))) for line in contents if (m := re.match(r"(E\d+) .* (\d+)$", line))]
    assert len(sections) >= 8 and len(exhibits) == 21, contents
    for title, page in sections:
        assert 3 <= page <= len(texts)
        assert title in texts[page - 1], (title, page)  # the heading is on the page the contents names
        # and not before it: no earlier page starts with that heading
        assert all(not text.split("Dispute dossier", 1)[-1].strip().startswith(title) for text in texts[2 : page - 1])
    for label, page in exhibits:
        assert f"{label} ·" in texts[page - 1], (label, page)
        assert all(f"{label} ·" not in text for text in texts[2 : page - 1])
    assert [p for _t, p in sections] == sorted(p for _t, p in sections)
