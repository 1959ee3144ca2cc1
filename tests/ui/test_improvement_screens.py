"""Hot-spots and improvement actions on screen: the office's overview (hot-spots with their trend, overdue
actions, what the desk told), the hot-spots page (its complaints in the register, an action created from it),
the actions page through every state with the effect shown, the desk's suggestions taken in or dismissed, the
printed list, the intake's notice, and a duty manager who sees none of the office's part. The rules:
tests/models/test_improvement.py, tests/models/test_hotspot_desk.py."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models.complaint import Complaint
from models.control.hotspot_notices import HotspotNotice
from models.control.improvement import ActionInput, ActionState, ImprovementAction, complete_action, create_action
from models.control.improvement_queries import action_detail, complaint_groups

from conftest import Desk, DiscardQuestions, OpenCopy, require_program, set_limits, type_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))  # the synthetic streams of the models' tests
from test_hotspots import receipt, streams_master


@pytest.fixture
def stream(
    open_copy: OpenCopy, tmp_path_factory: pytest.TempPathFactory, seeded_database: Path, today: dt.date
) -> Desk:
    """A year of complaints with two hot-spots today (头发 at 二楼中餐厅, 空调 in the rooms): test_hotspots'
    shared master, the one of the day the test runs (the screens read the clock)."""
    from models.staff import Staff

    open_copy(streams_master(tmp_path_factory, seeded_database, today))
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def hotspots_page(qtbot: QtBot, desk: Desk, staff: object = None) -> tuple[object, object]:
    """The office's main window (``staff``'s, if given) on its hot-spots page, once the list of today is read."""
    from ui.main_window import SECTION_HOTSPOTS, MainWindow

    window = MainWindow(staff or desk.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_HOTSPOTS)
    page = window.hotspots
    qtbot.waitUntil(lambda: page.view is not None, timeout=10_000)
    return window, page


def an_action(
    desk: Desk, due: dt.date, problem: str = "西餐厅牛排反复被投诉太老", department_id: int | None = None
) -> int:
    complaint = Complaint.select().order_by(Complaint.id.desc()).get()
    data = ActionInput(problem, "统一火候标准", "厨师长周某", due, department_id=department_id)
    raised = dt.datetime.combine(min(due, dt.date.today()), dt.time(8))  # an overdue one was raised when still due
    group = complaint_groups(complaint.id)[0].key
    return create_action(desk.office, data, complaint_ids=[complaint.id], group=group, now=raised)


def test_the_office_overview_shows_hot_spots_overdue_actions_and_the_desks_notices(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from ui.main_window import SECTION_ACTIONS, SECTION_HOTSPOTS, MainWindow
    from ui.sparkline import TREND_ROLE

    late = an_action(stream, today - dt.timedelta(days=3))
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    board = window.overview.board
    qtbot.waitUntil(lambda: board.board is not None, timeout=10_000)
    assert board.isVisible()
    assert board.hotspot_heading.text() == "Active hot-spots: 2"
    rows = [board.hotspots.topLevelItem(i) for i in range(board.hotspots.topLevelItemCount())]
    hair = next(item for item in rows if "头发" in item.text(1))
    assert hair.text(1).startswith(f"“头发” at 二楼中餐厅: 6 complaints in the 7 days to {today.isoformat()}")
    assert hair.text(3) == "none yet"
    trend, threshold = hair.data(0, TREND_ROLE)
    assert trend[-1] == 6 and len(trend) == 9 and threshold < 6
    assert board.actions_heading.text() == "Improvement actions overdue: 1"
    assert board.overdue.topLevelItem(0).text(0) == f"ZG-{late:04d}"
    assert not board.notices.isVisible(), "nothing told by the desk yet"
    # Double-click: the hot-spot's page, that one chosen; an overdue action: the actions' page.
    board.hotspots.itemActivated.emit(hair, 1)
    assert window.navigation.currentRow() == SECTION_HOTSPOTS
    page = window.hotspots
    qtbot.waitUntil(lambda: page.current() is not None and page.current().group.value == "头发", timeout=10_000)
    assert page.list.currentItem().text(3) == "none yet", "in the overview's words"
    board.overdue.itemActivated.emit(board.overdue.topLevelItem(0), 0)
    assert window.navigation.currentRow() == SECTION_ACTIONS
    actions = window.improvement_actions
    qtbot.waitUntil(lambda: actions.detail is not None and actions.detail.row.id == late, timeout=10_000)


def test_the_office_overview_begins_a_hot_spot_s_line_as_a_line_begins(
    qtbot: QtBot, stream: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A category's hot-spot reads "complaints about Cleanliness: …" inside a sentence: at a line's start, with
    its capital (as on the hot-spots page)."""
    import ui.hotspot_text
    from ui.main_window import MainWindow

    monkeypatch.setattr(ui.hotspot_text, "sentence_text", lambda _: "complaints about Cleanliness: 13 complaints")
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    board = window.overview.board
    qtbot.waitUntil(lambda: board.board is not None, timeout=10_000)
    rows = [board.hotspots.topLevelItem(i) for i in range(board.hotspots.topLevelItemCount())]
    line = "Complaints about Cleanliness: 13 complaints"
    assert rows and {(row.text(1), row.toolTip(1)) for row in rows} == {(line, line)}


def test_a_duty_manager_sees_neither_hot_spots_nor_actions(qtbot: QtBot, stream: Desk, english: None) -> None:
    from ui.main_window import SECTION_ACTIONS, SECTION_HOTSPOTS, MainWindow

    window = MainWindow(stream.manager)
    qtbot.addWidget(window)
    window.show()
    assert not window.overview.board.isVisible()
    assert window.navigation.item(SECTION_HOTSPOTS).isHidden() and window.navigation.item(SECTION_ACTIONS).isHidden()


def test_a_hot_spots_complaints_open_in_the_register_and_an_action_is_created_from_it(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from ui.main_window import SECTION_HOTSPOTS, SECTION_REGISTER

    window, page = hotspots_page(qtbot, stream)
    assert page.status.text() == f"2 active hot-spots as at the end of {today.isoformat()}"
    assert page.select(next(s.key.text for s in page.view.hotspots if s.group.value == "头发"))
    qtbot.waitUntil(page.register_button.isEnabled, timeout=10_000)
    assert "Its complaints: 6" in page.details.toPlainText()
    assert page.reason.text().startswith("“头发” at 二楼中餐厅: 6 complaints")
    # As many earlier windows as the records hold ("The eight comparable windows" was said of four).
    earlier = len(page.trend.values) - 1
    assert page.trend_caption.text().startswith(f"The {earlier} comparable windows before and this one, oldest first:")
    page.register_button.click()
    assert window.navigation.currentRow() == SECTION_REGISTER
    register = window.register
    qtbot.waitUntil(lambda: register.model.rowCount() == 6, timeout=10_000)
    assert register.only_label.isVisible() and register.only_label.text() == "Only 6 complaints: “头发” at 二楼中餐厅"
    register.show_all.click()
    qtbot.waitUntil(lambda: register.model.rowCount() > 6, timeout=10_000)
    assert not register.only_label.isVisible()

    window.navigation.setCurrentRow(SECTION_HOTSPOTS)
    assert page.action_button.text() == "Improvement &action…"
    with qtbot.waitSignal(page.create_action) as created:
        page.action_button.click()
    spot, ids = created.args
    dialog = window.create_action(spot, ids)
    assert dialog.problem.text().startswith("“头发” at 二楼中餐厅: 6 complaints")
    assert dialog.watched.text() == "“头发” at 二楼中餐厅" and dialog.linked.text() == "6 complaints will be linked"
    dialog.accept()
    assert dialog.errors["measure"].text() == "Say what is to be done." and dialog.isVisible()
    type_text(dialog.measure.editor, "厨房全员戴发网")
    type_text(dialog.responsible, "厨师长周某")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    action = ImprovementAction.get_by_id(dialog.action_id)
    assert action.hotspot_key == spot.key.text and action.group_value == "头发"
    detail = action_detail(action.id)
    assert len(detail.complaints) == 6 and detail.created_by == "马晓红"
    actions = window.improvement_actions
    qtbot.waitUntil(lambda: actions.detail is not None and actions.detail.row.id == action.id, timeout=10_000)
    assert "“头发” at 二楼中餐厅" in actions.details.toPlainText()


def test_the_hot_spots_page_fits_a_1024_pixel_screen(qtbot: QtBot, stream: Desk, english: None) -> None:
    """Its two buttons side by side below the details, beside the list's 420 pixels: 1,077 pixels at least."""
    window, page = hotspots_page(qtbot, stream)
    assert page.list.topLevelItemCount() > 0
    assert window.minimumSizeHint().width() <= 1024 - 10, window.minimumSizeHint()


def test_the_actions_page_fits_a_1024_pixel_screen_in_english(qtbot: QtBot, seeded: Desk, english: None) -> None:
    """The count "The 200 newest of 690 suggestions without a decision" beside the suggestions' three buttons made
    the window 1,058 pixels wide: the buttons at the right fell off a 1024-pixel screen."""
    from ui.main_window import SECTION_ACTIONS, MainWindow

    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    page.tabs.setCurrentIndex(1)
    page.show_suggestions(([], 1690))
    assert page.suggestion_status.text() == "The 0 newest of 1,690+ suggestions without a decision"
    assert window.minimumSizeHint().width() <= 1024 - 10, window.minimumSizeHint()
    # The tests' font is smaller than a desk's: the count must not widen the tab beyond its buttons at all.
    buttons = sum(b.sizeHint().width() for b in (page.take_button, page.add_button, page.dismiss_button))
    assert page.tabs.widget(1).minimumSizeHint().width() <= buttons + 60
    status = page.suggestion_status.mapTo(page, page.suggestion_status.rect().bottomLeft()).y()
    assert all(button.mapTo(page, button.rect().topLeft()).y() >= status for button in (page.take_button,
               page.add_button, page.dismiss_button)), "the count on a line of its own, above the buttons"  # fmt: skip


def test_a_hot_spots_complaints_are_read_again_with_the_list(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    """The page kept each hot-spot's complaints as first read: one more complaint of the running hot-spot (or
    another day chosen) showed the old list, and an action created then linked the old list."""
    from models.intake import receive

    _window, page = hotspots_page(qtbot, stream)
    key = next(s.key.text for s in page.view.hotspots if s.group.value == "头发")
    assert page.select(key)
    qtbot.waitUntil(page.register_button.isEnabled, timeout=10_000)
    assert "Its complaints: 6" in page.details.toPlainText()
    seventh = receive(stream.manager, receipt("汤里又有一根头发"))
    shown = page.view
    page.refresh()
    qtbot.waitUntil(lambda: page.view is not shown, timeout=10_000)
    assert page.select(key), "the same hot-spot, one complaint more"
    qtbot.waitUntil(lambda: "Its complaints: 7" in page.details.toPlainText(), timeout=10_000)
    with qtbot.waitSignal(page.create_action) as created:
        page.action_button.click()
    assert seventh.id in created.args[1] and len(created.args[1]) == 7


def test_the_actions_page_opens_on_the_first_action_s_page(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from ui.main_window import SECTION_ACTIONS, MainWindow

    an_action(stream, today + dt.timedelta(days=5))
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() > 0, timeout=10_000)
    first = page.list.topLevelItem(0)
    assert page.list.currentItem() is first, "not a blank page below the list"
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    assert page.detail.row.number == first.text(0) and page.details.toPlainText()
    # The page's buttons below the list, not beside the filters: in English that row outgrew a 1100-pixel window.
    below = page.list.mapTo(page, page.list.rect().bottomLeft()).y()
    for button in (page.new_button, page.print_button):
        assert button.mapTo(page, button.rect().topLeft()).y() > below, button.text()


def test_a_slow_read_of_every_action_never_replaces_the_filter_chosen_after_it(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list read again (a step's dialog accepted), every action, slowly; the office narrows it to Done
    meanwhile: the slower read, arriving last, listed the open action under a filter that said Done."""
    import threading

    import ui.office.actions_page
    from ui import tasks
    from ui.main_window import SECTION_ACTIONS, MainWindow

    an_action(stream, today + dt.timedelta(days=5))
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1 and not tasks._running, timeout=10_000)
    read = ui.office.actions_page.action_rows
    narrowed = threading.Event()

    def every_action_slowly(states: tuple[str, ...] = (), *rest: object) -> object:
        if not states:
            narrowed.wait(10)
        return read(states, *rest)

    monkeypatch.setattr(ui.office.actions_page, "action_rows", every_action_slowly)
    page.refresh()
    page.state.setCurrentIndex(page.state.findData("done"))
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 0, timeout=10_000)
    narrowed.set()
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)
    assert page.state.currentText() == "Done, effect to verify"
    assert page.list.topLevelItemCount() == 0 and page.status.text().startswith("0 actions")


def test_in_a_narrow_window_the_problem_gives_way_to_the_state(
    qtbot: QtBot, stream: Desk, chinese: None, today: dt.date
) -> None:
    from ui.main_window import SECTION_ACTIONS, MainWindow

    problem = "二楼中餐厅一周内多次出现菜品中吃出头发的投诉，顾客反映强烈，要求彻查后厨卫生"
    an_action(stream, today - dt.timedelta(days=3), problem)
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.resize(1024, 740)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() > 0, timeout=10_000)
    first, header, metrics = page.list.topLevelItem(0), page.list.header(), page.list.fontMetrics()
    assert first.text(4).endswith("已超期")  # a deadline: as the external cases say it
    assert header.sectionViewportPosition(5) + header.sectionSize(5) <= page.list.viewport().width()
    for column in (0, 2, 3, 4, 5):
        assert header.sectionSize(column) >= metrics.horizontalAdvance(first.text(column)), first.text(column)
    assert header.sectionSize(1) < metrics.horizontalAdvance(first.text(1)), "the problem cut, whole on hovering"


def test_a_change_keeps_the_action_s_retired_department(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    """Its department retired since: the dialog showed —, and a change of the measure cleared the department."""
    from models.catalog import Department
    from models.catalog_admin import set_active
    from models.control.improvement import ImprovementAction
    from models.control.improvement_queries import action_detail
    from ui.office.action_dialogs import ActionDialog

    action_id = an_action(stream, today + dt.timedelta(days=5))
    kitchen = Department.get(Department.code == "kitchen")
    ImprovementAction.update(department=kitchen).where(ImprovementAction.id == action_id).execute()
    set_active(stream.office, "department", kitchen.id, False)
    dialog = ActionDialog(stream.office, detail=action_detail(action_id))
    qtbot.addWidget(dialog)
    assert dialog.department.currentData() == kitchen.id and "(retired)" in dialog.department.currentText()
    dialog.measure.setText("统一火候标准，每周抽查")
    dialog.accept()
    assert ImprovementAction.get_by_id(action_id).department_id == kitchen.id


def test_an_action_goes_through_its_states_on_its_page(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from ui.main_window import MainWindow
    from ui.office.action_dialogs import DoneDialog, VerifyDialog

    action_id = an_action(stream, today + dt.timedelta(days=5))
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    window.show_action(action_id)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.row.id == action_id, timeout=10_000)
    assert page.start_button.isEnabled() and not page.verify_button.isEnabled() and not page.reopen_button.isEnabled()
    page.start_button.click()
    qtbot.waitUntil(lambda: page.detail.row.state == ActionState.IN_PROGRESS, timeout=10_000)
    assert "State:\nIn progress\n" in page.details.toPlainText()
    page.done_button.click()
    done = page.step_dialog
    assert isinstance(done, DoneDialog) and done.isVisible()
    assert done.windowTitle() == f"Mark {page.detail.row.number} done"  # it said "ZG-0001 is done" before any OK
    done.accept()
    assert done.error.text() == "Say what was done." and done.isVisible()
    type_text(done.text.editor, "已统一火候标准")
    with qtbot.waitSignal(done.accepted):
        done.accept()
    qtbot.waitUntil(lambda: page.detail.row.state == ActionState.DONE, timeout=10_000)
    qtbot.waitUntil(page.verify_button.isEnabled, timeout=10_000)  # once the effect's figures are read
    assert page.reopen_button.isEnabled() and not page.done_button.isEnabled()
    assert "Not yet judged: the window after the action is not over." in page.details.toPlainText()
    # What the figures compare, in words an office reads (not "negative binomial", "Farrington").
    assert "How this is judged: the same complaints in the days after the action was done" in page.details.toPlainText()
    page.verify_button.click()
    verify = page.step_dialog
    assert isinstance(verify, VerifyDialog)
    assert verify.figures.text().startswith("Not yet judged")
    assert not verify.effective.isChecked() and not verify.not_effective.isChecked(), "no verdict to preselect"
    verify.accept()
    assert verify.error.text() == "Choose whether the action was effective." and verify.isVisible()
    verify.effective.setChecked(True)
    verify.accept()
    final = page.effect.judged_on.isoformat()
    assert verify.error.text() == (
        f"The figures are final on {final} only: write in the note why the action is judged now."
    )
    type_text(verify.text.editor, "复查合格")
    with qtbot.waitSignal(verify.accepted):
        verify.accept()
    qtbot.waitUntil(lambda: page.detail.row.state == ActionState.EFFECTIVE, timeout=10_000)
    text = page.details.toPlainText()
    assert "The effect the office confirmed" in text and "Not yet judged" in text
    assert [h.action for h in page.detail.history][-3:] == ["action_started", "action_done", "action_verified"]
    assert not any(b.isEnabled() for b in (page.start_button, page.done_button, page.verify_button, page.reopen_button))


def test_the_desks_suggestions_are_taken_in_or_dismissed(qtbot: QtBot, stream: Desk, english: None) -> None:
    from ui.main_window import SECTION_ACTIONS, MainWindow
    from ui.office.action_dialogs import DismissDialog

    ids = [c for (c,) in Complaint.select(Complaint.id).order_by(Complaint.id.desc()).limit(2).tuples()]
    for complaint_id, text in zip(ids, ["出菜口增加检查", "厨房加装纱窗"], strict=True):
        Complaint.update(improvement_suggestion=text).where(Complaint.id == complaint_id).execute()
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.suggestion_list.topLevelItemCount() == 2, timeout=10_000)
    assert page.tabs.tabText(1) == "Suggestions from the desk (2)"
    assert not page.take_button.isEnabled()
    page.suggestion_list.setCurrentItem(page.suggestion_list.topLevelItem(0))
    assert page.suggestion_list.currentItem().text(4) == "出菜口增加检查"
    dialog = page.ask_take()
    assert dialog is not None and dialog.problem.text() == "出菜口增加检查"
    assert dialog.watch.currentData() is not None, "the complaint's most specific group is offered"
    type_text(dialog.measure.editor, "出菜口设专人检查")
    type_text(dialog.responsible, "厨师长周某")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    qtbot.waitUntil(lambda: page.suggestion_list.topLevelItemCount() == 1, timeout=10_000)
    assert ImprovementAction.get_by_id(dialog.action_id).source == "suggestion"
    page.suggestion_list.setCurrentItem(page.suggestion_list.topLevelItem(0))
    dismiss = page.ask_dismiss()
    assert isinstance(dismiss, DismissDialog)
    dismiss.accept()
    assert dismiss.error.text() == "Say why no action is taken."
    type_text(dismiss.text.editor, "已有同类整改")
    with qtbot.waitSignal(dismiss.accepted):
        dismiss.accept()
    qtbot.waitUntil(lambda: page.suggestion_list.topLevelItemCount() == 0, timeout=10_000)
    assert page.tabs.tabText(1) == "Suggestions from the desk (0)"


def test_the_list_of_actions_prints_for_the_period(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from ui.main_window import SECTION_ACTIONS, MainWindow
    from ui.printing import PrintPreviewDialog

    action_id = an_action(stream, today + dt.timedelta(days=5))
    complete_action(stream.office, action_id, "已统一火候标准")
    window = MainWindow(stream.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACTIONS)
    page = window.improvement_actions
    page.preview_list()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PrintPreviewDialog)), timeout=15_000)
    preview = next(d for d in window.findChildren(PrintPreviewDialog) if d.isVisible())
    assert preview.windowTitle().startswith("Print preview: Improvement actions")
    assert preview.document.pageCount() == 1
    pdftotext = require_program("pdftotext")
    text = subprocess.run([pdftotext, "-", "-"], input=preview.data, capture_output=True, check=True).stdout.decode()
    assert f"ZG-{action_id:04d}" in text and "统一火候标准" in text and "Done, effect to verify" in text
    # The period apart from the date printed; the effect so far said as such.
    assert "Actions: 1 (Done, effect to verify 1); overdue: 0" in text
    assert f"; printed on {today.isoformat()}" in text
    # No period ticked: every action, as the list shows them (the greyed dates were printed: 4 where it showed 6).
    raised = ImprovementAction.get_by_id(action_id).created_at.date()
    assert f"Period: {raised.isoformat()} to {today.isoformat()}" in text and not page.use_period.isChecked()
    fonts = subprocess.run([require_program("pdffonts"), "-"], input=preview.data, capture_output=True, check=True)
    assert b"Helvetica" not in fonts.stdout, "no font named and not embedded (an empty cell's)"
    assert re.search(r"\(\d+ of \d+ days so far; judged on \d{4}-\d\d-\d\d\)", " ".join(text.split()))
    # The state chosen above the list is the state printed.
    preview.close()
    page.state.setCurrentIndex(page.state.findData("in_progress"))
    page.preview_list()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(PrintPreviewDialog)), timeout=15_000)
    preview = next(d for d in window.findChildren(PrintPreviewDialog) if d.isVisible())
    text = subprocess.run([pdftotext, "-", "-"], input=preview.data, capture_output=True, check=True).stdout.decode()
    assert "No improvement action in this period." in text and f"ZG-{action_id:04d}" not in text


def test_the_intake_says_when_a_complaint_joins_a_hot_spot(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    from models.control.hotspots import active_hotspots
    from ui.intake.wizard import IntakeWizard

    active_hotspots()  # the office's overview has run today
    manager = set_limits(stream.manager, "200", "300")
    wizard = IntakeWizard(manager)
    qtbot.addWidget(wizard)
    wizard.show()
    from models.intake import receive

    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    wizard.case_saved(case)
    notice = wizard.hotspot_notice
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert notice.text().startswith(f"Complaint no. 7 in the 7 days to {today.isoformat()} “头发” at 二楼中餐厅")
    assert notice.text().endswith("a hot-spot; the office is told.")
    assert HotspotNotice.select().where(HotspotNotice.complaint == case.id).count() >= 1
    quiet = receive(manager, receipt("红烧肉太咸了。", location="西餐厅"))
    wizard.case_saved(quiet)
    qtbot.waitUntil(lambda: notice.checked_case == quiet.id, timeout=10_000)
    assert not notice.isVisible(), "a usual complaint joins nothing"


@pytest.mark.slow
def test_the_main_window_loads_no_chart_library(seeded: Desk, open_copy: OpenCopy) -> None:
    """The overview's trends are drawn with QPainter: the office's start does not load QtCharts
    (tests/perf/bench_overview.py measures what it would cost). Only the Analysis page does, when opened. Checked
    in a fresh interpreter: a test of that page may have loaded QtCharts into this one."""
    script = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        f"sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from models.database import open_database\n"
        "from models.staff import Staff\n"
        f"open_database({open_copy.url!r})\n"  # the file, or the server's database
        "from ui.main_window import MainWindow\n"
        "window = MainWindow(Staff.get(Staff.username == 'office'))\n"
        "window.show()\n"
        "app.processEvents()\n"
        "assert window.overview.board.isVisible()\n"
        "print('PySide6.QtCharts' in sys.modules, flush=True)\n"
        # Its background work ended before the interpreter does (ended under it, the process died of SIGSEGV
        # at exit now and then in CI).
        "from PySide6.QtCore import QThreadPool\n"
        "window.close()\n"
        "QThreadPool.globalInstance().waitForDone(30_000)\n"
        "app.processEvents()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def actions_page_on(qtbot: QtBot, staff: object, action_id: int) -> object:
    """A main window of ``staff`` on the actions page, ``action_id``'s page shown."""
    from ui.main_window import MainWindow

    window = MainWindow(staff)
    qtbot.addWidget(window)
    window.show()
    window.show_action(action_id)
    page = window.improvement_actions
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.row.id == action_id, timeout=10_000)
    return page


def test_two_windows_changing_one_action_the_second_is_told_and_nothing_is_overwritten(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    """Two office windows on one action: the second's OK put the first's measure back, unseen."""
    from models.staff import Role, create_staff

    action_id = an_action(stream, today + dt.timedelta(days=5))
    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    mine = actions_page_on(qtbot, stream.office, action_id).ask_edit()
    theirs = actions_page_on(qtbot, colleague, action_id).ask_edit()
    mine.measure.setText("统一火候标准，每周抽查")
    with qtbot.waitSignal(mine.accepted):
        mine.accept()
    theirs.responsible.setText("行政总厨李某")
    theirs.accept()
    assert theirs.isVisible() and theirs.responsible.text() == "行政总厨李某", "its dialog open, as typed"
    assert theirs.error.text().startswith(f"马晓红 changed action ZG-{action_id:04d} at ")
    assert "after it was shown here: nothing was saved. Press OK again" in theirs.error.text()
    action = ImprovementAction.get_by_id(action_id)
    assert (action.measure, action.responsible) == ("统一火候标准，每周抽查", "厨师长周某")
    # Told, the colleague may save over it on purpose.
    with qtbot.waitSignal(theirs.accepted):
        theirs.accept()
    assert ImprovementAction.get_by_id(action_id).responsible == "行政总厨李某"


def test_two_windows_writing_an_action_for_one_hot_spot_the_second_is_refused_naming_the_first(
    qtbot: QtBot, stream: Desk, english: None
) -> None:
    from models.staff import Role, create_staff

    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    dialogs = []
    for staff in (stream.office, colleague):
        window, page = hotspots_page(qtbot, stream, staff)
        assert page.select(next(s.key.text for s in page.view.hotspots if s.group.value == "头发"))
        qtbot.waitUntil(page.action_button.isEnabled, timeout=10_000)
        with qtbot.waitSignal(page.create_action) as created:
            page.action_button.click()  # neither window has an action for it yet
        dialogs.append(window.create_action(*created.args))
    for dialog, who in zip(dialogs, ("厨师长周某", "厨师长赵某"), strict=True):
        type_text(dialog.measure.editor, "厨房全员戴发网")
        type_text(dialog.responsible, who)
        dialog.accept()
    first, second = dialogs
    assert not first.isVisible() and second.isVisible()
    number = f"ZG-{first.action_id:04d}"
    assert second.error.text().startswith(f"马晓红 wrote action {number} for this hot-spot at ")
    assert second.error.text().endswith(f"Copy what you typed here into {number} (Improvement actions, Change…).")
    assert second.measure.text() == "厨房全员戴发网" and second.responsible.text() == "厨师长赵某", "nothing lost"
    actions = list(ImprovementAction.select().where(ImprovementAction.hotspot_key != ""))
    assert [(a.id, a.responsible) for a in actions] == [(first.action_id, "厨师长周某")]


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_step_pressed_in_a_stale_window_names_the_action_s_state_in_words(
    qtbot: QtBot, stream: Desk, today: dt.date, language: str, request: pytest.FixtureRequest
) -> None:
    """Started in another window meanwhile: the refusal said "…while the action is 'in_progress'"."""
    from models.control.improvement import start_action

    request.getfixturevalue(language)
    action_id = an_action(stream, today + dt.timedelta(days=5))
    page = actions_page_on(qtbot, stream.office, action_id)
    start_action(stream.office, action_id)  # another office window
    page.start_button.click()
    state = {"english": "'In progress'", "chinese": "“整改中”"}[language]  # quoted as each language quotes
    assert state in page.error.text() and "in_progress" not in page.error.text()
    assert f"ZG-{action_id:04d}" in page.error.text()


def test_esc_in_the_action_dialogs_asks_before_typed_text_is_lost(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date, discard_questions: DiscardQuestions
) -> None:
    """Esc, Cancel or the window's close threw a typed measure or result away, unasked (the intake's dialogs ask)."""
    from PySide6.QtCore import Qt

    from ui.office.action_dialogs import DoneDialog, ReopenDialog

    action_id = an_action(stream, today + dt.timedelta(days=5))
    page = actions_page_on(qtbot, stream.office, action_id)
    asked = discard_questions.asked
    # Shown as it is (its own text, a problem filled in): Esc closes, nothing to ask.
    edit = page.ask_edit()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not edit.isVisible() and asked == []
    new = page.ask_new()
    type_text(new.measure.editor, "出菜前逐盘检查")
    qtbot.keyClick(new, Qt.Key.Key_Escape)
    assert new.isVisible() and new.measure.text() == "出菜前逐盘检查", "kept: Esc answers Keep typing"
    assert asked == ["Discard what you typed?: Nothing of it is saved yet, and what you typed will be lost."]
    new.buttons.button(new.buttons.StandardButton.Cancel).click()
    new.close()
    assert new.isVisible() and len(asked) == 3, "Cancel and the window's close ask too"
    discard_questions.answer = True
    qtbot.keyClick(new, Qt.Key.Key_Escape)
    assert not new.isVisible() and ImprovementAction.select().count() == 1
    page.done_button.click()
    done = page.step_dialog
    assert isinstance(done, DoneDialog)
    type_text(done.text.editor, "已统一火候标准")
    discard_questions.answer = False
    qtbot.keyClick(done, Qt.Key.Key_Escape)
    assert done.isVisible() and len(asked) == 5
    reopen = ReopenDialog(stream.office, page.detail.row, page)
    reopen.open()
    reopen.date.setDate(reopen.date.date().addDays(3))
    reopen.reject()
    assert reopen.isVisible() and len(asked) == 6, "a new due date chosen is asked about too"


def test_the_responsible_pasted_is_kept_on_one_line_and_too_long_refused_in_words(
    qtbot: QtBot, stream: Desk, english: None, today: dt.date
) -> None:
    """Pasted with a tab and a line break, the name was stored with both; pasted long, it was cut at 64 unseen."""
    from PySide6.QtWidgets import QApplication

    action_id = an_action(stream, today + dt.timedelta(days=5))
    page = actions_page_on(qtbot, stream.office, action_id)
    dialog = page.ask_edit()
    dialog.responsible.clear()
    QApplication.clipboard().setText("李" * 200)
    dialog.responsible.setFocus()
    dialog.responsible.paste()
    assert dialog.responsible.text() == "李" * 200, "kept whole in the field"
    dialog.accept()
    assert dialog.errors["responsible"].text() == "This text is 200 characters long; the limit is 64."
    assert dialog.isVisible() and ImprovementAction.get_by_id(action_id).responsible == "厨师长周某"
    dialog.responsible.setText("收银主管\t李某\n(电话 8801)")
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert ImprovementAction.get_by_id(action_id).responsible == "收银主管 李某 (电话 8801)"


def test_a_due_date_years_ahead_is_refused_in_words(qtbot: QtBot, stream: Desk, english: None, today: dt.date) -> None:
    """9999-12-31 was taken as a due date (the action never overdue)."""
    from PySide6.QtCore import QDate

    from models.control.improvement import latest_due

    action_id = an_action(stream, today + dt.timedelta(days=5))
    page = actions_page_on(qtbot, stream.office, action_id)
    dialog = page.ask_new()
    dialog.search.setText(f"#{Complaint.select().order_by(Complaint.id.desc()).get().id}")
    dialog.found.setCurrentItem(dialog.found.topLevelItem(0))
    type_text(dialog.problem.editor, "多收钱")
    type_text(dialog.measure.editor, "唱单核对")
    type_text(dialog.responsible, "收银主管李某")
    dialog.due_on.setDate(QDate(9999, 12, 31))
    dialog.accept()
    latest = latest_due(today)
    assert dialog.errors["due_on"].text() == f"An action is due within 2 years: on {latest.isoformat()} at the latest."
    assert dialog.isVisible() and ImprovementAction.select().count() == 1
    dialog.due_on.setDate(QDate(latest.year, latest.month, latest.day))
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert ImprovementAction.get_by_id(dialog.action_id).due_on == latest


def test_a_quick_case_joining_a_hot_spot_is_said_at_the_desk_and_the_office_told(
    qtbot: QtBot, stream: Desk, english: None
) -> None:
    """The wizard says a complaint joins an active hot-spot and tells the office; a quick case closed on the same
    hot-spot (another hair at 二楼中餐厅) was heard of by nobody."""
    from models.catalog import Category, Remedy
    from models.complaint import Liability
    from models.control.hotspots import active_hotspots
    from ui.main_window import MainWindow

    active_hotspots()  # the office's overview has run today
    window = MainWindow(set_limits(stream.manager, "200", "300"))
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_quick_case()
    type_text(dialog.location, "二楼中餐厅")
    dialog.category.setCurrentIndex(dialog.category.findData(Category.get(Category.code == "food_quality").id))
    type_text(dialog.narrative.editor, "我点的红烧肉里又吃出头发了！")
    type_text(dialog.demand, "重新做一份")
    dialog.acknowledged.setChecked(True)
    type_text(dialog.findings.editor, "确有头发，后厨已处理")
    dialog.liability_buttons[Liability.FULL].setChecked(True)
    row = dialog.lines.rows[0]
    row.remedy.setCurrentIndex(row.remedy.findData(Remedy.get(Remedy.code == "free_drink").id))
    dialog.agreed.setChecked(True)
    type_text(dialog.witness, "服务员小王")
    qtbot.waitUntil(lambda: not dialog.check_timer.isActive())
    assert dialog.close_case()
    case = Complaint.select().order_by(Complaint.id.desc()).get()
    qtbot.waitUntil(dialog.hotspot_notice.isVisible, timeout=10_000)
    assert "“头发”" in dialog.hotspot_notice.text() and "the office is told" in dialog.hotspot_notice.text()
    assert HotspotNotice.select().where(HotspotNotice.complaint == case.id).count() >= 1
    dialog.start_again()
    assert not dialog.hotspot_notice.isVisible(), "the next quick case starts without it"
