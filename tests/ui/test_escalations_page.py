"""The office's escalations page when another desk acts on the case it shows: the decision typed is not thrown
away unseen, and no click records it on another case."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
        f"At {decided_at(first)}, 马晓红 decided complaint #{first.id} at another desk: Approved. The decision typed "
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
        f"At {decided_at(first)}, 马晓红 decided complaint #{first.id} at another desk: Taken over by the office."
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
