"""More open cases than a list shows: the counts count them all and the lists say they are cut (at a million
complaints the desk's first 500 were said as the totals: "500 open cases: 500 past the promised time" beside cards
saying 2,488 and 1,592; the handover sheet, the record of what was handed over, said "500 open cases")."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import models.handover
import models.intake.queries
import models.queues
from models.complaint import Complaint, FollowUp, State
from models.follow_ups import due_follow_ups
from models.handover import handover_sheet
from models.queues import WAITING_FOR_OFFICE, desk_queue
from ui.paper.handover_sheet import render_handover_sheet

from conftest import Desk, require_program


@pytest.fixture
def busy_desk(seeded: Desk, monkeypatch: pytest.MonkeyPatch) -> Desk:
    """Twelve open cases (eight past the promise, four with the office), three promises due; lists of five (the
    sheet's of three) stand for the 500 a list shows."""
    monkeypatch.setattr(models.intake.queries, "OPEN_CASES_SHOWN", 5)
    monkeypatch.setattr(models.handover, "SHEET_LISTED", 3)
    now = dt.datetime.now()
    late = [
        dict(received_at=now - dt.timedelta(hours=10 - n), promised_at=now - dt.timedelta(hours=5 - n / 2),
             state=State.RECEIVED)
        for n in range(8)
    ]  # fmt: skip
    office = [dict(received_at=now - dt.timedelta(hours=1, minutes=n), state=State.ESCALATED) for n in range(4)]
    rows = [dict(row, received_by=seeded.manager.id, narrative="菜凉了", demand="重做") for row in late + office]
    Complaint.insert_many(rows).execute()
    first = Complaint.select().order_by(Complaint.id).first()
    FollowUp.insert_many([dict(complaint=first.id, description=f"回访{n}", due_at=now) for n in range(3)]).execute()
    return seeded


def test_the_counts_count_every_open_case_and_each_filter_lists_its_own(busy_desk: Desk) -> None:
    queue = desk_queue(busy_desk.manager)
    counts = queue.counts
    assert (len(queue), queue.listed, queue.cut) == (5, 12, True)
    assert (counts.open, counts.overdue, counts.waiting_for_office) == (12, 8, 4)
    # The office's four, all of them: filtered out of the first five (all past the promise), none were listed.
    office = desk_queue(busy_desk.manager, which=WAITING_FOR_OFFICE)
    assert len(office) == 4 and not office.cut and all(case.state == State.ESCALATED for case in office)


def test_the_open_cases_page_says_the_totals_and_that_its_list_is_cut(
    qtbot: QtBot, busy_desk: Desk, english: None
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(busy_desk.manager)
    qtbot.addWidget(window)
    page = window.open_cases
    page.refresh()
    assert page.banner.text().startswith(
        "12 open cases: 8 past the promised time, 4 waiting for the office. The first 5 of 12 are listed."
    ), page.banner.text()
    assert page.cases.topLevelItemCount() == 5


def test_the_handover_sheet_counts_all_and_lists_each_kind_s_oldest(busy_desk: Desk, tmp_path: Path) -> None:
    sheet = handover_sheet(busy_desk.manager)
    assert (len(sheet.open_cases), sheet.desk_total) == (3, 8)
    assert (len(sheet.waiting_for_office), sheet.office_total) == (3, 4), "the office's cases are not crowded out"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(render_handover_sheet(json.loads(sheet.to_json()), language="en"))
    out = subprocess.run([require_program("pdftotext"), "-raw", str(path), "-"], capture_output=True, text=True)
    text = " ".join(out.stdout.split())
    assert "12 open cases: 8 at the desk, 4 waiting for the office." in text
    assert "The oldest 3 of 8 are listed." in text and "The oldest 3 of 4 are listed." in text


def test_the_follow_ups_heading_says_how_many_are_due(qtbot: QtBot, busy_desk: Desk, english: None) -> None:
    from ui.follow_ups import FollowUpsDue

    due = due_follow_ups(limit=2)
    assert (len(due), due.total) == (2, 3)
    listed = FollowUpsDue()
    qtbot.addWidget(listed)
    listed.show_rows(due)
    assert listed.heading.text() == "Call-backs and promises due: 3"


def test_the_list_in_view_is_read_again_in_a_worker(
    qtbot: QtBot, busy_desk: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As other desks save, the Open cases in view were read again on the GUI thread: at a million complaints a
    fifth of a second, the window frozen every minute."""
    import threading

    import models.queues
    from ui.main_window import SECTION_OPEN_CASES, MainWindow

    window = MainWindow(busy_desk.manager)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(SECTION_OPEN_CASES)
    page = window.open_cases
    read_on: list[threading.Thread] = []
    real = models.queues.desk_queue

    def watched(*args: object, **kwargs: object) -> object:
        read_on.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("ui.open_cases.desk_queue", watched)
    Complaint.update(state=State.CLOSED).where(Complaint.state == State.ESCALATED).execute()  # another desk
    window._follow(with_risks=False)
    qtbot.waitUntil(lambda: page.queue.counts.waiting_for_office == 0, timeout=5_000)
    assert read_on and all(thread is not threading.main_thread() for thread in read_on)
    assert page.banner.text().startswith("8 open cases: 8 past the promised time, 0 waiting for the office.")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_open_cases_count_is_grouped(language: str, request: pytest.FixtureRequest) -> None:
    """"未结投诉 2488 件" beside "共 2,488 件" on one banner."""
    from PySide6.QtCore import QCoreApplication

    request.getfixturevalue("english" if language == "en" else "chinese")
    said = QCoreApplication.translate("OpenCasesPage", "%Ln open case(s)", "", 2488)
    assert said == ("2,488 open cases" if language == "en" else "未结投诉 2,488 件"), said


def test_a_card_reads_the_queue_once(qtbot: QtBot, busy_desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter combo's change read the queue, then show_filter read it again: two reads on the GUI thread."""
    from ui.main_window import MainWindow

    window = MainWindow(busy_desk.manager)
    qtbot.addWidget(window)
    reads: list[object] = []
    real = models.queues.desk_queue

    def counted(*args: object, **kwargs: object) -> object:
        reads.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("ui.open_cases.desk_queue", counted)
    window.open_cases.show_filter(WAITING_FOR_OFFICE)
    assert len(reads) == 1 and window.open_cases.cases.topLevelItemCount() == 4
