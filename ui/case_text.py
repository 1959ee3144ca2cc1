"""A case rendered as HTML for reading panes (office queue, open cases)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication

from models.case_detail import CaseDetail
from models.complaint import State
from models.customer import mask_phone
from models.intake import ProposalLineView, ProposalView, proposal_history
from ui.format import date_time, yuan
from ui.i18n import catalogue_name, fill, labelled
from ui.labels import code_name, state_label
from ui.risk_text import level_text, reasons_text


def _proposal_rows(case: CaseDetail) -> list[tuple[str, str]]:
    """Every proposal in order, as the printed form has them: who made it, its
    lines and total, what became of it, and the customer's answer to it."""
    return [
        (
            escape(fill(QCoreApplication.translate("CaseText", "Proposal %1"), proposal.seq)),
            _proposal_html(proposal),
        )
        for proposal in proposal_history(case.id)
    ]


def _details(line: ProposalLineView) -> str:
    """A line's details when they say more than its remedy: left empty, a line keeps the remedy's Chinese name
    (it read 菜品重做 菜品重做, and in English Dish remade 菜品重做)."""
    return "" if line.description in (line.remedy.name, line.remedy.name_en) else line.description


def _proposal_html(proposal: ProposalView) -> str:
    author = proposal.created_by
    if proposal.by_office:
        author = fill(QCoreApplication.translate("CaseText", "%1 (office)"), author)
    # Who made it and when, then what became of it: "Decided by the office · 李静 · 02:46" read as 李静's decision.
    made = fill(QCoreApplication.translate("CaseText", "made by %1 at %2"), author, date_time(proposal.created_at))
    parts = [f"<i>{escape(code_name('proposal_stage', proposal.stage))}</i> · {escape(made)}"]
    parts += [
        labelled(" ".join(filter(None, [escape(catalogue_name(line.remedy)), escape(_details(line))])),
                 yuan(line.amount))
        for line in proposal.lines
    ] or ["—"]  # fmt: skip
    if proposal.explanation:  # what the desk told the customer with it, as the form prints it
        told = QCoreApplication.translate("CaseText", "Told the customer")
        parts.append(labelled(escape(told), escape(proposal.explanation).replace("\n", "<br>")))
    total_label = QCoreApplication.translate("CaseText", "Total")
    parts.append(f"<b>{labelled(total_label, yuan(proposal.total))}</b>")
    if proposal.decision:
        decision = code_name("decision", proposal.decision)
        decided = f"{escape(decision)} · {escape(proposal.decided_by)} · {date_time(proposal.decided_at)}"
        parts.append(labelled(decided, escape(proposal.decision_note)) if proposal.decision_note else decided)
    if proposal.answer:
        answer = f"<b>{escape(code_name('consent', proposal.answer))}</b> · {date_time(proposal.answered_at)}"
        if proposal.satisfaction is not None:
            answer += " · " + escape(
                fill(QCoreApplication.translate("CaseText", "satisfaction %1 / 5"), proposal.satisfaction)
            )
        parts.append(answer)
        if proposal.counter_demand:
            label = QCoreApplication.translate("CaseText", "They asked instead: %1")
            parts.append("<b>" + escape(fill(label, proposal.counter_demand)).replace("\n", "<br>") + "</b>")
    return "<br>".join(parts)


def case_html(case: CaseDetail, handoff_shown: bool = True) -> str:
    """The case as a table of its facts (``handoff_shown`` False: without the hand-off note, which the screen shows
    above it)."""
    rows = [
        (
            QCoreApplication.translate("CaseText", "Received"),
            date_time(case.received_at) + " · " + escape(case.received_by),
        ),
        (QCoreApplication.translate("CaseText", "State"), escape(state_label(case.state))),
        (
            QCoreApplication.translate("CaseText", "Customer"),
            escape(" ".join(filter(None, [case.customer_name, mask_phone(case.customer_phone)])))
            if case.has_customer
            else "—",
        ),
        (QCoreApplication.translate("CaseText", "Came in"), escape(code_name("channel", case.channel))),
        (QCoreApplication.translate("CaseText", "Location"), escape(case.location) or "—"),
        (
            QCoreApplication.translate("CaseText", "Category"),
            escape(catalogue_name(case.category)) if case.category else "—",
        ),
        (QCoreApplication.translate("CaseText", "Severity"), escape(code_name("severity", case.severity))),
        (QCoreApplication.translate("CaseText", "Complaint"), escape(case.narrative).replace("\n", "<br>")),
        (QCoreApplication.translate("CaseText", "Asks for"), escape(case.demand).replace("\n", "<br>")),
    ]
    if case.promised_at is not None:
        rows.append((QCoreApplication.translate("CaseText", "Reply promised by"), date_time(case.promised_at)))
    rows += [
        (QCoreApplication.translate("CaseText", "Findings"), escape(case.findings).replace("\n", "<br>") or "—"),
        (
            QCoreApplication.translate("CaseText", "Department"),
            escape(catalogue_name(case.department)) if case.department else "—",
        ),
    ]
    if case.liability:
        liability = escape(code_name("liability", case.liability))
        rows.append((QCoreApplication.translate("CaseText", "Liability"), liability))
    if case.staff_involved:
        rows.append((QCoreApplication.translate("CaseText", "Staff involved"), escape(case.staff_involved)))
    if (now := case.risk_now()) is not None:  # as of now, as the queues show it (the promise passed, ...)
        risk = escape(level_text(now.level.value))
        reasons = reasons_text(now.reasons)
        if reasons:
            risk += "<br>" + "<br>".join(escape(text) for text in reasons)
        rows.append((QCoreApplication.translate("CaseText", "Escalation risk"), risk))
    if case.taken_over_by:
        rows.append((QCoreApplication.translate("CaseText", "Taken over by"), escape(case.taken_over_by)))
    if case.referral is not None:
        referral = f"<b>{escape(catalogue_name(case.referral))}</b>"
        if case.referral_given:
            referral += "<br>" + escape(case.referral_given).replace("\n", "<br>")
        rows.append((QCoreApplication.translate("CaseText", "Referred to"), referral))
    if case.handoff_note and handoff_shown:
        rows.append(
            (
                QCoreApplication.translate("CaseText", "Hand-off note"),
                "<b>" + escape(case.handoff_note).replace("\n", "<br>") + "</b>",
            )
        )
    rows.extend(_proposal_rows(case))
    if case.improvement_suggestion:
        rows.append(
            (
                QCoreApplication.translate("CaseText", "Improvement suggestion"),
                escape(case.improvement_suggestion).replace("\n", "<br>"),
            )
        )
    if case.closed_at is not None:  # who sealed it and when; a withdrawal with the customer's reason
        withdrawn = case.state == State.WITHDRAWN
        label = (
            QCoreApplication.translate("CaseText", "Withdrawn")
            if withdrawn
            else QCoreApplication.translate("CaseText", "Closed")
        )
        rows.append((label, f"{date_time(case.closed_at)} · {escape(case.closed_by)}"))
        if withdrawn:
            reason = escape(case.withdrawn_reason).replace("\n", "<br>") or "—"
            rows.append((QCoreApplication.translate("CaseText", "Reason for withdrawing"), reason))
    body = "".join(
        f"<tr><th align='left' valign='top' style='padding-right:12px'>{k}</th><td>{v}</td></tr>" for k, v in rows
    )
    return f"<h3>{escape(case.number)}</h3><table cellspacing='4'>{body}</table>"
