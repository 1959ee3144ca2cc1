"""Migration 0031: the open cases scored "watch" because a negation before a threat read as taking it back (没有
道歉要去12315投诉) are assessed again under the new rule; a real retraction stays one, a closed case keeps its
record."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from models.complaint import Complaint
from models.control.risk_cases import assess_open_cases
from models.database import open_database
from models.staff import Staff

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0030.db"
TAKEN_BACK = '[{"code":"threat_negated","cue":"没有","group":"consumer_association","word":"消协"}]'


def test_open_cases_read_as_a_threat_taken_back_are_assessed_again(tmp_path: Path) -> None:
    copy = tmp_path / "desk.db"
    shutil.copy(FIXTURE, copy)
    with closing(sqlite3.connect(copy)) as raw, raw:
        raw.execute("DROP TRIGGER IF EXISTS complaint_sealed_update")  # the closed case's text, as an old release's
        cases = {
            55: "你们没有诚意我去消协",  # open: a threat, misread before
            54: "我不会去消协的",  # open: a threat taken back
            1: "你们没有诚意我去消协",  # closed: kept as it was closed
        }
        for case_id, narrative in cases.items():
            raw.execute(
                "UPDATE complaint SET narrative = ?, risk_level = 'watch', risk_reasons = ?, risk_score = 1 "
                "WHERE id = ?",
                (narrative, TAKEN_BACK, case_id),
            )
    database = open_database(str(copy))
    try:
        assert [Complaint.get_by_id(i).risk_level for i in (55, 54, 1)] == ["", "", "watch"]
        assert assess_open_cases(Staff.get(Staff.username == "office")) >= 2
        codes = {i: [r["code"] for r in json.loads(Complaint.get_by_id(i).risk_reasons)] for i in (55, 54)}
        assert "threat" in codes[55] and "threat_negated" not in codes[55]
        assert Complaint.get_by_id(55).risk_level == "high"
        assert "threat_negated" in codes[54] and "threat" not in codes[54]  # (overdue too: the fixture's clock)
        assert Complaint.get_by_id(1).risk_level == "watch" and Complaint.get_by_id(1).risk_reasons == TAKEN_BACK
    finally:
        database.close()
