"""What the drills share: a prepared desk database, the intake path of a drill
case, and the checks every drill ends with (SQLite integrity, the archive's
seals, gapless archive numbers).

Shared by the drills in this process and by ``intake_child.py`` in the child
processes (both import it by file name: the folder is on ``sys.path``).
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from models.base import is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import FINAL_STATES, Complaint, ConsentAnswer, FollowUpKind, Liability, OfficeDecision, State
from models.database import integrity_problems, open_database
from models.defaults import load_defaults
from models.intake import (
    Closing,
    Consent,
    FollowUpRequest,
    Investigation,
    Line,
    Receipt,
    close,
    decide,
    escalate,
    propose,
    record_consent,
    record_investigation,
    withdraw,
)
from models.staff import Role, Staff, StaffRemedy, create_staff
from models.verify import verify_archive

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("intake_child.py")
DESK_USER = "drill_desk"
OFFICE_USER = "drill_office"
AMOUNT = "58.00"

# The states a drill case passes through, by path; the path follows from the
# case's id so a child resuming a case after a kill knows where it leads.
NORMAL = (State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.CLOSED)
ESCALATED = (State.RECEIVED, State.INVESTIGATING, State.ESCALATED, State.DECIDED, State.AGREED, State.CLOSED)
WITHDRAWN = (State.RECEIVED, State.INVESTIGATING, State.WITHDRAWN)


def path_of(case_id: int) -> tuple[State, ...]:
    if case_id % 6 == 0:
        return ESCALATED
    if case_id % 6 == 3:
        return WITHDRAWN
    return NORMAL


def prepare_desk(database_file: Path) -> None:
    """Create and migrate the database, load the catalogues and the two drill
    accounts. The desk's daily limit is out of reach: a drill closes hundreds
    of cases a day, more than any real duty manager's authority allows."""
    database = open_database(str(database_file))
    try:
        load_defaults()
        manager = create_staff(
            DESK_USER, "演练值班经理", Role.DUTY_MANAGER, "drill-pass-1", Decimal("500"), Decimal("10000000")
        )
        for remedy in Remedy.select().where(Remedy.office_only == False):  # noqa: E712 - SQL comparison
            StaffRemedy.create(staff=manager, remedy=remedy)
        create_staff(OFFICE_USER, "演练办公室", Role.OFFICE, "drill-pass-1")
    finally:
        database.close()


class Desk:
    """The drill accounts and catalogue entries, read from the open database."""

    def __init__(self) -> None:
        self.manager = Staff.get(Staff.username == DESK_USER)
        self.office = Staff.get(Staff.username == OFFICE_USER)
        self.category = (
            Category.select().where(Category.active, Category.always_to_office == False).order_by(Category.id).first()  # noqa: E712
        )
        self.department = Department.select().order_by(Department.id).first()
        self.remedy = (
            Remedy.select().where(Remedy.active, Remedy.office_only == False).order_by(Remedy.id).first()  # noqa: E712
        )

    def receipt(self, **values: object) -> Receipt:
        fields: dict[str, object] = {
            "customer_name": "演练顾客",
            "location": "大堂",
            "narrative": "演练投诉",
            "category_id": self.category.id,
            "demand": "演练诉求",
            "acknowledged": True,
            "promised_minutes": 30,
        }
        fields.update(values)
        return Receipt(**fields)

    def investigation(self, findings: str, staff_involved: str = "") -> Investigation:
        return Investigation(findings, self.department.id, staff_involved, Liability.FULL)

    def lines(self, description: str = "") -> list[Line]:
        return [Line(self.remedy.id, AMOUNT, description)]


def advance(desk: Desk, case_id: int, label: str) -> tuple[str, dict[str, object]]:
    """Take an open drill case one step along its path; return the step's name
    and what it wrote (column → value, for the parent to find again)."""
    case = Complaint.get_by_id(case_id)
    path = path_of(case_id)
    target = path[path.index(State(case.state)) + 1]
    manager = desk.manager
    if target == State.INVESTIGATING:
        findings = f"{label} 调查属实"
        record_investigation(manager, case_id, desk.investigation(findings))
        return "investigate", {"findings": findings}
    if target == State.PROPOSED:
        proposal = propose(manager, case_id, desk.lines(), "演练补偿")
        return "propose", {"proposal_total": str(proposal.total)}
    if target == State.ESCALATED:
        note = f"{label} 超出权限，请办公室决定"
        escalate(manager, case_id, desk.lines(), note)
        return "escalate", {"handoff_note": note}
    if target == State.DECIDED:
        decide(desk.office, case_id, OfficeDecision.APPROVED)
        return "decide", {"decision": OfficeDecision.APPROVED}
    if target == State.AGREED:
        witness = f"{label} 证人"
        record_consent(manager, case_id, Consent(ConsentAnswer.ACCEPTED, satisfaction=4, witness=witness))
        return "consent", {"consent": ConsentAnswer.ACCEPTED, "witness": witness}
    if target == State.CLOSED:
        due = dt.datetime.now() + dt.timedelta(days=1)
        suggestion = f"{label} 改进建议"
        closed = close(manager, case_id, Closing([FollowUpRequest(FollowUpKind.CALL_BACK, due, "回访")], suggestion))
        return "close", {"improvement_suggestion": suggestion, "archive_number": closed.archive_number}
    reason = f"{label} 顾客离开"
    withdrawn = withdraw(manager, case_id, reason)
    return "withdraw", {"withdrawn_reason": reason, "archive_number": withdrawn.archive_number}


def soundness_problems(database: object) -> list[str]:
    """What SQLite's checks (of a file), the archive's verification and the numbering find wrong."""
    problems = [] if is_postgresql() else list(integrity_problems(database))
    problems.extend(str(problem) for problem in verify_archive())
    problems.extend(numbering_problems())
    return problems


def numbering_problems() -> list[str]:
    """Every closed or withdrawn case has an archive number, and the numbers run
    1, 2, 3 … without a gap or a repeat in each year."""
    unnumbered = Complaint.select(Complaint.id).where(
        Complaint.state.in_(list(FINAL_STATES)), Complaint.archive_number.is_null()
    )
    problems = [f"case #{case_id} is final but has no archive number" for (case_id,) in unnumbered.tuples()]
    by_year: dict[str, list[int]] = {}
    numbers = Complaint.select(Complaint.archive_number).where(Complaint.archive_number.is_null(False)).tuples()
    for (number,) in numbers:
        _, year, sequence = number.split("-")
        by_year.setdefault(year, []).append(int(sequence))
    for year, sequences in sorted(by_year.items()):
        if sorted(sequences) != list(range(1, len(sequences) + 1)):
            missing = sorted(set(range(1, max(sequences) + 1)) - set(sequences))
            repeated = sorted({s for s in sequences if sequences.count(s) > 1})
            problems.append(f"archive numbers of {year}: missing {missing[:10]}, repeated {repeated[:10]}")
    return problems


def verify_command(database_file: Path | str) -> tuple[int, str]:
    """``main.py verify`` on the file, as an office clerk would run it: exit status and output."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--db", str(database_file), "verify"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def child_command(*arguments: str) -> list[str]:
    return [sys.executable, str(CHILD), *arguments]
