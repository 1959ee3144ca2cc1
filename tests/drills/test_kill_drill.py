"""Kill drill: a child process works cases through the intake and is killed
with SIGKILL at a random moment, again and again on the same database file.
Every step the child reported as committed must be there afterwards, the
database and the archive must verify and the archive numbers stay gapless.

The kill moments come from a seeded random generator; the seed is printed, and
``DRILL_SEED=N uv run pytest tests/drills/test_kill_drill.py -s`` replays them
(how far a child gets by then depends on the machine's speed).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from decimal import Decimal
from pathlib import Path

from models.complaint import Complaint, Proposal
from models.database import open_database

from drill_support import ROOT, child_command, path_of, prepare_desk, soundness_problems, verify_command

KILLS = 50
MAX_DELAY = 0.6  # seconds after the child is ready; a step takes some milliseconds
READY_TIMEOUT = 30
VERIFY_EVERY = 10  # kills between two runs of `main.py verify` (the in-process checks run after every kill)


class Child:
    """A running intake child and the lines it has printed so far."""

    def __init__(self, database_file: Path, seed: int) -> None:
        self.lines: list[dict[str, object]] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            child_command("intake", str(database_file), str(seed)),
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut by the kill halfway through printing: not a report
            message = json.loads(line)
            if message.get("ready"):
                self.ready.set()
            else:
                self.lines.append(message)

    def kill(self) -> str:
        """SIGKILL (no chance to clean up); what the child wrote to stderr."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join()
        self.process.stdout.close()
        with self.process.stderr:
            return self.process.stderr.read()


def lost_steps(reported: list[dict[str, object]]) -> list[str]:
    """Reported steps whose effect is not in the database."""
    lost = []
    for step in reported:
        case = Complaint.get_or_none(Complaint.id == step["case"])
        if case is None:
            lost.append(f"{step}: the case is missing")
            continue
        path = path_of(case.id)
        if case.state not in path or path.index(case.state) < path.index(step["state"]):
            lost.append(f"{step}: the case is back at '{case.state}'")
        for name, expected in step["check"].items():
            actual = _stored(case, name)
            if actual != expected:
                lost.append(f"{step}: {name} is {actual!r}")
    return lost


def _stored(case: Complaint, name: str) -> object:
    if name in ("proposal_total", "decision"):
        proposal = case.proposals.order_by(Proposal.seq.desc()).first()
        if proposal is None:
            return None
        return str(Decimal(proposal.total)) if name == "proposal_total" else proposal.decision
    return getattr(case, name)


def test_killed_children_lose_no_committed_step(tmp_path: Path) -> None:
    seed = int(os.environ.get("DRILL_SEED", random.randrange(1_000_000)))
    print(f"kill drill seed: {seed} (DRILL_SEED={seed} replays it)")
    rng = random.Random(seed)
    database_file = tmp_path / "kill.db"
    prepare_desk(database_file)
    started = time.perf_counter()
    reported: list[dict[str, object]] = []
    lost: list[str] = []
    for kill in range(KILLS):
        child = Child(database_file, rng.randrange(1_000_000_000))
        assert child.ready.wait(READY_TIMEOUT), f"kill {kill}: the child never got ready"
        time.sleep(rng.uniform(0, MAX_DELAY))
        assert child.process.poll() is None, f"kill {kill}: the child died by itself:\n{child.kill()}"
        stderr = child.kill()
        assert child.process.returncode == -signal.SIGKILL, stderr
        reported.extend(child.lines)
        database = open_database(str(database_file))
        try:
            lost.extend(f"kill {kill}: {problem}" for problem in lost_steps(child.lines))
            problems = soundness_problems(database)
            assert not problems, f"kill {kill} (seed {seed}): " + "; ".join(problems)
        finally:
            database.close()
        if kill % VERIFY_EVERY == VERIFY_EVERY - 1:
            status, output = verify_command(database_file)
            assert status == 0, f"kill {kill} (seed {seed}): main.py verify says {output}"
    seconds = time.perf_counter() - started
    database = open_database(str(database_file))
    try:
        archived = Complaint.select().where(Complaint.archive_number.is_null(False)).count()
        # Every case reported must still be there at the end, at or beyond its last reported step.
        lost.extend(f"at the end: {problem}" for problem in lost_steps(reported))
    finally:
        database.close()
    print(
        f"kill drill: {KILLS} kills, {len(reported)} steps reported, {len(lost)} lost, "
        f"{archived} cases archived, {seconds:.1f} s"
    )
    assert not lost, f"seed {seed}: " + "\n".join(lost[:20])
    assert len(reported) >= KILLS, "the children were killed before they did any work"
    assert archived > 0
