"""0029: a desk may have told the office of several customers whose case it never saved.

0015 allowed one open alert per desk for a customer not saved yet (the unique index ``riskalert_open_unsaved``).
A duty manager who told the office of a threatening customer, then discarded the intake (the customer walked off),
left that alert open for the office, as it should stay: and the next customer's "Tell the office now" was refused
with a sentence about the earlier one ("The office was told of this case at 08:05 …"), so the office never heard of
the second. The intake keeps the alert it raised (the wizard's own), so the index goes; an open alert per case stays
unique (``riskalert_open_case``).

Nothing to undo: a program before 0029 reads the alerts as they are; ``down`` makes the index again when at most
one open unsaved alert per desk is left.

Frozen like every migration: never edit it once released.
"""


def up(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "riskalert_open_unsaved"')


def down(migrator, db):
    db.execute_sql(
        'CREATE UNIQUE INDEX "riskalert_open_unsaved" ON "risk_alert" ("raised_by_id") '
        'WHERE "answered_at" IS NULL AND "complaint_id" IS NULL'
    )
