"""The catalogue of external channels (外部投诉渠道) on the office's catalogues page: where complaints go
outside and the working days the office has there (to the outside body's acceptance decision, to the
reply, and the reminder before it). A changed number applies to cases recorded afterwards."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.control.external import (
    ACCEPTANCE_DAYS_MAX,
    HANDLING_DAYS_MAX,
    REMIND_DAYS_MAX,
    ChannelInput,
    ChannelRow,
    channels,
    save_channel,
    set_channel_active,
)
from models.errors import DomainError
from models.staff import Staff
from ui.i18n import Retranslating, catalogue_name, domain_message, fill
from ui.widgets import (
    ErrorLabel,
    ask_keep_entry,
    entry_chosen,
    field_refusals,
    list_beside_editor,
    refusals_of,
)


def _days(maximum: int, minimum: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, maximum)
    return box


class ExternalChannelsTab(Retranslating, QWidget):
    def __init__(self, actor: Staff | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.entry_id: int | None = None
        self.shown_values: ChannelInput | None = None  # the form as set out: what differs is typed, unsaved
        self.rows: dict[int, ChannelRow] = {}
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.currentItemChanged.connect(self._show_current)
        # No maximum length: a longer name pasted is refused in words by the rule, not cut unseen.
        self.name, self.name_en = QLineEdit(), QLineEdit()
        self.acceptance_days = _days(ACCEPTANCE_DAYS_MAX)
        self.handling_days = _days(HANDLING_DAYS_MAX, 1)
        self.remind_days = _days(REMIND_DAYS_MAX)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = ErrorLabel()
        self.new_button, self.save_button, self.retire_button = QPushButton(), QPushButton(), QPushButton()
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.toggle_active)
        self.retire_button.setEnabled(False)  # until a channel is chosen
        form = QFormLayout()
        self.labels = []
        for widget in (self.name, self.name_en, self.acceptance_days, self.handling_days, self.remind_days):
            label = QLabel()
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.labels.append(label)
        form.addRow(self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(
            list_beside_editor(
                self.list, form, self.error, [self.new_button, self.save_button, self.retire_button], [380, 520]
            )
        )
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        texts = [
            self.tr("Name (Chinese):"),
            self.tr("Name (English):"),
            self.tr("Working days to the acceptance decision:"),
            self.tr("Working days to reply:"),
            self.tr("Remind this many working days before:"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.acceptance_days.setSpecialValueText(self.tr("no such step"))
        self.note.setText(
            self.tr(
                "Counted from the day the case reaches the office, on Chinese working days. The market regulator "
                "decides on acceptance within 7 and mediates within 45; the 12315 platform asks for 10; a 12345 "
                "hotline between 3 and 15, as the city sets it. A changed number applies to cases recorded from "
                "now on."
            )
        )
        self.list.setHeaderLabels([self.tr("Channel"), self.tr("Reply"), self.tr("Acceptance")])
        self.new_button.setText(self.tr("&New channel"))
        self.save_button.setText(self.tr("&Save"))
        self._name_retire_button()
        if self.rows:
            self.refresh()

    def _name_retire_button(self) -> None:
        """Retire, or bring back a retired channel; named before any is chosen (the button had no text at all
        beside "New channel" until a row was chosen)."""
        row = self.rows.get(self.entry_id) if self.entry_id is not None else None
        self.retire_button.setText(self.tr("&Bring back") if row is not None and not row.active else self.tr("&Retire"))

    def refresh(self) -> None:
        """The channels read again; a form with typing not saved stays as typed (the section left and come back
        to set the saved channel out over it)."""
        self.rows = {row.id: row for row in channels(active_only=False)}
        current = self.entry_id
        rebuilding = QSignalBlocker(self.list)  # the form is set out once, below
        self.list.clear()
        for row in self.rows.values():
            name = catalogue_name(row) if row.active else fill(self.tr("%1 (retired)"), catalogue_name(row))
            item = QTreeWidgetItem(
                [name, str(row.handling_days), str(row.acceptance_days) if row.acceptance_days else ""]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            if not row.active:
                item.setForeground(0, self.palette().placeholderText())
            self.list.addTopLevelItem(item)
            if row.id == current:
                self.list.setCurrentItem(item)
        del rebuilding
        self.list.resizeColumnToContents(0)
        if not self.typed() and current is not None and current in self.rows:
            self._set_out(current)

    def typed(self) -> bool:
        """Whether the form holds typing not saved: it differs from how it was set out."""
        return self.shown_values is not None and self.values() != self.shown_values

    def keep_typed(self) -> bool:
        """Whether what was typed and not saved stays (asked: another channel chosen, a new one, the window closed
        or the desk handed over threw it away without a word)."""
        return self.typed() and ask_keep_entry(self)

    def _show_current(self, item: QTreeWidgetItem | None = None, previous: QTreeWidgetItem | None = None) -> None:
        chosen = entry_chosen(self.list, previous, self.entry_id, self.keep_typed)
        if chosen is not None:
            self._set_out(chosen)

    def _set_out(self, entry_id: int) -> None:
        """The form for this channel, as saved."""
        self.entry_id = entry_id
        row = self.rows[entry_id]
        self.name.setText(row.name)
        self.name_en.setText(row.name_en)
        self.acceptance_days.setValue(row.acceptance_days)
        self.handling_days.setValue(row.handling_days)
        self.remind_days.setValue(row.remind_days)
        self._name_retire_button()
        self.retire_button.setEnabled(True)
        self.error.show_message("")
        self.shown_values = self.values()

    def start_new(self) -> None:
        if self.keep_typed():
            return
        self.entry_id = None
        # No channel chosen: clicking the one chosen before opens it again (it stayed current, the click changed
        # nothing, and the blank form under its highlighted row saved a second channel of its name).
        blocked = QSignalBlocker(self.list)
        self.list.setCurrentIndex(QModelIndex())
        self.list.clearSelection()
        del blocked
        self.name.clear()
        self.name_en.clear()
        self.acceptance_days.setValue(0)
        self.handling_days.setValue(10)
        self.remind_days.setValue(2)
        self._name_retire_button()
        self.retire_button.setEnabled(False)
        self.error.show_message("")
        self.shown_values = self.values()

    def values(self) -> ChannelInput:
        return ChannelInput(
            self.name.text(),
            self.name_en.text(),
            self.acceptance_days.value(),
            self.handling_days.value(),
            self.remind_days.value(),
        )

    def save(self) -> bool:
        try:
            row = save_channel(self._actor(), self.entry_id, self.values())
        except DomainError as error:  # every refusal at once, the cursor in the first field refused
            fields = {"name": self.name, "name_en": self.name_en, "acceptance_days": self.acceptance_days,
                      "handling_days": self.handling_days, "remind_days": self.remind_days}  # fmt: skip
            self.error.show_message(field_refusals(refusals_of(error), fields))
            return False
        self.entry_id = row.id
        self.error.show_message("")
        self.shown_values = None  # saved: set out again as the database holds it
        self.refresh()
        return True

    def toggle_active(self) -> None:
        if self.entry_id is None:
            return
        try:
            set_channel_active(self._actor(), self.entry_id, not self.rows[self.entry_id].active)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            return
        self.refresh()

    def _actor(self) -> Staff:
        if self.actor is None:
            raise RuntimeError("the channels' tab acts before the page knows who is logged in")
        return self.actor
