"""``main.py verify``: the file's integrity, its schema and the archive's seals and chains."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS
from ui.commands.speech import counted, fill, translate

log = logging.getLogger("complaint_desk.main")


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = commands.add_parser(
        "verify",
        help=translate(
            "CommandLine", "check the database's integrity, schema and archive seals; exit 1 if anything is wrong"
        ),
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
        print(fill(translate("CommandLine", "%1: note: %2"), path, note))
    _note_missing_chinese_font()
    if problems:
        for problem in problems:
            print(fill(translate("CommandLine", "%1: %2"), path, problem), file=sys.stderr)
        print(fill(not_sound(len(problems)), path), file=sys.stderr)
        return EXIT_PROBLEMS
    print(fill(translate("CommandLine", "%1: sound (integrity check passed, schema up to date, archive seals and "
                         "chain intact)."), path))  # fmt: skip
    return EXIT_OK


def _run_on_server(url: str) -> int:
    """A server's database: its schema and the archive, read in one REPEATABLE READ, READ ONLY
    transaction (``models.verify``); the server keeps its own files sound (no integrity check of a file)."""
    from models.database import connect, database_label, schema_problem_errors
    from ui.archive_text import problem_text, said_text
    from ui.commands.speech import error_text

    database = connect(url)
    where = database_label(database)
    notes: list[str] = []
    try:
        problems = [error_text(error) for error in schema_problem_errors(database)]
        if not problems:
            from models.verify import verify_report

            with ProgressLine() as progress:
                report = verify_report(progress=progress.show)
            problems = [archive_problem(problem_text(problem)) for problem in report.problems]
            notes = [said_text(note) for note in report.notes]
    finally:
        database.close()
    for note in notes:
        print(fill(translate("CommandLine", "%1: note: %2"), where, note))
    if problems:
        for problem in problems:
            print(fill(translate("CommandLine", "%1: %2"), where, problem), file=sys.stderr)
        print(fill(not_sound(len(problems)), where), file=sys.stderr)
        return EXIT_PROBLEMS
    print(fill(translate("CommandLine", "%1: sound (schema up to date, archive seals and chain intact)."), where))
    return EXIT_OK


def not_sound(problems: int) -> str:
    one = translate("CommandLine", "%1: NOT sound (1 problem).")
    return counted(problems, one, translate("CommandLine", "%1: NOT sound (%n problems)."))


def archive_problem(text: str) -> str:
    """A problem of the archive as the command names it ("archive TS-2026-000001: …")."""
    return fill(translate("CommandLine", "archive %1"), text)
def _note_missing_chinese_font() -> None:
    """A line, not a problem of the archive: the desk's screens and forms need a font that draws Chinese."""
    from ui.first_contact import font_check_line

    notice = font_check_line()
    if notice is not None:
        print(fill(translate("CommandLine", "note: %1"), translate("FirstContact", notice)))


def _problems_of(path: Path, share_with_writers: bool) -> tuple[list[str], list[str], bool]:
    """What is wrong with the file, what the check could not prove (notes), and
    whether the file changed while it was read. SQLite's integrity check runs
    in a thread, on its own connection, while the archive is verified: both
    read the whole file, and SQLite's C code does not hold Python's lock."""
    from models.database import open_read_only, schema_problem_errors
    from models.errors import DatabaseOpenError
    from ui.archive_text import problem_text, said_text
    from ui.commands.speech import error_text
    from ui.i18n import reason_text

    try:
        database = open_read_only(path, share_with_writers)
    except DatabaseOpenError as error:
        return [error_text(error)], [], False
    notes: list[str] = []
    try:
        problems = [error_text(error) for error in schema_problem_errors(database)]
        if not problems:
            from models.verify import file_problems

            with ProgressLine() as progress:
                found, said_notes = file_problems(path, progress.show, share_with_writers)
            # SQLite's own findings in its words; the archive's in the command line's language.
            problems = [archive_problem(problem_text(p.archive)) if p.archive else p.text for p in found]
            notes = [said_text(note) for note in said_notes]
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in any query
        problems = [fill(translate("CommandLine", "the database cannot be read: %1"), reason_text(str(error)))]
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
        said = translate("CommandLine", "verifying: %1 / %2 seals and audit events (%3%)")
        print("\r" + fill(said, f"{done:,}", f"{total:,}", percent), end="", file=sys.stderr, flush=True)
        self.shown = True

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
