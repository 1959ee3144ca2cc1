"""Nothing said at the desk disappears from the record (issue #9): every
proposal keeps the customer's answer to it, and the office's changed remedy
sits beside the desk's proposal instead of overwriting it — in the database,
in the sealed record and on the printed form."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from models.archive import FORMAT_VERSION, ArchiveSeal, printable_record, sealed_text
from models.catalog import Category, Department, Remedy
from models.complaint import (
    Complaint,
    ConsentAnswer,
    Liability,
    OfficeDecision,
    Proposal,
    ProposalStage,
    ProposalStatus,
    State,
)
from models.database import MIGRATIONS_DIR, open_database
from models.errors import FieldError
from models.intake import (
    COUNTER_DEMAND_MAX,
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    close,
    current_proposal,
    decide,
    escalate,
    escalated_cases,
    granted_today,
    proposal_history,
    propose,
    receive,
    record_consent,
    record_investigation,
)
from models.staff import Role, Staff
from ui.paper.archive_form import render_archive_form

from conftest import Desk, require_program, set_limits

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001.db"


@pytest.fixture
def desk(seeded: Desk) -> dict[str, Staff]:
    return {"manager": set_limits(seeded.manager, "200", "300"), "office": seeded.office}


def investigated(manager: Staff) -> Complaint:
    case = receive(
        manager,
        Receipt(
            customer_name="刘先生",
            phone="13812345678",
            location="二楼中餐厅",
            narrative="我点的宫保鸡丁里吃出一根头发！",
            category_id=Category.get(Category.code == "food_quality").id,
            severity="medium",
            demand="要求重做并道歉",
            acknowledged=True,
        ),
    )
    kitchen = Department.get(Department.code == "kitchen")
    return record_investigation(manager, case, Investigation("属实", kitchen.id, "厨师小李", Liability.FULL))


def lines(*pairs: tuple[str, str]) -> list[Line]:
    return [Line(Remedy.get(Remedy.code == code).id, amount) for code, amount in pairs]


def sealed_proposals(case: Complaint) -> list[dict[str, object]]:
    seal = ArchiveSeal.get(ArchiveSeal.complaint == case.id)
    payload = json.loads(sealed_text(seal.payload))
    assert payload["format"] == FORMAT_VERSION == 3
    return payload["proposals"]


def form_text(case: Complaint, tmp_path: Path, language: str) -> str:
    path = tmp_path / f"form-{language}.pdf"
    office = Staff.get(Staff.role == Role.OFFICE)  # archived forms are the office's to print
    record = printable_record(office, Complaint.get_by_id(case.id))
    path.write_bytes(render_archive_form(record, organisation="锦江花园酒店", language=language))
    program = require_program("pdftotext")
    text = subprocess.run([program, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)
    return "".join(text.stdout.split())


def in_order(text: str, *needles: str) -> bool:
    """Every needle appears in the text, each after the one before."""
    position = 0
    for needle in needles:
        found = text.find("".join(needle.split()), position)
        if found < 0:
            return False
        position = found + 1
    return True


# --------------------------------------------------------------------------- a counter-demand, then acceptance


def test_a_counter_demand_stays_on_the_record_after_a_later_acceptance(desk: dict[str, Staff], tmp_path: Path) -> None:
    manager = desk["manager"]
    case = investigated(manager)
    propose(manager, case, lines(("free_drink", "30")), "赠送饮料一杯")
    record_consent(manager, case, Consent(ConsentAnswer.COUNTERED, satisfaction=2, counter_demand="要求整单免单"))
    propose(manager, case, lines(("bill_discount", "150")), "账单减免150元")
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, satisfaction=4, witness="领班小张"))

    first, second = Proposal.select().order_by(Proposal.seq)
    assert (first.answer, first.counter_demand, first.satisfaction) == ("countered", "要求整单免单", 2)
    assert (second.answer, second.counter_demand, second.satisfaction) == ("accepted", "", 4)
    assert first.answered_at is not None and second.answered_at >= first.answered_at
    complaint = Complaint.get_by_id(case.id)
    assert (complaint.consent, complaint.counter_demand) == ("accepted", ""), "the complaint holds the last answer"

    close(manager, case, Closing())
    sealed = sealed_proposals(case)
    assert [(p["seq"], p["answer"], p["counter_demand"], p["satisfaction"]) for p in sealed] == [
        (1, "countered", "要求整单免单", 2),
        (2, "accepted", "", 4),
    ]
    assert all(p["answered_at"] and p["superseded"] is False for p in sealed)

    text = form_text(case, tmp_path, "zh_CN")
    assert in_order(text, "方案 1", "赠送饮料", "另提要求", "要求整单免单", "方案 2", "账单折扣", "150.00", "接受")
    english = form_text(case, tmp_path, "en")
    assert in_order(english, "Proposal 1", "Counter-demand", "要求整单免单", "Proposal 2", "150.00", "Accepted")


def test_a_plain_refusal_after_a_counter_demand_does_not_lose_it(desk: dict[str, Staff]) -> None:
    manager = desk["manager"]
    case = investigated(manager)
    propose(manager, case, lines(("free_drink", "30")))
    record_consent(manager, case, Consent(ConsentAnswer.COUNTERED, counter_demand="要求打八折"))
    propose(manager, case, lines(("bill_discount", "50")))
    record_consent(manager, case, Consent(ConsentAnswer.DECLINED))
    history = proposal_history(case)
    assert [(p.seq, p.answer, p.counter_demand) for p in history] == [
        (1, "countered", "要求打八折"),
        (2, "declined", ""),
    ]
    assert Complaint.get_by_id(case.id).counter_demand == ""


def test_a_refused_answer_leaves_the_proposal_unanswered(desk: dict[str, Staff]) -> None:
    manager = desk["manager"]
    case = investigated(manager)
    proposal = propose(manager, case, lines(("free_drink", "30")))
    with pytest.raises(FieldError, match="the limit is 500"):
        record_consent(manager, case, Consent(ConsentAnswer.COUNTERED, counter_demand="免" * (COUNTER_DEMAND_MAX + 1)))
    with pytest.raises(FieldError, match="what the customer asks for instead"):
        record_consent(manager, case, Consent(ConsentAnswer.COUNTERED, counter_demand="   "))
    stored = Proposal.get_by_id(proposal.id)
    assert (stored.status, stored.answer, stored.counter_demand, stored.answered_at) == ("offered", "", "", None)


# --------------------------------------------------------------------------- the office changes the remedy


def test_a_changed_remedy_keeps_the_desk_proposal_beside_the_office_s(desk: dict[str, Staff], tmp_path: Path) -> None:
    manager, office = desk["manager"], desk["office"]
    case = investigated(manager)
    escalate(manager, case, lines(("cash_compensation", "500")), "顾客要求现金赔偿500元，超出我的权限。")
    with pytest.raises(FieldError, match="at least one remedy"):
        decide(office, case, OfficeDecision.CHANGED, "改为代金券", [])
    assert Proposal.select().count() == 1 and Proposal.get().status == "escalated", "a refused decision changes nothing"

    decided = decide(office, case, OfficeDecision.CHANGED, "改为200元代金券，请向顾客说明。", lines(("voucher", "200")))
    desk_proposal, office_proposal = Proposal.select().order_by(Proposal.seq)
    assert decided.id == office_proposal.id == current_proposal(case).id
    assert desk_proposal.created_by == manager and desk_proposal.status == ProposalStatus.SUPERSEDED
    assert desk_proposal.stage == ProposalStage.SUPERSEDED_BY_OFFICE and desk_proposal.decided_by == office
    assert [(line.remedy.code, line.amount) for line in desk_proposal.lines] == [
        ("cash_compensation", Decimal("500.00"))
    ]
    assert desk_proposal.total == Decimal("500.00")
    assert office_proposal.created_by == office and office_proposal.status == ProposalStatus.DECIDED
    assert office_proposal.decision == "changed" and office_proposal.decision_note.startswith("改为200元")
    assert [(line.remedy.code, line.amount) for line in office_proposal.lines] == [("voucher", Decimal("200.00"))]
    assert escalated_cases() == []

    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, satisfaction=5, witness="服务员小王"))
    assert Proposal.get_by_id(office_proposal.id).answer == "accepted"
    assert Proposal.get_by_id(desk_proposal.id).answer == "", "the customer never answered the replaced proposal"
    assert granted_today(manager) == Decimal("0.00"), "neither the replaced nor the office's remedy is the desk's grant"

    close(manager, case, Closing())
    sealed = sealed_proposals(case)
    assert [(p["seq"], p["created_by"]["username"], p["superseded"], p["total"], p["answer"]) for p in sealed] == [
        (1, "zhangwei", True, "500.00", ""),
        (2, "office", False, "200.00", "accepted"),
    ]
    assert [line["remedy"] for line in sealed[0]["lines"]] == ["cash_compensation"]
    assert [line["remedy"] for line in sealed[1]["lines"]] == ["voucher"]

    text = form_text(case, tmp_path, "zh_CN")
    assert in_order(
        text, "方案 1", "已由办公室调整", "张伟", "现金补偿", "500.00",
        "方案 2", "办公室已决定", "马晓红（办公室）", "代金券", "200.00", "改为200元代金券", "接受",
    )  # fmt: skip
    english = form_text(case, tmp_path, "en")
    assert in_order(
        english, "Proposal 1", "Superseded by the office's change", "500.00",
        "Proposal 2", "Decided by the office", "马晓红 (office)", "200.00",
    )  # fmt: skip


def test_an_approved_escalation_stays_one_proposal(desk: dict[str, Staff]) -> None:
    manager, office = desk["manager"], desk["office"]
    case = investigated(manager)
    escalate(manager, case, lines(("waived_bill", "260")), "顾客要求免单260元，超出我的权限。")
    decide(office, case, OfficeDecision.APPROVED, "同意免单")
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, witness="服务员小王"))
    (only,) = proposal_history(case)
    assert (only.created_by, only.by_office, only.stage, only.decided_by, only.answer) == (
        "张伟", False, "decided", "马晓红", "accepted"
    )


# --------------------------------------------------------------------------- migration 0011


def migration_0011() -> object:
    (path,) = MIGRATIONS_DIR.glob("0011_*.py")
    spec = importlib.util.spec_from_file_location("migration_0011", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _AuditLogOf0011:
    """The database as 0011 read it: each audit event with its changes' text (0014 keeps the texts apart)."""

    def __init__(self, database: object) -> None:
        self.database = database

    def execute_sql(self, sql: str, params: object = None) -> object:
        events = (
            "(SELECT e.id, e.complaint_id, e.at, e.actor_id, e.action, t.text AS changes FROM audit_event e "
            "JOIN audit_change t ON t.id = e.changes_id)"
        )
        return self.database.execute_sql(sql.replace("FROM audit_event ", f"FROM {events} "), params)


@pytest.mark.slow
def test_migration_0011_backfills_open_cases_from_the_audit_log(desk: dict[str, Staff], database: object) -> None:
    manager = desk["manager"]
    open_case = investigated(manager)
    propose(manager, open_case, lines(("free_drink", "30")))
    record_consent(manager, open_case, Consent(ConsentAnswer.COUNTERED, satisfaction=2, counter_demand="要求免单"))
    propose(manager, open_case, lines(("bill_discount", "150")))
    record_consent(manager, open_case, Consent(ConsentAnswer.COUNTERED, satisfaction=2, counter_demand="要求免单"))
    propose(manager, open_case, lines(("bill_discount", "180")))
    record_consent(manager, open_case, Consent(ConsentAnswer.ACCEPTED, satisfaction=4, witness="领班小张"))
    sealed_case = investigated(manager)
    propose(manager, sealed_case, lines(("free_drink", "30")))
    record_consent(manager, sealed_case, Consent(ConsentAnswer.ACCEPTED, witness="领班小张"))
    close(manager, sealed_case, Closing())
    expected = [
        (p.answer, p.counter_demand, p.satisfaction, p.answered_at)
        for p in Proposal.select().where(Proposal.complaint == open_case).order_by(Proposal.seq)
    ]
    triggers = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    triggers = triggers.fetchall()

    migration = migration_0011()
    with database.atomic():
        migration.down(None, database)
        migration.up(None, _AuditLogOf0011(database))

    found = [
        (p.answer, p.counter_demand, p.satisfaction, p.answered_at)
        for p in Proposal.select().where(Proposal.complaint == open_case).order_by(Proposal.seq)
    ]
    countered = ("countered", "要求免单", 2)
    assert [row[:3] for row in found] == [countered, countered, ("accepted", "", 4)]
    assert all(abs(got[3] - want[3]) < dt.timedelta(seconds=1) for got, want in zip(found, expected, strict=True))
    sealed = Proposal.get(Proposal.complaint == sealed_case)
    assert (sealed.status, sealed.answer) == ("accepted", ""), "a sealed case is left as it was sealed"
    after = database.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
    assert after.fetchall() == triggers, "the sealed-case triggers survive the migration"


def test_the_released_schema_gains_the_answers_of_its_open_cases(tmp_path: Path) -> None:
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    database = open_database(str(copy))
    try:
        answered = {
            p.complaint_id: (p.status, p.answer, p.answered_at)
            for p in Proposal.select().join(Complaint).where(Complaint.archive_number.is_null())
        }
        states = {c.id: (c.state, c.consent_at) for c in Complaint.select().where(Complaint.archive_number.is_null())}
        for complaint_id, (status, answer, answered_at) in answered.items():
            state, consent_at = states[complaint_id]
            if state in (State.AGREED, State.DECLINED):
                assert answer == status and answered_at == consent_at, complaint_id
            else:
                assert answer == "" and answered_at is None, complaint_id
        assert {answer for _, answer, _ in answered.values()} == {"", "accepted", "declined"}
    finally:
        database.close()
