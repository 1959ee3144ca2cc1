"""The register's rows as the list shows them (models/register.py), read the same on both backends
(the ids asked for go to the database as one parameter: a JSON array on SQLite, an array on a server)."""

from __future__ import annotations

from models.catalog import Category
from models.intake import Receipt, receive
from models.register import register_rows
from models.search import Filters, page

from conftest import Desk


def receipt(narrative: str, customer_name: str, phone: str) -> Receipt:
    return Receipt(
        customer_name=customer_name,
        phone=phone,
        narrative=narrative,
        category_id=Category.get(Category.code == "food_quality").id,
        demand="要求给个说法",
        acknowledged=True,
        promised_minutes=15,
    )


def test_rows_come_in_the_order_asked_with_the_words_around_the_match(seeded: Desk) -> None:
    first = receive(seeded.manager, receipt("上菜太慢，等了四十分钟。", "王女士", "138 1234 5678"))
    second = receive(seeded.manager, receipt("房间空调坏了，一夜没睡好。", "李先生", "139 8765 4321"))
    rows = register_rows([second.id, first.id], phrase="空调")
    assert [row.id for row in rows] == [second.id, first.id]
    assert [row.customer for row in rows] == ["李先生", "王女士"]
    assert rows[0].words == "房间空调坏了，一夜没睡好。" and rows[0].match == (2, 2)
    assert rows[1].match is None  # no match in the first one's words: their beginning
    assert register_rows([]) == []
    assert [row.id for row in register_rows(page(Filters(text="空调")))] == [second.id]
