"""The Markdown subset of help articles and its three renderings: the HTML subset QTextBrowser and the
dossier understand, readable terminal text (headings, lists and pipe tables laid out with East Asian
character widths), and plain text for search snippets. Supported: ``##``/``###`` headings, paragraphs,
``**bold**``, bullet and numbered lists, simple pipe tables, and links to ``article:<id>`` or
``wizard:<id>``. Anything else is kept as text, never interpreted — except code fences (```` ``` ````,
``~~~``) and inline-code backticks, which are outside the subset: the fence lines and backticks are dropped
so they never reach a reader (the lines inside stay, each as its own line; the validator reports them).
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d+)[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE = re.compile(r"`+([^`]*)`+")
_NO_LINE_START = frozenset("，。、；：！？）」』”’》〉】,.;:!?)")


@dataclass
class Block:
    """One block of the document: ``heading`` (level), ``para``, ``list`` (items with depth and marker) or
    ``table`` (rows)."""

    kind: str
    text: str = ""
    level: int = 0
    items: list[str] = field(default_factory=list)
    marks: list[tuple[int, str]] = field(default_factory=list)  # per item: (depth, "•" or "3.")
    rows: list[list[str]] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip() for c in inner.split("|")]


def parse(text: str) -> list[Block]:
    """Splits Markdown into blocks (inline markup is left in the text)."""
    blocks: list[Block] = []
    para: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")

    def flush() -> None:
        if para:
            blocks.append(Block("para", " ".join(p.strip() for p in para) if _latin(para) else "".join(
                p.strip() for p in para)))
            para.clear()

    i = 0
    fenced = False
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            flush()
            fenced = not fenced
            i += 1
            continue
        if fenced:  # a code block's lines, each shown as a line of its own
            if line.strip():
                blocks.append(Block("para", line.strip()))
            i += 1
            continue
        if not line.strip():
            flush()
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
            flush()
            rows = [_cells(line)]
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            blocks.append(Block("table", rows=rows))
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            flush()
            indent = len(line) - len(line.lstrip())
            if not blocks or blocks[-1].kind != "list" or blocks[-1].text == "closed":
                blocks.append(Block("list"))
                indent = 0
            depth = 1 if indent >= 2 else 0
            mark = "•" if bullet else f"{numbered.group(1)}."  # type: ignore[union-attr]
            blocks[-1].items.append((bullet or numbered).group(1 if bullet else 2).strip())  # type: ignore[union-attr]
            blocks[-1].marks.append((depth, mark))
        elif blocks and blocks[-1].kind == "list" and not para and line.startswith((" ", "\t")):
            blocks[-1].items[-1] += " " + line.strip()  # continuation of a list item
        else:
            if blocks and blocks[-1].kind == "list":
                blocks[-1].text = "closed"
            para.append(line)
        i += 1
    flush()
    return blocks


def _latin(lines: list[str]) -> bool:
    """Whether joined lines need a space (Latin text) rather than nothing (Chinese text)."""
    return any(ch.isascii() and ch.isalpha() for ch in "".join(lines)[-40:])


def inline_html(text: str) -> str:
    """Escapes ``text`` and turns ``**bold**`` and ``[text](article:id)`` links into HTML."""
    out = html.escape(_CODE.sub(r"\1", text), quote=False)
    out = _BOLD.sub(r"<b>\1</b>", out)

    def link(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("article:", "wizard:")):
            return f'<a href="{html.escape(target)}">{match.group(1)}</a>'
        return match.group(1)  # external links are not followed; the validator reports them

    return _LINK.sub(link, out)


def inline_plain(text: str) -> str:
    """Removes inline markup, keeping link texts."""
    return _BOLD.sub(r"\1", _LINK.sub(r"\1", _CODE.sub(r"\1", text)))


def to_html(text: str) -> str:
    """The HTML subset (h2/h3/p/b/ul/ol/li/table/tr/th/td/a) of a Markdown body."""
    parts: list[str] = []
    for block in parse(text):
        if block.kind == "heading":
            level = min(max(block.level, 2), 4)
            parts.append(f"<h{level}>{inline_html(block.text)}</h{level}>")
        elif block.kind == "para":
            parts.append(f"<p>{inline_html(block.text)}</p>")
        elif block.kind == "list":
            parts.append(_list_html(block))
        elif block.kind == "table":
            head, *rows = block.rows
            cells = "".join(f"<th>{inline_html(c)}</th>" for c in head)
            body = "".join("<tr>" + "".join(f"<td>{inline_html(c)}</td>" for c in row) + "</tr>" for row in rows)
            parts.append(f'<table border="1" cellpadding="4" cellspacing="0"><tr>{cells}</tr>{body}</table>')
    return "\n".join(parts)


def _list_html(block: Block) -> str:
    """Nested ``<ul>``/``<ol>`` for a list block (one level of nesting)."""
    out: list[str] = []
    open_tags: list[str] = []
    for item, (depth, mark) in zip(block.items, block.marks, strict=True):
        tag = "ul" if mark == "•" else "ol"
        while len(open_tags) > depth + 1:
            out.append(f"</li></{open_tags.pop()}>")
        if len(open_tags) == depth + 1 and open_tags[-1] != tag:
            out.append(f"</li></{open_tags.pop()}>")
        if len(open_tags) < depth + 1:
            start = f' start="{mark[:-1]}"' if tag == "ol" and mark != "1." else ""
            out.append(f"<{tag}{start}><li>")
            open_tags.append(tag)
        else:
            out.append("</li><li>")
        out.append(inline_html(item))
    while open_tags:
        out.append(f"</li></{open_tags.pop()}>")
    return "".join(out)


def to_plain(text: str) -> str:
    """Plain text, one line per block (table rows as cells joined by spaces)."""
    lines: list[str] = []
    for block in parse(text):
        if block.kind in ("heading", "para"):
            lines.append(inline_plain(block.text))
        elif block.kind == "list":
            lines.extend(inline_plain(item) for item in block.items)
        elif block.kind == "table":
            lines.extend(" ".join(inline_plain(c) for c in row) for row in block.rows)
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int, *, hang: bool = True) -> list[str]:
    """Wraps mixed Chinese/Latin text to ``width`` columns: breaks between Han characters or at spaces.

    With ``hang``, closing punctuation may stick out up to 2 columns rather than start a line.
    """
    width = max(width, 10)
    lines: list[str] = []
    current, used = "", 0
    for token in re.findall(r"[A-Za-z0-9_.,:;!?'\"()/%+\-@#&=<>]+|\s+|.", text):
        if token.isspace():
            if current:
                current, used = current + " ", used + 1
            continue
        w = display_width(token)
        hanging = hang and token in _NO_LINE_START and used + w <= width + 2  # no line starts with "，" or "。"
        if used + w > width and current.strip() and not hanging:
            lines.append(current.rstrip())
            current, used = "", 0
        current, used = current + token, used + w
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def _table_lines(rows: list[list[str]], width: int) -> list[str]:
    columns = max(len(r) for r in rows)
    rows = [[inline_plain(c) for c in r] + [""] * (columns - len(r)) for r in rows]
    natural = [max(display_width(r[c]) for r in rows) for c in range(columns)]
    budget = max(width - 3 * columns - 1, columns * 6)
    widths = natural[:]
    while sum(widths) > budget:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [rule]
    for index, row in enumerate(rows):
        wrapped = [wrap(cell, widths[c], hang=False) if cell else [""] for c, cell in enumerate(row)]
        for line_no in range(max(len(w) for w in wrapped)):
            cells = []
            for c, parts in enumerate(wrapped):
                piece = parts[line_no] if line_no < len(parts) else ""
                cells.append(" " + piece + " " * (widths[c] - display_width(piece)) + " ")
            out.append("|" + "|".join(cells) + "|")
        if index == 0:
            out.append(rule.replace("-", "="))
    out.append(rule)
    return out


def to_terminal(text: str, *, title: str = "", summary: str = "", width: int = 80) -> str:
    """The article laid out for a terminal: underlined headings, indented lists, boxed tables.

    Args:
        text: the Markdown body.
        title: printed first, double-underlined, when given.
        summary: printed under the title when given.
        width: terminal columns.
    """
    out: list[str] = []
    if title:
        out += [title, "=" * min(display_width(title), width), ""]
    if summary:
        out += [*wrap(summary, width), ""]
    for block in parse(text):
        if block.kind == "heading":
            heading = inline_plain(block.text)
            out += [heading, ("-" if block.level <= 2 else "·") * min(display_width(heading), width)]
        elif block.kind == "para":
            out += wrap(inline_plain(block.text), width)
        elif block.kind == "list":
            for item, (depth, mark) in zip(block.items, block.marks, strict=True):
                marker = "  " * (depth + 1) + mark + " "
                lines = wrap(inline_plain(item), width - len(marker))
                out.append(marker + lines[0])
                out += [" " * len(marker) + line for line in lines[1:]]
        elif block.kind == "table":
            out += _table_lines(block.rows, width)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
