"""A case rendered as HTML for reading panes (office queue, open cases)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QLocale

from models.complaint import Complaint
from models.customer import mask_phone
from models.intake import current_proposal, display_number
from ui.i18n import catalogue_name
from ui.labels import state_label


def _money(value: object) -> str:
    return QLocale().toString(float(value), "f", 2)


def case_html(case: Complaint) -> str:
    locale = QLocale()
    rows = [
        (
            QCoreApplication.translate("CaseText", "Received"),
            locale.toString(case.received_at, "yyyy-MM-dd HH:mm") + " · " + escape(case.received_by.full_name),
        ),
        (QCoreApplication.translate("CaseText", "State"), escape(state_label(case.state))),
        (
            QCoreApplication.translate("CaseText", "Customer"),
            escape(" ".join(filter(None, [case.customer.name, mask_phone(case.customer.phone)])))
            if case.customer
            else "—",
        ),
        (QCoreApplication.translate("CaseText", "Location"), escape(case.location) or "—"),
        (
            QCoreApplication.translate("CaseText", "Category"),
            escape(catalogue_name(case.category)) if case.category else "—",
        ),
        (QCoreApplication.translate("CaseText", "Complaint"), escape(case.narrative).replace("\n", "<br>")),
        (QCoreApplication.translate("CaseText", "Asks for"), escape(case.demand).replace("\n", "<br>")),
        (QCoreApplication.translate("CaseText", "Findings"), escape(case.findings).replace("\n", "<br>") or "—"),
        (
            QCoreApplication.translate("CaseText", "Department"),
            escape(catalogue_name(case.department)) if case.department else "—",
        ),
    ]
    if case.handoff_note:
        rows.append(
            (
                QCoreApplication.translate("CaseText", "Hand-off note"),
                "<b>" + escape(case.handoff_note).replace("\n", "<br>") + "</b>",
            )
        )
    proposal = current_proposal(case)
    if proposal is not None:
        total_label = QCoreApplication.translate("CaseText", "Total")
        lines = "<br>".join(
            f"{escape(catalogue_name(line.remedy))} {escape(line.description)}: {_money(line.amount)}"
            for line in proposal.lines
        )
        rows.append(
            (
                QCoreApplication.translate("CaseText", "Proposal"),
                (lines or "—")
                + f"<br><b>{total_label}: {_money(proposal.total)}</b>",
            )
        )
    body = "".join(
        f"<tr><th align='left' valign='top' style='padding-right:12px'>{k}</th><td>{v}</td></tr>" for k, v in rows
    )
    return f"<h3>{escape(display_number(case))}</h3><table cellspacing='4'>{body}</table>"
