"""First run: the organisation's name, its administrator, the default catalogues."""
from __future__ import annotations

from models import settings
from models.base import db
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldChecks, FieldError
from models.staff import Role, Staff, account_fields, create_staff, has_administrator
from models.text import checked_text

ORGANISATION_MAX = 64  # as models/catalog_admin.py's NAME_MAX, which the settings check it against


def first_run_setup(organisation: str, username: str, full_name: str, password: str) -> Staff:
    """Create the administrator and load the default catalogues, all or nothing."""
    from models.defaults import load_defaults  # the catalogues are needed once, not at every start

    checks = FieldChecks()
    organisation = _checked(checks, organisation, username, full_name, password)
    checks.raise_any()
    with db.atomic():
        if has_administrator():
            raise DomainError(QT_TRANSLATE_NOOP("DomainError", "This database has been set up already."))
        load_defaults()
        settings.put(settings.ORGANISATION_NAME, organisation)
        return create_staff(username, full_name, Role.ADMIN, password)


def setup_refusals(organisation: str, username: str, full_name: str, password: str) -> list[FieldError]:
    """What the set-up would refuse in its fields, every one, in the form's order (none: it may go ahead)."""
    checks = FieldChecks()
    _checked(checks, organisation, username, full_name, password)
    return checks.errors


def _checked(checks: FieldChecks, organisation: str, username: str, full_name: str, password: str) -> str:
    # On one line, and a long one refused in words (pasted, it was cut to 64 by the field), as the settings keep it.
    checked = checks(
        lambda: checked_text(
            "organisation",
            organisation,
            ORGANISATION_MAX,
            QT_TRANSLATE_NOOP("DomainError", "Enter the organisation's name."),
            single_line=True,
        ),
        organisation,
    )
    account_fields(checks, username, full_name, password)
    return checked


def needs_setup() -> bool:
    return not has_administrator()

