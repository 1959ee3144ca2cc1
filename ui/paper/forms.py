"""The complaint form of a case, as the office prints it: the archived record
(or the current draft) with the organisation's details, rendered to PDF."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypedDict

from models import settings
from models.archive import printable_record
from models.staff import Staff
from ui.paper.archive_form import render_archive_form, written_archive_forms


class _Options(TypedDict):
    organisation: str
    logo: str | None
    language: str
    full_phone: bool
    invariant: bool
    demo: bool


def _options(language: str, full_phone: bool, invariant: bool) -> _Options:
    return {
        "organisation": str(settings.get(settings.ORGANISATION_NAME) or ""),
        "logo": str(settings.get(settings.LOGO_FILE) or "") or None,
        "language": language,
        "full_phone": full_phone,
        "invariant": invariant,
        "demo": settings.is_demo(),
    }


def complaint_form(
    actor: Staff | None, case_id: int, language: str, full_phone: bool = False, invariant: bool = False
) -> bytes:
    """The form as PDF; an archived one only for the office (``printable_record`` refuses others)."""
    return render_archive_form(printable_record(actor, case_id), **_options(language, full_phone, invariant))


def complaint_forms_to_folder(
    actor: Staff | None, case_ids: Iterable[int], folder: Path, language: str, full_phone: bool = False
) -> Iterator[Path]:
    """One PDF file per case (named by its archive number), rendered and written one at a time: each path as soon
    as its file is whole."""
    records = (printable_record(actor, case_id) for case_id in case_ids)
    return written_archive_forms(records, folder, **_options(language, full_phone, False))
