"""0009: a numeric per-year counter of archive numbers.

The next number used to be the year's largest archive number *as text* plus
one, so past TS-2026-999999 ("TS-2026-1000000" sorts before it) every closing
failed. ``archive_sequence`` keeps the last number given in each year as an
integer; it starts from the numeric part of the numbers already given.
"""
from peewee import IntegerField, Model

EXISTING_NUMBERS = (
    "INSERT INTO archive_sequence (year, last) "
    "SELECT CAST(substr(archive_number, 4, 4) AS INTEGER), MAX(CAST(substr(archive_number, 9) AS INTEGER)) "
    "FROM complaint WHERE archive_number GLOB 'TS-[0-9][0-9][0-9][0-9]-[0-9]*' GROUP BY 1"
)


def up(migrator, db):
    class ArchiveSequence(Model):
        year = IntegerField(primary_key=True)
        last = IntegerField()

        class Meta:
            database = db
            table_name = "archive_sequence"

    db.create_tables([ArchiveSequence])
    db.execute_sql(EXISTING_NUMBERS)


def down(migrator, db):
    db.execute_sql("DROP TABLE IF EXISTS archive_sequence")
