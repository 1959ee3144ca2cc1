"""Migration 0028: an open case the office took over by its decision names the office account that decided."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from models.complaint import Complaint
from models.database import open_database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0027.db"


def test_an_open_case_taken_over_by_a_decision_before_0028_names_who_decided(tmp_path: Path) -> None:
    copy = tmp_path / "desk.db"
    shutil.copy(FIXTURE, copy)
    with closing(sqlite3.connect(copy)) as raw, raw:
        # Case 60 waits for the desk after the office's decision; as 0027's program wrote a take-over.
        (office,) = raw.execute("SELECT decided_by_id FROM proposal WHERE complaint_id = 60").fetchone()
        raw.execute("UPDATE proposal SET decision = 'taken_over' WHERE complaint_id = 60")
        taken = raw.execute("SELECT id FROM complaint WHERE taken_over_by_id IS NOT NULL").fetchall()
    assert taken == []
    database = open_database(str(copy))
    try:
        assert Complaint.get_by_id(60).taken_over_by_id == office
        assert Complaint.select().where(Complaint.taken_over_by.is_null(False)).count() == 1, (
            "closed cases and those decided otherwise stay as they were"
        )
    finally:
        database.close()
