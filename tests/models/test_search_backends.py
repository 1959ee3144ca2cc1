"""The register's search answers the same on a SQLite file and on a PostgreSQL server: the same
complaints (drawn alike on both), the same queries, the same complaints found, in the same order.

Runs in a pass against a server (``pytest --db postgresql://…``): the test's own server database and a
SQLite file made beside it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from models.base import db
from models.complaint import Complaint
from models.customer import Customer
from models.database import open_database
from models.defaults import load_defaults
from models.search import Filters, count, page
from models.staff import Role, Staff, create_staff

from conftest import Desk

pytestmark = pytest.mark.skipif(
    "not config.getoption('server_url')", reason="compares a SQLite file with a PostgreSQL server (--db)"
)

WORDS = [
    "菜里有头发", "上菜太慢", "服务员态度冷淡", "空调不制冷", "押金没有退", "WiFi密码错了", "房间号1208",
    "退款50%", "a_b", "Le CAFÉ était froid", "THE wifi PASSWORD", "12315投诉", "宫保鸡丁", "头发", "！", "，",
    "\"引号\"", "'; DROP TABLE complaint; --", "ⅠⅡⅢ", "⒜", "ß", "İstanbul", "\\反斜杠",
    "单号ts-2026-000040已退", "编号TS-2026-0000",
]  # fmt: skip
GAPS = [" ", "  ", "\t", "\n", "\u3000", "\u00a0", "\u200b", "", "", ""]
QUERIES = [
    "头", "头发", "菜里有", "菜里有头发", "服务员 态度", "WiFi", "wifi", "WIFI", "f", "F", "12", "120", "1208", "50%",
    "%", "_", "a_b", "café", "CAFÉ", "afé", "AFÉ", "é", "É", "the", "password", "！", "，", "引号", "\"", "'",
    "DROP TABLE", "--", "Ⅰ", "ⅰ", "ⅠⅡⅢ", "ⅰⅱⅲ", "⒜", "ß", "SS", "i̇s", "İst", "\\", "\\反", "12315", "TS", "TS-2026",
    "ts-2026-0000", "2026-000001", "000002", "0001", "01", "6-00", "TS-2026-000003", "ts-2026-000003", "不制冷 押金",
    "鲨鱼", "x", "服务员\u00a0态度", "  上菜  太慢 ",
    "TS-2026-000040", "TS-2026-00004", "2026-0000", "-00", "26-0", "S-2026", "ts2026", "号ts-2026", "00040已",
]  # fmt: skip


def fill(manager: Staff) -> list[int]:
    """Customers and complaints drawn alike on either backend (some sealed, some edited, a customer
    renamed); their ids in order."""
    generator = random.Random(16)

    def text() -> str:
        return "".join(generator.choice(WORDS) + generator.choice(GAPS) for _ in range(generator.randint(0, 5)))

    customers = [Customer.create(name=text()[:20], phone=f"138{n:08d}") for n in range(6)]
    ids = []
    for n in range(60):
        complaint = Complaint.create(
            narrative=text(),
            findings=text(),
            demand=text(),
            customer=generator.choice([*customers, None]),
            received_by=manager,
            archive_number=f"TS-2026-{n:06d}" if n % 4 == 0 else None,
        )
        ids.append(complaint.id)
    for row_id in generator.sample(ids, 10):
        Complaint.update(narrative=text()).where(
            (Complaint.id == row_id) & Complaint.archive_number.is_null()
        ).execute()
    Customer.update(name="改名的客人").where(Customer.id == customers[0].id).execute()
    return ids


def answers(ids: list[int]) -> dict[str, object]:
    """Each query's answers (as places among ``ids``): newest and oldest first, counted, capped, with
    a filter, in another order."""
    place = {row_id: n for n, row_id in enumerate(ids)}

    def at(found: list[int]) -> list[int]:
        return [place[row_id] for row_id in found]

    results: dict[str, object] = {}
    for query in QUERIES:
        results[query] = (
            at(page(Filters(text=query), limit=1000)),
            at(page(Filters(text=query), descending=False, offset=1, limit=5)),
            count(Filters(text=query)),
            count(Filters(text=query), cap=3),
            at(page(Filters(text=query, states=("received",)), limit=1000)),
            at(page(Filters(text=query), sort="category", limit=1000)),
        )
    return results


def test_the_same_queries_find_the_same_complaints_on_sqlite_and_on_the_server(seeded: Desk, tmp_path: Path) -> None:
    server = db.obj
    on_server = answers(fill(seeded.manager))
    assert any(found[0] for found in on_server.values()) and any(not found[0] for found in on_server.values())
    sqlite = open_database(str(tmp_path / "desk.db"))
    try:
        load_defaults()
        manager = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
        on_file = answers(fill(manager))
    finally:
        sqlite.close()
        db.initialize(server)
    differ = {query: (on_file[query], on_server[query]) for query in QUERIES if on_file[query] != on_server[query]}
    assert not differ, differ
