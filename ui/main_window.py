"""The main window: navigation between the desk's sections, who is logged in,
switch user at a shift change, preferences; the desk locks when idle or when
the logged-in account is refused as disabled."""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from models import settings
from models.base import is_postgresql
from models.control.alerts import AlertsWaiting, alerts_waiting
from models.errors import QT_TRANSLATE_NOOP, AccountDisabledError, DomainError
from models.permissions import Action, may
from models.staff import Staff, account_now
from ui.account_dialogs import LoginDialog, OwnPasswordDialog
from ui.db_changes import DatabaseChanges
from ui.format import day_time
from ui.i18n import Retranslating, domain_message, fill, sentences
from ui.idle_lock import IdleLock, LockCover, LockDialog, account_refusals, cover_windows
from ui.labels import role_label, state_label
from ui.open_cases import OpenCasesPage
from ui.overview import OverviewPage
from ui.section import SectionPage
from ui.style import ERROR, set_role
from ui.widgets import one_click_each, resize_within_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QResizeEvent

    from models.control.hotspots import Hotspot
    from models.search import Filters
    from ui.automatic_backups import AutomaticBackups
    from ui.intake.quick_dialog import Carried, QuickCaseDialog
    from ui.intake.wizard import IntakeWizard
    from ui.office.accounts_page import AccountsPage
    from ui.office.action_dialogs import ActionDialog
    from ui.office.actions_page import ActionsPage
    from ui.office.analysis_page import AnalysisPage
    from ui.office.archive_page import ArchivePage
    from ui.office.backups_page import BackupsPage
    from ui.office.catalogue_page import CataloguePage
    from ui.office.escalations import EscalationsPage
    from ui.office.external_cases import ExternalCasesPage
    from ui.office.hotspots_page import HotspotsPage
    from ui.office.risk_page import RiskPage
    from ui.office.summary_page import SummaryPage
    from ui.preferences import PreferencesDialog
    from ui.register.case_view import CaseView
    from ui.register.register_page import RegisterPage

(
    SECTION_OVERVIEW,
    SECTION_OPEN_CASES,
    SECTION_REGISTER,
    SECTION_OFFICE,
    SECTION_RISK,
    SECTION_EXTERNAL,
    SECTION_HOTSPOTS,
    SECTION_ACTIONS,
    SECTION_ARCHIVE,
    SECTION_CATALOGUES,
    SECTION_ACCOUNTS,
    SECTION_ANALYSIS,
    SECTION_SUMMARY,
    SECTION_BACKUPS,
) = range(14)
log = logging.getLogger("complaint_desk.window")
# The property of the windows handed over to the next person at a shift change (they follow ``staff_changed``).
HANDED_OVER = "handed_over"
UNSAVED_WORK = "unsaved_work"  # a handed-over window where typing is saved under whoever is logged in
OVERVIEW_FOLLOWS_MS = 5_000  # another desk's save shows on the overview in view within this
CLOCK_MS = 60_000  # the overview and the open cases in view say the times as they are at least this often

@dataclass(frozen=True)
class LazySection:
    """A section built on first view (start-up stays quick): where its page
    class lives, who may see it, and how the window listens to it."""

    module: str
    page_class: str
    shown_to: Callable[[Staff], bool]
    follows_cases: bool = False  # shown again when a case changes
    wire: Callable[[MainWindow, SectionPage], object] | None = None

    def build(self, window: MainWindow) -> SectionPage:
        page: SectionPage = getattr(importlib.import_module(self.module), self.page_class)()
        if self.wire is not None:
            self.wire(window, page)
        return page


def _everyone(staff: Staff) -> bool:
    return True


def _office(staff: Staff) -> bool:
    return staff.is_office


def _administrators(staff: Staff) -> bool:
    return may(staff, Action.MANAGE_ACCOUNTS)


def _wire_escalations(window: MainWindow, page: EscalationsPage) -> None:
    page.decided.connect(window._case_changed)
    page.open_case.connect(window.show_case)


LAZY_SECTIONS = {
    SECTION_REGISTER: LazySection(
        "ui.register.register_page",
        "RegisterPage",
        _everyone,
        follows_cases=True,
        wire=lambda window, page: cast("RegisterPage", page).open_case.connect(window.show_case),
    ),
    SECTION_OFFICE: LazySection(
        "ui.office.escalations",
        "EscalationsPage",
        _office,
        follows_cases=True,
        wire=lambda window, page: _wire_escalations(window, cast("EscalationsPage", page)),
    ),
    SECTION_RISK: LazySection(
        "ui.office.risk_page",
        "RiskPage",
        _office,
        follows_cases=True,
        wire=lambda window, page: window._wire_risk_page(cast("RiskPage", page)),
    ),
    SECTION_ARCHIVE: LazySection("ui.office.archive_page", "ArchivePage", _office),  # brings Qt's PDF and printing
    SECTION_CATALOGUES: LazySection(
        "ui.office.catalogue_page",
        "CataloguePage",
        _office,
        wire=lambda window, page: cast("CataloguePage", page).settings_saved.connect(window._show_title),
    ),
    SECTION_ACCOUNTS: LazySection("ui.office.accounts_page", "AccountsPage", _administrators),
    SECTION_EXTERNAL: LazySection(
        "ui.office.external_cases",
        "ExternalCasesPage",
        _office,
        wire=lambda window, page: cast("ExternalCasesPage", page).open_complaint.connect(window.show_case),
    ),
    SECTION_HOTSPOTS: LazySection(
        "ui.office.hotspots_page",
        "HotspotsPage",
        _office,
        wire=lambda window, page: window._wire_hotspots(cast("HotspotsPage", page)),
    ),
    SECTION_ACTIONS: LazySection(
        "ui.office.actions_page",
        "ActionsPage",
        _office,
        wire=lambda window, page: cast("ActionsPage", page).open_complaint.connect(window.show_case),
    ),
    SECTION_ANALYSIS: LazySection(  # brings Qt Charts, which only this page loads
        "ui.office.analysis_page",
        "AnalysisPage",
        _office,
        wire=lambda window, page: cast("AnalysisPage", page).open_register.connect(window.show_filtered_register),
    ),
    SECTION_SUMMARY: LazySection(
        "ui.office.summary_page",
        "SummaryPage",
        _office,
        wire=lambda window, page: window._wire_summaries(cast("SummaryPage", page)),
    ),
    SECTION_BACKUPS: LazySection(
        "ui.office.backups_page",
        "BackupsPage",
        _office,
        wire=lambda window, page: window._wire_backups(cast("BackupsPage", page)),
    ),
}
OFFICE_SECTIONS = tuple(row for row, section in LAZY_SECTIONS.items() if section.shown_to is _office)


SIDEBAR_WIDTH, SIDEBAR_WIDEST = 220, 280  # pixels: the side bar's width, and the most a long section name takes
SIDEBAR_WIDE_FROM = 1200  # a window this wide and wider gives the side bar its longest name's width


class MainWindow(Retranslating, QMainWindow):
    staff_changed = Signal(object)
    # A backup was put in place of the database: the session asks for a login again (the accounts are the backup's).
    restored = Signal()

    def __init__(self, staff: Staff, database_path: str = "") -> None:
        super().__init__()
        # A double-click presses a button once, in every window from here on (not before the first login: a filter of
        # the whole application's events made Python types of whatever they reached, at the start's cost).
        one_click_each()
        self.staff = staff
        self.database_path = database_path
        self.new_complaint_button = QPushButton()
        self.new_complaint_button.setObjectName("newComplaint")
        self.new_complaint_button.setMinimumHeight(44)
        self.new_complaint_button.clicked.connect(lambda: self.open_intake())
        # The quick path for small clear cases (抓大放小): one screen, closed on the spot.
        self.quick_case_button = QPushButton()
        self.quick_case_button.setObjectName("quickCase")
        self.quick_case_button.clicked.connect(lambda: self.open_quick_case())
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.pages = QStackedWidget()
        self.overview = OverviewPage()
        self.overview.open_hotspot.connect(self.show_hotspot)
        self.overview.open_action.connect(self.show_action)
        self.overview.show_cases.connect(self.show_open_cases)
        self.overview.show_register.connect(self.show_register_of)
        self.overview.continue_case.connect(self.continue_case)
        self.overview.open_case.connect(self.show_case)
        self.overview.open_escalation.connect(self.show_escalation)
        self.overview.open_risks.connect(lambda: self.navigation.setCurrentRow(SECTION_RISK))
        self.open_cases = OpenCasesPage()
        self.open_cases.continue_case.connect(self.continue_case)
        self.open_cases.open_case.connect(self.show_case)
        self._built: dict[int, SectionPage] = {}
        for page in (self.overview, self.open_cases):
            self._add_section(page)
        for _ in LAZY_SECTIONS:
            self._add_section(QWidget())  # built on first view: start-up stays quick
        self._set_icons()
        # The overview and the open cases follow the database and the clock only in view: out of view, what came
        # meanwhile marks them to be read again when they are looked at.
        self._stale: set[int] = set()
        self.navigation.currentRowChanged.connect(self._section_chosen)
        self.navigation.setCurrentRow(SECTION_OVERVIEW)
        self.intake: IntakeWizard | None = None
        self.switch_dialog: LoginDialog | None = None  # the shift change's login while it is open
        self.quick_case: QuickCaseDialog | None = None
        # What other desks save shows here without a refresh: the office's risk alerts above all.
        self.changes = DatabaseChanges(self)
        self.changes.changed.connect(self._database_changed)
        # The overview in view follows other desks too, at most once per interval: its hot-spots
        # run a detection (a third of a second at a million complaints) in a worker.
        self.overview_due = QTimer(self)
        self.overview_due.setSingleShot(True)
        self.overview_due.setInterval(OVERVIEW_FOLLOWS_MS)
        self.overview_due.timeout.connect(self._refresh_overview_in_view)
        # And the clock: a promise runs out, a wait grows, a day ends with nobody saving anything (a quiet night
        # desk showed "in 0 min" in black long after the promise had passed).
        self.clock = QTimer(self)
        self.clock.setInterval(CLOCK_MS)
        self.clock.timeout.connect(self._clock_moved)
        self.clock.start()
        self.alerts = AlertsWaiting(0)
        self.risk_banner = QFrame()
        self.risk_banner.setObjectName("riskBanner")
        self.risk_banner_text = QLabel()
        self.risk_banner_text.setObjectName("riskBannerText")
        self.risk_banner_text.setWordWrap(True)
        self.risk_banner_button = QPushButton()
        self.risk_banner_button.clicked.connect(lambda: self.navigation.setCurrentRow(SECTION_RISK))
        banner_layout = QHBoxLayout(self.risk_banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.risk_banner_text, 1)
        banner_layout.addWidget(self.risk_banner_button)
        self.risk_banner.hide()

        sidebar = self.sidebar = QWidget()
        sidebar.setFixedWidth(SIDEBAR_WIDTH)  # as wide as its longest section name (``_fit_sidebar``)
        # Long section names end in "…" (their tooltip says them in full), never a scroll bar.
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setTextElideMode(Qt.TextElideMode.ElideRight)
        side_layout = QVBoxLayout(sidebar)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.new_complaint_button)
        side_layout.addWidget(self.quick_case_button)
        side_layout.addWidget(self.navigation, 1)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.risk_banner)
        content_layout.addWidget(self.pages, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(sidebar)
        layout.addWidget(content, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        # An automatic backup that failed stays said here until one succeeds.
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setWordWrap(True)
        set_role(self.backup_warning, ERROR)
        self.backup_warning.hide()
        self.automatic_backups: AutomaticBackups | None = None
        self.statusBar().addWidget(self.backup_warning, 1)
        self.statusBar().addPermanentWidget(self.user_label)
        self._create_actions()
        self.retranslateUi()
        self.idle_minutes = int(settings.get(settings.IDLE_LOCK_MINUTES))
        self.idle_lock = IdleLock(self.idle_minutes * 60_000, self)
        self.lock_dialog: LockDialog | None = None
        self._lock_covers: list[LockCover] = []  # over every window while the desk is locked
        self.set_staff(staff)
        resize_within_screen(self, 1100, 700)
        self.idle_lock.idle.connect(self.lock)
        # Queued: the screen that made the refused call shows its sentence first, then the desk locks.
        account_refusals().account_disabled.connect(self._account_refused, Qt.ConnectionType.QueuedConnection)

    def start_automatic_backups(self) -> AutomaticBackups | None:
        """Back up once a day while the desk runs and when the window closes (the desk session turns this
        on; windows made by tests have none). None on a PostgreSQL server: its backups are the server's
        (pg_dump, as the Backups page explains), and the application's would only fail, day after day."""
        from pathlib import Path

        from ui.automatic_backups import AutomaticBackups

        if is_postgresql():
            return None

        backups = AutomaticBackups(Path(self.database_path), self)
        backups.failed.connect(self._backup_failed)
        backups.succeeded.connect(lambda _: self.backup_warning.hide())
        self.automatic_backups = backups
        return backups

    def _wire_backups(self, page: BackupsPage) -> None:
        page.restored.connect(self.restored)

    def _backup_failed(self, sentence: str) -> None:
        self.backup_warning.setText("⚠ " + sentence)
        self.backup_warning.setToolTip(sentence)
        self.backup_warning.show()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt naming
        if not self._edits_left():
            event.ignore()
            return
        if self.automatic_backups is not None:
            backups, self.automatic_backups = self.automatic_backups, None
            backups.at_close(self)
        super().closeEvent(event)

    def _summary_left(self, handing_over: bool = False) -> bool:
        """Whether the window may close (or the desk be handed over) as far as the work summary goes: its edits not
        saved yet are thrown away only when the office user says so, as the intake asks (closing lost them without
        a word; a shift change left them for the next person, who could save them as a version of their own)."""
        page = self._built.get(SECTION_SUMMARY)
        if page is None or not cast("SummaryPage", page).dirty:
            return True
        from ui import messages

        question = (
            self.tr("The work summary has changes not saved yet. Hand the desk over and throw them away?")
            if handing_over
            else self.tr("The work summary has changes not saved yet. Close and throw them away?")
        )
        return messages.ask_discard(self, self.tr("Work summary not saved"), question)

    def ask_switch_user(self) -> LoginDialog | None:
        """File → Switch user: the shift change's login, once the unsaved edits (the work summary's, an account's)
        are saved or thrown away (None: the person went back to them)."""
        if not self._edits_left(handing_over=True):
            return None
        return self.switch_user()

    def _edits_left(self, handing_over: bool = False) -> bool:
        """Whether the window may close (or the desk be handed over) with what is typed and not saved: the work
        summary's, an account's and a catalogue entry's are asked about (closing with an account's limits typed
        lost them unasked)."""
        if not self._summary_left(handing_over):
            return False
        accounts = self._built.get(SECTION_ACCOUNTS)
        if accounts is not None and cast("AccountsPage", accounts).keep_typed():
            return False
        catalogues = self._built.get(SECTION_CATALOGUES)  # an entry's typing went unasked too
        return catalogues is None or not cast("CataloguePage", catalogues).keep_typed()

    def _section(self, row: int) -> SectionPage:
        """The page of a lazily built section, built now if need be."""
        page = self._built.get(row)
        if page is None:
            page = LAZY_SECTIONS[row].build(self)
            page.set_staff(self.staff)
            placeholder = cast(QWidget, self.pages.widget(row))  # the empty page holding the section's place
            self.pages.insertWidget(row, page)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[row] = page
        return page

    @property
    def register(self) -> RegisterPage:
        return cast("RegisterPage", self._section(SECTION_REGISTER))

    @property
    def escalations(self) -> EscalationsPage:
        return cast("EscalationsPage", self._section(SECTION_OFFICE))

    @property
    def risk(self) -> RiskPage:
        return cast("RiskPage", self._section(SECTION_RISK))

    @property
    def archive(self) -> ArchivePage:
        return cast("ArchivePage", self._section(SECTION_ARCHIVE))

    @property
    def catalogues(self) -> CataloguePage:
        return cast("CataloguePage", self._section(SECTION_CATALOGUES))

    @property
    def external_cases(self) -> ExternalCasesPage:
        return cast("ExternalCasesPage", self._section(SECTION_EXTERNAL))

    @property
    def hotspots(self) -> HotspotsPage:
        return cast("HotspotsPage", self._section(SECTION_HOTSPOTS))

    @property
    def improvement_actions(self) -> ActionsPage:
        return cast("ActionsPage", self._section(SECTION_ACTIONS))

    @property
    def analysis(self) -> AnalysisPage:
        return cast("AnalysisPage", self._section(SECTION_ANALYSIS))

    @property
    def work_summaries(self) -> SummaryPage:
        return cast("SummaryPage", self._section(SECTION_SUMMARY))

    @property
    def backups(self) -> BackupsPage:
        return cast("BackupsPage", self._section(SECTION_BACKUPS))

    @property
    def accounts(self) -> AccountsPage:
        return cast("AccountsPage", self._section(SECTION_ACCOUNTS))

    def _set_icons(self) -> None:
        """Each section with an icon of the platform's style (no files to ship, every platform has them)."""
        pixmap = QStyle.StandardPixmap
        icons = {
            SECTION_OVERVIEW: pixmap.SP_DirHomeIcon,
            SECTION_OPEN_CASES: pixmap.SP_FileDialogContentsView,
            SECTION_REGISTER: pixmap.SP_FileDialogDetailedView,
            SECTION_OFFICE: pixmap.SP_ArrowUp,
            SECTION_RISK: pixmap.SP_MessageBoxWarning,
            SECTION_EXTERNAL: pixmap.SP_DriveNetIcon,
            SECTION_HOTSPOTS: pixmap.SP_MessageBoxInformation,
            SECTION_ACTIONS: pixmap.SP_DialogApplyButton,
            SECTION_ARCHIVE: pixmap.SP_DirIcon,
            SECTION_CATALOGUES: pixmap.SP_FileDialogListView,
            SECTION_ACCOUNTS: pixmap.SP_ComputerIcon,
            SECTION_ANALYSIS: pixmap.SP_FileDialogInfoView,
            SECTION_SUMMARY: pixmap.SP_FileDialogStart,
            SECTION_BACKUPS: pixmap.SP_DriveHDIcon,
        }
        style = self.style()
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            item.setIcon(style.standardIcon(icons.get(row, pixmap.SP_FileIcon)))

    def _add_section(self, page: QWidget) -> None:
        self.pages.addWidget(page)
        self.navigation.addItem(QListWidgetItem())

    def _create_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.new_complaint_action = QAction(self)
        self.new_complaint_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_complaint_action.triggered.connect(lambda: self.open_intake())
        self.file_menu.addAction(self.new_complaint_action)
        self.quick_case_action = QAction(self)
        self.quick_case_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.quick_case_action.triggered.connect(lambda: self.open_quick_case())
        self.file_menu.addAction(self.quick_case_action)
        self.file_menu.addSeparator()
        self.switch_user_action = QAction(self)
        self.switch_user_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_user_action.triggered.connect(self.ask_switch_user)
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_own_password)
        self.preferences_action = QAction(self)
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.switch_user_action)
        self.file_menu.addAction(self.password_action)
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _show_title(self) -> None:
        """The product's name last, as on every other window (the application's display name, see
        ui.i18n.install_translators): the organisation first (as the settings name it now: at each login and
        when the office saves them here), then whether it is the demo."""
        parts = [settings.get(settings.ORGANISATION_NAME)]
        if settings.is_demo():  # nobody should mistake the demo for the real desk
            parts.append(self.tr("DEMO DATA"))
        parts.append(self.tr("Complaint Desk"))
        self.setWindowTitle(" — ".join(part for part in parts if part))

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self._show_title()
        self.navigation.item(SECTION_OVERVIEW).setText(self.tr("Overview"))
        self.navigation.item(SECTION_OPEN_CASES).setText(self.tr("Open cases"))
        self.navigation.item(SECTION_REGISTER).setText(self.tr("Register"))
        self.navigation.item(SECTION_OFFICE).setText(self.tr("Office: escalated cases"))
        self.risk_banner_button.setText(self.tr("Open the ris&k list"))
        self._show_alerts()
        self.navigation.item(SECTION_ARCHIVE).setText(self.tr("Office: archive"))
        self.navigation.item(SECTION_CATALOGUES).setText(self.tr("Office: catalogues"))
        self.navigation.item(SECTION_ACCOUNTS).setText(self.tr("Administration: accounts"))
        self.navigation.item(SECTION_EXTERNAL).setText(self.tr("Office: external cases"))
        self.navigation.item(SECTION_HOTSPOTS).setText(self.tr("Office: hot-spots"))
        self.navigation.item(SECTION_ACTIONS).setText(self.tr("Office: improvement actions"))
        self.navigation.item(SECTION_ANALYSIS).setText(self.tr("Office: analysis"))
        self.navigation.item(SECTION_SUMMARY).setText(self.tr("Office: work summaries"))
        self.navigation.item(SECTION_BACKUPS).setText(self.tr("Office: backups"))
        for row in range(self.navigation.count()):  # an elided name is read in full in its tooltip
            item = self.navigation.item(row)
            item.setToolTip(item.text())
        self._fit_sidebar()
        self.new_complaint_button.setText(self.tr("+ New complaint"))
        self.new_complaint_button.setToolTip(self.tr("Receive a complaint step by step with the intake (Ctrl+N)"))
        self.new_complaint_action.setText(self.tr("&New complaint…"))
        self.quick_case_button.setText(self.tr("Quick case (small, clear)…"))
        self.quick_case_button.setToolTip(
            self.tr("Receive and close a small clear complaint on one screen (Ctrl+Shift+N)")
        )
        self.quick_case_action.setText(self.tr("Q&uick case…"))  # &Quit has Q
        self.file_menu.setTitle(self.tr("&File"))
        self.switch_user_action.setText(self.tr("&Switch user…"))
        self.password_action.setText(self.tr("Change my pass&word…"))
        self.preferences_action.setText(self.tr("&Preferences…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Complaint Desk"))
        self._show_user()

    def _fit_sidebar(self) -> None:
        """The side bar as wide as the longest section name in the language shown (English's "Office: improvement
        actions" was cut at 220 pixels), within SIDEBAR_WIDTH and SIDEBAR_WIDEST; a longer one ends in "…". In a
        narrow window it keeps SIDEBAR_WIDTH: the sections' tables need the room more (their tooltips say a cut
        name whole)."""
        navigation = self.navigation
        # The widest row as the list's style draws it (icon, text, the style's padding), its frame and a scroll
        # bar's room (a short screen shows one).
        needed = (navigation.sizeHintForColumn(0) + 2 * navigation.frameWidth()
                  + navigation.verticalScrollBar().sizeHint().width())  # fmt: skip
        wide = self.width() >= SIDEBAR_WIDE_FROM
        self.sidebar.setFixedWidth(max(SIDEBAR_WIDTH, min(SIDEBAR_WIDEST, needed)) if wide else SIDEBAR_WIDTH)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if (event.size().width() >= SIDEBAR_WIDE_FROM) != (event.oldSize().width() >= SIDEBAR_WIDE_FROM):
            self._fit_sidebar()

    def set_staff(self, staff: Staff, at_login: bool = True) -> None:
        """The window for ``staff``: at a login (the first, Switch user), or when its role changed meanwhile
        (``at_login`` False: the section in view stays when the new role may see it)."""
        if staff.id != self.staff.id:
            self._close_the_last_persons_windows()
        self._uncover()  # a login from the lock: the next person sees the windows handed over
        summary = cast("SummaryPage | None", self._built.get(SECTION_SUMMARY))
        if summary is not None and summary.dirty and staff.id != self.staff.id:
            # Handed over from the lock (the author gone): the next person neither sees nor saves them as their own.
            log.warning("the work summary's unsaved edits of %s were dropped at the shift change", self.staff.username)
            summary.discard()
        self.staff = staff
        # The settings as they are at this login (Switch user is one): the idle lock's minutes, the organisation.
        self.idle_minutes = int(settings.get(settings.IDLE_LOCK_MINUTES))
        self.idle_lock.timer.setInterval(self.idle_minutes * 60_000)
        self._show_title()
        self.overview.set_staff(staff)
        self.overview.refresh()
        for row, section in LAZY_SECTIONS.items():
            item = self.navigation.item(row)
            shown = section.shown_to(staff)
            item.setHidden(not shown)
            # Hidden rows are no choice either: End and typing a name reached them from the keyboard.
            chosen = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            item.setFlags(item.flags() | chosen if shown else item.flags() & ~chosen)
        for page in self._built.values():
            page.set_staff(staff)
        current = self.navigation.currentRow()
        if current in LAZY_SECTIONS and not LAZY_SECTIONS[current].shown_to(staff):
            self.navigation.setCurrentRow(SECTION_OVERVIEW)
        else:
            self._show_section(self.navigation.currentRow())
        if self.open_cases.set_staff(staff) and at_login:
            # Unfinished drafts (after a crash or a closed window) are offered first.
            self.navigation.setCurrentRow(SECTION_OPEN_CASES)
        self._show_user()
        self.refresh_alerts()
        self.staff_changed.emit(staff)

    def _close_the_last_persons_windows(self) -> None:
        """At a change of person (Switch user, from the lock too): every window the last person left open goes,
        but those handed over on purpose, which follow the next person (``HANDED_OVER``: the intake, a case
        view, the quick case). An administrator's "New password" dialog left open took the next person's
        password for the office account, under the administrator's rights; an amendment was signed by the
        office account that had opened it."""
        from ui import scratch

        scratch.clear()  # the evidence and documents the last person opened, in the system's viewer
        keep = {self, self.lock_dialog, self.switch_dialog}
        for widget in QApplication.topLevelWidgets():
            if widget in keep or not widget.isVisible() or widget.property(HANDED_OVER):
                continue
            log.info("closed at the change of person: %s %r", type(widget).__name__, widget.windowTitle())
            if isinstance(widget, QDialog):
                widget.done(QDialog.DialogCode.Rejected)  # what was typed goes unasked: its author is gone
            else:
                widget.close()

    def _show_section(self, row: int) -> None:
        section = LAZY_SECTIONS.get(row)
        if section is not None and not section.shown_to(self.staff):  # a section this account may not see
            self.navigation.setCurrentRow(self.pages.currentIndex() if self.pages.currentIndex() != row else 0)
            return
        page = self._section(row) if section is not None else None
        self.pages.setCurrentIndex(row)
        if section is not None and page is not None and section.shown_to(self.staff):
            page.refresh()  # sections load when looked at, not at login

    def _section_chosen(self, row: int) -> None:
        """A section chosen in the side bar: the overview and the open cases as the cases are now when another
        desk saved, or the clock moved on, while they were out of view (they showed a case closed meanwhile)."""
        self._show_section(row)
        if row not in self._stale:
            return
        self._stale.discard(row)
        if row == SECTION_OVERVIEW:
            self.overview.refresh()
        elif row == SECTION_OPEN_CASES:
            self.open_cases.refresh()

    def _mark_stale(self) -> None:
        self._stale.update({SECTION_OVERVIEW, SECTION_OPEN_CASES} - {self.navigation.currentRow()})

    def show_open_cases(self, which: str = "all") -> None:
        """The Open cases section with one of its filters (the overview's cards)."""
        self.navigation.setCurrentRow(SECTION_OPEN_CASES)
        self.open_cases.show_filter(which)

    def show_register_of(self, which: str) -> None:
        """The register with the complaints received today ("today") or closed this month ("month")."""
        self.navigation.setCurrentRow(SECTION_REGISTER)
        self.register.show_period(which)

    def show_escalation(self, case_id: int) -> None:
        self.navigation.setCurrentRow(SECTION_OFFICE)
        self.escalations.select_case(case_id)

    def show_case(self, case_id: int) -> CaseView:
        from ui.register.case_view import CaseView

        view = CaseView(case_id, self.staff, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.continue_case.connect(self.continue_case)
        view.open_case.connect(self.show_case)
        view.changed.connect(lambda _case_id: self._case_changed())
        view.setProperty(HANDED_OVER, True)
        self.staff_changed.connect(view.set_staff)  # a shift change while it stays open: the next person's
        view.open()
        return view

    # -- hot-spots and improvement actions (the office's)

    def _wire_hotspots(self, page: HotspotsPage) -> None:
        page.open_complaints.connect(self.show_in_register)
        page.open_action.connect(self.show_action)
        page.create_action.connect(self.create_action)

    def show_hotspot(self, key: str) -> None:
        """The hot-spots page with this one chosen (the overview's double-click)."""
        self.navigation.setCurrentRow(SECTION_HOTSPOTS)
        self.hotspots.show_key(key)

    def show_action(self, action_id: int) -> None:
        self.navigation.setCurrentRow(SECTION_ACTIONS)
        self.improvement_actions.show_action(action_id)

    def show_in_register(self, ids: list[int], what: str) -> None:
        self.navigation.setCurrentRow(SECTION_REGISTER)
        self.register.show_only(ids, what)

    def _wire_summaries(self, page: SummaryPage) -> None:
        page.open_complaints.connect(self.show_in_register)
        page.open_register.connect(lambda filters, what: self.show_filtered_register(filters, what, True))

    def show_filtered_register(self, filters: Filters, what: str, from_summary: bool = False) -> None:
        """The register with these filters (from a bar of the analysis, or a figure of the work summary when
        ``from_summary``; ``what`` it shows)."""
        self.navigation.setCurrentRow(SECTION_REGISTER)
        self.register.show_filtered(filters, what, from_summary)

    def create_action(self, spot: Hotspot, complaint_ids: list[int]) -> ActionDialog:
        from ui.office.action_dialogs import ActionDialog

        dialog = ActionDialog(self.staff, hotspot=spot, complaint_ids=complaint_ids, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.show_action(cast(int, dialog.action_id)))
        dialog.open()
        return dialog

    def open_intake(self, case_id: int | None = None) -> IntakeWizard:
        """The intake wizard for a new complaint, or to continue ``case_id``."""
        from ui.intake.wizard import IntakeWizard  # its five pages are built on first use

        wizard = IntakeWizard(self.staff, case_id, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.watch(self.changes)
        wizard.outcome.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        wizard.case_changed.connect(self._case_changed)
        wizard.continue_other.connect(self.continue_case)
        wizard.new_complaint.connect(self.open_intake)
        wizard.back_to_queue.connect(lambda: self.navigation.setCurrentRow(SECTION_OPEN_CASES))
        wizard.to_quick_case.connect(lambda receipt: self.open_quick_case().take_receipt(receipt))
        wizard.finished.connect(lambda _: self._case_changed())
        wizard.setProperty(HANDED_OVER, True)
        wizard.setProperty(UNSAVED_WORK, True)
        self.staff_changed.connect(wizard.set_staff)  # a shift change while it stays open: the next person's
        self.intake = wizard
        wizard.open()
        return wizard

    def continue_case(self, case_id: int) -> IntakeWizard | None:
        """The intake for ``case_id`` when this person may still go on with it; else a sentence saying what
        became of it (another desk closed it, withdrew it or sent it to the office since the list or the
        case view was read: its page no longer exists) and the lists read again."""
        from PySide6.QtWidgets import QMessageBox

        from models.case_detail import case_detail, may_continue

        case = case_detail(case_id)
        if may_continue(self.staff, case):
            return self.open_intake(case_id)
        taken = case.taken_over_by
        if taken:  # the lists said so already: no "changed meanwhile", and no state in quotes
            said = fill(self.tr("%1 is handled by %2 of the office now: the desk can no longer continue it."),
                        case.number, taken)  # fmt: skip
        else:
            said = fill(self.tr("%1 cannot be continued here: it is %2 now (changed meanwhile)."), case.number,
                        state_label(case.state))  # fmt: skip
        QMessageBox.information(self, fill(self.tr("Case %1"), case.number), said)
        self._case_changed()
        return None

    def open_quick_case(self) -> QuickCaseDialog:
        """One small clear case on one screen; what does not fit goes on in the wizard."""
        from ui.intake.quick_dialog import QuickCaseDialog

        dialog = QuickCaseDialog(self.staff, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.closed_case.connect(self._case_changed)
        dialog.to_wizard.connect(self._quick_to_wizard)
        dialog.setProperty(HANDED_OVER, True)
        dialog.setProperty(UNSAVED_WORK, True)
        self.staff_changed.connect(dialog.set_staff)
        self.quick_case = dialog
        dialog.open()
        return dialog

    def _quick_to_wizard(self, case_id: int, carried: Carried) -> None:
        """The case the quick path saved, in the wizard at its next step with the rest as typed."""
        from models.case_detail import case_detail
        from models.complaint import State
        from models.intake import remember_page
        from ui.intake.wizard import RESUME_PAGE

        remember_page(self.staff, case_id, RESUME_PAGE[State(case_detail(case_id).state)])
        wizard = self.open_intake(case_id)
        wizard.carry(carried)
        self._case_changed(case_id)

    def _case_changed(self, case_id: int | None = None) -> None:
        """A case changed here (an intake's step, a quick case, a decision): the overview or the open cases read
        again when in view, else when next looked at (both were read at every step of an intake, behind it: the
        open cases on the GUI thread, a fifth of a second at a million complaints)."""
        current = self.navigation.currentRow()
        self._mark_stale()
        if current == SECTION_OVERVIEW:
            self.overview.refresh()
        elif current == SECTION_OPEN_CASES:
            self.open_cases.refresh()
        section = LAZY_SECTIONS.get(current)
        if section is not None and section.follows_cases and section.shown_to(self.staff):
            self._show_section(current)

    def _wire_risk_page(self, page: RiskPage) -> None:
        page.case_changed.connect(self._case_changed)
        page.open_case.connect(self.show_case)

    def _database_changed(self) -> None:
        """Another desk (or this one) saved something: the alerts, and the page in view when it follows cases."""
        now = account_now(self.staff.id)
        if now is None or not now.active:
            # Disabled by an administrator at another desk: the desk locks now, as at the account's next save (its
            # window went on showing the register and the customers' details until then).
            disabled = AccountDisabledError(
                QT_TRANSLATE_NOOP("DomainError", "The account {username} is disabled; ask an administrator."),
                username=self.staff.username,
            )
            self.lock(domain_message(disabled))
            return
        if now.role != self.staff.role:
            # An administrator changed the role of the person logged in: the window follows it (an office
            # account made a duty manager kept every office section, each action then refused).
            self.set_staff(now, at_login=False)
            changed = self.tr("An administrator changed your role: you are %1 now.")
            self.statusBar().showMessage(fill(changed, role_label(now.role)), 60_000)
        self.refresh_alerts()
        self._follow(with_risks=True)

    def _clock_moved(self) -> None:
        """A minute has passed: the lists of what needs doing now, in view, say the times as they are now."""
        self._follow(with_risks=False)

    def _follow(self, with_risks: bool) -> None:
        """The lists that follow the cases: the one in view read again (the risk list too, ``with_risks``), the
        others marked to be read when looked at."""
        self._mark_stale()
        current = self.navigation.currentRow()
        if current == SECTION_OPEN_CASES:
            self.open_cases.refresh_in_background()
        elif current == SECTION_OVERVIEW and not self.overview_due.isActive():
            self.overview_due.start()
        elif current == SECTION_RISK and with_risks and SECTION_RISK in self._built:
            self.risk.refresh()
        elif current == SECTION_OFFICE and SECTION_OFFICE in self._built:
            self.escalations.refresh()  # a new escalation, a customer waiting (the decision typed stays)

    def _refresh_overview_in_view(self) -> None:
        if self.navigation.currentRow() == SECTION_OVERVIEW:
            self.overview.refresh()

    def refresh_alerts(self) -> None:
        """The office's unanswered risk alerts, in a banner that stays until they are answered (no sound)."""
        if not self.staff.is_office:
            self.alerts = AlertsWaiting(0)
        else:
            try:
                self.alerts = alerts_waiting()
            except DomainError:  # another desk saving: the next change asks again
                return
        self._show_alerts()

    def _show_alerts(self) -> None:
        waiting = self.alerts
        label = self.tr("Office: escalation risk")
        if waiting.count:
            label = fill(self.tr("Office: escalation risk (%1)"), waiting.count)
        self.navigation.item(SECTION_RISK).setText(label)
        newest, oldest = waiting.newest, waiting.oldest
        if newest is None or oldest is None:
            self.risk_banner.hide()
            return
        # The newest named (a new alert changed only the count: easy to miss), the oldest's wait said beside it.
        who = newest.number or self.tr("a customer not saved yet")
        text = self.tr("⚠ %n alert(s) from the desk wait for the office.", "", waiting.count)
        told = fill(self.tr("%1 told the office of %2 at %3."), newest.raised_by, who, day_time(newest.raised_at))
        several = waiting.count > 1
        if several:
            told = fill(self.tr("Newest: %1"), told)
        waits = fill(self.tr("The oldest waits since %1."), day_time(oldest.raised_at)) if several else ""
        self.risk_banner_text.setText(sentences(text, told, waits, newest.note or ""))  # the desk's own words last
        self.risk_banner.show()

    def _show_user(self) -> None:
        self.user_label.setText(fill(self.tr("Logged in: %1 · %2"), self.staff.full_name, role_label(self.staff.role)))
        self.user_label.setToolTip(self.database_path)

    def lock(self, reason: str = "") -> LockDialog:
        """Idle too long (or ``reason``, the account was refused): ask for the
        password again, every window covered but kept as it is behind its cover
        (gone at the password, or at the next person's login). The lock is
        modal to the whole application, so an open intake wizard waits behind
        it too."""
        if self.lock_dialog is not None and self.lock_dialog.isVisible():
            return self.lock_dialog
        self.idle_lock.pause()
        dialog = LockDialog(self.staff, self.idle_minutes, self, reason)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._lock_covers += cover_windows((dialog, self.switch_dialog))
        dialog.unlocked.connect(self._uncover)
        dialog.accepted.connect(self.idle_lock.resume)
        dialog.switch_user.connect(lambda: self._switch_from_lock(reason))
        dialog.show()
        self.lock_dialog = dialog
        return dialog

    def _uncover(self) -> None:
        """The covers of the lock gone: the password was typed, or the next person logged in."""
        from shiboken6 import isValid

        covers, self._lock_covers = self._lock_covers, []
        for cover in covers:
            if isValid(cover):  # gone with its window (a message closed meanwhile)
                cover.remove()

    def _switch_from_lock(self, reason: str) -> None:
        # Cancelling the login must not leave the desk unlocked under the old account. The person locked out is
        # away: no handover note in their name (a login already under way, its note written, goes on as it is).
        login = self.switch_user(absent=True)
        if not login.property("locks_when_cancelled"):
            login.setProperty("locks_when_cancelled", True)
            login.rejected.connect(lambda: self.lock(reason))

    def _account_refused(self, error: AccountDisabledError) -> None:
        if error.params.get("username") == self.staff.username:
            self.lock(domain_message(error))

    def switch_user(self, absent: bool = False) -> LoginDialog:
        """The shift change's login; the one already open when there is one (the desk locked while the outgoing
        duty manager wrote the handover note: a second, empty login recorded the handover without it)."""
        under_way = self.switch_dialog
        if under_way is not None and under_way.isVisible():
            under_way.raise_()
            under_way.activateWindow()
            return under_way
        # The intake and quick case left open go to the next person as they are: the login names them.
        open_work = [
            widget.windowTitle()
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible() and widget.property(UNSAVED_WORK)
        ]
        dialog = LoginDialog(
            self, current=self.staff, organisation=settings.get(settings.ORGANISATION_NAME), open_work=open_work,
            absent=absent,
        )  # fmt: skip
        dialog.accepted.connect(lambda: self.set_staff(dialog.logged_in))
        self.switch_dialog = dialog
        dialog.open()
        return dialog

    def change_own_password(self) -> OwnPasswordDialog:
        """The person logged in chooses their own password (the administrator set the first one)."""
        dialog = OwnPasswordDialog(self.staff, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(self.tr("Your password is changed."), 10_000))
        dialog.open()
        return dialog

    def open_preferences(self) -> PreferencesDialog:
        from ui.preferences import PreferencesDialog  # dialogs of the menus load when opened: start-up stays quick

        dialog = PreferencesDialog(self)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        import html

        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Complaint Desk"),
            fill(
                self.tr(
                    "<p><b>Complaint Desk</b> 0.1</p><p>Front-desk complaint handling for duty managers and the "
                    "office.</p><p>Database: %1</p>"
                ),
                html.escape(self.database_path),
            ),
        )
