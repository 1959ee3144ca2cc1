"""QApplication set-up and the start of a session at the desk: open the
database, first-run set-up, login, main window."""
from __future__ import annotations

import logging
import sys
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from models import settings
from models.database import open_database
from models.errors import DomainError
from models.setup import needs_setup
from models.staff import Staff
from ui import messages
from ui.account_dialogs import LoginDialog, SetupDialog
from ui.i18n import domain_message, install_translators
from ui.labels import role_label
from ui.logs import install_excepthook, route_qt_messages
from ui.main_window import MainWindow
from ui.paths import set_application_names
from ui.tasks import run_task

if TYPE_CHECKING:
    from models.demo import DemoAccount

log = logging.getLogger("complaint_desk.app")

FIRST_RUN_DEMO_COMPLAINTS = 300


def create_application(argv: list[str] | None = None) -> QApplication:
    set_application_names()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    install_translators()
    return app


def run(database_url: str) -> int:
    """Run the desk application until its window closes; the exit status."""
    app = create_application()
    route_qt_messages()
    install_excepthook(lambda summary, details: messages.show_bug(QApplication.activeWindow(), summary, details))
    try:
        database = open_database(database_url)
    except DomainError as error:
        log.error("cannot open %s: %s", database_url, error)
        messages.warn(None, QCoreApplication.translate("App", "Complaint Desk"), domain_message(error))
        return 2
    session = DeskSession(database.database)
    if not session.start():
        return 0
    return app.exec()


class DeskSession:
    """Leads from a fresh start to a logged-in main window."""

    def __init__(self, database_path: str) -> None:
        self.database_path = database_path
        self.window: MainWindow | None = None

    def start(self) -> bool:
        if needs_setup():
            setup = SetupDialog()
            if setup.exec() != QDialog.DialogCode.Accepted:
                return False
            if setup.load_demo.isChecked():
                show_demo_accounts(None, load_demo_with_progress(FIRST_RUN_DEMO_COMPLAINTS))
        login = LoginDialog(organisation=settings.get(settings.ORGANISATION_NAME))
        if login.exec() != QDialog.DialogCode.Accepted:
            return False
        self.open_main_window(login.staff)
        return True

    def open_main_window(self, staff: Staff) -> MainWindow:
        self.window = MainWindow(staff, self.database_path)
        self.window.show()
        return self.window


def load_demo_with_progress(complaints: int, parent: QWidget | None = None) -> list[DemoAccount]:
    """Generate demo data off the GUI thread behind a progress dialog."""
    from models.demo import generate_demo  # its text pools are only needed here

    progress = QProgressDialog(parent)
    progress.setWindowTitle(QCoreApplication.translate("App", "Demo data"))
    progress.setLabelText(QCoreApplication.translate("App", "Creating demo staff and complaints…"))
    progress.setCancelButton(None)
    progress.setRange(0, 0)
    progress.setMinimumDuration(0)
    outcome: dict[str, object] = {}

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        progress.done(0)

    run_task(
        generate_demo,
        complaints,
        on_done=lambda accounts: finish("accounts", accounts),
        on_error=lambda error: finish("error", error),
    )
    progress.exec()
    if "error" in outcome:
        error = outcome["error"]
        messages.warn(
            parent,
            QCoreApplication.translate("App", "Demo data"),
            domain_message(error) if isinstance(error, DomainError) else str(error),
        )
        return []
    return outcome.get("accounts", [])


def show_demo_accounts(parent: QWidget | None, accounts: list[DemoAccount]) -> None:
    if not accounts:
        return
    rows = "".join(
        f"<tr><td>{escape(role_label(a.role))}</td><td>{escape(a.full_name)}</td><td><b>{escape(a.username)}</b></td>"
        f"<td><code>{escape(a.password)}</code></td></tr>"
        for a in accounts
    )
    messages.inform(
        parent,
        QCoreApplication.translate("App", "Demo accounts"),
        QCoreApplication.translate("App", "<p>The demo staff can log in with these passwords. Note them down.</p>")
        + f"<table cellspacing='6'>{rows}</table>",
    )
