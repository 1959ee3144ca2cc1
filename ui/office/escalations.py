"""The office's queue of escalated cases: read the hand-off, then approve,
change the remedy or take the case over (house rule 1). A case decided (or ended) at another desk while its
decision is typed here stays on the form, locked, with what was typed, until the office chooses another."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.case_detail import case_detail, case_number
from models.complaint import FINAL_STATES, OfficeDecision
from models.customer import mask_phone
from models.errors import DomainError
from models.intake import DECISION_NOTE_MAX, decide, proposal_history
from models.intake.queries import ProposalView
from models.queues import office_queue
from models.staff import Staff
from ui.case_text import case_html
from ui.format import day_time, money, yuan
from ui.i18n import catalogue_name, duration_words, fill, sentences
from ui.intake.lines_editor import LinesEditor
from ui.labels import code_name, state_label
from ui.register.case_view import customer_history_html, linked_case
from ui.section import SectionPage
from ui.style import NOTICE, WITHIN, set_role
from ui.widgets import ErrorLabel, LimitedTextEdit, SectionHeading, choice_row, field_refusals, refusals_of

COLUMN_NOTE = 2  # the queue's hand-off note


class EscalationsPage(SectionPage):
    decided = Signal(int)
    open_case = Signal(int)  # the case chosen (Enter, a double-click, Open), or one of its customer's others

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff: Staff | None = None
        self.shown_case: int | None = None  # the case the decision form was last set out for
        self.shown_seq = 0  # the seq of the desk's proposal the form was set out from
        self.shown_holder: int | None = None  # the office account holding the case then (taken over), if any
        # The case shown that left the queue at another desk (decided, withdrawn) while the form was on it: shown
        # with what was typed, locked, until the office chooses a case (it moved on to the next case, reset).
        self.gone: int | None = None
        self.columns_fitted = False  # the columns sized to their texts once; then as the office left them
        self.heading = SectionHeading()
        self.queue = QTreeWidget()
        self.queue.setRootIsDecorated(False)
        self.queue.setAlternatingRowColors(True)
        # The hand-off note takes the room the other columns leave (cut short, whole on hovering): at 1024 pixels
        # its fixed 360 pushed the amount asked and the time of the escalation out of view.
        self.queue.setColumnCount(6)
        self.queue.header().setStretchLastSection(False)
        self.queue.header().setSectionResizeMode(COLUMN_NOTE, QHeaderView.ResizeMode.Stretch)
        self.queue.currentItemChanged.connect(self._show_current)
        self.queue.itemActivated.connect(lambda *_: self._open_current())
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link_clicked)  # the customer's other complaints
        # The whole case (its evidence files, its history, its form) while deciding: only its text was here.
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_current)

        self.decision_box = QWidget()
        self.choices = QButtonGroup(self)
        _, self.choice_buttons = choice_row(self.choices, OfficeDecision)
        choices = QVBoxLayout()  # one under the other: side by side they were cut in the decision column
        choices.setSpacing(2)
        for button in self.choice_buttons.values():
            choices.addWidget(button)
        # What an approval grants, beside the choice: the desk's lines were only far down the case's text.
        self.approved_lines = QLabel()
        self.approved_lines.setObjectName("approvedLines")
        self.approved_lines.setWordWrap(True)
        self.approved_lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = LinesEditor()
        self.lines_total = QLabel()  # the changed remedy's total, as the desk's proposal page shows its own
        self.lines_total.setObjectName("changedTotal")
        self.lines.changed.connect(self._show_total)
        self.note_label = QLabel()
        self.note = LimitedTextEdit(DECISION_NOTE_MAX, lines=3)
        self.note_label.setBuddy(self.note)
        self.error = ErrorLabel()
        self.decide_button = QPushButton()
        self.decide_button.clicked.connect(self.record_decision)
        decision_layout = QVBoxLayout(self.decision_box)
        decision_layout.setContentsMargins(0, 0, 0, 0)
        decision_layout.addLayout(choices)
        decision_layout.addWidget(self.approved_lines)
        decision_layout.addWidget(self.lines)
        decision_layout.addWidget(self.lines_total)
        decision_layout.addWidget(self.note_label)
        decision_layout.addWidget(self.note)
        decision_layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.decide_button)
        decision_layout.addLayout(buttons)
        self.choices.buttonToggled.connect(self._choice_changed)

        # The queue a short list on top; below it the case at full height beside the decision form,
        # the hand-off note first (the case is not squeezed into a small box above the form).
        self.handoff = QLabel()
        self.handoff.setObjectName("handoffNote")
        self.handoff.setWordWrap(True)
        self.handoff.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self.handoff, NOTICE)
        case_side = QWidget()
        case_layout = QVBoxLayout(case_side)
        case_layout.setContentsMargins(0, 0, 0, 0)
        case_layout.addWidget(self.handoff)
        case_layout.addWidget(self.details, 1)
        opening = QHBoxLayout()
        opening.addWidget(self.open_button)
        opening.addStretch(1)
        case_layout.addLayout(opening)
        self.decision_box.setMinimumWidth(360)
        below = QSplitter()
        below.addWidget(case_side)
        below.addWidget(self.decision_box)
        below.setStretchFactor(0, 1)  # half each: the remedy rows of a changed decision need their room
        below.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.queue)
        splitter.addWidget(below)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 530])
        # What the last decision did (the page moves on to the next case, or to none).
        self.recorded = QLabel()
        self.recorded.setObjectName("decisionRecorded")
        self.recorded.setWordWrap(True)
        set_role(self.recorded, WITHIN)
        self.recorded.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.recorded)
        layout.addWidget(splitter, 1)
        # Once all are in the page: a remedy row added later comes before the note, not after the decide button.
        self.lines.set_tab_neighbours(list(self.choice_buttons.values())[-1], self.note, self.decide_button)
        self.retranslateUi()
        self._show_current()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Escalated cases"))
        self.queue.setHeaderLabels(
            [
                self.tr("Waiting for the office"),  # since it was escalated
                self.tr("Customer"),
                self.tr("Hand-off note"),
                self.tr("Number"),
                self.tr("Proposed (yuan)"),
                self.tr("Since"),
            ]
        )
        self.choice_buttons[OfficeDecision.APPROVED].setText(self.tr("A&pprove the proposal"))
        self.choice_buttons[OfficeDecision.CHANGED].setText(self.tr("Chan&ge the remedy"))
        self.choice_buttons[OfficeDecision.TAKEN_OVER].setText(self.tr("&Take the case over"))
        self.note_label.setText(self.tr("Decision &note for the desk:"))
        self.note.setPlaceholderText(self.tr("Why, and what the desk should tell the customer"))
        self.decide_button.setText(self.tr("&Record decision"))
        self.open_button.setText(self.tr("&Open the case…"))
        if self.staff is not None:
            self.refresh()

    def refresh(self) -> int:
        """The escalated cases, the customer who has waited longest first."""
        chosen = self.current_case_id()
        rebuilding = QSignalBlocker(self.queue)  # the form follows the case chosen at the end, once
        self.queue.clear()
        now = dt.datetime.now()
        cases = office_queue(now)
        for case in cases:
            customer = " ".join(filter(None, [case.customer_name, mask_phone(case.customer_phone)]))
            note = " ".join(case.handoff_note.split())
            since = case.escalated_since or case.updated_at  # a take-over since changed its last step, not this
            item = QTreeWidgetItem(
                [
                    duration_words(int((now - since).total_seconds() // 60)),
                    customer,
                    note,
                    fill(self.tr("%1 · taken over by %2"), case.number, case.taken_over_by)
                    if case.taken_over_by
                    else case.number,
                    money(case.asked_total),
                    day_time(since),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(COLUMN_NOTE, case.handoff_note)
            self.queue.addTopLevelItem(item)
        if not self.columns_fitted:  # the first time; after that as the office left them (read again each minute)
            for column in (0, 1, 3, 4, 5):
                self.queue.resizeColumnToContents(column)
            self.columns_fitted = bool(cases)
        left = chosen is not None and chosen == self.shown_case and all(case.id != chosen for case in cases)
        if self.gone is None and left:
            self.gone = chosen  # no other case is chosen in its place: a click would decide that one
        if self.gone is not None:
            self.queue.setCurrentIndex(QModelIndex())
        elif cases:
            self.queue.setCurrentItem(cast(QTreeWidgetItem, self.queue.topLevelItem(0)))
            if chosen is not None:
                self.select_case(chosen)
        rebuilding.unblock()
        self._show_current()
        return len(cases)

    def select_case(self, case_id: int) -> bool:
        """Show this escalated case (the overview's double-click); False when it waits no more."""
        for index in range(self.queue.topLevelItemCount()):
            item = cast(QTreeWidgetItem, self.queue.topLevelItem(index))
            if item.data(0, Qt.ItemDataRole.UserRole) == case_id:
                self.queue.setCurrentItem(item)
                return True
        return False

    def current_case_id(self) -> int | None:
        item = self.queue.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def _show_current(self) -> None:
        """The chosen case, and the decision form emptied for it; the form kept as the office left it while the
        same case stays chosen (the list looked at again, another section visited meanwhile)."""
        case_id = self.current_case_id()
        if case_id is None and self.gone is not None:
            self._show_gone(self.gone)
            return
        if self.gone is not None:  # a case chosen: the form is set out for it, open again
            self.gone = None
            self._lock_form(False)
        same_case, self.shown_case = case_id is not None and case_id == self.shown_case, case_id
        self.decision_box.setEnabled(case_id is not None)
        self.open_button.setEnabled(case_id is not None)
        if not same_case:
            self.error.show_message("")
        if case_id is None:
            empty = self.tr("No case is waiting for the office.")
            self.details.setHtml(f"<p>{empty}</p>")
            self.handoff.hide()
            self.note.setText("")  # nothing of the case decided last stays in the greyed form
            self.lines.set_lines([])
            self.approved_lines.setText("")
            self.choice_buttons[OfficeDecision.APPROVED].setChecked(True)
            return
        case = case_detail(case_id)
        self.handoff.setText(fill(self.tr("Hand-off note from the desk: %1"), case.handoff_note))
        self.handoff.setVisible(bool(case.handoff_note))
        scrolled = self.details.verticalScrollBar().value() if same_case else 0
        # The hand-off note stands out above the details; the customer's year below them (a claimant with 9,285 yuan
        # accepted the month before was decided on without it).
        self.details.setHtml(case_html(case, handoff_shown=False) + customer_history_html(case.customer_phone, case_id))
        # The desk's escalated proposal is the latest one: the office starts a changed remedy from it.
        proposal = proposal_history(case_id)[-1]
        if same_case and proposal.seq != self.shown_seq:
            # Sent again by the desk since the form was set out (the customer declined the office's decision, a
            # new request): the form is set out for the new request, and the office is told why it changed.
            self.error.show_message(
                fill(
                    self.tr("The desk sent complaint %1 again with a new request: the form is set out for it."),
                    case.number,
                )
            )
            same_case = False
        if same_case:  # read again (another desk's save, the clock): the office keeps its place in it
            self.details.verticalScrollBar().setValue(scrolled)
            return
        self.shown_seq = proposal.seq
        self.shown_holder = case.taken_over_by_id
        self.lines.set_lines([(line.remedy_id, line.amount, line.description) for line in proposal.lines])
        self.approved_lines.setText(self._approved_text(proposal))
        self.note.setText("")
        self.choice_buttons[OfficeDecision.APPROVED].setChecked(True)

    def _open_current(self) -> None:
        case_id = self.current_case_id() or self.gone
        if case_id is not None:
            self.open_case.emit(case_id)

    def _link_clicked(self, url: QUrl) -> None:
        case_id = linked_case(url)
        if case_id is not None:
            self.open_case.emit(case_id)

    def _lock_form(self, locked: bool) -> None:
        """The decision form of a case decided elsewhere: nothing can be chosen or recorded, the note typed stays
        readable and copyable (a greyed box lets nothing be selected)."""
        for button in self.choice_buttons.values():
            button.setEnabled(not locked)
        self.lines.setEnabled(not locked)
        self.decide_button.setEnabled(not locked)
        self.note.editor.setReadOnly(locked)

    def _show_gone(self, case_id: int) -> None:
        """The case shown, no longer waiting for the office: what became of it, by whom and when, as the case's
        record tells; the form as the office left it, locked."""
        self.decision_box.setEnabled(True)
        self._lock_form(True)
        self.handoff.hide()
        case = case_detail(case_id)
        self.details.setHtml(case_html(case))
        decided = next((p for p in proposal_history(case_id) if p.seq == self.shown_seq and p.decided_by), None)
        if decided is not None:
            happened = fill(
                self.tr("At %1, %2 decided complaint %3 meanwhile: %4."),  # an office account: no desk of theirs
                day_time(decided.decided_at), decided.decided_by, case.number, code_name("decision", decided.decision),
            )  # fmt: skip
        elif case.state in FINAL_STATES and case.closed_by:
            happened = fill(
                self.tr("At %1, %2 ended complaint %3: %4."),
                day_time(case.closed_at), case.closed_by, case.number, state_label(case.state),
            )  # fmt: skip
        else:
            happened = fill(
                self.tr("Complaint %1 no longer waits for the office: it is '%2' now."),
                case.number, state_label(case.state),
            )  # fmt: skip
        kept = self.tr(
            "The decision typed here was not recorded; what you typed stays below to copy. Choose a case in the list "
            "to go on."
        )
        self.error.show_message(sentences(happened, kept))

    def _approved_text(self, proposal: ProposalView) -> str:
        """The desk's remedy as an approval grants it: one line a remedy, then the total."""
        lines = []
        for line in proposal.lines:
            name = catalogue_name(line.remedy)
            # The description the desk typed, unless it only repeats the remedy's name (as it does by default).
            described = line.description not in ("", line.remedy.name, line.remedy.name_en)
            remedy = f"{name} · {line.description}" if described else name
            lines.append(fill(self.tr("%1: %2 yuan"), remedy, money(line.amount)))
        if not lines:
            return self.tr("The desk proposed no remedy.")
        granted = fill(self.tr("Approving grants the desk's proposal, %1 yuan in all:"), money(proposal.total))
        return "\n".join([granted, *(f"  • {line}" for line in lines)])

    def _choice_changed(self) -> None:
        changing = self.choice_buttons[OfficeDecision.CHANGED].isChecked()
        self.approved_lines.setVisible(self.choice_buttons[OfficeDecision.APPROVED].isChecked())
        self.lines.setVisible(changing)
        self.lines_total.setVisible(changing)
        self._show_total()

    def _show_total(self) -> None:
        total = sum((Decimal(str(line.amount)) for line in self.lines.lines()), Decimal(0))
        self.lines_total.setText(fill(self.tr("Total: %1 yuan"), money(total)))

    def record_decision(self) -> None:
        case_id = self.current_case_id()
        if case_id is None or case_id != self.shown_case or self.gone is not None:
            return  # the decision typed is for the case the form was set out for, and only that one
        decision = next(code for code, button in self.choice_buttons.items() if button.isChecked())
        lines = self.lines.lines() if decision == OfficeDecision.CHANGED else None
        try:
            decide(self.actor, case_id, decision, self.note.text(), lines, self.shown_seq, self.shown_holder)
        except DomainError as error:
            # Every refusal of the form at once, the cursor in the first field refused (it stayed on the choice).
            fields = {"decision_note": self.note.editor, "lines": self.lines.first_field()}
            self.error.show_message(field_refusals(refusals_of(error), fields))
            self.refresh()  # decided at another desk since the list was read: it says who, and when
            return
        chosen = code_name("decision", decision)  # as the printed form says it: "Approved" (not "Approve the proposal")
        taker = case_detail(case_id).taken_over_by  # the office may have taken it over before deciding
        if decision == OfficeDecision.TAKEN_OVER or taker == self.actor.full_name:
            told = self.tr("Decision recorded for %1: %2. The case is yours now: go on with it from your open cases.")
        elif taker:
            told = self.tr("Decision recorded for %1: %2. %3 took the case over: it goes on from their open cases.")
        else:
            told = self.tr("Decision recorded for %1: %2. The desk sees it in its open cases, to tell the customer.")
        said = fill(told, case_number(case_id), chosen, taker)
        if decision != OfficeDecision.TAKEN_OVER:  # what it grants, said once more (a zero too many went unseen)
            granted = proposal_history(case_id)[-1].total
            said = sentences(said, fill(self.tr("It grants %1 in all."), yuan(granted)))
        self.recorded.setText(said)
        self.recorded.show()
        self.shown_case = None  # decided here: the page moves on to the next case
        self.decided.emit(case_id)
        self.refresh()
