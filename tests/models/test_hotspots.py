"""Hot-spot detection on synthetic streams of complaints: what must be found and what must not, the tallies kept
up to date by the write path, the desk's question and the office's command."""

from __future__ import annotations

import datetime as dt
import functools
import random
from pathlib import Path

import pytest
from peewee import Field

from models.base import db
from models.catalog import Category, Department
from models.complaint import Complaint
from models.control.farrington import MIN_COUNT, baseline
from models.control.hotspots import (
    HotspotKey,
    active_hotspots,
    hotspot_complaints,
    hotspots_joined,
)
from models.control.phrases import phrases
from models.control.tallies import GroupKind, catch_up
from models.customer import Customer
from models.intake import Investigation, Receipt, receive, record_investigation
from models.staff import Staff

from conftest import Desk, OpenCopy, set_limits, shared_master

TODAY = dt.date.today()
DAYS = 365

HAIR = "我点的{dish}里吃出一根头发，太恶心了！"
DISHES = ("宫保鸡丁", "红烧肉", "水煮鱼", "麻婆豆腐", "扬州炒饭", "回锅肉")
FOOD = (
    "{dish}太咸了，根本没法吃。",
    "{dish}端上来是凉的。",
    "{dish}分量太少，和菜单照片不符。",
    "{dish}有股怪味，像是不新鲜。",
)
WAITING = ("等了四十分钟还没上菜。", "排队结账等了半个小时。", "叫了三次加水都没人来。", "退房排队排了很久。")
PLACES = ("二楼中餐厅", "西餐厅", "自助餐厅", "咖啡厅", "大堂", "前台")
AIRCON = "{room}房间的空调不制冷，热得睡不着。"


def category_id(code: str) -> int:
    return int(Category.get(Category.code == code).id)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth): the synthetic streams are as random as real arrivals."""
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p < limit:
            return k
        k += 1


def add(rows: list[dict[str, object]], received_by: Staff) -> None:
    """Insert complaint rows (fields by name, the others their defaults) as ``Complaint.insert_many`` would,
    with one statement executed for every row: peewee building the SQL of thousands of rows value by value
    cost the suite more than SQLite writing them."""
    for row in rows:
        row.setdefault("received_by", received_by.id)
        row.setdefault("demand", "要求处理")
    given = {name for row in rows for name in row}
    fields = [f for f in Complaint._meta.sorted_fields if f.name in given or (f.default is not None and f.name != "id")]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.param] * len(fields))

    def value(field: Field, row: dict[str, object]) -> object:
        if field.name in row:
            return field.db_value(row[field.name])
        return field.db_value(field.default() if callable(field.default) else field.default)

    with db.atomic():
        db.cursor().executemany(
            f'INSERT INTO "complaint" ({columns}) VALUES ({marks})', [[value(f, row) for f in fields] for row in rows]
        )


def at(days_ago: int, hour: int = 12, today: dt.date = TODAY) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 30))


def streams(rng: random.Random, today: dt.date = TODAY) -> list[dict[str, object]]:
    """A year of complaints ending today. Must be found: six complaints about 头发 at 二楼中餐厅 this week (菜品质量
    as a whole at its usual level), and air-conditioning in the rooms rising in the last two weeks (seasonal).
    Must not be found: a busy category at its usual level (等候时间, about six a day); a busy one going from 40 to
    44 in a week (收费/账单争议); a single rare complaint (被困 in a lift); one complaint about 空调 at 客房1208
    each week all year (a run spread over a year); a quiet category going from 0 to 2 (噪音, today)."""
    food, waiting, billing = category_id("food_quality"), category_id("waiting_time"), category_id("billing")
    facility, noise = category_id("facility_fault"), category_id("noise")
    day = functools.partial(at, today=today)
    rows: list[dict[str, object]] = []
    for days_ago in range(DAYS - 1, -1, -1):
        for _ in range(poisson(rng, 2.0)):
            dish = rng.choice(DISHES)
            rows.append(dict(received_at=day(days_ago), category=food, location=rng.choice(PLACES[:4]),
                             narrative=rng.choice(FOOD).format(dish=dish)))  # fmt: skip
        for _ in range(poisson(rng, 6.0)):
            rows.append(dict(received_at=day(days_ago, 18), category=waiting, location=rng.choice(PLACES),
                             narrative=rng.choice(WAITING)))  # fmt: skip
        week_total = 44 if days_ago < 7 else 40
        billed = week_total // 7 + (1 if days_ago % 7 < week_total % 7 else 0)
        for k in range(billed):
            text = f"结账时多收了{rng.choice(DISHES)}的钱。" if k % 2 else "发票开错了抬头。"
            rows.append(dict(received_at=day(days_ago, 20), category=billing, location="收银台", narrative=text))
        if days_ago % 7 == 3:
            rows.append(dict(received_at=day(days_ago, 22), category=facility, location="客房1208",
                             narrative=AIRCON.format(room=1208)))  # fmt: skip
        if days_ago < 14 and days_ago % 2 == 0:
            for room in (1502 + days_ago, 1703 + days_ago):
                rows.append(dict(received_at=day(days_ago, 23), category=facility, location=f"客房{room}",
                                 narrative=AIRCON.format(room=room)))  # fmt: skip
    for days_ago in (6, 5, 4, 2, 1, 0):
        rows.append(dict(received_at=day(days_ago, 13), category=food, location="二楼中餐厅",
                         narrative=HAIR.format(dish=rng.choice(DISHES))))  # fmt: skip
    rows.append(dict(received_at=day(0, 9), category=category_id("facility_fault"), location="电梯厅",
                     narrative="电梯突然停了，我们被困了二十分钟。"))  # fmt: skip
    for hour in (10, 15):
        rows.append(dict(received_at=day(0, hour), category=noise, location="客房908", narrative="隔壁装修太吵了。"))
    return rows


def add_streams(today: dt.date = TODAY) -> None:
    from models.staff import Staff

    add(streams(random.Random(13), today), Staff.get(Staff.username == "zhangwei"))
    catch_up()  # tallied once, not in every test


def streams_master(factory: pytest.TempPathFactory, seeded_database: Path, today: dt.date = TODAY) -> Path:
    """The seeded desk with a year of synthetic complaints ending ``today``, built once per run and day for the
    modules that use them (test_hotspot_desk, test_improvement, tests/ui/test_improvement_screens): a run that
    passes midnight builds the next day's for the tests that read the clock."""
    fill = functools.partial(add_streams, today)
    return shared_master(factory, f"hotspot-streams-{today.isoformat()}", seeded_database, fill)


@pytest.fixture(scope="module")
def stream_master(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    return streams_master(tmp_path_factory, seeded_database)


@pytest.fixture
def stream(open_copy: OpenCopy, stream_master: Path) -> Desk:
    open_copy(stream_master)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def keys(spots: list) -> set[tuple[str, str, str]]:
    return {(s.group.kind, s.group.scope, s.group.value) for s in spots}


def test_a_run_of_one_phrase_at_one_place_is_found_and_the_usual_is_not(stream: Desk) -> None:
    spots = active_hotspots()
    food, facility = str(category_id("food_quality")), str(category_id("facility_fault"))
    assert keys(spots) == {
        (GroupKind.PHRASE_LOCATION, "二楼中餐厅", "头发"),
        (GroupKind.PHRASE_CATEGORY, facility, "空调"),
    }
    hair = next(s for s in spots if s.group.value == "头发")
    assert hair.count == 6 and hair.judgement.window == "week"
    assert hair.since == TODAY - dt.timedelta(days=1), "unusual from the day of its fifth complaint on"
    assert hair.expected < 1 and hair.threshold < 6
    assert str(hair.reason()).startswith(f"“头发” at 二楼中餐厅: 6 complaints in the 7 days to {TODAY.isoformat()}")
    # The words of the same complaints and the wider groups it explains go with it, not apart.
    related = {(r.group.kind, r.group.scope, r.group.value) for r in hair.related}
    assert (GroupKind.PHRASE_CATEGORY, food, "头发") in related
    assert all(r.group.kind != GroupKind.CATEGORY for r in hair.related), "菜品质量 as a whole stays usual"
    # Its complaints, newest first: what a click opens in the register.
    complaints = hotspot_complaints(*hair.group.key, hair.judgement.first_day, hair.judgement.last_day)
    narratives = [Complaint.get_by_id(i).narrative for i in complaints]
    assert len(complaints) == 6 and complaints == sorted(complaints, reverse=True)
    assert all("头发" in text for text in narratives)
    aircon = next(s for s in spots if s.group.value == "空调")
    assert aircon.group.scope_name == "设施设备故障" and aircon.count >= 14


def test_nothing_usual_is_a_hot_spot(stream: Desk) -> None:
    """The streams that must not be found, each by its group: none of them is a hot-spot or goes with one."""
    spots = active_hotspots()
    everything = keys(spots) | {(r.group.kind, r.group.scope, r.group.value) for s in spots for r in s.related}
    for code in ("waiting_time", "billing", "noise"):
        assert (GroupKind.CATEGORY, "", str(category_id(code))) not in everything, code
    assert not [k for k in everything if k[1] in ("客房1208", "电梯厅", "客房908", "收银台")]
    assert not [k for k in everything if k[2] in ("被困", "电梯", "装修", "发票")]


def test_any_past_date_is_judged_as_it_was(stream: Desk) -> None:
    assert active_hotspots(TODAY - dt.timedelta(days=20)) == []
    earlier = active_hotspots(TODAY - dt.timedelta(days=1))
    hair = next(s for s in earlier if s.group.value == "头发")
    assert hair.count == 5 and hair.key == HotspotKey("phrase_location", "二楼中餐厅", "头发", hair.since)
    assert hair.key == next(s for s in active_hotspots() if s.group.value == "头发").key, "a stable identity"


def test_a_new_complaint_at_the_desk_joins_the_hot_spot(stream: Desk) -> None:
    spot = next(s for s in active_hotspots() if s.group.value == "头发")
    manager = set_limits(stream.manager, "200", "300")
    case = receive(manager, receipt("我点的红烧肉里又吃出头发了！"))
    [match, *_] = hotspots_joined(case.id)
    assert match.key == spot.key and match.judgement.count == 7
    assert str(match.message()).startswith(f"Complaint no. 7 in the 7 days to {TODAY.isoformat()} “头发” at 二楼中餐厅")
    elsewhere = receive(manager, receipt("红烧肉太咸了。", location="西餐厅"))
    assert [m.group.kind for m in hotspots_joined(elsewhere.id)] == [], "a usual complaint joins nothing"


def receipt(narrative: str, location: str = "二楼中餐厅") -> Receipt:
    return Receipt(
        customer_name="刘先生", phone="", location=location, moved_to_private=True, narrative=narrative,
        category_id=category_id("food_quality"), severity="medium", demand="道歉", acknowledged=True,
        promised_minutes=15,
    )  # fmt: skip


def tallies() -> list[tuple[object, ...]]:
    from models.base import db

    return db.execute_sql(
        "SELECT g.kind, g.scope, g.value, t.day, t.n FROM hotspot_tally t JOIN hotspot_group g ON g.id = t.group_id "
        "ORDER BY 1, 2, 3, 4"
    ).fetchall()


def test_the_tallies_follow_every_change_as_a_rebuild_would(seeded: Desk) -> None:
    from models.base import db

    manager = set_limits(seeded.manager, "200", "300")
    first = receive(manager, receipt("宫保鸡丁里吃出头发。"))
    assert catch_up() == 1
    receive(manager, receipt("水煮鱼里有头发，服务员态度很差。", location="西餐厅"), first)  # the receipt edited
    kitchen = Department.get(Department.code == "kitchen")
    record_investigation(manager, first, Investigation("属实。", kitchen.id, "厨师小李", "full"))
    receive(manager, receipt("空调不制冷。"))
    assert db.execute_sql("SELECT count(*) FROM hotspot_change").fetchone() == (4,), "two changes, old and new"
    assert catch_up() == 1, "the new complaint read once; the changes from the queue"
    incremental = tallies()
    assert ("phrase_location", "西餐厅", "水煮鱼", TODAY.toordinal(), 1) in incremental
    assert not [row for row in incremental if row[1] == "二楼中餐厅" and row[2] == "宫保鸡丁"], "the old values left"
    assert ("staff", "", "厨师小李", TODAY.toordinal(), 1) in incremental
    db.execute_sql("UPDATE hotspot_state SET rules = ''")  # as after a change of the phrase rules
    assert catch_up() == 2
    assert tallies() == incremental


def test_a_raw_write_is_tallied_as_well(seeded: Desk) -> None:
    add([dict(received_at=at(0), category=category_id("noise"), location="客房908", narrative="隔壁装修太吵了。")],
        seeded.manager)  # fmt: skip
    catch_up()
    from models.base import db

    db.execute_sql("UPDATE complaint SET location = '客房909'")
    catch_up()
    assert {row[1] for row in tallies() if row[0] == "phrase_location"} == {"客房909"}


def test_the_method_on_count_streams() -> None:
    """The figures of the issue: a quiet group going from 0 to 2 and a busy one from 40 to 44 are usual, five
    against nothing is not, a past run does not hide a new one."""
    assert not baseline([0] * 8).alarms(2) and baseline([0] * 8).alarms(MIN_COUNT)
    assert not baseline([40, 38, 42, 41, 39, 40, 43, 37]).alarms(44)
    assert baseline([40, 38, 42, 41, 39, 40, 43, 37]).alarms(70)
    assert not baseline([1] * 8).alarms(MIN_COUNT - 1), "below the minimum count, however unusual"
    assert baseline([0, 9, 0, 0, 0, 0, 0, 0]).alarms(MIN_COUNT), "a past run does not hide a new one"


def test_a_problem_that_stays_high_stays_a_hot_spot_for_months() -> None:
    """Noise at one floor went from about 4 a month to 60 and stayed (review 98): two months on, the window in which
    it began (24) looked usual beside the 60s, and its spread put the threshold at 56, so 50 complaints in 28 days
    were "usual" and the hot-spot was gone. A rise going on is weighed until the usual windows settle; a past
    outbreak among usual windows is weighed once, as before."""
    two_months_on = [57.6, 24.2, 1.1, 7.6, 5.4, 4.4, 4.5, 4.3]  # newest first
    assert baseline(two_months_on).alarms(50) and baseline(two_months_on).threshold < 20
    three_months_on = [51.9, 59.6, 16.1, 1.2, 6.5, 6.7, 4.4, 3.5]
    assert baseline(three_months_on).alarms(47)
    # Half the windows high: the new level is the group's normal now, as Farrington's method has it.
    assert not baseline([59.6, 46.6, 58.2, 40.7, 2.3, 4.7, 5.3, 6.5]).alarms(58)
    # Spikes long past, apart: weighed once (weighed again and again, chance clusters rose in the demo).
    assert baseline([4, 13, 3, 5, 4, 12, 4, 3]).threshold == baseline_once([4, 13, 3, 5, 4, 12, 4, 3])


def baseline_once(counts: list[float]) -> int:
    """Farrington's threshold with the windows weighed once (the method before a rise going on was weighed on)."""
    from models.control import farrington

    n = len(counts)
    mu, phi = farrington._fit(tuple(counts), (1.0,) * n)
    weights = farrington._weights(tuple(counts), mu, phi)
    if weights is not None:
        mu, _ = farrington._fit(tuple(counts), weights)
        usual = [y for y, w in zip(counts, weights, strict=True) if w == 1.0]
        phi = farrington._dispersion(usual, mu) if len(usual) > 1 else 1.0
    return farrington.quantile(*farrington.predictive(mu, phi, n))


def test_phrases_say_what_went_wrong() -> None:
    found = phrases("你们服务员一下都不理我，我点的宫保鸡丁里吃出一根头发！太让人失望了。今天中午十二点")
    assert "头发" in found
    assert not {"你们", "服务员", "一下", "一根", "失望", "今天", "中午", "十二点"} & set(found)
    assert phrases("房间的WiFi连不上，等了四十五分钟") == ("wifi", "连不上")
    assert phrases("") == ()


def test_a_complaint_taking_a_deleted_ones_id_is_tallied(seeded: Desk) -> None:
    """SQLite gives the id of a deleted newest row again, below the catch-up's mark."""
    from models.base import db

    add([dict(received_at=at(0), category=category_id("noise"), location="客房908", narrative="隔壁装修太吵了。")],
        seeded.manager)  # fmt: skip
    catch_up()
    db.execute_sql("DELETE FROM complaint")
    add([dict(received_at=at(0), category=category_id("noise"), location="客房909", narrative="楼上装修太吵了。")],
        seeded.manager)  # fmt: skip
    catch_up()
    assert {row[1] for row in tallies() if row[0] == "phrase_location"} == {"客房909"}
    assert {row[2] for row in tallies() if row[0] == "phrase_location"} == {"楼上", "装修"}


def test_of_the_words_of_the_same_complaints_the_rarest_names_the_hot_spot(seeded: Desk) -> None:
    """A run at the buffet says 蟑螂 and 桌子 alike; 桌子 is said all year everywhere, so 蟑螂 is the problem."""
    food, waiting = category_id("food_quality"), category_id("waiting_time")
    rng = random.Random(5)
    rows: list[dict[str, object]] = []
    for days_ago in range(DAYS - 1, -1, -1):  # the usual: 桌子 said all year in other places
        for _ in range(poisson(rng, 3.0)):
            rows.append(dict(received_at=at(days_ago, 18), category=waiting, location=rng.choice(("西餐厅", "大堂")),
                             narrative="等了半小时还没有桌子，也没人安排。"))  # fmt: skip
    for days_ago in (6, 5, 4, 3, 2, 1, 0):
        rows.append(dict(received_at=at(days_ago, 13), category=food, location="自助餐厅",
                         narrative="吃饭的时候看见蟑螂从桌子爬过去。"))  # fmt: skip
    add(rows, seeded.manager)
    at_buffet = [s for s in active_hotspots() if s.group.scope == "自助餐厅"]
    assert at_buffet and at_buffet[0].group.value == "蟑螂"


def test_a_phrase_that_is_its_category_s_name_is_not_listed_beside_a_hot_spot() -> None:
    """“卫生” in 卫生 (or 异物 in 食品安全/异物) says no more than the category: a demo's hot-spot of rats at 行政酒廊
    once listed it among the groups rising with it."""
    from models.control.farrington import Baseline
    from models.control.hotspots import Group, Judgement, Window, _merged

    def judged(count: int) -> Judgement:
        return Judgement(Window.WEEK, TODAY - dt.timedelta(days=6), TODAY, count, Baseline(0.2, 1.0, 2, 8), (0, count))

    lead = Group(GroupKind.PHRASE_LOCATION, "行政酒廊", "老鼠", "老鼠", "行政酒廊")
    rats = Group(GroupKind.PHRASE_CATEGORY, "7", "老鼠", "老鼠", "卫生", "", "Cleanliness")
    echo = Group(GroupKind.PHRASE_CATEGORY, "7", "卫生", "卫生", "卫生", "", "Cleanliness")
    part = Group(GroupKind.PHRASE_CATEGORY, "9", "异物", "异物", "食品安全/异物", "", "Food safety")
    said = Group(GroupKind.PHRASE_LOCATION, "行政酒廊", "卫生", "卫生", "行政酒廊")
    counts = ((lead, 7), (said, 7), (rats, 8), (echo, 8), (part, 8))
    spots = {spot.group: spot for spot in _merged([(group, judged(n), TODAY, False) for group, n in counts])}
    assert set(spots) == {lead, part}, "an echo leading a hot-spot of its own stays: only the lists leave it out"
    assert [r.group for r in spots[lead].related] == [said, rats]


def test_a_hot_spot_is_named_by_what_clearly_most_of_its_complaints_say() -> None:
    """"“飞机” at 前台: 8 complaints" over a queue at checkout that 16 complaints called "退房" and 15 "窗口" (the
    rarest word is the most surprising), and named by another of them every few days."""
    from models.control.farrington import Baseline
    from models.control.hotspots import Group, Judgement, Window, _merged

    def judged(count: int, expected: float) -> Judgement:
        baseline = Baseline(expected, 1.0, 2, 8)
        return Judgement(Window.WEEK, TODAY - dt.timedelta(days=6), TODAY, count, baseline, (0, count))

    def phrase(word: str, place: str = "前台") -> Group:
        return Group(GroupKind.PHRASE_LOCATION, place, word, word, place)

    plane, checkout, window = phrase("飞机"), phrase("退房"), phrase("窗口")
    found = [(plane, judged(8, 0.1)), (checkout, judged(16, 3.3)), (window, judged(15, 3.0))]
    assert found[0][1].surprise < found[1][1].surprise, "the side word is the most surprising"
    (spot,) = _merged([(group, judgement, TODAY, False) for group, judgement in found])
    assert spot.group == checkout and spot.key.value == "退房" and spot.count == 16
    assert [r.group for r in spot.related] == [plane, window]
    # A few more complaints are not "clearly most": a noun that leads stays before a word said a little more.
    roach, eating = phrase("蟑螂", "自助餐厅"), phrase("吃饭", "自助餐厅")
    (spot,) = _merged([(roach, judged(11, 0.5), TODAY, False), (eating, judged(13, 1.9), TODAY, False)])
    assert spot.group == roach and [r.group for r in spot.related] == [eating]


def test_a_location_is_named_in_english_where_the_catalogue_has_its_english_name(defaults: object) -> None:
    """"Hot-spot: “窗口” at 前台" on an English screen, though the catalogue says 前台 | Front desk: a location (a
    group's own, or its scope) has the catalogue's English name; the phrase stays the customers' words."""
    from models.catalog import Location
    from models.control.hotspots import named_group

    Location.create(code="lounge_old", name="行政酒廊", name_en="Executive lounge", active=False)
    Location.create(code="lounge_new", name="行政酒廊", name_en="Club lounge", sort_order=99)
    food = str(Category.get(Category.code == "food_quality").id)
    assert Location.get(Location.name == "前台").name_en == "Front desk"
    phrase = named_group(GroupKind.PHRASE_LOCATION, "前台", "窗口")
    assert (phrase.name, phrase.name_en, phrase.scope_name, phrase.scope_name_en) == ("窗口", "", "前台", "Front desk")
    place = named_group(GroupKind.LOCATION, "", "前台")
    assert (place.name, place.name_en) == ("前台", "Front desk")
    both = named_group(GroupKind.CATEGORY_LOCATION, "前台", food)
    assert (both.name_en, both.scope_name, both.scope_name_en) == ("Food quality", "前台", "Front desk")
    assert named_group(GroupKind.LOCATION, "", "行政酒廊").name_en == "Club lounge", "the active entry's name"
    unknown = named_group(GroupKind.PHRASE_LOCATION, "三楼茶室", "窗口")
    assert (unknown.scope_name, unknown.scope_name_en) == ("三楼茶室", ""), "no English name: the location as typed"


@pytest.mark.parametrize("customers", [1, 2, 4])
def test_one_customer_s_complaints_again_and_again_make_no_hot_spot(stream: Desk, customers: int) -> None:
    """A guest who called the desk six times one evening about the dripping air conditioning made two hot-spots
    (滴水 at 五楼客房, and the whole category) for one voice: a hot-spot needs its window's complaints from five
    customers or more (a complaint of no known customer counts as one)."""
    callers = [Customer.create(name=f"王先生{n}", phone=f"1390000000{n}").id for n in range(customers)]
    rows = [dict(received_at=at(0, 18 + n // 3), category=category_id("facility_fault"), location="五楼客房",
                 narrative="空调滴水，吵得睡不着", customer=callers[n % customers]) for n in range(6)]  # fmt: skip
    add(rows, stream.manager)
    spots = active_hotspots()
    everything = keys(spots) | {(r.group.kind, r.group.scope, r.group.value) for s in spots for r in s.related}
    assert not [k for k in everything if "五楼客房" in k or "滴水" in k]
    # The same six from six guests, or with no customer named (each one of its own): a problem coming back.
    add([dict(row, customer=None, received_at=at(0, 21)) for row in rows[:5]], stream.manager)
    spots = active_hotspots()
    assert [s for s in spots if s.group.scope == "五楼客房" or s.group.value == "五楼客房"]
