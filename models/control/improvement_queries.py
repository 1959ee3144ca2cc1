"""What the office's screens read of improvement actions (``models.control.improvement``): the list, overdue
actions, an action with its complaints and history, the actions of hot-spots, the groups a complaint belongs to,
and the desk's suggestions waiting for a decision."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.base import db
from models.complaint import shown_number
from models.control.effect import Effect, measure
from models.control.hotspots import Group, GroupNamer, HotspotKey
from models.control.improvement import (
    ACTIVE_STATES,
    SUGGESTIONS_COUNTED,
    SUGGESTIONS_SHOWN,
    ActionState,
    Source,
    action_number,
    as_date,
    as_datetime,
    load_action,
)
from models.control.tallies import GroupKind, group_keys
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Staff


@dataclass(frozen=True)
class ActionRow:
    """An action as the lists show it."""

    id: int
    number: str
    problem: str
    measure: str
    department: str
    department_en: str
    responsible: str
    due_on: dt.date
    state: ActionState
    source: Source
    hotspot_key: str
    group: Group | None
    created_at: dt.datetime
    done_at: dt.datetime | None
    verified_at: dt.datetime | None
    complaints: int
    overdue: bool


@dataclass(frozen=True)
class LinkedComplaint:
    id: int
    number: str
    received_at: dt.datetime
    narrative: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    changes: dict[str, object]


@dataclass(frozen=True)
class ActionDetail:
    row: ActionRow
    cause: str
    result: str
    created_by: str
    verified_by: str
    verification_note: str
    effect_days: int
    confirmed_effect: Effect | None  # the figures the office saw when verifying
    office_verdict: str  # the office's own at that verification ("effective", "not_effective"; "" when none)
    complaints: list[LinkedComplaint]
    history: list[HistoryEntry]
    updated_at: dt.datetime  # as read: what ``edit_action`` is given as ``shown``


VERIFIED = (ActionState.EFFECTIVE, ActionState.NOT_EFFECTIVE)  # the states the office's verification sets

_ROW_COLUMNS = (
    "a.id, a.problem, a.measure, d.name, d.name_en, a.responsible, a.due_on, a.state, a.source, a.hotspot_key, "
    "a.group_kind, a.group_scope, a.group_value, a.created_at, a.done_at, a.verified_at, "
    "(SELECT count(*) FROM improvement_link l WHERE l.action_id = a.id)"
)
_ROW_FROM = "FROM improvement_action a LEFT JOIN department d ON d.id = a.department_id"


def _rows(sql: str, params: Sequence[object], today: dt.date) -> list[ActionRow]:
    rows = db.execute_sql(f"SELECT {_ROW_COLUMNS} {_ROW_FROM} {sql}", params).fetchall()
    namer = GroupNamer() if rows else None
    result = []
    for (aid, problem, measure_, dep, dep_en, responsible, due_on, state, source, key, kind, scope, value,
         created_at, done_at, verified_at, complaints) in rows:  # fmt: skip
        due = as_date(due_on)
        result.append(
            ActionRow(
                aid, action_number(aid), problem, measure_, dep or "", dep_en or "", responsible, due,
                ActionState(state), Source(source), key,
                namer.group(kind, scope, value) if namer is not None and kind else None,
                as_datetime(created_at), as_datetime(done_at) if done_at else None,
                as_datetime(verified_at) if verified_at else None, complaints,
                state in ACTIVE_STATES and due < today,
            )
        )  # fmt: skip
    return result


def action_rows(
    states: Sequence[str] = (),
    created_from: dt.date | None = None,
    created_to: dt.date | None = None,
    today: dt.date | None = None,
) -> list[ActionRow]:
    """The actions in these states (all when empty) created in the period, overdue ones first, then by due date."""
    today = today or dt.date.today()
    where, params = _period(states, created_from, created_to)
    return _rows(
        f"{where} ORDER BY (a.state IN ('open', 'in_progress') AND a.due_on < ?) DESC, a.due_on, a.id",
        [*params, today.isoformat()],
        today,
    )


def _period(
    states: Sequence[str], created_from: dt.date | None, created_to: dt.date | None
) -> tuple[str, list[object]]:
    conditions: list[str] = ["1 = 1"]
    params: list[object] = []
    if states:
        conditions.append(f"a.state IN ({', '.join('?' * len(states))})")
        params.extend(states)
    if created_from is not None:
        conditions.append("a.created_at >= ?")
        params.append(created_from.isoformat())
    if created_to is not None:
        conditions.append("a.created_at < ?")
        params.append((created_to + dt.timedelta(days=1)).isoformat())
    return "WHERE " + " AND ".join(conditions), params


def overdue_actions(today: dt.date | None = None) -> list[ActionRow]:
    """Open and in-progress actions past their due date, the longest overdue first."""
    today = today or dt.date.today()
    return _rows(
        "WHERE a.state IN ('open', 'in_progress') AND a.due_on < ? ORDER BY a.due_on, a.id",
        [today.isoformat()],
        today,
    )


def actions_for_hotspots(keys: Iterable[HotspotKey], today: dt.date | None = None) -> dict[str, ActionRow]:
    """The newest action of each hot-spot (by its key; an action on the same group counts too), by key text."""
    wanted = list(keys)
    if not wanted:
        return {}
    today = today or dt.date.today()
    groups = {(k.kind, k.scope, k.value): k.text for k in wanted}
    marks = ", ".join(["(?, ?, ?)"] * len(groups))
    rows = _rows(
        f"WHERE (a.group_kind, a.group_scope, a.group_value) IN (VALUES {marks}) ORDER BY a.id",
        [item for group in groups for item in group],
        today,
    )
    found: dict[str, ActionRow] = {}
    for row in rows:
        if row.group is not None:
            found[groups[row.group.key]] = row  # the newest wins
    return found


def action_detail(action_id: int, today: dt.date | None = None) -> ActionDetail:
    today = today or dt.date.today()
    found = _rows("WHERE a.id = ?", [action_id], today)
    if not found:
        raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This improvement action no longer exists."))
    row = found[0]
    action = load_action(action_id)
    names = dict(Staff.select(Staff.id, Staff.full_name).tuples())
    linked = db.execute_sql(
        "SELECT c.id, c.archive_number, c.received_at, c.narrative FROM improvement_link l "
        "JOIN complaint c ON c.id = l.complaint_id WHERE l.action_id = ? ORDER BY c.id DESC",
        (action_id,),
    ).fetchall()
    events = db.execute_sql(
        "SELECT e.at, e.actor_id, e.action, t.text FROM improvement_event i JOIN audit_event e ON e.id = i.event_id "
        "JOIN audit_change t ON t.id = e.changes_id WHERE i.action_id = ? ORDER BY e.id",
        (action_id,),
    ).fetchall()
    return ActionDetail(
        row,
        action.cause,
        action.result,
        names.get(action.created_by_id, ""),
        names.get(action.verified_by_id, "") if action.verified_by_id else "",
        action.verification_note,
        action.effect_days,
        Effect.from_json(action.effect) if action.effect else None,
        _office_verdicts([row])[row.id],
        [LinkedComplaint(cid, shown_number(number, cid), as_datetime(at), text) for cid, number, at, text in linked],
        [
            HistoryEntry(as_datetime(at), names.get(actor, ""), name, _changes(changes))
            for at, actor, name, changes in events
        ],
        as_datetime(action.updated_at),
    )


def _office_verdicts(rows: Sequence[ActionRow]) -> dict[int, str]:
    """Each action's verdict at the office's last verification ("effective", "not_effective"; "" if never
    verified): its state when verified, else (reopened since) the state its last ``action_verified`` event set.
    The figures kept with it may say otherwise: the office overrode them, with a note."""
    verdicts = {row.id: row.state.value if row.state in VERIFIED else "" for row in rows}
    reopened = [row.id for row in rows if row.state not in VERIFIED]
    if reopened:
        events = db.execute_sql(
            "SELECT i.action_id, t.text FROM improvement_event i JOIN audit_event e ON e.id = i.event_id "
            f"JOIN audit_change t ON t.id = e.changes_id WHERE e.action = 'action_verified' AND i.action_id IN "
            f"({', '.join('?' * len(reopened))}) ORDER BY e.id",
            reopened,
        ).fetchall()
        for action_id, text in events:  # the last one stands
            state = json.loads(text or "{}").get("state")
            if isinstance(state, list) and len(state) == 2:
                verdicts[action_id] = str(state[1])
    return verdicts


def _changes(text: str) -> dict[str, object]:
    """An event's changes without the action's own id (every event of the action has it)."""
    changes: dict[str, object] = json.loads(text or "{}")
    changes.pop("improvement_action", None)
    return changes


def complaint_groups(complaint_id: int) -> list[Group]:
    """The groups a complaint belongs to, most specific first: what an action from it may watch."""
    row = db.execute_sql(
        "SELECT category_id, location, department_id, staff_involved, narrative FROM complaint WHERE id = ?",
        (complaint_id,),
    ).fetchone()
    if row is None:
        return []
    order = [GroupKind.CATEGORY_LOCATION, GroupKind.PHRASE_LOCATION, GroupKind.PHRASE_CATEGORY, GroupKind.CATEGORY,
             GroupKind.LOCATION, GroupKind.DEPARTMENT, GroupKind.STAFF]  # fmt: skip
    keys = sorted(group_keys(*row), key=lambda key: order.index(GroupKind(key[0])))
    namer = GroupNamer()
    return [namer.group(*key) for key in keys]


@dataclass(frozen=True)
class SuggestionRow:
    """An improvement suggestion written at the close step that the office has not decided on."""

    complaint_id: int
    number: str
    closed_at: dt.datetime | None
    category: str
    category_en: str
    location: str
    department_id: int | None
    suggestion: str
    narrative: str


def open_suggestions(
    limit: int = SUGGESTIONS_SHOWN, cap: int = SUGGESTIONS_COUNTED
) -> tuple[list[SuggestionRow], int]:
    """The newest undecided suggestions (at most ``limit``) and how many there are, counted up to ``cap`` (a
    desk writes one in every few complaints: a million complaints hold hundreds of thousands, of which the
    office reads the newest)."""
    undecided = (
        "FROM complaint c LEFT JOIN category g ON g.id = c.category_id WHERE c.improvement_suggestion != '' "
        "AND NOT EXISTS (SELECT 1 FROM suggestion_decision s WHERE s.complaint_id = c.id) ORDER BY c.id DESC LIMIT ?"
    )
    (total,) = db.execute_sql(f"SELECT count(*) FROM (SELECT 1 {undecided}) AS undecided", (cap,)).fetchone()
    rows = db.execute_sql(
        "SELECT c.id, c.archive_number, c.closed_at, g.name, g.name_en, c.location, c.department_id, "
        f"c.improvement_suggestion, c.narrative {undecided}",
        (limit,),
    ).fetchall()
    suggestions = [
        SuggestionRow(
            cid,
            shown_number(number, cid),
            as_datetime(closed) if closed else None,
            cat or "",
            cat_en or "",
            location,
            dep,
            suggestion,
            narrative,
        )
        for cid, number, closed, cat, cat_en, location, dep, suggestion, narrative in rows
    ]
    # The newest by receipt (the index's order: no sort of every suggestion at a million complaints), listed newest
    # closed first as the list's column shows them (47 of 200 stood out of order); an open case's first.
    newest = dt.datetime.max
    suggestions.sort(key=lambda row: (row.closed_at or newest, row.complaint_id), reverse=True)
    return suggestions, int(total)


def first_action_day() -> dt.date | None:
    """The day the first improvement action was raised (None: there is none)."""
    (first,) = db.execute_sql("SELECT min(created_at) FROM improvement_action").fetchone()
    return None if first is None else as_date(first)


def printable_actions(
    first: dt.date, last: dt.date, today: dt.date | None = None, states: Sequence[str] = ()
) -> dict[str, object]:
    """What the printed list of improvement actions for a period holds (``ui/paper/action_list.py``; plain JSON
    values): the actions created in the period, and those from before still open, done or verified in it (only
    those in ``states``, when given); each with its effect (the office's confirmed figures, or those of today for a
    done action), overdue ones marked."""
    today = today or dt.date.today()
    start, end = first.isoformat(), (last + dt.timedelta(days=1)).isoformat()
    chosen = f"AND a.state IN ({', '.join('?' * len(states))}) " if states else ""
    rows = _rows(
        "WHERE ((a.created_at >= ? AND a.created_at < ?) OR (a.created_at < ? AND "
        f"(a.state IN ('open', 'in_progress', 'done') OR a.verified_at >= ?))) {chosen}ORDER BY a.created_at, a.id",
        [start, end, start, start, *states],
        today,
    )
    confirmed = dict(
        db.execute_sql(
            f"SELECT id, effect FROM improvement_action WHERE id IN ({', '.join('?' * len(rows))})",
            [row.id for row in rows],
        ).fetchall()
    ) if rows else {}
    actions = []
    verdicts = _office_verdicts(rows)
    for row in rows:
        effect = Effect.from_json(confirmed[row.id]) if confirmed.get(row.id) else None
        if effect is None and row.state == ActionState.DONE and row.group is not None and row.done_at is not None:
            effect = measure(row.group.key, row.created_at.date(), row.done_at.date(), _effect_days(row.id), today)
        actions.append(
            {
                "number": row.number,
                "created_on": row.created_at.date().isoformat(),
                "problem": row.problem,
                "measure": row.measure,
                "department": row.department,
                "department_en": row.department_en,
                "responsible": row.responsible,
                "due_on": row.due_on.isoformat(),
                "state": row.state.value,
                "overdue": row.overdue,
                "complaints": row.complaints,
                "effect": None if effect is None else {**json.loads(effect.to_json()),
                                                       "judged_on": effect.judged_on.isoformat()},
                # Verified, then reopened: the figures are those of its last verification, not of today.
                "at_last_verification": bool(confirmed.get(row.id))
                and row.state not in (ActionState.EFFECTIVE, ActionState.NOT_EFFECTIVE),
                # The office's verdict then, which may override the figures' (said beside them, with its state).
                "office_verdict": verdicts[row.id] if confirmed.get(row.id) else "",
            }
        )
    return {"first": first.isoformat(), "last": last.isoformat(), "today": today.isoformat(), "actions": actions}


def _effect_days(action_id: int) -> int:
    (days,) = db.execute_sql("SELECT effect_days FROM improvement_action WHERE id = ?", (action_id,)).fetchone()
    return int(days)
