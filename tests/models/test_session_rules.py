"""An open session obeys the administrator at once: the row read at the login
is never trusted, the next action is judged on the account as it is now."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.accounts import set_account_active, update_account
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability
from models.errors import AccountDisabledError, AuthorityError, DomainError, NotLoggedInError
from models.handover import hand_over, handover_sheet
from models.intake import (
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    check_authority,
    close,
    propose,
    receive,
    record_consent,
    record_investigation,
    remember_page,
    transitions,
)
from models.staff import Handover, Role, Staff, StaffRemedy, create_staff


@pytest.fixture
def admin(defaults: object) -> Staff:
    return create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


@pytest.fixture
def desk(admin: Staff) -> Staff:
    """The duty manager's session: this object is what the desk kept from the login."""
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    for remedy in Remedy.select().where(~Remedy.office_only):
        StaffRemedy.create(staff=staff, remedy=remedy)
    return Staff.get_by_id(staff.id)


def remedy(code: str) -> int:
    return Remedy.get(Remedy.code == code).id


def investigated(desk: Staff) -> Complaint:
    category = Category.get(Category.code == "food_quality")
    case = receive(desk, Receipt(narrative="菜凉了", category_id=category.id, demand="重新加热", acknowledged=True))
    kitchen = Department.get(Department.code == "kitchen")
    return record_investigation(desk, case, Investigation("属实", kitchen.id, "", Liability.FULL))


def grants(staff: Staff) -> list[int]:
    return [g.remedy_id for g in StaffRemedy.select().where(StaffRemedy.staff == staff)]


def test_a_lowered_limit_and_a_removed_remedy_bind_the_open_session_at_once(admin: Staff, desk: Staff) -> None:
    case = investigated(desk)
    kept = [r for r in grants(desk) if r != remedy("free_drink")]
    update_account(admin, desk.id, desk.full_name, Role.DUTY_MANAGER, "10", "1000", kept)
    check = check_authority(desk, case, [Line(remedy("gift"), "150")])
    assert check.per_case_limit == Decimal("10.00")
    assert [str(r) for r in check.reasons] == ["The total of 150.00 yuan exceeds your limit of 10.00 yuan per case."]
    with pytest.raises(AuthorityError, match=r"exceeds your limit of 10\.00 yuan"):
        propose(desk, case, [Line(remedy("gift"), "150")])
    with pytest.raises(AuthorityError, match="You may not grant"):
        propose(desk, case, [Line(remedy("free_drink"), "5")])
    assert case.proposals.count() == 0


def test_a_demoted_office_account_is_bound_by_the_limits_again(admin: Staff) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    case = investigated(office)
    assert check_authority(office, case, [Line(remedy("free_drink"), "150")]).within
    update_account(admin, office.id, office.full_name, Role.DUTY_MANAGER, "10", "10", [remedy("free_drink")])
    with pytest.raises(AuthorityError, match=r"exceeds your limit of 10\.00 yuan"):
        propose(office, case, [Line(remedy("free_drink"), "150")])


def test_a_disabled_account_cannot_close_its_case(admin: Staff, desk: Staff) -> None:
    case = investigated(desk)
    propose(desk, case, [Line(remedy("free_drink"), "30")])
    record_consent(desk, case, Consent("accepted", witness="小王"))
    set_account_active(admin, desk.id, False)
    with pytest.raises(AccountDisabledError, match="The account zhangwei is disabled; ask an administrator"):
        close(desk, case, Closing())
    case = Complaint.get_by_id(case.id)
    assert (case.state, case.archive_number) == ("agreed", None)


def test_remember_page_checks_the_actor_and_refuses_a_sealed_case(admin: Staff, desk: Staff) -> None:
    case = investigated(desk)
    remember_page(desk, case, 2)
    assert Complaint.get_by_id(case.id).wizard_page == 2
    with pytest.raises(NotLoggedInError, match="Nobody is logged in"):
        remember_page(None, case, 3)
    propose(desk, case, [Line(remedy("free_drink"), "30")])
    record_consent(desk, case, Consent("accepted", witness="小王"))
    close(desk, case, Closing())
    number = Complaint.get_by_id(case.id).archive_number
    with pytest.raises(DomainError, match=f"closed complaint {number} at [0-9:]+: nothing can be added to it now"):
        remember_page(desk, case, 1)
    set_account_active(admin, desk.id, False)
    other = create_staff("lijing", "李静", Role.DUTY_MANAGER, "desk-pass-2")
    draft = investigated(other)
    with pytest.raises(AccountDisabledError):
        remember_page(desk, draft, 4)
    assert Complaint.get_by_id(draft.id).wizard_page != 4


def test_hand_over_refuses_a_disabled_incoming_account(admin: Staff, desk: Staff) -> None:
    incoming = create_staff("lijing", "李静", Role.DUTY_MANAGER, "desk-pass-2")
    sheet = handover_sheet(desk)
    set_account_active(admin, incoming.id, False)
    with pytest.raises(DomainError, match="The account lijing is disabled; ask an administrator"):
        hand_over(desk, incoming, "", sheet, acknowledged=True)
    with pytest.raises(NotLoggedInError):
        hand_over(desk, None, "", sheet, acknowledged=True)
    assert Handover.select().count() == 0
    set_account_active(admin, desk.id, False)  # a disabled outgoing account still hands the desk over
    set_account_active(admin, incoming.id, True)
    assert hand_over(desk, incoming, "", sheet, acknowledged=True).to_staff_id == incoming.id


def test_nobody_hands_the_desk_over_to_themselves(desk: Staff) -> None:
    """Switch user with the outgoing account's own password recorded a handover to oneself."""
    with pytest.raises(DomainError, match="is the one handing the desk over"):
        hand_over(desk, desk, "", handover_sheet(desk), acknowledged=True)
    assert Handover.select().count() == 0


def test_an_account_disabled_while_the_input_is_checked_is_refused_inside_the_transaction(
    desk: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate = transitions.validate_receipt

    def disabled_meanwhile(receipt: Receipt, now: dt.datetime) -> tuple[dict[str, object], str, str]:
        Staff.update(active=False).where(Staff.id == desk.id).execute()  # the administrator, on another desk
        return validate(receipt, now)

    monkeypatch.setattr(transitions, "validate_receipt", disabled_meanwhile)
    category = Category.get(Category.code == "food_quality")
    with pytest.raises(AccountDisabledError):
        receive(desk, Receipt(narrative="菜凉了", category_id=category.id, demand="重新加热", acknowledged=True))
    assert Complaint.select().count() == 0
