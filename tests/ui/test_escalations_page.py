"""The office's escalations page when another desk acts on the case it shows: the decision typed is not thrown
away unseen, and no click records it on another case."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from pytestqt.qtbot import QtBot

from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, OfficeDecision, Proposal, State
from models.intake import Investigation, Line, Receipt, decide, escalate, receive, record_investigation, withdraw
from models.staff import Role, Staff, create_staff
from ui.format import day_time
from ui.main_window import SECTION_OFFICE, MainWindow
from ui.office.escalations import EscalationsPage

from conftest import Desk, type_text


def escalated(desk: Desk, phone: str, amount: str) -> Complaint:
    case = receive(
        desk.manager,
        Receipt(customer_name="刘先生", phone=phone, channel="phone", narrative="吃坏肚子要赔偿",
                category_id=Category.get(Category.code == "food_quality").id, demand="赔偿", acknowledged=True),
    )  # fmt: skip
    kitchen = Department.get(Department.code == "kitchen")
    case = record_investigation(desk.manager, case, Investigation("属实，菜确实凉了", kitchen.id, "", "full"))
    cash = Remedy.get(Remedy.code == "cash_compensation")
    escalate(desk.manager, case, [Line(cash.id, amount)], f"顾客要求赔偿{amount}元，超出我的权限。")
    return Complaint.get_by_id(case.id)


def escalations(qtbot: QtBot, staff: Staff) -> EscalationsPage:
    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_OFFICE)
    return window.escalations


def decided_at(case: Complaint) -> str:
    proposal = Proposal.select().where(Proposal.complaint == case.id, Proposal.decided_at.is_null(False)).get()
    return day_time(proposal.decided_at)


def test_a_case_decided_at_another_desk_stays_on_the_form_locked_with_what_was_typed(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The office was typing a changed remedy for #1 when another desk approved it: at the next reading of the
    list the form moved to #2, reset to Approve with the note empty: the typed work gone unseen, and one more
    click approved #2."""
    first, second = escalated(seeded, "13800000011", "800"), escalated(seeded, "13800000012", "900")
    page = escalations(qtbot, create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2"))
    assert page.select_case(first.id)
    page.choice_buttons[OfficeDecision.CHANGED].setChecked(True)
    page.lines.rows[0].amount.setValue(500)
    type_text(page.note.editor, "改为500元并赠送早餐券，请向顾客说明")
    decide(seeded.office, first.id, OfficeDecision.APPROVED, "同意")  # at another desk
    qtbot.waitUntil(lambda: page.queue.topLevelItemCount() == 1, timeout=5000)

    assert page.current_case_id() is None, "no other case is chosen in its place"
    assert page.error.text() == (
        f"At {decided_at(first)}, 马晓红 decided complaint #{first.id} meanwhile: Approved. The decision typed "
        "here was not recorded; what you typed stays below to copy. Choose a case in the list to go on."
    )
    assert page.note.text() == "改为500元并赠送早餐券，请向顾客说明" and page.note.editor.isReadOnly()
    assert page.note.isEnabled(), "readable and copyable, not greyed"
    assert page.choice_buttons[OfficeDecision.CHANGED].isChecked() and page.lines.rows[0].amount.value() == 500
    assert not page.decide_button.isEnabled() and not page.lines.isEnabled()
    assert not any(button.isEnabled() for button in page.choice_buttons.values())
    assert "Approved" in page.details.toPlainText(), "the case as it is now"
    page.record_decision()
    qtbot.mouseClick(page.decide_button, Qt.MouseButton.LeftButton)
    assert Complaint.get_by_id(second.id).state == State.ESCALATED, "nothing recorded on another case"

    page.refresh()  # the next reading of the list: still said, still kept
    assert page.current_case_id() is None and page.note.text().startswith("改为500元")
    assert "马晓红 decided complaint" in page.error.text()

    assert page.select_case(second.id)  # the office moves on: a fresh form for the case chosen
    assert page.note.text() == "" and not page.note.editor.isReadOnly() and page.error.text() == ""
    assert page.choice_buttons[OfficeDecision.APPROVED].isChecked() and page.decide_button.isEnabled()
    assert all(button.isEnabled() for button in page.choice_buttons.values()) and page.lines.isEnabled()


def test_a_decision_pressed_before_the_list_followed_another_desk_says_who_decided(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """Record decision pressed after another desk decided the case, before the list was read again."""
    first = escalated(seeded, "13800000011", "800")
    second = escalated(seeded, "13800000012", "900")
    page = escalations(qtbot, create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2"))
    assert page.select_case(first.id)
    type_text(page.note.editor, "同意，请尽快办理")
    decide(seeded.office, first.id, OfficeDecision.TAKEN_OVER, "我来处理")
    page.record_decision()
    assert page.error.text().startswith(
        f"At {decided_at(first)}, 马晓红 decided complaint #{first.id} meanwhile: Taken over by the office."
    )
    assert page.note.text() == "同意，请尽快办理" and page.current_case_id() is None
    assert Complaint.get_by_id(second.id).state == State.ESCALATED and not page.recorded.isVisible()


def test_a_case_withdrawn_at_the_desk_while_the_office_types_says_who_withdrew_it(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    case, waiting = escalated(seeded, "13800000011", "800"), escalated(seeded, "13800000012", "900")
    page = escalations(qtbot, seeded.office)
    assert page.select_case(case.id)
    type_text(page.note.editor, "同意")
    withdraw(seeded.manager, case, "顾客说不要了，先走了")
    page.refresh()
    closed = Complaint.get_by_id(case.id)
    assert page.error.text().startswith(
        f"At {day_time(closed.closed_at)}, 张伟 ended complaint {closed.archive_number}: Withdrawn."
    )
    assert page.note.text() == "同意" and page.current_case_id() is None and not page.decide_button.isEnabled()
    assert Complaint.get_by_id(waiting.id).state == State.ESCALATED


def test_the_office_s_own_decision_moves_on_to_the_next_case(qtbot: QtBot, seeded: Desk, english: None) -> None:
    first, second = escalated(seeded, "13800000011", "800"), escalated(seeded, "13800000012", "900")
    page = escalations(qtbot, seeded.office)
    assert page.select_case(first.id)
    page.record_decision()
    assert Complaint.get_by_id(first.id).state == State.DECIDED
    assert page.current_case_id() == second.id and page.error.text() == "" and page.decide_button.isEnabled()
    assert page.recorded.isVisible() and page.note.text() == ""


def test_a_decision_typed_for_an_earlier_request_is_never_recorded_against_the_desk_s_new_one(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """Office A set out #1 (800 yuan) and went elsewhere; B approved it, the customer countered and the desk sent
    it again asking 3,000. A's "Approve" with A's note was recorded against the 3,000, unseen."""
    from models.complaint import ConsentAnswer
    from models.intake import Consent, record_consent

    case = escalated(seeded, "13800000011", "800")
    page = escalations(qtbot, create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2"))
    assert page.select_case(case.id)
    type_text(page.note.editor, "同意赔偿800元")
    decide(seeded.office, case.id, OfficeDecision.APPROVED, "同意")  # at another desk
    record_consent(seeded.manager, case.id, Consent(ConsentAnswer.COUNTERED, counter_demand="要求赔偿3000元"))
    cash = Remedy.get(Remedy.code == "cash_compensation")
    escalate(seeded.manager, case.id, [Line(cash.id, "3000")], "顾客不接受800元，要求赔偿3000元。")
    page.record_decision()  # pressed before the list was read again
    said = f"The desk sent complaint #{case.id} again with a new request: the form is set out for it."
    assert page.error.text() == said
    current = Proposal.select().where(Proposal.complaint == case.id).order_by(Proposal.seq.desc()).get()
    assert str(current.total) == "3000.00" and current.decided_at is None, "the 3,000 request waits, undecided"
    assert page.note.text() == "" and page.choice_buttons[OfficeDecision.APPROVED].isChecked()
    page.record_decision()  # now read: decided knowingly
    assert Proposal.get_by_id(current.id).decided_by_id == page.actor.id


def test_taking_over_by_decision_never_takes_the_case_from_a_colleague_unseen(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    from models.intake import take_over

    case = escalated(seeded, "13800000011", "800")
    wangli = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    page = escalations(qtbot, seeded.office)
    assert page.select_case(case.id)
    take_over(wangli, case.id, "我来跟进")  # from the risk list, at another desk
    page.choice_buttons[OfficeDecision.TAKEN_OVER].setChecked(True)
    type_text(page.note.editor, "我来处理")
    page.record_decision()
    assert page.error.text().startswith(f"王丽 took complaint #{case.id} over after this form was set out")
    assert Complaint.get_by_id(case.id).taken_over_by_id == wangli.id and Complaint.get_by_id(case.id).state == (
        State.ESCALATED
    )


def test_the_desk_records_a_customer_withdrawing_while_the_case_waits_for_the_office(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The customer said 算了，我走了 while the office had not decided: nothing could be recorded (the case cannot be
    continued at the desk), and the office decided a case that no longer mattered, red and at high risk meanwhile."""
    from PySide6.QtWidgets import QApplication

    from ui.intake.wizard import WithdrawDialog
    from ui.register.case_view import CaseView

    case, waiting = escalated(seeded, "13800000011", "800"), escalated(seeded, "13800000012", "900")
    open_case = receive(
        seeded.manager,
        Receipt(customer_name="王女士", phone="13900000013", channel="phone", narrative="房间太吵",
                category_id=Category.get(Category.code == "food_quality").id, demand="换房", acknowledged=True),
    )  # fmt: skip
    quiet = CaseView(open_case.id, seeded.manager)
    qtbot.addWidget(quiet)
    assert quiet.withdraw_button.isHidden(), "an open case at the desk is withdrawn in the intake, as ever"
    view = CaseView(case.id, seeded.manager)
    qtbot.addWidget(view)
    view.show()
    assert view.withdraw_button.isVisible() and view.withdraw_button.text() == "Customer &withdraws…"
    dialog = view.ask_withdrawal()
    assert isinstance(dialog, WithdrawDialog)
    type_text(dialog.reason.editor, "顾客说算了，先走了")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    withdrawn = Complaint.get_by_id(case.id)
    assert withdrawn.state == State.WITHDRAWN and withdrawn.archive_number, "withdrawn and sealed"
    assert not view.withdraw_button.isVisible() and "Withdrawn" in view.details.toPlainText()
    page = escalations(qtbot, seeded.office)
    assert not page.select_case(case.id) and page.select_case(waiting.id), "the office no longer has it to decide"
    assert QApplication.activeModalWidget() is not dialog


def test_approving_shows_the_remedy_it_grants(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """With "Approve the proposal" chosen the form showed only the note: the lines being granted were far down the
    case's text, below the fold at 768 pixels."""
    case = escalated(seeded, "13800000013", "800")
    page = escalations(qtbot, seeded.office)
    assert page.select_case(case.id)
    assert page.choice_buttons[OfficeDecision.APPROVED].isChecked() and page.approved_lines.isVisible()
    assert page.approved_lines.text() == (
        "Approving grants the desk's proposal, 800.00 yuan in all:\n  • Cash compensation: 800.00 yuan"
    )
    page.choice_buttons[OfficeDecision.CHANGED].setChecked(True)
    assert not page.approved_lines.isVisible() and page.lines.isVisible(), "the editable lines instead"
    page.choice_buttons[OfficeDecision.TAKEN_OVER].setChecked(True)
    assert not page.approved_lines.isVisible() and not page.lines.isVisible()


def test_the_customer_s_year_shows_beside_the_decision_and_the_whole_case_opens(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A claimant with two complaints before was decided on without them (the case view had them), and the case's
    evidence, history and form could not be reached from the decision page: Enter and a double-click did nothing."""
    from ui.register.case_view import CaseView

    first = escalated(seeded, "13911112222", "300")
    decide(seeded.office, first, OfficeDecision.APPROVED)
    second = escalated(seeded, "13911112222", "500")
    page = escalations(qtbot, seeded.office)
    qtbot.waitUntil(lambda: page.queue.topLevelItemCount() == 1)
    page.queue.setCurrentItem(page.queue.topLevelItem(0))
    shown = page.details.toPlainText()
    assert "This customer in the last 12 months: 2 complaints" in shown and f"#{first.id}" in shown
    # A cash line's details asked "Which dish or drink", here and on the desk's vouchers and refunds.
    assert [row.description.placeholderText() for row in page.lines.rows] == ["Details"]
    window = page.window()
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [second.id]
    views = [w for w in window.findChildren(CaseView) if w.isVisible()]
    assert [view.complaint_id for view in views] == [second.id], "its whole case, in its view"
    with qtbot.waitSignal(page.open_case) as opened:
        page.queue.itemActivated.emit(page.queue.topLevelItem(0), 0)  # Enter, or a double-click
    assert opened.args == [second.id]
    page.details.anchorClicked.emit(QUrl(f"case:{first.id}"))  # the customer's earlier complaint
    assert first.id in [w.complaint_id for w in window.findChildren(CaseView) if w.isVisible()]


def test_every_refusal_of_the_decision_is_said_at_once_with_the_cursor_in_the_first(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A changed remedy without a note and without a line: the note was refused, then at the next press the
    remedy, and the cursor stayed on the choice."""
    escalated(seeded, "13922223333", "800")
    page = escalations(qtbot, seeded.office)
    qtbot.waitUntil(lambda: page.queue.topLevelItemCount() == 1)
    page.queue.setCurrentItem(page.queue.topLevelItem(0))
    page.window().activateWindow()
    page.choice_buttons[OfficeDecision.CHANGED].setChecked(True)
    page.lines.set_lines([])
    page.record_decision()
    assert page.error.text().splitlines() == [
        "Explain the decision for the desk.",
        "Add at least one remedy. To grant nothing, choose one that costs nothing (an explanation or a written "
        "apology, at 0.00) and say why in the decision note.",
    ]
    qtbot.waitUntil(lambda: page.note.editor.hasFocus())
    assert Complaint.select().where(Complaint.state == State.ESCALATED).count() == 1, "nothing recorded"


def test_the_desk_tells_the_customer_a_new_time_while_the_office_has_not_decided(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The office's answer late: the case stayed late and red, its advice "give the customer a new time", with
    nowhere to record one. From the case's view: a time in the past is refused beside it, nothing changed; a time
    to come is its promise, in its history."""
    import datetime as dt

    from ui.register.case_view import CaseView

    case = escalated(seeded, "13800000021", "800")
    told = Complaint.get_by_id(case.id).promised_at
    view = CaseView(case.id, seeded.manager)
    qtbot.addWidget(view)
    view.show()
    assert view.new_time_button.isVisible() and view.new_time_button.text() == "&New time told…"
    dialog = view.ask_new_time()
    past = dt.datetime.now() - dt.timedelta(hours=1)
    dialog.answer_by.setDateTime(past)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.error.text().startswith("Promise the office's answer for a time after now")
    assert Complaint.get_by_id(case.id).promised_at == told, "nothing changed"
    later = (dt.datetime.now() + dt.timedelta(hours=4)).replace(second=0, microsecond=0)
    dialog.answer_by.setDateTime(later)
    assert dialog.error.text() == ""
    with qtbot.waitSignal(view.changed):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible() and Complaint.get_by_id(case.id).promised_at == later
    assert "New time told to the customer" in view.details.toPlainText(), "in its history"
    office_view = CaseView(case.id, seeded.office)
    qtbot.addWidget(office_view)
    assert office_view.new_time_button.isHidden(), "the desk's to tell: the office decides"
