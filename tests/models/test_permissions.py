"""The permission matrix: every domain function with every role, allowed or
refused as intended, whatever the caller."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from models import permissions
from models.accounts import add_account, set_account_active, update_account
from models.archive import amend, archived_by_numbers
from models.audit import AuditEvent
from models.catalog import Category, Department, Remedy
from models.catalog_admin import save_entry
from models.complaint import Complaint, Liability, OfficeDecision
from models.errors import AccountDisabledError, DomainError, NotLoggedInError, RoleChangedError
from models.intake import (
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    add_attachment,
    close,
    decide,
    escalate,
    propose,
    receive,
    record_consent,
    record_investigation,
    withdraw,
)
from models.staff import Role, Staff, StaffRemedy, create_staff

ROLES = (Role.DUTY_MANAGER, Role.OFFICE, Role.ADMIN)


def receipt() -> Receipt:
    category = Category.get(Category.code == "food_quality")
    return Receipt(narrative="菜凉了", category_id=category.id, demand="要求重新加热", acknowledged=True)


def investigated(desk: Staff) -> Complaint:
    case = receive(desk, receipt())
    kitchen = Department.get(Department.code == "kitchen")
    return record_investigation(desk, case, Investigation("属实", kitchen.id, "", Liability.PARTIAL))


def drink() -> list[Line]:
    return [Line(Remedy.get(Remedy.code == "free_drink").id, "30")]


def proposed(desk: Staff) -> Complaint:
    case = investigated(desk)
    propose(desk, case, drink())
    return case


def agreed(desk: Staff) -> Complaint:
    case = proposed(desk)
    return record_consent(desk, case, Consent("accepted", witness="小王"))


def escalated(desk: Staff) -> Complaint:
    case = investigated(desk)
    escalate(desk, case, drink(), "顾客要求见经理，请办公室处理。")
    return case


def archived(desk: Staff) -> Complaint:
    return close(desk, agreed(desk), Closing())


# action: (prepare a case with the duty manager, act on it as the role under test)
ACTIONS: dict[str, tuple[Callable[[Staff], Complaint | None], Callable[[Staff, Complaint | None], object]]] = {
    "receive": (lambda desk: None, lambda actor, case: receive(actor, receipt())),
    "investigate": (
        lambda desk: receive(desk, receipt()),
        lambda actor, case: record_investigation(
            actor, case, Investigation("属实", Department.get(Department.code == "kitchen").id, "", "full")
        ),
    ),
    "attach": (lambda desk: receive(desk, receipt()), lambda actor, case: add_attachment(actor, case, "a.jpg", b"x")),
    "propose": (investigated, lambda actor, case: propose(actor, case, drink())),
    "escalate": (investigated, lambda actor, case: escalate(actor, case, drink(), "请办公室决定这件投诉。")),
    "decide": (escalated, lambda actor, case: decide(actor, case, OfficeDecision.APPROVED)),
    "consent": (proposed, lambda actor, case: record_consent(actor, case, Consent("accepted", witness="小王"))),
    "close": (agreed, lambda actor, case: close(actor, case, Closing())),
    "withdraw": (lambda desk: receive(desk, receipt()), lambda actor, case: withdraw(actor, case, "顾客离开")),
    "amend": (archived, lambda actor, case: amend(actor, case.archive_number, "更正", {"other": "补充"})),
    "print_archive": (archived, lambda actor, case: archived_by_numbers(actor, [case.archive_number])),
    "edit_catalogues": (
        lambda desk: None,
        lambda actor, case: save_entry(actor, "department", None, {"name": "新部门", "name_en": "New"}),
    ),
    "manage_accounts": (
        lambda desk: None,
        lambda actor, case: add_account(actor, "newcomer", "新同事", Role.DUTY_MANAGER, "long-enough"),
    ),
}

EXPECTED = {
    # action: roles that may do it
    "receive": set(ROLES),
    "investigate": set(ROLES),
    "attach": set(ROLES),
    "propose": set(ROLES),
    "escalate": set(ROLES),
    "decide": {Role.OFFICE, Role.ADMIN},
    "consent": set(ROLES),
    "close": set(ROLES),
    "withdraw": set(ROLES),
    "amend": {Role.OFFICE, Role.ADMIN},
    "manage_accounts": {Role.ADMIN},
    "edit_catalogues": {Role.OFFICE, Role.ADMIN},
    "print_archive": {Role.OFFICE, Role.ADMIN},
}


@pytest.fixture
def desk(defaults: object) -> Staff:
    staff = create_staff("desk", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("500"), Decimal("5000"))
    for remedy in Remedy.select():
        StaffRemedy.create(staff=staff, remedy=remedy)
    return staff


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_with_every_role(desk: Staff, action: str, role: Role) -> None:
    actor = desk if role == Role.DUTY_MANAGER else create_staff(f"user_{role}", "测试", role, "long-enough")
    prepare, act = ACTIONS[action]
    case = prepare(desk)
    before = Complaint.get_by_id(case.id).state if case else None
    if role in EXPECTED[action]:
        act(actor, case)
    else:
        with pytest.raises(DomainError, match=r"Only (the office|an administrator)"):
            act(actor, case)
        if case is not None:
            assert Complaint.get_by_id(case.id).state == before, "a refusal changes nothing"
        assert not Staff.select().where(Staff.username == "newcomer").exists()


@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_disabled_account_may_do_nothing(desk: Staff, action: str) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    prepare, act = ACTIONS[action]
    case = prepare(desk)
    Staff.update(active=False).where(Staff.id == office.id).execute()
    with pytest.raises(DomainError, match="disabled"):
        act(Staff.get_by_id(office.id), case)


# --------------------------------------------------------------------------- sessions obey the administrator at once


@pytest.fixture
def admin(desk: Staff) -> Staff:
    return create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


def test_an_account_disabled_during_its_session_may_do_nothing(desk: Staff, admin: Staff) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    session = Staff.get_by_id(office.id)  # the row read at the login, kept by the open session
    cases = {action: prepare(desk) for action, (prepare, _) in ACTIONS.items()}
    states = {action: Complaint.get_by_id(case.id).state for action, case in cases.items() if case is not None}
    count = Complaint.select().count()
    set_account_active(admin, office.id, False)
    for action, (_, act) in ACTIONS.items():
        with pytest.raises(AccountDisabledError, match="The account office is disabled; ask an administrator"):
            act(session, cases[action])
    assert {action: Complaint.get_by_id(cases[action].id).state for action in states} == states
    assert Complaint.select().count() == count
    assert not AuditEvent.select().where(AuditEvent.actor == office.id).exists()
    assert Staff.select().where(Staff.username == "newcomer").count() == 0


def test_no_logged_in_actor_is_a_clean_refusal(desk: Staff) -> None:
    for prepare, act in ACTIONS.values():
        with pytest.raises(NotLoggedInError, match="Nobody is logged in"):
            act(None, prepare(desk))


def test_an_office_account_demoted_during_its_session_loses_the_office_at_once(desk: Staff, admin: Staff) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    office_only = ["decide", "amend", "print_archive", "edit_catalogues"]
    cases = {action: ACTIONS[action][0](desk) for action in office_only}
    update_account(admin, office.id, office.full_name, Role.DUTY_MANAGER, "0", "0", [])
    for action in office_only:
        # Refused as a role changed since the session read it: the screens follow it rather than say the refusal.
        with pytest.raises(RoleChangedError, match=r"Only the office"):
            ACTIONS[action][1](office, cases[action])
    assert Complaint.get_by_id(cases["decide"].id).state == "escalated"
    # The row read now is refused as any duty manager is: no role changed for it.
    with pytest.raises(DomainError, match=r"Only the office") as refused:
        ACTIONS["decide"][1](Staff.get_by_id(office.id), cases["decide"])
    assert not isinstance(refused.value, RoleChangedError)


def test_an_administrator_demoted_during_the_session_may_no_longer_manage_accounts(desk: Staff, admin: Staff) -> None:
    other = create_staff("admin2", "赵敏", Role.ADMIN, "admin-pass-2")
    update_account(other, admin.id, admin.full_name, Role.OFFICE, "0", "0", [])
    with pytest.raises(DomainError, match="Only an administrator can manage accounts"):
        add_account(admin, "newcomer", "新同事", Role.DUTY_MANAGER, "long-enough")
    with pytest.raises(DomainError, match="Only an administrator can manage accounts"):
        set_account_active(admin, other.id, False)
    assert Staff.get_by_id(other.id).active
    assert not Staff.select().where(Staff.username == "newcomer").exists()


def test_every_refusal_of_a_disabled_account_is_announced(
    desk: Staff, admin: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(permissions, "_disabled_listeners", [])  # the GUI's own listener stays out of this test
    heard: list[str] = []
    permissions.on_account_disabled(lambda error: heard.append(str(error)))
    set_account_active(admin, desk.id, False)
    with pytest.raises(AccountDisabledError):
        receive(desk, receipt())
    assert heard == ["The account desk is disabled; ask an administrator."]
