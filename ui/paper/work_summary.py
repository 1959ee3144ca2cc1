"""The complaint-control work summary (投诉管控工作总结) as an A4 PDF for management: title, period, the six
sections under their fixed headings, 落款, then the key figures and the charts (bars by category beside the
previous period, complaints per week, compensation by department charged) drawn with reportlab's graphics.
reportlab only, no Qt; the words of the page furniture are plain dictionaries, as for the other printed forms."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from models.analysis.summary_document import STRUCTURE, Bar, SummaryDocument, heading, written_date
from ui.paper.fonts import FontSet, cjk_fonts, coverage
from ui.paper.page import FooterCanvas, demo_mark, draw_demo_mark, page_footer
from ui.paper.styles import BAND, DRAFT_RED, INK, MUTED, RULE
from ui.paper.text import clean_text, markup

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_HEIGHT = 62 * mm
THIS_PERIOD = colors.HexColor("#2f5d8a")
PREVIOUS_PERIOD = colors.HexColor("#b7c7d8")
MAX_BARS = 10  # the largest categories and departments; the rest as one bar
TITLE_SIZE = 18
TITLE_SMALLEST = 14  # a title line wider than the page is set smaller down to this, and only then wraps

WORDS = {
    "zh_CN": {
        "period": "总结期间：{first} 至 {last}",
        "draft": "草稿 · 第 {number} 版（{saved}，未签发）",
        "generated": "草稿：由系统根据数据生成，尚未修改和签发",
        "signed": "已签发：{name}　{date}",
        "author": "撰写人：{author}",
        "appendix": "附：主要数据与图表",
        "figure": "指标",
        "value": "本期",
        "compared": "与上期比较",
        "by_category": "图1  各类投诉数量（本期与上期）",
        "by_category_alone": "图1  各类投诉数量",  # no comparable previous period: its bars are not drawn
        "weekly": "图2  每周投诉数量",
        "part_weeks": "* 不满一周，只计总结期间内、截至统计之日的日子：{weeks}。",
        "part_week": "{day}起的一周只有{days}天",
        "cost": "图3  各部门承担的补偿金额（元）",
        "this_period": "本期",
        "previous_period": "上期",
        "others": "其余{n}项",  # not 其他: a category may be called so
        "no_data": "本期无数据",
        "page": "第 {page} 页 / 共 {pages} 页",
        "draft_mark": "草稿，未签发",
        "subject": "投诉管控工作总结",
    },
    "en": {
        "period": "Period: {first} to {last}",
        "draft": "Draft · version {number} ({saved}, not signed off)",
        "generated": "Draft generated from the figures; not yet edited or signed off",
        "signed": "Signed off by {name} on {date}",
        "author": "Written by {author}",
        "appendix": "Appendix: key figures and charts",
        "figure": "Figure",
        "value": "This period",
        "compared": "Against the previous period",
        "by_category": "Chart 1  Complaints by category (this period and the previous one)",
        "by_category_alone": "Chart 1  Complaints by category",
        "weekly": "Chart 2  Complaints per week",
        "part_weeks": "* Part of a week: only its days inside the period, up to the day counted through ({weeks}).",
        "part_week": "the week of {day}: {days} of its 7 days",
        "cost": "Chart 3  Compensation by department charged (yuan)",
        "this_period": "This period",
        "previous_period": "Previous period",
        "others": "{n} others",
        "no_data": "No data in this period",
        "page": "Page {page} of {pages}",
        "draft_mark": "Draft, not signed off",
        "subject": "Complaint-control work summary",
    },
}


def summary_words(language: str) -> Mapping[str, str]:
    return WORDS["en" if language == "en" else "zh_CN"]


def top_bars(bars: Sequence[Bar], others: str, limit: int = MAX_BARS) -> list[Bar]:
    """The ``limit`` - 1 largest bars and the rest summed as one (``others``, formatted with their number ``n``), so
    a chart stays readable."""
    ordered = sorted(bars, key=lambda bar: -bar.value)
    if len(ordered) <= limit:
        return ordered
    kept, rest = ordered[: limit - 1], ordered[limit - 1 :]
    previous = [bar.previous for bar in rest if bar.previous is not None]
    return [*kept, Bar(others.format(n=len(rest)), sum(bar.value for bar in rest), sum(previous) if previous else None)]


def category_caption(bars: Sequence[Bar], words: Mapping[str, str]) -> str:
    """Chart 1's caption: "this period and the previous one" only when the previous period's bars are there (the
    draft leaves them out when that period is not comparable)."""
    return words["by_category" if any(bar.previous is not None for bar in bars) else "by_category_alone"]


def title_lines(
    title: str, organisation: str, font: str, width: float = CONTENT_WIDTH, size: float = TITLE_SIZE
) -> list[tuple[str, float]]:
    """The title's lines, each with its font size: one line when it fits; else broken between the unit's name and
    the rest ("白云山庄大酒店" / "2026年上半年投诉管控工作总结": Chinese wrapping broke it inside a word, "…投诉管" /
    "控工作总结"), a line still too wide set smaller, down to ``TITLE_SMALLEST``."""
    lines = [title]
    if stringWidth(title, font, size) > width and organisation and title.startswith(organisation):
        # The unit's name a line of its own, without the colon that joined it to the rest ("白云山庄大酒店:").
        lines = [organisation, title[len(organisation) :].lstrip(" :：·")]
    sized = []
    for line in lines:
        fitted = size
        while fitted > TITLE_SMALLEST and stringWidth(line, font, fitted) > width:
            fitted -= 0.5
        sized.append((line, fitted))
    return sized


def grouped(value: float) -> str:
    """A count or an axis tick as the summary's text writes its figures: 2,815, not 2815."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def grouped_money(value: float) -> str:
    """An amount as the text writes it: 19,727.00 (the chart said 19727.00 beside the text's 54,970.00)."""
    return f"{value:,.2f}"


def _axis_fonts(chart: Any, font: str) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = 7.5
        axis.labels.fillColor = INK
        axis.strokeColor = RULE
    chart.valueAxis.labelTextFormat = grouped
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e3e3")
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.forceZero = 1


def _empty(drawing: Drawing, words: Mapping[str, str], font: str) -> Drawing:
    drawing.add(String(drawing.width / 2, drawing.height / 2, words["no_data"], fontName=font, fontSize=9,
                       fillColor=MUTED, textAnchor="middle"))  # fmt: skip
    return drawing


def _short(label: str, limit: int = 16) -> str:
    """A label cut to about ``limit`` half-width characters (a Chinese character counts two)."""
    width = 0
    for index, character in enumerate(label):
        width += 2 if ord(character) > 0x2E80 else 1
        if width > limit:
            return label[:index] + "…"
    return label


def category_chart(bars: Sequence[Bar], words: Mapping[str, str], font: str) -> Drawing:
    """Vertical bars of this period's complaints by category, the previous period's beside them."""
    drawing = Drawing(CONTENT_WIDTH, CHART_HEIGHT, initialFontName=font)
    shown = top_bars(bars, words["others"])
    if not shown:
        return _empty(drawing, words, font)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 48
    with_previous = any(bar.previous is not None for bar in shown)
    # The tallest bar's label stays below the legend, which stands above the chart's top right.
    chart.width, chart.height = CONTENT_WIDTH - 40, CHART_HEIGHT - (80 if with_previous else 68)
    data = [[bar.value for bar in shown]]
    if with_previous:
        data.append([bar.previous or 0 for bar in shown])
    chart.data = data
    chart.categoryAxis.categoryNames = [_short(bar.label, 16 if len(shown) > 5 else 24) for bar in shown]
    chart.categoryAxis.labels.angle = 30 if len(shown) > 5 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(shown) > 5 else "n"
    chart.bars[0].fillColor = THIS_PERIOD
    chart.bars.strokeColor = None
    if with_previous:
        chart.bars[1].fillColor = PREVIOUS_PERIOD
    chart.barSpacing = 1
    chart.groupSpacing = 8
    chart.barLabelFormat = grouped
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 5
    _axis_fonts(chart, font)
    drawing.add(chart)
    if with_previous:
        legend = Legend()
        legend.x, legend.y = CONTENT_WIDTH - 130, CHART_HEIGHT - 6
        legend.fontName, legend.fontSize = font, 7.5
        legend.columnMaximum = 1
        legend.alignment = "right"
        legend.dx = legend.dy = 7
        legend.colorNamePairs = [(THIS_PERIOD, words["this_period"]), (PREVIOUS_PERIOD, words["previous_period"])]
        drawing.add(legend)
    return drawing


def part_weeks(weeks: Sequence[tuple[str, int]], first: dt.date, last: dt.date) -> dict[int, int]:
    """The weeks (their places in ``weeks``, each by its Monday) only partly inside the period ``first`` to
    ``last``, and how many of their days are: a month's first and last weeks, most months."""
    parts = {}
    for place, (day, _count) in enumerate(weeks):
        monday = dt.date.fromisoformat(day)
        inside = (min(monday + dt.timedelta(days=6), last) - max(monday, first)).days + 1
        if inside < 7:
            parts[place] = inside
    return parts


def part_weeks_note(weeks: Sequence[tuple[str, int]], first: dt.date, last: dt.date, words: Mapping[str, str]) -> str:
    """The sentence under the weekly chart naming its weeks of fewer days (starred), or "" when there are none."""
    parts = part_weeks(weeks, first, last)
    named = [words["part_week"].format(day=weeks[place][0][5:], days=days) for place, days in parts.items()]
    return words["part_weeks"].format(weeks=("；" if words is WORDS["zh_CN"] else "; ").join(named)) if named else ""


def weekly_chart(
    weeks: Sequence[tuple[str, int]], words: Mapping[str, str], font: str, part: Mapping[int, int] | None = None
) -> Drawing:
    """A line of complaints per week (labelled by the week's first day; a week only ``part``ly inside the period
    starred, and always labelled)."""
    part = part or {}
    drawing = Drawing(CONTENT_WIDTH, CHART_HEIGHT * 0.8, initialFontName=font)
    if not weeks:
        return _empty(drawing, words, font)
    chart = HorizontalLineChart()
    chart.x, chart.y = 30, 22
    chart.width, chart.height = CONTENT_WIDTH - 40, drawing.height - 34
    chart.data = [[count for _day, count in weeks]]
    step = max(1, len(weeks) // 13)  # a year has 53 weeks: every fourth labelled
    chart.categoryAxis.categoryNames = [
        day[5:] + ("*" if i in part else "") if i % step == 0 or i in part else "" for i, (day, _c) in enumerate(weeks)
    ]
    chart.lines[0].strokeColor = THIS_PERIOD
    chart.lines[0].strokeWidth = 1.6
    chart.joinedLines = 1
    if len(weeks) <= 14:
        chart.lineLabelFormat = grouped
        chart.lineLabels.fontName = font
        chart.lineLabels.fontSize = 6.5
        chart.lineLabels.dy = 5
    _axis_fonts(chart, font)
    drawing.add(chart)
    return drawing


def cost_chart(bars: Sequence[Bar], words: Mapping[str, str], font: str) -> Drawing:
    """Horizontal bars of compensation by department charged, the largest on top."""
    shown = top_bars(bars, words["others"])
    height = max(30 * mm, (len(shown) * 9 + 12) * mm / 2.2)
    drawing = Drawing(CONTENT_WIDTH, height, initialFontName=font)
    if not shown:
        return _empty(drawing, words, font)
    chart = HorizontalBarChart()
    chart.x, chart.y = 95, 16
    chart.width, chart.height = CONTENT_WIDTH - 95 - 55, height - 24
    chart.data = [[bar.value for bar in reversed(shown)]]
    chart.categoryAxis.categoryNames = [_short(bar.label, 22) for bar in reversed(shown)]
    chart.bars[0].fillColor = THIS_PERIOD
    chart.bars.strokeColor = None
    chart.barLabelFormat = grouped_money
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _axis_fonts(chart, font)
    drawing.add(chart)
    return drawing


CAUSE_PREFIXES = ("原因：", "Cause:")  # a shortcoming's cause, as the draft writes it (models.analysis.summary)


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    # No paragraph's single line alone at a page's foot or head (a paragraph's last line opened page 3).
    body = ParagraphStyle(
        "summary_body", fontName=fonts.regular, fontSize=11, leading=19, textColor=INK, wordWrap="CJK",
        firstLineIndent=22, spaceAfter=4, allowWidows=0, allowOrphans=0,
    )  # fmt: skip
    return {
        "body": body,
        "title": ParagraphStyle("summary_title", parent=body, fontName=fonts.bold, fontSize=18, leading=26,
                                alignment=TA_CENTER, firstLineIndent=0, spaceAfter=2),
        "period": ParagraphStyle("summary_period", parent=body, fontSize=10, leading=14, alignment=TA_CENTER,
                                 textColor=MUTED, firstLineIndent=0),
        "state": ParagraphStyle("summary_state", parent=body, fontSize=9.5, leading=13, alignment=TA_CENTER,
                                firstLineIndent=0),
        "heading": ParagraphStyle("summary_heading", parent=body, fontName=fonts.bold, fontSize=13, leading=20,
                                  firstLineIndent=0, spaceBefore=8, spaceAfter=4),
        "sign": ParagraphStyle("summary_sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=0),
        "caption": ParagraphStyle("summary_caption", parent=body, fontName=fonts.bold, fontSize=9.5, leading=13,
                                  alignment=TA_CENTER, firstLineIndent=0, spaceBefore=2, spaceAfter=8),
        "cell": ParagraphStyle("summary_cell", parent=body, fontSize=9, leading=12, firstLineIndent=0, spaceAfter=0),
        "note": ParagraphStyle("summary_note", parent=body, fontSize=8, leading=11, textColor=MUTED, firstLineIndent=0,
                               spaceAfter=2),
    }


def render_work_summary(
    document: SummaryDocument,
    *,
    version: int | None = None,
    saved: str = "",
    signed_by: str = "",
    signed_on: str = "",
    invariant: bool = False,
    demo: bool = False,
) -> bytes:
    """The summary as PDF bytes. A draft says so under the title (``version`` and when it was ``saved``; no
    version: generated and not stored); a signed one names who signed it (``signed_by``, ``signed_on``);
    ``demo`` stamps every page as demo data."""
    words = summary_words(document.language)
    fonts = cjk_fonts()
    covered = coverage(fonts)
    style = _styles(fonts)

    def text(value: str, kind: str = "body") -> Paragraph:
        return Paragraph(markup(clean_text(value, covered=covered)), style[kind])

    story: list[Any] = []
    title_text = clean_text(document.title, covered=covered)
    for line, size in title_lines(title_text, clean_text(document.sign_off.organisation, covered=covered), fonts.bold):
        # English wraps at its spaces, should a line be too long even at the smallest size.
        line_style = ParagraphStyle("summary_title_line", parent=style["title"], fontSize=size, leading=size * 1.45,
                                    wordWrap="CJK" if document.language == "zh_CN" else None)  # fmt: skip
        story.append(Paragraph(markup(line), line_style))
    story.append(
        text(words["period"].format(first=document.first_day.isoformat(), last=document.last_day.isoformat()),
             "period")
    )  # fmt: skip
    if signed_by:
        story.append(text(words["signed"].format(name=signed_by, date=signed_on), "state"))
    else:
        draft = ParagraphStyle("summary_draft", parent=style["state"], textColor=DRAFT_RED)
        state = words["generated"] if version is None else words["draft"].format(number=version, saved=saved)
        story.append(Paragraph(escape(state), draft))
    story.append(Spacer(1, 5 * mm))
    for _part, keys in STRUCTURE:
        for key in keys:
            paragraphs = document.paragraphs(key)
            block: list[Any] = [text(heading(key, document.language), "heading")]
            block.extend(text(paragraph) for paragraph in paragraphs[:1])
            story.append(KeepTogether(block))  # a heading never ends a page alone
            rest = [text(paragraph) for paragraph in paragraphs[1:]]
            for paragraph, after in zip(rest, paragraphs[2:], strict=False):
                # A shortcoming and its cause on one page: "原因：…" began the next page under nothing it explained.
                paragraph.keepWithNext = after.startswith(CAUSE_PREFIXES)
            story.extend(rest)
    # The 落款 goes with the text's last paragraph: never alone at the top of a page, above the appendix.
    sign_off = [story.pop(), Spacer(1, 8 * mm)]
    if document.sign_off.organisation:
        sign_off.append(text(document.sign_off.organisation, "sign"))
    if document.sign_off.author:
        sign_off.append(text(words["author"].format(author=document.sign_off.author), "sign"))
    sign_off.append(text(written_date(document.sign_off.date, document.language), "sign"))
    story.append(KeepTogether(sign_off))
    story.extend(_appendix(document, words, fonts, style, covered))

    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=clean_text(document.title),
        author=clean_text(document.sign_off.organisation),
        subject=words["subject"],
        creator="Complaint Desk",
        lang="zh-CN" if document.language == "zh_CN" else "en",
        invariant=1 if invariant else 0,
        initialFontName=fonts.regular,  # else every page names Helvetica, not embedded, though nothing uses it
    )

    def decorate(canvas: Canvas, _document: SimpleDocTemplate) -> None:
        if demo:
            draw_demo_mark(canvas, fonts.bold, PAGE_WIDTH, PAGE_HEIGHT, mark=demo_mark(document.language))

    # Every page names the summary, and a draft says so on each: a loose page is not taken for the signed one.
    title = _short(clean_text(document.title, covered=covered), 80)
    footer = page_footer(title, "" if signed_by else words["draft_mark"], page=words["page"])

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return FooterCanvas(*args, footer=footer, font=fonts.regular, **kwargs)

    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=canvas_maker)
    return out.getvalue()


def _appendix(
    document: SummaryDocument,
    words: Mapping[str, str],
    fonts: FontSet,
    style: Mapping[str, ParagraphStyle],
    covered: Any,
) -> list[Any]:
    def cell(value: str) -> Paragraph:
        return Paragraph(markup(clean_text(value, covered=covered)), style["cell"])

    story: list[Any] = [CondPageBreak(90 * mm), Spacer(1, 6 * mm), Paragraph(escape(words["appendix"]),
                        style["heading"])]  # fmt: skip
    if document.figures:
        rows = [[cell(words["figure"]), cell(words["value"]), cell(words["compared"])]]
        rows.extend([cell(f.label), cell(f.value), cell(f.compared)] for f in document.figures)
        table = Table(rows, colWidths=[CONTENT_WIDTH * 0.38, CONTENT_WIDTH * 0.2, CONTENT_WIDTH * 0.42],
                      repeatRows=1)  # fmt: skip
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), BAND),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # an empty cell's, else Helvetica's
                    # The last figure never alone under the header on the next page (with its row before it), nor
                    # the header with one figure at the foot of a page.
                    ("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1)),
                    ("NOSPLIT", (0, 0), (-1, min(2, len(rows) - 1))),
                ]
            )
        )
        story.extend([table, Spacer(1, 6 * mm)])
    charts = document.charts
    font = fonts.regular
    first, last = document.first_day, document.weeks_through
    part = part_weeks(charts.weekly, first, last)
    for drawing, caption, note in (
        (category_chart(charts.by_category, words, font), category_caption(charts.by_category, words), ""),
        (weekly_chart(charts.weekly, words, font, part), words["weekly"], part_weeks_note(charts.weekly, first, last,
                                                                                         words)),
        (cost_chart(charts.cost_by_department, words, font), words["cost"], ""),
    ):  # fmt: skip
        parts: list[Any] = [drawing, Paragraph(escape(caption), style["caption"])]
        if note:
            parts.insert(1, Paragraph(escape(note), style["note"]))
        story.append(KeepTogether(parts))
    return story
