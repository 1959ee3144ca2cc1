"""The database cannot be opened (damaged past opening): a backup put in its place, from the start of the desk.

There is no account to log in with then: the backup's own accounts say who may restore it (an office or
administrator account of the backup, as ``models.backups.restorer_of`` checks). The backups beside the database
that checked out are offered, newest first, or any other file. The check runs behind a progress dialog; what the
restore means is asked before anything changes; the damaged file is kept aside, never deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.backups import (
    BackupRefusedError,
    RestorePlan,
    default_folder,
    discard_plan,
    list_backups,
    plan_over_damaged,
    restore_over_damaged,
    restorer_of,
)
from models.errors import DomainError
from ui.backup_text import refusal_text
from ui.format import date_time
from ui.i18n import domain_message, fill
from ui.widgets import ErrorLabel, enter_presses


class DamagedDatabaseDialog(QDialog):
    """Restore a backup in place of a database that cannot be opened; accepted once it is restored."""

    def __init__(self, database: Path, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.aside: Path | None = None
        self.setWindowTitle(self.tr("The database cannot be opened"))
        self.explanation = said = QLabel(
            fill(
                self.tr(
                    "The database %1 cannot be opened: %2.\n\nA backup can take its place. The damaged file is kept "
                    "aside in the backups folder, never deleted. Close Complaint Desk on the other computers that "
                    "use this database first."
                ),
                database,
                self.reason_words(reason),
            )
        )
        said.setWordWrap(True)
        said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup = QComboBox()
        self.backup.setMinimumContentsLength(40)
        self.other_button = QPushButton(self.tr("&Other file…"))
        self.other_button.clicked.connect(self.choose_file)
        choice = QHBoxLayout()
        choice.addWidget(self.backup, 1)
        choice.addWidget(self.other_button)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = ErrorLabel()
        form = QFormLayout()
        backup_label = QLabel(self.tr("&Backup:"))
        backup_label.setBuddy(self.backup)
        form.addRow(backup_label, choice)
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        account = QLabel(self.tr("An office or administrator account as it was in the backup."))
        account.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(self.tr("&Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.restore)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(said)
        layout.addLayout(form)
        layout.addWidget(account)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        enter_presses(self, self.restore_button)
        self.list_backups()
        self.username.setFocus()

    def reason_words(self, reason: str) -> str:
        """SQLite's reason in words, with its own beside them (what a technician searches for)."""
        known = {
            "database disk image is malformed": self.tr("the file is damaged"),
            "file is not a database": self.tr("the file is no database (any more)"),
        }
        words = known.get(reason.rstrip("."))
        return fill(self.tr("%1 (%2)"), words, reason) if words else reason

    def list_backups(self) -> None:
        """The backups beside the database that checked out, newest first (their sidecars: the file itself is not
        read)."""
        self.backup.clear()
        for info in list_backups(default_folder(self.database), self.database):
            if info.checked:
                cases = self.tr("%n case(s)", "", info.cases or 0)
                self.backup.addItem(fill(self.tr("%1 — %2 (%3)"), date_time(info.taken_at), cases, info.path.name),
                                    str(info.path))  # fmt: skip

    def choose_file(self) -> None:
        folder = default_folder(self.database)
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), str(folder if folder.is_dir() else self.database.parent),
            self.tr("Backups (*.db);;All files (*)"),
        )  # fmt: skip
        if name:
            self.backup.insertItem(0, name, name)
            self.backup.setCurrentIndex(0)

    def chosen(self) -> Path | None:
        value = self.backup.currentData()
        return Path(value) if value else None

    def restore(self) -> None:
        """Check the backup, log in on it, ask, and put it in place; the sentence of what went wrong otherwise."""
        from ui.app import BusyProgress, run_busy

        self.error.show_message("")
        backup = self.chosen()
        if backup is None:
            self.error.show_message(self.tr("Choose a backup: none beside the database checked out."))
            return
        if not self.username.text().strip() or not self.password.text():
            self.error.show_message(self.tr("Enter the user name and the password of an account of the backup."))
            (self.username if not self.username.text().strip() else self.password).setFocus()
            return

        def watch(dialog: QProgressDialog) -> dict[str, Any]:
            return {"progress": BusyProgress(dialog).written.emit}

        plan: RestorePlan | None = None
        try:
            plan = run_busy(self.windowTitle(), self.tr("Checking the backup…"), plan_over_damaged, self.database,
                            backup, parent=self, watch=watch)  # fmt: skip
            actor = restorer_of(plan, self.username.text(), self.password.text())
            if not self.confirmed(plan):
                return
            self.aside = restore_over_damaged(actor, plan, self.database)
        except BackupRefusedError as error:
            self.error.show_message(refusal_text(error))
            return
        except DomainError as error:
            self.error.show_message(domain_message(error))
            self.password.clear()
            return
        finally:
            if plan is not None:
                discard_plan(plan)  # the copy, unless it took the database's place
        self.accept()

    def confirmed(self, plan: RestorePlan) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Restore a backup"))
        box.setText(
            fill(
                self.tr("Restore the backup taken %1 (%n case(s)) in place of the damaged database?", "",
                        plan.cases_in_backup),
                date_time(plan.taken_at),
            )
        )  # fmt: skip
        box.setInformativeText(
            self.tr(
                "What was saved since the backup cannot be counted in the damaged file, and it will be gone. The "
                "damaged file is kept aside in the backups folder."
            )
        )
        self.confirm_button = box.addButton(self.tr("&Restore"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirmation = box
        box.exec()
        return box.clickedButton() is self.confirm_button


def offer_restore(database: Path, reason: str, parent: QWidget | None = None) -> bool:
    """The dialog over a database that cannot be opened; whether a backup now stands in its place."""
    dialog = DamagedDatabaseDialog(database, reason, parent)
    restored = dialog.exec() == QDialog.DialogCode.Accepted
    if restored:
        from PySide6.QtCore import QCoreApplication

        from ui import messages

        messages.inform(
            parent,
            QCoreApplication.translate("DamagedDatabaseDialog", "Backup restored"),
            fill(
                QCoreApplication.translate(
                    "DamagedDatabaseDialog", "The backup is restored. The damaged database is kept in %1."
                ),
                dialog.aside,
            ),
        )
    return restored

