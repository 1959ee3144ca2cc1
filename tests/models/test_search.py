"""Text search and the register's filters: Chinese substrings of any length,
special characters taken literally, and an index that follows every change."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import shutil
import sqlite3
import string
from contextlib import closing
from pathlib import Path

import pytest

from models.archive import amend
from models.base import db, is_postgresql
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, Liability, shown_number
from models.customer import Customer
from models.database import open_database
from models.intake import (
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    close,
    escalate,
    propose,
    receive,
    record_consent,
    record_investigation,
)
from models.register import register_rows
from models.search import (
    ARCHIVE_NUMBER,
    CASE_NUMBER,
    FULL_ARCHIVE_NUMBER,
    Filters,
    count,
    hides_in_phones,
    matching,
    page,
    search_text,
    search_words,
)
from models.staff import Staff

from conftest import Desk, on_server, set_limits


@pytest.fixture
def staff(seeded: Desk) -> tuple[Staff, Staff]:
    return set_limits(seeded.manager, "500", "100000"), seeded.office


RELEASED_SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "schema_0001.db"


def new_case(
    manager: Staff,
    narrative: str,
    phone: str = "",
    name: str = "",
    category: str = "food_quality",
    demand: str = "要求道歉",
) -> Complaint:
    return receive(
        manager,
        Receipt(
            customer_name=name,
            phone=phone,
            narrative=narrative,
            category_id=Category.get(Category.code == category).id,
            demand=demand,
            acknowledged=True,
        ),
    )


def found(text: str, **filters: object) -> list[int]:
    return page(Filters(text=text, **filters), limit=1000)


def test_a_phrase_is_found_where_it_stands_not_where_its_trigrams_are(staff: tuple[Staff, Staff]) -> None:
    """The trigram index holds no positions: it lists the complaints holding every trigram of the phrase,
    and each is tested against its texts (ASCII letters in either case, as LIKE compares them)."""
    manager, _ = staff
    scattered = new_case(manager, "甲乙丙，然后乙丙丁", demand="要求道歉")
    whole = new_case(manager, "其实是甲乙丙丁四个字", demand="要求道歉")
    across = new_case(manager, "这件事说到底甲乙丙", demand="丁戊己")
    ascii_case = new_case(manager, "The WiFi password was WRONG", demand="要求道歉")
    accented = new_case(manager, "Le CAFÉ était froid", demand="要求道歉")
    assert found("甲乙丙丁") == [whole.id], "trigrams apart, or in two texts, are no phrase"
    assert found("甲乙丙") == [across.id, whole.id, scattered.id]
    assert found("乙丙丁") == [whole.id, scattered.id]
    assert found("wifi password") == [ascii_case.id] and found("WIFI PASSWORD WAS WRONG") == [ascii_case.id]
    assert found("CAFÉ") == [accented.id] and found("café") == [], "LIKE folds ASCII letters only"
    assert found("AFÉ") == [accented.id] and found("afé") == [] and found("Afé") == [], "three with a cased letter"
    assert count(Filters(text="甲乙丙丁"), cap=10) == 1 and count(Filters(text="甲乙丙")) == 3
    assert page(Filters(text="甲乙丙", states=("received",))) == [across.id, whole.id, scattered.id]


def test_chinese_substrings_of_two_three_and_five_characters(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    hair = new_case(manager, "我在菜里吃出异物，是一根头发")
    slow = new_case(manager, "上菜太慢，等了四十分钟")
    assert found("异物") == [hair.id]
    assert found("吃出异") == [hair.id]
    assert found("吃出异物，") == [hair.id]
    assert found("四十分钟") == [slow.id]
    assert found("菜") == [slow.id, hair.id], "newest first"
    assert found("海鲜") == []
    assert count(Filters(text="异物")) == 1


def test_search_covers_findings_customer_phone_and_archive_number(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "房间空调不制冷", phone="13812345678", name="刘建国", category="facility_fault")
    record_investigation(
        manager,
        case,
        Investigation(
            "工程部检查发现压缩机故障", Department.get(Department.code == "engineering").id, "", Liability.FULL
        ),
    )
    propose(manager, case, [Line(Remedy.get(Remedy.code == "room_upgrade").id, "200")])
    record_consent(manager, case, Consent("accepted", witness="小王"))
    case = close(manager, case, Closing())
    assert found("压缩机") == [case.id]
    assert found("刘建国") == [case.id]
    assert found("5678") == [case.id]
    assert found(case.archive_number) == [case.id]
    assert found(case.archive_number[-6:]) == [case.id]


@pytest.mark.parametrize(
    "text", ['"', '"异物', "异物*", "NEAR(异物 头发)", "50%", "a_b", "'; DROP TABLE complaint; --", "%", "_"]
)
def test_special_characters_are_plain_text(staff: tuple[Staff, Staff], text: str) -> None:
    manager, _ = staff
    new_case(manager, "普通的投诉，没有特殊字符")
    literal = new_case(manager, f"顾客原话：{text} 就是这样")
    assert found(text) == [literal.id]
    assert Complaint.select().count() == 2


def test_the_index_follows_edits_customers_amendments_and_deletes(staff: tuple[Staff, Staff]) -> None:
    manager, office = staff
    case = new_case(manager, "电梯故障被困十分钟", phone="13900001111", name="王女士", category="facility_fault")
    assert found("被困") == [case.id]
    receive(
        manager,
        Receipt(
            customer_name="王女士",
            phone="13900001111",
            narrative="扶梯突然停止",
            demand="要求说法",
            category_id=case.category_id,
            acknowledged=True,
        ),
        complaint=case,
    )
    assert found("被困") == [] and found("扶梯突然") == [case.id]
    Customer.update(name="王秀英").where(Customer.id == case.customer_id).execute()
    assert found("王秀英") == [case.id] and found("王女士") == []

    record_investigation(
        manager,
        case,
        Investigation("维保记录显示逾期", Department.get(Department.code == "engineering").id, "", "full"),
    )
    escalate(manager, case, [], "顾客要求赔偿误机损失，超出权限，请办公室处理。")
    assert found("维保记录") == [case.id]

    closed = new_case(manager, "退房时押金没有退")
    record_investigation(
        manager, closed, Investigation("属实", Department.get(Department.code == "finance").id, "", "full")
    )
    propose(manager, closed, [Line(Remedy.get(Remedy.code == "refund").id, "100")])
    record_consent(manager, closed, Consent("accepted", witness="小王"))
    closed = close(manager, closed, Closing())
    amend(office, closed.archive_number, "补充说明", {"other": "押金已原路退回"})
    assert found("押金没有") == [closed.id]

    # A draft that never got an audit event (history keeps the others) can be removed.
    draft = Complaint.create(narrative="误建的草稿记录", received_by=manager)
    assert found("误建的") == [draft.id]
    Complaint.delete().where(Complaint.id == draft.id).execute()
    assert found("误建的") == []


def test_filters_and_sorting(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    first = new_case(manager, "第一件", category="noise")
    second = new_case(manager, "第二件", category="hygiene")
    Complaint.update(promised_at=dt.datetime.now() - dt.timedelta(hours=1)).where(Complaint.id == first.id).execute()
    noise = Category.get(Category.code == "noise").id
    assert page(Filters(category_id=noise)) == [first.id]
    assert page(Filters(overdue_only=True)) == [first.id]
    assert page(Filters(states=("received",))) == [second.id, first.id]
    assert page(Filters(), sort="number", descending=False) == [first.id, second.id]
    assert page(Filters(), sort="category", descending=False)[0] == min((first, second), key=lambda c: c.category_id).id
    assert page(Filters(received_from=dt.date.today() + dt.timedelta(days=1))) == []
    assert page(Filters(), offset=1, limit=1) == [first.id]


def test_the_number_orders_archive_numbers_as_they_read_and_open_cases_by_theirs(staff: tuple[Staff, Staff]) -> None:
    """A case's archive number comes when it is closed: the case received first may be sealed last."""
    manager, _ = staff
    first, still_open, third = (new_case(manager, f"噪音第{n}件") for n in "一二三")
    for case in (third, first):  # the third is closed first: TS-…-000001
        record_investigation(
            manager, case, Investigation("属实", Department.get(Department.code == "finance").id, "", "full")
        )
        propose(manager, case, [Line(Remedy.get(Remedy.code == "refund").id, "10")])
        record_consent(manager, case, Consent("accepted", witness="小王"))
        close(manager, case, Closing())
    numbers = {c.id: c.archive_number for c in Complaint.select()}
    assert numbers[third.id] < numbers[first.id] and numbers[still_open.id] is None
    # The cases not sealed yet where the index keeps them: before the numbers on SQLite, after them on a server.
    sealed = [third.id, first.id]
    ascending = [*sealed, still_open.id] if is_postgresql() else [still_open.id, *sealed]
    for filters in (Filters(), Filters(text="噪音"), Filters(category_id=first.category_id)):
        assert page(filters, sort="number", descending=False) == ascending, filters
        assert page(filters, sort="number", descending=True) == ascending[::-1], filters
        assert page(filters, sort="number", descending=True, offset=1, limit=1) == [ascending[-2]]


def test_a_complaint_received_by_letter_and_entered_later_stands_at_its_date(staff: tuple[Staff, Staff]) -> None:
    """A text search streamed its matches in the order they were entered: a letter of three weeks ago, entered
    today, led the list sorted by the date received."""
    manager, _ = staff
    earlier, later = new_case(manager, "房间空调不制冷"), new_case(manager, "房间有异味")
    letter = receive(
        manager,
        Receipt(
            narrative="来信：上月入住时房间很吵",
            category_id=Category.get(Category.code == "noise").id,
            demand="要求道歉",
            acknowledged=True,
            channel="letter",
            received_at=dt.datetime.now() - dt.timedelta(days=20),
        ),
    )
    assert letter.id > later.id
    assert page(Filters(text="房间")) == [later.id, earlier.id, letter.id]
    assert page(Filters(text="房间"), descending=False) == [letter.id, earlier.id, later.id]
    assert page(Filters(text="房间"), offset=2, limit=1) == [letter.id]


def test_a_text_search_pages_newest_first(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    ids = [new_case(manager, f"第{n}次：菜里有一根头发").id for n in range(5)]
    new_case(manager, "别的投诉")
    assert page(Filters(text="一根头发"), limit=2) == ids[::-1][:2]
    assert page(Filters(text="一根头发"), offset=2, limit=10) == ids[::-1][2:]
    assert page(Filters(text="一根头发"), descending=False) == ids
    assert page(Filters(text="一根头发"), sort="category") == ids[::-1], "other orders take the general path"
    assert count(Filters(text="一根头发"), cap=3) == 3


# Typed or pasted the way people do: two spaces, a tab, a line separator (U+2028),
# a zero-width space (U+200B), a no-break space, an ideographic space.
TYPED = "顾客说：宫保鸡丁  太咸了\t服务员\u2028态度\u200b冷淡\u00a0不理人\u3000要求退菜"
DEMAND = "要求  经理\u00a0当面\t道歉"


def test_a_complaint_is_found_by_its_own_text_as_typed(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    other = new_case(manager, "宫保鸡丁太咸了，服务员态度冷淡")
    case = new_case(manager, TYPED, demand=DEMAND)
    assert Complaint.get_by_id(case.id).narrative == TYPED.replace("\u200b", ""), "kept as typed"
    assert found(TYPED) == [case.id]
    assert found("宫保鸡丁 太咸了 服务员 态度冷淡 不理人 要求退菜") == [case.id]
    assert found("  宫保鸡丁 \t\u2028太咸了 ") == [case.id, other.id], "each word: the other holds both too"
    assert found("服务员\u00a0态度") == [case.id, other.id], "no-break space typed in the query: two words"
    assert found("态度冷淡 不理人") == [case.id], "the zero-width space is not a gap"
    assert found("态度\u200b冷淡\u00a0不理人") == [case.id]
    assert found("服务员态度冷淡") == [other.id]
    assert count(Filters(text=TYPED)) == 1


def test_the_demand_is_searchable(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "房间有异味", demand=DEMAND)
    new_case(manager, "上菜太慢")
    assert found(DEMAND) == [case.id]
    assert found("经理 当面 道歉") == [case.id]
    assert found("经理") == [case.id], "two characters: the short-text path"
    assert found("要求 经理") == [case.id]


@pytest.mark.parametrize(
    "query",
    ["宫保\x00鸡丁", "宫保鸡丁\x1b", "\x07\x08宫保\x7f鸡丁", "宫保\u200e鸡丁\ufeff", "宫\x00保", "\x00", "\x00\x00"],
)
def test_control_characters_in_a_query_are_dropped(staff: tuple[Staff, Staff], query: str) -> None:
    manager, _ = staff
    other = new_case(manager, "上菜太慢")
    case = new_case(manager, "我点的宫保鸡丁里有头发")
    expected = [case.id] if "宫" in query else [case.id, other.id]  # nothing left: no text filter
    assert found(query) == expected
    assert count(Filters(text=query)) == len(expected)


def test_the_index_holds_what_a_query_is_matched_as(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "  " + TYPED + "\n\n", phone="13812345678", name="刘\u3000建国", demand=DEMAND)
    indexed = "complaint_search_text WHERE id" if is_postgresql() else "complaint_search WHERE rowid"
    row = db.execute_sql(f"SELECT narrative, demand, customer FROM {indexed} = ?", (case.id,)).fetchone()
    assert row == (search_text(TYPED), search_text(DEMAND), "刘 建国 13812345678")
    kept = db.execute_sql("SELECT narrative, findings, customer FROM search_kept_text WHERE id = ?", (case.id,))
    assert kept.fetchone() == (search_text(TYPED), None, "刘 建国 13812345678"), "kept where not as typed"
    Customer.update(name="刘\t\t先生").where(Customer.id == case.customer_id).execute()
    assert found("刘 先生") == [case.id]
    Customer.update(name="刘先生").where(Customer.id == case.customer_id).execute()
    kept = db.execute_sql("SELECT customer FROM search_kept_text WHERE id = ?", (case.id,))
    assert kept.fetchone() == (None,) and found("刘先生 138") == [case.id]
    in_step()


def test_an_upgraded_database_finds_old_complaints_by_normalised_text_and_demand(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(RELEASED_SCHEMA, copy)
    with sqlite3.connect(copy) as raw:
        first, second = (row[0] for row in raw.execute("SELECT id FROM complaint ORDER BY id LIMIT 2"))
        (third,) = raw.execute("SELECT max(id) FROM complaint WHERE archive_number IS NULL").fetchone()
        raw.execute("UPDATE complaint SET narrative = ?, demand = ? WHERE id = ?", (TYPED, DEMAND, first))
        raw.execute("UPDATE complaint SET narrative = ? WHERE id = ?", ("旧系统\x01粘贴的\u200b文字  有\t空格", second))
        raw.execute("UPDATE complaint SET narrative = ? WHERE id = ?", ("控制\x02字符", third))
    database = open_database(str(copy))
    try:
        assert found("宫保鸡丁 太咸了 服务员") == [first]
        assert first in found("经理 当面 道歉")
        assert found("旧系统粘贴的文字 有 空格") == [second]
        assert found("空格") == [second]
        # The index holds the normalised texts, kept apart where they differ from the complaint's own (0014);
        # 0010 normalised by its full rule, which drops \x02 where the triggers' SQL keeps it.
        kept = db.execute_sql("SELECT id, narrative FROM search_kept_text ORDER BY id").fetchall()
        assert kept == [(first, search_text(TYPED)), (second, "旧系统粘贴的文字 有 空格"), (third, "控制字符")]
        assert found("控制字符") == [third]
        in_step()
        Complaint.update(narrative="重新录入的文字").where(Complaint.id == third).execute()
        kept = db.execute_sql("SELECT id FROM search_kept_text ORDER BY id").fetchall()
        assert kept == [(first,), (second,)], "an edit indexes the complaint anew"
        assert found("控制字符") == [] and found("新录入") == [third]
        in_step()
    finally:
        database.close()


def in_step() -> None:
    """FTS5's own check: the trigram index holds exactly the texts its view shows. On a server: each
    complaint's row of complaint_search holds exactly what its texts (as the view shows them, each its
    own normalised) and its archive number make, and no other row is there."""
    if not is_postgresql():
        db.execute_sql("INSERT INTO complaint_search (complaint_search) VALUES ('integrity-check')")
        return
    own = {
        row_id: [search_text(text) if text is not None else None for text in (narrative, findings, demand)]
        + [search_text(f"{name} {phone}") if name is not None else ""]
        for row_id, narrative, findings, demand, name, phone in db.execute_sql(
            "SELECT c.id, c.narrative, c.findings, c.demand, u.name, u.phone FROM complaint c "
            "LEFT JOIN customer u ON u.id = c.customer_id"
        )
    }
    shown = {row_id: texts for row_id, *texts in db.execute_sql("SELECT * FROM complaint_search_text")}
    assert shown == own, "the view shows each text normalised"
    expected = {}
    for row_id, number in db.execute_sql("SELECT id, archive_number FROM complaint"):
        doc = "\x01".join(text or "" for text in shown[row_id]).translate(ASCII_LOWER)
        # Each character, each pair but those holding the separator (never asked for).
        grams = {doc[i : i + n] for n in (1, 2) for i in range(len(doc) - n + 1)} - {"\x01" + c for c in doc}
        grams -= {c + "\x01" for c in doc}
        expected[row_id] = (doc, grams, set(archive_pairs(number)))
    rows = db.execute_sql(
        "SELECT s.id, s.doc, desk_search_grams(s.doc), desk_search_number_grams(s.number), s.number, "
        "c.archive_number FROM complaint_search s JOIN complaint c ON c.id = s.id"
    ).fetchall()
    upper = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    numbers = {row_id: (number, archive_number) for row_id, *_, number, archive_number in rows}
    assert all(n == (a.translate(upper) if a is not None else None) for n, a in numbers.values()), "its number"
    indexed = {row_id: (doc, set(grams), set(numbers or ())) for row_id, doc, grams, numbers, *_ in rows}
    assert indexed == expected
    assert len(rows) == len(expected)


def archive_pairs(number: str | None) -> list[str]:
    """The tokens of an archive number's pairs ("00TS", "01S-", ...; on a server with "#" before each)."""
    pairs = ((place, (number or "")[place : place + 2].upper()) for place in range(len(number or "") - 1))
    return [f"#{place:02d}{pair}" for place, pair in pairs if ARCHIVE_PAIR.match(pair)]


def test_the_index_triggers_normalise_as_a_query_is_normalised(database: object) -> None:
    """The triggers' SQL and search_text agree on every text the intake stores."""
    import importlib.util
    import random

    path = Path(__file__).resolve().parents[2] / "models" / "migrations" / "0010_search_normalised.py"
    spec = importlib.util.spec_from_file_location("migration_0010", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    sql = "SELECT " + migration.normalised("t.v") + " FROM (SELECT ? AS v) t"
    alphabet = ["a", "宫", "。", " ", "\t", "\n", "\u00a0", "\u2028", "\u2029", "\u3000", "\u2009", "\u202f", "\u200b"]
    if on_server():  # the full rule (migrations/postgresql/search.py): every control and format character too
        sql = "SELECT desk_search_text(CAST(? AS text))"
        alphabet += ["\x01", "\x1b", "\x1f", "\x7f", "\x85", "\xad", "\u2066", "\ufeff", "\U000e0041", "É"]
    generator = random.Random(9)
    for _ in range(300):
        text = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        assert database.execute_sql(sql, (text,)).fetchone()[0] == search_text(text), repr(text)
    assert database.execute_sql(sql, (None,)).fetchone()[0] is None


# One and two characters: complaint_grams and complaint_number_grams (migration 0012), the answers LIKE gave.


def test_one_and_two_characters_find_chinese_ascii_digits_and_punctuation(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    fish = new_case(manager, "鱼汤里有沙子，WiFi密码错了！房间号1208", demand="退款50%")
    soup = new_case(manager, "汤太咸", demand="换一份")
    assert found("汤") == [soup.id, fish.id]
    assert found("鱼汤") == [fish.id]
    assert found("沙") == [fish.id] and found("沙子") == [fish.id]
    assert found("wi") == [fish.id] and found("FI") == [fish.id] and found("f") == [fish.id], "ASCII case folds"
    assert found("Wf") == [], "only neighbours make a pair"
    assert found("12") == [fish.id] and found("08") == [fish.id] and found("8") == [fish.id]
    assert found("，") == [fish.id] and found("了！") == [fish.id] and found("！房") == [fish.id]
    assert found("0%") == [fish.id] and found("%") == [fish.id] and found("_") == []
    assert found("换") == [soup.id] and found("一份") == [soup.id], "the demand too"
    assert found("鲨") == [] and found("沙鱼") == []
    assert count(Filters(text="汤")) == 2 and count(Filters(text="汤"), cap=1) == 1
    assert page(Filters(text="汤"), descending=False) == [fish.id, soup.id]
    assert page(Filters(text="汤"), offset=1) == [fish.id]
    assert page(Filters(text="汤"), sort="category") == [soup.id, fish.id], "one category: newest first"
    states = ("received",)
    assert page(Filters(text="汤", states=states)) == [soup.id, fish.id], "with a filter: the general path"
    assert count(Filters(text="鱼汤", states=states), cap=10) == 1


@pytest.mark.parametrize("text", ['"', "'", "*", "^", ":", "(", "-", "+", "\\", "a'", '"a', "OR", "-1", "A*"])
def test_short_special_texts_are_plain_text(staff: tuple[Staff, Staff], text: str) -> None:
    manager, _ = staff
    new_case(manager, "普通的投诉，没有特殊字符")
    literal = new_case(manager, f"顾客原话：{text}就是这样")
    assert found(text) == [literal.id]
    assert count(Filters(text=text), cap=100) == 1


def test_a_pair_never_spans_two_texts(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "房间里有蟑螂甲", phone="13812345678", name="刘乙", demand="乙方赔偿")
    record_investigation(
        manager,
        case,
        Investigation("丙属实", Department.get(Department.code == "housekeeping").id, "", Liability.FULL),
    )
    assert found("螂甲") == [case.id] and found("乙方") == [case.id] and found("丙属") == [case.id]
    assert found("甲乙") == [] and found("甲丙") == [] and found("偿丙") == [], "one text's end, another's start"
    assert found("刘乙") == [case.id] and found("乙1") == [] and found("78") == [case.id]


def test_the_customer_is_found_by_one_or_two_characters_and_follows_a_rename(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "空调不制冷", phone="13812345678", name="欧阳")
    other = new_case(manager, "空调太吵", phone="13900001111", name="王芳")
    assert found("欧") == [case.id] and found("欧阳") == [case.id] and found("56") == [case.id]
    Customer.update(name="司马", phone="13800009999").where(Customer.id == case.customer_id).execute()
    assert found("欧") == [] and found("56") == []
    assert found("司马") == [case.id] and found("99") == [case.id]
    assert found("芳") == [other.id], "another customer's complaints keep theirs"
    assert found("空调") == [other.id, case.id]


def test_edits_and_deletes_keep_the_short_index_in_step(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "电梯被困")
    receive(
        manager,
        Receipt(narrative="扶梯停了", demand="说法", category_id=case.category_id, acknowledged=True),
        complaint=case,
    )
    assert found("困") == [] and found("被困") == [] and found("扶梯") == [case.id] and found("说") == [case.id]
    draft = Complaint.create(narrative="误建的草稿", received_by=manager)
    assert found("稿") == [draft.id]
    Complaint.delete().where(Complaint.id == draft.id).execute()
    assert found("稿") == [] and found("误") == []


def test_a_phone_number_is_found_as_people_write_it(staff: tuple[Staff, Staff]) -> None:
    """The intake keeps 13943755891 for "139 4375 5891": written so in the search, it found nothing."""
    manager, _ = staff
    case = new_case(manager, "热水器不热", phone="139 4375 5891", name="赵国庆")
    landline = new_case(manager, "房间有异味", phone="021-6123 4567")
    for written in ("13943755891", "139 4375 5891", "139-4375-5891", "+86 139 4375 5891", "+8613943755891",
                    "（139）4375－5891"):  # fmt: skip
        assert found(written) == [case.id], written
        assert count(Filters(text=written)) == 1, written
    assert found("021-6123 4567") == found("(021) 6123-4567") == [landline.id]
    assert found("4375 5891") == [], "part of a number is no number: each part looked for, 4375 a masked one"
    assert found("5891") == [case.id], "the last four digits, as the lists show them"
    assert Filters(text="2026-000001").text == "2026-000001", "an archive number stays one"


def test_the_digits_a_list_masks_never_find_a_customer(staff: tuple[Staff, Staff]) -> None:
    """The lists show 136****5002 and the search matched any digits of the number: a duty manager found a customer's
    hidden digits one search at a time ("刘先生 6979", 35 searches). Digits find by what is shown (the first three,
    the last four), by the whole number, and by every other text (a room, an order number)."""
    manager, _ = staff
    case = new_case(manager, "房间空调不制冷", phone="13697965002", name="刘先生")
    room = new_case(manager, "6979号房间的空调不制冷", phone="13800001111", name="王女士")
    for masked in ("6979", "697", "69", "9796", "79650", "刘先生 6979", "刘先生 97"):
        assert case.id not in found(masked), masked
        assert count(Filters(text=masked)) == len(found(masked)), masked
    assert found("6979") == [room.id], "the digits in a complaint's words still find it"
    for shown in ("5002", "002", "136", "13", "刘先生 5002", "13697965002", "136 9796 5002"):
        assert case.id in found(shown), shown
    assert hides_in_phones("6979") and not hides_in_phones("13697965002") and not hides_in_phones("房间")
    # The number as the lists show it, copied from one (it found nothing, and the page said to type less).
    other = new_case(manager, "早餐太咸", phone="13611115002", name="陈女士")
    for shown in ("136****5002", "１３６＊＊＊＊５００２"):
        assert found(shown) == sorted([case.id, other.id], reverse=True), shown
        assert count(Filters(text=shown)) == 2, shown
    assert found("136***5002") == [] and found("138****5002") == [] and found("136****5003") == []


def test_archive_numbers_are_found_by_two_digits_and_more(staff: tuple[Staff, Staff]) -> None:
    manager, _ = staff
    case = new_case(manager, "押金没有退")
    record_investigation(
        manager, case, Investigation("属实", Department.get(Department.code == "finance").id, "", "full")
    )
    propose(manager, case, [Line(Remedy.get(Remedy.code == "refund").id, "100")])
    record_consent(manager, case, Consent("accepted", witness="小王"))
    case = close(manager, case, Closing())
    other = new_case(manager, "另一件")
    number = case.archive_number  # TS-YYYY-000001
    assert number.endswith("000001")
    for text in (number, number.lower(), number[3:], number[-6:], number[-4:], "0001", "01", number[:7], "ts-20"):
        assert found(text) == [case.id], text
    assert found("10") == [] and found("0010") == [] and found("TS") == [], "only what the number holds"
    assert found(number[3:7] + number[-6:]) == [], "the year and the number without their dash"
    assert count(Filters(text="01"), cap=10) == 1 and found("件") == [other.id]


def test_an_open_case_is_found_by_the_number_the_desk_shows_it_by(staff: tuple[Staff, Staff]) -> None:
    """The overview, the open cases and the handover list a case as #2995 until it is archived."""
    manager, _ = staff
    case = new_case(manager, "押金没有退")
    other = new_case(manager, f"顾客说上次的投诉编号是{case.id}")  # the digits alone stay a text
    shown = shown_number(None, case.id)
    assert found(shown) == [case.id] and found(f"＃{case.id}") == [case.id], "full-width too (typed in Chinese)"
    assert count(Filters(text=shown)) == 1 and count(Filters(text=shown, states=("closed",))) == 0
    assert found(f"#{other.id + 1000}") == []
    # The number alone (without its #) finds the case too, beside the texts that hold it; with a leading zero
    # it is a part of an archive number, never a case's.
    assert found(str(case.id)) == [other.id, case.id] and found(f"{other.id}") == [other.id]
    assert found(f"0{case.id}") == [] and found(str(other.id + 1000)) == []


@pytest.mark.sqlite_only
def test_a_text_longer_than_the_position_table_is_indexed_to_its_end(staff: tuple[Staff, Staff]) -> None:
    """The triggers grow search_position for a text written past the application's limits."""
    new_case(staff[0], "第一件")
    with closing(sqlite3.connect(db.database)) as raw, raw:
        (size,) = raw.execute("SELECT max(n) FROM search_position").fetchone()
        narrative = "长" * (size + 1000) + "尾巴"
        complaint_id = raw_insert(raw, narrative)
    assert found("尾巴") == [complaint_id] and found("长尾") == [complaint_id]
    with closing(sqlite3.connect(db.database)) as raw:
        assert raw.execute("SELECT max(n) FROM search_position").fetchone()[0] >= len(narrative)


def raw_insert(raw: sqlite3.Connection, narrative: str, customer_id: int | None = None) -> int:
    """A complaint written by plain sqlite3 (no application function), a copy of the first one."""
    return raw_copy(raw, "complaint", {"narrative": narrative, "customer_id": customer_id, "archive_number": None})


def raw_copy(raw: sqlite3.Connection, table: str, values: dict[str, object]) -> int:
    """A row written by plain sqlite3: the first row of ``table`` with ``values`` instead."""
    columns = [row[1] for row in raw.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
    select = ", ".join(f":{column}" if column in values else column for column in columns)
    cursor = raw.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table} ORDER BY id LIMIT 1", values
    )
    assert cursor.rowcount == 1
    return int(cursor.lastrowid)


SEPARATORS = re.compile(r"[\x00-\x20\x7f]+")
ARCHIVE_PAIR = re.compile(r"^[0-9A-Z-]{2}$")


def expected_grams(raw: sqlite3.Connection) -> dict[str, set[int]]:
    """Each token complaint_grams must hold and its complaints, worked out anew in Python
    from the trigram index's texts as the tokenizer splits them; then each token of
    complaint_number_grams (after "#") from the archive numbers."""
    tokens: dict[str, set[int]] = {}
    for rowid, *texts in raw.execute("SELECT id, narrative, findings, demand, customer FROM complaint_search_text"):
        for gram in (text[i : i + 2] for text in texts if text for i in range(len(text))):
            for token in SEPARATORS.split(gram):
                if token:
                    tokens.setdefault(token.translate(ASCII_LOWER), set()).add(rowid)
    for rowid, number in raw.execute("SELECT id, archive_number FROM complaint WHERE archive_number IS NOT NULL"):
        pairs = (number[i : i + 2].upper() for i in range(len(number) - 1))
        for place, pair in enumerate(pairs):
            if ARCHIVE_PAIR.match(pair):
                tokens.setdefault(f"#{place:02d}{pair}".lower(), set()).add(rowid)
    return tokens


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def indexed_grams(raw: sqlite3.Connection) -> dict[str, int]:
    for table in ("complaint_grams", "complaint_number_grams"):
        raw.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING fts5vocab(main, {table}, row)")
    return dict(
        raw.execute(
            "SELECT term, doc FROM temp.complaint_grams_terms UNION ALL "
            "SELECT '#' || term, doc FROM temp.complaint_number_grams_terms"
        )
    )


@pytest.mark.sqlite_only
def test_raw_sqlite3_writes_keep_the_short_index_exactly_in_step(staff: tuple[Staff, Staff]) -> None:
    """Random inserts, edits, customer renames, sealings and deletes by plain sqlite3,
    past the sealed-case guards too (dropped, as a script could): the indexes hold
    exactly the tokens of the rows as they are, and every one- and two-character
    search, and an archive number's parts, answer as LIKE over the texts does."""
    manager, _ = staff
    first = new_case(manager, "开头的一件", phone="13812345678", name="张三")
    generator = random.Random(12)
    alphabet = ["甲", "乙", "丙", "a", "B", "1", "2", "-", "%", " ", "\t", "\u3000", "\u200b", "，"]

    def text() -> str:
        return "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 9)))

    with closing(sqlite3.connect(db.database)) as raw:
        with raw:
            raw.execute("DROP TRIGGER complaint_sealed_update")
            raw.execute("DROP TRIGGER complaint_sealed_delete")
        customers = [first.customer_id]
        for _ in range(3):
            customers.append(raw_copy(raw, "customer", {"name": text(), "phone": "1390000" + text()[:4]}))
        rows: list[int] = []
        for step in range(120):
            action = generator.choice(["insert", "insert", "edit", "rename", "seal", "delete"])
            with raw:
                if action == "insert" or not rows:
                    rows.append(raw_insert(raw, text(), generator.choice(customers)))
                elif action == "edit":
                    column = generator.choice(["narrative", "findings", "demand"])
                    raw.execute(
                        f"UPDATE complaint SET {column} = ?, customer_id = ? WHERE id = ?",
                        (text(), generator.choice(customers), generator.choice(rows)),
                    )
                elif action == "rename":
                    raw.execute(
                        "UPDATE customer SET name = ?, phone = ? WHERE id = ?",
                        (text(), "13" + text()[:5], generator.choice(customers)),
                    )
                elif action == "seal":  # numbered, renumbered or unnumbered
                    number = generator.choice([f"TS-2026-{step:06d}", f"TS-2026-{step:06d}", None])
                    row = generator.choice(rows)
                    raw.execute("UPDATE complaint SET archive_number = ? WHERE id = ?", (number, row))
                else:
                    row = generator.choice(rows)
                    raw.execute("DELETE FROM complaint WHERE id = ?", (row,))
                    rows.remove(row)
        assert found("TS-2026") and found("26"), "some were sealed"
        in_step()
        expected = expected_grams(raw)
        assert indexed_grams(raw) == {token: len(ids) for token, ids in expected.items()}
        queries = {"".join(pair) for pair in itertools.product(alphabet[:10], repeat=2)} | set(alphabet)
        queries |= {"26", "00", "TS-2026", "ts-20", "2026-0000", "0001", "000", "6-00", "甲乙丙"}
        for query in sorted(queries):
            text_of = search_text(query)
            if not text_of:
                continue
            pattern = "%" + text_of.replace("%", "\\%") + "%"
            like = {
                rowid
                for (rowid,) in raw.execute(
                    "SELECT rowid FROM complaint_search WHERE narrative LIKE ?1 ESCAPE '\\' OR findings LIKE ?1 "
                    "ESCAPE '\\' OR demand LIKE ?1 ESCAPE '\\' OR customer LIKE ?1 ESCAPE '\\' "
                    "UNION SELECT id FROM complaint WHERE ?2 AND archive_number LIKE ?1 "
                    "UNION SELECT id FROM complaint WHERE ?3 AND id = ?4",  # a number alone: that case too
                    (pattern, bool(ARCHIVE_NUMBER.match(text_of)), bool(CASE_NUMBER.match(text_of)), text_of),
                )
            }
            assert found(query) == sorted(like, reverse=True), repr(query)


def test_an_upgrade_builds_the_short_index_as_the_triggers_keep_it(tmp_path: Path) -> None:
    """Migration 0012 indexes the complaints already there, sealed ones with their numbers."""
    copy = tmp_path / "old.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / "schema_0011.db", copy)
    database = open_database(str(copy))
    try:
        with closing(sqlite3.connect(copy)) as raw:
            expected = expected_grams(raw)
            assert indexed_grams(raw) == {token: len(ids) for token, ids in expected.items()}
            number, sealed = raw.execute(
                "SELECT archive_number, id FROM complaint WHERE archive_number IS NOT NULL ORDER BY id DESC"
            ).fetchone()
            (character,) = raw.execute("SELECT substr(narrative, 1, 1) FROM complaint_search LIMIT 1").fetchone()
            like = raw.execute(
                "SELECT rowid FROM complaint_search WHERE narrative LIKE ?1 OR findings LIKE ?1 OR demand LIKE ?1 "
                "OR customer LIKE ?1 ORDER BY rowid DESC",
                (f"%{character}%",),
            ).fetchall()
        assert found(number) == [sealed] and sealed in found(number[-6:]) and sealed in found(number[-2:])
        assert found(character) == [rowid for (rowid,) in like]
    finally:
        database.close()


def test_a_short_text_with_other_filters_is_found_whether_common_rare_or_absent(staff: tuple[Staff, Staff]) -> None:
    """With a filter, a text in a good share of the complaints is tested row by row
    (LIKE), a rarer one read from the index: the answers are the same."""
    manager, _ = staff
    cases = [new_case(manager, f"第{n}件：菜里有头发", category="noise" if n % 2 else "hygiene") for n in range(7)]
    rare = new_case(manager, "房间有蟑螂", category="noise")
    noise = Category.get(Category.code == "noise").id
    assert "LIKE" in str(matching(Filters(text="头发", category_id=noise)).sql()), "common: row by row"
    assert "LIKE" not in str(matching(Filters(text="蟑", category_id=noise)).sql()), "rare: from the index"
    in_noise = [case.id for case in reversed(cases) if case.category_id == noise]
    assert page(Filters(text="头发", category_id=noise)) == in_noise
    assert page(Filters(text="头", category_id=noise)) == in_noise
    assert page(Filters(text="蟑", category_id=noise)) == [rare.id] and page(Filters(text="蟑螂", category_id=noise))
    assert page(Filters(text="蟑", category_id=noise + 1000)) == []
    assert page(Filters(text="鲨", category_id=noise)) == [] and count(Filters(text="鲨", category_id=noise)) == 0
    assert count(Filters(text="头发", category_id=noise), cap=2) == 2
    assert count(Filters(text="头发", category_id=noise)) == len(in_noise)


# On a PostgreSQL server (--db): complaint_search, kept by triggers (migrations/postgresql/search.py).


def raw_server() -> object:
    """A plain psycopg connection to the test's server database (no application function), autocommit."""
    import psycopg

    address = db.obj.address
    return psycopg.connect(dbname=address.name, autocommit=True, **address.connect_params())


def raw_server_copy(raw: object, table: str, values: dict[str, object]) -> int:
    """A row written by plain psycopg: the first row of ``table`` with ``values`` instead."""
    columns = [
        name
        for (name,) in raw.execute(  # type: ignore[attr-defined]
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            (table,),
        )
        if name != "id"
    ]
    select = ", ".join(f"%({column})s" if column in values else column for column in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM {table} ORDER BY id LIMIT 1 RETURNING id"
    (row_id,) = raw.execute(sql, values).fetchone()  # type: ignore[attr-defined]
    return int(row_id)


def server_like(raw: object, text: str) -> list[int]:
    """What a query must find, by a plain LIKE over the view's texts (ASCII letters folded) and the
    archive number, newest first."""
    pattern = "%" + text.translate(ASCII_LOWER).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    folded = " OR ".join(
        f"translate(t.{column}, %(upper)s, %(lower)s) LIKE %(p)s"
        for column in ("narrative", "findings", "demand", "customer")
    )
    if hides_in_phones(text):  # of a phone, only the digits the lists show (136****5002)
        folded = " OR ".join(
            [f"t.{column} LIKE %(p)s" for column in ("narrative", "findings", "demand")]
            + ["u.name LIKE %(p)s", "substr(u.phone, 1, 3) LIKE %(p)s", "right(u.phone, 4) LIKE %(p)s"]
        )
    number = "c.archive_number = %(n)s" if FULL_ARCHIVE_NUMBER.match(text) else "upper(c.archive_number) LIKE %(q)s"
    rows = raw.execute(  # type: ignore[attr-defined]
        f"SELECT t.id FROM complaint_search_text t JOIN complaint c ON c.id = t.id "
        f"LEFT JOIN customer u ON u.id = c.customer_id WHERE ({folded}) "
        f"OR (%(shaped)s AND {number}) OR t.id = %(case)s ORDER BY t.id DESC",  # a number alone: that case
        {
            "p": pattern,
            "upper": string.ascii_uppercase,
            "lower": string.ascii_lowercase,
            "n": text.upper(),
            "q": "%" + text.upper() + "%",
            "shaped": bool(ARCHIVE_NUMBER.match(text)),
            "case": int(text) if CASE_NUMBER.match(text) else None,
        },
    )
    return [row_id for (row_id,) in rows]


@pytest.mark.skipif("not config.getoption('server_url')", reason="a PostgreSQL server's index (--db)")
def test_raw_server_writes_keep_the_index_exactly_in_step(staff: tuple[Staff, Staff]) -> None:
    """Random inserts, edits, customer renames, sealings and deletes by plain psycopg (as psql would write),
    past the sealed-case guards too: complaint_search holds exactly what the rows make, and every search
    of one, two and more characters, and an archive number's parts, answers as LIKE over the texts does."""
    manager, _ = staff
    first = new_case(manager, "开头的一件", phone="13812345678", name="张三")
    generator = random.Random(12)
    alphabet = ["甲", "乙", "丙", "a", "B", "1", "2", "-", "%", " ", "\t", "\u3000", "\u200b", "，", "\x01", "É"]

    def text() -> str:
        return "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 9)))

    with closing(raw_server()) as raw:  # type: ignore[type-var]
        raw.execute("DROP TRIGGER complaint_sealed_update ON complaint")  # type: ignore[attr-defined]
        raw.execute("DROP TRIGGER complaint_sealed_delete ON complaint")  # type: ignore[attr-defined]
        customers = [first.customer_id]
        for _ in range(3):
            customers.append(raw_server_copy(raw, "customer", {"name": text(), "phone": "1390000" + text()[:4]}))
        rows: list[int] = []
        for step in range(120):
            action = generator.choice(["insert", "insert", "edit", "rename", "seal", "delete"])
            if action == "insert" or not rows:
                values = {"narrative": text(), "customer_id": generator.choice(customers), "archive_number": None}
                rows.append(raw_server_copy(raw, "complaint", values))
            elif action == "edit":
                column = generator.choice(["narrative", "findings", "demand"])
                raw.execute(  # type: ignore[attr-defined]
                    f"UPDATE complaint SET {column} = %s, customer_id = %s WHERE id = %s",
                    (text(), generator.choice(customers), generator.choice(rows)),
                )
            elif action == "rename":
                raw.execute(  # type: ignore[attr-defined]
                    "UPDATE customer SET name = %s, phone = %s WHERE id = %s",
                    (text(), "13" + text()[:5], generator.choice(customers)),
                )
            elif action == "seal":  # numbered, renumbered or unnumbered
                number = generator.choice([f"TS-2026-{step:06d}", f"ts-2026-{step:06d}", None])
                raw.execute(  # type: ignore[attr-defined]
                    "UPDATE complaint SET archive_number = %s WHERE id = %s", (number, generator.choice(rows))
                )
            else:
                row = generator.choice(rows)
                raw.execute("DELETE FROM complaint WHERE id = %s", (row,))  # type: ignore[attr-defined]
                rows.remove(row)
        assert found("TS-2026") and found("26"), "some were sealed"
        in_step()
        queries = {"".join(pair) for pair in itertools.product(alphabet[:10], repeat=2)} | set(alphabet)
        queries |= {"26", "00", "TS-2026", "ts-20", "2026-0000", "0001", "000", "6-00", "甲乙丙", "a甲", "乙 丙"}
        queries |= {"ÉA", "éa", "%乙", "1-2", "甲\u3000乙"}
        for query in sorted(queries):
            text_of = search_text(query)
            if not text_of:
                continue
            # Of several words, the complaints holding each (newest first, as the first word's are listed).
            holding = [set(server_like(raw, word)) for word in search_words(query)]
            expected = [row for row in server_like(raw, search_words(query)[0]) if all(row in h for h in holding)]
            assert found(query) == expected, repr(query)
            assert page(Filters(text=query), descending=False, limit=1000) == expected[::-1], repr(query)
            assert count(Filters(text=query)) == len(expected) and count(Filters(text=query), cap=5) == min(
                5, len(expected)
            ), repr(query)


@pytest.mark.skipif("not config.getoption('server_url')", reason="a PostgreSQL server's index (--db)")
def test_a_long_text_written_by_psql_is_indexed_to_its_end(staff: tuple[Staff, Staff]) -> None:
    new_case(staff[0], "第一件")
    narrative = "长" * 20_000 + "尾巴"
    with closing(raw_server()) as raw:  # type: ignore[type-var]
        complaint_id = raw_server_copy(raw, "complaint", {"narrative": narrative, "archive_number": None})
    assert found("尾巴") == [complaint_id] and found("长尾") == [complaint_id] and found("巴") == [complaint_id]
    assert found("长长长") == [complaint_id]
    in_step()


@pytest.mark.skipif("not config.getoption('server_url')", reason="a PostgreSQL server's index (--db)")
def test_a_bulk_load_on_the_server_is_indexed_on_leaving(staff: tuple[Staff, Staff]) -> None:
    """models/demo/search_index.py on a server: the triggers wait while the rows go in (and are sealed),
    then the new complaints are indexed at once, as the triggers would have; the triggers work again after."""
    from models.demo.search_index import index_after_load

    manager, _ = staff
    before = new_case(manager, "装载之前的一件")
    with db.atomic(), index_after_load():
        customer = Customer.create(name="刘\u3000建国", phone="13812345678")
        loaded = [
            Complaint.create(narrative=f"批量 {n}  号\t投诉", customer=customer, received_by=manager).id
            for n in range(5)
        ]
        Complaint.update(archive_number="TS-2026-000777").where(Complaint.id == loaded[2]).execute()
        (indexed,) = db.execute_sql("SELECT count(*) FROM complaint_search WHERE id > ?", (before.id,)).fetchone()
        assert indexed == 0, "the triggers wait"
    in_step()
    assert found("批量") == loaded[::-1] and found("刘 建国") == loaded[::-1] and found("777") == [loaded[2]]
    assert loaded[3] in found("3 号 投诉") and found("装载") == [before.id]
    after = new_case(manager, "装载之后的一件")
    assert found("装载") == [after.id, before.id], "the triggers work again"


def test_a_list_of_many_given_complaints_is_one_parameter(staff: tuple[Staff, Staff]) -> None:
    """A year's "others" bar of the analysis lists its complaints by id: 300,000 ids were as many parameters
    (SQLite: too many SQL variables; a server takes 65,535 at most)."""
    manager, _ = staff
    case = new_case(manager, "房间很吵")
    ids = (*range(10_000_000, 10_300_000), case.id)
    assert page(Filters(ids=ids)) == [case.id] and count(Filters(ids=ids)) == 1


def test_words_apart_each_find_their_complaints_together(staff: tuple[Staff, Staff]) -> None:
    """Written "隔壁 吵", the words were searched as one phrase, the space in it: it found nothing where the desk
    had written 隔壁房间很吵. Each word is now found on its own, all of them in one complaint; a word may be one
    character, or in the customer's name or the demand."""
    manager, _ = staff
    both = new_case(manager, "隔壁房间很吵，半夜还在装修")
    apart = new_case(manager, "隔壁的客人", demand="太吵了，要求换房")
    only_one = new_case(manager, "隔壁房间很安静")
    named = new_case(manager, "楼上很吵", name="Zhang Wei")
    new_case(manager, "楼下的客人投诉噪音")
    for text in ("隔壁 吵", "吵 隔壁", " 隔壁\u3000 吵 ", "隔壁 吵 隔壁"):
        assert sorted(found(text)) == sorted([both.id, apart.id]), text
        assert count(Filters(text=text)) == count(Filters(text=text), cap=10_000) == 2
    assert found("隔壁 房间 安静") == [only_one.id]
    assert found("wei 吵") == [named.id]  # a name's word, any case
    assert found("隔壁 噪音") == []
    assert found("隔壁 吵", states=("received",)) == sorted([both.id, apart.id], reverse=True)


def test_a_row_found_by_words_apart_shows_the_first_word_found(staff: tuple[Staff, Staff]) -> None:
    """The row's words show the words typed where they stand together, else the first of them found, marked."""
    manager, _ = staff
    case = new_case(manager, "客人说隔壁房间很吵")
    spaced = new_case(manager, "客人说 room 305 很吵")
    [row] = register_rows([spaced.id], phrase="ROOM  305")
    assert (row.words, row.match) == ("…人说 room 305 很吵", (4, 8))  # together as typed (one space between)
    [row] = register_rows([case.id], phrase="很吵 隔壁")
    assert (row.words, row.match) == ("…壁房间很吵", (4, 2))
    [row] = register_rows([case.id], phrase="噪音 房间")
    assert (row.words, row.match) == ("…说隔壁房间很吵", (4, 2))
