"""``main.py compact``: the file without its free pages."""

from __future__ import annotations

import argparse
import sys
import time

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, OFFICE_OR_ADMINISTRATOR, add_user_argument, log_in
from ui.commands.speech import fill, translate


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compact = commands.add_parser(
        "compact",
        help=translate(
            "CommandLine",
            "rewrite the database file without its free space (SQLite's VACUUM); needs as much free disk "
            "as the file, and locks other desks out while it runs",
        ),
    )
    add_user_argument(compact, OFFICE_OR_ADMINISTRATOR)
    compact.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    """VACUUM: the pages a migration or deletions freed leave the file."""
    from models.database import compact, open_existing_database

    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        started = time.perf_counter()
        done = compact(database, actor)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    if done.held:
        # It said "Compacted: 15.9 MB -> 31.8 MB", status 0: the rewritten file waited in the log beside the old.
        held = translate(
            "CommandLine",
            "%1: another desk is reading the file, so the compacted copy waits in its write-ahead log (%2 MB on "
            "disk for now, %3 s); the space is given back once nobody reads it. Run compact again then.",
        )
        print(fill(held, database.database, f"{done.after / 1e6:,.1f}", f"{elapsed:.1f}"), file=sys.stderr)
        return EXIT_PROBLEMS
    said = translate("CommandLine", "Compacted %1: %2 MB -> %3 MB (%4 s).")
    print(fill(said, database.database, f"{done.before / 1e6:,.1f}", f"{done.after / 1e6:,.1f}", f"{elapsed:.1f}"))
    return EXIT_OK
