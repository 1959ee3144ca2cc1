"""The dialog for bugs: non-blocking, in plain words, with the error and its traceback under Details."""
from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication

# QMessageBox and Qt are imported where a box is shown: making their Python
# types (with all their enums) costs start-up time the first window does not need.
if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox, QWidget


def show_bug(parent: QWidget | None, summary: str, details: str) -> QMessageBox:
    """Non-modal 'something went wrong' dialog in plain words; the error and its traceback under
    Show Details (the person at the desk need not read them: whoever looks after the program will)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from ui.logs import log_file

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Messages", "Unexpected error"))
    box.setText(
        QCoreApplication.translate(
            "Messages",
            "Something went wrong inside Complaint Desk. Your saved work is safe; what you were doing just now "
            "may not have been saved: check it, and try again.",
        )
    )
    path = log_file()
    box.setInformativeText(
        QCoreApplication.translate(
            "Messages", "If it happens again, tell whoever looks after the program and give them the log file: %1"
        ).replace("%1", str(path))
        if path is not None
        else QCoreApplication.translate("Messages", "If it happens again, tell whoever looks after the program.")
    )
    box.setDetailedText(f"{summary}\n\n{details}")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """A modal note the user must read (tests replace this function)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A modal warning about something the user can fix (tests replace this function)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def saved_box(parent: QWidget | None, title: str, text: str, path: Path) -> QMessageBox:
    """The note that a file was written: ``text`` says what, the file's path stands on its own line (selectable,
    to paste elsewhere), and a button opens the folder that holds it."""
    from PySide6.QtCore import Qt, QUrl
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QGridLayout, QMessageBox, QSpacerItem

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(str(path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_folder = QCoreApplication.translate("Messages", "Open the &folder")
    folder = box.addButton(open_folder, QMessageBox.ButtonRole.ActionRole)
    folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))))
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    # Wide enough for the path on one line where it is not very long (a message box otherwise wraps it
    # within a third of the screen, mid-name).
    width = min(max(box.fontMetrics().horizontalAdvance(str(path)) + 80, 360), 800)
    layout = cast(QGridLayout, box.layout())
    layout.addItem(QSpacerItem(width, 0), layout.rowCount(), 0, 1, layout.columnCount())
    return box


def saved(parent: QWidget | None, title: str, text: str, path: Path) -> None:
    """A modal note that ``path`` was written (tests replace this function)."""
    saved_box(parent, title, text, path).exec()


def ask_discard(parent: QWidget | None, title: str, text: str) -> bool:
    """Asked before what was typed and not saved is thrown away: True to throw it away ("Discard it"). Keeping
    it ("Keep typing") is the default and what Esc answers (tests replace this function)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    discard = QCoreApplication.translate("Messages", "Discard it")
    thrown = box.addButton(discard, QMessageBox.ButtonRole.DestructiveRole)
    kept = box.addButton(QCoreApplication.translate("Messages", "Keep typing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(kept)
    box.setEscapeButton(kept)
    box.exec()
    return box.clickedButton() is thrown
