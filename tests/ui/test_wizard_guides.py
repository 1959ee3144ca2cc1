"""The wizard guides (issue 15): every wrong field reported at once beside it, a category that always
goes to the office said at step 1, the duplicate warning opening the earlier case, a step bar, no two
buttons sharing a shortcut letter, a complaint entered later keeping the time it came in, and the page
after closing."""
from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import cast

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWizard
from pytestqt.qtbot import QtBot
from test_intake_wizard import a_second_intake_warned, click_next, fill_receipt, open_window, receive_it

from models.audit import AuditEvent
from models.catalog import Category, Remedy
from models.complaint import Channel, Complaint
from models.errors import FieldError, FormError
from models.intake import Receipt, receive
from models.staff import Role, Staff, StaffRemedy, create_staff
from ui.intake.receive_page import ReceivePage
from ui.intake.wizard import PAGE_INVESTIGATE, PAGE_RECEIVE, IntakeWizard
from ui.main_window import MainWindow

from conftest import type_text


@pytest.fixture
def manager(defaults: object) -> Staff:
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    for remedy in Remedy.select().where(Remedy.office_only == False):  # noqa: E712
        StaffRemedy.create(staff=staff, remedy=remedy)
    return staff


def shown_error(page: object, field: str) -> str:
    label = page.field_errors[field]
    return label.text() if label.isVisible() else ""


def test_every_wrong_field_is_reported_at_once_and_nothing_is_lost(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    page = wizard.currentPage()
    page.phone.setText("12345")
    too_long = "菜" * 2010
    type_text(page.narrative.editor, too_long)
    page.acknowledged.setChecked(True)  # no category, no demand
    click_next(qtbot, wizard)

    assert wizard.currentId() == PAGE_RECEIVE
    assert "12345 is not a phone number" in shown_error(page, "phone")
    assert shown_error(page, "narrative") == "This text is 2010 characters long; the limit is 2000."
    assert shown_error(page, "category") == "Choose the complaint's category."
    assert shown_error(page, "demand") == "Write down what the customer asks for."
    assert shown_error(page, "customer_name") == "" and not page.page_error.isVisible()
    assert wizard.focusWidget() is page.phone, "the first wrong field takes the cursor"
    assert page.phone.text() == "12345" and page.narrative.text() == too_long, "what was typed is kept"
    assert Complaint.select().count() == 0

    page.phone.setText("13812345678")  # fixed: the next try reports only what is still wrong
    page.narrative.setText("菜凉了")
    click_next(qtbot, wizard)
    assert shown_error(page, "phone") == "" and shown_error(page, "narrative") == ""
    assert shown_error(page, "category") and shown_error(page, "demand")


def test_the_model_names_every_wrong_field_in_the_forms_order(manager: Staff) -> None:
    with pytest.raises(FormError) as refused:
        receive(manager, Receipt(phone="12345", narrative="x" * 2001, acknowledged=False))
    fields = [error.field for error in refused.value.errors]
    assert fields == ["phone", "narrative", "category", "demand", "acknowledged"]
    assert isinstance(refused.value, FieldError) and refused.value.field == "phone", "a FieldError as before"
    assert "12345 is not a phone number" in str(refused.value) and "the limit is 2000" in str(refused.value)
    assert Complaint.select().count() == 0


def test_a_category_that_always_goes_to_the_office_says_so_when_chosen(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    safety = Category.get(Category.always_to_office == True)  # noqa: E712
    ordinary = Category.get(Category.always_to_office == False)  # noqa: E712
    window = open_window(qtbot, manager)
    page = window.open_intake().currentPage()
    assert not page.office_category.isVisible()
    page.category.setCurrentIndex(page.category.findData(safety.id))
    assert page.office_category.isVisible()
    assert "always go to the office" in page.office_category.text()
    page.category.setCurrentIndex(page.category.findData(ordinary.id))
    assert not page.office_category.isVisible()


def test_the_office_standing_in_at_the_desk_is_not_told_it_goes_to_the_office(
    qtbot: QtBot, defaults: object, english: None
) -> None:
    office = create_staff("office2", "胡志刚", Role.OFFICE, "office-pass-1")
    safety = Category.get(Category.always_to_office == True)  # noqa: E712
    page = open_window(qtbot, office).open_intake().currentPage()
    page.category.setCurrentIndex(page.category.findData(safety.id))
    assert not page.office_category.isVisible(), "the office decides such cases itself"


def test_the_duplicate_warning_opens_the_earlier_case_and_continues_it(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard, first = a_second_intake_warned(qtbot, window)
    page = wizard.currentPage()
    assert page.duplicates.isVisible() and f"href='{first.id}'" in page.duplicates.text()
    assert "Open cases" not in page.duplicates.text(), "an escalated case is not listed there"

    page.duplicates.linkActivated.emit(str(first.id))  # the link, as a click on it sends it
    from ui.register.case_view import CaseView

    view = wizard.findChild(CaseView)
    assert view is not None and view.isVisible() and view.complaint_id == first.id
    with qtbot.waitSignal(wizard.finished):
        view.continue_case.emit(first.id)  # "Continue the intake" in the case view
    assert window.intake is not wizard and window.intake.case_id == first.id
    assert window.intake.currentId() == PAGE_INVESTIGATE, "the earlier case goes on where it stopped"
    assert Complaint.select().count() == 1, "nothing new was recorded"


def step_1_typed_in_the_active_window(qtbot: QtBot, window: MainWindow) -> tuple[IntakeWizard, ReceivePage]:
    """A new intake with step 1 filled in and acknowledged, its window active: the keys go where the cursor is."""
    wizard = window.open_intake()
    fill_receipt(qtbot, wizard)
    page = cast(ReceivePage, wizard.currentPage())
    page.acknowledged.setChecked(True)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    return wizard, page


def test_the_duplicate_warning_s_case_opens_from_the_keyboard(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Review 104: the warning said "Open it" but Tab went from Acknowledged to Next: its numbers took only the
    mouse. The warning takes the cursor to its first number; Enter opens it."""
    from ui.register.case_view import CaseView

    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    receive_it(qtbot, wizard)
    first = Complaint.get()
    wizard.reject()
    wizard, page = step_1_typed_in_the_active_window(qtbot, window)
    qtbot.keyClick(page.acknowledged, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Next, by the keys
    qtbot.waitUntil(page.duplicates.hasFocus)
    qtbot.keyClick(page.duplicates, Qt.Key.Key_Return)
    view = wizard.findChild(CaseView)
    assert view is not None and view.isVisible() and view.complaint_id == first.id


def test_the_step_bar_shows_where_the_case_is_and_what_is_done(qtbot: QtBot, manager: Staff, english: None) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    wizard.resize(1200, 760)  # wide enough for every step's name (a narrow one names the current step alone)
    bar = wizard.currentPage().step_bar
    qtbot.waitUntil(lambda: bar.width() > 600)
    assert [label.text() for label in bar.steps] == [
        "1 Receive",
        "2 Investigate",
        "3 Propose",
        "4 Customer's answer",
        "5 Close",
    ]
    assert [bar.state_of(i) for i in range(5)] == ["current", "todo", "todo", "todo", "todo"]
    receive_it(qtbot, wizard)
    bar = wizard.currentPage().step_bar
    assert [bar.state_of(i) for i in range(5)] == ["done", "current", "todo", "todo", "todo"]
    assert bar.steps[0].text() == "✓ 1 Receive"
    heading = wizard.currentPage().heading
    assert heading.text() == "Investigate" and heading.font().pointSizeF() >= 14, "a title one can read"

    # Too narrow for every name: the current step keeps its whole name, the others their numbers (named in their
    # tooltips); "4 Customer's answer" was cut to "4 Customer's answ".
    bar.resize(2000, bar.height())
    bar.show_steps(3, frozenset({0, 1, 2}))
    assert bar.steps[0].text() == "✓ 1 Receive"
    bar.resize(bar.layout().sizeHint().width() - 20, bar.height())  # a little short of every name
    bar.layout().activate()  # as the next turn of the event loop lays it out
    current = bar.steps[3]
    assert [label.text() for label in bar.steps] == ["✓ 1", "✓ 2", "✓ 3", "4 Customer's answer", "5"]
    assert current.width() >= current.sizeHint().width(), "the current step's name is not cut"
    assert [label.toolTip() for label in bar.steps] == ["✓ 1 Receive", "✓ 2 Investigate", "✓ 3 Propose", "", "5 Close"]
    bar.resize(bar.width() + 400, bar.height())
    assert bar.steps[0].text() == "✓ 1 Receive" and bar.steps[0].toolTip() == "", "named again when there is room"


def _mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).upper() if found else None


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_buttons_or_fields_of_a_page_share_a_shortcut_letter(
    qtbot: QtBot, manager: Staff, language: str
) -> None:
    from ui.i18n import install_translators

    install_translators(language)
    try:
        window = open_window(qtbot, manager)
        wizard = window.open_intake()
        wizard_buttons = [
            QWizard.WizardButton.CustomButton1,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ]
        for page_id in wizard.pageIds():
            page = wizard.page(page_id)
            texts = [label.text() for label in page.findChildren(QLabel) if label.buddy() is not None]
            texts += [button.text() for button in page.findChildren(QAbstractButton)]
            texts += [page.next_text() or wizard.default_next_text()]
            shown = [QWizard.WizardButton.CustomButton1, QWizard.WizardButton.CancelButton]
            shown += [QWizard.WizardButton.CommitButton] if page.isCommitPage() else []
            shown += [QWizard.WizardButton.BackButton] if page_id else []
            texts += [wizard.buttonText(which) for which in wizard_buttons if which in shown]
            letters = [letter for letter in map(_mnemonic, texts) if letter]
            doubles = {letter for letter in letters if letters.count(letter) > 1}
            assert not doubles, f"page {page_id}: {[t for t in texts if _mnemonic(t) in doubles]}"
            if language == "zh_CN":
                for which in wizard_buttons:
                    assert not re.search(r"[<>]", wizard.buttonText(which)), wizard.buttonText(which)
    finally:
        install_translators("en")


def test_the_prompts_are_not_drawn_as_check_boxes(qtbot: QtBot, manager: Staff, english: None) -> None:
    wizard = open_window(qtbot, manager).open_intake()
    text = wizard.panel.prompts.text()
    assert "☐" not in text and "Do" in text and "Say" in text


def test_a_complaint_by_phone_entered_later_keeps_the_time_it_came_in(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    page = wizard.currentPage()
    assert not page.received_at.isVisible(), "in person: received now"
    fill_receipt(qtbot, wizard)
    page.channel.setCurrentIndex(page.channel.findData(Channel.PHONE))
    assert page.received_at.isVisible() and page.labels["received_at"].isVisible()

    page.received_at.setMaximumDateTime(QDateTime.currentDateTime().addDays(1))  # as a clock set wrong allows
    page.received_at.setDateTime(QDateTime.currentDateTime().addSecs(3600))
    page.acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    assert "cannot be received in the future" in shown_error(page, "received_at")
    assert Complaint.select().count() == 0

    called = dt.datetime.now().replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    page.received_at.setDateTime(QDateTime(called))
    page.promised_minutes.setValue(180)
    click_next(qtbot, wizard)
    assert wizard.currentId() == PAGE_INVESTIGATE
    case = Complaint.get()
    assert case.received_at == called
    assert case.promised_at == called + dt.timedelta(minutes=180), "the promise counts from when it came in"
    event = AuditEvent.select().where(AuditEvent.action == "received").get()
    assert json.loads(event.changes)["received_at"] == str(called)


@pytest.mark.parametrize(
    ("back", "message"),
    [(dt.timedelta(minutes=-5), "in the future"), (dt.timedelta(days=91), "more than 90 days ago")],
)
def test_a_received_time_in_the_future_or_long_ago_is_refused(
    manager: Staff, back: dt.timedelta, message: str
) -> None:
    category = Category.get(Category.always_to_office == False)  # noqa: E712
    now = dt.datetime(2026, 12, 5, 10, 0)
    receipt = Receipt(
        channel=Channel.LETTER,
        narrative="信里说房间有异味",
        category_id=category.id,
        demand="换房",
        acknowledged=True,
        received_at=now - back,
    )
    with pytest.raises(FieldError, match=message) as refused:
        receive(manager, receipt, now=now)
    assert refused.value.field == "received_at"
    assert Complaint.select().count() == 0


def test_new_complaint_from_the_page_after_closing_starts_the_next_intake(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    wizard.setStartId(5)  # the page after closing, as the close page leads there
    case = receive(
        manager,
        Receipt(narrative="菜凉了", category_id=Category.get(Category.always_to_office == False).id,  # noqa: E712
                demand="重新加热", acknowledged=True),
    )
    wizard.case_id = case.id
    wizard.restart()
    done = wizard.currentPage()
    assert done.number.text() == "Archive number: —" and done.new_button.isVisible()
    assert not wizard.panel.countdown.isVisible(), "no countdown once the case is closed"
    assert not wizard.panel.isVisible(), "nor prompts or a risk to watch"
    with qtbot.waitSignal(wizard.finished):
        qtbot.mouseClick(done.new_button, Qt.MouseButton.LeftButton)
    assert isinstance(window.intake, IntakeWizard) and window.intake is not wizard
    assert window.intake.case_id is None and window.intake.currentId() == PAGE_RECEIVE
    assert isinstance(window, MainWindow)


def test_the_countdown_reads_in_days_once_a_promise_is_long_past(qtbot: QtBot, manager: Staff, english: None) -> None:
    panel = open_window(qtbot, manager).open_intake().panel
    now = dt.datetime(2026, 12, 5, 10, 0)
    panel.set_promised_at(now + dt.timedelta(minutes=12, seconds=5))
    panel._tick(now)
    assert panel.countdown.text() == "12:05"
    panel.set_promised_at(now - dt.timedelta(hours=3, minutes=12, seconds=5))
    panel._tick(now)
    # In words from an hour: "3:12:05" read as a time of day.
    assert panel.countdown.text() == "3 h 12 min" and panel.countdown_caption.text() == "Promised time passed by"
    panel.set_promised_at(now - dt.timedelta(days=1, hours=10, minutes=1))
    panel._tick(now)
    assert panel.countdown.text() == "1 d 10 h"
    panel.set_promised_at(now - dt.timedelta(days=6, hours=10, minutes=1))
    panel._tick(now)
    assert panel.countdown.text() == "6 days", "as every screen writes a wait of days"


def test_a_small_case_of_the_desk_suggests_the_quick_case(qtbot: QtBot, manager: Staff, english: None) -> None:
    ordinary = Category.get(Category.code == "food_quality")
    page = open_window(qtbot, manager).open_intake().currentPage()
    page.category.setCurrentIndex(page.category.findData(ordinary.id))
    page.severity.setCurrentIndex(page.severity.findData("low"))
    assert page.office_category.isVisible() and "quick case" in page.office_category.text()
    page.severity.setCurrentIndex(page.severity.findData("high"))
    assert not page.office_category.isVisible(), "a serious complaint takes the full intake"


def test_a_returning_customer_s_earlier_complaints_are_said_and_the_case_itself_is_not_one(
    qtbot: QtBot, manager: Staff, english: None
) -> None:
    category = Category.get(Category.code == "food_quality")
    receive(manager, Receipt(customer_name="曾浩然", phone="13812345678", narrative="汤是凉的",
                             category_id=category.id, demand="重做", acknowledged=True))  # fmt: skip
    window = open_window(qtbot, manager)
    wizard = window.open_intake()
    page = wizard.currentPage()
    qtbot.keyClicks(page.phone, "13812345678")
    qtbot.waitUntil(page.history.isVisible)
    assert page.history.text().startswith("曾浩然 has complained 1 time in the last 12 months, 0.00 yuan")
    type_text(page.customer_name, "曾浩然")  # this complaint, saved, is the customer's second
    type_text(page.narrative.editor, "鱼不新鲜")
    page.category.setCurrentIndex(page.category.findData(category.id))
    type_text(page.demand.editor, "退菜")
    page.acknowledged.setChecked(True)
    click_next(qtbot, wizard)
    assert page.duplicates.isVisible(), "the customer's open case is shown first"
    click_next(qtbot, wizard)  # a new complaint all the same
    assert wizard.currentId() == PAGE_INVESTIGATE and Complaint.select().count() == 2
    wizard.back()  # back on the receipt of a saved case: the case itself is no earlier complaint
    page.show_history()
    assert page.history.text().startswith("曾浩然 has complained 1 time in the last 12 months")


def test_ctrl_shift_n_takes_step_1_into_the_quick_case(qtbot: QtBot, manager: Staff, english: None) -> None:
    """Review 104: step 1's hint offers "the quick case (Ctrl+Shift+N)", but the key did nothing there (the main
    window's, behind the intake). It carries what step 1 holds into the quick case; nothing is saved or lost."""
    from ui.intake.quick_dialog import QuickCaseDialog

    window = open_window(qtbot, manager)
    wizard, page = step_1_typed_in_the_active_window(qtbot, window)
    page.channel.setCurrentIndex(page.channel.findData("phone"))  # by phone, and taken as serious
    page.severity.setCurrentIndex(page.severity.findData("high"))
    page.promised_minutes.setValue(60)
    typed = page.receipt()
    with qtbot.waitSignal(wizard.finished):
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        qtbot.keyClick(page.customer_name, Qt.Key.Key_N, ctrl_shift)
    quick = window.quick_case
    assert isinstance(quick, QuickCaseDialog) and quick.isVisible() and not wizard.isVisible()
    assert (quick.customer_name.text(), quick.phone.text(), quick.narrative.text(), quick.demand.text()) == (
        page.customer_name.text(), page.phone.text(), page.narrative.text(), page.demand.text()
    )
    assert quick.category.currentData() == page.category.currentData() and quick.acknowledged.isChecked()
    assert Complaint.select().count() == 0
    # What the quick case has no field for goes with it (it was saved as in person, now, of medium severity, and a
    # serious case was judged a small one): a serious case is no quick case.
    receipt = quick.quick_case().receipt
    assert (receipt.channel, receipt.severity, receipt.promised_minutes, receipt.received_at) == (
        "phone", "high", 60, typed.received_at,
    )  # fmt: skip
    from models.intake import quick_path_check

    assert not quick_path_check(manager, quick.quick_case()).fits
