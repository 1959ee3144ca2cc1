"""The work summary as a Word document (.docx, python-docx) for the office to edit in Word or WPS: title,
period, the six sections under their fixed headings, 落款, then the key figures and the charts' data as tables.

Chinese text is set in 宋体 (SimSun) and the headings in 黑体 (SimHei) through the styles' East-Asian font
(``w:eastAsia``); the font table names WenQuanYi Micro Hei as their alternative, which LibreOffice on Linux
finds. The charts are not drawn into the document: the installed reportlab renders bitmaps only through the
rlPyCairo back-end, which is not installed, so their data is given as tables (the PDF draws them). No Qt.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from models.analysis.summary_document import STRUCTURE, Bar, SummaryDocument, heading, written_date
from ui.paper.page import demo_mark
from ui.paper.work_summary import category_caption, part_weeks, part_weeks_note, summary_words

BODY_FONT = "宋体"  # SimSun
HEADING_FONT = "黑体"  # SimHei
LATIN_FONT = "Times New Roman"
FALLBACK_FONT = "WenQuanYi Micro Hei"  # what LibreOffice on Linux finds when the Windows fonts are missing
# The font table's entries for the Chinese faces: GB2312 character set (86), their Windows names' panose.
_FONT_TABLE_ENTRIES = {
    BODY_FONT: ("SimSun", "02010600030101010101"),
    HEADING_FONT: ("SimHei", "02010609060101010101"),
}
BODY_SIZE = Pt(12)  # 小四
HEADING_SIZE = Pt(15)  # 小三
TITLE_SIZE = Pt(18)  # 小二
INK = RGBColor(0x1A, 0x1A, 0x1A)
APPLICATION = "Complaint Desk"
# docProps/app.xml: python-docx's template named "Microsoft Macintosh Word" and its page and word counts of an
# empty page; Word and WPS write their own when they save the file.
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>{APPLICATION}</Application></Properties>"
).encode()
RED = RGBColor(0xC6, 0x28, 0x28)

DOCX_WORDS = {
    "zh_CN": {
        "category": "投诉类别",
        "previous": "上期",
        "week": "周（起始日）",
        "complaints": "投诉数",
        "department": "责任部门",
        "amount": "补偿金额（元）",
        "charts_note": "（图表的数据；图见 PDF 版本。）",
    },
    "en": {
        "category": "Category",
        "previous": "Previous period",
        "week": "Week (first day)",
        "complaints": "Complaints",
        "department": "Department charged",
        "amount": "Compensation (yuan)",
        "charts_note": "(The charts' data; the PDF version draws the charts.)",
    },
}


def _set_fonts(element: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """The run properties' fonts: ``latin`` for Western text, ``east_asian`` for Chinese (w:eastAsia)."""
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would win over the names above


def _set_language(style_element: Any, language: str) -> None:
    properties = style_element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), "en-US" if language == "en" else "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document: Any) -> None:
    """Name the Chinese faces in the font table, each with WenQuanYi Micro Hei as its alternative."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    text = part.blob.decode("utf-8")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{FALLBACK_FONT}"/><w:panose1 w:val="{panose}"/>'
        f'<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name, (_windows_name, panose) in _FONT_TABLE_ENTRIES.items()
    )
    part._blob = text.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


def _styles(document: Any, language: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = INK
    _set_fonts(normal.element, BODY_FONT)
    _set_language(normal.element, language)
    paragraph = normal.paragraph_format
    paragraph.line_spacing = 1.5
    paragraph.space_after = Pt(0)
    for name, size in (("Title", TITLE_SIZE), ("Heading 1", HEADING_SIZE)):
        style = styles[name]
        style.font.size = size
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = INK
        _set_fonts(style.element, HEADING_FONT)
        style.paragraph_format.space_before = Pt(12 if name == "Heading 1" else 0)
        style.paragraph_format.space_after = Pt(6)
    title = styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The Title style of python-docx's template draws a rule under the title: not on an official document.
    borders = title.element.pPr.find(qn("w:pBdr")) if title.element.pPr is not None else None
    if borders is not None:
        title.element.pPr.remove(borders)


def _page_numbers(document: Any, template: str) -> None:
    """The footer: "第 x 页 / 共 y 页" from Word's PAGE and NUMPAGES fields."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = template.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    for piece, field in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
        if piece:
            footer.add_run(piece).font.size = Pt(9)
        if field is not None:
            simple = OxmlElement("w:fldSimple")
            simple.set(qn("w:instr"), f" {field} ")
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = "1"
            run.append(text)
            simple.append(run)
            footer._p.append(simple)


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.line_spacing = 1.15
                for run in paragraph.runs:
                    run.font.size = Pt(10.5)
    return table


def _amount(value: float | None, money: bool) -> str:
    if value is None:
        return "–"
    return f"{value:,.2f}" if money else f"{value:,.0f}"


def _bar_rows(bars: Sequence[Bar], money: bool) -> list[list[str]]:
    return [[bar.label, _amount(bar.value, money), _amount(bar.previous, money)] for bar in bars]


def render_work_summary_docx(
    document: SummaryDocument,
    *,
    version: int | None = None,
    saved: str = "",
    signed_by: str = "",
    signed_on: str = "",
    demo: bool = False,
    generated: dt.datetime | None = None,
) -> bytes:
    """The summary as .docx bytes; a draft says so under the title, a signed one names who signed it; ``demo``
    marks every page's header as demo data, as the PDF's pages are (the database holds demo data). The file's
    properties name its title, who signed it off (else its author) and when it was ``generated`` (default: now)."""
    words = summary_words(document.language)
    more = DOCX_WORDS["en" if document.language == "en" else "zh_CN"]
    docx = Document()
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(28)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    if demo:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        mark_run = mark.add_run(demo_mark(document.language))
        mark_run.font.color.rgb = RED
        mark_run.bold = True
    _styles(docx, document.language)
    _font_table(docx)
    _properties(docx, document, words, signed_by, generated or dt.datetime.now(dt.UTC))

    docx.add_paragraph(document.title, style="Title")
    period = docx.add_paragraph(
        words["period"].format(first=document.first_day.isoformat(), last=document.last_day.isoformat())
    )
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if signed_by:
        state = docx.add_paragraph(words["signed"].format(name=signed_by, date=signed_on))
        state.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        state = docx.add_paragraph()
        state.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text = words["generated"] if version is None else words["draft"].format(number=version, saved=saved)
        run = state.add_run(text)
        run.font.color.rgb = RED

    for _part, keys in STRUCTURE:
        for key in keys:
            docx.add_heading(heading(key, document.language), level=1)
            for text in document.paragraphs(key):
                paragraph = docx.add_paragraph(text)
                paragraph.paragraph_format.first_line_indent = BODY_SIZE * 2

    lines = [
        line
        for line in (
            document.sign_off.organisation,
            words["author"].format(author=document.sign_off.author) if document.sign_off.author else "",
            written_date(document.sign_off.date, document.language),
        )
        if line
    ]
    for index, line in enumerate(lines):
        sign_off = docx.add_paragraph(line)
        sign_off.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sign_off.paragraph_format.keep_with_next = index < len(lines) - 1  # 落款 stays together
        if index == 0:
            sign_off.paragraph_format.space_before = Pt(24)

    appendix = docx.add_heading(words["appendix"], level=1)
    appendix.paragraph_format.page_break_before = True
    if document.figures:
        rows = [[f.label, f.value, f.compared] for f in document.figures]
        _table(docx, [words["figure"], words["value"], words["compared"]], rows, (55, 35, 64))
    _chart_tables(docx, document, words, more)
    _page_numbers(docx, words["page"])
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _properties(
    docx: Any, document: SummaryDocument, words: Mapping[str, str], signed_by: str, generated: dt.datetime
) -> None:
    """The file's own properties: python-docx's template said created 2013-12-23, "generated by python-docx", by
    nobody, in "Microsoft Macintosh Word", with the thumbnail of a blank page."""
    properties = docx.core_properties
    properties.title = document.title
    person = signed_by or document.sign_off.author
    properties.author = person or document.sign_off.organisation
    properties.last_modified_by = person
    properties.subject = words["subject"]
    properties.comments = ""
    properties.language = "en-US" if document.language == "en" else "zh-CN"
    properties.revision = 1
    utc = generated.astimezone(dt.UTC) if generated.tzinfo else generated  # the file keeps UTC ("…Z")
    properties.created = properties.modified = utc.replace(tzinfo=None, microsecond=0)
    package = docx.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RELATIONSHIP_TYPE.THUMBNAIL, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES):
            package.rels.pop(rel_id)  # a part no relationship names is not written
    app = Part(PackURI("/docProps/app.xml"), "application/vnd.openxmlformats-officedocument.extended-properties+xml",
               _APP_XML, package)  # fmt: skip
    package.relate_to(app, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)


def _chart_tables(docx: Any, document: SummaryDocument, words: Mapping[str, str], more: Mapping[str, str]) -> None:
    charts = document.charts
    part = part_weeks(charts.weekly, document.first_day, document.weeks_through)
    note = docx.add_paragraph(more["charts_note"])
    note.paragraph_format.first_line_indent = Pt(0)
    # The previous period's column only when the draft compared with it.
    beside = any(bar.previous is not None for bar in charts.by_category)
    categories = _bar_rows(charts.by_category, money=False)
    for caption, header, rows, widths, after in (
        (category_caption(charts.by_category, words),
         [more["category"], words["this_period"], *([more["previous"]] if beside else [])],
         categories if beside else [row[:2] for row in categories], (70, 42, 42) if beside else (77, 77), ""),
        (words["weekly"], [more["week"], more["complaints"]],
         [[day + ("*" if place in part else ""), f"{count:,}"] for place, (day, count) in enumerate(charts.weekly)],
         (77, 77), part_weeks_note(charts.weekly, document.first_day, document.weeks_through, words)),
        (words["cost"], [more["department"], more["amount"]],
         [row[:2] for row in _bar_rows(charts.cost_by_department, money=True)], (77, 77), ""),
    ):  # fmt: skip
        title = docx.add_paragraph()
        title.paragraph_format.first_line_indent = Pt(0)
        title.paragraph_format.space_before = Pt(10)
        title.add_run(caption).font.bold = True
        if rows:
            _table(docx, header, rows, widths)
        else:
            docx.add_paragraph(words["no_data"])
        if after:
            docx.add_paragraph(after).paragraph_format.first_line_indent = Pt(0)
