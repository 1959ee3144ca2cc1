"""0024: the analysis' tally triggers written once, not twenty times (issue 11: speed).

SQLite reads the whole schema anew on each connection's first statement. 0021's twenty triggers each held the
whole query of what a complaint adds to the analysis (its ``contributions``, 4.6 kB of SQL with three
materialised sub-queries): two thirds of that reading, 3.4 of 5.2 ms, on every connection the application
opens (its start, each piece of background work, verify's workers, every test's database).

The query is now a view, ``analysis_tally_contribution``, of the contributions of the complaints listed in
``analysis_tally_selected`` (empty between statements); each trigger lists the complaints it touches there,
selected as 0021's trigger selected them, adds or takes off what the view gives, and empties the list. The
same rows change as before, in the same statement; the trigger names, events and conditions are 0021's
(``TRIGGER_NAMES``, the ``live`` switch of the bulk load). A later migration that rebuilds ``complaint``,
``proposal``, ``compensation_line`` or ``remedy`` drops the view with the triggers and creates both again.

On a PostgreSQL server this migration does nothing (0022's functions hold the query once already).

Frozen like every migration: never edit it once released.
"""

import importlib.util
from pathlib import Path

import peewee

VIEW = "analysis_tally_contribution"
SELECTED = "analysis_tally_selected"


def _0021():
    """Migration 0021 as released: its selections, its contributions query and its trigger names."""
    spec = importlib.util.spec_from_file_location(
        "migration_0021_for_0024", Path(__file__).with_name("0021_analysis_tallies.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def apply(selection, sign):
    """A trigger's body: the complaints passing ``selection`` listed, their contributions added (sign 1) or taken
    off (sign -1) as the view gives them, the list emptied."""
    return (
        f"INSERT OR IGNORE INTO {SELECTED} (id) SELECT c.id FROM complaint c WHERE {selection}; "
        f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) SELECT day, part, key, {sign} * n, "
        f"{sign} * lines, {sign} * fen FROM {VIEW} WHERE true "
        "ON CONFLICT (part, day, key) DO UPDATE SET n = n + excluded.n, lines = lines + excluded.lines, "
        f"fen = fen + excluded.fen; DELETE FROM {SELECTED};"
    )


def triggers():
    """0021's triggers (names, events, conditions, selections) with the body above: 0021's ``_both`` builds each
    pair with its module's ``apply``, given this one while they are made."""
    m0021 = _0021()
    m0021.apply = apply
    return m0021.triggers()


def _on_server(db):
    return isinstance(db, peewee.PostgresqlDatabase)


def _tally_triggers(db, statements):
    """0021's tally triggers dropped (whichever form they have) and made again by ``statements``."""
    for name in _0021().TRIGGER_NAMES:
        db.execute_sql(f"DROP TRIGGER {name}")
    for statement in statements:
        db.execute_sql(statement)


def up(migrator, db):
    if _on_server(db):
        return
    db.execute_sql(f"CREATE TABLE {SELECTED} (id INTEGER NOT NULL PRIMARY KEY)")
    db.execute_sql(f"CREATE VIEW {VIEW} AS {_0021().contributions(f'c.id IN (SELECT id FROM {SELECTED})')}")
    _tally_triggers(db, triggers())


def down(migrator, db):
    if _on_server(db):
        return
    _tally_triggers(db, _0021().triggers())  # first: the triggers name the view
    db.execute_sql(f"DROP VIEW {VIEW}")
    db.execute_sql(f"DROP TABLE {SELECTED}")
