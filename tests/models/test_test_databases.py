"""The tests' own databases (tests/conftest.py): each test's copy of a master
file is its own, and holds what its fixture promises."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest

from models.anchor import IDENTITY_KEY, database_identity
from models.catalog import Category, Remedy
from models.staff import Role, Staff, StaffRemedy, authenticate

from conftest import Desk


def test_seeded_holds_the_defaults_and_the_usual_accounts(seeded: Desk) -> None:
    assert Category.select().count() >= 10 and Remedy.select().count() >= 10
    assert (seeded.manager.username, seeded.manager.full_name, seeded.manager.role) == (
        "zhangwei",
        "张伟",
        Role.DUTY_MANAGER,
    )
    assert (seeded.manager.per_case_limit, seeded.manager.daily_limit) == (Decimal("200"), Decimal("1000"))
    granted = {grant.remedy.code for grant in StaffRemedy.select().where(StaffRemedy.staff == seeded.manager)}
    assert granted == {remedy.code for remedy in Remedy.select().where(~Remedy.office_only)}
    assert (seeded.office.role, seeded.admin.role) == (Role.OFFICE, Role.ADMIN)
    for username, password in (("zhangwei", "desk-pass-1"), ("office", "office-pass-1"), ("admin", "admin-pass-1")):
        assert authenticate(username, password).username == username


def test_defaults_has_the_catalogues_and_no_account(defaults: object) -> None:
    assert Category.select().count() >= 10
    assert Staff.select().count() == 0


@pytest.mark.sqlite_only
def test_a_test_s_copy_is_its_own(seeded: Desk, database: object, database_path: Path, seeded_database: Path) -> None:
    assert Path(database.database) == database_path != seeded_database
    assert database_identity(database) not in (None, database_identity_of(seeded_database))
    master_bytes = hashlib.sha256(seeded_database.read_bytes()).hexdigest()
    Staff.delete().execute()
    assert Staff.select().count() == 0
    assert hashlib.sha256(seeded_database.read_bytes()).hexdigest() == master_bytes


def database_identity_of(path: Path) -> str:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        [(value,)] = raw.execute("SELECT value FROM setting WHERE key = ?", (IDENTITY_KEY,)).fetchall()
    return str(json.loads(value))
