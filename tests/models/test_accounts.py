"""Account administration: create, edit, disable, reset; limits audited and in
force for the very next proposal."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from models.account_rows import account_row
from models.accounts import (
    AccountChangedMeanwhileError,
    account_as_shown,
    add_account,
    change_own_password,
    granted_remedy_ids,
    limits_bind,
    reset_password,
    set_account_active,
    unlock_account,
    update_account,
)
from models.audit import AuditEvent
from models.catalog import Category, Department, Remedy
from models.catalog_admin import set_active
from models.complaint import Liability
from models.errors import AuthorityError, DomainError, FieldError
from models.intake import Investigation, Line, Receipt, propose, receive, record_investigation
from models.staff import Role, Staff, authenticate, create_staff

from conftest import Desk


@pytest.fixture
def admin(defaults: object) -> Staff:
    return create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


def remedy_ids(*codes: str) -> list[int]:
    return [Remedy.get(Remedy.code == code).id for code in codes]


def test_an_administrator_creates_and_edits_an_account(admin: Staff) -> None:
    staff = add_account(
        admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "200", "1000", remedy_ids("free_drink")
    )
    assert (staff.per_case_limit, granted_remedy_ids(staff)) == (Decimal("200.00"), set(remedy_ids("free_drink")))
    update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "300", "1500", remedy_ids("free_drink", "voucher"))
    event = AuditEvent.select().where(AuditEvent.action == "account_changed").get()
    changes = json.loads(event.changes)
    assert event.actor == admin and changes["account"] == "zhangwei"
    assert changes["per_case_limit"] == ["200.00", "300.00"] and changes["daily_limit"] == ["1000.00", "1500.00"]


def test_a_change_to_an_account_changed_since_it_was_shown_is_refused_naming_who(admin: Staff) -> None:
    """Two windows on one account: the second's save put the daily limit the first had raised back to 1,000."""
    staff = add_account(admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "200", "1000")
    colleague = create_staff("admin2", "李娜", Role.ADMIN, "admin-pass-2")
    shown = account_as_shown(staff.id)
    update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "200", "5000", [], shown=shown)
    with pytest.raises(AccountChangedMeanwhileError) as refused:
        update_account(colleague, staff.id, "张伟（前厅）", Role.DUTY_MANAGER, "200", "1000", [], shown=shown)
    assert re.fullmatch(
        r"王芳 changed the account zhangwei at \d\d:\d\d, after it was shown here: nothing was saved\. Press Save "
        r"again to save what is in this form over that change, or look at the account again first\.",
        str(refused.value),
    ), str(refused.value)
    after = Staff.get_by_id(staff.id)
    assert (after.full_name, after.daily_limit) == ("张伟", Decimal("5000.00")), "nothing overwritten"
    assert refused.value.current == account_as_shown(staff.id), "given again, the change is saved over the other"
    again = refused.value.current
    update_account(colleague, staff.id, "张伟（前厅）", Role.DUTY_MANAGER, "200", "1000", [], shown=again)
    after = Staff.get_by_id(staff.id)
    assert (after.full_name, after.daily_limit) == ("张伟（前厅）", Decimal("1000.00"))


def test_a_name_changed_is_stored_on_one_line_and_a_long_one_refused_in_words(admin: Staff) -> None:
    staff = add_account(admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    update_account(admin, staff.id, "张\t伟\n", Role.DUTY_MANAGER, "0", "0", [])
    assert Staff.get_by_id(staff.id).full_name == "张 伟"
    with pytest.raises(FieldError, match="This text is 72 characters long; the limit is 64") as refused:
        update_account(admin, staff.id, "欧阳" + "娜" * 70, Role.DUTY_MANAGER, "0", "0", [])
    assert refused.value.field == "full_name"
    assert Staff.get_by_id(staff.id).full_name == "张 伟", "not cut to 64: refused, nothing saved"


def test_saving_an_account_keeps_its_grant_of_a_retired_remedy(admin: Staff) -> None:
    staff = add_account(
        admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "200", "1000", remedy_ids("free_drink", "voucher")
    )
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    set_active(office, "remedy", remedy_ids("voucher")[0], False)
    # The account form offers the active remedies only: the voucher is not among them, nor among the ticked.
    update_account(admin, staff.id, "张伟（前厅）", Role.DUTY_MANAGER, "200", "1000", remedy_ids("free_drink"))
    assert granted_remedy_ids(staff) == set(remedy_ids("free_drink", "voucher")), "the retired one is not taken away"
    set_active(office, "remedy", remedy_ids("voucher")[0], True)
    update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "200", "1000", remedy_ids("voucher"))
    assert granted_remedy_ids(staff) == set(remedy_ids("voucher")), "an active one unticked is taken away"


def test_a_new_limit_applies_to_the_very_next_proposal(admin: Staff) -> None:
    desk = add_account(admin, "zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "100", "1000", remedy_ids("gift"))
    change_own_password(desk, "desk-pass-1", "mine-pass-22")  # at the first login
    case = receive(
        desk,
        Receipt(
            narrative="投诉", category_id=Category.get(Category.code == "noise").id, demand="道歉", acknowledged=True
        ),
    )
    record_investigation(
        desk, case, Investigation("属实", Department.get(Department.code == "security").id, "", Liability.FULL)
    )
    with pytest.raises(AuthorityError):
        propose(desk, case, [Line(remedy_ids("gift")[0], "150")])
    update_account(admin, desk.id, "张伟", Role.DUTY_MANAGER, "200", "1000", remedy_ids("gift"))
    assert propose(Staff.get_by_id(desk.id), case, [Line(remedy_ids("gift")[0], "150")]).total == Decimal("150.00")


def test_only_an_administrator_manages_accounts(admin: Staff) -> None:
    office = create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    with pytest.raises(DomainError, match="Only an administrator"):
        add_account(office, "x1", "某人", Role.DUTY_MANAGER, "long-enough")
    with pytest.raises(DomainError, match="Only an administrator"):
        update_account(office, office.id, "马晓红", Role.ADMIN, "0", "0", [])
    assert Staff.get_by_id(office.id).role == Role.OFFICE


def test_bad_limits_and_self_lockout_are_refused(admin: Staff) -> None:
    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    with pytest.raises(FieldError, match="cannot be lower"):
        update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "500", "100", [])
    with pytest.raises(FieldError, match="between 0 and"):
        update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "-1", "100", [])
    with pytest.raises(DomainError, match="own account"):
        set_account_active(admin, admin.id, False)
    with pytest.raises(FieldError, match="own administrator role"):
        update_account(admin, admin.id, "王芳", Role.OFFICE, "0", "0", [])


def test_disable_and_reset_a_password(admin: Staff) -> None:
    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    set_account_active(admin, staff.id, False)
    with pytest.raises(DomainError, match="disabled"):
        authenticate("zw", "desk-pass-1")
    set_account_active(admin, staff.id, True)
    with pytest.raises(FieldError, match="at least 8"):
        reset_password(admin, staff.id, "short")
    with pytest.raises(FieldError, match="cannot be made of spaces only"):
        reset_password(admin, staff.id, " " * 10)
    reset_password(admin, staff.id, "new-pass-99")
    assert authenticate("zw", "new-pass-99").username == "zw"
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions[-3:] == ["account_disabled", "account_enabled", "password_reset"]
    assert "new-pass-99" not in "".join(e.changes for e in AuditEvent.select())


def test_a_password_an_administrator_set_is_its_owner_s_for_one_login_then_their_own(admin: Staff) -> None:
    """The administrator typed it and knows it: until its owner chooses their own, the account logs in (to choose
    it) and does nothing else, on any screen or the command line."""
    category = Category.get(Category.code == "noise").id
    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "200", "1000")
    assert account_row(staff.id).must_change_password
    assert authenticate("zw", "desk-pass-1").must_change_password, "the login says so: the desk asks at once"
    complaint = Receipt(narrative="投诉", category_id=category, demand="道歉", acknowledged=True)
    with pytest.raises(DomainError) as refused:
        receive(staff, complaint)
    assert str(refused.value) == (
        "An administrator set the password of zw: choose your own first (File → Change my password…)."
    )
    change_own_password(staff, "desk-pass-1", "mine-pass-22")
    assert not account_row(staff.id).must_change_password
    assert receive(staff, complaint).narrative == "投诉"

    reset_password(admin, staff.id, "reset-pass-33")  # forgotten: the administrator sets one again
    assert account_row(staff.id).must_change_password
    with pytest.raises(DomainError, match="An administrator set the password of zw"):
        receive(staff, complaint)
    change_own_password(staff, "reset-pass-33", "mine-pass-44")
    assert receive(staff, complaint).narrative == "投诉"

    reset_password(admin, admin.id, "admin-pass-2")  # their own, through the accounts page: they know it
    assert not account_row(admin.id).must_change_password
    assert add_account(admin, "lf", "李芳", Role.OFFICE, "office-pass-1").must_change_password
    assert not create_staff("first", "第一人", Role.ADMIN, "chosen-pass-1").must_change_password, (
        "the set-up's administrator (and the demo's people) chose or were shown theirs"
    )


def test_a_remedy_for_the_office_only_is_granted_to_nobody(admin: Staff) -> None:
    """The desk refuses it whatever the account says: a grant of it would tell the administrator otherwise."""
    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1", "200", "1000", remedy_ids("free_drink"))
    with pytest.raises(FieldError, match="given only by the office's decision") as refused:
        update_account(admin, staff.id, "张伟", Role.DUTY_MANAGER, "200", "1000", remedy_ids("cash_compensation"))
    assert refused.value.field == "remedies"
    assert granted_remedy_ids(staff) == set(remedy_ids("free_drink")), "nothing changed"
    with pytest.raises(FieldError, match="given only by the office's decision"):
        add_account(admin, "lf", "李芳", Role.DUTY_MANAGER, "desk-pass-2", "200", "1000", remedy_ids("cash_refund"))
    assert not Staff.select().where(Staff.username == "lf").exists()


def test_the_limits_bind_duty_managers_only(admin: Staff) -> None:
    assert limits_bind(Role.DUTY_MANAGER) and not limits_bind(Role.OFFICE) and not limits_bind(Role.ADMIN)


def test_an_account_locked_by_wrong_passwords_is_unlocked_with_its_own_password(admin: Staff) -> None:
    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    change_own_password(staff, "desk-pass-1", "mine-pass-22")  # at the first login
    with pytest.raises(DomainError, match="is not locked"):
        unlock_account(admin, staff.id)
    for _ in range(5):
        with pytest.raises(DomainError):
            authenticate("zw", "guess")
    assert account_row(staff.id).locked_until is not None
    with pytest.raises(DomainError, match="Only an administrator"):
        unlock_account(staff, staff.id)
    unlock_account(admin, staff.id)
    assert account_row(staff.id).locked_until is None
    assert authenticate("zw", "mine-pass-22").username == "zw", "the password the person has"
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (event.action, event.actor_id) == ("account_unlocked", admin.id)
    assert json.loads(event.changes) == {"account": "zw"}


def test_a_person_changes_their_own_password(admin: Staff) -> None:
    """The administrator chose it and knows it: the person makes it their own, with the one they have."""
    from models.accounts import change_own_password

    staff = add_account(admin, "zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    with pytest.raises(FieldError, match="That is not your current password") as wrong:
        change_own_password(staff, "guess-pass-1", "mine-pass-22")
    assert wrong.value.field == "password"
    assert Staff.get_by_id(staff.id).failed_logins == 1, "a wrong one counts as a wrong login"
    with pytest.raises(FieldError, match="at least 8") as short:
        change_own_password(staff, "desk-pass-1", "short")
    assert short.value.field == "new_password"
    with pytest.raises(FieldError, match="cannot be made of spaces only") as spaces:
        change_own_password(staff, "desk-pass-1", " " * 8)
    assert spaces.value.field == "new_password"
    with pytest.raises(FieldError, match="That is the password you have"):
        change_own_password(staff, "desk-pass-1", "desk-pass-1")
    change_own_password(staff, "desk-pass-1", "mine-pass-22")
    assert authenticate("zw", "mine-pass-22").username == "zw"
    with pytest.raises(DomainError, match="wrong"):
        authenticate("zw", "desk-pass-1")
    event = AuditEvent.select().where(AuditEvent.action == "password_changed").get()
    assert event.actor_id == staff.id and "mine-pass-22" not in event.changes and "desk-pass-1" not in event.changes


def test_the_open_complaints_an_account_holds_are_counted_for_its_disabling(seeded: Desk) -> None:
    """Told before an account is disabled: what colleagues carry on (received and not taken over, or taken over)."""
    from models.account_rows import open_cases_held
    from models.complaint import OfficeDecision
    from models.intake import decide, escalate, withdraw

    food = Category.get(Category.code == "food_quality").id

    def complaint(words: str) -> object:
        return receive(seeded.manager, Receipt(narrative=words, category_id=food, demand="重做", acknowledged=True))

    kept, taken, withdrawn = complaint("菜凉了"), complaint("菜咸了"), complaint("等太久")
    withdraw(seeded.manager, withdrawn, "顾客离开")
    kitchen = Department.get(Department.code == "kitchen").id
    record_investigation(seeded.manager, taken, Investigation("属实", kitchen, "", Liability.FULL))
    escalate(seeded.manager, taken, [], "顾客情绪激动，要求见总经理，并提到要找媒体曝光。")
    decide(seeded.office, taken, OfficeDecision.TAKEN_OVER, "办公室直接联系顾客")
    assert (open_cases_held(seeded.manager.id), open_cases_held(seeded.office.id)) == (1, 1)
    assert kept.id and open_cases_held(seeded.admin.id) == 0, "received by the manager: the admin holds none"
