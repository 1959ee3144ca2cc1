"""Step 5: close the case (house rule 10): follow-ups owed to the customer and
an improvement suggestion. Sealing into the archive hooks into ``close``."""
from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from models.catalog import IntakeStep
from models.complaint import FollowUpKind
from models.intake import FOLLOW_UP_MAX, SUGGESTION_MAX, Closing, FollowUpRequest, close
from ui.format import DATE_TIME
from ui.intake.base_page import IntakePage
from ui.widgets import DateTimeEdit, LimitedTextEdit


class ClosePage(IntakePage):
    step = IntakeStep.CLOSE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        call_back = QWidget()
        row = QHBoxLayout(call_back)
        row.setContentsMargins(0, 0, 0, 0)
        self.call_back = QCheckBox()
        self.call_back_at = DateTimeEdit()
        self.call_back_at.setCalendarPopup(True)
        self.call_back_at.setDisplayFormat(DATE_TIME)
        self.call_back_note = QLineEdit()
        row.addWidget(self.call_back)
        row.addWidget(self.call_back_at)
        row.addWidget(self.call_back_note, 1)
        self.add_field("follow_up", call_back)
        self.promised_items = self.add_field("promised_item", LimitedTextEdit(FOLLOW_UP_MAX, lines=2))
        self.suggestion = self.add_field("improvement_suggestion", LimitedTextEdit(SUGGESTION_MAX, lines=3))
        self.setCommitPage(True)  # closed and sealed: nothing to go back to
        self.call_back.toggled.connect(self.call_back_at.setEnabled)
        self.call_back.toggled.connect(self.call_back_note.setEnabled)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(
            self.tr("Close and follow up"),
            self.tr("Keep every promise made to the customer; the record goes to the office archive."),
        )
        texts = {
            "follow_up": self.tr("Call-back:"),
            "promised_item": self.tr("&Promised items:"),
            "improvement_suggestion": self.tr("&Improvement suggestion:"),
        }
        self.set_labels(texts)
        self.call_back.setText(self.tr("Call the customer back &at"))
        self.call_back_note.setPlaceholderText(self.tr("What to ask or tell them"))
        self.promised_items.setPlaceholderText(
            self.tr("Items or services still to be delivered, e.g. a fruit plate to room 1208 tomorrow morning")
        )
        self.suggestion.setPlaceholderText(self.tr("What should change so that this does not happen again"))

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        tomorrow = QDateTime.currentDateTime().addDays(1)
        tomorrow.setTime(QTime(10, 0))
        self.call_back_at.setDateTime(tomorrow)
        self.call_back.setChecked(False)
        self.call_back_at.setEnabled(False)
        self.call_back_note.setEnabled(False)
        self.suggestion.setText(self.saved_case().improvement_suggestion)

    def closing(self) -> Closing:
        follow_ups = []
        if self.call_back.isChecked():
            due = cast(dt.datetime, self.call_back_at.dateTime().toPython())
            description = self.call_back_note.text() or self.tr("Call back to check the customer is satisfied")
            follow_ups.append(FollowUpRequest(FollowUpKind.CALL_BACK, due, description))
        if self.promised_items.text().strip():
            follow_ups.append(FollowUpRequest(FollowUpKind.PROMISED_ITEM, None, self.promised_items.text()))
        return Closing(follow_ups, self.suggestion.text())

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        closing = self.closing()
        if not self.save(lambda: close(self.intake.staff, self.intake.saved_case_id, closing, now=dt.datetime.now())):
            return False
        self.intake.closed()
        return True
