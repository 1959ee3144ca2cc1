"""Risk alerts: the desk's "notify the office now" for a case at high escalation risk, and the office's
answer, an acknowledgement with a note or a take-over. At most one alert of a case is open at a time (the
database refuses a second, migration 0015); an alert raised before the case is saved belongs to the desk
that raised it until ``receive`` links it to the case. Every change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, TextField

from models.audit import record
from models.base import BaseModel, db
from models.complaint import FINAL_STATES, OPEN_STATES, Complaint, shown_number
from models.control.risk import LEVEL_RANK, Reason, RiskLevel, decode_reasons, encode_reasons, reasons_as_json
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

SUMMARY_MAX = 300
NOTE_MAX = 500


class AlertSource(StrEnum):
    DESK = "desk"  # the desk notified the office
    LIST = "list"  # the office answered a warning it saw on its risk list


class AlertOutcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    TAKEN_OVER = "taken_over"


class RiskAlert(BaseModel):
    complaint = ForeignKeyField(Complaint, null=True, backref="+", on_delete="RESTRICT")
    raised_at = DateTimeField(default=dt.datetime.now)
    raised_by = ForeignKeyField(Staff, backref="+", on_delete="RESTRICT", index=False)
    source = CharField(max_length=8)
    level = CharField(max_length=8)
    reasons = TextField(default="[]")  # models.control.risk.encode_reasons
    summary = TextField(default="")  # what the customer said, when the case was not saved yet
    note = TextField(default="")  # the desk's word to the office
    answered_at = DateTimeField(null=True)
    answered_by = ForeignKeyField(Staff, null=True, backref="+", on_delete="RESTRICT", index=False)
    outcome = CharField(max_length=16, default="")
    answer_note = TextField(default="")


_OPEN = RiskAlert.answered_at.is_null()
# One open alert per case. A desk may have told the office of several customers whose case it never saved (0029):
# an intake discarded keeps its alert open for the office, and the next customer's is a new one.
RiskAlert.add_index(
    RiskAlert.index(
        RiskAlert.complaint, unique=True, where=_OPEN & RiskAlert.complaint.is_null(False), name="riskalert_open_case"
    )
)


@dataclass(frozen=True)
class AlertView:
    """An alert as the screens show it."""

    id: int
    complaint_id: int | None
    number: str  # the case's number, "" before the case was saved
    raised_at: dt.datetime
    raised_by: str
    source: str
    level: str
    reasons: tuple[Reason, ...]
    summary: str
    note: str
    answered_at: dt.datetime | None
    answered_by: str
    outcome: str
    answer_note: str
    case_state: str = ""  # the case's state now ("" before the case was saved)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def case_ended(self) -> bool:
        """The case was closed or withdrawn since the desk told the office (the alert is the office's to answer)."""
        return self.case_state in FINAL_STATES


def _open_alert(complaint_id: int) -> RiskAlert | None:
    alert: RiskAlert | None = RiskAlert.select().where(_OPEN, RiskAlert.complaint == complaint_id).first()
    return alert


def _open_case(complaint_id: int) -> Complaint:
    case: Complaint | None = Complaint.get_or_none(Complaint.id == complaint_id)
    if case is None:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This complaint no longer exists."))
    if case.state in FINAL_STATES:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "Complaint {number} is closed; it can no longer be changed."),
            number=shown_number(case.archive_number, case.id),
        )
    return case


def notify_office(
    actor: Staff,
    complaint_id: int | None,
    level: str,
    reasons: Sequence[Reason],
    summary: str = "",
    note: str = "",
) -> int:
    """Tell the office now of a case at escalation risk (``complaint_id`` None: not saved yet, then
    ``summary`` says what the customer said); the alert's id. The desk goes on with the intake."""
    require(actor, Action.NOTIFY_OFFICE)
    if level not in (RiskLevel.WATCH, RiskLevel.HIGH):
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "There is no escalation risk to tell the office of."))
    summary = checked_text("summary", summary, SUMMARY_MAX * 10)[:SUMMARY_MAX]
    note = checked_text("note", note, NOTE_MAX)
    with db.atomic():
        actor = require(actor, Action.NOTIFY_OFFICE)
        case = _open_case(complaint_id) if complaint_id is not None else None
        # A customer not saved yet is the intake's own: it tells the office once (its button goes once told).
        earlier = _open_alert(complaint_id) if complaint_id is not None else None
        if earlier is not None:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "The office was told of this case at {time} and has not answered yet."
                ),
                time=earlier.raised_at.strftime("%H:%M"),
            )
        alert: RiskAlert = RiskAlert.create(
            complaint=case,
            raised_at=dt.datetime.now(),
            raised_by=actor,
            source=AlertSource.DESK,
            level=level,
            reasons=encode_reasons(reasons),
            summary="" if case is not None else summary,
            note=note,
        )
        record("risk_notified", actor, case, alert=alert.id, level=level, reasons=reasons_as_json(reasons), note=note)
        return int(alert.id)


def link_unsaved_alert(actor: Staff, alert_id: int, case: Complaint) -> bool:
    """The desk's alert raised before the case was saved now belongs to the case (inside ``receive``'s
    transaction); False when it is not this desk's unsaved alert any more."""
    linked = (
        RiskAlert.update(complaint=case.id, summary="")
        .where(RiskAlert.id == alert_id, RiskAlert.complaint.is_null(), RiskAlert.raised_by == actor.id)
        .execute()
    )
    return bool(linked)


def answer_alert(
    actor: Staff,
    complaint_id: int | None,
    outcome: str,
    note: str,
    level: str,
    reasons: Sequence[Reason],
    alert_id: int | None = None,
    keep_answer: bool = True,
) -> int | None:
    """Inside the caller's transaction: answer the open alert of the case (or the unsaved one ``alert_id``),
    or, when there is none and ``keep_answer``, keep the office's answer to the warning it saw (``level``,
    ``reasons``) as an alert answered at once. The alert's id (None: nothing to answer). The caller checks
    the actor and audits."""
    now = dt.datetime.now()
    alert: RiskAlert | None
    if alert_id is not None:
        alert = RiskAlert.get_or_none(RiskAlert.id == alert_id)
        if alert is None or alert.answered_at is not None:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This alert has been answered already."))
    else:
        alert = _open_alert(complaint_id) if complaint_id is not None else None
    if alert is None:
        if not keep_answer:
            return None
        if complaint_id is None:
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This alert has been answered already."))
        alert = RiskAlert.create(
            complaint=complaint_id, raised_at=now, raised_by=actor, source=AlertSource.LIST, level=level,
            reasons=encode_reasons(reasons),
        )  # fmt: skip
    RiskAlert.update(answered_at=now, answered_by=actor, outcome=outcome, answer_note=note).where(
        RiskAlert.id == alert.id
    ).execute()
    return int(alert.id)


def acknowledge(
    actor: Staff,
    complaint_id: int | None,
    note: str,
    level: str = RiskLevel.NONE,
    reasons: Sequence[Reason] = (),
    alert_id: int | None = None,
) -> int:
    """The office has seen the warning of a case (its open alert, or the risk shown on its list: ``level``
    and ``reasons``) and says what it does about it; audited. The alert's id."""
    require(actor, Action.ANSWER_RISK)
    note = checked_text(
        "note", note, NOTE_MAX, QT_TRANSLATE_NOOP("DomainError", "Write a note: what the office does about it.")
    )
    with db.atomic():
        actor = require(actor, Action.ANSWER_RISK)
        case = _open_case(complaint_id) if complaint_id is not None else None
        if alert_id is None and complaint_id is None:
            raise FieldError("note", QT_TRANSLATE_NOOP("DomainError", "Choose a case or an alert first."))
        answered = answer_alert(actor, complaint_id, AlertOutcome.ACKNOWLEDGED, note, level, reasons, alert_id)
        assert answered is not None  # an answer is kept when there was no alert
        if case is None and alert_id is not None:  # a case closed or withdrawn since: its history says the answer
            case = Complaint.get_or_none(Complaint.id == RiskAlert.get_by_id(alert_id).complaint_id)
        record("risk_acknowledged", actor, case, alert=answered, level=level, note=note)
        return answered


# --------------------------------------------------------------------------- reads


def _views(query_filter: object, limit: int | None = None, newest_first: bool = False) -> list[AlertView]:
    raiser, answerer = Staff.alias(), Staff.alias()
    order = (RiskAlert.raised_at.desc(), RiskAlert.id.desc()) if newest_first else (RiskAlert.raised_at, RiskAlert.id)
    query = (
        RiskAlert.select(
            RiskAlert,
            Complaint.archive_number,
            Complaint.state.alias("case_state"),
            raiser.full_name.alias("raiser"),
            answerer.full_name.alias("answerer"),
        )
        .join_from(RiskAlert, Complaint, JOIN.LEFT_OUTER, on=(RiskAlert.complaint == Complaint.id))
        .join_from(RiskAlert, raiser, on=(RiskAlert.raised_by == raiser.id))
        .join_from(RiskAlert, answerer, JOIN.LEFT_OUTER, on=(RiskAlert.answered_by == answerer.id))
        .where(query_filter)
        .order_by(*order)
        .objects()
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        AlertView(
            id=row.id,
            complaint_id=row.complaint_id,
            number=shown_number(row.archive_number, row.complaint_id) if row.complaint_id else "",
            raised_at=row.raised_at,
            raised_by=row.raiser,
            source=row.source,
            level=row.level,
            reasons=decode_reasons(row.reasons),
            summary=row.summary,
            note=row.note,
            answered_at=row.answered_at,
            answered_by=row.answerer or "",
            outcome=row.outcome,
            answer_note=row.answer_note,
            case_state=row.case_state or "",
        )
        for row in query
    ]


@dataclass(frozen=True)
class AlertsWaiting:
    """The office's unanswered alerts as the main window's banner says them: how many, the oldest and the newest."""

    count: int
    oldest: AlertView | None = None
    newest: AlertView | None = None


def alerts_waiting() -> AlertsWaiting:
    """The banner's alerts (three small reads, however many wait: the newest of more than a hundred was missed)."""
    count = RiskAlert.select().where(_OPEN).count()
    if not count:
        return AlertsWaiting(0)
    return AlertsWaiting(count, _views(_OPEN, 1)[0], _views(_OPEN, 1, newest_first=True)[0])


def open_alerts(limit: int = 100) -> list[AlertView]:
    """Alerts the office has not answered, oldest first: the main window's banner."""
    return _views(_OPEN, limit)


def alerts_without_open_case() -> list[AlertView]:
    """The office's unanswered alerts that no open case on the risk list carries: for a customer whose case is not
    saved yet, or whose case was closed or withdrawn since (the banner counted them, and the list showed none)."""
    return _views(_OPEN & (RiskAlert.complaint.is_null() | Complaint.state.in_(list(FINAL_STATES))))


def alert(alert_id: int) -> AlertView | None:
    found = _views(RiskAlert.id == alert_id)
    return found[0] if found else None


def latest_alert(complaint_id: int) -> AlertView | None:
    """The case's latest alert, open or answered (the desk sees what the office said)."""
    found = _views(RiskAlert.complaint == complaint_id)
    return found[-1] if found else None


def open_case_alerts() -> dict[int, tuple[AlertView | None, AlertView | None]]:
    """For each open case that has alerts: its open alert and its latest answered one (the risk list)."""
    result: dict[int, tuple[AlertView | None, AlertView | None]] = {}
    open_cases = Complaint.select(Complaint.id).where(Complaint.state.in_(list(OPEN_STATES)))
    for view in _views(RiskAlert.complaint.in_(open_cases)):
        assert view.complaint_id is not None
        open_one, answered = result.get(view.complaint_id, (None, None))
        if view.is_open:
            open_one = view
        else:
            answered = view
        result[view.complaint_id] = (open_one, answered)
    return result


def outranks(answered: AlertView | None, level: str) -> bool:
    """Whether an answer given at its level still covers the case's level now (a higher risk is new)."""
    if answered is None:
        return False
    return LEVEL_RANK.get(answered.level, 0) >= LEVEL_RANK.get(level, 0)
