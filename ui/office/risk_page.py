"""The office's risk list: open cases at escalation risk, those the desk told the office of first, then the
riskiest and the longest waiting, each with its reasons; the office acknowledges a warning with a note or
takes the case over (it becomes the case's handler: the desk sees who took it and can no longer go on
with it). The list follows the database (``ui.db_changes``): what a desk saves shows without a refresh."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.case_detail import case_detail
from models.complaint import State
from models.control.alerts import NOTE_MAX, AlertView, acknowledge
from models.control.risk import Reason, ReasonCode
from models.control.risk_list import RiskList, RiskRow, office_risk_list
from models.customer import mask_phone
from models.errors import DomainError
from models.intake import take_over
from ui.case_text import case_html
from ui.format import day_time
from ui.i18n import catalogue_name, domain_message, duration_words, fill, sentences
from ui.labels import state_label
from ui.risk_text import advice_text, category_names, level_text, reason_text
from ui.section import SectionPage
from ui.style import ALERT_COLOUR, NOTICE, WITHIN, set_role
from ui.tasks import Task, list_read_failed, run_task
from ui.widgets import ErrorLabel, FittedColumns, LimitedTextEdit, SectionHeading, field_refusals

(COLUMN_LEVEL, COLUMN_NUMBER, COLUMN_STATUS, COLUMN_WAITING, COLUMN_CUSTOMER, COLUMN_CATEGORY, COLUMN_STATE) = range(7)
CASE, UNSAVED = "case", "unsaved"
WATCH_COLOUR = QColor("#8a5a00")


class RiskPage(SectionPage):
    """The office's risk list and its answers."""

    case_changed = Signal(int)
    open_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = SectionHeading()
        self.summary = QLabel()
        self.summary.setObjectName("riskSummary")
        self.summary.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("riskList")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformRowHeights(True)
        # In a narrow window (English at 1024 pixels) the customer and the category give way, cut short and whole
        # on hovering: the state at the end was cut behind a scroll bar.
        margin = self.list.fontMetrics().averageCharWidth() * 3
        self.columns = FittedColumns(self.list, {COLUMN_CUSTOMER: margin * 4, COLUMN_CATEGORY: margin * 4})
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemActivated.connect(self._open_current)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.note_label = QLabel()
        self.note = LimitedTextEdit(NOTE_MAX, lines=2)
        self.note_label.setBuddy(self.note)
        self.error = ErrorLabel()
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.clicked.connect(self.acknowledge_current)
        self.take_over_button = QPushButton()
        self.take_over_button.clicked.connect(self.ask_take_over)  # it locks the desk out of the case: asked first
        # What the office's answer did, once recorded (the row's status changed, and nothing said so).
        self.recorded = QLabel()
        self.recorded.setObjectName("riskAnswerRecorded")
        self.recorded.setWordWrap(True)
        set_role(self.recorded, WITHIN)
        self.recorded.hide()
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.acknowledge_button)
        buttons.addWidget(self.take_over_button)
        self.answer_box = QWidget()
        answer = QVBoxLayout(self.answer_box)
        answer.setContentsMargins(0, 0, 0, 0)
        answer.addWidget(self.note_label)
        answer.addWidget(self.note)
        answer.addWidget(self.error)
        answer.addWidget(self.recorded)
        answer.addLayout(buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.answer_box)
        # The list across the page (each case's level, office status, wait, customer, category and state in view
        # without scrolling sideways), the chosen case and the office's answer below it.
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([260, 440])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self.rows: dict[tuple[str, int], RiskRow | AlertView] = {}
        # The note typed for each case chosen before (the note box holds the one of the case shown: ``note_for``).
        self.notes: dict[tuple[str, int], str] = {}
        self.note_for: tuple[str, int] | None = None
        self.loaded: RiskList | None = None
        self.task: Task | None = None
        self.retranslateUi()
        self._show_current()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.heading.setText(self.tr("Escalation risk"))
        self.list.setHeaderLabels(
            [
                self.tr("Risk"),
                self.tr("Number"),
                self.tr("Office"),
                self.tr("Since received"),  # the customer's wait, from the complaint's receipt
                self.tr("Customer"),
                self.tr("Category"),
                self.tr("State"),
            ]
        )
        self.note_label.setText(self.tr("&Note (what the office does about it):"))
        self.note.setPlaceholderText(self.tr("e.g. Coming to the desk now; called the customer, an answer today"))
        self.acknowledge_button.setText(self.tr("&Acknowledge with the note"))
        self.take_over_button.setText(self.tr("&Take the case over"))
        self.take_over_button.setToolTip(
            self.tr("You become the case's handler: the desk sees it and can no longer go on with the case.")
        )
        self.open_button.setText(self.tr("&Open the case…"))
        if self.loaded is not None:
            self.show_list(self.loaded)

    # -- loading

    def refresh(self) -> Task:
        """Read the list in a worker (a million complaints: tens of milliseconds) and show it."""
        self.task = run_task(
            office_risk_list, self.actor, on_done=self.show_list, on_error=list_read_failed, owner=self
        )
        return self.task

    def show_list(self, loaded: RiskList) -> None:
        self.loaded = loaded
        current = self.current_key()
        # The page follows the row chosen at the end, once: the note and a refusal shown for it stay (the
        # list emptied for a moment cleared what the refusal had just said).
        rebuilding = QSignalBlocker(self.list)
        self.list.clear()
        self.rows.clear()
        for view in loaded.unsaved_alerts:
            self._add_unsaved(view)
        for row in loaded.rows:
            self._add_row(row)
        self.columns.fit()  # each column as wide as its texts, those that give way cut in a narrow window
        waiting = sum(1 for row in loaded.rows if row.open_alert is not None) + len(loaded.unsaved_alerts)
        listed = len(loaded.rows)
        self.summary.setText(
            sentences(
                self.tr("%n open case(s) at risk.", "", loaded.total),
                fill(self.tr("The %1 most urgent are listed."), listed) if loaded.total > listed else "",
                self.tr("%n alert(s) from the desk wait for an answer.", "", waiting) if waiting else "",
            )
        )
        set_role(self.summary, NOTICE if waiting else "")
        self._select(current)
        rebuilding.unblock()
        self._show_current()

    def _select(self, key: tuple[str, int] | None) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if item is not None and key is not None and self._key(item) == key:
                self.list.setCurrentItem(item)
                return
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)

    def _add_row(self, row: RiskRow) -> None:
        customer = " ".join(filter(None, [row.customer_name, mask_phone(row.customer_phone)]))
        item = QTreeWidgetItem(
            [
                level_text(row.level),
                row.number,
                self._status(row),
                duration_words(row.waiting_minutes),
                customer,
                catalogue_name(row.category) if row.category else "",
                state_label(row.state),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, (CASE, row.case_id))
        for column in (COLUMN_STATUS, COLUMN_CUSTOMER, COLUMN_CATEGORY, COLUMN_STATE):
            item.setToolTip(column, item.text(column))
        if row.level == "high":
            item.setForeground(COLUMN_LEVEL, QBrush(ALERT_COLOUR))
        elif row.level == "watch":
            item.setForeground(COLUMN_LEVEL, QBrush(WATCH_COLOUR))
        if row.needs_answer:
            font = QFont(item.font(0))
            font.setBold(True)
            for column in (COLUMN_LEVEL, COLUMN_NUMBER, COLUMN_STATUS):
                item.setFont(column, font)
        self.rows[(CASE, row.case_id)] = row
        self.list.addTopLevelItem(item)

    def _add_unsaved(self, view: AlertView) -> None:
        item = QTreeWidgetItem(
            [
                level_text(view.level),
                view.number or self.tr("(no case saved)"),
                fill(self.tr("Alert %1"), day_time(view.raised_at)),
                duration_words(0),
                view.summary[:30],
                "",
                state_label(view.case_state) if view.case_ended else "",
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, (UNSAVED, view.id))
        for column in (COLUMN_STATUS, COLUMN_CUSTOMER, COLUMN_STATE):
            item.setToolTip(column, item.text(column))
        item.setForeground(COLUMN_LEVEL, QBrush(ALERT_COLOUR))
        font = QFont(item.font(0))
        font.setBold(True)
        for column in (COLUMN_LEVEL, COLUMN_NUMBER, COLUMN_STATUS):
            item.setFont(column, font)
        self.rows[(UNSAVED, view.id)] = view
        self.list.addTopLevelItem(item)

    def _office_advice(self, reason: Reason, row: RiskRow) -> str:
        """The advice of a reason as the office acts on it: the desk's said "Chase the office", "Say honestly that
        the office decides" and "tell the office" to the office itself."""
        params = dict(reason.params)
        if reason.code == ReasonCode.OFFICE_WAITING:
            return self.tr("The desk and the customer are waiting for the office's decision: decide it under "
                           "Escalated cases, or take the case over.")  # fmt: skip
        if reason.code == ReasonCode.BEYOND_AUTHORITY:
            if params.get("accepted"):
                return self.tr("The customer accepted the office's decision: the desk carries it out and closes the "
                               "case.")  # fmt: skip
            if params.get("taken"):
                return self.tr("The office has taken the case over: it makes its own proposal to the customer.")
            if params.get("decided"):
                return self.tr("The office has decided: the desk tells the customer its answer.")
            if row.state == State.ESCALATED:
                return self.tr("The desk asks for more than it may grant: decide it under Escalated cases.")
            return self.tr("What the customer asks is beyond the desk's limits: the desk sends it to the office, or "
                           "the office takes the case over.")  # fmt: skip
        if reason.code == ReasonCode.SEVERE:
            return self.tr("A matter of safety, health or property: see that the desk dealt with any danger first and "
                           "kept the evidence.")  # fmt: skip
        return advice_text(reason)

    def _status(self, row: RiskRow) -> str:
        if row.taken_over_by:
            return fill(self.tr("Taken over: %1"), row.taken_over_by)
        if row.open_alert is not None:
            return fill(self.tr("Alert %1"), day_time(row.open_alert.raised_at))
        if row.answered is not None:
            return fill(self.tr("Seen: %1"), row.answered.answered_by)
        if row.state == State.ESCALATED:  # its decision is what the office owes it, on its escalations page
            return self.tr("In the office's queue")
        if row.office_decided:
            return self.tr("Decided by the office")
        return self.tr("Not yet seen")  # an empty column read as nothing to say, and sized to nothing

    # -- the chosen row

    def _key(self, item: QTreeWidgetItem) -> tuple[str, int]:
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        return str(kind), int(ident)

    def current_key(self) -> tuple[str, int] | None:
        item = self.list.currentItem()
        return self._key(item) if item is not None else None

    def _note_of(self, key: tuple[str, int] | None) -> None:
        """The note box for the case (or alert) ``key``: what was typed for the one shown before is kept for it,
        and this one's comes back (a note typed for one case went with Acknowledge onto the next one chosen)."""
        if key == self.note_for:
            return
        if self.note_for is not None and self.note.text():
            self.notes[self.note_for] = self.note.text()
        self.note.setText(self.notes.pop(key, "") if key is not None else "")
        self.note_for = key

    def current(self) -> RiskRow | AlertView | None:
        key = self.current_key()
        return self.rows.get(key) if key is not None else None

    def _show_current(self) -> None:
        chosen = self.current()
        if self.current_key() != self.note_for:  # another row: the refusal said of the one before goes, and what
            self.error.show_message("")  # was recorded for it
            self._say_recorded("")
        self._note_of(self.current_key())
        self.answer_box.setEnabled(chosen is not None)
        ended = isinstance(chosen, AlertView) and chosen.case_ended
        self.open_button.setEnabled(isinstance(chosen, RiskRow) or ended)
        # A case this account holds already is not taken over again ("You have taken this case over already.").
        self.take_over_button.setEnabled(isinstance(chosen, RiskRow) and chosen.taken_over_by_id != self.actor.id)
        if chosen is None:
            nothing = self.tr("No open case is at risk.")
            self.details.setHtml(f"<p>{escape(nothing)}</p>")
            return
        if isinstance(chosen, AlertView):
            self.details.setHtml(self._alert_html(chosen, heading=True))
            return
        parts = [f"<h3>{escape(chosen.number)} · {escape(level_text(chosen.level))}</h3>"]
        names = category_names()
        for reason in sorted(chosen.reasons, key=lambda r: -r.points):
            advice = self._office_advice(reason, chosen)
            parts.append(
                f"<p><b>{escape(reason_text(reason, names))}</b>" + (f"<br>{escape(advice)}" if advice else "") + "</p>"
            )
        if chosen.taken_over_by:
            taken = fill(self.tr("Taken over by %1."), chosen.taken_over_by)
            parts.append(f"<p><i>{escape(taken)}</i></p>")
        if chosen.open_alert is not None:
            parts.append(self._alert_html(chosen.open_alert))
        elif chosen.answered is not None:
            parts.append(self._alert_html(chosen.answered))
        try:
            parts.append(case_html(case_detail(chosen.case_id)))
        except DomainError as error:
            parts.append(f"<p>{escape(domain_message(error))}</p>")
        self.details.setHtml("".join(parts))

    def _alert_html(self, view: AlertView, heading: bool = False) -> str:
        parts = []
        if heading and view.case_ended:
            # Closed or withdrawn since the desk told the office: the alert is still the office's to answer.
            title = fill(self.tr("%1 · %2 since the desk told the office"), view.number, state_label(view.case_state))
            parts.append(f"<h3>{escape(title)}</h3>")
        elif heading:
            title = self.tr("A customer with no case saved (not yet, or the desk discarded the intake)")
            parts.append(f"<h3>{escape(title)}</h3>")
        if view.source == "desk":
            told = fill(self.tr("%1 told the office at %2."), view.raised_by, day_time(view.raised_at))
            parts.append(f"<p><b>{escape(told)}</b>" + (f"<br>{escape(view.note)}" if view.note else "") + "</p>")
        if view.summary:
            said = self.tr("The customer said:")
            parts.append(f"<p>{escape(said)} {escape(view.summary)}</p>")
        if heading:
            names = category_names()
            parts += [f"<p>{escape(reason_text(reason, names))}</p>" for reason in view.reasons]
        if not view.is_open:
            # An escalation approved without a note answers the case's alert without one too.
            answered = fill(self.tr("%1 answered at %2: %3") if view.answer_note else self.tr("%1 answered at %2."),
                            view.answered_by, day_time(view.answered_at), view.answer_note)  # fmt: skip
            parts.append(f"<p><i>{escape(answered)}</i></p>")
        return "".join(parts)

    def _open_current(self) -> None:
        chosen = self.current()
        if isinstance(chosen, RiskRow):
            self.open_case.emit(chosen.case_id)
        elif isinstance(chosen, AlertView) and chosen.case_ended and chosen.complaint_id is not None:
            self.open_case.emit(chosen.complaint_id)

    # -- the office's answers

    def acknowledge_current(self) -> bool:
        chosen = self.current()
        if chosen is None:
            return False
        try:
            if isinstance(chosen, AlertView):
                acknowledge(self.actor, None, self.note.text(), chosen.level, chosen.reasons, alert_id=chosen.id)
            else:
                acknowledge(self.actor, chosen.case_id, self.note.text(), chosen.level, chosen.reasons)
        except DomainError as error:
            self.error.show_message(field_refusals([error], {"note": self.note.editor}))  # the cursor in the note
            return False
        self.note.setText("")
        self.error.show_message("")
        number = chosen.number if isinstance(chosen, RiskRow) else chosen.number or self.tr("a customer not saved yet")
        self._say_recorded(fill(self.tr("Recorded: you have seen %1; the desk sees your note with the case."), number))
        if isinstance(chosen, RiskRow):
            self.case_changed.emit(chosen.case_id)
        self.refresh()
        return True

    def ask_take_over(self) -> QMessageBox | None:
        """Asked before: the desk can no longer go on with a case the office took over."""
        chosen = self.current()
        if not isinstance(chosen, RiskRow):
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Take the case over"))
        box.setText(fill(self.tr("Take %1 over? The desk can no longer go on with it: you continue it under Open "
                                 "cases and answer the customer."), chosen.number))  # fmt: skip
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Take it over"))
        box.accepted.connect(self.take_over_current)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _say_recorded(self, text: str) -> None:
        self.recorded.setText(text)
        self.recorded.setVisible(bool(text))

    def take_over_current(self) -> bool:
        chosen = self.current()
        if not isinstance(chosen, RiskRow):
            return False
        try:
            take_over(self.actor, chosen.case_id, self.note.text(), holder_seen=chosen.taken_over_by_id)
        except DomainError as error:
            self.error.show_message(domain_message(error))
            self.refresh()  # a colleague's take-over named in the refusal shows in the list, the note kept
            return False
        self.note.setText("")
        self.error.show_message("")
        self._say_recorded(fill(self.tr("%1 is yours now: the desk sees who took it over. Continue it under Open "
                                        "cases."), chosen.number))  # fmt: skip
        self.case_changed.emit(chosen.case_id)
        self.refresh()
        return True
