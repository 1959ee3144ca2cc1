"""Demo data on a PostgreSQL server (``main.py --db postgresql://… demo``, the set-up dialog's demo there).

The demo's bulk writer speaks SQLite (its pragmas, the file's own search index and day tallies), so it writes
a temporary SQLite file, from the same seed and plan as on a desk's file; ``models.copy`` (the path of
``main.py copy --to``: COPY, the guards at rest, the sequences moved on, the chains compared, verify) then
moves the file into the server's database in one transaction. What the server's database held (a set-up's
catalogues, settings and accounts) goes into the file first, so the demo builds on it as on a file; a database
that holds cases already is refused (on a file the demo would add to them: a server's gets them from a file
of its own). The temporary file is removed whatever happens; a failure leaves the server's database as it was.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from models.base import db
from models.copy import CopyReport, HeldRows, copy_into, read_held_rows
from models.errors import QT_TRANSLATE_NOOP, DemoOnServerError, DomainError
from models.postgresql import PostgresqlDatabase

Accounts = TypeVar("Accounts")

log = logging.getLogger("complaint_desk.demo")

TEMPORARY_PREFIX = "complaint-desk-demo-"
FILE_NAME = "demo.db"


def generate_on_server(
    server: PostgresqlDatabase, write: Callable[[], Accounts], copying: Callable[[str, int], None] | None
) -> Accounts:
    """``generate_demo`` for the server's database the models are bound to (see the module's text): ``write()``
    writes the demo into the open file (``generate_demo`` on it) and gives its accounts; ``copying(table,
    rows)`` hears of each table copied to the server."""
    from models.database import open_database

    if server.execute_sql("SELECT EXISTS (SELECT 1 FROM complaint)").fetchone()[0]:  # before reading it all
        raise DemoOnServerError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{where} holds cases already: demo data goes into a new database on a server. Create an empty "
                "database and load the demo into it.",
            ),
            where=server.shown(),
        )
    held = read_held_rows(server)
    folder = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX))
    try:
        file = open_database(str(folder / FILE_NAME))  # the models are bound to the file until the end
        try:
            _take_held_rows(file, held)
            accounts = write()
            report = copy_into(server, copying, held=held)
        finally:
            file.close()
    finally:
        db.initialize(server)
        shutil.rmtree(folder, ignore_errors=True)
    _refuse_unsound(report)
    return accounts


def _take_held_rows(file: object, held: HeldRows) -> None:
    """The server's rows into the new file, in place of the file's own in those tables (a new file's settings:
    the server's identity is kept, so the archive's anchors are the server database's)."""
    from models.schema import ALL_MODELS

    models = {model._meta.table_name: model for model in ALL_MODELS}
    unknown = sorted(set(held.rows) - set(models))
    if unknown:  # only the application's own tables are moved this way
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "The server's database holds rows the demo cannot keep: {tables}."),
            tables=", ".join(unknown),
        )
    with db.atomic():
        db.execute_sql("PRAGMA defer_foreign_keys = ON")
        for table in reversed(list(held.rows)):
            db.execute_sql(f'DELETE FROM "{table}"')
        for table, rows in held.rows.items():
            model = models[table]
            fields = [model._meta.columns[name] for name in held.columns[table]]
            for start in range(0, len(rows), 200):
                model.insert_many(rows[start : start + 200], fields=fields).execute()


def _refuse_unsound(report: CopyReport) -> None:
    """A copy whose chains differ from the file's, or that verify finds fault with, is a defect: said in words
    (the copy stays: it is what the file held)."""
    if report.identical and not report.problems:
        return
    log.error("demo copied to %s is not sound: %s", report.target, report.problems or "the chains differ")
    raise DomainError(
        QT_TRANSLATE_NOOP(
            "DomainError", "The demo data copied to {where} did not pass the checks: {problems}"
        ),
        where=report.target,
        problems="; ".join(map(str, report.problems)) or "the archive's chains differ from the file's",
    )
