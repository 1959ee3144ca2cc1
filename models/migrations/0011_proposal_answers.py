"""0011: each proposal keeps the customer's answer to it (answer, counter-demand,
satisfaction, when), so an earlier counter-demand survives a later acceptance.

Plain ADD COLUMN with defaults: the table is not rebuilt, so the sealed-case
triggers of 0002 on ``proposal`` stay as they are.

Backfill, for cases not sealed into the archive only: the database refuses
any change to a sealed case (0002), and a sealed case's form prints its
sealed record anyway. A proposal the customer answered keeps its answer in
its status; its counter-demand, satisfaction and time come from the audit
log's "consent" events, matched in order with the answered proposals (one
event per answer), and for the last answer from the complaint's own columns
(which hold the last answer). When the events do not pair up, only the last
answer gets its counter-demand, satisfaction and time. The desk's
lines the office replaced before this version were deleted then; they stay
only in the audit log ("remedy_changed") and are not rebuilt.
"""
import json

ANSWERED = ("accepted", "declined", "countered")


def up(migrator, db):
    db.execute_sql("ALTER TABLE proposal ADD COLUMN answer VARCHAR(16) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE proposal ADD COLUMN counter_demand TEXT NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE proposal ADD COLUMN satisfaction INTEGER")
    db.execute_sql("ALTER TABLE proposal ADD COLUMN answered_at DATETIME")
    marks = ", ".join("?" * len(ANSWERED))
    answered: dict[int, list[tuple[int, str]]] = {}
    rows = db.execute_sql(
        f"SELECT p.complaint_id, p.id, p.status FROM proposal p JOIN complaint c ON c.id = p.complaint_id "
        f"WHERE c.archive_number IS NULL AND p.status IN ({marks}) ORDER BY p.complaint_id, p.seq",
        ANSWERED,
    )
    for complaint_id, proposal_id, status in rows.fetchall():
        answered.setdefault(complaint_id, []).append((proposal_id, status))
    for complaint_id, proposals in answered.items():
        for (proposal_id, status), values in zip(proposals, _answers(db, complaint_id, proposals), strict=True):
            counter, satisfaction, at = values
            db.execute_sql(
                "UPDATE proposal SET answer = ?, counter_demand = ?, satisfaction = ?, answered_at = ? WHERE id = ?",
                (status, counter, satisfaction, at, proposal_id),
            )


def _answers(db, complaint_id, proposals):
    """(counter-demand, satisfaction, answered at) for each answered proposal, in order.

    The complaint's own columns hold the last answer exactly; the earlier ones
    come from the audit log when its "consent" events pair one to one with them."""
    last = db.execute_sql(
        "SELECT counter_demand, satisfaction, consent_at FROM complaint WHERE id = ?", (complaint_id,)
    ).fetchone()
    earlier = [("", None, None)] * (len(proposals) - 1)
    events = db.execute_sql(
        "SELECT at, changes FROM audit_event WHERE complaint_id = ? AND action = 'consent' ORDER BY id",
        (complaint_id,),
    ).fetchall()
    if len(events) == len(proposals):
        # An event lists only the fields that changed: carry the others from the answer before.
        counter, satisfaction, earlier = "", None, []
        for at, changes in events[:-1]:
            try:
                changed = json.loads(changes or "{}")
            except ValueError:
                changed = {}
            if "counter_demand" in changed:
                counter = _new(changed["counter_demand"]) or ""
            if "satisfaction" in changed:
                satisfaction = _new(changed["satisfaction"])
            earlier.append((counter, satisfaction if isinstance(satisfaction, int) else None, at))
    return [*earlier, tuple(last)]


def _new(value):
    """The new value of an audit change ``[old, new]`` (bulk loads record the value alone)."""
    return value[1] if isinstance(value, list) and len(value) == 2 else value


def down(migrator, db):
    # SQLite's own DROP COLUMN (3.35+) keeps the table and its triggers, unlike peewee's rebuild.
    for name in ("answered_at", "satisfaction", "counter_demand", "answer"):
        db.execute_sql(f"ALTER TABLE proposal DROP COLUMN {name}")
