"""``main.py verify``: the file's integrity, its schema and the archive's seals and chains."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, counted

log = logging.getLogger("complaint_desk.main")


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = commands.add_parser(
        "verify", help="check the database's integrity, schema and archive seals; exit 1 if anything is wrong"
    )
    verify.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    """Check the file read-only: not one byte of it, or of any file beside it, changes."""
    from models.database import existing_database_file
    from models.postgresql import is_postgresql_url

    if is_postgresql_url(url):
        return _run_on_server(url)
    path = existing_database_file(url)
    problems, notes, torn = _problems_of(path, share_with_writers=False)
    if torn:
        log.info("%s changed while it was checked; checking it again alongside its writer", path)
        problems, notes, _ = _problems_of(path, share_with_writers=True)
    for note in notes:
        print(f"{path}: note: {note}")
    _note_missing_chinese_font()
    if problems:
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        print(f"{path}: NOT sound ({counted(len(problems), 'problem')}).", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{path}: sound (integrity check passed, schema up to date, archive seals and chain intact).")
    return EXIT_OK


def _run_on_server(url: str) -> int:
    """A server's database: its schema and the archive, read in one REPEATABLE READ, READ ONLY
    transaction (``models.verify``); the server keeps its own files sound (no integrity check of a file)."""
    from models.database import connect, database_label, schema_problems

    database = connect(url)
    where = database_label(database)
    notes: list[str] = []
    try:
        problems = schema_problems(database)
        if not problems:
            from models.verify import verify_report

            with ProgressLine() as progress:
                report = verify_report(progress=progress.show)
            problems = [f"archive {problem}" for problem in report.problems]
            notes = [str(note) for note in report.notes]
    finally:
        database.close()
    for note in notes:
        print(f"{where}: note: {note}")
    if problems:
        for problem in problems:
            print(f"{where}: {problem}", file=sys.stderr)
        print(f"{where}: NOT sound ({counted(len(problems), 'problem')}).", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{where}: sound (schema up to date, archive seals and chain intact).")
    return EXIT_OK
def _note_missing_chinese_font() -> None:
    """A line, not a problem of the archive: the desk's screens and forms need a font that draws Chinese."""
    from ui.first_contact import font_check_line

    notice = font_check_line()
    if notice is not None:
        print(f"note: {notice}")


def _problems_of(path: Path, share_with_writers: bool) -> tuple[list[str], list[str], bool]:
    """What is wrong with the file, what the check could not prove (notes), and
    whether the file changed while it was read. SQLite's integrity check runs
    in a thread, on its own connection, while the archive is verified: both
    read the whole file, and SQLite's C code does not hold Python's lock."""
    from models.database import open_read_only, schema_problems
    from models.errors import DatabaseOpenError

    try:
        database = open_read_only(path, share_with_writers)
    except DatabaseOpenError as error:
        return [str(error)], [], False
    notes: list[str] = []
    try:
        problems = schema_problems(database)
        if not problems:
            from models.verify import file_problems

            with ProgressLine() as progress:
                found, notes = file_problems(path, progress.show, share_with_writers)
            problems = [str(problem) for problem in found]
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in any query
        problems = [f"the database cannot be read: {error}"]
    finally:
        database.close()
    return problems, notes, database.changed_since_opened()


class ProgressLine:
    """How far verify got, on a terminal: one line on standard error, rewritten in place and
    cleared at the end. Piped or redirected, nothing is shown (the output stays as documented)."""

    INTERVAL = 0.25  # seconds between redraws

    def __init__(self) -> None:
        self.shown = False
        self.last = 0.0
        self.terminal = sys.stderr.isatty()

    def __enter__(self) -> ProgressLine:
        return self

    def show(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.terminal or (now - self.last < self.INTERVAL and done < total):
            return
        self.last = now
        percent = 100 * done // total if total else 100
        print(f"\rverifying: {done:,} / {total:,} seals and audit events ({percent}%)", end="", file=sys.stderr,
              flush=True)  # fmt: skip
        self.shown = True

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
