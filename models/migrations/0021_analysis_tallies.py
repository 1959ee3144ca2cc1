"""0021: day tallies for the analysis (issue 14: a year's analysis of a million complaints in under 2 s).

- ``analysis_tally``: what each complaint adds to the analysis, summed by the day it was received (``day``:
  'YYYY-MM-DD'; and again by its month, 'YYYY-MM', but for the cases by state), by ``part``
  (what is counted: complaints by category, department, location, channel, severity, duty manager; times to
  respond and to close in whole minutes, as histograms; cases by state, satisfaction and compensation; the
  compensation by department charged, remedy kind and duty manager; escalations) and ``key`` (the JSON array of
  the part's values); ``n`` complaints (or escalations), ``lines`` compensation lines, ``fen`` money. WITHOUT
  ROWID, keyed by (part, day, key): a period reads its days' and months' rows of each part. Rows can hold zero
  after changes.
- Triggers on ``complaint``, ``proposal``, ``compensation_line`` and ``remedy`` keep it exact: before a change,
  the contributions of the complaints it touches are taken off; after it, they are added again. A complaint's
  "came back" (the same customer complained again within 90 days) depends on the customer's other complaints:
  a change of a complaint's customer or time re-tallies the customer's complaints in the 90 days before it.
  A raw sqlite3 write is caught as well as the application's.
- ``analysis_tally_state``: one row; ``live`` 0 while a bulk load (the demo) writes without the triggers (they
  cost a few contributions a row); the tallies are then not read until ``rebuild`` fills them and sets it to 1.
- An index of complaints by (received_at, customer_id): repeat customers of a period from the index alone.

The tallies are filled from the existing rows in one statement (about 35 s for a million complaints).
``models/analysis/day_tally.py`` keeps the same SQL for ``rebuild`` and reads the tallies.
"""

OPEN = ("received", "investigating", "proposed", "agreed", "declined", "escalated", "decided")
REPEAT_REASON = '%"code":"repeat"%'
BAND_EDGES_FEN = (0, 5_000, 20_000, 50_000, 200_000)


def _minutes(later, earlier):
    return f"CAST((julianday({later}) - julianday({earlier})) * 1440 AS INTEGER)"


def _fen(value):
    return f"CAST(round({value} * 100) AS INTEGER)"


def _band():
    whens = " ".join(f"WHEN fen <= {edge} THEN {index}" for index, edge in enumerate(BAND_EDGES_FEN))
    return f"CASE {whens} ELSE {len(BAND_EDGES_FEN)} END"


SENT = "p.needs_office AND (p.decided_by_id IS NULL OR p.decided_by_id != p.created_by_id)"


def contributions(selection):
    """SQL: (day, part, key, n, lines, fen) summed, for the complaints ``c`` passing ``selection``."""
    open_states = ", ".join(f"'{state}'" for state in OPEN)
    came_back = (
        "(c.customer_id IS NOT NULL AND EXISTS (SELECT 1 FROM complaint n WHERE n.customer_id = c.customer_id "
        "AND n.id != c.id AND n.received_at > c.received_at AND n.received_at < datetime(c.received_at, "
        "'+90 days')))"
    )
    case_table = (
        "t AS MATERIALIZED (SELECT c.id AS id, c.category_id AS category, c.department_id AS department, "
        "nullif(trim(c.location), '') AS location, c.channel AS channel, c.severity AS severity, "
        "c.received_by_id AS manager, substr(c.received_at, 1, 10) AS day, c.state AS state, "
        f"c.satisfaction AS satisfaction, c.risk_reasons LIKE '{REPEAT_REASON}' AS came_before, "
        f"{_minutes('p1.created_at', 'c.received_at')} AS response, c.promised_at IS NOT NULL AS promised, "
        f"p1.created_at <= c.promised_at AS in_time, c.state IN ({open_states}) AS is_open, "
        "c.promised_at AS promised_at, "
        f"CASE WHEN c.state = 'closed' THEN {_minutes('c.closed_at', 'c.received_at')} END AS closing, "
        "pa.id IS NOT NULL AS settled, coalesce(pa.needs_office, 0) AS office, "
        f"coalesce({_fen('pa.total')}, 0) AS fen, pa.id AS accepted, pa.created_by_id AS granted_by, "
        f"substr(pa.created_at, 1, 10) AS granted_day, {came_back} AS back "
        "FROM complaint c LEFT JOIN proposal p1 ON p1.complaint_id = c.id AND p1.seq = 1 "
        "LEFT JOIN proposal pa ON pa.complaint_id = c.id AND pa.status = 'accepted' "
        f"WHERE {selection})"
    )
    lines = (
        "l AS MATERIALIZED (SELECT t.id AS id, t.day AS day, t.satisfaction AS satisfaction, t.back AS back, "
        f"x.charged_to_id AS charged_to, r.kind AS kind, {_fen('x.amount')} AS fen "
        "FROM t JOIN compensation_line x ON x.proposal_id = t.accepted JOIN remedy r ON r.id = x.remedy_id)"
    )
    one = "1, 0, 0"
    named = "SELECT t.day AS day, 'category' AS part, json_array(category) AS key, 1 AS n, 0 AS lines, 0 AS fen FROM t"
    parts = [named] + [
        f"SELECT day, '{name}', json_array({column}), {one} FROM t"
        for name, column in (
            ("department", "department"), ("location", "location"),
            ("channel", "channel"), ("severity", "severity"), ("manager", "manager"),
        )
    ]
    parts += [
        f"SELECT day, 'closing', json_array(closing, settled, office), {one} FROM t WHERE closing IS NOT NULL",
        "SELECT day, 'cases', json_array(state, satisfaction, came_before, "
        f"{_band()}, settled, office, back), 1, 0, fen FROM t",
        "SELECT day, 'response', json_array(response, promised, in_time, is_open, "
        f"CASE WHEN promised AND response IS NULL AND is_open THEN promised_at END), {one} FROM t",
        "SELECT day, 'manager_day', json_array(manager, granted_day, office, granted_by = manager), 1, 0, fen "
        "FROM t WHERE fen > 0",
        f"SELECT day, 'manager_fen', json_array(manager, fen), {one} FROM t WHERE fen > 0",
        "SELECT day, 'department_cost', json_array(charged_to), 1, count(*), sum(fen) FROM l GROUP BY id, charged_to",
        "SELECT day, 'kind', json_array(kind), 1, count(*), sum(fen) FROM l GROUP BY id, kind",
        "SELECT day, 'kind_effect', json_array(kind, satisfaction, back), 1, 0, sum(fen) FROM l GROUP BY id, kind",
        f"SELECT t.day, 'escalation', json_array({_minutes('p.decided_at', 'p.created_at')}, "
        f"p.decided_at IS NULL AND t.state = 'escalated'), {one} FROM t JOIN proposal p ON p.complaint_id = t.id "
        f"WHERE {SENT}",
        f"SELECT day, 'escalated_case', '[]', {one} FROM t WHERE EXISTS (SELECT 1 FROM proposal p "
        f"WHERE p.complaint_id = t.id AND {SENT})",
    ]
    # Each row again for its month (``day`` 'YYYY-MM'), but the cases by day (the weekly series): a year
    # reads twelve months of rows, and the days of a period's partial months.
    return (
        f"WITH {case_table}, {lines}, d AS MATERIALIZED (SELECT day, part, key, sum(n) AS n, sum(lines) AS lines, "
        "sum(fen) AS fen FROM (" + " UNION ALL ".join(parts) + ") GROUP BY day, part, key) "
        "SELECT day, part, key, n, lines, fen FROM d UNION ALL SELECT substr(day, 1, 7), part, key, sum(n), "
        "sum(lines), sum(fen) FROM d WHERE part != 'cases' GROUP BY 1, 2, 3"
    )


def apply(selection, sign):
    """SQL: add (sign 1) or take off (sign -1) the contributions of the complaints passing ``selection``."""
    return (
        f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) SELECT day, part, key, {sign} * n, "
        f"{sign} * lines, {sign} * fen FROM ({contributions(selection)}) WHERE true "
        "ON CONFLICT (part, day, key) DO UPDATE SET n = n + excluded.n, lines = lines + excluded.lines, "
        "fen = fen + excluded.fen;"
    )


def _neighbours(row):
    """The complaints whose "came back" the complaint ``row`` can decide: the same customer's, in 90 days before."""
    return (
        f"(c.customer_id = {row}.customer_id AND {row}.received_at > c.received_at "
        f"AND {row}.received_at < datetime(c.received_at, '+90 days'))"
    )


LIVE = "(SELECT live FROM analysis_tally_state WHERE id = 1)"


def _both(selection, name, timing_event, when=""):
    condition = f" WHEN {LIVE} AND ({when})" if when else f" WHEN {LIVE}"
    before, after = timing_event
    return (
        f"CREATE TRIGGER {name}_before BEFORE {before}{condition} BEGIN {apply(selection[0], -1)} END",
        f"CREATE TRIGGER {name}_after AFTER {after}{condition} BEGIN {apply(selection[1], 1)} END",
    )


COMPLAINT_COLUMNS = (
    "id", "received_at", "category_id", "department_id", "location", "channel", "severity", "received_by_id",
    "state", "satisfaction", "risk_reasons", "customer_id", "promised_at", "closed_at",
)
PROPOSAL_COLUMNS = (
    "id", "complaint_id", "seq", "created_at", "created_by_id", "status", "total", "needs_office",
    "decided_by_id", "decided_at",
)
LINE_COLUMNS = ("id", "proposal_id", "remedy_id", "amount", "charged_to_id")


def _changed(columns):
    return " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in columns)


def _of_proposal(row):
    return f"c.id = (SELECT complaint_id FROM proposal WHERE id = {row}.proposal_id)"


def triggers():
    updated = f"(c.id IN (OLD.id, NEW.id) OR {_neighbours('OLD')} OR {_neighbours('NEW')})"
    proposal = "c.id IN (OLD.complaint_id, NEW.complaint_id)"
    line = f"({_of_proposal('OLD')} OR {_of_proposal('NEW')})"
    remedy = (
        "c.id IN (SELECT p.complaint_id FROM compensation_line x JOIN proposal p ON p.id = x.proposal_id "
        "WHERE x.remedy_id = NEW.id AND p.status = 'accepted')"
    )
    return (
        # A new complaint can make the customer's earlier ones "come back"; NEW.id is not known before.
        *_both(
            (_neighbours("NEW"), f"(c.id = NEW.id OR ({_neighbours('NEW')} AND c.id != NEW.id))"),
            "analysis_complaint_insert", ("INSERT ON complaint", "INSERT ON complaint"),
        ),
        *_both(
            (f"(c.id = OLD.id OR {_neighbours('OLD')})", f"({_neighbours('OLD')} AND c.id != OLD.id)"),
            "analysis_complaint_delete", ("DELETE ON complaint", "DELETE ON complaint"),
        ),
        *_both(
            (updated, updated),
            "analysis_complaint_update",
            (f"UPDATE OF {', '.join(COMPLAINT_COLUMNS)} ON complaint",) * 2,
            _changed(COMPLAINT_COLUMNS),
        ),
        *_both((f"c.id = NEW.complaint_id",) * 2, "analysis_proposal_insert", ("INSERT ON proposal",) * 2),
        *_both((f"c.id = OLD.complaint_id",) * 2, "analysis_proposal_delete", ("DELETE ON proposal",) * 2),
        *_both(
            (proposal, proposal), "analysis_proposal_update",
            (f"UPDATE OF {', '.join(PROPOSAL_COLUMNS)} ON proposal",) * 2, _changed(PROPOSAL_COLUMNS),
        ),
        *_both((_of_proposal("NEW"),) * 2, "analysis_line_insert", ("INSERT ON compensation_line",) * 2),
        *_both((_of_proposal("OLD"),) * 2, "analysis_line_delete", ("DELETE ON compensation_line",) * 2),
        *_both(
            (line, line), "analysis_line_update",
            (f"UPDATE OF {', '.join(LINE_COLUMNS)} ON compensation_line",) * 2, _changed(LINE_COLUMNS),
        ),
        *_both(
            (remedy, remedy), "analysis_remedy_update", ("UPDATE OF kind ON remedy",) * 2, "OLD.kind IS NOT NEW.kind"
        ),
    )


TRIGGER_NAMES = tuple(
    f"analysis_{what}_{timing}"
    for what in (
        "complaint_insert", "complaint_delete", "complaint_update", "proposal_insert", "proposal_delete",
        "proposal_update", "line_insert", "line_delete", "line_update", "remedy_update",
    )
    for timing in ("before", "after")
)


def up(migrator, db):
    db.execute_sql(
        "CREATE TABLE analysis_tally (day TEXT NOT NULL, part TEXT NOT NULL, key TEXT NOT NULL, "
        "n INTEGER NOT NULL, lines INTEGER NOT NULL, fen INTEGER NOT NULL, PRIMARY KEY (part, day, key)) "
        "WITHOUT ROWID"
    )
    db.execute_sql("CREATE TABLE analysis_tally_state (id INTEGER NOT NULL PRIMARY KEY, live INTEGER NOT NULL)")
    db.execute_sql("INSERT INTO analysis_tally_state (id, live) VALUES (1, 1)")
    db.execute_sql('CREATE INDEX "complaint_received_at_customer_id" ON "complaint" (received_at, customer_id)')
    db.execute_sql(
        f"INSERT INTO analysis_tally (day, part, key, n, lines, fen) {contributions('1')} ORDER BY 2, 1, 3"
    )
    for statement in triggers():
        db.execute_sql(statement)


def down(migrator, db):
    for name in TRIGGER_NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    db.execute_sql("DROP INDEX IF EXISTS complaint_received_at_customer_id")
    db.execute_sql("DROP TABLE IF EXISTS analysis_tally")
    db.execute_sql("DROP TABLE IF EXISTS analysis_tally_state")
