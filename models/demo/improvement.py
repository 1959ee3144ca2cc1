"""The demo's improvement actions (整改措施): after the complaints, the office acts on the planted hot-spots
(``models.demo.hotspots``) and on the desk's suggestions, through the actions' own functions at the times the
demo's clock gives — every state: effective (the hair at the Chinese restaurant), not effective (the
air-conditioning; the cockroaches at the buffet, which came back and whose action was reopened, now overdue), done
and waiting for its effect (the queue at checkout), open (a recent complaint) and in progress past its due date (a
suggestion taken up). Some suggestions are dismissed.

An action links to the hot-spot detection finds on the run's last day; a demo too small for detection to see the
run (or a catalogue without its category) gets the action from the run's complaints instead, watching the same
group. Texts: ``resources/demo/improvement.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from models.base import db
from models.catalog import Category, Department
from models.complaint import Complaint
from models.control.effect import Verdict
from models.control.farrington import MIN_COUNT
from models.control.hotspot_notices import HotspotNotice, mark_seen, tell_office
from models.control.hotspots import Hotspot, HotspotMatch, active_hotspots, hotspot_complaints
from models.control.improvement import (
    LINKS_MAX,
    ActionInput,
    ImprovementAction,
    accept_suggestion,
    action_effect,
    complete_action,
    create_action,
    dismiss_suggestion,
    reopen_action,
    start_action,
    verify_action,
)
from models.control.tallies import GroupKind, catch_up
from models.demo.clock import DAYS
from models.errors import DomainError
from models.staff import Staff

TEXTS_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "improvement.json"
WORK_HOUR = dt.time(10, 0)


def plant_improvement_actions(office_id: int, seed: int, now: dt.datetime) -> int:
    """The demo's actions and suggestion decisions, as the office made them; how many actions (none when the
    database has actions already: a second demo run adds complaints only). Tallies the complaints for hot-spot
    detection first (a minute at a million complaints, as the first overview would)."""
    if ImprovementAction.select().exists():
        return 0
    catch_up()
    texts: dict[str, Any] = json.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    rng = random.Random(f"complaint-desk-demo-improvement:{seed}")
    office = Staff.get_by_id(office_id)
    first_day = now.date() - dt.timedelta(days=DAYS - 1)
    planted = 0
    with db.atomic():
        for plan in texts["actions"]:
            planted += _from_hotspot(office, plan, first_day, now)
        planted += _from_complaint(office, texts["from_complaint"], now)
        planted += _suggestions(office, texts, rng, now)
    return planted


def _at(day: dt.date, hour: dt.time = WORK_HOUR) -> dt.datetime:
    return dt.datetime.combine(day, hour)


def _department_id(code: str) -> int | None:
    department = Department.get_or_none(Department.code == code)
    return int(department.id) if department is not None else None


def _detection_day(plan: dict[str, Any], first_day: dt.date) -> dt.date:
    if "summer_day" in plan:
        return dt.date(first_day.year if first_day.month < 6 else first_day.year + 1, 6, 1) + dt.timedelta(
            days=plan["summer_day"]
        )
    return first_day + dt.timedelta(days=plan["detect_day"])


def _told(spot: Hotspot, complaint_ids: list[int], office: Staff) -> None:
    """The desk told the office of the run as the wizard does (``check_at_desk``): each complaint from the one that
    made the group a hot-spot (the MIN_COUNT-th of its window) on, a few minutes after it was received; the office
    saw each within the hour. So the analysis and the summary count the hot-spot in the period it rose in, not
    only one still active at a period's end."""
    rows = (
        Complaint.select(Complaint.id, Complaint.received_at, Complaint.received_by)
        .where(Complaint.id.in_(complaint_ids))
        .order_by(Complaint.received_at, Complaint.id)
        .tuples()
    )
    for count, (complaint_id, received_at, receiver_id) in enumerate(rows, start=1):
        if count < MIN_COUNT:
            continue
        told_at = received_at + dt.timedelta(minutes=5)
        judgement = replace(spot.judgement, count=count, last_day=received_at.date())
        try:
            tell_office(Staff.get_by_id(receiver_id), complaint_id, [HotspotMatch(spot.key, spot.group, judgement)],
                        told_at)  # fmt: skip
        except DomainError:  # the receiver's account closed since: the notice is one nobody sent
            continue
        notices = HotspotNotice.select(HotspotNotice.id).where(
            HotspotNotice.complaint == complaint_id, HotspotNotice.hotspot_key == spot.key.text
        )
        mark_seen(office, [notice_id for (notice_id,) in notices.tuples()], told_at + dt.timedelta(minutes=40))


def _matches(spot: Hotspot, plan: dict[str, Any], category_id: str) -> bool:
    groups = [spot.group, *(related.group for related in spot.related)]
    for group in groups:
        if group.value not in plan["words"]:
            continue
        if group.kind == GroupKind.PHRASE_LOCATION and group.scope == plan["place"]:
            return True
        if group.kind == GroupKind.PHRASE_CATEGORY and group.scope == category_id:
            return True
    return False


def _from_hotspot(office: Staff, plan: dict[str, Any], first_day: dt.date, now: dt.datetime) -> int:
    """One action of the plan, from the hot-spot detection finds (or from its run's complaints), taken as far as
    the plan and the demo's clock go."""
    category = Category.get_or_none(Category.code == plan["category"])
    day = _detection_day(plan, first_day)
    if category is None or day >= now.date():
        return 0
    category_id = str(category.id)
    spot = next((s for s in active_hotspots(day) if _matches(s, plan, category_id)), None)
    if spot is not None:
        judgement = spot.judgement
        complaint_ids = hotspot_complaints(*spot.group.key, judgement.first_day, judgement.last_day)
        key, group = spot.key, None
        _told(spot, complaint_ids, office)
    else:
        group, complaint_ids = _run_group(plan, category_id, day)
        key = None
        if not complaint_ids:
            return 0
    created = _at(day + dt.timedelta(days=1))
    data = ActionInput(
        plan["problem"], plan["measure"], plan["responsible"], created.date() + dt.timedelta(days=plan["due_after"]),
        plan["cause"], _department_id(plan["department"]),
    )  # fmt: skip
    action_id = create_action(
        office, data, hotspot=key, complaint_ids=complaint_ids[:LINKS_MAX], group=group, now=created
    )
    steps: list[tuple[dt.datetime, Callable[[dt.datetime], object]]] = [
        (created + dt.timedelta(days=plan["start_after"], hours=2), lambda at: start_action(office, action_id, at)),
        (created + dt.timedelta(days=plan["done_after"], hours=5),
         lambda at: complete_action(office, action_id, plan["result"], at)),
    ]  # fmt: skip
    if "verify_after" in plan:
        verified = created + dt.timedelta(days=plan["verify_after"], hours=1)
        steps.append((verified, lambda at: _verify(office, action_id, plan, at)))
        if "reopen_after" in plan:
            reopened = verified + dt.timedelta(days=plan["reopen_after"])
            due = reopened.date() + dt.timedelta(days=plan["reopen_due_after"])
            steps.append((reopened, lambda at: reopen_action(office, action_id, plan["reopen_reason"], due, at)))
    for at, step in steps:
        if at >= now:
            break
        step(at)
    return 1


def _verify(office: Staff, action_id: int, plan: dict[str, Any], at: dt.datetime) -> None:
    """The office's verdict of the plan; its note when the figures as they were then said otherwise."""
    effect = action_effect(action_id, at.date())
    wanted = Verdict.EFFECTIVE if plan["effective"] else Verdict.NOT_EFFECTIVE
    note = "" if effect is not None and effect.verdict == wanted else plan["note"]
    verify_action(office, action_id, plan["effective"], note, at)


def _run_group(
    plan: dict[str, Any], category_id: str, day: dt.date
) -> tuple[tuple[str, str, str], list[int]]:
    """A run too small for detection: its group (the word at its place, or in its category) and the complaints
    of it in the 28 days to ``day``."""
    word = plan["words"][0]
    if plan["place"]:
        group = (GroupKind.PHRASE_LOCATION.value, plan["place"], word)
    else:
        group = (GroupKind.PHRASE_CATEGORY.value, category_id, word)
    start = day - dt.timedelta(days=27)
    return group, hotspot_complaints(*group, start, day)


def _from_complaint(office: Staff, plan: dict[str, Any], now: dt.datetime) -> int:
    """An open action on yesterday's newest complaint of the plan's category (a safety hazard), watching that
    category at its place."""
    category = Category.get_or_none(Category.code == plan["category"])
    if category is None:
        return 0
    row = db.execute_sql(
        "SELECT id, location, narrative FROM complaint WHERE category_id = ? AND received_at < ? AND location != '' "
        "ORDER BY id DESC LIMIT 1",
        (category.id, now.date().isoformat()),
    ).fetchone()
    if row is None:
        return 0
    complaint_id, location, narrative = row
    head = narrative.split("。")[0][:40]
    created = min(now, _at(now.date(), dt.time(9, 15)))
    data = ActionInput(
        plan["problem"].format(location=location, head=head), plan["measure"].format(location=location),
        plan["responsible"], created.date() + dt.timedelta(days=plan["due_after"]), "",
        _department_id(plan["department"]),
    )  # fmt: skip
    group = (GroupKind.CATEGORY_LOCATION.value, location.strip(), str(category.id))
    create_action(office, data, complaint_ids=[complaint_id], group=group, now=created)
    return 1


def _suggestions(office: Staff, texts: dict[str, Any], rng: random.Random, now: dt.datetime) -> int:
    """The office took one suggestion of three weeks ago into an action (in progress, past its due date) and
    dismissed two others."""
    plan = texts["from_suggestion"]
    since = (now - dt.timedelta(days=30)).isoformat(sep=" ")
    rows = db.execute_sql(
        "SELECT id, closed_at, improvement_suggestion, department_id, category_id, location FROM complaint "
        "WHERE improvement_suggestion != '' AND closed_at IS NOT NULL AND closed_at >= ? ORDER BY id LIMIT 3",
        (since,),
    ).fetchall()
    if not rows:
        return 0
    complaint_id, closed_at, suggestion, department_id, category_id, location = rows[0]
    taken = max(dt.datetime.fromisoformat(str(closed_at)) + dt.timedelta(days=1), now - dt.timedelta(days=20))
    taken = min(taken, now)
    due = taken.date() + dt.timedelta(days=plan["due_after"])
    data = ActionInput(suggestion, plan["measure"], plan["responsible"], due, "", department_id)
    group = (
        (GroupKind.CATEGORY_LOCATION.value, location.strip(), str(category_id))
        if category_id and location.strip()
        else None
    )
    action_id = accept_suggestion(office, complaint_id, data=data, group=group, now=taken)
    started = taken + dt.timedelta(days=1)
    if started < now:
        start_action(office, action_id, started)
    for (other, closed, *_), note in zip(rows[1:], texts["dismissals"], strict=False):
        at = min(now, dt.datetime.fromisoformat(str(closed)) + dt.timedelta(days=rng.randint(1, 3)))
        dismiss_suggestion(office, other, note, at)
    return 1
