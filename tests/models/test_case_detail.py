"""The screens' reads of one case and of the catalogues: plain rows built in
one query, evidence read on demand, and the rule of which cases the desk continues."""
from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from models.base import db
from models.case_detail import (
    CaseDetail,
    case_detail,
    case_number,
    evidence_bytes,
    evidence_files,
    may_continue,
    may_print_form,
)
from models.catalog import Category, Department, categories, departments, history_names, remedies
from models.catalog_admin import editable_entry, entries, set_active
from models.complaint import Complaint, State
from models.intake import Receipt, add_attachment, receive
from models.queues import desk_queue
from models.staff import Role, Staff, create_staff


@pytest.fixture
def desk(defaults: object) -> tuple[Staff, Staff]:
    manager = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("500"), Decimal("1000"))
    return manager, create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")


def received(manager: Staff) -> Complaint:
    category = Category.get(Category.code == "food_quality")
    receipt = Receipt(
        customer_name="刘先生", phone="13812345678", narrative="汤是凉的", category_id=category.id,
        demand="重做", acknowledged=True,
    )
    return receive(manager, receipt)


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> QueryCounter:
        self._execute = db.obj.execute_sql

        def counting(sql: str, params: object = None, *args: object, **kwargs: object) -> object:
            self.count += 1
            return self._execute(sql, params, *args, **kwargs)

        db.obj.execute_sql = counting
        return self

    def __exit__(self, *exc: object) -> None:
        db.obj.execute_sql = self._execute


def test_a_case_is_read_with_its_names_in_one_query(desk: tuple[Staff, Staff]) -> None:
    manager, _ = desk
    case = received(manager)
    with QueryCounter() as queries:
        detail = case_detail(case.id)
    assert queries.count == 1
    assert dataclasses.is_dataclass(detail) and detail.__dataclass_params__.frozen
    assert (detail.number, detail.received_by, detail.customer_name, detail.customer_phone) == (
        f"#{case.id}", "张伟", "刘先生", "13812345678"
    )
    assert detail.category is not None and detail.category.name == Category.get_by_id(case.category_id).name
    assert detail.category_default_department_id == Category.get_by_id(case.category_id).default_department_id
    assert detail.department is None and detail.department_id is None
    assert case_number(case.id) == f"#{case.id}"
    with pytest.raises(Complaint.DoesNotExist):
        case_detail(case.id + 1000)


def test_evidence_is_listed_without_its_bytes_and_read_on_demand(desk: tuple[Staff, Staff]) -> None:
    manager, _ = desk
    case = received(manager)
    add_attachment(manager, case.id, "receipt.jpg", b"\xff\xd8 a photo")
    [listed] = evidence_files(case.id)
    assert (listed.filename, listed.size) == ("receipt.jpg", len(b"\xff\xd8 a photo"))
    assert evidence_bytes(listed.id) == ("receipt.jpg", b"\xff\xd8 a photo")


def test_the_desk_continues_open_cases_but_not_escalated_ones(desk: tuple[Staff, Staff]) -> None:
    manager, office = desk
    detail = case_detail(received(manager).id)
    assert may_continue(manager, detail) and may_print_form(manager, detail)
    escalated = dataclasses.replace(detail, state=State.ESCALATED)
    closed = dataclasses.replace(detail, state=State.CLOSED, archive_number="TS-2026-000001")
    assert not may_continue(manager, escalated) and not may_continue(office, escalated)
    assert not may_continue(manager, closed)
    assert not may_print_form(manager, closed) and may_print_form(office, closed)
    assert not may_continue(None, detail)


def test_catalogue_choices_are_the_active_entries_in_order(desk: tuple[Staff, Staff]) -> None:
    _, office = desk
    noise = Category.get(Category.code == "noise")
    set_active(office, "category", noise.id, False)
    assert noise.id not in [c.id for c in categories()]
    assert noise.id in [c.id for c in categories(active_only=False)]
    active = Department.select().where(Department.active).order_by(Department.sort_order, Department.id)
    assert [d.id for d in departments()] == [d.id for d in active]
    assert all(isinstance(r.default_amount, Decimal) for r in remedies())
    names = history_names()
    assert names["category"][noise.id] == names["category"]["noise"], "the history names an entry by id or code"
    row = editable_entry("category", noise.id)
    assert not row.active and row.values["default_department"] == noise.default_department_id
    assert entries("category")[-1] == row, "retired entries are listed last"


def test_the_desk_queue_holds_rows(desk: tuple[Staff, Staff]) -> None:
    manager, _ = desk
    case = received(manager)
    [row] = desk_queue(manager)
    assert (row.id, row.number, row.customer_name, row.received_by) == (case.id, f"#{case.id}", "刘先生", "张伟")
    assert not isinstance(row, CaseDetail | Complaint)


def test_a_case_s_risk_is_read_as_of_now_as_the_queue_shows_it(desk: tuple[Staff, Staff]) -> None:
    """A case long past its promise is riskier now than at its last step: the case view says so, as the
    queues, the handover sheet and the risk list do; a closed case keeps its level as it was."""
    import datetime as dt

    manager, _ = desk
    case = received(manager)
    detail = case_detail(case.id)
    assert detail.promised_at is not None and detail.risk_level
    late = detail.promised_at + dt.timedelta(hours=7)
    [row] = desk_queue(manager, now=late)
    now = detail.risk_now(late)
    assert now is not None and now.level.value == row.risk_level != detail.risk_level
    assert "overdue" in {reason.code for reason in now.reasons}
    Complaint.update(state=State.CLOSED).where(Complaint.id == case.id).execute()
    closed = case_detail(case.id).risk_now(late)
    assert closed is not None and closed.level.value == detail.risk_level, "finished: as it stood"
