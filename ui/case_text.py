"""A case rendered as HTML for reading panes (office queue, open cases)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QLocale

from models.complaint import Complaint
from models.customer import mask_phone
from models.intake import ProposalView, display_number, proposal_history
from ui.i18n import catalogue_name
from ui.labels import code_name, state_label


def _money(value: object) -> str:
    return QLocale().toString(float(value), "f", 2)


def _proposal_rows(case: Complaint) -> list[tuple[str, str]]:
    """Every proposal in order, as the printed form has them: who made it, its
    lines and total, what became of it, and the customer's answer to it."""
    return [
        (
            escape(QCoreApplication.translate("CaseText", "Proposal %1").replace("%1", str(proposal.seq))),
            _proposal_html(proposal),
        )
        for proposal in proposal_history(case)
    ]


def _proposal_html(proposal: ProposalView) -> str:
    locale = QLocale()

    def when(value: object) -> str:
        return locale.toString(value, "yyyy-MM-dd HH:mm") if value else ""

    author = proposal.created_by
    if proposal.by_office:
        author = QCoreApplication.translate("CaseText", "%1 (office)").replace("%1", author)
    parts = [
        f"<i>{escape(code_name('proposal_stage', proposal.stage))}</i> · "
        f"{escape(author)} · {when(proposal.created_at)}"
    ]
    parts += [
        f"{escape(catalogue_name(line.remedy))} {escape(line.description)}: {_money(line.amount)}"
        for line in proposal.lines
    ] or ["—"]
    total_label = QCoreApplication.translate("CaseText", "Total")
    parts.append(f"<b>{total_label}: {_money(proposal.total)}</b>")
    if proposal.decision:
        decision = code_name("decision", proposal.decision)
        note = f": {escape(proposal.decision_note)}" if proposal.decision_note else ""
        parts.append(f"{escape(decision)} · {escape(proposal.decided_by)} · {when(proposal.decided_at)}{note}")
    if proposal.answer:
        answer = f"<b>{escape(code_name('consent', proposal.answer))}</b> · {when(proposal.answered_at)}"
        if proposal.satisfaction is not None:
            answer += " · " + escape(
                QCoreApplication.translate("CaseText", "satisfaction %1 / 5").replace("%1", str(proposal.satisfaction))
            )
        parts.append(answer)
        if proposal.counter_demand:
            label = QCoreApplication.translate("CaseText", "They asked instead: %1")
            parts.append("<b>" + escape(label.replace("%1", proposal.counter_demand)).replace("\n", "<br>") + "</b>")
    return "<br>".join(parts)


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
    rows.extend(_proposal_rows(case))
    body = "".join(
        f"<tr><th align='left' valign='top' style='padding-right:12px'>{k}</th><td>{v}</td></tr>" for k, v in rows
    )
    return f"<h3>{escape(display_number(case))}</h3><table cellspacing='4'>{body}</table>"
