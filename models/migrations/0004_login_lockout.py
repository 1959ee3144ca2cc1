"""0004: failed logins lock an account for a while (counter and lock time on staff)."""


def up(migrator, db):
    # Plain ADD COLUMN: a default makes NOT NULL possible without rebuilding the table.
    db.execute_sql("ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0")
    db.execute_sql("ALTER TABLE staff ADD COLUMN locked_until DATETIME")


def down(migrator, db):
    migrator.migrate(migrator.drop_column("staff", "locked_until"), migrator.drop_column("staff", "failed_logins"))
