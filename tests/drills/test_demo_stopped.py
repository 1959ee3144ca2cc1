"""Stop drills of a big demo (a worker process draws the batches, the main process writes them).

- The worker is stopped and continued again and again (as Ctrl+Z and ``fg`` do, or a profiler pausing it) while it
  writes its batches down the pipe. A write interrupted so returns having written part of a batch; every batch must
  still reach the writer whole, and the demo load every complaint, its archive sound.
- Ctrl+C in the terminal (SIGINT to both processes) in the middle of the load: the command says how many
  complaints stay and gives the accounts' passwords, no traceback, no process left, the file sound; the next open
  makes the analysis tallies the load suspended.
- A desk opens the file in the middle of a load: it makes the tallies then (they look left by a stopped load), the
  load goes on keeping them, and at its end they are exact."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from models.analysis import day_tally
from models.complaint import Complaint
from models.database import analysis_tallies_suspended, open_database
from models.demo import generate_demo
from models.staff import authenticate
from models.verify import verify_archive

COMPLAINTS = 12_000  # three batches of 5,000 and less: each far more than a pipe holds
PAUSE = 0.02  # seconds stopped
BETWEEN = 0.03  # seconds running between two stops


@pytest.mark.sqlite_only
def test_a_demo_whose_worker_is_stopped_and_continued_again_and_again_loads_whole(
    database: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("models.demo.producer.IN_WORKER_FROM", 10)
    workers: list[subprocess.Popen[bytes]] = []
    start = subprocess.Popen

    def started(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        worker = start(*args, **kwargs)
        workers.append(worker)
        return worker

    monkeypatch.setattr(subprocess, "Popen", started)
    done = threading.Event()
    stops = 0

    def stop_and_continue() -> None:
        nonlocal stops
        while not done.is_set():
            for worker in workers:
                if worker.poll() is not None:
                    continue
                try:
                    os.kill(worker.pid, signal.SIGSTOP)
                    time.sleep(PAUSE)
                    os.kill(worker.pid, signal.SIGCONT)
                except ProcessLookupError:
                    continue  # it ended meanwhile
                stops += 1
            time.sleep(BETWEEN)

    pauser = threading.Thread(target=stop_and_continue, daemon=True)
    pauser.start()
    try:
        generate_demo(COMPLAINTS, seed=7, now=dt.datetime(2025, 6, 15, 14, 30, 0))
    finally:
        done.set()
        pauser.join()
    assert len(workers) == 1 and stops > 20, stops
    assert Complaint.select().count() == COMPLAINTS
    assert verify_archive() == []


@pytest.mark.sqlite_only
def test_ctrl_c_in_the_terminal_mid_load_keeps_whole_batches_and_says_so(
    isolated_folders: Path, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    demo = _demo_under_way(db, 200_000, isolated_folders)
    os.killpg(demo.pid, signal.SIGINT)  # Ctrl+C: the terminal sends it to the whole foreground group
    out, err = demo.communicate(timeout=120)
    assert demo.returncode == 130, err
    assert err == "", "no traceback, from the command or its worker"
    kept = int(re.match(r"Interrupted: ([\d,]+) of 200,000 demo complaints were written to ", out)[1].replace(",", ""))
    assert 10_000 <= kept < 200_000 and kept % 5_000 == 0, "whole batches"
    with pytest.raises(ProcessLookupError):
        os.killpg(demo.pid, 0)  # no worker left behind
    database = open_database(str(db))
    try:
        assert Complaint.select().count() == kept
        # Each account: its role in words ("Duty manager"), name, user name, password.
        accounts = re.findall(r"^  (?:Duty manager|Office|Administrator) +\S+ +(\S+) +(\S+)$", out, re.MULTILINE)
        assert len(accounts) == 4, out
        for username, password in accounts:
            assert authenticate(username, password).username == username
        assert verify_archive() == []
        _assert_tallies_exact(database)
    finally:
        database.close()


@pytest.mark.sqlite_only
def test_a_desk_opening_the_file_mid_load_makes_the_tallies_and_the_load_keeps_them_exact(
    isolated_folders: Path, tmp_path: Path
) -> None:
    """The suspended tallies look to the desk as a stopped load leaves them: it makes them, the load's next batch
    waits meanwhile and keeps them from then on (their triggers are dropped only while they are suspended), and
    the load's end makes them once more (another desk wrote while it read them)."""
    db = tmp_path / "demo.db"
    demo = _demo_under_way(db, 60_000, isolated_folders)
    desk = open_database(str(db))  # rebuilds the suspended tallies between two of the load's batches
    try:
        assert not analysis_tallies_suspended(desk)
    finally:
        desk.close()
    assert demo.poll() is None, "the desk opened the file while the load went on"
    out, err = demo.communicate(timeout=300)
    assert demo.returncode == 0, err
    assert "Created 60,000 demo complaints" in out
    database = open_database(str(db))
    try:
        assert Complaint.select().count() == 60_000
        assert verify_archive() == []
        _assert_tallies_exact(database)
    finally:
        database.close()


def _demo_under_way(db: Path, complaints: int, folders: Path) -> subprocess.Popen[str]:
    """``main.py demo`` as a person runs it in a terminal (its own process group, as the terminal's foreground job
    is), once it has written 10,000 complaints and goes on."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(folders / "data"),
        "XDG_CONFIG_HOME": str(folders / "config"),
        "XDG_STATE_HOME": str(folders / "state"),
    }
    demo = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(db), "demo", "--complaints", str(complaints)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and demo.poll() is None and _complaints(db) < 10_000:
        time.sleep(0.2)
    assert demo.poll() is None, "the load ended before 10,000 complaints and the moment it was wanted"
    return demo


def _assert_tallies_exact(database: Any) -> None:
    """The analysis tallies kept (not suspended), and the same rows a rebuild from the complaints makes."""
    assert not analysis_tallies_suspended(database)
    kept = database.execute_sql(TALLIES).fetchall()
    assert len(kept) > 1000
    day_tally.rebuild()
    assert database.execute_sql(TALLIES).fetchall() == kept


TALLIES = "SELECT * FROM analysis_tally ORDER BY part, day, key"


def _complaints(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as raw:
            return raw.execute("SELECT count(*) FROM complaint").fetchone()[0]
    except sqlite3.OperationalError:  # not made yet, or its tables not yet
        return 0
