"""The complaint form's page furniture: geometry, the running header, the
draft watermark, the footer with page x / y, seal digest and QR code, and the
demo stamp (which the handover sheet draws too)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, KeepTogether, Paragraph, Table

from ui.paper.fonts import FontSet, coverage
from ui.paper.labels import labelled
from ui.paper.styles import DRAFT_RED, INK, MUTED, RULE, WATERMARK
from ui.paper.text import clean_text

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
# A demo database's forms say so on every page (a demo printout must never pass for a real record), each in its
# own language only (a Chinese form carried the English too, an English one the Chinese).
DEMO_MARKS = {"zh_CN": "演示数据", "en": "DEMO DATA"}
DEMO_MARK = DEMO_MARKS["zh_CN"]


def demo_mark(language: str) -> str:
    """The demo stamp of a form in ``language``."""
    return DEMO_MARKS.get(language, DEMO_MARK)

DEMO_MARK_BASELINE = 7 * mm  # from the top edge, above the running header
FOOTER_BASELINE = 9 * mm  # from the bottom edge: FooterCanvas's line


START_ROWS = 2  # rows of a table that go with the heading before it; the rest may start the next page


class KeepWithStart(KeepTogether):
    """A heading kept with the start of what follows it (``keepWithNext``), not with all of it: a page is begun
    only when the heading and the following table's first rows (a paragraph's first lines) do not fit. Kept with
    the whole table, a section that did not fit moved whole and left a page half empty (a case of four proposals
    printed pages 30 % and 60 % empty); the table's rows then go on over the page, its header repeated."""

    def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803 - reportlab's names
        content: list[Any] = list(self._content)
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH >= self._H:
            return content
        needed = sum(flowable.wrap(aW, aH)[1] for flowable in content[:-1]) + _start_height(content[-1], aW, aH)
        frame = getattr(self, "_frame", None)
        at_top = frame is not None and getattr(frame, "_atTop", False)
        if needed > aH and not at_top:
            return [self.FrameBreak(), *content]
        return content


def _start_height(flowable: Any, width: float, height: float) -> float:
    """The height of the start of ``flowable`` that must share a page with its heading."""
    whole = flowable.wrap(width, height)[1]
    rows = getattr(flowable, "_rowHeights", None)
    if isinstance(flowable, Table) and rows:
        return float(sum(rows[: START_ROWS + getattr(flowable, "repeatRows", 0)]))
    leading = getattr(getattr(flowable, "style", None), "leading", None)
    if isinstance(flowable, Paragraph) and leading:
        return float(min(whole, 2 * leading))
    return float(whole)


def form_document(
    output: Any, title: str, organisation: str, subject: str, font: str, language: str, invariant: bool, **more: Any
) -> BaseDocTemplate:
    """An A4 document with the forms' margins (room for the QR code at the foot) and their metadata:
    title, the organisation as author, subject, the embedded font, the language; ``invariant`` makes
    the same form give the same bytes (tests, archived copies)."""
    document = BaseDocTemplate(
        output,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=clean_text(organisation),
        subject=subject,
        creator="Complaint Desk",
        invariant=1 if invariant else 0,
        pageCompression=1,
        initialFontName=font,
        lang="zh-CN" if language == "zh_CN" else "en",
        **more,
    )
    document.keepTogetherClass = KeepWithStart
    return document


def qr_payload(record: Mapping[str, Any]) -> str | None:
    """What the footer's QR code says: the archive number and the full seal
    digest, or None for a case that is not sealed."""
    seal = record.get("seal") or {}
    number, digest = record.get("archive_number"), seal.get("digest")
    if not number or not digest:
        return None
    return f"{number} {digest}"


class PageCountingCanvas(Canvas):
    """Holds the pages back until the end so every page can say "page x of y": a subclass draws
    that in ``count_page``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        self.before_pages()
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.count_page(number, total)
            super().showPage()
        super().save()

    def before_pages(self) -> None:
        """Anything the pages refer to, drawn before them."""

    def count_page(self, number: int, total: int) -> None:
        raise NotImplementedError


class FooterCanvas(PageCountingCanvas):
    """Each page's foot: ``footer`` with the page's number and the count (``{page}``, ``{pages}``), small and
    centred (the work summary, the handover sheet)."""

    def __init__(self, *args: Any, footer: str, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer, self._font = footer, font

    def count_page(self, number: int, total: int) -> None:
        self.setFont(self._font, 8.5)
        self.setFillColor(MUTED)
        self.drawCentredString(self._pagesize[0] / 2, FOOTER_BASELINE, self._footer.format(page=number, pages=total))


def page_footer(*parts: str, page: str) -> str:
    """``FooterCanvas``'s footer: the ``parts`` (texts, braces and all) and then ``page`` (its placeholders)."""
    return " · ".join([part.replace("{", "{{").replace("}", "}}") for part in parts if part] + [page])


class NumberedCanvas(PageCountingCanvas):
    """The forms' canvas: their decoration numbers the pages."""

    def __init__(self, *args: Any, decoration: FormDecoration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decoration = decoration

    def before_pages(self) -> None:
        # Forms are drawn between pages; the pages refer to them by name.
        self._decoration.define_forms(self)

    def count_page(self, number: int, total: int) -> None:
        self._decoration.page_number(self, number, total)


def draw_demo_mark(canvas: Canvas, font: str, page_width: float, page_height: float, *, mark: str) -> None:
    """The demo database's stamp ``mark`` (``demo_mark``), boxed in red, centred in the top margin."""
    size = 10
    width = canvas.stringWidth(mark, font, size)
    baseline = page_height - DEMO_MARK_BASELINE
    canvas.saveState()
    canvas.setFillColor(DRAFT_RED)
    canvas.setStrokeColor(DRAFT_RED)
    canvas.setLineWidth(0.8)
    canvas.rect(page_width / 2 - width / 2 - 2 * mm, baseline - 1.6 * mm, width + 4 * mm, 5.6 * mm, stroke=1, fill=0)
    canvas.setFont(font, size)
    canvas.drawCentredString(page_width / 2, baseline, mark)
    canvas.restoreState()


class FormDecoration:
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
        self.qr = None if payload is None else qr_widget(payload)

    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        if self.draft:
            self._watermark(canvas)
        if canvas.getPageNumber() > 1:
            self._running_header(canvas)
        if self.demo:
            draw_demo_mark(canvas, self.fonts.bold, PAGE_WIDTH, PAGE_HEIGHT, mark=self.words["demo_mark"])
        self._footer(canvas)
        canvas.restoreState()

    def _watermark(self, canvas: Canvas) -> None:
        """The draft's mark across the page, as a picture of its words: drawn as text, its big letters came out of
        ``pdftotext`` one by one between the form's lines (DESIGN: a form's text extracts as it reads). Drawn as
        text only where no font file can draw the picture (reportlab's built-in CID font)."""
        picture = watermark_image(self.words["draft_mark"], self.fonts)
        canvas.saveState()
        if picture is not None:
            width = picture.getSize()[0] * 72 / WATERMARK_DPI
            canvas.drawImage(picture, (PAGE_WIDTH - width) / 2, (PAGE_HEIGHT - width) / 2, width, width, mask="auto")
        else:
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
            canvas.drawString(MARGIN, QR_Y + 11 * mm, labelled(self.words, "digest", self.words["not_sealed"]))
            canvas.drawString(MARGIN, QR_Y + 6.5 * mm, self.words["draft_mark"])
        else:
            canvas.drawString(MARGIN, QR_Y + 11 * mm, labelled(self.words, "digest", self.digest[:SHORT_DIGEST]))
            canvas.drawString(MARGIN, QR_Y + 6.5 * mm, labelled(self.words, "archive_number", self.number))
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


def qr_widget(payload: str) -> QrCodeWidget:
    """reportlab's QR widget (error correction M: a crease or a stain on filed paper still scans)."""
    return QrCodeWidget(payload, barLevel=QR_LEVEL)


WATERMARK_DPI = 150
WATERMARK_SIZE = 54  # points


@functools.lru_cache(maxsize=4)
def watermark_image(words: str, fonts: FontSet) -> ImageReader | None:
    """``words`` at 54 pt, tilted 45°, in the watermark's colour on a clear ground, square: drawn once per document
    (reportlab keeps one copy of an image however many pages show it); None without a font file to draw with."""
    if fonts.source is None:
        return None
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype(fonts.source, round(WATERMARK_SIZE * WATERMARK_DPI / 72), index=fonts.index)
    except OSError:
        return None
    left, top, right, bottom = font.getbbox(words)
    mask = Image.new("L", (int(right - left) + 8, int(bottom - top) + 8), 0)  # where the letters are
    ImageDraw.Draw(mask).text((4 - left, 4 - top), words, font=font, fill=255)
    tilted = mask.rotate(45, expand=True, resample=Image.Resampling.BICUBIC)
    side = max(tilted.size)
    square = Image.new("L", (side, side), 0)
    square.paste(tilted, ((side - tilted.width) // 2, (side - tilted.height) // 2))
    red, green, blue = (round(255 * part) for part in (WATERMARK.red, WATERMARK.green, WATERMARK.blue))
    coloured = Image.new("RGBA", square.size, (red, green, blue, 0))
    coloured.putalpha(square)
    return ImageReader(coloured)
