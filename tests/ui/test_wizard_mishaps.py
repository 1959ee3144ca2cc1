"""The intake wizard (and a button of the office) under a hurried hand: amounts typed key by key and by an input
method, double-clicks, Back and Next again, long and pasted texts. Nothing typed may be lost or changed unseen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolTip, QWidget, QWizard
from pytestqt.qtbot import QtBot
from test_intake_wizard import choose, click_next, open_window

from models.catalog import Remedy
from models.complaint import CompensationLine, Complaint, Customer, Proposal
from models.intake.inputs import MAX_LINE_AMOUNT
from models.staff import Role, Staff, StaffRemedy, create_staff
from ui.intake.base_page import IntakePage
from ui.intake.lines_editor import LineRow
from ui.intake.wizard import (
    PAGE_CLOSE,
    PAGE_CONSENT,
    PAGE_DONE,
    PAGE_INVESTIGATE,
    PAGE_PROPOSE,
    PAGE_RECEIVE,
    IntakeWizard,
)

from conftest import Desk, DiscardQuestions, type_text


@pytest.fixture
def manager(defaults: object) -> Staff:
    """A duty manager with a limit of 200 yuan a case who may grant every desk remedy."""
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    for remedy in Remedy.select().where(~Remedy.office_only):
        StaffRemedy.create(staff=staff, remedy=remedy)
    return staff


def next_button(wizard: IntakeWizard) -> QPushButton:
    return wizard.button(QWizard.WizardButton.NextButton)


def double_click(widget: QPushButton) -> None:
    """What a mouse's double-click delivers to a button: press, release, double-click, release."""
    pos = QPointF(widget.rect().center())
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
                 QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):  # fmt: skip
        held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        event = QMouseEvent(kind, pos, widget.mapToGlobal(pos), Qt.MouseButton.LeftButton, held,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(widget, event)


def fill_receipt(wizard: IntakeWizard, phone: str | None = "13812345678") -> None:
    page = wizard.currentPage()
    type_text(page.customer_name, "刘先生")
    if phone:
        type_text(page.phone, phone)
    type_text(page.location, "二楼中餐厅")
    type_text(page.narrative.editor, "我点的宫保鸡丁里吃出一根头发，太恶心了！")
    choose(page.category, "Food quality")
    type_text(page.demand.editor, "要求重做并道歉")
    page.acknowledged.setChecked(True)


def shown_errors(page: IntakePage) -> dict[str, str]:
    found = {name: label.text() for name, label in page.field_errors.items() if label.isVisibleTo(page)}
    if page.page_error.isVisibleTo(page):
        found["<page>"] = page.page_error.text()
    return found


def to_proposal(qtbot: QtBot, manager: Staff) -> IntakeWizard:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard)
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    type_text(page.findings.editor, "后厨当班厨师未戴帽子，情况属实。")
    choose(page.liability, "Full")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    return wizard


def type_amount(qtbot: QtBot, wizard: IntakeWizard, row: LineRow, typed: str) -> None:
    """Select the amount and type over it key by key in the active window, as at the desk (an input method's
    characters committed as it commits them)."""
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    row.amount.setFocus()
    qtbot.waitUntil(row.amount.hasFocus)
    edit = row.amount.lineEdit()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    for key in typed:
        if key.isascii():
            qtbot.keyClicks(edit, key)
        else:
            type_text(edit, key)


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("12.5", "12.50"),
        ("0.5", "0.50"),
        ("１２．５", "12.50"),  # an input method in full-width mode
        ("12。5", "12.50"),  # Chinese punctuation: the full stop for the point
        ("５０", "50.00"),
        ("12,5", "12.50"),  # a decimal comma: read as 125 before
        ("12,50", "12.50"),
        ("12，5", "12.50"),  # the full-width comma of a Chinese punctuation mode
    ],
)
def test_an_amount_with_fen_is_offered_as_typed(
    qtbot: QtBot, manager: Staff, english: None, typed: str, offered: str
) -> None:
    """Every keystroke rewrote the box ("12." became "12.00 yuan", the cursor before the point): 12.5 was offered
    as 12.00, 0.5 as 0.00; full-width digits were dropped and the remedy's 30 yuan offered instead."""
    wizard = to_proposal(qtbot, manager)
    row = wizard.currentPage().lines.rows[0]
    choose(row.remedy, "Dish remade")
    type_amount(qtbot, wizard, row, typed)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CONSENT
    assert [str(line.amount) for line in CompensationLine.select()] == [offered]


def test_a_thousands_comma_is_read_as_one(qtbot: QtBot, manager: Staff, english: None) -> None:
    """A comma with three digits after it groups thousands, typed key by key ("1,2" on the way is not 1.20)."""
    wizard = to_proposal(qtbot, manager)
    row = wizard.currentPage().lines.rows[0]
    choose(row.remedy, "Dish remade")
    type_amount(qtbot, wizard, row, "1,250")
    assert row.amount.value() == 1250 and wizard.currentPage().escalating


def test_a_key_past_the_largest_amount_is_refused_in_words(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Qt dropped the key that took an amount past the box's maximum without a word: the desk saw 10000 where it had
    typed 100000 and did not know why."""
    wizard = to_proposal(qtbot, manager)
    row = wizard.currentPage().lines.rows[0]
    choose(row.remedy, "Dish remade")
    most = int(MAX_LINE_AMOUNT)
    QToolTip.hideText()
    type_amount(qtbot, wizard, row, str(most))
    assert QToolTip.text() == ""
    type_amount(qtbot, wizard, row, f"{most}0")
    assert row.amount.value() == most
    assert QToolTip.text() == f"At most {most:,}.00 yuan: a larger amount is refused."


def test_an_amount_typed_past_the_limit_keeps_its_fen(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Typed over the 200-yuan limit key by key ("250" goes beyond it, then ".5"): the case goes to the office with
    250.50, and the box is not rewritten as the page turns to the hand-off."""
    wizard = to_proposal(qtbot, manager)
    page = wizard.currentPage()
    row = page.lines.rows[0]
    choose(row.remedy, "Dish remade")
    type_amount(qtbot, wizard, row, "250.5")
    assert page.escalating and row.amount.value() == 250.5
    assert next_button(wizard).text() == "Send to the &office"


@pytest.mark.parametrize("change_something", [False, True])
def test_remedies_typed_on_step_3_survive_back_and_next(
    qtbot: QtBot, manager: Staff, english: None, discard_questions: DiscardQuestions, change_something: bool
) -> None:
    """Back to step 2 and Next again: the remedy row came back empty and the explanation blank, without a word (the
    rows set out before, waiting to be deleted, were counted as the page's inputs)."""
    wizard = to_proposal(qtbot, manager)
    page = wizard.currentPage()
    choose(page.lines.rows[0].remedy, "Dish remade")
    page.lines.rows[0].amount.setValue(58)
    type_text(page.explanation.editor, "马上为您重做，再送一份果盘")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_INVESTIGATE
    if change_something:
        type_text(wizard.currentPage().staff_involved, "、传菜员小张")
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE
    rows = [(row.remedy.currentText(), row.amount.value()) for row in page.lines.rows]
    assert (rows, page.explanation.text()) == ([("Dish remade", 58.0)], "马上为您重做，再送一份果盘")
    assert discard_questions.asked == []


def test_a_double_click_on_next_stops_at_the_repeat_complaint_warning(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """The same customer again while the first case is open: the double-click's second press was taken as the
    "press Next again" the warning asks for, and the second complaint was recorded past it, unread."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard)
    click_next(qtbot, wizard)
    wizard.reject()
    wizard = window.open_intake()
    fill_receipt(wizard)
    double_click(next_button(wizard))
    assert (wizard.currentId(), Complaint.select().count()) == (PAGE_RECEIVE, 1)
    assert wizard.currentPage().duplicates.isVisible()


def test_a_double_click_on_next_opens_the_next_step_clean(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Step 1 double-clicked: step 2 opened with its refusals already in red ("Write down what the investigation
    found."), pressed before it was seen."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard)
    double_click(next_button(wizard))
    assert wizard.currentId() == PAGE_INVESTIGATE
    assert shown_errors(wizard.currentPage()) == {}


def test_a_double_click_on_new_proposal_does_not_offer_the_old_one_again(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    """A counter-demand, then New proposal double-clicked: the second press landed on step 3's "Offer to the
    customer", pre-filled with the old remedies, and offered them again as proposal 2, unseen."""
    wizard = to_proposal(qtbot, manager)
    choose(wizard.currentPage().lines.rows[0].remedy, "Complimentary drink")
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    page.answer_buttons["countered"].setChecked(True)
    type_text(page.counter_demand.editor, "要求免单")
    double_click(next_button(wizard))
    assert wizard.currentId() == PAGE_PROPOSE
    assert [(p.seq, p.status) for p in Proposal.select().order_by(Proposal.seq)] == [(1, "countered")]


def test_long_remedy_details_are_refused_in_words_and_kept(qtbot: QtBot, manager: Staff, english: None) -> None:
    """280 characters pasted into a remedy's details were cut to 128 without a word, and offered so."""
    wizard = to_proposal(qtbot, manager)
    page = wizard.currentPage()
    row = page.lines.rows[0]
    choose(row.remedy, "Complimentary fruit plate")
    detail = "送果盘一份并由厨师长当面道歉" * 20
    type_text(row.description, detail)
    click_next(qtbot, wizard)
    assert row.description.text() == detail
    assert shown_errors(page) == {"lines": "This text is 280 characters long; the limit is 128."}
    assert CompensationLine.select().count() == 0


def test_a_category_put_right_keeps_the_severity_chosen(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Saved as High, Back to put the category right: the severity dropped to the new category's default and
    Medium was saved without a word. A severity nobody chose still follows the category."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard)
    page = wizard.currentPage()
    choose(page.category, "Waiting time")
    assert page.severity.currentData() == "low"
    choose(page.category, "Food safety")
    assert page.severity.currentData() == "high", "nobody chose it: the category's own"
    choose(page.category, "Food quality")
    assert page.severity.currentData() == "medium"
    choose(page.severity, "High")
    click_next(qtbot, wizard)
    wizard.back()
    choose(page.category, "Cleanliness")
    assert page.severity.currentData() == "high"
    click_next(qtbot, wizard)
    assert Complaint.get().severity == "high"


def test_a_pasted_name_is_stored_on_one_line(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Ctrl+V of "王\\t先生\\n(VIP)" into the customer's name stored the tab and the line break."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard)
    page = wizard.currentPage()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    QApplication.clipboard().setText("王\t先生\n(VIP)")
    page.customer_name.clear()
    page.customer_name.setFocus()
    qtbot.waitUntil(page.customer_name.hasFocus)
    qtbot.keyClick(page.customer_name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    click_next(qtbot, wizard)
    assert Customer.get().name == "王 先生 (VIP)"


def test_a_pasted_phone_with_a_note_is_refused_whole(qtbot: QtBot, manager: Staff, english: None) -> None:
    """The phone box took 24 characters: the rest of a pasted note was gone, and the refusal quoted the cut text."""
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    fill_receipt(wizard, phone=None)
    pasted = "+86 138-1234-5678  (手机，晚上六点后再打，谢谢)"
    type_text(wizard.currentPage().phone, pasted)
    click_next(qtbot, wizard)
    assert wizard.currentPage().phone.text() == pasted
    assert pasted in shown_errors(wizard.currentPage())["phone"]
    assert Complaint.select().count() == 0


def test_esc_in_the_withdraw_dialog_asks_before_losing_the_reason(
    qtbot: QtBot, manager: Staff, english: None, discard_questions: DiscardQuestions
) -> None:
    """The reason typed, then Esc: the dialog closed and the reason was gone, unasked (the wizard itself asks)."""
    wizard = to_proposal(qtbot, manager)
    dialog = wizard.ask_withdrawal()
    type_text(dialog.reason.editor, "顾客接到电话匆忙离开，说明天再来")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert discard_questions.asked == [
        "Discard the reason?: The complaint is not withdrawn, and the reason you typed will be lost."
    ]
    assert dialog.isVisible() and dialog.reason.text() == "顾客接到电话匆忙离开，说明天再来"
    discard_questions.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and Complaint.get().state == "investigating", "not withdrawn"



def test_a_double_click_on_record_decision_decides_only_the_case_chosen(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The office's escalations page goes on to the next case, its form reset to Approve: the double-click's second
    press approved it, unseen. Every button of the application takes a double-click as one press."""
    from models.catalog import Category, Department
    from models.complaint import OfficeDecision, State
    from models.intake import Investigation, Line, Receipt, escalate, receive, record_investigation
    from ui.main_window import SECTION_OFFICE

    cases = []
    for phone, amount in (("13800000001", "800"), ("13800000002", "900")):
        case = receive(seeded.manager, Receipt(
            customer_name="刘先生", phone=phone, channel="phone", narrative="吃坏肚子要赔偿", demand="赔偿",
            category_id=Category.get(Category.code == "food_quality").id, acknowledged=True, promised_minutes=120,
        ))  # fmt: skip
        kitchen = Department.get(Department.code == "kitchen").id
        case = record_investigation(seeded.manager, case, Investigation("属实，菜确实凉了", kitchen, "", "full"))
        cash = Remedy.get(Remedy.code == "cash_compensation").id
        escalate(seeded.manager, case, [Line(cash, amount)], f"顾客要求赔偿{amount}元，超出我的权限。")
        cases.append(case.id)
    window = open_window(qtbot, seeded.office)
    window.navigation.setCurrentRow(SECTION_OFFICE)
    page = window.escalations
    assert page.queue.topLevelItemCount() == 2
    page.select_case(cases[0])
    page.choice_buttons[OfficeDecision.APPROVED].setChecked(True)
    double_click(page.decide_button)
    assert [Complaint.get_by_id(case).state for case in cases] == [State.DECIDED, State.ESCALATED]


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    """A key pressed where the desk's cursor is: ``widget`` focused in the active window."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, key, modifier)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_in_a_field_saves_no_step(qtbot: QtBot, manager: Staff, english: None, key: Qt.Key) -> None:
    """Enter in a one-line field pressed the step's button (review 104): an amount typed and Enter offered the
    proposal with its explanation empty; on step 5, Enter in the call-back's note closed and sealed the case with
    its promised items still to be written. Only Ctrl+Enter and the buttons go on."""
    wizard = to_proposal(qtbot, manager)
    row = wizard.currentPage().lines.rows[0]
    choose(row.remedy, "Dish remade")
    press(qtbot, row.amount.lineEdit(), key)
    press(qtbot, row.description, key)
    assert wizard.currentId() == PAGE_PROPOSE and Proposal.select().count() == 0
    assert len(wizard.currentPage().lines.rows) == 1, "nor adds a remedy row"
    press(qtbot, row.description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wizard.currentId() == PAGE_CONSENT, "Ctrl+Enter goes on, as documented"
    page = wizard.currentPage()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    press(qtbot, page.witness, key)
    assert wizard.currentId() == PAGE_CONSENT
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_CLOSE
    page = wizard.currentPage()
    page.call_back.setChecked(True)
    type_text(page.call_back_note, "问一下菜品是否满意")
    press(qtbot, page.call_back_note, key)
    assert wizard.currentId() == PAGE_CLOSE and Complaint.get().state == "agreed", "not closed, not sealed"


def test_alt_left_after_closing_does_not_go_back_into_the_sealed_case(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    wizard = to_proposal(qtbot, manager)
    choose(wizard.currentPage().lines.rows[0].remedy, "Dish remade")
    click_next(qtbot, wizard)
    page = wizard.currentPage()
    page.answer_buttons["accepted"].setChecked(True)
    type_text(page.witness, "服务员小王")
    click_next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PAGE_DONE
    press(qtbot, wizard.button(QWizard.WizardButton.FinishButton), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.currentId() == PAGE_DONE, "Back is hidden once sealed: so is Alt+Left"


def test_no_remedy_refused_takes_the_cursor_where_one_is_added(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Review 104: "Add at least one remedy" sent the cursor to the column around the remedies, which holds none:
    the arrows did nothing and a Tab more reached the remedy's box."""
    wizard = to_proposal(qtbot, manager)
    page = wizard.currentPage()
    row = page.lines.rows[0]
    row.remove.click()
    qtbot.waitUntil(lambda: not page.lines.rows)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_PROPOSE and page.field_errors["lines"].text()
    qtbot.waitUntil(page.lines.add_button.hasFocus)
    qtbot.keyClick(page.lines.add_button, Qt.Key.Key_Space)
    assert len(page.lines.rows) == 1 and page.lines.rows[0].remedy.hasFocus()



def test_the_office_s_answer_is_offered_within_its_day_not_at_night() -> None:
    """A night shift escalating at 02:36 was offered "2026-12-09 03:00" to tell the customer."""
    import datetime as dt

    from ui.intake.propose_page import default_answer_by

    def offered(hour: int, minute: int) -> str:
        return f"{default_answer_by(None, dt.datetime(2026, 12, 8, hour, minute)):%Y-%m-%d %H:%M}"

    assert offered(2, 36) == "2026-12-09 10:00"
    assert offered(14, 20) == "2026-12-09 15:00", "in the day: this time tomorrow, on the hour after"
    assert offered(17, 5) == "2026-12-09 18:00"
    assert offered(23, 30) == "2026-12-09 18:00", "tomorrow still, at the end of its day"
    later = dt.datetime(2026, 12, 8, 20, 15)
    assert default_answer_by(later, dt.datetime(2026, 12, 8, 14, 0)) == later.replace(second=0), "a promise kept"
