"""QApplication set-up and the start of a session at the desk: open the
database, first-run set-up, login, main window."""
from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSettings, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from ui import messages
from ui.account_dialogs import LoginDialog, SetupDialog
from ui.i18n import domain_message, install_translators
from ui.labels import role_label
from ui.logs import install_excepthook, route_qt_messages
from ui.paths import set_application_names
from ui.style import apply_style

# The models (peewee, the tables' classes) are imported where they are used: a desk's usual start shows the login
# first and loads them after its first paint, as it opens the database (``run``).
if TYPE_CHECKING:
    from peewee import SqliteDatabase

    from models.demo import DemoAccount
    from models.errors import DomainError
    from models.staff import Staff
    from ui.main_window import MainWindow

log = logging.getLogger("complaint_desk.app")

# Set (to anything but empty) for a start that ends by itself once its first window has painted: CI's smoke
# test of the built program and tests/perf/bench_program.py. It prints "first window shown at <epoch seconds>:
# <title>" and exits 0, the database closed as at a person's exit.
EXIT_AFTER_FIRST_WINDOW = "COMPLAINT_DESK_EXIT_AFTER_FIRST_WINDOW"

FIRST_RUN_DEMO_COMPLAINTS = 3000  # enough for the planted hot-spots to stand out (a few seconds)

Result = TypeVar("Result")


def create_application(argv: list[str] | None = None) -> QApplication:
    set_application_names()
    app = cast(QApplication, QApplication.instance()) or QApplication(argv if argv is not None else sys.argv)
    install_translators()
    apply_style(app)
    return app


def run(
    database_url: str,
    first_window_up: Callable[[], object] | None = None,
    before_open: Callable[[], object] | None = None,
) -> int:
    """Run the desk application until its window closes; the exit status.
    ``first_window_up`` is called once the first window (a dialog, maybe) is shown; ``before_open`` just before
    the database is opened (main.py: where the archive's anchors are kept).

    A file this desk has opened before (``remembered_organisation``) is opened behind its login: the login shows
    at once, with the organisation's name as it was, and the models are loaded and the database opened after its
    first paint (a busy dialog over it for an upgrade). A new file, a server, or a file another desk set up opens
    first, then the set-up or the login shows."""
    from ui.first_contact import load_bundled_fonts, tell_missing_chinese_font

    app = create_application()
    load_bundled_fonts()  # a program folder's own CJK font, on a system with none
    if first_window_up is not None:
        QTimer.singleShot(0, first_window_up)  # the first event loop runs once a window is shown
    # Once the first window has painted (never delaying that paint): the font check, once, over it; then,
    # for a smoke test, the exit.
    # A smoke test is told on standard error only: a box would wait for a person.
    smoke_test = bool(os.environ.get(EXIT_AFTER_FIRST_WINDOW))
    then: list[Callable[[QWidget | None], object]] = [lambda window: tell_missing_chinese_font(box=not smoke_test)]
    if smoke_test:
        then.append(_exit_shown)
    QTimer.singleShot(0, lambda: after_first_paint(then))
    route_qt_messages()
    install_excepthook(lambda summary, details: messages.show_bug(QApplication.activeWindow(), summary, details))
    install_storage_error_hook()
    return _start(app, database_url, then, before_open)


def _start(
    app: QApplication,
    database_url: str,
    then: list[Callable[[QWidget | None], object]],
    before_open: Callable[[], object] | None,
) -> int:
    """``run`` from the database's opening on; again after a backup was put in place of a damaged file."""
    organisation = remembered_organisation(database_url)
    if organisation is not None:
        return _run_behind_login(app, database_url, organisation, then, before_open)
    if before_open is not None:
        before_open()
    from models.errors import DomainError

    try:
        database = open_with_progress(database_url)
    except DomainError as error:
        if not _restored_over(database_url, error):
            return _cannot_open(database_url, error)
        return _start(app, database_url, then, before_open)  # the backup in its place: the start as ever
    except ApplicationLeaving:
        return 0
    session = DeskSession(_label(database))
    try:
        if not session.start():
            return 0
    except ApplicationLeaving:
        return 0
    return _exec(app)


def _run_behind_login(
    app: QApplication,
    database_url: str,
    organisation: str,
    then: list[Callable[[QWidget | None], object]],
    before_open: Callable[[], object] | None,
) -> int:
    """``run`` for a file opened before: the login first, the database opened after its first paint."""
    login = LoginDialog(organisation=organisation)
    login.database_opening()
    opening = _OpenBehind(login, database_url, before_open)
    then.insert(0, opening.open_soon)
    accepted = login.exec() == QDialog.DialogCode.Accepted
    if opening.error is not None:
        if _restored_over(database_url, opening.error):
            return _start(app, database_url, then, before_open)  # the backup in its place: the start as ever
        return _cannot_open(database_url, opening.error)
    if opening.database is None:  # closed before the database was open, or the application is leaving
        return 0
    session = DeskSession(_label(opening.database))
    try:
        if opening.needs_setup:  # another desk's new file, copied here: its set-up, then a login
            if not session.start():
                return 0
        elif accepted:
            session.open_main_window(login.logged_in)
        else:
            return 0
    except ApplicationLeaving:
        return 0
    return _exec(app)


class _OpenBehind:
    """The database opened behind a login on screen (``run``); what came of it."""

    def __init__(self, login: LoginDialog, database_url: str, before_open: Callable[[], object] | None) -> None:
        self.login = login
        self.database_url = database_url
        self.before_open = before_open
        self.database: SqliteDatabase | None = None
        self.error: DomainError | None = None
        self.needs_setup = False

    def open_soon(self, window: QWidget | None) -> None:
        """After the login's first paint: the database opened once the event loop has gone round again (the
        painted window is then on the screen, not only in its buffer)."""
        QTimer.singleShot(0, self.open)

    def open(self) -> None:
        from models.errors import DomainError

        if self.login.result() or not self.login.isVisible():  # closed before the database could be opened
            return
        try:
            if self.before_open is not None:
                self.before_open()
            self.database = open_with_progress(self.database_url)
        except DomainError as error:
            self.error = error
            self.login.reject()
            return
        except ApplicationLeaving:
            self.login.reject()
            return
        from models.setup import needs_setup

        if needs_setup():
            self.needs_setup = True
            self.login.reject()
            return
        self.login.database_open(remember_organisation(self.database_url))


def _restored_over(database_url: str, error: DomainError) -> bool:
    """A database damaged past opening: the offer of a backup in its place (``ui.damaged_restore``); whether one
    now stands there."""
    from models.errors import DamagedDatabaseError

    if not isinstance(error, DamagedDatabaseError):
        return False
    log.error("cannot open %s, damaged: %s", database_url, error)
    from pathlib import Path

    from ui.damaged_restore import offer_restore

    return offer_restore(Path(error.path), str(error.params.get("reason", "")))


def _cannot_open(database_url: str, error: DomainError) -> int:
    log.error("cannot open %s: %s", database_url, error)
    messages.warn(None, QCoreApplication.translate("App", "Complaint Desk"), domain_message(error))
    return 2


def _label(database: SqliteDatabase) -> str:
    from models.database import database_label

    return database_label(database)  # a server's URL without its password


# The organisation of the file this desk opened last, by its path: a start on the same file shows the login at once.
REMEMBERED_FILE_KEY = "start/file"
REMEMBERED_ORGANISATION_KEY = "start/organisation"


def remembered_organisation(database_url: str) -> str | None:
    """The organisation's name as the desk last opened this file and found it set up, or None: a file not opened
    here last, one that does not exist, or a server (its URL is not kept)."""
    if "://" in database_url or not os.path.isfile(database_url):
        return None
    stored = QSettings()
    if stored.value(REMEMBERED_FILE_KEY, "") != os.path.abspath(database_url):
        return None
    return str(stored.value(REMEMBERED_ORGANISATION_KEY, ""))


def remember_organisation(database_url: str) -> str:
    """Note the open database's organisation (set up: it has an administrator) for the next start on this file;
    its name."""
    from models import settings

    organisation = settings.get(settings.ORGANISATION_NAME) or ""
    if "://" not in database_url:
        stored = QSettings()
        stored.setValue(REMEMBERED_FILE_KEY, os.path.abspath(database_url))
        stored.setValue(REMEMBERED_ORGANISATION_KEY, organisation)
        stored.sync()  # a start that ends abruptly (killed, a smoke test) has it too
    return organisation


class ApplicationLeaving(Exception):  # noqa: N818 - not an error: the application ends
    """Every event loop was told to end (the smoke test's exit once the first window has painted, the
    session ending) while a busy dialog's work ran; raised by ``run_busy`` once that work has finished."""


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, then: list[Callable[[QWidget | None], object]]) -> None:
        super().__init__(window)
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            window = watched if isinstance(watched, QWidget) else None
            QTimer.singleShot(0, lambda: _each(self.then, window))  # the paint in hand finishes first
        return False


def after_first_paint(then: list[Callable[[QWidget | None], object]]) -> None:
    """Call each of ``then`` with the first window once it has painted (the event loop is running)."""
    window = QApplication.activeModalWidget() or QApplication.activeWindow()
    if window is None:
        shown = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
        window = shown[0] if shown else None
    if window is None:
        _each(then, None)
        return
    window.installEventFilter(_FirstPaint(window, then))
    window.update()  # a paint comes even if the first one went before the watcher


def _each(then: list[Callable[[QWidget | None], object]], window: QWidget | None) -> None:
    for step in then:
        step(window)


def _exit_shown(window: QWidget | None) -> None:
    """With EXIT_AFTER_FIRST_WINDOW: say that the first window has painted, and leave every event loop (the
    dialog's exec returns as if cancelled, and the start ends with 0)."""
    title = window.windowTitle() if window is not None else ""
    if sys.stdout is not None:
        print(f"first window shown at {time.time()!r}: {title}", flush=True)
    QCoreApplication.exit(0)


def install_storage_error_hook() -> None:
    """A locked database or a full disk that escapes a screen's own handling
    is told in its sentence, not as a bug: nothing was saved, what was typed
    is still on screen, and the same action can be tried again."""
    report_bug = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from models.errors import StorageError

        if not isinstance(error, StorageError):
            report_bug(kind, error, tb)
            return
        log.warning("not saved: %s", error)
        messages.warn(
            QApplication.activeWindow(), QCoreApplication.translate("App", "Complaint Desk"), domain_message(error)
        )

    sys.excepthook = hook


class DeskSession:
    """Leads from a fresh start to a logged-in main window."""

    def __init__(self, database_path: str) -> None:
        self.database_path = database_path
        self.window: MainWindow | None = None

    def start(self) -> bool:
        from models.setup import needs_setup

        administrator = ""
        if needs_setup():
            setup = SetupDialog()
            if setup.exec() != QDialog.DialogCode.Accepted:
                return False
            administrator = setup.administrator.username if setup.administrator is not None else ""
            if setup.load_demo.isChecked():
                show_demo_accounts(None, load_demo_with_progress(FIRST_RUN_DEMO_COMPLAINTS))
        login = LoginDialog(organisation=remember_organisation(self.database_path))
        if administrator:  # the name just chosen, typed again a moment later: the password is what is asked
            login.username.setText(administrator)
            login.password.setFocus()
        if login.exec() != QDialog.DialogCode.Accepted:
            return False
        self.open_main_window(login.logged_in)
        return True

    def open_main_window(self, staff: Staff) -> MainWindow:
        from ui.main_window import MainWindow  # after the login: the login dialog shows without it

        self.window = MainWindow(staff, self.database_path)
        self.window.start_automatic_backups()
        self.window.restored.connect(self.log_in_again)
        self.window.show()
        return self.window

    def log_in_again(self) -> None:
        """After a restore: the accounts and every screen are the backup's, so the window is made anew
        after a login (no backup is taken as it goes: the data is the restored backup)."""
        old = self.window
        if old is None:
            return
        old.automatic_backups = None
        old.hide()
        old.deleteLater()
        self.window = None
        login = LoginDialog(organisation=remember_organisation(self.database_path))  # the backup's organisation
        # The login is the only window while it is open: closing it would end the application (the last window
        # closed) before the new main window shows.
        app = cast(QApplication, QApplication.instance())
        quits = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            if login.exec() != QDialog.DialogCode.Accepted:
                QApplication.quit()
                return
            self.open_main_window(login.logged_in)
        finally:
            app.setQuitOnLastWindowClosed(quits)


class BusyDialog(QProgressDialog):
    """The busy dialog of work that cannot be stopped half way (an upgrade, the demo): Esc and the window's close
    button do nothing (Esc closed it, the desk froze until the work ended and then reported a bug that was none);
    the work's end closes it."""

    def reject(self) -> None:
        """Esc does not stop the work."""

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        event.ignore()


def run_busy(
    title: str,
    label: str,
    fn: Callable[..., Result],
    *args: object,
    parent: QWidget | None = None,
    watch: Callable[[QProgressDialog], dict[str, Any]] | None = None,
) -> Result:
    """Run ``fn`` in a worker behind a busy dialog (shown if it takes more than a
    moment) and return its result, or raise its exception. ``watch(dialog)`` gives
    keyword arguments for ``fn`` that tell the dialog how the work goes."""
    from ui.tasks import run_task  # a database upgrade or the demo: not every start

    progress = BusyDialog(parent)
    progress.setWindowTitle(title)
    progress.setLabelText(label)
    progress.setCancelButton(None)
    progress.setRange(0, 0)
    progress.setMinimumDuration(400)
    progress.setAutoReset(False)
    progress.setAutoClose(False)
    outcome: dict[str, Any] = {}
    kwargs = watch(progress) if watch is not None else {}

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        progress.done(0)

    run_task(
        fn,
        *args,
        on_done=lambda value: finish("value", value),
        on_error=lambda error: finish("error", error),
        **kwargs,
    )
    progress.exec()
    if not outcome:  # the dialog's loop ended before the work did: the application is leaving
        QThreadPool.globalInstance().waitForDone()  # an upgrade or a demo is not cut off half way
        raise ApplicationLeaving
    if "error" in outcome:
        raise outcome["error"]
    return cast(Result, outcome["value"])


def _exec(app: QApplication) -> int:
    """The desk's event loop, then its background work ended before the interpreter ends (work still running as
    Python finalised killed the process with SIGSEGV now and then, after the window had closed)."""
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()
    return status


class BusyProgress(QObject):
    """How far a busy dialog's work got, reported from its worker (``written.emit(done, total)``) and shown on the
    GUI thread."""

    written = Signal(int, int)

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.written.connect(self.show_written)

    @Slot(int, int)
    def show_written(self, done: int, total: int) -> None:
        self.dialog.setRange(0, total)
        self.dialog.setValue(done)


class DemoProgress(BusyProgress):
    """What the demo's worker reports: the complaints written, then (on a server, where they go into a temporary
    file first) each table copied to the server."""

    copied = Signal(str, int)

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.rows_copied = 0
        self.copied.connect(self.show_copied)

    @Slot(str, int)
    def show_copied(self, table: str, rows: int) -> None:
        """The rows copied so far, in all (a table's name says nothing to the person waiting)."""
        self.rows_copied += rows
        self.dialog.setRange(0, 0)
        self.dialog.setLabelText(
            QCoreApplication.translate("App", "Copying the demo data to the server… ({rows} rows copied)").format(
                rows=f"{self.rows_copied:,}"
            )
        )


def open_with_progress(database_url: str) -> SqliteDatabase:
    """Open the database; a schema upgrade (after a backup copy, which takes a
    while for a big file) runs behind a busy dialog instead of a frozen screen."""

    from models.base import is_postgresql
    from models.database import analysis_tallies_suspended, migrate, open_database, resting_indexes, schema_state

    def upgrade(database: SqliteDatabase) -> None:
        title = QCoreApplication.translate("App", "Complaint Desk")
        if schema_state(database).pending:
            label = QCoreApplication.translate("App", "Updating the database; a backup copy is made first…")
            run_busy(title, label, migrate, database)
        elif not is_postgresql(database) and resting_indexes(database):
            # A big demo load left indexes out (it was stopped, or is writing yet): seconds for a million complaints.
            label = QCoreApplication.translate("App", "Rebuilding the indexes a demo load left out…")
            run_busy(title, label, migrate, database)
        elif not is_postgresql(database) and analysis_tallies_suspended(database):
            # A demo load stopped before it rebuilt the analysis' figures (or is writing yet): seconds, as above.
            label = QCoreApplication.translate("App", "Rebuilding the analysis figures a demo load left out…")
            run_busy(title, label, migrate, database)
        migrate(database)  # nothing left to do, or the refusal of a newer schema

    return open_database(database_url, upgrade)


def load_demo_with_progress(complaints: int, parent: QWidget | None = None) -> list[DemoAccount]:
    """Generate demo data off the GUI thread behind a progress dialog."""
    from models.demo import generate_demo  # its text pools are only needed here
    from ui.tasks import report_failure

    title = QCoreApplication.translate("App", "Demo data")
    made: list[DemoAccount] = []  # the accounts made before the complaints load: they stay if the load fails

    def watch(dialog: QProgressDialog) -> dict[str, Any]:
        relay = DemoProgress(dialog)
        return {"progress": relay.written.emit, "copying": relay.copied.emit, "accounts_made": made.extend}

    try:
        return run_busy(
            title,
            QCoreApplication.translate("App", "Creating demo staff and complaints…"),
            generate_demo,
            complaints,
            parent=parent,
            watch=watch,
        )
    except Exception as error:  # noqa: BLE001 - reported; the set-up goes on with what the demo made
        report_failure(error, parent, lambda sentence: messages.warn(parent, title, sentence))
        return made  # their passwords are shown nowhere else


def show_demo_accounts(parent: QWidget | None, accounts: list[DemoAccount]) -> None:
    from html import escape  # with its table of entities: not needed for the first window

    if not accounts:
        return
    rows = "".join(
        # Each cell on one line: the box's width broke 值班经理 in two, in the one place these passwords are shown.
        f"<tr><td style='white-space:nowrap'>{escape(role_label(a.role))}</td>"
        f"<td style='white-space:nowrap'>{escape(a.full_name)}</td><td><b>{escape(a.username)}</b></td>"
        f"<td><code>{escape(a.password)}</code></td></tr>"
        for a in accounts
    )
    messages.inform(
        parent,
        QCoreApplication.translate("App", "Demo accounts"),
        QCoreApplication.translate("App", "<p>The demo staff can log in with these passwords. Note them down.</p>")
        + QCoreApplication.translate(
            "App", "<p>They were drawn at random for this database and are shown only this once.</p>"
        )
        + f"<table cellspacing='6'>{rows}</table>",
    )
