"""The desk's overview lists what it still owes customers (回访, promised items) and marks one done with what came
of it; the case's history says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.catalog import Category, Remedy
from models.complaint import FollowUp, Liability
from models.intake import Line, QuickCase, Receipt, quick_close
from models.staff import Role, create_staff
from ui.follow_ups import FollowUpDoneDialog, FollowUpsDue
from ui.main_window import MainWindow
from ui.register.case_view import CaseView

from conftest import Desk, DiscardQuestions, type_text


def closed_with_a_promise() -> QuickCase:
    food = Category.get(Category.code == "food_quality").id
    receipt = Receipt(customer_name="刘先生", location="二楼中餐厅", narrative="菜上桌时已经凉了",
                      category_id=food, demand="重新加热", acknowledged=True)
    return QuickCase(receipt, "菜确实凉了", liability=Liability.FULL,
                     lines=[Line(Remedy.get(Remedy.code == "free_drink").id, "18")], agreed=True,
                     witness="服务员小王", promised_item="送果盘到1208房")  # fmt: skip


def test_the_desk_marks_a_promise_kept_from_its_overview(qtbot: QtBot, seeded: Desk, english: None) -> None:
    case = quick_close(seeded.manager, closed_with_a_promise())
    item = FollowUp.get(FollowUp.complaint == case)
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    follow_ups = window.overview.follow_ups
    qtbot.waitUntil(follow_ups.isVisible, timeout=10_000)
    assert follow_ups.heading.text() == "Call-backs and promises due: 1"
    row = follow_ups.list.topLevelItem(0)
    assert [row.text(c) for c in range(5)] == ["no time set", case.archive_number, "刘先生", "Promised item",
                                               "送果盘到1208房"]  # fmt: skip
    # Double-click: the case opens (its view's title names it).
    follow_ups.list.itemActivated.emit(row, 1)
    opened = next(view for view in window.findChildren(CaseView) if view.isVisible())
    assert case.archive_number in opened.windowTitle()
    opened.close()

    assert follow_ups.list.currentItem() is None and not follow_ups.done_button.isEnabled(), "none chosen for you"
    assert follow_ups.ask_done() is None
    follow_ups.list.setCurrentItem(row)
    assert follow_ups.done_button.isEnabled()
    dialog = follow_ups.ask_done()
    assert dialog is not None and dialog.windowTitle() == f"Mark the follow-up of {case.archive_number} done"
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("Write what came of it") and dialog.isVisible()
    assert FollowUp.get_by_id(item.id).done_at is None, "nothing recorded"
    type_text(dialog.what_came.editor, "果盘已送到，顾客表示感谢")
    assert dialog.error.text() == "", "said of the empty box: gone once something is typed"
    with qtbot.waitSignal(follow_ups.done):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert FollowUp.get_by_id(item.id).result == "果盘已送到，顾客表示感谢"
    qtbot.waitUntil(lambda: not follow_ups.isVisible(), timeout=10_000)  # nothing more is owed

    view = window.show_case(case.id)
    qtbot.addWidget(view)
    assert "Promised item delivered: 果盘已送到，顾客表示感谢" in view.details.toPlainText()
    # Said once, in words: not again as "follow_up: 855", "result: …", "Kind: …" under it.
    history = view.details.toPlainText()
    assert "follow_up" not in history and "result:" not in history
    assert history.count("果盘已送到，顾客表示感谢") == 1


def asked_done(qtbot: QtBot, seeded: Desk) -> tuple[MainWindow, FollowUpsDue, FollowUpDoneDialog]:
    """The desk's window with its first follow-up's "mark done" dialog open."""
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    follow_ups = window.overview.follow_ups
    qtbot.waitUntil(follow_ups.isVisible, timeout=10_000)
    follow_ups.list.setCurrentItem(follow_ups.list.topLevelItem(0))
    dialog = follow_ups.ask_done()
    assert dialog is not None
    return window, follow_ups, dialog


def test_a_follow_up_marked_done_after_a_shift_change_is_the_new_duty_manager_s(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The dialog stayed open while the desk changed hands: the follow-up was recorded as done by the duty
    manager who had gone."""
    case = quick_close(seeded.manager, closed_with_a_promise())
    item = FollowUp.get(FollowUp.complaint == case)
    incoming = create_staff("liuyang", "刘洋", Role.DUTY_MANAGER, "desk-pass-2")
    window, follow_ups, dialog = asked_done(qtbot, seeded)
    type_text(dialog.what_came.editor, "果盘已送到")
    window.set_staff(incoming)  # the shift change, the dialog still open
    with qtbot.waitSignal(follow_ups.done):
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert FollowUp.get_by_id(item.id).done_by_id == incoming.id


def test_esc_with_what_came_of_it_typed_asks_before_it_is_lost(
    qtbot: QtBot, seeded: Desk, english: None, discard_questions: DiscardQuestions
) -> None:
    """Three call-backs' worth of what the customer said, and one Esc threw it away, unasked."""
    case = quick_close(seeded.manager, closed_with_a_promise())
    _, _, dialog = asked_done(qtbot, seeded)
    type_text(dialog.what_came.editor, "打了三次电话，顾客说果盘没收到")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert discard_questions.asked == [
        "Discard what came of it?: The follow-up is not marked done, and what you typed will be lost."
    ]
    assert dialog.isVisible() and dialog.what_came.text() == "打了三次电话，顾客说果盘没收到"
    discard_questions.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and FollowUp.get(FollowUp.complaint == case).done_at is None


def test_what_is_owed_wraps_at_1024_pixels_and_the_list_is_as_high_as_its_rows(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """"三天内电话回访顾客，了解对处理结…" was cut at 1024 pixels (whole only in its tooltip): the text wraps, its row
    is as high as its lines, the others stay one line high, and the list is as high as its rows."""
    from dataclasses import replace

    from PySide6.QtCore import QRect

    long_promise = "三天内电话回访顾客，了解对处理结果的满意度，并把新的果盘和致歉卡一起送到1208房，当面再次致歉"
    quick_close(seeded.manager, replace(closed_with_a_promise(), promised_item=long_promise))
    quick_close(seeded.manager, closed_with_a_promise())
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    follow_ups = window.overview.follow_ups
    listed = follow_ups.list
    qtbot.waitUntil(lambda: follow_ups.isVisible() and listed.topLevelItemCount() == 2, timeout=10_000)
    qtbot.wait(50)  # the rows laid out again in the columns' final widths
    rows = {listed.topLevelItem(i).text(4): listed.topLevelItem(i) for i in range(2)}
    assert listed.horizontalScrollBar().maximum() == 0, "the columns within the list's width"
    line = listed.fontMetrics().height()
    room = QRect(0, 0, listed.columnWidth(4) - 8, 100_000)
    needed = listed.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), long_promise).height()
    assert needed >= 2 * line, "the promise wraps at this width"
    assert listed.visualItemRect(rows[long_promise]).height() >= needed
    assert listed.visualItemRect(rows["送果盘到1208房"]).height() < 2 * line, "a short one stays one line high"
    shown = sum(listed.visualItemRect(item).height() for item in rows.values())
    assert listed.viewport().height() >= shown, "no row pushed out of the list"


def test_a_call_back_gives_the_number_to_call_where_it_is_marked_done(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """The desk was asked to call the customer back with the number masked on every list (173****5997), and no
    number in the dialog where the call-back is marked done."""
    import datetime as dt
    from dataclasses import replace

    from models.follow_ups import due_follow_ups
    from models.intake import receive

    case = receive(seeded.manager, replace(closed_with_a_promise().receipt, phone="13912345678"))
    FollowUp.create(complaint=case, kind="call_back", due_at=dt.datetime.now(), description="回访顾客满意度")
    row = next(row for row in due_follow_ups() if row.kind == "call_back")
    dialog = FollowUpDoneDialog(lambda: seeded.manager, row)
    qtbot.addWidget(dialog)
    assert dialog.call.isVisibleTo(dialog) and dialog.call.text() == "Call: 刘先生 139 1234 5678"
    promised = quick_close(seeded.manager, closed_with_a_promise())
    row = next(row for row in due_follow_ups() if row.complaint_id == promised.id)
    dialog = FollowUpDoneDialog(lambda: seeded.manager, row)
    qtbot.addWidget(dialog)
    assert not dialog.call.isVisibleTo(dialog), "a promised item is delivered, not called about"
