"""0032: a password an administrator set is changed by its owner at the next login.

Until now an account an administrator made, or whose password an administrator reset, went on with the password
the administrator typed: that person could log in as the account afterwards, and the audit trail, the handover's
signature and the archive's "closed by" named the account's owner for what they did. ``staff`` gets
``must_change_password``: set by a new account and by a reset of another person's password
(``models.accounts``), cleared when the person chooses their own (``change_own_password``); while it is set the
desk asks for a new password at the login, and every action is refused (``models.permissions.require``).

The accounts there before keep their passwords as they are (nobody is asked): nothing tells which of them an
administrator set last. ``down`` drops the column.

Frozen like every migration: never edit it once released.
"""

from peewee import PostgresqlDatabase


def up(migrator, db):
    # Plain ADD COLUMN with a default: the table is not rebuilt, its rows and references stay.
    kind = "BOOLEAN NOT NULL DEFAULT FALSE" if isinstance(db, PostgresqlDatabase) else "INTEGER NOT NULL DEFAULT 0"
    db.execute_sql(f"ALTER TABLE staff ADD COLUMN must_change_password {kind}")


def down(migrator, db):
    # DROP COLUMN of SQLite 3.35+ and of PostgreSQL: the table is kept, with its triggers.
    db.execute_sql("ALTER TABLE staff DROP COLUMN must_change_password")
