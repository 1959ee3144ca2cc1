"""0019: recovery from a third party (追偿, issue 14).

``cost_recovery``: a compensation line the customer accepted, marked as recoverable from a supplier or partner
at fault (``party``), with the amount due from it and the amount recovered so far. A table of its own: the lines
of a closed case are sealed (0002's triggers, the archive's seal) and recovery happens after closing. One row per
line at most; changed only through ``models.analysis.recovery``.
"""
import datetime

from peewee import *  # noqa: F403 - the frozen copies use peewee's field names


def up(migrator, db):
    class Staff(Model):
        class Meta:
            database = db
            table_name = "staff"

    class CompensationLine(Model):
        class Meta:
            database = db
            table_name = "compensation_line"

    class CostRecovery(Model):
        line = ForeignKeyField(CompensationLine, unique=True, on_delete="RESTRICT")
        party = CharField(max_length=64)
        amount_due = DecimalField(max_digits=12, decimal_places=2, auto_round=True)
        amount_recovered = DecimalField(max_digits=12, decimal_places=2, auto_round=True, default=0)
        recovered_at = DateTimeField(null=True)
        note = TextField(default="")
        created_at = DateTimeField(default=datetime.datetime.now)
        created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
        updated_at = DateTimeField(default=datetime.datetime.now)
        updated_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

        class Meta:
            database = db
            table_name = "cost_recovery"

    db.create_tables([CostRecovery])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "cost_recovery"')
