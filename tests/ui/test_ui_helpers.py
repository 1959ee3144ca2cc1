"""The shared helpers of the screens: fill(), the formats, the retranslation
mixin and the roles of the one application style sheet."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from ui.format import date_text, date_time, day_time, decimal_amount, money, number
from ui.i18n import Retranslating, fill
from ui.intake.prompt_panel import PromptPanel
from ui.style import STYLE_SHEET, apply_style
from ui.widgets import ErrorLabel, LimitedTextEdit


def test_fill_replaces_each_placeholder_once() -> None:
    assert fill("%1 of %2 forms sent to %3.", 3, 5, "desk") == "3 of 5 forms sent to desk."
    assert fill("Cannot read %1: %2", "a%2.jpg", "gone") == "Cannot read a%2.jpg: gone"
    assert fill("Hello, %1 (%2)", "张伟") == "Hello, 张伟 (%2)"


def test_one_format_per_context(english: None) -> None:
    at = dt.datetime(2026, 3, 4, 9, 5)
    assert date_time(at) == "2026-03-04 09:05"
    assert day_time(at, today=dt.date(2026, 12, 5)) == "03-04 09:05"
    assert day_time(at, today=dt.date(2027, 1, 2)) == "2026-03-04 09:05", "the year where it is not this year"
    assert date_text(at.date()) == "2026-03-04"
    assert date_time(None) == day_time(None) == date_text(None) == ""
    assert money(Decimal("1234.5")) == "1,234.50"
    assert money(None) == ""
    assert number(12345) == "12,345"
    assert decimal_amount(12.3) == Decimal("12.30")


def test_the_mixin_retranslates_on_a_language_change(qtbot: QtBot) -> None:
    class Caption(Retranslating, QLabel):
        def retranslateUi(self) -> None:
            self.setText(f"{self.text()}+")

    caption = Caption()
    qtbot.addWidget(caption)
    QApplication.sendEvent(caption, QEvent(QEvent.Type.LanguageChange))
    assert caption.text() == "+"


def test_widgets_carry_roles_not_colours(qtbot: QtBot, database: object, english: None) -> None:
    error = ErrorLabel()
    text = LimitedTextEdit(limit=5)
    panel = PromptPanel()
    for widget in (error, text, panel):
        qtbot.addWidget(widget)
    assert error.property("role") == "error" and error.styleSheet() == ""
    assert text.counter.property("role") == "muted"
    text.setText("too long for five")
    assert text.counter.property("role") == "error"
    assert text.counter.styleSheet() == ""
    assert panel.countdown.property("role") == "muted"
    now = dt.datetime(2026, 3, 4, 9, 0)
    for minutes_left, role in ((10, "within"), (2, "near"), (-1, "over")):
        panel.set_promised_at(now + dt.timedelta(minutes=minutes_left))
        panel._tick(now)
        assert panel.countdown.property("role") == role
    assert panel.styleSheet() == "" and panel.countdown.styleSheet() == ""


def test_an_error_sentence_can_be_selected_once_shown(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    error = ErrorLabel()
    qtbot.addWidget(error)
    error.show_message("The user name or the password is wrong.")
    assert error.isVisible()
    assert error.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    error.show_message("")
    assert not error.isVisible()


def test_the_application_style_sheet_styles_every_role(qapp: QApplication) -> None:
    for role in ("error", "muted", "notice", "hint", "summary", "within", "near", "over"):
        assert f'[role="{role}"]' in STYLE_SHEET
    before = qapp.styleSheet()
    try:
        apply_style(qapp)
        assert qapp.styleSheet() == STYLE_SHEET
    finally:
        qapp.setStyleSheet(before)


def test_sections_are_built_on_first_view_and_follow_who_is_logged_in(
    qtbot: QtBot, defaults: object, english: None
) -> None:
    from models.staff import Role, create_staff
    from ui.main_window import LAZY_SECTIONS, SECTION_ACCOUNTS, SECTION_CATALOGUES, SECTION_OVERVIEW, MainWindow
    from ui.office.catalogue_page import CataloguePage

    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    window = MainWindow(office)
    qtbot.addWidget(window)
    assert window._built == {}
    assert window.navigation.item(SECTION_CATALOGUES).isHidden() is False
    assert window.navigation.item(SECTION_ACCOUNTS).isHidden()
    window.navigation.setCurrentRow(SECTION_CATALOGUES)
    assert isinstance(window.pages.currentWidget(), CataloguePage)
    assert list(window._built) == [SECTION_CATALOGUES]
    assert window.catalogues.staff is office
    window.set_staff(desk)
    assert window.navigation.currentRow() == SECTION_OVERVIEW
    assert window.catalogues.staff is desk
    hidden = {row for row in LAZY_SECTIONS if window.navigation.item(row).isHidden()}
    assert hidden == set(LAZY_SECTIONS) - {row for row, section in LAZY_SECTIONS.items() if section.shown_to(desk)}
    assert SECTION_CATALOGUES in hidden


# --------------------------------------------------------------------------- the change watch


def test_the_change_watch_closes_its_connection_with_its_window(qtbot: QtBot, database: object) -> None:
    """The watch's connection of its own (a file's read-only one; on a server, a LISTEN session) ends when
    its window goes, not whenever the garbage collector finds it (on a server: a session left open)."""
    import sqlite3

    from PySide6.QtWidgets import QWidget

    from ui.db_changes import DatabaseChanges

    window = QWidget()
    watch = DatabaseChanges(window).watch
    assert watch is not None
    connection = watch.connection  # type: ignore[attr-defined]

    def closed() -> bool:
        if isinstance(connection, sqlite3.Connection):
            try:
                connection.execute("SELECT 1")
            except sqlite3.ProgrammingError:
                return True
            return False
        return bool(connection.closed)

    assert not closed()
    with qtbot.waitSignal(window.destroyed):
        window.deleteLater()
    assert closed()


def test_a_remedy_line_shows_how_its_description_begins(qtbot: QtBot, defaults: object, english: None) -> None:
    from models.catalog import Remedy
    from ui.intake.lines_editor import LinesEditor

    editor = LinesEditor()
    qtbot.addWidget(editor)
    editor.show()
    description = "八折优惠（原价578元），另赠果盘一份，并由餐厅经理当面致歉"
    editor.set_lines([(Remedy.get(Remedy.code == "voucher").id, Decimal("50"), description)])
    field = editor.rows[0].description
    assert field.text() == description and field.cursorPosition() == 0, "its start in view, not its end"
    assert field.toolTip() == description, "the whole of it on hovering"
    remedy = editor.rows[0].remedy
    assert remedy.toolTip() == remedy.currentText(), "a remedy's name cut short in a narrow row, whole on hovering"
    amount = editor.rows[0].amount
    assert amount.width() >= amount.fontMetrics().horizontalAdvance("99,999.00 yuan"), "an amount and its unit"


def test_lines_set_twice_before_the_event_loop_shows_only_the_last(qtbot: QtBot, defaults: object) -> None:
    """The office's decision form sets a case's remedy lines as each case is chosen: the rows of the one before
    leave at once (a deleted row lingered on screen until the event loop came round)."""
    from models.catalog import Remedy
    from ui.intake.lines_editor import LinesEditor

    editor = LinesEditor()
    qtbot.addWidget(editor)
    editor.show()
    voucher = Remedy.get(Remedy.code == "voucher").id
    editor.set_lines([])
    editor.set_lines([(voucher, Decimal("50"), "a"), (voucher, Decimal("60"), "b")])
    editor.set_lines([(voucher, Decimal("70"), "c")])
    laid_out = [editor.rows_layout.itemAt(place).widget() for place in range(editor.rows_layout.count())]
    assert [row.description.text() for row in laid_out if row is not None] == ["c"]


def test_a_control_s_text_is_quoted_without_its_shortcut_letter() -> None:
    from ui.i18n import without_shortcut

    assert without_shortcut("A&pprove the proposal") == "Approve the proposal"
    assert without_shortcut("批准方案(&P)") == "批准方案"
    assert without_shortcut("交接班(&S)…") == "交接班…"
    assert without_shortcut("Save && close") == "Save & close"


def test_a_hot_spot_named_at_a_line_s_start_begins_with_a_capital() -> None:
    from ui.hotspot_text import at_line_start

    assert at_line_start("complaints about Cleanliness") == "Complaints about Cleanliness"
    assert at_line_start("“头发” at 二楼中餐厅") == "“头发” at 二楼中餐厅" and at_line_start("") == ""


def test_a_file_s_size_reads_as_people_write_one(english: None) -> None:
    """A five-byte file read "0 KB" in the case view."""
    from ui.format import file_size

    assert file_size(5) == "5 bytes" and file_size(2_500_000) == "2.4 MB"
