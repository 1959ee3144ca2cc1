"""0025: seals' payloads compressed with Zstandard (issue 11: speed at a million complaints).

No table changes. From this schema on, a seal's payload may be of the stored forms 5 and 6 (models/seal_store.py):
the canonical text compressed with Zstandard against a ``seal_dictionary`` row taken as raw content, where forms 3
and 4 deflated it. Compressing a record takes a fifth of deflate's time (a demo record: 10 against 45 µs), and the
payload is a few bytes smaller, as new dictionaries hold 128 KiB of the newest texts (deflate only reaches back
32 KiB). Payloads already stored keep their form: every form is still read, so nothing is stored again.

The migration is the mark a program before it needs: such a program cannot read forms 5 and 6 (its check would
call every new seal unreadable), and a file of a schema newer than its own is refused before it is opened
(models/database.py). Undoing it is refused once a payload of form 5 or 6 is stored.

Frozen like every migration: never edit it once released.
"""

from peewee import PostgresqlDatabase

FIRST_BYTE_5_OR_6 = {
    "sqlite": "substr(payload, 1, 1) IN (x'05', x'06')",
    "postgresql": "substring(payload from 1 for 1) IN ('\\x05'::bytea, '\\x06'::bytea)",
}


def up(migrator, db):
    pass


def down(migrator, db):
    where = FIRST_BYTE_5_OR_6["postgresql" if isinstance(db, PostgresqlDatabase) else "sqlite"]
    if db.execute_sql(f"SELECT 1 FROM archive_seal WHERE {where} LIMIT 1").fetchone() is not None:
        raise RuntimeError("seals of stored forms 5 and 6 (Zstandard) are stored: a program before 0025 cannot read them")
