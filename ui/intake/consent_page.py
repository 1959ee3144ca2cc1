"""Step 4: the customer's answer to the proposal (house rule 8): accepted,
declined or a counter-demand; satisfaction; signature or a witnessed verbal consent."""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import cast

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.catalog import IntakeStep
from models.complaint import ConsentAnswer, OfficeDecision
from models.intake import COUNTER_DEMAND_MAX, Consent, proposal_history, record_consent
from ui.format import day_time, money, yuan
from ui.i18n import catalogue_name, clauses, fill, sentences
from ui.intake.base_page import IntakePage
from ui.intake.signature_pad import SignaturePad
from ui.style import SUMMARY, set_role
from ui.widgets import LimitedTextEdit, choice_row


class ConsentPage(IntakePage):
    step = IntakeStep.CONSENT
    keeps_typed_on_back = False  # each time it is reached, the customer answers the proposal as it is then
    # The answer is refused only when the proposal it answers was replaced, or answered at another desk after it
    # was shown here (named; pressed again, this answer replaces that one): another change to the case meanwhile
    # (a file added, the risk assessed) is no reason to make the customer wait.
    guards_against_changes = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_seq: int | None = None  # the proposal shown, which the customer's answer answers
        self.shown_answered_at: dt.datetime | None = None  # when it had been answered, as shown (None: not yet)
        self.proposal = QLabel()
        self.proposal.setObjectName("proposalSummary")
        self.proposal.setWordWrap(True)
        set_role(self.proposal, SUMMARY)
        self.form.addRow(self.proposal)

        self.answers = QButtonGroup(self)
        answer_layout, self.answer_buttons = choice_row(self.answers, ConsentAnswer)
        answer_layout.setContentsMargins(0, 0, 0, 0)
        answer_row = QWidget()
        answer_row.setLayout(answer_layout)
        self.add_field("answer", answer_row)
        self.counter_demand = self.add_field("counter_demand", LimitedTextEdit(COUNTER_DEMAND_MAX, lines=2))

        self.ratings = QButtonGroup(self)
        rating_row = QWidget()
        rating_layout = QHBoxLayout(rating_row)
        rating_layout.setContentsMargins(0, 0, 0, 0)
        for value in range(1, 6):
            button = QRadioButton(str(value))
            self.ratings.addButton(button, value)
            rating_layout.addWidget(button)
        # A mark ticked by mistake is taken back by clicking it again ("leave empty if not asked").
        self._rating_was_checked = False
        self.ratings.buttonPressed.connect(lambda button: setattr(self, "_rating_was_checked", button.isChecked()))
        self.ratings.buttonClicked.connect(self._rating_clicked)
        self.rating_hint = QLabel()
        rating_layout.addStretch(1)
        # Under the marks, not beside them: in a narrow window the row ran off the page's right edge.
        rating_box = QWidget()
        rating_column = QVBoxLayout(rating_box)
        rating_column.setContentsMargins(0, 0, 0, 0)
        rating_column.setSpacing(2)
        rating_column.addWidget(rating_row)
        rating_column.addWidget(self.rating_hint)
        self.add_field("satisfaction", rating_box)

        signature_box = QWidget()
        signature_layout = QVBoxLayout(signature_box)
        signature_layout.setContentsMargins(0, 0, 0, 0)
        self.signature = SignaturePad()
        self.clear_signature = QPushButton()
        self.clear_signature.clicked.connect(self.signature.clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_signature)
        buttons.addStretch(1)
        signature_layout.addWidget(self.signature)
        signature_layout.addLayout(buttons)
        self.add_field("signature", signature_box)
        self.witness = self.add_field("witness", QLineEdit())

        self.answers.buttonToggled.connect(self._answer_chosen)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(
            self.tr("The customer's answer"),
            self.tr("Ask for the customer's opinion; if they disagree, do not argue: note what they want."),
        )
        texts = {
            "answer": self.tr("Answer:"),
            "counter_demand": self.tr("They ask &instead:"),
            "satisfaction": self.tr("Satisfaction:"),
            "signature": self.tr("Signature:"),
            "witness": self.tr("Or verbal consent, &witnessed by:"),
        }
        self.set_labels(texts)
        # The labels as wide as the widest, shown or not (the declined answer's own label among them): the answer's
        # buttons stay where they are when a choice shows the witness's longer label (they moved under the pointer
        # as it was clicked).
        said = self.labels["counter_demand"]
        said.setText(self._said_label())
        widest = max(label.sizeHint().width() for label in self.labels.values())
        said.setText(texts["counter_demand"])
        for label in self.labels.values():
            label.setMinimumWidth(widest)
        # And the fields as wide as the widest, shown or not: in a narrow window the page scrolls sideways, and a
        # row shown by a choice (the signature) widened what scrolls, moving the buttons under the pointer.
        fields = [cast(QWidget, widget.parentWidget()) for widget in self.field_widgets.values()]
        for field in fields:
            field.setMinimumWidth(0)
        widest_field = max(field.minimumSizeHint().width() for field in fields)
        for field in fields:
            field.setMinimumWidth(widest_field)
        self.answer_buttons[ConsentAnswer.ACCEPTED].setText(self.tr("&Accepted"))
        self.answer_buttons[ConsentAnswer.DECLINED].setText(self.tr("&Declined"))
        self.answer_buttons[ConsentAnswer.COUNTERED].setText(self.tr("&Counter-demand"))
        self.rating_hint.setText(self.tr("1 very dissatisfied … 5 very satisfied (leave empty if not asked)"))
        self._show_what_they_said()
        self.clear_signature.setText(self.tr("C&lear signature"))
        self.witness.setPlaceholderText(self.tr("Name of a colleague who heard the customer agree"))
        self._show_proposal(noted=False)  # its words in the new language: what was shown to the customer stays

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        # Each answer afresh: a new proposal's answer kept the mark given the last one (a 1 with a counter-demand
        # went onto the accepted proposal, the case and its sealed form).
        for group in (self.answers, self.ratings):
            unchecked(group)
        self.counter_demand.setText("")
        self.signature.clear()
        self.witness.clear()
        self._show_proposal()
        self._answer_chosen()

    def _rating_clicked(self, button: QAbstractButton) -> None:
        if self._rating_was_checked:
            unchecked(self.ratings)

    def _show_proposal(self, noted: bool = True) -> None:
        if self.wizard() is None or not self.intake.case_id:
            return
        proposals = proposal_history(self.intake.case_id)
        if not proposals:
            return
        # The latest proposal is the one the customer answers: after a changed remedy, the office's own.
        proposal = proposals[-1]
        if noted:  # the proposal the customer answers, as it stands now
            self.shown_seq = proposal.seq
            self.shown_answered_at = proposal.answered_at
        rows = "".join(
            f"<tr><td>{escape(catalogue_name(line.remedy))}</td>"
            f"<td>{escape(line.description if line.description != line.remedy.name else '')}</td>"
            f"<td align='right'>{yuan(line.amount)}</td></tr>"
            for line in proposal.lines
        )
        heading = escape(self.tr("The proposal"))
        total = escape(fill(self.tr("Total: %1 yuan"), money(proposal.total)))
        html = f"<b>{heading}</b><table cellspacing='4'>{rows}</table><b>{total}</b>"
        if proposal.decision:
            decision = {
                OfficeDecision.APPROVED: self.tr("The office approved this proposal."),
                OfficeDecision.CHANGED: self.tr("The office changed the remedy."),
                OfficeDecision.TAKEN_OVER: self.tr("The office has taken this case over."),
            }[OfficeDecision(proposal.decision)]
            # Who decided and when, and what the desk had asked for in place of a changed remedy: the desk tells the
            # customer why it differs from what was said before.
            who = ""
            if proposal.decided_by and proposal.decided_at:
                who = fill(self.tr("Decided by %1 at %2."), proposal.decided_by, day_time(proposal.decided_at))
            said = sentences(decision, who, proposal.decision_note)  # the decision in bold, the rest after it
            html += f"<p><b>{escape(decision)}</b>{escape(said[len(decision):])}</p>"
            asked = proposals[-2] if len(proposals) > 1 else None
            if proposal.decision == OfficeDecision.CHANGED and asked is not None:
                lines = clauses([f"{catalogue_name(line.remedy)} {yuan(line.amount)}" for line in asked.lines])
                before = fill(self.tr("The desk had asked for: %1 (total %2)."), lines or "—", yuan(asked.total))
                html += f"<p>{escape(before)}</p>"
        if proposal.explanation:
            html += f"<p>{escape(proposal.explanation)}</p>"
        self.proposal.setText(html)

    def answer(self) -> str | None:
        for code, button in self.answer_buttons.items():
            if button.isChecked():
                return code
        return None

    def _said_label(self) -> str:
        return self.tr("What they &said:")

    def _show_what_they_said(self) -> None:
        """The text field under a refusal: what the customer asks instead (a counter-demand), or, declined, what
        they said, if anything ("They ask instead" asked a customer who simply refused for a demand)."""
        if self.answer() == ConsentAnswer.DECLINED:
            self.labels["counter_demand"].setText(self._said_label())
            self.counter_demand.setPlaceholderText(self.tr("Why they decline, in their words (if they said)"))
        else:
            self.labels["counter_demand"].setText(self.tr("They ask &instead:"))
            self.counter_demand.setPlaceholderText(self.tr("What the customer wants instead, in their words"))

    def _answer_chosen(self) -> None:
        answer = self.answer()
        self._show_what_they_said()
        accepted = answer == ConsentAnswer.ACCEPTED
        for name, visible in (
            ("counter_demand", answer in (ConsentAnswer.DECLINED, ConsentAnswer.COUNTERED)),
            ("signature", accepted),
            ("witness", accepted),
        ):
            self.labels[name].setVisible(visible)
            cast(QWidget, self.field_widgets[name].parentWidget()).setVisible(visible)  # the field's row
        if self.wizard() is not None:
            self.intake.update_buttons()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt naming
        return self.answer() is not None

    def next_text(self) -> str | None:
        if self.answer() in (ConsentAnswer.DECLINED, ConsentAnswer.COUNTERED):
            return self.tr("&New proposal")
        return None

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        answer = self.answer()
        if answer is None:  # the page is complete only with an answer
            return False
        consent = Consent(
            answer=answer,
            satisfaction=self.ratings.checkedId() if self.ratings.checkedId() > 0 else None,
            signature_png=None if self.signature.is_empty() else self.signature.to_png(),
            witness=self.witness.text(),
            counter_demand=self.counter_demand.text(),
            proposal_seq=self.shown_seq,
            answered_shown=self.shown_answered_at,
        )
        answered: list[dt.datetime | None] = []  # when this answer was recorded
        case_id = self.intake.saved_case_id
        if not self.save(lambda: answered.append(record_consent(self.intake.staff, case_id, consent).consent_at)):
            shown, answered_shown = self.shown_seq, self.shown_answered_at
            self._show_proposal()
            if not self.refused_as_changed and self.shown_seq == shown:
                # Refused for something typed (a counter-demand missing): another desk's answer recorded
                # meanwhile is still to be named, not taken as seen.
                self.shown_answered_at = answered_shown
            if self.shown_seq != shown:  # another desk's newer proposal: the customer answers that one afresh
                self.answers.setExclusive(False)
                for button in self.answer_buttons.values():
                    button.setChecked(False)
                self.answers.setExclusive(True)
                self._answer_chosen()
            return False
        self.shown_answered_at = answered[0]  # this desk's answer: Back, and another replaces it
        if answer != ConsentAnswer.ACCEPTED:
            self.intake.back_to_proposal()
            return False
        return True


def unchecked(group: QButtonGroup) -> None:
    """None of an exclusive group's buttons checked (which a click cannot do)."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)
