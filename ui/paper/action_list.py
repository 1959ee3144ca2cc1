"""The list of improvement actions (整改措施一览表) for a period, for the management meeting: an A4 landscape
PDF rendered with reportlab from ``models.control.improvement_queries.printable_actions`` (plain JSON values, no
Qt): each action's problem, measure, who is responsible and by when, its state (overdue ones marked) and its
effect in figures, after a line of totals."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle

from ui.paper.code_labels import code_label
from ui.paper.fonts import cjk_fonts, coverage
from ui.paper.labels import form_language
from ui.paper.layout import MIN_SPLIT, ContinuedTable, continued_mark
from ui.paper.page import FooterCanvas, demo_mark, draw_demo_mark
from ui.paper.styles import DRAFT_RED, MUTED
from ui.paper.text import clean_text, markup

PAGE = landscape(A4)
MARGIN = 14 * mm

WORDS = {
    "zh_CN": {
        "title": "整改措施一览表",
        "period": "统计期间：{first} 至 {last}；打印日期：{today}",  # a paragraph folds any run of spaces to one
        "totals": "共 {total} 项：{states}；其中已超期 {overdue} 项",
        "state_count": "{state} {count} 项",
        "number": "编号",
        "created": "提出日期",
        "problem": "问题",
        "measure": "整改措施",
        "responsible": "责任部门/责任人",
        "due": "完成期限",
        "state": "状态",
        "effect": "效果（前后各 {days} 天投诉数）",
        "effect_short": "效果",
        "figures": "{before} → {after}（常态 {usual}）",
        "figures_pending": "{before} → {after}（{days} 天中已过 {elapsed} 天，{judged_on} 判定）",
        "at_last_verification": "上次验证时：{figures}",
        "office_judged": "办公室判定{office}（数据：{figures}）",
        "overdue": "已超期",  # a deadline passed, as every screen says it (a promise: 已超时)
        "none": "本期间无整改措施。",
        "page": "第 {page} 页 / 共 {pages} 页",
        "complaints": "关联投诉 {count} 件",
        "dates": "{first}至{last}",  # the preview's title
    },
    "en": {
        "title": "Improvement actions",
        "period": "Period: {first} to {last}; printed on {today}",
        "totals": "Actions: {total} ({states}); overdue: {overdue}",
        "state_count": "{state} {count}",
        "number": "Number",
        "created": "Raised",
        "problem": "Problem",
        "measure": "Measure",
        "responsible": "Department / responsible",
        "due": "Due",
        "state": "State",
        "effect": "Effect (complaints {days} days before → after)",
        "effect_short": "Effect",
        "figures": "{before} → {after} (usually {usual})",
        "figures_pending": "{before} → {after} ({elapsed} of {days} days so far; judged on {judged_on})",
        "at_last_verification": "At its last verification: {figures}",
        "office_judged": "The office judged it {office} (figures: {figures})",
        "overdue": "overdue",
        "none": "No improvement action in this period.",
        "page": "Page {page} of {pages}",
        "complaints": "{count} complaints linked",
        "complaint": "1 complaint linked",
        "dates": "{first}–{last}",
    },
}


def render_action_list(
    listing: Mapping[str, Any],
    organisation: str = "",
    language: str = "zh_CN",
    invariant: bool = False,
    demo: bool = False,
) -> bytes:
    """``listing`` is ``printable_actions``' value; ``demo`` stamps every page as demo data."""
    language = form_language(language)
    words = WORDS[language]
    fonts = cjk_fonts()
    covered = coverage(fonts)  # a character the font lacks prints as □, seen (not a blank)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=8.5, leading=11, wordWrap="CJK")  # 避头 too
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED)
    alert = ParagraphStyle("alert", parent=body, textColor=DRAFT_RED)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=15, leading=20, alignment=1)
    actions: Sequence[Mapping[str, Any]] = listing["actions"]

    def text(value: object, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(markup(clean_text(value, covered=covered)), style)

    def linked(count: int) -> str:
        """How many complaints the action names ("1 complaint(s) linked" before)."""
        if count == 1 and "complaint" in words:
            return words["complaint"]
        return words["complaints"].format(count=count)

    def state_cell(action: Mapping[str, Any]) -> list[Paragraph]:
        cell = [text(code_label("action_state", action["state"], language))]
        if action["overdue"]:
            cell.append(text(words["overdue"], alert))
        return cell

    def effect_cell(action: Mapping[str, Any]) -> list[Paragraph] | str:
        effect = action["effect"]
        if not effect:
            return ""
        verdict = code_label("effect_verdict", effect["verdict"], language)
        if effect["verdict"] == "pending":
            shown, judged = words["figures_pending"].format(**effect), ""
        else:
            usual = "–" if effect["usual"] is None else f"{effect['usual']:.1f}"
            shown = words["figures"].format(before=effect["before"], after=effect["after"], usual=usual)
            judged = verdict  # a line of its own: after the figures it wrapped as 有 / 效
        office = action.get("office_verdict") or ""
        if office and office != effect["verdict"]:  # the office overrode the figures' verdict (with a note)
            office_label = code_label("effect_verdict", office, language)
            judged = words["office_judged"].format(office=office_label if language != "en" else office_label.lower(),
                                                   figures=verdict if language != "en" else verdict.lower())
        if action.get("at_last_verification"):  # reopened since: the screen says so too
            shown = words["at_last_verification"].format(figures=shown)
        return [text(shown), text(judged)] if judged else [text(shown)]

    def department(action: Mapping[str, Any]) -> str:
        name = action["department_en"] if language == "en" and action["department_en"] else action["department"]
        return " / ".join(filter(None, [name, action["responsible"]]))

    header = [words["number"], words["created"], words["problem"], words["measure"], words["responsible"],
              words["due"], words["state"], words["effect_short"]]  # fmt: skip
    rows: list[list[object]] = [[text(h) for h in header]]
    # An action's row taller than a page (a measure may run to MEASURE_MAX characters) goes on over the next
    # pages, each part under its number.
    carried: list[dict[int, object] | None] = [None]
    for action in actions:  # (cont.) under the number: beside it, the narrow column broke it as "ZG-0001（" / "续）"
        carried.append({0: [text(action["number"]), text(continued_mark(language), small)]})
        rows.append(
            [
                text(action["number"]),
                text(action["created_on"]),
                [text(action["problem"]), text(linked(action["complaints"]), small)],
                text(action["measure"]),
                text(department(action)),
                text(action["due_on"], alert if action["overdue"] else body),
                state_cell(action),
                effect_cell(action),
            ]
        )
    width = PAGE[0] - 2 * MARGIN
    # "Verified effective" whole; a department and its person on one line where they can be ("厨师长周 / 某" split)
    widths = [20 * mm, 21 * mm, 50 * mm, 54 * mm, 42 * mm, 21 * mm, 28 * mm]
    widths.append(width - sum(widths))
    states = Counter(action["state"] for action in actions)
    counts = "、" if language == "zh_CN" else " · "  # a state may hold a comma ("Done, effect to verify")
    totals = words["totals"].format(
        total=len(actions),
        states=counts.join(
            words["state_count"].format(state=code_label("action_state", state, language), count=count)
            for state, count in sorted(states.items())
        )
        or "–",
        overdue=sum(bool(action["overdue"]) for action in actions),
    )
    story: list[Any] = [
        Paragraph(escape(clean_text(organisation, covered=covered)), body) if organisation else Spacer(1, 1),
        Paragraph(escape(words["title"]), title),
        Paragraph(escape(words["period"].format(**listing)), body),
        Paragraph(escape(totals), body),
        Spacer(1, 4 * mm),
    ]
    if actions:
        grid = ContinuedTable(rows, colWidths=widths, repeatRows=1, splitInRow=MIN_SPLIT, carried=carried)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # an empty cell's, else Helvetica's
                ]
            )
        )
        story.append(grid)
    else:
        story.append(text(words["none"]))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=words["title"],
        invariant=invariant,
        initialFontName=fonts.regular,  # else every page names Helvetica, not embedded, though nothing uses it
    )

    def decorate(canvas: Canvas, _document: SimpleDocTemplate) -> None:
        if demo:
            draw_demo_mark(canvas, fonts.bold, *PAGE, mark=demo_mark(language))

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return FooterCanvas(*args, footer=words["page"], font=fonts.regular, **kwargs)

    document.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=canvas_maker)
    return out.getvalue()
