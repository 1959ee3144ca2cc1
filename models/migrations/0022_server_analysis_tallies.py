"""0022: the analysis' day tallies kept on a PostgreSQL server too (issue 16: a year's analysis of a million
complaints in under 2 s there as well).

On a SQLite file this migration does nothing: 0021 made the tallies and their triggers there.

On a server, the baseline (models/migrations/postgresql/baseline.py, schema 0021) made ``analysis_tally`` and
its state row with ``live`` 0, and the analysis counted from the cases. This migration keeps the same tallies
as 0021 does on SQLite, with the same rows (day, part, key; ``n``, ``lines``, ``fen``), so the same reading
(models/analysis/day_tally.py) gives the same figures on both:

- ``analysis_tally_fill()``: the tallies filled again from every complaint in one statement, and ``live`` set
  to 1 (this migration runs it; ``day_tally.rebuild`` and ``main.py copy --to`` after copying the rows, whose
  triggers rest meanwhile, run it too).
- PL/pgSQL triggers on ``complaint``, ``proposal``, ``compensation_line`` and ``remedy`` (its kind), one
  BEFORE ROW trigger for each change, as 0021's pairs: the contributions of the complaints a change touches
  are taken off as they are and added as they will be (the table with the changed row in its new form), in one
  statement, net changes only. A BEFORE ROW trigger sees the rows the statement changed before, so a statement
  changing several rows (a raw ``UPDATE`` of a customer's complaints, two proposals of a case) adds up as
  SQLite's trigger pairs do row by row. A raw write is caught as well as the application's. "Came back" (the
  same customer complained again within 90 days) depends on the customer's other complaints: a change of a
  complaint's customer or time re-tallies the customer's complaints in the 90 days before it.
- Rows can hold zero after changes; a change leaving a row as it was does not write it. Nothing is kept while
  ``live`` is 0 (``day_tally.suspend``); the tallies are then not read until filled again.

Keys are JSON arrays as on SQLite (PostgreSQL's spelling, ``[1, "x"]``, read back the same), flags as 0 and 1,
the promised time of an open case's response key as 'YYYY-MM-DD HH:MM:SS.ffffff' (compared as text with the
time of the analysis, as SQLite compares its stored text).
"""
import peewee

OPEN = ("received", "investigating", "proposed", "agreed", "declined", "escalated", "decided")
REPEAT_REASON = '"code":"repeat"'  # found with strpos: a literal percent sign would be a placeholder to psycopg
BAND_EDGES_FEN = (0, 5_000, 20_000, 50_000, 200_000)
CAME_BACK = "interval '90 days'"

COMPLAINT_COLUMNS = (
    "id", "received_at", "category_id", "department_id", "location", "channel", "severity", "received_by_id",
    "state", "satisfaction", "risk_reasons", "customer_id", "promised_at", "closed_at",
)
PROPOSAL_COLUMNS = (
    "id", "complaint_id", "seq", "created_at", "created_by_id", "status", "total", "needs_office",
    "decided_by_id", "decided_at",
)
LINE_COLUMNS = ("id", "proposal_id", "remedy_id", "amount", "charged_to_id")
REMEDY_COLUMNS = ("id", "kind")
TABLES = {
    "complaint": COMPLAINT_COLUMNS, "proposal": PROPOSAL_COLUMNS, "compensation_line": LINE_COLUMNS,
    "remedy": REMEDY_COLUMNS,
}
# The server's settings for filling: the statement is estimated dear, and JIT compiling would cost more than
# it saves; the case table would spill to disk with the default work memory.
FILL_SETTINGS = "SET jit = off SET work_mem = '256MB'"


def _minutes(later, earlier):
    return f"CAST(trunc(extract(epoch FROM {later} - {earlier}) / 60) AS INTEGER)"


def _day(moment):
    return f"to_char({moment}, 'YYYY-MM-DD')"


def _fen(value):
    return f"CAST(round({value} * 100) AS BIGINT)"


def _flag(condition):
    return f"CAST({condition} AS INTEGER)"


def _key(*values):
    return f"CAST(json_build_array({', '.join(values)}) AS TEXT)"


def _band():
    whens = " ".join(f"WHEN fen <= {edge} THEN {index}" for index, edge in enumerate(BAND_EDGES_FEN))
    return f"CASE {whens} ELSE {len(BAND_EDGES_FEN)} END"


SENT = "p.needs_office AND (p.decided_by_id IS NULL OR p.decided_by_id != p.created_by_id)"


def contributions(selection, tables=None):
    """SQL: (day, part, key, n, lines, fen) summed, for the complaints ``c`` passing ``selection``, as 0021's
    ``contributions`` gives them on SQLite. ``tables`` names a FROM item in place of a table (the table as a
    row change will leave it)."""
    source = {name: name for name in TABLES} | (tables or {})
    open_states = ", ".join(f"'{state}'" for state in OPEN)
    came_back = (
        f"(c.customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM {source['complaint']} n "
        "WHERE n.customer_id = c.customer_id AND n.id != c.id AND n.received_at > c.received_at "
        f"AND n.received_at < c.received_at + {CAME_BACK}))"
    )
    came_before = _flag(f"strpos(c.risk_reasons, '{REPEAT_REASON}') > 0")
    case_table = (
        "t AS MATERIALIZED (SELECT c.id AS id, c.category_id AS category, c.department_id AS department, "
        "nullif(trim(c.location), '') AS location, c.channel AS channel, c.severity AS severity, "
        f"c.received_by_id AS manager, {_day('c.received_at')} AS day, c.state AS state, "
        f"c.satisfaction AS satisfaction, {came_before} AS came_before, "
        f"{_minutes('p1.created_at', 'c.received_at')} AS response, {_flag('c.promised_at IS NOT NULL')} AS promised, "
        f"{_flag('p1.created_at <= c.promised_at')} AS in_time, {_flag(f'c.state IN ({open_states})')} AS is_open, "
        "c.promised_at AS promised_at, "
        f"CASE WHEN c.state = 'closed' THEN {_minutes('c.closed_at', 'c.received_at')} END AS closing, "
        f"{_flag('pa.id IS NOT NULL')} AS settled, {_flag('coalesce(pa.needs_office, false)')} AS office, "
        f"coalesce({_fen('pa.total')}, 0) AS fen, pa.id AS accepted, pa.created_by_id AS granted_by, "
        f"{_day('pa.created_at')} AS granted_day, {_flag(came_back)} AS back "
        f"FROM {source['complaint']} c LEFT JOIN {source['proposal']} p1 ON p1.complaint_id = c.id AND p1.seq = 1 "
        f"LEFT JOIN {source['proposal']} pa ON pa.complaint_id = c.id AND pa.status = 'accepted' "
        f"WHERE {selection})"
    )
    lines = (
        "l AS MATERIALIZED (SELECT t.id AS id, t.day AS day, t.satisfaction AS satisfaction, t.back AS back, "
        f"x.charged_to_id AS charged_to, r.kind AS kind, {_fen('x.amount')} AS fen "
        f"FROM t JOIN {source['compensation_line']} x ON x.proposal_id = t.accepted "
        f"JOIN {source['remedy']} r ON r.id = x.remedy_id)"
    )
    one = "1, 0, 0"
    named = (
        f"SELECT t.day AS day, 'category' AS part, {_key('category')} AS key, 1 AS n, CAST(0 AS BIGINT) AS lines, "
        "CAST(0 AS BIGINT) AS fen FROM t"
    )
    parts = [named] + [
        f"SELECT day, '{name}', {_key(column)}, {one} FROM t"
        for name, column in (
            ("department", "department"), ("location", "location"),
            ("channel", "channel"), ("severity", "severity"), ("manager", "manager"),
        )
    ]
    waiting = (
        "CASE WHEN promised = 1 AND response IS NULL AND is_open = 1 THEN "
        "to_char(promised_at, 'YYYY-MM-DD HH24:MI:SS.US') END"
    )
    waiting_office = _flag("p.decided_at IS NULL AND t.state = 'escalated'")
    parts += [
        f"SELECT day, 'closing', {_key('closing', 'settled', 'office')}, {one} FROM t WHERE closing IS NOT NULL",
        f"SELECT day, 'cases', {_key('state', 'satisfaction', 'came_before', _band(), 'settled', 'office', 'back')}, "
        "1, 0, fen FROM t",
        f"SELECT day, 'response', {_key('response', 'promised', 'in_time', 'is_open', waiting)}, {one} FROM t",
        f"SELECT day, 'manager_day', {_key('manager', 'granted_day', 'office', _flag('granted_by = manager'))}, "
        "1, 0, fen FROM t WHERE fen > 0",
        f"SELECT day, 'manager_fen', {_key('manager', 'fen')}, {one} FROM t WHERE fen > 0",
        f"SELECT day, 'department_cost', {_key('charged_to')}, 1, count(*), sum(fen) FROM l "
        "GROUP BY id, day, charged_to",
        f"SELECT day, 'kind', {_key('kind')}, 1, count(*), sum(fen) FROM l GROUP BY id, day, kind",
        f"SELECT day, 'kind_effect', {_key('kind', 'satisfaction', 'back')}, 1, 0, sum(fen) FROM l "
        "GROUP BY id, day, kind, satisfaction, back",
        f"SELECT t.day, 'escalation', {_key(_minutes('p.decided_at', 'p.created_at'), waiting_office)}, "
        f"{one} FROM t JOIN {source['proposal']} p ON p.complaint_id = t.id WHERE {SENT}",
        f"SELECT day, 'escalated_case', '[]', {one} FROM t WHERE EXISTS (SELECT 1 FROM {source['proposal']} p "
        f"WHERE p.complaint_id = t.id AND {SENT})",
    ]
    # Each row again for its month ('YYYY-MM'), but the cases by day, as on SQLite.
    return (
        f"WITH {case_table}, {lines}, d AS MATERIALIZED (SELECT day, part, key, sum(n) AS n, sum(lines) AS lines, "
        "sum(fen) AS fen FROM (" + " UNION ALL ".join(parts) + ") AS u GROUP BY day, part, key) "
        "SELECT day, part, key, n, lines, fen FROM d UNION ALL SELECT substr(day, 1, 7), part, key, sum(n), "
        "sum(lines), sum(fen) FROM d WHERE part != 'cases' GROUP BY 1, 2, 3"
    )


def fill_function():
    return (
        "CREATE OR REPLACE FUNCTION analysis_tally_fill() RETURNS void LANGUAGE plpgsql "
        f"{FILL_SETTINGS} AS $body$ BEGIN "
        "UPDATE analysis_tally_state SET live = 1 WHERE id = 1; "
        "DELETE FROM analysis_tally; "
        f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) {contributions('true')} ORDER BY 2, 1, 3; "
        "END $body$"
    )


def _as_changed(table, old, new):
    """A FROM item: ``table`` as the row change leaves it, without the row ``old`` and with the row ``new``."""
    columns = TABLES[table]
    selects = [f"SELECT {', '.join(columns)} FROM {table}" + (f" WHERE id != {old}.id" if old else "")]
    if new:
        selects.append("SELECT " + ", ".join(f"{new}.{column}" for column in columns))
    return "(" + " UNION ALL ".join(selects) + ")"


def delta(table, old, new, before, after):
    """SQL: the change of the tallies a row change makes: the contributions of the complaints passing ``before``
    taken off (the tables as they are) and of those passing ``after`` added (``table`` as the change leaves it),
    net, each row of the tallies once and in their key's order."""
    changed = contributions(after, {table: _as_changed(table, old, new)})
    return (
        "INSERT INTO analysis_tally AS a (day, part, key, n, lines, fen) "
        "SELECT day, part, key, sum(n), sum(lines), sum(fen) FROM ("
        f"SELECT day, part, key, -n AS n, -lines AS lines, -fen AS fen FROM ({contributions(before)}) AS was "
        f"UNION ALL SELECT day, part, key, n, lines, fen FROM ({changed}) AS becomes) AS x "
        "GROUP BY day, part, key HAVING sum(n) != 0 OR sum(lines) != 0 OR sum(fen) != 0 ORDER BY part, day, key "
        "ON CONFLICT (part, day, key) DO UPDATE SET n = a.n + excluded.n, lines = a.lines + excluded.lines, "
        "fen = a.fen + excluded.fen"
    )


def _neighbours(row):
    """The complaints whose "came back" the complaint ``row`` can decide: the same customer's, in 90 days before."""
    return (
        f"(c.customer_id = {row}.customer_id AND c.received_at < {row}.received_at "
        f"AND c.received_at > {row}.received_at - {CAME_BACK})"
    )


def _of_proposal(row):
    return f"c.id = (SELECT complaint_id FROM proposal WHERE id = {row}.proposal_id)"


def _changed(columns):
    return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)


LIVE = "(SELECT live FROM analysis_tally_state WHERE id = 1) = 1"


def _trigger(name, event, table, old, new, before, after, when=""):
    returned = "OLD" if event == "DELETE" else "NEW"
    body = f"IF {LIVE} THEN {delta(table, old, new, before, after)}; END IF; RETURN {returned};"
    condition = f" WHEN ({when})" if when else ""
    return (
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN {body} END $body$",
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{condition} EXECUTE FUNCTION {name}_fn()",
    )


def server_triggers():
    """The functions and triggers keeping the tallies on a server (models/verify.py checks them as it checks
    the baseline's guards)."""
    updated = f"(c.id IN (OLD.id, NEW.id) OR {_neighbours('OLD')} OR {_neighbours('NEW')})"
    proposal = "c.id IN (OLD.complaint_id, NEW.complaint_id)"
    line = f"({_of_proposal('OLD')} OR {_of_proposal('NEW')})"
    remedy = (
        "c.id IN (SELECT p.complaint_id FROM compensation_line x JOIN proposal p ON p.id = x.proposal_id "
        "WHERE x.remedy_id IN (OLD.id, NEW.id) AND p.status = 'accepted')"
    )
    return (
        # A new complaint can make the customer's earlier ones "come back".
        *_trigger(
            "analysis_complaint_insert", "INSERT", "complaint", None, "NEW",
            _neighbours("NEW"), f"(c.id = NEW.id OR ({_neighbours('NEW')} AND c.id != NEW.id))",
        ),
        *_trigger(
            "analysis_complaint_delete", "DELETE", "complaint", "OLD", None,
            f"(c.id = OLD.id OR {_neighbours('OLD')})", f"({_neighbours('OLD')} AND c.id != OLD.id)",
        ),
        *_trigger(
            "analysis_complaint_update", f"UPDATE OF {', '.join(COMPLAINT_COLUMNS)}", "complaint", "OLD", "NEW",
            updated, updated, _changed(COMPLAINT_COLUMNS),
        ),
        *_trigger(
            "analysis_proposal_insert", "INSERT", "proposal", None, "NEW", "c.id = NEW.complaint_id",
            "c.id = NEW.complaint_id",
        ),
        *_trigger(
            "analysis_proposal_delete", "DELETE", "proposal", "OLD", None, "c.id = OLD.complaint_id",
            "c.id = OLD.complaint_id",
        ),
        *_trigger(
            "analysis_proposal_update", f"UPDATE OF {', '.join(PROPOSAL_COLUMNS)}", "proposal", "OLD", "NEW",
            proposal, proposal, _changed(PROPOSAL_COLUMNS),
        ),
        *_trigger(
            "analysis_line_insert", "INSERT", "compensation_line", None, "NEW", _of_proposal("NEW"),
            _of_proposal("NEW"),
        ),
        *_trigger(
            "analysis_line_delete", "DELETE", "compensation_line", "OLD", None, _of_proposal("OLD"),
            _of_proposal("OLD"),
        ),
        *_trigger(
            "analysis_line_update", f"UPDATE OF {', '.join(LINE_COLUMNS)}", "compensation_line", "OLD", "NEW",
            line, line, _changed(LINE_COLUMNS),
        ),
        *_trigger(
            "analysis_remedy_update", "UPDATE OF id, kind", "remedy", "OLD", "NEW", remedy, remedy,
            _changed(REMEDY_COLUMNS),
        ),
    )


TRIGGERS = (
    ("analysis_complaint_insert", "complaint"), ("analysis_complaint_delete", "complaint"),
    ("analysis_complaint_update", "complaint"), ("analysis_proposal_insert", "proposal"),
    ("analysis_proposal_delete", "proposal"), ("analysis_proposal_update", "proposal"),
    ("analysis_line_insert", "compensation_line"), ("analysis_line_delete", "compensation_line"),
    ("analysis_line_update", "compensation_line"), ("analysis_remedy_update", "remedy"),
)


def _on_server(db):
    return isinstance(db, peewee.PostgresqlDatabase)


def up(migrator, db):
    if not _on_server(db):
        return
    db.execute_sql(fill_function())
    for statement in server_triggers():
        db.execute_sql(statement)
    db.execute_sql("SELECT analysis_tally_fill()")


def down(migrator, db):
    if not _on_server(db):
        return
    for name, table in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        db.execute_sql(f"DROP FUNCTION IF EXISTS {name}_fn()")
    db.execute_sql("DROP FUNCTION IF EXISTS analysis_tally_fill()")
    db.execute_sql("DELETE FROM analysis_tally")
    db.execute_sql("UPDATE analysis_tally_state SET live = 0 WHERE id = 1")
