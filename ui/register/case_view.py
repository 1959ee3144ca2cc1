"""One complaint, read-only: every field, the timeline of its history (who,
when, what changed from what to what), its evidence files, and the ways on:
continue an open case at the right intake step, or preview and print its form."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QDateTime, QTime, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.analysis.recovery import may_recover
from models.case_detail import (
    CaseDetail,
    case_detail,
    case_follow_ups,
    case_signature,
    evidence_bytes,
    evidence_files,
    may_continue,
    may_print_form,
)
from models.catalog import EntryName, history_names
from models.complaint import State
from models.control.external import LINK_REASON, channels
from models.control.hotspots import WINDOW_DAYS, HotspotKey, Window, named_group
from models.control.risk import decode_reasons
from models.customer import mask_phone
from models.customer_history import customer_complaints
from models.errors import DomainError
from models.intake import tell_new_time, tells_new_times, withdraw
from models.permissions import Action, may
from models.register import staff_names, timeline
from models.staff import Staff
from ui.case_text import case_html
from ui.form_preview import preview_case
from ui.format import date_text, date_time, file_size, money, yuan
from ui.hotspot_text import at_line_start, group_text
from ui.i18n import catalogue_name, clauses, domain_message, fill, labelled
from ui.labels import code_name, state_label
from ui.paper.code_labels import offers_a_decision
from ui.register.recovery_dialog import RecoveryDialog
from ui.risk_text import reasons_text
from ui.tasks import Task, run_task
from ui.widgets import DateTimeEdit, ErrorLabel, enter_presses, resize_within_screen

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
    "acknowledged": QT_TRANSLATE_NOOP("CaseView", "Repeated back and confirmed"),
    "moved_to_private": QT_TRANSLATE_NOOP("CaseView", "Taken to a quiet place"),
    "staff_involved": QT_TRANSLATE_NOOP("CaseView", "Staff involved"),
    "promised_minutes": QT_TRANSLATE_NOOP("CaseView", "Reply promised in"),
    "promised_at": QT_TRANSLATE_NOOP("CaseView", "Reply promised by"),
    "received_at": QT_TRANSLATE_NOOP("CaseView", "Received at"),
    "customer": QT_TRANSLATE_NOOP("CaseView", "Customer"),
    "explanation": QT_TRANSLATE_NOOP("CaseView", "Told the customer"),
    "signature": QT_TRANSLATE_NOOP("CaseView", "Signature"),
    "witness": QT_TRANSLATE_NOOP("CaseView", "Witness of the verbal consent"),
    "consent_at": QT_TRANSLATE_NOOP("CaseView", "Answered at"),
    "answer": QT_TRANSLATE_NOOP("CaseView", "Customer's answer"),
    "kind": QT_TRANSLATE_NOOP("CaseView", "Kind"),
    "due_at": QT_TRANSLATE_NOOP("CaseView", "Due"),
    "description": QT_TRANSLATE_NOOP("CaseView", "What"),
    "improvement_suggestion": QT_TRANSLATE_NOOP("CaseView", "Improvement suggestion"),
    "improvement_action": QT_TRANSLATE_NOOP("CaseView", "Improvement action"),
    "closed_at": QT_TRANSLATE_NOOP("CaseView", "Closed at"),
    "closed_by": QT_TRANSLATE_NOOP("CaseView", "Closed by"),
    "decided_by": QT_TRANSLATE_NOOP("CaseView", "Decided by"),
    "received_by": QT_TRANSLATE_NOOP("CaseView", "Received by"),
    "filename": QT_TRANSLATE_NOOP("CaseView", "File"),
    "size": QT_TRANSLATE_NOOP("CaseView", "Size"),
    "reason": QT_TRANSLATE_NOOP("CaseView", "Reason"),
    "fields": QT_TRANSLATE_NOOP("CaseView", "Fields"),
    "party": QT_TRANSLATE_NOOP("CaseView", "Recoverable from"),
    "amount_due": QT_TRANSLATE_NOOP("CaseView", "Amount due"),
    "amount_recovered": QT_TRANSLATE_NOOP("CaseView", "Amount recovered"),
    "corrections": QT_TRANSLATE_NOOP("CaseView", "Corrections"),
    # An external case's (the case taken outside: 12315, a hotline) and a hot-spot notice's.
    "external_case": QT_TRANSLATE_NOOP("CaseView", "External case"),
    "reference": QT_TRANSLATE_NOOP("CaseView", "Reference"),
    "received_on": QT_TRANSLATE_NOOP("CaseView", "Received by the outside body"),
    "asked": QT_TRANSLATE_NOOP("CaseView", "What is asked"),
    "acceptance_due": QT_TRANSLATE_NOOP("CaseView", "Acceptance decided by"),
    "due_on": QT_TRANSLATE_NOOP("CaseView", "Reply due"),
    "reply_by": QT_TRANSLATE_NOOP("CaseView", "Reply due, set by the outside body"),
    "fallback_calendar": QT_TRANSLATE_NOOP("CaseView", "Working days counted Monday to Friday"),
    "reply": QT_TRANSLATE_NOOP("CaseView", "Reply"),
    "outcome": QT_TRANSLATE_NOOP("CaseView", "Outcome"),
    "closing_note": QT_TRANSLATE_NOOP("CaseView", "Closing note"),
    "hotspot": QT_TRANSLATE_NOOP("CaseView", "Hot-spot"),
    "count": QT_TRANSLATE_NOOP("CaseView", "Complaints"),
}
CASE_LINK = "case:"  # a link to another complaint in the customer's history: case:2995
SIGNATURE_URL = "signature.png"  # the summary's picture of the customer's signature (a document resource)
# Keys of an event that say nothing to a person: rows named by their id (the alert answered, the line
# recovered), the wizard's page, bookkeeping times and scores.
HIDDEN = frozenset(
    {"alert", "risk_alert", "line", "wizard_page", "updated_at", "risk_score", "sha256", "media_type", "attachment",
     "follow_up"}
)  # fmt: skip
# What an event's own words already say (a follow-up done: its kind and what came of it), not listed again
# ("follow_up：855", "result：…" under 承诺事项已兑现：…).
# An external case's step by whom and when: the event's own time and person ("replying_by：3").
SAID_BY_ACTION = {
    "follow_up_done": frozenset({"kind", "result"}),
    "external_replying": frozenset({"replying_at", "replying_by"}),
    "external_replied": frozenset({"replied_at", "replied_by"}),
    "external_closed": frozenset({"closed_at", "closed_by"}),
    "hotspot_told": frozenset({"window"}),  # said with the count
}
# Fields that say something only when set: a day the outside body set itself, a year the holiday calendar lacks.
SAID_WHEN_SET = frozenset({"acceptance_due", "reply_by", "fallback_calendar"})
# Texts shown whole: an archive correction and its reason are read nowhere else on screen, nor an outside body's
# reply in the case's history.
WHOLE = frozenset({"corrections", "reason", "reply", "closing_note", "asked"})
# Fields that hold an account's id (a number, or its text).
PEOPLE = frozenset({"closed_by", "decided_by", "received_by", "taken_over_by"})
# Fields that hold a moment: shown to the minute, never with seconds.
MOMENTS = frozenset({"promised_at", "received_at", "consent_at", "due_at", "closed_at", "decided_at", "answered_at"})
EXTERNAL_CHANNEL = "external_channel"  # the names of the external channels, among the history's names by code
# Fields that hold a day.
DAYS = frozenset({"received_on", "acceptance_due", "due_on", "reply_by"})


# customer_complaints' rows, as it documents them: (id, number, received_at, category, state, compensation).
CustomerComplaints = list[tuple[int, str, dt.datetime, EntryName | None, str, Decimal]]

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
# Fields that hold an amount in yuan (kept as its text, "1189.00"): shown as amounts are (1,189.00).
MONEY_FIELDS = frozenset({"total", "amount_due", "amount_recovered"})
# Fields whose value is a list of escalation-risk reasons ({"code": …, parameters}).
REASON_FIELDS = frozenset({"risk_reasons", "reasons"})


def _change_text(name: str, value: Any, names: dict[str, dict[int | str, EntryName]]) -> str:
    """One line of a history entry: the field in words, old → new."""
    label = QCoreApplication.translate("CaseView", str(FIELD_NAMES[name])) if name in FIELD_NAMES else name
    if name == "lines":
        # [[remedy, amount, details], …], or old and new such lists when the office changed them.
        if value and isinstance(value[0], list) and value[0] and isinstance(value[0][0], list):
            return labelled(label, f"{_lines_text(value[0])} → {_lines_text(value[1])}")
        return labelled(label, _lines_text(value))
    if name in REASON_FIELDS and isinstance(value, list) and not all(isinstance(item, list) for item in value):
        return labelled(label, _value_text(name, value, names))  # the reasons themselves, not [old, new]
    if isinstance(value, list) and len(value) == 2:
        old, new = value
        return labelled(label, f"{_value_text(name, old, names)} → {_value_text(name, new, names)}")
    return labelled(label, _value_text(name, value, names))


def _changes_html(
    changes: dict[str, Any], names: dict[str, dict[int | str, EntryName]], action: str = ""
) -> list[str]:
    said = SAID_BY_ACTION.get(action, frozenset())
    return [
        escape(_event_text(action, name, value, changes, names))
        for name, value in changes.items()
        if name not in HIDDEN and name not in said and (value or name not in SAID_WHEN_SET)
    ]


def _event_text(
    action: str, name: str, value: Any, changes: dict[str, Any], names: dict[str, dict[int | str, EntryName]]
) -> str:
    """One line of an event: as ``_change_text`` says it, but what only this kind of event holds."""
    label = QCoreApplication.translate("CaseView", str(FIELD_NAMES[name])) if name in FIELD_NAMES else name
    if action.startswith("external_"):  # its state and channel are the external case's, not the complaint's
        if name == "channel":
            entry = names.get(EXTERNAL_CHANNEL, {}).get(str(value))
            outside = QCoreApplication.translate("CaseView", "Outside body")
            return labelled(outside, catalogue_name(entry) if entry else _short(value))
        if name == "state" and isinstance(value, list) and len(value) == 2:
            return labelled(label, " → ".join(code_name("external_state", state) if state else "—" for state in value))
        if name == "outcome":
            return labelled(label, code_name("external_outcome", value[-1] if isinstance(value, list) else value))
        if name == "external_case":
            return labelled(label, f"#{value}")
    if action == "amended" and name == "reason" and value == LINK_REASON:  # the application's own words
        return labelled(label, QCoreApplication.translate("CaseView", "Linked to an external case"))
    if action == "hotspot_told":
        if name == "hotspot" and isinstance(value, str):
            return labelled(label, _hotspot_text(value))
        if name == "count":
            days = WINDOW_DAYS.get(Window(changes["window"])) if changes.get("window") in set(Window) else None
            if days is not None:
                return labelled(label, fill(QCoreApplication.translate("CaseView", "%1 in %2 days"), value, days))
    return _change_text(name, value, names)


def _hotspot_text(key_text: str) -> str:
    """A hot-spot named as its page names it, with the day it was first unusual."""
    try:
        key = HotspotKey.from_text(key_text)
        group = named_group(key.kind, key.scope, key.value)
    except ValueError:  # not a key this version knows
        return _short(key_text)
    since = fill(QCoreApplication.translate("CaseView", "unusual since %1"), date_text(key.since))
    return f"{at_line_start(group_text(group))} · {since}"


def _lines_text(lines: list[Any]) -> str:
    """Remedy, amount and details (when they say more than the remedy's name)."""
    shown = []
    for remedy, amount, *details in lines:
        extra = [d for d in details if d and d != remedy]
        shown.append(" ".join([str(remedy), _amount_text(amount), *extra]))
    return clauses(shown) or "—"


def _amount_text(value: object) -> str:
    """An amount the history kept as text or a number, with its unit (anything else as it is)."""
    try:
        return yuan(Decimal(str(value)))
    except ArithmeticError:
        return _short(value)


# A customer's phone, wherever the history names one: masked (138****5678), as every list shows it.
PHONE_FIELDS = frozenset({"phone", "customer_phone"})


def _value_text(name: str, value: object, names: dict[str, dict[int | str, EntryName]]) -> str:
    if name in REASON_FIELDS and isinstance(value, list):
        return clauses(reasons_text(decode_reasons(json.dumps(value)))) or "—"
    if value in (None, ""):
        return "—"
    if name in PHONE_FIELDS:  # masked in the history as on the case's page (a correction showed it whole)
        return mask_phone(str(value))
    if isinstance(value, bool):
        return QCoreApplication.translate("CaseView", "yes") if value else QCoreApplication.translate("CaseView", "no")
    if name in MOMENTS and isinstance(value, str):
        try:
            return date_time(dt.datetime.fromisoformat(value))
        except ValueError:
            return _short(value)
    if name in DAYS and isinstance(value, str):
        try:
            return date_text(dt.date.fromisoformat(value))
        except ValueError:
            return _short(value)
    if name in MONEY_FIELDS:
        return _amount_text(value)
    if name == "corrections" and isinstance(value, dict):
        # An archive correction's fields, named as its dialog names them (it showed {'customer_phone': '139…'}).
        from ui.office.amend_dialog import FIELDS

        return clauses(
            [
                labelled(_correction_label(field, FIELDS),
                         _short(mask_phone(str(corrected)) if field in PHONE_FIELDS else corrected))
                for field, corrected in value.items()
            ]
        )  # fmt: skip
    if name == "promised_minutes" and isinstance(value, int):
        return fill(QCoreApplication.translate("CaseView", "%1 min"), value)
    if name == "signature":
        return QCoreApplication.translate("CaseView", "signed (the picture is in the summary)")
    if name == "kind":
        return code_name("follow_up", value)
    if name == "size" and isinstance(value, int):
        return file_size(value)
    if name == "state":
        return state_label(str(value))
    if name in CODED_FIELDS:
        return code_name(CODED_FIELDS[name], value)
    if name in names:
        # The history holds the entry's id (the intake) or its code (bulk loads); an account's id as a number or
        # as its text (an external case's steps).
        if name in PEOPLE and isinstance(value, str) and value.isdigit():
            value = int(value)
        entry = names[name].get(value) if isinstance(value, int | str) else None
        return catalogue_name(entry) if entry else _short(value)
    return str(value) if name in WHOLE else _short(value)


def _correction_label(field: str, dialog_fields: Mapping[str, object]) -> str:
    """A corrected field named as the correction's dialog names it (the link to an external case, which the
    application writes itself, as the history names it)."""
    if field in dialog_fields:
        return QCoreApplication.translate("AmendDialog", str(dialog_fields[field]))
    return QCoreApplication.translate("CaseView", str(FIELD_NAMES[field])) if field in FIELD_NAMES else field


def _short(value: object, limit: int = 80) -> str:
    text = "—" if value in (None, "") else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def customer_history_html(phone: str, complaint_id: int) -> str:
    """The customer's complaints of the last 12 months and what they were granted, ``complaint_id`` among them:
    repeat complainants and compensation hunters show at a glance (the others link to their case, ``CASE_LINK``);
    "" with fewer than two. The case view shows it, and the office's decision page."""
    earlier = cast(CustomerComplaints, customer_complaints(phone)) if phone else []
    if len(earlier) < 2:
        return ""
    translate = QCoreApplication.translate
    total = sum((row[5] for row in earlier), Decimal("0"))
    heading = translate("CaseView", "This customer in the last 12 months: %1 complaints, %2 yuan compensation accepted")
    heading = fill(heading, len(earlier), money(total))
    headings = (translate("CaseView", "Number"), translate("CaseView", "Received"), translate("CaseView", "Category"),
                translate("CaseView", "State"), translate("CaseView", "Accepted (yuan)"))  # fmt: skip
    head = "".join(f"<th align='left'>{escape(text)}</th>" for text in headings)
    rows = []
    for case_id, number, received, category, state, amount in earlier:
        if case_id == complaint_id:  # this one, among them
            shown = f"<b>{escape(number)}</b>" + escape(translate("CaseView", " (this one)"))  # Chinese: no space
        else:  # the others open from here
            shown = f"<a href='{CASE_LINK}{case_id}'>{escape(number)}</a>"
        accepted = money(amount) if amount else ""  # none accepted: empty, as the register shows it
        rows.append(
            f"<tr><td>{shown}</td><td>{date_text(received)}</td>"
            f"<td>{escape(catalogue_name(category) if category else '')}</td><td>{escape(state_label(state))}</td>"
            f"<td align='right'>{accepted}</td></tr>"
        )
    return f"<h3>{escape(heading)}</h3><table cellspacing='4'><tr>{head}</tr>{''.join(rows)}</table>"


def linked_case(url: QUrl) -> int | None:
    """The complaint a ``CASE_LINK`` of ``customer_history_html`` names, or None."""
    text = url.toString()
    return int(text[len(CASE_LINK) :]) if text.startswith(CASE_LINK) and text[len(CASE_LINK) :].isdigit() else None


def write_evidence(file_id: int) -> Path:
    """The evidence file written to a new temporary folder; runs in a worker."""
    from ui.scratch import written_for_viewer

    return written_for_viewer(*evidence_bytes(file_id))


class NewTimeDialog(QDialog):
    """The new time the customer is told for the office's answer (the one told at the hand-off has passed)."""

    def __init__(self, case: CaseDetail, parent: QWidget | None = None) -> None:
        from ui.intake.propose_page import default_answer_by

        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("New time for %1"), case.number))
        told = date_time(case.promised_at) if case.promised_at else "—"
        question = QLabel(fill(self.tr("The customer was told the office answers by %1. The time you tell them "
                                       "now is the case's promise from now on:"), told))  # fmt: skip
        question.setWordWrap(True)
        self.answer_by = DateTimeEdit()
        self.answer_by.setCalendarPopup(True)
        self.answer_by.setDisplayFormat("yyyy-MM-dd HH:mm")
        offered = default_answer_by(case.promised_at, dt.datetime.now())
        self.answer_by.setDateTime(
            QDateTime(QDate(offered.year, offered.month, offered.day), QTime(offered.hour, offered.minute))
        )
        label = QLabel(self.tr("Office's answer &by:"))
        label.setBuddy(self.answer_by)
        self.error = ErrorLabel()
        self.answer_by.dateTimeChanged.connect(lambda: self.error.show_message(""))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Record the new time"))
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.answer_by, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)


class CaseView(QDialog):
    continue_case = Signal(int)
    open_case = Signal(int)  # another complaint of the customer's, chosen in their history
    changed = Signal(int)  # the case changed here (withdrawn while it waited for the office)

    def __init__(self, complaint_id: int, staff: Staff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.complaint_id = complaint_id
        self.case = case_detail(complaint_id)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link_clicked)
        self.files_label = QLabel()
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.files.itemActivated.connect(self.open_file)
        self.staff = staff
        self.continue_button = QPushButton()
        self.continue_button.clicked.connect(self._continue)
        self.form_button = QPushButton()
        self.form_button.clicked.connect(lambda: preview_case(self, self.staff, self.complaint_id))
        self.recovery_button = QPushButton()
        self.recovery_button.clicked.connect(lambda: self.open_recovery(self.staff))
        self.recovery_dialog: RecoveryDialog | None = None
        # A case waiting for the office cannot be continued at the desk: the customer who leaves meanwhile, or drops
        # it, is recorded from here (the office decided a case that no longer mattered, red and at high risk).
        self.withdraw_button = QPushButton()
        self.withdraw_button.clicked.connect(self.ask_withdrawal)
        # The office's answer late: the customer told a new time, the case's promise from then on (it stayed late).
        self.new_time_button = QPushButton()
        self.new_time_button.clicked.connect(self.ask_new_time)
        self._offer_buttons()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.form_button)
        buttons.addWidget(self.recovery_button)
        buttons.addWidget(self.new_time_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.files_label)
        layout.addWidget(self.files)
        layout.addLayout(buttons)
        resize_within_screen(self, 860, 760)
        enter_presses(self, self.close_button)  # opened to read: Enter closes it (it continued the case)
        self._fill()

    def _fill(self) -> None:
        number = self.case.number
        sealed = self.tr("Archived and sealed: read-only.") if self.case.archive_number else ""
        self.setWindowTitle(fill(self.tr("Complaint %1"), number))
        names = history_names()
        people: dict[int | str, EntryName] = {
            staff_id: EntryName(staff_id, name, "") for staff_id, name in staff_names()
        }
        for field in PEOPLE:
            names[field] = dict(people)
        names[EXTERNAL_CHANNEL] = {row.code: EntryName(row.id, row.name, row.name_en) for row in channels(False)}
        entries = timeline(self.complaint_id)
        actions = [entry.action for entry in entries]
        rows = "".join(
            f"<tr><td style='white-space:nowrap'>{date_time(entry.at)}</td><td>{escape(entry.actor)}</td>"
            f"<td><b>{escape(self._action_text(entry.action, entry.changes, actions[:index]))}</b></td>"
            f"<td>{'<br>'.join(_changes_html(entry.changes, names, entry.action))}</td>"
            "</tr>"
            for index, entry in enumerate(entries)
        )
        heading = escape(self.tr("History"))
        self.details.setHtml(
            case_html(self.case)
            + self._signature_html()
            + self._follow_ups_html()
            + (f"<p><i>{escape(sealed)}</i></p>" if sealed else "")
            + f"<h3>{heading}</h3><table cellspacing='4' width='100%'>{rows}</table>"
            + customer_history_html(self.case.customer_phone, self.complaint_id)
        )
        self.files.clear()
        for attachment in evidence_files(self.complaint_id):
            item = QListWidgetItem(f"{attachment.filename}  ({file_size(attachment.size)})")
            item.setData(256, attachment.id)
            self.files.addItem(item)
        self.files_label.setText(self.tr("Evidence files (double-click to open):"))
        self.files_label.setVisible(self.files.count() > 0)
        self.files.setVisible(self.files.count() > 0)
        self.continue_button.setText(self.tr("&Continue this case"))
        self.form_button.setText(self.tr("Complaint &form…"))
        self.recovery_button.setText(self.tr("&Recovery from a third party…"))
        self.withdraw_button.setText(self.tr("Customer &withdraws…"))
        self.new_time_button.setText(self.tr("&New time told…"))
        self.close_button.setText(self.tr("C&lose"))  # Alt+C continues the case

    def _action_text(self, action: str, changes: dict[str, Any], earlier: Sequence[str] = ()) -> str:
        """The step in words; a follow-up by its kind (a promised item is no call-back); the office's decision put
        to the customer as the printed form says it (it read "proposed" by the duty manager, under the office's
        proposal)."""
        if action == "proposed" and offers_a_decision(earlier):
            return code_name("action", "decision_offered")
        if action == "follow_up":
            kind = changes.get("kind")
            if kind == "promised_item":
                return self.tr("Promised item recorded")
            if kind == "call_back":
                return self.tr("Call-back planned")
        if action == "follow_up_done":  # with what came of it
            kinds = {"promised_item": self.tr("Promised item delivered"), "call_back": self.tr("Called back")}
            done = kinds.get(str(changes.get("kind")), code_name("action", action))
            result = str(changes.get("result", ""))
            return labelled(done, result) if result else done
        return code_name("action", action)

    def _signature_html(self) -> str:
        """The customer's signature as a picture (or who witnessed a verbal consent)."""
        signed = case_signature(self.complaint_id)
        if signed is None:
            return ""
        png, witness = signed
        name = self.tr("Customer's signature")
        label = labelled(name, "").rstrip()  # with its colon as the language writes it (Chinese: full-width)
        if not png:
            said = labelled(name, fill(self.tr("verbal consent, witnessed by %1"), witness))
            return f"<p><b>{escape(label)}</b>{escape(said.removeprefix(label))}</p>"
        image = QImage.fromData(png)
        self.details.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl(SIGNATURE_URL), image)
        width = min(image.width(), 320)
        return f"<p><b>{escape(label)}</b><br><img src='{SIGNATURE_URL}' width='{width}'></p>"

    def _follow_ups_html(self) -> str:
        """What is still owed to the customer: call-backs and promised items."""
        follow_ups = case_follow_ups(self.complaint_id)
        if not follow_ups:
            return ""
        done, to_do, heading = self.tr("done %1"), self.tr("to do"), self.tr("Follow-ups")
        rows = "".join(
            f"<tr><td>{escape(code_name('follow_up', f.kind))}</td><td>{escape(date_time(f.due_at) or '—')}</td>"
            f"<td>{escape(f.description)}</td>"
            f"<td>{escape(fill(done, date_time(f.done_at)) if f.done_at else to_do)}</td></tr>"
            for f in follow_ups
        )
        return f"<h3>{escape(heading)}</h3><table cellspacing='4'>{rows}</table>"
    def set_staff(self, staff: Staff) -> None:
        """The desk changed hands while the case stayed open: what it offers, and who acts, are the new
        person's (a form printed or a recovery claimed was the previous person's)."""
        self.staff = staff
        self._offer_buttons()
        if self.recovery_dialog is not None:
            self.recovery_dialog.staff = staff

    def _offer_buttons(self) -> None:
        self.continue_button.setVisible(may_continue(self.staff, self.case))
        self.form_button.setVisible(may_print_form(self.staff, self.case))
        self.recovery_button.setVisible(may_recover(self.staff, self.complaint_id))
        self.withdraw_button.setVisible(self.case.state == State.ESCALATED and may(self.staff, Action.WITHDRAW))
        self.new_time_button.setVisible(self.case.state == State.ESCALATED and tells_new_times(self.staff))

    def ask_new_time(self) -> NewTimeDialog:
        """The time the customer is told now for the office's answer; the case's promise on OK."""
        dialog = NewTimeDialog(self.case, self)

        def confirmed() -> None:
            try:
                tell_new_time(self.staff, self.complaint_id, cast(dt.datetime, dialog.answer_by.dateTime().toPython()))
            except DomainError as error:
                dialog.error.show_message(domain_message(error))
                return
            dialog.accept()
            self.case = case_detail(self.complaint_id)
            self._fill()
            self.changed.emit(self.complaint_id)

        dialog.buttons.accepted.connect(confirmed)
        dialog.open()
        return dialog

    def ask_withdrawal(self) -> QDialog:
        """Why the customer withdraws the case waiting for the office; withdrawn and sealed on OK."""
        from ui.intake.wizard import WithdrawDialog

        dialog = WithdrawDialog(self)

        def confirmed() -> None:
            try:
                withdraw(self.staff, self.complaint_id, dialog.reason.text())
            except DomainError as error:
                dialog.error.show_message(domain_message(error))
                return
            dialog.accept()
            self.case = case_detail(self.complaint_id)
            self._offer_buttons()
            self._fill()
            self.changed.emit(self.complaint_id)

        dialog.buttons.accepted.connect(confirmed)
        dialog.open()
        return dialog

    def open_recovery(self, staff: Staff) -> RecoveryDialog:
        """The recovery dialog of this case; the history shows what was recorded once it closes."""
        self.recovery_dialog = RecoveryDialog(self.complaint_id, self.case.number, staff, self)
        self.recovery_dialog.finished.connect(lambda _result: self._fill())
        self.recovery_dialog.open()
        return self.recovery_dialog

    def _link_clicked(self, url: QUrl) -> None:
        """Another complaint of the customer's, chosen in their history: opened in a view of its own."""
        case_id = linked_case(url)
        if case_id is not None:
            self.open_case.emit(case_id)

    def open_file(self, item: QListWidgetItem) -> Task:
        """Write the evidence to a temporary file (in a worker: files can be
        large) and open it with the system's viewer."""

        def show(path: Path) -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        return run_task(write_evidence, item.data(256), on_done=show, owner=self)

    def _continue(self) -> None:
        self.continue_case.emit(self.complaint_id)
        self.accept()
