"""The desk's figures on its home page."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import db
from models.complaint import Complaint, State
from models.overview import desk_overview
from models.staff import Role, create_staff

NOW = dt.datetime(2026, 3, 14, 10, 30)


def test_the_figures_count_what_is_open_late_waiting_and_closed_this_month(database: object) -> None:
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    month_start = dt.datetime(2026, 3, 1)
    cases = [
        (State.RECEIVED, NOW - dt.timedelta(hours=1), NOW + dt.timedelta(minutes=5), None),  # open, in time, today
        (State.INVESTIGATING, NOW - dt.timedelta(days=2), NOW - dt.timedelta(days=1), None),  # open and late
        (State.ESCALATED, NOW - dt.timedelta(days=3), NOW - dt.timedelta(days=2), None),  # waiting for the office
        (State.CLOSED, NOW - dt.timedelta(days=5), None, month_start),  # closed this month, at its first moment
        (State.WITHDRAWN, NOW - dt.timedelta(days=4), None, NOW - dt.timedelta(days=1)),  # withdrawn this month
        (State.CLOSED, NOW - dt.timedelta(days=40), None, month_start - dt.timedelta(seconds=1)),  # last month
    ]
    for state, received_at, promised_at, closed_at in cases:
        Complaint.create(
            state=state, received_by=staff, received_at=received_at, promised_at=promised_at, closed_at=closed_at
        )
    figures = desk_overview(NOW)
    assert (figures.open_cases, figures.overdue, figures.awaiting_office) == (3, 2, 1)
    assert (figures.received_today, figures.closed_this_month) == (1, 2)


@pytest.mark.sqlite_only
def test_the_months_closings_are_read_through_the_index_of_closing_times(database: object) -> None:
    """Not through the index of states: that one holds every closed case of all time."""
    plans: list[str] = []
    original = db.execute_sql

    def explained(sql: str, params: object = None) -> object:
        if "closed_at" in sql and sql.startswith("SELECT COUNT"):
            plans.extend(row[-1] for row in original(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
        return original(sql, params)

    db.obj.execute_sql = explained
    try:
        desk_overview(NOW)
    finally:
        del db.obj.execute_sql
    assert any("INDEX complaint_closed_at" in plan for plan in plans), plans
    assert not any("complaint_state" in plan for plan in plans), plans
