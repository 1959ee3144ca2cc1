"""What the database already holds (catalogues, the demo team) and the rows written to it in bulk."""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from operator import itemgetter
from typing import Any, cast

from peewee import Model

from models.archive import (
    ArchiveHead,
    BulkSeals,
    CaseToSeal,
    RecordNames,
    archive_head,
    seal_cases,
    seal_in_bulk,
    write_bulk_seals,
)
from models.audit import AuditEvent, chain_head, change_ids, event_digest
from models.base import db
from models.catalog import Category, Department, ReferralGuide, Remedy, RiskKeyword
from models.complaint import CompensationLine, Complaint, FollowUp, Proposal
from models.control.alerts import RiskAlert
from models.control.risk import RiskWord
from models.control.tallies import COLUMNS as TALLIED_COLUMNS
from models.control.tallies import Key, add_written
from models.control.tallies import Row as TalliedRow
from models.customer import Customer
from models.demo.resting import idle_triggers_dropped
from models.demo.search_index import grams_document, index_after_load
from models.demo.slots import running_totals
from models.demo.texts import THEME_BY_CODE, THEME_WORDS, THEMES, Theme
from models.errors import QT_TRANSLATE_NOOP, DomainError

# Rows a statement of the bulk insert holds. Each batch's transaction changes the schema (the idle triggers dropped
# and created again: models/demo/resting.py), so SQLite prepares every statement again in each batch: at a million
# complaints, preparing the statements of a thousand rows again was 5 % of the writer's time. 128 rows make the
# prepare small and the steps few (the writer's inserts at 100,000 complaints: 43–51 µs a complaint with 1,000 rows,
# 30–38 with 128, 41 with one row a statement).
ROWS_PER_STATEMENT = 128
KNOWN_CHANGES = 200_000  # audit change texts the writer remembers (most repeat: a state moving on, a consent)


@dataclass(frozen=True)
class Member:
    id: int
    full_name: str
    per_case: int  # authority per case, in fen


@dataclass(frozen=True)
class Team:
    duty_managers: tuple[Member, ...]
    office: Member


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    name: str
    department: int | None
    severity: str
    always_to_office: bool
    theme: Theme


@dataclass(frozen=True)
class RemedyInfo:
    id: int
    kind: str
    name: str
    default: int  # fen
    office_only: bool


@dataclass
class Catalogue:
    categories: list[CategoryInfo]
    category_weights: tuple[float, ...]  # running totals
    departments: dict[int, tuple[str, str]]  # id -> (code, name)
    department_by_code: dict[str, int]
    remedies_by_kind: dict[str, list[RemedyInfo]]
    risk_words: tuple[RiskWord, ...] = ()  # the office's active escalation-risk words
    referrals: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # category id -> (guide id, advice)

    @classmethod
    def load(cls) -> Catalogue:
        departments = {
            d.id: (d.code, d.name)
            for d in Department.select().where(Department.active).order_by(Department.sort_order, Department.id)
        }
        categories = [
            CategoryInfo(
                id=c.id,
                code=c.code,
                name=c.name,
                department=c.default_department_id if c.default_department_id in departments else None,
                severity=c.default_severity,
                always_to_office=bool(c.always_to_office),
                theme=_theme_for(c.code, c.name, c.name_en),
            )
            for c in Category.select().where(Category.active).order_by(Category.sort_order, Category.id)
        ]
        remedies: dict[str, list[RemedyInfo]] = {}
        for r in Remedy.select().where(Remedy.active).order_by(Remedy.sort_order, Remedy.id):
            info = RemedyInfo(r.id, r.kind, r.name, int(Decimal(r.default_amount or 0) * 100), bool(r.office_only))
            remedies.setdefault(r.kind, []).append(info)
        if not categories or not departments or not remedies:
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "Demo data needs at least one active category, department and remedy.")
            )
        words = RiskKeyword.select().where(RiskKeyword.active).order_by(RiskKeyword.id)
        referrals: dict[int, list[tuple[int, str]]] = {}
        guide = ReferralGuide.select().where(ReferralGuide.active, ReferralGuide.category.is_null(False))
        for entry in guide.order_by(ReferralGuide.sort_order, ReferralGuide.id):
            referrals.setdefault(entry.category_id, []).append((entry.id, entry.refer_to))
        return cls(
            categories=categories,
            category_weights=running_totals([c.theme.weight for c in categories]),
            departments=departments,
            department_by_code={code: id_ for id_, (code, _) in departments.items()},
            remedies_by_kind=remedies,
            risk_words=tuple(RiskWord(w.word, w.risk_group, w.weight) for w in words),
            referrals=referrals,
        )


def _theme_for(code: str, name: str, name_en: str) -> Theme:
    if code in THEME_BY_CODE:
        return THEMES[THEME_BY_CODE[code]]
    text = f"{code} {name} {name_en}".lower()
    for theme, words in THEME_WORDS:
        if any(word in text for word in words):
            return THEMES[theme]
    return THEMES["other"]


@functools.cache
def _insert_sql(model: type[Model], names: tuple[str, ...], with_id: bool, rows: int = 1) -> str:
    fields = model._meta.fields
    expected = set(fields) if with_id else set(fields) - {"id"}
    if set(names) != expected:
        raise RuntimeError(f"demo rows for {model.__name__} do not match its fields: {sorted(expected ^ set(names))}")
    columns = ", ".join(f'"{fields[n].column_name}"' for n in names)
    marks = "(" + ", ".join("?" * len(names)) + ")"
    return f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {", ".join([marks] * rows)}'


CUSTOMER_FIELDS = ("id", "name", "phone", "created_at", "note")
COMPLAINT_FIELDS = (
    "id", "state", "customer", "received_at", "received_by", "channel", "location", "moved_to_private",
    "narrative", "category", "severity", "demand", "acknowledged", "promised_minutes", "promised_at", "findings",
    "department", "staff_involved", "liability", "handoff_note", "consent", "counter_demand", "satisfaction",
    "signature", "witness", "consent_at", "improvement_suggestion", "withdrawn_reason", "closed_at", "closed_by",
    "archive_number", "wizard_page", "updated_at", "risk_level", "risk_reasons", "risk_score", "taken_over_by",
    "referral", "referral_given",
)  # fmt: skip
PROPOSAL_FIELDS = (
    "id", "complaint", "seq", "created_at", "created_by", "explanation", "status", "total", "needs_office",
    "decision", "decision_note", "decided_by", "decided_at", "answer", "counter_demand", "satisfaction", "answered_at",
)  # fmt: skip
LINE_FIELDS = ("proposal", "remedy", "description", "amount", "charged_to")
FOLLOW_UP_FIELDS = ("complaint", "kind", "due_at", "description", "done_at", "done_by", "result")
EVENT_FIELDS = ("id", "complaint", "at", "actor", "action", "change", "digest")
ALERT_FIELDS = (
    "complaint", "raised_at", "raised_by", "source", "level", "reasons", "summary", "note", "answered_at",
    "answered_by", "outcome", "answer_note",
)  # fmt: skip


_ARCHIVE_NUMBER = COMPLAINT_FIELDS.index("archive_number")
_NARRATIVE, _FINDINGS, _DEMAND = (COMPLAINT_FIELDS.index(name) for name in ("narrative", "findings", "demand"))
_TALLIED = itemgetter(*(COMPLAINT_FIELDS.index(column.removesuffix("_id")) for column in TALLIED_COLUMNS))


@dataclass
class Known:
    """What the writer of one bulk load has looked up and may look up again: the hot-spot tally groups' ids,
    the audit change texts' ids."""

    groups: dict[Key, int] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class FirstIds:
    """The ids the demo's first new rows take: after every row the database holds."""

    customer: int
    complaint: int
    proposal: int

    @classmethod
    def read(cls) -> FirstIds:
        return cls(next_id(Customer), next_id(Complaint), next_id(Proposal))


@dataclass
class Rows:
    """One batch of rows, in the order of the columns named above. The events (complaint, at, actor, action,
    changes) get their ids and digests in the writer's transaction (``chained``), after the audit chain's head
    as it is then. The closed and withdrawn cases are drawn with their records (``to_seal``), and sealed
    (``seal``) before the batch goes to the writer."""

    customers: list[tuple[Any, ...]] = field(default_factory=list)
    complaints: list[tuple[Any, ...]] = field(default_factory=list)
    proposals: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    follow_ups: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    alerts: list[tuple[Any, ...]] = field(default_factory=list)
    to_seal: list[CaseToSeal] = field(default_factory=list)
    sealed: BulkSeals | None = None
    # The complaints whose texts are all ``plain`` (search_index.py): their place in ``complaints`` and their
    # customer's text; the writer makes their search grams (``grams``).
    plain: list[tuple[int, str]] = field(default_factory=list)

    def chained(self, head: tuple[int, str]) -> list[tuple[Any, ...]]:
        """The batch's events numbered after ``head`` (the last event's id and digest) with the audit chain
        extended over them, as ``models.audit.record`` does one at a time: (id, *event, digest), the digest as
        its bytes (as the table keeps it: migration 0014)."""
        last_id, previous = head
        chained = []
        for event_id, event in enumerate(self.events, start=last_id + 1):
            complaint, at, actor, action, changes = event
            if None in event:  # written as nothing
                previous = event_digest(previous, (event_id, *event))
                digest = bytes.fromhex(previous)
            else:  # event_digest's text at once: half its time (a test holds the two alike)
                text = f"{previous}\n{event_id}\x1f{complaint}\x1f{at}\x1f{actor}\x1f{action}\x1f{changes}"
                digest = hashlib.sha256(text.encode()).digest()
                previous = digest.hex()
            chained.append((event_id, complaint, at, actor, action, changes, digest))
        return chained

    def seal(self, head: ArchiveHead, names: RecordNames, packed: bool = True) -> ArchiveHead:
        """Seal the cases drawn to be sealed after ``head`` (``models.archive.seal_cases``: ``packed``, their
        payloads compressed here, else by the writer); the archive's head after them."""
        self.sealed = seal_cases(head, self.to_seal, names, packed)
        self.to_seal = []
        return self.sealed.after

    def write(self, known: Known | None = None) -> None:
        """Insert every row, seal the closed and withdrawn cases and tally the complaints for hot-spot detection,
        in one transaction (``known``: what earlier batches of the same load looked up)."""
        known = known if known is not None else Known()
        connection = db.connection()
        variables = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        with db.atomic():
            self._refuse_taken_ids()
            # Chained here, inside the write transaction: no other desk's event comes between (the worker
            # process that draws the batches is the busier of the two: the writer takes this share).
            events = self._stored_events(self.chained(chain_head()), known.changes)
            sealed = self.sealed
            if sealed is not None and sealed.head.place() != archive_head(texts=False).place():
                sealed = None  # another desk sealed a case since the batch was sealed: sealed again after it
            with (
                index_after_load(self.grams(), sealed.numbers if sealed is not None else None),
                idle_triggers_dropped(),  # the guards and tallies its new rows cannot set off
            ):
                # Closed and withdrawn cases go into the archive, as closing does at the desk.
                if sealed is not None:
                    self._insert_numbered(connection, variables, events, sealed.numbers)
                    write_bulk_seals(sealed, numbered=True)
                else:
                    self._insert(connection, variables, events)
                    seal_in_bulk([row[0] for row in self.complaints])
            if self.complaints:  # the hot-spot tallies: from the rows, not read back
                tallied = cast(Iterator[TalliedRow], map(_TALLIED, self.complaints))
                add_written(tallied, self.complaints[0][0], self.complaints[-1][0], known.groups)

    def _refuse_taken_ids(self) -> None:
        """The batch's rows take the ids after every row the database held when the load was planned (drawn in
        advance, and named in the seals' records): a desk that received a complaint meanwhile, or another load,
        took some of them. Inside the write transaction, before anything is written."""
        for model, rows in ((Customer, self.customers), (Complaint, self.complaints), (Proposal, self.proposals)):
            if rows and next_id(model) > min(row[0] for row in rows):
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "DomainError",
                        "Another desk wrote complaints into this database while the demo data was loading, so the "
                        "demo stopped there; what it had written stays. Load demo data into a database nobody is "
                        "using.",
                    )
                )

    def grams(self) -> list[tuple[int, str]]:
        """(id, ``grams_document``) of the complaints with plain texts, made here: the worker process that draws
        them is the busier of the two (and they would cross the pipe at three times the texts' size)."""
        complaints = self.complaints
        return [
            (row[0], grams_document((row[_NARRATIVE], row[_FINDINGS], row[_DEMAND], person)))
            for row, person in ((complaints[place], person) for place, person in self.plain)
        ]

    def _stored_events(self, events: list[tuple[Any, ...]], known: dict[str, int]) -> list[tuple[Any, ...]]:
        """The chained events as the table keeps them: each changes text by its audit_change row (``known``: the
        rows of texts met before in this load; append-only, so their ids stay)."""
        if len(known) > KNOWN_CHANGES:
            known.clear()
        known.update(change_ids(event[5] for event in events if event[5] not in known))
        return [(*event[:5], known[event[5]], event[6]) for event in events]

    def _insert_numbered(
        self,
        connection: sqlite3.Connection,
        variables: int,
        events: list[tuple[Any, ...]],
        numbers: list[tuple[str, int]],
    ) -> None:
        """``_insert`` with the sealed cases inserted with their archive numbers (``numbers``: (number, id)):
        updating each complaint's row to number it afterwards cost the writer 12 µs a complaint (a twentieth of
        its time). Their proposals, lines and follow-ups go in before them, as they were made before the case was
        sealed (the archive's triggers refuse rows added to a case with a number); the foreign keys are checked
        when the transaction commits (``defer_foreign_keys``, off again afterwards)."""
        by_id = {complaint_id: number for number, complaint_id in numbers}
        at = _ARCHIVE_NUMBER
        complaints = [
            row if row[0] not in by_id else (*row[:at], by_id[row[0]], *row[at + 1 :]) for row in self.complaints
        ]
        (deferred,) = connection.execute("PRAGMA defer_foreign_keys").fetchone()
        connection.execute("PRAGMA defer_foreign_keys = ON")
        try:
            self._insert(connection, variables, events, complaints, cases_last=True)
        finally:
            connection.execute(f"PRAGMA defer_foreign_keys = {int(deferred)}")

    def _insert(
        self,
        connection: sqlite3.Connection,
        variables: int,
        events: list[tuple[Any, ...]],
        complaints: list[tuple[Any, ...]] | None = None,
        cases_last: bool = False,
    ) -> None:
        """Insert the batch's rows (``complaints`` instead of its own, when given; after the rows that refer to
        them when ``cases_last``)."""
        cases = (Complaint, COMPLAINT_FIELDS, True, self.complaints if complaints is None else complaints)
        tables = [
            (Customer, CUSTOMER_FIELDS, True, self.customers),
            (Proposal, PROPOSAL_FIELDS, True, self.proposals),
            (CompensationLine, LINE_FIELDS, False, self.lines),
            (FollowUp, FOLLOW_UP_FIELDS, False, self.follow_ups),
            (RiskAlert, ALERT_FIELDS, False, self.alerts),
        ]
        tables.insert(len(tables) if cases_last else 1, cases)
        for model, names, with_id, rows in (*tables, (AuditEvent, EVENT_FIELDS, True, events)):
            # Statements of ROWS_PER_STATEMENT rows, run by executemany; the rest one row per statement.
            per = max(1, min(ROWS_PER_STATEMENT, variables // len(names)))
            whole = len(rows) - len(rows) % per
            if whole:
                sql = _insert_sql(model, names, with_id, per)
                connection.executemany(
                    sql, [list(chain.from_iterable(rows[start : start + per])) for start in range(0, whole, per)]
                )
            if whole < len(rows):
                connection.executemany(_insert_sql(model, names, with_id), rows[whole:])


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def next_id(model: type[Model]) -> int:
    return (model.select(model.id).order_by(model.id.desc()).limit(1).scalar() or 0) + 1
