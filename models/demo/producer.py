"""Batches of demo rows from one random stream; for a big demo, made in a worker process while this one writes.

SQLite has one writer, so the two cores share the work: the worker draws the complaints, builds the records of
the closed ones and seals them (numbered, chained, deflated), the main process chains the audit events, inserts
the rows, indexes and tallies them. The worker needs no database: ``Plan`` carries all it reads.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import gc
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from models.archive import ArchiveHead, RecordNames
from models.demo.clock import Clock
from models.demo.generator import Generator
from models.demo.slots import FastRandom
from models.demo.store import Catalogue, FirstIds, Rows, Team

# A worker process takes about half a second to start: below this many complaints it would not pay.
IN_WORKER_FROM = 20_000
# Batches the writer reads ahead of the one it writes: the worker draws on while a batch is written slowly
# (an index merging, a checkpoint), and memory stays a few batches.
READ_AHEAD = 1
# The worker deflates the seals' payloads of one batch in this many, the writer the others': deflating (45 µs a
# payload) is the share of work that balances the two processes (tests/perf/bench_demo.py prints both processes'
# CPU). A million complaints: the worker 222 µs CPU a complaint, the writer 260 with its end (six: 214 and 274).
PACKED_IN_WORKER = 3
ROOT = Path(__file__).resolve().parents[2]  # where ``models`` is imported from
WORKER_ARGUMENTS = ("-m", "models.demo.worker")  # after the Python interpreter's path


@dataclass(frozen=True)
class Plan:
    """Everything the complaints are drawn from."""

    complaints: int
    seed: int
    now: dt.datetime
    catalogue: Catalogue
    team: Team
    first: FirstIds
    batch_size: int
    archive: ArchiveHead  # where the archive stands: the demo's seals follow on
    names: RecordNames | None  # what the sealed records name (staff, catalogue entries); None: rows only


def batches(plan: Plan) -> Iterator[Rows]:
    """The demo's rows, batch by batch, their closed and withdrawn cases sealed after ``plan.archive`` (the
    payloads of one batch in PACKED_IN_WORKER deflated here) and the complaints whose search grams the writer
    makes noted (without ``plan.names``, the rows only: the writer then seals them and indexes them in SQL, as
    a benchmark's bare drawing draws them). The writer chains their events."""
    rng = FastRandom(plan.seed)
    clock = Clock(plan.now)
    generator = Generator(rng, clock, plan.catalogue, plan.team, plan.complaints, plan.first, plan.names)
    arrivals = clock.arrivals(rng, plan.complaints)
    archive = plan.archive
    done = 0
    while done < plan.complaints:
        size = min(plan.batch_size, plan.complaints - done)
        rows = Rows()
        for index in range(done, done + size):
            generator.complaint(index, next(arrivals), rows)
        if plan.names is not None:
            archive = rows.seal(archive, plan.names, packed=done // plan.batch_size % PACKED_IN_WORKER == 0)
        done += size
        yield rows


@contextmanager
def cycles_uncollected() -> Iterator[None]:
    """Inside: Python's cycle collector paused (as it was before afterwards). A bulk load makes millions of
    short-lived tuples, each batch's rows free themselves when dropped (they hold no cycles), and every
    collection walked the load's long-lived tables again (the groups and change texts it remembers, the drawing's
    caches): a tenth of the drawing's time and a third of the tallies'."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


class DemoWorkerError(RuntimeError):
    """The worker process making the demo rows failed; the message holds its traceback."""


@contextmanager
def produced(plan: Plan) -> Iterator[Iterator[Rows]]:
    """The batches of ``plan``: from a worker process for a big demo, else made here (the same rows)."""
    if plan.complaints < IN_WORKER_FROM or getattr(sys, "frozen", False):
        # A frozen program (tools/build.py) has no interpreter to run ``-m models.demo.worker`` with.
        yield batches(plan)
        return
    # A process of its own, not multiprocessing's: that one runs the caller's main script again in the child,
    # which a script without an ``if __name__ == "__main__"`` guard does not survive. The pipe's small buffer
    # holds the worker back when it runs READ_AHEAD batches ahead of the writer: memory stays flat.
    worker = subprocess.Popen(
        [sys.executable, *WORKER_ARGUMENTS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT
    )
    assert worker.stdin is not None and worker.stdout is not None
    received = _received(worker.stdout, worker)
    try:
        try:
            with worker.stdin:
                pickle.dump(plan, worker.stdin, pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            pass  # the worker is gone already: reading its output says how
        yield received
    except BaseException:
        worker.kill()  # the writer failed: the rows still to come are not wanted
        raise
    finally:
        received.close()  # its reader stops
        worker.stdout.close()  # a worker still writing (the writer stopped reading) stops at its next batch
        worker.wait()


def produce(plan: Plan, out: IO[bytes]) -> int:
    """The worker's side: every batch of ``plan``, pickled to ``out``, then None; or, when it fails, the
    traceback (the writer raises it). The worker's exit code."""
    try:
        with cycles_uncollected():
            for rows in batches(plan):
                pickle.dump(rows, out, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - sent to the writer, which raises it
        pickle.dump(traceback.format_exc(), out)
        return 1
    else:
        pickle.dump(None, out)
        return 0
    finally:
        out.flush()


def _received(stream: IO[bytes], worker: subprocess.Popen[bytes]) -> collections.abc.Generator[Rows, None, None]:
    """The worker's batches, read ahead by a thread of their own (``READ_AHEAD`` batches): the worker draws the
    next batches while this process writes, instead of waiting on the pipe until the writer asks for them."""
    ahead: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=READ_AHEAD)
    stopped = threading.Event()

    def put(entry: tuple[object, BaseException | None]) -> bool:
        while not stopped.is_set():
            try:
                ahead.put(entry, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def read() -> None:
        while True:
            try:
                item = pickle.load(stream)
            except BaseException as error:  # noqa: BLE001 - the end of the stream, or the stream closed: raised by the writer
                put((None, error))
                return
            if not put((item, None)) or item is None or isinstance(item, str):
                return

    reader = threading.Thread(target=read, name="demo-batches", daemon=True)
    reader.start()
    try:
        while True:
            item, error = ahead.get()
            if isinstance(error, EOFError):
                raise DemoWorkerError(f"the demo worker stopped (exit code {worker.wait()})") from None
            if error is not None:
                raise error
            if item is None:
                return
            if isinstance(item, str):
                raise DemoWorkerError(f"the demo worker failed:\n{item}")
            yield cast(Rows, item)
    finally:
        stopped.set()  # the reader stops at its next batch (or the stream's end, when the worker is killed)
