"""At a change of person (Switch user, from the lock too) the windows the last person left open go, but those handed
over on purpose: an administrator's "New password" dialog left open set the office account's password for the
duty manager who took the desk over, under the administrator's rights."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from models.staff import Role, authenticate, create_staff
from ui.main_window import SECTION_ACCOUNTS, MainWindow

from conftest import Desk


def test_the_last_person_s_dialogs_close_and_the_handed_over_windows_stay(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    from ui.office.accounts_page import AccountsPage, PasswordDialog

    admin = create_staff("wangfang", "王芳", Role.ADMIN, "admin-pass-2")
    window = MainWindow(admin)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ACCOUNTS)
    page = window._built[SECTION_ACCOUNTS]
    assert isinstance(page, AccountsPage)
    page.refresh()
    office_row = next(i for i in range(page.list.topLevelItemCount()) if page.list.topLevelItem(i).text(0) == "office")
    page.list.setCurrentItem(page.list.topLevelItem(office_row))
    password = page.ask_password()
    assert isinstance(password, PasswordDialog) and password.isVisible()
    box = QMessageBox(QMessageBox.Icon.Information, "A question", "Left open", parent=window)
    box.open()
    intake = window.open_intake()

    window.set_staff(seeded.manager)  # the duty manager takes the desk over (from the lock, or Switch user)
    assert not password.isVisible() and password.result() == QDialog.DialogCode.Rejected
    assert not box.isVisible()
    assert intake.isVisible(), "the intake is handed over: it follows the next person"
    assert authenticate("office", "office-pass-1").username == "office", "the office's password as it was"
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)]
    assert shown == [intake]


def test_the_same_person_logging_in_again_keeps_their_windows(qtbot: QtBot, seeded: Desk, english: None) -> None:
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.show()
    box = QMessageBox(QMessageBox.Icon.Information, "A question", "Left open", parent=window)
    box.open()
    window.set_staff(seeded.office)  # the same person, back from the lock
    assert box.isVisible()


def test_files_opened_for_the_viewer_are_the_owner_s_alone_and_go_at_the_change_of_person(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    """A case's evidence and an external case's documents were written to /tmp for the viewer and stayed there for
    as long as the machine ran, readable by any account on it."""
    from ui import scratch

    photo = scratch.written_for_viewer("../../现场照片.jpg", b"\xff\xd8 a photo")
    assert photo.name == "现场照片.jpg" and photo.read_bytes() == b"\xff\xd8 a photo", "no folder followed"
    assert photo.stat().st_mode & 0o777 == 0o600 and photo.parent.stat().st_mode & 0o777 == 0o700
    window = MainWindow(seeded.office)
    qtbot.addWidget(window)
    window.set_staff(seeded.office)  # the same person back from the lock: still theirs
    assert photo.exists()
    window.set_staff(seeded.manager)
    assert not photo.exists() and not photo.parent.exists()
