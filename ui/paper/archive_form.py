"""The complaint handling record form (投诉处理记录表) as an A4 PDF, in the
spirit of GB/T 19012's complaint form, rendered with reportlab platypus from
``models.archive.printable_record(case)`` (plain JSON values, no database).

Every page carries the footer (page x / y, the short seal digest and a QR
code with the archive number and the full digest); an open case prints as a
draft marked 未归档 / NOT ARCHIVED on every page.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import io
import itertools
import logging
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from models.complaint import proposal_stage
from models.customer import mask_phone
from ui.paper.fonts import FontSet, cjk_fonts, coverage
from ui.paper.labels import code_label, form_language, labels

log = logging.getLogger("complaint_desk.paper")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 20 * mm
QR_X = PAGE_WIDTH - MARGIN - QR_SIZE
QR_Y = 5 * mm
QR_BORDER = 2  # modules of quiet zone inside QR_SIZE
QR_LEVEL = "M"
BOTTOM_MARGIN = QR_Y + QR_SIZE + 4 * mm
FOOTER_RULE_Y = BOTTOM_MARGIN - 1.5 * mm
HEADER_BASELINE = PAGE_HEIGHT - 11 * mm
SHORT_DIGEST = 16
# A demo database's forms say so on every page, in both languages whatever the form's language:
# a demo printout must never pass for a real record.
DEMO_MARK = "演示数据 / DEMO DATA"
DEMO_MARK_BASELINE = 7 * mm  # from the top edge, above the running header
SIGNATURE_BOX = (60 * mm, 25 * mm)
LOGO_BOX = (36 * mm, 16 * mm)

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8c8c8c")
BAND = colors.HexColor("#e6e6e6")
LABEL_FILL = colors.HexColor("#f4f4f4")
DRAFT_RED = colors.HexColor("#c62828")
WATERMARK = colors.HexColor("#f6d5d5")

BODY_SIZE, BODY_LEADING, LABEL_SIZE = 9.5, 13, 8.5
CELL_PADDING = 4
LABEL_WIDTH = 27 * mm
# A table row splits across pages only when both parts keep this much height
# (else a split can leave an empty sliver of padding at the top of the next page).
MIN_SPLIT = 18
VALUE_WIDTH = CONTENT_WIDTH / 2 - LABEL_WIDTH

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# Control, format (bidi marks, zero-width joiners), surrogate, private and
# unassigned characters either break reportlab or print as boxes.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ALWAYS_PRINTABLE = frozenset(" \n\u00a0")
MISSING_GLYPH = "\u25a1"
BLANK = object()  # a table cell left empty on purpose (not "—", which says "nothing recorded")
_SECTION_NUMBERS_ZH = "一二三四五六七八九十"


# --------------------------------------------------------------------------- text


def clean_text(value: object, *, covered: Container[int] | None = None) -> str:
    """User text as reportlab can print it: unified line ends, tabs as spaces,
    no control or invisible format characters, and a visible □ for every
    character the font cannot draw (emoji, scripts it lacks); ``covered`` holds
    the font's code points. A missing glyph would print as nothing and upset
    pdftotext's reading order; a box shows the reader something was there."""
    if value is None:
        return ""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = [c for c in text if c == "\n" or unicodedata.category(c) not in _DROPPED_CATEGORIES]
    if covered is not None:
        kept = [c if c in _ALWAYS_PRINTABLE or ord(c) in covered else MISSING_GLYPH for c in kept]
    return "".join(kept)


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _time(value: object) -> str:
    if not value:
        return ""
    try:
        return dt.datetime.fromisoformat(str(value)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)


def _money(value: object) -> str:
    try:
        return f"{float(str(value)):,.2f}"
    except ValueError:
        return str(value)


def _person(value: object) -> str:
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("username") or "")
    return "" if value is None else str(value)


def qr_payload(record: Mapping[str, Any]) -> str | None:
    """What the footer's QR code says: the archive number and the full seal
    digest, or None for a case that is not sealed."""
    seal = record.get("seal") or {}
    number, digest = record.get("archive_number"), seal.get("digest")
    if not number or not digest:
        return None
    return f"{number} {digest}"


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    body_cjk: ParagraphStyle
    label: ParagraphStyle
    right: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    organisation: ParagraphStyle
    title: ParagraphStyle
    number_label: ParagraphStyle
    number: ParagraphStyle
    draft: ParagraphStyle
    meta: ParagraphStyle


@functools.lru_cache(maxsize=4)
def _styles(regular: str, bold: str) -> _Styles:
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=BODY_SIZE, leading=BODY_LEADING, textColor=INK, splitLongWords=1
    )
    return _Styles(
        body=body,
        body_cjk=ParagraphStyle("body_cjk", parent=body, wordWrap="CJK"),
        label=ParagraphStyle("label", parent=body, fontName=bold, fontSize=LABEL_SIZE, leading=11, textColor=MUTED),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        heading=ParagraphStyle("heading", parent=body, fontName=bold, fontSize=11, leading=14),
        subheading=ParagraphStyle("subheading", parent=body, fontName=bold, fontSize=10, leading=13),
        organisation=ParagraphStyle(
            "organisation", parent=body, fontName=bold, fontSize=12, leading=16, alignment=TA_CENTER, wordWrap="CJK"
        ),
        title=ParagraphStyle("title", parent=body, fontName=bold, fontSize=17, leading=22, alignment=TA_CENTER),
        number_label=ParagraphStyle("number_label", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        number=ParagraphStyle("number", parent=body, fontName=bold, fontSize=15, leading=19),
        draft=ParagraphStyle(
            "draft", parent=body, fontName=bold, fontSize=12, leading=16, textColor=DRAFT_RED, alignment=TA_CENTER
        ),
        meta=ParagraphStyle("meta", parent=body, fontSize=8.5, leading=11, textColor=MUTED, wordWrap="CJK"),
    )


_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
]


# --------------------------------------------------------------------------- page decoration


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end so every footer can say "page x / y"."""

    def __init__(self, *args: Any, decoration: _Decoration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decoration = decoration
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        # Forms are drawn between pages; the pages refer to them by name.
        self._decoration.define_forms(self)
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decoration.page_number(self, number, total)
            super().showPage()
        super().save()


def draw_demo_mark(canvas: Canvas, font: str, page_width: float, page_height: float) -> None:
    """The demo database's stamp, boxed in red, centred in the top margin."""
    size = 10
    width = canvas.stringWidth(DEMO_MARK, font, size)
    baseline = page_height - DEMO_MARK_BASELINE
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setStrokeColor(DRAFT_RED)
    canvas.setLineWidth(0.8)
    canvas.rect(page_width / 2 - width / 2 - 2 * mm, baseline - 1.6 * mm, width + 4 * mm, 5.6 * mm, stroke=1, fill=0)
    canvas.setFont(font, size)
    canvas.drawCentredString(page_width / 2, baseline, DEMO_MARK)
    canvas.restoreState()


class _Decoration:
    """The page callbacks: running header, draft watermark and footer."""

    QR_FORM = "seal_qr"

    def __init__(
        self, record: Mapping[str, Any], words: Mapping[str, str], fonts: FontSet, organisation: str, demo: bool
    ) -> None:
        self.demo = demo
        self.words = words
        self.fonts = fonts
        self.number = str(record.get("archive_number") or "")
        seal = record.get("seal") or {}
        self.digest = str(seal.get("digest") or "")
        self.draft = not (self.number and self.digest)
        self.header = words["printed_form_of"].format(organisation=clean_text(organisation, covered=coverage(fonts)))
        payload = qr_payload(record)
        self.qr = None if payload is None else _qr_widget(payload)

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if self.draft:
            self._watermark(canvas)
        if canvas.getPageNumber() > 1:
            self._running_header(canvas)
        if self.demo:
            draw_demo_mark(canvas, self.fonts.bold, PAGE_WIDTH, PAGE_HEIGHT)
        self._footer(canvas)
        canvas.restoreState()

    def _watermark(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFont(self.fonts.bold, 54)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, -18, self.words["draft_mark"])
        canvas.restoreState()

    def _running_header(self, canvas: Canvas) -> None:
        right_text, right_font, right_size = (
            (self.words["draft_mark"], self.fonts.bold, 9) if self.draft else (self.number, self.fonts.bold, 10)
        )
        room = CONTENT_WIDTH - canvas.stringWidth(right_text, right_font, right_size) - 6 * mm
        size = 8.5
        width = canvas.stringWidth(self.header, self.fonts.regular, size)
        if width > room:
            size = max(5.0, size * room / width)
        canvas.setFont(self.fonts.regular, size)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, HEADER_BASELINE, self.header)
        canvas.setFillColor(DRAFT_RED if self.draft else INK)
        canvas.setFont(right_font, right_size)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, HEADER_BASELINE, right_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, HEADER_BASELINE - 2.5 * mm, PAGE_WIDTH - MARGIN, HEADER_BASELINE - 2.5 * mm)

    def _footer(self, canvas: Canvas) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, FOOTER_RULE_Y, PAGE_WIDTH - MARGIN, FOOTER_RULE_Y)
        canvas.setFont(self.fonts.regular, 8)
        canvas.setFillColor(MUTED)
        if self.draft:
            canvas.setFillColor(DRAFT_RED)
            canvas.drawString(MARGIN, QR_Y + 11 * mm, f"{self.words['digest']}: {self.words['not_sealed']}")
            canvas.drawString(MARGIN, QR_Y + 6.5 * mm, self.words["draft_mark"])
        else:
            canvas.drawString(MARGIN, QR_Y + 11 * mm, f"{self.words['digest']}: {self.digest[:SHORT_DIGEST]}")
            canvas.drawString(MARGIN, QR_Y + 6.5 * mm, f"{self.words['archive_number']}: {self.number}")
        if self.qr is not None:
            canvas.saveState()
            canvas.translate(QR_X, QR_Y)
            canvas.doForm(self.QR_FORM)
            canvas.restoreState()

    def define_forms(self, canvas: Canvas) -> None:
        """The QR code once per document, as a form XObject every page shows.

        The widget encodes; its modules are filled here as one path, in the
        widget's own geometry. Drawing the widget itself builds and validates
        a shape per run of dark modules, which cost more than the rest of the
        page furniture together."""
        if self.qr is None:
            return
        qr = self.qr.qr
        qr.make()
        count = qr.getModuleCount()
        module = QR_SIZE / (count + 2 * QR_BORDER)
        canvas.beginForm(self.QR_FORM, 0, 0, QR_SIZE, QR_SIZE)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for row, modules in enumerate(qr.modules):
            column = 0
            for dark, run in itertools.groupby(modules, key=bool):
                length = len(list(run))
                if dark:
                    x = (column + QR_BORDER) * module
                    y = QR_SIZE - (row + QR_BORDER + 1) * module
                    path.rect(x, y, length * module, module)
                column += length
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.endForm()

    def page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFont(self.fonts.regular, 8.5)
        canvas.setFillColor(INK)
        canvas.drawCentredString(PAGE_WIDTH / 2, QR_Y + 8.5 * mm, self.words["page"].format(page=page, pages=pages))
        canvas.restoreState()


def _qr_widget(payload: str) -> QrCodeWidget:
    """reportlab's QR widget (error correction M: a crease or a stain on filed paper still scans)."""
    return QrCodeWidget(payload, barLevel=QR_LEVEL)


# --------------------------------------------------------------------------- the form's body


class _FormBuilder:
    """Turns one printable record into the story of flowables."""

    def __init__(
        self,
        record: Mapping[str, Any],
        *,
        language: str,
        organisation: str,
        full_phone: bool,
        logo: str | None,
        fonts: FontSet,
    ) -> None:
        self.record = record
        self.language = language
        self.words = labels(language)
        self.organisation = organisation
        self.full_phone = full_phone
        self.logo = logo
        self.fonts = fonts
        self.styles = _styles(fonts.regular, fonts.bold)
        self.covered = coverage(fonts)
        self.sections = 0
        # The record names only the case's own department; other charged-to departments print as codes.
        code, name = record.get("department"), record.get("department_name")
        self.department_names = {code: name} if code and name else {}

    # -- small pieces

    def text(self, value: object) -> str:
        return clean_text(value, covered=self.covered)

    def para(self, value: object, style: ParagraphStyle | None = None) -> Paragraph:
        """User text, escaped, in a paragraph that wraps Chinese anywhere and other text at spaces."""
        return self._paragraph(self.text(value) or self.words["empty"], style)

    def _paragraph(self, text: str, style: ParagraphStyle | None) -> Paragraph:
        if style is None:
            style = self.styles.body_cjk if _CJK.search(text) else self.styles.body
        return Paragraph(_markup(text), style)

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
        return code_label(self.language, group, value)

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
        if self.language == "zh_CN" and self.sections <= len(_SECTION_NUMBERS_ZH):
            title = f"{_SECTION_NUMBERS_ZH[self.sections - 1]}、{self.words[key]}"
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
        """Short fields as a four-column key/value grid."""
        cells = [(self.label(key), self.cell(value, VALUE_WIDTH)) for key, value in pairs]
        if len(cells) % 2:
            cells.append(("", ""))
        rows = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[LABEL_WIDTH, VALUE_WIDTH, LABEL_WIDTH, VALUE_WIDTH])
        table.setStyle(self.table_style(_GRID, labels_at=[(0, 0, 0, -1), (2, 0, 2, -1)]))
        return table

    def long_rows(self, pairs: Sequence[tuple[str, object]]) -> list[Flowable]:
        """Long fields, label on the left, one table each so that a field taller
        than the rest of the page splits inside its row and flows on."""
        tables: list[Flowable] = []
        width = CONTENT_WIDTH - LABEL_WIDTH
        for key, value in pairs:
            table = Table(
                [[self.label(key), self.cell(value, width)]], colWidths=[LABEL_WIDTH, width], splitInRow=MIN_SPLIT
            )
            table.setStyle(self.table_style(_GRID, labels_at=[(0, 0, 0, -1)]))
            tables.append(table)
        return tables

    def listing(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        style: Sequence[tuple[Any, ...]] = (),
        styles: Mapping[int, ParagraphStyle] | None = None,
    ) -> Table:
        """A table with a grey header row repeated on every page it spans;
        ``styles`` gives a paragraph style to some columns (right-aligned amounts)."""
        styles = styles or {}
        data: list[list[object]] = [[self.label(key, width) for key, width in zip(header, widths, strict=True)]]
        data.extend(
            [
                self.cell(value, width, styles.get(column))
                for column, (value, width) in enumerate(zip(row, widths, strict=True))
            ]
            for row in rows
        )
        table = Table(data, colWidths=list(widths), repeatRows=1, splitInRow=MIN_SPLIT)
        table.setStyle(self.table_style([*_GRID, *style], labels_at=[(0, 0, -1, 0)]))
        return table

    # -- the sections

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [*self.title_block(), Spacer(1, 3 * mm)]
        for section in (
            self.receipt,
            self.investigation,
            self.resolution,
            self.consent,
            self.closing,
            self.amendments,
            self.history,
        ):
            parts = section()
            if parts:
                story.extend([*parts, Spacer(1, 4 * mm)])
        story.append(self.sign_off())
        return story

    def title_block(self) -> list[Flowable]:
        record, styles, words = self.record, self.styles, self.words
        logo = self.logo_image() or ""
        middle = [Paragraph(_markup(self.text(self.organisation)), styles.organisation), Spacer(1, 1.5 * mm)]
        middle.append(Paragraph(escape(words["title"]), styles.title))
        number = record.get("archive_number")
        if number and record.get("seal"):
            box: list[Flowable] = [
                Paragraph(escape(words["archive_number"]), styles.number_label),
                Paragraph(escape(self.text(number)), styles.number),
            ]
            box_style = [("BOX", (2, 0), (2, 0), 1, INK)]
        else:
            box = [Paragraph(escape(words["draft_mark"]), styles.draft)]
            box_style = [("BOX", (2, 0), (2, 0), 1.5, DRAFT_RED)]
        logo_width, box_width = 38 * mm, 50 * mm
        head = Table([[logo, middle, box]], colWidths=[logo_width, CONTENT_WIDTH - logo_width - box_width, box_width])
        head.setStyle(
            self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, 0), (0, 0), "LEFT"),
                    ("LEFTPADDING", (0, 0), (0, 0), 0),
                    ("LEFTPADDING", (2, 0), (2, 0), 6),
                    ("TOPPADDING", (2, 0), (2, 0), 4),
                    ("BOTTOMPADDING", (2, 0), (2, 0), 6),
                    *box_style,
                ]
            )
        )
        seal = record.get("seal") or {}
        meta = [
            f"{words['case_id']}: {record.get('id', '')}",
            f"{words['state']}: {self.code('state', record.get('state'))}",
        ]
        if seal.get("sealed_at"):
            meta.append(f"{words['sealed_at']}: {_time(seal['sealed_at'])}")
        spaced = "&nbsp;&nbsp;&nbsp;&nbsp;".join(escape(item) for item in meta)
        flowables: list[Flowable] = [head, Spacer(1, 2 * mm), Paragraph(spaced, styles.meta)]
        if not seal:
            flowables.append(
                Paragraph(escape(words["draft_note"]), ParagraphStyle("note", styles.meta, textColor=DRAFT_RED))
            )
        return flowables

    def logo_image(self) -> Image | None:
        if not self.logo:
            return None
        try:
            return _fitted_image(self.logo, *LOGO_BOX, align="LEFT")
        except (OSError, ValueError) as error:
            log.warning("cannot print the logo %s: %s", self.logo, error)
            return None

    def receipt(self) -> list[Flowable]:
        record = self.record
        customer = record.get("customer") or {}
        phone = self.text(customer.get("phone") or "")
        if phone and not self.full_phone:
            phone = mask_phone(phone)
        promised = _time(record.get("promised_at"))
        if promised and record.get("promised_minutes"):
            promised = self.words["time_and_minutes"].format(time=promised, minutes=record["promised_minutes"])
        grid = self.grid(
            [
                ("received_at", _time(record.get("received_at"))),
                ("received_by", _person(record.get("received_by"))),
                ("promised_at", promised),
                ("channel", self.code("channel", record.get("channel"))),
                ("closed_at", _time(record.get("closed_at"))),
                ("closed_by", _person(record.get("closed_by"))),
                ("customer", customer.get("name") or ""),
                ("phone", phone),
                ("location", record.get("location") or ""),
                ("moved_to_private", self.yes_no(record.get("moved_to_private"))),
                ("category", record.get("category_name") or record.get("category") or ""),
                ("severity", self.code("severity", record.get("severity"))),
            ]
        )
        rows = [("narrative", record.get("narrative")), ("demand", record.get("demand"))]
        return [self.heading("section_receipt"), grid, *self.long_rows(rows)]

    def investigation(self) -> list[Flowable]:
        record = self.record
        grid = self.grid(
            [
                ("department", record.get("department_name") or record.get("department") or ""),
                ("liability", self.code("liability", record.get("liability"))),
                ("staff_involved", record.get("staff_involved") or ""),
                ("acknowledged", self.yes_no(record.get("acknowledged"))),
            ]
        )
        rows: list[tuple[str, object]] = [("findings", record.get("findings"))]
        files = record.get("attachments") or []
        if files:
            listed = "\n".join(
                self.words["file_and_size"].format(name=item.get("filename", ""), size=item.get("size", 0))
                for item in files
            )
            rows.append(("attachments", listed))
        return [self.heading("section_investigation"), grid, *self.long_rows(rows)]

    def resolution(self) -> list[Flowable]:
        record = self.record
        parts: list[Flowable] = [self.heading("section_resolution")]
        if record.get("handoff_note"):
            parts.extend([*self.long_rows([("handoff_note", record["handoff_note"])]), Spacer(1, 2 * mm)])
        proposals = record.get("proposals") or []
        if not proposals:
            parts.append(self.para(self.words["no_proposal"]))
        for proposal in proposals:
            parts.extend(self.proposal(proposal))
        return parts

    def proposal(self, proposal: Mapping[str, Any]) -> list[Flowable]:
        words = self.words
        # Records of format 1 keep no answer per proposal: their status is the last word on it.
        answers_kept = "answer" in proposal
        title = words["proposal"].format(seq=proposal.get("seq", ""))
        if answers_kept:
            status, decision = str(proposal.get("status") or ""), str(proposal.get("decision") or "")
            stage = proposal_stage(status, decision, bool(proposal.get("needs_office")))
            title += " · " + self.code("proposal_stage", stage)
        else:
            title += " · " + self.code("proposal_status", proposal.get("status"))
        parts: list[Flowable] = [Spacer(1, 1.5 * mm), Paragraph(escape(title), self.styles.subheading)]
        parts[-1].keepWithNext = True
        parts.append(Spacer(1, 1 * mm))
        parts[-1].keepWithNext = True
        parts.append(
            self.grid(
                [
                    ("created_by", self.proposer(proposal)),
                    ("created_at", _time(proposal.get("created_at"))),
                    ("needs_office", self.yes_no(proposal.get("needs_office"))),
                    ("total", _money(proposal.get("total", "0"))),
                ]
            )
        )
        if proposal.get("explanation"):
            parts.extend(self.long_rows([("explanation", proposal["explanation"])]))
        parts.append(self.remedies(proposal))
        if proposal.get("decision"):
            parts.append(
                self.grid(
                    [
                        ("office_decision", self.code("decision", proposal.get("decision"))),
                        ("decided_by", _person(proposal.get("decided_by"))),
                        ("decided_at", _time(proposal.get("decided_at"))),
                    ]
                )
            )
            if proposal.get("decision_note"):
                parts.extend(self.long_rows([("decision_note", proposal["decision_note"])]))
        if proposal.get("answer"):
            parts.extend(self.answer(proposal))
        return parts

    def proposer(self, proposal: Mapping[str, Any]) -> str:
        """Who made the proposal; the office's own remedy (created and decided by
        the same office account) says so, since the desk did not offer it."""
        person = _person(proposal.get("created_by"))
        creator, decider = proposal.get("created_by"), proposal.get("decided_by")
        if (
            proposal.get("decision")
            and isinstance(creator, Mapping)
            and isinstance(decider, Mapping)
            and creator.get("username") == decider.get("username")
        ):
            return self.words["office_account"].format(name=person)
        return person

    def answer(self, proposal: Mapping[str, Any]) -> list[Flowable]:
        """The customer's answer to this proposal, with what they asked for instead."""
        satisfaction = proposal.get("satisfaction")
        pairs: list[tuple[str, object]] = [
            ("customer_answer", self.code("consent", proposal.get("answer"))),
            ("answered_at", _time(proposal.get("answered_at"))),
        ]
        if satisfaction is not None:
            pairs.append(("satisfaction", self.words["satisfaction_value"].format(value=satisfaction)))
        parts: list[Flowable] = [self.grid(pairs)]
        if proposal.get("counter_demand"):
            parts.extend(self.long_rows([("counter_demand", proposal["counter_demand"])]))
        return parts

    def remedies(self, proposal: Mapping[str, Any]) -> Table:
        lines = proposal.get("lines") or []
        widths = [11 * mm, 36 * mm, CONTENT_WIDTH - (11 + 36 + 27 + 32) * mm, 27 * mm, 32 * mm]
        header = ["line_no", "remedy", "description", "amount", "charged_to"]
        rows: list[list[object]] = [
            [
                str(number),
                line.get("remedy_name") or line.get("remedy") or "",
                line.get("description") or "",
                _money(line.get("amount", "0")),
                line.get("charged_to_name")
                or self.department_names.get(line.get("charged_to"), line.get("charged_to") or ""),
            ]
            for number, line in enumerate(lines, start=1)
        ]
        if not rows:
            rows.append([BLANK, self.words["no_lines"], BLANK, BLANK, BLANK])
        total_row = len(rows) + 1
        rows.append([self.words["total"], BLANK, BLANK, _money(proposal.get("total", "0")), BLANK])
        return self.listing(
            header,
            rows,
            widths,
            style=[
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                ("SPAN", (0, total_row), (2, total_row)),
                ("BACKGROUND", (0, total_row), (-1, total_row), LABEL_FILL),
                ("FONTNAME", (0, total_row), (-1, total_row), self.fonts.bold),
            ],
            styles={3: self.styles.right},
        )

    def consent(self) -> list[Flowable]:
        record = self.record
        satisfaction = record.get("satisfaction")
        grid = self.grid(
            [
                ("consent", self.code("consent", record.get("consent"))),
                ("consent_at", _time(record.get("consent_at"))),
                (
                    "satisfaction",
                    self.words["satisfaction_value"].format(value=satisfaction) if satisfaction is not None else "",
                ),
                ("witness", record.get("witness") or ""),
            ]
        )
        rows: list[tuple[str, object]] = []
        proposals = record.get("proposals") or []
        answers_kept = bool(proposals) and all("answer" in proposal for proposal in proposals)
        # Each counter-demand prints with the proposal it answered; older records hold only the last one here.
        if record.get("counter_demand") and not answers_kept:
            rows.append(("counter_demand", record["counter_demand"]))
        rows.append(("signature", self.signature()))
        return [self.heading("section_consent"), grid, *self.long_rows(rows)]

    def signature(self) -> Flowable:
        record = self.record
        encoded = record.get("signature_png")
        if encoded:
            try:
                return _fitted_image(io.BytesIO(base64.b64decode(str(encoded), validate=True)), *SIGNATURE_BOX)
            except (OSError, ValueError, binascii.Error) as error:
                log.warning("cannot print the signature of case %s: %s", record.get("id"), error)
                return self.para(self.words["signature_unreadable"])
        if record.get("witness"):
            return self.para(f"{self.words['witness']}: {self.text(record['witness'])}")
        return self.para(self.words["no_signature"])

    def closing(self) -> list[Flowable]:
        record = self.record
        follow_ups = record.get("follow_ups") or []
        parts: list[Flowable] = [self.heading("section_follow_up")]
        if follow_ups:
            rows = [
                [self.code("follow_up", item.get("kind")), _time(item.get("due_at")), item.get("description") or ""]
                for item in follow_ups
            ]
            widths = [32 * mm, 32 * mm, CONTENT_WIDTH - 64 * mm]
            parts.append(self.listing(["follow_up_kind", "due_at", "follow_up_description"], rows, widths))
        else:
            parts.extend(self.long_rows([("follow_ups", self.words["no_follow_ups"])]))
        rows_long: list[tuple[str, object]] = [("improvement_suggestion", record.get("improvement_suggestion"))]
        if record.get("withdrawn_reason"):
            rows_long.append(("withdrawn_reason", record["withdrawn_reason"]))
        parts.extend(self.long_rows(rows_long))
        return parts

    def amendments(self) -> list[Flowable]:
        amendments = self.record.get("amendments") or []
        if not amendments:
            return []
        rows = []
        for amendment in amendments:
            corrections = amendment.get("corrections") or {}
            listed = "\n".join(f"{self.words.get(str(key), key)}: {value}" for key, value in corrections.items())
            rows.append(
                [_time(amendment.get("at")), _person(amendment.get("by")), amendment.get("reason") or "", listed]
            )
        widths = [32 * mm, 24 * mm, 48 * mm, CONTENT_WIDTH - 104 * mm]
        return [
            self.heading("section_amendments"),
            self.listing(["amended_at", "amended_by", "reason", "corrections"], rows, widths),
        ]

    def history(self) -> list[Flowable]:
        events = self.record.get("history") or []
        if not events:
            return []
        rows = [
            [_time(event.get("at")), self.code("action", event.get("action")), event.get("by") or ""]
            for event in events
        ]
        widths = [32 * mm, CONTENT_WIDTH - 72 * mm, 40 * mm]
        return [
            self.heading("section_history"),
            self.listing(["history_at", "history_action", "history_by"], rows, widths),
        ]

    def sign_off(self) -> Flowable:
        words = self.words

        def box(key: str) -> list[Flowable]:
            return [
                Paragraph(escape(words[key]), self.styles.label),
                Spacer(1, 14 * mm),
                Paragraph(escape(f"{words['date']}:"), self.styles.label),
            ]

        half = CONTENT_WIDTH / 2
        table = Table([[box("duty_manager_sign"), box("office_sign")]], colWidths=[half, half])
        table.setStyle(self.table_style(_GRID))
        return KeepTogether([Spacer(1, 2 * mm), table])


def _fitted_image(source: str | io.BytesIO, width: float, height: float, align: str = "LEFT") -> Image:
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


# --------------------------------------------------------------------------- public API


def render_archive_form(
    record: Mapping[str, Any],
    *,
    organisation: str,
    language: str = "zh_CN",
    full_phone: bool = False,
    logo: str | None = None,
    invariant: bool = False,
    font_file: str | None = None,
    demo: bool = False,
) -> bytes:
    """The complaint form of one printable record (``models.archive.printable_record``) as PDF bytes.

    ``full_phone`` prints the customer's phone number unmasked (the office may);
    ``invariant`` makes the output byte-identical across runs (fixed dates and ids);
    ``demo`` stamps every page with DEMO_MARK (the database holds demo data).
    """
    language = form_language(language)
    fonts = cjk_fonts(font_file)
    builder = _FormBuilder(
        record, language=language, organisation=organisation, full_phone=full_phone, logo=logo, fonts=fonts
    )
    story = builder.story()
    decoration = _Decoration(record, builder.words, fonts, organisation, demo)
    number = record.get("archive_number") or builder.words["draft_mark"]
    output = io.BytesIO()
    document = BaseDocTemplate(
        output,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=f"{builder.words['title']} {number}",
        author=clean_text(organisation),
        subject=builder.words["subject"],
        creator="Complaint Desk",
        keywords=[str(number)],
        invariant=1 if invariant else 0,
        pageCompression=1,
        initialFontName=fonts.regular,
        lang="zh-CN" if language == "zh_CN" else "en",
    )
    frame = Frame(MARGIN, BOTTOM_MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN, id="body")
    document.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=decoration.on_page)])
    document.build(story, canvasmaker=functools.partial(_NumberedCanvas, decoration=decoration))
    return output.getvalue()


def iter_archive_forms(
    records: Iterable[Mapping[str, Any]], **options: Any
) -> Iterator[tuple[Mapping[str, Any], bytes]]:
    """Render records one at a time (flat memory for any batch); options as for ``render_archive_form``."""
    for record in records:
        yield record, render_archive_form(record, **options)


def form_filename(record: Mapping[str, Any]) -> str:
    """``TS-2026-000123.pdf`` for an archived case, ``draft-42.pdf`` for an open one."""
    number = record.get("archive_number")
    stem = str(number) if number else f"draft-{record.get('id', 'case')}"
    return re.sub(r"[^A-Za-z0-9_-]+", "_", stem) + ".pdf"


def write_archive_forms(records: Iterable[Mapping[str, Any]], folder: Path, **options: Any) -> list[Path]:
    """Write one PDF per record into ``folder``, named by ``form_filename``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record, pdf in iter_archive_forms(records, **options):
        path = folder / form_filename(record)
        path.write_bytes(pdf)
        written.append(path)
    return written
