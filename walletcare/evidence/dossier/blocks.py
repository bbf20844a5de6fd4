"""Building blocks every dossier section uses: paragraph styles in the dossier font, headings, key–value
tables, and data tables that repeat their header row and never overflow the page.

Table cells are plain strings wrapped here by measured width (cheap: about a quarter of the cost of a
Paragraph cell); ids, order numbers, hashes and addresses move to the next line whole, and one longer than a
line is cut at fixed groups with a continuation mark; CJK text breaks between characters, Latin text at
spaces where it can. Paragraphs are used for prose only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from walletcare.evidence.dossier.fonts import DossierFont

BODY_SIZE = 9.5
CELL_SIZE = 7.5
CELL_PAD = 3
GRID = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e6e9ee")


TOKEN_MIN = 12  # a run of letters and digits this long, with a digit, is an id, order number, hash or address
_TOKEN = re.compile(r"[0-9A-Za-z*]*[0-9][0-9A-Za-z*]*")  # (``*``: a value masked by the source or by redaction)
CONTINUED = " »"  # ends a line where a token too long for one line goes on


def _hyphenable(line: str) -> bool:
    """Whether the word ``line`` ends with may take a hyphen where it is cut: letters only (never a hash, an
    id or an amount, where a hyphen would read as part of the value), long enough to split."""
    word = line[line.rfind(" ") + 1 :]
    return len(word) > 3 and word.isascii() and word.isalpha()


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class _TokenSafeParagraph(Paragraph):
    """A paragraph holding an id, order number, hash or address: its lines are broken by ``Kit.wrap`` for the
    width it gets (ReportLab's CJK wrapping would cut such a token anywhere, leaving a digit on a line of its
    own)."""

    def __init__(self, raw: str, style: ParagraphStyle, kit: Kit) -> None:
        self._raw, self._kit, self._wrapped_for = raw, kit, -1.0
        self._wrapped = _markup(raw)
        super().__init__(self._wrapped, style)

    def _rewrap(self, availWidth: float) -> None:
        if availWidth != self._wrapped_for:
            style = self.style
            width = availWidth - style.leftIndent - style.rightIndent - 1
            self._wrapped = _markup(self._kit.wrap(self._raw, width, style.fontSize, max_lines=100_000))
            Paragraph.__init__(self, self._wrapped, style)
            self._wrapped_for = availWidth

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Breaks the lines for this width, then lays them out as usual."""
        self._rewrap(availWidth)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Splits across pages as a plain paragraph of the lines already broken for this width (ReportLab
        makes the parts with the paragraph's own class and arguments this class does not take)."""
        self._rewrap(availWidth)
        plain = Paragraph(self._wrapped, self.style)
        plain.wrap(availWidth, availHeight)
        parts: list[Any] = plain.split(availWidth, availHeight)
        return parts


@dataclass
class Kit:
    """The font, styles and frame width shared by all sections of one export."""

    lang: str
    font: DossierFont
    frame_width: float
    frame_height: float
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)
    _widths: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        name = self.font.name
        wrap = "CJK" if self.lang.startswith("zh") else None
        base = ParagraphStyle("body", fontName=name, fontSize=BODY_SIZE, leading=BODY_SIZE * 1.45, wordWrap=wrap)
        self.styles = {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
            "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, spaceAfter=6),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, leading=19, spaceAfter=10),
            "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=20, spaceBefore=8, spaceAfter=6, keepWithNext=1,
                                 textColor=colors.HexColor("#1d3557")),
            "h2": ParagraphStyle("h2", parent=base, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=3,
                                 keepWithNext=1),
            "transcript": ParagraphStyle("transcript", parent=base, fontSize=7.5, leading=10, leftIndent=6,
                                         borderPadding=(3, 4, 3, 4), borderWidth=0.4, borderColor=GRID,
                                         backColor=colors.HexColor("#f7f7f4"), spaceBefore=2),
            "warning": ParagraphStyle("warning", parent=base, fontSize=9, leading=13,
                                      textColor=colors.HexColor("#9b2226")),
        }

    # --- text -----------------------------------------------------------------------------------------
    def para(self, text: str, style: str = "body") -> Paragraph:
        """A paragraph of plain text (escaped; line breaks kept). Text with CJK characters wraps between them
        even in an English dossier (a Chinese name or address has no spaces to break at)."""
        chosen = self.styles[style]
        if chosen.wordWrap != "CJK" and any(ord(ch) >= 0x2E80 for ch in text):
            cjk = self.styles.get(f"{style}-cjk")
            if cjk is None:
                cjk = self.styles[f"{style}-cjk"] = ParagraphStyle(f"{style}-cjk", parent=chosen, wordWrap="CJK")
            chosen = cjk
        if any(m.end() - m.start() >= TOKEN_MIN for m in _TOKEN.finditer(text)):
            return _TokenSafeParagraph(text, chosen, self)
        return Paragraph(_markup(text), chosen)

    def heading(self, text: str) -> Paragraph:
        """A section heading (also a PDF outline entry)."""
        return self.para(text, "h1")

    def prose(self, text: str, style: str = "body") -> list[Any]:
        """Several paragraphs from text with blank-line or single-line breaks."""
        blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
        out: list[Any] = []
        for block in blocks:
            if block:
                out.extend((self.para(block, style), Spacer(1, 3)))
        return out

    # --- wrapping -------------------------------------------------------------------------------------
    def _char_width(self, ch: str, size: float) -> float:
        width = self._widths.get(ch)
        if width is None:
            width = stringWidth(ch, self.font.name, 1000)
            self._widths[ch] = width
        return width * size / 1000

    def wrap(self, text: str, width: float, size: float = CELL_SIZE, max_lines: int = 40) -> str:
        """``text`` with line breaks inserted so no line is wider than ``width`` points.

        An id, order number, hash or address (a run of at least ``TOKEN_MIN`` letters and digits with a digit
        in it) is never cut while it fits on a line: it moves to the next line whole. One longer than a line is
        cut at fixed groups of 8 (or 4) characters, each cut line ending with the continuation mark " »".

        Args:
            text: The cell text.
            width: The usable width in points.
            size: The font size.
            max_lines: Lines kept at most (a row must fit on one page); the cut is marked with "…".
        """
        lines: list[str] = []
        for raw in str(text).split("\n"):
            if stringWidth(raw, self.font.name, size) <= width:
                lines.append(raw)
                continue
            tokens = {m.start(): m.end() for m in _TOKEN.finditer(raw) if m.end() - m.start() >= TOKEN_MIN}
            line, line_w, last_space = "", 0.0, -1
            i = 0
            while i < len(raw):
                if i in tokens:
                    token, i = raw[i : tokens[i]], tokens[i]
                    token_w = stringWidth(token, self.font.name, size)
                    if line_w + token_w <= width:
                        line, line_w = line + token, line_w + token_w
                        continue
                    if line.strip():
                        lines.append(line.rstrip())
                    last_space = -1
                    if token_w <= width:
                        line, line_w = token, token_w
                        continue
                    parts = self._groups(token, width, size)
                    lines.extend(parts[:-1])
                    line = parts[-1]
                    line_w = stringWidth(line, self.font.name, size)
                    continue
                ch = raw[i]
                i += 1
                cw = self._char_width(ch, size)
                if line and line_w + cw > width:
                    if ch != " " and 0 < last_space < len(line) - 1 and ord(line[-1]) < 0x2E80:
                        lines.append(line[:last_space].rstrip())
                        line = line[last_space + 1 :]
                        line_w = stringWidth(line, self.font.name, size)
                    elif ch.isascii() and ch.isalpha() and _hyphenable(line):
                        lines.append(line[:-1] + "-")  # an English word cut in two is hyphenated (Receiv-ed)
                        line, line_w = line[-1], self._char_width(line[-1], size)
                    else:
                        lines.append(line.rstrip())
                        line, line_w = "", 0.0
                    last_space = -1
                    if ch == " " and not line:
                        continue
                if ch == " ":
                    last_space = len(line)
                line += ch
                line_w += cw
            lines.append(line)
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], "…"]
        return "\n".join(lines)

    def _groups(self, token: str, width: float, size: float) -> list[str]:
        """A token too long for one line, cut at groups of 8 characters (4 in a narrow column; single
        characters when not even 4 fit), every line but the last ending with the continuation mark."""
        font = self.font.name
        for group in (8, 4, 1):
            if stringWidth("W" * group + CONTINUED, font, size) <= width or group == 1:
                break
        chunks = [token[i : i + group] for i in range(0, len(token), group)]
        out: list[str] = []
        line = ""
        for chunk in chunks:
            if line and stringWidth(line + chunk + CONTINUED, font, size) > width:
                out.append(line + CONTINUED)
                line = ""
            line += chunk
        out.append(line)
        return out

    # --- tables ---------------------------------------------------------------------------------------
    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], fractions: Sequence[float],
              *, size: float = CELL_SIZE, extra_style: Sequence[tuple[Any, ...]] = (),
              cut: list[int] | None = None) -> Table:
        """A grid table filling the frame width, header repeated on every page, cells wrapped to fit.

        A cell too long for one page is cut (marked "…"); ``cut``, when given, receives the numbers of the rows
        (0-based, header not counted) that lost text, so the caller can print them whole elsewhere.
        """
        total = sum(fractions)
        widths = [self.frame_width * f / total for f in fractions]
        inner = [w - 2 * CELL_PAD - 0.5 for w in widths]
        data = [[self.wrap(h, inner[i], size) for i, h in enumerate(header)]]
        data.extend([self.wrap(str(cell), inner[i], size) for i, cell in enumerate(row)] for row in rows)
        if cut is not None:
            cut.extend(n for n, (row, wrapped) in enumerate(zip(rows, data[1:], strict=True))
                       if any(w.endswith("\n…") and not str(c).endswith("…") for c, w in zip(row, wrapped, strict=True)))
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.font.name, size, size * 1.25),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            *extra_style,
        ]))
        return table

    def key_values(self, rows: Sequence[tuple[str, str]], *, size: float = 9, key_fraction: float = 0.28,
                   width: float | None = None) -> Table | None:
        """A two-column label/value table of the rows whose value is not empty (None when all are)."""
        kept = [(k, v) for k, v in rows if v]
        if not kept:
            return None
        full = width or self.frame_width
        widths = [full * key_fraction, full * (1 - key_fraction)]
        data = [[self.wrap(k, widths[0] - 2 * CELL_PAD - 0.5, size), self.wrap(v, widths[1] - 2 * CELL_PAD - 0.5, size)]
                for k, v in kept]
        table = Table(data, colWidths=widths)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), self.font.name, size, size * 1.3),
            ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#44475a")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ]))
        return table
