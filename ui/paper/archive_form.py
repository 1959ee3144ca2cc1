"""The complaint handling record form (投诉处理记录表) as an A4 PDF, in the
spirit of GB/T 19012's complaint form, rendered with reportlab platypus from
``models.archive.printable_record(actor, case)`` (plain JSON values, no database).

Every page carries the footer (page x / y, the short seal digest and a QR
code with the archive number and the full digest); an open case prints as a
draft marked 未归档 (an English form NOT ARCHIVED) on every page.
"""

from __future__ import annotations

import base64
import binascii
import functools
import io
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from models.complaint import ProposalStage, proposal_stage
from models.control.external import LINK_REASON
from models.customer import mask_phone
from models.files import write_whole
from ui.paper.code_labels import offers_a_decision
from ui.paper.fonts import FontSet, cjk_fonts
from ui.paper.labels import form_language, labelled
from ui.paper.layout import BLANK, Captioned, FormLayout, fitted_image
from ui.paper.page import (
    BOTTOM_MARGIN,
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    FormDecoration,
    NumberedCanvas,
    form_document,
)
from ui.paper.risk_labels import duration_words, printed_advice, printed_reason
from ui.paper.styles import DRAFT_RED, INK, LABEL_FILL
from ui.paper.text import markup, print_money, print_person, print_time

log = logging.getLogger("complaint_desk.paper")

SIGNATURE_BOX = (60 * mm, 25 * mm)
KEPT_WITH_SIGN_OFF = 2  # the history's last events on the page of the boxes to sign
LOGO_BOX = (36 * mm, 16 * mm)


# The fields a correction names (ui/office/amend_dialog.py) and the form's words for them.
CORRECTED_FIELDS = {
    "customer_name": "customer",
    "customer_phone": "phone",
    "remedies": "corrected_remedies",
    "other": "corrected_other",
}

REMEDIES_KEPT = 5  # a proposal's table of this many rows (its lines and its total) or fewer is never split
# An office decision's events (any order): printed as one row of the history.
DECIDING = frozenset({"remedy_changed", "decided", "decision"})


class _FormBuilder(FormLayout):
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
        super().__init__(language=language, fonts=fonts)
        self.record = record
        self.withdrawn = record.get("state") == "withdrawn"  # its end, proposals and answer are said as a withdrawal
        self.organisation = organisation
        self.full_phone = full_phone
        self.logo = logo
        # The record names only the case's own department; other charged-to departments print as codes.
        code, name = record.get("department"), self.entry_name(record, "department")
        self.department_names = {code: name} if code and name else {}

    def entry_name(self, part: Mapping[str, Any], key: str) -> object:
        """A catalogue entry's name as the record keeps it, in the form's language: its English name on an
        English form when the record has one (format 4; older ones get it from the catalogue), else Chinese."""
        english = part.get(f"{key}_name_en") if self.language == "en" else None
        return english or part.get(f"{key}_name")

    # -- the sections

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [*self.title_block(), Spacer(1, 3 * mm)]
        for section in (
            self.receipt,
            self.investigation,
            self.risk,
            self.resolution,
            self.consent,
            self.closing,
            self.amendments,
        ):
            parts = section()
            if parts:
                story.extend([*parts, Spacer(1, 4 * mm)])
        story.extend(self.history_and_sign_off())
        return story

    def title_block(self) -> list[Flowable]:
        record, styles, words = self.record, self.styles, self.words
        logo = self.logo_image() or ""
        middle = [Paragraph(markup(self.text(self.organisation)), styles.organisation), Spacer(1, 1.5 * mm)]
        middle.append(Paragraph(escape(words["title"]), styles.title))
        number = record.get("archive_number")
        if number and record.get("seal"):
            box: list[Flowable] = [
                Paragraph(escape(words["archive_number"]), styles.number_label),
                Paragraph(escape(self.text(number)), styles.number),
            ]
            box_style: list[tuple[Any, ...]] = [("BOX", (2, 0), (2, 0), 1, INK)]
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
            labelled(words, "case_id", record.get("id", "")),
            labelled(words, "state", self.code("state", record.get("state"))),
        ]
        if seal.get("sealed_at"):
            meta.append(labelled(words, "sealed_at", print_time(seal["sealed_at"])))
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
            return fitted_image(self.logo, *LOGO_BOX, align="LEFT")
        except (OSError, ValueError) as error:
            log.warning("cannot print the logo %s: %s", self.logo, error)
            return None

    def receipt(self) -> list[Flowable]:
        record = self.record
        withdrawn = self.withdrawn
        customer = record.get("customer") or {}
        phone = self.text(customer.get("phone") or "")
        if phone and not self.full_phone:
            phone = mask_phone(phone)
        promised = print_time(record.get("promised_at"))
        if promised and record.get("promised_minutes"):
            duration = duration_words(int(record["promised_minutes"]), self.language)
            promised = self.words["time_and_duration"].format(time=promised, duration=duration)
        grid = self.grid(
            [
                ("received_at", print_time(record.get("received_at"))),
                ("received_by", print_person(record.get("received_by"))),
                ("promised_at", promised),
                ("channel", self.code("channel", record.get("channel"))),
                # A withdrawn case says so where its end is printed (it said 结案时间 / 结案人).
                ("withdrawn_at" if withdrawn else "closed_at", print_time(record.get("closed_at"))),
                ("withdrawn_by" if withdrawn else "closed_by", print_person(record.get("closed_by"))),
                ("customer", customer.get("name") or ""),
                ("phone", phone),
                ("location", record.get("location") or ""),
                ("moved_to_private", self.yes_no(record.get("moved_to_private"))),
                ("category", self.entry_name(record, "category") or record.get("category") or ""),
                ("severity", self.code("severity", record.get("severity"))),
            ]
        )
        rows = [("narrative", record.get("narrative")), ("demand", record.get("demand"))]
        if withdrawn and record.get("withdrawn_reason"):  # on the first page, not alone at the foot of the last
            rows.append(("withdrawn_reason", record["withdrawn_reason"]))
        return [self.heading("section_receipt"), grid, *self.long_rows(rows)]

    def investigation(self) -> list[Flowable]:
        record = self.record
        grid = self.grid(
            [
                ("department", self.entry_name(record, "department") or record.get("department") or ""),
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

    def risk(self) -> list[Flowable]:
        """Format 3 on: the escalation risk as of the last step, the office's take-over, the referral to an
        outside body (a record sealed before keeps none of them, and prints none)."""
        record, words, language = self.record, self.words, self.language
        if "risk_level" not in record:
            return []
        category, category_name = record.get("category"), self.entry_name(record, "category")

        def kind_name(kind: str) -> str:
            return str(category_name) if kind == category and category_name else kind

        level = str(record.get("risk_level") or "")
        pairs: list[tuple[str, object]] = [("risk_level", self.code("risk_level", level) or words["empty"])]
        if record.get("taken_over_by"):
            pairs.append(("taken_over_by", print_person(record.get("taken_over_by"))))
        rows: list[tuple[str, object]] = []
        reasons = record.get("risk_reasons")
        if isinstance(reasons, list) and reasons:
            lines = []
            for reason in reasons:
                if isinstance(reason, Mapping):
                    advice = printed_advice(reason, language)
                    sentence = printed_reason(reason, language, kind_name)
                    lines.append(f"{sentence}：{advice}" if advice and language == "zh_CN" else
                                 f"{sentence}. {advice}" if advice else sentence)  # fmt: skip
            rows.append(("risk_reasons", "\n".join(lines)))
        elif level:
            rows.append(("risk_reasons", words["risk_none"]))
        if record.get("referral"):
            referral = self.entry_name(record, "referral") or record.get("referral")
            rows.append(("referral", referral))
            rows.append(("referral_given", record.get("referral_given") or ""))
        return [self.heading("section_risk"), self.grid(pairs), *self.long_rows(rows)]

    def resolution(self) -> list[Flowable]:
        record = self.record
        parts: list[Flowable] = [self.heading("section_resolution")]
        if record.get("handoff_note"):
            parts.extend([*self.long_rows([("handoff_note", record["handoff_note"])]), Spacer(1, 2 * mm)])
        proposals = record.get("proposals") or []
        if not proposals:
            parts.append(self.para(self.words["no_proposal_withdrawn" if self.withdrawn else "no_proposal"]))
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
            # Answered, a proposal's outcome is the answer printed under it: "Offered to the customer" above
            # "Customer's answer: Declined" was read as the outcome.
            if not (stage == ProposalStage.OFFERED and proposal.get("answer")):
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
                    ("created_at", print_time(proposal.get("created_at"))),
                    ("needs_office", self.yes_no(proposal.get("needs_office"))),
                    ("proposal_total", print_money(proposal.get("total", "0"))),
                ]
            )
        )
        # A part of the proposal starting a page, or continued on the next, is headed 方案 2（续）: an office
        # decision or an answer at the top of a page said nothing of which proposal it was about.
        caption = self.part_caption(words["proposal"].format(seq=proposal.get("seq", "")))
        rest: list[Flowable] = []
        if proposal.get("explanation"):
            rest.extend(self.long_rows([("explanation", proposal["explanation"])]))
        rest.append(self.remedies(proposal))
        if proposal.get("decision"):
            rest.append(
                self.grid(
                    [
                        ("office_decision", self.code("decision", proposal.get("decision"))),
                        ("decided_by", print_person(proposal.get("decided_by"))),
                        ("decided_at", print_time(proposal.get("decided_at"))),
                    ]
                )
            )
            if proposal.get("decision_note"):
                rest.extend(self.long_rows([("decision_note", proposal["decision_note"])]))
        if proposal.get("answer"):
            rest.extend(self.answer(proposal))
        parts.extend(Captioned(caption, part) for part in rest)
        return parts

    def proposer(self, proposal: Mapping[str, Any]) -> str:
        """Who made the proposal; the office's own remedy (created and decided by
        the same office account) says so, since the desk did not offer it."""
        person = print_person(proposal.get("created_by"))
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
            ("answered_at", print_time(proposal.get("answered_at"))),
        ]
        if satisfaction is not None:
            pairs.append(("satisfaction", self.words["satisfaction_value"].format(value=satisfaction)))
        parts: list[Flowable] = [self.grid(pairs)]
        if proposal.get("counter_demand"):
            parts.extend(self.long_rows([("counter_demand", proposal["counter_demand"])]))
        return parts

    def line_details(self, line: Mapping[str, Any]) -> str:
        """A line's details when they say more than its remedy: left empty, a line keeps the remedy's Chinese name
        (it printed 现金补偿 | 现金补偿, and on the English form Cash compensation | 现金补偿), as the case view
        shows it."""
        details = str(line.get("description") or "")
        return "" if details in (line.get("remedy_name"), line.get("remedy_name_en")) else details

    def remedies(self, proposal: Mapping[str, Any]) -> Table:
        lines = proposal.get("lines") or []
        widths = [11 * mm, 36 * mm, CONTENT_WIDTH - (11 + 36 + 27 + 32) * mm, 27 * mm, 32 * mm]
        header = ["line_no", "remedy", "description", "amount", "charged_to"]
        rows: list[list[object]] = [
            [
                str(number),
                self.entry_name(line, "remedy") or line.get("remedy") or "",
                self.line_details(line),
                print_money(line.get("amount", "0")),
                self.entry_name(line, "charged_to")
                or self.department_names.get(line.get("charged_to"), line.get("charged_to") or ""),
            ]
            for number, line in enumerate(lines, start=1)
        ]
        if not rows:
            rows.append([BLANK, self.words["no_lines"], BLANK, BLANK, BLANK])
        total_row = len(rows) + 1
        rows.append([self.words["total"], BLANK, BLANK, print_money(proposal.get("total", "0")), BLANK])
        return self.listing(
            header,
            rows,
            widths,
            style=[
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                ("SPAN", (0, total_row), (2, total_row)),
                ("BACKGROUND", (0, total_row), (-1, total_row), LABEL_FILL),
                ("FONTNAME", (0, total_row), (-1, total_row), self.fonts.bold),
                ("NOSPLIT", (0, total_row - 1), (-1, total_row)),  # the total never alone on the next page
                # A few lines are never split (three printed two and one, on two pages).
                *([("NOSPLIT", (0, 0), (-1, total_row))] if total_row <= REMEDIES_KEPT else []),
            ],
            styles={3: self.styles.right},
            carry=(0, 1),  # the line's number and remedy
        )

    def consent(self) -> list[Flowable]:
        record = self.record
        if self.withdrawn and not record.get("consent"):
            # A grid of dashes said nothing of why there was no answer.
            said = [("consent", self.words["not_answered_withdrawn"])]
            return [self.heading("section_consent"), *self.long_rows(said)]
        satisfaction = record.get("satisfaction")
        grid = self.grid(
            [
                ("consent", self.code("consent", record.get("consent"))),
                ("consent_at", print_time(record.get("consent_at"))),
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
                return fitted_image(io.BytesIO(base64.b64decode(str(encoded), validate=True)), *SIGNATURE_BOX)
            except (OSError, ValueError, binascii.Error) as error:
                log.warning("cannot print the signature of case %s: %s", record.get("id"), error)
                return self.para(self.words["signature_unreadable"])
        if record.get("witness"):
            return self.para(self.words["witnessed"].format(witness=self.text(record["witness"])))
        return self.para(self.words["no_signature"])

    def closing(self) -> list[Flowable]:
        record = self.record
        follow_ups = record.get("follow_ups") or []
        parts: list[Flowable] = [self.heading("section_follow_up")]
        if follow_ups:
            # What came of each, beside what was promised (done after sealing: not in the sealed record; a record
            # printed before outcomes were kept has none).
            outcomes = record.get("follow_up_outcomes") or []
            rows = [
                [
                    self.code("follow_up", item.get("kind")),
                    print_time(item.get("due_at")),
                    item.get("description") or "",
                    self.outcome(outcomes[index] if index < len(outcomes) else None),
                ]
                for index, item in enumerate(follow_ups)
            ]
            widths = [26 * mm, 30 * mm, (CONTENT_WIDTH - 56 * mm) / 2, (CONTENT_WIDTH - 56 * mm) / 2]
            header = ["follow_up_kind", "due_at", "follow_up_description", "follow_up_outcome"]
            parts.append(self.listing(header, rows, widths, carry=(0, 1)))  # its kind and time
        else:
            parts.extend(self.long_rows([("follow_ups", self.words["no_follow_ups"])]))
        rows_long: list[tuple[str, object]] = [("improvement_suggestion", record.get("improvement_suggestion"))]
        if record.get("withdrawn_reason") and not self.withdrawn:  # a withdrawn case's: under 一
            rows_long.append(("withdrawn_reason", record["withdrawn_reason"]))
        parts.extend(self.long_rows(rows_long))
        return parts

    def outcome(self, done: Mapping[str, Any] | None) -> str:
        """A follow-up's outcome: done when, by whom, and what came of it; still owed when not done."""
        if done is None:
            return self.words["follow_up_owed"]
        return self.words["follow_up_done"].format(
            at=print_time(done.get("done_at")), by=print_person(done.get("by")), result=done.get("result") or ""
        )

    def _reason(self, reason: str) -> str:
        """An amendment's reason as typed, but the one the application writes itself in the form's language."""
        return self.words["external_link_reason"] if reason == LINK_REASON else reason

    def correction(self, field: str, value: object) -> str:
        """One corrected field as the form says it: named as the correction's dialog names it (it printed
        customer_phone：…), a phone masked as the receipt's is unless the office asked for it whole."""
        if field == "customer_phone" and value and not self.full_phone:
            value = mask_phone(str(value))
        return labelled(self.words, CORRECTED_FIELDS.get(field, field), value)

    def amendments(self) -> list[Flowable]:
        amendments = self.record.get("amendments") or []
        if not amendments:
            return []
        rows = []
        for amendment in amendments:
            corrections = amendment.get("corrections") or {}
            listed = "\n".join(self.correction(str(key), value) for key, value in corrections.items())
            rows.append(
                [
                    print_time(amendment.get("at")),
                    print_person(amendment.get("by")),
                    self._reason(amendment.get("reason") or ""),
                    listed,
                ]
            )
        widths = [32 * mm, 24 * mm, 48 * mm, CONTENT_WIDTH - 104 * mm]
        return [
            self.heading("section_amendments"),
            self.listing(["amended_at", "amended_by", "reason", "corrections"], rows, widths),
        ]

    def history_and_sign_off(self) -> list[Flowable]:
        """The history, then the boxes to sign. The boxes are the history table's last row, and the last events
        stay on their page (NOSPLIT): boxes alone at the top of a page, under nothing, attest to nothing."""
        # A proposal's details come with the step that made it (offered, escalated, changed by the office), and are
        # printed in full under the resolution: one row a step (it printed two at the same minute).
        events = [event for event in self.record.get("history") or [] if event.get("action") != "proposal"]
        if not events:
            return [self.sign_off()]
        rows: list[list[object]] = []
        for index, event in enumerate(events):
            if self.one_decision(event, events[index - 1] if index else None):
                continue  # said by the row of the decision it belongs to
            rows.append([print_time(event.get("at")), self.history_action(events, index), event.get("by") or ""])
        rows.append([self.sign_off(), BLANK, BLANK])
        widths = [32 * mm, CONTENT_WIDTH - 72 * mm, 40 * mm]
        kept = min(len(events), KEPT_WITH_SIGN_OFF)
        style = [
            ("SPAN", (0, -1), (-1, -1)),
            # The boxes' own lines are the cell's: no padding around them.
            *((side, (0, -1), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")),
            ("NOSPLIT", (0, -1 - kept), (-1, -1)),
        ]
        return [
            self.heading("section_history"),
            self.listing(["history_at", "history_action", "history_by"], rows, widths, style),
        ]

    @staticmethod
    def _same_step(event: Mapping[str, Any], before: Mapping[str, Any] | None) -> bool:
        """Whether ``event`` is part of the same act as the event ``before`` it: the same person, the same minute."""
        return (
            before is not None
            and before.get("by") == event.get("by")
            and print_time(before.get("at")) == print_time(event.get("at"))
        )

    def one_decision(self, event: Mapping[str, Any], before: Mapping[str, Any] | None) -> bool:
        """Whether ``event`` belongs to the same office decision as the event before it (the remedy changed, the
        decision, the state it leaves the case in: one decision printed three rows at the same minute)."""
        if not self._same_step(event, before):
            return False
        assert before is not None
        return event.get("action") in DECIDING and before.get("action") in DECIDING

    def history_action(self, events: Sequence[Mapping[str, Any]], index: int) -> str:
        action = str(events[index].get("action") or "")
        if action in DECIDING:  # the decision's events as one row: the remedy changed with it, if it was
            step = [events[index]]
            for later in events[index + 1 :]:
                if not self.one_decision(later, step[-1]):
                    break
                step.append(later)
            actions = {str(e.get("action")) for e in step}
            if "remedy_changed" in actions:
                return self.words["and"].join([self.code("action", "remedy_changed"), self.code("action", "decision")])
            return self.code("action", "decision" if "decision" in actions else action)
        if action == "proposed" and offers_a_decision([str(e.get("action")) for e in events[:index]]):
            return self.code("action", "decision_offered")
        return self.code("action", action)

    def sign_off(self) -> Flowable:
        return self.sign_boxes(["duty_manager_sign", "office_sign"])


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
    decoration = FormDecoration(record, builder.words, fonts, organisation, demo)
    number = record.get("archive_number") or builder.words["draft_mark"]
    output = io.BytesIO()
    document = form_document(
        output,
        f"{builder.words['title']} {number}",
        organisation,
        builder.words["subject"],
        fonts.regular,
        language,
        invariant,
        keywords=[str(number)],
    )
    frame = Frame(MARGIN, BOTTOM_MARGIN, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN, id="body")
    document.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=decoration.on_page)])
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, decoration=decoration))
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
    return list(written_archive_forms(records, folder, **options))


def written_archive_forms(records: Iterable[Mapping[str, Any]], folder: Path, **options: Any) -> Iterator[Path]:
    """``write_archive_forms`` one form at a time: each file as soon as it is whole (the command line names it then:
    a Ctrl+C after 50 of 200 forms said nothing of the 50 written)."""
    folder.mkdir(parents=True, exist_ok=True)
    for record, pdf in iter_archive_forms(records, **options):
        path = folder / form_filename(record)
        write_whole(path, pdf)
        yield path
