"""The database proxy every model is bound to, and the models' base class.

Kept apart from models/database.py (opening, migrating, backing up) so that
modules the opening code itself needs, such as the anchor log, can use the
proxy without an import circle."""
from __future__ import annotations

from peewee import Database, DatabaseProxy, Model, PostgresqlDatabase

db = DatabaseProxy()


def is_postgresql(database: Database | None = None) -> bool:
    """Whether ``database`` (or the models' own) is on a PostgreSQL server rather than a SQLite file:
    where the SQL differs, the two are written side by side and this chooses."""
    target = db.obj if database is None else database
    return isinstance(target, PostgresqlDatabase)


class BaseModel(Model):
    """Base of every table: bound to the proxy, snake_case table names."""

    class Meta:
        database = db
        legacy_table_names = False
