"""The database proxy every model is bound to, and the models' base class.

Kept apart from models/database.py (opening, migrating, backing up) so that
modules the opening code itself needs, such as the anchor log, can use the
proxy without an import circle."""
from __future__ import annotations

from typing import Any

from peewee import OP, Database, DatabaseProxy, Expression, Model, ModelObjectCursorWrapper, PostgresqlDatabase

db = DatabaseProxy()

# The SQL of a get by primary key, per model and database class: peewee builds a query's SQL anew each time,
# and for a get by key that costs ten to twenty times the lookup itself (every column named, quoted and
# aliased). The SQL is peewee's own, built once; the key's parameter comes first, the page's after it.
_BY_KEY: dict[tuple[type[Model], type[Database]], tuple[str, list[Any]]] = {}
_NOT_BY_KEY = object()


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

    @classmethod
    def get(cls, *query: Any, **filters: Any) -> Any:
        """peewee's ``get``; a get by primary key alone (``get_by_id``, ``get(Model.id == n)``,
        ``get_or_none(Model.id == n)``) runs SQL built once for the model."""
        key = cls._key_looked_up(query, filters)
        database = db.obj
        if key is _NOT_BY_KEY or database is None:
            return super().get(*query, **filters)
        primary_key = cls._meta.primary_key
        built = _BY_KEY.get((cls, type(database)))
        if built is None:
            sentinel = -918_273_645 if isinstance(key, int) else "\x00key\x00"
            sql, params = cls.select().where(primary_key == sentinel).paginate(1, 1).sql()
            if params[0] != primary_key.db_value(sentinel):  # not where it is expected: peewee's own way
                return super().get(*query, **filters)
            built = _BY_KEY[(cls, type(database))] = (sql, params[1:])
        sql, page = built
        params = [primary_key.db_value(key), *page]
        rows = ModelObjectCursorWrapper(db.execute_sql(sql, params), cls, list(cls._meta.sorted_fields), cls)
        for row in rows:
            return row
        raise cls.DoesNotExist(f"{cls} instance matching query does not exist:\nSQL: {sql}\nParams: {params}")

    @classmethod
    def _key_looked_up(cls, query: tuple[Any, ...], filters: dict[str, Any]) -> Any:
        """The primary key value ``query`` looks up, and nothing else; else ``_NOT_BY_KEY``."""
        if filters or len(query) != 1:
            return _NOT_BY_KEY
        (term,) = query
        if type(term) is int and cls._meta.auto_increment:
            return term
        if (
            type(term) is Expression
            and term.op == OP.EQ
            and term.lhs is cls._meta.primary_key
            and type(term.rhs) in (int, str)
            and term.lhs._coerce
        ):
            return term.rhs
        return _NOT_BY_KEY
