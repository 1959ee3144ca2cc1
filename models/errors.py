"""Errors a person can read and fix, kept apart from bugs.

Messages are English source strings marked for Qt Linguist with
``QT_TRANSLATE_NOOP`` (a plain function here: models/ never imports Qt), so
the GUI can show them translated while the command line prints them as is.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

T = TypeVar("T")

CONTEXT = "DomainError"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Mark ``text`` for translation in ``context``; return it unchanged."""
    return text


class CatalogueName(NamedTuple):
    """A catalogue entry's names as a message's value: the GUI shows the one of the user's language, the command
    line and the logs the Chinese original (its ``str``)."""

    name: str
    name_en: str = ""

    def __str__(self) -> str:
        return self.name

    def __format__(self, spec: str) -> str:
        return format(self.name, spec)


class DomainError(Exception):
    """A rule was broken by the caller's input; the message says which.

    ``template`` is the untranslated sentence with ``{name}`` placeholders,
    ``params`` fills them. ``str(error)`` is the English sentence.
    """

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


class DatabaseOpenError(DomainError):
    """The database cannot be opened, created or migrated."""


class DamagedDatabaseError(DatabaseOpenError):
    """The database file is damaged past opening (SQLite finds it malformed, or no database at all): only a
    backup brings it back (``models.backups.plan_over_damaged``)."""

    def __init__(self, template: str, path: str, **params: object) -> None:
        self.path = path
        super().__init__(template, path=path, **params)


class SchemaTooNewError(DatabaseOpenError):
    """The database was written by a newer version of the application."""


class AuthenticationError(DomainError):
    """A login was refused."""


class FieldError(DomainError):
    """Input for one field is wrong; ``field`` names it so the GUI can show
    the sentence beside that field."""

    def __init__(self, field: str, template: str, **params: object) -> None:
        self.field = field
        super().__init__(template, **params)


class FormError(FieldError):
    """Several fields of one form are wrong: ``errors`` in the form's order, so the GUI shows each
    beside its field at once. As a FieldError it is the first of them (``str()`` names them all)."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.field, first.template, **first.params)
        self.args = (" ".join(str(error) for error in errors),)


class FieldChecks:
    """Collects the refusals of a form's fields, so that all of them are reported together::

        checks = FieldChecks()
        name = checks(lambda: checked_text("name", raw, 64), "")
        checks.raise_any()
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __call__(self, check: Callable[[], T], default: T) -> T:
        """``check()``'s value, or ``default`` with its refusal kept for later."""
        try:
            return check()
        except FieldError as error:
            # Kept without its traceback or the error it replaced: their frames lead back to the form that asked,
            # and through this list to the error again (a cycle that kept a closed dialog until the collector came).
            error.__context__ = error.__cause__ = None
            self.errors.append(error.with_traceback(None))
            return default

    def refuse(self, field: str, template: str, **params: object) -> None:
        self.errors.append(FieldError(field, template, **params))

    def raise_any(self) -> None:
        """Raise what was refused: the one FieldError, or all of them as FormError. Kept neither here nor in this
        frame once raised: the error's traceback holds the frames it passes (a form's, and the form with it), and
        an error they held back was a cycle that kept a closed dialog alive until the garbage collector came."""
        errors, self.errors = self.errors, []
        try:
            if len(errors) == 1:
                raise errors[0]
            if errors:
                raise FormError(errors)
        finally:
            del errors


class AuthorityError(DomainError):
    """A proposal is beyond what this person may grant; it must go to the office.
    ``reasons`` lists each broken limit as a DomainError."""

    def __init__(self, reasons: list[DomainError]) -> None:
        self.reasons = reasons
        super().__init__(
            QT_TRANSLATE_NOOP("DomainError", "This proposal is beyond your authority: {reasons}"),
            reasons=" ".join(str(r) for r in reasons),
        )


class NotLoggedInError(DomainError):
    """A domain function was called with no one logged in (actor None)."""


class RoleChangedError(DomainError):
    """An action refused because an administrator changed the actor's role since the session read it: the
    screens follow the new role (a list read in the background says nothing of its own)."""


class AccountDisabledError(DomainError):
    """The acting account was disabled or removed while its session was open;
    the GUI locks the desk on it so nobody keeps working under that account."""


class PasswordNotOwnError(DomainError):
    """An action refused because the actor's password is one an administrator set (a new account, a reset): its
    owner chooses their own first (``Staff.must_change_password``)."""


class StorageError(DomainError):
    """The database could not take a write just now; nothing of it was saved,
    and the same action can be tried again once the cause has passed."""


class DatabaseBusyError(StorageError):
    """Another desk held the database's write lock for longer than the busy timeout."""


class ReadOnlyDatabaseError(StorageError):
    """The database file may not be written here (a read-only share, another user's file)."""


class DiskFullError(StorageError):
    """The disk holding the database is full."""


class DemoOnServerError(DomainError):
    """Demo data is not loaded into this server database (it holds cases already: models/demo/server.py)."""
