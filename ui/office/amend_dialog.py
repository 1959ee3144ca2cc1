"""Correcting an archived complaint: the sealed record never changes; the
correction (who, when, why, what) is appended to the archive and sealed."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from models.archive import REASON_MAX, amend
from models.errors import DomainError
from models.staff import Staff
from ui.i18n import domain_message, fill
from ui.widgets import ErrorLabel, LimitedTextEdit, add_labelled_rows, ok_cancel_buttons

CORRECTED_MAX = 2000
FIELDS = {
    "customer_name": QT_TRANSLATE_NOOP("AmendDialog", "Customer's name"),
    "customer_phone": QT_TRANSLATE_NOOP("AmendDialog", "Customer's phone"),
    "location": QT_TRANSLATE_NOOP("AmendDialog", "Location"),
    "narrative": QT_TRANSLATE_NOOP("AmendDialog", "The complaint"),
    "findings": QT_TRANSLATE_NOOP("AmendDialog", "Investigation findings"),
    "remedies": QT_TRANSLATE_NOOP("AmendDialog", "Remedies and amounts"),
    "other": QT_TRANSLATE_NOOP("AmendDialog", "Something else"),
}


class AmendDialog(QDialog):
    def __init__(self, staff: Staff, archive_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.staff = staff
        self.archive_number = archive_number
        self.field = QComboBox()
        for code, label in FIELDS.items():
            self.field.addItem(QCoreApplication.translate("AmendDialog", str(label)), code)
        self.corrected = LimitedTextEdit(CORRECTED_MAX, lines=3)
        self.reason = LimitedTextEdit(REASON_MAX, lines=2)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self)
        form = QFormLayout()
        self.field_label, self.corrected_label, self.reason_label = add_labelled_rows(
            form, self.field, self.corrected, self.reason
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.setWindowTitle(fill(self.tr("Correct %1"), archive_number))
        self.intro.setText(
            self.tr(
                "The archived form stays as it was sealed. The correction is added to the archive, sealed, and "
                "printed with the form."
            )
        )
        self.field_label.setText(self.tr("&What is corrected:"))
        self.corrected_label.setText(self.tr("&Correct text:"))
        self.reason_label.setText(self.tr("&Reason:"))

    def accept(self) -> None:
        try:
            amend(
                self.staff, self.archive_number, self.reason.text(), {self.field.currentData(): self.corrected.text()}
            )
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()
