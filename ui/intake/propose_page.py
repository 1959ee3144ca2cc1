"""Step 3: propose a resolution (house rules 8 and 9) within the duty manager's
authority, or hand the case to the office with a note (house rule 1)."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import cast

from PySide6.QtCore import QDate, QDateTime, QSignalBlocker, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from models.catalog import IntakeStep
from models.errors import DomainError
from models.intake import (
    EXPLANATION_MAX,
    HANDOFF_MAX,
    AuthorityCheck,
    check_authority,
    escalate,
    proposal_history,
    propose,
)
from ui.format import DATE_TIME, money
from ui.i18n import domain_message, fill
from ui.intake.base_page import IntakePage
from ui.intake.lines_editor import LinesEditor
from ui.style import OVER, WITHIN, set_role
from ui.widgets import DateTimeEdit, LimitedTextEdit


class ProposePage(IntakePage):
    authority_changed = Signal()  # the live check went over or back within the duty manager's authority
    step = IntakeStep.PROPOSE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.demand = QLabel()
        self.demand.setWordWrap(True)
        self.form.addRow(self.demand)
        self.lines = self.add_field("lines", LinesEditor())
        self.explanation = self.add_field("explanation", LimitedTextEdit(EXPLANATION_MAX, lines=2))
        self.authority = QLabel()
        self.authority.setObjectName("authorityStatus")
        self.authority.setWordWrap(True)
        self.authority.setTextFormat(Qt.TextFormat.RichText)  # escaped text: "today's" never shows as &#x27;
        self.form.addRow(self.authority)
        self.to_office = QCheckBox()
        self.form.addRow(self.to_office)
        self.handoff_note = self.add_field("handoff_note", LimitedTextEdit(HANDOFF_MAX, lines=4))
        # The time the customer is told the office will answer by: the case's promise from then on (the reply time
        # of step 1 made every escalated case late and high-risk within the hour).
        self.answer_by = self.add_field("answer_by", DateTimeEdit())
        self.answer_by.setCalendarPopup(True)
        self.answer_by.setDisplayFormat(DATE_TIME)
        self.lines.set_tab_neighbours(None, self.explanation, self.to_office, self.handoff_note)
        self.lines.changed.connect(self.update_authority)
        self._asked_for_office = False  # the box as the person left it (ticked by force while over the limit)
        self.to_office.clicked.connect(self._office_asked)
        self._check: AuthorityCheck | None = None  # the live check of the lines as typed
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(
            self.tr("Propose a resolution"),
            self.tr("Match the remedy to the company's liability, tell the customer patiently and ask for their view."),
        )
        texts = {
            "lines": self.tr("Remedies:"),
            "explanation": self.tr("What you will &tell the customer:"),
            "handoff_note": self.tr("&Hand-off note:"),
            "answer_by": self.tr("Office's answer b&y:"),
        }
        self.set_labels(texts)
        self.explanation.setPlaceholderText(
            self.tr("e.g. We will remake the dish right away and add a fruit plate on the house. Is that all right?")
        )
        self.to_office.setText(
            self.tr("Hand this case to the office (beyond your autho&rity, or the customer asks for it)")
        )
        self.handoff_note.setPlaceholderText(
            self.tr("For the office: the facts, what the customer wants, what you offered and how they reacted")
        )
        self.answer_by.setToolTip(
            self.tr("Tell the customer this time: the case counts as late after it, no longer after the first one.")
        )
        self._show_demand()
        self.update_authority()

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        case = self.saved_case()
        proposals = proposal_history(case.id)
        # A new proposal starts from the latest one (after a changed remedy, the office's).
        proposal = proposals[-1] if proposals else None
        earlier = [(line.remedy_id, line.amount, line.description) for line in proposal.lines] if proposal else []
        self.lines.set_lines(earlier)
        self.explanation.setText(proposal.explanation if proposal else "")
        # After the office's decision (the customer turned it down) a hand-off to the office is a new request: its
        # note is written anew (the first one went again unchanged, "要求免单250元" beside a request of 3,000).
        decided = proposal is not None and bool(proposal.decided_by)
        self.handoff_note.setText("" if decided else case.handoff_note)
        answer_by = default_answer_by(case.promised_at, dt.datetime.now())
        self.answer_by.setDateTime(
            QDateTime(QDate(answer_by.year, answer_by.month, answer_by.day), QTime(answer_by.hour, answer_by.minute))
        )
        self._asked_for_office = False
        self.to_office.setChecked(False)
        self._show_demand()
        self.update_authority()
        QTimer.singleShot(0, self, self._focus_remedy)  # once the page is shown

    def _focus_remedy(self) -> None:
        """The first thing to choose is the remedy (the wizard gave the focus to the button below it)."""
        if self.lines.rows:
            self.lines.rows[0].remedy.setFocus()

    def _show_demand(self) -> None:
        case = self.case() if self.wizard() is not None and self.intake.case_id else None
        if case is None:
            return
        text = escape(fill(self.tr("The customer asks for: %1"), case.demand))
        # Every counter-demand so far, not only the last answer's: a plain refusal must not hide an earlier one.
        for proposal in proposal_history(case.id):
            if proposal.counter_demand:
                text += "<br>" + escape(
                    fill(self.tr("After proposal %1 they asked for: %2"), proposal.seq, proposal.counter_demand)
                )
        self.demand.setText(text)

    def update_authority(self) -> None:
        """The live total against this person's limits."""
        if self.wizard() is None or not self.intake.case_id:
            return
        try:
            check = check_authority(self.intake.staff, self.intake.case_id, self.lines.lines())
        except DomainError as error:
            self.authority.setText(escape(domain_message(error)))
            set_role(self.authority, OVER)
            return
        if check.per_case_limit is None:
            summary = fill(self.tr("Total %1 yuan. The office decides without a limit."), money(check.total))
        else:
            summary = fill(
                self.tr("Total %1 yuan · your limit %2 yuan a case · %3 yuan left of today's limit"),
                money(check.total),
                money(check.per_case_limit),
                money(check.daily_left),
            )
        before = (self.over_limit, self.beyond_limits)
        self._check = check
        if (self.over_limit, self.beyond_limits) != before:
            self.authority_changed.emit()
        if check.within:
            self.authority.setText(escape(summary))
            set_role(self.authority, WITHIN)
        else:
            reasons = "".join(f"<li>{escape(domain_message(r))}</li>" for r in check.reasons)
            advice = (
                # A dish remade for 50 yuan in a category the office decides was said "beyond your authority".
                self.tr("The office decides complaints of this category: hand the case to it with a note.")
                if check.category_only
                else self.tr("This is beyond your authority: hand the case to the office with a note.")
            )
            self.authority.setText(f"{escape(summary)}<ul>{reasons}</ul><b>{escape(advice)}</b>")
            set_role(self.authority, OVER)
        self._mode_changed()

    @property
    def over_limit(self) -> bool:
        """Whether the proposal as typed is beyond the duty manager's authority (the live check)."""
        return self._check is not None and not self._check.within

    @property
    def beyond_limits(self) -> bool:
        """Whether what is offered is beyond the duty manager's limits (a category the office decides is not)."""
        return self.over_limit and self._check is not None and not self._check.category_only

    @property
    def escalating(self) -> bool:
        return self.over_limit or self.to_office.isChecked()

    def _office_asked(self, ticked: bool) -> None:
        self._asked_for_office = ticked
        self._mode_changed()

    def _mode_changed(self) -> None:
        # Beyond the authority the case goes to the office, and the box says so: ticked, not to be unticked.
        # Back within it, the box is as the person left it.
        self.to_office.setEnabled(not self.over_limit)
        with QSignalBlocker(self.to_office):
            self.to_office.setChecked(self.over_limit or self._asked_for_office)
        escalating = self.escalating
        for name in ("handoff_note", "answer_by"):
            self.field_widgets[name].setVisible(escalating)
            self.labels[name].setVisible(escalating)
        if self.wizard() is not None:
            self.intake.update_buttons()
        # No completeChanged: the page is always complete, and QWizard answers that signal by hiding and showing its
        # pages, which took the focus from the amount being typed and rewrote it ("12." became "12.00 yuan", the
        # cursor before the point: 12.50 could not be typed).

    def next_text(self) -> str:
        return self.tr("Send to the &office") if self.escalating else self.tr("&Offer to the customer")

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        staff, case_id = self.intake.staff, self.intake.saved_case_id
        if self.escalating:
            saved = self.save(
                lambda: escalate(
                    staff, case_id, self.lines.lines(), self.handoff_note.text(), self.explanation.text(),
                    cast(dt.datetime, self.answer_by.dateTime().toPython()),
                )
            )
            if saved:
                self.intake.escalated()
            return False
        return self.save(lambda: propose(staff, case_id, self.lines.lines(), self.explanation.text()))


# The hours of the office's day the desk offers its answer in by default (a night shift escalating at 02:36 offered
# "2026-12-09 03:00", and the time is told to the customer).
OFFICE_ANSWERS_FROM, OFFICE_ANSWERS_UNTIL = 10, 18


def default_answer_by(promised_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The office's answer offered by default: the promise as it stands when it is more than an hour away, else
    this time tomorrow, on the hour after, within the office's day (the office decides in its working day, not
    within the quarter of an hour the desk gave, nor at night)."""
    if promised_at is not None and promised_at > now + dt.timedelta(hours=1):
        return promised_at.replace(second=0, microsecond=0)
    hour = min(max(now.hour + 1, OFFICE_ANSWERS_FROM), OFFICE_ANSWERS_UNTIL)
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(hour))
