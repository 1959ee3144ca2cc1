"""``main.py compact``: the file without its free pages."""

from __future__ import annotations

import argparse
import time

from ui.commands.common import EXIT_OK


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
        before, after = compact(database)
        elapsed = time.perf_counter() - started
    finally:
        database.close()
    print(f"Compacted {database.database}: {before / 1e6:,.1f} MB -> {after / 1e6:,.1f} MB ({elapsed:.1f} s).")
    return EXIT_OK
