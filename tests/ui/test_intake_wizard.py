"""The intake wizard driven as a duty manager drives it, and the office's decision."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from models.audit import AuditEvent
from models.base import db
from models.catalog import Department, Remedy
from models.complaint import Attachment, Complaint, ConsentAnswer, FollowUp, OfficeDecision, Proposal, State
from models.database import open_database
from models.intake import Consent, Investigation, Line, propose, record_consent, record_investigation
from models.staff import Role, Staff, StaffRemedy, create_staff
from ui.case_queue import CONTINUABLE, NEXT
from ui.intake.propose_page import default_answer_by
from ui.intake.wizard import (
    PAGE_CLOSE,
    PAGE_CONSENT,
    PAGE_DONE,
    PAGE_INVESTIGATE,
    PAGE_PROPOSE,
    PAGE_RECEIVE,
    IntakeWizard,
)
from ui.main_window import SECTION_OFFICE, SECTION_OPEN_CASES, MainWindow

from conftest import DiscardQuestions, OpenCopy, type_text


@pytest.fixture
def manager(defaults: object) -> Staff:
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    for remedy in Remedy.select().where(Remedy.office_only == False):  # noqa: E712
        StaffRemedy.create(staff=staff, remedy=remedy)
    return staff


def open_window(qtbot: QtBot, staff: Staff) -> MainWindow:
    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    return window


def click_next(qtbot: QtBot, wizard: IntakeWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def choose(combo: object, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchContains)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def fill_receipt(qtbot: QtBot, wizard: IntakeWizard, category: str = "Food quality") -> None:
    page = wizard.currentPage()
    type_text(page.customer_name, "刘先生")
    qtbot.keyClicks(page.phone, "13812345678")
    type_text(page.location, "二楼中餐厅")
    page.moved_to_private.setChecked(True)
    type_text(page.narrative.editor, "我点的宫保鸡丁里吃出一根头发，太恶心了！")
    choose(page.category, category)
    type_text(page.demand.editor, "要求重做并道歉")


def fill_investigation(wizard: IntakeWizard, liability: str = "Full") -> None:
    page = wizard.currentPage()
    type_text(page.findings.editor, "后厨当班厨师未按规定佩戴帽子，情况属实。")
    type_text(page.staff_involved, "厨师小李")
    choose(page.liability, liability)


def receive_it(qtbot: QtBot, wizard: IntakeWizard) -> None:
    """Step 1 filled in, acknowledged and saved: the wizard is on the investigation."""
    fill_receipt(qtbot, wizard)
    wizard.currentPage().acknowledged.setChecked(True)
    click_next(qtbot, wizard)


def investigate_it(qtbot: QtBot, wizard: IntakeWizard) -> None:
    """Steps 1 and 2 saved: the wizard is on the proposal."""
    receive_it(qtbot, wizard)
    fill_investigation(wizard)
    click_next(qtbot, wizard)


def set_lines(wizard: IntakeWizard, *lines: tuple[str, str]) -> None:
    editor = wizard.currentPage().lines
    editor.set_lines([])
    for index, (remedy, amount) in enumerate(lines):
        row = editor.rows[index] if index < len(editor.rows) else editor.add_row()
        choose(row.remedy, remedy)
        row.amount.setValue(float(amount))


def offered(qtbot: QtBot, manager: Staff) -> tuple[MainWindow, IntakeWizard]:
    """A window and its intake at step 4: the complaint received, investigated, a drink of 30 yuan offered."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    set_lines(wizard, ("Complimentary drink", "30"))
    click_next(qtbot, wizard)
    return window, wizard


def test_the_happy_path(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    assert wizard.currentId() == PAGE_RECEIVE
    assert "Receive and empathise" in wizard.panel.title.text()
    assert "第一受理人" in wizard.panel.prompts.text() or "own this complaint" in wizard.panel.prompts.text()

    fill_receipt(qtbot, wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled(), "acknowledgement is required to go on"
    wizard.currentPage().acknowledged.setChecked(True)
    assert next_button.isEnabled()
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE
    case = Complaint.get()
    assert (case.state, case.narrative, case.customer.phone) == (
        State.RECEIVED,
        "我点的宫保鸡丁里吃出一根头发，太恶心了！",
        "13812345678",
    )
    assert wizard.windowTitle() == f"Complaint #{case.id}"
    assert wizard.panel.countdown.text() != "—"

    page = wizard.currentPage()
    assert page.department.currentText() == "Kitchen", "pre-filled from the category"
    fill_investigation(wizard)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    assert Complaint.get_by_id(case.id).state == State.INVESTIGATING

    set_lines(wizard, ("Dish remade", "58"), ("Complimentary drink", "30"))
    page = wizard.currentPage()
    assert "Total 88.00 yuan" in page.authority.text()
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Offer to the customer"
    assert wizard.panel.countdown_caption.text() == "Reply promised in", "the customer waits for an answer"
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert "88.00" in wizard.currentPage().proposal.text()
    # Offered: the customer has the desk's answer, as the queue says ("answered"); the clock stops (it ran on in
    # red, "Promised time passed by 42 days", beside the queue's "answered").
    assert (wizard.panel.countdown_caption.text(), wizard.panel.countdown.text()) == ("Reply promised", "Answered")
    assert wizard.panel.countdown.property("role") == "within"

    page = wizard.currentPage()
    before = page.answer_buttons["accepted"].mapTo(wizard, QPoint(0, 0))
    page.answer_buttons["accepted"].setChecked(True)
    QApplication.processEvents()  # the witness's row shown, the layout done again
    assert page.answer_buttons["accepted"].mapTo(wizard, QPoint(0, 0)).x() == before.x(), "not under the pointer"
    page.ratings.button(5).setChecked(True)
    qtbot.mousePress(page.signature, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(45, 200, 15):
        qtbot.mouseMove(page.signature, QPoint(x, 60 + (x % 30)))
    qtbot.mouseRelease(page.signature, Qt.MouseButton.LeftButton, pos=QPoint(200, 70))
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    case = Complaint.get_by_id(case.id)
    assert case.state == State.AGREED and case.satisfaction == 5

    page = wizard.currentPage()
    page.call_back.setChecked(True)
    type_text(page.suggestion.editor, "后厨开工前检查仪容")
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Close the complaint"
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    case = Complaint.get_by_id(case.id)
    assert case.state == State.CLOSED and case.improvement_suggestion == "后厨开工前检查仪容"
    assert FollowUp.get().complaint_id == case.id
    assert case.archive_number == f"TS-{case.closed_at.year}-000001"
    said = f"Complaint #{case.id} is closed (archive number {case.archive_number})."  # the number the desk knew
    assert window.statusBar().currentMessage() == said

    # The page after closing says what comes next, and stays until the desk chooses.
    assert wizard.currentId() == PAGE_DONE and wizard.isVisible()
    done = wizard.currentPage()
    assert done.number.text() == f"Archive number: {case.archive_number}"
    assert done.closed_line.text() == f"✓ Complaint #{case.id} is closed.", "the number the desk knew it by"
    assert done.print_button.isHidden() and done.office_prints.isVisible(), "archived forms are the office's to print"
    assert wizard.button(QWizard.WizardButton.BackButton).isHidden(), "nothing to go back to once sealed"
    assert wizard.button(QWizard.WizardButton.CancelButton).isHidden()
    assert wizard.button(QWizard.WizardButton.CustomButton1).isHidden()
    assert [done.step_bar.state_of(i) for i in range(5)] == ["done", "done", "done", "done", "current"]
    with qtbot.waitSignal(wizard.finished):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    assert window.navigation.currentRow() == SECTION_OPEN_CASES, "back to the queue"


def test_refused_input_is_explained_beside_the_field_and_kept(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard)
    page = wizard.currentPage()
    page.phone.setText("12345")
    page.acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_RECEIVE
    assert page.field_errors["phone"].isVisible()
    assert "12345 is not a phone number" in page.field_errors["phone"].text()
    assert page.narrative.text() == "我点的宫保鸡丁里吃出一根头发，太恶心了！"
    assert Complaint.select().count() == 0

    page.phone.setText("")
    page.narrative.setText("很" * 2001)
    assert page.narrative.counter.text() == "2001 / 2000 characters"
    click_next(qtbot, wizard)
    assert page.field_errors["narrative"].text() == "This text is 2001 characters long; the limit is 2000."
    assert not page.field_errors["phone"].isVisible()
    assert len(page.narrative.text()) == 2001


def test_the_hand_to_the_office_box_is_ticked_while_over_the_limit_and_as_left_within_it(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    wizard = open_window(qtbot, manager).open_intake()
    investigate_it(qtbot, wizard)
    page = wizard.currentPage()
    qtbot.waitUntil(lambda: page.lines.rows[0].remedy.hasFocus(), timeout=2000)  # the remedy first, not a button
    box = page.to_office
    assert (box.isChecked(), box.isEnabled()) == (False, True)
    set_lines(wizard, ("Bill waived", "260"))  # beyond the 200 a case
    assert (box.isChecked(), box.isEnabled()) == (True, False), "it goes to the office, and the box says so"
    set_lines(wizard, ("Bill waived", "150"))
    assert (box.isChecked(), box.isEnabled()) == (False, True)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Offer to the customer"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)  # the customer asks for the office
    assert box.isChecked() and page.handoff_note.isVisible()
    set_lines(wizard, ("Bill waived", "260"))
    set_lines(wizard, ("Bill waived", "150"))
    assert (box.isChecked(), box.isEnabled()) == (True, True), "as the duty manager left it"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Send to the &office"


def test_over_the_limit_goes_to_the_office_and_comes_back(qtbot: QtBot, manager: Staff, english: None) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)

    set_lines(wizard, ("Bill waived", "260"))
    page = wizard.currentPage()
    assert "exceeds your limit of 200.00 yuan per case" in page.authority.text()
    assert "Total 260.00 yuan · your limit 200.00 yuan a case · 1,000.00 yuan left of today's limit" in html.unescape(
        page.authority.text()
    ), "every sum with its currency"
    assert page.handoff_note.isVisible()
    # The office's answer time the customer is told: this time tomorrow, on the hour after, within the office's day
    # (tests/ui/test_wizard_mishaps.py has the hours), unless changed.
    assert page.answer_by.isVisible() and page.labels["answer_by"].text() == "Office's answer b&y:"
    told = page.answer_by.dateTime().toPython()
    assert told == default_answer_by(None, dt.datetime.now().replace(second=0, microsecond=0))
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Send to the &office"
    click_next(qtbot, wizard)
    assert page.field_errors["handoff_note"].text() == "Write a hand-off note for the office."
    type_text(page.handoff_note.editor, "顾客吃出头发，要求免单260元，超出我的权限，请办公室决定。")
    type_text(page.explanation.editor, "这顿饭给您免单。")
    with qtbot.waitSignal(wizard.finished):
        click_next(qtbot, wizard)
    case = Complaint.get()
    assert case.state == State.ESCALATED
    assert case.promised_at == told, "the time told is the case's promise: not late after the first quarter hour"
    assert Proposal.get().explanation == "这顿饭给您免单。", "what the desk would tell the customer, kept"
    assert "handed to the office" in window.statusBar().currentMessage()

    window.set_staff(office)
    assert not window.navigation.item(SECTION_OFFICE).isHidden()
    window.navigation.setCurrentRow(SECTION_OFFICE)
    queue = window.escalations
    assert queue.queue.topLevelItemCount() == 1
    assert "超出我的权限" in queue.handoff.text(), "the hand-off note stands out above the details"
    assert "超出我的权限" not in queue.details.toPlainText(), "and is not said twice"
    assert "Total: 260.00" in queue.details.toPlainText(), "the rest of the case below it"
    queue.choice_buttons[OfficeDecision.CHANGED].setChecked(True)
    assert queue.lines.isVisible()
    queue.record_decision()
    assert queue.error.text() == "Explain the decision for the desk."
    choose(queue.lines.rows[0].remedy, "Voucher")
    queue.lines.rows[0].amount.setValue(200)
    assert queue.lines_total.isVisible() and queue.lines_total.text() == "Total: 200.00 yuan", "the changed total"
    type_text(queue.note.editor, "改为200元代金券，请向顾客说明。")
    qtbot.mouseClick(queue.decide_button, Qt.MouseButton.LeftButton)
    assert Complaint.get_by_id(case.id).state == State.DECIDED
    assert queue.queue.topLevelItemCount() == 0
    # The page says what was done, and nothing of the decided case stays in the form.
    assert queue.recorded.isVisible() and queue.recorded.text() == (
        f"Decision recorded for #{case.id}: Remedy changed by the office. "
        "The desk sees it in its open cases, to tell the customer. It grants 200.00 yuan in all."
    )
    assert queue.note.text() == "" and not queue.decision_box.isEnabled()
    assert queue.choice_buttons[OfficeDecision.APPROVED].isChecked() and not queue.lines.isVisible()

    window.set_staff(Staff.get_by_id(manager.id))
    assert window.navigation.item(SECTION_OFFICE).isHidden()
    assert window.open_cases.cases.topLevelItemCount() == 1
    wizard = window.open_intake(case.id)
    assert wizard.currentId() == PAGE_CONSENT
    page = wizard.currentPage()
    assert "The office changed the remedy." in page.proposal.text()
    assert "<td align='right'>200.00 yuan</td>" in page.proposal.text(), "each amount with its unit, as its total"
    # Who decided, when, and what the desk had asked for: the desk tells the customer why it differs.
    assert re.search(r"Decided by 马晓红 at \d\d-\d\d \d\d:\d\d\.", page.proposal.text())
    assert "The desk had asked for: Bill waived 260.00 yuan (total 260.00 yuan)." in page.proposal.text()
    # The office has decided: the risk's advice is to tell its answer, no more to say that the office decides.
    advice = wizard.panel.risk.reasons.text()
    assert "The office has decided: tell the customer its answer as it stands." in advice
    assert "Say honestly that the office decides" not in advice
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    assert Complaint.get_by_id(case.id).state == State.AGREED
    # Accepted: what is left is to carry the decision out and close; telling its answer is past (a case continued
    # later said so too).
    accepted = "carry it out as decided and close the case."  # "The customer accepted the office's decision: …"
    qtbot.waitUntil(lambda: accepted in wizard.panel.risk.reasons.text())
    assert "tell the customer its answer" not in wizard.panel.risk.reasons.text()
    wizard.reject()
    wizard = window.open_intake(case.id)
    assert wizard.currentId() == PAGE_CLOSE
    qtbot.waitUntil(lambda: accepted in wizard.panel.risk.reasons.text())
    assert "tell the customer its answer" not in wizard.panel.risk.reasons.text()
    desk_proposal, office_proposal = Proposal.select().order_by(Proposal.seq)
    assert (desk_proposal.status, desk_proposal.created_by_id, desk_proposal.total) == ("superseded", manager.id, 260)
    assert [line.remedy.name_en for line in desk_proposal.lines] == ["Bill waived"]
    assert (office_proposal.created_by_id, office_proposal.answer) == (office.id, "accepted")


def escalated_at_the_desk(qtbot: QtBot, manager: Staff, note: str) -> tuple[Staff, MainWindow, Complaint]:
    """The office's account, the desk's window and its case sent to the office over the limit (260 yuan waived)."""
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    set_lines(wizard, ("Bill waived", "260"))
    type_text(wizard.currentPage().handoff_note.editor, note)
    with qtbot.waitSignal(wizard.finished):
        click_next(qtbot, wizard)
    return office, window, Complaint.get()


def test_a_case_the_office_takes_over_by_its_decision_stays_with_it(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    office, window, case = escalated_at_the_desk(qtbot, manager, "顾客要求见总经理，并说要找媒体，请办公室处理。")

    window.set_staff(office)
    window.navigation.setCurrentRow(SECTION_OFFICE)
    queue = window.escalations
    queue.choice_buttons[OfficeDecision.TAKEN_OVER].setChecked(True)
    type_text(queue.note.editor, "由办公室直接与顾客联系。")
    qtbot.mouseClick(queue.decide_button, Qt.MouseButton.LeftButton)
    assert queue.recorded.text() == (
        f"Decision recorded for #{case.id}: Taken over by the office. The case is yours now: go on with it from your "
        "open cases."
    )
    assert Complaint.get_by_id(case.id).taken_over_by_id == office.id
    window.open_cases.refresh()
    office_row = window.open_cases.cases.topLevelItem(0)
    assert office_row.data(0, CONTINUABLE), "the office goes on with it"
    # At its own proposal (it was put to presenting the desk's, which it had not granted), told so beside it.
    wizard = window.continue_case(case.id)
    assert wizard is not None and wizard.currentId() == PAGE_PROPOSE
    qtbot.waitUntil(lambda: "it makes its own proposal to the customer" in wizard.panel.risk.reasons.text())
    assert "tell the customer its answer" not in wizard.panel.risk.reasons.text()
    wizard.reject()

    window.set_staff(Staff.get_by_id(manager.id))
    row = window.open_cases.cases.topLevelItem(0)
    assert row.text(NEXT) == "Taken over by 马晓红 (the office)", "not 'tell the customer the office's decision'"
    assert not row.data(0, CONTINUABLE), "the desk may open it, not go on with it"


def test_an_answer_to_a_proposal_another_desk_replaced_meanwhile_is_refused(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    _, wizard = offered(qtbot, manager)
    assert wizard.currentId() == PAGE_CONSENT
    case = Complaint.get()
    # Meanwhile at another desk: the customer's counter-demand, and a second proposal.
    record_consent(manager, case.id, Consent(ConsentAnswer.COUNTERED, counter_demand="要求代金券"))
    propose(manager, case.id, [Line(Remedy.get(Remedy.name_en == "Voucher").id, Decimal("100"))])

    page = wizard.currentPage()
    assert "30.00" in page.proposal.text()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT, "not closed on an answer to the old offer"
    assert "The proposal changed at another desk" in page.page_error.text()
    assert "100.00" in page.proposal.text(), "the new proposal is shown"
    assert page.answer() is None, "and the customer is asked again"
    assert Proposal.get(Proposal.seq == 2).answer == "" and Complaint.get().state == State.PROPOSED


def test_a_step_another_desk_saved_meanwhile_is_named_not_overwritten_unseen(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    other = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2")
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    case = Complaint.get()
    kitchen = Department.get(Department.code == "kitchen").id
    # Meanwhile at another desk: the investigation saved with its findings.
    record_investigation(other, case.id, Investigation("另一台受理台：厨师确认忘戴帽子。", kitchen, "厨师小李", "full"))
    page = wizard.currentPage()
    type_text(page.findings.editor, "本台：情况属实。")
    choose(page.liability, "Full")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE, "not saved over the other desk's step unseen"
    assert page.page_error.text().startswith("赵磊 changed this complaint at ")
    assert Complaint.get().findings == "另一台受理台：厨师确认忘戴帽子。"
    click_next(qtbot, wizard)  # told, the desk saves what is on its page
    assert wizard.currentId() == PAGE_PROPOSE
    assert Complaint.get().findings.endswith("本台：情况属实。")


def test_a_refusal_asks_what_they_said_and_a_counter_demand_what_they_ask_instead(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """"They ask instead" asked a customer who simply refused for a demand."""
    _, wizard = offered(qtbot, manager)
    page = wizard.currentPage()
    page.answer_buttons["declined"].setChecked(True)
    assert page.labels["counter_demand"].text() == "What they &said:" and page.counter_demand.isVisible()
    assert page.counter_demand.editor.placeholderText() == "Why they decline, in their words (if they said)"
    page.answer_buttons["countered"].setChecked(True)
    assert page.labels["counter_demand"].text() == "They ask &instead:"
    assert page.counter_demand.editor.placeholderText() == "What the customer wants instead, in their words"
    page.answer_buttons["declined"].setChecked(True)
    click_next(qtbot, wizard)  # nothing said: a refusal needs no words
    assert (Complaint.get().state, Proposal.get().answer) == (State.DECLINED, "declined")


def test_an_answer_another_desk_recorded_meanwhile_is_named_not_replaced_unseen(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """The customer's acceptance, witnessed at another desk, was replaced by this desk's counter-demand without a
    word (the witness and the mark gone)."""
    other = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2")
    _, wizard = offered(qtbot, manager)
    case = Complaint.get()
    record_consent(other, case.id, Consent(ConsentAnswer.ACCEPTED, 5, witness="服务员小王"))  # at another desk
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    type_text(page.counter_demand.editor, "要求全额退款")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert page.page_error.text().startswith("赵磊 recorded the customer's answer to this proposal at ")
    assert "(Accepted)" in page.page_error.text()
    case = Complaint.get()
    assert (case.state, case.witness, case.satisfaction) == (State.AGREED, "服务员小王", 5), "theirs kept"
    click_next(qtbot, wizard)  # told, the desk records the answer the customer gives now
    assert wizard.currentId() == PAGE_PROPOSE
    assert (Complaint.get().state, Proposal.get().answer) == (State.DECLINED, "countered")


def test_an_answer_recorded_meanwhile_is_named_even_after_a_mistake_on_the_page(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """A counter-demand forgotten first: the page read the proposal again and took the other desk's answer as
    seen, and the next press replaced it unnamed."""
    other = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2")
    _, wizard = offered(qtbot, manager)
    case = Complaint.get()
    record_consent(other, case.id, Consent(ConsentAnswer.ACCEPTED, 5, witness="服务员小王"))  # at another desk
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    click_next(qtbot, wizard)  # its words forgotten
    assert wizard.currentId() == PAGE_CONSENT and Complaint.get().state == State.AGREED
    type_text(page.counter_demand.editor, "要求全额退款")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert page.page_error.text().startswith("赵磊 recorded the customer's answer to this proposal at ")
    assert Complaint.get().witness == "服务员小王", "theirs kept"


def test_a_withdrawal_names_what_another_desk_saved_meanwhile(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Withdrawing seals the case: it is guarded as a step is (it sealed a case just accepted elsewhere)."""
    other = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2")
    _, wizard = offered(qtbot, manager)
    case = Complaint.get()
    record_consent(other, case.id, Consent(ConsentAnswer.ACCEPTED, witness="保安老张"))  # at another desk
    dialog = wizard.ask_withdrawal()
    # What pressing it does is said before it is pressed: closed and sealed for good, by a button named so.
    assert dialog.question.text().endswith("sealed into the archive with this reason: it cannot be undone.")
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "&Withdraw and archive"
    type_text(dialog.reason.editor, "顾客已离开，不再追究")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error.text().startswith("赵磊 changed this complaint at ") and dialog.isVisible()
    assert Complaint.get().state == State.AGREED and Complaint.get().archive_number is None
    with qtbot.waitSignal(wizard.finished):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # knowingly
    assert Complaint.get().state == State.WITHDRAWN


def test_a_case_taken_over_meanwhile_says_so_not_press_again(qtbot: QtBot, manager: Staff, english: None) -> None:
    """The first press said another desk changed the case and to press Next again to save over it: impossible."""
    from models.intake import take_over

    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    take_over(office, Complaint.get().id, "办公室直接联系顾客")
    set_lines(wizard, ("Complimentary drink", "30"))
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    assert wizard.currentPage().page_error.text() == "马晓红 of the office has taken this case over."


def test_a_case_closed_meanwhile_says_who_closed_it_and_what_to_do(
    qtbot: QtBot, manager: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    from models.intake import Closing, close

    other = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2")
    _, wizard = offered(qtbot, manager)
    case = Complaint.get()
    record_consent(other, case.id, Consent(ConsentAnswer.ACCEPTED, witness="领班小张"))
    close(other, case.id, Closing())  # both at another desk
    page = wizard.currentPage()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    click_next(qtbot, wizard)
    number = Complaint.get().archive_number
    assert page.page_error.text().startswith(f"赵磊 closed complaint {number} at ")
    assert page.page_error.text().endswith("Tell the office anything promised to the customer on this page.")
    wizard.reject()
    assert discard_questions.asked[-1].endswith("the complaint was closed or withdrawn at another desk meanwhile. "
                                                "Tell the office anything promised to the customer here.")  # fmt: skip

def test_a_number_taken_again_after_a_restore_is_not_written_into(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    case = Complaint.get()
    # A backup restored at the office, and another desk's new complaint given the same number: received later.
    db.execute_sql(
        "UPDATE complaint SET received_at = ?, narrative = ? WHERE id = ?",
        (dt.datetime.now() + dt.timedelta(minutes=5), "收银台多收了钱。", case.id),
    )
    fill_investigation(wizard)
    for _ in range(2):  # not even knowingly
        click_next(qtbot, wizard)
        assert wizard.currentId() == PAGE_INVESTIGATE
        assert "is no longer the one shown here" in wizard.currentPage().page_error.text()
    assert Complaint.get().findings == ""


def test_after_a_shift_change_the_open_intake_acts_for_the_person_now_logged_in(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    relief = create_staff("zhaolei", "赵磊", Role.DUTY_MANAGER, "desk-pass-2", per_case_limit=Decimal("500"))
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    window.set_staff(relief)  # the desk locked, and the next duty manager logged in
    fill_investigation(wizard)
    click_next(qtbot, wizard)
    case = Complaint.get()
    investigated = AuditEvent.get((AuditEvent.complaint == case.id) & (AuditEvent.action == "investigated"))
    assert investigated.actor_id == relief.id, "the audit names who saved the step"
    set_lines(wizard, ("Bill waived", "260"))
    assert "your limit 500.00 yuan a case" in html.unescape(wizard.currentPage().authority.text()), "and theirs"
    quick = window.open_quick_case()
    window.set_staff(manager)
    assert quick.staff.id == manager.id, "the quick case too"


def test_every_counter_demand_stays_in_view_for_the_next_proposal(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    _, wizard = offered(qtbot, manager)
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    type_text(page.counter_demand.editor, "要求打八折")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    set_lines(wizard, ("Bill discount", "50"))
    click_next(qtbot, wizard)

    page = wizard.currentPage()
    assert wizard.currentId() == PAGE_CONSENT and "50.00" in page.proposal.text()
    page.answer_buttons["declined"].setChecked(True)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    demand = wizard.currentPage().demand.text()
    assert "After proposal 1 they asked for: 要求打八折" in demand, "a plain refusal does not hide the counter-demand"
    answers = [(p.seq, p.answer, p.counter_demand) for p in Proposal.select().order_by(Proposal.seq)]
    assert answers == [(1, "countered", "要求打八折"), (2, "declined", "")]


def test_a_remedy_retired_since_the_last_proposal_is_named_not_dropped(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    set_lines(wizard, ("Complimentary drink", "30"), ("Voucher", "100"))
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    type_text(page.counter_demand.editor, "要求免单")
    Remedy.update(active=False).where(Remedy.name_en == "Voucher").execute()  # the office retires it meanwhile
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    page = wizard.currentPage()
    assert [row.amount.value() for row in page.lines.rows] == [30, 100], "the last proposal's rows, as they were"
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE, "not offered without the voucher"
    assert page.field_errors["lines"].text() == "'Voucher' is no longer offered: choose another remedy."
    assert Proposal.select().count() == 1
    choose(page.lines.rows[1].remedy, "Bill discount")
    page.lines.rows[1].amount.setValue(0)
    page.lines.rows[1].amount.setValue(80)
    row = page.lines.add_row()
    row.amount.setValue(20)  # an amount typed, and no remedy chosen
    click_next(qtbot, wizard)
    assert page.field_errors["lines"].text() == "Choose a remedy from the catalogue."
    page.lines.rows[-1].remove.click()
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert [line.remedy.name_en for line in Proposal.get(Proposal.seq == 2).lines] == [
        "Complimentary drink",
        "Bill discount",
    ]


def test_declined_leads_to_a_new_proposal(qtbot: QtBot, manager: Staff, english: None) -> None:
    _, wizard = offered(qtbot, manager)

    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&New proposal"
    click_next(qtbot, wizard)
    assert page.field_errors["counter_demand"].text() == "Write down what the customer asks for instead."
    type_text(page.counter_demand.editor, "要求打折")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    assert "要求打折" in wizard.currentPage().demand.text()
    [row] = wizard.currentPage().lines.rows  # the drink offered, its details left empty as they were typed
    assert (row.remedy.currentText(), row.amount.value(), row.description.text()) == ("Complimentary drink", 30, "")

    set_lines(wizard, ("Bill discount", "80"))
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    assert "80.00" in page.proposal.text()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "领班小张")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    statuses = [p.status for p in Proposal.select().order_by(Proposal.seq)]
    assert statuses == ["countered", "accepted"]


def test_each_answer_is_marked_afresh_and_a_mark_can_be_taken_back(qtbot: QtBot, manager: Staff, english: None) -> None:
    """A 1 given with a counter-demand stayed ticked for the next proposal's answer and went, unasked, onto the
    accepted proposal, the case and its sealed form; a mark ticked by mistake could not be cleared."""
    _, wizard = offered(qtbot, manager)
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    one = page.ratings.button(1)
    qtbot.mouseClick(one, Qt.MouseButton.LeftButton)
    assert page.ratings.checkedId() == 1
    type_text(page.counter_demand.editor, "要求免单")
    click_next(qtbot, wizard)
    set_lines(wizard, ("Bill discount", "80"))
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert page.ratings.checkedId() == -1, "the new answer starts without a mark"
    four = page.ratings.button(4)
    qtbot.mouseClick(four, Qt.MouseButton.LeftButton)
    assert page.ratings.checkedId() == 4
    qtbot.mouseClick(four, Qt.MouseButton.LeftButton)
    assert page.ratings.checkedId() == -1, "clicked again: not asked after all"
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "领班小张")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    assert [p.satisfaction for p in Proposal.select().order_by(Proposal.seq)] == [1, None]
    assert Complaint.get().satisfaction is None


def test_a_customer_who_changes_their_mind_before_the_close_is_recorded_so(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """Back from the last step after the customer accepted: the answer is there to change (it was refused: the case
    had moved on to 'agreed'), and a decline leads to a new proposal."""
    _, wizard = offered(qtbot, manager)
    page = wizard.currentPage()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "领班小张")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    wizard.back()
    assert wizard.currentId() == PAGE_CONSENT and page.answer_buttons["accepted"].isChecked()
    page.answer_buttons["countered"].setChecked(True)
    type_text(page.counter_demand.editor, "还是要免单")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE, page.page_error.text()
    case = Complaint.get()
    assert (case.state, case.consent) == (State.DECLINED, "countered")
    assert [(p.status, p.answer) for p in Proposal.select()] == [("countered", "countered")]


def test_a_continued_case_goes_back_to_its_earlier_steps_to_give_a_new_reply_time(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """A case continued at step 4 opens there, with no Back: "Earlier steps" sets step 1 out as saved, and Next
    through the steps saves them again (a new reply time promised; the rest as it was)."""
    window, first = offered(qtbot, manager)
    case = Complaint.get()
    first.reject()  # continue later
    wizard = window.open_intake(case.id)
    qtbot.addWidget(wizard)
    assert wizard.currentId() == PAGE_CONSENT
    earlier = wizard.button(QWizard.WizardButton.CustomButton2)
    assert earlier.isVisible() and earlier.text() == "< Earlier ste&ps"
    earlier.click()
    assert wizard.currentId() == PAGE_RECEIVE
    page = wizard.currentPage()
    assert page.narrative.text() == case.narrative and not earlier.isVisible()
    page.promised_minutes.setValue(45)
    before = dt.datetime.now()
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE and wizard.currentPage().findings.text() == case.findings
    saved = Complaint.get_by_id(case.id)
    # The new reply time counts from when it was given (from the receipt, it could be past already).
    assert before + dt.timedelta(minutes=45) <= saved.promised_at <= dt.datetime.now() + dt.timedelta(minutes=45)
    assert saved.received_at == case.received_at
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT and "30.00" in wizard.currentPage().proposal.text()


def test_on_a_low_screen_the_fields_scroll_and_a_refused_one_is_scrolled_to(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """A 768-pixel screen less its taskbar: the fields keep their size and scroll (squeezed, the complaint's box
    shrank to one line under its counter), and a refusal below the fold is brought into view."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    wizard.resize(1080, 520)
    page = wizard.currentPage()
    fill_receipt(qtbot, wizard)
    page.acknowledged.setChecked(True)
    page.demand.setText("要求" * 300)  # over its 500 characters: refused when saved, at the form's foot
    page.fields_area.verticalScrollBar().setValue(0)  # the person is at the top
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_RECEIVE
    assert page.narrative.editor.height() >= page.narrative.editor.minimumSizeHint().height()
    area = page.fields_area
    assert area.verticalScrollBar().maximum() > 0, "the fields scroll"
    error = page.field_errors["demand"]
    assert error.isVisible() and error.text() == "This text is 600 characters long; the limit is 500."
    top_left = error.mapTo(area.viewport(), error.rect().topLeft())
    assert area.viewport().rect().contains(top_left), "the refusal is in view"


def test_a_refusal_s_sentence_goes_once_its_field_is_changed(qtbot: QtBot, manager: Staff, english: None) -> None:
    """"Add at least one remedy" stayed under the remedies after one was chosen, until the next save."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    page = wizard.currentPage()
    click_next(qtbot, wizard)
    error = page.field_errors["lines"]
    assert wizard.currentId() == PAGE_PROPOSE and error.isVisible()
    assert error.text() == "Add at least one remedy to the proposal."
    set_lines(wizard, ("Complimentary drink", "30"))
    assert not error.isVisible()


def test_tab_goes_through_the_remedies_then_the_explanation_then_the_wizard_s_buttons(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """Step 3 by keyboard: the remedy rows (made when the page opens, and when one is added) come where they
    stand, before the add button, the explanation and the hand-off note, and the wizard's buttons after them."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    page = wizard.currentPage()
    qtbot.mouseClick(page.lines.add_button, Qt.MouseButton.LeftButton)
    page.to_office.click()  # the hand-off note shows
    first, second = page.lines.rows
    expected = [
        *(first.remedy, first.amount, first.description, first.remove),
        *(second.remedy, second.amount, second.description, second.remove),
        page.lines.add_button, page.explanation.editor, page.to_office, page.handoff_note.editor,
        wizard.button(QWizard.WizardButton.CustomButton1),  # the customer withdraws
    ]  # fmt: skip
    wizard.activateWindow()
    first.remedy.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first.remedy)
    reached = [first.remedy]
    for _ in expected[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == expected
    for widget in reversed(expected[:-1]):  # and Shift+Tab back the same way
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is widget


def test_tab_never_stops_on_the_prompts(qtbot: QtBot, manager: Staff, english: None) -> None:
    """The prompts beside the form are read, not typed in: their scroll area was a Tab stop on every step, between
    the last field and the wizard's buttons."""
    from PySide6.QtWidgets import QScrollArea

    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    prompts = wizard.findChild(QScrollArea, "promptScroll")
    assert prompts is not None
    wizard.activateWindow()
    page = wizard.currentPage()
    page.customer_name.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.customer_name)
    reached = []
    for _ in range(40):  # round the whole step and its buttons
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert page.customer_name in reached, "round the step"
    assert prompts not in reached


def test_misunderstanding_brings_up_the_explanation_prompt(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    page = wizard.currentPage()
    assert not page.explanation.isVisible()
    choose(page.liability, "Misunderstanding")
    assert page.explanation.isVisible()
    assert "Explain tactfully" in page.explanation.text()


def test_evidence_is_stored_with_the_case_within_the_size_limit(
    qtbot: QtBot, manager: Staff, english: None, tmp_path: Path
) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    photo = tmp_path / "发票.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"x" * 2048)
    huge = tmp_path / "video.mp4"
    huge.write_bytes(b"0" * (6 * 1024 * 1024))
    page = wizard.currentPage()
    page.evidence.attach([str(photo), str(huge)])
    assert page.evidence.files.count() == 1
    assert "发票.jpg" in page.evidence.files.item(0).text()
    assert page.field_errors["attachment"].text() == "The file video.mp4 is larger than 5 MB."
    stored = Attachment.get()
    assert (stored.filename, stored.media_type, stored.size) == ("发票.jpg", "image/jpeg", 2051)


def test_a_crash_mid_way_resumes_with_nothing_lost(
    qtbot: QtBot, manager: Staff, english: None, open_copy: OpenCopy
) -> None:
    window = MainWindow(manager)  # not handed to qtbot: the "crash" destroys it
    window.show()
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    # The process dies: windows gone, its background work with them, connection dropped without a goodbye. (Work
    # still running when the database is opened again below could go on with the new one, on a connection nothing
    # closes: on a server, psycopg's warning as an unclosed connection was collected once failed this test.)
    with qtbot.waitSignal(window.destroyed):
        window.deleteLater()
    QThreadPool.globalInstance().waitForDone(30_000)
    db.close()
    reopened = open_database(open_copy.url)  # the file, or the server's database

    window = open_window(qtbot, Staff.get(Staff.username == "zhangwei"))
    assert window.navigation.currentItem().text() == "Open cases"
    assert window.open_cases.banner.isVisible()
    item = window.open_cases.cases.topLevelItem(0)
    window.open_cases.cases.setCurrentItem(item)
    qtbot.mouseClick(window.open_cases.continue_button, Qt.MouseButton.LeftButton)
    wizard = window.intake
    assert wizard.currentId() == PAGE_PROPOSE
    assert "要求重做并道歉" in wizard.currentPage().demand.text()
    case = Complaint.get()
    assert (case.findings, case.staff_involved, case.liability) == (
        "后厨当班厨师未按规定佩戴帽子，情况属实。",
        "厨师小李",
        "full",
    )
    assert case.department == Department.get(Department.code == "kitchen")
    reopened.close()


def test_what_was_typed_before_the_first_save_is_not_thrown_away_unasked(
    qtbot: QtBot, manager: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    asked = discard_questions.asked
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    cancel = wizard.button(QWizard.WizardButton.CancelButton)
    assert cancel.text() == "Discard…", "nothing saved yet: nothing to continue later"
    type_text(wizard.currentPage().narrative.editor, "我点的宫保鸡丁里吃出一根头发")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and wizard.currentPage().narrative.text(), "kept, as the desk answered"
    assert asked[0].startswith("Discard this complaint?: Nothing of this complaint is saved yet: what you typed")
    discard_questions.answer = True
    with qtbot.waitSignal(wizard.rejected):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert Complaint.select().count() == 0 and len(asked) == 2

    wizard = window.open_intake()  # once the first step is saved, it waits as a draft: nothing to ask
    receive_it(qtbot, wizard)
    assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Continu&e later"
    with qtbot.waitSignal(wizard.rejected):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert len(asked) == 2 and Complaint.get().state == State.RECEIVED

    window.open_cases.refresh()  # continued: what is typed on a step and not saved is asked about too
    window.open_cases.cases.setCurrentItem(window.open_cases.cases.topLevelItem(0))
    qtbot.mouseClick(window.open_cases.continue_button, Qt.MouseButton.LeftButton)
    wizard = window.intake
    type_text(wizard.currentPage().findings.editor, "后厨当班厨师未按规定佩戴帽子")
    discard_questions.answer = False
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and asked[2].startswith("Discard what you typed?: What you typed on this step is not")
    assert asked[2].endswith("To keep it, save the step with Next first."), "step 2 saves with Next"


def test_remedies_chosen_and_a_call_back_ticked_count_as_typed_and_back_keeps_what_was_typed(
    qtbot: QtBot, manager: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    asked = discard_questions.asked
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    type_text(wizard.currentPage().findings.editor, "后厨当班厨师未按规定佩戴帽子")
    # Back to step 1 to put the phone right, then Next: the findings typed on step 2 are still there.
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    page = wizard.currentPage()
    page.phone.setText("13900000000")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE
    assert wizard.currentPage().findings.text() == "后厨当班厨师未按规定佩戴帽子"
    fill_investigation(wizard)
    click_next(qtbot, wizard)
    set_lines(wizard, ("Complimentary drink", "30"))  # chosen, not typed: as much to lose
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and asked and asked[-1].startswith("Discard what you typed?")
    # Step 3 has no Next to save with (its button offers or escalates): not sent looking for one.
    assert "Next" not in asked[-1] and asked[-1].endswith("waits in the open cases as saved before this step.")
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    wizard.currentPage().call_back.setChecked(True)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and len(asked) == 2, "a call-back ticked is asked about too"


def test_the_customer_leaves_and_the_case_is_withdrawn(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    assert not wizard.button(QWizard.WizardButton.CustomButton1).isEnabled()
    receive_it(qtbot, wizard)
    assert wizard.button(QWizard.WizardButton.CustomButton1).isEnabled()
    dialog = wizard.ask_withdrawal()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.error.text() == "Say why the complaint is withdrawn."
    type_text(dialog.reason.editor, "顾客接到电话匆忙离开")
    assert dialog.error.text() == "", "said of the empty box: gone once a reason is typed"
    with qtbot.waitSignal(wizard.finished):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    case = Complaint.get()
    assert (case.state, case.withdrawn_reason) == (State.WITHDRAWN, "顾客接到电话匆忙离开")
    # By the number the desk knew it by, and the archive's (it said only TS-…, a number nobody had seen).
    said = f"Complaint #{case.id} was withdrawn (archive number {case.archive_number})."
    assert window.statusBar().currentMessage() == said


def a_second_intake_warned(qtbot: QtBot, window: MainWindow) -> tuple[IntakeWizard, Complaint]:
    """A complaint received, then the same again in a new intake: it stops at the duplicate warning."""
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    first = Complaint.get()
    wizard.reject()
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard)
    wizard.currentPage().acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    return wizard, first


def test_a_name_too_long_is_said_and_kept_not_cut(qtbot: QtBot, manager: Staff, english: None) -> None:
    """A pasted 80-character name became its first 64 without a word (as the location, the witness and the staff
    named did): now the field says how much is over, as the long texts do, and keeps what was pasted."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard)
    page = wizard.currentPage()
    page.acknowledged.setChecked(True)
    page.customer_name.setText("刘" * 80)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_RECEIVE and Complaint.select().count() == 0
    assert page.field_errors["customer_name"].text() == "This text is 80 characters long; the limit is 64."
    assert page.customer_name.text() == "刘" * 80


@pytest.mark.parametrize("size", [(1000, 600), (1080, 728)])
def test_the_duplicate_warning_is_scrolled_into_view_on_a_low_screen(
    qtbot: QtBot, manager: Staff, english: None, size: tuple[int, int]
) -> None:
    """Below the last field, under the fold of a 768-pixel screen: Next seemed to do nothing (at 1366 × 768 the
    wizard is 1080 × 728: the warning was drawn just below the fold)."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    wizard.reject()
    wizard = window.open_intake()
    wizard.resize(*size)
    fill_receipt(qtbot, wizard)
    page = wizard.currentPage()
    page.acknowledged.setChecked(True)
    page.fields_area.verticalScrollBar().setValue(0)
    click_next(qtbot, wizard)
    assert page.duplicates.isVisible()
    viewport = page.fields_area.viewport()

    def shown() -> QRect:
        return QRect(page.duplicates.mapTo(viewport, QPoint(0, 0)), page.duplicates.size())

    qtbot.wait(300)  # its wrapped text laid out: the warning grew after it was scrolled to
    assert viewport.rect().contains(shown()), (shown(), viewport.rect())


def test_a_possible_duplicate_is_shown_before_a_second_case_is_created(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard, first = a_second_intake_warned(qtbot, window)
    page = wizard.currentPage()
    assert wizard.currentId() == PAGE_RECEIVE
    assert page.duplicates.isVisible()
    assert f"#{first.id}" in page.duplicates.text() and "already open" in page.duplicates.text()
    assert Complaint.select().count() == 1
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE, "the second Next records it anyway"
    assert Complaint.select().count() == 2


def test_a_proposal_over_the_limit_raises_the_risk_as_it_is_typed(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    investigate_it(qtbot, wizard)
    beyond = "beyond the duty manager"
    set_lines(wizard, ("Bill discount", "50"))
    qtbot.waitUntil(lambda: not wizard.risk_timer.isActive())
    assert beyond not in wizard.panel.risk.reasons.text()
    set_lines(wizard, ("Bill waived", "260"))  # over the 200 yuan per case: the live check says so
    assert wizard.risk_timer.isActive(), "assessed again a moment later, not saved first"
    qtbot.waitUntil(lambda: not wizard.risk_timer.isActive())
    assert beyond in wizard.panel.risk.reasons.text()


def test_the_prompt_says_the_minutes_promised_at_the_first_step(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard)
    wizard.currentPage().promised_minutes.setValue(25)
    wizard.currentPage().acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    prompts = html.unescape(wizard.panel.prompts.text())
    assert "come back within 25 minutes." in prompts and "..." not in prompts


def test_a_second_hand_off_after_the_office_s_decision_is_written_anew(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """The customer turned the office's decision down: the hand-off note offered was the first one, and went
    again unchanged ("免单260元" beside a new request of 3,000)."""
    from models.intake import decide

    note = "顾客吃出头发，要求免单260元，超出我的权限，请办公室决定。"
    office, window, case = escalated_at_the_desk(qtbot, manager, note)
    decide(office, case.id, OfficeDecision.APPROVED, "同意免单")
    record_consent(manager, case.id, Consent(ConsentAnswer.COUNTERED, counter_demand="要求另赔3000元"))
    wizard = window.open_intake(case.id)
    page = wizard.currentPage()
    assert wizard.currentId() == PAGE_PROPOSE and page.handoff_note.text() == ""


def test_a_small_offer_in_a_category_the_office_decides_is_not_called_beyond_the_limits(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """A dish remade for 50 yuan, within a limit of 200, in 食品安全/异物: "This is beyond your authority", and the
    escalation risk added "the demand is beyond the duty manager's authority"."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard, category="Food safety")
    wizard.currentPage().acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    fill_investigation(wizard)
    click_next(qtbot, wizard)
    set_lines(wizard, ("Dish remade", "50"))
    page = wizard.currentPage()
    said = page.authority.text()
    assert "always go to the office" in said and "The office decides complaints of this category" in said
    assert "beyond your authority" not in said
    assert page.over_limit and not page.beyond_limits and page.escalating, "it still goes to the office"
    set_lines(wizard, ("Dish remade", "500"))
    assert "This is beyond your authority" in page.authority.text() and page.beyond_limits
