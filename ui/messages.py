"""The dialog for bugs: non-blocking, with the traceback under Details."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

# QMessageBox and Qt are imported where a box is shown: making their Python
# types (with all their enums) costs start-up time the first window does not need.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget


def show_bug(parent: QWidget | None, summary: str, details: str) -> QMessageBox:
    """Non-modal 'something went wrong' dialog with the traceback under Details."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Messages", "Unexpected error"))
    box.setText(
        QCoreApplication.translate(
            "Messages",
            "Something went wrong inside Complaint Desk. Your saved work is safe. "
            "The details below were written to the log file.",
        )
    )
    box.setInformativeText(summary)
    box.setDetailedText(details)
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
