"""Message boxes, all through here so tests can observe them without a modal
loop blocking. Error dialogs for bugs carry an expandable traceback."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("complaint_desk.messages")


def show_bug(parent: QWidget | None, summary: str, details: str) -> QMessageBox:
    """Non-modal 'something went wrong' dialog with the traceback under Details."""
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
    box.open()
    return box


def show_error(parent: QWidget | None, text: str) -> QMessageBox:
    """A mistake the user can fix: one plain sentence, window-modal, non-blocking."""
    log.info("user error shown: %s", text)
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Messages", "Complaint Desk"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box
