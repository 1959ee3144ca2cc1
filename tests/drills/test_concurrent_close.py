"""Four processes close 600 agreed cases at once (150 each) on one database
file (with ``--db postgresql://…``: one database on the server): every case
is closed once, the archive numbers are unique and run 1..600 without a gap,
the archive verifies, and no process meets an error that is not a DomainError.
A close refused because the database is busy is retried; the refusals are
counted and printed.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from models.base import db
from models.complaint import Complaint, ConsentAnswer, State
from models.database import open_database
from models.intake import Consent, propose, receive, record_consent, record_investigation

import conftest
from drill_support import ROOT, Desk, child_command, prepare_desk, soundness_problems, verify_command

PROCESSES = 4
CASES_PER_PROCESS = 150
# On a server, making the agreed cases takes most of the drill (a round trip per statement): fewer here,
# all 600 in tests/perf/bench_close_four.py.
CASES_PER_PROCESS_ON_SERVER = 50


def agreed_cases(database_file: Path | str, count: int) -> list[int]:
    """``count`` cases the customer has agreed to, ready to close, made in one
    transaction (a commit per step would cost more than the drill itself)."""
    prepare_desk(database_file)
    database = open_database(str(database_file))
    try:
        desk = Desk()
        manager = desk.manager
        ids = []
        with db.atomic():
            for number in range(count):
                case = receive(manager, desk.receipt(narrative=f"并发演练 {number}", demand="道歉"))
                record_investigation(manager, case, desk.investigation("属实"))
                propose(manager, case, desk.lines())
                record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, witness="领班"))
                ids.append(case.id)
        return ids
    finally:
        database.close()


def test_four_processes_close_600_cases_at_once(tmp_path: Path) -> None:
    # On a server the desks take turns through its writer lock (models/postgresql.py) rather than the file's.
    database_file: Path | str = tmp_path / "close.db"
    per_process = CASES_PER_PROCESS
    if conftest.on_server():
        assert conftest._server is not None
        database_file = conftest._server.create()
        per_process = CASES_PER_PROCESS_ON_SERVER
    cases = PROCESSES * per_process
    ids = agreed_cases(database_file, cases)
    assert ids == list(range(ids[0], ids[0] + cases))
    children = []
    for index in range(PROCESSES):
        first = ids[0] + index * per_process
        children.append(
            subprocess.Popen(
                child_command("close", str(database_file), str(first), str(first + per_process - 1)),
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
        )
    for child in children:
        assert json.loads(child.stdout.readline()) == {"ready": True}, child.stderr.read()
    # All four start closing at the same moment.
    started = time.perf_counter()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    summaries = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        summaries.append(json.loads(out))
    seconds = time.perf_counter() - started
    where = " on a server" if conftest.on_server() else ""

    closed = {int(case_id): number for summary in summaries for case_id, number in summary["closed"].items()}
    raw = [error for summary in summaries for error in summary["raw"]]
    refused = [error for summary in summaries for error in summary["refused"]]
    gave_up = [case_id for summary in summaries for case_id in summary["gave_up"]]
    locked = sum(summary["locked"] for summary in summaries)
    busy = sum(summary["busy"] for summary in summaries)
    print(
        f"concurrent close{where}: {PROCESSES} processes, {len(closed)} of {cases} closed in {seconds:.1f} s "
        f"({[summary['seconds'] for summary in summaries]} s each); raw errors {len(raw)}, "
        f"'database is locked' retried {locked}, busy DomainError retried {busy}, other refusals {len(refused)}, "
        f"given up {len(gave_up)}"
    )
    assert not raw, "\n".join(raw[:5])
    assert not refused, "\n".join(refused[:5])
    assert not gave_up, f"{len(gave_up)} cases still busy after every try: {gave_up[:10]}"
    assert sorted(closed) == ids

    database = open_database(str(database_file))
    try:
        rows = list(Complaint.select(Complaint.id, Complaint.state, Complaint.archive_number).tuples())
        assert {state for _, state, _ in rows} == {State.CLOSED}
        stored = {case_id: number for case_id, _, number in rows}
        assert stored == closed, "a process was told a number the database does not hold"
        year = time.localtime().tm_year
        assert sorted(stored.values()) == [f"TS-{year}-{n:06d}" for n in range(1, cases + 1)]
        assert soundness_problems(database) == []
    finally:
        database.close()
    assert verify_command(database_file)[0] == 0
