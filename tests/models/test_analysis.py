"""The office's figures and the cost of service recovery, checked against small databases counted by hand."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import IntegrityError

from models.analysis.cost import cost
from models.analysis.figures import figures, keyed, nearest_rank
from models.analysis.period import Period, PeriodKind
from models.analysis.recovery import CostRecovery, case_recovery, remove_recovery, save_recovery
from models.analysis.report import analyse
from models.audit import AuditEvent
from models.base import db
from models.catalog import Category, Department, Remedy
from models.complaint import CompensationLine, Complaint, Proposal, State
from models.control.external import ExternalCase, ExternalChannel
from models.control.tallies import COLUMNS
from models.customer import Customer
from models.demo.recovery import MIN_LINES, PARTIES
from models.errors import DomainError
from models.search import Filters
from models.staff import Staff

from conftest import Desk, OpenCopy, build_master

MARCH = Period.of(PeriodKind.MONTH, dt.date(2026, 3, 10))
NOW = dt.datetime(2026, 4, 2, 12, 0)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 3, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute)


def minutes(moment: dt.datetime, n: int) -> dt.datetime:
    return moment + dt.timedelta(minutes=n)


# --------------------------------------------------------------------------- periods


def test_calendar_periods_hold_the_day_and_know_the_period_before_and_a_year_earlier() -> None:
    week = Period.of("week", dt.date(2026, 3, 12))  # a Thursday
    assert (week.first, week.last) == (dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    assert week.previous() == Period(PeriodKind.WEEK, dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert week.last_year().first.weekday() == 0 and week.last_year().first == dt.date(2025, 3, 10)
    assert MARCH.previous() == Period(PeriodKind.MONTH, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert MARCH.next().first == dt.date(2026, 4, 1) and MARCH.next().last == dt.date(2026, 4, 30)
    quarter = Period.of("quarter", dt.date(2026, 5, 20))
    assert (quarter.first, quarter.last, quarter.previous().first) == (
        dt.date(2026, 4, 1), dt.date(2026, 6, 30), dt.date(2026, 1, 1))
    year = Period.of("year", dt.date(2024, 2, 29))
    assert (year.days, year.previous().days, year.last_year() == year.previous()) == (366, 365, True)


def test_custom_dates_compare_with_as_many_days_before_and_the_same_dates_a_year_earlier() -> None:
    custom = Period.custom(dt.date(2024, 2, 20), dt.date(2024, 2, 29))
    assert custom.previous() == Period.custom(dt.date(2024, 2, 10), dt.date(2024, 2, 19))
    assert custom.next() == Period.custom(dt.date(2024, 3, 1), dt.date(2024, 3, 10))
    assert custom.last_year() == Period.custom(dt.date(2023, 2, 20), dt.date(2023, 2, 28))
    assert custom.weeks() == [dt.date(2024, 2, 19), dt.date(2024, 2, 26)]
    with pytest.raises(ValueError, match="before it starts"):
        Period.custom(dt.date(2024, 3, 2), dt.date(2024, 3, 1))
    # Whole months (a half-year, the summary's): as many months before, not as many days (2025-12-29 on).
    second_half = Period.custom(dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert second_half.previous() == Period.custom(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert second_half.next() == Period.custom(dt.date(2027, 1, 1), dt.date(2027, 6, 30))
    two_months = Period.custom(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert two_months.previous() == Period.custom(dt.date(2025, 11, 1), dt.date(2025, 12, 31))


def test_the_nearest_rank_percentiles() -> None:
    assert nearest_rank({}, 0.5) is None
    assert nearest_rank({7: 1}, 0.5) == nearest_rank({7: 1}, 0.9) == 7
    histogram = {1: 1, 2: 1, 3: 1, 4: 1, 10: 1, 20: 1, 30: 1, 40: 1, 50: 1, 60: 1}
    assert (nearest_rank(histogram, 0.5), nearest_rank(histogram, 0.9)) == (10, 50)


# --------------------------------------------------------------------------- figures


def test_an_empty_period_has_zeros_and_no_medians(seeded: Desk) -> None:
    result = figures(MARCH, now=NOW)
    assert (result.total, result.total_previous, result.total_last_year) == (0, 0, 0)
    assert result.by_category == () and result.by_duty_manager == ()
    assert [week.count for week in result.weekly] == [0] * 6  # 23 Feb to 30 Mar: six Mondays
    assert result.first_response.median_minutes is None and result.closing.p90_minutes is None
    assert result.satisfaction.average is None and result.satisfaction.answered == 0
    assert result.escalations.wait.median_minutes is None
    money = cost(MARCH, now=NOW)
    assert (money.complaints, money.total, money.per_compensated_case, money.per_complaint) == (
        0, Decimal("0.00"), None, None)
    assert money.small.effect.per_case is None and money.large.closing.median_minutes is None


def test_a_period_with_one_case(seeded: Desk) -> None:
    received = at(5)
    case = Complaint.create(
        received_by=seeded.manager, received_at=received, state=State.CLOSED, closed_at=minutes(received, 90),
        promised_at=minutes(received, 30), satisfaction=4,
    )
    Proposal.create(complaint=case, seq=1, created_by=seeded.manager, created_at=minutes(received, 20),
                    status="accepted", total=Decimal("0"))
    result = figures(MARCH, now=NOW)
    assert result.total == 1 and result.closed == 1
    assert (result.first_response.median_minutes, result.first_response.p90_minutes) == (20, 20)
    assert (result.closing.count, result.closing.median_minutes) == (1, 90)
    assert (result.promises.promised, result.promises.kept) == (1, 1)
    assert result.satisfaction.average == 4.0
    assert result.repeat.customers == 0
    money = cost(MARCH, now=NOW)
    assert (money.complaints, money.compensated, money.per_complaint) == (1, 0, Decimal("0.00"))
    assert money.small.effect.cases == 1 and money.large.effect.cases == 0


@pytest.fixture(scope="module")
def march_master(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    """The seeded desk with march's complaints, built once for the module."""
    return build_master(tmp_path_factory, seeded_database, _fill_march)


@pytest.fixture
def march(open_copy: OpenCopy, march_master: Path) -> Desk:
    """The seeded desk with the hand-counted complaints of _fill_march, its own copy."""
    open_copy(march_master)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def _fill_march() -> None:
    """Hand-counted complaints: six in March 2026, two in February 2026, one in March 2025, one in April.

    Each: received; category, department, location, channel, severity; by; state now; first response,
    closed and promise (minutes after receipt); satisfaction.
    1. 2 Mar 10:00; food quality, kitchen, 中餐厅, in person, medium; manager; closed; +20, +60, +30; 5.
    2. 3 Mar 10:00; food quality, kitchen, 中餐厅, phone, high; manager; closed after the office
       decided in 2 hours; +40, +600, +30; 2.
    3. 10 Mar 10:00; cleanliness, housekeeping, 大堂, in person, low; office; withdrawn; -, -, +15; -.
    4. 17 Mar 10:00; food quality, none, 大堂, online, medium; manager; investigating; -, -, +30; -.
    5. 30 Mar 9:00; cleanliness, housekeeping, 中餐厅, in person, low; manager; waiting for the office;
       +10, -, +60; -.
    6. 31 Mar 23:59; staff attitude, front office, no place, in person, low; manager; closed; +5, +30, -; 3.
    """
    manager, office = (Staff.get(Staff.username == name) for name in ("zhangwei", "office"))
    category = {row.code: row for row in Category.select()}
    department = {row.code: row for row in Department.select()}
    regular = Customer.create(name="李先生", phone="13800000001", note="")
    once = Customer.create(name="王女士", phone="13800000002", note="")

    def case(received: dt.datetime, cat: str, dept: str | None, **values: object) -> Complaint:
        return Complaint.create(
            received_at=received, category=category[cat], department=department[dept] if dept else None,
            received_by=values.pop("by", manager), **values,
        )

    c1 = case(at(2), "food_quality", "kitchen", location="中餐厅", severity="medium", state=State.CLOSED,
              closed_at=minutes(at(2), 60), promised_at=minutes(at(2), 30), satisfaction=5, customer=regular)
    c2 = case(at(3), "food_quality", "kitchen", location="中餐厅", channel="phone", severity="high",
              state=State.CLOSED, closed_at=minutes(at(3), 600), promised_at=minutes(at(3), 30), satisfaction=2,
              customer=regular)
    case(at(10), "hygiene", "housekeeping", location="大堂", state=State.WITHDRAWN, closed_at=at(10, 11),
         promised_at=minutes(at(10), 15), by=office)
    case(at(17), "food_quality", None, location="大堂", channel="online", severity="medium",
         state=State.INVESTIGATING, promised_at=minutes(at(17), 30), customer=once)
    c5 = case(at(30, 9), "hygiene", "housekeeping", location="中餐厅", state=State.ESCALATED,
              promised_at=minutes(at(30, 9), 60))
    c6 = case(at(31, 23, 59), "service_attitude", "front_office", state=State.CLOSED,
              closed_at=minutes(at(31, 23, 59), 30), satisfaction=3)
    # The periods around it: February (two), March 2025 (one), April (one, never counted).
    case(at(27, month=2), "food_quality", "kitchen", location="中餐厅")
    case(at(28, 23, 59, month=2), "hygiene", "housekeeping", location="大堂", channel="phone")
    case(at(15, year=2025), "service_attitude", "front_office")
    case(at(1, 0, 0, month=4), "food_quality", "kitchen")

    remedy = {row.kind: row for row in Remedy.select().order_by(Remedy.id)}
    # 1: 80 yuan at the desk (a voucher 50 charged to the kitchen, a free item 30 charged to F&B).
    p1 = Proposal.create(complaint=c1, seq=1, created_by=manager, created_at=minutes(at(2), 20),
                         status="accepted", total=Decimal("80"))
    CompensationLine.create(proposal=p1, remedy=remedy["voucher"], amount=Decimal("50"),
                            charged_to=department["kitchen"])
    CompensationLine.create(proposal=p1, remedy=remedy["free_item"], amount=Decimal("30"),
                            charged_to=department["food_beverage"])
    # 2: escalated at +40 (500 yuan), decided by the office 2 hours later, accepted: 500 charged to the kitchen.
    p2 = Proposal.create(complaint=c2, seq=1, created_by=manager, created_at=minutes(at(3), 40), status="accepted",
                         total=Decimal("500"), needs_office=True, decision="approved", decided_by=office,
                         decided_at=minutes(at(3), 160))
    CompensationLine.create(proposal=p2, remedy=remedy["voucher"], amount=Decimal("500"),
                            charged_to=department["kitchen"])
    # 5: escalated at +10, the office has not decided.
    Proposal.create(complaint=c5, seq=1, created_by=manager, created_at=minutes(at(30, 9), 10), status="escalated",
                    total=Decimal("300"), needs_office=True)
    # 6: an apology at +5, accepted (no money).
    Proposal.create(complaint=c6, seq=1, created_by=manager, created_at=minutes(at(31, 23, 59), 5),
                    status="accepted", total=Decimal("0"))
    channel = ExternalChannel.get(ExternalChannel.code == "platform_12315")
    for received_on, state, outcome, due in (
        (dt.date(2026, 3, 20), "closed", "resolved", dt.date(2026, 3, 30)),
        (dt.date(2026, 3, 25), "received", "", dt.date(2026, 4, 1)),  # past due on 2 April
        (dt.date(2026, 4, 1), "received", "", dt.date(2026, 4, 10)),  # April: not counted
    ):
        ExternalCase.create(complaint=c2, channel=channel, received_on=received_on, state=state, outcome=outcome,
                            due_on=due, recorded_by=office)


def test_counts_by_dimension_against_the_period_before_and_a_year_earlier(march: Desk) -> None:
    result = figures(MARCH, now=NOW)
    assert (result.total, result.total_previous, result.total_last_year) == (6, 2, 1)
    assert (result.open, result.closed, result.withdrawn) == (2, 3, 1)
    categories = {row.name_en: (row.count, row.previous, row.last_year) for row in result.by_category}
    assert categories == {"Food quality": (3, 1, 0), "Cleanliness": (2, 1, 0), "Staff attitude": (1, 0, 1)}
    assert result.by_category[0].name == "菜品质量"  # the most first
    departments = keyed(result.by_department)
    assert departments[None].count == 1 and departments[None].name == ""
    assert sum(row.count for row in result.by_department) == 6
    locations = {row.key: (row.count, row.previous) for row in result.by_location}
    assert locations == {"中餐厅": (3, 1), "大堂": (2, 1), None: (1, 0)}
    assert keyed(result.by_location)["大堂"].name_en == "Lobby"
    assert {row.key: row.count for row in result.by_channel} == {"in_person": 4, "phone": 1, "online": 1}
    assert keyed(result.by_channel)["phone"].previous == 1
    assert {row.key: row.count for row in result.by_severity} == {"medium": 2, "high": 1, "low": 3}
    managers = keyed(result.by_duty_manager)
    assert (managers[march.manager.id].count, managers[march.office.id].count) == (5, 1)
    assert managers[march.manager.id].name == "张伟"


def test_the_weekly_series_covers_each_week_the_month_touches(march: Desk) -> None:
    result = figures(MARCH, now=NOW)
    assert [(week.monday.day, week.count, week.days) for week in result.weekly] == [
        (23, 0, 1), (2, 2, 7), (9, 1, 7), (16, 1, 7), (23, 0, 7), (30, 2, 2)]  # 23 Feb's week: only 1 March inside
    # Seen on 18 March: the weeks still to come are none of 0 complaints, and this week counts its days so far.
    so_far = figures(MARCH, now=dt.datetime(2026, 3, 18, 12))
    assert [(week.monday.day, week.days) for week in so_far.weekly] == [(23, 1), (2, 7), (9, 7), (16, 3)]


def test_response_and_closing_times_promises_and_escalations(march: Desk) -> None:
    result = figures(MARCH, now=NOW)
    # Responses at 20, 40, 10 and 5 minutes: nearest-rank median 10, 90th percentile 40.
    assert result.first_response == type(result.first_response)(4, 10, 40)
    # Closed (withdrawn not) after 60, 600, 30 minutes.
    assert (result.closing.count, result.closing.median_minutes, result.closing.p90_minutes) == (3, 60, 600)
    promises = result.promises
    # Promised: 1-5. Kept: 1 (20 <= 30) and 5 (10 <= 60); late: 2 (40 > 30); 4 open, no answer, past it;
    # 3 withdrawn without an answer.
    assert (promises.promised, promises.kept, promises.late, promises.overdue, promises.pending,
            promises.ended_unanswered) == (5, 2, 1, 1, 0, 1)
    escalations = result.escalations
    assert (escalations.cases, escalations.escalations, escalations.decided, escalations.waiting) == (2, 2, 1, 1)
    assert escalations.wait.median_minutes == 120


def test_satisfaction_repeat_customers_and_external_cases(march: Desk) -> None:
    result = figures(MARCH, now=NOW)
    assert result.satisfaction.answered == 3
    assert result.satisfaction.by_score == ((1, 0), (2, 1), (3, 1), (4, 0), (5, 1))
    assert result.satisfaction.average == pytest.approx(10 / 3)
    assert (result.repeat.customers, result.repeat.repeat_customers, result.repeat.repeat_complaints) == (2, 1, 2)
    external = result.external
    assert (external.total, external.closed, external.overdue) == (2, 1, 1)
    assert [(row.name_en, row.count) for row in external.by_channel] == [("12315 platform", 2)]
    assert {row.key: row.count for row in external.by_outcome} == {"resolved": 1, "": 1}


def test_what_an_earlier_period_left_open_counts_as_open_now(march: Desk) -> None:
    from models.catalog import Department
    from models.control.improvement import ActionInput, create_action

    create_action(march.office, ActionInput(
        problem="西餐厅牛排反复被投诉太老", measure="统一火候标准", responsible="厨师长周某",
        due_on=dt.date(2026, 3, 20), department_id=Department.get(Department.code == "kitchen").id,
    ), complaint_ids=[Complaint.select(Complaint.id).scalar()], now=dt.datetime(2026, 3, 15, 9, 0))  # fmt: skip
    april = figures(Period.of(PeriodKind.MONTH, dt.date(2026, 4, 1)), now=NOW)
    # March's open case (past due on 2 April) is still open in April, beside April's own (not due yet).
    assert (april.external.total, april.external.open_now, april.external.overdue_now) == (1, 2, 1)
    assert (april.improvement.actions, april.improvement.overdue_now) == (0, 1)
    march_now = figures(MARCH, now=NOW)
    assert (march_now.external.open_now, march_now.improvement.overdue_now) == (1, 1)
    before = figures(Period.of(PeriodKind.MONTH, dt.date(2026, 2, 1)), now=NOW)
    assert (before.external.open_now, before.improvement.overdue_now) == (0, 0), "not what came after the period"


def test_a_hot_spot_s_group_acted_on_when_it_rose_before_has_that_action(march: Desk) -> None:
    """The analysis said "尚无整改措施" of a hot-spot whose group the office had an action for (made when it rose
    in February; the hot-spots page showed it): its key's first day is another."""
    from models.control.hotspot_notices import HotspotNotice
    from models.control.hotspots import HotspotKey
    from models.control.improvement import ActionInput, create_action
    from models.control.tallies import GroupKind

    billing = str(Category.get(Category.code == "billing").id)
    february = HotspotKey(GroupKind.CATEGORY, "", billing, dt.date(2026, 2, 10))
    march_rise = HotspotKey(GroupKind.CATEGORY, "", billing, dt.date(2026, 3, 12))
    HotspotNotice.create(
        complaint=Complaint.select(Complaint.id).where(Complaint.received_at >= at(1)).scalar(),
        hotspot_key=march_rise.text, group_kind=GroupKind.CATEGORY, group_scope="", group_value=billing, count=5,
        window="week", last_day=dt.date(2026, 3, 12), told_at=at(12), told_by=march.manager,
    )  # fmt: skip
    result = figures(MARCH, now=NOW)
    assert [row.action_states for row in result.improvement.hotspots if row.key == march_rise] == [()]
    create_action(march.office, ActionInput(
        problem="结账多收", measure="收银复核", responsible="财务部", due_on=dt.date(2026, 3, 30),
    ), hotspot=february, now=dt.datetime(2026, 2, 20, 9, 0))  # fmt: skip
    result = figures(MARCH, now=NOW)
    assert [row.action_states for row in result.improvement.hotspots if row.key == march_rise] == [("open",)]


def test_an_external_case_is_overdue_only_while_its_reply_is_owed(march: Desk) -> None:
    """As the external cases' page counts them: the day watched is the acceptance decision's until the reply is
    started, then the reply's; a case replied to owes nothing, whatever its due day."""
    channel = ExternalChannel.get(ExternalChannel.code == "platform_12315")
    complaint = Complaint.select(Complaint.id).scalar()
    for state, acceptance_due, due_on in (
        ("replied", None, dt.date(2026, 3, 31)),  # replied, waiting to be closed: not overdue
        ("replied", dt.date(2026, 3, 27), dt.date(2026, 3, 28)),  # the same, its days long past
        ("received", dt.date(2026, 3, 30), dt.date(2026, 4, 20)),  # not accepted by its day: overdue
        ("replying", dt.date(2026, 3, 30), dt.date(2026, 4, 20)),  # accepted, the reply not due yet
    ):
        ExternalCase.create(complaint=complaint, channel=channel, received_on=dt.date(2026, 3, 26), state=state,
                            acceptance_due=acceptance_due, due_on=due_on, recorded_by=march.office)  # fmt: skip
    external = figures(MARCH, now=NOW).external
    assert (external.total, external.closed, external.overdue) == (6, 1, 2)
    assert (external.open_now, external.overdue_now) == (5, 2)


@pytest.mark.sqlite_only  # SQLite's read transaction: a write in it fails at once once another desk has committed
def test_another_desk_saving_while_the_analysis_reads_does_not_refuse_it(
    march: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The analysis reads one snapshot while the hot-spot tallies have a change to take in, and another desk
    commits meanwhile (here: just before the hot-spots are looked at). Nothing is written inside the snapshot
    (the tallies are brought up to date before it), so the analysis is not refused as "another desk is saving"."""
    import sqlite3
    from contextlib import closing

    import models.analysis.figures as figures_module

    expected = analyse(MARCH, now=NOW)
    # A change the hot-spot tallies must take in, as a desk's save queues it, which changes no figure: the newest
    # complaint's values taken off and put back.
    columns = ", ".join(COLUMNS)
    db.execute_sql(
        f"INSERT INTO hotspot_change (complaint_id, sign, {columns}) SELECT id, s.sign, {columns} "
        "FROM complaint, (SELECT -1 AS sign UNION ALL SELECT 1) AS s WHERE id = (SELECT max(id) FROM complaint)"
    )
    real_improvement = figures_module._improvement
    saved: list[int] = []

    def another_desk_saves_first(*args: object, **kwargs: object) -> object:
        with closing(sqlite3.connect(db.database)) as other, other:
            saved.append(other.execute("UPDATE staff SET failed_logins = failed_logins + 1").rowcount)
        return real_improvement(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(figures_module, "_improvement", another_desk_saves_first)
    assert analyse(MARCH, now=NOW) == expected
    assert saved and saved[0] > 0  # the other desk committed inside the analysis' snapshot
    assert db.execute_sql("SELECT count(*) FROM hotspot_change").fetchone() == (0,)  # the change was taken in


def test_the_registers_filters_narrow_every_figure(march: Desk) -> None:
    food = Category.get(Category.code == "food_quality").id
    result = figures(MARCH, Filters(category_id=food), now=NOW)
    assert (result.total, result.total_previous, result.total_last_year) == (3, 1, 0)
    assert [row.key for row in result.by_category] == [food]
    assert result.escalations.cases == 1 and result.external.total == 2
    closed = figures(MARCH, Filters(states=("closed",), received_by_id=march.manager.id), now=NOW)
    assert closed.total == 3 and closed.satisfaction.answered == 3
    ignored_dates = figures(MARCH, Filters(received_from=dt.date(2020, 1, 1), received_to=dt.date(2020, 1, 2)))
    assert ignored_dates.total == 6  # the period decides the dates


def test_the_cost_of_service_recovery(march: Desk) -> None:
    money = cost(MARCH, now=NOW)
    assert (money.complaints, money.compensated, money.total) == (6, 2, Decimal("580.00"))
    assert (money.per_compensated_case, money.per_complaint) == (Decimal("290.00"), Decimal("96.67"))
    departments = {row.name_en: (row.cases, row.lines, row.amount) for row in money.by_department}
    assert departments == {"Kitchen": (2, 2, Decimal("550.00")), "Food & Beverage": (1, 1, Decimal("30.00"))}
    kinds = {row.key: (row.cases, row.amount) for row in money.by_remedy_kind}
    assert kinds == {"voucher": (2, Decimal("550.00")), "free_item": (1, Decimal("30.00"))}
    (manager,) = money.by_duty_manager
    assert (manager.name, manager.cases, manager.amount, manager.largest) == ("张伟", 2, Decimal("580.00"),
                                                                              Decimal("500.00"))
    assert (manager.per_case_limit, manager.over_case_limit, manager.desk_total, manager.busiest_day) == (
        Decimal("200.00"), 1, Decimal("80.00"), Decimal("80.00"))
    assert manager.days_over_daily_limit == 0


def test_cost_against_effect_and_small_cases_against_large(march: Desk) -> None:
    money = cost(MARCH, now=NOW)
    voucher = next(row.effect for row in money.effect_by_remedy_kind if row.kind == "voucher")
    # Cases 1 (5, came back: case 2 a day later) and 2 (2).
    assert (voucher.cases, voucher.amount, voucher.satisfaction, voucher.came_back) == (2, Decimal("550.00"), 3.5, 1)
    bands = {(band.low, band.high): band.effect for band in money.effect_by_band}
    assert bands[(None, Decimal("0"))].cases == 4  # 3, 4, 5 without an accepted proposal, 6 an apology
    assert (bands[(Decimal("50"), Decimal("200"))].cases, bands[(Decimal("200"), Decimal("500"))].cases) == (1, 1)
    assert bands[(Decimal("2000"), None)].cases == 0
    # Small: 1 and 6 accepted at the desk; large: 2 through the office (5 still waits, not settled).
    assert (money.small.effect.cases, money.small.effect.amount, money.small.effect.satisfaction) == (
        2, Decimal("80.00"), 4.0)
    assert (money.small.closing.median_minutes, money.small.closing.p90_minutes) == (30, 60)
    assert (money.large.effect.cases, money.large.effect.per_case, money.large.closing.median_minutes) == (
        1, Decimal("500.00"), 600)


# --------------------------------------------------------------------------- recovery from a third party (追偿)


def _lines(march: Desk) -> list[int]:
    """Case 1's two lines (voucher 50, free item 30) and case 2's (voucher 500)."""
    return [row.id for row in CompensationLine.select().order_by(CompensationLine.id)]


def test_the_office_marks_a_line_recoverable_and_records_what_came_back(march: Desk) -> None:
    voucher, free_item, large = _lines(march)
    first = save_recovery(march.office, large, "  鲜达食品 供应公司 ", "400", now=at(5))
    assert (first.party, first.amount_due, first.amount_recovered, first.recovered_at) == (
        "鲜达食品 供应公司", Decimal("400.00"), Decimal("0.00"), None)
    later = save_recovery(march.office, large, "鲜达食品 供应公司", "400", "250.5", "发函", now=at(20))
    assert (later.amount_recovered, later.outstanding, later.recovered_at, later.note) == (
        Decimal("250.50"), Decimal("149.50"), at(20), "发函")
    save_recovery(march.office, voucher, "恒昌水产", "50", "50", now=at(21))
    rows = {row.line_id: row for row in case_recovery(1)}
    assert set(rows) == {voucher, free_item} and not rows[free_item].marked and rows[voucher].outstanding == 0
    assert rows[voucher].remedy and rows[voucher].charged_to_en == "Kitchen"
    stored = CostRecovery.get(CostRecovery.line == large)
    assert (stored.amount_due, stored.amount_recovered, stored.updated_by_id) == (
        Decimal("400.00"), Decimal("250.50"), march.office.id)
    events = [row.action for row in AuditEvent.select().where(AuditEvent.action == "recovery_saved")]
    assert events == ["recovery_saved"] * 3
    changes = json.loads(AuditEvent.select().where(AuditEvent.action == "recovery_saved").order_by(
        AuditEvent.id.desc()).first().change.text)
    assert changes["amount_recovered"] == [None, "50.00"] and changes["line"] == voucher
    money = cost(MARCH, now=NOW).recovery
    assert (money.lines, money.due, money.recovered, money.outstanding) == (
        2, Decimal("450.00"), Decimal("300.50"), Decimal("149.50"))
    assert [(row.party, row.outstanding) for row in money.by_party] == [
        ("鲜达食品 供应公司", Decimal("149.50")), ("恒昌水产", Decimal("0.00"))]
    kitchen_only = cost(MARCH, Filters(category_id=Category.get(Category.code == "hygiene").id), now=NOW)
    assert kitchen_only.recovery.lines == 0 and kitchen_only.recovery.by_party == ()


@pytest.mark.parametrize(
    ("party", "due", "recovered", "message"),
    [
        ("", "40", "0", "Name the supplier or partner at fault."),
        ("x" * 65, "40", "0", "longer than 64 characters"),
        ("鲜达", "0", "0", "The amount due must be above zero."),
        ("鲜达", "50.01", "0", r"The amount due \(50.01 yuan\) cannot exceed the compensation line's 50.00 yuan."),
        ("鲜达", "40", "40.01", r"The amount recovered \(40.01 yuan\) cannot exceed the amount due \(40.00 yuan\)."),
        ("鲜达", "-1", "0", "An amount cannot be negative."),
        ("鲜达", "40", "-5", "An amount cannot be negative."),
        ("鲜达", "四十", "0", "is not an amount of money"),
    ],
)
def test_recovery_input_is_checked(march: Desk, party: str, due: str, recovered: str, message: str) -> None:
    voucher = _lines(march)[0]
    with pytest.raises(DomainError, match=message):
        save_recovery(march.office, voucher, party, due, recovered)
    assert CostRecovery.select().count() == 0


def test_only_the_office_records_recovery_and_only_on_accepted_compensation(march: Desk) -> None:
    voucher = _lines(march)[0]
    with pytest.raises(DomainError, match="Only the office can record recovery"):
        save_recovery(march.manager, voucher, "鲜达", "10")
    escalated = Proposal.get(Proposal.status == "escalated")
    waiting = CompensationLine.create(proposal=escalated, remedy=Remedy.select().first(), amount=Decimal("300"))
    with pytest.raises(DomainError, match="Only compensation the customer accepted"):
        save_recovery(march.office, waiting.id, "鲜达", "10")
    with pytest.raises(DomainError, match="Only compensation the customer accepted"):
        save_recovery(march.office, 999_999, "鲜达", "10")
    assert CostRecovery.select().count() == 0


def test_a_mark_goes_away_only_while_nothing_was_recovered(march: Desk) -> None:
    voucher, free_item, _ = _lines(march)
    save_recovery(march.office, voucher, "鲜达", "50", "20")
    save_recovery(march.office, free_item, "绿源", "30")
    with pytest.raises(DomainError, match=r"20\.00 yuan was recovered on this line already"):
        remove_recovery(march.office, voucher)
    with pytest.raises(DomainError, match="Only the office"):
        remove_recovery(march.manager, free_item)
    remove_recovery(march.office, free_item)
    assert [row.line_id for row in CostRecovery.select()] == [voucher]
    assert AuditEvent.select().where(AuditEvent.action == "recovery_removed").count() == 1


def test_a_sealed_cases_lines_are_recovered_all_the_same(march: Desk) -> None:
    """Recovery comes after closing: the line stays sealed, its recovery is a row of its own."""
    voucher = _lines(march)[0]
    db.execute_sql("UPDATE complaint SET archive_number = 'TS-2026-000001' WHERE id = 1")
    save_recovery(march.office, voucher, "鲜达", "50", "50")
    with pytest.raises(IntegrityError, match="sealed"):
        CompensationLine.update(amount=Decimal("1")).where(CompensationLine.id == voucher).execute()
    assert case_recovery(1)[0].amount_recovered == Decimal("50.00")


def test_the_demo_claims_part_of_the_suppliers_compensation_back(open_copy: OpenCopy, demo_database: Path) -> None:
    open_copy(demo_database)
    rows = db.execute_sql(
        "SELECT k.code, l.amount, x.amount_due, x.amount_recovered, x.recovered_at, c.closed_at, x.created_at "
        "FROM cost_recovery x JOIN compensation_line l ON l.id = x.line_id JOIN proposal p ON p.id = l.proposal_id "
        "JOIN complaint c ON c.id = p.complaint_id JOIN category k ON k.id = c.category_id"
    ).fetchall()
    assert len(rows) >= MIN_LINES
    assert {code for code, *_ in rows} <= set(PARTIES)
    assert all(0 < Decimal(str(due)) <= Decimal(str(amount)) for _, amount, due, *_ in rows)
    assert all(Decimal(str(recovered)) <= Decimal(str(due)) for _, _, due, recovered, *_ in rows)
    assert all(str(marked) > str(closed) for *_, closed, marked in rows)  # after closing
    recovered = [row for row in rows if row[4] is not None]
    assert 0 < len(recovered) < len(rows)  # some came back, some are outstanding
    assert AuditEvent.select().where(AuditEvent.action == "recovery_saved").count() == len(rows) + len(recovered)


def test_the_whole_analysis_in_one_pass_is_the_figures_and_the_cost(march: Desk) -> None:
    save_recovery(march.office, _lines(march)[2], "鲜达", "500", "100")
    whole = analyse(MARCH, now=NOW)
    assert whole.figures == figures(MARCH, now=NOW)
    assert whole.cost == cost(MARCH, now=NOW)
    assert whole.cost.recovery.recovered == Decimal("100.00")
