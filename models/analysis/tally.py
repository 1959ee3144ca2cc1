"""The analysis' one pass over a period's complaints: each complaint is read once, with its first and accepted
proposals, into a case table (a materialised CTE, no temporary table to write, so a read-only connection runs
it too), and every tally the figures and the cost need is a GROUP BY over that table in ONE statement (its parts
joined by UNION ALL, each row tagged by its part). The previous period's and last year's counts, escalations,
external cases and actions are small separate queries (``models.analysis.figures``).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from models.analysis import dialect
from models.analysis.scope import OPEN, Condition, stamp
from models.base import db, is_postgresql
from models.complaint import ProposalStatus, State

KEYS, VALUES = 8, 4  # every part's row: its tag, eight keys, four values (NULL where a part has fewer)
CAME_BACK_DAYS = 90  # "came back": the same customer complained again within this many days (up to now)
REPEAT_REASON = '%"code":"repeat"%'  # the escalation-risk reason "complained before within 90 days"
# The size bands of a case's compensation, in fen: (0], (0, 50], (50, 200], (200, 500], (500, 2000], above.
BAND_EDGES_FEN = (0, 5_000, 20_000, 50_000, 200_000)

Row = tuple[object, ...]
Tallies = dict[str, list[Row]]


def _fen(value: str) -> str:
    return f"CAST(round({value} * 100) AS INTEGER)"


def _case_table(where: Condition, now: dt.datetime, with_cost: bool) -> tuple[str, tuple[object, ...]]:
    """The CTE ``t``: one row per complaint of ``where``."""
    open_marks = ", ".join("?" * len(OPEN))
    came_back = (
        # n.id != c.id is read from the index of customers: most customers have one complaint, and it is
        # then answered without reading a row.
        "(c.customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM complaint n WHERE n.customer_id = c.customer_id "
        f"AND n.id != c.id AND n.received_at > c.received_at AND n.received_at < {dialect.days_after('c.received_at')} "
        "AND n.received_at < ?))"
        if with_cost
        else "0"
    )
    sql = (
        "t AS MATERIALIZED (SELECT c.id AS id, c.category_id AS category, c.department_id AS department, "
        "nullif(trim(c.location), '') AS location, c.channel AS channel, c.severity AS severity, "
        f"c.received_by_id AS manager, {dialect.day('c.received_at')} AS day, c.state AS state, "
        "c.satisfaction AS satisfaction, c.risk_reasons LIKE ? AS came_before, c.customer_id AS customer, "
        f"{dialect.minutes('p1.created_at', 'c.received_at')} AS response, c.promised_at IS NOT NULL AS promised, "
        f"p1.created_at <= c.promised_at AS in_time, c.state IN ({open_marks}) AS is_open, "
        "c.promised_at < ? AS passed, "
        f"CASE WHEN c.state = ? THEN {dialect.minutes('c.closed_at', 'c.received_at')} END AS closing, "
        "pa.id IS NOT NULL AS settled, coalesce(pa.needs_office, FALSE) AS office, "
        f"coalesce({_fen('pa.total')}, 0) AS fen, pa.id AS accepted, pa.created_by_id AS granted_by, "
        f"{dialect.day('pa.created_at')} AS granted_day, {came_back} AS back "
        "FROM complaint c LEFT JOIN proposal p1 ON p1.complaint_id = c.id AND p1.seq = 1 "
        "LEFT JOIN proposal pa ON pa.complaint_id = c.id AND pa.status = ? "
        f"WHERE {where.sql})"
    )
    params: list[object] = [REPEAT_REASON, *OPEN, stamp(now), str(State.CLOSED)]
    if with_cost:
        params += [dialect.days_param(CAME_BACK_DAYS), stamp(now)]
    params += [str(ProposalStatus.ACCEPTED), *where.params]
    return sql, tuple(params)


_LINES = (
    f"l AS MATERIALIZED (SELECT t.id AS id, t.satisfaction AS satisfaction, t.back AS back, "
    f"x.charged_to_id AS charged_to, r.kind AS kind, {_fen('x.amount')} AS fen "
    "FROM t JOIN compensation_line x ON x.proposal_id = t.accepted JOIN remedy r ON r.id = x.remedy_id)"
)


def _band() -> str:
    whens = " ".join(f"WHEN fen <= {edge} THEN {index}" for index, edge in enumerate(BAND_EDGES_FEN))
    return f"CASE {whens} ELSE {len(BAND_EDGES_FEN)} END"


# Which keys of each part are integers (counts, ids, minutes; a flag as 0 or 1), the others text: PostgreSQL
# reads every key as text (``dialect.text_key``) and they are turned back.
INTEGER_KEYS = {
    "closing": (True, True, True),
    "cases": (False, False, True, True, True, True, True, True),
    "cube": (True, True, False, False, False, True),
    "response": (True, True, True, True, True),
    "repeat": (True,),
    "manager": (True, False, True, True),
    "department": (True,),
    "kind": (False,),
    "kind_effect": (False, True, True),
}


def _part(tag: str, keys: Sequence[str], values: Sequence[str], source: str, tail: str = "") -> str:
    none = "NULL"
    if is_postgresql():  # a NULL of no type would be taken for text, beside the others' counts
        keys = [dialect.text_key(key, integer) for key, integer in zip(keys, INTEGER_KEYS[tag], strict=True)]
        none = "CAST(NULL AS BIGINT)"
    columns = [f"'{tag}'", *keys, *["NULL"] * (KEYS - len(keys)), *values, *[none] * (VALUES - len(values))]
    group = f" GROUP BY {', '.join(str(n + 2) for n in range(len(keys)))}" if keys else ""
    return f"SELECT {', '.join(columns)} FROM {source}{tail}{group}"


# Both need the times to close (the figures all of them, the cost those of small and large settled cases) and
# the cases by their day, state, satisfaction and compensation (one sort for what each reads of them).
SHARED_PARTS = {
    "closing": (("closing", "settled", "office"), ("count(*)",), "t", " WHERE closing IS NOT NULL"),
    "cases": (
        ("day", "state", "satisfaction", "came_before", _band(), "settled", "office", "back"),
        ("count(*)", "sum(fen)"), "t", "",
    ),
}
FIGURE_PARTS = {
    "cube": (("category", "department", "location", "channel", "severity", "manager"), ("count(*)",), "t", ""),
    "response": (("response", "promised", "in_time", "is_open", "passed"), ("count(*)",), "t", ""),
    "repeat": (
        ("n",), ("count(*)",),
        "(SELECT count(*) AS n FROM t WHERE customer IS NOT NULL GROUP BY customer) AS r", "",
    ),
}
COST_PARTS = {
    "manager": (
        ("manager", "granted_day", "office", "granted_by = manager"),
        ("count(*)", "sum(fen)", "max(fen)", "sum(CASE WHEN fen > round(s.per_case_limit * 100) THEN 1 ELSE 0 END)"),
        "t JOIN staff s ON s.id = t.manager", " WHERE fen > 0",
    ),
    "department": (("charged_to",), ("count(DISTINCT id)", "count(*)", "sum(fen)"), "l", ""),
    "kind": (("kind",), ("count(DISTINCT id)", "count(*)", "sum(fen)"), "l", ""),
    # A case has one satisfaction and one "came back": its lines of a kind fall in one group, counted once.
    "kind_effect": (("kind", "satisfaction", "back"), ("count(DISTINCT id)", "sum(fen)"), "l", ""),
}


def tally(where: Condition, now: dt.datetime, figures: bool, cost: bool) -> Tallies:
    """The tagged tallies of the complaints of ``where``: the figures' parts, the cost's, or both."""
    table, params = _case_table(where, now, with_cost=cost)
    parts = {**SHARED_PARTS, **(FIGURE_PARTS if figures else {}), **(COST_PARTS if cost else {})}
    ctes = f"WITH {table}, {_LINES}" if cost else f"WITH {table}"
    sql = f"{ctes} " + " UNION ALL ".join(
        _part(tag, keys, values, source, tail) for tag, (keys, values, source, tail) in parts.items()
    )
    result: Tallies = defaultdict(list)
    if is_postgresql():
        for tag, *row in db.execute_sql(sql, params):
            types = INTEGER_KEYS[tag]
            keys = tuple(dialect.decoded(key, integer) for key, integer in zip(row[: len(types)], types, strict=True))
            result[tag].append((*keys, *row[len(types) : KEYS], *row[KEYS:]))
        return result
    for row in db.execute_sql(sql, params):
        result[row[0]].append(tuple(row[1:]))
    return result
