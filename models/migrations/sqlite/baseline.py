"""Schema 0024 on a new SQLite file, made in one step: the starting point of every new file.

Replaying migrations 0001-0024 on an empty file converts layouts no new file ever had, and each of
their ALTER TABLEs makes SQLite read and check the whole schema again (a quarter of a second, at
every first start and in every test that makes a new file). A new file instead gets the schema and
the rows those migrations leave (FTS5's own tables with the state the migrations left in them),
recorded in ``baseline_0024.json`` beside this file, in one transaction, and the migrations through
``THROUGH`` recorded as applied, as Django's squashed migrations and the server's baseline
(../postgresql/baseline.py) do. Every migration after ``THROUGH`` runs on it as on any file. Each
new file still gets its own identity (``database_id``, which migration 0008 draws).

The JSON is what ``snapshot`` reads from a file migrated through ``THROUGH``
(``uv run python tests/fixtures/make_baseline.py`` wrote it); a test migrates an empty file the long
way and holds it equal to a new one, table by table and row by row. Frozen like every migration:
never edit it once released; a later baseline is a new pair of files.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

THROUGH = "0024_lighter_tally_triggers"
SNAPSHOT = Path(__file__).with_name("baseline_0024.json")
HISTORY_TABLE = "schema_migration"
# The tables FTS5 makes for each of its virtual tables: they come with the virtual table.
FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
# What is created first: tables before the indexes on them, views, then triggers (which may name views).
CREATION_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


def create(database: Any) -> list[str]:
    """Give the empty file behind ``database`` (a peewee database, connected) the schema through
    ``THROUGH``, in one transaction; the migrations recorded as applied, in order."""
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    applied_at = dt.datetime.now()
    with database.atomic():
        for statement in recorded["schema"]:
            database.execute_sql(statement)
        for table, content in recorded["rows"].items():
            if table in recorded["made_with_virtual_tables"]:
                database.execute_sql(f'DELETE FROM "{table}"')  # FTS5's state as the migrations left it
            columns = ", ".join(f'"{name}"' for name in content["columns"])
            marks = ", ".join("?" * len(content["columns"]))
            database.cursor().executemany(
                f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
                [tuple(_from_json(value) for value in row) for row in content["rows"]],
            )
        database.execute_sql(
            "INSERT INTO setting (key, value) VALUES ('database_id', ?)", (json.dumps(uuid.uuid4().hex),)
        )
        database.cursor().executemany(
            f'INSERT INTO "{HISTORY_TABLE}" (name, applied) VALUES (?, ?)',
            [(name, applied_at) for name in recorded["migrations"]],
        )
    return list(recorded["migrations"])


def snapshot(connection: sqlite3.Connection) -> dict[str, Any]:
    """What a file holds as the baseline records it: its schema's statements in an order that can
    create it, the rows of its tables (its own identity and the times of its migrations left out),
    and the migrations applied, in order."""
    entries = connection.execute(
        "SELECT rowid, type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    virtual = [name for _, kind, name, sql in entries if kind == "table" and sql.startswith("CREATE VIRTUAL TABLE")]
    made_with_them = {name + suffix for name in virtual for suffix in FTS5_SHADOWS}
    kept = [entry for entry in entries if entry[2] not in made_with_them and not entry[2].startswith("sqlite_")]
    kept.sort(key=lambda entry: (CREATION_ORDER[entry[1]], entry[0]))
    rows: dict[str, dict[str, list[Any]]] = {}
    shadows = [entry for entry in entries if entry[2] in made_with_them]
    for _, kind, table, sql in kept + shadows:
        if kind != "table" or table in virtual or table == HISTORY_TABLE:
            continue
        columns = [column[1] for column in connection.execute(f'PRAGMA table_info("{table}")')]
        without_rowid = sql.rstrip().upper().endswith("WITHOUT ROWID")
        order = ", ".join(str(n + 1) for n in range(len(columns))) if without_rowid else "rowid"
        found = [
            list(row)
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
            if not (table == "setting" and row[columns.index("key")] == "database_id")
        ]
        if found:
            rows[table] = {"columns": columns, "rows": [[_to_json(value) for value in row] for row in found]}
    migrations = [name for (name,) in connection.execute(f'SELECT name FROM "{HISTORY_TABLE}" ORDER BY id')]
    return {
        "through": migrations[-1],
        "schema": [entry[3] for entry in kept],
        "rows": rows,
        "made_with_virtual_tables": sorted(entry[2] for entry in shadows),
        "migrations": migrations,
    }


def _to_json(value: Any) -> Any:
    """Bytes (FTS5's state) as ``{"hex": …}``; every other value of a SQLite row is JSON already."""
    return {"hex": value.hex()} if isinstance(value, bytes) else value


def _from_json(value: Any) -> Any:
    return bytes.fromhex(value["hex"]) if isinstance(value, dict) else value
