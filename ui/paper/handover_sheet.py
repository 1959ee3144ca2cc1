"""The handover sheet (交接班记录) as a PDF: open cases with their deadlines,
promises due to customers, cases waiting for the office, the cases at
escalation risk with their reasons, external cases and improvement actions
overdue, the archive's chain head (a paper anchor), the note, and lines for
both duty managers to sign. reportlab only, no Qt."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ui.paper.code_labels import code_entry, code_label
from ui.paper.fonts import cjk_fonts, coverage
from ui.paper.labels import form_language
from ui.paper.page import FooterCanvas, demo_mark, draw_demo_mark, page_footer
from ui.paper.risk_labels import printed_reason
from ui.paper.text import CJK, clean_text, markup

WORDS = {
    "zh_CN": {
        "title": "交接班记录",
        "made": "交班时间：{at}　交班人：{by}",
        "page": "第 {page} 页 / 共 {pages} 页",
        "open": "受理台未结投诉",
        "open_count": "未结投诉共 {all} 件：受理台 {desk} 件，等待办公室 {office} 件。",
        "listed": "以下列出最早的 {listed} 件（共 {total} 件）。",
        "promises": "待回访与待兑现的承诺",  # as the overview and the screen's sheet say
        "office": "等待办公室处理",
        "note": "交接说明",
        "none": "无",
        "number": "编号",
        "received": "受理时间",
        "customer": "顾客",
        "category": "投诉分类",  # as the complaint form calls it
        "state": "状态",
        "promised": "承诺答复时间",
        "kind": "类型",
        "due": "到期时间",
        "what": "内容",
        "overdue": "（已超时）",
        "taken_over": "已由办公室的{name}接管",
        "outgoing": "交班人签字：",
        "incoming": "接班人签字：",
        "anchor": "归档：已封存 {seals} 份；归档指纹 {head}（供日后核对归档）",
        "external": "外部投诉到期提醒",
        "channel": "渠道",
        "reference": "外部编号",
        "left": "剩余工作日",
        "late": "已超期 {days} 个工作日",
        "risk": "越级风险提示",
        "level": "风险",
        "reasons": "原因",
        "actions": "已超期的整改措施",
        "problem": "问题",
        "responsible": "责任部门/责任人",
    },
    "en": {
        "title": "Handover sheet",
        "made": "Handed over {at} by {by}",
        "page": "Page {page} of {pages}",
        "open": "Open cases at the desk",
        "open_count": "{all} open cases: {desk} at the desk, {office} waiting for the office.",
        "listed": "The oldest {listed} of {total} are listed.",
        "promises": "Call-backs and promises due",
        "office": "Waiting for the office",
        "note": "Handover note",
        "none": "None",
        "number": "No.",
        "received": "Received",
        "customer": "Customer",
        "category": "Category",
        "state": "State",
        "promised": "Reply promised by",
        "kind": "Kind",
        "due": "Due",
        "what": "What",
        "overdue": " (overdue)",
        "taken_over": "Taken over by {name} (the office)",
        "outgoing": "Outgoing duty manager:",
        "incoming": "Incoming duty manager:",
        "anchor": "Archive: {seals} records sealed; archive fingerprint {head} (to check the archive against later)",
        "external": "External cases due",
        "channel": "Channel",
        "reference": "Reference",
        "left": "Working days left",
        "late": "Overdue by {days} working days",
        "late_one": "Overdue by 1 working day",
        "risk": "At escalation risk",
        "level": "Risk",
        "reasons": "Why",
        "actions": "Improvement actions overdue",
        "problem": "Problem",
        "responsible": "Department / responsible",
    },
}


def joined_clauses(parts: Sequence[str], language: str) -> str:
    """Clauses in one sentence, as the language joins them: in English after "; " in small letters (each reason
    began with a capital: "A serious matter: Safety hazard; What the customer asks…; The promised time…")."""
    if language == "zh_CN":
        return "；".join(parts)
    return "; ".join(part if index == 0 else part[:1].lower() + part[1:] for index, part in enumerate(parts))


def working_days_left_words(days_left: int, language: str) -> str:
    """The working days left to an external case's day, or those it is overdue by ("已超期 18 个工作日"), as the
    sheet says them (the external case's form too)."""
    words = WORDS[language]
    if days_left >= 0:
        return str(days_left)
    return words["late_one"] if days_left == -1 and "late_one" in words else words["late"].format(days=-days_left)


def category_name(row: Mapping[str, Any], language: str) -> str:
    """The case's category's name in the sheet's language ("" on sheets stored before they carried it)."""
    name = row.get("category_name_en") if language == "en" else None
    return str(name or row.get("category_name") or "")


def category_of(row: Mapping[str, Any], language: str) -> Callable[[str], str]:
    """The case's category's name in the sheet's language, for a reason that names it (sheets stored
    before they carried it print the code)."""
    name = category_name(row, language)
    return lambda kind: name or kind


def render_handover_sheet(
    sheet: Mapping[str, Any],
    note: str = "",
    organisation: str = "",
    language: str = "zh_CN",
    invariant: bool = False,
    demo: bool = False,
) -> bytes:
    """``sheet`` is the JSON form of models.handover.HandoverSheet; ``demo``
    stamps every page as demo data."""
    language = form_language(language)
    words = WORDS[language]
    fonts = cjk_fonts()
    covered = coverage(fonts)  # a character the font lacks prints as □, seen (it left a blank: 刘䶮 read 刘)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9, leading=12, wordWrap="CJK")  # 避头 too
    # Text without a CJK character wraps at its spaces, as the forms' does ("Market regulat" / "or" in a narrow
    # column, wrapped character by character).
    latin = ParagraphStyle("latin", parent=body, wordWrap=None)
    heading = ParagraphStyle(  # never at a page's foot without its table
        "heading", parent=body, fontName=fonts.bold, fontSize=11, leading=15, spaceBefore=8, keepWithNext=1
    )
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=16, leading=20, alignment=1)

    def text(value: object) -> Paragraph:
        cleaned = clean_text(value, covered=covered)
        return Paragraph(markup(cleaned), body if CJK.search(cleaned) else latin)

    font = fonts.regular

    def table(header: Sequence[str], rows: list[list[object]], widths: Sequence[float]) -> Table:
        if not rows:
            # Its font named even so (a cell's own, else Helvetica's, named on the page and not embedded).
            return Table([[text(words["none"])]], colWidths=[sum(widths)], style=[("FONTNAME", (0, 0), (0, 0), font)])
        grid = Table(
            [[text(h) for h in header]] + [[text(c) for c in row] for row in rows], colWidths=widths, repeatRows=1
        )
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
        return grid

    def state_of(row: Mapping[str, Any]) -> str:
        """The case's state, or the office account that took it over (sheets stored before name none). Named as
        the screen's sheet names it, the one the incoming duty manager confirmed reading ("Proposed" there was
        "Proposal offered" here)."""
        if row.get("taken_over_by"):
            return str(words["taken_over"].format(name=row["taken_over_by"]))
        entry = code_entry("state", row["state"])
        if entry is None or language != "en":
            return code_label("state", row["state"], language)
        return entry.source.text

    def department_of(row: Mapping[str, Any]) -> str:
        """The action's department in the sheet's language (an English sheet printed it in Chinese)."""
        return str((row.get("department_en") if language == "en" else None) or row["department"] or "")

    def cases(rows: Iterable[Mapping[str, Any]]) -> list[list[object]]:
        return [
            [
                row["number"],
                row["received_at"],
                category_name(row, language),  # what the case is about
                row["customer"],
                state_of(row),
                row["promised_at"] + (words["overdue"] if row["overdue"] else ""),
            ]
            for row in rows
        ]

    def at_risk(rows: Iterable[Mapping[str, Any]]) -> list[list[object]]:
        ranked = sorted(
            (row for row in rows if row.get("risk_level") in ("watch", "high")),
            key=lambda row: (row["risk_level"] != "high", row["received_at"]),
        )
        return [
            [
                row["number"],
                code_label("risk_level", row["risk_level"], language),
                joined_clauses(
                    [
                        printed_reason(reason, language, category_of(row, language))
                        for reason in row.get("risk_reasons") or []
                    ],
                    language,
                ),
            ]
            for row in ranked
        ]

    # The times each on one line, with the overdue mark; a customer's name and masked phone on one line, "Staff
    # attitude" too (A4 less the margins: 174 mm).
    widths = [16 * mm, 29.5 * mm, 24 * mm, 34.5 * mm, 24 * mm, 46 * mm]
    case_header = [words["number"], words["received"], words["category"], words["customer"], words["state"],
                   words["promised"]]  # fmt: skip
    promises = [
        [
            row["number"],
            code_label("follow_up", row["kind"], language),
            row["due_at"] + (words["overdue"] if row["overdue"] else ""),
            row["description"],
        ]
        for row in sheet["promises"]
    ]
    maker = clean_text(sheet["made_by"], covered=covered)  # 刘䶮 as 刘□, seen (it printed 刘 and a blank)
    # How many there are in all (sheets stored before counted the lists: "500 open cases" of 2,488).
    desk = sheet.get("desk_total") or len(sheet["open_cases"])
    office = sheet.get("office_total") or len(sheet["waiting_for_office"])

    def listed(rows: list[object], total: int) -> list[Paragraph]:
        """A line saying a long list holds its oldest SHEET_LISTED only."""
        if total <= len(rows):
            return []
        return [Paragraph(escape(words["listed"].format(listed=f"{len(rows):,}", total=f"{total:,}")), body)]

    story = [
        Paragraph(escape(clean_text(organisation, covered=covered)), body) if organisation else Spacer(1, 1),
        Paragraph(escape(words["title"]), title),
        Paragraph(escape(words["made"].format(at=sheet["made_at"], by=maker)), body),
        # Sheets stored before the anchor was printed have no chain head.
        Paragraph(
            escape(
                words["anchor"].format(
                    seals=f"{sheet.get('archive_seals') or 0:,}", head=sheet.get("archive_head") or "—"
                )
            ),
            body,
        ),
        Paragraph(
            escape(words["open_count"].format(all=f"{desk + office:,}", desk=f"{desk:,}", office=f"{office:,}")),
            body,
        ),
        Paragraph(escape(words["open"]), heading),
        *listed(sheet["open_cases"], desk),
        table(case_header, cases(sheet["open_cases"]), widths),
        Paragraph(escape(words["risk"]), heading),
        table(
            [words["number"], words["level"], words["reasons"]],
            at_risk([*sheet["open_cases"], *sheet["waiting_for_office"]]),
            [30 * mm, 20 * mm, 124 * mm],
        ),
        Paragraph(escape(words["promises"]), heading),
        *listed(sheet["promises"], sheet.get("promises_total") or len(sheet["promises"])),
        table(
            [words["number"], words["kind"], words["due"], words["what"]],
            promises,
            [30 * mm, 26 * mm, 46 * mm, 72 * mm],  # the due time with its overdue mark on one line
        ),
        Paragraph(escape(words["office"]), heading),
        *listed(sheet["waiting_for_office"], office),
        table(case_header, cases(sheet["waiting_for_office"]), widths),
        # Sheets stored before external cases were kept have none.
        Paragraph(escape(words["external"]), heading),
        table(
            [words["number"], words["channel"], words["reference"], words["customer"], words["due"], words["left"]],
            [
                [
                    row["number"],
                    (row.get("channel_en") if language == "en" else None) or row["channel"],
                    row["reference"],
                    row["customer"],
                    row["due_on"],
                    working_days_left_words(row["working_days_left"], language),
                ]
                for row in sheet.get("external_due", [])
            ],
            # The outside body's reference on one line (read out on the phone, copied by hand:
            # "市监投〔2026〕46132号"), the channel's name too ("市场监督管理部" / "门"), the customer's name with the
            # phone, and "已超期 12 个工作日"; an open case's number is short (W#22).
            [14 * mm, 30 * mm, 40 * mm, 34 * mm, 21 * mm, 35 * mm],
        ),
        # Sheets stored before improvement actions were kept have none.
        Paragraph(escape(words["actions"]), heading),
        table(
            [words["number"], words["problem"], words["responsible"], words["due"]],
            [
                [
                    row["number"],
                    row["problem"],
                    " / ".join(filter(None, [department_of(row), row["responsible"]])),
                    row["due_on"],
                ]
                for row in sheet.get("actions_overdue", [])
            ],
            [26 * mm, 82 * mm, 42 * mm, 24 * mm],
        ),
        # The note and the signatures stay together: a signature line never stands alone on a page.
        KeepTogether(
            [
                Paragraph(escape(words["note"]), heading),
                text(note or words["none"]),
                Spacer(1, 14 * mm),
                Table(
                    [[text(words["outgoing"]), "", text(words["incoming"]), ""]],
                    colWidths=[46 * mm, 41 * mm, 46 * mm, 41 * mm],
                    style=[
                        ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
                        ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
                        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),  # the lines to sign on: empty cells
                    ],
                ),
            ]
        ),
    ]
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=words["title"],
        author=clean_text(sheet["made_by"]),
        invariant=invariant,
        initialFontName=fonts.regular,  # else every page names Helvetica, not embedded, though nothing uses it
    )

    def decorate(canvas: Canvas, _document: SimpleDocTemplate) -> None:
        if demo:
            draw_demo_mark(canvas, fonts.bold, *A4, mark=demo_mark(language))

    # Each page says which handover it belongs to, and which page of it it is.
    made = words["made"].format(at=sheet["made_at"], by=clean_text(sheet["made_by"], covered=covered))
    footer = page_footer(words["title"], made, page=words["page"])

    def canvas_maker(*args: Any, **kwargs: Any) -> Canvas:
        return FooterCanvas(*args, footer=footer, font=fonts.regular, **kwargs)

    document.build(story, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=canvas_maker)
    return out.getvalue()
