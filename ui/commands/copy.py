"""``main.py copy --to postgresql://…``: a desk's SQLite file moved into an empty database on a
PostgreSQL server (every table, the archive and its chain, attachments, settings), verified there."""

from __future__ import annotations

import argparse
import sys

from ui.commands.common import ADMINISTRATOR, EXIT_OK, EXIT_PROBLEMS, add_user_argument, log_in
from ui.commands.speech import fill, translate


def add_to(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    copy = commands.add_parser(
        "copy",
        help=translate(
            "CommandLine",
            "copy the SQLite database (--db) into an empty PostgreSQL database and verify the copy there; "
            "exit 1 if the copy is not sound",
        ),
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help=translate("CommandLine", "the empty server database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME"),
    )
    add_user_argument(copy, ADMINISTRATOR)
    copy.set_defaults(run=run)


def run(url: str, args: argparse.Namespace) -> int:
    from models.copy import copy_to_server
    from models.database import open_existing_database
    from ui.archive_text import problem_text, said_text
    from ui.commands.verify import archive_problem

    database = open_existing_database(url)
    try:
        actor = log_in(args.user)
        report = copy_to_server(actor, args.to, progress=_shown if sys.stderr.isatty() else None)
    finally:
        database.close()
    total = sum(report.rows.values())
    said = translate("CommandLine", "Copied %1 to %2: %3 rows in %4 tables.")
    print(fill(said, url, report.target, f"{total:,}", len(report.rows)))
    if report.skipped:
        said = translate("CommandLine", "Not copied (kept by SQLite only; the server builds its own): %1.")
        print(fill(said, translate("CommandLine", ", ").join(report.skipped)))
    source, copied = report.source, report.copied
    assert source is not None and copied is not None
    for note in report.notes:
        print(fill(translate("CommandLine", "%1: note: %2"), report.target, said_text(note)))
    if not report.identical:
        said = translate(
            "CommandLine",
            "%1: the copy's chains differ from the file's: %2 seals, head %3 in the file; %4 seals, head %5 on "
            "the server.",
        )
        print(fill(said, report.target, source.seals, source.head or "-", copied.seals, copied.head or "-"),
              file=sys.stderr)  # fmt: skip
    for problem in report.problems:
        print(fill(translate("CommandLine", "%1: %2"), report.target, archive_problem(problem_text(problem))),
              file=sys.stderr)  # fmt: skip
    if report.problems or not report.identical:
        print(fill(translate("CommandLine", "%1: the copy is NOT sound."), report.target), file=sys.stderr)
        return EXIT_PROBLEMS
    said = translate(
        "CommandLine",
        "The archive's digests are identical on both: %1 seals (head %2), %3 audit events (their digests hash to "
        "%4 on both).",
    )
    print(fill(said, f"{source.seals:,}", source.head or "-", f"{source.events:,}", source.event_digests[:12]))
    print(fill(translate("CommandLine", "%1: sound (archive seals and chain intact)."), report.target))
    return EXIT_OK


def _shown(table: str, rows: int) -> None:
    print(fill(translate("CommandLine", "copied %1: %2 rows"), table, f"{rows:,}"), file=sys.stderr, flush=True)
