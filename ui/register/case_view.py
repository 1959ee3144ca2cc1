"""One complaint, read-only: every field, the timeline of its history (who,
when, what changed from what to what), its evidence files, and the ways on:
continue an open case at the right intake step, or preview and print its form."""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QUrl, Signal
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

from models.case_detail import case_detail, evidence_bytes, evidence_files, may_continue, may_print_form
from models.catalog import EntryName, history_names
from models.control.risk import decode_reasons
from models.customer_history import customer_complaints
from models.register import staff_names, timeline
from models.staff import Staff
from ui.case_text import case_html
from ui.form_preview import preview_case
from ui.format import date_text, date_time, money
from ui.i18n import catalogue_name, fill
from ui.labels import code_name, state_label
from ui.risk_text import reasons_text
from ui.tasks import Task, run_task

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
    "risk_level": QT_TRANSLATE_NOOP("CaseView", "Escalation risk"),
    "level": QT_TRANSLATE_NOOP("CaseView", "Escalation risk"),
    "risk_reasons": QT_TRANSLATE_NOOP("CaseView", "Why"),
    "reasons": QT_TRANSLATE_NOOP("CaseView", "Why"),
    "taken_over_by": QT_TRANSLATE_NOOP("CaseView", "Taken over by"),
    "referral": QT_TRANSLATE_NOOP("CaseView", "Referred to"),
    "referral_given": QT_TRANSLATE_NOOP("CaseView", "Told the customer"),
}
# Keys of an event that name a row by its id and say nothing to a person (the alert answered).
HIDDEN = frozenset({"alert", "risk_alert"})


# customer_complaints' rows, as it documents them: (id, number, received_at, category, state, compensation).
CustomerComplaints = list[tuple[int, str, dt.datetime, str, str, Decimal]]

# Fields stored as codes, with the group of ui.labels that names them.
CODED_FIELDS = {
    "channel": "channel",
    "severity": "severity",
    "liability": "liability",
    "consent": "consent",
    "decision": "decision",
    "risk_level": "risk_level",
    "level": "risk_level",
}
# Fields whose value is a list of escalation-risk reasons ({"code": …, parameters}).
REASON_FIELDS = frozenset({"risk_reasons", "reasons"})


def _change_text(name: str, value: Any, names: dict[str, dict[int | str, EntryName]]) -> str:
    """One line of a history entry: the field in words, old → new."""
    label = QCoreApplication.translate("CaseView", str(FIELD_NAMES[name])) if name in FIELD_NAMES else name
    if name == "lines":
        # [[remedy, amount, details], …], or old and new such lists when the office changed them.
        if value and isinstance(value[0], list) and value[0] and isinstance(value[0][0], list):
            return f"{label}: {_lines_text(value[0])} → {_lines_text(value[1])}"
        return f"{label}: {_lines_text(value)}"
    if name in REASON_FIELDS and isinstance(value, list) and not all(isinstance(item, list) for item in value):
        return f"{label}: {_value_text(name, value, names)}"  # the reasons themselves, not [old, new]
    if isinstance(value, list) and len(value) == 2:
        old, new = value
        return f"{label}: {_value_text(name, old, names)} → {_value_text(name, new, names)}"
    return f"{label}: {_value_text(name, value, names)}"


def _changes_html(changes: dict[str, Any], names: dict[str, dict[int | str, EntryName]]) -> list[str]:
    return [escape(_change_text(name, value, names)) for name, value in changes.items() if name not in HIDDEN]


def _lines_text(lines: list[Any]) -> str:
    """Remedy, amount and details (when they say more than the remedy's name)."""
    shown = []
    for remedy, amount, *details in lines:
        extra = [d for d in details if d and d != remedy]
        shown.append(" ".join([str(remedy), str(amount), *extra]))
    return "; ".join(shown) or "—"


def _value_text(name: str, value: object, names: dict[str, dict[int | str, EntryName]]) -> str:
    if name in REASON_FIELDS and isinstance(value, list):
        return "; ".join(reasons_text(decode_reasons(json.dumps(value)))) or "—"
    if value in (None, ""):
        return "—"
    if name == "state":
        return state_label(str(value))
    if name in CODED_FIELDS:
        return code_name(CODED_FIELDS[name], value)
    if name in names:
        # The history holds the entry's id (the intake) or its code (bulk loads).
        entry = names[name].get(value) if isinstance(value, int | str) else None
        return catalogue_name(entry) if entry else _short(value)
    return _short(value)


def _short(value: object, limit: int = 80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def write_evidence(file_id: int) -> Path:
    """The evidence file written to a new temporary folder; runs in a worker."""
    filename, data = evidence_bytes(file_id)
    path = Path(tempfile.mkdtemp(prefix="complaint-desk-")) / Path(filename).name
    path.write_bytes(data)
    return path


class CaseView(QDialog):
    continue_case = Signal(int)

    def __init__(self, complaint_id: int, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complaint_id = complaint_id
        self.case = case_detail(complaint_id)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.files_label = QLabel()
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.files.itemActivated.connect(self.open_file)
        self.continue_button = QPushButton()
        self.continue_button.setVisible(may_continue(staff, self.case))
        self.continue_button.clicked.connect(self._continue)
        self.form_button = QPushButton()
        self.form_button.clicked.connect(lambda: preview_case(self, staff, self.complaint_id))
        self.form_button.setVisible(may_print_form(staff, self.case))
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
        self._fill()

    def _fill(self) -> None:
        number = self.case.number
        sealed = self.tr("Archived and sealed: read-only.") if self.case.archive_number else ""
        self.setWindowTitle(fill(self.tr("Complaint %1"), number))
        names = history_names()
        names["taken_over_by"] = {staff_id: EntryName(staff_id, name, "") for staff_id, name in staff_names()}
        rows = "".join(
            f"<tr><td style='white-space:nowrap'>{date_time(entry.at)}</td>"
            f"<td>{escape(entry.actor)}</td><td><b>{escape(code_name('action', entry.action))}</b></td>"
            f"<td>{'<br>'.join(_changes_html(entry.changes, names))}</td>"
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
        for attachment in evidence_files(self.complaint_id):
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
        phone = self.case.customer_phone
        earlier = cast(CustomerComplaints, customer_complaints(phone)) if phone else []
        if len(earlier) < 2:
            return ""
        total = sum((row[5] for row in earlier), Decimal("0"))
        heading = self.tr("This customer in the last 12 months: %1 complaints, %2 yuan compensation accepted")
        heading = fill(heading, len(earlier), money(total))
        rows = "".join(
            f"<tr><td>{escape(number)}</td><td>{date_text(received)}</td>"
            f"<td>{escape(category)}</td><td>{escape(state_label(state))}</td>"
            f"<td align='right'>{money(amount)}</td></tr>"
            for _, number, received, category, state, amount in earlier
        )
        return f"<h3>{escape(heading)}</h3><table cellspacing='4'>{rows}</table>"

    def open_file(self, item: QListWidgetItem) -> Task:
        """Write the evidence to a temporary file (in a worker: files can be
        large) and open it with the system's viewer."""

        def show(path: Path) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return run_task(write_evidence, item.data(256), on_done=show)

    def _continue(self) -> None:
        self.continue_case.emit(self.complaint_id)
        self.accept()
