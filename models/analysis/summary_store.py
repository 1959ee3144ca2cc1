"""Work summaries kept in the database (migration 0020): created from a generated draft, edited into numbered
versions (each with the figures behind it), signed off by the office, then read-only.

Only office and administrator accounts write and sign (``Action.WORK_SUMMARY``); every step is an audit event,
linked to the summary (``work_summary_event``). A signed summary refuses any change here with a sentence, and
the database refuses it too (the triggers of migration 0020), whatever writes to it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from peewee import (
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.analysis.summary_document import (
    SECTION_ORDER,
    SummaryDocument,
    document_from_json,
    summary_language,
)
from models.audit import AuditEvent, record_at
from models.base import BaseModel, db
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

TITLE_MAX = 200
AUTHOR_MAX = 64
SECTION_MAX = 20_000  # characters of one section's text
PERIOD_KINDS = ("week", "month", "quarter", "half_year", "year", "custom")


class SummaryState(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class WorkSummary(BaseModel):
    """投诉管控工作总结: one summary of a period (migration 0020)."""

    period_kind = CharField(max_length=16)
    first_day = DateField()
    last_day = DateField()
    language = CharField(max_length=8)
    title = CharField(max_length=TITLE_MAX)  # the newest version's
    organisation = CharField(max_length=200, default="")
    state = CharField(max_length=8, default=SummaryState.DRAFT)
    created_at = DateTimeField(default=dt.datetime.now)
    created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
    signed_at = DateTimeField(null=True)
    signed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)

    class Meta:
        indexes = ((("first_day", "last_day"), False),)


class WorkSummaryVersion(BaseModel):
    """A saved text of a summary with the figures behind it; never changed once saved."""

    summary = ForeignKeyField(WorkSummary, on_delete="RESTRICT", index=False)
    number = IntegerField()
    text = TextField()  # SummaryDocument.text_json()
    figures = TextField()  # SummaryDocument.figures_json()
    saved_at = DateTimeField(default=dt.datetime.now)
    saved_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

    class Meta:
        indexes = ((("summary", "number"), True),)


class WorkSummaryEvent(BaseModel):
    """An audit event of a summary."""

    summary = ForeignKeyField(WorkSummary, on_delete="RESTRICT", index=False)
    event = ForeignKeyField(AuditEvent, on_delete="RESTRICT", index=False)

    class Meta:
        primary_key = CompositeKey("summary", "event")


SIGNED_REFUSAL = QT_TRANSLATE_NOOP(
    "DomainError", "This work summary was signed off by {name} on {date}; it can no longer be changed."
)


# --------------------------------------------------------------------------- what screens read


@dataclass(frozen=True)
class SummaryRow:
    id: int
    title: str
    period_kind: str
    first_day: dt.date
    last_day: dt.date
    language: str
    state: str
    versions: int
    saved_at: dt.datetime
    created_by: str
    signed_by: str
    signed_at: dt.datetime | None

    @property
    def signed(self) -> bool:
        return self.state == SummaryState.SIGNED


@dataclass(frozen=True)
class VersionRow:
    number: int
    saved_at: dt.datetime
    saved_by: str


@dataclass(frozen=True)
class StoredSummary:
    """One version of a summary as the editor and the writers read it."""

    row: SummaryRow
    number: int  # the version shown
    saved_at: dt.datetime
    saved_by: str
    document: SummaryDocument
    versions: tuple[VersionRow, ...]

    @property
    def latest(self) -> bool:
        return self.number == self.versions[-1].number


def _time(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


_ROWS = """
SELECT s.id, s.title, s.period_kind, s.first_day, s.last_day, s.language, s.state,
       (SELECT count(*) FROM work_summary_version v WHERE v.summary_id = s.id),
       (SELECT max(v.saved_at) FROM work_summary_version v WHERE v.summary_id = s.id),
       c.full_name, coalesce(g.full_name, ''), s.signed_at
FROM work_summary s JOIN staff c ON c.id = s.created_by_id LEFT JOIN staff g ON g.id = s.signed_by_id
"""


def _row(values: Sequence[object]) -> SummaryRow:
    return SummaryRow(
        id=int(str(values[0])),
        title=str(values[1]),
        period_kind=str(values[2]),
        first_day=_day(values[3]),
        last_day=_day(values[4]),
        language=str(values[5]),
        state=str(values[6]),
        versions=int(str(values[7])),
        saved_at=_time(values[8]),
        created_by=str(values[9]),
        signed_by=str(values[10]),
        signed_at=None if values[11] is None else _time(values[11]),
    )


def summary_rows() -> list[SummaryRow]:
    """Every summary, the newest period first."""
    cursor = db.execute_sql(_ROWS + " ORDER BY s.last_day DESC, s.id DESC")
    return [_row(values) for values in cursor.fetchall()]


def summary_row(summary_id: int) -> SummaryRow:
    found = db.execute_sql(_ROWS + " WHERE s.id = ?", (summary_id,)).fetchone()
    if found is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This work summary no longer exists."))
    return _row(found)


def load_version(summary_id: int, number: int | None = None) -> StoredSummary:
    """A version of a summary (``number``; None: the newest) with the list of all its versions."""
    row = summary_row(summary_id)
    versions = tuple(
        VersionRow(int(n), _time(at), str(name))
        for n, at, name in db.execute_sql(
            "SELECT v.number, v.saved_at, s.full_name FROM work_summary_version v "
            "JOIN staff s ON s.id = v.saved_by_id WHERE v.summary_id = ? ORDER BY v.number",
            (summary_id,),
        ).fetchall()
    )
    wanted = versions[-1].number if number is None else number
    found = db.execute_sql(
        "SELECT text, figures, saved_at FROM work_summary_version WHERE summary_id = ? AND number = ?",
        (summary_id, wanted),
    ).fetchone()
    if found is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This summary has no version {number}."), number=wanted)
    text, figures, saved_at = found
    version = next(v for v in versions if v.number == wanted)
    organisation = WorkSummary.get_by_id(summary_id).organisation
    # 落款's date: the day it was signed, else the day this version was saved.
    dated = row.signed_at.date() if row.signed_at is not None else _time(saved_at).date()
    document = document_from_json(
        text,
        figures,
        language=row.language,
        first_day=row.first_day,
        last_day=row.last_day,
        organisation=organisation,
        dated=dated,
    )
    return StoredSummary(row, wanted, version.saved_at, version.saved_by, document, versions)


# --------------------------------------------------------------------------- writing


def _audit(now: dt.datetime, name: str, actor: Staff, summary_id: int, **changes: object) -> None:
    event = record_at(now, name, actor, None, work_summary=summary_id, **changes)
    WorkSummaryEvent.create(summary=summary_id, event=event.id)


def _checked_document(document: SummaryDocument) -> SummaryDocument:
    title = checked_text(
        "title", document.title, TITLE_MAX, QT_TRANSLATE_NOOP("DomainError", "Give the summary a title.")
    )
    author = checked_text("author", document.sign_off.author, AUTHOR_MAX)
    sections: dict[str, list[str]] = {}
    for section in document.sections:
        text = checked_text(section.key.value, "\n".join(section.paragraphs), SECTION_MAX)
        sections[section.key.value] = [line.strip() for line in text.split("\n") if line.strip()]
    return document.with_text(title, sections, author)


def _editable(summary_id: int) -> WorkSummary:
    summary: WorkSummary | None = WorkSummary.get_or_none(WorkSummary.id == summary_id)
    if summary is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This work summary no longer exists."))
    if summary.state == SummaryState.SIGNED:
        signer = Staff.get_by_id(summary.signed_by_id)
        raise DomainError(SIGNED_REFUSAL, name=signer.full_name, date=_time(summary.signed_at).date().isoformat())
    return summary


def store_summary(
    actor: Staff, period_kind: str, document: SummaryDocument, now: dt.datetime | None = None
) -> int:
    """A new draft summary holding ``document`` as its version 1; its id."""
    require(actor, Action.WORK_SUMMARY)
    now = now or dt.datetime.now()
    if period_kind not in PERIOD_KINDS:
        raise FieldError("period", QT_TRANSLATE_NOOP("DomainError", "Choose the period the summary covers."))
    if document.last_day < document.first_day:
        raise FieldError("period", QT_TRANSLATE_NOOP("DomainError", "The period ends before it begins."))
    document = _checked_document(document)
    with db.atomic():
        actor = require(actor, Action.WORK_SUMMARY)
        summary: WorkSummary = WorkSummary.create(
            period_kind=period_kind,
            first_day=document.first_day,
            last_day=document.last_day,
            language=summary_language(document.language),
            title=document.title,
            organisation=document.sign_off.organisation,
            state=SummaryState.DRAFT,
            created_at=now,
            created_by=actor,
        )
        WorkSummaryVersion.create(
            summary=summary, number=1, text=document.text_json(), figures=document.figures_json(), saved_at=now,
            saved_by=actor,
        )  # fmt: skip
        _audit(now, "summary_created", actor, summary.id, title=document.title, period=period_kind,
               first_day=document.first_day.isoformat(), last_day=document.last_day.isoformat(),
               language=document.language, version=1)  # fmt: skip
        return int(summary.id)


def save_version(
    actor: Staff,
    summary_id: int,
    title: str,
    sections: Mapping[str, Sequence[str]],
    author: str | None = None,
    now: dt.datetime | None = None,
    based_on: int | None = None,
) -> int:
    """The edited text as the summary's next version (the figures behind it stay those of the version before);
    its number. Refused when the summary is signed off, when nothing changed, or when it was edited from version
    ``based_on`` and another one was saved since (its text would be dropped unseen)."""
    require(actor, Action.WORK_SUMMARY)
    now = now or dt.datetime.now()
    unknown = set(sections) - {key.value for key in SECTION_ORDER}
    if unknown:
        raise FieldError("sections", QT_TRANSLATE_NOOP("DomainError", "A work summary has no section {name}."),
                         name=", ".join(sorted(unknown)))  # fmt: skip
    with db.atomic():
        actor = require(actor, Action.WORK_SUMMARY)
        summary = _editable(summary_id)
        latest = load_version(summary_id)
        _refuse_newer(latest, based_on)
        document = _checked_document(latest.document.with_text(title, sections, author))
        if document.text_json() == latest.document.text_json():
            raise DomainError(
                QT_TRANSLATE_NOOP("DomainError", "Nothing has changed since version {number}."), number=latest.number
            )
        number = latest.number + 1
        WorkSummaryVersion.create(
            summary=summary_id, number=number, text=document.text_json(), figures=latest.document.figures_json(),
            saved_at=now, saved_by=actor,
        )  # fmt: skip
        changed = [
            key.value
            for key in SECTION_ORDER
            if document.paragraphs(key) != latest.document.paragraphs(key)
        ]
        if document.title != summary.title:
            summary.title = document.title
            summary.save()
        retitled = [latest.document.title, document.title] if latest.document.title != document.title else None
        _audit(now, "summary_saved", actor, summary_id, version=number, sections=changed, title=retitled)
        return number


def sign_off(actor: Staff, summary_id: int, now: dt.datetime | None = None, version: int | None = None) -> int:
    """The office signs the summary off as its newest version reads (``version``: the one the signer read,
    refused when another was saved since); from then on it is read-only. The number of the version signed."""
    require(actor, Action.WORK_SUMMARY)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.WORK_SUMMARY)
        summary = _editable(summary_id)
        latest = load_version(summary_id)
        _refuse_newer(latest, version)
        number = latest.number
        summary.state = SummaryState.SIGNED
        summary.signed_at = now
        summary.signed_by = actor
        summary.save()
        _audit(now, "summary_signed", actor, summary_id, version=number, state=[SummaryState.DRAFT.value,
               SummaryState.SIGNED.value])  # fmt: skip
        return number


def _refuse_newer(latest: StoredSummary, read: int | None) -> None:
    """Refused when the person acts on version ``read`` and ``latest`` is newer: another office user saved it
    meanwhile (a save dropped its text unseen; a sign-off signed a text the signer never read)."""
    if read is not None and latest.number != read:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{who} saved version {number} at {time}, after version {read} shown here: open version {number} "
                "first (what you typed here is not saved; copy it across).",
            ),
            who=latest.saved_by,
            number=latest.number,
            time=latest.saved_at.strftime("%H:%M"),
            read=read,
        )


def summary_events(summary_id: int) -> list[tuple[dt.datetime, str, str, dict[str, object]]]:
    """The audit events of a summary: (when, who, action, changes), oldest first."""
    cursor = db.execute_sql(
        "SELECT e.at, coalesce(s.full_name, ''), e.action, c.text FROM work_summary_event w "
        "JOIN audit_event e ON e.id = w.event_id JOIN audit_change c ON c.id = e.changes_id "
        "LEFT JOIN staff s ON s.id = e.actor_id WHERE w.summary_id = ? ORDER BY e.id",
        (summary_id,),
    )
    return [(_time(at), str(who), str(action), json.loads(text)) for at, who, action, text in cursor.fetchall()]


def create_summary(
    actor: Staff,
    kind: str,
    first: dt.date,
    last: dt.date,
    language: str,
    now: dt.datetime | None = None,
) -> int:
    """A new summary of the period (``kind`` and its dates, as ``models.analysis.summary.generate`` reads them),
    its version 1 the draft generated from the figures as they are now, written by ``actor``; its id."""
    from models.analysis.summary import generate

    actor = require(actor, Action.WORK_SUMMARY)
    now = now or dt.datetime.now()
    check_period(first, last, now.date())
    _period, document = generate(kind, first, last, language, author=actor.full_name, now=now)
    return store_summary(actor, kind, document, now)


SUMMARY_DAYS_MAX = 3653  # ten years


def check_period(first: dt.date, last: dt.date, today: dt.date) -> None:
    """A summary's period: it ends after it begins, and it has begun (a period to come has no figures, and its
    draft listed today's open external cases and overdue actions as its own)."""
    if last < first:
        raise FieldError("period", QT_TRANSLATE_NOOP("DomainError", "The period ends before it begins."))
    if (last - first).days >= SUMMARY_DAYS_MAX:
        # Its comparisons reach as far before it as it is long, and a year before that: 1950 to 2999 reached
        # the year -150, a traceback.
        longest = QT_TRANSLATE_NOOP("DomainError", "A work summary covers ten years at most; choose a shorter period.")
        raise FieldError("period", longest)
    if first > today:
        raise FieldError(
            "period", QT_TRANSLATE_NOOP("DomainError", "The period begins after today: nothing in it has happened yet.")
        )


def signed_summary_of(first: dt.date, last: dt.date, language: str) -> StoredSummary | None:
    """The newest summary signed off for exactly these dates in this language, as signed; None if none is."""
    found = db.execute_sql(
        "SELECT id FROM work_summary WHERE first_day = ? AND last_day = ? AND language = ? AND state = ? "
        "ORDER BY signed_at DESC, id DESC LIMIT 1",
        (first.isoformat(), last.isoformat(), summary_language(language), SummaryState.SIGNED.value),
    ).fetchone()
    return None if found is None else load_version(int(found[0]))


def summary_for_period(
    actor: Staff, first: dt.date, last: dt.date, language: str, now: dt.datetime | None = None
) -> StoredSummary | SummaryDocument:
    """What the office hands on for these dates: the summary signed off for exactly them, or else a fresh draft
    from the figures (not stored)."""
    from models.analysis.summary import generate, period_kind_of

    actor = require(actor, Action.WORK_SUMMARY)
    check_period(first, last, (now or dt.datetime.now()).date())
    signed = signed_summary_of(first, last, language)
    if signed is not None:
        return signed
    return generate(period_kind_of(first, last), first, last, language, author=actor.full_name, now=now)[1]
