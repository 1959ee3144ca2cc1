"""The office's work summaries on screen: a new summary drafted from a period's figures, the text edited under
its fixed headings and saved as versions, an earlier version viewed, signing off (then read-only), the figures
opening the register, export to PDF and Word. The rules: tests/models/test_summary_store.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from models.analysis.summary_document import SectionKey
from models.analysis.summary_store import load_version, store_summary, summary_rows
from models.complaint import Complaint

from conftest import Desk, DiscardQuestions, sample_summary, type_text

NOW = dt.datetime(2026, 11, 3, 9, 0)


def open_page(qtbot: QtBot, desk: Desk) -> object:
    from ui.main_window import SECTION_SUMMARY, MainWindow

    window = MainWindow(desk.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_SUMMARY)
    page = window.work_summaries
    return window, page


@pytest.fixture
def stored(seeded: Desk) -> int:
    return store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]


def test_the_text_is_edited_under_fixed_headings_and_saved_as_a_version(
    qtbot: QtBot, seeded: Desk, stored: int, english: None
) -> None:
    _window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    assert page.headings[SectionKey.SHORTCOMINGS].text() == "三、存在的不足及原因", "the document's own headings"
    assert page.sections[SectionKey.OPENING].toPlainText() == "opening：第一段。\nopening：第二段。"
    assert page.title.cursorPosition() == 0, "the title's start in view"
    assert page.state.text().startswith("Draft, version 1, saved ")
    assert not page.save_button.isEnabled() and page.sign_button.isEnabled()
    editor = page.sections[SectionKey.SHORTCOMINGS]
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, "\n超时答复5件，原因是厨房出菜慢。")
    assert page.save_button.isEnabled() and not page.sign_button.isEnabled()
    # Tab goes to the next box (it typed a tab into the text, and the keyboard never left the box).
    typed = editor.toPlainText()
    assert editor.tabChangesFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == typed
    assert not page.list.isEnabled() and not page.versions.isEnabled(), "nothing typed is lost by switching"
    assert page.state.text().endswith("changes not saved")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Saved as version 2."
    newest = load_version(stored)
    assert newest.number == 2
    assert newest.document.paragraphs(SectionKey.SHORTCOMINGS)[-1] == "超时答复5件，原因是厨房出菜慢。"
    assert page.versions.count() == 2 and page.versions.currentData() == 2
    # The earlier version, read-only.
    page.versions.setCurrentIndex(page.versions.findData(1))
    page.versions.activated.emit(page.versions.currentIndex())
    assert page.stored.number == 1
    assert page.sections[SectionKey.SHORTCOMINGS].isReadOnly()
    assert "超时答复5件" not in page.sections[SectionKey.SHORTCOMINGS].toPlainText()
    assert page.state.text() == "An earlier version (1), read-only: choose the newest to edit."
    assert not page.sign_button.isEnabled()


def test_closing_the_window_asks_before_edits_not_saved_are_lost(
    qtbot: QtBot, seeded: Desk, stored: int, english: None, discard_questions: DiscardQuestions
) -> None:
    """Closing the window threw the typed text away without a word."""
    window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    editor = page.sections[SectionKey.LESSONS]
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, "\n半小时写的经验。")
    assert not window.close() and window.isVisible(), "kept: the window and the text stay"
    assert discard_questions.asked == [
        "Work summary not saved: The work summary has changes not saved yet. Close and throw them away?"
    ]
    assert page.dirty and page.sections[SectionKey.LESSONS].toPlainText().endswith("半小时写的经验。")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert window.close() and len(discard_questions.asked) == 1, "saved: closes without asking"
    assert load_version(stored).document.paragraphs(SectionKey.LESSONS)[-1] == "半小时写的经验。"


def test_a_shift_change_asks_before_the_summary_s_unsaved_edits_go_and_never_passes_them_on(
    qtbot: QtBot, seeded: Desk, stored: int, english: None, discard_questions: DiscardQuestions
) -> None:
    """Switch user went ahead without a word: the text typed stayed in the page, the duty manager next was asked at
    closing about a summary they cannot see, and the next office account could save it as a version of their own."""
    window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    editor = page.sections[SectionKey.LESSONS]
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, "\n马晓红未保存的一句话")
    window.switch_user_action.trigger()
    assert discard_questions.asked == [
        "Work summary not saved: The work summary has changes not saved yet. Hand the desk over and throw them away?"
    ]
    assert window.switch_dialog is None and page.dirty, "kept: no login, the text stays"
    discard_questions.answer = True
    window.switch_user_action.trigger()
    assert window.switch_dialog is not None and window.switch_dialog.isVisible()
    window.switch_dialog.reject()
    # From the lock, the author gone: the next person gets the summary as saved, not the edits.
    window.set_staff(seeded.manager)
    window.set_staff(seeded.office)
    assert not page.dirty and "马晓红未保存的一句话" not in page.sections[SectionKey.LESSONS].toPlainText()
    assert load_version(stored).number == 1 and len(summary_rows()) == 1


def test_discarding_asks_then_brings_the_saved_text_back(
    qtbot: QtBot, seeded: Desk, stored: int, english: None, discard_questions: DiscardQuestions
) -> None:
    _window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    page.title.setText("另一个标题")
    assert page.discard_button.isEnabled()
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)  # a slip of the hand (Alt+D) loses nothing
    assert discard_questions.asked == [
        "Discard changes: Throw away the changes made to this work summary since it was last saved?"
    ]
    assert page.title.text() == "另一个标题" and page.dirty
    discard_questions.answer = True
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "2026年10月投诉管控工作总结" and not page.dirty
    assert load_version(stored).number == 1


def test_signing_off_asks_first_then_the_summary_is_read_only(
    qtbot: QtBot, seeded: Desk, stored: int, english: None
) -> None:
    _window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    box = page.ask_sign()
    assert "Once signed off it can no longer be changed." in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert load_version(stored).row.state == "draft"
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(box), "an answered question goes: one more was kept at each asking"
    box = page.ask_sign()
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Sign off", "named for what it does, not Yes"
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: load_version(stored).row.state == "signed")
    assert page.message.text() == "Version 1 is signed off."
    assert page.state.text().startswith("Signed off by 马晓红 on ") and page.state.text().endswith(": read-only.")
    assert all(editor.isReadOnly() for editor in page.sections.values()) and page.title.isReadOnly()
    assert not page.save_button.isEnabled() and not page.sign_button.isEnabled()
    assert page.pdf_button.isEnabled(), "a signed summary is still exported and printed"
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    listed = "2026-10-01 – 2026-10-31\n简体中文 · Signed off · 2026年10月投诉管控工作总结"  # the period first
    qtbot.waitUntil(lambda: page.list.topLevelItem(0).text(0) == listed)


def test_a_new_summary_is_drafted_from_the_periods_figures(qtbot: QtBot, seeded: Desk, english: None) -> None:
    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉") for day in (2, 9)]  # fmt: skip
    Complaint.insert_many(rows).execute()
    _window, page = open_page(qtbot, seeded)
    assert page.state.text() == "Choose a summary, or write a new one from a period's figures."
    assert not page.title.isEnabled() and not any(editor.isEnabled() for editor in page.sections.values())
    dialog = page.ask_new()
    assert [label.text() for label in dialog.labels][:2] == ["&Period:", "A &day in it:"]
    dialog.kind.setCurrentIndex(dialog.kind.findData("month"))
    dialog.day.setDate(dt.date(2026, 10, 20))
    assert dialog.span.text() == "2026-10-01 to 2026-10-31"
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("custom"))
    assert dialog.first.isVisible() and not dialog.day.isVisible()
    dialog.first.setDate(dt.date(2026, 10, 31))
    dialog.last.setDate(dt.date(2026, 10, 1))
    dialog.accept()
    assert dialog.error.text() == "The period ends before it begins." and dialog.isVisible()
    coming = dt.date.today() + dt.timedelta(days=40)
    dialog.first.setDate(coming)
    dialog.last.setDate(coming + dt.timedelta(days=30))
    dialog.accept()
    assert dialog.error.text() == "The period begins after today: nothing in it has happened yet."
    assert dialog.isVisible()
    dialog.kind.setCurrentIndex(dialog.kind.findData("month"))
    dialog.accept()
    qtbot.waitUntil(lambda: page.stored is not None, timeout=10_000)
    assert page.stored.document.title == "Complaint handling work summary, October 2026"
    assert page.title.isEnabled() and all(editor.isEnabled() for editor in page.sections.values())
    assert page.headings[SectionKey.OPENING].text() == "1. Overview and overall assessment"
    assert page.sections[SectionKey.OPENING].toPlainText().startswith(
        "In October 2026 (2026-10-01 to 2026-10-31) the desk received 2 complaints"
    )
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    [row] = summary_rows()
    assert (row.period_kind, row.language, row.first_day) == ("month", "en", dt.date(2026, 10, 1))


def test_a_figure_lists_its_complaints_in_the_register(qtbot: QtBot, seeded: Desk, english: None) -> None:
    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉") for day in (2, 9, 30)]  # fmt: skip
    rows.append(
        dict(received_at=dt.datetime(2026, 11, 2, 12), received_by=seeded.manager.id, narrative="x", demand="y")
    )
    Complaint.insert_many(rows).execute()
    store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    first = page.figures.item(0)
    assert first.text() == "本期受理投诉：120件\n比上期100件增加20件"  # the summary's colon, not the screen's
    page.figures.setCurrentItem(first)
    with qtbot.waitSignal(page.open_register, timeout=10_000) as opened:
        page.figures.itemActivated.emit(first)
    filters, what = opened.args
    assert (filters.received_from, filters.received_to) == (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert what == "本期受理投诉：120件"
    register = window.register
    assert register.use_dates.isChecked(), "the register shows the figure's filter in its own fields"
    assert register.only_label.text() == "From the work summary: 本期受理投诉：120件", "not 'From the analysis'"
    october = {c.id for c in Complaint.select().where(Complaint.received_at < dt.datetime(2026, 11, 1))}
    qtbot.waitUntil(lambda: register.model.rowCount() == len(october), timeout=10_000)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_export_writes_the_file(qtbot: QtBot, seeded: Desk, stored: int, english: None, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:  # fmt: skip
    from PySide6.QtWidgets import QFileDialog

    _window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    target = tmp_path / "总结"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    page.ask_export(fmt)
    written = tmp_path / f"总结.{fmt}"
    qtbot.waitUntil(lambda: page.message.text() == f"Written to {written}.", timeout=10_000)
    assert written.read_bytes().startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_a_duty_manager_has_no_work_summaries(qtbot: QtBot, seeded: Desk) -> None:
    from ui.main_window import SECTION_SUMMARY, MainWindow

    window = MainWindow(seeded.manager)
    qtbot.addWidget(window)
    assert window.navigation.item(SECTION_SUMMARY).isHidden()


def test_a_figure_kept_as_its_complaints_lists_them(qtbot: QtBot, seeded: Desk, english: None) -> None:
    import dataclasses

    from models.analysis.summary_document import Figure

    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉") for day in (2, 9, 30)]  # fmt: skip
    Complaint.insert_many(rows).execute()
    kept = [c.id for c in Complaint.select().order_by(Complaint.id)][:2]
    repeat = Figure("repeat", "重复投诉", "2件", 2, "", {"ids": kept})
    document = dataclasses.replace(sample_summary(), figures=(repeat,))
    store_summary(seeded.office, "month", document, NOW)
    window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    page.figures.setCurrentRow(0)
    # The register lists them in a worker: the test ends once it has (not with its query still running).
    with (
        qtbot.waitSignal(window.register.first_page_shown, timeout=10_000),
        qtbot.waitSignal(page.open_complaints, timeout=10_000) as opened,
    ):
        page.figures.itemActivated.emit(page.figures.item(0))
    assert opened.args == [sorted(kept, reverse=True), "重复投诉：2件"]
    assert window.register.only_ids == tuple(sorted(kept, reverse=True))
    qtbot.waitUntil(lambda: window.register.model.rowCount() == 2)  # its search ends before the test does


def test_every_line_of_a_section_shows_in_its_box(qtbot: QtBot, seeded: Desk, stored: int, english: None) -> None:
    """A box is as tall as its text wrapped at its width, whatever was loaded or typed (a review saw the last four
    lines of a paragraph hidden in a box that did not scroll)."""
    from PySide6.QtGui import QTextCursor

    window, page = open_page(qtbot, seeded)
    window.resize(1100, 760)
    qtbot.waitUntil(lambda: page.stored is not None)
    editor = page.sections[SectionKey.OPENING]
    long = "。".join(f"第{n}句：本期投诉总量比上期下降，首次答复用时中位数为三十七分钟" for n in range(12))
    editor.setPlainText(f"{long}\n{long}")

    def last_line_shows() -> bool:
        cursor = QTextCursor(editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return editor.cursorRect(cursor).bottom() <= editor.viewport().height()

    qtbot.waitUntil(last_line_shows, timeout=3_000)
    assert editor.verticalScrollBar().value() == 0, "the first line shows too"
    window.resize(800, 760)  # narrower: more lines
    qtbot.waitUntil(last_line_shows, timeout=3_000)
    page.load(page.stored.row.id)  # the text set here is not saved: the window then closes without asking about it


def test_the_satisfaction_figure_lists_the_complaints_its_average_is_over(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """Every complaint of the period its customer rated, an agreed case not closed yet too (the closed ones alone
    were listed: 30 where the average was over 33)."""
    import dataclasses

    from models.analysis.summary_document import Figure
    from models.complaint import State

    def complaint(day: dt.date, state: State, score: int | None) -> int:
        return Complaint.create(received_by=seeded.manager, received_at=dt.datetime.combine(day, dt.time(12)),
                                state=state, satisfaction=score, demand="道歉").id  # fmt: skip

    closed = complaint(dt.date(2026, 10, 2), State.CLOSED, 5)
    agreed = complaint(dt.date(2026, 10, 31), State.AGREED, 2)
    complaint(dt.date(2026, 10, 9), State.CLOSED, None)  # closed, not rated
    complaint(dt.date(2026, 11, 1), State.CLOSED, 4)  # the month after
    october = {"received_from": "2026-10-01", "received_to": "2026-10-31", "states": ["closed"]}  # as drafted
    rated = Figure("satisfaction", "Average satisfaction", "3.50", 3.5, "", october)
    store_summary(seeded.office, "month", dataclasses.replace(sample_summary(), figures=(rated,)), NOW)
    window, page = open_page(qtbot, seeded)
    qtbot.waitUntil(lambda: page.stored is not None)
    page.figures.setCurrentRow(0)
    with (
        qtbot.waitSignal(window.register.first_page_shown, timeout=10_000),
        qtbot.waitSignal(page.open_complaints, timeout=10_000) as opened,
    ):
        page.figures.itemActivated.emit(page.figures.item(0))
    assert opened.args == [[agreed, closed], "Average satisfaction：3.50"]  # the sample summary is in Chinese
    qtbot.waitUntil(lambda: window.register.model.rowCount() == 2)


def test_at_1024_pixels_the_summary_s_state_reads_across_its_column(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """Beside the versions box the state line had a third of the editor's column and wrapped over four or five
    lines ("Choose a / summary, or / write a new one / from a period's / figures.")."""
    window, page = open_page(qtbot, seeded)
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: page.state.isVisible() and bool(page.state.text()))
    qtbot.wait(20)
    assert page.state.width() >= page.title.width(), (page.state.width(), page.title.width())
    assert page.state.height() <= 3 * page.state.fontMetrics().height()


def test_a_long_title_wraps_in_the_list_of_summaries(qtbot: QtBot, seeded: Desk, stored: int, english: None) -> None:
    """"简体中文 · 草稿 第 1 版 · 白云山…": the title was cut at the list's edge."""
    window, page = open_page(qtbot, seeded)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1)
    qtbot.wait(20)
    item = page.list.topLevelItem(0)
    room = QRect(0, 0, page.list.columnWidth(0) - 8, 100_000)
    needed = page.list.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), item.text(0)).height()
    assert needed > 2 * page.list.fontMetrics().height(), "the title needs more than its two lines here"
    assert page.list.visualItemRect(item).height() >= needed, item.text(0)
