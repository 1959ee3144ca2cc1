"""Backups the office can list and restore: taken through SQLite's online backup API into a temporary
name, renamed when complete, then checked (SQLite's integrity check and the archive's chains, on the copy,
read-only, in a process of its own) before older ones are pruned by the office's policy (7 daily, 4 weekly,
12 monthly by default). The check's result goes into the copy's sidecar (``<copy>.anchor``, which already
carries the chain heads), so listing reads no database, and a half-written copy (``.partial``) is never
listed. A restore checks the backup first, keeps the current database aside, counts what is lost, then
writes the backup into the database through the same API, so the -wal/-shm files and the other desks'
connections stay coherent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import multiprocessing
import multiprocessing.queues
import os
import queue
import re
import shutil
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import peewee

from models import settings
from models.anchor import (
    Anchor,
    anchor_log,
    configure,
    configured_folder,
    current_anchor,
    database_identity,
    sidecar_path,
    write_backup_sidecar,
)
from models.base import db
from models.database import BACKUP_FOLDER, BUSY_TIMEOUT_MS, COMPANION_SUFFIXES, STALE_PARTIAL_SECONDS
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff

log = logging.getLogger("complaint_desk.backups")

AUTOMATIC, MANUAL, BEFORE_RESTORE = "auto", "manual", "before-restore"
KINDS = (AUTOMATIC, MANUAL, BEFORE_RESTORE)
PRUNED_KINDS = frozenset({AUTOMATIC, MANUAL})  # a copy kept aside by a restore is never pruned
STEP_PAGES = 2048  # pages copied per step of the backup API (32 MiB at 16 KiB pages, 8 at 4): the progress's grain
COPY_SHARE = 300  # of PROGRESS_TOTAL: the copy; the check of the copy takes the rest
PROGRESS_TOTAL = 1000
KEEP_LIMITS = {"daily": (1, 366), "weekly": (0, 520), "monthly": (0, 1200)}
STAMP_FORMAT = "%Y%m%d-%H%M%S"
ANCHOR_AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Retention:
    """How many backups are kept: the newest of each of the last ``daily`` days, ``weekly`` weeks and
    ``monthly`` months that have one."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


# A problem as the GUI says it in the user's language: its parts, each (Qt context, template, values; the context ""
# for words said as they are: an archive number), joined as "part: part" (what it is about, then what is wrong).
SaidPart = tuple[str, str, dict[str, str]]
SaidProblem = tuple[SaidPart, ...]


class BackupRefusedError(DomainError):
    """A restore refused as its backup did not pass its check; ``said``: its findings for the GUI to say."""

    def __init__(self, template: str, said: tuple[SaidProblem, ...], **params: object) -> None:
        super().__init__(template, **params)
        self.said = said


@dataclass(frozen=True)
class BackupCheck:
    """What the check of a copy found: ``problems`` is empty when it checked out (in English: the command line,
    the log); ``said`` the same problems for the GUI (``said_problem``)."""

    problems: tuple[str, ...]
    identity: str | None
    cases: int
    last_case: int
    events: int
    last_event_at: str
    # The copy of a backup of an older schema brought up to date, which was checked (and is restored): "" for none.
    upgraded: str = ""
    said: tuple[SaidProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the list shows it; ``checked`` is None while its check has not finished."""

    path: Path
    taken_at: dt.datetime
    kind: str
    size: int
    cases: int | None
    checked: bool | None
    problems: tuple[str, ...] = ()
    # The problems for the GUI to say in the user's language; empty from a check made before they were kept.
    said: tuple[SaidProblem, ...] = ()


@dataclass(frozen=True)
class RestorePlan:
    """What restoring ``backup`` means, said before anything changes."""

    backup: Path
    taken_at: dt.datetime
    cases_in_backup: int
    # What the restore undoes, counted in the database; None, all three, when it is too damaged to count (the very
    # time a backup is restored: the count's "database disk image is malformed" stopped the restore).
    new_cases: int | None  # received after the backup: gone after the restore
    changed_cases: int | None  # in the backup, but changed since: they go back to how they were
    other_changes: int | None  # audit events since the backup that concern no case (accounts, catalogues, settings)
    # What is written in place of the database: the backup, or (one of an older schema) its copy brought up to date,
    # checked in its stead; removed by ``restore`` or ``discard_plan``.
    source: Path | None = None

    @property
    def restored_from(self) -> Path:
        return self.source or self.backup


# --------------------------------------------------------------------------- where and which


def is_server_database(database: peewee.Database | None = None) -> bool:
    """A database on a server (PostgreSQL): its backups are the server's (pg_dump), none of ours."""
    database = database if database is not None else db.obj
    return isinstance(database, peewee.PostgresqlDatabase)


def _refuse_on_server(restoring: bool = False) -> None:
    if not is_server_database():
        return
    if restoring:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "This database lives on a PostgreSQL server: restore it from the server's own backups "
                "(pg_restore into an empty database); Complaint Desk restores none of its own.",
            )
        )
    raise DomainError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "This database lives on a PostgreSQL server: back it up with the server's own backups "
            "(pg_dump); Complaint Desk takes none of its own.",
        )
    )


def database_file() -> Path:
    """The file of the database the models use."""
    name = str(getattr(db.obj, "database", "") or "")
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    if not name or name == ":memory:":
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This database has no file to back up."))
    return Path(name)


def default_folder(database: Path) -> Path:
    """Beside the database (where the copies before an upgrade go), unless the office chooses another."""
    return database.parent / BACKUP_FOLDER


def retention() -> Retention:
    return Retention(
        int(settings.get(settings.BACKUP_KEEP_DAILY)),
        int(settings.get(settings.BACKUP_KEEP_WEEKLY)),
        int(settings.get(settings.BACKUP_KEEP_MONTHLY)),
    )


def save_retention(actor: Staff, keep: Retention) -> None:
    """The office's policy of how many backups are kept (every desk prunes by it)."""
    from models.audit import record

    require(actor, Action.BACKUP)
    for field in ("daily", "weekly", "monthly"):
        low, high = KEEP_LIMITS[field]
        value = getattr(keep, field)
        if not low <= value <= high:
            raise FieldError(
                field,
                QT_TRANSLATE_NOOP("DomainError", "Keep between {low} and {high} backups of this kind."),
                low=low,
                high=high,
            )
    wanted = {
        settings.BACKUP_KEEP_DAILY: keep.daily,
        settings.BACKUP_KEEP_WEEKLY: keep.weekly,
        settings.BACKUP_KEEP_MONTHLY: keep.monthly,
    }
    with db.atomic():
        actor = require(actor, Action.BACKUP)
        changes: dict[str, Any] = {
            key: [settings.get(key), value] for key, value in wanted.items() if settings.get(key) != value
        }
        for key, value in wanted.items():
            settings.put(key, value)
        if changes:
            record("settings_changed", actor, **changes)


def _name_pattern(database: Path) -> re.Pattern[str]:
    kinds = "|".join(re.escape(kind) for kind in KINDS)
    suffix = re.escape(database.suffix or ".db")
    return re.compile(re.escape(database.stem) + rf"-(\d{{8}}-\d{{6}})(?:-(\d+))?-({kinds}){suffix}")


def _new_path(folder: Path, database: Path, kind: str, now: dt.datetime) -> Path:
    stamp = now.strftime(STAMP_FORMAT)
    suffix = database.suffix or ".db"
    path = folder / f"{database.stem}-{stamp}-{kind}{suffix}"
    number = 1
    while path.exists() or _partial(path).exists():  # two backups in one second
        number += 1
        path = folder / f"{database.stem}-{stamp}-{number}-{kind}{suffix}"
    return path


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _usable_folder(folder: Path) -> Path:
    """The backup folder, which must exist and take files: a missing USB stick is a sentence, not a crash."""
    if folder.exists() and not folder.is_dir():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The backup folder {folder} is a file, not a folder."), folder=str(folder)
        )
    if not folder.is_dir():
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                # Said on the command line too (backup --out, restore --aside): no page named.
                "The folder {folder} does not exist: plug in the disk or USB stick it is on, or choose another "
                "folder.",
            ),
            folder=str(folder),
        )
    if not os.access(folder, os.W_OK):
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint Desk may not write into the backup folder {folder}."),
            folder=str(folder),
        )
    return folder


def _copy_failed(folder: Path, error: BaseException) -> DomainError:
    message = str(getattr(error, "strerror", None) or error)
    if "full" in message.lower() or getattr(error, "errno", None) == 28:  # ENOSPC
        return DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The backup folder {folder} is full: no backup was taken. Free some space there or choose "
                "another folder on the Backups page.",
            ),
            folder=str(folder),
        )
    return DomainError(
        QT_TRANSLATE_NOOP("DomainError", "No backup could be written into {folder}: {reason}."),
        folder=str(folder),
        reason=message,
    )


# --------------------------------------------------------------------------- listing


def list_backups(folder: Path, database: Path | None = None) -> list[BackupInfo]:
    """The backups of this database in ``folder``, newest first. Reads the sidecars only: a copy still
    being written (``.partial``) is never listed, a complete one not checked yet is (``checked`` None)."""
    database = database or database_file()
    if not folder.is_dir():
        return []
    pattern = _name_pattern(database)
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        facts = _sidecar_facts(path)
        taken_at = _parse_time(facts.get("taken_at")) or dt.datetime.strptime(match.group(1), STAMP_FORMAT)
        checked = facts.get("checked")
        found.append(
            BackupInfo(
                path=path,
                taken_at=taken_at,
                kind=match.group(3),
                size=path.stat().st_size,
                cases=facts.get("cases"),
                checked=checked if isinstance(checked, bool) else None,
                problems=tuple(facts.get("problems") or ()),
                said=_said_facts(facts),
            )
        )
    found.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return found


def _sidecar(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _sidecar_facts(path: Path) -> dict[str, Any]:
    facts = _sidecar(path).get("backup")
    return facts if isinstance(facts, dict) else {}


def _write_facts(path: Path, facts: dict[str, Any]) -> None:
    """Add the backup's facts to its sidecar, written whole under another name and renamed."""
    data = _sidecar(path)
    data["backup"] = {**(data.get("backup") or {}), **facts}
    sidecar = sidecar_path(path)
    temporary = sidecar.with_name(sidecar.name + ".partial")
    temporary.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(temporary, sidecar)


def _parse_time(text: object) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


# --------------------------------------------------------------------------- the schedule


def backup_due(folder: Path, now: dt.datetime | None = None, database: Path | None = None) -> bool:
    """Whether today's backup is still to be taken: no backup of today's date checked out."""
    today = (now or dt.datetime.now()).date()
    return not any(
        info.checked and info.kind in PRUNED_KINDS and info.taken_at.date() == today
        for info in list_backups(folder, database)
    )


def changed_since_last_backup(folder: Path, database: Path | None = None) -> bool:
    """Whether anything was saved since the newest backup that checked out: every change of a case,
    an account or a catalogue extends the audit trail, whose head the backup's sidecar carries."""
    for info in list_backups(folder, database):
        if info.checked and info.kind in PRUNED_KINDS:
            anchor = _sidecar(info.path).get("anchor") or {}
            with db.atomic(lock_type="DEFERRED"):
                now = current_anchor()
            return (anchor.get("events"), anchor.get("event_head"), anchor.get("seals"), anchor.get("head")) != (
                now.events,
                now.event_head,
                now.seals,
                now.head,
            )
    return True


def automatic_backup(
    folder: Path, now: dt.datetime | None = None, progress: Progress | None = None, only_if_changed: bool = False
) -> BackupInfo | None:
    """The application's own backup (once a day while it runs, and when it closes): taken, checked, then
    older ones pruned. None when skipped: today's exists (daily), or nothing changed since the last one
    (``only_if_changed``, at close)."""
    _refuse_on_server()
    now = now or dt.datetime.now()
    if only_if_changed and not changed_since_last_backup(folder):
        return None
    if not only_if_changed and not backup_due(folder, now):
        return None
    return _backup_and_prune(folder, AUTOMATIC, now, progress)


def back_up_now(
    actor: Staff, folder: Path, now: dt.datetime | None = None, progress: Progress | None = None
) -> BackupInfo:
    """A backup the office asks for ("Back up now"): taken, checked, then older ones pruned."""
    require(actor, Action.BACKUP)
    _refuse_on_server()
    return _backup_and_prune(folder, MANUAL, now or dt.datetime.now(), progress)


def back_up_to(actor: Staff, destination: Path, progress: Progress | None = None) -> BackupInfo:
    """A backup into the file ``destination`` (``main.py backup --out FILE``), checked; never over a file."""
    require(actor, Action.BACKUP)
    _refuse_on_server()
    if destination.is_dir():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is a folder: give the name of the file to write in it."),
            path=str(destination),
        )
    if destination.exists():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{path} exists already: a backup never overwrites a file."),
            path=str(destination),
        )
    return take_backup(destination, progress)


def _backup_and_prune(folder: Path, kind: str, now: dt.datetime, progress: Progress | None) -> BackupInfo:
    database = database_file()
    folder = _usable_folder(folder)
    _remove_stale_partials(folder, database)
    info = take_backup(_new_path(folder, database, kind, now), progress, now)
    if info.checked:
        prune(folder, retention(), now, database)
    return info


# --------------------------------------------------------------------------- taking one


def take_backup(destination: Path, progress: Progress | None = None, now: dt.datetime | None = None) -> BackupInfo:
    """Copy the models' database to ``destination`` (through ``<destination>.partial``, renamed when
    complete) in one read snapshot, then check the copy and write the result beside it. ``now``: the
    time the schedule counts the backup at (the clock's, which tests set)."""
    _refuse_on_server()
    destination = destination.absolute()
    _usable_folder(destination.parent)
    snapshot_at, snapshot = _copy_online(destination, _scaled(progress, 0, COPY_SHARE), now)
    taken_at = now or snapshot_at
    try:
        check = check_backup(destination, as_of=snapshot_at, progress=_scaled(progress, COPY_SHARE, PROGRESS_TOTAL))
        _write_facts(destination, _check_facts(check))
    except BaseException:
        # Stopped before its check was written (Ctrl+C, the check failing to run): no copy is left at the name
        # asked for that nobody checked (the same command then refused the name: "exists already").
        destination.unlink(missing_ok=True)
        sidecar_path(destination).unlink(missing_ok=True)
        raise
    if not check.ok:
        log.warning("the backup %s did not check out: %s", destination, "; ".join(check.problems))
    else:
        log.info("backed up to %s (%s cases, %s bytes)", destination, snapshot["cases"], destination.stat().st_size)
    return BackupInfo(
        destination,
        taken_at,
        _kind_of(destination),
        destination.stat().st_size,
        check.cases,
        check.ok,
        check.problems,
        check.said,
    )


def _kind_of(path: Path) -> str:
    for kind in KINDS:
        if path.stem.endswith("-" + kind):
            return kind
    return MANUAL


def _scaled(progress: Progress | None, low: int, high: int) -> Progress | None:
    if progress is None:
        return None
    report = progress

    def scaled(done: int, total: int) -> None:
        report(low + (high - low) * done // max(total, 1), PROGRESS_TOTAL)

    return scaled


def _copy_online(
    destination: Path, progress: Progress | None, now: dt.datetime | None = None
) -> tuple[dt.datetime, dict[str, int]]:
    """SQLite's online backup API, ``STEP_PAGES`` at a time, inside one read transaction of the source:
    other desks go on writing (WAL), and the copy is the snapshot the transaction opened with (between
    steps SQLite would otherwise start again whenever another connection commits)."""
    partial = _partial(destination)
    target: sqlite3.Connection | None = None
    try:
        target = sqlite3.connect(str(partial))
        with db.atomic(lock_type="DEFERRED"):
            connection = db.connection()
            # The snapshot is taken by the first read; its time is the backup's.
            taken_at = dt.datetime.now()
            cases, last_case = connection.execute("SELECT count(*), coalesce(max(id), 0) FROM complaint").fetchone()

            def step(status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            connection.backup(target, pages=STEP_PAGES, progress=step)
        target.close()
        os.replace(partial, destination)
    except BaseException as error:
        if target is not None:
            target.close()
        for path in (partial, *(partial.with_name(partial.name + suffix) for suffix in COMPANION_SUFFIXES)):
            path.unlink(missing_ok=True)  # a full disk left the copy's rollback journal behind
        if isinstance(error, sqlite3.Error | OSError):
            raise _copy_failed(destination.parent, error) from error
        raise
    try:
        write_backup_sidecar(destination)
        recorded = (now or taken_at).isoformat(sep=" ")
        _write_facts(destination, {"taken_at": recorded, "cases": cases, "last_case": last_case})
    except OSError as error:
        raise _copy_failed(destination.parent, error) from error
    return taken_at, {"cases": cases, "last_case": last_case}


def _check_facts(check: BackupCheck) -> dict[str, Any]:
    return {
        "checked": check.ok,
        "problems": list(check.problems),
        "problems_said": [[list(part) for part in problem] for problem in check.said],
        "checked_at": dt.datetime.now().isoformat(sep=" "),
        "cases": check.cases,
        "last_case": check.last_case,
    }


def _remove_stale_partials(folder: Path, database: Path) -> None:
    """A copy interrupted by a kill keeps its ``.partial`` name (never listed); once nothing has written
    to it for a while it is removed, as it would fill the disk."""
    pattern = _name_pattern(database)
    for leftover in folder.glob("*.partial"):
        if not pattern.fullmatch(leftover.name[: -len(".partial")]):
            continue
        companions = [leftover.with_name(leftover.name + suffix) for suffix in COMPANION_SUFFIXES]
        try:
            written = max(path.stat().st_mtime for path in (leftover, *companions) if path.exists())
            if time.time() - written > STALE_PARTIAL_SECONDS:
                for path in (leftover, *companions):
                    path.unlink(missing_ok=True)
                log.warning("removed the interrupted backup %s", leftover)
        except OSError:
            continue


# --------------------------------------------------------------------------- checking a copy


def check_backup(
    path: Path, as_of: dt.datetime | None = None, progress: Progress | None = None, upgrade_to: Path | None = None
) -> BackupCheck:
    """SQLite's integrity check, the schema and ``verify`` of the archive, on the file ``path``, read-only.
    ``upgrade_to``: a file of an older schema (a backup taken before this version) is copied there, brought up to
    date and checked in its stead (``BackupCheck.upgraded``); without it, its schema is its problem.

    It runs in a process of its own: verify reads through the models' one database binding, which the
    application's other threads go on using for the live database meanwhile. ``as_of``: when the copy
    was taken (anchors written after it, by desks that went on sealing, are no cut)."""
    context = _check_context()
    messages: multiprocessing.queues.Queue[tuple[Any, ...]] = context.Queue()
    anchors = configured_folder()
    when = as_of.strftime(ANCHOR_AT_FORMAT) if as_of is not None else None
    child = context.Process(
        target=_check_in_child,
        args=(str(path), str(anchors) if anchors else None, when, messages, str(upgrade_to) if upgrade_to else None),
        name="complaint-desk-backup-check",
    )
    child.start()
    try:
        while True:
            try:
                message = messages.get(timeout=0.2)
            except queue.Empty:
                if not child.is_alive():
                    raise RuntimeError(f"the check of {path} ended without a result (exit {child.exitcode})") from None
                continue
            if message[0] == "progress":
                if progress is not None:
                    progress(message[1], message[2])
            elif message[0] == "done":
                return BackupCheck(**message[1])
            else:
                raise RuntimeError(f"the check of {path} failed: {message[1]}")
    except BaseException:  # Ctrl+C, or a failure here: the check stops (its verify's workers with it), not waited for
        if child.is_alive() and child.pid is not None:
            os.kill(child.pid, signal.SIGINT)
        raise
    finally:
        child.join(timeout=30)
        if child.is_alive():
            child.kill()
            child.join()
        messages.close()


def _check_context() -> Any:  # a SpawnContext or a ForkServerContext (POSIX only, to typeshed as well)
    """A fresh process never forked from one that may run Qt: verify's (the fork server where there is one)."""
    from models.verify import fresh_process_context

    return fresh_process_context()


def _check_in_child(path: str, anchors: str | None, as_of: str | None, messages: Any, upgrade_to: str | None) -> None:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # ignored by the fork server it comes from
    try:
        upgrade = Path(upgrade_to) if upgrade_to else None
        messages.put(("done", dataclasses.asdict(_check_here(Path(path), anchors, as_of, messages, upgrade))))
    except KeyboardInterrupt:  # Ctrl+C reaches every process of the terminal: the parent says so, once
        return
    except Exception as error:  # noqa: BLE001 - told to the parent, which raises it
        messages.put(("error", f"{type(error).__name__}: {error}"))


def _check_here(
    path: Path, anchors: str | None, as_of: str | None, messages: Any, upgrade_to: Path | None = None
) -> BackupCheck:
    """The check itself, as ``main.py verify`` makes it: SQLite's integrity check in a thread, on its own
    connection, while the archive is verified (both read the whole file; SQLite's C code runs beside
    Python)."""
    from models.database import open_database, open_read_only, schema_problem_errors, schema_state, upgrade_copy
    from models.errors import DatabaseOpenError

    configure(Path(anchors) if anchors else None)
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= 0.2 or done >= total:
            last = now
            messages.put(("progress", done, total))

    try:
        database = open_read_only(path)
    except DatabaseOpenError as error:
        return _found([error], None)
    upgraded = ""
    try:
        problems: list[object] = list(schema_problem_errors(database))
        state = schema_state(database)
        if problems and upgrade_to is not None and state.applied and state.pending and not state.unknown:
            # A backup taken before this version: checked (and restored) as this version reads it.
            database.close()
            shutil.copyfile(path, upgrade_to)
            database = open_database(str(upgrade_to), upgrade=upgrade_copy)
            path, upgraded = upgrade_to, str(upgrade_to)
            problems = list(schema_problem_errors(database))
        if problems:
            return _found(problems, database_identity(database), upgraded=upgraded)
        from models.verify import file_problems

        problems = list(file_problems(path, progress=progress, as_of=as_of)[0])
        cases, last_case = database.execute_sql("SELECT count(*), coalesce(max(id), 0) FROM complaint").fetchone()
        events, last_at = database.execute_sql(
            "SELECT coalesce(max(id), 0), coalesce(max(at), '') FROM audit_event"
        ).fetchone()
        return _found(problems, database_identity(database), cases, last_case, events, str(last_at), upgraded)
    # A damaged file can fail in any query, with an error whose message is itself undecodable bytes.
    except (peewee.DatabaseError, sqlite3.DatabaseError, UnicodeDecodeError) as error:
        unreadable = QT_TRANSLATE_NOOP("DomainError", "the database cannot be read: {error}")
        return _found([DomainError(unreadable, error=str(error))], None)
    finally:
        database.close()


def _found(
    problems: list[Any],
    identity: str | None,
    cases: int = 0,
    last_case: int = 0,
    events: int = 0,
    last_event_at: str = "",
    upgraded: str = "",
) -> BackupCheck:
    """A check's result with its ``problems`` (the archive's, a database's refusals) in English and as said."""
    return BackupCheck(
        tuple(str(problem) for problem in problems),
        identity,
        cases,
        last_case,
        events,
        last_event_at,
        upgraded,
        tuple(_said_problem_parts(problem) for problem in problems),
    )


def _said_problem_parts(problem: object) -> SaidProblem:
    """A problem's parts for the GUI: an archive problem's subject and sentence, a refusal's sentence, or (a
    problem said only in English) its words as they are."""
    from models.verify import ArchiveProblem, FileProblem, Said

    def part(context: str, said: Said | None, words: str) -> SaidPart:
        if said is None:
            return ("", words, {})
        return (context, said.template, {name: str(value) for name, value in said.values})

    if isinstance(problem, FileProblem):
        problem = problem.archive or problem.text
    if isinstance(problem, ArchiveProblem):
        subject = part("ArchiveProblem", problem.subject_said, problem.archive_number)
        return (subject, part("ArchiveProblem", problem.problem_said, problem.problem))
    if isinstance(problem, DomainError):
        return (("DomainError", problem.template, {name: str(value) for name, value in problem.params.items()}),)
    return (("", str(problem), {}),)


def _said_facts(facts: dict[str, Any]) -> tuple[SaidProblem, ...]:
    """The problems as said, as the facts beside a backup keep them (none, or not as written: the English alone)."""
    kept = facts.get("problems_said") or ()
    try:
        said = tuple(
            tuple((str(context), str(template), {str(k): str(v) for k, v in dict(values).items()})
                  for context, template, values in problem)
            for problem in kept
        )  # fmt: skip
    except (TypeError, ValueError):
        return ()
    return said if len(said) == len(facts.get("problems") or ()) else ()


# --------------------------------------------------------------------------- pruning


def prune(folder: Path, keep: Retention, now: dt.datetime | None = None, database: Path | None = None) -> list[Path]:
    """Remove the backups the policy no longer keeps; the paths removed (``pruned``)."""
    removed = []
    for info in pruned(folder, keep, database):
        for path in (info.path, sidecar_path(info.path)):
            path.unlink(missing_ok=True)
        removed.append(info.path)
        log.info("pruned the backup %s", info.path)
    return removed


def pruned(folder: Path, keep: Retention, database: Path | None = None) -> list[BackupInfo]:
    """The backups the policy ``keep`` does not keep, newest first: what ``prune`` removes (and what the Backups
    page tells the office before a smaller policy is saved). Kept: the newest backup of each of the last
    ``keep.daily`` days, ``keep.weekly`` ISO weeks and ``keep.monthly`` months that have one that checked out,
    and the newest of all. A copy kept aside by a restore, one not checked yet, and one that failed its check
    but is newer than every good one are never removed here."""
    backups = [info for info in list_backups(folder, database) if info.kind in PRUNED_KINDS]
    good = [info for info in backups if info.checked]  # newest first
    if not good:
        return []
    kept = {good[0].path}
    for count, period in (
        (keep.daily, lambda d: d.date()),
        (keep.weekly, lambda d: d.isocalendar()[:2]),
        (keep.monthly, lambda d: (d.year, d.month)),
    ):
        seen: list[object] = []
        for info in good:
            key = period(info.taken_at)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(info.path)
    newest_good = good[0].taken_at
    return [
        info
        for info in backups
        if not (info.path in kept or info.checked is None or (info.checked is False and info.taken_at > newest_good))
    ]


# --------------------------------------------------------------------------- restoring


def restore_plan(actor: Staff, backup: Path, progress: Progress | None = None) -> RestorePlan:
    """Check ``backup`` and say what restoring it would lose; refuses a damaged or foreign file."""
    require(actor, Action.BACKUP)
    _refuse_on_server(restoring=True)
    backup = _backup_file(backup, database_file())
    facts = _sidecar_facts(backup)
    taken_at = _parse_time(facts.get("taken_at"))
    # A backup of an older schema (taken before this version) is restored as a copy brought up to date, made
    # beside the database's own pre-upgrade copies (a partial one, removed at a later open if left behind).
    database = database_file()
    folder = default_folder(database)
    folder.mkdir(exist_ok=True)
    upgrade_to = _partial(_new_path(folder, database, "restoring", dt.datetime.now()))
    try:
        check = check_backup(backup, as_of=taken_at, progress=progress, upgrade_to=upgrade_to)
    except BaseException:
        upgrade_to.unlink(missing_ok=True)
        raise
    source = Path(check.upgraded) if check.upgraded else None
    if source is None or not check.ok or check.identity != database_identity():
        upgrade_to.unlink(missing_ok=True)
        source = None
    if not check.ok:
        raise _refused(backup, check)
    if check.identity != database_identity():
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The backup {path} is of another Complaint Desk database (another desk or hotel), not of "
                "this one: it is not restored.",
            ),
            path=str(backup),
        )
    taken_at = taken_at or _parse_time(check.last_event_at) or dt.datetime.fromtimestamp(backup.stat().st_mtime)
    try:
        new_cases, changed_cases, other_changes = _lost_since(check, taken_at)
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        log.warning("what the restore undoes cannot be counted, the database is damaged: %s", error)
        new_cases = changed_cases = other_changes = None
    return RestorePlan(backup, taken_at, check.cases, new_cases, changed_cases, other_changes, source)


def _refused(backup: Path, check: BackupCheck) -> BackupRefusedError:
    return BackupRefusedError(
        QT_TRANSLATE_NOOP("DomainError", "The backup {path} did not pass its check and is not restored: {problems}"),
        check.said,
        path=str(backup),
        problems="; ".join(check.problems[:3]),
    )


def discard_plan(plan: RestorePlan) -> None:
    """A restore planned and not made: the upgraded copy it made, if any, removed."""
    if plan.source is not None:
        plan.source.unlink(missing_ok=True)


def _lost_since(check: BackupCheck, taken_at: dt.datetime) -> tuple[int | None, int | None, int | None]:
    """Cases received after the backup; cases it holds that changed since (a step, an amendment: an
    audit event after the backup's last, or a later ``updated_at``); other changes since."""
    with db.atomic(lock_type="DEFERRED"):
        connection = db.connection()
        (new_cases,) = connection.execute("SELECT count(*) FROM complaint WHERE id > ?", (check.last_case,)).fetchone()
        (changed,) = connection.execute(
            "SELECT count(*) FROM complaint WHERE id <= ? AND (updated_at > ? OR id IN "
            "(SELECT complaint_id FROM audit_event WHERE id > ? AND complaint_id IS NOT NULL))",
            (check.last_case, taken_at.isoformat(sep=" "), check.events),
        ).fetchone()
        (other,) = connection.execute(
            "SELECT count(*) FROM audit_event WHERE id > ? AND complaint_id IS NULL", (check.events,)
        ).fetchone()
    return new_cases, changed, other


def restore(actor: Staff, plan: RestorePlan, folder: Path, progress: Progress | None = None) -> Path:
    """Put the backup of ``plan`` in place of the database; the copy of the database as it was, kept
    aside in ``folder`` (never deleted), is returned.

    The backup is written into the live database through SQLite's backup API, not by moving files: the
    -wal and -shm files stay coherent and every connection, this application's and other desks', reads
    the restored contents at its next transaction (the application then asks for a login again: the
    accounts are the backup's). The archive's anchor log is started again from the backup's own anchor
    (the old one is kept beside it), since the chain after the backup is gone."""
    require(actor, Action.BACKUP)
    _refuse_on_server(restoring=True)
    database = database_file()
    folder = _usable_folder(folder)
    now = dt.datetime.now()
    aside = _new_path(folder, database, BEFORE_RESTORE, now)
    _copy_online(aside, _scaled(progress, 0, PROGRESS_TOTAL // 2))
    # From here the backup is put in place, the anchors started again and the restore recorded as one: Ctrl+C in
    # the middle left the data restored without its record or anchors, and verify then reported tampering.
    with _ctrl_c_held_back() as held:
        _put_in_place(actor, plan, folder, database, aside, now, progress)
    if held:
        log.warning("Ctrl+C came while the backup was being put in place: the restore was finished first")
    log.info("restored %s from %s; the database as it was is kept in %s", database, plan.backup, aside)
    return aside


@contextmanager
def _ctrl_c_held_back() -> Iterator[list[int]]:
    """Ctrl+C (SIGINT) held back inside, and listed in the list given, on the main thread (the command line's
    restore; the desk's runs on a worker thread, which no Ctrl+C reaches)."""
    held: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = signal.signal(signal.SIGINT, lambda number, _frame: held.append(number))
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)


def _put_in_place(
    actor: Staff, plan: RestorePlan, folder: Path, database: Path, aside: Path, now: dt.datetime,
    progress: Progress | None,
) -> None:  # fmt: skip
    """``restore``'s writing part: the backup put in place, the anchors started again, the restore recorded."""
    restored_from = plan.restored_from
    source = sqlite3.connect(f"{restored_from.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    resized: Path | None = None
    try:
        source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        (pages,) = db.connection().execute("PRAGMA page_size").fetchone()
        if source.execute("PRAGMA page_size").fetchone()[0] != pages:
            # SQLite's backup API cannot change the page size of a database in WAL mode (a backup of an older
            # file, whose pages were 4 KB, into a newer one): a copy in this database's pages is restored.
            resized = _partial(_new_path(folder, database, "resized", now))  # removed as a stale one if left
            source.close()
            source = sqlite3.connect(f"{restored_from.absolute().as_uri()}?mode=ro", uri=True)  # not immutable:
            source.execute(f"PRAGMA page_size = {int(pages)}")  # an immutable one ignores this
            source.execute("VACUUM INTO ?", (str(resized),))
            source.close()
            source = sqlite3.connect(f"{resized.absolute().as_uri()}?mode=ro", uri=True)
        steps = _scaled(progress, PROGRESS_TOTAL // 2, PROGRESS_TOTAL)

        def step(status: int, remaining: int, total: int) -> None:
            if steps is not None:
                steps(total - remaining, total)

        source.backup(db.connection(), pages=STEP_PAGES, progress=step)
    except sqlite3.Error as error:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "The backup could not be put in place: {reason}. The database as it was is kept in {aside}.",
            ),
            reason=str(error),
            aside=str(aside),
        ) from error
    finally:
        source.close()
        if resized is not None:
            resized.unlink(missing_ok=True)
        discard_plan(plan)  # the upgraded copy, restored or not
    try:  # the whole file went through the -wal: fold it in now (another desk reading may hold part of it)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except DomainError as busy:
        log.info("the -wal after the restore is folded in later: %s", busy)
    _restart_anchor_log(plan.backup, now)
    _record_restore(actor, plan, aside)


# --------------------------------------------------------------------------- a database that cannot be opened
#
# The very time a backup is wanted, the database may be too damaged to open ("database disk image is malformed",
# a file that is no database any more): there is then no account to log in with and no connection to restore
# through. The backup is checked as ever, copied beside the database, and its own accounts say who may restore
# it (an office or administrator account of the backup, its password); then the damaged file and its companions
# are kept aside and the copy takes their place. Desks still holding the damaged file are told to close first.


def plan_over_damaged(database: Path, backup: Path, progress: Progress | None = None) -> RestorePlan:
    """Check ``backup`` for a database file that cannot be opened, and make the copy that will take its place
    (``RestorePlan.source``, removed by ``discard_plan`` or put in place by ``restore_over_damaged``). What the
    restore loses cannot be counted in a file that cannot be read: None, all three."""
    database = database.absolute()
    backup = _backup_file(backup, database)
    facts = _sidecar_facts(backup)
    taken_at = _parse_time(facts.get("taken_at"))
    folder = default_folder(database)
    folder.mkdir(exist_ok=True)
    staging = _partial(_new_path(folder, database, "restoring", dt.datetime.now()))
    try:
        check = check_backup(backup, as_of=taken_at, progress=progress, upgrade_to=staging)
        if not check.ok:
            raise _refused(backup, check)
        if not check.upgraded:  # a backup of this version: copied, the backup itself stays as it was taken
            _copy_file_database(backup, staging)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    taken_at = taken_at or _parse_time(check.last_event_at) or dt.datetime.fromtimestamp(backup.stat().st_mtime)
    return RestorePlan(backup, taken_at, check.cases, None, None, None, staging)


def _backup_file(backup: Path, database: Path) -> Path:
    """``backup`` as a file to restore, or the sentence saying why it is not one."""
    backup = backup.absolute()
    if backup.is_dir():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is a folder: choose one of the backup files in it."),
            path=str(backup),
        )
    if not backup.is_file():
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The backup file {path} does not exist."), path=str(backup))
    if backup.resolve() == database.resolve():
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{path} is the database itself, not a backup of it."), path=str(backup)
        )
    return backup


def _copy_file_database(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file ``source`` at ``target`` (its -wal read in), in WAL mode as the
    application leaves its files."""
    reading = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro&immutable=1", uri=True)  # no -wal, -shm made
    writing = sqlite3.connect(target)
    try:
        reading.backup(writing)
        writing.execute("PRAGMA journal_mode = WAL")
    finally:
        writing.close()
        reading.close()


def restorer_of(plan: RestorePlan, username: str, password: str) -> Staff:
    """The account of the backup that restores it over a damaged database: logged in on the copy that will take
    the database's place (a wrong password counts there, as at any login), and an office or administrator one."""
    from models.database import open_database
    from models.staff import authenticate

    assert plan.source is not None, "a plan over a damaged database has its copy"
    bound = db.obj  # the models go back to it: a later piece of work connecting to the copy made it again
    copy = open_database(str(plan.source))
    try:
        return require(authenticate(username, password), Action.BACKUP)
    finally:
        copy.close()
        db.initialize(bound)


def restore_over_damaged(
    actor: Staff, plan: RestorePlan, database: Path, folder: Path | None = None
) -> Path:
    """Keep the damaged ``database`` (and its -wal, -shm, -journal) aside in ``folder`` (default: the backups
    folder beside it) and put the plan's checked copy in its place; the restore recorded in it and the anchor log
    started again from the backup's anchor. The models are left unbound (the caller opens the database). The
    file kept aside is returned."""
    from models.database import open_database

    assert plan.source is not None, "a plan over a damaged database has its copy"
    database = database.absolute()
    folder = _usable_folder(folder or default_folder(database))
    now = dt.datetime.now()
    aside = _new_path(folder, database, BEFORE_RESTORE, now)
    with _ctrl_c_held_back() as held:
        try:
            if database.exists():
                database.rename(aside)
            for suffix in COMPANION_SUFFIXES:
                companion = database.with_name(database.name + suffix)
                if companion.exists():
                    companion.rename(aside.with_name(aside.name + suffix))
            plan.source.rename(database)
        except OSError as error:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The backup could not be put in place: {reason}. The database as it was is kept in {aside}.",
                ),
                reason=error.strerror or str(error),
                aside=str(aside),
            ) from error
        restored = open_database(str(database))
        try:
            _restart_anchor_log(plan.backup, now)
            _record_restore(actor, plan, aside, damaged=True)
        finally:
            restored.close()
    if held:
        log.warning("Ctrl+C came while the backup was being put in place: the restore was finished first")
    log.warning("restored %s, which could not be opened, from %s; the damaged file is kept in %s", database,
                plan.backup, aside)  # fmt: skip
    return aside


def _restart_anchor_log(backup: Path, now: dt.datetime) -> None:
    """The anchors written after the backup name seals and events the restored database no longer has:
    the log is kept under another name and a new one starts with the backup's own anchor."""
    identity = database_identity()
    path = anchor_log(identity) if identity else None
    if path is None or not path.exists():
        return
    path.rename(path.with_name(f"{path.name}.before-restore-{now.strftime(STAMP_FORMAT)}"))
    anchor = _sidecar(backup).get("anchor")
    if isinstance(anchor, dict) and Anchor.from_json(json.dumps(anchor)) is not None:
        path.write_text(json.dumps(anchor, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def _record_restore(actor: Staff, plan: RestorePlan, aside: Path, damaged: bool = False) -> None:
    from models.audit import record

    # The account that restored may not exist in the backup (created after it).
    restorer = Staff.get_or_none(Staff.id == actor.id)
    details: dict[str, Any] = {"over_damaged_database": True} if damaged else {}
    record(
        "database_restored",
        restorer,
        backup=plan.backup.name,
        taken_at=plan.taken_at.isoformat(sep=" "),
        kept_aside=str(aside),
        by=actor.username,
        new_cases_lost=plan.new_cases,
        changed_cases_reverted=plan.changed_cases,
        **details,
    )
