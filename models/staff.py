"""Staff accounts: roles, authority limits, scrypt password hashes, login."""
from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import logging
import re
import secrets
from decimal import Decimal
from enum import StrEnum
from typing import Any, cast

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, fn

from models.base import BaseModel, db
from models.catalog import Remedy
from models.errors import QT_TRANSLATE_NOOP, AuthenticationError, DomainError, FieldChecks, FieldError
from models.money import MoneyField, to_money
from models.text import checked_text

log = logging.getLogger("complaint_desk.staff")

# scrypt cost, as OWASP's password storage advice gives it for 16 MiB of memory (N=2^14, r=8, p=5): about a
# quarter of a second a login on a desk PC (p=1 before, 50 ms: five times cheaper to guess from a stolen file).
# A password hashed at an older cost is hashed again at the next login with it (``authenticate``).
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 5
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD_LENGTH = 8
# The columns' widths: a longer name is refused in words (a PostgreSQL server refuses it; a field cut it unseen).
USERNAME_MAX = 32
FULL_NAME_MAX = 64
# Five wrong passwords in a row lock the account for five minutes.
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 5
# A user name: Latin letters and digits, with dots, underscores and hyphens after the first.
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class Role(StrEnum):
    DUTY_MANAGER = "duty_manager"
    OFFICE = "office"
    ADMIN = "admin"


class Staff(BaseModel):
    username = CharField(max_length=USERNAME_MAX, unique=True)
    full_name = CharField(max_length=FULL_NAME_MAX)
    role = CharField(max_length=16)
    password_hash = CharField(max_length=255)
    active = BooleanField(default=True)
    per_case_limit = MoneyField(default=0)
    daily_limit = MoneyField(default=0)
    created_at = DateTimeField(default=dt.datetime.now)
    last_login_at = DateTimeField(null=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    # An administrator typed the password (a new account, a reset): its owner chooses their own at the next login,
    # and meanwhile every action is refused (migration 0032).
    must_change_password = BooleanField(default=False)

    @property
    def is_office(self) -> bool:
        return self.role in (Role.OFFICE, Role.ADMIN)


class StaffRemedy(BaseModel):
    """A remedy this staff member may grant at the desk without the office."""

    staff = ForeignKeyField(Staff, backref="remedy_grants", on_delete="CASCADE")
    remedy = ForeignKeyField(Remedy, on_delete="CASCADE")

    class Meta:
        indexes = ((("staff", "remedy"), True),)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        ("scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key))
    )


def check_password(password: str, stored: str) -> bool:
    """Constant-time comparison against a stored ``hash_password`` value."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def hashed_at_todays_cost(stored: str) -> bool:
    """Whether a stored ``hash_password`` value was made at today's cost (else the next login makes it again)."""
    return stored.split("$")[1:4] == [str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P)]


# Passwords guessed first (the most common of leaked lists at eight characters and more, and the desk's own words):
# refused whatever their length. A run of one key or of neighbouring keys is refused too (``_guessable``).
_COMMON = """
    password password1 password12 password123 passw0rd p@ssw0rd p@ssword iloveyou sunshine princess football
    baseball welcome welcome1 welcome123 admin123 admin1234 administrator abc12345 abcd1234 abcdefgh a1234567
    a12345678 aa123456 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx qwerty123 qwertyuiop asdfghjkl zxcvbnm123 woaini1314
    woaini520 5201314520 letmein1 trustno1 monkey123 dragon123 master123 hotel123 hotel1234 complaint desk1234
    123qweasd qweasdzxc 12qwaszx iloveyou1 changeme changeme1 computer internet superman michael1
"""
COMMON_PASSWORDS = frozenset(_COMMON.split())
_KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


def _guessable(password: str, username: str) -> bool:
    """A common password, one key again and again, a run of neighbouring keys either way (12345678, qwertyui,
    87654321), or the user name itself."""
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2 or (username and lowered == username.lower()):
        return True
    return any(lowered in row or lowered in row[::-1] for row in _KEY_ROWS)


def validate_password(password: str, username: str = "", field: str = "password") -> None:
    """The rules a new password meets (an account's ``username`` given: not the password); a refusal is the
    FieldError of the form's ``field``."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(
            field,
            QT_TRANSLATE_NOOP("DomainError", "The password must have at least {count} characters."),
            count=MIN_PASSWORD_LENGTH,
        )
    if password.isspace():  # eight spaces passed the length: a password anyone could guess from a glance
        raise FieldError(field, QT_TRANSLATE_NOOP("DomainError", "A password cannot be made of spaces only."))
    if _guessable(password, username):  # "password12" made the first administrator's
        raise FieldError(
            field,
            QT_TRANSLATE_NOOP(
                "DomainError",
                "That password is among the first anyone would try (a common one, a run of keys or the user name): "
                "choose another.",
            ),
        )


def checked_full_name(full_name: str) -> str:
    """A person's full name as stored: on one line (a tab or line break pasted into it became a space), required,
    at most FULL_NAME_MAX characters."""
    return checked_text(
        "full_name",
        full_name,
        FULL_NAME_MAX,
        QT_TRANSLATE_NOOP("DomainError", "Enter the person's full name."),
        single_line=True,
    )


def account_fields(checks: FieldChecks, username: str, full_name: str, password: str) -> tuple[str, str]:
    """A new account's user name and full name as stored, and its password checked: each field's refusal kept in
    ``checks`` (a form that asks for all three says every one wrong at once, not one at each OK)."""

    def checked_username() -> str:
        name = checked_text(
            "username", username, USERNAME_MAX, QT_TRANSLATE_NOOP("DomainError", "Enter a user name."), single_line=True
        )
        if not USERNAME.fullmatch(name):  # a tab or a "<" typed into it: an account nobody can log in to
            raise FieldError(
                "username",
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "A user name uses Latin letters and digits, with . _ - after the first character, and no spaces.",
                ),
            )
        return name

    name = checks(checked_username, username)
    full = checks(lambda: checked_full_name(full_name), full_name)
    checks(lambda: validate_password(password, username), None)
    return name, full


def create_staff(
    username: str,
    full_name: str,
    role: Role,
    password: str,
    per_case_limit: Decimal = Decimal("0"),
    daily_limit: Decimal = Decimal("0"),
) -> Staff:
    checks = FieldChecks()
    username, full_name = account_fields(checks, username, full_name, password)
    checks.raise_any()
    if per_case_limit < 0 or daily_limit < 0:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "Authority limits cannot be negative."))
    with db.atomic():
        if Staff.select().where(Staff.username == username).exists():
            raise FieldError(
                "username", QT_TRANSLATE_NOOP("DomainError", "The user name {username} is taken."), username=username
            )
        # Admin beside admin: two accounts a person logging in tells apart by the case of a letter.
        taken = Staff.select(Staff.username).where(fn.lower(Staff.username) == username.lower()).scalar()
        if taken is not None:
            raise FieldError(
                "username",
                QT_TRANSLATE_NOOP("DomainError", "The user name {username} is taken (as {taken})."),
                username=username,
                taken=taken,
            )
        staff: Staff = Staff.create(
            username=username,
            full_name=full_name,
            role=Role(role),
            password_hash=hash_password(password),
            per_case_limit=to_money(per_case_limit),
            daily_limit=to_money(daily_limit),
        )
        return staff


# The refusal of a wrong user name or password (one sentence for both: it tells a guesser nothing).
WRONG_LOGIN = QT_TRANSLATE_NOOP("DomainError", "The user name or the password is wrong.")


def authenticate(username: str, password: str, now: dt.datetime | None = None) -> Staff:
    """The active account with these credentials, or AuthenticationError.

    After MAX_FAILED_LOGINS wrong passwords in a row the account is locked for
    LOCK_MINUTES, whatever is typed meanwhile; each lock is logged. The lock
    and the count are read and written in one write transaction, so wrong
    passwords typed at the same moment on several desks all count.
    """
    now = now or dt.datetime.now()
    staff = _account_named(username.strip())
    # Hash even for an unknown name so timing does not reveal which names exist.
    stored = staff.password_hash if staff else _dummy_hash()
    correct = check_password(password, stored) and staff is not None
    if staff is None:
        raise AuthenticationError(WRONG_LOGIN)
    # Hashed at an older cost: hashed again at today's, made before the write transaction (a quarter of a second).
    rehashed = hash_password(password) if correct and not hashed_at_todays_cost(stored) else None
    # The refusal is raised after the transaction: raising inside would roll the count back.
    refusal: AuthenticationError | None = None
    with db.atomic():
        staff = Staff.get_by_id(staff.id)
        if staff.locked_until is not None and staff.locked_until > now:
            refusal = _locked(staff.username, staff.locked_until)
        elif not correct:
            locked_until = _count_failure(staff, now)
            # The password that locks the account says so (the next one would, whatever was typed).
            refusal = _locked(staff.username, locked_until) if locked_until else AuthenticationError(WRONG_LOGIN)
        elif not staff.active:
            refusal = AuthenticationError(
                QT_TRANSLATE_NOOP("DomainError", "The account {username} is disabled; ask an administrator."),
                username=staff.username,
            )
        else:
            values: dict[Any, object] = {Staff.last_login_at: now, Staff.failed_logins: 0, Staff.locked_until: None}
            if rehashed is not None and staff.password_hash == stored:  # nobody changed it since it was read
                values[Staff.password_hash] = rehashed
            Staff.update(values).where(Staff.id == staff.id).execute()
    if refusal is not None:
        raise refusal
    return cast(Staff, Staff.get_by_id(staff.id))


def _account_named(username: str) -> Staff | None:
    """The account of ``username`` as typed, whatever the case of its letters: user names are unique regardless of
    case (``create_staff``), and "Admin" typed as "admin" the next morning was refused as a wrong login. An exact
    match first: two accounts told apart by case alone may predate that rule."""
    exact = Staff.get_or_none(Staff.username == username)
    if exact is not None or not username:
        return cast(Staff | None, exact)
    by_case = Staff.select().where(fn.lower(Staff.username) == username.lower()).order_by(Staff.id)
    return cast(Staff | None, by_case.first())


def account_named(username: str) -> int:
    """The id of the account a person names on the command line (its user name, letters in any case; a disabled
    one too: the complaints it received stay in the register); else a sentence."""
    account = _account_named(username.strip())
    if account is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "There is no account {username}."), username=username)
    return int(account.id)


def _locked(username: str, until: dt.datetime) -> AuthenticationError:
    return AuthenticationError(
        QT_TRANSLATE_NOOP("DomainError", "Too many wrong passwords: the account {username} is locked until {time}."),
        username=username,
        time=until.strftime("%H:%M"),
    )


def _count_failure(staff: Staff, now: dt.datetime) -> dt.datetime | None:
    """Count one wrong password in the caller's write transaction: the
    increment is done by SQL, never by writing back a count read earlier.
    The time the account is locked until when this one locked it."""
    from models.audit_chain import append_event

    Staff.update(failed_logins=Staff.failed_logins + 1).where(Staff.id == staff.id).execute()
    failures = Staff.select(Staff.failed_logins).where(Staff.id == staff.id).scalar()
    # In the audit trail, by the account they were typed for (nobody is logged in): a desk's local log was their
    # only trace, and a correct password afterwards cleared the count.
    append_event(dt.datetime.now(), "login_failed", None, None, {"account": staff.username, "failures": failures})
    if failures < MAX_FAILED_LOGINS:
        return None
    locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    Staff.update(failed_logins=0, locked_until=locked_until).where(Staff.id == staff.id).execute()
    until = locked_until.isoformat(sep=" ", timespec="minutes")
    append_event(dt.datetime.now(), "account_locked", None, None, {"account": staff.username, "until": until})
    log.warning("account %s locked until %s after %d wrong passwords", staff.username, locked_until, failures)
    return locked_until


def account_now(staff_id: int) -> Staff | None:
    """The account as it is now: an administrator may have changed its role since its login (None: removed)."""
    return cast(Staff | None, Staff.get_or_none(Staff.id == staff_id))


def has_administrator() -> bool:
    return bool(Staff.select().where(Staff.role == Role.ADMIN, Staff.active).exists())


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * r * n + 1024 * 1024, dklen=KEY_BYTES
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(12))


class Handover(BaseModel):
    """交接班: one duty manager hands the desk to the next, with a note."""

    from_staff = ForeignKeyField(Staff, null=True, on_delete="RESTRICT")
    to_staff = ForeignKeyField(Staff, on_delete="RESTRICT")
    at = DateTimeField(default=dt.datetime.now, index=True)
    note = TextField(default="")
    sheet = TextField(default="{}")
    acknowledged_at = DateTimeField(null=True)
