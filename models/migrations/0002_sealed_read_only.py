"""0002: the database itself refuses to change a case sealed into the archive.

Triggers abort any UPDATE or DELETE of a sealed complaint and of its
proposals, compensation lines and attachments, any new child row for it, and
any change to what a follow-up promised (doing the follow-up stays possible).
"""

SEALED_BY_COMPLAINT = "(SELECT archive_number FROM complaint WHERE id = {row}.complaint_id) IS NOT NULL"
SEALED_BY_PROPOSAL = (
    "(SELECT c.archive_number FROM complaint c JOIN proposal p ON p.complaint_id = c.id "
    "WHERE p.id = {row}.proposal_id) IS NOT NULL"
)

TRIGGERS = {
    "complaint_sealed_update": ("BEFORE UPDATE ON complaint", "OLD.archive_number IS NOT NULL"),
    "complaint_sealed_delete": ("BEFORE DELETE ON complaint", "OLD.archive_number IS NOT NULL"),
    "follow_up_sealed_update": (
        "BEFORE UPDATE OF complaint_id, kind, due_at, description ON follow_up",
        SEALED_BY_COMPLAINT.format(row="OLD"),
    ),
    "follow_up_sealed_delete": ("BEFORE DELETE ON follow_up", SEALED_BY_COMPLAINT.format(row="OLD")),
    "follow_up_sealed_insert": ("BEFORE INSERT ON follow_up", SEALED_BY_COMPLAINT.format(row="NEW")),
    "compensation_line_sealed_insert": ("BEFORE INSERT ON compensation_line", SEALED_BY_PROPOSAL.format(row="NEW")),
    "compensation_line_sealed_update": ("BEFORE UPDATE ON compensation_line", SEALED_BY_PROPOSAL.format(row="OLD")),
    "compensation_line_sealed_delete": ("BEFORE DELETE ON compensation_line", SEALED_BY_PROPOSAL.format(row="OLD")),
}
for table in ("proposal", "attachment"):
    TRIGGERS[f"{table}_sealed_insert"] = (f"BEFORE INSERT ON {table}", SEALED_BY_COMPLAINT.format(row="NEW"))
    TRIGGERS[f"{table}_sealed_update"] = (f"BEFORE UPDATE ON {table}", SEALED_BY_COMPLAINT.format(row="OLD"))
    TRIGGERS[f"{table}_sealed_delete"] = (f"BEFORE DELETE ON {table}", SEALED_BY_COMPLAINT.format(row="OLD"))


def up(migrator, db):
    for name, (event, condition) in TRIGGERS.items():
        db.execute_sql(
            f"CREATE TRIGGER {name} {event} FOR EACH ROW WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, 'this complaint is sealed in the archive'); END"
        )


def down(migrator, db):
    for name in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")
