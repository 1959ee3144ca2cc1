"""The analysis from the day tallies (migrations 0021 and 0022) is the analysis from the complaints themselves: the same
figures and cost for every kind of period, with and without filters, after the demo's bulk load and after every
kind of change a case goes through; and the triggers keep the tallies as ``rebuild`` fills them."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from test_smaller_file import migration

from models import settings
from models.analysis import day_tally
from models.analysis.period import Period, PeriodKind
from models.analysis.report import analyse, direct
from models.base import db, is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import CompensationLine, Complaint, Proposal, State
from models.customer import Customer
from models.search import Filters
from models.staff import Staff

from conftest import DEMO_COMPLAINTS, DEMO_NOW, Desk, OpenCopy, ServerDatabases, build_master, require_component

# Both backends: SQLite keeps the tallies with migration 0021's triggers, a PostgreSQL server (``--db``) with
# migration 0022's. The tests of the demo's data are SQLite's (the demo writes a desk's file: they skip on a
# server); the hand-made cases below run on both.

NOW = DEMO_NOW  # 2026-11-01 18:00, the shared demo's: the dates below are days of its year
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


def assert_kept(days: list[dt.date], now: dt.datetime = LATER) -> None:
    """``assert_same`` for the year and the month of each day only (the quick suite's hand-made cases)."""
    kept = tallies()
    day_tally.rebuild()
    assert tallies() == kept
    for day in days:
        for period in (Period.of(PeriodKind.YEAR, day), Period.of(PeriodKind.MONTH, day)):
            with db.atomic():
                assert day_tally.usable(None, now)
            assert analyse(period, now=now) == direct(period, now=now), period


@pytest.fixture
def demo(open_copy: OpenCopy, demo_database: Path) -> Desk:
    """The seeded desk with the demo's DEMO_COMPLAINTS complaints of the year before DEMO_NOW (NOW)."""
    open_copy(demo_database)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


@pytest.mark.sqlite_only
@pytest.mark.parametrize("desk", ["demo", "cases"])
def test_the_rebuild_fills_the_rows_of_the_migration_s_contributions(desk: str, request: pytest.FixtureRequest) -> None:
    """``rebuild`` groups the contributions part by part; migration 0021 (whose SQL the triggers run) sums all the
    parts' rows by their arrays: the same rows, every part there."""
    request.getfixturevalue(desk)
    ours = db.execute_sql(day_tally._all_contributions() + " ORDER BY 2, 1, 3").fetchall()
    theirs = db.execute_sql(day_tally._migration().contributions("1") + " ORDER BY 2, 1, 3").fetchall()
    assert ours == theirs
    assert {row[1] for row in ours} == {*day_tally.SUMMED_PARTS, "cases"}


def every_tally() -> list[tuple[object, ...]]:
    return db.execute_sql("SELECT day, part, key, n, lines, fen FROM analysis_tally ORDER BY 1, 2, 3").fetchall()


def scratch_folders() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("complaint-desk-tallies-*")}


@pytest.fixture(autouse=True)
def own_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scratch folders this test makes, alone: another worker's demo reads its tallies aside in the shared
    temporary folder meanwhile (seen in CI: two new folders where this test made one)."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


@pytest.mark.sqlite_only  # a server fills them with its own function
def test_tallies_read_aside_while_the_desk_writes_are_those_the_rebuild_fills(demo: Desk) -> None:
    before = scratch_folders()
    day_tally.rebuild()
    rebuilt = every_tally()
    day_tally.suspend()
    db.execute_sql("DELETE FROM analysis_tally")
    aside = day_tally.RebuildAside()
    aside.start()
    assert len(scratch_folders() - before) == 1
    settings.put(settings.ORGANISATION_NAME, "测试酒店")  # this desk writes meanwhile: what no tally counts
    aside.finish()
    assert every_tally() == rebuilt
    assert db.execute_sql("SELECT live FROM analysis_tally_state").fetchone() == (1,)
    assert scratch_folders() == before, "the scratch file removed"
    assert db.execute_sql("PRAGMA database_list").fetchall()[1:] == [], "detached"


@pytest.mark.sqlite_only
def test_a_complaint_another_desk_writes_while_tallies_are_read_aside_is_counted(
    demo: Desk, caplog: pytest.LogCaptureFixture
) -> None:
    day_tally.suspend()
    aside = day_tally.RebuildAside()
    aside.start()
    with closing(sqlite3.connect(db.database)) as other, other:
        other.execute(
            "UPDATE complaint SET location = '另一台的地点' "
            "WHERE id = (SELECT min(id) FROM complaint WHERE archive_number IS NULL)"
        )
    with caplog.at_level("INFO", logger="complaint_desk.analysis"):
        aside.finish()
    assert "another desk wrote while they were read" in caplog.text
    counted = "SELECT count(*) FROM analysis_tally WHERE part = 'location' AND key LIKE '%另一台的地点%'"
    assert db.execute_sql(counted).fetchone() == (2,)  # its day and its month
    kept = every_tally()
    day_tally.rebuild()
    assert every_tally() == kept


@pytest.mark.sqlite_only
def test_tallies_whose_reading_aside_fails_are_rebuilt_as_usual(
    demo: Desk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    rebuilt = every_tally()
    day_tally.suspend()
    db.execute_sql("DELETE FROM analysis_tally")
    monkeypatch.setattr(day_tally, "SCRATCH", "missing/tallies.db")  # a scratch file that cannot be made
    aside = day_tally.RebuildAside()
    aside.start()
    with caplog.at_level("WARNING", logger="complaint_desk.analysis"):
        aside.finish()
    assert "reading them aside failed" in caplog.text
    assert every_tally() == rebuilt
    assert db.execute_sql("SELECT live FROM analysis_tally_state").fetchone() == (1,)


@pytest.mark.sqlite_only
def test_tallies_read_aside_for_a_load_that_failed_leave_nothing_behind(demo: Desk) -> None:
    before = scratch_folders()
    day_tally.suspend()
    aside = day_tally.RebuildAside()
    aside.start()
    aside.close()  # the load failed before its tallies were put in
    assert scratch_folders() == before
    assert db.execute_sql("SELECT live FROM analysis_tally_state").fetchone() == (0,), "rebuilt when asked, not here"
    aside.finish()  # asked after all: rebuilt as usual
    assert db.execute_sql("SELECT live FROM analysis_tally_state").fetchone() == (1,)


def test_the_demo_analysed_from_the_tallies_is_the_direct_analysis(demo: Desk) -> None:
    complaints = Complaint.select().count()
    assert complaints == DEMO_COMPLAINTS
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


def every_kind_of_change(demo: Desk, assert_same: Callable[[list[dt.date]], None] = assert_same) -> None:
    """Each kind of change a case goes through, the tallies checked against a rebuild and the direct analysis
    after each."""
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


@pytest.mark.slow
def test_every_kind_of_change_keeps_the_tallies_exact(demo: Desk) -> None:
    every_kind_of_change(demo)


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


# --------------------------------------------------------------------------- hand-made cases, on both backends


def fill_cases() -> None:
    """Seventy cases of 2026 made by hand (the demo writes SQLite files only, these run on a server too): every
    state, customers who come back, first responses, promises, office decisions, compensation in lines."""
    rng = random.Random(16)
    manager, office = (Staff.get(Staff.username == name) for name in ("zhangwei", "office"))
    categories = [*Category.select().order_by(Category.id), None]
    departments = [*Department.select().order_by(Department.id), None]
    remedies = list(Remedy.select().order_by(Remedy.id))
    customers = [Customer.create(name=f"客人{n}", phone=f"1390000{n:04d}", note="") for n in range(10)]
    states = [*State, State.INVESTIGATING, State.CLOSED, State.CLOSED]
    for number in range(70):
        received = dt.datetime(2026, 1, 3, 9, 0) + dt.timedelta(days=rng.randrange(300), minutes=rng.randrange(600))
        state = states[number % len(states)]
        case = Complaint.create(
            received_at=received, received_by=manager, customer=rng.choice([*customers, None, None]),
            category=rng.choice(categories), department=rng.choice(departments),
            location=rng.choice(["中餐厅", " 大堂 ", "", "客房"]), channel=rng.choice(["in_person", "phone", "online"]),
            severity=rng.choice(["low", "medium", "high"]), state=state,
            satisfaction=rng.choice([None, 1, 3, 5]) if state == State.CLOSED else None,
            promised_at=received + dt.timedelta(minutes=rng.choice([30, 60, 240])) if rng.random() < 0.7 else None,
            closed_at=received + dt.timedelta(minutes=rng.randrange(20, 3000)) if state == State.CLOSED else None,
            risk_reasons='[{"code":"repeat"}]' if rng.random() < 0.2 else "[]",
        )
        proposals = rng.choice([0, 1, 1, 2])
        for seq in range(1, proposals + 1):
            settled = state in (State.AGREED, State.DECIDED, State.CLOSED)  # one accepted proposal at most
            accepted = settled and seq == proposals and rng.random() < 0.8
            to_office = rng.random() < 0.4
            created = received + dt.timedelta(minutes=15 * seq + rng.randrange(60))
            amounts = [Decimal(rng.choice(["0", "30", "120.50", "260", "600"])) for _ in range(rng.randrange(1, 3))]
            proposal = Proposal.create(
                complaint=case, seq=seq, created_by=manager, created_at=created,
                status="accepted" if accepted else rng.choice(["superseded", "escalated", "declined"]),
                total=sum(amounts), needs_office=to_office,
                decided_by=office if to_office and rng.random() < 0.7 else None,
                decided_at=created + dt.timedelta(minutes=rng.randrange(5, 500)) if to_office else None,
            )
            if accepted:
                for amount in amounts:
                    CompensationLine.create(proposal=proposal, remedy=rng.choice(remedies), amount=amount,
                                            charged_to=rng.choice(departments))


@pytest.fixture(scope="module")
def cases_master(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    return build_master(tmp_path_factory, seeded_database, fill_cases)


@pytest.fixture
def cases(open_copy: OpenCopy, cases_master: Path) -> Desk:
    open_copy(cases_master)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


DAYS = [dt.date(2026, 10, 30), dt.date(2026, 6, 15), dt.date(2026, 1, 1)]


def test_hand_made_cases_analysed_from_the_tallies_are_the_direct_analysis(cases: Desk) -> None:
    assert Complaint.select().count() == 70
    assert_same(DAYS)
    year = analyse(Period.of(PeriodKind.YEAR, dt.date(2026, 5, 1)), now=LATER)
    figures = year.figures
    assert figures.total == 70 and year.cost.compensated > 0 and figures.closing.count > 0
    came_back = sum(band.effect.came_back for band in year.cost.effect_by_band)
    assert figures.escalations.cases > 0 and came_back > 0  # the cases hold what is checked


def test_every_kind_of_change_to_hand_made_cases_keeps_the_tallies_exact(cases: Desk) -> None:
    every_kind_of_change(cases, assert_kept)


def test_statements_changing_many_rows_keep_the_tallies_exact(cases: Desk) -> None:
    """Raw statements each changing several rows at once, some of them the same case's or customer's."""
    customer = Customer.select().order_by(Customer.id).first()
    ids = [case.id for case in Complaint.select().order_by(Complaint.received_at).limit(12)]
    statements: list[tuple[str, tuple[object, ...]]] = [
        # A dozen complaints become one customer's: each "comes back" by the next.
        (f"UPDATE complaint SET customer_id = ? WHERE id IN ({', '.join('?' * len(ids))})", (customer.id, *ids)),
        ("UPDATE complaint SET state = 'closed', closed_at = promised_at, satisfaction = 2 "
         "WHERE state = 'investigating' AND promised_at IS NOT NULL", ()),
        ("UPDATE proposal SET decided_at = NULL, decided_by_id = NULL", ()),  # a case's two proposals at once
        ("UPDATE proposal SET needs_office = NOT needs_office, total = total + 1", ()),
        ("UPDATE compensation_line SET amount = amount * 2, charged_to_id = NULL WHERE amount > 100", ()),
        ("UPDATE remedy SET kind = 'cash' WHERE kind IN ('voucher', 'refund')", ()),
        ("DELETE FROM compensation_line WHERE amount < 50", ()),
        (f"DELETE FROM proposal WHERE complaint_id IN ({', '.join('?' * 6)})", tuple(ids[:6])),
        (f"DELETE FROM complaint WHERE id IN ({', '.join('?' * 3)})", tuple(ids[3:6])),
    ]
    for sql, params in statements:
        before = tallies()
        with db.atomic():
            changed = db.execute_sql(sql, params).rowcount
        assert changed > 1, sql
        assert tallies() != before, sql
        assert_kept(DAYS[:2])


@pytest.mark.sqlite_only  # a server's tally triggers are 0022's functions: 0024 leaves them be
def test_the_tally_triggers_hold_their_query_once_down_and_up_again(cases: Desk) -> None:
    """0024 reads what a complaint adds from one view: the schema each new connection reads first is a
    fraction of 0021's (its triggers held the query twenty times); going down gives 0021's triggers back, and
    either way every change keeps the tallies exact."""

    def tally_triggers() -> dict[str, str]:
        rows = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'analysis%'")
        return dict(rows.fetchall())

    m0021, m0024, m0027 = migration("0021"), migration("0024"), migration("0027")
    lighter = tally_triggers()
    assert sorted(lighter) == sorted(m0021.TRIGGER_NAMES)
    assert sum(map(len, lighter.values())) < 20_000  # 0021's: 95,000 characters, 3.4 ms of each connection's start
    with db.atomic():
        m0027.down(None, db.obj)  # 0021's minutes again (0027 counts them exactly)
        m0024.down(None, db.obj)
    assert tally_triggers() == {name: sql for name, sql in zip(m0021.TRIGGER_NAMES, m0021.triggers(), strict=True)}
    case = Complaint.select().order_by(Complaint.id).first()
    with db.atomic():
        last = Category.select().order_by(Category.id.desc()).first()
        db.execute_sql("UPDATE complaint SET satisfaction = 1, category_id = ? WHERE id = ?", (last.id, case.id))
    kept = tallies()
    with db.atomic():  # counted again by 0021's own SQL, the triggers' then
        db.execute_sql("DELETE FROM analysis_tally")
        db.execute_sql(f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) {m0021.contributions('1')}")
    assert tallies() == kept
    with db.atomic():
        m0024.up(None, db.obj)
        m0027.up(None, db.obj)
    assert tally_triggers() == lighter
    assert_kept(DAYS[:1])
    with db.atomic():
        db.execute_sql("UPDATE complaint SET satisfaction = 3 WHERE id = ?", (case.id,))
        db.execute_sql("DELETE FROM proposal WHERE complaint_id = ?", (case.id,))
    assert_kept(DAYS[:1])
    assert db.execute_sql("SELECT count(*) FROM analysis_tally_selected").fetchone() == (0,)


def test_suspended_tallies_on_either_backend_are_kept_again_after_a_rebuild(cases: Desk) -> None:
    month = Period.of(PeriodKind.MONTH, dt.date(2026, 6, 1))
    day_tally.suspend()
    with db.atomic():
        assert not day_tally.usable(None, LATER)
    Complaint.create(received_at=dt.datetime(2026, 6, 3, 8, 0), received_by=cases.manager, location="新的地点")
    counted = "SELECT count(*) FROM analysis_tally WHERE part = 'location' AND key LIKE ?"
    assert db.execute_sql(counted, ("%新的地点%",)).fetchone() == (0,)  # the suspended triggers did not count it
    assert analyse(month, now=LATER) == direct(month, now=LATER)
    day_tally.rebuild()
    assert db.execute_sql(counted, ("%新的地点%",)).fetchone() == (2,)  # its day and its month
    assert_same([dt.date(2026, 6, 1)])


@pytest.mark.sqlite_only  # the source is a desk's file; the server is the one --db or the environment names
def test_a_file_copied_to_a_server_has_exact_tallies_there(
    request: pytest.FixtureRequest, cases: Desk, tmp_path: Path
) -> None:
    from models.copy import copy_to_server
    from models.database import open_database

    url = request.config.getoption("server_url") or os.environ.get("COMPLAINT_DESK_TEST_SERVER")
    require_component("a PostgreSQL server (--db or COMPLAINT_DESK_TEST_SERVER)", bool(url))
    servers = ServerDatabases(str(url))
    source = db.obj
    try:
        target = servers.create()
        report = copy_to_server(cases.admin, target)
        assert report.identical and report.problems == []
        copied = open_database(target)
        db.initialize(copied)
        try:
            with db.atomic():
                assert day_tally.usable(None, LATER)
            kept = tallies()
            assert len(kept) > 500
            day_tally.rebuild()
            assert tallies() == kept
            year = Period.of(PeriodKind.YEAR, dt.date(2026, 5, 1))
            assert analyse(year, now=LATER) == direct(year, now=LATER)
        finally:
            copied.close()
            db.initialize(source)
        assert analyse(year, now=LATER) == direct(year, now=LATER)  # the file's own, the same figures
    finally:
        servers.drop_all()


def test_a_server_reads_no_empty_tallies_of_its_complaints(cases: Desk) -> None:
    """Rows loaded with the triggers at rest and the tallies never filled: the server counts from the cases."""
    if not is_postgresql():
        pytest.skip("a server's safeguard (a SQLite file's rows never arrive without its triggers)")
    db.execute_sql("DELETE FROM analysis_tally")
    with db.atomic():
        assert not day_tally.usable(None, LATER)
    year = Period.of(PeriodKind.YEAR, dt.date(2026, 5, 1))
    assert analyse(year, now=LATER) == direct(year, now=LATER)
    assert analyse(year, now=LATER).figures.total == 70


@pytest.mark.sqlite_only  # a server counts from seconds since the epoch (0022): test_demo_server compares the two
def test_whole_minutes_are_counted_exactly(cases: Desk) -> None:
    """A wait of exactly 2,108 minutes is 2,108 on a file as on a server (0021 multiplied julianday()'s floating
    days out to 2,107.99… and cut it to 2,107: about two waits in five were a minute short); 0027 counts from whole
    milliseconds, and rounds toward zero as the server does."""
    from models.analysis import dialect

    cases_of = [
        ("2026-01-30 12:23:00", "2026-01-31 23:31:00", 2108),
        ("2026-03-02 09:11:19", "2026-03-02 09:16:19", 5),
        ("2026-03-02 09:00:00", "2026-03-02 09:05:59.999", 5),
        ("2026-03-02 09:00:00.5", "2026-03-02 09:00:59.9", 0),
        ("2026-03-02 09:05:00", "2026-03-02 09:00:00", -5),
    ]
    for earlier, later, minutes in cases_of:
        (counted,) = db.execute_sql(f"SELECT {dialect.minutes('?', '?')}", (later, earlier)).fetchone()
        assert counted == minutes, (earlier, later)
    (old,) = db.execute_sql(
        f"SELECT {migration('0021')._minutes('?', '?')}", ("2026-01-31 23:31:00", "2026-01-30 12:23:00")
    ).fetchone()
    assert old == 2107, "0021's count, a minute short"
    # The tallies the triggers keep and the analysis from them: each closing's whole minutes.
    closed = Complaint.select().where(Complaint.closed_at.is_null(False), Complaint.state == "closed")
    expected = sorted((c.closed_at - c.received_at).total_seconds() // 60 for c in closed)
    kept = db.execute_sql(
        "SELECT key, n FROM analysis_tally WHERE part = 'closing' AND length(day) = 10 AND n > 0"
    ).fetchall()
    counted_closings = sorted(json.loads(key)[0] for key, n in kept for _ in range(n))
    assert counted_closings == expected
