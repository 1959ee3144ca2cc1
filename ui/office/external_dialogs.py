"""The office's dialogs for an external case: record one (linked to a complaint found by number, phone or
name, or for a customer who went straight outside, whose complaint is then created) or correct it; the
reply sent; closing with the outcome. Each calls one function of ``models.control.external`` and shows
its refusal beside the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import cast

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.catalog import Severity, categories
from models.control.external import (
    ASKED_MAX,
    NOTE_MAX,
    REFERENCE_MAX,
    REPLY_MAX,
    ExternalInput,
    Outcome,
    StraightOutside,
    channels,
    close_external,
    deadlines,
    edit_external,
    external_number,
    record_external,
    record_reply,
)
from models.control.external_queries import ExternalDetail, complaints_to_link
from models.customer import mask_phone
from models.errors import DomainError
from models.intake import NAME_MAX, NARRATIVE_MAX
from models.staff import Staff
from ui.format import DATE, date_time
from ui.i18n import Retranslating, catalogue_name, domain_message, fill
from ui.labels import code_name
from ui.widgets import AskingDialog, DateEdit, ErrorLabel, LimitedTextEdit, ok_cancel_buttons


def _date(edit: QDateEdit) -> dt.date:
    return cast(dt.date, edit.date().toPython())


def _date_edit(value: dt.date) -> QDateEdit:
    edit = DateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE)
    return edit


class ExternalCaseDialog(Retranslating, AskingDialog):
    """Record an external case, or (``detail`` given) correct one; ``case_id`` holds the case after OK."""

    def __init__(self, actor: Staff, detail: ExternalDetail | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.detail = detail
        self.case_id: int | None = detail.row.id if detail else None
        today = dt.date.today()
        self.channel = QComboBox()
        self.channel_rows = {row.id: row for row in channels(active_only=False)}
        for row in self.channel_rows.values():
            if row.active:
                self.channel.addItem(catalogue_name(row), row.id)
            elif detail is not None and row.id == detail.channel_id:
                # The case's own channel, retired since: kept (a correction switched it to the list's first).
                self.channel.addItem(fill(self.tr("%1 (retired)"), catalogue_name(row)), row.id)
        self.reference = QLineEdit()
        self.reference.setMaxLength(REFERENCE_MAX * 2)  # longer is refused by the rule, with its sentence: not cut
        self.received_on = _date_edit(today)
        self.received_on.setMaximumDate(QDate.currentDate())
        self.given = QCheckBox()
        self.reply_by = _date_edit(today)
        self.reply_by.setEnabled(False)
        self.given.toggled.connect(self.reply_by.setEnabled)
        # Greyed, the day the channel's rule gives (a new case showed today's date there).
        for changed in (self.channel.currentIndexChanged, self.received_on.dateChanged, self.given.toggled):
            changed.connect(self._show_rule_due)
        self.asked = LimitedTextEdit(ASKED_MAX, lines=3)
        form = QFormLayout()
        self.labels = {name: QLabel() for name in ("channel", "reference", "received_on", "given", "reply_by", "asked")}
        for name, widget in (
            ("channel", self.channel),
            ("reference", self.reference),
            ("received_on", self.received_on),
            ("given", self.given),
            ("reply_by", self.reply_by),
            ("asked", self.asked),
        ):
            self.labels[name].setBuddy(widget)
            form.addRow(self.labels[name], widget)

        # The original complaint: found, or created for a customer who went straight outside.
        self.link_box = QWidget()
        self.link_existing = QRadioButton()
        self.link_existing.setChecked(True)
        self.link_new = QRadioButton()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find_complaints)
        self.found = QTreeWidget()
        self.found.setRootIsDecorated(False)
        self.found.currentItemChanged.connect(self._link_chosen)
        self.found.setMinimumHeight(120)
        self.new_box = QWidget()
        self.customer_name = QLineEdit()
        self.customer_name.setMaxLength(NAME_MAX * 2)
        self.phone = QLineEdit()
        self.phone.setMaxLength(40)  # a number pasted with more is refused whole, not cut into another number
        self.category = QComboBox()
        for category in categories():
            self.category.addItem(catalogue_name(category), category.id)
        self.category.setCurrentIndex(-1)  # chosen by the office (it opened on the first: 服务态度 for any complaint)
        self.severity = QComboBox()
        for severity in Severity:
            self.severity.addItem(code_name("severity", severity.value), severity.value)
        self.narrative = LimitedTextEdit(NARRATIVE_MAX, lines=2)
        new_form = QFormLayout(self.new_box)
        new_form.setContentsMargins(20, 0, 0, 0)
        self.new_labels = {name: QLabel() for name in ("customer_name", "phone", "category", "severity", "narrative")}
        for name, widget in (
            ("customer_name", self.customer_name),
            ("phone", self.phone),
            ("category", self.category),
            ("severity", self.severity),
            ("narrative", self.narrative),
        ):
            self.new_labels[name].setBuddy(widget)
            new_form.addRow(self.new_labels[name], widget)
        link_layout = QVBoxLayout(self.link_box)
        link_layout.setContentsMargins(0, 0, 0, 0)
        link_layout.addWidget(self.link_existing)
        link_layout.addWidget(self.search)
        link_layout.addWidget(self.found, 1)
        link_layout.addWidget(self.link_new)
        link_layout.addWidget(self.new_box)
        self.link_new.toggled.connect(self._link_changed)
        self.linked = QLabel()

        self.error = ErrorLabel()
        self.buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.linked)
        layout.addWidget(self.link_box, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if detail is not None:
            self._fill(detail)
        self.link_box.setVisible(detail is None)
        self.linked.setVisible(detail is not None)
        self._link_changed()
        self._show_rule_due()  # a new case showed today's date as its reply's, until a field changed
        self.resize(640, 640)
        self.retranslateUi()
        self.opened_with = self._typed()

    def _typed(self) -> tuple[str, ...]:
        """The texts typed in the form: what Esc or Cancel would throw away once they differ from how it opened."""
        texts = (self.reference, self.asked, self.customer_name, self.phone, self.narrative)
        return tuple(widget.text().strip() for widget in texts)

    def discard_question(self) -> tuple[str, str] | None:
        if self._typed() == self.opened_with:
            return None
        if self.detail is not None:
            return self.tr("Discard what you typed?"), self.tr(
                "The external case is not changed, and what you typed will be lost."
            )
        return self.tr("Discard what you typed?"), self.tr(
            "The external case is not recorded, and what you typed will be lost."
        )

    def _show_rule_due(self) -> None:
        if self.given.isChecked():
            return
        row = self.channel_rows.get(self.channel.currentData())
        if row is None:
            return
        if self.detail is not None and row.id == self.detail.channel_id:  # the case keeps the days it was given
            kept = self.detail
            row = replace(row, acceptance_days=kept.acceptance_days, handling_days=kept.handling_days)
        due = deadlines(row, cast(dt.date, self.received_on.date().toPython())).due_on
        self.reply_by.setDate(QDate(due.year, due.month, due.day))

    def _fill(self, detail: ExternalDetail) -> None:
        row = detail.row
        self.channel.setCurrentIndex(max(0, self.channel.findData(detail.channel_id)))
        self.reference.setText(row.reference)
        self.received_on.setDate(QDate(row.received_on.year, row.received_on.month, row.received_on.day))
        # The day the reply is due: the outside body's, or (greyed) the one the channel's rule gives.
        due = detail.reply_by if detail.reply_by is not None else row.due_on
        self.reply_by.setDate(QDate(due.year, due.month, due.day))
        self.given.setChecked(detail.reply_by is not None)
        self.asked.setText(detail.asked)
        self.linked_number = row.complaint_number

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("Correct the external case") if self.detail else self.tr("Record an external case"))
        texts = {
            "channel": self.tr("&Where it went:"),
            "reference": self.tr("External &reference:"),
            "received_on": self.tr("Reached us &on:"),
            "given": self.tr("The outside body set the reply's date:"),
            "reply_by": self.tr("Reply &by:"),
            "asked": self.tr("What is &asked:"),
        }
        for name, label in self.labels.items():
            label.setText(texts[name])
        new_texts = {
            "customer_name": self.tr("Customer:"),
            "phone": self.tr("Phone:"),
            "category": self.tr("Category:"),
            "severity": self.tr("Severity:"),
            "narrative": self.tr("The complaint:"),
        }
        for name, label in self.new_labels.items():
            label.setText(new_texts[name])
        self.reference.setPlaceholderText(self.tr("The outside body's case number, e.g. 12315 work order"))
        self.asked.setPlaceholderText(self.tr("What the outside body or the customer asks the company to do"))
        self.link_existing.setText(self.tr("The original &complaint:"))
        self.link_new.setText(self.tr("The customer went &straight outside: create the complaint from this case"))
        self.search.setPlaceholderText(self.tr("Archive number, #id, the customer's phone or name"))
        self.found.setHeaderLabels([self.tr("Number"), self.tr("Received"), self.tr("Customer"), self.tr("Complaint")])
        self.narrative.setPlaceholderText(
            self.tr("What the customer complained about, as the outside body passed it on")
        )
        if self.detail is not None:
            self.linked.setText(fill(self.tr("Linked to complaint %1."), self.linked_number))

    def _link_chosen(self) -> None:
        self.error.show_message("")  # "Link the original complaint…" answered

    def _link_changed(self) -> None:
        """Only the chosen way's fields show: the search and what it found take the room of the new
        complaint's fields, and the other way round."""
        new = self.link_new.isChecked()
        self.new_box.setVisible(new)
        self.search.setVisible(not new)
        self.found.setVisible(not new)

    def find_complaints(self) -> int:
        self.found.clear()
        choices = complaints_to_link(self.search.text())
        for choice in choices:
            customer = " ".join(filter(None, [choice.customer, mask_phone(choice.phone)]))
            item = QTreeWidgetItem([choice.number, date_time(choice.received_at), customer, choice.narrative])
            item.setData(0, Qt.ItemDataRole.UserRole, choice.id)
            self.found.addTopLevelItem(item)
        for column in range(self.found.columnCount() - 1):
            self.found.resizeColumnToContents(column)
        # Chosen for the office only when the search names one complaint: the first of fifty found by "王" was
        # linked, and the link sealed into that complaint's archive, without anyone choosing it.
        if len(choices) == 1:
            self.found.setCurrentItem(cast(QTreeWidgetItem, self.found.topLevelItem(0)))
        return len(choices)

    def values(self) -> ExternalInput:
        return ExternalInput(
            channel_id=self.channel.currentData(),
            received_on=_date(self.received_on),
            reference=self.reference.text(),
            asked=self.asked.text(),
            reply_by=_date(self.reply_by) if self.given.isChecked() else None,
        )

    def accept(self) -> None:
        try:
            if self.detail is not None:
                edit_external(self.actor, self.detail.row.id, self.values())
            elif self.link_new.isChecked():
                original = StraightOutside(
                    narrative=self.narrative.text(),
                    category_id=self.category.currentData(),
                    customer_name=self.customer_name.text(),
                    phone=self.phone.text(),
                    severity=self.severity.currentData(),
                )
                self.case_id = record_external(self.actor, self.values(), original=original)
            else:
                item = self.found.currentItem()
                linked = item.data(0, Qt.ItemDataRole.UserRole) if item else None
                self.case_id = record_external(self.actor, self.values(), complaint_id=linked)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class ReplyDialog(Retranslating, AskingDialog):
    """The reply sent to the outside body."""

    def __init__(self, actor: Staff, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.case_id = case_id
        self.label = QLabel()
        self.reply = LimitedTextEdit(REPLY_MAX, lines=8)
        self.label.setBuddy(self.reply)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.reply, 1)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self))
        self.resize(560, 380)
        self.retranslateUi()

    def discard_question(self) -> tuple[str, str] | None:
        if not self.reply.text().strip():
            return None
        return self.tr("Discard the reply?"), self.tr("The reply is not recorded, and what you typed will be lost.")

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Record the reply: %1"), external_number(None, self.case_id)))
        self.label.setText(self.tr("The &reply sent to the outside body:"))

    def accept(self) -> None:
        try:
            record_reply(self.actor, self.case_id, self.reply.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()


class CloseDialog(Retranslating, AskingDialog):
    """Close the case with the outside body's outcome; it is sealed into the archive."""

    def __init__(self, actor: Staff, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.case_id = case_id
        self.number = ""
        self.outcome = QComboBox()
        for outcome in Outcome:
            self.outcome.addItem(code_name("external_outcome", outcome.value), outcome.value)
        self.note = LimitedTextEdit(NOTE_MAX, lines=4)
        self.outcome_label, self.note_label, self.sealed = QLabel(), QLabel(), QLabel()
        self.sealed.setWordWrap(True)
        self.outcome_label.setBuddy(self.outcome)
        self.note_label.setBuddy(self.note)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(self.outcome_label, self.outcome)
        form.addRow(self.note_label, self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sealed)
        layout.addWidget(self.error)
        self.buttons = ok_cancel_buttons(self)
        layout.addWidget(self.buttons)
        self.resize(520, 300)
        self.retranslateUi()

    def discard_question(self) -> tuple[str, str] | None:
        if not self.note.text().strip():
            return None
        return (
            self.tr("Discard the closing note?"),
            self.tr("The external case is not closed, and the note you typed will be lost."),
        )

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(fill(self.tr("Close the external case %1"), external_number(None, self.case_id)))
        # The button says what cannot be undone (not a plain OK).
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close and &archive"))
        self.outcome_label.setText(self.tr("&Outcome:"))
        self.note_label.setText(self.tr("Closing &note:"))
        self.note.setPlaceholderText(self.tr("Required when no reply was recorded: why the case ends"))
        self.sealed.setText(self.tr("Closing seals the case into the archive; it cannot be changed afterwards."))

    def accept(self) -> None:
        try:
            self.number = close_external(self.actor, self.case_id, self.outcome.currentData(), self.note.text())
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        super().accept()
