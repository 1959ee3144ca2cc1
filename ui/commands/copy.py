"""``main.py copy --to postgresql://…``: a desk's SQLite file moved into an empty database on a
PostgreSQL server (every table, the archive and its chain, attachments, settings), verified there."""

from __future__ import annotations

import argparse
import sys

from ui.commands.common import EXIT_OK, EXIT_PROBLEMS, add_user_argument, log_in


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    copy = commands.add_parser(
        "copy",
        help="copy the SQLite database (--db) into an empty PostgreSQL database and verify the copy there; "
        "exit 1 if the copy is not sound",
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the empty server database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME",
    )
    add_user_argument(copy, "an administrator account")
    copy.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.copy import copy_to_server
    from models.database import open_existing_database

    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        report = copy_to_server(actor, args.to, progress=_shown if sys.stderr.isatty() else None)
    finally:
        database.close()
    total = sum(report.rows.values())
    print(f"Copied {url} to {report.target}: {total:,} rows in {len(report.rows)} tables.")
    if report.skipped:
        print(f"Not copied (kept by SQLite only; the server builds its own): {', '.join(report.skipped)}.")
    source, copied = report.source, report.copied
    assert source is not None and copied is not None
    for note in report.notes:
        print(f"{report.target}: note: {note}")
    if not report.identical:
        print(
            f"{report.target}: the copy's chains differ from the file's: {source.seals} seals, head "
            f"{source.head or '-'} in the file; {copied.seals} seals, head {copied.head or '-'} on the server.",
            file=sys.stderr,
        )
    for problem in report.problems:
        print(f"{report.target}: archive {problem}", file=sys.stderr)
    if report.problems or not report.identical:
        print(f"{report.target}: the copy is NOT sound.", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"The archive's digests are identical on both: {source.seals:,} seals (head {source.head or '-'}), "
        f"{source.events:,} audit events (their digests hash to {source.event_digests[:12]} on both)."
    )
    print(f"{report.target}: sound (archive seals and chain intact).")
    return EXIT_OK


def _shown(table: str, rows: int) -> None:
    print(f"copied {table}: {rows:,} rows", file=sys.stderr, flush=True)
