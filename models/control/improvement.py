"""Improvement actions (整改措施, issue 13; house rule 11, ISO 10002 clause 8): what the organisation changes
because a problem recurs, followed until the office has seen whether it worked.

An action is created from a hot-spot (its ``HotspotKey``: the group whose complaints recur), from one complaint,
or from an improvement suggestion the desk wrote at the close step: the problem, its cause, the measure, the
department and the person responsible, the due date and the complaints it concerns. States: open → in progress
→ done → verified effective or verified not effective; an action that did not work (done, or verified not
effective) can be reopened, back to in progress with a new due date. An open or in-progress action past its due
date is overdue (the office's overview and the handover sheet show it). Once done, ``action_effect`` compares its
group of complaints after with before (``models.control.effect``) and the office confirms or overrides the
verdict (``verify``), which keeps the figures it saw.

Only office and administrator accounts create, change and verify actions and decide on suggestions
(``Action.IMPROVE``); every change is an audit event, linked to the action (``improvement_event``) and, for a
suggestion, on the complaint's history too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from peewee import (
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.audit import AuditEvent, record_at, said_at
from models.base import BaseModel, db
from models.catalog import Department
from models.complaint import Complaint, as_time
from models.control.effect import DEFAULT_EFFECT_DAYS, EFFECT_DAYS, Effect, Verdict, measure
from models.control.hotspots import HotspotKey
from models.control.tallies import GroupKind, catch_up
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

PROBLEM_MAX = 500
CAUSE_MAX = 1000
MEASURE_MAX = 1000
RESPONSIBLE_MAX = 64
RESULT_MAX = 1000
NOTE_MAX = 500
LINKS_MAX = 500  # complaints linked to one action
SUGGESTIONS_SHOWN = 200
SUGGESTIONS_COUNTED = 1000
# How far ahead an action may be due: an action is followed to its end and its effect judged in the office's
# periodic reviews (the yearly work summary); a date years away is a slip of the calendar (9999-12-31 was taken),
# and a measure that truly takes longer is split into steps the office can follow.
DUE_YEARS_MAX = 2


class ActionChangedMeanwhileError(DomainError):
    """Another desk changed the action after it was shown where it is being changed (``edit_action``'s ``shown``);
    ``updated_at`` is its stamp now: given as ``shown`` again, the change is saved over the other."""

    def __init__(self, template: str, updated_at: dt.datetime, **params: object) -> None:
        self.updated_at = updated_at
        super().__init__(template, **params)


class ActionState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    EFFECTIVE = "effective"  # verified effective
    NOT_EFFECTIVE = "not_effective"  # verified not effective


ACTIVE_STATES = (ActionState.OPEN, ActionState.IN_PROGRESS)
REOPENABLE = (ActionState.DONE, ActionState.NOT_EFFECTIVE)


class Source(StrEnum):
    HOTSPOT = "hotspot"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"


class SuggestionOutcome(StrEnum):
    ACCEPTED = "accepted"
    DISMISSED = "dismissed"


class ImprovementAction(BaseModel):
    """整改: one action, from its creation to the office's verdict on its effect (migration 0018)."""

    problem = TextField()
    cause = TextField(default="")
    measure = TextField(default="")
    department = ForeignKeyField(Department, null=True, on_delete="RESTRICT", index=False)
    responsible = CharField(max_length=RESPONSIBLE_MAX, default="")
    due_on = DateField()
    state = CharField(max_length=16, default=ActionState.OPEN)
    source = CharField(max_length=16, default=Source.COMPLAINT)
    hotspot_key = CharField(max_length=400, default="")  # HotspotKey.text when created from a hot-spot
    # The group of complaints whose effect is measured ("" when there is none).
    group_kind = CharField(max_length=32, default="")
    group_scope = CharField(max_length=128, default="")
    group_value = CharField(max_length=128, default="")
    effect_days = IntegerField(default=DEFAULT_EFFECT_DAYS)
    created_at = DateTimeField(default=dt.datetime.now)
    created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
    started_at = DateTimeField(null=True)
    done_at = DateTimeField(null=True)
    result = TextField(default="")  # what was done
    verified_at = DateTimeField(null=True)
    verified_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)
    verification_note = TextField(default="")
    effect = TextField(default="")  # Effect.to_json() as the office saw it when verifying
    updated_at = DateTimeField(default=dt.datetime.now)

    class Meta:
        indexes = ((("state", "due_on"), False), (("created_at",), False))


class ImprovementLink(BaseModel):
    action = ForeignKeyField(ImprovementAction, backref="links", on_delete="CASCADE", index=False)
    complaint = ForeignKeyField(Complaint, on_delete="RESTRICT")

    class Meta:
        primary_key = CompositeKey("action", "complaint")


class ImprovementEvent(BaseModel):
    """An audit event of an action (events carry a complaint id, which an action is not)."""

    action = ForeignKeyField(ImprovementAction, on_delete="RESTRICT", index=False)
    event = ForeignKeyField(AuditEvent, on_delete="RESTRICT", index=False)

    class Meta:
        primary_key = CompositeKey("action", "event")


class SuggestionDecision(BaseModel):
    """What the office did with a complaint's improvement suggestion."""

    complaint = ForeignKeyField(Complaint, primary_key=True, on_delete="RESTRICT")
    decision = CharField(max_length=16)
    action = ForeignKeyField(ImprovementAction, null=True, on_delete="RESTRICT", index=False)
    note = TextField(default="")
    decided_at = DateTimeField(default=dt.datetime.now)
    decided_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)


def action_number(action_id: int) -> str:
    """The number an action goes by (整改 ZG)."""
    return f"ZG-{action_id:04d}"


# --------------------------------------------------------------------------- input


@dataclass
class ActionInput:
    """What the office writes of an action."""

    problem: str
    measure: str
    responsible: str
    due_on: dt.date | None
    cause: str = ""
    department_id: int | None = None
    effect_days: int = DEFAULT_EFFECT_DAYS


def _validated(data: ActionInput) -> dict[str, Any]:
    if data.due_on is None:
        raise FieldError("due_on", QT_TRANSLATE_NOOP("DomainError", "Enter the date the action is due."))
    department = None
    if data.department_id is not None:
        department = Department.get_or_none(Department.id == data.department_id)
        if department is None:
            raise FieldError("department", QT_TRANSLATE_NOOP("DomainError", "There is no such department."))
    if data.effect_days not in EFFECT_DAYS:
        raise FieldError(
            "effect_days",
            QT_TRANSLATE_NOOP("DomainError", "Measure the effect over {days} days."),
            days=", ".join(map(str, EFFECT_DAYS)),
        )
    return {
        "problem": checked_text(
            "problem", data.problem, PROBLEM_MAX, QT_TRANSLATE_NOOP("DomainError", "Say what the problem is.")
        ),
        "cause": checked_text("cause", data.cause, CAUSE_MAX),
        "measure": checked_text(
            "measure", data.measure, MEASURE_MAX, QT_TRANSLATE_NOOP("DomainError", "Say what is to be done.")
        ),
        "responsible": checked_text(
            "responsible",
            data.responsible,
            RESPONSIBLE_MAX,
            QT_TRANSLATE_NOOP("DomainError", "Name the person responsible."),
            single_line=True,
        ),
        "department": department,
        "due_on": data.due_on,
        "effect_days": data.effect_days,
    }


def latest_due(today: dt.date) -> dt.date:
    """The latest day an action raised or reopened ``today`` may be due (``DUE_YEARS_MAX`` years on)."""
    try:
        return today.replace(year=today.year + DUE_YEARS_MAX)
    except ValueError:  # 29 February
        return today.replace(year=today.year + DUE_YEARS_MAX, day=28)


def _check_not_too_far(due: dt.date, today: dt.date) -> None:
    latest = latest_due(today)
    if due > latest:
        raise FieldError(
            "due_on",
            QT_TRANSLATE_NOOP("DomainError", "An action is due within {years} years: on {day} at the latest."),
            years=DUE_YEARS_MAX,
            day=latest.isoformat(),
        )


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Department):
        return value.code
    if isinstance(value, Staff):
        return value.id
    return value


def _audit(now: dt.datetime, name: str, actor: Staff, action_id: int, **changes: object) -> None:
    event = record_at(now, name, actor, None, improvement_action=action_id, **changes)
    ImprovementEvent.create(action=action_id, event=event.id)


def load_action(action_id: int, states: Sequence[str] | None = None) -> ImprovementAction:
    action: ImprovementAction | None = ImprovementAction.get_or_none(ImprovementAction.id == action_id)
    if action is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This improvement action no longer exists."))
    if states is not None and action.state not in states:
        # "action_state", not "state": the screens name it as an action's state (a complaint's has other names).
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "This step is not possible while action {number} is '{action_state}'."),
            number=action_number(action.id),
            action_state=action.state,
        )
    return action


def _last_change(action_id: int) -> tuple[dt.datetime, str] | None:
    """When the action was last changed, and by whom: its history's."""
    row = (
        AuditEvent.select(AuditEvent.at, Staff.full_name)
        .join(ImprovementEvent, on=(ImprovementEvent.event == AuditEvent.id))
        .switch(AuditEvent)
        .join(Staff, on=(AuditEvent.actor == Staff.id))
        .where(ImprovementEvent.action == action_id)
        .order_by(AuditEvent.id.desc())
        .tuples()
        .first()
    )
    return (as_datetime(row[0]), str(row[1])) if row is not None else None


def _require_as_shown(action: ImprovementAction, shown: dt.datetime, now: dt.datetime) -> None:
    """Refused when another desk changed the action after ``shown`` (its ``updated_at`` then), naming who and
    when: two windows' changes, the second saved over the first unseen, put its measure back."""
    current = as_datetime(action.updated_at)
    if current == as_datetime(shown):
        return
    at, name = _last_change(action.id) or (current, "")
    raise ActionChangedMeanwhileError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{name} changed action {number} at {time}, after it was shown here: nothing was saved. Press OK again "
            "to save what is in this window over that change, or Cancel and look at the action again first.",
        ),
        current,
        name=name,
        number=action_number(action.id),
        time=said_at(at, now.date()),
    )


def _update(action: ImprovementAction, actor: Staff, name: str, values: dict[str, Any], now: dt.datetime,
            **extra: object) -> None:  # fmt: skip
    changes: dict[str, object] = {}
    for field_name, new in values.items():
        old = getattr(action, field_name)
        if old != new:
            changes[field_name] = [_plain(old), _plain(new)]
            setattr(action, field_name, new)
    action.updated_at = now
    action.save()
    _audit(now, name, actor, action.id, **changes, **extra)


# --------------------------------------------------------------------------- creating


def _checked_group(group: tuple[str, str, str] | None) -> tuple[str, str, str]:
    if group is None:
        return ("", "", "")
    kind, scope, value = group
    try:
        GroupKind(kind)
    except ValueError:
        raise FieldError("group", QT_TRANSLATE_NOOP("DomainError", "Choose the complaints to watch.")) from None
    return (kind, scope, value)


def _complaints(ids: Iterable[int]) -> list[int]:
    wanted = sorted(set(ids))
    if len(wanted) > LINKS_MAX:
        raise FieldError(
            "complaints", QT_TRANSLATE_NOOP("DomainError", "Link at most {limit} complaints."), limit=LINKS_MAX
        )
    found = {c for (c,) in Complaint.select(Complaint.id).where(Complaint.id.in_(wanted)).tuples()}
    if len(found) < len(wanted):
        raise FieldError("complaints", QT_TRANSLATE_NOOP("DomainError", "There is no such complaint."))
    return wanted


def _require_no_action_for(hotspot: HotspotKey, now: dt.datetime) -> None:
    """A hot-spot has one action: another desk's, written while this one's dialog was open, is named (the hot-spots
    page opens it instead of offering a new one)."""
    existing: ImprovementAction | None = (
        ImprovementAction.select().where(ImprovementAction.hotspot_key == hotspot.text).order_by(ImprovementAction.id)
        .first()
    )  # fmt: skip
    if existing is None:
        return
    name = Staff.select(Staff.full_name).where(Staff.id == existing.created_by_id).scalar() or ""
    raise DomainError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{name} wrote action {number} for this hot-spot at {time}: a hot-spot has one action, so this one was "
            "not saved. Copy what you typed here into {number} (Improvement actions, Change…).",
        ),
        name=name,
        number=action_number(existing.id),
        time=said_at(as_datetime(existing.created_at), now.date()),
    )


def create_action(
    actor: Staff,
    data: ActionInput,
    *,
    hotspot: HotspotKey | None = None,
    complaint_ids: Sequence[int] = (),
    group: tuple[str, str, str] | None = None,
    source: Source | None = None,
    now: dt.datetime | None = None,
) -> int:
    """A new open action; its id. From a hot-spot (``hotspot``: the effect is measured on its group; of its
    complaints, newest first, the first LINKS_MAX are linked), or from complaints (``group``: one of theirs,
    chosen by the office, or None), linked to ``complaint_ids``."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    values = _validated(data)
    if values["due_on"] < now.date():
        raise FieldError("due_on", QT_TRANSLATE_NOOP("DomainError", "The due date cannot be in the past."))
    _check_not_too_far(values["due_on"], now.date())
    if hotspot is not None:
        kind, scope, value = hotspot.kind, hotspot.scope, hotspot.value
        _checked_group((kind, scope, value))
        origin = Source.HOTSPOT
        # A hot-spot of a busy desk holds hundreds: its newest are linked (its group holds them all).
        complaint_ids = list(complaint_ids)[:LINKS_MAX]
    else:
        kind, scope, value = _checked_group(group)
        origin = source or Source.COMPLAINT
        if not complaint_ids:
            raise FieldError(
                "complaints", QT_TRANSLATE_NOOP("DomainError", "An action comes from a hot-spot or a complaint.")
            )
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        if hotspot is not None:
            _require_no_action_for(hotspot, now)
        linked = _complaints(complaint_ids)
        action: ImprovementAction = ImprovementAction.create(
            state=ActionState.OPEN,
            source=origin,
            hotspot_key=hotspot.text if hotspot is not None else "",
            group_kind=kind,
            group_scope=scope,
            group_value=value,
            created_at=now,
            created_by=actor,
            updated_at=now,
            **values,
        )
        if linked:
            ImprovementLink.insert_many([{"action": action.id, "complaint": c} for c in linked]).execute()
        _audit(now, "action_created", actor, action.id, state=ActionState.OPEN.value, source=origin.value,
               hotspot=action.hotspot_key, group=[kind, scope, value], complaints=linked,
               **{k: _plain(v) for k, v in values.items()})  # fmt: skip
        return int(action.id)


def edit_action(
    actor: Staff,
    action_id: int,
    data: ActionInput,
    now: dt.datetime | None = None,
    *,
    shown: dt.datetime | None = None,
) -> None:
    """Change what was written of an action not yet done; audited old → new. ``shown``: the action's
    ``updated_at`` where it was shown to be changed; changed since by another desk, the change is refused
    (``ActionChangedMeanwhileError``)."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    values = _validated(data)
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id, ACTIVE_STATES)
        if shown is not None:
            _require_as_shown(action, shown, now)
        raised = as_time(action.created_at)
        due = data.due_on
        if raised is not None and due is not None and due != as_date(action.due_on) and due < raised.date():
            # As creating and reopening refuse a day past: due before it was raised, it was overdue at once.
            raise FieldError(
                "due_on",
                QT_TRANSLATE_NOOP("DomainError", "The action cannot be due before it was raised ({day})."),
                day=raised.date().isoformat(),
            )
        if due is not None and due != as_date(action.due_on):
            _check_not_too_far(due, now.date())
        _update(action, actor, "action_changed", values, now)


def link_complaints(actor: Staff, action_id: int, complaint_ids: Sequence[int], now: dt.datetime | None = None) -> int:
    """Link more complaints to an action; how many were new."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id)
        wanted = _complaints(complaint_ids)
        have = {c for (c,) in ImprovementLink.select(ImprovementLink.complaint).where(
            ImprovementLink.action == action_id).tuples()}  # fmt: skip
        new = [c for c in wanted if c not in have]
        if len(have) + len(new) > LINKS_MAX:
            raise FieldError(
                "complaints", QT_TRANSLATE_NOOP("DomainError", "Link at most {limit} complaints."), limit=LINKS_MAX
            )
        if new:
            ImprovementLink.insert_many([{"action": action_id, "complaint": c} for c in new]).execute()
            action.updated_at = now
            action.save()
            _audit(now, "action_linked", actor, action_id, complaints=new)
        return len(new)


def unlink_complaint(actor: Staff, action_id: int, complaint_id: int, now: dt.datetime | None = None) -> None:
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        load_action(action_id)
        removed = (
            ImprovementLink.delete()
            .where(ImprovementLink.action == action_id, ImprovementLink.complaint == complaint_id)
            .execute()
        )
        if removed:
            _audit(now, "action_unlinked", actor, action_id, complaints=[complaint_id])


# --------------------------------------------------------------------------- the states


def start_action(actor: Staff, action_id: int, now: dt.datetime | None = None) -> None:
    """Work on the measure has begun."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id, (ActionState.OPEN,))
        _update(action, actor, "action_started", {"state": ActionState.IN_PROGRESS, "started_at": now}, now)


def complete_action(actor: Staff, action_id: int, result: str, now: dt.datetime | None = None) -> None:
    """The measure is carried out (``result``: what was done); its effect is measured from the next day."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    text = checked_text("result", result, RESULT_MAX, QT_TRANSLATE_NOOP("DomainError", "Say what was done."))
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id, ACTIVE_STATES)
        values: dict[str, Any] = {"state": ActionState.DONE, "done_at": now, "result": text}
        if action.started_at is None:
            values["started_at"] = now
        _update(action, actor, "action_done", values, now)


def verify_action(
    actor: Staff, action_id: int, effective: bool, note: str = "", now: dt.datetime | None = None
) -> Effect | None:
    """The office's verdict on a done action: effective or not, with the effect's figures as they are now (kept
    with the action and in its history). Overriding the computed verdict needs a note saying why."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    text = checked_text("note", note, NOTE_MAX)
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id, (ActionState.DONE,))
        effect = _effect_of(action, now.date())
        computed = effect.verdict.value if effect is not None else ""
        agrees = effect is not None and effect.verdict.value == ("effective" if effective else "not_effective")
        if not agrees and not text and effect is not None and effect.verdict == Verdict.PENDING:
            raise FieldError(
                "note",
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "The figures are final on {day} only: write in the note why the action is judged now.",
                ),
                day=effect.judged_on.isoformat(),
            )
        if not agrees and not text and effect is None:
            # Nothing watched: the office's own judgement, said in a note (it said "the figures say otherwise").
            raise FieldError(
                "note",
                QT_TRANSLATE_NOOP(
                    "DomainError",
                    "No figures are watched for this action: write in the note what the verdict rests on.",
                ),
            )
        if not agrees and not text:
            raise FieldError(
                "note",
                QT_TRANSLATE_NOOP(
                    "DomainError", "The figures say otherwise: write in the note why the action is judged so."
                ),
            )
        state = ActionState.EFFECTIVE if effective else ActionState.NOT_EFFECTIVE
        values: dict[str, Any] = {
            "state": state,
            "verified_at": now,
            "verified_by": actor,
            "verification_note": text,
            "effect": effect.to_json() if effect is not None else "",
        }
        _update(action, actor, "action_verified", values, now, computed=computed)
        return effect


def reopen_action(actor: Staff, action_id: int, reason: str, due_on: dt.date | None,
                  now: dt.datetime | None = None) -> None:  # fmt: skip
    """An action that did not work goes back to in progress, with a new due date; its effect is measured again
    once it is done again."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    text = checked_text("reason", reason, NOTE_MAX, QT_TRANSLATE_NOOP("DomainError", "Say why it is reopened."))
    if due_on is None or due_on < now.date():
        raise FieldError("due_on", QT_TRANSLATE_NOOP("DomainError", "Give a new due date from today on."))
    _check_not_too_far(due_on, now.date())
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        action = load_action(action_id, REOPENABLE)
        values: dict[str, Any] = {
            "state": ActionState.IN_PROGRESS,
            "due_on": due_on,
            "done_at": None,
            "verified_at": None,
            "verified_by": None,
        }
        _update(action, actor, "action_reopened", values, now, reason=text)


# --------------------------------------------------------------------------- the effect


def _effect_of(action: ImprovementAction, today: dt.date) -> Effect | None:
    if not action.group_kind or action.done_at is None:
        return None
    group = (action.group_kind, action.group_scope, action.group_value)
    return measure(group, as_date(action.created_at), as_date(action.done_at), action.effect_days, today)


def action_effect(action_id: int, today: dt.date | None = None) -> Effect | None:
    """The effect of a done action on its group now (None: no group, or not done yet); the tallies are brought
    up to date first."""
    catch_up()
    return _effect_of(load_action(action_id), today or dt.date.today())


# --------------------------------------------------------------------------- the desk's suggestions


def _undecided(complaint_id: int) -> Complaint:
    complaint: Complaint | None = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None or not complaint.improvement_suggestion:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This complaint has no improvement suggestion."))
    if SuggestionDecision.get_or_none(SuggestionDecision.complaint == complaint_id) is not None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "The office has decided on this suggestion already."))
    return complaint


def accept_suggestion(
    actor: Staff,
    complaint_id: int,
    *,
    into: int | None = None,
    data: ActionInput | None = None,
    group: tuple[str, str, str] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Take a suggestion into an action: an existing one (``into``, the complaint linked to it) or a new one made
    of ``data`` (watching ``group``); the action's id."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    if (into is None) == (data is None):
        raise FieldError("action", QT_TRANSLATE_NOOP("DomainError", "Choose an action, or write a new one."))
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        complaint = _undecided(complaint_id)
        if into is not None:
            load_action(into)
            link_complaints(actor, into, [complaint_id], now)
            action_id = into
        else:
            assert data is not None
            action_id = create_action(
                actor, data, complaint_ids=[complaint_id], group=group, source=Source.SUGGESTION, now=now
            )
        SuggestionDecision.create(
            complaint=complaint_id, decision=SuggestionOutcome.ACCEPTED, action=action_id, decided_at=now,
            decided_by=actor,
        )  # fmt: skip
        record_at(now, "suggestion_accepted", actor, complaint, improvement_action=action_id)
        _audit(now, "suggestion_taken", actor, action_id, complaint_id=complaint_id,
               suggestion=complaint.improvement_suggestion)  # fmt: skip
        return action_id


def dismiss_suggestion(actor: Staff, complaint_id: int, note: str, now: dt.datetime | None = None) -> None:
    """The office sees no action in this suggestion; ``note`` says why."""
    require(actor, Action.IMPROVE)
    now = now or dt.datetime.now()
    text = checked_text("note", note, NOTE_MAX, QT_TRANSLATE_NOOP("DomainError", "Say why no action is taken."))
    with db.atomic():
        actor = require(actor, Action.IMPROVE)
        complaint = _undecided(complaint_id)
        SuggestionDecision.create(
            complaint=complaint_id, decision=SuggestionOutcome.DISMISSED, note=text, decided_at=now, decided_by=actor
        )
        record_at(now, "suggestion_dismissed", actor, complaint, note=text)


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))
