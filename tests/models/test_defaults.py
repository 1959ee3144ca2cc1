"""The default catalogues and their loader."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from peewee import SqliteDatabase

from models import settings
from models.catalog import (
    Category,
    Department,
    IntakeStep,
    ReferralGuide,
    Remedy,
    RemedyKind,
    RiskKeyword,
    ScriptPrompt,
    Severity,
)
from models.control.risk import RiskGroup
from models.defaults import DEFAULTS_FILE, load_defaults, read_defaults


def _counts() -> dict[str, int]:
    return {
        "departments": Department.select().count(),
        "categories": Category.select().count(),
        "remedies": Remedy.select().count(),
        "risk_keywords": RiskKeyword.select().count(),
        "referral_guide": ReferralGuide.select().count(),
        "prompts": ScriptPrompt.select().count(),
    }


def test_defaults_file_sits_in_resources() -> None:
    assert DEFAULTS_FILE.is_file()
    assert DEFAULTS_FILE.parent == Path(__file__).resolve().parents[2] / "resources" / "catalog"


def test_load_fills_every_catalogue(database: SqliteDatabase) -> None:
    load_defaults()
    data = read_defaults()
    assert _counts() == {key: len(data[key]) for key in _counts()}
    assert Department.select().count() >= 8
    assert Category.select().count() >= 10
    assert Remedy.select().count() >= 10
    assert settings.get(settings.DEFAULT_PROMISED_MINUTES) == 15
    assert settings.Setting.get_by_id(settings.DEFAULT_PROMISED_MINUTES)
    first = Department.select().order_by(Department.sort_order).first()
    assert first.code == data["departments"][0]["code"]


def test_prompts_cover_every_step_in_both_languages(database: SqliteDatabase) -> None:
    load_defaults()
    per_language = {
        language: Counter(p.step for p in ScriptPrompt.select().where(ScriptPrompt.language == language))
        for language in ("zh_CN", "en")
    }
    for step in IntakeStep:
        assert per_language["zh_CN"][step] >= 4
        assert per_language["zh_CN"][step] == per_language["en"][step]
    assert set(per_language["zh_CN"]) == {s.value for s in IntakeStep}
    explanations = ScriptPrompt.select().where(
        ScriptPrompt.step == IntakeStep.INVESTIGATE, ScriptPrompt.kind == "explanation"
    )
    assert explanations.count() >= 2


def test_loading_twice_adds_nothing(database: SqliteDatabase) -> None:
    load_defaults()
    before = _counts()
    settings_before = settings.Setting.select().count()
    load_defaults()
    assert _counts() == before
    assert settings.Setting.select().count() == settings_before


def test_edits_are_not_overwritten(database: SqliteDatabase) -> None:
    load_defaults()
    department = Department.get(Department.code == "front_office")
    department.name = "大堂经理室"
    department.save()
    remedy = Remedy.get(Remedy.code == "free_drink")
    remedy.default_amount = Decimal("25.00")
    remedy.save()
    Category.delete().where(Category.code == "other").execute()
    settings.put(settings.DEFAULT_PROMISED_MINUTES, 20)

    load_defaults()

    assert Department.get(Department.code == "front_office").name == "大堂经理室"
    assert Remedy.get(Remedy.code == "free_drink").default_amount == Decimal("25.00")
    assert Category.get_or_none(Category.code == "other") is None
    assert settings.get(settings.DEFAULT_PROMISED_MINUTES) == 20


def test_categories_route_to_existing_departments(database: SqliteDatabase) -> None:
    load_defaults()
    codes = {d.code for d in Department.select()}
    for category in Category.select():
        assert category.default_department is not None, category.code
        assert category.default_department.code in codes
        assert category.default_severity in {s.value for s in Severity}
    for code in ("food_safety", "property_loss", "personal_injury"):
        category = Category.get(Category.code == code)
        assert category.always_to_office
        assert category.default_severity == Severity.HIGH


def test_remedies_have_valid_kinds_and_two_place_amounts(database: SqliteDatabase) -> None:
    load_defaults()
    in_file = {e["code"]: e["default_amount"] for e in read_defaults()["remedies"]}
    kinds = {k.value for k in RemedyKind}
    for remedy in Remedy.select():
        assert remedy.kind in kinds, remedy.code
        # The file writes every amount with exactly two places ...
        assert Decimal(in_file[remedy.code]).as_tuple().exponent == -2, remedy.code
        # ... and it comes back as a Decimal of the same value (SQLite's NUMERIC
        # affinity drops trailing zeros, so 30.00 reads back as Decimal("30")).
        assert isinstance(remedy.default_amount, Decimal)
        assert remedy.default_amount == Decimal(in_file[remedy.code])
        assert remedy.default_amount.quantize(Decimal("0.01")) == remedy.default_amount
        assert remedy.default_amount >= 0
        if remedy.kind in (RemedyKind.APOLOGY, RemedyKind.INFORMATION):
            assert remedy.default_amount == Decimal("0.00")
    assert Remedy.get(Remedy.kind == RemedyKind.COMPENSATION).office_only


def test_risk_keywords_include_the_hotlines(database: SqliteDatabase) -> None:
    load_defaults()
    words = {k.word: k for k in RiskKeyword.select()}
    assert words["12315"].risk_group == "12315"
    assert words["12345"].risk_group == words["市长热线"].risk_group == "12345"
    for word in ("消费者协会", "律师", "报警"):
        assert word in words
    assert all(1 <= k.weight <= 3 for k in words.values())
    assert {k.risk_group for k in words.values()} == {g.value for g in RiskGroup} - {RiskGroup.OTHER}


def test_the_referral_guide_names_where_to_go_in_both_languages(database: SqliteDatabase) -> None:
    load_defaults()
    guide = {entry.code: entry for entry in ReferralGuide.select()}
    assert "110" in guide["threat_or_crime"].refer_to and "110" in guide["threat_or_crime"].refer_to_en
    assert guide["threat_or_crime"].category is None, "threats and crime are referred whatever the category"
    assert "120" in guide["medical_emergency"].refer_to
    assert guide["manufacturer_quality"].category.code == "product_quality"
    assert "12315" in guide["manufacturer_quality"].refer_to
    assert all(entry.name and entry.name_en and entry.refer_to and entry.refer_to_en for entry in guide.values())


def test_the_english_first_prompt_says_who_owns_the_complaint() -> None:
    """首问负责 came out word for word as "You are the first receiver"; and the work summary's lesson said "the duty
    manager as first receiver"."""
    from models.analysis.summary import EN

    english = [prompt["text"] for prompt in read_defaults()["prompts"] if prompt["language"] == "en"]
    assert english[0].startswith("You own this complaint from the first contact: ")
    assert not [text for text in english if "first receiver" in text]
    assert "first receiver" not in EN.lesson_first and "from the first contact" in EN.lesson_first
