"""The dialog for bugs: non-blocking, in plain words, with the error and its traceback under Details."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

# QMessageBox and Qt are imported where a box is shown: making their Python
# types (with all their enums) costs start-up time the first window does not need.
if TYPE_CHECKING:
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
