"""The demo's external cases (外部投诉): after the complaints are written, a few of them are taken outside
— every channel, some answered and closed (and so sealed), some awaiting the office's reply, a few overdue.

A few hundred at most, even for a million complaints (their number grows with the square root of the
complaints'), recorded in one transaction through the external cases' own functions at the times the
demo's clock gives, so the same seed and ``now`` give the same rows, seals and audit events."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any

from models.base import db
from models.complaint import Complaint
from models.control.external import (
    ExternalCase,
    ExternalInput,
    ExternalState,
    Outcome,
    channels,
    close_external,
    record_external,
    record_reply,
    start_reply,
)
from models.staff import Staff

TEXTS_FILE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "external.json"
MIN_CASES = 16
MAX_CASES = 400
SHARE = 0.4  # of the square root of the complaints
CHANNEL_WEIGHTS = {
    "platform_12315": 4,
    "hotline_12345": 5,
    "market_regulator": 2,
    "consumer_association": 1,
    "media": 1,
    "head_office": 1,
    "court": 0.3,
}
# The newest cases are in each of these states (newest first).
FIRST_STATES = (ExternalState.RECEIVED, ExternalState.REPLYING, ExternalState.REPLIED, ExternalState.CLOSED)
# How the closed ones ended, by weight.
OUTCOMES = (
    (Outcome.RESOLVED, 5),
    (Outcome.EXPLAINED, 3),
    (Outcome.NOT_ACCEPTED, 1),
    (Outcome.CUSTOMER_WITHDREW, 1),
    (Outcome.FAILED, 1),
    (Outcome.RULED, 1),
    (Outcome.OTHER, 1),
)


def external_count(complaints: int) -> int:
    """How many external cases ``complaints`` complaints give (none without complaints)."""
    if complaints <= 0:
        return 0
    return min(complaints // 3, MAX_CASES, max(MIN_CASES, round(math.sqrt(complaints) * SHARE)))


def plant_external_cases(first_complaint: int, complaints: int, office_id: int, seed: int, now: dt.datetime) -> int:
    """Take some of the complaints with ids from ``first_complaint`` outside; how many cases were recorded."""
    count = external_count(complaints)
    if not count:
        return 0
    texts: dict[str, Any] = json.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    rng = random.Random(f"complaint-desk-demo-external:{seed}")
    office = Staff.get_by_id(office_id)
    offered = channels()
    ids = sorted(rng.sample(range(first_complaint, first_complaint + complaints), count))
    received = dict(Complaint.select(Complaint.id, Complaint.received_at).where(Complaint.id.in_(ids)).tuples())
    today = now.date()
    weights = [CHANNEL_WEIGHTS.get(channel.code, 0.5) for channel in offered]
    # The numbers the database holds already (another demo load drew the same ones) and those drawn here.
    taken = {reference for (reference,) in ExternalCase.select(ExternalCase.reference).tuples()}
    with db.atomic():
        for index, complaint_id in enumerate(ids):
            # Every channel first, then as often as each is used: 12345 and 12315 most.
            channel = offered[index] if index < len(offered) else rng.choices(offered, weights)[0]
            start = received[complaint_id].date() + dt.timedelta(days=rng.randint(1, 20))
            if start > today:
                start = today
            recorded_at = dt.datetime.combine(start, dt.time(9)) + dt.timedelta(minutes=rng.randint(0, 480))
            recorded_at = min(recorded_at, now)
            template = texts["references"].get(channel.code, "")
            reference = template.format(year=start.year, n=rng.randint(1, 99999))
            while reference and reference in taken:  # one outside body's number is one open case (the rule's)
                reference = template.format(year=start.year, n=rng.randint(1, 99999))
            taken.add(reference)
            asked = rng.choice(texts["asked"].get(channel.code) or texts["asked"]["other"])
            data = ExternalInput(channel.id, start, reference, asked)
            case_id = record_external(office, data, complaint_id=complaint_id, now=recorded_at)
            # The most recent cases are in each state; older ones go as far as their age makes likely.
            newest = count - 1 - index
            _advance(case_id, office, rng, texts, recorded_at, now, FIRST_STATES[newest] if newest < 4 else None)
    return count


def _advance(
    case_id: int,
    office: Staff,
    rng: random.Random,
    texts: dict[str, Any],
    at: dt.datetime,
    now: dt.datetime,
    target: ExternalState | None,
) -> None:
    """Take the case as far as ``target``, or as its age makes likely: old cases closed, a few left
    unanswered and so overdue."""
    age = (now - at).days
    roll = rng.random()
    # A few recent cases are still unanswered, some of them past their day: none is left for months.
    if target == ExternalState.RECEIVED or (target is None and (age < 2 or (roll < 0.08 and age < 20))):
        return
    step = min(now, at + dt.timedelta(hours=rng.randint(2, 30)))
    start_reply(office, case_id, now=step)
    if target == ExternalState.REPLYING or (target is None and (age < 5 or (roll < 0.16 and age < 30))):
        return
    step = min(now, step + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6)))
    record_reply(office, case_id, rng.choice(texts["replies"]), now=step)
    # Some outside bodies take a while to say how it ended; none leaves the office waiting for months.
    if target == ExternalState.REPLIED or (target is None and (age < 20 or (roll < 0.3 and age < 60))):
        return
    outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
    step = min(now, step + dt.timedelta(days=rng.randint(3, 15)))
    close_external(office, case_id, outcome, rng.choice(texts["closing_notes"][outcome]), now=step)
