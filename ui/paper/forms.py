"""The complaint form of a case, as the office prints it: the archived record
(or the current draft) with the organisation's details, rendered to PDF."""

from __future__ import annotations

from models import settings
from models.archive import printable_record
from models.complaint import Complaint
from ui.paper.archive_form import render_archive_form


def complaint_form(case: Complaint, language: str, full_phone: bool = False, invariant: bool = False) -> bytes:
    return render_archive_form(
        printable_record(case),
        organisation=str(settings.get(settings.ORGANISATION_NAME) or ""),
        logo=str(settings.get(settings.LOGO_FILE) or "") or None,
        language=language,
        full_phone=full_phone,
        invariant=invariant,
    )
