"""0005: the handover keeps the sheet it was given with and when the incoming
duty manager acknowledged it."""


def up(migrator, db):
    db.execute_sql("ALTER TABLE handover ADD COLUMN sheet TEXT NOT NULL DEFAULT '{}'")
    db.execute_sql("ALTER TABLE handover ADD COLUMN acknowledged_at DATETIME")


def down(migrator, db):
    migrator.migrate(migrator.drop_column("handover", "acknowledged_at"), migrator.drop_column("handover", "sheet"))
