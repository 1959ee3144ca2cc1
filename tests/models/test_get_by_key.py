"""A get by primary key (models.base.BaseModel.get) runs SQL built once per model instead of peewee's query
built anew: the row it gives must be the one peewee's own query gives, for every table, on a file and on a
server; anything else than a key alone still goes peewee's way."""

from __future__ import annotations

import pytest
from peewee import CompositeKey, Model

from models import base
from models.demo import generate_demo
from models.schema import ALL_MODELS
from models.staff import Staff
from tests.conftest import Desk


def _peewees_own(model: type[Model], key: object) -> Model:
    return model.select().where(model._meta.primary_key == key).get()


def test_every_table_gives_the_row_peewees_query_gives(seeded: Desk) -> None:
    generate_demo(20, seed=2)
    checked: set[str] = set()
    for model in ALL_MODELS:
        primary_key = model._meta.primary_key
        if isinstance(primary_key, CompositeKey) or not primary_key:
            continue  # a key of several columns is looked up by them: peewee's way
        first = model.select(primary_key).order_by(primary_key.desc()).first()
        if first is None:
            continue
        key = getattr(first, primary_key.name)
        expected = _peewees_own(model, key)
        for found in (model.get_by_id(key), model.get(primary_key == key), model.get_or_none(primary_key == key)):
            assert type(found) is model
            assert found.__data__ == expected.__data__, model.__name__
            assert not found.dirty_fields, model.__name__
        assert (model, type(base.db.obj)) in base._BY_KEY, f"{model.__name__} went peewee's way"
        checked.add(model.__name__)
    # The demo fills most tables: dates, amounts, flags, texts, foreign keys and a key that is a text (Setting).
    assert {"Setting", "Staff", "Complaint", "Proposal", "CompensationLine", "ExternalCase", "ArchiveSeal"} <= checked
    assert len(checked) >= 25


def test_a_key_that_is_not_there_is_not_found(seeded: Desk) -> None:
    missing = Staff.select(Staff.id).order_by(Staff.id.desc()).first().id + 1
    with pytest.raises(Staff.DoesNotExist, match="SQL: SELECT"):
        Staff.get_by_id(missing)
    assert Staff.get_or_none(Staff.id == missing) is None
    assert Staff.get_or_none(missing) is None  # a bare number is the key too, as peewee takes it


def test_a_row_read_by_key_is_saved_and_read_again_as_changed(seeded: Desk) -> None:
    staff = Staff.get_by_id(seeded.manager.id)
    staff.full_name = "王经理"
    staff.save()
    assert Staff.get(Staff.id == seeded.manager.id).full_name == "王经理"
    assert _peewees_own(Staff, seeded.manager.id).full_name == "王经理"


def test_other_lookups_go_peewees_way(seeded: Desk) -> None:
    before = dict(base._BY_KEY)
    assert Staff.get(Staff.username == seeded.manager.username).id == seeded.manager.id
    assert Staff.get(Staff.id == seeded.manager.id, Staff.active == True).id == seeded.manager.id  # noqa: E712
    assert Staff.get_or_none(Staff.id == seeded.office, username="nobody") is None
    assert Staff.get(id=seeded.manager.id).id == seeded.manager.id
    assert Staff.get(Staff.id == Staff.id).id is not None  # a column, not a value
    assert before == base._BY_KEY
