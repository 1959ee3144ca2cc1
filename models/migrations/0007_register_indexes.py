"""0007: indexes for the register's usual filters, newest first within each."""

INDEXES = {
    "complaint_category_id_received_at": ("category_id", "received_at"),
    "complaint_state_received_at": ("state", "received_at"),
}


def up(migrator, db):
    for name, columns in INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "complaint" ({", ".join(columns)})')


def down(migrator, db):
    for name in INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
