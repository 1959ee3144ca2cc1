"""``main.py compact``: the file without its free pages."""

from __future__ import annotations

import argparse
import sys
import time

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compact = commands.add_parser(
        "compact",
        help="rewrite the database file without its free space (SQLite's VACUUM); needs as much free disk "
        "as the file, and locks other desks out while it runs",
    )
    compact.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    """VACUUM: the pages a migration or deletions freed leave the file."""
    from models.database import compact, open_existing_database

    database = open_existing_database(url)
    try:
        started = time.perf_counter()
        done = compact(database)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    if done.held:
        # It said "Compacted: 15.9 MB -> 31.8 MB", status 0: the rewritten file waited in the log beside the old.
        print(
            f"{database.database}: another desk is reading the file, so the compacted copy waits in its write-ahead "
            f"log ({done.after / 1e6:,.1f} MB on disk for now, {elapsed:.1f} s); the space is given back once nobody "
            "reads it. Run compact again then.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    sizes = f"{done.before / 1e6:,.1f} MB -> {done.after / 1e6:,.1f} MB"
    print(f"Compacted {database.database}: {sizes} ({elapsed:.1f} s).")
    return EXIT_OK
