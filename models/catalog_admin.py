"""The office keeps the catalogues and the organisation's settings (with the
escalation-risk words and the referral guide among the catalogues). Entries
are never deleted: a retired entry disappears from new cases (a retired risk
word no longer counts) while old cases keep it. Every change is audited."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from peewee import ForeignKeyField, Model, fn

from models import settings
from models.audit import last_change, record, said_at
from models.base import db
from models.catalog import (
    Category,
    Department,
    EntryName,
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
from models.control.risk import WEIGHT_MAX, WEIGHT_MIN, RiskGroup, normalise
from models.errors import QT_TRANSLATE_NOOP, CatalogueName, DomainError, FieldChecks, FieldError
from models.intake import check_promised_minutes, parse_amount
from models.permissions import Action, require
from models.staff import Staff
from models.text import checked_text

CATALOGUES: dict[str, type[Model]] = {
    "department": Department,
    "location": Location,
    "category": Category,
    "remedy": Remedy,
    "prompt": ScriptPrompt,
    "risk_keyword": RiskKeyword,
    "referral": ReferralGuide,
}
# The catalogues a complaint cannot be taken without: the last entry in use of each is kept in use.
LAST_ONE_KEPT = {
    "category": QT_TRANSLATE_NOOP(
        "DomainError", "This is the last category in use: the desk needs one to take a complaint. Add another first."
    ),
    "department": QT_TRANSLATE_NOOP(
        "DomainError", "This is the last department in use: investigations name one. Add another first."
    ),
    "remedy": QT_TRANSLATE_NOOP(
        "DomainError", "This is the last remedy in use: proposals are made of remedies. Add another first."
    ),
}
NAME_MAX = 64
PROMPT_MAX = 200
RISK_WORD_MAX = 32
REFER_TO_MAX = 500
LANGUAGES = ("zh_CN", "en")
IDLE_MINUTES_MAX = 240


def _name(field: str, value: str, required: bool) -> str:
    """A catalogue entry's name, on one line (a tab or a line break pasted into it was stored with the name)."""
    required_text = QT_TRANSLATE_NOOP("DomainError", "Enter a name.") if required else None
    return checked_text(field, value, NAME_MAX, required_text, single_line=True)


def _choice(field: str, value: object, allowed: Iterable[object]) -> str:
    if value not in [str(v) for v in allowed]:
        raise FieldError(field, QT_TRANSLATE_NOOP("DomainError", "Choose one of the offered values."))
    return str(value)


def _new_code(model: type[Model], hint: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", hint.lower()).strip("_")[:24] or model._meta.table_name
    code, number = base, 1
    while model.select().where(model.code == code).exists():
        number += 1
        code = f"{base}_{number}"
    return code


def _risk_word(entry_id: int | None, values: dict[str, object]) -> dict[str, object]:
    word = checked_text(
        "word",
        str(values.get("word", "")),
        RISK_WORD_MAX,
        QT_TRANSLATE_NOOP("DomainError", "Write the word."),
        single_line=True,
    )
    # As the words are matched (full-width as plain, either case): DOUYIN beside 抖音's Douyin would never count.
    others = RiskKeyword.select(RiskKeyword.word)
    if entry_id is not None:
        others = others.where(RiskKeyword.id != entry_id)
    same = next((other for (other,) in others.tuples() if normalise(other) == normalise(word)), None)
    if same == word:
        raise FieldError("word", QT_TRANSLATE_NOOP("DomainError", "{word} is on the list already."), word=word)
    if same is not None:
        raise FieldError(
            "word",
            QT_TRANSLATE_NOOP(
                "DomainError", "{word} is on the list already, written {listed}: the two are matched alike."
            ),
            word=word,
            listed=same,
        )
    weight = values.get("weight")
    if not isinstance(weight, int) or not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise FieldError(
            "weight",
            QT_TRANSLATE_NOOP("DomainError", "A weight is a whole number from {low} to {high}."),
            low=WEIGHT_MIN,
            high=WEIGHT_MAX,
        )
    return {"word": word, "risk_group": _choice("risk_group", values.get("risk_group"), RiskGroup), "weight": weight}


def _refuse_taken_names(model: type[Model], entry_id: int | None, clean: dict[str, object]) -> None:
    """Two entries of a catalogue by one name (Chinese or English, letters in either case) could not be told
    apart on the screens, the forms and the analysis; a retired entry's name is refused too (bring it back)."""
    for name in ("name", "name_en"):
        value = str(clean.get(name) or "")
        if not value:
            continue
        column = getattr(model, name)
        same = model.select(model.active).where(fn.lower(column) == value.lower())
        if entry_id is not None:
            same = same.where(model.id != entry_id)
        other = same.first()
        if other is None:
            continue
        if other.active:
            message = QT_TRANSLATE_NOOP("DomainError", "Another entry is named {name} already.")
            raise FieldError(name, message, name=value)
        raise FieldError(
            name,
            QT_TRANSLATE_NOOP("DomainError", "A retired entry is named {name}: bring that one back instead."),
            name=value,
        )


def _validated(catalogue: str, values: dict[str, object], entry_id: int | None = None) -> dict[str, object]:
    if catalogue == "risk_keyword":
        return _risk_word(entry_id, values)
    if catalogue == "prompt":
        text = checked_text(
            "text", str(values.get("text", "")), PROMPT_MAX, QT_TRANSLATE_NOOP("DomainError", "Write the prompt.")
        )
        return {
            "step": _choice("step", values.get("step"), IntakeStep),
            "language": _choice("language", values.get("language"), LANGUAGES),
            "kind": _choice("kind", values.get("kind"), PromptKind),
            "text": text,
        }
    clean: dict[str, object] = {
        "name": _name("name", str(values.get("name", "")), required=True),
        "name_en": _name("name_en", str(values.get("name_en", "")), required=False),
    }
    _refuse_taken_names(CATALOGUES[catalogue], entry_id, clean)
    if catalogue == "category":
        department = values.get("default_department")
        chosen = Department.get_or_none(Department.id == department) if department is not None else None
        if department is not None and chosen is None:
            raise FieldError(
                "default_department", QT_TRANSLATE_NOOP("DomainError", "Choose the responsible department.")
            )
        kept = entry_id is not None and Category.get_by_id(entry_id).default_department_id == department
        if chosen is not None and not chosen.active and not kept:  # a retired one stays where it was, no more
            raise FieldError(
                "default_department",
                QT_TRANSLATE_NOOP("DomainError", "The department {department} is retired: choose one in use."),
                department=CatalogueName(chosen.name, chosen.name_en),
            )
        clean["default_department"] = department
        clean["default_severity"] = _choice("default_severity", values.get("default_severity"), Severity)
        clean["always_to_office"] = bool(values.get("always_to_office"))
    elif catalogue == "remedy":
        clean["kind"] = _choice("kind", values.get("kind"), RemedyKind)
        amount = cast(Decimal | str | int, values.get("default_amount", "0"))  # the form gives text or a number
        clean["default_amount"] = parse_amount(amount, "default_amount")
        clean["office_only"] = bool(values.get("office_only"))
    elif catalogue == "referral":
        clean["refer_to"] = checked_text(
            "refer_to",
            str(values.get("refer_to", "")),
            REFER_TO_MAX,
            QT_TRANSLATE_NOOP("DomainError", "Say where the customer is sent."),
        )
        clean["refer_to_en"] = checked_text("refer_to_en", str(values.get("refer_to_en", "")), REFER_TO_MAX)
        category = values.get("category")
        if category is not None and not Category.select().where(Category.id == category).exists():
            raise FieldError("category", QT_TRANSLATE_NOOP("DomainError", "Choose the complaint's category."))
        clean["category"] = category
    return clean


class CatalogueChangedMeanwhileError(DomainError):
    """Another desk changed the entry after its form was shown (``save_entry``'s ``shown``); ``current`` is the
    entry's values now: given as ``shown`` again, the change is saved over the other."""

    def __init__(self, template: str, current: dict[str, object], **params: object) -> None:
        self.current = current
        super().__init__(template, **params)


def _last_entry_change(catalogue: str, entry_id: int) -> tuple[dt.datetime, str] | None:
    """When the entry was last changed (its last ``catalogue_changed`` event), and by whom."""
    return last_change(
        "catalogue_changed", lambda change: change.get("catalogue") == catalogue and change.get("entry") == entry_id
    )


def _require_as_shown(catalogue: str, entry: Model, shown: dict[str, object]) -> None:
    """Refused when another desk changed the entry after ``shown`` was read: two windows on one category, the
    second's Save put back the first's new department, unseen."""
    current = _editable(entry).values
    if current == shown:
        return
    last = _last_entry_change(catalogue, entry.id)
    if last is None:
        raise CatalogueChangedMeanwhileError(
            QT_TRANSLATE_NOOP(
                "DomainError",
                "This entry was changed after it was shown here: nothing was saved. Press Save again to save what is "
                "in this form over that change, or choose the entry again to see it first.",
            ),
            current,
        )
    at, name = last
    raise CatalogueChangedMeanwhileError(
        QT_TRANSLATE_NOOP(
            "DomainError",
            "{name} changed this entry at {time}, after it was shown here: nothing was saved. Press Save again to "
            "save what is in this form over that change, or choose the entry again to see it first.",
        ),
        current,
        name=name,
        time=said_at(at, dt.date.today()),
    )


def save_entry(
    actor: Staff,
    catalogue: str,
    entry_id: int | None,
    values: dict[str, object],
    shown: dict[str, object] | None = None,
) -> Model:
    """Add an entry (``entry_id`` None) or change one; audited old → new. ``shown``: the entry's values as the form
    showed them (``EditableEntry.values``); changed since by another desk, the change is refused
    (``CatalogueChangedMeanwhileError``)."""
    require(actor, Action.EDIT_CATALOGUES)
    model = CATALOGUES[catalogue]
    clean = _validated(catalogue, values, entry_id)
    with db.atomic():
        actor = require(actor, Action.EDIT_CATALOGUES)
        if entry_id is None:
            if "code" in model._meta.fields:
                clean["code"] = _new_code(model, str(clean.get("name_en") or "entry"))
            if "sort_order" in model._meta.fields:
                clean["sort_order"] = (model.select().count() or 0) + 1
            entry = model.create(**clean)
            added: dict[str, Any] = {k: str(v) for k, v in clean.items()}
            record("catalogue_added", actor, catalogue=catalogue, entry=entry.id, **added)
            return entry
        entry = model.get_by_id(entry_id)
        if shown is not None:
            _require_as_shown(catalogue, entry, shown)
        changes: dict[str, Any] = {}
        for name, new in clean.items():
            field = model._meta.fields[name]
            old = getattr(entry, field.column_name) if isinstance(field, ForeignKeyField) else getattr(entry, name)
            if str(old if old is not None else "") != str(new if new is not None else ""):
                changes[name] = [str(old), str(new)]
        model.update(**clean).where(model.id == entry_id).execute()
        if changes:
            record("catalogue_changed", actor, catalogue=catalogue, entry=entry_id, **changes)
        return model.get_by_id(entry_id)


def set_active(actor: Staff, catalogue: str, entry_id: int, active: bool) -> Model:
    """Retire an entry (new cases no longer offer it; old cases keep it) or bring it back."""
    require(actor, Action.EDIT_CATALOGUES)
    model = CATALOGUES[catalogue]
    with db.atomic():
        actor = require(actor, Action.EDIT_CATALOGUES)
        if not active and catalogue in LAST_ONE_KEPT:
            # Every category retired one click at a time left the intake nothing to choose: no desk could take a
            # complaint (nor load demo data).
            in_use = [entry for (entry,) in model.select(model.id).where(model.active).limit(2).tuples()]
            if in_use == [entry_id]:
                raise DomainError(LAST_ONE_KEPT[catalogue])
        model.update(active=active).where(model.id == entry_id).execute()
        record("catalogue_restored" if active else "catalogue_retired", actor, catalogue=catalogue, entry=entry_id)
        return model.get_by_id(entry_id)


# What the forms print a logo from (the settings' file dialog offers these), by their first bytes.
_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _is_logo_image(path: Path) -> bool:
    """Whether ``path`` starts as a PNG or a JPEG file does (a text file named logo.png printed no logo, and
    said so only in the log)."""
    try:
        with path.open("rb") as file:
            start = file.read(8)
    except OSError:
        return False
    return start.startswith(_IMAGE_SIGNATURES)


def save_settings(
    actor: Staff, organisation: str, logo: str, promised_minutes: int, idle_minutes: int
) -> None:
    require(actor, Action.EDIT_CATALOGUES)
    # Every refusal of the form at once (the logo's came at the next press, after the name's).
    checks = FieldChecks()
    organisation = checks(lambda: _name("organisation", organisation, required=True), "")
    logo = (logo or "").strip()
    if logo and Path(logo).expanduser().is_dir():
        checks.refuse("logo", QT_TRANSLATE_NOOP("DomainError", "{name} is a folder: choose the logo's image file."),
                      name=logo)  # fmt: skip
    elif logo and not Path(logo).expanduser().is_file():
        checks.refuse("logo", QT_TRANSLATE_NOOP("DomainError", "The file {name} does not exist."), name=logo)
    elif logo and not _is_logo_image(Path(logo).expanduser()):
        checks.refuse("logo", QT_TRANSLATE_NOOP("DomainError", "{name} is not a PNG or JPEG image."), name=logo)
    checks(lambda: check_promised_minutes(promised_minutes), None)
    if not 0 < idle_minutes <= IDLE_MINUTES_MAX:
        checks.refuse(
            "idle_minutes",
            QT_TRANSLATE_NOOP("DomainError", "The desk locks after 1 to {limit} idle minutes."),
            limit=IDLE_MINUTES_MAX,
        )
    checks.raise_any()
    # Kept whole: "logo.png" was found in the folder the program was started from, and not when it printed from
    # another.
    logo = str(Path(logo).expanduser().resolve()) if logo else ""
    wanted = {
        settings.ORGANISATION_NAME: organisation,
        settings.LOGO_FILE: logo,
        settings.DEFAULT_PROMISED_MINUTES: promised_minutes,
        settings.IDLE_LOCK_MINUTES: idle_minutes,
    }
    with db.atomic():
        actor = require(actor, Action.EDIT_CATALOGUES)
        changes: dict[str, Any] = {k: [settings.get(k), v] for k, v in wanted.items() if settings.get(k) != v}
        for key, value in wanted.items():
            settings.put(key, value)
        if changes:
            record("settings_changed", actor, **changes)


@dataclass(frozen=True)
class EditableEntry:
    """A catalogue entry as the office's editor shows it."""

    id: int
    active: bool
    name: str  # the names ``ui.i18n.catalogue_name`` reads; empty for prompts
    name_en: str
    values: dict[str, object]  # every editable field by name, a foreign key by its id
    # The entries its foreign keys name that are retired (a category's default department since retired), by the
    # field's name: the editor offers only entries in use, and shows these as they are.
    retired: dict[str, EntryName] = field(default_factory=dict)


_NOT_EDITED = frozenset({"id", "code", "active", "sort_order"})


def _editable(entry: Model) -> EditableEntry:
    values = {
        name: getattr(entry, column.column_name) if isinstance(column, ForeignKeyField) else getattr(entry, name)
        for name, column in entry._meta.fields.items()
        if name not in _NOT_EDITED
    }
    return EditableEntry(entry.id, entry.active, getattr(entry, "name", ""), getattr(entry, "name_en", ""), values)


def entries(catalogue: str) -> list[EditableEntry]:
    """Every entry of a catalogue, the ones in use first (risk words by group)."""
    model = CATALOGUES[catalogue]
    order = (model.risk_group, model.id) if catalogue == "risk_keyword" else (model.sort_order,)
    return [_editable(entry) for entry in model.select().order_by(model.active.desc(), *order)]


def editable_entry(catalogue: str, entry_id: int) -> EditableEntry:
    """One entry for the editor, with the retired entries its fields name (``EditableEntry.retired``)."""
    entry = CATALOGUES[catalogue].get_by_id(entry_id)
    editable = _editable(entry)
    for name, fk in entry._meta.fields.items():
        named = getattr(entry, name) if isinstance(fk, ForeignKeyField) and name not in _NOT_EDITED else None
        if named is not None and not getattr(named, "active", True):
            editable.retired[name] = EntryName(named.id, named.name, named.name_en)
    return editable

