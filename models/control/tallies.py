"""How many complaints each group had on each day (migration 0017), kept up to date by a catch-up pass.

``catch_up`` reads the complaints received since the last pass (ids above a high-water mark) and the changes
that two triggers queued for complaints already tallied (a receipt edited, the department found at the
investigation), and adds them to the tallies: a new complaint costs its own few rows, never a rescan of the
year. Built in chunks of ``CHUNK`` complaints, each in its own short transaction, so other desks keep saving
while a large database is tallied for the first time (or again after the phrase rules changed).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from itertools import repeat
from typing import Any

from peewee import CharField, CompositeKey, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.base import BaseModel, db, is_postgresql
from models.control.phrases import RULES as PHRASE_RULES
from models.control.phrases import phrases
from models.postgresql import WRITER_LOCK

CHUNK = 20_000
# What built a set of tallies (the phrase rules and the groups a complaint joins): kept with them, and the
# tallies are built again when it changes.
RULES = f"{PHRASE_RULES}/groups-1"
SCOPE_MAX = 64
VALUE_MAX = 128


class GroupKind(StrEnum):
    """What the complaints of a group share. The combinations pair a place with what went wrong there: a
    cause lives at a place (one kitchen, one floor), so "头发" at 中餐厅 rises while 菜品质量 and "头发" across
    the house stay usual. Phrases are read within a category as well (头发 in a dish and 头发 on a pillow are
    different problems). Staff and departments are not combined: they are specific already, and pairs of them
    would be too sparse to judge."""

    CATEGORY = "category"
    LOCATION = "location"
    DEPARTMENT = "department"
    STAFF = "staff"
    CATEGORY_LOCATION = "category_location"  # scope: location, value: category id
    PHRASE_CATEGORY = "phrase_category"  # scope: category id, value: phrase
    PHRASE_LOCATION = "phrase_location"  # scope: location, value: phrase


Key = tuple[str, str, str]  # (kind, scope, value)


class HotspotGroup(BaseModel):
    kind = CharField(max_length=32)
    scope = CharField(max_length=128)
    value = CharField(max_length=128)

    class Meta:
        indexes = ((("kind", "scope", "value"), True),)


class HotspotTally(BaseModel):
    group = ForeignKeyField(HotspotGroup, on_delete="CASCADE", index=False)
    day = IntegerField()  # date.toordinal()
    n = IntegerField()

    class Meta:
        primary_key = CompositeKey("group", "day")
        without_rowid = True
        indexes = ((("day", "group", "n"), False),)


class HotspotState(BaseModel):
    through = IntegerField(default=0)  # every complaint with an id up to this one is tallied
    rules = CharField(max_length=64, default="")  # RULES of the tallies (empty: none yet)


class HotspotChange(BaseModel):
    """A tallied complaint's values before (sign -1) or after (sign +1) a change, queued by 0017's triggers."""

    complaint_id = IntegerField()
    sign = IntegerField()
    received_at = DateTimeField(null=True)
    category_id = IntegerField(null=True)
    location = CharField(max_length=64, null=True)
    department_id = IntegerField(null=True)
    staff_involved = CharField(max_length=128, null=True)
    narrative = TextField(null=True)


COLUMNS = ("received_at", "category_id", "location", "department_id", "staff_involved", "narrative")
_COLUMNS = ", ".join(COLUMNS)
Row = tuple[object, object, object, object, object, object]


def group_keys(
    category_id: object, location: object, department_id: object, staff: object, narrative: object
) -> list[Key]:
    """The groups a complaint with these values belongs to."""
    keys: list[Key] = []
    category = str(category_id) if category_id is not None else ""
    place = str(location or "").strip()[:SCOPE_MAX]
    if category:
        keys.append((GroupKind.CATEGORY, "", category))
    if place:
        keys.append((GroupKind.LOCATION, "", place))
        if category:
            keys.append((GroupKind.CATEGORY_LOCATION, place, category))
    if department_id is not None:
        keys.append((GroupKind.DEPARTMENT, "", str(department_id)))
    person = str(staff or "").strip()[:VALUE_MAX]
    if person:
        keys.append((GroupKind.STAFF, "", person))
    for phrase in phrases(str(narrative or "")):
        if len(phrase) > VALUE_MAX or (place and phrase in place):
            continue  # the place named in the text (芙蓉 at 三楼包间“芙蓉厅”) is where, not what
        if category:
            keys.append((GroupKind.PHRASE_CATEGORY, category, phrase))
        if place:
            keys.append((GroupKind.PHRASE_LOCATION, place, phrase))
    return keys


def day_number(received_at: object) -> int:
    """The tallies' day of a stored ``received_at`` (text as peewee stores it, or a datetime)."""
    if isinstance(received_at, dt.datetime):
        return received_at.date().toordinal()
    return _day_of_text(str(received_at)[:10])


_DAYS: dict[str, int] = {}


def _day_of_text(text: str) -> int:
    day = _DAYS.get(text)
    if day is None:
        day = _DAYS[text] = dt.date.fromisoformat(text).toordinal()
    return day


def catch_up(limit: int | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Bring the tallies up to date: queued changes, then the complaints received since the last pass,
    ``CHUNK`` at a time, each chunk in its own transaction. ``limit`` bounds the new complaints read in this
    call (the desk's quick pass after a step); ``progress(done, total)`` follows a long first build. The number
    of complaints tallied."""
    done = 0
    total: int | None = None
    known: dict[Key, int] = {}  # group ids met in this pass
    while True:
        with db.atomic():
            _take_turn()
            state = _state()
            if total is None:
                (last,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM complaint").fetchone()
                total = max(0, int(last) - state.through)
            deltas: Counter[tuple[Key, int]] = Counter()
            _apply_queue(deltas, state.through)
            size = CHUNK if limit is None else min(CHUNK, limit - done)
            rows = []
            if size > 0:
                rows = db.execute_sql(
                    f"SELECT id, {_COLUMNS} FROM complaint WHERE id > ? ORDER BY id LIMIT ?", (state.through, size)
                ).fetchall()
            for row in rows:
                _count(deltas, row[1:], 1)
            _write(deltas, known)
            if rows:
                HotspotState.update(through=rows[-1][0]).where(HotspotState.id == state.id).execute()
        done += len(rows)
        if progress is not None and rows:
            progress(done, total)
        if len(rows) < size or not rows or (limit is not None and done >= limit):
            return done


def _take_turn() -> None:
    """On a server, wait for this desk's turn to write (``models.postgresql.WRITER_LOCK``) even when the
    caller's transaction only reads (the analysis', whose ``db.atomic()`` inside is a savepoint that takes no
    turn): two desks catching up at once would count the same complaints twice. SQLite's reading transaction
    takes its write lock at the first write all the same."""
    if is_postgresql():
        db.execute_sql("SELECT pg_advisory_xact_lock(?)", (WRITER_LOCK,))


def add_written(rows: Iterable[Row], first: int, last: int, known: dict[Key, int]) -> bool:
    """Inside the transaction that writes the complaints with ids ``first`` to ``last`` (the newest, written in
    bulk: the demo), tally them from the values written (``rows``: COLUMNS' values, as ``catch_up`` reads them)
    when every complaint before them is tallied: no reading back. False when not (tallies behind, or made by
    other rules): then ``catch_up`` counts them, as any new complaint. ``known``: group ids met by earlier calls
    (kept by the caller: one bulk load)."""
    if not db.in_transaction():
        raise RuntimeError("tallies are added in the transaction that writes their complaints")
    state = _state()
    if state.through != first - 1:
        return False
    deltas = counted(rows)
    missing = [key for key in dict.fromkeys(key for key, _ in deltas) if key not in known]
    if missing:
        known.update(_new_group_ids(missing) if not is_postgresql() else group_ids(missing))
    # In the order of the table's key: each row lands beside the last one (a bulk load adds tens of thousands).
    executemany(
        "INSERT INTO hotspot_tally (group_id, day, n) VALUES (?, ?, ?) "
        "ON CONFLICT (group_id, day) DO UPDATE SET n = hotspot_tally.n + excluded.n",
        sorted([(known[key], day, n) for (key, day), n in deltas.items()]),
    )
    HotspotState.update(through=last).where(HotspotState.id == state.id).execute()
    return True


def counted(rows: Iterable[Row]) -> Counter[tuple[Key, int]]:
    """What complaints with these values (COLUMNS' values) add to the tallies, as ``_count`` counts them one by one
    (each complaint's groups counted at once: a Counter counts an iterable in C)."""
    deltas: Counter[tuple[Key, int]] = Counter()
    count = deltas.update
    for received_at, category_id, location, department_id, staff, narrative in rows:
        if received_at is not None:
            keys = group_keys(category_id, location, department_id, staff, narrative)
            count(zip(keys, repeat(day_number(received_at))))
    return deltas


def _new_group_ids(keys: list[Key]) -> dict[Key, int]:
    """``group_ids`` on SQLite inside the write transaction of a bulk load: the groups not there yet added by one
    statement, numbered after the last as SQLite would number them (no other writer meanwhile)."""
    ids = group_ids(keys, create=False)
    new = [key for key in keys if key not in ids]
    if new:
        (top,) = db.connection().execute("SELECT coalesce(max(id), 0) FROM hotspot_group").fetchone()
        numbered = [(top + place, *key) for place, key in enumerate(new, start=1)]
        db.connection().executemany("INSERT INTO hotspot_group (id, kind, scope, value) VALUES (?, ?, ?, ?)", numbered)
        ids.update(zip(new, range(top + 1, top + 1 + len(new)), strict=True))
    return ids


def _state() -> HotspotState:
    """The state row, the tallies emptied first when they were made by other phrase rules (or never)."""
    state: HotspotState | None = HotspotState.get_or_none(HotspotState.id == 1)
    if state is None:
        state = HotspotState.create(id=1, through=0, rules=RULES)
        return state
    if state.rules != RULES:
        db.execute_sql("DELETE FROM hotspot_tally")
        db.execute_sql("DELETE FROM hotspot_change")
        HotspotState.update(through=0, rules=RULES).where(HotspotState.id == 1).execute()
        state.through, state.rules = 0, RULES
    return state


def _apply_queue(deltas: Counter[tuple[Key, int]], through: int) -> None:
    queued = db.execute_sql(f"SELECT id, complaint_id, sign, {_COLUMNS} FROM hotspot_change ORDER BY id").fetchall()
    if not queued:
        return
    for _, complaint_id, sign, *values in queued:
        if complaint_id <= through:
            _count(deltas, values, sign)
    db.execute_sql("DELETE FROM hotspot_change WHERE id <= ?", (queued[-1][0],))


def _count(deltas: Counter[tuple[Key, int]], values: Sequence[object], sign: int) -> None:
    received_at, category_id, location, department_id, staff, narrative = values
    if received_at is None:
        return
    day = day_number(received_at)
    for key in group_keys(category_id, location, department_id, staff, narrative):
        deltas[(key, day)] += sign


def _write(deltas: Counter[tuple[Key, int]], known: dict[Key, int]) -> None:
    changed = [(key, day, n) for (key, day), n in deltas.items() if n]
    if not changed:
        return
    missing = {key for key, _, _ in changed if key not in known}
    if missing:
        known.update(group_ids(missing))
    executemany(
        "INSERT INTO hotspot_tally (group_id, day, n) VALUES (?, ?, ?) "
        "ON CONFLICT (group_id, day) DO UPDATE SET n = hotspot_tally.n + excluded.n",
        [(known[key], day, n) for key, day, n in changed],
    )
    lowered = [(known[key], day) for key, day, n in changed if n < 0]
    if lowered:
        executemany("DELETE FROM hotspot_tally WHERE group_id = ? AND day = ? AND n <= 0", lowered)


def executemany(sql: str, rows: list[tuple[Any, ...]]) -> None:
    """One statement for many rows, straight through the driver: SQLite's connection as it is, psycopg's
    cursor with the placeholders rewritten (``models.postgresql.portable_sql``) and its errors as peewee's."""
    if not is_postgresql():
        db.connection().executemany(sql, rows)
        return
    db.obj.execute_many(sql, rows)


def executor() -> Callable[..., Any]:
    """The cheapest way to run one statement of SQLite's SQL text: the connection's own on SQLite, the
    database's (which rewrites the placeholders) on a server."""
    execute: Callable[..., Any] = db.execute_sql if is_postgresql() else db.connection().execute
    return execute


def group_ids(keys: Iterable[Key], create: bool = True) -> dict[Key, int]:
    """The ids of these groups; new ones are added (unless ``create`` is false: then they are left out)."""
    wanted = list(keys)
    ids: dict[Key, int] = {}
    execute = executor()
    for start in range(0, len(wanted), 300):
        part = wanted[start : start + 300]
        values = ", ".join(["(?, ?, ?)"] * len(part))
        rows = execute(
            f"SELECT g.id, g.kind, g.scope, g.value FROM (VALUES {values}) AS k "
            "JOIN hotspot_group g ON g.kind = k.column1 AND g.scope = k.column2 AND g.value = k.column3",
            [item for key in part for item in key],
        ).fetchall()
        for group_id, kind, scope, value in rows:
            ids[(kind, scope, value)] = group_id
    if create:
        for key in wanted:
            if key not in ids:
                cursor = execute("INSERT INTO hotspot_group (kind, scope, value) VALUES (?, ?, ?) RETURNING id", key)
                ids[key] = int(cursor.fetchone()[0])
    return ids
