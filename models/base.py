"""The database proxy every model is bound to, and the models' base class.

Kept apart from models/database.py (opening, migrating, backing up) so that
modules the opening code itself needs, such as the anchor log, can use the
proxy without an import circle."""
from __future__ import annotations

from peewee import DatabaseProxy, Model

db = DatabaseProxy()


class BaseModel(Model):
    """Base of every table: bound to the proxy, snake_case table names."""

    class Meta:
        database = db
        legacy_table_names = False
