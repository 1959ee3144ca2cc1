"""The office's backups: the list (time, size, cases, whether each checked out), "Back up now",
"Restore…" after the backup's check and a confirmation that says what is lost, the folder (this
computer's) and how many are kept (the office's). The work runs off the GUI thread with a progress bar.
On a PostgreSQL server the page only says that the server's own backups apply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.backups import (
    BEFORE_RESTORE,
    KEEP_LIMITS,
    MANUAL,
    PROGRESS_TOTAL,
    BackupInfo,
    BackupRefusedError,
    RestorePlan,
    Retention,
    back_up_now,
    database_file,
    default_folder,
    discard_plan,
    is_server_database,
    list_backups,
    pruned,
    restore,
    restore_plan,
    retention,
    save_retention,
)
from models.errors import DomainError
from models.permissions import Action, require
from models.staff import Staff
from ui import messages
from ui.backup_folder import backup_folder, choose_folder, chosen_folder
from ui.backup_text import problem_lines, refusal_text
from ui.format import date_time, number
from ui.i18n import domain_message, fill
from ui.section import SectionPage
from ui.tasks import Task, report_failure, run_task
from ui.widgets import ErrorLabel, SectionHeading

COLUMN_TAKEN, COLUMN_KIND, COLUMN_SIZE, COLUMN_CASES, COLUMN_CHECKED = range(5)
MEBIBYTE = 1024 * 1024


class BackupsPage(SectionPage):
    # The database now holds the backup's contents (and accounts): the window asks for a login again.
    restored = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = SectionHeading()
        self.server_note = QLabel()
        self.server_note.setWordWrap(True)
        self.server_note.hide()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.folder = QLineEdit()
        self.folder.editingFinished.connect(self._folder_typed)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose)
        self.default_button = QPushButton()
        self.default_button.clicked.connect(lambda: self.set_folder(None))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.default_button)
        self.daily, self.weekly, self.monthly = QSpinBox(), QSpinBox(), QSpinBox()
        # The policy as last set out (``refresh``): the section left and looked at again set it out over what was
        # typed and not saved.
        self.shown_keep: tuple[int, int, int] | None = None
        for box, kind in ((self.daily, "daily"), (self.weekly, "weekly"), (self.monthly, "monthly")):
            box.setRange(*KEEP_LIMITS[kind])
        self.save_policy_button = QPushButton()
        self.save_policy_button.clicked.connect(self.save_policy)
        keep_row = QHBoxLayout()
        self.daily_label, self.weekly_label, self.monthly_label = QLabel(), QLabel(), QLabel()
        for label, box in ((self.daily_label, self.daily), (self.weekly_label, self.weekly),
                           (self.monthly_label, self.monthly)):  # fmt: skip
            label.setBuddy(box)
            keep_row.addWidget(label)
            keep_row.addWidget(box)
        keep_row.addWidget(self.save_policy_button)
        keep_row.addStretch(1)
        self.settings_form = QFormLayout()
        self.folder_label, self.keep_label = QLabel(), QLabel()
        self.settings_form.addRow(self.folder_label, folder_row)
        self.settings_form.addRow(self.keep_label, keep_row)
        self.backups = QTreeWidget()
        self.backups.setRootIsDecorated(False)
        self.backups.setAlternatingRowColors(True)
        self.backups.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backups.itemSelectionChanged.connect(self._selection_changed)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_TOTAL)
        self.progress.hide()
        self.back_up_button = QPushButton()
        self.back_up_button.clicked.connect(self.back_up)
        self.restore_button = QPushButton()
        self.restore_button.clicked.connect(lambda: self.ask_restore())  # not clicked(checked) as the backup
        # A backup that is not in the list (a copy on a stick from another computer, one `main.py backup --out`
        # wrote): the page restored only those it listed.
        self.restore_file_button = QPushButton()
        self.restore_file_button.clicked.connect(self.ask_restore_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_up_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.restore_file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress, 1)
        self.working = QWidget()
        working_layout = QVBoxLayout(self.working)
        working_layout.setContentsMargins(0, 0, 0, 0)
        working_layout.addWidget(self.explanation)
        working_layout.addLayout(self.settings_form)
        working_layout.addWidget(self.backups, 1)
        working_layout.addWidget(self.status)
        working_layout.addWidget(self.error)
        working_layout.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.server_note)
        layout.addWidget(self.working, 1)
        layout.addStretch()  # on a server, where the working part is hidden: the note stays under the heading
        self.task: Task | None = None
        self.confirmation: QMessageBox | None = None
        self.listed: list[BackupInfo] = []
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Backups"))
        self.server_note.setText(
            self.tr(
                "This database lives on a PostgreSQL server. Its backups are the server's own (pg_dump, "
                "or the backups of whoever runs the server): Complaint Desk takes and restores none of its own."
            )
        )
        self.explanation.setText(
            self.tr(
                "Complaint Desk backs the database up by itself once a day and when it closes, while the desks "
                "go on working. Each copy is checked (SQLite's integrity check and the archive's seals and "
                "chains) before older ones are removed."
            )
        )
        self.folder_label.setText(self.tr("Backup fold&er (this computer):"))
        self.folder_label.setBuddy(self.folder)
        self.folder.setToolTip(
            self.tr("Another disk or a USB stick keeps the backups safe when this computer's disk fails.")
        )
        self.choose_button.setText(self.tr("Ch&oose…"))
        self.default_button.setText(self.tr("Beside the &database"))
        self.keep_label.setText(self.tr("Keep (every desk):"))
        self.daily_label.setText(self.tr("D&aily"))
        self.weekly_label.setText(self.tr("&Weekly"))
        self.monthly_label.setText(self.tr("&Monthly"))
        self.save_policy_button.setText(self.tr("&Save"))
        self.backups.setHeaderLabels(
            [self.tr("Taken"), self.tr("Kind"), self.tr("Size"), self.tr("Cases"), self.tr("Checked")]
        )
        self.back_up_button.setText(self.tr("&Back up now"))
        self.restore_button.setText(self.tr("&Restore…"))
        self.restore_file_button.setText(self.tr("Restore from a fi&le…"))
        if self.listed:
            self._show_list(self.listed)

    # -- what the page shows

    def refresh(self) -> None:
        on_server = is_server_database()
        self.server_note.setVisible(on_server)
        self.working.setVisible(not on_server)
        if on_server:
            return
        chosen = chosen_folder()
        self.folder.setText(str(chosen) if chosen is not None else "")
        self.folder.setPlaceholderText(str(default_folder(database_file())))
        typed = (self.daily.value(), self.weekly.value(), self.monthly.value())
        if self.shown_keep is None or typed == self.shown_keep:  # what is typed and not saved yet stays
            keep = retention()
            self.daily.setValue(keep.daily)
            self.weekly.setValue(keep.weekly)
            self.monthly.setValue(keep.monthly)
            self.shown_keep = (keep.daily, keep.weekly, keep.monthly)
        self.show_backups()

    def current_folder(self) -> Path:
        return backup_folder(database_file())

    def show_backups(self) -> None:
        chosen = chosen_folder()
        folder = chosen or default_folder(database_file())  # the default one is made at the first backup
        if chosen is not None and not chosen.is_dir():
            missing = (
                self.tr("The backup folder %1 is a file, not a folder: choose another.")
                if chosen.exists()
                else self.tr(
                    "The backup folder %1 does not exist: plug in the disk or USB stick it is on, or choose another "
                    "folder."
                )
            )
            self.error.show_message(fill(missing, folder))
            self._show_list([])
            return
        self.error.show_message("")
        self._show_list(list_backups(folder))

    def _show_list(self, backups: list[BackupInfo]) -> None:
        self.listed = backups
        self.backups.clear()
        kinds = {
            MANUAL: self.tr("taken by hand"),
            BEFORE_RESTORE: self.tr("kept aside by a restore"),
        }
        for info in backups:
            if info.checked is None:
                checked = self.tr("not checked")
            elif info.checked:
                checked = self.tr("✓ checked out")
            else:
                checked = self.tr("✗ did not check out")
            item = QTreeWidgetItem(
                [
                    date_time(info.taken_at),
                    kinds.get(info.kind, self.tr("automatic")),
                    fill(self.tr("%1 MB"), f"{info.size / MEBIBYTE:,.1f}"),
                    number(info.cases) if info.cases is not None else "",
                    checked,
                ]
            )
            item.setData(COLUMN_TAKEN, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(COLUMN_TAKEN, str(info.path))
            if info.problems:
                item.setToolTip(COLUMN_CHECKED, "\n".join(problem_lines(info)[:10]))
            for column in (COLUMN_SIZE, COLUMN_CASES):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.backups.addTopLevelItem(item)
        # Each column as wide as its texts, and never narrower than a typical one (an empty list's columns once
        # shrank to their headings).
        typical = [
            date_time(dt.datetime(2026, 12, 31, 23, 59)),
            max(kinds.values(), key=len),
            fill(self.tr("%1 MB"), "1,234.5"),
            number(1_000_000),
            self.tr("✗ did not check out"),
        ]
        metrics, padding = self.backups.fontMetrics(), self.backups.fontMetrics().averageCharWidth() * 3
        for column in range(self.backups.columnCount()):
            self.backups.resizeColumnToContents(column)
            wanted = metrics.horizontalAdvance(typical[column]) + padding
            if self.backups.columnWidth(column) < wanted:
                self.backups.setColumnWidth(column, wanted)
        if backups:
            newest = backups[0]
            self.status.setText(
                fill(self.tr("%n backup(s); the newest taken %1.", "", len(backups)), date_time(newest.taken_at))
            )
        else:
            self.status.setText(self.tr("No backup in this folder yet."))
        self._selection_changed()

    def selected_backup(self) -> Path | None:
        items = self.backups.selectedItems()
        return Path(items[0].data(COLUMN_TAKEN, Qt.ItemDataRole.UserRole)) if items else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.task is None and self.selected_backup() is not None)
        self.restore_file_button.setEnabled(self.task is None)
        self.back_up_button.setEnabled(self.task is None)

    # -- settings

    def choose(self) -> None:
        start = str(chosen_folder() or default_folder(database_file()))
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the backup folder"), start)
        if folder:
            self.set_folder(Path(folder))

    def _folder_typed(self) -> None:
        """A folder typed: taken when it is a whole path to a folder there is. A typo was this computer's backup
        folder at once, and the automatic backups failed every day after; a relative one depended on the folder
        the program was started from."""
        text = self.folder.text().strip()
        wanted = Path(text).expanduser() if text else None
        if wanted == chosen_folder():
            return
        if wanted is not None and (not wanted.is_absolute() or not wanted.is_dir()):
            # The path stays as typed, to be mended (a long one was erased for one wrong character); the sentence
            # names the folder the backups still go to.
            chosen = chosen_folder()
            still = str(chosen) if chosen is not None else self.folder.placeholderText()
            if wanted.is_absolute():
                said = fill(self.tr("The folder %1 does not exist: plug in the disk or USB stick it is on, or choose "
                                    "another folder. The backups still go to %2."), wanted, still)  # fmt: skip
            else:
                example = Path.home() / "backups"
                said = fill(self.tr("Type the folder's whole path, such as %1, or Choose… it. The backups still go "
                                    "to %2."), example, still)  # fmt: skip
            self.error.show_message(said)
            return
        self.set_folder(wanted)

    def set_folder(self, folder: Path | None) -> None:
        """Where this computer's backups go from now on (None: beside the database); the office's and an
        administrator's to choose, as backing up is (``Action.BACKUP``)."""
        try:
            require(self.actor, Action.BACKUP)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            chosen = chosen_folder()
            self.folder.setText(str(chosen) if chosen is not None else "")
            return
        choose_folder(folder)
        self.folder.setText(str(folder) if folder is not None else "")
        self.show_backups()

    def save_policy(self) -> QMessageBox | None:
        """Save the policy; one that would remove backups the present one keeps is asked about first (the box,
        open), with how many and the oldest's day: 1 / 0 / 0 saved at once, and the next backup removed all
        but one."""
        keep = Retention(self.daily.value(), self.weekly.value(), self.monthly.value())
        try:
            folder = self.current_folder()
            lost = {info.path: info for info in pruned(folder, keep)}  # kept now, gone after the next backup
            for info in pruned(folder, retention()):
                lost.pop(info.path, None)
        except OSError:  # no folder to count in (a disk unplugged): nothing there to lose now
            lost = {}
        if not lost:
            self._save_policy(keep)
            return None
        oldest = min(info.taken_at for info in lost.values())
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Keep fewer backups"))
        box.setText(self.tr("Keep fewer backups? %n backup(s) kept now will be removed after the next backup.", "",
                            len(lost)))  # fmt: skip
        box.setInformativeText(
            fill(self.tr("The oldest of them was taken %1. Backups removed cannot be restored."), date_time(oldest))
        )
        self.keep_fewer_button = box.addButton(self.tr("&Keep fewer"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda button: self._save_policy(keep) if button is self.keep_fewer_button else None)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _save_policy(self, keep: Retention) -> None:
        try:
            save_retention(self.actor, keep)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.error.show_message("")
        self.shown_keep = (keep.daily, keep.weekly, keep.monthly)
        self.status.setText(self.tr("Saved: older backups beyond these are removed after the next backup."))

    # -- the work

    def _start(self, label: str) -> None:
        self.error.show_message("")
        self.status.setText(label)
        self.progress.setValue(0)
        self.progress.show()

    def _ended(self) -> None:
        self.task = None
        self.progress.hide()
        self._selection_changed()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done * PROGRESS_TOTAL // max(total, 1))

    def _failed(self, error: Exception) -> None:
        self._ended()
        self.status.setText("")
        if isinstance(error, BackupRefusedError):  # its findings in the language shown (they were English)
            self.error.show_message(refusal_text(error))
            return
        report_failure(error, self, self.error.show_message)

    def back_up(self) -> Task | None:
        """Take a backup now, in a worker; the list shows it when checked."""
        try:
            folder = self.current_folder()
        except OSError as error:  # the default folder cannot be made (a read-only disk)
            self.error.show_message(str(error))
            return None
        self._start(self.tr("Backing up, then checking the copy…"))

        def done(info: BackupInfo) -> None:
            self._ended()
            self.show_backups()
            if info.checked:
                self.status.setText(fill(self.tr("Backed up and checked: %1."), info.path.name))
            else:
                self.error.show_message(
                    self.tr("The copy did NOT check out:") + "\n" + "\n".join(problem_lines(info)[:10])
                )

        self.task = run_task(
            _back_up_now, self.actor, folder, pass_task=True, on_done=done, on_error=self._failed,
            on_progress=self._progressed,
        )  # fmt: skip
        self._selection_changed()
        return self.task

    def ask_restore_file(self) -> Task | None:
        """A backup file chosen from anywhere, checked and restored as a listed one is."""
        try:
            start = str(self.current_folder())
        except OSError:
            start = str(database_file().parent)
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore from a file"), start, self.tr("Backups (*.db);;All files (*)")
        )
        return self.ask_restore(Path(name)) if name else None

    def ask_restore(self, backup: Path | None = None) -> Task | None:
        """Check the chosen backup (``backup``, else the list's) in a worker, then ask with what would be lost."""
        backup = backup if backup is not None else self.selected_backup()
        if backup is None:
            return None
        self._start(self.tr("Checking the backup before restoring it…"))

        def checked(plan: RestorePlan) -> None:
            self._ended()
            self.status.setText("")
            self.confirm_restore(plan)

        self.task = run_task(
            _restore_plan, self.actor, backup, pass_task=True, on_done=checked, on_error=self._failed,
            on_progress=self._progressed,
        )  # fmt: skip
        self._selection_changed()
        return self.task

    def confirm_restore(self, plan: RestorePlan) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            fill(
                self.tr("Restore the backup taken %1 (%n case(s))? It checked out.", "", plan.cases_in_backup),
                date_time(plan.taken_at),
            )
        )
        if plan.new_cases is None or plan.changed_cases is None or plan.other_changes is None:
            # Too damaged to count in: the time a backup is restored.
            lost = [self.tr("The database is damaged: what was saved since the backup cannot be counted, and it will "
                            "be gone.")]  # fmt: skip
        else:
            lost = [
                self.tr("%n case(s) received after it will be gone.", "", plan.new_cases),
                self.tr("%n case(s) changed since will go back to how they were then.", "", plan.changed_cases),
                self.tr("%n other change(s) (accounts, catalogues, settings) will be undone.", "", plan.other_changes),
            ]
        lost += [
            self.tr(
                "The database as it is now is kept aside in the backup folder first. Everyone logs in again "
                "afterwards; other desks see the restored data at their next step."
            ),
        ]
        box.setInformativeText("\n".join(lost))
        self.restore_confirm_button = box.addButton(self.tr("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self.restore(plan) if button is self.restore_confirm_button else discard_plan(plan)
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box
        box.open()
        return box

    def restore(self, plan: RestorePlan) -> Task | None:
        try:
            folder = self.current_folder()
        except OSError as error:
            self.error.show_message(str(error))
            return None
        self._start(self.tr("Keeping the database aside, then restoring the backup…"))

        def done(aside: Path) -> None:
            self._ended()
            self.show_backups()
            messages.inform(
                self,
                self.tr("Backup restored"),
                fill(
                    self.tr("The backup taken %1 is restored. The database as it was is kept in %2. Log in again."),
                    date_time(plan.taken_at),
                    aside,
                ),
            )
            self.restored.emit()

        self.task = run_task(
            _restore, self.actor, plan, folder, pass_task=True, on_done=done, on_error=self._failed,
            on_progress=self._progressed,
        )  # fmt: skip
        self._selection_changed()
        return self.task


def _back_up_now(actor: Staff, folder: Path, task: Task) -> BackupInfo:
    return back_up_now(actor, folder, progress=task.report)


def _restore_plan(actor: Staff, backup: Path, task: Task) -> RestorePlan:
    return restore_plan(actor, backup, progress=task.report)


def _restore(actor: Staff, plan: RestorePlan, folder: Path, task: Task) -> Path:
    return restore(actor, plan, folder, progress=task.report)
