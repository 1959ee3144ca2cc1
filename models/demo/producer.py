"""Batches of demo rows from one random stream; for a big demo, made in a worker process while this one writes.

SQLite has one writer, so the two cores share the work: the worker draws the complaints, builds the records of
the closed ones and seals them (numbered, chained, and compressed while the writer is behind: ``Balance``), the main
process chains the audit events, inserts the rows, indexes and tallies them. The worker needs no database: ``Plan``
carries all it reads.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import gc
import marshal
import pickle
import queue
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

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
# Compressing the seals' payloads (10 µs a payload with Zstandard; 45 with deflate before) is the share of work that
# balances the two processes: the worker compresses a batch's payloads when it has waited for the writer longer than
# compressing took it so far (``Balance``), else the writer does. So each takes what its speed allows, which changes
# over a load: the writer's indexes deepen as the file grows, the worker's drawing costs the same throughout. (A
# fixed share, a batch in three compressed by the worker, left the writer waiting 3.8–6.5 s for batches at 200,000
# complaints while the worker waited for it.)
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


def batches(plan: Plan, balance: Balance | None = None) -> Iterator[Rows]:
    """The demo's rows, batch by batch, their closed and withdrawn cases sealed after ``plan.archive`` (their
    payloads compressed here when ``balance`` says so, else by the writer: the same bytes) and the complaints whose
    search grams the writer makes noted (without ``plan.names``, the rows only: the writer then seals them and
    indexes them in SQL, as a benchmark's bare drawing draws them). The writer chains their events."""
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
            packed = balance is not None and balance.compress_here()
            started = time.thread_time()
            archive = rows.seal(archive, plan.names, packed=packed)
            if balance is not None:
                balance.sealed(packed, time.thread_time() - started)
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
        # A frozen program (tools/build.py) has no interpreter to run ``-m models.demo.worker`` with. One process,
        # no pipe to wait on: the balance leaves every payload to the writer (the same process, the same work).
        yield batches(plan, Balance())
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
                write_all(worker.stdin, pickle.dumps(plan, pickle.HIGHEST_PROTOCOL))
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


# What the worker sends, each as a frame: its kind, the length of its data (8 bytes, little-endian), the data.
BATCH = b"B"  # a batch of rows, pickled
END = b"E"  # no more batches (no data)
FAILED = b"F"  # the worker failed: its traceback (UTF-8)
_LENGTH = 8
Frame = tuple[bytes, bytes]  # its kind and its data


def produce(plan: Plan, out: IO[bytes]) -> int:
    """The worker's side: every batch of ``plan``, pickled, down ``out``, then END; or, when it fails, its
    traceback (the writer raises it). The worker's exit code."""
    balance = Balance()

    def send(kind: bytes, data: bytes = b"") -> None:
        write_all(out, kind + len(data).to_bytes(_LENGTH, "little"))
        write_all(out, data)

    try:
        with cycles_uncollected():
            for rows in batches(plan, balance):
                data = dumps(rows)
                started = time.perf_counter()
                send(BATCH, data)
                balance.waited(time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - sent to the writer, which raises it
        send(FAILED, traceback.format_exc().encode())
        return 1
    else:
        send(END)
        return 0
    finally:
        out.flush()


def write_all(out: IO[bytes], data: bytes) -> None:
    """``data`` down ``out``, all of it. A write to a pipe the process was stopped in (Ctrl+Z, then ``fg``; a
    profiler pausing it) returns having written part of it, and Python's buffered writer then says how much, short:
    ignoring that count lost the rest, and the writer read the next frame from the middle of a batch."""
    view = memoryview(data)
    while view:
        view = view[out.write(view) :]


def read_exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes from ``stream``, or fewer only where it ends: a read may return less than asked."""
    data = stream.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    got = len(data)
    while got < size and (part := stream.read(size - got)):
        parts.append(part)
        got += len(part)
    return b"".join(parts)


# The batch's rows of plain values (strings, numbers, None), as marshal writes them: half pickle's time for the same
# rows (8 against 17 µs a complaint in the worker, whose share of the work is the larger), as pickle's memo of
# every object it wrote grows large. Both processes run the same interpreter, which marshal's format needs.
MARSHALLED = ("customers", "complaints", "proposals", "lines", "follow_ups", "events", "alerts", "plain")


def dumps(rows: Rows) -> bytes:
    """A batch as bytes for the pipe: its plain rows marshalled, the rest (its seals) pickled."""
    try:
        plain = marshal.dumps(tuple(getattr(rows, name) for name in MARSHALLED))
    except ValueError:  # a value marshal cannot write (a test's, an enum): all pickled, as before
        return pickle.dumps((None, rows), pickle.HIGHEST_PROTOCOL)
    empty: dict[str, Any] = {name: [] for name in MARSHALLED}
    rest = dataclasses.replace(rows, **empty)
    return pickle.dumps((plain, rest), pickle.HIGHEST_PROTOCOL)


def loads(data: bytes) -> Rows:
    """The batch ``dumps`` wrote."""
    plain, rows = pickle.loads(data)
    if plain is not None:
        for name, value in zip(MARSHALLED, marshal.loads(plain), strict=True):
            setattr(rows, name, value)
    return cast(Rows, rows)


class Balance:
    """Which batches the worker compresses: while it has waited for the writer (its batches waiting to go down the
    pipe, the writer's read-ahead full) longer in all than compressing took it, the next one; else none."""

    def __init__(self) -> None:
        self.spare = 0.0  # seconds waited, less the seconds compressing took
        self.sealing = 0.0  # seconds sealing the last batch took without compressing

    def compress_here(self) -> bool:
        return self.spare > 0

    def sealed(self, compressed: bool, seconds: float) -> None:
        if compressed:
            self.spare -= max(seconds - self.sealing, 0.0)
        else:
            self.sealing = seconds

    def waited(self, seconds: float) -> None:
        self.spare += seconds


def _received(stream: IO[bytes], worker: subprocess.Popen[bytes]) -> collections.abc.Generator[Rows, None, None]:
    """The worker's batches, read ahead by a thread of their own (``READ_AHEAD`` batches): the worker draws the
    next batches while this process writes, instead of waiting on the pipe until the writer asks for them. The
    thread only reads the frames' bytes, which lets go of Python's lock; the writer unpickles each batch when it
    takes it. (A thread unpickling them waited for the lock whenever the writer ran Python, so a batch came in
    slowly: at 200,000 complaints the writer waited 0.1–0.3 s for every other batch, and the worker for it.)"""
    ahead: queue.Queue[tuple[Frame | None, BaseException | None]] = queue.Queue(maxsize=READ_AHEAD)
    stopped = threading.Event()

    def put(entry: tuple[Frame | None, BaseException | None]) -> bool:
        while not stopped.is_set():
            try:
                ahead.put(entry, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def frame() -> Frame:
        head = read_exactly(stream, 1 + _LENGTH)
        if len(head) < 1 + _LENGTH:
            raise EOFError("the worker's output ended")
        size = int.from_bytes(head[1:], "little")
        data = read_exactly(stream, size)
        if len(data) < size:
            raise EOFError("the worker's output ended within a frame")
        return head[:1], data

    def read() -> None:
        while True:
            try:
                kind, data = frame()
            except BaseException as error:  # noqa: BLE001 - the end of the stream, or the stream closed: raised by the writer
                put((None, error))
                return
            if not put(((kind, data), None)) or kind != BATCH:
                return

    reader = threading.Thread(target=read, name="demo-batches", daemon=True)
    reader.start()
    try:
        while True:
            entry, error = ahead.get()
            if isinstance(error, EOFError):
                raise DemoWorkerError(f"the demo worker stopped (exit code {worker.wait()})") from None
            if error is not None:
                raise error
            assert entry is not None
            kind, data = entry
            if kind == END:
                return
            if kind != BATCH:
                raise DemoWorkerError(f"the demo worker failed:\n{data.decode(errors='replace')}")
            yield loads(data)
    finally:
        stopped.set()  # the reader stops at its next batch (or the stream's end, when the worker is killed)
