"""The intake wizard: five pages with fixed ids, the prompt panel beside them,
each page saved through models.intake when the user leaves it, and resumable
at the right page after a crash or a closed window."""
from __future__ import annotations

import datetime as dt
import logging
from contextlib import nullcontext
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from models.case_detail import CaseDetail, case_detail, case_number
from models.complaint import AWAITING_ANSWER, OfficeDecision, State
from models.control.alerts import AlertView, alert, latest_alert, notify_office
from models.control.risk_cases import desk_assessment
from models.errors import DomainError
from models.intake import (
    REASON_MAX,
    ChangedMeanwhileError,
    as_shown,
    is_final,
    proposal_history,
    receipt_open,
    remember_page,
    shown_stamp,
    withdraw,
)
from models.staff import Staff
from ui import messages
from ui.db_changes import DatabaseChanges
from ui.i18n import Retranslating, domain_message, fill
from ui.intake.base_page import IntakePage
from ui.intake.close_page import ClosePage
from ui.intake.consent_page import ConsentPage
from ui.intake.done_page import DonePage
from ui.intake.hotspot_notice import HotspotNotice
from ui.intake.investigate_page import InvestigatePage
from ui.intake.prompt_panel import PromptPanel
from ui.intake.propose_page import ProposePage
from ui.intake.receive_page import ReceivePage
from ui.intake.step_bar import DONE_STEPS
from ui.style import make_primary
from ui.widgets import AskingDialog, ErrorLabel, LimitedTextEdit, one_click_each, resize_within_screen

if TYPE_CHECKING:
    from ui.intake.quick_dialog import Carried
    from ui.register.case_view import CaseView

log = logging.getLogger("complaint_desk.intake")

RISK_DEBOUNCE_MS = 300  # the risk is assessed again this long after the last keystroke

PAGE_RECEIVE, PAGE_INVESTIGATE, PAGE_PROPOSE, PAGE_CONSENT, PAGE_CLOSE, PAGE_DONE = range(6)

_BUTTONS = QWizard.WizardButton
# The buttons of the steps, and of the page after closing (which has nothing to go back to or save).
STEP_BUTTONS = [
    _BUTTONS.CustomButton1,
    _BUTTONS.Stretch,
    _BUTTONS.BackButton,
    _BUTTONS.NextButton,
    _BUTTONS.CommitButton,
    _BUTTONS.FinishButton,
    _BUTTONS.CancelButton,
]
DONE_BUTTONS = [_BUTTONS.Stretch, _BUTTONS.FinishButton]
# The first page a continued case (or a new proposal) opens on has no Back: "Earlier steps" instead, when step 1 may
# be saved again (its promised time given anew, its words put right).
EARLIER_BUTTONS = [*STEP_BUTTONS[:2], _BUTTONS.CustomButton2, *STEP_BUTTONS[2:]]

# Where a saved case continues: the first step it has not done yet.
RESUME_PAGE = {
    State.RECEIVED: PAGE_INVESTIGATE,
    State.INVESTIGATING: PAGE_PROPOSE,
    State.PROPOSED: PAGE_CONSENT,
    State.DECLINED: PAGE_PROPOSE,
    State.DECIDED: PAGE_CONSENT,
    State.AGREED: PAGE_CLOSE,
}


class SavedCase(Protocol):
    """What the wizard keeps of the case an intake function saved."""

    id: int
    promised_at: dt.datetime | None
    promised_minutes: int


def resume_page(case: CaseDetail, decision: str = "") -> int:
    """The page to reopen a draft at: where the user was, if that step is
    still open to them, else the first step not done. A case the office decided to take over (``decision``, the
    last proposal's) goes on at the proposal: the office makes its own (it was put to presenting the desk's
    proposal it had not granted)."""
    if case.state == State.DECIDED and decision == OfficeDecision.TAKEN_OVER:
        return PAGE_PROPOSE
    page = RESUME_PAGE[State(case.state)]
    if case.state in (State.RECEIVED, State.INVESTIGATING):
        return min(case.wizard_page, page)
    return page


class WithdrawDialog(AskingDialog):
    """Asks why the complaint is withdrawn (the customer left, dropped it…)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.reason = LimitedTextEdit(REASON_MAX, lines=3)
        self.error = ErrorLabel()
        self.reason.textChanged.connect(lambda: self.error.show_message(""))  # said of the empty box: gone as typed
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(460)  # what it warns of in a few lines (it wrapped in a 300-pixel box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Withdraw the complaint"))
        # What the button does, said before it is pressed: the case is closed and sealed at once, for good.
        self.question.setText(
            self.tr("Why is the complaint withdrawn? (e.g. the customer left, or no longer wishes to pursue it) "
                    "The complaint is then closed and sealed into the archive with this reason: it cannot be "
                    "undone.")
        )  # fmt: skip
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Withdraw and archive"))

    def discard_question(self) -> tuple[str, str] | None:
        if not self.reason.text().strip():
            return None
        return (
            self.tr("Discard the reason?"),
            self.tr("The complaint is not withdrawn, and the reason you typed will be lost."),
        )


class IntakeWizard(Retranslating, QWizard):
    """One complaint from receipt to closing; ``outcome`` says how it ended."""

    outcome = Signal(str)
    case_changed = Signal(int)
    continue_other = Signal(int)  # the desk goes on with an earlier case instead of recording this one
    new_complaint = Signal()  # from the page after closing: the next customer
    back_to_queue = Signal()  # from the page after closing: the desk's list of cases
    to_quick_case = Signal(object)  # Ctrl+Shift+N on step 1, nothing saved: the Receipt typed, for the quick case

    def __init__(self, staff: Staff, case_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.case_id = case_id
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.HaveCustomButton1)
        self.setOption(QWizard.WizardOption.HaveCustomButton2)
        # Enter in a field is no press of Next or Close: the call-back's note, the amount, the phone each saved their
        # step on Enter, and on step 5 closed and sealed the case with its promised items still empty. The keys that
        # go on are Ctrl+Enter and the buttons' own.
        self.setOption(QWizard.WizardOption.NoDefaultButton)
        self.panel = PromptPanel()
        self.setSideWidget(self.panel)
        self.receive_page = ReceivePage()
        self.investigate_page = InvestigatePage()
        self.propose_page = ProposePage()
        self.consent_page = ConsentPage()
        self.close_page = ClosePage()
        self.carried: Carried | None = None  # what the quick screen held and did not save (``carry``)
        # Beside the prompts: whether the complaint just saved joins an active hot-spot.
        self.hotspot_notice = HotspotNotice()
        cast(QVBoxLayout, self.panel.layout()).insertWidget(2, self.hotspot_notice)  # under the countdown
        for page_id, page in (
            (PAGE_RECEIVE, self.receive_page),
            (PAGE_INVESTIGATE, self.investigate_page),
            (PAGE_PROPOSE, self.propose_page),
            (PAGE_CONSENT, self.consent_page),
            (PAGE_CLOSE, self.close_page),
            (PAGE_DONE, DonePage()),
        ):
            self.setPage(page_id, page)
        # The escalation risk, assessed again a moment after the typing stops (no lag while typing).
        self.unsaved_alert_id: int | None = None  # the office was told before the case was saved
        self.shown_entered: tuple[object, ...] = ()  # the current page's fields as it was set out
        # The saved case's received_at and updated_at when the page was set out (``note_shown``).
        self.shown_at: tuple[dt.datetime, dt.datetime] | None = None
        self.risk_timer = QTimer(self)
        self.risk_timer.setSingleShot(True)
        self.risk_timer.setInterval(RISK_DEBOUNCE_MS)
        self.risk_timer.timeout.connect(self.assess_risk)
        for widget in self.receive_page.risk_fields():
            for name in ("textChanged", "currentIndexChanged"):
                if hasattr(widget, name):
                    getattr(widget, name).connect(lambda *_: self.risk_timer.start())  # an index is no interval
        self.consent_page.counter_demand.textChanged.connect(self.risk_timer.start)
        self.propose_page.authority_changed.connect(self.risk_timer.start)
        self.panel.risk.notify.connect(self.notify_office)
        if case_id is not None:
            case = case_detail(case_id)
            decided = proposal_history(case_id)[-1].decision if case.state == State.DECIDED else ""
            self.setStartId(resume_page(case, decided or ""))
            self.panel.set_promised_at(case.promised_at, case.promised_minutes)
            self.panel.set_answered(case.state not in AWAITING_ANSWER)
        self.currentIdChanged.connect(self._page_changed)
        self.customButtonClicked.connect(self._custom_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._forward)
        QShortcut(QKeySequence("Alt+Left"), self).activated.connect(self._backward)
        # Step 1's hint offers the quick case by this key; the main window's own is behind this window.
        QShortcut(QKeySequence("Ctrl+Shift+N"), self).activated.connect(self._to_quick_case)
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton):
            make_primary(self.button(which))
        # Each step's button saves and sets out the next step under the mouse: a double-click is one press.
        one_click_each()
        resize_within_screen(self, 1080, 760)
        self.retranslateUi()
        self.assess_risk()

    def note_shown(self) -> None:
        """The saved case as this desk has it now (after setting a page out, after saving a step): a change by
        another desk after this is named before a step saves over it (``IntakePage.save``)."""
        self.shown_at = shown_stamp(self.case_id) if self.case_id is not None else None

    def set_staff(self, staff: Staff) -> None:
        """Another person logged in at the desk (a shift change while this window stayed open): what is saved from
        here on is theirs, under their limits, and audited in their name."""
        self.staff = staff
        page = self.currentPage()
        if isinstance(page, ProposePage):
            page.update_authority()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        number = f" {case_number(self.case_id)}" if self.case_id else ""
        self.setWindowTitle(fill(self.tr("Complaint%1"), number) if number else self.tr("New complaint"))
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("C&ustomer withdraws…"))
        # A saved case waits in the open cases; before its receipt is saved there is nothing to continue.
        later = self.tr("Continu&e later") if self.case_id is not None else self.tr("Discard…")
        self.setButtonText(QWizard.WizardButton.CancelButton, later)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Close the complaint"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Back to &open cases"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.CustomButton2, self.tr("< Earlier ste&ps"))
        earlier = self.tr("Step 1 and the steps after it as saved: to give the customer a new reply time or put "
                          "the complaint right, then Next through them again.")  # fmt: skip
        self.button(QWizard.WizardButton.CustomButton2).setToolTip(earlier)
        self.update_buttons()

    def reject(self) -> None:
        """Continue later, Esc or the window's close: a saved case waits as a draft in the open cases, with its
        steps as saved. What was typed and not saved (before the receipt is saved, the whole complaint) would be
        lost: that is asked first."""
        if self.case_id is None:
            unsaved = self.receive_page.typed()
            title = self.tr("Discard this complaint?")
            text = self.tr("Nothing of this complaint is saved yet: what you typed will be lost. To keep it, go on "
                           "with Next (the first step is saved then); "
                           "after that you can continue it later.")  # fmt: skip
            if self.unsaved_alert_id is not None:
                # The office's alert of this customer stays: a customer who walked off threatening is its to know.
                told = self.tr("The office was told of this customer: its alert stays on the office's risk list, "
                               "with what the customer said.")  # fmt: skip
                text = f"{text}\n\n{told}"
        else:
            page = cast(IntakePage | None, self.currentPage())
            unsaved = page is not None and self.currentId() != PAGE_DONE and page.entered() != self.shown_entered
            title = self.tr("Discard what you typed?")
            text = self.tr("What you typed on this step is not saved yet and will be lost; the complaint itself "
                           "waits in the open cases as saved. To keep it, save the step with Next first.")  # fmt: skip
            if self.currentId() not in (PAGE_RECEIVE, PAGE_INVESTIGATE):
                # No Next here: the step's button offers, escalates, records the answer or closes ("press Next
                # first" on the proposal sent a person looking for a button there is not).
                text = self.tr("What you typed on this step is not saved yet and will be lost; the complaint "
                               "itself waits in the open cases as saved before this step.")  # fmt: skip
            if unsaved and is_final(self.case_id):  # closed or withdrawn at another desk meanwhile
                text = self.tr("What you typed on this step was not saved and will be lost: the complaint was "
                               "closed or withdrawn at another desk meanwhile. Tell the office anything promised "
                               "to the customer here.")  # fmt: skip
        if not unsaved or messages.ask_discard(self, title, text):
            super().reject()

    @property
    def saved_case_id(self) -> int:
        """The case's id once its receipt is saved: every step after the first acts on it."""
        if self.case_id is None:
            raise RuntimeError("the intake has saved no case yet")
        return self.case_id

    def default_next_text(self) -> str:
        return self.tr("&Next >")

    def update_buttons(self) -> None:
        page = self.currentPage()
        text = cast(IntakePage, page).next_text() if page is not None else None
        self.setButtonText(QWizard.WizardButton.NextButton, text or self.default_next_text())
        self.button(QWizard.WizardButton.CustomButton1).setEnabled(self.case_id is not None)

    def _page_changed(self, page_id: int) -> None:
        if page_id < 0:
            return
        page = cast(IntakePage, self.page(page_id))
        self.note_shown()
        self.shown_entered = page.entered()  # as set out from the saved case: what differs, leaving would lose
        page.put_back(self.shown_entered)  # what was typed before Back, when the saved case is as it was
        self.panel.set_step(page.step)
        self.setButtonLayout(
            DONE_BUTTONS if page_id == PAGE_DONE else EARLIER_BUTTONS if self._earlier_steps(page_id) else STEP_BUTTONS
        )
        # Closed: no countdown, no prompts and no risk left to watch (the panel showed them stale).
        self.panel.setVisible(page_id != PAGE_DONE)
        self.show_steps()
        self.risk_timer.start()
        if self.case_id is not None:
            try:
                remember_page(self.staff, self.case_id, page_id)
            except DomainError as error:
                # Only a help for resuming the draft; a disabled account locks the desk by itself.
                log.info("page %d of case %s not remembered: %s", page_id, self.case_id, error)
        self._set_out_carried(page_id)
        self.update_buttons()

    def show_steps(self) -> None:
        """The step bar of the page shown: where the case is and which steps it has done."""
        page = cast(IntakePage | None, self.currentPage())
        if page is None:
            return
        state = case_detail(self.case_id).state if self.case_id is not None else ""
        page.step_bar.show_steps(min(self.currentId(), PAGE_CLOSE), DONE_STEPS.get(state, frozenset()))
        self.panel.set_answered(bool(state) and state not in AWAITING_ANSWER)  # a proposal offered: the clock stops

    def case_saved(self, case: SavedCase) -> None:
        first_save = self.case_id is None
        self.case_id = case.id
        self.panel.set_promised_at(case.promised_at, case.promised_minutes)
        if first_save:
            self.retranslateUi()
        if self.currentId() in (PAGE_RECEIVE, PAGE_INVESTIGATE):  # where its groups are set
            self.hotspot_notice.check(self.staff, case.id)
        self.case_changed.emit(case.id)
        self.risk_timer.start()

    # -- the escalation risk

    def watch(self, changes: DatabaseChanges) -> None:
        """What the office answers (seen, taken over) shows as soon as it is saved at its desk."""
        changes.changed.connect(self.show_alert)

    def _risk_inputs(self) -> tuple[list[str], str, int | None, str]:
        """What the customer said and asked for, the phone, category and severity: as typed when the
        receipt's page holds them, else as saved."""
        page = self.receive_page
        if page.loaded or self.case_id is None:
            texts = [page.narrative.text(), page.demand.text()]
            phone, category, severity = page.phone.text(), page.category.currentData(), page.severity.currentData()
        else:
            case = case_detail(self.case_id)
            texts = [case.narrative, case.demand]
            phone, category, severity = case.customer_phone, case.category_id, case.severity
        return [*texts, self.consent_page.counter_demand.text()], phone, category, severity or ""

    def assess_risk(self) -> None:
        texts, phone, category, severity = self._risk_inputs()
        try:
            over_limit = self.currentId() == PAGE_PROPOSE and self.propose_page.beyond_limits
            assessment = desk_assessment(
                texts,
                phone,
                category,
                severity,
                self.case_id,
                beyond_authority=over_limit,
                asked=texts[1:],  # the demand and the counter-demand: what the customer asks for
                limit=self.staff.per_case_limit,
            )
        except DomainError as error:  # another desk saving: the next keystroke tries again
            log.info("escalation risk not assessed: %s", error)
            return
        self.panel.risk.show_assessment(assessment)
        self.show_alert()

    def current_alert(self) -> AlertView | None:
        if self.case_id is not None:
            return latest_alert(self.case_id)
        return alert(self.unsaved_alert_id) if self.unsaved_alert_id is not None else None

    def show_alert(self) -> None:
        """What the office did: its answer to the desk's alert, or that it took the case over."""
        try:
            taken_over_by = case_detail(self.case_id).taken_over_by if self.case_id is not None else ""
            self.panel.risk.show_alert(self.current_alert(), taken_over_by)
        except DomainError as error:
            log.info("risk alert not read: %s", error)

    def notify_office(self) -> None:
        """The office sees the case on its risk list at once, with an alert; the desk goes on."""
        assessment = self.panel.risk.assessment
        summary = "" if self.case_id is not None else self.receive_page.narrative.text()
        try:
            alert_id = notify_office(self.staff, self.case_id, assessment.level, assessment.reasons, summary)
        except DomainError as error:
            self.panel.risk.status.setText(domain_message(error))
            self.panel.risk.status.show()
            return
        if self.case_id is None:
            self.unsaved_alert_id = alert_id
        self.show_alert()

    def _forward(self) -> None:
        which = {PAGE_CLOSE: _BUTTONS.CommitButton, PAGE_DONE: _BUTTONS.FinishButton}.get(
            self.currentId(), _BUTTONS.NextButton
        )
        if self.button(which).isEnabled():
            self.button(which).click()

    def _to_quick_case(self) -> None:
        """What step 1 holds, in the quick case instead (nothing saved yet, so nothing left behind); a case saved
        already goes on here."""
        if self.case_id is not None or self.currentId() != PAGE_RECEIVE:
            return
        receipt = self.receive_page.receipt()
        self.to_quick_case.emit(receipt)
        self.done(QDialog.DialogCode.Rejected)

    def _backward(self) -> None:
        """Alt+Left as Back is where Back is shown and enabled: after closing it took the sealed case back to its
        close step (refused at the next save) and on to step 4."""
        back = self.button(_BUTTONS.BackButton)
        if back.isVisible() and back.isEnabled():
            self.back()

    def closed(self) -> None:
        """The close page saved: the page after it says what comes next."""
        self.case_changed.emit(self.case_id)
        # By the number the desk knew it by, as the page says it, and the archive's (two numbers for one case).
        said = self.tr("Complaint %1 is closed (archive number %2).")
        self.outcome.emit(fill(said, f"#{self.saved_case_id}", self._number()))

    def escalated(self) -> None:
        self.case_changed.emit(self.case_id)
        self.outcome.emit(fill(self.tr("Complaint %1 was handed to the office."), self._number()))
        self._finish()

    def start_new_complaint(self) -> None:
        """The page after closing: this wizard ends and a new one starts."""
        self._finish()
        self.new_complaint.emit()

    def _finish(self) -> None:
        # Skips QWizard.done()'s re-validation: the step has been saved already.
        QDialog.done(self, QDialog.DialogCode.Accepted)

    def back_to_proposal(self) -> None:
        """A declined or countered proposal: a new proposal, the old one kept."""
        self.case_changed.emit(self.case_id)
        self.setStartId(PAGE_PROPOSE)
        self.restart()
        for page_id in self.pageIds():  # a new round: nothing typed for the last one is put back
            cast(IntakePage, self.page(page_id)).left_typed = None

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value:  # the signal carries an int, never equal to the enum
            self.ask_withdrawal()
        elif which == QWizard.WizardButton.CustomButton2.value:
            self.earlier_steps()

    def _earlier_steps(self, page_id: int) -> bool:
        """Whether the page has earlier steps to go back to but no Back: the first page set out, not step 1, of a
        case whose step 1 may still be saved."""
        if page_id in (PAGE_RECEIVE, PAGE_DONE) or page_id != self.startId() or self.case_id is None:
            return False
        return receipt_open(self.case_id)

    def earlier_steps(self) -> None:
        """Back to step 1, set out as saved, from the first page of a continued case; what was typed on this page
        and not saved is asked about first, as on leaving."""
        page = cast(IntakePage, self.currentPage())
        title = self.tr("Discard what you typed?")
        text = self.tr("What you typed on this step is not saved yet and will be lost. To keep it, save the step "
                       "with Next first.")  # fmt: skip
        if page.entered() != self.shown_entered and not messages.ask_discard(self, title, text):
            return
        for page_id in self.pageIds():  # each step as saved, nothing typed before put back
            cast(IntakePage, self.page(page_id)).left_typed = None
        self.setStartId(PAGE_RECEIVE)
        self.restart()

    def ask_withdrawal(self) -> WithdrawDialog:
        dialog = WithdrawDialog(self)

        def confirmed() -> None:
            # Guarded as a step is: a change another desk made after this page was shown (the customer's answer
            # recorded there) is named first, and OK pressed again withdraws knowing of it. A withdrawal is sealed.
            case_id, shown = self.saved_case_id, self.shown_at
            try:
                with as_shown(case_id, *shown) if shown is not None else nullcontext():
                    withdraw(self.staff, case_id, dialog.reason.text())
            except ChangedMeanwhileError as error:
                dialog.error.show_message(domain_message(error))
                self.note_shown()
                return
            except DomainError as error:
                dialog.error.show_message(domain_message(error))
                return
            dialog.accept()
            self.case_changed.emit(self.case_id)
            # By the number the desk knew it by, and the archive's it was sealed under (as a closing says it).
            said = self.tr("Complaint %1 was withdrawn (archive number %2).")
            self.outcome.emit(fill(said, f"#{self.saved_case_id}", self._number()))
            self._finish()

        dialog.buttons.accepted.connect(confirmed)
        dialog.open()
        return dialog

    def carry(self, carried: Carried) -> None:
        """What the quick screen held and did not save, each part set out when its step is reached (not saved
        until that step is: leaving asks first, as for anything typed)."""
        self.carried = carried
        self._set_out_carried(self.currentId())

    def _set_out_carried(self, page_id: int) -> None:
        carried = self.carried
        if carried is None:
            return
        if page_id == PAGE_INVESTIGATE and carried.findings:
            page = self.investigate_page
            if not page.findings.text().strip():
                page.findings.setText(carried.findings)
                if carried.liability:
                    page.liability.setCurrentIndex(page.liability.findData(carried.liability))
            carried.findings = carried.liability = ""
        elif page_id == PAGE_PROPOSE and carried.lines:
            self.propose_page.lines.set_lines(carried.lines)
            if carried.explanation:
                self.propose_page.explanation.setText(carried.explanation)
            carried.lines, carried.explanation = [], ""
        elif page_id == PAGE_CLOSE and carried.promised_item:
            if not self.close_page.promised_items.text().strip():
                self.close_page.promised_items.setText(carried.promised_item)
            carried.promised_item = ""

    def show_earlier_case(self, case_id: int) -> CaseView:
        """An open case the new complaint may repeat (the duplicate warning's link), over the wizard."""
        from ui.register.case_view import CaseView

        view = CaseView(case_id, self.staff, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.continue_case.connect(self._continue_other)
        view.open_case.connect(self.show_earlier_case)  # another of the customer's, from its history
        view.open()
        return view

    def _continue_other(self, case_id: int) -> None:
        if self.case_id is None:  # nothing recorded yet: this intake gives way to the earlier case
            super().reject()
            self.continue_other.emit(case_id)

    def _number(self) -> str:
        return case_number(self.saved_case_id)
