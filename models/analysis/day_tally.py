"""The analysis from day tallies (migration 0021 on SQLite, 0022 on a PostgreSQL server): what each complaint adds
to the figures and the cost, summed by the day it was received, kept exact by triggers on every write that moves
a figure (complaints, proposals, compensation lines, remedy kinds; a raw write as well as the application's).
A year's analysis reads a few hundred thousand small rows summed in SQL instead of passing over the year's
complaints ten times.

``read`` gives the same tallies ``models.analysis.tally`` computes from the complaints, so the figures and the
cost come out identical; it applies when the register's filters select nothing but the period (``usable``)
and every complaint was received before ``now`` (the tallies count "came back" up to the last complaint).
``suspend`` stops the triggers for a bulk load; ``rebuild`` fills the tallies again in one pass after it. What
fills them is the migrations' (on SQLite the cases and lines of 0021's SQL, grouped part by part here into the
rows 0021's contributions give; a server's is its function ``analysis_tally_fill()`` from 0022); reading them is
one text for both backends.
"""
from __future__ import annotations

import calendar
import datetime as dt
import importlib.util
import json
import logging
import sqlite3
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, cast

from models.analysis import dialect
from models.analysis.figures import DIMENSIONS, Dimensions, Escalations, Key, durations
from models.analysis.period import Period
from models.analysis.scope import stamp
from models.analysis.tally import KEYS, Row, Tallies
from models.base import db, is_postgresql
from models.search import Filters

log = logging.getLogger("complaint_desk.analysis")

# 0021's SQL (the triggers' contributions, with 0027's exact minutes) is the one ``rebuild`` runs.
MIGRATION = "0021_analysis_tallies"
DIMENSION_PARTS = ("category", "department", "location", "channel", "severity", "manager")
assert len(DIMENSION_PARTS) == len(DIMENSIONS)
SUMMED_PARTS = (  # the parts summed over a period (the cases are read by day)
    *DIMENSION_PARTS, "closing", "response", "manager_day", "manager_fen", "department_cost", "kind", "kind_effect",
    "escalation", "escalated_case",
)


@cache
def _migration() -> Any:
    from models.database import MIGRATIONS_DIR

    spec = importlib.util.spec_from_file_location(MIGRATION, MIGRATIONS_DIR / f"{MIGRATION}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    vars(module)["_minutes"] = dialect.minutes  # counted exactly, as 0027 made the triggers' view count them
    return module


def suspend() -> None:
    """Stop keeping the tallies (a bulk load: the triggers add about a third to the demo's time, and one
    ``rebuild`` afterwards costs less); the analysis reads the complaints until ``rebuild``."""
    db.execute_sql("UPDATE analysis_tally_state SET live = 0 WHERE id = 1")


def rebuild() -> None:
    """Fill the tallies again from the complaints, in one pass, and keep them from then on (the demo suspends
    them while it loads and calls this at the end). On a server, the function migration 0022 made does it."""
    with db.atomic():
        if is_postgresql():
            db.execute_sql("SELECT analysis_tally_fill()")
            return
        db.execute_sql("UPDATE analysis_tally_state SET live = 1 WHERE id = 1")
        _fill()


def _fill(aside: str | None = None) -> None:
    """Inside the transaction: the tallies made again from the complaints (or copied from the rows ``RebuildAside``
    read into the attached database ``aside``), in the order of their key."""
    db.execute_sql("DELETE FROM analysis_tally")
    rows = (
        f"{_all_contributions()} ORDER BY 2, 1, 3" if aside is None else f"SELECT * FROM {aside}.tally ORDER BY rowid"
    )
    db.execute_sql(f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) {rows}")


SCRATCH = "tallies.db"


class RebuildAside:
    """``rebuild`` in two halves, for the end of a bulk load. ``start`` reads the tallies' rows from the complaints as
    they stand, on a connection and a thread of their own, into a scratch file: SQLite lets go of Python's lock while
    it reads, so this connection meanwhile writes what no tally counts (the load's indexes, external cases,
    improvement actions, recoveries) on the other core. ``finish`` puts the rows in, in one transaction, as
    ``rebuild`` would. When another desk committed to the file in between (its complaints may not be in the rows
    read), or the reading failed, ``finish`` rebuilds as usual. On a server, or inside a transaction, ``start`` does
    nothing and ``finish`` rebuilds."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._failed: BaseException | None = None
        self._version = 0
        self._connection: sqlite3.Connection | None = None

    def start(self) -> None:
        if is_postgresql() or db.in_transaction() or self._thread is not None or not Path(db.database).is_file():
            return
        self._version = _data_version()
        self._folder = tempfile.TemporaryDirectory(prefix="complaint-desk-tallies-")
        source = Path(db.database).absolute().as_uri() + "?mode=ro"
        self._thread = threading.Thread(target=self._read, args=(source,), name="analysis-tallies", daemon=True)
        self._thread.start()

    def _read(self, source: str) -> None:
        assert self._folder is not None
        try:
            scratch = Path(self._folder.name, SCRATCH)
            connection = self._connection = sqlite3.connect(
                scratch.as_uri(), uri=True, isolation_level=None, timeout=60, check_same_thread=False
            )
            try:
                connection.execute("ATTACH ? AS desk", (source,))  # the complaints' tables: found there by name
                connection.execute("CREATE TABLE tally (day, part, key, n, lines, fen)")
                connection.execute(f"INSERT INTO tally {_all_contributions()} ORDER BY 2, 1, 3")
            finally:
                connection.close()
        except BaseException as error:  # noqa: BLE001 - finish rebuilds as usual, and says why
            self._failed = error

    def finish(self) -> None:
        if self._thread is None:
            rebuild()
            return
        self._thread.join()
        try:
            if self._failed is not None:
                log.warning("analysis tallies rebuilt as usual: reading them aside failed: %s", self._failed)
            if self._failed is not None or db.in_transaction():  # ATTACH waits for no transaction
                rebuild()
                return
            assert self._folder is not None
            db.execute_sql("ATTACH ? AS tallies_aside", (str(Path(self._folder.name, SCRATCH)),))
            try:
                with db.atomic():
                    db.execute_sql("UPDATE analysis_tally_state SET live = 1 WHERE id = 1")  # the write lock, first
                    another_desk_wrote = _data_version() != self._version
                    if another_desk_wrote:
                        log.info("analysis tallies rebuilt as usual: another desk wrote while they were read")
                    _fill(None if another_desk_wrote else "tallies_aside")
            finally:
                db.execute_sql("DETACH tallies_aside")
        finally:
            self.close()

    def close(self) -> None:
        """Stop reading (a load that failed before ``finish``) and remove the scratch file."""
        if self._thread is not None:
            if self._thread.is_alive() and self._connection is not None:
                with suppress(sqlite3.ProgrammingError):  # closed by the thread meanwhile: it is done
                    self._connection.interrupt()
            self._thread.join()
            self._thread = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _data_version() -> int:
    """``PRAGMA data_version`` of this connection: it changes when another connection commits to the file."""
    (version,) = db.execute_sql("PRAGMA data_version").fetchone()
    return int(version)


@cache
def _all_contributions() -> str:
    """SQL: the tallies of every complaint, the rows of the migration's ``contributions('1')`` (its cases ``t``
    and their compensation lines ``l`` as it reads them) grouped part by part on the values themselves, each key's
    JSON array made once a group: summing every part's rows together by their arrays took half as long again (a
    million complaints: 31 s against 20). The analysis' tests compare the two, and the tallies the triggers keep."""
    migration = _migration()
    contributions = migration.contributions("1")
    cases_and_lines = contributions[: contributions.index(", d AS MATERIALIZED")]  # 'WITH t AS ..., l AS ...'
    counted = "count(*), 0, 0"
    parts = [
        f"SELECT day, '{part}', json_array({part}), {counted} FROM t GROUP BY day, {part}"
        for part in ("category", "department", "location", "channel", "severity", "manager")
    ]
    parts += [
        f"SELECT day, 'closing', json_array(closing, settled, office), {counted} FROM t WHERE closing IS NOT NULL "
        "GROUP BY day, closing, settled, office",
        "SELECT day, 'cases', json_array(state, satisfaction, came_before, band, settled, office, back), count(*), 0, "
        f"sum(fen) FROM (SELECT *, {migration._band()} AS band FROM t) "
        "GROUP BY day, state, satisfaction, came_before, band, settled, office, back",
        f"SELECT day, 'response', json_array(response, promised, in_time, is_open, waiting), {counted} FROM (SELECT "
        "day, response, promised, in_time, is_open, CASE WHEN promised AND response IS NULL AND is_open THEN "
        "promised_at END AS waiting FROM t) GROUP BY day, response, promised, in_time, is_open, waiting",
        "SELECT day, 'manager_day', json_array(manager, granted_day, office, own), count(*), 0, sum(fen) FROM (SELECT "
        "day, manager, granted_day, office, granted_by = manager AS own, fen FROM t WHERE fen > 0) "
        "GROUP BY day, manager, granted_day, office, own",
        f"SELECT day, 'manager_fen', json_array(manager, fen), {counted} FROM t WHERE fen > 0 "
        "GROUP BY day, manager, fen",
        # A case counts once for each department charged and each kind of remedy, with all its lines of it.
        "SELECT day, 'department_cost', json_array(charged_to), count(DISTINCT id), count(*), sum(fen) FROM l "
        "GROUP BY day, charged_to",
        "SELECT day, 'kind', json_array(kind), count(DISTINCT id), count(*), sum(fen) FROM l GROUP BY day, kind",
        "SELECT day, 'kind_effect', json_array(kind, satisfaction, back), count(DISTINCT id), 0, sum(fen) FROM l "
        "GROUP BY day, kind, satisfaction, back",
        f"SELECT day, 'escalation', json_array(minutes, waiting), {counted} FROM (SELECT t.day AS day, "
        f"{migration._minutes('p.decided_at', 'p.created_at')} AS minutes, p.decided_at IS NULL AND t.state = "
        f"'escalated' AS waiting FROM t JOIN proposal p ON p.complaint_id = t.id WHERE {migration.SENT}) "
        "GROUP BY day, minutes, waiting",
        f"SELECT day, 'escalated_case', '[]', {counted} FROM t WHERE EXISTS (SELECT 1 FROM proposal p "
        f"WHERE p.complaint_id = t.id AND {migration.SENT}) GROUP BY day",
    ]
    return (
        f"{cases_and_lines}, d(day, part, key, n, lines, fen) AS MATERIALIZED (SELECT * FROM ("
        + " UNION ALL ".join(parts)
        + ")) SELECT day, part, key, n, lines, fen FROM d UNION ALL SELECT substr(day, 1, 7), part, key, sum(n), "
        "sum(lines), sum(fen) FROM d WHERE part != 'cases' GROUP BY 1, 2, 3"
    )


def usable(filters: Filters | None, now: dt.datetime) -> bool:
    """Whether the tallies give the analysis of complaints passing ``filters`` as of ``now``: they are kept (not
    suspended), no filter but the period, and no complaint received at or after ``now``."""
    if filters is not None and (
        filters.text.strip() or filters.ids or filters.states or filters.overdue_only or filters.escalated_only
        or filters.category_id is not None or filters.department_id is not None
        or filters.received_by_id is not None
    ):
        return False
    (live,) = db.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    (latest,) = db.execute_sql("SELECT max(received_at) FROM complaint").fetchone()
    if is_postgresql() and latest is not None and live:
        # Rows copied in with the triggers at rest (``main.py copy --to``) and the tallies not filled after
        # them: counted from the complaints rather than read as nothing.
        (live,) = db.execute_sql("SELECT EXISTS (SELECT 1 FROM analysis_tally)").fetchone()
    return bool(live) and (latest is None or str(latest) < stamp(now))


def _days(period: Period) -> tuple[str, str]:
    return period.first.isoformat(), period.last.isoformat()


def _pieces(period: Period) -> tuple[list[tuple[str, str]], list[str]]:
    """The period as runs of days (within a month) and whole months ('YYYY-MM'), as the tallies hold them."""
    runs: list[tuple[str, str]] = []
    months: list[str] = []
    day = period.first
    while day <= period.last:
        month_end = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        if day.day == 1 and month_end <= period.last:
            months.append(day.isoformat()[:7])
        else:
            runs.append((day.isoformat(), min(month_end, period.last).isoformat()))
        day = month_end + dt.timedelta(days=1)
    return runs, months


def _summed(period: Period, parts: str, params: tuple[object, ...]) -> Iterable[tuple[Any, ...]]:
    """(part, key, n, lines, fen) of ``period``, for the parts the condition ``parts`` picks."""
    runs, months = _pieces(period)
    selects = [
        f"SELECT part, key, n, lines, fen FROM analysis_tally WHERE day >= ? AND day <= ? AND {parts}"
        for _ in runs
    ]
    values: list[object] = [value for run in runs for value in (*run, *params)]
    if months:
        selects.append(
            f"SELECT part, key, n, lines, fen FROM analysis_tally WHERE day IN ({', '.join('?' * len(months))}) "
            f"AND {parts}"
        )
        values += [*months, *params]
    return cast(Iterable[tuple[Any, ...]], db.execute_sql(
        # A server sums a BIGINT column to a decimal: the sums are cast back (the same integers on SQLite).
        "SELECT part, key, CAST(sum(n) AS BIGINT), CAST(sum(lines) AS BIGINT), CAST(sum(fen) AS BIGINT) FROM ("
        + " UNION ALL ".join(selects) + ") AS u GROUP BY part, key HAVING sum(n) != 0",
        values,
    ))


def dimensions(period: Period) -> Dimensions:
    """Complaints received in ``period`` by each dimension (category, department, ... duty manager)."""
    counts: dict[str, Counter[Key]] = {part: Counter() for part in DIMENSION_PARTS}
    marks = ", ".join("?" * len(DIMENSION_PARTS))
    for part, key, n, _, _ in _decoded(_summed(period, f"part IN ({marks})", DIMENSION_PARTS)):
        counts[part][key[0]] += n
    return [counts[part] for part in DIMENSION_PARTS]


def _decoded(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows with their keys decoded, all in one call of the JSON decoder (a call per key costs more)."""
    rows = list(rows)
    keys = json.loads("[" + ", ".join(row[1] for row in rows) + "]")
    return [(row[0], key, *row[2:]) for row, key in zip(rows, keys, strict=True)]


def _row(keys: list[Any] | tuple[Any, ...], *values: object) -> Row:
    return (*keys, *[None] * (KEYS - len(keys)), *values, *[None] * (4 - len(values)))


def read(period: Period, now: dt.datetime) -> tuple[Tallies, dict[Period, Dimensions], Escalations]:
    """The tallies of ``period`` as ``models.analysis.tally.tally`` gives them (figures and cost), its counts by
    dimension with the period before's and last year's, and its escalations. Call inside a read transaction."""
    parts: dict[str, list[tuple[Any, int, int, int]]] = defaultdict(list)
    marks = ", ".join("?" * len(SUMMED_PARTS))
    for part, key, n, lines, fen in _decoded(_summed(period, f"part IN ({marks})", SUMMED_PARTS)):
        parts[part].append((key, n, lines, fen))
    tallies: Tallies = defaultdict(list)
    keys: dict[str, list[Any]] = {}  # the cases have a few hundred keys over many days
    tallies["cases"] = [
        _row([day, *(keys.get(key) or keys.setdefault(key, json.loads(key)))], n, fen)
        for day, key, n, fen in db.execute_sql(
            "SELECT day, key, n, fen FROM analysis_tally WHERE day >= ? AND day <= ? AND part = 'cases' "
            "AND n != 0",
            _days(period),
        )
    ]
    tallies["closing"] = [_row(key, n) for key, n, _, _ in parts["closing"]]
    moment = stamp(now)
    tallies["response"] = [
        _row([*key[:4], promised_at is not None and promised_at < moment], n)
        for key, n, _, _ in parts["response"]
        for promised_at in (key[4],)
    ]
    tallies["repeat"] = [
        _row([n], customers)
        for n, customers in db.execute_sql(
            # From the index of (received_at, customer_id) alone (0021), the customers of a year in a sort.
            "SELECT n, count(*) FROM (SELECT count(*) AS n FROM complaint c WHERE c.received_at >= ? "
            "AND c.received_at < ? AND c.customer_id IS NOT NULL GROUP BY c.customer_id) AS r GROUP BY n",
            (stamp(period.start), stamp(period.end)),
        )
    ]
    tallies["manager"] = [_row(key, n, fen, 0, 0) for key, n, _, fen in parts["manager_day"]]
    limits = dict(db.execute_sql("SELECT id, round(per_case_limit * 100) FROM staff").fetchall())
    largest: Counter[int] = Counter()
    over: Counter[int] = Counter()
    for (manager, fen), n, _, _ in parts["manager_fen"]:
        largest[manager] = max(largest[manager], fen)
        over[manager] += n if fen > limits[manager] else 0
    tallies["manager"] += [_row([manager, None, 1, 0], 0, 0, largest[manager], over[manager]) for manager in largest]
    tallies["department"] = [_row(key, n, lines, fen) for key, n, lines, fen in parts["department_cost"]]
    tallies["kind"] = [_row(key, n, lines, fen) for key, n, lines, fen in parts["kind"]]
    tallies["kind_effect"] = [_row(key, n, fen) for key, n, _, fen in parts["kind_effect"]]
    counts: dict[str, Counter[Key]] = {part: Counter() for part in DIMENSION_PARTS}
    for part in DIMENSION_PARTS:
        for key, n, _, _ in parts[part]:
            counts[part][key[0]] += n
    by_period = {period: [counts[part] for part in DIMENSION_PARTS]}
    for other in (period.previous(), period.last_year()):
        if other not in by_period:
            by_period[other] = dimensions(other)
    return tallies, by_period, _escalations(parts)


def _escalations(parts: dict[str, list[tuple[Any, int, int, int]]]) -> Escalations:
    waits: Counter[int] = Counter()
    escalations = waiting = 0
    for (minutes, is_waiting), n, _, _ in parts["escalation"]:
        escalations += n
        if minutes is not None:
            waits[max(0, minutes)] += n
        elif is_waiting:
            waiting += n
    cases = sum(n for _, n, _, _ in parts["escalated_case"])
    return Escalations(cases, escalations, sum(waits.values()), waiting, durations(waits))
