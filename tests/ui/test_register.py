"""The register driven as the office drives it: the lazy model, search as you
type, filters, sorting, and the case view with its history."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from peewee import fn
from PySide6.QtCore import QDate, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from models.base import is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability, OfficeDecision, State
from models.customer import Customer
from models.intake import Investigation, Line, Receipt, decide, escalate, receive, record_investigation
from models.search import Filters, page
from models.staff import Role, Staff, create_staff
from ui import tasks
from ui.register.case_view import CaseView
from ui.register.model import COMPENSATION, CUSTOMER, DUTY_MANAGER, NUMBER, PAGE_SIZE, STATE, ComplaintTableModel
from ui.register.register_page import RegisterPage, run_query

from conftest import DEMO_COMPLAINTS, Desk, OpenCopy, type_text


@pytest.fixture
def demo(open_copy: OpenCopy, demo_database: Path) -> None:
    """The demo's DEMO_COMPLAINTS complaints (more than a page of the register), in the test's own copy."""
    open_copy(demo_database)


def shown_ids(page_widget: RegisterPage) -> list[int]:
    model = page_widget.model
    return [model.complaint_id(row) for row in range(model.rowCount())]


def wait_for_results(qtbot: QtBot, register: RegisterPage) -> None:
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        pass


def test_the_model_passes_qtmodeltester_and_fetches_lazily(qtmodeltester: object, demo: None) -> None:
    model = ComplaintTableModel()
    model.set_result(*run_query(Filters(), "received", True))
    assert model.rowCount() == DEMO_COMPLAINTS > PAGE_SIZE + 5
    assert len(model._pages) == 1, "only the first page is loaded"
    qtmodeltester.check(model)
    assert model.data(model.index(PAGE_SIZE + 5, NUMBER)) is not None
    assert len(model._pages) >= 2


def test_the_register_opens_newest_first_and_searches_as_you_type(qtbot: QtBot, demo: None, english: None) -> None:
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    register.refresh()
    wait_for_results(qtbot, register)
    assert register.status.text() == f"{DEMO_COMPLAINTS} complaints"
    received = [register.model.row(r).received_at for r in range(register.model.rowCount())]
    assert received == sorted(received, reverse=True)

    target = Complaint.select().where(Complaint.narrative.contains("头发")).first()
    assert target is not None, "the demo has a complaint about a hair in the food"
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, "头发")
    assert target.id in shown_ids(register)
    assert all(
        "头发" in (Complaint.get_by_id(i).narrative + Complaint.get_by_id(i).findings) for i in shown_ids(register)
    )

    five = target.narrative[target.narrative.index("头发") - 3 :][:5]
    register.search.clear()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, five)
    assert target.id in shown_ids(register)
    assert register.model.rowCount() == len(page(Filters(text=five), limit=10_000))

    register.search.clear()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, "麒麟")  # in no demo complaint
    assert register.model.rowCount() == 0
    assert register.status.text() == "No complaint matches “麒麟” with these filters: try fewer or other words."
    register.use_dates.setChecked(True)  # a filter left from an earlier look
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.show_only([target.id], "a hot-spot's complaints")  # every other filter cleared
    assert shown_ids(register) == [target.id] and register.search.text() == "" and not register.use_dates.isChecked()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, "麒麟")  # narrowed within them: its Show all button is there, and said
    assert register.status.text() == (
        "No complaint matches “麒麟” with these filters: try fewer or other words, or Show all."
    )


def test_a_case_number_typed_without_its_hash_finds_the_case(qtbot: QtBot, demo: None, english: None) -> None:
    """The desk's lists show a case as #2997: typed as 2997 the register shows it, beside any case whose
    texts, phone or archive number hold the digits."""
    customers = {c.id: f"{c.name} {c.phone}" for c in Customer.select()}

    def texts(case: Complaint) -> str:
        return " ".join([case.narrative, case.findings, case.demand, case.archive_number or "",
                         customers.get(case.customer_id, "")])  # fmt: skip

    every = " | ".join(texts(case) for case in Complaint.select())
    target = next(case for case in Complaint.select().order_by(Complaint.id) if str(case.id) not in every)
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, str(target.id))
    assert shown_ids(register) == [target.id]
    assert register.status.text() == "1 complaint"


def the_list_has_the_keyboard(qtbot: QtBot) -> RegisterPage:
    """The register with its first results, its window active and the cursor in the list."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    register.refresh()
    wait_for_results(qtbot, register)
    register.activateWindow()
    register.table.setFocus()
    qtbot.waitUntil(register.table.hasFocus)
    return register


def test_the_keyboard_opens_the_case_chosen_and_tab_leaves_the_list(qtbot: QtBot, demo: None, english: None) -> None:
    """Enter did nothing (only a double-click opened a case), and Tab walked the list's cells one by one."""
    from PySide6.QtWidgets import QApplication

    register = the_list_has_the_keyboard(qtbot)
    register.table.setCurrentIndex(register.model.index(2, 0))
    with qtbot.waitSignal(register.open_case) as opened:
        qtbot.keyClick(register.table, Qt.Key.Key_Return)
    assert opened.args == [register.model.complaint_id(2)]
    qtbot.keyClick(register.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not register.table


@pytest.mark.parametrize("key", [Qt.Key.Key_Down, Qt.Key.Key_Return])
def test_ctrl_f_to_the_search_and_down_or_enter_to_its_first_result(
    qtbot: QtBot, demo: None, english: None, key: Qt.Key
) -> None:
    """Review 104: no key reached the search, and from it to the results took eight Tabs (Down and Enter stayed in
    the box): the desk opens a customer's case by the keyboard alone now, Ctrl+F, the words, Down, Enter."""
    register = the_list_has_the_keyboard(qtbot)
    qtbot.keyClick(register.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert register.search.hasFocus()
    qtbot.keyClicks(register.search, "TS")  # typed, the search not run yet when the key goes down to the list
    qtbot.keyClick(register.search, key)
    qtbot.waitUntil(lambda: register.table.hasFocus() and register.table.currentIndex().row() == 0)
    assert register.table.currentIndex().row() == 0 and register.search.text() == "TS"
    with qtbot.waitSignal(register.open_case) as opened:
        qtbot.keyClick(register.table, Qt.Key.Key_Return)
    assert opened.args == [register.model.complaint_id(0)]


def test_dates_that_end_before_they_begin_are_said_so(qtbot: QtBot, demo: None, english: None) -> None:
    """"0 complaints" alone, as if none had been received then."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    register.use_dates.setChecked(True)
    register.received_from.setDate(QDate(2026, 11, 30))
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.received_to.setDate(QDate(2026, 11, 1))
    assert register.model.rowCount() == 0
    assert register.status.text() == "No complaint: the dates received end before they begin."


def test_a_limited_list_says_so_without_widening_the_page(qtbot: QtBot, demo: None, english: None) -> None:
    """"Only the complaints closed from … to …" beside the dates made the window wider than a 1024 screen."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    narrowest = register.minimumSizeHint().width()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.show_period("month")
    assert register.only_label.isVisible() and register.only_label.text().startswith("Only the complaints closed")
    assert register.minimumSizeHint().width() == narrowest


def test_the_month_s_closed_cases_after_today_s_leave_no_day_greyed_as_if_chosen(
    qtbot: QtBot, demo: None, english: None
) -> None:
    """The overview's "received today", then "closed this month": today – today stayed greyed in the received
    dates, read as the period shown."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.show_period("today")
    assert register.received_from.date() == QDate.currentDate() and register.received_from.isEnabled()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.show_period("month")
    assert not register.received_from.isEnabled()
    assert (register.received_from.date(), register.received_to.date()) == (
        QDate.currentDate().addMonths(-1), QDate.currentDate()
    ), "as a page opened anew shows them"


def test_a_column_the_list_cannot_sort_by_keeps_the_arrow_where_the_order_is(
    qtbot: QtBot, demo: None, english: None
) -> None:
    """The customer's column showed a sort arrow, and the rows kept the order received."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.show()
    register.refresh()
    wait_for_results(qtbot, register)
    header = register.table.horizontalHeader()
    before = (header.sortIndicatorSection(), header.sortIndicatorOrder())
    header.setSortIndicator(CUSTOMER, Qt.SortOrder.AscendingOrder)  # as a click on its header does
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == before


@pytest.mark.parametrize("text", ['"', "*", "NEAR", "%", "_", "'", "a%b_c"])
def test_special_characters_find_nothing_rather_than_everything(
    qtbot: QtBot, demo: None, english: None, text: str
) -> None:
    register = RegisterPage()
    qtbot.addWidget(register)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.search.setText(text)
    expected = [c.id for c in Complaint.select() if text in c.narrative or text in c.findings]
    assert sorted(shown_ids(register)) == sorted(expected)


def test_filters_and_sorting(qtbot: QtBot, demo: None, english: None) -> None:
    register = RegisterPage()
    qtbot.addWidget(register)
    register.refresh()
    wait_for_results(qtbot, register)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.state.setCurrentIndex(register.state.findData("escalated"))
    escalated = Complaint.select().where(Complaint.state == State.ESCALATED).count()
    assert register.model.rowCount() == escalated > 0
    shown = {register.model.data(register.model.index(r, STATE)) for r in range(escalated)}
    assert shown <= {"Escalated", "Escalated · overdue"} and "Escalated" in {s.split(" · ")[0] for s in shown}

    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.state.setCurrentIndex(0)
    noise = Category.get(Category.code == "noise")
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.category.setCurrentIndex(register.category.findData(noise.id))
    assert register.model.rowCount() == Complaint.select().where(Complaint.category == noise).count()

    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.category.setCurrentIndex(0)
    header = register.table.horizontalHeader()
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(NUMBER) + 5, 5)
        )
    assert header.sortIndicatorSection() == NUMBER
    ids = shown_ids(register)
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # As the numbers read: the open cases (#281) by theirs before the archive numbers (after them on a server).
    numbers = dict(Complaint.select(Complaint.id, Complaint.archive_number).tuples())
    open_first = not is_postgresql()
    expected = sorted(
        numbers, key=lambda i: ((numbers[i] is not None) == open_first, numbers[i] or "", i), reverse=descending
    )
    assert ids == expected[: len(ids)]
    assert register.model.data(register.model.index(0, CUSTOMER)).count("*") in (0, 4)


def test_a_new_search_or_order_shows_the_list_from_its_top_and_a_reread_stays_put(
    qtbot: QtBot, demo: None, english: None
) -> None:
    """Scrolled to the end, then a new order or search: the view stayed some 178 rows down, the newest matches out
    of sight. The same query read again (another desk saved) keeps the place the person is reading."""
    register = RegisterPage()
    qtbot.addWidget(register)
    register.resize(1200, 700)
    register.show()
    register.refresh()
    wait_for_results(qtbot, register)
    register.table.scrollToBottom()
    qtbot.waitUntil(lambda: register.table.rowAt(0) > 100)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.refresh()  # the same list read again
    assert register.table.rowAt(0) > 100
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    assert register.table.rowAt(0) == 0
    register.table.scrollToBottom()
    qtbot.waitUntil(lambda: register.table.rowAt(0) > 100)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        type_text(register.search, "房间")
    assert register.table.rowAt(0) == 0


def test_a_stale_answer_never_replaces_a_newer_one(qtbot: QtBot, demo: None, english: None) -> None:
    register = RegisterPage()
    qtbot.addWidget(register)
    register.search.setText("头发")
    register.refresh()
    register.search.setText("zzz-nothing")
    register.refresh()
    nothing = "No complaint matches “zzz-nothing” with these filters: try fewer or other words."
    qtbot.waitUntil(lambda: register.status.text() == nothing, timeout=10_000)
    # Every answer has arrived on the GUI thread, the stale one too (ui.tasks keeps a task until then).
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)
    assert register.model.rowCount() == 0
    assert register.status.text() == nothing


def test_the_case_view_shows_the_history_of_an_escalated_case(qtbot: QtBot, defaults: object, english: None) -> None:
    manager = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("100"), Decimal("500"))
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    case = receive(
        manager,
        Receipt(
            narrative="婚宴菜品有异味",
            category_id=Category.get(Category.code == "food_quality").id,
            demand="要求退一半餐费",
            acknowledged=True,
        ),
    )
    record_investigation(
        manager, case, Investigation("海鲜不新鲜", Department.get(Department.code == "kitchen").id, "", Liability.FULL)
    )
    escalate(
        manager, case, [Line(Remedy.get(Remedy.code == "refund").id, "3000")], "婚宴二十桌，金额大，请办公室决定。"
    )
    decide(office, case, OfficeDecision.APPROVED, "同意退款")
    view = CaseView(case.id, manager)
    qtbot.addWidget(view)
    view.show()
    text = view.details.toPlainText()
    expected_texts = (
        "Investigation recorded", "Escalated to the office", "Office decision", "婚宴二十桌", "张伟", "马晓红",
        "Decided: waiting for the customer's answer",  # what comes next (it said "The case goes on after …")
    )
    for expected in expected_texts:
        assert expected in text, expected
    assert "State: Investigating → Escalated" in text
    assert "Department: — → Kitchen" in text and "Liability: — → Full" in text
    assert "Category: Food quality" in text and "Remedies: 退款（原路退回） 3,000.00 yuan\n" in text
    assert view.continue_button.isVisible(), "a decided case goes back to the desk"
    with qtbot.waitSignal(view.continue_case) as signal:
        qtbot.mouseClick(view.continue_button, Qt.MouseButton.LeftButton)
    assert signal.args == [case.id]


def test_a_sealed_case_is_read_only_in_the_view(qtbot: QtBot, demo: None, english: None) -> None:
    sealed = Complaint.select().where(Complaint.archive_number.is_null(False)).first()
    desk = Staff.get(Staff.role == Role.DUTY_MANAGER)
    view = CaseView(sealed.id, desk)
    qtbot.addWidget(view)
    view.show()
    assert not view.continue_button.isVisible()
    assert not view.form_button.isVisible(), "archived forms are the office's to print"
    office_view = CaseView(sealed.id, Staff.get(Staff.role == Role.OFFICE))
    qtbot.addWidget(office_view)
    office_view.show()
    assert office_view.form_button.isVisible()
    assert "Archived and sealed: read-only." in view.details.toPlainText()
    assert view.windowTitle() == f"Complaint {sealed.archive_number}"
    assert Staff.select().count() >= 4
    # A correction's fields named as its dialog names them (the history showed {'customer_phone': '139…'}).
    from models.archive import amend

    amend(Staff.get(Staff.role == Role.OFFICE), sealed.archive_number, "电话写错", {"customer_phone": "13900001111"})
    corrected = CaseView(sealed.id, Staff.get(Staff.role == Role.OFFICE))
    qtbot.addWidget(corrected)
    text = corrected.details.toPlainText()
    assert "Customer's phone: 139****1111" in text and "{" not in text
    assert "13900001111" not in text, "masked in the history as everywhere (a duty manager read the number whole)"


def test_the_case_view_shows_the_customer_s_history(qtbot: QtBot, demo: None, english: None) -> None:
    from models.customer import Customer
    from models.customer_history import customer_complaints

    phone, complaints = (
        Customer.select(Customer.phone, fn.COUNT(Complaint.id))
        .join(Complaint)
        .where(Customer.phone != "")
        .group_by(Customer.phone)
        .order_by(fn.COUNT(Complaint.id).desc())
        .tuples()
        .first()
    )
    assert complaints >= 2, "the demo has returning customers"
    # The demo's year ends at DEMO_NOW, the view's twelve months at today: the customer comes back twice
    # today, so the history is there to show whatever the date (with the demo's cases still in the window).
    customer = Customer.select().where(Customer.phone == phone).order_by(Customer.id).first()
    food, desk = Category.get(Category.code == "food_quality"), Staff.get(Staff.username == "zhangwei")
    for narrative in ("早餐的粥又是凉的", "晚餐的鱼又不新鲜"):
        receipt = Receipt(
            customer.name, phone, narrative=narrative, category_id=food.id, demand="要个说法", acknowledged=True
        )
        case = receive(desk, receipt)
    history = customer_complaints(phone)
    assert len(history) >= 2 and history[0][0] == case.id
    view = CaseView(case.id, Staff.get(Staff.role == Role.OFFICE))
    qtbot.addWidget(view)
    text = view.details.toPlainText()
    assert f"This customer in the last 12 months: {len(history)} complaints," in text
    for _, number, *_ in history:
        assert number in text
    assert "Food quality" in text and "菜品质量" not in text, "the categories in the view's language"
    # Headed, this one marked, the others opened from here (a bare list, nothing to open).
    assert "Number\nReceived\nCategory\nState\nAccepted (yuan)\n" in text
    assert f"#{case.id} (this one)" in text
    other = history[1][0]
    with qtbot.waitSignal(view.open_case) as opened:
        view.details.anchorClicked.emit(QUrl(f"case:{other}"))
    assert opened.args == [other]


def test_a_case_view_closed_while_its_form_is_drawn_opens_nothing_afterwards(
    qtbot: QtBot, seeded: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Complaint form… then Close before the form is drawn (the first one loads reportlab and the Chinese font):
    the preview was made with the closed view as its parent, "Internal C++ object (CaseView) already deleted" in
    the bug dialog."""
    import threading

    from shiboken6 import isValid

    import ui.form_preview
    from ui import messages
    from ui.main_window import MainWindow
    from ui.printing import PrintPreviewDialog

    bugs: list[str] = []
    monkeypatch.setattr(messages, "show_bug", lambda parent, text, details: bugs.append(text))
    case = receive(
        seeded.manager,
        Receipt(
            narrative="汤凉了",
            category_id=Category.get(Category.code == "food_quality").id,
            demand="道歉",
            acknowledged=True,
        ),
    )
    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    window.show()
    drawn = ui.form_preview.render_form
    view_closed = threading.Event()

    def drawn_after_the_view_closed(*args: object) -> tuple[str, bytes]:
        view_closed.wait(10)
        return drawn(*args)

    monkeypatch.setattr(ui.form_preview, "render_form", drawn_after_the_view_closed)
    view = window.show_case(case.id)
    qtbot.mouseClick(view.form_button, Qt.MouseButton.LeftButton)
    view.close()
    qtbot.waitUntil(lambda: not isValid(view))  # closed and deleted
    view_closed.set()
    qtbot.waitUntil(lambda: not tasks._running, timeout=10_000)
    previews = [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, PrintPreviewDialog)]
    assert previews == [] and bugs == []
    assert window.isVisible()


def test_the_words_show_why_a_row_matched_and_the_columns_fit_1100_pixels(
    qtbot: QtBot, demo: None, english: None
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.style import apply_style

    app = QApplication.instance()
    font, sheet = app.font(), app.styleSheet()
    apply_style(app)  # the desk's 10.5 pt, as a person sees it
    office = Staff.get(Staff.username == "office")
    try:
        _check_words_and_fit(qtbot, office)
    finally:
        app.setStyleSheet(sheet)
        app.setFont(font)


def _check_words_and_fit(qtbot: QtBot, office: Staff) -> None:
    from ui.main_window import SECTION_REGISTER, MainWindow
    from ui.register.model import MATCH_ROLE, WORDS

    window = MainWindow(office)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    window.navigation.setCurrentRow(SECTION_REGISTER)
    register = window.register
    wait_for_results(qtbot, register)
    with qtbot.waitSignal(register.results_shown, timeout=10_000):
        register.search.setText("头发")
    rows = register.model.rowCount()
    assert rows > 0
    for row in range(min(rows, 20)):
        index = register.model.index(row, WORDS)
        words, (start, length) = index.data(), index.data(MATCH_ROLE)
        assert words[start : start + length] == "头发" and start <= 4, "the match, near the start"
    assert window.width() == 1100, "the register does not push the window wider"
    table = register.table
    assert not table.horizontalScrollBar().isVisible(), "every column in view"
    header = table.horizontalHeader()
    for column in range(register.model.columnCount()):
        title = register.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), title
    # The amounts' heading says what they are, as the Chinese 金额（元） does (it said "Yuan").
    model = register.model
    assert model.headerData(COMPENSATION, Qt.Orientation.Horizontal) == "Amount"
    tip = model.headerData(COMPENSATION, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == "Compensation the customer accepted, in yuan"
    staff_tip = model.headerData(DUTY_MANAGER, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert staff_tip == "Who received the complaint (the export's “Received by”)", "one column, two names explained"


def test_in_a_narrow_window_the_category_and_customer_give_way_to_the_complaint(
    qtbot: QtBot, seeded: object, english: None
) -> None:
    from ui.register.model import CATEGORY, RECEIVED, STATE, WORDS

    register = RegisterPage()
    qtbot.addWidget(register)
    register.resize(1600, 600)
    register.show()
    qtbot.waitExposed(register)
    table, metrics = register.table, register.table.fontMetrics()
    longest = "Food safety / foreign object"
    assert longest in [register.category.itemText(i) for i in range(register.category.count())]
    assert table.columnWidth(CATEGORY) > metrics.horizontalAdvance(longest), "room: the longest category whole"
    # A window with room for half of what the category and the customer could give up.
    words = metrics.horizontalAdvance("我点的宫保鸡丁里吃") + 10
    wanted, floors = register.wanted_widths, register.narrowest
    room = sum(wanted.values()) + words - sum(wanted[c] - floors[c] for c in (CATEGORY, CUSTOMER)) // 2
    register.resize(register.width() - table.viewport().width() + room, 600)
    qtbot.waitUntil(lambda: table.viewport().width() == room)
    assert table.columnWidth(CATEGORY) < metrics.horizontalAdvance(longest)
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), "no scrolling sideways"
    assert table.columnWidth(WORDS) >= metrics.horizontalAdvance("我点的宫保鸡丁里吃"), "a few words of the complaint"
    for column in (CATEGORY, CUSTOMER):  # their headings whole
        assert table.columnWidth(column) >= header.fontMetrics().horizontalAdvance(
            str(register.model.headerData(column, Qt.Orientation.Horizontal))
        )
    # Narrower still (a 1024-pixel window in English): the state, the staff and the date give way too, before the
    # words (they were one character wide, the state whole, and the list scrolled sideways).
    narrow = room - sum(wanted[c] - floors[c] for c in (CATEGORY, CUSTOMER)) // 2 - 60
    register.resize(register.width() - table.viewport().width() + narrow, 600)
    qtbot.waitUntil(lambda: table.viewport().width() == narrow)
    assert header.length() <= table.viewport().width(), "no scrolling sideways"
    assert table.columnWidth(WORDS) >= metrics.horizontalAdvance("我点的宫保鸡丁里吃"), "a few words of the complaint"
    assert table.columnWidth(STATE) < wanted[STATE] and table.columnWidth(RECEIVED) >= metrics.horizontalAdvance(
        "11-24 18:00"
    )


def test_an_earlier_year_s_date_is_whole_where_there_is_room(qtbot: QtBot, seeded: object, english: None) -> None:
    """A complaint of last year reads 2025-12-08 13:17: it was cut to 2025-12-1… in a 1366-pixel window."""
    from ui.register.model import RECEIVED

    register = RegisterPage()
    qtbot.addWidget(register)
    register.resize(1100, 600)
    register.show()
    qtbot.waitExposed(register)
    assert register.table.columnWidth(RECEIVED) > register.table.fontMetrics().horizontalAdvance("2025-12-08 13:17")


def test_the_office_s_decision_put_to_the_customer_is_said_as_the_form_says_it(
    qtbot: QtBot, demo: None, english: None
) -> None:
    """The case view's history said "Proposal offered" by the duty manager under the office's own proposal, where the
    printed form says "Office's decision told to the customer" (review: three descriptions of one step)."""
    from models.audit import AuditEvent

    told = None
    decided = AuditEvent.select(AuditEvent.complaint).where(AuditEvent.action == "decided").tuples()
    for (complaint_id,) in decided:
        actions = [a for (a,) in AuditEvent.select(AuditEvent.action).where(AuditEvent.complaint == complaint_id)
                   .order_by(AuditEvent.id).tuples()]  # fmt: skip
        after = actions[actions.index("decided") + 1 :]
        if "proposed" in after and not {"escalated", "consent"} & set(after[: after.index("proposed")]):
            told = complaint_id
            break
    assert told is not None, "the demo has an office's decision put to the customer"
    view = CaseView(told, Staff.get(Staff.role == Role.OFFICE))
    qtbot.addWidget(view)
    assert "Office's decision told to the customer" in view.details.toPlainText()
