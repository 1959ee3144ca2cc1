"""The office's external cases on screen: recording one through the dialog (linked, or creating the
complaint), replying and closing, the list's deadlines and the Monday-to-Friday line, the channels' tab,
the overview's reminders, and a duty manager who sees none of it. The rules: tests/models/test_external.py."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from models.catalog import Category
from models.complaint import Channel, Complaint
from models.control.external import (
    ChannelCode,
    ExternalCase,
    ExternalInput,
    ExternalState,
    channels,
    record_external,
    record_reply,
)
from models.control.external_queries import external_detail
from models.control.workdays import known_years
from models.intake import Receipt, receive
from ui.office.external_cases import ExternalCasesPage

from conftest import Desk, DiscardQuestions, type_text


def a_complaint(desk: Desk) -> Complaint:
    receipt = Receipt(
        customer_name="王女士",
        phone="13812345678",
        narrative="结账时多收了一道菜的钱",
        category_id=Category.get(Category.code == "billing").id,
        demand="退钱",
        acknowledged=True,
    )
    return receive(desk.manager, receipt)


def channel(code: str) -> int:
    return next(c.id for c in channels() if c.code == code)


def test_the_office_records_replies_to_and_closes_an_external_case(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.main_window import SECTION_EXTERNAL, MainWindow

    case = a_complaint(seeded)
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    assert not window.navigation.item(SECTION_EXTERNAL).isHidden()
    window.navigation.setCurrentRow(SECTION_EXTERNAL)
    page = window.external_cases
    assert page.list.topLevelItemCount() == 0
    dialog = page.ask_record()
    dialog.accept()
    assert dialog.error.text() == "Link the original complaint, or create it from this case."
    dialog.channel.setCurrentIndex(dialog.channel.findData(channel(ChannelCode.HOTLINE_12345)))
    dialog.search.setText("13812345678")
    assert dialog.found.topLevelItemCount() == 1
    dialog.accept()
    assert dialog.error.text() == "Say what the outside body asks for."
    type_text(dialog.asked.editor, "要求退还多收款")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    external = ExternalCase.get(ExternalCase.complaint == case.id)
    assert page.list.topLevelItemCount() == 1
    item = page.list.currentItem()
    assert item.text(1) == "12345 hotline" and item.text(3) == "王女士" and item.text(7) == "Received"
    assert item.text(6) == "5" and not page.fallback.isVisible()
    assert "5 working days" in page.details.toPlainText()
    # The phone masked, as every list and case page shows one (the office's printed form may show it whole).
    assert "王女士 138****5678" in page.details.toPlainText() and "13812345678" not in page.details.toPlainText()
    assert "Until the reply is due\n5 working days left, to " in page.details.toPlainText()
    correct = page.ask_edit()  # no day given by the outside body: the rule's day shows, greyed
    assert not correct.given.isChecked() and not correct.reply_by.isEnabled()
    assert correct.reply_by.date().toPython() == external_detail(external.id).row.due_on
    correct.reject()

    page.start_replying()
    assert ExternalCase.get_by_id(external.id).state == ExternalState.REPLYING
    reply = page.ask_reply()
    assert reply.windowTitle() == f"Record the reply: W#{external.id}", "the dialog names its case"
    type_text(reply.reply.editor, "已退还多收款并致歉")
    with qtbot.waitSignal(reply.accepted):
        reply.accept()
    closing = page.ask_close()
    assert closing.windowTitle() == f"Close the external case W#{external.id}"
    assert closing.buttons.button(closing.buttons.StandardButton.Ok).text() == "Close and &archive", "not a plain OK"
    with qtbot.waitSignal(closing.accepted):
        closing.accept()
    assert ExternalCase.get_by_id(external.id).archive_number == closing.number
    assert page.status.text() == f"External case sealed into the archive as {closing.number}."
    assert page.list.topLevelItemCount() == 0, "the open cases are listed"
    page.which.setCurrentIndex(page.which.findData("closed"))
    assert page.list.currentItem().text(0) == closing.number
    assert not page.close_button.isEnabled() and not page.edit_button.isEnabled()
    # Open the original complaint from the case.
    with qtbot.waitSignal(page.open_complaint) as opened:
        page.complaint_button.click()
    assert opened.args == [case.id]


def test_a_customer_who_went_straight_outside(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.office.external_cases import ExternalCasesPage

    page = ExternalCasesPage()
    page.set_staff(seeded.office)
    qtbot.addWidget(page)
    page.refresh()
    dialog = page.ask_record()
    # Only the chosen way's fields show: the search for the original complaint, or the new complaint's fields.
    assert dialog.found.isVisibleTo(dialog) and not dialog.new_box.isVisibleTo(dialog)
    dialog.link_new.setChecked(True)
    assert not dialog.found.isVisibleTo(dialog) and not dialog.search.isVisibleTo(dialog)
    assert dialog.new_box.isVisibleTo(dialog)
    type_text(dialog.asked.editor, "要求赔偿医疗费")
    dialog.accept()
    assert dialog.error.text() == "Write what the customer complained about."
    type_text(dialog.narrative.editor, "网友发帖称用餐后腹泻")
    dialog.customer_name.setText("陈先生")
    # The category is the office's to choose (it opened on the first, 服务态度, whatever the complaint).
    assert dialog.category.currentIndex() == -1
    dialog.accept()
    assert dialog.error.text() == "Choose the complaint's category." and ExternalCase.select().count() == 0
    dialog.category.setCurrentIndex(dialog.category.findData(Category.get(Category.code == "food_safety").id))
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    created = Complaint.get_by_id(ExternalCase.get_by_id(dialog.case_id).complaint_id)
    assert created.channel == Channel.REFERRED and created.narrative == "网友发帖称用餐后腹泻"
    assert created.category.code == "food_safety"
    assert page.list.topLevelItemCount() == 1


def external_page(qtbot: QtBot, desk: Desk) -> ExternalCasesPage:
    page = ExternalCasesPage()
    page.set_staff(desk.office)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def paste(widget: QLineEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    widget.paste()


def test_esc_or_cancel_asks_before_throwing_away_what_was_typed(
    qtbot: QtBot, seeded: Desk, english: None, discard_questions: DiscardQuestions
) -> None:
    """Esc in the external case's dialogs closed them, and the reply or the case typed was gone, unasked."""
    data = ExternalInput(channel(ChannelCode.HOTLINE_12345), dt.date.today(), "GD-1", "要求退款")
    record_external(seeded.office, data, complaint_id=a_complaint(seeded).id)
    page = external_page(qtbot, seeded)
    record = page.ask_record()
    qtbot.keyClick(record, Qt.Key.Key_Escape)
    assert not record.isVisible() and discard_questions.asked == [], "nothing typed: it closes at once"
    record = page.ask_record()
    type_text(record.asked.editor, "市场监管局要求三日内书面答复")
    qtbot.keyClick(record, Qt.Key.Key_Escape)
    assert discard_questions.asked == [
        "Discard what you typed?: The external case is not recorded, and what you typed will be lost."
    ]
    assert record.isVisible() and record.asked.text() == "市场监管局要求三日内书面答复", "kept typing"
    discard_questions.answer = True
    record.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not record.isVisible() and len(discard_questions.asked) == 2
    discard_questions.answer = False

    correct = page.ask_edit()
    correct.reject()
    assert not correct.isVisible() and len(discard_questions.asked) == 2, "a correction left as it opened"
    correct = page.ask_edit()
    correct.reference.setText("GD-1-A")
    correct.reject()
    assert correct.isVisible() and discard_questions.asked[-1].endswith("The external case is not changed, and what "
                                                                         "you typed will be lost.")  # fmt: skip
    correct.reference.setText("GD-1")
    correct.reject()

    reply = page.ask_reply()
    type_text(reply.reply.editor, "已于今日电话联系顾客，退还多收的88元，并书面致歉。")
    qtbot.keyClick(reply, Qt.Key.Key_Escape)
    assert reply.isVisible() and discard_questions.asked[-1] == (
        "Discard the reply?: The reply is not recorded, and what you typed will be lost."
    )
    reply.close()  # the window's close button: asked too
    assert reply.isVisible() and len(discard_questions.asked) == 5
    closing = page.ask_close()
    type_text(closing.note.editor, "顾客撤回")
    qtbot.keyClick(closing, Qt.Key.Key_Escape)
    assert closing.isVisible() and discard_questions.asked[-1] == (
        "Discard the closing note?: The external case is not closed, and the note you typed will be lost."
    )
    assert ExternalCase.get(ExternalCase.reference == "GD-1").state == ExternalState.RECEIVED


def test_a_reference_or_name_pasted_is_stored_on_one_line_and_a_long_one_refused_whole(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A work order pasted with its tab and line break was stored so; a long one was cut at 64 characters,
    silently (the field's own limit), and stored cut."""
    a_complaint(seeded)
    page = external_page(qtbot, seeded)
    dialog = page.ask_record()
    dialog.channel.setCurrentIndex(dialog.channel.findData(channel(ChannelCode.HOTLINE_12345)))
    type_text(dialog.asked.editor, "要求退还多收款")
    dialog.search.setText("13812345678")
    paste(dialog.reference, "GD-" + "7" * 97)
    assert len(dialog.reference.text()) == 100, "kept whole, for the refusal to say so"
    dialog.accept()
    assert dialog.error.text() == "This text is 100 characters long; the limit is 64."
    assert dialog.isVisible() and not ExternalCase.select().exists()
    dialog.reference.clear()
    paste(dialog.reference, "12315\t工单\n2026-0001")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        dialog.accept()
    assert ExternalCase.get_by_id(dialog.case_id).reference == "12315 工单 2026-0001"

    straight = page.ask_record()
    straight.channel.setCurrentIndex(straight.channel.findData(channel(ChannelCode.HOTLINE_12345)))
    straight.link_new.setChecked(True)
    type_text(straight.asked.editor, "要求退款")
    type_text(straight.narrative.editor, "顾客直接打了12345")
    straight.category.setCurrentIndex(0)
    paste(straight.customer_name, "王" * 70)
    assert len(straight.customer_name.text()) == 70
    straight.accept()
    assert straight.error.text() == "This text is 70 characters long; the limit is 64."
    straight.customer_name.clear()
    paste(straight.customer_name, "王\t女士\n(VIP)")
    with qtbot.waitSignal(straight.accepted, timeout=2000):
        straight.accept()
    assert Complaint.get_by_id(ExternalCase.get_by_id(straight.case_id).complaint_id).customer.name == "王 女士 (VIP)"


def test_the_dialog_shows_the_rule_s_day_and_keeps_a_retired_channel(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A new case's greyed reply date read today; a correction of a case on a retired channel opened on the
    list's first channel and saved it so."""
    from models.control.external import deadlines, set_channel_active
    from ui.office.external_dialogs import ExternalCaseDialog

    dialog = ExternalCaseDialog(seeded.office)
    qtbot.addWidget(dialog)
    first = next(c for c in channels() if c.id == dialog.channel.currentData())
    assert deadlines(first, dt.date.today()).due_on > dt.date.today(), "the test says nothing"
    assert dialog.reply_by.date().toPython() == deadlines(first, dt.date.today()).due_on, "as it opens"
    hotline = next(c for c in channels() if c.code == ChannelCode.HOTLINE_12345)
    dialog.channel.setCurrentIndex(dialog.channel.findData(hotline.id))
    expected = deadlines(hotline, dt.date.today()).due_on
    assert dialog.reply_by.date().toPython() == expected and not dialog.reply_by.isEnabled()
    data = ExternalInput(hotline.id, dt.date.today(), "GD-9", "要求道歉")
    case_id = record_external(seeded.office, data, complaint_id=a_complaint(seeded).id)
    set_channel_active(seeded.office, hotline.id, False)
    correcting = ExternalCaseDialog(seeded.office, external_detail(case_id))
    qtbot.addWidget(correcting)
    assert correcting.channel.currentData() == hotline.id
    assert correcting.channel.currentText() == f"{hotline.name_en or hotline.name} (retired)"
    correcting.reference.setText("GD-9-A")
    with qtbot.waitSignal(correcting.accepted):
        correcting.accept()
    assert ExternalCase.get_by_id(case_id).channel_id == hotline.id


def test_a_complaint_is_linked_only_when_chosen_and_a_case_recorded_twice_is_named(
    qtbot: QtBot, seeded: Desk, english: None, discard_questions: DiscardQuestions
) -> None:
    """Typing "王" chose the first of the complaints found, and OK linked the regulator's case to it unasked; a
    work order typed in twice made a second case."""
    from ui.office.external_dialogs import ExternalCaseDialog

    first = a_complaint(seeded)
    a_complaint(seeded)  # the same customer's second: "王" finds two
    dialog = ExternalCaseDialog(seeded.office)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.channel.setCurrentIndex(dialog.channel.findData(channel(ChannelCode.HOTLINE_12345)))
    dialog.reference.setText("GD-77")
    type_text(dialog.asked.editor, "要求退还多收款")
    type_text(dialog.search, "王")
    assert dialog.found.topLevelItemCount() == 2 and dialog.found.currentItem() is None
    dialog.accept()
    assert dialog.error.text() == "Link the original complaint, or create it from this case."
    assert not ExternalCase.select().exists() and dialog.isVisible()
    dialog.found.setCurrentItem(dialog.found.topLevelItem(1))
    assert dialog.error.isHidden(), "answered: the sentence goes"
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    (recorded,) = ExternalCase.select()
    assert recorded.complaint_id == dialog.found.topLevelItem(1).data(0, Qt.ItemDataRole.UserRole)

    again = ExternalCaseDialog(seeded.office)
    qtbot.addWidget(again)
    again.show()
    again.channel.setCurrentIndex(again.channel.findData(channel(ChannelCode.HOTLINE_12345)))
    again.reference.setText("gd-77")
    type_text(again.asked.editor, "要求道歉")
    again.search.setText(f"#{first.id}")
    assert again.found.currentItem() is not None, "one found: chosen"
    again.accept()
    assert again.error.text() == (
        f"12345 hotline GD-77 is recorded already, as external case W#{recorded.id}, still open: work on that one."
    )
    assert ExternalCase.select().count() == 1 and again.reference.text() == "gd-77", "nothing lost"
    discard_questions.answer = True  # the test ends: its window closes


def test_overdue_cases_stand_out_and_a_fallback_deadline_says_so(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.office.external_cases import OVERDUE_GROUND, ExternalCasesPage

    last_known = known_years().stop - 1
    late = dt.date.today() - dt.timedelta(days=40)
    record_external(seeded.office, ExternalInput(channel(ChannelCode.MEDIA), late, "", "要求删帖"),
                    complaint_id=a_complaint(seeded).id)  # fmt: skip
    page = ExternalCasesPage()
    page.set_staff(seeded.office)
    qtbot.addWidget(page)
    page.refresh()
    item = page.list.topLevelItem(0)
    assert item.text(6).startswith("overdue by ") and item.background(0).color() == OVERDUE_GROUND
    assert page.list.headerItem().text(6) == "Working days left", "the unit of 'overdue by 18' (it said 'Days left')"
    assert "1 overdue." in page.status.text()
    assert not page.fallback.isVisible() and not item.text(5).endswith(" *")
    # A deadline counted Monday to Friday (recorded in late December of the calendar's last year, see
    # tests/models/test_external.py) is marked in the list and explained beside the case.
    assert last_known in known_years()
    ExternalCase.update(fallback_calendar=True).execute()  # one of its dates was: not the one listed (a known year)
    page.refresh()
    assert not page.list.topLevelItem(0).text(5).endswith(" *"), "the mark is on the date counted so, not any"
    ExternalCase.update(due_on=dt.date(last_known + 1, 1, 20)).execute()  # the reply's, in a year not known
    page.refresh()
    assert page.list.topLevelItem(0).text(5) == f"{last_known + 1}-01-20 *"
    assert not page.fallback.isHidden() and "counted Monday to Friday" in page.fallback.text()


def test_in_a_narrow_window_the_reference_gives_way_and_the_state_stays_whole(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    from ui.office.external_cases import COLUMN_CHANNEL, COLUMN_REFERENCE, COLUMN_STATE, ExternalCasesPage

    received = dt.date.today() - dt.timedelta(days=3)
    reference = "1231520202500021106"  # a 12315 platform's number: 19 digits
    asked = ExternalInput(channel(ChannelCode.PLATFORM_12315), received, reference, "要求核实收费问题")
    case_id = record_external(seeded.office, asked, complaint_id=a_complaint(seeded).id)
    record_reply(seeded.office, case_id, "已退还多收的费用")
    page = ExternalCasesPage()
    page.set_staff(seeded.office)
    qtbot.addWidget(page)
    page.resize(1600, 600)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    item, header, metrics = page.list.topLevelItem(0), page.list.header(), page.list.fontMetrics()
    whole = [max(page.list.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(page.list.columnCount())]
    assert header.sectionSize(COLUMN_REFERENCE) > metrics.horizontalAdvance(reference)  # room: every value whole
    # A window with room for half of what the shortened columns could give up.
    floors = {c: max(floor, header.sectionSizeHint(c)) for c, floor in page.columns.shrinkable.items()}
    room = sum(whole) - sum(whole[c] - floors[c] for c in floors) // 2
    page.resize(page.width() - page.list.viewport().width() + room, 600)
    qtbot.waitUntil(lambda: page.list.viewport().width() == room)
    assert item.text(COLUMN_STATE) == "Replied" and item.toolTip(COLUMN_STATE) == "Replied, awaiting the outcome"
    assert header.length() <= page.list.viewport().width()  # no scrolling sideways
    assert header.sectionSize(COLUMN_STATE) >= whole[COLUMN_STATE]
    assert header.sectionSize(COLUMN_REFERENCE) < metrics.horizontalAdvance(reference)
    assert item.toolTip(COLUMN_REFERENCE) == reference and item.toolTip(COLUMN_CHANNEL) == "12315 platform"
    for column in range(page.list.columnCount()):  # every heading whole
        assert header.sectionSize(column) >= header.sectionSizeHint(column)


def test_at_1024_pixels_in_english_a_replied_case_s_state_is_read_whole(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The state "Replied, awaiting the o…" was cut behind a scroll bar: the list says "Replied", the whole state on
    hovering and on the case's page."""
    from ui.main_window import SECTION_EXTERNAL, MainWindow
    from ui.office.external_cases import COLUMN_STATE

    received = dt.date.today() - dt.timedelta(days=3)
    asked = ExternalInput(channel(ChannelCode.PLATFORM_12315), received, "1231520202500021106", "要求核实收费问题")
    case_id = record_external(seeded.office, asked, complaint_id=a_complaint(seeded).id)
    record_reply(seeded.office, case_id, "已退还多收的费用")
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    window.navigation.setCurrentRow(SECTION_EXTERNAL)
    page = window.external_cases
    tree, header = page.list, page.list.header()
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 1 and tree.viewport().width() < 800)
    item = tree.topLevelItem(0)
    assert item.text(COLUMN_STATE) == "Replied" and item.toolTip(COLUMN_STATE) == "Replied, awaiting the outcome"
    assert header.sectionSize(COLUMN_STATE) >= tree.fontMetrics().horizontalAdvance("Replied")
    assert header.length() <= tree.viewport().width(), "no scrolling sideways"
    assert "Replied, awaiting the outcome" in page.details.toPlainText()


def test_the_search_finds_a_case_by_the_number_the_list_shows(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The number as the list shows it ("W#22") found nothing, nor the original complaint's "#2930": only a
    reference, a name, a phone or an archive number did."""
    from ui.office.external_cases import COLUMN_NUMBER, ExternalCasesPage

    for _ in range(8):  # the complaints' numbers apart from the external cases' (#9 and #10: not in the phone)
        a_complaint(seeded)
    received = dt.date.today() - dt.timedelta(days=3)
    hotline = channel(ChannelCode.HOTLINE_12345)
    first, second = (
        record_external(
            seeded.office, ExternalInput(hotline, received, reference, "要求道歉"), complaint_id=a_complaint(seeded).id
        )
        for reference in ("GD-A", "GD-B")
    )
    second_complaint = ExternalCase.get_by_id(second).complaint_id
    assert (second, second_complaint) == (2, 10)
    page = ExternalCasesPage()
    page.set_staff(seeded.office)
    qtbot.addWidget(page)
    page.show()

    def found(text: str) -> list[str]:
        page.search.clear()
        qtbot.keyClicks(page.search, text)
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
        return [page.list.topLevelItem(i).text(COLUMN_NUMBER) for i in range(page.list.topLevelItemCount())]

    assert found("") == [f"W#{first}", f"W#{second}"]
    assert found(f"W#{second}") == [f"W#{second}"]
    assert found(f"w# {second}") == [f"W#{second}"]
    assert found(f"#{second_complaint}") == [f"W#{second}"], "the original complaint's number"
    assert found(str(second_complaint)) == [f"W#{second}"]
    assert found(f"W#{second_complaint}") == [], "W# is the external case's number only"
    assert found("GD-B") == [f"W#{second}"], "a reference as before"


def test_a_duty_manager_sees_no_external_cases(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.main_window import SECTION_EXTERNAL, MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    assert window.navigation.item(SECTION_EXTERNAL).isHidden()
    assert not window.overview.external.isVisible()


def test_the_office_sees_reminders_on_the_overview(qtbot: QtBot, seeded: Desk, english: None) -> None:
    from ui.main_window import MainWindow
    from ui.overview import external_reminders

    received = dt.date.today() - dt.timedelta(days=30)
    record_external(seeded.office, ExternalInput(channel(ChannelCode.PLATFORM_12315), received, "", "要求退款"),
                    complaint_id=a_complaint(seeded).id)  # fmt: skip
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    reminders = window.overview.external
    qtbot.waitUntil(lambda: reminders.list.topLevelItemCount() == 1)
    # Every one late: not headed as coming up ("External cases due: 1, of them overdue: 1").
    assert reminders.isVisible() and reminders.heading.text() == "External cases overdue: 1"
    assert reminders.list.topLevelItem(0).text(4).startswith("overdue by ")
    call = Receipt(customer_name="", phone="13912340000", narrative="电话里说房间有噪音", demand="换房",
                   category_id=Category.get().id, acknowledged=True)  # fmt: skip
    nameless = receive(seeded.manager, call)
    today = ExternalInput(channel(ChannelCode.HOTLINE_12345), dt.date.today(), "", "要求回电", dt.date.today())
    record_external(seeded.office, today, complaint_id=nameless.id)
    reminders.show_rows(external_reminders())
    assert reminders.heading.text() == "External cases overdue: 1; due soon: 1"
    assert [reminders.list.topLevelItem(row).text(2) for row in range(2)] == ["王女士", "139****0000"], "as the list"
    reminders.show_rows(external_reminders()[1:])
    assert reminders.heading.text() == "External cases due soon: 1"


def test_the_channels_tab(qtbot: QtBot, seeded: Desk, english: None, discard_questions: DiscardQuestions) -> None:
    from ui.main_window import SECTION_CATALOGUES, MainWindow

    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    tab = window.catalogues.external_channels
    assert tab.list.topLevelItemCount() == 8
    for index in range(tab.list.topLevelItemCount()):
        if tab.list.topLevelItem(index).text(0) == "12345 hotline":
            tab.list.setCurrentItem(tab.list.topLevelItem(index))
    tab.handling_days.setValue(20)
    assert not tab.save()
    assert tab.error.text() == "Enter 3 to 15 working days."
    tab.handling_days.setValue(7)
    assert tab.save()
    assert next(c for c in channels() if c.code == ChannelCode.HOTLINE_12345).handling_days == 7
    # A long name pasted is refused in words, whole in its field (it was cut to 64 unseen).
    tab.name.setText("市民热线" * 20)
    assert not tab.save()
    assert tab.name.text() == "市民热线" * 20
    assert tab.error.text() == "Name (Chinese): This text is 80 characters long; the limit is 64."
    # Typed and not saved: asked before another channel or a new one throws it away (it went unasked), kept on No.
    chosen = tab.list.currentItem()
    tab.start_new()
    assert discard_questions.asked == ["Discard what you typed?: The entry's changes typed here are not saved yet and "
                                       "will be lost. To keep them, Save first."]  # fmt: skip
    assert tab.name.text() == "市民热线" * 20 and tab.list.currentItem() is chosen
    assert window.catalogues.keep_typed(), "the window's close and a handover ask about it too"
    discard_questions.answer = True
    # New channel, then the channel chosen before clicked again: its form (the blank one stayed under its highlighted
    # row and saved a second channel of its name).
    tab.start_new()
    assert tab.list.currentItem() is None and tab.name.text() == ""
    tab.list.setCurrentItem(chosen)
    hotline = next(c for c in channels() if c.code == ChannelCode.HOTLINE_12345)
    assert tab.name.text() == hotline.name and tab.entry_id == hotline.id
    tab.start_new()
    tab.name.setText(hotline.name)
    tab.remind_days.setValue(12)
    before = len(channels(active_only=False))
    assert not tab.save()
    assert tab.error.text().splitlines() == [
        f"Another entry is named {hotline.name} already.",
        "Remind fewer working days ahead than the 10 the reply takes.",
    ]
    assert len(channels(active_only=False)) == before


def test_a_step_refused_in_a_state_names_the_state_in_words(seeded: Desk, english: None) -> None:
    import pytest

    from models.control.external import start_reply
    from models.errors import DomainError
    from ui.i18n import domain_message

    data = ExternalInput(channel(ChannelCode.MARKET_REGULATOR), dt.date(2026, 9, 28), "SJ-2026-0042", "退还多收款")
    case_id = record_external(seeded.office, data, complaint_id=a_complaint(seeded).id)
    start_reply(seeded.office, case_id)
    with pytest.raises(DomainError) as refused:
        start_reply(seeded.office, case_id)
    assert domain_message(refused.value) == "This step is not possible while the external case is 'Replying'."


def test_a_file_of_the_case_opens_from_its_page(
    qtbot: QtBot, seeded: Desk, english: None, tmp_path: object, monkeypatch: object
) -> None:
    from pathlib import Path

    from PySide6.QtCore import QUrl

    import ui.office.external_cases as screen
    from ui.main_window import SECTION_EXTERNAL, MainWindow

    data = ExternalInput(channel(ChannelCode.PLATFORM_12315), dt.date(2026, 9, 28), "1231520260001", "退还多收款")
    record_external(seeded.office, data, complaint_id=a_complaint(seeded).id)
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(SECTION_EXTERNAL)
    page = window.external_cases
    letter = Path(str(tmp_path)) / "市监局来函.pdf"
    letter.write_bytes(b"%PDF-1.4 the regulator's letter")
    assert page.add_file(page.current_id(), letter)
    assert "市监局来函.pdf" in page.details.toPlainText()
    opened: list[Path] = []
    monkeypatch.setattr(  # type: ignore[attr-defined]
        screen.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(Path(url.toLocalFile())))
    )
    import re

    link = re.search(r'href="file:(\d+)"', page.details.toHtml()).group(1)  # type: ignore[union-attr]  # shown
    page.details.anchorClicked.emit(QUrl(f"file:{link}"))
    qtbot.waitUntil(lambda: bool(opened), timeout=5_000)
    assert opened[0].name == "市监局来函.pdf" and opened[0].read_bytes() == letter.read_bytes()


def test_the_handover_sheet_on_screen_lists_the_external_cases_due(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The sheet the incoming duty manager confirms reading left out the external cases due (and the actions
    overdue) that the printed one lists."""
    from ui.main_window import MainWindow

    late = dt.date.today() - dt.timedelta(days=40)
    record_external(seeded.office, ExternalInput(channel(ChannelCode.MEDIA), late, "", "要求删帖"),
                    complaint_id=a_complaint(seeded).id)  # fmt: skip
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    dialog = window.switch_user()
    qtbot.waitUntil(lambda: dialog.sheet is not None)  # read in a worker
    sheet = dialog.sheet_view.toPlainText()
    assert "External cases due (1)" in sheet and "Improvement actions overdue (0)" in sheet
    row = sheet.split("External cases due (1)")[1]
    assert "W#" in row and "王女士" in row and "(overdue)" in row


def test_the_case_view_says_an_external_case_s_and_a_hot_spot_notice_s_steps_in_words(
    qtbot: QtBot, seeded: Desk, chinese: None
) -> None:
    """The history of a complaint taken outside showed the stored codes on a Chinese screen: "投诉来源：platform_12315",
    "状态：已受理 → replying", "replying_by：— → 3", "hotspot：phrase_location 前台 退房 2026-11-04"."""
    import re

    from test_recovery_dialog import closed_case

    from models.audit import record_at
    from models.base import db
    from models.catalog import Category
    from models.control.external import close_external, start_reply
    from ui.register.case_view import CaseView

    case = closed_case(seeded)  # archived: the link is written as a correction of its record
    asked = "要求退还多收的菜钱"
    data = ExternalInput(channel(ChannelCode.PLATFORM_12315), dt.date(2026, 11, 2), "12315-2026-1", asked)
    external = record_external(seeded.office, data, complaint_id=case.id)
    start_reply(seeded.office, external)
    record_reply(seeded.office, external, "经核实属实，已退还多收费用并致歉。")
    close_external(seeded.office, external, "explained", "外部机构认可我方说明，办结。")
    billing = Category.get(Category.code == "billing").id  # a group named by the category's name
    with db.atomic():
        record_at(dt.datetime.now(), "hotspot_told", seeded.manager, case,
                  hotspot=f"category\t\t{billing}\t2026-11-04", count=21, window="month")  # fmt: skip
    view = CaseView(case.id, seeded.office)
    qtbot.addWidget(view)
    text = view.details.toPlainText()
    history = text[text.index("处理经过"):]
    for said in ("外部渠道：全国12315平台", "外部编号：12315-2026-1", "外部机构收到日期：2026-11-02", f"诉求：{asked}",
                 "状态：已收到 → 答复中", "状态：答复中 → 已答复，待结果", "处理结果：已说明，外部机构认可",
                 "答复：— → 经核实属实，已退还多收费用并致歉。", "更正内容：外部投诉：#", "原因：关联外部投诉",
                 "热点投诉：收费/账单争议类投诉 · 自 2026-11-04 起异常", "投诉件数：28 天内 21 件"):  # fmt: skip
        assert said in history, said
    assert not re.search(r"[a-z]{3,}", history), "no stored code nor English left"
    assert "：3" not in history and "— → 3" not in history, "nobody named by their account's number"
