"""House rule 1: how far the desk may go on its own (per-case and daily limits, the remedies each
duty manager may grant, categories that always go to the office), and the office's take-over."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from models.catalog import Category, Remedy
from models.complaint import Complaint, Proposal, ProposalStatus, State
from models.errors import QT_TRANSLATE_NOOP, CatalogueName, DomainError
from models.intake.inputs import Line, parse_amount
from models.money import money_text, to_money
from models.permissions import Action, may, require
from models.staff import Staff, StaffRemedy

ALWAYS_TO_OFFICE = QT_TRANSLATE_NOOP("DomainError", "Complaints of the category '{category}' always go to the office.")


@dataclass(frozen=True)
class AuthorityCheck:
    """How a proposal stands against the actor's authority."""

    total: Decimal
    per_case_limit: Decimal | None
    daily_left: Decimal | None
    reasons: tuple[DomainError, ...]

    @property
    def within(self) -> bool:
        return not self.reasons

    @property
    def category_only(self) -> bool:
        """Whether the office decides for the case's category alone: nothing asked is beyond the limits."""
        return bool(self.reasons) and all(reason.template == ALWAYS_TO_OFFICE for reason in self.reasons)


def granted_today(actor: Staff, excluding: Complaint | int | None = None, now: dt.datetime | None = None) -> Decimal:
    """What the actor has offered or had accepted today, other cases only. An offer left unanswered on a case
    withdrawn (the customer walked off) granted nothing: it counts no more."""
    midnight = (now or dt.datetime.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    query = (
        Proposal.select(fn.COALESCE(fn.SUM(Proposal.total), 0))
        .join(Complaint, on=Proposal.complaint == Complaint.id)
        .where(
            Proposal.created_by == actor,
            Proposal.created_at >= midnight,
            Proposal.needs_office == False,  # noqa: E712 - SQL comparison
            (Proposal.status == ProposalStatus.ACCEPTED)
            | ((Proposal.status == ProposalStatus.OFFERED) & (Complaint.state != State.WITHDRAWN)),
        )
    )
    if excluding is not None:
        query = query.where(Proposal.complaint != int(getattr(excluding, "id", excluding)))
    return to_money(query.scalar() or 0)


def check_authority(actor: Staff, complaint: Complaint | int, lines: Sequence[Line]) -> AuthorityCheck:
    """Whether the desk may offer ``lines`` on this case; the GUI shows it live.
    The limits and grants are those of the actor's current row."""
    case = Complaint.get_by_id(int(getattr(complaint, "id", complaint)))
    return authority_for(actor, case.category, lines, case)


def authority_for(
    actor: Staff, category: Category | None, lines: Sequence[Line], case: Complaint | None = None
) -> AuthorityCheck:
    """Whether the desk may offer ``lines`` on a complaint of ``category`` (``case``: the complaint, whose
    own earlier offers do not count against the day's limit; None for one not saved yet, the quick path)."""
    actor = require(actor, Action.PROPOSE)
    parsed = [(Remedy.get_or_none(Remedy.id == line.remedy_id), parse_amount(line.amount)) for line in lines]
    total = to_money(sum((amount for _, amount in parsed), Decimal("0")))
    if may(actor, Action.DECIDE):  # the office decides escalations, so no limit binds it
        return AuthorityCheck(total, None, None, ())
    reasons: list[DomainError] = []
    if category is not None and category.always_to_office:
        reasons.append(
            DomainError(
                ALWAYS_TO_OFFICE,
                category=CatalogueName(category.name, category.name_en),
            )
        )
    granted = set(StaffRemedy.select(StaffRemedy.remedy).where(StaffRemedy.staff == actor).tuples())
    granted_ids = {remedy_id for (remedy_id,) in granted}
    for remedy, _ in parsed:
        if remedy is not None and (remedy.office_only or remedy.id not in granted_ids):
            reasons.append(
                DomainError(
                    QT_TRANSLATE_NOOP("DomainError", "You may not grant '{remedy}'."),
                    remedy=CatalogueName(remedy.name, remedy.name_en),
                )
            )
    if total > actor.per_case_limit:
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "The total of {total} yuan exceeds your limit of {limit} yuan per case."
                ),
                total=money_text(total),
                limit=money_text(actor.per_case_limit),
            )
        )
    daily_left = to_money(max(Decimal("0"), actor.daily_limit - granted_today(actor, excluding=case)))
    if total > daily_left:
        reasons.append(
            DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "Only {left} yuan of your daily limit of {limit} yuan is left today."
                ),
                left=money_text(daily_left),
                limit=money_text(actor.daily_limit),
            )
        )
    return AuthorityCheck(total, actor.per_case_limit, daily_left, tuple(reasons))


def _require_not_taken_over(case: Complaint, actor: Staff) -> None:
    """The desk may not go on with a case the office took over (by its decision on an escalation, or from
    its risk list); the office may."""
    if may(actor, Action.DECIDE):
        return
    if case.taken_over_by_id is not None:
        raise DomainError(
            QT_TRANSLATE_NOOP("DomainError", "{name} of the office has taken this case over."),
            name=case.taken_over_by.full_name,
        )
