"""First run: the organisation's name, its administrator, the default catalogues."""
from __future__ import annotations

from models import settings
from models.base import db
from models.errors import QT_TRANSLATE_NOOP, DomainError
from models.staff import Role, Staff, create_staff, has_administrator
from models.text import checked_text

ORGANISATION_MAX = 64  # as models/catalog_admin.py's NAME_MAX, which the settings check it against


def first_run_setup(organisation: str, username: str, full_name: str, password: str) -> Staff:
    """Create the administrator and load the default catalogues, all or nothing."""
    from models.defaults import load_defaults  # the catalogues are needed once, not at every start

    # On one line, and a long one refused in words (pasted, it was cut to 64 by the field), as the settings keep it.
    organisation = checked_text(
        "organisation",
        organisation,
        ORGANISATION_MAX,
        QT_TRANSLATE_NOOP("DomainError", "Enter the organisation's name."),
        single_line=True,
    )
    with db.atomic():
        if has_administrator():
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This database has been set up already."))
        load_defaults()
        settings.put(settings.ORGANISATION_NAME, organisation)
        return create_staff(username, full_name, Role.ADMIN, password)


def needs_setup() -> bool:
    return not has_administrator()

