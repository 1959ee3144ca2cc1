"""The default catalogues a new database starts with.

``resources/catalog/defaults.json`` holds the departments, complaint
categories, remedies, escalation-risk keywords (by group, with weights), the
referral guide (matters outside the company's scope and where to send the
customer, by category), the intake prompts (in
Chinese and English, written from the house rules 受理顾客投诉规章制度 and the
LEARN/HEARD service-recovery models) and a few organisation settings.

``load_defaults`` fills each catalogue only while its table is empty, and each
setting only while it is missing, so it is safe to call on every start and
never overwrites what an administrator has edited or deleted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from models import settings
from models.base import db
from models.catalog import (
    CatalogueEntry,
    Category,
    Department,
    IntakeStep,
    Location,
    PromptKind,
    ReferralGuide,
    Remedy,
    RemedyKind,
    RiskKeyword,
    ScriptPrompt,
    Severity,
)
from models.control.risk import RiskGroup

DEFAULTS_FILE = Path(__file__).resolve().parent.parent / "resources" / "catalog" / "defaults.json"

LANGUAGES = ("zh_CN", "en")


def read_defaults(path: Path = DEFAULTS_FILE) -> dict[str, Any]:
    """The parsed defaults file."""
    defaults: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return defaults


def load_defaults() -> None:
    """Insert the default catalogues into the empty tables of the open database."""
    data = read_defaults()
    with db.atomic():
        _load_named(Department, data.get("departments", []))
        _load_named(Location, data.get("locations", []))
        _load_categories(data.get("categories", []))
        _load_remedies(data.get("remedies", []))
        _load_risk_keywords(data.get("risk_keywords", []))
        _load_referral_guide(data.get("referral_guide", []))
        _load_prompts(data.get("prompts", []))
        _load_settings(data.get("settings", {}))


def _load_named(
    model: type[CatalogueEntry],
    entries: list[dict[str, Any]],
    columns: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Fill an empty catalogue: the columns every entry shares (``CatalogueEntry``),
    sorted as the file lists them, and the catalogue's own ``columns``."""
    if not entries or model.select().exists():
        return
    rows = [
        {
            "code": e["code"],
            "name": e["name"],
            "name_en": e.get("name_en", ""),
            "sort_order": i,
            **(columns(e) if columns else {}),
        }
        for i, e in enumerate(entries)
    ]
    model.insert_many(rows).execute()


def _load_categories(entries: list[dict[str, Any]]) -> None:
    departments = {d.code: d.id for d in Department.select(Department.id, Department.code)}
    _load_named(
        Category,
        entries,
        lambda e: {
            # A department the administrator removed leaves the category unrouted, not broken.
            "default_department": departments.get(e.get("default_department") or ""),
            "default_severity": Severity(e.get("default_severity", Severity.LOW)).value,
            "always_to_office": bool(e.get("always_to_office", False)),
        },
    )


def _load_remedies(entries: list[dict[str, Any]]) -> None:
    _load_named(
        Remedy,
        entries,
        lambda e: {
            "kind": RemedyKind(e["kind"]).value,
            "default_amount": Decimal(str(e.get("default_amount", "0"))).quantize(Decimal("0.01")),
            "office_only": bool(e.get("office_only", False)),
        },
    )


def _load_risk_keywords(entries: list[dict[str, Any]]) -> None:
    if not entries or RiskKeyword.select().exists():
        return
    rows = [
        {"word": e["word"], "risk_group": RiskGroup(e.get("group", RiskGroup.OTHER)).value, "weight": int(e["weight"])}
        for e in entries
    ]
    RiskKeyword.insert_many(rows).execute()


def _load_referral_guide(entries: list[dict[str, Any]]) -> None:
    categories = {c.code: c.id for c in Category.select(Category.id, Category.code)}
    # An entry of a category the administrator removed is left out, not made general.
    kept = [e for e in entries if e.get("category") is None or e["category"] in categories]
    _load_named(
        ReferralGuide,
        kept,
        lambda e: {
            "refer_to": e.get("refer_to", ""),
            "refer_to_en": e.get("refer_to_en", ""),
            "category": categories.get(e.get("category") or ""),
        },
    )


def _load_prompts(entries: list[dict[str, Any]]) -> None:
    if not entries or ScriptPrompt.select().exists():
        return
    rows = []
    for i, e in enumerate(entries):
        if e["language"] not in LANGUAGES:
            raise ValueError(f"unknown prompt language {e['language']!r}")
        rows.append(
            {
                "step": IntakeStep(e["step"]).value,
                "language": e["language"],
                "kind": PromptKind(e["kind"]).value,
                "text": e["text"],
                "sort_order": i,
            }
        )
    ScriptPrompt.insert_many(rows).execute()


def _load_settings(values: dict[str, Any]) -> None:
    for key, value in values.items():
        if not settings.Setting.select().where(settings.Setting.key == key).exists():
            settings.put(key, value)
