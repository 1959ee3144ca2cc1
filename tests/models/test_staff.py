"""Accounts: scrypt hashes, login refusals, account rules, phone numbers."""
from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal

import pytest

import models.staff as staff_module
from models.customer import mask_phone, normalize_phone
from models.errors import AuthenticationError, DomainError
from models.staff import Role, Staff, authenticate, check_password, create_staff, hash_password

from conftest import TEST_SCRYPT_COST


def cost_and_sizes(stored: str) -> tuple[str, int, int, int, int, int]:
    scheme, n, r, p, salt, key = stored.split("$")
    return scheme, int(n), int(r), int(p), len(base64.b64decode(salt)), len(base64.b64decode(key))


def test_hash_is_salted_scrypt_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first.startswith("scrypt$") and first != second
    assert check_password("correct horse", first)
    assert not check_password("correct horsE", first)
    assert not check_password("correct horse", "garbage")


def test_the_product_hashes_at_the_strong_scrypt_cost(product_password_cost: None) -> None:
    # 16 MiB of memory per hash (n=2**14, r=8) five times over (p=5), as OWASP advises: the figures the product
    # stores, whatever tests use.
    stored = hash_password("correct horse")
    assert cost_and_sizes(stored) == ("scrypt", 2**14, 8, 5, 16, 32)
    assert check_password("correct horse", stored)
    assert not check_password("correct horsE", stored)


def test_a_hash_is_checked_at_the_cost_it_records(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = hash_password("correct horse")  # the tests' cost, as every account in a test has
    assert cost_and_sizes(cheap) == ("scrypt", *TEST_SCRYPT_COST, 16, 32)
    monkeypatch.setattr(staff_module, "SCRYPT_N", 2**14)
    monkeypatch.setattr(staff_module, "SCRYPT_R", 8)
    assert check_password("correct horse", cheap)
    assert not check_password("correct horsE", cheap)
    # The same password and salt at another cost is another key: the recorded cost is the one used.
    scheme, n, r, p, salt, key = cheap.split("$")
    assert not check_password("correct horse", "$".join((scheme, str(int(n) * 2), r, p, salt, key)))


def test_a_password_hashed_at_an_older_cost_is_hashed_again_at_the_next_login(
    database: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = (TEST_SCRYPT_COST[0], TEST_SCRYPT_COST[1], TEST_SCRYPT_COST[2] + 1)
    for name, value in zip(("SCRYPT_N", "SCRYPT_R", "SCRYPT_P"), older, strict=True):
        monkeypatch.setattr(staff_module, name, value)
    staff = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    monkeypatch.undo()  # today's cost again (the tests' own)
    with pytest.raises(AuthenticationError):
        authenticate("zhangwei", "desk-pass-2")
    assert cost_and_sizes(Staff.get_by_id(staff.id).password_hash)[1:4] == older, "a wrong password changes nothing"
    authenticate("zhangwei", "desk-pass-1")
    stored = Staff.get_by_id(staff.id).password_hash
    assert cost_and_sizes(stored) == ("scrypt", *TEST_SCRYPT_COST, 16, 32)
    assert check_password("desk-pass-1", stored), "the same password, hashed at today's cost"
    authenticate("zhangwei", "desk-pass-1")
    assert Staff.get_by_id(staff.id).password_hash == stored, "hashed again once, not at every login"


def test_login_accepts_the_right_password(database: object) -> None:
    create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", Decimal("200"), Decimal("1000"))
    staff = authenticate(" zhangwei ", "desk-pass-1")
    assert staff.full_name == "张伟"
    assert Staff.get_by_id(staff.id).last_login_at is not None


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("zhangwei", "wrong-password", "The user name or the password is wrong."),
        ("nobody", "desk-pass-1", "The user name or the password is wrong."),
        ("zhangwei", "", "The user name or the password is wrong."),
    ],
)
def test_login_refuses_wrong_credentials(database: object, username: str, password: str, message: str) -> None:
    create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    with pytest.raises(AuthenticationError) as caught:
        authenticate(username, password)
    assert str(caught.value) == message


def test_login_refuses_a_disabled_account(database: object) -> None:
    staff = create_staff("lina", "李娜", Role.OFFICE, "office-pass-1")
    Staff.update(active=False).where(Staff.id == staff.id).execute()
    with pytest.raises(AuthenticationError, match="disabled"):
        authenticate("lina", "office-pass-1")


@pytest.mark.parametrize(
    ("username", "full_name", "password", "message"),
    [
        ("", "张伟", "long-enough", "Enter a user name."),
        ("张伟", "张伟", "long-enough", "Latin letters"),
        ("wang@fang!", "王芳", "long-enough", "Latin letters"),
        ("wang\tfang", "王芳", "long-enough", "Latin letters"),
        ("-wang", "王芳", "long-enough", "Latin letters"),
        ("zw", "", "long-enough", "full name"),
        ("zw", "张伟", "short", "at least 8 characters"),
        ("zw", "张伟", " " * 8, "cannot be made of spaces only"),  # long enough, and guessed at a glance
        ("zw", "张伟", "\t \u3000 \t \u3000 ", "cannot be made of spaces only"),  # tabs and an input method's spaces
        # The first anyone would try: set-up took "password12" for the first administrator.
        ("zw", "张伟", "password12", "among the first anyone would try"),
        ("zw", "张伟", "12345678", "among the first anyone would try"),
        ("zw", "张伟", "87654321", "among the first anyone would try"),
        ("zw", "张伟", "QWERTYUIOP", "among the first anyone would try"),
        ("zw", "张伟", "aaaaaaaaaa", "among the first anyone would try"),
        ("zhangwei", "张伟", "ZhangWei", "among the first anyone would try"),
        ("front.desk.night.shift.manager.b2", "王芳", "long-enough", "33 characters long; the limit is 32"),
        ("zw", "欧阳" + "娜" * 63, "long-enough", "65 characters long; the limit is 64"),
    ],
)
def test_account_rules(database: object, username: str, full_name: str, password: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        create_staff(username, full_name, Role.DUTY_MANAGER, password)
    assert Staff.select().count() == 0


def test_names_are_stored_on_one_line_and_a_long_one_is_refused_not_cut(database: object) -> None:
    """A field cut a pasted name to its first 32 or 64 characters unseen: the account got a name nobody chose."""
    staff = create_staff("  liqiang\t", "李强\t(夜班)\n", Role.DUTY_MANAGER, "long-enough")
    assert (staff.username, staff.full_name) == ("liqiang", "李强 (夜班)")
    longest = create_staff("u" * 32, "娜" * 64, Role.DUTY_MANAGER, "long-enough")
    assert (len(longest.username), len(longest.full_name)) == (32, 64), "the limits themselves are accepted"
    assert Staff.select().count() == 2


def test_a_user_name_logs_in_whatever_the_case_of_its_letters(database: object) -> None:
    """User names are unique regardless of case: "Admin" typed as "admin" the next morning is the same account."""
    create_staff("Admin", "王芳", Role.ADMIN, "admin-pass-1")
    assert authenticate("admin", "admin-pass-1").username == "Admin"
    assert authenticate(" ADMIN ", "admin-pass-1").username == "Admin"
    with pytest.raises(AuthenticationError, match="wrong"):
        authenticate("admin", "Admin-pass-1")
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            authenticate("aDMIN", "guess")
    with pytest.raises(AuthenticationError, match="the account Admin is locked"):
        authenticate("admin", "guess")  # the wrong passwords count for the account, whatever case they came in


def test_user_names_are_unique(database: object) -> None:
    create_staff("zw", "张伟", Role.DUTY_MANAGER, "long-enough")
    with pytest.raises(DomainError, match="taken"):
        create_staff("zw", "赵武", Role.OFFICE, "long-enough")
    with pytest.raises(DomainError, match=r"The user name ZW is taken \(as zw\)"):
        create_staff("ZW", "赵武", Role.OFFICE, "long-enough")  # told apart by the case of a letter only
    assert Staff.select().count() == 1


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("021-6123 4567", "02161234567"),
        ("（0755）8888 1234", "075588881234"),
        ("１３８　１２３４－５６７８", "13812345678"),  # typed full-width, as an input method may
        # Dialled from abroad a landline drops its trunk 0: "+86 21 …" was refused as having no area code.
        ("+86 21 6123 4567", "02161234567"),
        ("+86-21-61234567", "02161234567"),
        ("+86 (0)21 6123 4567", "02161234567"),
        ("0086 755 8888 1234", "075588881234"),
        ("8613812345678", "13812345678"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised(raw: str, normalised: str) -> None:
    assert normalize_phone(raw) == normalised


@pytest.mark.parametrize("raw", ["12345", "2812345678", "138123456789", "abc", "١٣٨١٢٣٤٥٦٧٨"])
def test_bad_phone_numbers_are_refused(raw: str) -> None:
    with pytest.raises(DomainError, match="is not a phone number"):
        normalize_phone(raw)


def test_phone_masking() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("02161234567") == "021****4567"


def test_five_wrong_passwords_lock_the_account_for_five_minutes(database: object, caplog: object) -> None:
    create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    start = dt.datetime(2026, 11, 24, 9, 0)
    for attempt in range(4):
        with pytest.raises(AuthenticationError, match="wrong"):
            authenticate("zhangwei", "guess", now=start + dt.timedelta(seconds=attempt))
    authenticate("zhangwei", "desk-pass-1", now=start)  # a success clears the four failures
    for attempt in range(4):
        with pytest.raises(AuthenticationError, match=r"^The user name or the password is wrong"):
            authenticate("zhangwei", "guess", now=start + dt.timedelta(seconds=attempt))
    # The fifth says what it did: the person knows to ask for help instead of trying again.
    locked = r"^Too many wrong passwords: the account zhangwei is locked until 09:05"
    with pytest.raises(AuthenticationError, match=locked):
        authenticate("zhangwei", "guess", now=start + dt.timedelta(seconds=4))
    assert "account zhangwei locked until" in caplog.text
    with pytest.raises(AuthenticationError, match=r"locked until 09:05"):
        authenticate("zhangwei", "desk-pass-1", now=start + dt.timedelta(minutes=4))
    staff = authenticate("zhangwei", "desk-pass-1", now=start + dt.timedelta(minutes=5, seconds=5))
    assert (staff.username, Staff.get_by_id(staff.id).failed_logins) == ("zhangwei", 0)


def test_wrong_passwords_and_a_lock_stay_in_the_audit_trail(database: object) -> None:
    """A desk's local log was their only trace, and a correct password afterwards cleared the count: six guesses
    at the office's account left nothing the office could read."""
    import json

    from models.audit import AuditChange, AuditEvent

    create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    start = dt.datetime(2026, 11, 24, 9, 0)
    for attempt in range(5):
        with pytest.raises(AuthenticationError):
            authenticate("office", "guess", now=start + dt.timedelta(seconds=attempt))
    authenticate("office", "office-pass-1", now=start + dt.timedelta(minutes=6))
    events = [
        (action, json.loads(text))
        for action, text in AuditEvent.select(AuditEvent.action, AuditChange.text)
        .join(AuditChange, on=(AuditEvent.change == AuditChange.id))
        .where(AuditEvent.action.in_(["login_failed", "account_locked"]))
        .order_by(AuditEvent.id)
        .tuples()
    ]
    assert [action for action, _ in events] == ["login_failed"] * 5 + ["account_locked"]
    assert [changes["failures"] for _, changes in events[:5]] == [1, 2, 3, 4, 5]
    assert events[-1][1] == {"account": "office", "until": "2026-11-24 09:05"}


def test_a_success_resets_the_count_of_wrong_passwords(database: object) -> None:
    create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            authenticate("zhangwei", "guess")
    authenticate("zhangwei", "desk-pass-1")
    for _ in range(4):
        with pytest.raises(AuthenticationError, match="wrong"):
            authenticate("zhangwei", "guess")
    assert authenticate("zhangwei", "desk-pass-1").username == "zhangwei"
