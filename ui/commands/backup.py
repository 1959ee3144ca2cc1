"""``main.py backup``: a checked copy of the database through SQLite's online backup API."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, OFFICE_OR_ADMINISTRATOR, add_user_argument, log_in
from ui.commands.speech import counted, fill, translate


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup",
        help=translate(
            "CommandLine", "a consistent copy of the database while desks work, checked like verify; exit 1 if it fails"
        ),
    )
    backup.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=translate("CommandLine", "the backup file to write (never overwritten)"),
    )
    add_user_argument(backup, OFFICE_OR_ADMINISTRATOR)
    backup.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.backups import back_up_to
    from models.database import existing_database_file, open_existing_database

    existing_database_file(url)
    destination = Path(args.out).expanduser()
    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        with PercentLine(translate("CommandLine", "backing up")) as progress:
            info = back_up_to(actor, destination, progress.show)
    finally:
        database.close()
    if not info.checked:
        from ui.backup_text import problem_lines

        for problem in problem_lines(info):
            print(fill(translate("CommandLine", "%1: %2"), info.path, problem), file=sys.stderr)
        said = counted(
            len(info.problems),
            translate("CommandLine", "%1: the copy did NOT check out (1 problem)."),
            translate("CommandLine", "%1: the copy did NOT check out (%n problems)."),
        )
        print(fill(said, info.path), file=sys.stderr)
        return EXIT_PROBLEMS
    said = counted(
        info.cases or 0,  # a copy that checked out was counted
        translate("CommandLine", "%1: backed up 1 case (%2 bytes); the copy checked out."),
        translate("CommandLine", "%1: backed up %n cases (%2 bytes); the copy checked out."),
    )
    print(fill(said, info.path, f"{info.size:,}"))
    return EXIT_OK


class PercentLine:
    """How far the work got, on a terminal: one line on standard error, rewritten in place and cleared at
    the end; piped or redirected, nothing."""

    INTERVAL = 0.25

    def __init__(self, what: str) -> None:
        self.what = what
        self.last = 0.0
        self.shown = False
        self.terminal = sys.stderr.isatty()

    def __enter__(self) -> PercentLine:
        return self

    def show(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.terminal or (now - self.last < self.INTERVAL and done < total):
            return
        self.last = now
        percent = fill(translate("CommandLine", "%1: %2%"), self.what, 100 * done // max(total, 1))
        print(f"\r{percent}", end="", file=sys.stderr, flush=True)
        self.shown = True

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
