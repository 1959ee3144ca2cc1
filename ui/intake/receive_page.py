"""Step 1: receive the customer, hear the complaint, acknowledge it and promise a reply time."""
from __future__ import annotations

import datetime as dt
from html import escape
from typing import cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from models import settings
from models.catalog import IntakeStep, Severity, categories
from models.complaint import Channel
from models.customer_history import customer_history
from models.errors import DomainError
from models.intake import (
    DEMAND_MAX,
    NARRATIVE_MAX,
    PROMISED_MINUTES_MAX,
    Receipt,
    receive,
    recent_locations,
)
from models.permissions import Action, may
from models.queues import duplicate_candidates
from ui.format import DATE_TIME, date_text, day_time, money
from ui.i18n import catalogue_name, fill
from ui.intake.base_page import IntakePage
from ui.labels import relabel_items, state_label
from ui.style import HINT, NOTICE, set_role
from ui.widgets import DateTimeEdit, LimitedTextEdit

HISTORY_DELAY_MS = 300  # the customer's earlier cases are looked up this long after the phone stops changing

CHANNELS = {
    Channel.IN_PERSON: QT_TRANSLATE_NOOP("ReceivePage", "In person at the desk"),
    Channel.PHONE: QT_TRANSLATE_NOOP("ReceivePage", "By phone"),
    Channel.ONLINE: QT_TRANSLATE_NOOP("ReceivePage", "Online or by message"),
    Channel.LETTER: QT_TRANSLATE_NOOP("ReceivePage", "By letter"),
    Channel.REFERRED: QT_TRANSLATE_NOOP("ReceivePage", "Referred by another department"),
}
SEVERITIES = {
    Severity.LOW: QT_TRANSLATE_NOOP("ReceivePage", "Low: inconvenience"),
    Severity.MEDIUM: QT_TRANSLATE_NOOP("ReceivePage", "Medium: real loss or strong anger"),
    Severity.HIGH: QT_TRANSLATE_NOOP("ReceivePage", "High: injury, food safety, property"),
}


class ReceivePage(IntakePage):
    step = IntakeStep.RECEIVE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer_name = self.add_field("customer_name", QLineEdit())
        self.phone = self.add_field("phone", QLineEdit())  # no maximum: a long paste is refused quoting it whole
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setObjectName("customerHistory")
        set_role(self.history, NOTICE)
        self.history.hide()
        self.form.addRow("", self.history)
        self.channel = self.add_field("channel", QComboBox())
        for code in CHANNELS:
            self.channel.addItem("", code)
        # A complaint by phone, letter or message entered later keeps the time it came in.
        self.received_at = self.add_field("received_at", DateTimeEdit())
        self.received_at.setCalendarPopup(True)
        self.received_at.setDisplayFormat(DATE_TIME)
        self._show_received_at(False)
        self.location = self.add_field("location", QLineEdit())
        self.location.setCompleter(QCompleter(recent_locations(), self.location))
        self.moved_to_private = self.add_field("moved_to_private", QCheckBox())
        self.narrative = self.add_field("narrative", LimitedTextEdit(NARRATIVE_MAX, lines=4))
        self.category = self.add_field("category", QComboBox())
        self.categories = {c.id: c for c in categories()}
        for category in self.categories.values():
            self.category.addItem(catalogue_name(category), category.id)
        self.category.setCurrentIndex(-1)
        self.office_category = QLabel()
        self.office_category.setObjectName("officeCategory")
        self.office_category.setWordWrap(True)
        set_role(self.office_category, HINT)
        self.office_category.hide()
        self.field_rows["category"].addWidget(self.office_category)
        self.severity = self.add_field("severity", QComboBox())
        for severity in SEVERITIES:
            self.severity.addItem("", severity)
        # The severity a category last suggested (or the box's first): a category chosen sets its own only while the
        # severity is still that one, not one the person chose (a case saved as High, its category put right at
        # Back, was saved as the new category's Medium without a word).
        self._suggested_severity = self.severity.currentData()
        self.demand = self.add_field("demand", LimitedTextEdit(DEMAND_MAX, lines=2))
        self.promised_minutes = self.add_field("promised_minutes", QSpinBox())
        self.promised_minutes.setRange(1, PROMISED_MINUTES_MAX)
        self.promised_minutes.setValue(int(settings.get(settings.DEFAULT_PROMISED_MINUTES)))
        self.acknowledged = self.add_field("acknowledged", QCheckBox())
        self.registerField("acknowledged*", self.acknowledged)
        self.duplicates = QLabel()
        self.duplicates.setObjectName("duplicateWarning")
        self.duplicates.setWordWrap(True)
        self.duplicates.setTextFormat(Qt.TextFormat.RichText)
        self.duplicates.linkActivated.connect(lambda link: self.intake.show_earlier_case(int(link)))
        # Its numbers open from the keyboard too (Tab to one, Enter): they took only the mouse.
        self.duplicates.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        set_role(self.duplicates, NOTICE)
        self.duplicates.hide()
        self.form.addRow(self.duplicates)
        self._duplicates_seen = False
        self.loaded = False  # the fields hold the case (or what is typed): the risk reads them

        self._history_timer = QTimer(self)
        self._history_timer.setSingleShot(True)
        self._history_timer.setInterval(HISTORY_DELAY_MS)
        self._history_timer.timeout.connect(self.show_history)
        self.phone.textChanged.connect(self._history_timer.start)
        for signal in (self.phone.textChanged, self.location.textChanged, self.category.currentIndexChanged):
            signal.connect(self._forget_duplicates)
        self.category.currentIndexChanged.connect(self._category_chosen)
        self.category.currentIndexChanged.connect(self._show_office_category)
        self.severity.currentIndexChanged.connect(self._show_office_category)
        self.channel.currentIndexChanged.connect(self._channel_chosen)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.set_heading(
            self.tr("Receive the complaint"),
            self.tr("Listen first. Write down the customer's own words and what they ask for."),
        )
        texts = {
            "customer_name": self.tr("Customer's na&me:"),
            "phone": self.tr("&Phone:"),
            "channel": self.tr("&Came in:"),
            "received_at": self.tr("Rece&ived at:"),
            "location": self.tr("&Location:"),
            "moved_to_private": self.tr("Quiet place:"),
            "narrative": self.tr("The complaint in the customer's &words:"),
            "category": self.tr("Ca&tegory:"),
            "severity": self.tr("Se&verity:"),
            "demand": self.tr("What the customer &asks for:"),
            "promised_minutes": self.tr("&Reply promised in:"),
            "acknowledged": self.tr("Acknowledged:"),
        }
        self.set_labels(texts)
        self.customer_name.setPlaceholderText(self.tr("e.g. Mr Liu (optional)"))
        self.phone.setPlaceholderText(self.tr("Mobile or landline with area code (optional)"))
        relabel_items(self.channel, lambda code: QCoreApplication.translate("ReceivePage", str(CHANNELS[code])))
        relabel_items(self.severity, lambda code: QCoreApplication.translate("ReceivePage", str(SEVERITIES[code])))
        self.location.setPlaceholderText(self.tr("Where it happened, e.g. second-floor restaurant, room 1208"))
        self.moved_to_private.setText(self.tr("The customer was taken to a &quiet place, away from other guests"))
        self.narrative.setPlaceholderText(self.tr("Let the customer finish; then write what they said."))
        self.category.setPlaceholderText(self.tr("Choose a category"))
        self.demand.setPlaceholderText(self.tr("e.g. an apology, a refund, the dish remade"))
        self.promised_minutes.setSuffix(self.tr(" minutes"))
        later = self.tr("How long until the customer hears back. A reply time changed later (Earlier steps) counts "
                        "from then.")  # fmt: skip
        self.promised_minutes.setToolTip(later)
        self.acknowledged.setText(
            self.tr("Repeated &back, and the customer confirmed it (required to go on)")
        )
        self.received_at.setToolTip(
            self.tr("When the call, letter or message came in; the reply promised counts from then.")
        )
        self._show_office_category()
        self.show_history()

    def initializePage(self) -> None:  # noqa: N802 - Qt naming
        self.loaded = True
        case = self.case()
        if case is None:
            return
        if case.has_customer:
            self.customer_name.setText(case.customer_name)
            self.phone.setText(case.customer_phone)
        self.channel.setCurrentIndex(self.channel.findData(case.channel))
        at = case.received_at
        self.received_at.setDateTime(QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute)))
        self.location.setText(case.location)
        self.moved_to_private.setChecked(case.moved_to_private)
        self.narrative.setText(case.narrative)
        self.category.setCurrentIndex(self.category.findData(case.category_id))
        self.severity.setCurrentIndex(self.severity.findData(case.severity))
        self.demand.setText(case.demand)
        self.promised_minutes.setValue(case.promised_minutes)
        self.acknowledged.setChecked(case.acknowledged)

    def typed(self) -> bool:
        """Whether anything of the complaint has been typed or chosen (the defaults aside)."""
        texts = (self.customer_name, self.phone, self.location, self.narrative, self.demand)
        return any(field.text().strip() for field in texts) or self.category.currentIndex() >= 0

    def receipt(self) -> Receipt:
        return Receipt(
            customer_name=self.customer_name.text(),
            phone=self.phone.text(),
            channel=self.channel.currentData(),
            location=self.location.text(),
            moved_to_private=self.moved_to_private.isChecked(),
            narrative=self.narrative.text(),
            category_id=self.category.currentData(),
            severity=self.severity.currentData(),
            demand=self.demand.text(),
            acknowledged=self.acknowledged.isChecked(),
            promised_minutes=self.promised_minutes.value(),
            received_at=self.received_at_value(),
        )

    def received_at_value(self) -> dt.datetime | None:
        """When a complaint not made in person came in; None for one made at the desk now."""
        if not self.received_later:
            return None
        return cast(dt.datetime, self.received_at.dateTime().toPython())

    def validatePage(self) -> bool:  # noqa: N802 - Qt naming
        receipt = self.receipt()
        if self.intake.case_id is None and not self._duplicates_seen and self.warn_of_duplicates(receipt):
            return False

        def step() -> None:
            case = receive(self.intake.staff, receipt, self.intake.case_id, self.intake.unsaved_alert_id)
            self.intake.unsaved_alert_id = None
            self.intake.case_saved(case)

        return self.save(step)

    def warn_of_duplicates(self, receipt: Receipt) -> bool:
        """Show open complaints this one may repeat; the next Next records it anyway."""
        self._duplicates_seen = True
        found = duplicate_candidates(receipt)
        if not found:
            return False
        lines = [
            f"<a href='{case.id}'>{escape(case.number)}</a> · {escape(day_time(case.received_at))} · "
            f"{escape(catalogue_name(case.category)) if case.category else ''} · {escape(state_label(case.state))}"
            for case in found
        ]
        self.duplicates.setText(
            escape(self.tr("This may be a complaint that is already open:"))
            + "<br>"
            + "<br>".join(lines)
            + "<br>"
            + escape(self.tr("Open it to see it or continue it, or press Next again to record a new complaint."))
        )
        self.duplicates.show()
        # Below the last field, under the fold of a low screen (768 pixels): Next seemed to do nothing. Scrolled to
        # now, and again each time the fields grow in the next moment (its wrapped text is laid out later, and the
        # warning ended just below the fold: 1080 × 728 at 1366 × 768).
        self.fields_column.activate()
        self.fields_area.ensureWidgetVisible(self.duplicates)
        content = self.fields_area.widget()
        if content is not None:
            content.installEventFilter(self)
            QTimer.singleShot(1000, self, lambda: content.removeEventFilter(self))
        # The cursor on its first number, Enter to open it (once laid out: its text is laid out after this).
        QTimer.singleShot(0, self.duplicates, self._to_first_duplicate)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # The fields' column grew while the duplicate warning was being shown: it stays in view (warn_of_duplicates).
        if event.type() == QEvent.Type.Resize and watched is self.fields_area.widget() and self.duplicates.isVisible():
            # Once the scroll bar's range has followed the new size (a moment later).
            QTimer.singleShot(0, self.duplicates, lambda: self.fields_area.ensureWidgetVisible(self.duplicates))
        return super().eventFilter(watched, event)

    def _to_first_duplicate(self) -> None:
        self.duplicates.setFocus(Qt.FocusReason.TabFocusReason)
        self.duplicates.focusNextPrevChild(True)  # a label's Tab moves through its links: to the first

    def risk_fields(self) -> list[QWidget]:
        """The fields the escalation risk reads (what the customer said and asked for, who, how serious)."""
        return [self.narrative, self.demand, self.phone, self.category, self.severity]

    def _forget_duplicates(self) -> None:
        self._duplicates_seen = False
        self.duplicates.hide()

    def _category_chosen(self) -> None:
        category = self.categories.get(self.category.currentData())
        if category is not None and self.severity.currentData() in (self._suggested_severity, None):
            self.severity.setCurrentIndex(self.severity.findData(category.default_severity))
            self._suggested_severity = category.default_severity

    def _show_office_category(self) -> None:
        """Which way the case goes, said when the category is chosen: one that always goes to the office says
        so (not at step 3 as "beyond your authority"); a new, low-severity one of the desk's suggests the quick
        case (抓大放小)."""
        category = self.categories.get(self.category.currentData())
        goes_to_office = category is not None and category.always_to_office and not self._office_decides()
        small = (
            category is not None
            and not category.always_to_office
            and self.severity.currentData() == Severity.LOW
            and self.wizard() is not None
            and self.intake.case_id is None
        )
        if goes_to_office:
            text = self.tr(
                "Complaints of this category always go to the office: receive and investigate it here, "
                "then hand it to the office with your proposal."
            )
        elif small:
            text = self.tr(
                "A small clear case the customer will agree to settle at once? The quick case (Ctrl+Shift+N) "
                "closes it on one screen."
            )
        else:
            text = ""
        self.office_category.setText(text)
        self.office_category.setVisible(bool(text))

    def _office_decides(self) -> bool:
        return self.wizard() is not None and may(self.intake.staff, Action.DECIDE)

    def _channel_chosen(self) -> None:
        later = self.channel.currentData() != Channel.IN_PERSON
        if later and not self.received_later and self.intake.case_id is None:
            self.received_at.setDateTime(QDateTime.currentDateTime())
        self.received_at.setMaximumDateTime(QDateTime.currentDateTime())
        self._show_received_at(later)

    def _show_received_at(self, shown: bool) -> None:
        self.received_later = shown
        self.form.setRowVisible(cast(QWidget, self.received_at.parentWidget()), shown)

    def show_history(self) -> None:
        """A returning customer's history, shown as soon as the number is typed."""
        try:
            case_id = self.intake.case_id if self.wizard() is not None else None  # not in it yet while it is built
            history = customer_history(self.phone.text(), excluding=case_id)
        except DomainError:
            history = None
        if history is None or history.complaints == 0:
            self.history.hide()
            return
        text = fill(
            self.tr("%1 has complained %n time(s) in the last 12 months", "", history.complaints),
            history.name or self.tr("This customer"),
        )
        text += fill(
            self.tr(", %1 yuan compensation accepted, last on %2."),
            money(history.compensation),
            date_text(history.last_received_at.date() if history.last_received_at else None),
        )
        self.history.setText(text)
        self.history.show()
