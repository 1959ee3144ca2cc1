"""Verifying the archive: ``verify_report`` recomputes every seal, the chain and the audit trail's chain
in one read snapshot, compares each sealed record with the rows as they are now (display names excepted),
checks the triggers, and compares the chain heads with the anchors kept outside the database.

The work is cut into batches of seals and of audit events by id; each batch checks its chain from the
row before it (a digest covers the previous row's digest, which the file keeps only there: migration
0014). On a large file (``PARALLEL_FROM`` rows) they run in worker processes, each reading through its
own read-only connection: the work is SQLite rendering each sealed case's record and Python inflating,
hashing and comparing, which threads would take turns at. Every connection, the caller's and the
workers', reads the same snapshot: the workers open their read transactions while the caller holds its
own, and a connection outside any transaction reads ``PRAGMA data_version`` before and after; when
another desk committed in between, they all start again (after ``SNAPSHOT_ATTEMPTS`` tries, the work
runs in this process). Small files, and files without a path, are checked in this process, batch after
batch, on the caller's connection.

On a PostgreSQL server (issue 16) the same checks run in this process, in one REPEATABLE READ, READ ONLY
transaction, through ``models.portable``'s connection: there is no SQLite rendering of the records
(``models.record_sql``), so each sealed case is compared as ``case_records`` builds it; the audit
events are joined in Python; the guards are the baseline's PL/pgSQL triggers, each checked for being
there, enabled and running the function the baseline wrote.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import hashlib
import importlib.util
import json
import logging
import multiprocessing
import multiprocessing.queues
import multiprocessing.synchronize
import os
import queue
import re
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, cast

from peewee import SqliteDatabase

from models import audit
from models.anchor import Anchor, database_identity, known_anchors
from models.archive import AMENDMENT, SEAL, ArchiveSeal, _among_sql, canonical_json, case_records
from models.base import db, is_postgresql
from models.control import external_archive
from models.database import BUSY_TIMEOUT_MS, MIGRATIONS_DIR, POSTGRESQL_BASELINE, create_schema
from models.digest import digest_text
from models.errors import QT_TRANSLATE_NOOP
from models.portable import Connection, ServerConnection, snapshot
from models.portable import connection as raw_connection
from models.record_sql import SEAL_RECORDS
from models.seal_store import StoredFormError, inflate, named_dictionary, restore, signature_digest

# On a server: a seal after this computer's latest anchor, dated before it by more than this, was not in it though
# committed before it (a seal is committed within moments of being dated; desks write one at a time).
ANCHOR_MARGIN = dt.timedelta(minutes=1)


def _stamp(value: str) -> str:
    """A stored time as comparable text ("2026-12-07 09:00:00", with or without a "T")."""
    return value.replace("T", " ")


@dataclass(frozen=True)
class Said:
    """A sentence of the archive's check with its values: its template (Qt context "ArchiveProblem") for the GUI
    to say in the user's language, ``str`` in English (the command line, the log)."""

    template: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return self.template.format(**dict(self.values))


def said(template: str, **values: object) -> Said:
    return Said(template, tuple(values.items()))


@dataclass(frozen=True)
class ArchiveProblem:
    """One thing wrong, named by what it is about: an archive number, or an
    audit event, a trigger or the anchor when no case is concerned (in English; ``subject_said`` and
    ``problem_said`` the same for the GUI to say in the user's language)."""

    archive_number: str
    problem: str
    subject_said: Said | None = field(default=None, compare=False)
    problem_said: Said | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.archive_number}: {self.problem}"

    @classmethod
    def of(cls, subject: str | Said, problem: str | Said) -> ArchiveProblem:
        return cls(
            str(subject),
            str(problem),
            subject if isinstance(subject, Said) else None,
            problem if isinstance(problem, Said) else None,
        )


@dataclass(frozen=True)
class VerifyReport:
    problems: list[ArchiveProblem]
    notes: list[Said]  # what the check could not prove (``str``: in English, as the command line says it)
    anchor: Anchor | None
    # Sealed cases SQLite's rendering did not match (models/record_sql.py), compared in Python.
    compared_in_python: int = 0


class VerifyCancelled(Exception):  # noqa: N818 - a stop asked for, not an error
    """Verification was stopped before it finished: nothing was proved either way."""


class Watcher(Protocol):
    """What follows the work (ui.tasks.Task is one): how far it got, and whether to stop."""

    def report(self, done: int, total: int) -> None: ...

    def is_cancelled(self) -> bool: ...


log = logging.getLogger("complaint_desk.verify")

SEAL_BATCH = 2000  # seals per batch (ids), each case's record built and compared
EVENT_BATCH = 20_000  # audit events per batch (ids)
PARALLEL_FROM = 100_000  # seals and events: fewer are checked in this process
MAX_WORKERS = 8
SNAPSHOT_ATTEMPTS = 5
START_TIMEOUT = 120  # seconds for the workers to start and open their snapshots
# Display names a catalogue or an account may change later; the seal keeps them as they were.
PERMITTED_NAMES = frozenset({"category_name", "department_name", "remedy_name", "charged_to_name", "referral_name"})
# Keys of a sealed payload that are not the case's record: the format and the seal row's own columns.
NOT_RECORD = frozenset({"format", "sealed_at", "sealed_by"})
# Seals older than format 2's sealed_at key were stamped in the closing transaction, right after closed_at.
OLD_SEAL_DELAY = dt.timedelta(minutes=5)
# Amendments before this change took their sealed_at a moment after the payload's "at" (whole seconds).
AMENDMENT_CLOCK = dt.timedelta(seconds=5)


def record_differences(sealed: object, live: object, path: str = "") -> list[str]:
    """Where the live record differs from the sealed one, projected on the sealed
    payload's own keys (later formats add keys; lists compare element by element).
    Display names (customer, staff, catalogue entries) are taken as sealed."""
    if isinstance(sealed, dict):
        if not isinstance(live, dict):
            return [path]
        skip = set(PERMITTED_NAMES)
        if "username" in sealed or path == "customer":
            skip.add("name")
        if not path:
            skip |= NOT_RECORD
        found = []
        for key, value in sealed.items():
            where = f"{path}.{key}" if path else key
            if key in skip:
                continue
            if key not in live:
                found.append(where)
            else:
                found.extend(record_differences(value, live[key], where))
        return found
    if isinstance(sealed, list):
        if not isinstance(live, list) or len(live) != len(sealed):
            return [path]
        found = []
        for index, (was, now) in enumerate(zip(sealed, live, strict=True)):
            found.extend(record_differences(was, now, f"{path}[{index}]"))
        return found
    return [] if sealed == live else [path]


def verify_archive(database_file: Path | None = None, task: Watcher | None = None) -> list[ArchiveProblem]:
    """What ``verify_report`` finds wrong; ``task`` follows the work (raises VerifyCancelled when it asks to stop)."""
    return checked_archive(database_file, task).problems


# verify's note when no anchor was found: (an anchor folder is configured, the database is on a server) → the note.
_NO_ANCHOR = {
    (True, False): QT_TRANSLATE_NOOP(
        "ArchiveProblem",
        "no anchor of this database was found ({where}): verify cannot tell whether the archive's tail was cut off "
        "or the whole chain rewritten by someone who has the file",
    ),
    (True, True): QT_TRANSLATE_NOOP(
        "ArchiveProblem",
        "no anchor of this database was found ({where}): verify cannot tell whether the archive's tail was cut off "
        "or the whole chain rewritten by someone who has the database's server",
    ),
    (False, False): QT_TRANSLATE_NOOP(
        "ArchiveProblem",
        "no anchor of this database was found (no anchor folder is configured): verify cannot tell whether the "
        "archive's tail was cut off or the whole chain rewritten by someone who has the file",
    ),
    (False, True): QT_TRANSLATE_NOOP(
        "ArchiveProblem",
        "no anchor of this database was found (no anchor folder is configured): verify cannot tell whether the "
        "archive's tail was cut off or the whole chain rewritten by someone who has the database's server",
    ),
}


def checked_archive(database_file: Path | None = None, task: Watcher | None = None) -> VerifyReport:
    """``verify_report``, followed by ``task`` (the GUI's check: what is wrong, and what could not be proved)."""
    if task is None:
        return verify_report(database_file)
    return verify_report(database_file, progress=task.report, cancelled=task.is_cancelled)


@dataclass(frozen=True)
class FileProblem:
    """A problem ``file_problems`` found: SQLite's own finding (``archive`` None), or the archive's (``archive``:
    for the GUI to say in the user's language). ``str``: in English, as the command line says it."""

    text: str
    archive: ArchiveProblem | None = None

    def __str__(self) -> str:
        return self.text


def file_problems(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    share_with_writers: bool = False,
    as_of: str | None = None,
) -> tuple[list[FileProblem], list[Said]]:
    """What is wrong with the open file ``path`` (the models' database, read-only), and verify's notes (as said):
    SQLite's integrity check runs in a thread beside verify's checks of the archive (SQLite's C code
    does not hold Python's lock), and its findings come first; the archive's are told only of a sound
    file (a damaged one can fail in any query). ``main.py verify`` and the backups' check share it."""
    from models.database import file_integrity_problems

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        integrity = pool.submit(file_integrity_problems, path, share_with_writers)
        try:
            report: VerifyReport | None = verify_report(path, progress=progress, as_of=as_of)
        except Exception:  # SQLite's own finding comes first, should it have one
            if integrity.result():
                report = None
            else:
                raise
        problems = integrity.result()
    if problems or report is None:
        return [FileProblem(problem) for problem in problems], []
    return [FileProblem(f"archive {problem}", problem) for problem in report.problems], list(report.notes)


def verify_report(
    database_file: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    as_of: str | None = None,
) -> VerifyReport:
    """Check the archive, the audit trail and their guards in one read snapshot;
    never writes (the file may be open read-only).

    Each seal's digest is recomputed over the digest of the seal before it and
    the canonical text its stored form gives back (``models.seal_store``; a
    missing id is a removed seal, a dictionary altered or removed is named once
    for the seals stored with it), and each sealed case is
    compared with its rows now, field by field, except display names that may
    change (see ``record_differences``); the seal row's sealed_at and sealed_by
    are checked against the payload. Seals before format 2 carry neither: for
    them sealed_by must be the closer and sealed_at close after the closing.
    Attachments and signatures of sealed cases are hashed again. Amendments
    must amend the case's seal, and their reason, time and author columns must
    match their payload. The audit events' chain is recomputed (each event's
    changes as ``audit_change`` keeps the text). The triggers
    must be the ones the migrations created. Last, the database is compared
    with the anchors written outside it (``models/anchor.py``): a cut tail, a
    rewritten chain and seals the application never anchored are named;
    without anchors that cannot be proved, which the notes say.

    ``progress(done, total)`` hears of the seals and events checked so far (by
    their ids, which follow each other);
    when ``cancelled()`` turns true, VerifyCancelled is raised at the next
    batch. ``workers``: how many processes (0 for none; by default the cores,
    for a large file). ``as_of``: when the file's contents were taken (a backup
    copy's snapshot, in the anchors' format): an anchor written after it is no cut.
    """
    database_file = database_file or _database_file()
    started = as_of or dt.datetime.now().isoformat(sep=" ")
    target = _worker_target()
    for _ in range(SNAPSHOT_ATTEMPTS if target and workers != 0 else 1):
        with snapshot(), _DataVersion(target) as data_version:
            # DEFERRED: the file may be open read-only, where BEGIN IMMEDIATE fails; all reads see one snapshot
            # (on a server: a REPEATABLE READ, READ ONLY transaction).
            plan = _Plan.read(raw_connection())
            count = workers if workers is not None else _default_workers(plan)
            pool = _Workers(target, count)
            try:
                pool.start()
            except (WorkersUnavailable, concurrent.futures.BrokenExecutor) as error:
                log.warning("verifying in this process only: %s", error)
                pool = _Workers(None, 0)
            with pool:
                if pool.started and data_version.changed():
                    continue  # another desk committed while the snapshots opened: open them again
                identity = database_identity()
                anchors, anchor_paths = known_anchors(database_file, identity)
                checker = _Checker(plan, anchors, started)
                checker.run(pool, progress, cancelled)
            break
    else:
        # Desks kept committing while the workers' snapshots opened: check in this process, in one snapshot.
        log.info("desks kept writing while verify's workers started: verifying in this process")
        return verify_report(database_file, progress, cancelled, workers=0, as_of=as_of)
    # Anchors written while this ran (another desk sealing) cover seals this snapshot may hold.
    anchors = known_anchors(database_file, identity)[0]
    checker.check_anchors(anchors)
    notes: list[Said] = []
    if not anchors and checker.last_seal:  # with nothing sealed there is no tail to cut (it alarmed a new database)
        where = ", ".join(str(path) for path in anchor_paths)
        notes.append(said(_NO_ANCHOR[(bool(where), is_postgresql())], where=where))
    if checker.sealed_elsewhere:
        elsewhere = checker.sealed_elsewhere
        later = QT_TRANSLATE_NOOP(
            "ArchiveProblem",
            "{count} seals after this computer's latest anchor ({first} to {last}): sealed at other desks of the "
            "server since, their records and chain checked here; whether the application wrote them, verify at the "
            "desks that sealed them tells (each desk keeps its own anchors)",
        )
        if len(elsewhere) == 1:
            later = QT_TRANSLATE_NOOP(
                "ArchiveProblem",
                "1 seal after this computer's latest anchor ({first}): sealed at another desk of the server since, "
                "its record and chain checked here; whether the application wrote it, verify at the desk that "
                "sealed it tells (each desk keeps its own anchors)",
            )
        notes.append(said(later, count=f"{len(elsewhere):,}", first=elsewhere[0], last=elsewhere[-1]))
    latest = max(anchors, key=lambda a: (a.seals, a.at)) if anchors else None
    return VerifyReport(checker.problems, notes, latest, checker.compared_in_python)


def _database_file() -> Path | None:
    if is_postgresql():
        return None  # a server's database: its anchors are in the anchor folder only
    name = str(getattr(db.obj, "database", "") or "")
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    return Path(name) if name and name != ":memory:" else None


def _worker_target() -> str | None:
    """The URI another process opens the models' database file with, read-only; None for a database
    without a file (a server's: verified in this process, in one snapshot)."""
    database = db.obj
    if is_postgresql():
        return None
    name = str(getattr(database, "database", "") or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    if database.connect_params.get("uri") and name.startswith("file:"):
        return name if "mode=" in name else f"{name}{'&' if '?' in name else '?'}mode=ro"
    return f"{Path(name).absolute().as_uri()}?mode=ro"


def _default_workers(plan: _Plan) -> int:
    if plan.seals + plan.events < PARALLEL_FROM:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_WORKERS) if cores > 1 else 0


@dataclass(frozen=True)
class _Plan:
    """What the snapshot holds, read first: the chains' ends (anchors name seals and events by id)
    and the id ranges the batches cut. The application numbers seals and events one after the other
    and never deletes one, so the ranges' sizes are how many there are (counting them read every row)."""

    last_seal: int
    last_event: int
    seals: int
    events: int
    seal_ids: tuple[int, int]
    event_ids: tuple[int, int]

    @classmethod
    def read(cls, connection: Connection) -> _Plan:
        seal_first, seal_last = connection.execute(
            "SELECT coalesce(min(id), 1), coalesce(max(id), 0) FROM archive_seal"
        ).fetchone()
        event_first, event_last = connection.execute(
            "SELECT coalesce(min(id), 1), coalesce(max(id), 0) FROM audit_event"
        ).fetchone()
        seals, events = seal_last - seal_first + 1, event_last - event_first + 1
        return cls(seal_last, event_last, seals, events, (seal_first, seal_last), (event_first, event_last))

    def batches(self) -> Iterator[tuple[str, int, int]]:
        for kind, (first, last), size in (
            ("seals", self.seal_ids, SEAL_BATCH),
            ("events", self.event_ids, EVENT_BATCH),
        ):
            for low in range(first, last + 1, size):
                yield kind, low, min(low + size - 1, last)


class _DataVersion:
    """``PRAGMA data_version`` of a connection outside every transaction: it changes when another
    connection commits. Read when entered and again by ``changed()``."""

    def __init__(self, target: str | None) -> None:
        self.target = target
        self.connection: sqlite3.Connection | None = None
        self.first = 0

    def __enter__(self) -> _DataVersion:
        if self.target:
            self.connection = _connect(self.target)
            self.first = self._read()
        return self

    def _read(self) -> int:
        assert self.connection is not None
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        return self.connection is not None and self._read() != self.first

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            self.connection.close()


def _connect(target: str) -> sqlite3.Connection:
    connection = sqlite3.connect(target, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute("PRAGMA query_only = 1")
    return connection


# --------------------------------------------------------------------------- the workers


class _Workers:
    """Processes that each hold a read transaction open on their own connection, or none: then
    ``submit`` does the work here, on the caller's connection, in the caller's transaction."""

    def __init__(self, target: str | None, count: int) -> None:
        self.target = target
        self.count = count if target else 0
        self.executor: concurrent.futures.ProcessPoolExecutor | None = None
        self.started = False

    def __enter__(self) -> _Workers:
        return self

    def start(self) -> None:
        """Start the processes; each opens its snapshot before this returns."""
        if self.count < 1 or self.target is None:
            return
        context = fresh_process_context()
        opened, go = context.Queue(), context.Event()
        self.executor = concurrent.futures.ProcessPoolExecutor(
            self.count, mp_context=context, initializer=_open_snapshot, initargs=(self.target, opened, go)
        )
        try:
            # One waiting task per worker: each submit starts a process, whose initializer opens its snapshot.
            waiting = [self.executor.submit(_wait_to_start) for _ in range(self.count)]
            deadline = time.monotonic() + START_TIMEOUT
            for _ in range(self.count):
                while True:
                    try:
                        opened.get(timeout=0.1)
                        break
                    except queue.Empty:
                        if any(task.done() for task in waiting) or time.monotonic() > deadline:
                            raise WorkersUnavailable("the worker processes did not start") from None
            go.set()
            for task in waiting:
                task.result()
        except BaseException:
            # The workers that did open their snapshot wait for ``go``: released, they take the shutdown's
            # word and end. Left waiting, they outlived verify, and the interpreter's exit (which joins the
            # pool's manager thread, which joins them) waited for ever.
            go.set()
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
            raise
        self.started = True

    def submit(self, work: Callable[..., Any], *args: Any) -> concurrent.futures.Future[Any]:
        if self.executor is None:
            done: concurrent.futures.Future[Any] = concurrent.futures.Future()
            done.set_result(work(raw_connection(), *args))
            return done
        return self.executor.submit(_in_worker, work, *args)

    def __exit__(self, *exc: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


def fresh_process_context() -> Any:  # a SpawnContext or a ForkServerContext (POSIX only, to typeshed as well)
    """Where verify's workers and the backups' check start: a fresh process, never forked from one that may
    run Qt. From the fork server (started once, with the models loaded and the expected triggers worked out:
    models/fork_server.py; each later process starts in milliseconds instead of doing that anew) where there
    is one, else spawned. The backups' check asks for the same server (whichever starts it first)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["models.fork_server"])
    return context


class WorkersUnavailable(Exception):  # noqa: N818 - not an error of the archive: verify runs in this process
    """The worker processes could not be started."""


_snapshot: sqlite3.Connection | None = None
_go: multiprocessing.synchronize.Event | None = None


def _open_snapshot(
    target: str, opened: multiprocessing.queues.Queue[int], go: multiprocessing.synchronize.Event
) -> None:
    """A worker's start: its connection, in a read transaction that stays open for all its batches. Ctrl+C, which
    reaches every process of the terminal, is the parent's to act on (no traceback of each worker's)."""
    global _snapshot, _go
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _snapshot = _connect(target)
    _snapshot.execute("BEGIN")
    _snapshot.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is taken here
    _go = go
    opened.put(os.getpid())


def _wait_to_start() -> None:
    """Keeps a worker busy until every worker has opened its snapshot (so that each task starts its own)."""
    assert _go is not None
    _go.wait()


def _in_worker(work: Callable[..., Any], *args: Any) -> Any:
    assert _snapshot is not None, "a worker without its snapshot"
    return work(_snapshot, *args)


# --------------------------------------------------------------------------- the checks


@dataclass
class _Found:
    """What one batch found (its chain checked from the row before it, in the same snapshot); the caller
    keeps the batches' order."""

    problems: list[tuple[str | Said, str | Said]] = field(default_factory=list)
    # Seals stored with a dictionary that was altered or removed (its id and what happened to it): how
    # many, and the first one's archive number. One problem names the dictionary.
    unreadable: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)
    heads: dict[int, str] = field(default_factory=dict)
    unanchored: list[tuple[int, str, str]] = field(default_factory=list)  # id, number, sealed_at
    amended: list[tuple[int, str, str]] = field(default_factory=list)
    compared: int = 0  # sealed cases SQLite's rendering did not match, compared in Python

    def add(self, subject: str | Said, problem: str | Said) -> None:
        self.problems.append((subject, problem))


class _Checker:
    """The checks of one snapshot, in batches: a million cases must not cost a query each."""

    def __init__(self, plan: _Plan, anchors: list[Anchor], started: str) -> None:
        self.problems: list[ArchiveProblem] = []
        self.plan = plan
        self.last_seal = plan.last_seal
        self.last_event = plan.last_event
        self.started = started
        self.anchors = anchors
        self.seal_heads: dict[int, str] = {}
        self.event_heads: dict[int, str] = {}
        # Seals after the highest anchor known at the start, with their ids: unanchored unless a
        # later anchor (read after the snapshot) covers them. Without anchors nothing is tracked.
        self.first_anchored = max((a.seals for a in anchors), default=0) if anchors else None
        self.unanchored: list[tuple[int, str, str]] = []
        self.sealed_elsewhere: list[str] = []  # on a server: seals after this computer's latest anchor
        self.compared_in_python = 0

    def add(self, subject: str | Said, problem: str | Said) -> None:
        self.problems.append(ArchiveProblem.of(subject, problem))

    def run(
        self, pool: _Workers, progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None
    ) -> None:
        usernames = dict(raw_connection().execute("SELECT id, username FROM staff").fetchall())
        wanted_seals = frozenset(a.seals for a in self.anchors)
        wanted_events = frozenset(a.events for a in self.anchors)
        futures: list[tuple[str, concurrent.futures.Future[_Found]]] = []
        spans: dict[concurrent.futures.Future[_Found], int] = {}
        total, done = self.plan.seals + self.plan.events, 0
        if progress is not None:
            progress(0, total)
        # First in the queue, so that a worker does it while the others check batches.
        unsealed = pool.submit(check_unsealed)
        for kind, low, high in self.plan.batches():
            if pool.executor is None and cancelled is not None and cancelled():
                raise VerifyCancelled
            if kind == "seals":
                args = (low, high, usernames, wanted_seals, self.first_anchored)
                futures.append((kind, pool.submit(check_seals, *args)))
            else:
                futures.append((kind, pool.submit(check_events, low, high, wanted_events)))
            spans[futures[-1][1]] = high - low + 1  # progress counts ids: the plan's total
            if pool.executor is None and progress is not None:
                done += spans[futures[-1][1]]
                progress(done, total)
        if pool.executor is not None:
            pending = {future for _, future in futures}
            while pending:
                finished, pending = concurrent.futures.wait(pending, timeout=0.2, return_when="FIRST_COMPLETED")
                if cancelled is not None and cancelled():
                    raise VerifyCancelled
                for future in finished:
                    done += spans[future]
                if finished and progress is not None:
                    progress(done, total)
        amended: list[tuple[int, str, str]] = []
        unreadable: dict[tuple[int, str], tuple[int, str]] = {}
        for kind, future in futures:
            found = future.result()
            for lost, (seals, first) in found.unreadable.items():
                earlier, first = unreadable.get(lost, (0, first))
                unreadable[lost] = (earlier + seals, first)
            self.problems.extend(ArchiveProblem.of(*problem) for problem in found.problems)
            self.compared_in_python += found.compared
            (self.seal_heads if kind == "seals" else self.event_heads).update(found.heads)
            self.unanchored.extend(found.unanchored)
            amended.extend(found.amended)
        for (number, what), (seals, first) in sorted(unreadable.items()):
            if seals == 1 and what == "removed":  # one payload names a dictionary that was never there
                missing = QT_TRANSLATE_NOOP(
                    "ArchiveProblem",
                    "the sealed record was altered: the dictionary it was stored with ({number}) is missing",
                )
                self.add(first, said(missing, number=number))
            else:
                gone = (
                    QT_TRANSLATE_NOOP("ArchiveProblem", "removed: the {seals} seals stored with it cannot be read back")
                    if what == "removed"  # one seal of a removed dictionary is said above
                    else QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "altered after it was written: the one seal stored with it cannot be read back",
                    )
                    if seals == 1
                    else QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "altered after it was written: the {seals} seals stored with it cannot be read back",
                    )
                )
                dictionary = said(QT_TRANSLATE_NOOP("ArchiveProblem", "seal dictionary {number}"), number=number)
                self.add(dictionary, said(gone, seals=seals))
        self._check_amended(amended)
        self.check_triggers()
        self.problems.extend(ArchiveProblem.of(*problem) for problem in unsealed.result().problems)

    def _check_amended(self, amended: list[tuple[int, str, str]]) -> None:
        if not amended:
            return
        ids = sorted({complaint_id for complaint_id, _, _ in amended})
        among, params = _among_sql(ids)
        query = f"SELECT complaint_id, digest FROM archive_seal WHERE kind = ? AND complaint_id {among}"
        seals = {case: digest_text(digest) for case, digest in raw_connection().execute(query, [SEAL, *params])}
        for complaint_id, number, amends in amended:
            if seals.get(complaint_id) != amends:
                self.add(
                    number,
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "an amendment that does not amend this case's seal")),
                )

    def check_triggers(self) -> None:
        if is_postgresql():
            self._check_server_triggers()
            return
        expected = expected_triggers()
        actual = dict(db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        for name in sorted(expected.keys() | actual.keys()):
            if name not in actual:
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was dropped")),
                )
            elif name not in expected:
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "a trigger the migrations did not create")),
                )
            elif actual[name] != expected[name]:
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was altered")),
                )

    def _check_server_triggers(self) -> None:
        """A server's guards (models/migrations/postgresql/baseline.py): each on its table, enabled, running
        its function as the baseline wrote it. A trigger the application did not create is named on the
        archive's own tables (the complaint's table may have the search's)."""
        expected = expected_server_triggers()
        rows = raw_connection().execute(_SERVER_TRIGGERS).fetchall()
        actual = {name: (table, enabled, function, source) for name, table, enabled, function, source in rows}
        # Each table's notification of a change to the other desks (baseline.py): not a guard, but its
        # function must be the baseline's.
        function, source = expected_notification()
        for name, (table, _, used, text) in list(actual.items()):
            if name == f"{table}_changed" and used == function:
                del actual[name]
                if text != source:
                    self.add(
                        said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                        said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was altered")),
                    )
        archive_tables = {table for table, _, _ in expected.values()} - {"complaint"}
        for name in sorted(expected.keys() | actual.keys()):
            if name not in actual:
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was dropped")),
                )
            elif name not in expected:
                if actual[name][0] in archive_tables:
                    self.add(
                        said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                        said(QT_TRANSLATE_NOOP("ArchiveProblem", "a trigger the migrations did not create")),
                    )
            elif actual[name][1] not in ("O", "A"):  # 'D' disabled; 'R' fires only on a replica
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was disabled")),
                )
            elif (actual[name][0], actual[name][2], actual[name][3]) != expected[name]:
                self.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "trigger {name}"), name=name),
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the protective trigger was altered")),
                )

    def check_anchors(self, anchors: list[Anchor]) -> None:
        """One problem per finding: the largest cut, the earliest rewritten head (where the rewrite begins at
        the latest), and each seal after the latest anchor."""
        if not anchors:
            return
        # An anchor newer than this snapshot is another desk sealing while verify ran, not a cut.
        older = [a for a in self.anchors if a.at < self.started]
        cut = [a for a in older if a.seals > self.last_seal]
        if cut:
            anchor = max(cut, key=lambda a: a.seals)
            self.add(
                anchor.last or said(QT_TRANSLATE_NOOP("ArchiveProblem", "anchor")),
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the archive's tail was cut off: the anchor of {at} recorded {seals} seals (the last {last}), "
                        "the database has {held}",
                    ),
                    at=anchor.at, seals=anchor.seals, last=anchor.last, held=self.last_seal,
                ),
            )  # fmt: skip
        cut = [a for a in older if a.events > self.last_event]
        if cut:
            anchor = max(cut, key=lambda a: a.events)
            self.add(
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "audit trail")),
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "audit events were removed: the anchor of {at} recorded {events}, the database has {held}",
                    ),
                    at=anchor.at, events=anchor.events, held=self.last_event,
                ),
            )  # fmt: skip
        held = [a for a in self.anchors if a.seals <= self.last_seal and a.events <= self.last_event]
        rewritten = [a for a in held if a.seals and self.seal_heads.get(a.seals) != a.head]
        if rewritten:
            anchor = min(rewritten, key=lambda a: a.seals)
            self.add(
                anchor.last or said(QT_TRANSLATE_NOOP("ArchiveProblem", "anchor")),
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the archive's chain was rewritten: seal {seals} is not the one anchored at {at}",
                    ),
                    seals=anchor.seals, at=anchor.at,
                ),
            )  # fmt: skip
        rewritten = [a for a in held if a.events and self.event_heads.get(a.events) != a.event_head]
        if rewritten:
            anchor = min(rewritten, key=lambda a: a.events)
            self.add(
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "audit trail")),
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the audit trail was rewritten: event {events} is not the one anchored at {at}",
                    ),
                    events=anchor.events, at=anchor.at,
                ),
            )  # fmt: skip
        anchored = max(a.seals for a in anchors)
        later = [(seal_id, number, sealed_at) for seal_id, number, sealed_at in self.unanchored if seal_id > anchored]
        if later and is_postgresql():
            # Every desk of a server seals, and anchors on its own computer: seals after this computer's latest
            # anchor are the other desks' (the office was told each desk's closing was forged), their records and
            # chain checked as every seal's. But one dated before that anchor, which held every seal committed then
            # (desks write one at a time), was not there: not written by the application.
            latest = max(a.at for a in anchors)
            cutoff = (dt.datetime.fromisoformat(latest) - ANCHOR_MARGIN).isoformat(sep=" ")
            late = {seal_id for seal_id, _, sealed_at in later if _stamp(sealed_at) < cutoff}
            self.sealed_elsewhere = [number for seal_id, number, _ in later if seal_id not in late]
            later = [seal for seal in later if seal[0] in late]
        for _, number, _ in later:
            self.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem", "sealed after the latest anchor: not written by the application"
                    )
                ),
            )


# --------------------------------------------------------------------------- one batch (in a worker or here)


def check_seals(
    connection: Connection,
    low: int,
    high: int,
    usernames: dict[int, str],
    wanted: frozenset[int],
    first_anchored: int | None,
) -> _Found:
    """The seals with ids from ``low`` to ``high``: each digest over the digest before it and the text
    its stored form gives back (the chain), each sealed case against its rows now (first as SQLite
    renders it, ``models.record_sql``; where that differs, as ``case_records`` builds it)."""
    found = _Found()
    signatures = _Signatures(connection, found)
    dictionaries = _Dictionaries(connection)
    server = isinstance(connection, ServerConnection)
    try:
        # A server has no such rendering: each sealed case is compared as case_records builds it.
        rendered = {} if server else dict(connection.execute(SEAL_RECORDS, (low, high)).fetchall())
    except sqlite3.OperationalError:  # JSON refuses a BLOB where text belongs: Python compares them all
        rendered = {}
    pending: list[tuple[tuple[Any, ...], str]] = []
    external: list[tuple[tuple[Any, ...], str]] = []
    sealed: dict[int, str] = {}
    chain = _Chain(connection, "archive_seal", low)
    expected, previous = chain.last_id + 1, chain.previous
    sha256 = hashlib.sha256
    rows = connection.execute(
        f"SELECT id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, "
        f"{'payload' if server else 'CAST(payload AS BLOB)'}, digest FROM archive_seal "
        "WHERE id BETWEEN ? AND ? ORDER BY id",
        (low, high),
    )
    for row in rows:
        seal_id, complaint_id, number, kind, sealed_at, _, _, stored, digest = row
        before, linked = previous, seal_id == expected
        previous = digest.hex().encode() + b"\n" if type(digest) is bytes else _chained(digest)
        expected = seal_id + 1
        if not linked:
            found.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the chain is broken before this seal (a seal was removed, inserted or reordered)",
                    ),
                ),
            )
        if seal_id in wanted:
            found.heads[seal_id] = digest_text(digest)
        if first_anchored is not None and seal_id > first_anchored:
            found.unanchored.append((seal_id, number, str(sealed_at)))
        signatures.subject = number
        stored = stored if stored is not None else b""
        # The text is decoded only where it is read (a signature put back, a comparison in Python, an
        # amendment): a digest that holds proves the bytes are the sealed UTF-8.
        text: str | None = None
        try:
            inflated, signature_apart = inflate(stored, dictionaries.data)
            if dictionaries.lost and dictionaries.lost_for(stored, found, number):
                continue
            if signature_apart:
                text = restore(inflated, True, signatures.png)
            if linked and sha256(before + (inflated if text is None else text.encode())).digest() != digest:
                text = text if text is not None else _decoded(inflated)
                found.add(
                    number,
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the sealed record was altered (digest mismatch)")),
                )
        except StoredFormError as error:
            if not dictionaries.lost_for(stored, found, number):
                found.add(
                    number,
                    said(
                        QT_TRANSLATE_NOOP("ArchiveProblem", "the sealed record was altered: {detail}"),
                        detail=str(error),
                    ),
                )
            continue
        if kind == SEAL:
            if isinstance(complaint_id, int):
                sealed[complaint_id] = number
            if rendered.get(seal_id) != inflated:
                try:
                    pending.append((row, text if text is not None else _decoded(inflated)))
                except StoredFormError as error:
                    found.add(
                        number,
                        said(
                            QT_TRANSLATE_NOOP("ArchiveProblem", "the sealed record was altered: {detail}"),
                            detail=str(error),
                        ),
                    )
                    continue
                found.compared += 1
        elif kind == AMENDMENT:
            try:
                amends = _check_amendment(found, row, text if text is not None else _decoded(inflated), usernames)
            except StoredFormError as error:
                found.add(
                    number,
                    said(
                        QT_TRANSLATE_NOOP("ArchiveProblem", "the sealed record was altered: {detail}"),
                        detail=str(error),
                    ),
                )
                continue
            if amends is not None:
                found.amended.append((row[1], number, amends))
        elif kind == external_archive.EXTERNAL:
            try:
                external.append((row, text if text is not None else _decoded(inflated)))
            except StoredFormError as error:
                found.add(
                    number,
                    said(
                        QT_TRANSLATE_NOOP("ArchiveProblem", "the sealed record was altered: {detail}"),
                        detail=str(error),
                    ),
                )
                continue
        else:
            found.add(
                number,
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "a seal of unknown kind {kind}"), kind=repr(kind)),
            )
    _compare(connection, found, pending, usernames)
    _check_attachments(connection, found, sealed)
    _check_external(connection, found, external, usernames)
    return found


def _decoded(inflated: bytes) -> str:
    """A stored text as text (restore() of a text without its signature apart). Raises StoredFormError."""
    return restore(inflated, False, lambda _: None)


class _Dictionaries:
    """The seal dictionaries stored payloads name (models/seal_store.py), each read and hashed again once."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.known: dict[int, bytes | None] = {}
        self.lost: dict[int, str] = {}  # altered or removed, by id

    def data(self, number: int) -> bytes | None:
        if number not in self.known:
            row = self.connection.execute("SELECT data, sha256 FROM seal_dictionary WHERE id = ?", (number,)).fetchone()
            data = bytes(row[0]) if row and isinstance(row[0], bytes) else None
            if row is None:
                self.lost[number] = "removed"
            elif data is None or hashlib.sha256(data).digest() != row[1]:
                self.lost[number] = "altered after it was written"
            self.known[number] = data
        return self.known[number]

    def lost_for(self, stored: bytes, found: _Found, subject: str) -> bool:
        """Whether ``stored`` (of the seal ``subject``) was compressed against a dictionary altered or removed
        since: then it is counted for the dictionary's problem rather than named alone."""
        number = named_dictionary(stored)
        if number is None or number not in self.lost:
            return False
        lost = (number, self.lost[number])
        seals, first = found.unreadable.get(lost, (0, subject))
        found.unreadable[lost] = (seals + 1, first)
        return True


class _Signatures:
    """The PNGs stored forms name by their SHA-256, each hashed again once."""

    def __init__(self, connection: Connection, found: _Found) -> None:
        self.connection = connection
        self.found = found
        self.subject = ""
        self.known: dict[str, bytes | None] = {}

    def png(self, digest: str) -> bytes | None:
        if digest not in self.known:
            row = self.connection.execute("SELECT png FROM signature WHERE sha256 = ?", (digest,)).fetchone()
            png = bytes(row[0]) if row and isinstance(row[0], bytes) else None
            if png is not None and signature_digest(png) != digest:
                self.found.add(
                    self.subject,
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "the customer's signature was altered after sealing")),
                )
            self.known[digest] = png
        return self.known[digest]


def _compare(
    connection: Connection, found: _Found, batch: list[tuple[tuple[Any, ...], str]], usernames: dict[int, str]
) -> None:
    if not batch:
        return
    ids = [row[1] for row, _ in batch]
    live = case_records(ids, connection)
    for (_, complaint_id, number, _, sealed_at, sealed_by, _, _, _), payload in batch:
        record = live.get(complaint_id)
        if record is None:
            found.add(number, said(QT_TRANSLATE_NOOP("ArchiveProblem", "the archived complaint is missing (deleted)")))
            continue
        if record["archive_number"] != number:
            found.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the archived complaint was re-opened or renumbered after sealing",
                    ),
                ),
            )
            continue
        stamped = _stored_time(sealed_at)
        meta = {"sealed_at": stamped.isoformat(sep=" ") if stamped else None, "sealed_by": None}
        meta["sealed_by"] = usernames.get(sealed_by)
        # The usual case, without parsing: the record now, with this row's columns, is the payload.
        if canonical_json({**record, **meta}) == payload:
            continue
        if canonical_json(record) == payload:  # sealed before seals carried their sealed_at and sealed_by
            _check_old_seal(found, number, record, stamped, meta["sealed_by"])
            continue
        try:
            sealed = json.loads(payload)
        except ValueError:
            sealed = None
        if not isinstance(sealed, dict):
            found.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the sealed record is not a record (its payload cannot be read)",
                    ),
                ),
            )
            continue
        for key in ("sealed_at", "sealed_by"):
            if key in sealed and sealed[key] != meta[key]:
                found.add(
                    number,
                    said(
                        QT_TRANSLATE_NOOP("ArchiveProblem", "{field} of the seal was changed after sealing"),
                        field=key,
                    ),
                )
        if "sealed_at" not in sealed:
            _check_old_seal(found, number, sealed, stamped, meta["sealed_by"])
        changed = record_differences(sealed, record)
        if changed:
            found.add(
                number,
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "{fields} changed after sealing"), fields=", ".join(changed)),
            )


def _check_external(
    connection: Connection, found: _Found, batch: list[tuple[tuple[Any, ...], str]], usernames: dict[int, str]
) -> None:
    """Sealed external cases (``models.control.external_archive``) against their rows now, as complaints are:
    the record's own fields (not the channel's display name, nor the complaint's customer), the complaint it
    is filed under, the seal row's sealed_at and sealed_by, and the files' bytes."""
    if not batch:
        return
    sealed_records: list[tuple[str, int, dict[str, Any], dict[str, Any]]] = []
    for (_, complaint_id, number, _, sealed_at, sealed_by, _, _, _), payload in batch:
        try:
            sealed = json.loads(payload)
        except ValueError:
            sealed = None
        if not isinstance(sealed, dict) or not isinstance(sealed.get("id"), int):
            found.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the sealed external case is not a record (its payload cannot be read)",
                    ),
                ),
            )
            continue
        stamped = _stored_time(sealed_at)
        meta = {"sealed_at": stamped.isoformat(sep=" ") if stamped else None, "sealed_by": usernames.get(sealed_by)}
        sealed_records.append((number, complaint_id, sealed, meta))
    live = external_archive.external_records(
        [sealed["id"] for _, _, sealed, _ in sealed_records], cast(sqlite3.Connection, connection)
    )
    files: dict[int, str] = {}
    for number, complaint_id, sealed, meta in sealed_records:
        record = live.get(sealed["id"])
        if record is None:
            found.add(
                number,
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "the archived external case is missing (deleted)")),
            )
            continue
        if record["archive_number"] != number or sealed.get("archive_number") != number:
            found.add(
                number,
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the archived external case was re-opened or renumbered after sealing",
                    ),
                ),
            )
            continue
        files[sealed["id"]] = number
        if record["complaint_id"] != complaint_id:
            found.add(
                number,
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "the external case's seal is filed under another complaint")),
            )
        for key in ("sealed_at", "sealed_by"):
            if sealed.get(key) != meta[key]:
                found.add(
                    number,
                    said(
                        QT_TRANSLATE_NOOP("ArchiveProblem", "{field} of the seal was changed after sealing"),
                        field=key,
                    ),
                )
        shown = {k: v for k, v in sealed.items() if k not in external_archive.NOT_COMPARED}
        changed = record_differences(shown, record)
        if changed:
            found.add(
                number,
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "{fields} changed after sealing"), fields=", ".join(changed)),
            )
    for number, filename in external_archive.sealed_attachment_problems(cast(sqlite3.Connection, connection), files):
        altered = QT_TRANSLATE_NOOP("ArchiveProblem", "the bytes of attachment {file} changed after sealing")
        found.add(number, said(altered, file=filename))


def _check_attachments(connection: Connection, found: _Found, numbers: dict[int, str]) -> None:
    """The evidence files of sealed cases, hashed again."""
    if not numbers:
        return
    among, params = _among_sql(sorted(numbers))
    query = f"SELECT complaint_id, filename, sha256, data FROM attachment WHERE complaint_id {among}"
    for complaint_id, filename, sha256, data in connection.execute(query, params):
        if complaint_id in numbers and hashlib.sha256(bytes(data or b"")).hexdigest() != sha256:
            found.add(
                numbers[complaint_id],
                said(
                    QT_TRANSLATE_NOOP("ArchiveProblem", "the bytes of attachment {file} changed after sealing"),
                    file=filename,
                ),
            )


def _check_old_seal(
    found: _Found, number: str, sealed: dict[str, Any], stamped: dt.datetime | None, sealed_by: str | None
) -> None:
    closer = sealed.get("closed_by") or {}
    if closer.get("username") not in (None, sealed_by):
        found.add(number, said(QT_TRANSLATE_NOOP("ArchiveProblem", "sealed_by of the seal is not who closed the case")))
    closed_at = _stored_time(sealed.get("closed_at"))
    if closed_at and (stamped is None or not closed_at <= stamped <= closed_at + OLD_SEAL_DELAY):
        found.add(
            number,
            said(QT_TRANSLATE_NOOP("ArchiveProblem", "sealed_at of the seal is not the time the case was closed")),
        )


def _check_amendment(found: _Found, row: tuple[Any, ...], payload: str, usernames: dict[int, str]) -> str | None:
    _, _, number, _, sealed_at, sealed_by, reason, _, _ = row
    try:
        sealed = json.loads(payload)
        amends: str | None
        at, by, amends = _stored_time(sealed["at"]), sealed["by"]["username"], sealed["amends"]
    except (ValueError, KeyError, TypeError):
        found.add(
            number,
            said(QT_TRANSLATE_NOOP("ArchiveProblem", "an amendment that is not one (its payload cannot be read)")),
        )
        return None
    if sealed.get("archive_number") != number:
        found.add(number, said(QT_TRANSLATE_NOOP("ArchiveProblem", "an amendment filed under another archive number")))
    if reason != sealed.get("reason"):
        found.add(
            number,
            said(QT_TRANSLATE_NOOP("ArchiveProblem", "the reason of an amendment was changed after sealing")),
        )
    if usernames.get(sealed_by) != by:
        found.add(
            number,
            said(QT_TRANSLATE_NOOP("ArchiveProblem", "sealed_by of an amendment was changed after sealing")),
        )
    stamped = _stored_time(sealed_at)
    if at is None or stamped is None or not at <= stamped <= at + AMENDMENT_CLOCK:
        found.add(
            number,
            said(QT_TRANSLATE_NOOP("ArchiveProblem", "sealed_at of an amendment was changed after sealing")),
        )
    return amends


class _Chain:
    """The links of a chain (seals or events) through a batch: each row's predecessor is the row before it,
    the first's read from the table (the same snapshot); ids follow each other from 1, since the
    application never deletes a row, so a missing id is a removed row."""

    def __init__(self, connection: Connection, table: str, low: int) -> None:
        before = connection.execute(
            f"SELECT id, digest FROM {table} WHERE id < ? ORDER BY id DESC LIMIT 1", (low,)
        ).fetchone()
        self.last_id = before[0] if before else 0
        self.previous = _chained(before[1]) if before else b"\n"

    def next(self, row_id: int, digest: object) -> tuple[bytes, bool]:
        """What this row's digest covers before its own text (the previous digest in hex and a line feed),
        and whether the row follows the one before it; the row becomes the one before."""
        previous, linked = self.previous, row_id == self.last_id + 1
        self.last_id, self.previous = row_id, _chained(digest)
        return previous, linked


def _chained(digest: object) -> bytes:
    """A stored digest as the next row's digest input begins: its hex, then a line feed."""
    return (digest.hex() if isinstance(digest, bytes) else digest_text(digest)).encode() + b"\n"


# Each event's digest input between the previous digest and the changes' text, as audit.event_digest writes it
# ("" for NULL, decimal integers, text as stored), joined by SQLite where every column holds the type the
# application writes; NULL otherwise, and then Python joins that row itself.
_EVENT_HEAD = (
    "CASE WHEN typeof(complaint_id) IN ('integer', 'null') AND typeof(at) = 'text' "
    "AND typeof(actor_id) IN ('integer', 'null') AND typeof(action) = 'text' "
    "THEN CAST(id || char(31) || coalesce(complaint_id, '') || char(31) || at || char(31) || "
    "coalesce(actor_id, '') || char(31) || action || char(31) AS BLOB) END"
)
_TEXT_ONLY = " AND typeof(text) = 'text'"


def _server_event_heads(connection: Connection, low: int, high: int) -> Iterator[tuple[Any, ...]]:
    """``_EVENT_HEAD`` on a server, joined here: its columns have their types (a time is a datetime, whose
    text is the one audit.record_at wrote and hashed), and its SQL would print times its own way."""
    rows = connection.execute(
        "SELECT id, digest, complaint_id, at, actor_id, action, changes_id FROM audit_event "
        "WHERE id BETWEEN ? AND ? ORDER BY id",
        (low, high),
    )
    for event_id, digest, complaint_id, at, actor_id, action, changes in rows:
        columns = (event_id, complaint_id, at, actor_id, action)
        head = "\x1f".join("" if value is None else str(value) for value in columns) + "\x1f"
        yield event_id, digest, head.encode(), changes


# The event's chained columns, its changes as the text audit_change keeps.
_EVENT_ROW = (
    f"SELECT {', '.join('t.text' if c == 'changes' else f'e.{c}' for c in audit.CHAINED_COLUMNS)} "
    "FROM audit_event e LEFT JOIN audit_change t ON t.id = e.changes_id WHERE e.id = ?"
)


def check_events(connection: Connection, low: int, high: int, wanted: frozenset[int]) -> _Found:
    """The audit events with ids from ``low`` to ``high``: each digest over the digest before it and the
    event (the chain). The changes' texts the batch names are read first, once each (most events share one
    of a few), as UTF-8: a text of another type is left to Python's join of the row."""
    found = _Found()
    chain = _Chain(connection, "audit_event", low)
    server = isinstance(connection, ServerConnection)
    texts = {
        text_id: text.encode()
        for text_id, text in connection.execute(
            "SELECT id, text FROM audit_change WHERE id IN "
            f"(SELECT changes_id FROM audit_event WHERE id BETWEEN ? AND ?){'' if server else _TEXT_ONLY}",
            (low, high),
        )
    }
    rows: Iterator[tuple[Any, ...]]
    if server:
        rows = _server_event_heads(connection, low, high)
    else:
        rows = connection.execute(
            f"SELECT id, digest, {_EVENT_HEAD}, changes_id FROM audit_event WHERE id BETWEEN ? AND ? ORDER BY id",
            (low, high),
        )
    sha256, text_of = hashlib.sha256, texts.get
    expected, previous = chain.last_id + 1, chain.previous
    for event_id, digest, head, changes in rows:
        text = text_of(changes)
        if event_id != expected:
            found.add(
                said(QT_TRANSLATE_NOOP("ArchiveProblem", "audit event {event}"), event=event_id),
                said(
                    QT_TRANSLATE_NOOP(
                        "ArchiveProblem",
                        "the audit trail is broken before this event (an event was removed or reordered)",
                    )
                ),
            )
        elif head is None or text is None or sha256(previous + head + text).digest() != digest:
            row = connection.execute(_EVENT_ROW, (event_id,)).fetchone()
            if audit.event_digest(previous[:-1].decode(), row) != digest_text(digest):
                altered = QT_TRANSLATE_NOOP(
                    "ArchiveProblem", "the audit event ({action}) was altered (digest mismatch)"
                )
                found.add(
                    said(QT_TRANSLATE_NOOP("ArchiveProblem", "audit event {event}"), event=event_id),
                    said(altered, action=row[4]),
                )
        if event_id in wanted:
            found.heads[event_id] = digest_text(digest)
        previous = digest.hex().encode() + b"\n" if type(digest) is bytes else _chained(digest)
        expected = event_id + 1
    return found


def check_unsealed(connection: Connection) -> _Found:
    """Complaints and external cases that have an archive number but no seal."""
    found = _Found()
    for number in external_archive.unsealed_numbers(cast(sqlite3.Connection, connection)):
        found.add(number, said(QT_TRANSLATE_NOOP("ArchiveProblem", "has an archive number but no seal")))
    rows = connection.execute(
        "SELECT c.archive_number FROM complaint c WHERE c.archive_number IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM archive_seal s WHERE s.complaint_id = c.id AND s.kind = ?) ORDER BY c.id",
        (SEAL,),
    )
    for (number,) in rows:
        found.add(number, said(QT_TRANSLATE_NOOP("ArchiveProblem", "has an archive number but no seal")))
    return found


def _stored_time(value: object) -> dt.datetime | None:
    """A time as SQLite or a payload holds it (text), as a datetime."""
    if isinstance(value, dt.datetime):
        return value
    parsed = ArchiveSeal.sealed_at.python_value(value) if value else None
    if isinstance(parsed, dt.datetime):
        return parsed
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# A server's triggers: name, table, whether enabled ('D': disabled), the function and its source.
_SERVER_TRIGGERS = (
    "SELECT t.tgname, c.relname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
)
_CREATE_FUNCTION = re.compile(r"CREATE FUNCTION (\w+)\(\) .*? AS \$body\$(.*)\$body\$", re.DOTALL)
_CREATE_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*? ON (\w+) .*EXECUTE FUNCTION (\w+)\(\)", re.DOTALL)


def _module(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def _server_baseline() -> Any:
    return _module("postgresql_baseline_triggers", POSTGRESQL_BASELINE)


def _later_server_triggers(through: str) -> list[str]:
    """The statements of the triggers the migrations after the baseline (``through``) create on a server: each
    such migration gives them with its ``server_triggers()``."""
    statements: list[str] = []
    for path in sorted(MIGRATIONS_DIR.glob("[0-9]*.py")):
        if int(path.stem.split("_")[0]) > int(through.split("_")[0]):
            module = _module(f"server_triggers_{path.stem}", path)
            statements.extend(getattr(module, "server_triggers", tuple)())
    return statements


def expected_notification() -> tuple[str, str]:
    """The function each table's change notification runs (baseline.py), and its source."""
    baseline = _server_baseline()
    body = f"PERFORM pg_notify('{baseline.CHANGED}', ''); RETURN NULL;"
    found = _CREATE_FUNCTION.match(baseline._function("complaint_desk_changed_fn", body))
    assert found is not None
    return found.group(1), found.group(2)


@functools.cache
def expected_server_triggers() -> dict[str, tuple[str, str, str]]:
    """The guards the PostgreSQL baseline creates, and the triggers of the migrations after it, by name: their
    table, function and its source."""
    baseline = _server_baseline()
    statements = [s for definition in baseline.GUARDS for s in baseline.guard(*definition)]
    statements.extend(baseline.hotspot_triggers())
    statements.extend(_later_server_triggers(baseline.THROUGH))
    sources = {m.group(1): m.group(2) for s in statements if (m := _CREATE_FUNCTION.match(s))}
    return {
        m.group(1): (m.group(2), m.group(3), sources[m.group(3)])
        for s in statements
        if (m := _CREATE_TRIGGER.match(s))
    }


@functools.cache
def expected_triggers() -> dict[str, str]:
    """The triggers the migrations create, by name, with their SQL text, as
    running them on an empty database shows."""
    scratch = SqliteDatabase(":memory:")
    try:
        create_schema(scratch)  # the migrations' schema, as a new file gets it (a test holds the two equal)
        return dict(scratch.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    finally:
        scratch.close()
