"""0017: tallies for hot-spot detection (issue 13): complaints per group per day, kept up to date incrementally.

- ``hotspot_group``: a group of complaints (kind, scope, value), e.g. ("phrase_location", "二楼中餐厅", "头发").
- ``hotspot_tally``: how many complaints of a group were received on a day (``day``: the date's proleptic
  ordinal, ``date.toordinal()``), by group and day (WITHOUT ROWID); an index by day finds a window's groups.
- ``hotspot_state``: one row: which complaints the tallies hold (``through``: every complaint with an id up to
  it) and the phrase rules that made them (``rules``; empty: none yet).
- ``hotspot_change``: the complaints changed after they were tallied, with the values they had (sign -1) and
  have (sign +1), queued by triggers for the next catch-up (``models/control/tallies.py``) to apply. They
  queue only complaints at or below the mark: a new complaint is read by the catch-up itself (id above
  ``through``), unless it takes the id of a deleted newest one. A raw sqlite3 write is caught as well as the
  intake's.

Nothing is tallied here: the phrases need the application's word segmenter and rules, which a frozen migration
cannot carry; the first catch-up builds the tallies in chunks (about a minute for a million complaints), and
again whenever the rules change.
"""
from peewee import *  # noqa: F403 - the frozen copy uses peewee's field names

COLUMNS = ("received_at", "category_id", "location", "department_id", "staff_involved", "narrative")
_TALLIED = "(SELECT through FROM hotspot_state WHERE id = 1)"


def _queue(row, sign):
    values = ", ".join(f"{row}.{column}" for column in COLUMNS)
    return (
        f"INSERT INTO hotspot_change (complaint_id, sign, {', '.join(COLUMNS)}) "
        f"SELECT {row}.id, {sign}, {values} WHERE {row}.id <= {_TALLIED};"
    )


_CHANGED = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in ("id", *COLUMNS))
TRIGGERS = (
    f"CREATE TRIGGER hotspot_complaint_update AFTER UPDATE OF id, {', '.join(COLUMNS)} ON complaint "
    f"WHEN {_CHANGED} BEGIN " + _queue("OLD", -1) + " " + _queue("NEW", 1) + " END",
    "CREATE TRIGGER hotspot_complaint_delete AFTER DELETE ON complaint BEGIN " + _queue("OLD", -1) + " END",
    # SQLite gives the id of a deleted newest row again: such a complaint lies below the mark already.
    "CREATE TRIGGER hotspot_complaint_insert AFTER INSERT ON complaint BEGIN " + _queue("NEW", 1) + " END",
)
TABLES = ("hotspot_change", "hotspot_tally", "hotspot_state", "hotspot_group")


def up(migrator, db):
    class HotspotGroup(Model):
        kind = CharField(max_length=32)
        scope = CharField(max_length=128)
        value = CharField(max_length=128)

        class Meta:
            database = db
            table_name = "hotspot_group"
            indexes = ((("kind", "scope", "value"), True),)

    class HotspotTally(Model):
        group = ForeignKeyField(HotspotGroup, on_delete="CASCADE", index=False)
        day = IntegerField()
        n = IntegerField()

        class Meta:
            database = db
            table_name = "hotspot_tally"
            primary_key = CompositeKey("group", "day")
            without_rowid = True
            indexes = ((("day", "group", "n"), False),)

    class HotspotState(Model):
        through = IntegerField(default=0)
        rules = CharField(max_length=64, default="")

        class Meta:
            database = db
            table_name = "hotspot_state"

    class HotspotChange(Model):
        complaint_id = IntegerField()
        sign = IntegerField()
        received_at = DateTimeField(null=True)
        category_id = IntegerField(null=True)
        location = CharField(max_length=64, null=True)
        department_id = IntegerField(null=True)
        staff_involved = CharField(max_length=128, null=True)
        narrative = TextField(null=True)

        class Meta:
            database = db
            table_name = "hotspot_change"

    db.create_tables([HotspotGroup, HotspotTally, HotspotState, HotspotChange])
    db.execute_sql("INSERT INTO hotspot_state (id, through, rules) VALUES (1, 0, '')")
    for statement in TRIGGERS:
        db.execute_sql(statement)


def down(migrator, db):
    for name in ("hotspot_complaint_update", "hotspot_complaint_delete", "hotspot_complaint_insert"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
    for table in TABLES:
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
