"""Moving a desk's SQLite file to a PostgreSQL server (``main.py copy --to postgresql://…``, issue 16).

Every table of the file is copied row for row, ids included, into an empty database on the server
that the application has just migrated (the schemas are the same): the archive and its chain, the
seal dictionaries, the audit trail, attachments and signatures, the settings with the database's
identity (the anchor log outside the database is kept by it, so verify on the server compares the
copy with the anchors the desk wrote). The copy is one transaction: a failure leaves the server's
database as empty as it was. The guards (triggers) rest while the rows go in, in the order their
foreign keys need; the sequences then continue after the copied ids. Last, the archive's and the
audit trail's digests are read on both sides, and verify checks the copy on the server.

What each backend keeps in its own form (the search index, the analysis' day tallies) is not copied:
the server fills its own from the copied rows, in the same transaction.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from peewee import Database

from models.base import db, is_postgresql
from models.database import HISTORY_TABLE, migrate
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.permissions import Action, require
from models.portable import connection as raw_connection
from models.portable import snapshot
from models.postgresql import PostgresqlDatabase, is_postgresql_url
from models.postgresql import connect as connect_server
from models.staff import Staff

if TYPE_CHECKING:
    from models.verify import ArchiveProblem, Said

log = logging.getLogger("complaint_desk.copy")

# Not copied: the migration history (the server's own records the same migrations), and what each backend
# keeps in its own form, built on the server after the rows: the search index
# (models/migrations/postgresql/search.py) and the analysis' day tallies (migration 0022's fill).
SEARCH_TABLES = frozenset(
    {"complaint_search", "complaint_grams", "complaint_number_grams", "search_kept_text", "search_position"}
)
# (analysis_tally_selected: the SQLite triggers' scratch list of the complaints a statement touches, 0024.)
NOT_COPIED = frozenset({HISTORY_TABLE, "analysis_tally", "analysis_tally_state", "analysis_tally_selected"})
NOT_COPIED |= SEARCH_TABLES


def _not_copied(table: str) -> bool:
    """One of NOT_COPIED, or a table FTS5 keeps for one of the search index's (complaint_grams_data, …): the
    search index, which the server builds in its own form; named to the administrator, they read as missing."""
    return table in NOT_COPIED or any(table.startswith(f"{search}_") for search in SEARCH_TABLES)


# Rows a new server database starts with (baseline.py), replaced by the file's.
REPLACED = frozenset({"setting", "hotspot_state", "external_channel"})


@dataclass(frozen=True)
class Digests:
    """The chains of one side: how many seals and events, the last seal's digest, and one SHA-256 over
    every seal's digest and one over every event's, in id order."""

    seals: int
    head: str
    seal_digests: str
    events: int
    event_digests: str


@dataclass
class CopyReport:
    target: str
    rows: dict[str, int] = field(default_factory=dict)  # by table
    skipped: list[str] = field(default_factory=list)  # the file's tables a server does not keep
    source: Digests | None = None
    copied: Digests | None = None
    problems: list[ArchiveProblem] = field(default_factory=list)  # verify's, on the server
    notes: list[Said] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return self.source is not None and self.source == self.copied


def copy_to_server(actor: Staff, target_url: str, progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy the models' database (a SQLite file at the current schema) into the empty PostgreSQL database
    ``target_url``, then verify the copy there. An administrator's work. ``progress(table, rows)`` hears
    of each table copied. The models stay bound to the file."""
    require(actor, Action.COPY_TO_SERVER)
    if not is_postgresql_url(target_url):
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "{url} is not a PostgreSQL database address: write postgresql://USER@HOST[:PORT]/NAME."
            ),
            url=target_url,
        )
    if is_postgresql(db.obj):
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "Only a SQLite file can be copied to a server."))
    target = connect_server(target_url)
    try:
        return copy_into(target, progress)
    finally:
        target.close()


def copy_into(
    target: PostgresqlDatabase,
    progress: Callable[[str, int], None] | None = None,
    held: HeldRows | None = None,
) -> CopyReport:
    """Copy the models' database (a SQLite file at the current schema) into the server's database ``target``
    in one transaction, then verify the copy there; the models stay bound to the file. ``target`` must be
    empty, or hold exactly ``held`` (rows read from it beforehand, which the file holds too: they are
    replaced by the file's), else nothing is copied."""
    source = db.obj
    report = CopyReport(target.shown())
    if held is None:
        _refuse_unless_empty(target)
    migrate(target)
    if held is None:
        _refuse_unless_empty(target)
    with snapshot(source):
        report.source = chain_digests(source)
        with target.atomic():
            replaced = set(REPLACED)
            if held is not None:
                if read_held_rows(target) != held:
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "DomainError",
                            "Another desk wrote into {where} meanwhile: nothing was copied. Try again.",
                        ),
                        where=target.shown(),
                    )
                replaced |= set(held.rows)
            _copy_rows(source, target, report, progress, replaced)
    # The planner's statistics of the new rows now, as after pg_restore, rather than when autovacuum comes by:
    # the first searches and saves on the server would otherwise be planned for empty tables.
    target.execute_sql("ANALYZE")
    report.copied = chain_digests(target)
    db.initialize(target)
    try:
        from models.verify import verify_report  # loads the checks only when there is something to check

        verified = verify_report()
    finally:
        db.initialize(source)
    report.problems = list(verified.problems)
    report.notes = list(verified.notes)
    return report


@dataclass(frozen=True)
class HeldRows:
    """What a server's database holds, table by table (only tables with rows; the columns in the order
    ``columns`` names them), read in one snapshot: for a database that holds little (a set-up's catalogues,
    settings and accounts), moved into a file and back."""

    rows: dict[str, list[tuple[Any, ...]]]
    columns: dict[str, list[str]]


def read_held_rows(target: PostgresqlDatabase) -> HeldRows:
    """Every row of the copied tables of ``target``, in key order (for a database that holds little)."""
    columns = _server_columns(target)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    names: dict[str, list[str]] = {}
    with snapshot(target):
        for table in _parents_first(target, sorted(columns)):
            if table in NOT_COPIED:
                continue
            own = list(columns[table])
            quoted = ", ".join(f'"{name}"' for name in own)
            order = ", ".join(str(i + 1) for i in range(len(own)))
            found = [tuple(row) for row in target.execute_sql(f'SELECT {quoted} FROM "{table}" ORDER BY {order}')]
            if found:
                rows[table], names[table] = found, own
    return HeldRows(rows, names)


def _refuse_unless_empty(target: PostgresqlDatabase) -> None:
    tables = set(target.get_tables())
    if tables and HISTORY_TABLE not in tables:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "{where} holds other tables than Complaint Desk's: copy into an empty database."
            ),
            where=target.shown(),
        )
    filled = [
        table
        for table in sorted(tables - NOT_COPIED - REPLACED)
        if target.execute_sql(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]
    ]
    if filled:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{where} is not empty (it holds rows in {tables}): a desk's file is copied into an empty "
                "database only. Create a new database on the server and copy into it.",
            ),
            where=target.shown(),
            tables=", ".join(filled[:5]) + (", …" if len(filled) > 5 else ""),
        )


def _copy_rows(
    source: Database,
    target: PostgresqlDatabase,
    report: CopyReport,
    progress: Callable[[str, int], None] | None,
    replaced: set[str],
) -> None:
    """Inside the server's transaction: every table's rows, parents first, with the guards at rest."""
    read = raw_connection(source).execute
    server = target.connection()
    columns = _server_columns(target)
    source_tables = [
        name
        for (name,) in read(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    report.skipped = [t for t in source_tables if t not in columns and not _not_copied(t)]
    tables = [t for t in _parents_first(target, list(columns)) if t in source_tables and t not in NOT_COPIED]
    for table in tables:
        target.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
    for table in reversed(tables):  # children before their parents (the foreign keys stay on)
        if table in replaced:
            target.execute_sql(f'DELETE FROM "{table}"')
    for table in tables:
        own = [name for (_, name, *_) in read(f'PRAGMA table_info("{table}")')]
        shared = [name for name in own if name in columns[table]]
        binary = [columns[table][name] == "bytea" for name in shared]
        names = ", ".join(f'"{name}"' for name in shared)
        count = 0
        with server.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in read(f'SELECT {names} FROM "{table}"'):
                copy.write_row(_row_for_server(row, binary))
                count += 1
        report.rows[table] = count
        if progress is not None:
            progress(table, count)
    target.execute_sql("SELECT complaint_search_fill(0)")  # the search index of every copied complaint
    target.execute_sql("SELECT analysis_tally_fill()")  # the analysis' day tallies (migration 0022), made live
    for table in tables:
        target.execute_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        if "id" in columns[table]:
            (sequence,) = target.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')", (f'"{table}"',)).fetchone()
            if sequence:
                target.execute_sql(
                    f'SELECT setval(%s, coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)', (sequence,)
                )


def _row_for_server(row: tuple[Any, ...], binary: list[bool]) -> tuple[Any, ...]:
    """A text kept in a binary column (an old seal's payload: its plain form, models/seal_store.py) as
    its UTF-8 bytes: COPY would read the text as bytea's escapes."""
    if not any(binary):
        return row
    return tuple(
        value.encode("utf-8") if is_bytes and isinstance(value, str) else value
        for value, is_bytes in zip(row, binary, strict=True)
    )


def _server_columns(target: PostgresqlDatabase) -> dict[str, dict[str, str]]:
    """The server's tables (not views), each with its columns and their types."""
    rows = target.execute_sql(
        "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
        "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.ordinal_position"
    ).fetchall()
    columns: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        columns.setdefault(table, {})[column] = data_type
    return columns


def _parents_first(target: PostgresqlDatabase, tables: list[str]) -> list[str]:
    """The tables in an order where each comes after the tables its foreign keys name."""
    parents: dict[str, set[str]] = {table: set() for table in tables}
    rows = target.execute_sql(
        "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
        "JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE k.contype = 'f' AND n.nspname = current_schema()"
    ).fetchall()
    for child, parent in rows:
        if child in parents and parent in parents and child != parent:
            parents[child].add(parent)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = sorted(t for t in tables if t not in placed and parents[t] <= placed)
        if not ready:  # a circle of foreign keys: the rest in name order (none in this schema)
            ready = sorted(t for t in tables if t not in placed)
        ordered.extend(ready)
        placed.update(ready)
    return ordered


def chain_digests(database: Database) -> Digests:
    """The archive's and the audit trail's chains as ``database`` holds them."""
    read = raw_connection(database).execute
    seals, head, seal_digests = _digests(read("SELECT digest FROM archive_seal ORDER BY id"))
    events, _, event_digests = _digests(read("SELECT digest FROM audit_event ORDER BY id"))
    return Digests(seals, head, seal_digests, events, event_digests)


def _digests(rows: Any) -> tuple[int, str, str]:
    every = hashlib.sha256()
    count, last = 0, b""
    for (digest,) in rows:
        last = bytes(digest) if isinstance(digest, (bytes, memoryview)) else str(digest).encode()
        every.update(last)
        count += 1
    return count, last.hex() if len(last) == 32 else last.decode(errors="replace"), every.hexdigest()
