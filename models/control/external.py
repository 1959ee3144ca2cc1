"""External cases (外部投诉): a complaint the customer took outside — the 12315 platform, the 12345
hotline, the market regulator, the consumer association, the media, head office, a court — recorded by
the office, linked to the original complaint, answered on time and sealed into the archive when closed.

States: received → replying → replied → closed. The reply is due a number of Chinese working days after
the day the case reached the office (``models.control.workdays``), by channel, from the catalogue the
office edits (``external_channel``); a date the outside body set itself replaces the computed one. The
market regulator's case also has the day by which it decides on acceptance: until the office starts
replying, that day is the one to watch. A replied case waits for the outside body's outcome and is no
longer due. Only office and administrator accounts record, edit, reply to and close external cases
(``Action.HANDLE_EXTERNAL``); every change is audited on the original complaint's history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from models import settings
from models.archive import amend
from models.audit import record, record_at
from models.base import BaseModel, db
from models.catalog import CatalogueEntry, Severity
from models.complaint import Channel, Complaint
from models.control import external_archive
from models.control.workdays import add_working_days
from models.errors import QT_TRANSLATE_NOOP, CatalogueName, DomainError, FieldChecks, FieldError
from models.intake import (
    LOCATION_MAX,
    NAME_MAX,
    NARRATIVE_MAX,
    PROMISED_MINUTES_MAX,
    RECEIVED_BACK_DAYS,
    Receipt,
    receive,
)
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

REFERENCE_MAX = 64
ASKED_MAX = 2000
REPLY_MAX = 4000
NOTE_MAX = 1000
ACCEPTANCE_DAYS_MAX = 30
HANDLING_DAYS_MAX = 120
REMIND_DAYS_MAX = 10
# 12345 hotlines: each city sets its limit between these (issue 12, DOMAIN.md).
HOTLINE_DAYS = (3, 15)
# The amendment that links an external case to a complaint sealed before it reached the office.
LINK_REASON = "关联外部投诉"
LINK_KEY = "external_case"


class ExternalState(StrEnum):
    RECEIVED = "received"
    REPLYING = "replying"
    REPLIED = "replied"
    CLOSED = "closed"


# Until the reply is sent the office owes the outside body an answer: these cases can be due or overdue.
AWAITING_REPLY = (ExternalState.RECEIVED, ExternalState.REPLYING)
OPEN_EXTERNAL = (ExternalState.RECEIVED, ExternalState.REPLYING, ExternalState.REPLIED)


class Outcome(StrEnum):
    RESOLVED = "resolved"  # agreement or successful mediation
    EXPLAINED = "explained"  # explained; the outside body accepted the explanation
    NOT_ACCEPTED = "not_accepted"  # the outside body did not take the case up
    CUSTOMER_WITHDREW = "customer_withdrew"
    FAILED = "failed"  # mediation failed or ended
    RULED = "ruled"  # a court's judgment or ruling
    OTHER = "other"


# Closing without a recorded reply is possible for these outcomes only with a closing note.
class ChannelCode(StrEnum):
    """The channels the migration ships (the office may add its own)."""

    PLATFORM_12315 = "platform_12315"
    HOTLINE_12345 = "hotline_12345"
    MARKET_REGULATOR = "market_regulator"
    CONSUMER_ASSOCIATION = "consumer_association"
    MEDIA = "media"
    HEAD_OFFICE = "head_office"
    COURT = "court"
    OTHER = "other"


class ExternalChannel(CatalogueEntry):
    """Where a complaint went outside, and the working days the office has: ``acceptance_days`` until the
    outside body decides on acceptance (0: no such step), ``handling_days`` for the reply, counted from the
    day received; a reminder ``remind_days`` working days before."""

    acceptance_days = IntegerField(default=0)
    handling_days = IntegerField(default=10)
    remind_days = IntegerField(default=2)


class ExternalCase(BaseModel):
    """The same complaint taken outside, from its receipt by the office to its sealing."""

    complaint = ForeignKeyField(Complaint, backref="external_cases", on_delete="RESTRICT")
    channel = ForeignKeyField(ExternalChannel, on_delete="RESTRICT", index=False)
    reference = CharField(max_length=REFERENCE_MAX, default="")
    received_on = DateField()
    asked = TextField(default="")
    reply_by = DateField(null=True)  # a date the outside body set itself
    acceptance_days = IntegerField(default=0)
    handling_days = IntegerField(default=0)
    acceptance_due = DateField(null=True)
    due_on = DateField()
    fallback_calendar = BooleanField(default=False)  # counted Monday to Friday: a year the calendar does not know
    state = CharField(max_length=16, default=ExternalState.RECEIVED)
    recorded_at = DateTimeField(default=dt.datetime.now)
    recorded_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
    replying_at = DateTimeField(null=True)
    replying_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    reply = TextField(default="")
    replied_at = DateTimeField(null=True)
    replied_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    outcome = CharField(max_length=24, default="")
    closing_note = TextField(default="")
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    archive_number = CharField(max_length=20, null=True, unique=True)
    updated_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        # The office's list: open cases by their due day (migration 0016).
        indexes = ((("state", "due_on"), False),)


class ExternalAttachment(BaseModel):
    """A file of an external case: the outside body's transfer, the reply letter, the outcome."""

    external_case = ForeignKeyField(ExternalCase, backref="attachments", on_delete="RESTRICT")
    filename = CharField(max_length=255)
    media_type = CharField(max_length=64, default="application/octet-stream")
    size = IntegerField()
    sha256 = CharField(max_length=64)
    data = BlobField()
    added_at = DateTimeField(default=dt.datetime.now)
    added_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)


# --------------------------------------------------------------------------- the channels' catalogue


@dataclass(frozen=True)
class ChannelRow:
    id: int
    code: str
    name: str
    name_en: str
    active: bool
    acceptance_days: int
    handling_days: int
    remind_days: int


def _channel_row(channel: ExternalChannel) -> ChannelRow:
    return ChannelRow(
        channel.id,
        channel.code,
        channel.name,
        channel.name_en,
        bool(channel.active),
        int(channel.acceptance_days),
        int(channel.handling_days),
        int(channel.remind_days),
    )


def channels(active_only: bool = True) -> list[ChannelRow]:
    """The channels in the catalogue's order; retired ones too unless ``active_only``."""
    query = ExternalChannel.select()
    if active_only:
        query = query.where(ExternalChannel.active)
    return [_channel_row(c) for c in query.order_by(ExternalChannel.active.desc(), ExternalChannel.sort_order)]


@dataclass
class ChannelInput:
    name: str
    name_en: str = ""
    acceptance_days: int = 0
    handling_days: int = 10
    remind_days: int = 2


def _days(field_name: str, value: int, low: int, high: int) -> int:
    if not isinstance(value, int) or not low <= value <= high:
        raise FieldError(
            field_name,
            QT_TRANSLATE_NOOP("DomainError", "Enter {low} to {high} working days."),
            low=low,
            high=high,
        )
    return value


def save_channel(actor: Staff, channel_id: int | None, values: ChannelInput) -> ChannelRow:
    """Add a channel (``channel_id`` None) or change one's names and working days; audited old → new.
    A changed number of days applies to cases recorded from now on; recorded ones keep their dates."""
    require(actor, Action.EDIT_CATALOGUES)
    # Every refusal of the form at once (the second came at the next press).
    checks = FieldChecks()
    enter_name = QT_TRANSLATE_NOOP("DomainError", "Enter a name.")
    name = checks(lambda: checked_text("name", values.name, 64, enter_name, single_line=True), "")
    name_en = checks(lambda: checked_text("name_en", values.name_en, 64, single_line=True), "")
    clean: dict[str, Any] = {
        "name": name,
        "name_en": name_en,
        "acceptance_days": checks(lambda: _days("acceptance_days", values.acceptance_days, 0, ACCEPTANCE_DAYS_MAX), 0),
        "handling_days": checks(lambda: _days("handling_days", values.handling_days, 1, HANDLING_DAYS_MAX), 1),
        "remind_days": checks(lambda: _days("remind_days", values.remind_days, 0, REMIND_DAYS_MAX), 0),
    }
    with db.atomic():
        actor = require(actor, Action.EDIT_CATALOGUES)
        # Channels are retired, never deleted: a second one of the same name split the external cases for good.
        taken = set()
        for other, other_en in ExternalChannel.select(ExternalChannel.name, ExternalChannel.name_en).where(
            ExternalChannel.id != (channel_id or 0)
        ).tuples():
            taken.update({other.casefold(), other_en.casefold()} - {""})
        for typed, field in ((name, "name"), (name_en, "name_en")):
            if typed and typed.casefold() in taken:
                checks.refuse(field, QT_TRANSLATE_NOOP("DomainError", "Another entry is named {name} already."),
                              name=typed)  # fmt: skip
        channel = ExternalChannel.get_by_id(channel_id) if channel_id is not None else None
        if channel is not None and channel.code == ChannelCode.HOTLINE_12345:
            checks(lambda: _days("handling_days", clean["handling_days"], *HOTLINE_DAYS), 0)
        if clean["remind_days"] >= clean["handling_days"]:  # a reminder 10 days before a reply due in 3 said nothing
            checks.refuse(
                "remind_days",
                QT_TRANSLATE_NOOP("DomainError", "Remind fewer working days ahead than the {days} the reply takes."),
                days=clean["handling_days"],
            )
        checks.raise_any()
        if channel_id is None:
            code = _new_channel_code(name_en)
            order = ExternalChannel.select().count() + 1
            added: ExternalChannel = ExternalChannel.create(code=code, sort_order=order, **clean)
            record("catalogue_added", actor, catalogue="external_channel", entry=added.id, code=code, **clean)
            return _channel_row(added)
        assert channel is not None and channel_id is not None
        changes: dict[str, Any] = {k: [getattr(channel, k), v] for k, v in clean.items() if getattr(channel, k) != v}
        ExternalChannel.update(**clean).where(ExternalChannel.id == channel_id).execute()
        if changes:
            record("catalogue_changed", actor, catalogue="external_channel", entry=channel_id, **changes)
        return _channel_row(ExternalChannel.get_by_id(channel_id))


def set_channel_active(actor: Staff, channel_id: int, active: bool) -> ChannelRow:
    """Retire a channel (new cases no longer offer it; recorded cases keep it) or bring it back."""
    require(actor, Action.EDIT_CATALOGUES)
    with db.atomic():
        actor = require(actor, Action.EDIT_CATALOGUES)
        ExternalChannel.update(active=active).where(ExternalChannel.id == channel_id).execute()
        action = "catalogue_restored" if active else "catalogue_retired"
        record(action, actor, catalogue="external_channel", entry=channel_id)
        return _channel_row(ExternalChannel.get_by_id(channel_id))


def _new_channel_code(hint: str) -> str:
    base = "".join(c if c.isascii() and c.isalnum() else "_" for c in hint.lower()).strip("_")[:24] or "channel"
    code, number = base, 1
    while ExternalChannel.select().where(ExternalChannel.code == code).exists():
        number += 1
        code = f"{base}_{number}"
    return code


# --------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadlines:
    acceptance_due: dt.date | None
    due_on: dt.date
    fallback: bool  # a computed day was counted Monday to Friday


def deadlines(channel: ChannelRow, received_on: dt.date, reply_by: dt.date | None = None) -> Deadlines:
    """The channel's days after ``received_on``; a ``reply_by`` the outside body set is the reply's due day."""
    acceptance = add_working_days(received_on, channel.acceptance_days) if channel.acceptance_days else None
    handling = add_working_days(received_on, channel.handling_days)
    fallback = bool(acceptance and acceptance.fallback) or (reply_by is None and handling.fallback)
    return Deadlines(acceptance.due if acceptance else None, reply_by or handling.due, fallback)


def next_due(state: str, acceptance_due: dt.date | None, due_on: dt.date) -> dt.date | None:
    """The day to watch: the acceptance decision while nobody has started the reply, then the reply's
    due day; none once the reply is sent."""
    if state not in AWAITING_REPLY:
        return None
    if state == ExternalState.RECEIVED and acceptance_due is not None:
        return acceptance_due
    return due_on


# --------------------------------------------------------------------------- recording


@dataclass
class ExternalInput:
    """What the office records of the case the outside body passed on."""

    channel_id: int | None
    received_on: dt.date | None
    reference: str = ""
    asked: str = ""
    reply_by: dt.date | None = None


@dataclass
class StraightOutside:
    """The original complaint of a customer who went straight outside: created from the external case
    through the intake (``models.intake.receive``), as a referred complaint."""

    narrative: str
    category_id: int | None
    customer_name: str = ""
    phone: str = ""
    severity: str = Severity.LOW
    location: str = ""


def _validated(
    data: ExternalInput, today: dt.date, kept: ExternalCase | None = None
) -> tuple[ExternalChannel, dict[str, Any]]:
    """The values of ``data``; ``kept``: the case corrected, whose channel stays its own (retired since, or its
    days changed since: the days it was given stay, as the channels' page says)."""
    channel = ExternalChannel.get_or_none(ExternalChannel.id == data.channel_id) if data.channel_id else None
    same_channel = kept is not None and channel is not None and channel.id == kept.channel_id
    if channel is None or not (channel.active or same_channel):
        raise FieldError("channel", QT_TRANSLATE_NOOP("DomainError", "Choose where the complaint went."))
    if data.received_on is None:
        raise FieldError("received_on", QT_TRANSLATE_NOOP("DomainError", "Enter the date the case reached you."))
    if data.received_on > today:
        raise FieldError("received_on", QT_TRANSLATE_NOOP("DomainError", "The date received cannot be in the future."))

    if data.reply_by is not None and data.reply_by < data.received_on:
        raise FieldError(
            "reply_by", QT_TRANSLATE_NOOP("DomainError", "The reply cannot be due before the case was received.")
        )
    row = _channel_row(channel)
    if same_channel:
        assert kept is not None
        # A correction of the reference or the words moved the deadline to the channel's new days.
        row = replace(row, acceptance_days=int(kept.acceptance_days), handling_days=int(kept.handling_days))
    due = deadlines(row, data.received_on, data.reply_by)
    values: dict[str, Any] = {
        "channel": channel,
        # One line, as the list and the printed form show it (a work order pasted with its tabs and line breaks).
        "reference": checked_text("reference", data.reference, REFERENCE_MAX, single_line=True),
        "received_on": data.received_on,
        "asked": checked_text(
            "asked", data.asked, ASKED_MAX, QT_TRANSLATE_NOOP("DomainError", "Say what the outside body asks for.")
        ),
        "reply_by": data.reply_by,
        "acceptance_days": row.acceptance_days,
        "handling_days": row.handling_days,
        "acceptance_due": due.acceptance_due,
        "due_on": due.due_on,
        "fallback_calendar": due.fallback,
    }
    return channel, values


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, ExternalChannel):
        return value.code
    return value


def record_external(
    actor: Staff,
    data: ExternalInput,
    complaint_id: int | None = None,
    original: StraightOutside | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Record an external case linked to complaint ``complaint_id``, or to a complaint created from
    ``original`` (a customer who went straight outside); the new case's id. When the complaint is sealed
    already, the link is appended to its archive as an amendment."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    if (complaint_id is None) == (original is None):
        raise FieldError(
            "complaint", QT_TRANSLATE_NOOP("DomainError", "Link the original complaint, or create it from this case.")
        )
    channel, values = _validated(data, now.date())
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        _refuse_recorded_twice(channel, values["reference"])
        if original is not None:
            complaint = _create_original(actor, original, values, now)
        else:
            complaint = Complaint.get_or_none(Complaint.id == complaint_id)
            if complaint is None:
                raise FieldError("complaint", QT_TRANSLATE_NOOP("DomainError", "There is no such complaint."))
        case: ExternalCase = ExternalCase.create(
            complaint=complaint, recorded_by=actor, recorded_at=now, updated_at=now, **values
        )
        record_at(
            now,
            "external_recorded",
            actor,
            complaint,
            external_case=case.id,
            **{k: _plain(v) for k, v in values.items() if k not in ("acceptance_days", "handling_days")},
        )
        if complaint.archive_number:
            summary = " · ".join(filter(None, [channel.name, values["reference"], values["received_on"].isoformat()]))
            amend(actor, complaint.archive_number, LINK_REASON, {LINK_KEY: f"#{case.id} {summary}"}, at=now)
        return int(case.id)


def _refuse_recorded_twice(channel: ExternalChannel, reference: str, case_id: int | None = None) -> None:
    """One outside body's case is one open external case: a work order forwarded again, or typed in twice, made
    a second case with its own deadline, counted twice as due or late. Compared without regard to case (the
    body's numbers are typed by hand); a case without a reference is never a duplicate, and one closed (sealed)
    leaves the number free for the body's next round."""
    if not reference:
        return
    same = ExternalCase.select(ExternalCase.id, ExternalCase.archive_number, ExternalCase.reference).where(
        ExternalCase.channel == channel,
        fn.LOWER(ExternalCase.reference) == reference.lower(),
        ExternalCase.state.in_(OPEN_EXTERNAL),
    )
    if case_id is not None:
        same = same.where(ExternalCase.id != case_id)
    earlier = same.order_by(ExternalCase.id).first()
    if earlier is not None:
        raise FieldError(
            "reference",
            QT_TRANSLATE_NOOP(
                "DomainError",
                "{channel} {reference} is recorded already, as external case {number}, still open: work on that one.",
            ),
            channel=CatalogueName(channel.name, channel.name_en),
            reference=earlier.reference,
            number=external_number(earlier.archive_number, earlier.id),
        )


# The time of day a complaint that reached the office through an outside body on an earlier day is received at.
ORIGINAL_RECEIVED_AT = dt.time(9, 0)


def _create_original(actor: Staff, original: StraightOutside, values: Mapping[str, Any], now: dt.datetime) -> Complaint:
    """The customer's complaint as the intake's first step records it; the office read the outside body's
    transfer, which stands for repeating the complaint back. Received the day the case reached the office
    (counted then by the analysis, not on the day it was typed in), its answer promised by the day the outside
    body's reply is due, a week at most (the desk's usual quarter of an hour made it late, and high risk, at
    once in the office's own queue)."""
    received_on: dt.date = values["received_on"]
    received_at = now if received_on >= now.date() else dt.datetime.combine(received_on, ORIGINAL_RECEIVED_AT)
    if received_at < now - dt.timedelta(days=RECEIVED_BACK_DAYS):
        # The complaint would be dated as the intake never dates one: a slip of the year (2025-06-01 made a
        # complaint of months later, overdue at once, without a word).
        raise FieldError(
            "received_on",
            QT_TRANSLATE_NOOP(
                "DomainError",
                "Received more than {days} days ago? Check the date: a complaint made from it is dated then.",
            ),
            days=RECEIVED_BACK_DAYS,
        )
    due = dt.datetime.combine(values["due_on"], dt.time(23, 59))
    promised = int(min(max((due - received_at).total_seconds() // 60, 15), PROMISED_MINUTES_MAX))
    receipt = Receipt(
        customer_name=checked_text("customer_name", original.customer_name, NAME_MAX, single_line=True),
        phone=original.phone,
        channel=Channel.REFERRED,
        location=checked_text("location", original.location, LOCATION_MAX, single_line=True),
        narrative=checked_text(
            "narrative",
            original.narrative,
            NARRATIVE_MAX,
            QT_TRANSLATE_NOOP("DomainError", "Write what the customer complained about."),
        ),
        category_id=original.category_id,
        severity=original.severity,
        demand=str(values["asked"])[:500],
        acknowledged=True,
        promised_minutes=promised,
        received_at=None if received_at == now else received_at,
    )
    return receive(actor, receipt, now=now)


def _load(case_id: int, states: Sequence[str]) -> ExternalCase:
    case: ExternalCase | None = ExternalCase.get_or_none(ExternalCase.id == case_id)
    if case is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This external case no longer exists."))
    if case.state == ExternalState.CLOSED:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "External case {number} is closed; it can no longer be changed."),
            number=external_number(case.archive_number, case.id),
        )
    if case.state not in states:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "This step is not possible while the external case is '{external_state}'."
            ),
            external_state=case.state,
        )
    return case


def _update(case: ExternalCase, actor: Staff, action: str, values: dict[str, Any], now: dt.datetime) -> None:
    changes = {}
    for name, new in values.items():
        old = getattr(case, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(case, name, new)
    case.updated_at = now
    case.save()
    record_at(now, action, actor, Complaint.get_by_id(case.complaint_id), external_case=case.id, **changes)


def edit_external(actor: Staff, case_id: int, data: ExternalInput, now: dt.datetime | None = None) -> None:
    """Correct what was recorded (channel, reference, date received, what is asked, the reply's date);
    the deadlines are computed again, with the case's own days unless its channel changed."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        case = _load(case_id, OPEN_EXTERNAL)
        channel, values = _validated(data, now.date(), kept=case)
        _refuse_recorded_twice(channel, values["reference"], case.id)
        _update(case, actor, "external_changed", values, now)


def start_reply(actor: Staff, case_id: int, now: dt.datetime | None = None) -> None:
    """The office starts preparing its reply."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        case = _load(case_id, (ExternalState.RECEIVED,))
        values = {"state": ExternalState.REPLYING, "replying_at": now, "replying_by": actor}
        _update(case, actor, "external_replying", values, now)


def record_reply(actor: Staff, case_id: int, reply: str, now: dt.datetime | None = None) -> None:
    """The reply sent to the outside body; the case then waits for its outcome."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    text = checked_text("reply", reply, REPLY_MAX, QT_TRANSLATE_NOOP("DomainError", "Write the reply that was sent."))
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        case = _load(case_id, AWAITING_REPLY)
        values: dict[str, Any] = {"state": ExternalState.REPLIED, "reply": text, "replied_at": now, "replied_by": actor}
        if case.replying_at is None:
            values.update(replying_at=now, replying_by=actor)
        _update(case, actor, "external_replied", values, now)


def close_external(actor: Staff, case_id: int, outcome: str, note: str = "", now: dt.datetime | None = None) -> str:
    """Close the case with the outside body's outcome and seal it into the archive, in one transaction;
    its archive number. Without a recorded reply (the body did not take the case up, the customer
    withdrew) the closing note says why."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    if outcome not in Outcome.__members__.values():
        raise FieldError("outcome", QT_TRANSLATE_NOOP("DomainError", "Choose the outcome."))
    text = checked_text("closing_note", note, NOTE_MAX)
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        case = _load(case_id, OPEN_EXTERNAL)
        if case.state != ExternalState.REPLIED and not text:
            raise FieldError(
                "closing_note",
                QT_TRANSLATE_NOOP("DomainError", "No reply was recorded: say in the closing note why the case ends."),
            )
        values = {"state": ExternalState.CLOSED, "outcome": outcome, "closing_note": text, "closed_at": now}
        values["closed_by"] = actor
        _update(case, actor, "external_closed", values, now)
        number = external_archive.seal_external(case.id, actor, now)
        record_at(now, "external_sealed", actor, Complaint.get_by_id(case.complaint_id), external_case=case.id,
               archive_number=number)  # fmt: skip
        return number


def add_external_attachment(
    actor: Staff, case_id: int, filename: str, data: bytes, now: dt.datetime | None = None
) -> int:
    """A file of the case (the transfer letter, the reply), within the attachments' size limit."""
    require(actor, Action.HANDLE_EXTERNAL)
    now = now or dt.datetime.now()
    limit = int(settings.get(settings.ATTACHMENT_MAX_BYTES))
    name = checked_text("attachment", Path(filename).name, 255) or "attachment"
    if not data:
        raise FieldError("attachment", QT_TRANSLATE_NOOP("DomainError", "The file {name} is empty."), name=name)
    if len(data) > limit:
        raise FieldError(
            "attachment",
            QT_TRANSLATE_NOOP("DomainError", "The file {name} is larger than {limit} MB."),
            name=name,
            limit=f"{limit / 1024 / 1024:.0f}",
        )
    with db.atomic():
        actor = require(actor, Action.HANDLE_EXTERNAL)
        case = _load(case_id, OPEN_EXTERNAL)
        digest = hashlib.sha256(data).hexdigest()
        attachment: ExternalAttachment = ExternalAttachment.create(
            external_case=case,
            filename=name,
            media_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            size=len(data),
            sha256=digest,
            data=data,
            added_at=now,
            added_by=actor,
        )
        record_at(now, "external_attachment", actor, Complaint.get_by_id(case.complaint_id),
               external_case=case.id, filename=name, size=len(data), sha256=digest)  # fmt: skip
        return int(attachment.id)


# --------------------------------------------------------------------------- numbers


def external_number(archive_number: str | None, case_id: int) -> str:
    """The number an external case goes by: its archive number once sealed, else ``W#id``."""
    return archive_number or f"W#{case_id}"
