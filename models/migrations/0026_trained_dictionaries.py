"""0026: seal dictionaries trained by Zstandard (issue 11: a smaller file at a million complaints).

No table changes. From this schema on, a new ``seal_dictionary`` row may be a dictionary Zstandard trained on the
newest seals' texts (models/seal_store.py, ``make_dictionary``), where 0025 kept the texts themselves as the
dictionary's raw content: a demo record's payload takes about 300 bytes instead of 394. Such a dictionary begins
with Zstandard's dictionary magic number; payloads name their dictionary as before (stored forms 5 and 6).

The migration is the mark a program before it needs: such a program would take a trained dictionary for raw
content, and its check could call seals compressed against one unreadable; a file of a schema newer than its own
is refused before it is opened (models/database.py). Undoing it is refused once a trained dictionary is stored.

Frozen like every migration: never edit it once released.
"""

from peewee import PostgresqlDatabase

TRAINED = {  # the dictionary begins with Zstandard's magic number 0xEC30A437 (little-endian)
    "sqlite": "substr(data, 1, 4) = x'37a430ec'",
    "postgresql": "substring(data from 1 for 4) = '\\x37a430ec'::bytea",
}


def up(migrator, db):
    pass


def down(migrator, db):
    where = TRAINED["postgresql" if isinstance(db, PostgresqlDatabase) else "sqlite"]
    if db.execute_sql(f"SELECT 1 FROM seal_dictionary WHERE {where} LIMIT 1").fetchone() is not None:
        raise RuntimeError("trained seal dictionaries are stored: a program before 0026 cannot read them")
