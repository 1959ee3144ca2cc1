"""The analysis from the day tallies (migration 0021) is the analysis from the complaints themselves: the same
figures and cost for every kind of period, with and without filters, after the demo's bulk load and after every
kind of change a case goes through; and the triggers keep the tallies as ``rebuild`` fills them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from models.analysis import day_tally
from models.analysis.period import Period, PeriodKind
from models.analysis.report import analyse, direct
from models.base import db
from models.catalog import Category, Department, Remedy
from models.complaint import CompensationLine, Complaint, Proposal, State
from models.customer import Customer
from models.demo import generate_demo
from models.search import Filters
from models.staff import Staff

from conftest import Desk, OpenCopy, build_master

# The day tallies are SQLite's (migration 0021's triggers): a PostgreSQL server keeps none, and its analysis
# counts from the complaints (tests/models/test_analysis.py).
pytestmark = pytest.mark.sqlite_only

NOW = dt.datetime(2026, 11, 1, 18, 0)
LATER = NOW + dt.timedelta(days=1)


def periods(day: dt.date) -> list[Period]:
    return [
        *(Period.of(kind, day) for kind in PeriodKind if kind is not PeriodKind.CUSTOM),
        Period.custom(day - dt.timedelta(days=40), day),
        Period.custom(day, day),
    ]


def tallies() -> list[tuple[object, ...]]:
    """The tallies as the triggers left them (rows holding zero left out)."""
    return db.execute_sql(
        "SELECT day, part, key, n, lines, fen FROM analysis_tally WHERE n != 0 OR lines != 0 OR fen != 0 "
        "ORDER BY 1, 2, 3"
    ).fetchall()


def assert_same(days: list[dt.date], now: dt.datetime = LATER, filters: list[Filters | None] | None = None) -> None:
    """The tallies are those ``rebuild`` makes, and the analysis from them is the direct one."""
    kept = tallies()
    day_tally.rebuild()
    assert tallies() == kept
    for day in days:
        for period in periods(day):
            for chosen in filters or [None, Filters()]:
                with db.atomic():
                    assert day_tally.usable(chosen, now)
                assert analyse(period, chosen, now=now) == direct(period, chosen, now=now), (period, chosen)


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    """The seeded desk with the demo's 300 complaints, built once for the module."""
    return build_master(tmp_path_factory, seeded_database, lambda: generate_demo(300, seed=5, now=NOW))


@pytest.fixture
def demo(open_copy: OpenCopy, demo_master: Path) -> Desk:
    open_copy(demo_master)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def test_the_demo_analysed_from_the_tallies_is_the_direct_analysis(demo: Desk) -> None:
    complaints = Complaint.select().count()
    assert complaints == 300
    assert_same([dt.date(2026, 10, 30), dt.date(2026, 6, 15), dt.date(2026, 1, 1), dt.date(2025, 11, 3)])
    year = analyse(Period.of(PeriodKind.YEAR, dt.date(2026, 5, 1)), now=LATER)
    assert year.figures.total > 200 and year.cost.compensated > 0 and year.figures.closing.count > 0


def test_filters_the_tallies_do_not_hold_read_the_complaints(demo: Desk) -> None:
    case = Complaint.select().order_by(Complaint.id).first()
    unsupported = [
        Filters(text="菜"), Filters(states=(str(State.CLOSED),)), Filters(category_id=case.category_id),
        Filters(department_id=case.department_id), Filters(received_by_id=case.received_by_id),
        Filters(overdue_only=True), Filters(escalated_only=True), Filters(ids=(case.id,)),
    ]
    with db.atomic():
        assert not any(day_tally.usable(chosen, LATER) for chosen in unsupported)
        assert day_tally.usable(Filters(received_from=dt.date(2026, 1, 1)), LATER)  # the period decides
        assert not day_tally.usable(None, NOW - dt.timedelta(days=30))  # complaints after "now"
    month = Period.of(PeriodKind.MONTH, dt.date(2026, 9, 1))
    for chosen in unsupported:
        assert analyse(month, chosen, now=LATER) == direct(month, chosen, now=LATER)
    earlier = NOW - dt.timedelta(days=30)
    assert analyse(month, now=earlier) == direct(month, now=earlier)


def test_suspended_tallies_are_not_read_until_rebuilt(demo: Desk) -> None:
    month = Period.of(PeriodKind.MONTH, dt.date(2026, 9, 1))
    day_tally.suspend()
    with db.atomic():
        assert not day_tally.usable(None, LATER)
    case = Complaint.select().where(Complaint.received_at >= dt.datetime(2026, 9, 1)).order_by(Complaint.id).first()
    Complaint.create(received_at=case.received_at, received_by=demo.manager, customer=case.customer,
                     category=case.category, location="新的地点")
    assert analyse(month, now=LATER) == direct(month, now=LATER)
    counted = "SELECT count(*) FROM analysis_tally WHERE part = 'location' AND key = '[\"新的地点\"]'"
    assert db.execute_sql(counted).fetchone() == (0,)  # the suspended triggers did not count it
    day_tally.rebuild()
    assert_same([dt.date(2026, 9, 1)])
    assert "新的地点" in {row.key for row in analyse(month, now=LATER).figures.by_location}


@pytest.mark.slow
def test_every_kind_of_change_keeps_the_tallies_exact(demo: Desk) -> None:
    days = [dt.date(2026, 10, 1), dt.date(2026, 5, 1)]
    category = {row.code: row for row in Category.select()}
    department = {row.code: row for row in Department.select()}
    open_case = Complaint.select().where(Complaint.state == State.INVESTIGATING).order_by(Complaint.id).first()
    assert open_case is not None
    # The demo's closed cases are sealed: one received in May that the desk is about to close.
    closed = Complaint.create(received_at=dt.datetime(2026, 5, 2, 9, 30), received_by=demo.manager,
                              category=category["food_quality"], state=State.AGREED, location="中餐厅",
                              promised_at=dt.datetime(2026, 5, 2, 10, 0))
    assert_same(days)
    Complaint.update(state=State.CLOSED, closed_at=closed.received_at + dt.timedelta(minutes=300),
                     satisfaction=4).where(Complaint.id == closed.id).execute()
    assert_same([closed.received_at.date()])
    # Changes after receipt: the category, the department found, the place, the severity, the promise.
    Complaint.update(category=category["hygiene"], department=department["housekeeping"], location=" 大堂 ",
                     severity="high", promised_at=open_case.received_at + dt.timedelta(hours=1)).where(
        Complaint.id == open_case.id).execute()
    assert_same(days)
    # Reopened, then closed with a score; withdrawn.
    Complaint.update(state=State.INVESTIGATING, closed_at=None, satisfaction=None).where(
        Complaint.id == closed.id).execute()
    assert_same(days)
    Complaint.update(state=State.CLOSED, closed_at=closed.received_at + dt.timedelta(minutes=77),
                     satisfaction=1).where(Complaint.id == closed.id).execute()
    Complaint.update(state=State.WITHDRAWN, closed_at=open_case.received_at + dt.timedelta(hours=3)).where(
        Complaint.id == open_case.id).execute()
    assert_same(days)
    # A proposal offered, escalated, decided and accepted with compensation; lines changed and removed.
    remedy = {row.kind: row for row in Remedy.select().order_by(Remedy.id)}
    first = Proposal.select(Proposal.seq).where(Proposal.complaint == open_case).order_by(Proposal.seq.desc())
    seq = (first.scalar() or 0) + 1
    proposal = Proposal.create(complaint=open_case, seq=seq, created_by=demo.manager, status="escalated",
                               created_at=open_case.received_at + dt.timedelta(minutes=12), total=Decimal("650"),
                               needs_office=True)
    assert_same(days)
    Proposal.update(status="accepted", decided_by=demo.office, decision="approved",
                    decided_at=open_case.received_at + dt.timedelta(minutes=200)).where(
        Proposal.id == proposal.id).execute()
    line = CompensationLine.create(proposal=proposal, remedy=remedy["voucher"], amount=Decimal("600"),
                                   charged_to=department["kitchen"])
    CompensationLine.create(proposal=proposal, remedy=remedy["free_item"], amount=Decimal("50"))
    assert_same(days)
    CompensationLine.update(amount=Decimal("123.45"), charged_to=department["housekeeping"]).where(
        CompensationLine.id == line.id).execute()
    assert_same(days)
    CompensationLine.delete().where(CompensationLine.id == line.id).execute()
    Proposal.update(total=Decimal("50")).where(Proposal.id == proposal.id).execute()
    assert_same(days)
    # A remedy's kind changed in the catalogue moves its money to the other kind.
    Remedy.update(kind="cash").where(Remedy.id == remedy["free_item"].id).execute()
    assert_same(days)
    # The customer came back: a new complaint 10 days later; then earlier; then 89 days after; then removed.
    customer = Customer.create(name="赵先生", phone="13900000009", note="")
    Complaint.update(customer=customer).where(Complaint.id == closed.id).execute()
    again = Complaint.create(customer=customer, received_at=closed.received_at + dt.timedelta(days=10),
                             received_by=demo.manager, category=category["food_quality"])
    assert_same(days)
    Complaint.update(received_at=closed.received_at - dt.timedelta(days=200)).where(Complaint.id == again.id).execute()
    assert_same(days)
    Complaint.update(received_at=closed.received_at + dt.timedelta(days=89)).where(Complaint.id == again.id).execute()
    assert_same(days)
    Proposal.delete().where(Proposal.id == proposal.id).execute()
    Complaint.delete().where(Complaint.id == again.id).execute()
    assert_same(days)


def test_empty_and_single_case_periods(seeded: Desk) -> None:
    day = dt.date(2026, 3, 2)
    assert_same([day], now=NOW)
    empty = analyse(Period.of(PeriodKind.WEEK, day), now=NOW)
    assert empty.figures.total == 0 and empty.figures.closing.median_minutes is None
    received = dt.datetime(2026, 3, 2, 10, 0)
    case = Complaint.create(received_at=received, received_by=seeded.manager, state=State.CLOSED,
                            closed_at=received + dt.timedelta(minutes=90), satisfaction=4,
                            promised_at=received + dt.timedelta(minutes=30))
    Proposal.create(complaint=case, seq=1, created_by=seeded.manager, created_at=received + dt.timedelta(minutes=20),
                    status="accepted", total=Decimal("0"))
    assert_same([day], now=NOW)
    one = analyse(Period.of(PeriodKind.WEEK, day), now=NOW)
    times = (one.figures.closing.median_minutes, one.figures.first_response.p90_minutes)
    assert (one.figures.total, *times) == (1, 90, 20)
