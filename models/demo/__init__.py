"""Deterministic, realistic Chinese demo data: staff, customers and a year of complaints in every state.

``generate_demo`` backs ``main.py demo``. Narratives, demands and findings are assembled from per-category
stories, templates and slots, so rows read like real desk records without repeating. Rows go in as raw
multi-row INSERTs, one transaction per batch: a million complaints take a few minutes and memory stays flat.
The same seed and the same ``now`` give the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from models import settings
from models.analysis.day_tally import RebuildAside
from models.analysis.day_tally import suspend as suspend_day_tallies
from models.archive import archive_head, record_names
from models.base import db, is_postgresql
from models.catalog import Remedy
from models.complaint import Complaint
from models.defaults import load_defaults
from models.demo.external import plant_external_cases
from models.demo.improvement import plant_improvement_actions
from models.demo.producer import Plan, cycles_uncollected, produced
from models.demo.recovery import plant_recoveries
from models.demo.resting import indexes_resting
from models.demo.store import Catalogue, FirstIds, Known, Member, Team
from models.demo.texts import PEOPLE_TEXTS
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Role, Staff, StaffRemedy, create_staff

BATCH_SIZE = 5000
# The most complaints one demo loads: ten times the million the product is measured at (a mistyped 99999999999999
# ran the worker past 2 GB before the first batch, and ended in "Python int too large to convert to SQLite INTEGER").
MOST_COMPLAINTS = 10_000_000
BULK_CACHE_KIB = 256 * 1024  # the page cache while a demo is written: the indexes of a million complaints
BULK_BUSY_TIMEOUT_MS = 300_000
# Demo passwords: no 0/O, 1/l/I, so they survive being read aloud or copied from the screen.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class DemoAccount:
    """An account the demo created, with the password to log in with."""

    username: str
    full_name: str
    role: Role
    password: str


class DemoInterrupted(KeyboardInterrupt):
    """Ctrl+C while a demo loaded into a SQLite file: the complaints of the batches committed before stay
    (``written``), and so do the accounts made before the load (given to ``generate_demo``'s ``accounts_made``).
    The steps after the load (external cases, improvement actions, recoveries) were not made; the indexes a big
    load left out and the analysis' day tallies it suspended are made at the next open (``models.database``)."""

    def __init__(self, written: int) -> None:
        super().__init__(written)
        self.written = written


_DUTY_MANAGERS: tuple[tuple[str, str], ...] = PEOPLE_TEXTS["duty_managers"]
_DUTY_LIMITS = ((Decimal("200.00"), Decimal("1000.00")), (Decimal("300.00"), Decimal("1500.00")))
_OFFICE_NAMES: tuple[str, ...] = PEOPLE_TEXTS["office_names"]
_OFFICE_LIMITS = (Decimal("5000.00"), Decimal("20000.00"))
_ADMIN_NAMES: tuple[str, ...] = PEOPLE_TEXTS["admin_names"]
_ORGANISATIONS: tuple[str, ...] = PEOPLE_TEXTS["organisations"]


def generate_demo(
    complaints: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
    copying: Callable[[str, int], None] | None = None,
    accounts_made: Callable[[list[DemoAccount]], None] | None = None,
) -> list[DemoAccount]:
    """Fill the open database with catalogues, demo staff and ``complaints`` cases of the year before ``now``.

    Returns the accounts created, with their passwords (drawn at random, shown once: only their hashes are
    kept); accounts whose user name exists already are kept as they are and not returned. The database is
    marked as demo data. ``progress(done, total)`` is called after each batch. On a PostgreSQL server the
    rows are written into a temporary file and copied to the server (models/demo/server.py):
    ``copying(table, rows)`` is then called after each table copied. ``accounts_made(accounts)`` is called as
    soon as the accounts are in the database, before the complaints load: a load that stops (Ctrl+C, a desk
    writing meanwhile, a full disk) keeps them, and their passwords are shown nowhere else. (On a server, whose
    accounts come with the copy, it is not called.)
    """
    if is_postgresql():
        from models.demo.server import generate_on_server

        try:
            return generate_on_server(db.obj, lambda: generate_demo(complaints, seed, progress, now), copying)
        except DemoInterrupted:
            raise KeyboardInterrupt from None  # the file it was written into is gone: nothing reached the server
    _refuse_real_cases()
    accounts, plan = plan_demo(complaints, seed, now)
    if accounts_made is not None:
        accounts_made(accounts)
    suspend_day_tallies()  # the analysis' triggers would slow the bulk load more than one rebuild at the end
    done = 0
    known = Known()
    loaded = Loaded(plan, RebuildAside())
    try:
        with produced(plan) as batches, _bulk_load_settings(), cycles_uncollected(), closing(loaded.day_tallies):
            with indexes_resting(complaints):  # back before the steps after the load, which read through them
                for rows in batches:
                    rows.write(known)
                    done += len(rows.complaints)
                    if progress is not None:
                        progress(done, complaints)
                # Read from the complaints written, on the other core, while this one writes the rest.
                loaded.day_tallies.start()
            for _, step in AFTER_LOAD:
                step(loaded)
    except KeyboardInterrupt:
        raise DemoInterrupted(_complaints_written(plan)) from None
    return accounts


def _refuse_real_cases() -> None:
    """A file holding cases and not marked as demo data is a desk's real archive: demo cases written into it could
    never be told apart or taken out again (sealed cases are not deleted), and every printed form would say demo
    data. Refused before anything is written; a demo database takes more demo data."""
    if not settings.is_demo() and Complaint.select(Complaint.id).limit(1).exists():
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{where} holds real cases: demo data would be mixed into them for good (cases sealed in the archive "
                "are never deleted). Load demo data into a new database file.",
            ),
            where=str(db.database),
        )


def _complaints_written(plan: Plan) -> int:
    """The plan's complaints in the database, counted there: Ctrl+C may come as a batch's commit returns (SQLite
    folds the log into the file in the same call), after the batch is written and before the load counts it."""
    first = plan.first.complaint
    return int(Complaint.select().where(Complaint.id.between(first, first + plan.complaints - 1)).count())


@dataclass(frozen=True)
class Loaded:
    """What the steps after the load are planted from: the plan, and the analysis' day tallies being read."""

    plan: Plan
    day_tallies: RebuildAside


def _external_cases(loaded: Loaded) -> None:
    plan = loaded.plan
    plant_external_cases(plan.first.complaint, plan.complaints, plan.team.office.id, plan.seed, plan.now)


def _improvement_actions(loaded: Loaded) -> None:
    plan = loaded.plan
    plant_improvement_actions(plan.team.office.id, plan.seed, plan.now)


def _recoveries(loaded: Loaded) -> None:
    plan = loaded.plan
    plant_recoveries(plan.team.office.id, plan.seed, plan.now)


def _day_tallies(loaded: Loaded) -> None:
    loaded.day_tallies.finish()


# What happened after the complaints, planted once they are all written, in this order (each from the plan). None
# changes what the analysis' day tallies count (complaints, proposals, compensation lines): those are read meanwhile.
AFTER_LOAD: list[tuple[str, Callable[[Loaded], object]]] = [
    ("external cases", _external_cases),  # some customers took their complaint outside (外部投诉)
    ("improvement actions", _improvement_actions),  # the office acted on hot-spots and suggestions (整改措施)
    ("recoveries", _recoveries),  # the office claimed compensation back from the suppliers at fault (追偿)
    # The analysis' day tallies, filled in one pass (suspended for the load; migration 0021's triggers keep
    # them from then on): read since the load's end (``RebuildAside``), put in here.
    ("analysis tallies", _day_tallies),
]


def plan_demo(complaints: int, seed: int = 1, now: dt.datetime | None = None) -> tuple[list[DemoAccount], Plan]:
    """The first half of ``generate_demo``: catalogues, settings and staff in the open database (the accounts
    created), and the plan its complaints are drawn from."""
    if complaints < 0:
        raise ValueError("the number of complaints cannot be negative")
    if complaints > MOST_COMPLAINTS:
        raise ValueError(f"a demo loads at most {MOST_COMPLAINTS:,} complaints")
    if is_postgresql():  # its bulk writer speaks SQLite: generate_demo takes a server through a file
        raise RuntimeError("plan_demo plans the rows of a SQLite file; on a server, call generate_demo")
    now = (now or dt.datetime.now()).replace(microsecond=0)
    load_defaults()
    settings.put(settings.DEMO_DATA, True)
    if not settings.get(settings.ORGANISATION_NAME):
        organisation = random.Random(f"complaint-desk-demo-organisation:{seed}").choice(_ORGANISATIONS)
        settings.put(settings.ORGANISATION_NAME, organisation)
    accounts, team = _ensure_staff(seed)
    plan = Plan(
        complaints,
        seed,
        now,
        Catalogue.load(),
        team,
        FirstIds.read(),
        BATCH_SIZE,
        archive_head(),
        record_names(),
    )
    return accounts, plan


@contextmanager
def _bulk_load_settings() -> Iterator[None]:
    """While the batches go in: commits that do not wait for the disk, a bigger page cache and a longer wait for
    the write lock. In WAL mode a power cut may then lose the last batches committed, never damage the file
    (SQLite's guarantee for synchronous=NORMAL); the connection's own settings (synchronous=FULL, see
    models/database.py) come back afterwards, whatever happens."""
    connection = db.connection()
    (journal_mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    kept = ("synchronous", "cache_size", "busy_timeout")
    saved = {name: connection.execute(f"PRAGMA {name}").fetchone()[0] for name in kept}
    if journal_mode == "wal":
        connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    # A desk opened meanwhile may create the indexes the load left out (models/database.py): the next batch waits.
    connection.execute(f"PRAGMA busy_timeout = {BULK_BUSY_TIMEOUT_MS}")
    try:
        yield
    finally:
        for name, value in saved.items():
            connection.execute(f"PRAGMA {name} = {int(value)}")


def demo_password() -> str:
    """A fresh password for a demo account: never the same on two installs
    (the seed reproduces the data, not the keys to it), easy to read out."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _ensure_staff(seed: int) -> tuple[list[DemoAccount], Team]:
    pick = random.Random(f"complaint-desk-demo-staff:{seed}")
    managers = pick.sample(_DUTY_MANAGERS, 2)
    plan = [
        (username, full_name, Role.DUTY_MANAGER, *limits)
        for (username, full_name), limits in zip(managers, _DUTY_LIMITS, strict=True)
    ]
    plan.append(("office", pick.choice(_OFFICE_NAMES), Role.OFFICE, *_OFFICE_LIMITS))
    plan.append(("admin", pick.choice(_ADMIN_NAMES), Role.ADMIN, Decimal("0.00"), Decimal("0.00")))
    grantable = [r.id for r in Remedy.select(Remedy.id).where(Remedy.active, ~Remedy.office_only).order_by(Remedy.id)]
    accounts: list[DemoAccount] = []
    members: dict[str, Member] = {}
    for username, full_name, role, per_case, daily in plan:
        password = demo_password()
        name, staff = _demo_account(username, role)
        if staff is None:
            with db.atomic():
                staff = create_staff(name, full_name, role, password, per_case, daily)
                if role == Role.DUTY_MANAGER and grantable:
                    StaffRemedy.insert_many([{"staff": staff.id, "remedy": r} for r in grantable]).execute()
            accounts.append(DemoAccount(name, full_name, role, password))
        members[username] = Member(staff.id, staff.full_name, int(Decimal(staff.per_case_limit) * 100))
    duty = tuple(members[username] for username, *_ in plan[:2])
    return accounts, Team(duty_managers=duty, office=members["office"])


def _demo_account(username: str, role: Role) -> tuple[str, Staff | None]:
    """The user name of the demo's account ``username`` and the account already there to keep (None: to create).

    An account of that name in any case of letters ("Admin" for "admin") and of that role is the demo's: the
    set-up's administrator named so, or a demo loaded before. One of another role (the administrator named
    "Office") stays as it is, and the demo's account takes the first free name after it ("office2"): creating
    "office" beside "Office" was refused, and the demo loaded nothing."""
    candidate, number = username, 1
    while True:
        staff = Staff.select().where(fn.lower(Staff.username) == candidate.lower()).order_by(Staff.id).first()
        if staff is None:
            return candidate, None
        if staff.role == role:
            return str(staff.username), staff
        number += 1
        candidate = f"{username}{number}"
