"""The external case form (外部投诉处理记录表) as an A4 PDF, rendered with reportlab from
``models.control.external_queries.printable_external`` (plain JSON values, no database, no Qt): the
outside body's case, its deadlines in working days, the reply, the outcome and the history, with the
complaint form's page furniture (seal digest and QR code in the footer; 未归档 on a case not closed)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph, Spacer, Table

from models.control.external import next_due
from models.control.external_queries import working_days_left
from models.customer import mask_phone
from ui.paper.fonts import cjk_fonts
from ui.paper.handover_sheet import WORDS as SHEET_WORDS
from ui.paper.handover_sheet import working_days_left_words
from ui.paper.labels import form_language, labelled, labels
from ui.paper.layout import FormLayout
from ui.paper.page import (
    BOTTOM_MARGIN,
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    FormDecoration,
    NumberedCanvas,
    form_document,
)
from ui.paper.styles import DRAFT_RED, INK
from ui.paper.text import print_person, print_time

WORDS = {
    "zh_CN": {
        "title": "外部投诉处理记录表",
        "subject": "外部投诉处理记录",
        "printed_form_of": "{organisation} · 外部投诉处理记录表",
        "draft_note": "草稿：本外部投诉尚未结案封存，内容仍可能变动，不作为存档依据。",
        "case_id": "外部投诉编号",
        "section_case": "外部来件",
        "channel": "投诉渠道",
        "reference": "外部编号",
        "received_on": "收到日期",
        "complaint": "原投诉编号",
        "customer": "顾客",
        "phone": "联系电话",
        "asked": "诉求内容",  # "外部机构/顾客诉求" broke before its last character
        "section_deadlines": "办理期限（工作日）",
        "acceptance_due": "受理决定期限",
        "due_on": "答复期限",
        "days": "{date}（{days} 个工作日）",
        "given": "{date}（外部机构指定）",
        "as_of": "{left}（截至 {today}）",  # the days left change each day: the printed form says on which
        "fallback": "注：期限所在年份的节假日安排尚未公布，按周一至周五计算，公布后请核对。",
        "section_reply": "答复与结果",
        "recorded": "登记",
        "replying": "开始答复",
        "replied": "已答复",
        "closed": "结案",
        "by_at": "{person} {time}",
        "replied_late": "{done}（超期答复）",
        "reply": "答复内容",
        "outcome": "处理结果",
        "closing_note": "结案说明",
        "attachments": "附件",
        "file_and_size": "{name}（{size} 字节）",
        "section_history": "处理经过",
        "office_sign": "办公室负责人签字",
    },
    "en": {
        "title": "External case record",
        "subject": "External complaint case record",
        "printed_form_of": "{organisation} · External case record",
        "draft_note": "Draft: this external case is not closed and sealed yet; its content may still change.",
        "case_id": "External case",
        "section_case": "The case received",
        "channel": "Channel",
        "reference": "External reference",
        "received_on": "Received",
        "complaint": "Original complaint",
        "customer": "Customer",
        "phone": "Phone",
        "asked": "What is asked",
        "section_deadlines": "Deadlines (working days)",
        "acceptance_due": "Acceptance decided by",
        "due_on": "Reply due",
        "days": "{date} ({days} working days)",
        "given": "{date} (set by the outside body)",
        "as_of": "{left} (as of {today})",
        "fallback": "Note: the holidays of a year on the way are not announced yet; counted Monday to Friday. "
        "Check once they are.",
        "section_reply": "Reply and outcome",
        "recorded": "Recorded",
        "replying": "Reply started",
        "replied": "Replied",
        "closed": "Closed",
        "by_at": "{person} {time}",
        "replied_late": "{done} (late)",
        "reply": "Reply",
        "outcome": "Outcome",
        "closing_note": "Closing note",
        "attachments": "Attachments",
        "file_and_size": "{name} ({size} bytes)",
        "section_history": "History",
        "office_sign": "Head of office",
    },
}


class _ExternalForm(FormLayout):
    def __init__(
        self, record: Mapping[str, Any], language: str, organisation: str, full_phone: bool, today: dt.date
    ) -> None:
        super().__init__(language=language, fonts=cjk_fonts())
        # "Working days left" in the handover sheet's words, which the office reads the same cases in.
        self.words = {**labels(language), "left": SHEET_WORDS[language]["left"], **WORDS[language]}
        self.record = record
        self.organisation = organisation
        self.full_phone = full_phone
        self.today = today

    def story(self) -> list[Flowable]:
        record, words, styles = self.record, self.words, self.styles
        sealed = bool(record.get("seal"))
        number = record.get("archive_number") if sealed else None
        box = (
            [
                Paragraph(escape(words["archive_number"]), styles.number_label),
                Paragraph(escape(str(number)), styles.number),
            ]
            if number
            else [Paragraph(escape(words["draft_mark"]), styles.draft)]
        )
        middle = [
            Paragraph(escape(self.text(self.organisation)), styles.organisation),
            Paragraph(escape(words["title"]), styles.title),
        ]
        head = Table([[middle, box]], colWidths=[CONTENT_WIDTH - 50 * mm, 50 * mm])
        head.setStyle(
            self.table_style(
                [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (1, 0), (1, 0), 1, INK if number else DRAFT_RED)]
            )
        )
        state = self.code("external_state", record.get("state"))
        # The case as the office's list and its page name it (W#21), spaced as the complaint form's line: a
        # paragraph folds plain spaces into one.
        meta = [labelled(words, "case_id", f"W#{record.get('id', '')}"), labelled(words, "state", state)]
        seal = record.get("seal") or {}
        if seal.get("sealed_at"):
            meta.append(labelled(words, "sealed_at", print_time(seal["sealed_at"])))
        spaced = "&nbsp;&nbsp;&nbsp;&nbsp;".join(escape(item) for item in meta)
        story: list[Flowable] = [head, Spacer(1, 2 * mm), Paragraph(spaced, styles.meta)]
        if not sealed:
            story.append(Paragraph(escape(words["draft_note"]), styles.meta))
        story.append(Spacer(1, 3 * mm))
        for section in (self.case, self.deadlines, self.reply, self.history):
            story.extend([*section(), Spacer(1, 4 * mm)])
        story.append(self.sign_boxes(["office_sign"]))  # room to sign in: a grid's row left none
        return story

    def channel_name(self) -> str:
        """The channel as the form's language names it (an English form printed 市场监督管理部门)."""
        record = self.record
        english = record.get("channel_name_en") if self.language == "en" else None
        return str(english or record.get("channel_name") or record.get("channel") or "")

    def case(self) -> list[Flowable]:
        record = self.record
        customer = record.get("customer") or {}
        phone = str(customer.get("phone") or "")
        return [
            self.heading("section_case"),
            self.grid(
                [
                    ("channel", self.channel_name()),
                    ("reference", record.get("reference") or ""),
                    ("received_on", record.get("received_on") or ""),
                    ("complaint", record.get("complaint_number") or f"#{record.get('complaint_id', '')}"),
                    ("customer", customer.get("name") or ""),
                    ("phone", phone if self.full_phone else mask_phone(phone)),
                ]
            ),
            *self.long_rows([("asked", record.get("asked"))]),
        ]

    def deadlines(self) -> list[Flowable]:
        record, words = self.record, self.words
        pairs: list[tuple[str, object]] = []
        if record.get("acceptance_due"):
            pairs.append(
                (
                    "acceptance_due",
                    words["days"].format(date=record["acceptance_due"], days=record.get("acceptance_days")),
                )
            )
        if record.get("reply_by"):
            pairs.append(("due_on", words["given"].format(date=record["reply_by"])))
        else:
            pairs.append(("due_on", words["days"].format(date=record.get("due_on"), days=record.get("handling_days"))))
        left = self.days_left()
        if left is not None:
            pairs.append(("left", left))
        parts: list[Flowable] = [self.heading("section_deadlines"), self.grid(pairs)]
        if record.get("fallback_calendar"):
            parts.append(self.para(words["fallback"]))
        return parts

    def days_left(self) -> Paragraph | None:
        """While the outside body waits for the reply, the working days left to its day as of the print date, or
        those it is overdue by (in red), as the handover sheet says them; None once the reply is sent."""
        record = self.record
        acceptance_due, due_on = record.get("acceptance_due"), record.get("due_on")
        if not due_on:
            return None
        watch = next_due(
            str(record.get("state") or ""),
            dt.date.fromisoformat(str(acceptance_due)) if acceptance_due else None,
            dt.date.fromisoformat(str(due_on)),
        )
        left = working_days_left(self.today, watch)
        if left is None:
            return None
        words = working_days_left_words(left, self.language)
        text = self.words["as_of"].format(left=words, today=self.today.isoformat())
        style = self.styles.body_cjk if self.language == "zh_CN" else self.styles.body
        return self.para(text, ParagraphStyle("late", style, textColor=DRAFT_RED) if left < 0 else style)

    def reply(self) -> list[Flowable]:
        record, words = self.record, self.words

        def done(person: str, time: str) -> str:
            if not record.get(time):
                return ""
            return words["by_at"].format(person=print_person(record.get(person)), time=print_time(record.get(time)))

        replied = done("replied_by", "replied_at")
        due = str(record.get("due_on") or "")
        if replied and due and str(record.get("replied_at"))[:10] > due:  # the form said nothing of a late reply
            replied = words["replied_late"].format(done=replied)
        grid = self.grid(
            [
                ("recorded", done("recorded_by", "recorded_at")),
                ("replying", done("replying_by", "replying_at")),
                ("replied", replied),
                ("closed", done("closed_by", "closed_at")),
                ("outcome", self.code("external_outcome", record.get("outcome"))),
            ]
        )
        rows: list[tuple[str, object]] = [("reply", record.get("reply")), ("closing_note", record.get("closing_note"))]
        files = record.get("attachments") or []
        if files:
            rows.append(
                (
                    "attachments",
                    "\n".join(words["file_and_size"].format(name=f.get("filename"), size=f.get("size")) for f in files),
                )
            )
        return [self.heading("section_reply"), grid, *self.long_rows(rows)]

    def history(self) -> list[Flowable]:
        events = self.record.get("history") or []
        if not events:
            return []
        rows = [[print_time(e.get("at")), self.code("action", e.get("action")), e.get("by") or ""] for e in events]
        widths = [32 * mm, CONTENT_WIDTH - 72 * mm, 40 * mm]
        return [
            self.heading("section_history"),
            self.listing(["history_at", "history_action", "history_by"], rows, widths),
        ]


def render_external_form(
    record: Mapping[str, Any],
    *,
    organisation: str,
    language: str = "zh_CN",
    full_phone: bool = False,
    invariant: bool = False,
    demo: bool = False,
    today: dt.date | None = None,
) -> bytes:
    """The external case's form as PDF bytes; ``demo`` stamps every page as demo data; a case still owing its reply
    says how many working days are left to its day, or it is overdue by, on ``today`` (the print date)."""
    language = form_language(language)
    form = _ExternalForm(record, language, organisation, full_phone, today or dt.date.today())
    story = form.story()
    # The page furniture reads the record's archive number only once it is sealed.
    furniture = {**record, "archive_number": record.get("archive_number") if record.get("seal") else None}
    decoration = FormDecoration(furniture, form.words, form.fonts, organisation, demo)
    number = furniture.get("archive_number") or form.words["draft_mark"]
    output = io.BytesIO()
    document = form_document(
        output,
        f"{form.words['title']} {number}",
        organisation,
        form.words["subject"],
        form.fonts.regular,
        language,
        invariant,
    )
    frame = Frame(MARGIN, BOTTOM_MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN, id="body")
    document.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=decoration.on_page)])
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, decoration=decoration))
    return output.getvalue()


def external_form_title(record: Mapping[str, Any], language: str) -> str:
    """The preview's and the print job's title: the archive number, else the draft's number."""
    number = record.get("archive_number") if record.get("seal") else None
    return str(number or f"W#{record.get('id', '')}") + " " + WORDS[form_language(language)]["title"]
