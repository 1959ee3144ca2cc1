"""Catalogues and settings kept by the office: changes audited, retired entries
gone from new cases but kept by old ones."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from models import settings
from models.audit import AuditEvent
from models.catalog import Category, Department, Remedy
from models.catalog_admin import (
    CatalogueChangedMeanwhileError,
    editable_entry,
    entries,
    save_entry,
    save_settings,
    set_active,
)
from models.errors import DomainError, FieldError
from models.intake import Receipt, receive
from models.staff import Role, Staff, create_staff


@pytest.fixture
def office(defaults: object) -> Staff:
    return create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")


def test_add_and_change_a_remedy(office: Staff) -> None:
    remedy = save_entry(
        office,
        "remedy",
        None,
        {"name": "赠送蛋糕", "name_en": "Free cake", "kind": "gift", "default_amount": "68", "office_only": False},
    )
    assert (remedy.code, remedy.default_amount, remedy.active) == ("free_cake", Decimal("68.00"), True)
    save_entry(
        office,
        "remedy",
        remedy.id,
        {"name": "赠送生日蛋糕", "name_en": "Free cake", "kind": "gift", "default_amount": "88", "office_only": True},
    )
    changed = json.loads(AuditEvent.select().where(AuditEvent.action == "catalogue_changed").get().changes)
    assert changed["default_amount"] == ["68.00", "88.00"] and changed["office_only"] == ["False", "True"]


def test_an_entry_changed_by_another_desk_after_it_was_shown_is_not_saved_over_unasked(office: Staff) -> None:
    """Two windows on one department: one renames it in English, the other corrects its Chinese name. The second
    Save put the first's English name back, unseen."""
    other = create_staff("office2", "李娜", Role.OFFICE, "office-pass-2")
    kitchen = Department.select().order_by(Department.id).first()
    mine, theirs = editable_entry("department", kitchen.id), editable_entry("department", kitchen.id)
    save_entry(other, "department", kitchen.id, {**theirs.values, "name_en": "Main kitchen"}, shown=theirs.values)
    with pytest.raises(CatalogueChangedMeanwhileError) as refused:
        save_entry(office, "department", kitchen.id, {**mine.values, "name": "中餐厨房"}, shown=mine.values)
    assert str(refused.value).startswith("李娜 changed this entry at ") and "nothing was saved" in str(refused.value)
    assert (Department.get_by_id(kitchen.id).name, Department.get_by_id(kitchen.id).name_en) == (
        kitchen.name,
        "Main kitchen",
    )
    # Save again, knowing: what is in the form is saved over the other change.
    save_entry(office, "department", kitchen.id, {**mine.values, "name": "中餐厨房"}, shown=refused.value.current)
    assert (Department.get_by_id(kitchen.id).name, Department.get_by_id(kitchen.id).name_en) == (
        "中餐厨房",
        kitchen.name_en,
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "", "kind": "gift"}, "Enter a name"),
        ({"name": "x" * 65, "kind": "gift"}, "limit is 64"),
        ({"name": "礼品", "kind": "bribe"}, "offered values"),
        ({"name": "礼品", "kind": "gift", "default_amount": "-5"}, "negative"),
    ],
)
def test_bad_entries_are_refused(office: Staff, values: dict, message: str) -> None:
    before = Remedy.select().count()
    with pytest.raises(FieldError, match=message):
        save_entry(office, "remedy", None, values)
    assert Remedy.select().count() == before


def test_two_entries_of_a_catalogue_never_share_a_name(office: Staff) -> None:
    """Two categories named 噪音 would be two rows of one name in the analysis: refused, in Chinese or English
    (letters in either case), and a retired entry's name too; an entry keeps its own name when changed."""
    noise = Category.get(Category.code == "noise")
    before = Category.select().count()
    with pytest.raises(FieldError, match="Another entry is named 噪音 already"):
        save_entry(office, "category", None, {"name": "噪音", "default_severity": "low"})
    with pytest.raises(FieldError, match=f"named {noise.name_en.upper()} already") as refused:
        values = {"name": "噪声", "name_en": noise.name_en.upper(), "default_severity": "low"}
        save_entry(office, "category", None, values)
    assert refused.value.field == "name_en"
    set_active(office, "category", noise.id, False)
    with pytest.raises(FieldError, match="A retired entry is named 噪音: bring that one back instead"):
        save_entry(office, "category", None, {"name": "噪音", "default_severity": "low"})
    assert Category.select().count() == before
    save_entry(office, "category", noise.id, {"name": "噪音", "name_en": noise.name_en, "default_severity": "high"})
    assert Category.get_by_id(noise.id).default_severity == "high"
    save_entry(office, "department", None, {"name": "噪音", "name_en": noise.name_en})  # another catalogue


def test_a_retired_category_is_gone_from_new_cases_and_kept_by_old_ones(office: Staff) -> None:
    noise = Category.get(Category.code == "noise")
    case = receive(office, Receipt(narrative="太吵", category_id=noise.id, demand="换房", acknowledged=True))
    set_active(office, "category", noise.id, False)
    with pytest.raises(FieldError, match="category"):
        receive(office, Receipt(narrative="又很吵", category_id=noise.id, demand="换房", acknowledged=True))
    assert case.category.name == "噪音"
    assert entries("category")[-1].id == noise.id, "retired entries are listed last"
    set_active(office, "category", noise.id, True)
    receive(office, Receipt(narrative="又很吵", category_id=noise.id, demand="换房", acknowledged=True))


@pytest.mark.parametrize(
    ("catalogue", "model", "said"),
    [("category", Category, "last category in use"), ("department", Department, "last department in use"),
     ("remedy", Remedy, "last remedy in use")],
)  # fmt: skip
def test_the_last_entry_in_use_of_what_a_complaint_needs_is_kept(
    office: Staff, catalogue: str, model: type, said: str
) -> None:
    """Every category retired one click at a time: the intake had nothing to choose, and no desk could take a
    complaint."""
    *others, last = [entry.id for entry in model.select().where(model.active).order_by(model.id)]
    for entry_id in others:
        set_active(office, catalogue, entry_id, False)
    with pytest.raises(DomainError, match=f"^This is the {said}: ") as refused:
        set_active(office, catalogue, last, False)
    assert refused.value.template.endswith("Add another first.")
    assert model.get_by_id(last).active and model.select().where(model.active).count() == 1
    set_active(office, catalogue, others[0], True)  # another in use again: the last may go
    set_active(office, catalogue, last, False)
    assert model.select().where(model.active).count() == 1
    set_active(office, catalogue, others[1], False)  # retired already: left so, whatever the count
    # Locations, prompts and the rest may all be retired: a complaint is taken without them.
    for entry in entries("location"):
        set_active(office, "location", entry.id, False)


def test_settings_and_who_may_change_them(office: Staff, tmp_path: object) -> None:
    desk = create_staff("zw", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    with pytest.raises(DomainError, match="Only the office"):
        save_settings(desk, "新名字", "", 15, 10)
    with pytest.raises(FieldError, match="does not exist"):
        save_settings(office, "锦江花园酒店", str(tmp_path / "nope.png"), 15, 10)
    not_an_image = tmp_path / "logo.png"  # type: ignore[operator]
    not_an_image.write_text("our logo, to be drawn")
    with pytest.raises(FieldError, match=r"logo\.png is not a PNG or JPEG image"):
        save_settings(office, "锦江花园酒店", str(not_an_image), 15, 10)
    assert not settings.get(settings.LOGO_FILE)
    with pytest.raises(FieldError, match="idle minutes"):
        save_settings(office, "锦江花园酒店", "", 15, 0)
    save_settings(office, "锦江花园酒店", "", 20, 5)
    assert (settings.get(settings.DEFAULT_PROMISED_MINUTES), settings.get(settings.IDLE_LOCK_MINUTES)) == (20, 5)
    assert AuditEvent.select().where(AuditEvent.action == "settings_changed").count() == 1


def test_a_logo_is_kept_by_its_whole_path_and_a_folder_is_no_logo(
    office: Staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"logo.png" typed was found in the folder the program started from, and not when it printed from another;
    a folder was said not to exist."""
    from PIL import Image

    Image.new("RGB", (8, 8), "red").save(tmp_path / "logo.png")
    monkeypatch.chdir(tmp_path)
    save_settings(office, "锦江花园酒店", "logo.png", 15, 10)
    assert settings.get(settings.LOGO_FILE) == str(tmp_path / "logo.png")
    with pytest.raises(FieldError, match="is a folder: choose the logo's image file"):
        save_settings(office, "锦江花园酒店", str(tmp_path), 15, 10)


def test_locations_are_a_catalogue_offered_while_typing(office: Staff) -> None:
    from models.catalog import Location
    from models.intake import recent_locations

    assert recent_locations()[:3] == ["大堂", "前台", "中餐厅"]
    bar = save_entry(office, "location", None, {"name": "大堂吧", "name_en": "Lobby bar"})
    assert "大堂吧" in recent_locations()
    set_active(office, "location", bar.id, False)
    assert "大堂吧" not in recent_locations()
    assert Location.get_by_id(bar.id).name == "大堂吧"


def test_a_retired_department_is_no_category_s_new_default(office: Staff) -> None:
    """A category keeps a default department retired since (saved for its name), but none is given one anew."""
    kitchen, lobby = (Department.get(Department.code == code) for code in ("kitchen", "front_office"))
    set_active(office, "department", kitchen.id, False)
    values = {"name": "安保问题", "name_en": "Security", "default_department": kitchen.id, "default_severity": "high"}
    with pytest.raises(FieldError, match="is retired: choose one in use") as refused:
        save_entry(office, "category", None, values)
    assert refused.value.field == "default_department"
    assert not Category.select().where(Category.name == "安保问题").exists()
    category = save_entry(office, "category", None, {**values, "default_department": lobby.id})
    set_active(office, "department", lobby.id, False)
    save_entry(office, "category", category.id, {**values, "default_department": lobby.id, "name_en": "Safety"})
    assert Category.get_by_id(category.id).default_department_id == lobby.id, "its own, kept"
