"""Demo data: every state and category, believable varied Chinese, consistent fields, reproducible."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import itertools
import os
import pickle
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from models import audit, settings
from models.analysis import day_tally
from models.archive import ArchiveHead
from models.audit import AuditEvent
from models.base import db
from models.catalog import Category, Remedy
from models.complaint import OPEN_STATES, CompensationLine, Complaint, FollowUp, Proposal, State
from models.customer import Customer, normalize_phone
from models.database import (
    BUFFER_DEFAULT,
    BUFFER_RESTING,
    MERGING_DEFAULT,
    RESTING_INDEXES,
    RESTING_MERGES,
    open_database,
    resting_indexes,
)
from models.demo import DemoAccount, DemoInterrupted, generate_demo, plan_demo, resting
from models.demo.generator import STRAGGLERS_DAYS, open_share
from models.demo.producer import (
    ROOT,
    WORKER_ARGUMENTS,
    Balance,
    DemoWorkerError,
    _received,
    batches,
    dumps,
    loads,
    produce,
    produced,
)
from models.demo.search_index import _migration, number_grams
from models.demo.store import Known, Rows
from models.errors import DomainError
from models.staff import Role, Staff, StaffRemedy, authenticate
from models.verify import expected_triggers, verify_archive

from conftest import copy_database

NOW = dt.datetime(2025, 6, 15, 14, 30, 0)
COUNT = 300
CJK = re.compile(r"[\u4e00-\u9fff]")
RISK_WORDS = (
    "12315",
    "12345",
    "大众点评",
    "媒体",
    "曝光",
    "律师",
    "起诉",
    "总部",
    "抖音",
    "小红书",
    "报警",
    "市场监管",
)

# The bulk writer's own workings (batches, the worker process, pragmas, triggers, the file's search index) are
# a SQLite file's: on a server it writes a temporary file, copied there (tests/models/test_demo_server.py). The
# tests of the data itself run on both.
bulk_writer = pytest.mark.sqlite_only


@pytest.fixture
def demo_db(database: object) -> object:
    """An empty database of today's schema (a copy of the migrated master)."""
    return database


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> tuple[Path, list]:
    """The demo, generated once for the module and copied for each test."""
    path = copy_database(migrated_database, tmp_path_factory.mktemp("demo") / "demo.db")
    database = open_database(str(path))
    try:
        accounts = generate_demo(COUNT, seed=7, now=NOW)
    finally:
        database.close()
    return path, accounts


@pytest.fixture
def accounts(generated: tuple[Path, list], tmp_path: Path) -> Iterator[list]:
    path, accounts = generated
    database = open_database(str(copy_database(path, tmp_path / "demo.db")))
    yield accounts
    database.close()


def test_demo_creates_the_complaints_and_working_accounts(accounts: list) -> None:
    assert Complaint.select().count() == COUNT
    roles = sorted(a.role for a in accounts)
    assert roles == sorted([Role.DUTY_MANAGER, Role.DUTY_MANAGER, Role.OFFICE, Role.ADMIN])
    for account in accounts:
        assert len(account.password) >= 8
        assert account.username.isascii()
        assert CJK.search(account.full_name)
        assert authenticate(account.username, account.password).full_name == account.full_name
    assert settings.get(settings.ORGANISATION_NAME)


def test_duty_managers_may_grant_every_remedy_but_the_office_only_ones(accounts: list) -> None:
    desk_remedies = {r.id for r in Remedy.select().where(~Remedy.office_only)}
    for manager in Staff.select().where(Staff.role == Role.DUTY_MANAGER):
        granted = {g.remedy_id for g in StaffRemedy.select().where(StaffRemedy.staff == manager)}
        assert granted == desk_remedies
        assert 0 < manager.per_case_limit <= manager.daily_limit
    office = Staff.get(Staff.role == Role.OFFICE)
    assert office.per_case_limit > max(m.per_case_limit for m in Staff.select().where(Staff.role == Role.DUTY_MANAGER))


def test_every_state_and_category_appears(accounts: list) -> None:
    states = {c.state for c in Complaint.select(Complaint.state)}
    assert states == {s.value for s in State}
    used = {c.category_id for c in Complaint.select(Complaint.category)}
    assert used == {c.id for c in Category.select().where(Category.active)}
    closed = Complaint.select().where(Complaint.state == State.CLOSED).count()
    assert closed > COUNT / 2, "most cases are closed"
    assert {c.severity for c in Complaint.select(Complaint.severity)} == {"low", "medium", "high"}
    assert len({c.channel for c in Complaint.select(Complaint.channel)}) >= 4
    assert len({c.location for c in Complaint.select(Complaint.location)}) >= 15


def test_texts_are_varied_believable_chinese(accounts: list) -> None:
    complaints = list(Complaint.select())
    narratives = [c.narrative for c in complaints]
    assert len(set(narratives)) > 250
    assert all(CJK.search(n) and len(n) >= 15 for n in narratives)
    assert len({c.findings for c in complaints if c.findings}) > 150
    assert any(word in n for n in narratives for word in RISK_WORDS)
    texts = [*narratives]
    for c in complaints:
        texts += [c.demand, c.findings, c.handoff_note, c.counter_demand, c.improvement_suggestion, c.withdrawn_reason]
    texts += [p.explanation for p in Proposal.select()] + [p.decision_note for p in Proposal.select()]
    texts += [line.description for line in CompensationLine.select()]
    texts += [f.description for f in FollowUp.select()] + [f.result for f in FollowUp.select()]
    assert not [t for t in texts if "{" in t or "}" in t], "a template slot was left unfilled"


def test_fields_are_consistent_with_each_state(accounts: list) -> None:
    office_only = {r.id for r in Remedy.select().where(Remedy.office_only)}
    for c in Complaint.select():
        assert c.acknowledged
        assert c.signature is None
        final = c.state in (State.CLOSED, State.WITHDRAWN)
        assert (c.archive_number is not None) == final, "closed and withdrawn cases are archived, open ones not"
        assert c.received_at <= NOW
        assert c.promised_at == c.received_at + dt.timedelta(minutes=c.promised_minutes)
        assert c.updated_at >= c.received_at
        assert AuditEvent.select().where(AuditEvent.complaint == c, AuditEvent.action == "received").count() == 1
        proposals = list(c.proposals.order_by(Proposal.seq))
        state = State(c.state)
        if state in (State.RECEIVED,):
            assert not c.findings and c.department_id is None and not proposals
        if state not in (State.RECEIVED, State.WITHDRAWN):
            assert c.findings and c.department_id and c.liability
        if state not in (State.RECEIVED, State.INVESTIGATING, State.WITHDRAWN):
            assert proposals, f"{state} without a proposal"
        for proposal in proposals:
            lines = list(proposal.lines)
            assert lines
            assert Decimal(proposal.total) == sum((Decimal(line.amount) for line in lines), Decimal(0))
            assert all(line.charged_to_id == c.department_id for line in lines)
            if not proposal.needs_office:
                assert Decimal(proposal.total) <= c.received_by.per_case_limit
                assert not {line.remedy_id for line in lines} & office_only
        current = proposals[-1] if proposals else None
        if state == State.ESCALATED:
            assert current.needs_office and current.status == "escalated" and c.handoff_note
        if state == State.DECIDED:
            assert current.status == "decided" and current.decision and current.decided_by.role == Role.OFFICE
            assert current.decided_at >= current.created_at
        if state in (State.AGREED, State.CLOSED):
            assert c.consent == "accepted" and 1 <= c.satisfaction <= 5 and c.consent_at
            assert c.witness, "an accepted proposal needs a signature or a witness"
            assert current.status == "accepted"
        if state == State.DECLINED:
            assert c.consent in ("declined", "countered") and current.status == c.consent
        if state in (State.CLOSED, State.WITHDRAWN):
            assert c.closed_at and c.closed_by_id and c.received_at <= c.closed_at <= NOW
            final = AuditEvent.select().where(AuditEvent.complaint == c, AuditEvent.action == state.value)
            assert final.count() == 1
        else:
            assert c.closed_at is None and c.closed_by_id is None
        if state == State.WITHDRAWN:
            assert c.withdrawn_reason
        if state == State.CLOSED and c.consent_at:
            assert c.closed_at >= c.consent_at


def test_proposals_have_the_structure_the_intake_gives_them(accounts: list) -> None:
    """As decide() and record_consent() leave them: a changed remedy is the office's own
    proposal after the desk's superseded one, and every answer stays on its proposal."""
    changed = countered_then_accepted = 0
    for c in Complaint.select():
        proposals = list(c.proposals.order_by(Proposal.seq))
        for earlier, later in pairwise(proposals):
            if earlier.status == "superseded" and earlier.decision == "changed":
                changed += 1
                assert earlier.needs_office and earlier.created_by_id == c.received_by_id and earlier.lines.count()
                assert later.created_by.role == Role.OFFICE and later.decision == "changed" and later.decision_note
                assert earlier.decided_by_id == later.decided_by_id and earlier.decided_at == later.decided_at
        for proposal in proposals:
            answered = proposal.status in ("accepted", "declined", "countered")
            assert proposal.answer == (proposal.status if answered else ""), (c.id, proposal.seq)
            assert (proposal.answered_at is not None) == answered
            assert proposal.answered_at is None or proposal.answered_at >= proposal.created_at
            assert not proposal.counter_demand or proposal.answer in ("declined", "countered")
        if proposals and proposals[0].counter_demand and proposals[-1].answer == "accepted":
            countered_then_accepted += 1
            assert c.counter_demand == "", "the complaint holds the last answer"
    assert changed and countered_then_accepted, (changed, countered_then_accepted)


def test_open_cases_are_recent_and_some_are_overdue(accounts: list) -> None:
    complaints = list(Complaint.select().order_by(Complaint.received_at))
    assert complaints[0].received_at >= NOW - dt.timedelta(days=366)
    old, recent = complaints[: COUNT // 2], complaints[-COUNT // 10 :]

    def still_open(rows: list) -> float:
        return sum(c.state in OPEN_STATES for c in rows) / len(rows)

    assert still_open(recent) > still_open(old)
    assert any(c.is_overdue(NOW) for c in complaints)
    assert any(c.moved_to_private for c in complaints)
    oldest_open = min(c.received_at for c in complaints if c.state in OPEN_STATES)
    assert oldest_open > NOW - dt.timedelta(days=STRAGGLERS_DAYS)


def test_a_desk_closes_most_of_what_it_receives_within_days() -> None:
    """A demo desk's open cases, as the open-cases page shows them: most of the last hours', a few of the last
    days', and none received months ago (a year-old demo once showed cases open for 346 days, and its
    escalations waiting 294 days for the office)."""
    assert open_share(1 / 24) > 0.8
    assert open_share(1) < 0.25
    assert open_share(7) < 0.05
    assert open_share(STRAGGLERS_DAYS) == open_share(300) == 0
    # At a desk's eight complaints a day, a year of them leaves about ten open, two of them received weeks ago.
    steps = [day / 96 for day in range(365 * 96)]
    expected = sum(open_share(age) for age in steps) * 8 / 96
    weeks_old = sum(open_share(age) for age in steps if age >= 14) * 8 / 96
    assert 6 < expected < 14, expected
    assert weeks_old < 2, weeks_old


def test_customers_return_and_phones_are_valid(accounts: list) -> None:
    customers = list(Customer.select())
    assert all(normalize_phone(c.phone) == c.phone for c in customers)
    assert any(c.phone.startswith("0") for c in customers) and any(not c.phone for c in customers)
    returning = [c for c in customers if c.complaints.count() > 1]
    assert returning and all(c.phone for c in returning)


DUMPED = (
    "customer", "complaint", "proposal", "compensation_line", "follow_up", "audit_event", "archive_seal",
    "external_case",
)  # fmt: skip
SEARCH_INDEX_ROWS = "SELECT rowid, * FROM complaint_search ORDER BY rowid"
# Every token of the search index, complaint by complaint and place by place.
SEARCH_TOKENS = "SELECT term, doc, col, offset FROM temp.search_tokens ORDER BY term, doc, col, offset"


def dump(
    path: Path, count: int = 120, seed: int = 3, statements: list[str] | None = None, extra: tuple[str, ...] = ()
) -> dict[str, list[tuple]]:
    """Every row the demo writes, its search index and its tokens; ``statements`` collects the SQL it runs;
    ``extra``: queries whose rows are kept too."""
    database = open_database(str(path))
    try:
        if statements is not None:
            database.connection().set_trace_callback(statements.append)
        generate_demo(count, seed=seed, now=NOW)
        database.connection().set_trace_callback(None)
        rows = {t: database.execute_sql(f'SELECT * FROM "{t}" ORDER BY id').fetchall() for t in DUMPED}
        rows["search"] = database.execute_sql(SEARCH_INDEX_ROWS).fetchall()
        rows.update({query: database.execute_sql(query).fetchall() for query in extra})
        database.execute_sql(
            "CREATE VIRTUAL TABLE temp.search_tokens USING fts5vocab(main, complaint_search, instance)"
        )
        rows["tokens"] = database.execute_sql(SEARCH_TOKENS).fetchall()
        for table in ("complaint_grams", "complaint_number_grams"):  # of one and two characters (0012)
            database.execute_sql(f"CREATE VIRTUAL TABLE temp.{table}_terms USING fts5vocab(main, {table}, instance)")
            terms = f"SELECT term, doc FROM temp.{table}_terms ORDER BY term, doc"
            rows[table] = database.execute_sql(terms).fetchall()
        return rows
    finally:
        database.close()


@bulk_writer
@pytest.mark.slow
def test_same_seed_and_now_give_identical_data(tmp_path: Path) -> None:
    first, second, other = dump(tmp_path / "a.db"), dump(tmp_path / "b.db"), dump(tmp_path / "c.db", seed=4)
    assert first == second
    assert first["complaint"] != other["complaint"]


@bulk_writer
@pytest.mark.slow
def test_a_big_demo_is_drawn_in_a_worker_process_with_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    here = dump(tmp_path / "here.db")
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 100)

    def not_here(plan: object) -> None:
        raise AssertionError("the rows were drawn in this process")

    monkeypatch.setattr("models.demo.producer.batches", not_here)
    assert dump(tmp_path / "worker.db") == here


@bulk_writer
@pytest.mark.slow
def test_the_seals_made_where_the_rows_are_drawn_are_those_seal_in_bulk_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records built from the drawn rows, their numbers, chain, dictionaries and stored payloads (compressed
    where they are drawn in one batch of two, by the writer in the others) are what sealing the written cases
    gives (dictionaries made often here, so several batches start one)."""
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    turns = itertools.cycle([True, False])
    monkeypatch.setattr("models.demo.producer.Balance.compress_here", lambda self: next(turns))
    monkeypatch.setattr("models.archive.DICTIONARY_FROM", 30)
    monkeypatch.setattr("models.archive.DICTIONARY_EVERY", 50)
    dictionaries = "SELECT id, last_seal, data, sha256 FROM seal_dictionary ORDER BY id"
    drawn = dump(tmp_path / "drawn.db", count=300, extra=(dictionaries,))

    def not_sealed(rows: Rows, head: ArchiveHead, names: object, packed: bool = True) -> ArchiveHead:
        rows.to_seal = []
        return head  # the writer seals the batch with seal_in_bulk

    monkeypatch.setattr("models.demo.store.Rows.seal", not_sealed)
    written = dump(tmp_path / "written.db", count=300, extra=(dictionaries,))
    assert len(drawn[dictionaries]) >= 4 and drawn[dictionaries] == written[dictionaries]
    assert len(drawn["archive_seal"]) > 250 and drawn == written


@bulk_writer
def test_a_case_sealed_by_another_desk_between_batches_keeps_the_archive_chain_whole(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker seals the batches ahead; when another desk seals in between, the writer seals them after it."""
    from models.archive import ArchiveSeal, amend

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)  # three batches of a small demo

    def amended(done: int, total: int) -> None:
        if done == 10:
            first = Complaint.select().where(Complaint.archive_number.is_null(False)).order_by(Complaint.id).first()
            amend(Staff.get(Staff.username == "office"), first.archive_number, "核对", {"location": "大堂"})

    generate_demo(30, now=NOW, progress=amended)
    kinds = [kind for (kind,) in ArchiveSeal.select(ArchiveSeal.kind).order_by(ArchiveSeal.id).tuples()]
    closed = Complaint.select().where(Complaint.state.in_([State.CLOSED, State.WITHDRAWN])).count()
    assert "amendment" in kinds[: kinds.index("amendment") + 1] and kinds.count("seal") >= closed
    assert kinds.index("amendment") < closed, "sealed between the demo's batches"
    assert verify_archive() == []


@bulk_writer
def test_the_hot_spot_tallies_counted_where_the_rows_are_drawn_are_those_of_a_catch_up(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.control.tallies import HotspotState, catch_up

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)  # three batches of a small demo
    monkeypatch.setattr("models.demo.improvement.catch_up", lambda: 0)  # what the demo's batches left
    generate_demo(30, now=NOW)
    tallies = (
        "SELECT g.kind, g.scope, g.value, t.day, t.n FROM hotspot_tally t JOIN hotspot_group g ON g.id = t.group_id "
        "ORDER BY 1, 2, 3, 4"
    )
    counted = db.execute_sql(tallies).fetchall()
    assert HotspotState.get().through == db.execute_sql("SELECT max(id) FROM complaint").fetchone()[0]
    db.execute_sql("DELETE FROM hotspot_tally")
    HotspotState.update(through=0).execute()
    assert catch_up() == 30
    assert len(counted) > 300 and counted == db.execute_sql(tallies).fetchall()  # about 13 a complaint


@bulk_writer
def test_tallies_behind_the_demo_are_left_to_the_catch_up(demo_db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Complaints not tallied yet before the demo's: its own counts are not added (the catch-up counts all)."""
    from models.control.tallies import HotspotState, catch_up

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    monkeypatch.setattr("models.demo.improvement.catch_up", lambda: 0)
    generate_demo(20, now=NOW)
    HotspotState.update(through=19).execute()  # the last one not tallied (as if just received at a desk)
    db.execute_sql("DELETE FROM hotspot_tally")
    generate_demo(30, now=NOW)  # three batches
    assert HotspotState.get().through == 19 and not db.execute_sql("SELECT 1 FROM hotspot_tally").fetchone()
    assert catch_up() == 31


@bulk_writer
def test_a_failure_in_the_worker_process_comes_back_with_its_traceback(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, plan = plan_demo(50, now=NOW)
    nothing = replace(plan.catalogue, categories=[], category_weights=())
    with pytest.raises(IndexError), produced(replace(plan, catalogue=nothing)) as batches:
        next(batches)
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    with pytest.raises(DemoWorkerError, match="IndexError"), produced(replace(plan, catalogue=nothing)) as batches:
        next(batches)


@bulk_writer
def test_a_worker_process_that_dies_stops_the_demo(demo_db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    monkeypatch.setattr("models.demo.producer.WORKER_ARGUMENTS", ("-c", "import sys; sys.exit(3)"))
    with pytest.raises(DemoWorkerError, match="exit code 3"):
        generate_demo(50, now=NOW)
    assert Complaint.select().count() == 0


@bulk_writer
def test_a_worker_process_whose_output_ends_within_a_batch_stops_the_demo(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    cut_short = "import sys; sys.stdout.buffer.write(b'B' + (100).to_bytes(8, 'little') + b'half'); sys.exit(4)"
    monkeypatch.setattr("models.demo.producer.WORKER_ARGUMENTS", ("-c", cut_short))
    with pytest.raises(DemoWorkerError, match="exit code 4"):
        generate_demo(50, now=NOW)
    assert Complaint.select().count() == 0


def _before_batch(
    monkeypatch: pytest.MonkeyPatch, in_worker: bool, number: int, action: Callable[[], object], after: bool = False
) -> None:
    """The next demo in batches of 10, drawn here or in a worker process, with ``action`` run just before the
    writer writes batch ``number`` (the first is 1), or just after it committed (``after``)."""
    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    if in_worker:
        monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    written = Rows.write
    batches = itertools.count(1)

    def write(rows: Rows, known: Known | None = None) -> None:
        now = next(batches) == number
        if now and not after:
            action()
        written(rows, known)
        if now and after:
            action()

    monkeypatch.setattr(Rows, "write", write)


@bulk_writer
@pytest.mark.parametrize("in_worker", [False, True], ids=["drawn here", "drawn in a worker"])
@pytest.mark.parametrize(
    ("batch", "after"), [(4, False), (3, True)], ids=["before the fourth batch", "as the third one's commit returns"]
)
def test_ctrl_c_keeps_the_batches_written_and_gives_the_accounts_made(
    demo_db: object, monkeypatch: pytest.MonkeyPatch, in_worker: bool, batch: int, after: bool
) -> None:
    def ctrl_c() -> None:
        raise KeyboardInterrupt

    _before_batch(monkeypatch, in_worker, batch, ctrl_c, after)
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)
    before = indexes()
    made: list[DemoAccount] = []
    with pytest.raises(DemoInterrupted) as raised:
        generate_demo(50, now=NOW, accounts_made=made.extend)
    assert isinstance(raised.value, KeyboardInterrupt), "a caller that knows nothing of it still sees Ctrl+C"
    assert raised.value.written == 30 == Complaint.select().count()
    assert len(made) == 4
    for account in made:
        assert authenticate(account.username, account.password).full_name == account.full_name
    assert settings.get(settings.DEMO_DATA) is True
    assert left_out() == RESTING, "the indexes left out are not waited for: the next open makes them"
    assert tallies_live() is False
    path = db.database
    db.close()
    open_database(path)
    assert indexes() == before and left_out() == []
    assert tallies_live() is True, "the next open rebuilds the analysis tallies the load suspended"
    rebuilt = db.execute_sql(TALLIES).fetchall()
    assert len(rebuilt) > 50
    day_tally.rebuild()
    assert db.execute_sql(TALLIES).fetchall() == rebuilt


TALLIES = "SELECT * FROM analysis_tally ORDER BY part, day, key"


def tallies_live() -> bool:
    (live,) = db.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    return bool(live)


@bulk_writer
@pytest.mark.parametrize("in_worker", [False, True], ids=["drawn here", "drawn in a worker"])
def test_a_desk_receiving_a_complaint_mid_load_stops_the_demo_in_words(
    demo_db: object, monkeypatch: pytest.MonkeyPatch, in_worker: bool
) -> None:
    """The batches' ids were drawn after every row there was: a complaint received at a desk meanwhile takes one."""
    def receive() -> None:  # from a new customer
        customer = Customer.create(name="赵先生", phone="13900000000")
        Complaint.create(customer=customer, narrative="房间空调不制冷", received_by=Staff.get().id, channel="desk")

    _before_batch(monkeypatch, in_worker, 3, receive)
    with pytest.raises(DomainError, match="Another desk wrote complaints into this database while the demo"):
        generate_demo(50, now=NOW)
    assert Complaint.select().count() == 21, "the two batches before and the desk's complaint"
    assert Complaint.select().where(Complaint.narrative == "房间空调不制冷").count() == 1
    assert verify_archive() == []


@bulk_writer
def test_a_worker_whose_writer_is_gone_ends_quietly(demo_db: object) -> None:
    """The writer killed (kill -9): the worker's next batch finds nobody reading the pipe; it ends, and says
    nothing on the terminal the two shared."""
    _, plan = plan_demo(300, now=NOW)
    reading, writing = os.pipe()
    os.close(reading)  # the writer gone
    try:
        worker = subprocess.Popen(
            [sys.executable, *WORKER_ARGUMENTS], stdin=subprocess.PIPE, stdout=writing, stderr=subprocess.PIPE, cwd=ROOT
        )
    finally:
        os.close(writing)
    _, err = worker.communicate(pickle.dumps(replace(plan, batch_size=100)), timeout=120)
    assert (worker.returncode, err) == (1, b"")


@bulk_writer
def test_a_batch_crosses_the_pipe_whole(demo_db: object) -> None:
    """The worker's batches as the writer reads them: the plain rows marshalled, the seals pickled; a row with a
    value marshal cannot write (an enum) goes pickled whole."""
    _, plan = plan_demo(300, now=NOW)
    for rows in batches(replace(plan, batch_size=150), Balance()):
        assert rows.complaints and rows.events and rows.sealed is not None and rows.sealed.payloads
        assert loads(dumps(rows)) == rows
    rows.follow_ups.append((1, State.CLOSED, "2025-06-15 14:30:00", "", None, None, ""))
    again = loads(dumps(rows))
    assert again == rows and type(again.follow_ups[-1][1]) is State, "the enum itself, pickled"


class Trickle(io.RawIOBase):
    """A pipe that takes and gives a few bytes a call, as one does when its process is stopped and continued
    (Ctrl+Z, ``fg``) in the middle of a write: the call returns having written part of it."""

    def __init__(self, step: int) -> None:
        self.data = bytearray()
        self.step = step
        self.read_at = 0

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        taken = bytes(data[: self.step])
        self.data += taken
        return len(taken)

    def read(self, size: int = -1) -> bytes:
        part = bytes(self.data[self.read_at : self.read_at + min(size, self.step)])
        self.read_at += len(part)
        return part


@bulk_writer
def test_batches_cross_a_pipe_that_takes_and_gives_a_little_at_a_time_whole(demo_db: object) -> None:
    _, plan = plan_demo(300, now=NOW)
    plan = replace(plan, batch_size=150)
    pipe = Trickle(step=1000)
    assert produce(plan, pipe) == 0
    assert len(pipe.data) > 100_000
    pipe.step = 777
    received = list(_received(pipe, worker=None))  # type: ignore[arg-type]  # not asked: the frames end whole
    expected = list(batches(plan, Balance()))
    assert [rows.complaints for rows in received] == [rows.complaints for rows in expected]
    assert [rows.events for rows in received] == [rows.events for rows in expected]
    assert pipe.read_at == len(pipe.data)


def test_the_worker_compresses_while_it_has_waited_for_the_writer_longer_than_compressing_took() -> None:
    balance = Balance()
    assert not balance.compress_here(), "the writer waits for the first batch: it compresses that one's payloads"
    balance.sealed(False, 0.05)
    balance.waited(0.3)  # the writer was behind
    assert balance.compress_here()
    balance.sealed(True, 0.25)  # 0.2 s of it compressing
    assert balance.compress_here(), "0.2 s compressing, 0.3 waiting"
    balance.sealed(True, 0.25)
    assert not balance.compress_here(), "0.4 s compressing"
    balance.waited(0.01)
    assert not balance.compress_here()
    balance.waited(0.1)
    assert balance.compress_here()


@bulk_writer
@pytest.mark.slow
@pytest.mark.parametrize("plain", ["all", "some"])
def test_the_search_index_holds_the_demo_as_its_triggers_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain: str
) -> None:
    """A batch goes in with the search triggers dropped and is indexed by one statement (on this schema:
    after a change of the triggers, models/demo/search_index.py must learn the new ones); the grams of
    complaints with plain texts made where the rows are drawn, the others' in SQL."""
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    if plain == "some":
        from models.demo import search_index

        seen: list[str] = []
        monkeypatch.setattr(
            "models.demo.generator.plain", lambda text: search_index.plain(text) and len(seen.append(text) or seen) % 3
        )
    statements: list[str] = []
    in_bulk = dump(tmp_path / "bulk.db", statements=statements)
    dropped = [s for s in statements if s.startswith('DROP TRIGGER "complaint_search_')]
    assert dropped and len(dropped) == 3 * len(set(dropped)), "each batch went in without the search triggers"
    assert len([s for s in statements if s.startswith("INSERT INTO complaint_search")]) == 3, "one per batch"
    monkeypatch.setattr("models.demo.store.index_after_load", lambda *_: contextlib.nullcontext())
    statements.clear()
    by_triggers = dump(tmp_path / "triggers.db", statements=statements)
    assert not [s for s in statements if s.startswith('DROP TRIGGER "complaint_search_')]
    assert in_bulk["search"] == by_triggers["search"] and len(in_bulk["search"]) == 120
    assert in_bulk["tokens"] == by_triggers["tokens"]
    assert in_bulk["complaint_grams"] == by_triggers["complaint_grams"] and by_triggers["complaint_grams"]
    assert in_bulk["complaint_number_grams"] == by_triggers["complaint_number_grams"]
    assert by_triggers["complaint_number_grams"], "the demo seals cases, so archive numbers are indexed"


@pytest.mark.parametrize(
    "number", ["TS-2026-000123", "ts2026-000123", "A", "", "TS_2026 0001", "-" * 100, "7" * 101, "AB" * 60]
)
def test_an_archive_numbers_grams_are_those_the_sql_makes(number: str) -> None:
    """``number_grams`` (the writer's, for ASCII numbers) gives what migration 0012's SQL gives."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE search_position (n INTEGER PRIMARY KEY)")
    connection.executemany("INSERT INTO search_position VALUES (?)", [(n,) for n in range(1, 200)])
    sql = _migration("0012_search_grams").number_grams("v")
    (expected,) = connection.execute(f"SELECT {sql} FROM (SELECT ? AS v)", (number,)).fetchone()
    assert number_grams(number) == expected


@bulk_writer
def test_the_insert_triggers_a_load_drops_are_those_their_reasons_were_read_from() -> None:
    """models/demo/resting.py drops a trigger only while its SQL is the one pinned there: a migration that
    changes one of them fails this test, so that the reason beside it is read again before the pin moves."""
    triggers = expected_triggers()
    pinned = {**resting.UNGUARDED, **resting.TALLIES}
    changed = sorted(name for name, digest in pinned.items() if resting.pin(triggers.get(name, "")) != digest)
    assert not changed, f"triggers changed since models/demo/resting.py read them: {changed}"


@bulk_writer
@pytest.mark.slow
def test_a_load_without_its_idle_insert_triggers_writes_what_it_writes_under_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    tallies = ("SELECT * FROM hotspot_tally ORDER BY group_id, day", "SELECT * FROM hotspot_group ORDER BY id",
               "SELECT * FROM hotspot_change", "SELECT * FROM analysis_tally ORDER BY part, day, key")  # fmt: skip
    statements: list[str] = []
    without = dump(tmp_path / "without.db", statements=statements, extra=tallies)
    dropped = [s.split('"')[1] for s in statements if s.startswith("DROP TRIGGER") and "_search_" not in s]
    assert sorted(set(dropped)) == sorted({**resting.UNGUARDED, **resting.TALLIES})
    assert len(dropped) == 3 * len(set(dropped)), "dropped for each of the three batches"
    monkeypatch.setattr("models.demo.store.idle_triggers_dropped", contextlib.nullcontext)
    under = dump(tmp_path / "under.db", extra=tallies)
    assert without == under
    assert under["SELECT * FROM hotspot_tally ORDER BY group_id, day"] and under[tallies[-1]]
    database = open_database(str(tmp_path / "without.db"))
    try:
        triggers = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    finally:
        database.close()
    assert triggers == expected_triggers()


@bulk_writer
def test_only_idle_triggers_of_the_pinned_sql_are_dropped(demo_db: object) -> None:
    """The analysis' triggers stay while the tallies are kept (live); a trigger whose SQL is not the pinned one
    stays; everything is back on leaving."""
    changed = expected_triggers()["follow_up_sealed_insert"].replace("'this complaint", "'this case")
    db.execute_sql("DROP TRIGGER follow_up_sealed_insert")
    db.execute_sql(changed)
    before = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    (live,) = db.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    assert live, "a new file keeps its tallies"

    def left() -> set[str]:
        return {name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}

    with db.atomic(), resting.idle_triggers_dropped():
        assert set(before) - left() == set(resting.UNGUARDED) - {"follow_up_sealed_insert"}
    with db.atomic():
        db.execute_sql("UPDATE analysis_tally_state SET live = 0 WHERE id = 1")
        with resting.idle_triggers_dropped():
            assert set(before) - left() == {*resting.UNGUARDED, *resting.TALLIES} - {"follow_up_sealed_insert"}
        db.execute_sql("UPDATE analysis_tally_state SET live = 1 WHERE id = 1")
    assert dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()) == before
    with pytest.raises(RuntimeError, match="inside the write transaction"), resting.idle_triggers_dropped():
        pass


def indexes() -> dict[str, str]:
    return dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))


# Everything a big load leaves at rest: its indexes left out, its search indexes unmerged.
RESTING = sorted([*RESTING_INDEXES, *RESTING_MERGES])


def merging(table: str) -> dict[str, int]:
    """How a search index merges: its stored settings, else SQLite's defaults."""
    stored = dict(db.execute_sql(f"SELECT k, v FROM {table}_config WHERE k IN ('automerge', 'crisismerge')"))
    return {key: stored.get(key, value) for key, value in MERGING_DEFAULT.items()}


def buffer(table: str) -> int:
    """How many bytes of new terms a search index holds in memory before it writes them: stored, else SQLite's
    default."""
    row = db.execute_sql(f"SELECT v FROM {table}_config WHERE k = 'hashsize'").fetchone()
    return int(row[0]) if row else BUFFER_DEFAULT["hashsize"]


def segments(table: str) -> int:
    (count,) = db.execute_sql(f"SELECT count(DISTINCT segid) FROM {table}_idx").fetchone()
    return count


def left_out() -> list[str]:
    """The resting indexes missing from the file and the search indexes that do not merge; the load's note says
    the same."""
    unmerged = [table for table in RESTING_MERGES if merging(table)["automerge"] == 0]
    missing = sorted([*set(RESTING_INDEXES) - set(indexes()), *unmerged])
    assert resting_indexes(db) == missing
    return missing


@bulk_writer
def test_a_big_load_rests_the_indexes_it_does_not_need_and_creates_them_again(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 100)
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    before = indexes()
    missing: list[list[str]] = []
    buffers: list[list[int]] = []

    def progress(done: int, total: int) -> None:
        missing.append(left_out())
        buffers.append([buffer(table) for table in RESTING_MERGES])

    generate_demo(120, now=NOW, progress=progress)
    assert missing == [RESTING] * 3, "left out for the whole load"
    assert buffers == [[BUFFER_RESTING["hashsize"]] * len(RESTING_MERGES)] * 3, "a batch's terms in one segment"
    assert indexes() == before
    for table in RESTING_MERGES:
        assert merging(table) == MERGING_DEFAULT, table
        assert buffer(table) == BUFFER_DEFAULT["hashsize"], table
        assert segments(table) == 1, f"{table}: merged into one segment at the end"
    assert Complaint.select().count() == 120
    plan = db.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM complaint WHERE state = 'closed' AND received_at > ''")
    assert "complaint_state_received_at" in str(plan.fetchall())


@bulk_writer
def test_only_a_load_as_big_as_the_database_and_big_enough_leaves_indexes_out(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing: list[list[str]] = []

    def progress(done: int, total: int) -> None:
        missing.append(left_out())

    generate_demo(60, now=NOW, progress=progress)  # under INDEXES_REST_FROM
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)
    generate_demo(50, now=NOW, progress=progress)  # fewer than the 60 there: rebuilding them would cost more
    assert missing == [[], []]
    assert Complaint.select().count() == 110
    generate_demo(110, now=NOW, progress=progress)  # as many as there are: left out
    assert missing[2:] == [RESTING]
    assert left_out() == [] and Complaint.select().count() == 220


@bulk_writer
def test_a_resting_index_a_migration_changed_is_kept_up_as_usual(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)
    changed = RESTING_INDEXES["complaint_closed_at"] + " WHERE closed_at IS NOT NULL"
    db.execute_sql('DROP INDEX "complaint_closed_at"')
    db.execute_sql(changed)
    missing: list[list[str]] = []
    generate_demo(30, now=NOW, progress=lambda done, total: missing.append(left_out()))
    assert missing == [sorted(set(RESTING) - {"complaint_closed_at"})]
    assert indexes()["complaint_closed_at"] == changed


@bulk_writer
def test_a_search_index_merging_otherwise_than_sqlite_by_default_merges_so_through_a_load(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)
    db.execute_sql("INSERT INTO complaint_grams (complaint_grams, rank) VALUES ('automerge', 8)")
    missing: list[list[str]] = []
    generate_demo(30, now=NOW, progress=lambda done, total: missing.append(left_out()))
    assert missing == [sorted(set(RESTING) - {"complaint_grams"})]
    assert merging("complaint_grams") == {"automerge": 8, "crisismerge": 16}
    assert merging("complaint_search") == MERGING_DEFAULT
    assert buffer("complaint_grams") == BUFFER_DEFAULT["hashsize"], "left as it was"


@bulk_writer
def test_a_load_that_fails_and_cannot_create_its_indexes_again_raises_its_own_error(
    demo_db: object, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The note stays; the next open creates them."""
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)
    before = indexes()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    def disk_full(*args: object) -> None:
        raise OSError("no space left on the device")

    monkeypatch.setattr("models.demo.store.write_bulk_seals", fail)
    monkeypatch.setattr("models.demo.resting.create_resting_indexes", disk_full)
    with caplog.at_level("ERROR", logger="complaint_desk.demo"), pytest.raises(RuntimeError, match="went away"):
        generate_demo(30, now=NOW)
    assert "left to the next open" in caplog.text
    assert left_out() == RESTING
    path = db.database
    db.close()
    database = open_database(path)
    try:
        assert indexes() == before and left_out() == []
    finally:
        database.close()


@bulk_writer
@pytest.mark.slow
def test_a_load_with_its_indexes_resting_writes_what_it_writes_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.BATCH_SIZE", 40)
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 100)
    tallies = ("SELECT * FROM hotspot_tally ORDER BY group_id, day",
               "SELECT * FROM analysis_tally ORDER BY part, day, key", "SELECT * FROM external_case ORDER BY id",
               "SELECT * FROM improvement_action ORDER BY id")  # fmt: skip
    statements: list[str] = []
    resting = dump(tmp_path / "resting.db", statements=statements, extra=tallies)
    assert sum(s.startswith("DROP INDEX") for s in statements) == len(RESTING_INDEXES)
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10**9)
    assert dump(tmp_path / "kept.db", extra=tallies) == resting
    assert resting[tallies[0]] and resting[tallies[1]] and resting[tallies[2]]


@bulk_writer
@pytest.mark.parametrize("in_worker_from", [1000, 10], ids=["drawn here", "drawn in a worker"])
def test_a_failed_batch_leaves_the_triggers_and_settings_as_they_were(
    demo_db: object, monkeypatch: pytest.MonkeyPatch, in_worker_from: int
) -> None:
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", in_worker_from)
    connection = db.connection()
    kept = ("synchronous", "cache_size", "busy_timeout")
    settings_before = [connection.execute(f"PRAGMA {name}").fetchone() for name in kept]

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("models.demo.store.write_bulk_seals", fail)
    monkeypatch.setattr("models.demo.resting.INDEXES_REST_FROM", 10)  # the indexes rest, and come back
    before = indexes()
    with pytest.raises(RuntimeError, match="the disk went away"):
        generate_demo(30, now=NOW)
    triggers = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    assert triggers == expected_triggers()
    assert indexes() == before and left_out() == []
    assert Complaint.select().count() == 0
    assert [connection.execute(f"PRAGMA {name}").fetchone() for name in kept] == (
        settings_before
    )
    assert settings_before[0] == (2,), "synchronous=FULL, as the database is opened"


@bulk_writer
def test_a_writer_that_fails_stops_the_reader_of_the_batches_and_collects_cycles_again(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer reads the worker's batches ahead on a thread of its own and pauses the cycle collector while
    it writes: when it fails on its first batch (more to come), the thread stops and the collector runs again."""
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    monkeypatch.setattr("models.demo.BATCH_SIZE", 5)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr("models.demo.store.write_bulk_seals", fail)
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="the disk went away"):
        generate_demo(60, now=NOW)
    readers = [thread for thread in threading.enumerate() if thread.name == "demo-batches"]
    for thread in readers:
        thread.join(timeout=60)  # a bound, not a measure: it stops at its next batch
    assert not [thread for thread in readers if thread.is_alive()]
    assert gc.isenabled()
    assert Complaint.select().count() == 0


@bulk_writer
def test_an_event_written_between_batches_keeps_the_audit_chain_whole(
    demo_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker chains the batches' events ahead; another desk's event in between is chained before them."""
    from models.verify import verify_archive

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    generate_demo(25, now=NOW, progress=lambda done, total: audit.record("handover", None, note=str(done)))
    actions = [a for (a,) in db.execute_sql("SELECT action FROM audit_event ORDER BY id")]
    # The external cases, the improvement actions and the recoveries are planted after the last batch (the
    # external cases' links to sealed complaints are amendments).
    planted = ("external_", "action_", "suggestion_", "recovery_")
    actions = [a for a in actions if not a.startswith(planted) and a != "amended"]
    assert actions.count("handover") == 3 and actions[-1] == "handover"
    assert actions.count("received") == 25
    assert verify_archive() == []


def test_a_batchs_events_are_chained_as_one_event_at_a_time_chains_them() -> None:
    """``Rows.chained`` writes event_digest's text at once: the same digests, for events with and without
    empty values."""
    rows = Rows(events=[
        (7, "2026-11-30 09:15:00", 3, "received", '{"state": ["", "received"]}'),
        (7, "2026-11-30 09:20:00", None, "noted", "{}"),
        (None, "2026-11-30 09:21:00", 3, "handover", '{"note": "交班：汤里有头发，\\u0000"}'),
        (8, "2026-11-30 09:22:00", 4, "closed", '{"state": ["agreed", "closed"]}'),
    ])  # fmt: skip
    previous, expected = "ab" * 32, []
    for event_id, event in enumerate(rows.events, start=41):
        previous = audit.event_digest(previous, (event_id, *event))
        expected.append((event_id, *event, bytes.fromhex(previous)))
    assert rows.chained((40, "ab" * 32)) == expected


@bulk_writer  # a server refuses a second demo (test_demo_server.py)
def test_running_twice_adds_complaints_but_not_staff(accounts: list) -> None:
    staff = Staff.select().count()
    categories = Category.select().count()
    progress: list[tuple[int, int]] = []
    assert generate_demo(20, seed=7, now=NOW, progress=lambda done, total: progress.append((done, total))) == []
    assert Staff.select().count() == staff
    assert Category.select().count() == categories
    assert Complaint.select().count() == COUNT + 20
    assert progress[-1] == (20, 20)


def test_progress_is_reported_after_each_batch(demo_db: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    calls: list[tuple[int, int]] = []
    generate_demo(25, now=NOW, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10, 25), (20, 25), (25, 25)]


def test_customers_took_some_complaints_outside(accounts: list) -> None:
    from models.control.external import ExternalCase, ExternalState, channels
    from models.control.external_queries import external_cases
    from models.demo.external import external_count

    cases = list(ExternalCase.select())
    assert len(cases) == external_count(COUNT) == 16
    assert {c.channel_id for c in cases} == {c.id for c in channels()}, "every channel"
    assert {c.state for c in cases} == {s.value for s in ExternalState}
    assert any(row.overdue for row in external_cases(today=NOW.date())), "some are overdue"
    closed = [c for c in cases if c.state == ExternalState.CLOSED]
    assert all(c.archive_number and c.archive_number.startswith("WB-") for c in closed)
    awaiting = [c for c in cases if c.state == ExternalState.REPLIED]
    assert all(NOW - c.recorded_at < dt.timedelta(days=60) for c in awaiting), "none awaits its outcome for months"
    assert all(c.received_on <= NOW.date() and c.recorded_at <= NOW for c in cases)
    assert external_count(1_000_000) == 400 and external_count(20_000) == 57 and external_count(0) == 0


def test_the_demo_archive_verifies(accounts: list) -> None:
    from models.verify import verify_archive

    assert verify_archive() == []


def test_the_demo_plants_hot_spots_that_detection_finds(accounts: list) -> None:
    """A run of 头发 at 二楼中餐厅 in the demo's 151st to 157th day (the summer's air-conditioning is 2 % of the
    complaints at its peak: too few in 300 to see)."""
    from models.control.hotspots import active_hotspots
    from models.demo.clock import DAYS

    first_day = NOW.date() - dt.timedelta(days=DAYS - 1)
    spots = active_hotspots(first_day + dt.timedelta(days=156))
    hair = [s for s in spots if s.group.key == ("phrase_location", "二楼中餐厅", "头发")]
    assert hair and hair[0].count >= 5 and hair[0].since >= first_day + dt.timedelta(days=150)


def test_the_desk_told_the_office_of_the_planted_hot_spots(accounts: list) -> None:
    """The demo's complaints are written in bulk, so no desk told the office of a hot-spot as the wizard does: the
    analysis and the work summary of a month after the 头发 run counted none in its month (review 103: Q2 "0 hot-
    spots" beside a run of 25 days and its effective action). Told from the complaint that made it one, and seen."""
    from models.analysis.figures import figures
    from models.analysis.period import Period
    from models.control.hotspot_notices import HotspotNotice
    from models.demo.clock import DAYS

    notices = list(HotspotNotice.select().where(HotspotNotice.hotspot_key.contains("\t头发\t")))
    assert len(notices) >= 1 and all(n.seen_at is not None and n.seen_at > n.told_at for n in notices)
    assert {Staff.get_by_id(n.told_by_id).role for n in notices} == {Role.DUTY_MANAGER}
    first_day = NOW.date() - dt.timedelta(days=DAYS - 1)
    run = first_day + dt.timedelta(days=153)
    quarter = Period.custom(run - dt.timedelta(days=20), run + dt.timedelta(days=70))  # over before its end
    rows = figures(quarter, now=NOW).improvement.hotspots
    assert [row for row in rows if "头发" in row.key.text]
