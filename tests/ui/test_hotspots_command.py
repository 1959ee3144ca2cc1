"""``main.py hotspots``: the office's list of active hot-spots, with their figures and complaints."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest

from models.catalog import Category, Location
from models.complaint import Complaint

from conftest import Desk, OpenCopy

RunMain = Callable[..., tuple[int, str, str]]


@pytest.fixture
def hair_run(seeded: Desk, open_copy: OpenCopy, today: dt.date) -> str:
    """Half a year of usual complaints at two restaurants, then six about 头发 at 二楼中餐厅 this week."""
    food = Category.get(Category.code == "food_quality").id
    rows = []
    for days_ago in range(180, -1, -1):
        received = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12))
        place = ("二楼中餐厅", "西餐厅")[days_ago % 2]
        rows.append(dict(received_at=received, category=food, location=place, narrative="红烧肉太咸了。"))
    for days_ago in (6, 5, 4, 2, 1, 0):
        received = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(13))
        rows.append(dict(received_at=received, category=food, location="二楼中餐厅", narrative="菜里有头发！"))
    for row in rows:
        row.update(received_by=seeded.manager.id, demand="道歉")
    Complaint.insert_many(rows).execute()
    Location.create(code="second_floor_chinese", name="二楼中餐厅", name_en="Second-floor Chinese restaurant")
    Complaint._meta.database.close()
    return open_copy.url  # the file's path, or the server's database


def hotspots(run_main: RunMain, monkeypatch: pytest.MonkeyPatch, url: str, password: str, *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return run_main("--db", url, "hotspots", *args)


def test_the_office_sees_the_active_hot_spots(hair_run: str, run_main: RunMain, monkeypatch, today: dt.date) -> None:
    status, out, err = hotspots(run_main, monkeypatch, hair_run, "office-pass-1", "--user", "office")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"1 active hot-spot on {today.isoformat()}:"  # not "hot-spot(s)", nor "newest first" of one
    # In English, with the catalogues' English names (it said "complaints about 食品质量", "at 二楼中餐厅").
    assert lines[2] == (
        f"* “头发” at second-floor Chinese restaurant: 6 complaints in the 7 days to {today.isoformat()}; usually 0, "
        "unusual above 4 "
        f"(since {(today - dt.timedelta(days=1)).isoformat()})"
    )
    assert lines[3] == "  trend (7-day windows, oldest first): 0 0 0 0 0 0 0 0 6"
    assert "  with: “头发” in food quality (6)" in lines, lines
    assert not any("二楼中餐厅" in line or "菜品质量" in line for line in lines), lines
    newest = Complaint.select(Complaint.id).order_by(Complaint.id.desc()).limit(6)
    assert f"  complaints: {', '.join(f'#{c.id}' for c in newest)}" in lines
    assert lines[-1].startswith("  complaints: "), "nothing of the program's own (a key with tabs) after it"


def test_any_past_date_and_a_wrong_one(hair_run: str, run_main: RunMain, monkeypatch, capsys, today: dt.date) -> None:
    past = (today - dt.timedelta(days=20)).isoformat()
    status, out, _ = hotspots(run_main, monkeypatch, hair_run, "office-pass-1", "--user", "office", "--at", past)
    assert (status, out) == (0, f"No active hot-spots on {past}.\n")
    coming = (today + dt.timedelta(days=1)).isoformat()
    status, out, err = hotspots(run_main, monkeypatch, hair_run, "", "--user", "office", "--at", coming)
    assert (status, out) == (2, "")
    assert err == f"main.py: error: --at {coming} is after today: its complaints are not in yet.\n"
    with pytest.raises(SystemExit) as usage:
        hotspots(run_main, monkeypatch, hair_run, "", "--user", "office", "--at", "yesterday")
    assert usage.value.code == 2
    # One line naming the option, as the commands' own refusals are (the whole usage stood above it).
    assert capsys.readouterr().err == (
        "main.py hotspots: error: argument --at: 'yesterday' is not a date; give one as YYYY-MM-DD\n"
    )


def test_only_the_office_sees_them(hair_run: str, run_main: RunMain, monkeypatch) -> None:
    status, out, err = hotspots(run_main, monkeypatch, hair_run, "desk-pass-1", "--user", "zhangwei")
    assert (status, out) == (2, "")
    assert err == "main.py: error: Only the office can see the hot-spots.\n"
