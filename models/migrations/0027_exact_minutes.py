"""0027: the analysis' whole minutes counted exactly on a SQLite file, and its tallies counted again.

0021 counted the minutes between two times (the first response, closing, the office's decision) as
``CAST((julianday(later) - julianday(earlier)) * 1440 AS INTEGER)``. julianday() is a floating-point number of
days, so a difference of exactly 648 minutes came out as 647.99999… and was cut to 647: about two in five
whole-minute waits were a minute short on a file, and a PostgreSQL server (0022: seconds from the epoch) said
648. The minutes are now taken from the difference in whole milliseconds (the precision SQLite keeps a time in):
``CAST(round((julianday(later) - julianday(earlier)) * 86400000) AS INTEGER) / 60000``, rounded toward zero as
the server rounds.

0024's view ``analysis_tally_contribution`` is made again with it (its triggers name it and stay), and the
tallies are counted again from the complaints, as 0021 first counted them: a tally kept under a minute short
could not be taken off by the new view. A file whose tallies a demo load suspended (``live`` 0) is left for the
rebuild at its next open, which counts with today's SQL.

On a PostgreSQL server this migration does nothing: its minutes were exact.

Frozen like every migration: never edit it once released.
"""

import importlib.util
from pathlib import Path

import peewee

VIEW = "analysis_tally_contribution"
SELECTED = "analysis_tally_selected"


def exact_minutes(later, earlier):
    """Whole minutes from ``earlier`` to ``later``, rounded toward zero; NULL when either is NULL."""
    return f"(CAST(round((julianday({later}) - julianday({earlier})) * 86400000) AS INTEGER) / 60000)"


def _0021(minutes):
    """Migration 0021 as released, counting minutes with ``minutes``."""
    spec = importlib.util.spec_from_file_location(
        "migration_0021_for_0027", Path(__file__).with_name("0021_analysis_tallies.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if minutes is not None:
        module._minutes = minutes
    return module


def _made_with(db, minutes):
    """The view made with ``minutes`` (None: 0021's own), and the tallies counted with it when they are live."""
    m0021 = _0021(minutes)
    db.execute_sql(f"DROP VIEW {VIEW}")
    db.execute_sql(f"CREATE VIEW {VIEW} AS {m0021.contributions(f'c.id IN (SELECT id FROM {SELECTED})')}")
    (live,) = db.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    if live:
        db.execute_sql("DELETE FROM analysis_tally")
        db.execute_sql(
            f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) {m0021.contributions('1')} ORDER BY 2, 1, 3"
        )


def up(migrator, db):
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    _made_with(db, exact_minutes)


def down(migrator, db):
    if isinstance(db, peewee.PostgresqlDatabase):
        return
    _made_with(db, None)
