"""Stop drill: a big demo's worker process is stopped and continued again and again (as Ctrl+Z and ``fg`` do, or a
profiler pausing it) while it writes its batches down the pipe. A write interrupted so returns having written part
of a batch; every batch must still reach the writer whole, and the demo load every complaint, its archive sound."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import threading
import time
from typing import Any

import pytest

from models.complaint import Complaint
from models.demo import generate_demo
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
