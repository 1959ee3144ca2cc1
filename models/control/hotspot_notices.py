"""The desk tells the office (issue 13, "where people see it"): a complaint just taken joins an active hot-spot.

After a step of the intake the desk asks ``hotspots.hotspots_joined``; each hot-spot the complaint joins becomes a
notice (``tell_office``, once per complaint and hot-spot, on the complaint's history too), which the office sees on
its overview and beside the hot-spot until someone there marks it seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from models.audit import record_at
from models.base import BaseModel, db
from models.complaint import Complaint, shown_number
from models.control.hotspots import Group, GroupNamer, HotspotKey, HotspotMatch, Window, hotspots_joined
from models.permissions import Action, require
from models.staff import Staff

# The office's overview lists the notices of this many days (unseen ones first).
RECENT_DAYS = 7
SHOWN_MAX = 50


class HotspotNotice(BaseModel):
    """A complaint joined an active hot-spot and the desk told the office (migration 0018)."""

    complaint = ForeignKeyField(Complaint, on_delete="CASCADE", index=False)
    hotspot_key = CharField(max_length=400)  # HotspotKey.text of the hot-spot as the overview shows it
    group_kind = CharField(max_length=32)  # the complaint's own group in it
    group_scope = CharField(max_length=128)
    group_value = CharField(max_length=128)
    count = IntegerField()  # the complaint was this one in the window
    window = CharField(max_length=8)
    last_day = DateField()
    told_at = DateTimeField(default=dt.datetime.now)
    told_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
    seen_at = DateTimeField(null=True)
    seen_by = ForeignKeyField(Staff, null=True, on_delete="RESTRICT", index=False)

    class Meta:
        indexes = ((("complaint", "hotspot_key"), True), (("told_at",), False))


@dataclass(frozen=True)
class Notice:
    id: int
    complaint_id: int
    number: str
    key: HotspotKey
    group: Group
    count: int
    window: Window
    last_day: dt.date
    told_at: dt.datetime
    told_by: str
    seen: bool


def tell_office(
    actor: Staff, complaint_id: int, matches: Sequence[HotspotMatch], now: dt.datetime | None = None
) -> int:
    """Record that the complaint joins these hot-spots (each once); the number of new notices."""
    if not matches:
        return 0
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.RECEIVE)
        complaint = Complaint.get_by_id(complaint_id)
        added = 0
        for match in matches:
            judgement = match.judgement
            told = HotspotNotice.select().where(
                HotspotNotice.complaint == complaint_id, HotspotNotice.hotspot_key == match.key.text
            )
            if told.exists():
                continue
            HotspotNotice.create(
                complaint=complaint_id,
                hotspot_key=match.key.text,
                group_kind=match.group.kind,
                group_scope=match.group.scope,
                group_value=match.group.value,
                count=judgement.count,
                window=judgement.window.value,
                last_day=judgement.last_day,
                told_at=now,
                told_by=actor,
            )
            added += 1
            record_at(now, "hotspot_told", actor, complaint, hotspot=match.key.text, count=judgement.count,
                      window=judgement.window.value)  # fmt: skip
        return added


def recent_notices(now: dt.datetime | None = None, days: int = RECENT_DAYS) -> list[Notice]:
    """The notices of the last ``days`` days, unseen first, newest first within each."""
    now = now or dt.datetime.now()
    rows = db.execute_sql(
        "SELECT n.id, n.complaint_id, c.archive_number, n.hotspot_key, n.group_kind, n.group_scope, n.group_value, "
        "n.count, n.window, n.last_day, n.told_at, s.full_name, n.seen_at IS NOT NULL "
        "FROM hotspot_notice n JOIN complaint c ON c.id = n.complaint_id JOIN staff s ON s.id = n.told_by_id "
        "WHERE n.told_at >= ? ORDER BY n.seen_at IS NOT NULL, n.told_at DESC, n.id DESC LIMIT ?",
        ((now - dt.timedelta(days=days)).isoformat(sep=" "), SHOWN_MAX),
    ).fetchall()
    namer = GroupNamer()
    notices = []
    for nid, cid, number, key, kind, scope, value, count, window, last_day, told_at, by, seen in rows:
        notices.append(
            Notice(
                nid, cid, shown_number(number, cid), HotspotKey.from_text(key), namer.group(kind, scope, value),
                count, Window(window), _date(last_day), _datetime(told_at), by, bool(seen),
            )
        )  # fmt: skip
    return notices


def mark_seen(actor: Staff, notice_ids: Sequence[int], now: dt.datetime | None = None) -> int:
    """The office has seen these notices; how many were unseen."""
    if not notice_ids:
        return 0
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.VIEW_HOTSPOTS)
        return int(
            HotspotNotice.update(seen_at=now, seen_by=actor)
            .where(HotspotNotice.id.in_(list(notice_ids)), HotspotNotice.seen_at.is_null())
            .execute()
        )


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def check_at_desk(actor: Staff, complaint_id: int) -> list[HotspotMatch]:
    """The desk's question after a step: the active hot-spots the complaint joins, the office told of each."""
    matches = hotspots_joined(complaint_id)
    tell_office(actor, complaint_id, matches)
    return matches
