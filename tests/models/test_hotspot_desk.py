"""The desk's question after a step — does this complaint join an active hot-spot? — answered beside today's
snapshot of the detection (only the complaint's own groups judged afresh), and the notice the office gets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_hotspots import receipt, streams_master

from models.base import db
from models.control import hotspots
from models.control.hotspot_notices import mark_seen, recent_notices, tell_office
from models.control.hotspots import HotspotSnapshot, active_hotspots, hotspots_joined
from models.errors import DomainError
from models.intake import receive

from conftest import Desk, OpenCopy, set_limits


@pytest.fixture(scope="module")
def stream_master(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    """The seeded desk with a year of synthetic complaints (test_hotspots.streams), built once per run."""
    return streams_master(tmp_path_factory, seeded_database)


@pytest.fixture
def stream(open_copy: OpenCopy, stream_master: Path) -> Desk:
    """A year of complaints with two hot-spots today (头发 at 二楼中餐厅, 空调 in the rooms)."""
    from models.staff import Staff

    open_copy(stream_master)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def as_figures(matches: list[hotspots.HotspotMatch]) -> list[tuple[object, ...]]:
    return [(m.key, m.group.key, m.judgement.window, m.judgement.count, m.judgement.baseline) for m in matches]


def test_the_desk_answers_beside_the_snapshot_as_a_full_detection_would(stream: Desk) -> None:
    spots = active_hotspots()  # the office's overview: keeps today's snapshot
    assert HotspotSnapshot.select().count() == 1
    manager = set_limits(stream.manager, "200", "300")
    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    quick = hotspots_joined(case.id)
    assert quick and quick[0].key == next(s for s in spots if s.group.value == "头发").key
    assert quick[0].judgement.count == 7, "this complaint counted: its groups judged afresh"
    HotspotSnapshot.delete().execute()
    assert as_figures(hotspots_joined(case.id)) == as_figures(quick), "the same as a detection of its own"
    assert HotspotSnapshot.select().count() == 1, "which keeps a new snapshot"


def test_only_the_complaints_own_groups_are_judged_again(stream: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    active_hotspots()
    manager = set_limits(stream.manager, "200", "300")
    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    judged: list[object] = []
    original = hotspots._judged

    def spy(day: int, first: int, totals: object, only: object = None) -> object:
        judged.append(only)
        return original(day, first, totals, only)  # type: ignore[arg-type]

    monkeypatch.setattr(hotspots, "_judged", spy)
    assert hotspots_joined(case.id)
    [only] = judged
    assert only is not None and 0 < len(only) <= 20, "the complaint's groups, not every group"


def test_a_stale_snapshot_is_not_used(stream: Desk) -> None:
    """A snapshot claiming 10¹² windows judged: beside it nothing stays unusual, while it is fresh."""
    active_hotspots()
    row = HotspotSnapshot.get()
    data = json.loads(row.data)
    data["tests"] = {window: 10**12 for window in data["tests"]}
    HotspotSnapshot.update(data=json.dumps(data)).execute()
    manager = set_limits(stream.manager, "200", "300")
    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    assert hotspots_joined(case.id) == [], "the snapshot is used while fresh"
    old = dt.datetime.now() - hotspots.SNAPSHOT_FRESH - dt.timedelta(minutes=1)
    HotspotSnapshot.update(made_at=old).execute()
    assert [m.group.value for m in hotspots_joined(case.id)][:1] == ["头发"], "a stale one is not"
    assert HotspotSnapshot.get().made_at > old, "and is taken again"


def test_the_office_is_told_once_per_complaint_and_hot_spot(stream: Desk) -> None:
    active_hotspots()
    manager = set_limits(stream.manager, "200", "300")
    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    matches = hotspots_joined(case.id)
    assert tell_office(manager, case.id, matches) == len(matches) >= 1
    assert tell_office(manager, case.id, matches) == 0, "told once"
    [notice] = recent_notices()[:1]
    assert notice.complaint_id == case.id and notice.key == matches[0].key and not notice.seen
    assert notice.count == 7 and notice.told_by == "张伟" and str(notice.group.describe()) == "“头发” at 二楼中餐厅"
    events = db.execute_sql("SELECT e.action, t.text FROM audit_event e JOIN audit_change t ON t.id = e.changes_id "
                            "WHERE e.complaint_id = ? AND e.action = ?",
                            (case.id, "hotspot_told")).fetchall()  # fmt: skip
    assert len(events) == len(matches) and json.loads(events[0][1])["count"] == 7
    with pytest.raises(DomainError, match="Only the office can see the hot-spots"):
        mark_seen(manager, [notice.id])
    assert mark_seen(stream.office, [notice.id]) == 1
    assert mark_seen(stream.office, [notice.id]) == 0
    assert [n.seen for n in recent_notices() if n.id == notice.id] == [True]
    later = dt.datetime.now() + dt.timedelta(days=8)
    assert recent_notices(later) == [], "the overview shows a week of them"
