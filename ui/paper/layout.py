"""The building blocks of a printed form: cells that fit or wrap, labels,
numbered section bands, key/value grids, long rows and listings, and images
fitted to a box. The complaint form's builder is made of these."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from ui.paper.code_labels import code_label
from ui.paper.fonts import FontSet, coverage
from ui.paper.labels import labelled, labels
from ui.paper.page import CONTENT_WIDTH
from ui.paper.styles import (
    BAND,
    BODY_LEADING,
    BODY_SIZE,
    CELL_PADDING,
    GRID,
    INK,
    LABEL_FILL,
    LABEL_SIZE,
    MUTED,
    form_styles,
)
from ui.paper.text import CJK, clean_text, markup

LABEL_WIDTH = 27 * mm
# A table row splits across pages only when both parts keep this much height
# (else a split can leave an empty sliver of padding at the top of the next page).
MIN_SPLIT = 18
GRID_KEPT_ROWS = 3  # a grid of this many rows or fewer moves whole to the next page rather than split
VALUE_WIDTH = CONTENT_WIDTH / 2 - LABEL_WIDTH
BLANK = object()  # a table cell left empty on purpose (not "—", which says "nothing recorded")
SECTION_NUMBERS_ZH = "一二三四五六七八九十"
# A row or part continued on the next page says so beside what it continues (words of the form's language).
CONTINUED_MARK = {"zh_CN": "（续）", "en": "(cont.)"}


def continued_mark(language: str) -> str:
    """What a row or part continued from the page before says it is."""
    return CONTINUED_MARK.get(language, CONTINUED_MARK["zh_CN"])


def continued(label: str, language: str) -> str:
    """``label`` as the head of a row or part continued from the page before: 方案 2（续）, Proposal 2 (cont.)."""
    return f"{label}{continued_mark(language)}" if language == "zh_CN" else f"{label} {continued_mark(language)}"


class Captioned(Flowable):  # type: ignore[misc]  # reportlab is untyped (Any)
    """A part of a form headed by ``caption`` wherever it starts a page, and only there: 方案 2（续）above a
    proposal's office decision, or its remedies continued, which said nothing at the top of a page of the proposal
    they belonged to. Split, each piece is captioned the same way."""

    GAP = 1 * mm

    def __init__(self, caption: Flowable, content: Flowable) -> None:
        super().__init__()
        self.caption = caption
        self.content = content
        self.caption_height = 0.0
        self.avail_width = 0.0

    def _caption_height(self, availWidth: float, availHeight: float) -> float:  # noqa: N803 - reportlab's names
        # The frame placing or splitting it says whether it has drawn anything yet (measured by a KeepTogether,
        # it has no frame: no caption).
        frame = getattr(self, "_frame", None)
        if frame is None or not frame._atTop:
            return 0.0
        return float(self.caption.wrap(availWidth, availHeight)[1] + self.GAP)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.avail_width = availWidth
        self.caption_height = self._caption_height(availWidth, availHeight)
        width, height = self.content.wrap(availWidth, availHeight - self.caption_height)
        self.width, self.height = width, height + self.caption_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts = self.content.split(availWidth, availHeight - self._caption_height(availWidth, availHeight))
        return [Captioned(self.caption, part) for part in parts]

    def getSpaceBefore(self) -> float:  # noqa: N802 - reportlab's name
        return float(self.content.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.content.getSpaceAfter())

    def draw(self) -> None:
        content_height = self.height - self.caption_height
        self.content.drawOn(self.canv, 0, 0, _sW=self.avail_width - self.width)
        if self.caption_height:
            self.caption.drawOn(self.canv, 0, content_height + self.GAP)


class ContinuedTable(Table):  # type: ignore[misc]  # reportlab is untyped (Any)
    """A table whose rows split across pages, each continued row saying what it continues.

    A row cut by the page's end splits there, before any split between rows is tried: reportlab's own order
    (rows first) put the rest, header and all, on the same page, where it split again in the cut row, printing
    the header a second time in the middle of the page. ``carried`` holds, for each row of ``data`` (headers
    included), the cells its continuation shows where the split left them empty (its number, its label with
    "(cont.)"), or None."""

    def __init__(
        self,
        data: Sequence[Sequence[object]],
        *,
        carried: Sequence[Mapping[int, object] | None] = (),
        **options: Any,
    ) -> None:
        super().__init__(data, **options)
        self.carried: list[Mapping[int, object] | None] = list(carried) or [None] * len(data)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        self._calc(availWidth, availHeight)
        first = self._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans=1)
        heights = self._rowHeights
        # Only a row the page cuts splits inside: a row that fits stands before rows kept together (NOSPLIT).
        cut = first < len(heights) and sum(heights[: first + 1]) > availHeight
        parts: list[Flowable] = []
        for in_row in (True, False) if cut and self.splitInRow else (False, True):
            parts = self._splitRows(availHeight, doInRowSplit=in_row)
            if parts:
                break
        if len(parts) == 2:
            self._carry(*parts)
        return parts

    def _carry(self, top: ContinuedTable, rest: ContinuedTable) -> None:
        """Hand each part its rows' carried cells, and fill the continuation of a row split in two."""
        headers = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        kept = len(top._cellvalues)
        split_inside = kept + len(rest._cellvalues) - headers == len(self._cellvalues) + 1
        top.carried = self.carried[:kept]
        rest.carried = self.carried[:headers] + self.carried[kept - 1 if split_inside else kept :]
        carried = self.carried[kept - 1] if split_inside else None
        if not carried:
            return
        row = rest._cellvalues[headers]
        for column, cell in carried.items():
            if isinstance(row[column], str | list | tuple) and not row[column]:
                row[column] = cell
        # The continuation's height was the cut row's rest: measure it again with what it now carries.
        rest._argH = [*rest._argH[:headers], None, *rest._argH[headers + 1 :]]


class FormLayout:
    """Flowables in the form's look, its words in one language and its fonts."""

    def __init__(self, *, language: str, fonts: FontSet) -> None:
        self.language = language
        self.words = labels(language)
        self.fonts = fonts
        self.styles = form_styles(fonts.regular, fonts.bold)
        self.covered = coverage(fonts)
        self.sections = 0

    def text(self, value: object) -> str:
        return clean_text(value, covered=self.covered)

    def para(self, value: object, style: ParagraphStyle | None = None) -> Paragraph:
        """User text, escaped, in a paragraph that wraps Chinese anywhere and other text at spaces."""
        return self._paragraph(self.text(value) or self.words["empty"], style)

    def _paragraph(self, text: str, style: ParagraphStyle | None) -> Paragraph:
        return Paragraph(markup(text), style or self.body_style(text))

    def body_style(self, text: object) -> ParagraphStyle:
        """Chinese wraps anywhere (and keeps its punctuation off a line's start), other text at spaces."""
        return self.styles.body_cjk if CJK.search(str(text)) else self.styles.body

    def cell(self, value: object, width: float, style: ParagraphStyle | None = None) -> str | Flowable:
        """A table cell: plain text when it fits on one line (much cheaper to lay
        out than a paragraph), else a wrapping paragraph. Flowables pass through."""
        if isinstance(value, Flowable):
            return value
        if value is BLANK:
            return ""
        text = self.text(value) or self.words["empty"]
        if "\n" not in text and stringWidth(text, self.fonts.regular, BODY_SIZE) <= width - 2 * CELL_PADDING:
            return text
        return self._paragraph(text, style)

    def label(self, key: str, width: float = LABEL_WIDTH) -> str | Paragraph:
        text = self.words[key]
        if stringWidth(text, self.fonts.bold, LABEL_SIZE) <= width - 2 * CELL_PADDING:
            return text
        return Paragraph(escape(text), self.styles.label)

    def code(self, group: str, value: object) -> str:
        return code_label(group, value, self.language)

    def yes_no(self, value: object) -> str:
        return self.words["yes"] if value else self.words["no"]

    def table_style(
        self, commands: list[tuple[Any, ...]], labels_at: Sequence[tuple[int, int, int, int]] = ()
    ) -> TableStyle:
        """The grid's look; ``labels_at`` lists the (col, row, col, row) ranges that hold labels."""
        # Plain-string cells (even empty ones) would otherwise use reportlab's default Helvetica.
        base: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            ("FONTSIZE", (0, 0), (-1, -1), BODY_SIZE),
            ("LEADING", (0, 0), (-1, -1), BODY_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            *commands,
        ]
        for first_col, first_row, last_col, last_row in labels_at:
            start, stop = (first_col, first_row), (last_col, last_row)
            base += [
                ("BACKGROUND", start, stop, LABEL_FILL),
                ("FONTNAME", start, stop, self.fonts.bold),
                ("FONTSIZE", start, stop, LABEL_SIZE),
                ("TEXTCOLOR", start, stop, MUTED),
                # The smaller label then shares the first baseline of its value.
                ("TOPPADDING", start, stop, 3 + BODY_SIZE - LABEL_SIZE),
            ]
        return TableStyle(base)

    def heading(self, key: str) -> Flowable:
        self.sections += 1
        if self.language == "zh_CN" and self.sections <= len(SECTION_NUMBERS_ZH):
            title = f"{SECTION_NUMBERS_ZH[self.sections - 1]}、{self.words[key]}"
        else:
            title = f"{self.sections}. {self.words[key]}"
        band = Table([[Paragraph(escape(title), self.styles.heading)]], colWidths=[CONTENT_WIDTH])
        band.setStyle(
            self.table_style(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), BAND),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.8, MUTED),
                    ("LEFTPADDING", (0, 0), (-1, -1), 5),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        band.keepWithNext = True
        return band

    def grid(self, pairs: Sequence[tuple[str, object]]) -> Table:
        """Short fields as a four-column key/value grid; an odd last field's value runs across the row (not
        beside an empty label and value)."""
        cells = [(self.label(key), self.cell(value, VALUE_WIDTH)) for key, value in pairs]
        odd = len(cells) % 2 == 1
        if odd:
            key, value = pairs[-1]
            cells[-1] = (self.label(key), self.cell(value, CONTENT_WIDTH - LABEL_WIDTH))
            cells.append(("", ""))
        rows = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH])
        last = len(rows) - 1
        labels = [(0, 0, 0, last)]
        if not odd:
            labels.append((2, 0, 2, last))
        elif last:
            labels.append((2, 0, 2, last - 1))
        span = [("SPAN", (1, last), (3, last))] if odd else []
        # A short grid is never split: one row of it alone at the top of a page ("满意度 4 / 5" under 方案 1（续）)
        # said nothing of the rest.
        whole = [("NOSPLIT", (0, 0), (-1, last))] if len(rows) <= GRID_KEPT_ROWS else []
        table.setStyle(self.table_style([*GRID, *span, *whole], labels_at=labels))
        return table

    def sign_boxes(self, keys: Sequence[str]) -> Table:
        """A box to sign in for each of ``keys`` (the signer's label), side by side, each with room for a
        signature and its date: half the width each (a row of a grid left no room to sign in)."""

        def box(key: str) -> list[Flowable]:
            return [
                Paragraph(escape(self.words[key]), self.styles.label),
                Spacer(1, 14 * mm),
                Paragraph(escape(labelled(self.words, "date", "").rstrip()), self.styles.label),
            ]

        # Two halves across the form, as every table on it (one box: the other half left empty, unruled).
        cells: list[Any] = [box(key) for key in keys] + [""] * (2 - len(keys))
        table = Table([cells], colWidths=[CONTENT_WIDTH / 2] * 2)
        ruled = [command for command in GRID if command[0] != "GRID"]
        ruled.append(("GRID", (0, 0), (len(keys) - 1, 0), *GRID[0][3:]))
        table.setStyle(self.table_style(ruled))
        return table

    def long_rows(self, pairs: Sequence[tuple[str, object]]) -> list[Flowable]:
        """Long fields, label on the left, one table each so that a field taller than the rest of the page splits
        inside its row and flows on, its label carried with "(cont.)"."""
        tables: list[Flowable] = []
        width = CONTENT_WIDTH - LABEL_WIDTH
        for key, value in pairs:
            table = ContinuedTable(
                [[self.label(key), self.cell(value, width)]],
                colWidths=[LABEL_WIDTH, width],
                splitInRow=MIN_SPLIT,
                carried=[{0: self.carried_label(self.words[key])}],
            )
            table.setStyle(self.table_style(GRID, labels_at=[(0, 0, 0, -1)]))
            tables.append(table)
        return tables

    def carried_label(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        """A continued row's label or key: as on the page before, "(cont.)" under it (beside it, a narrow column
        broke it as 投诉内容（原话）（ / 续）)."""
        mark = escape(continued_mark(self.language))
        return Paragraph(f"{markup(self.text(text))}<br/>{mark}", style or self.styles.label)

    def part_caption(self, title: str) -> Paragraph:
        """The heading of a part continued on the next page (方案 2（续）)."""
        return Paragraph(escape(continued(title, self.language)), self.styles.subheading)

    def listing(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        style: Sequence[tuple[Any, ...]] = (),
        styles: Mapping[int, ParagraphStyle] | None = None,
        carry: Sequence[int] = (0,),
    ) -> Table:
        """A table with a grey header row repeated at the top of every page it spans; a row split over two pages
        shows its ``carry`` columns again on the next, "(cont.)" under the last; ``styles`` gives a paragraph style
        to some columns (right-aligned amounts)."""
        styles = styles or {}
        data: list[list[object]] = [[self.label(key, width) for key, width in zip(header, widths, strict=True)]]
        data.extend(
            [
                self.cell(value, width, styles.get(column))
                for column, (value, width) in enumerate(zip(row, widths, strict=True))
            ]
            for row in rows
        )
        carried: list[Mapping[int, object] | None] = [None]
        for row in rows:
            # Text only: not BLANK, not a flowable, not empty (printed "—").
            shown = [column for column in carry if isinstance(row[column], str) and row[column]]
            carried.append(
                {
                    column: self.carried_label(str(row[column]), styles.get(column) or self.body_style(row[column]))
                    if column == shown[-1]
                    else self.cell(row[column], widths[column], styles.get(column))
                    for column in shown
                }
            )
        table = ContinuedTable(data, colWidths=list(widths), repeatRows=1, splitInRow=MIN_SPLIT, carried=carried)
        table.setStyle(self.table_style([*GRID, *style], labels_at=[(0, 0, -1, 0)]))
        return table


def fitted_image(source: str | io.BytesIO, width: float, height: float, align: str = "LEFT") -> Image:
    """An image scaled to fit the box, keeping its proportions (raises OSError/ValueError when unreadable)."""
    reader = ImageReader(source)
    pixels_wide, pixels_high = reader.getSize()
    if pixels_wide <= 0 or pixels_high <= 0:
        raise ValueError("empty image")
    scale = min(width / pixels_wide, height / pixels_high)
    if isinstance(source, io.BytesIO):
        source.seek(0)
    image = Image(source, width=pixels_wide * scale, height=pixels_high * scale)
    image.hAlign = align
    return image
