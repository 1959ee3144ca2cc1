"""One complaint, read-only: every field, the timeline of its history (who,
when, what changed from what to what), its evidence files, and the ways on:
continue an open case at the right intake step, or preview and print its form."""
from __future__ import annotations

import tempfile
import traceback
from decimal import Decimal
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.catalog import Category, Department
from models.complaint import OPEN_STATES, Attachment, Complaint, State
from models.customer_history import customer_complaints
from models.permissions import Action, may
from models.register import timeline
from models.staff import Staff
from ui import messages
from ui.case_text import case_html
from ui.form_preview import preview_case
from ui.i18n import catalogue_name, current_language
from ui.labels import state_label
from ui.paper.labels import code_label

# The desk continues these; escalated cases wait for the office's decision.
CONTINUABLE = tuple(s for s in OPEN_STATES if s != State.ESCALATED)


# The fields the history names most, as a person would call them.
FIELD_NAMES = {
    "state": QT_TRANSLATE_NOOP("CaseView", "State"),
    "category": QT_TRANSLATE_NOOP("CaseView", "Category"),
    "channel": QT_TRANSLATE_NOOP("CaseView", "Came in"),
    "severity": QT_TRANSLATE_NOOP("CaseView", "Severity"),
    "location": QT_TRANSLATE_NOOP("CaseView", "Location"),
    "narrative": QT_TRANSLATE_NOOP("CaseView", "Complaint"),
    "demand": QT_TRANSLATE_NOOP("CaseView", "Asks for"),
    "findings": QT_TRANSLATE_NOOP("CaseView", "Findings"),
    "department": QT_TRANSLATE_NOOP("CaseView", "Department"),
    "liability": QT_TRANSLATE_NOOP("CaseView", "Liability"),
    "consent": QT_TRANSLATE_NOOP("CaseView", "Customer's answer"),
    "satisfaction": QT_TRANSLATE_NOOP("CaseView", "Satisfaction"),
    "counter_demand": QT_TRANSLATE_NOOP("CaseView", "Counter-demand"),
    "proposal": QT_TRANSLATE_NOOP("CaseView", "Proposal"),
    "total": QT_TRANSLATE_NOOP("CaseView", "Total"),
    "decision": QT_TRANSLATE_NOOP("CaseView", "Decision"),
    "note": QT_TRANSLATE_NOOP("CaseView", "Note"),
    "handoff_note": QT_TRANSLATE_NOOP("CaseView", "Hand-off note"),
    "archive_number": QT_TRANSLATE_NOOP("CaseView", "Archive number"),
    "withdrawn_reason": QT_TRANSLATE_NOOP("CaseView", "Reason"),
    "lines": QT_TRANSLATE_NOOP("CaseView", "Remedies"),
    "seq": QT_TRANSLATE_NOOP("CaseView", "Proposal"),
}


# Fields stored as codes, with the group of the printed form's labels that names them.
CODED_FIELDS = {
    "channel": "channel",
    "severity": "severity",
    "liability": "liability",
    "consent": "consent",
    "decision": "decision",
}


CATALOGUE_FIELDS = {"category": Category, "department": Department}


def _change_text(name: str, value: object) -> str:
    """One line of a history entry: the field in words, old → new."""
    label = QCoreApplication.translate("CaseView", FIELD_NAMES[name]) if name in FIELD_NAMES else name
    if name == "lines":
        # [[remedy, amount, details], …], or old and new such lists when the office changed them.
        if value and isinstance(value[0], list) and value[0] and isinstance(value[0][0], list):
            return f"{label}: {_lines_text(value[0])} → {_lines_text(value[1])}"
        return f"{label}: {_lines_text(value)}"
    if isinstance(value, list) and len(value) == 2:
        old, new = value
        return f"{label}: {_value_text(name, old)} → {_value_text(name, new)}"
    return f"{label}: {_value_text(name, value)}"


def _lines_text(lines: list) -> str:
    """Remedy, amount and details (when they say more than the remedy's name)."""
    shown = []
    for remedy, amount, *details in lines:
        extra = [d for d in details if d and d != remedy]
        shown.append(" ".join([str(remedy), str(amount), *extra]))
    return "; ".join(shown) or "—"


def _value_text(name: str, value: object) -> str:
    if value in (None, ""):
        return "—"
    if name == "state":
        return state_label(str(value))
    if name in CODED_FIELDS:
        return code_label(current_language(), CODED_FIELDS[name], value)
    if name in CATALOGUE_FIELDS:
        # The history holds the entry's id (the intake) or its code (bulk loads).
        model = CATALOGUE_FIELDS[name]
        key = model.id if isinstance(value, int) else model.code
        entry = model.get_or_none(key == value)
        return catalogue_name(entry) if entry else _short(value)
    return _short(value)


def _short(value: object, limit: int = 80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class CaseView(QDialog):
    continue_case = Signal(int)

    def __init__(self, complaint_id: int, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complaint_id = complaint_id
        self.case = Complaint.get_by_id(complaint_id)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.files_label = QLabel()
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.files.itemActivated.connect(self.open_file)
        self.continue_button = QPushButton()
        self.continue_button.setVisible(self.case.state in CONTINUABLE)
        self.continue_button.clicked.connect(self._continue)
        self.form_button = QPushButton()
        self.form_button.clicked.connect(lambda: preview_case(self, self.complaint_id, self._failed))
        # Archived forms are the office's to print; drafts anyone at the desk may print.
        self.form_button.setVisible(not self.case.archive_number or may(staff, Action.PRINT_ARCHIVE))
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.form_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.files_label)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        self.resize(860, 760)
        self.preview_dialog: QDialog | None = None
        self._fill()

    def _fill(self) -> None:
        number = self.case.archive_number or f"#{self.case.id}"
        sealed = self.tr("Archived and sealed: read-only.") if self.case.archive_number else ""
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", number))
        locale = QLocale()
        language = current_language()
        rows = "".join(
            f"<tr><td style='white-space:nowrap'>{locale.toString(entry.at, 'yyyy-MM-dd HH:mm')}</td>"
            f"<td>{escape(entry.actor)}</td><td><b>{escape(code_label(language, 'action', entry.action))}</b></td>"
            f"<td>{'<br>'.join(escape(_change_text(name, value)) for name, value in entry.changes.items())}</td>"
            "</tr>"
            for entry in timeline(self.complaint_id)
        )
        heading = escape(self.tr("History"))
        self.details.setHtml(
            case_html(self.case)
            + (f"<p><i>{escape(sealed)}</i></p>" if sealed else "")
            + f"<h3>{heading}</h3><table cellspacing='4' width='100%'>{rows}</table>"
            + self._customer_history()
        )
        self.files.clear()
        query = Attachment.select(Attachment.id, Attachment.filename, Attachment.size).where(
            Attachment.complaint == self.case
        )
        for attachment in query:
            item = QListWidgetItem(f"{attachment.filename}  ({attachment.size / 1024:.0f} KB)")
            item.setData(256, attachment.id)
            self.files.addItem(item)
        self.files_label.setText(self.tr("Evidence files (double-click to open):"))
        self.files_label.setVisible(self.files.count() > 0)
        self.files.setVisible(self.files.count() > 0)
        self.continue_button.setText(self.tr("&Continue this case"))
        self.form_button.setText(self.tr("Complaint &form…"))
        self.close_button.setText(self.tr("&Close"))

    def _customer_history(self) -> str:
        """The customer's complaints of the last 12 months and what they were granted:
        repeat complainants and compensation hunters show at a glance."""
        phone = self.case.customer.phone if self.case.customer else ""
        earlier = customer_complaints(phone) if phone else []
        if len(earlier) < 2:
            return ""
        locale = QLocale()
        total = sum((row[5] for row in earlier), Decimal("0"))
        heading = self.tr("This customer in the last 12 months: %1 complaints, %2 yuan compensation accepted")
        heading = heading.replace("%1", str(len(earlier))).replace("%2", locale.toString(float(total), "f", 2))
        rows = "".join(
            f"<tr><td>{escape(number)}</td><td>{locale.toString(received, 'yyyy-MM-dd')}</td>"
            f"<td>{escape(category)}</td><td>{escape(state_label(state))}</td>"
            f"<td align='right'>{locale.toString(float(amount), 'f', 2)}</td></tr>"
            for _, number, received, category, state, amount in earlier
        )
        return f"<h3>{escape(heading)}</h3><table cellspacing='4'>{rows}</table>"

    def open_file(self, item: QListWidgetItem) -> Path:
        """Write the evidence to a temporary file and open it with the system's viewer."""
        attachment = Attachment.get_by_id(item.data(256))
        folder = Path(tempfile.mkdtemp(prefix="complaint-desk-"))
        path = folder / Path(attachment.filename).name
        path.write_bytes(attachment.data)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _continue(self) -> None:
        self.continue_case.emit(self.complaint_id)
        self.accept()

    def _failed(self, error: Exception) -> None:
        details = "".join(traceback.format_exception(error))
        messages.show_bug(self, f"{type(error).__name__}: {error}", details)
