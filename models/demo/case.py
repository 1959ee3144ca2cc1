"""One complaint while it is built, an offer of compensation, and the weights of how cases end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.catalog import RemedyKind
from models.complaint import Channel, Liability, OfficeDecision, State
from models.demo.slots import Slots, running_totals
from models.demo.store import CategoryInfo, Member, RemedyInfo
from models.demo.texts import Story

SATISFACTION = (1, 2, 3, 4, 5)
SATISFACTION_WEIGHTS = running_totals((4, 7, 17, 36, 36))
CHANNELS = (Channel.IN_PERSON, Channel.PHONE, Channel.ONLINE, Channel.LETTER, Channel.REFERRED)
CHANNEL_WEIGHTS = running_totals((70, 15, 8, 2, 5))
PROMISED_MINUTES = {
    Channel.IN_PERSON: (10, 15, 15, 15, 20, 20, 30, 30, 45, 60),
    Channel.PHONE: (30, 60, 60, 120, 240),
    Channel.ONLINE: (60, 120, 240, 1440),
    Channel.LETTER: (1440, 2880, 4320),
    Channel.REFERRED: (240, 1440, 2880),
}
LIABILITIES = (Liability.NONE, Liability.MISUNDERSTANDING, Liability.PARTIAL, Liability.FULL)
LIABILITY_WEIGHTS = running_totals((8, 14, 33, 45))
SEVERITIES = ("low", "medium", "high")
OPEN_STATES = (
    State.RECEIVED, State.INVESTIGATING, State.PROPOSED, State.AGREED, State.DECLINED, State.ESCALATED, State.DECIDED,
)  # fmt: skip
# Weights (running totals) of the open states for a case a few hours old, a few days old, older, and weeks old: the
# office decides within days, so a case open for weeks waits for the customer or the desk, not for the office.
OPEN_WEIGHTS = tuple(
    running_totals(w)
    for w in (
        (4, 3, 2, 1, 1, 2, 1),
        (1, 3, 2, 1.5, 1.5, 3, 2),
        (0.5, 2.5, 1, 1.5, 2, 2.5, 1.5),
        (0.5, 2.5, 1, 1.5, 2, 0, 0),
    )
)
OFFICE_WAITS_DAYS = 14  # the longest a case waits for the office's decision, or for the desk to pass it on
DECISIONS = (OfficeDecision.APPROVED, OfficeDecision.CHANGED, OfficeDecision.TAKEN_OVER)
DECISION_WEIGHTS = running_totals((60, 30, 10))
WITHDRAWN_STAGES = (State.RECEIVED, State.INVESTIGATING, State.PROPOSED)  # how far a case got before
WITHDRAWN_STAGE_WEIGHTS = running_totals((3, 4, 3))
# The intake step each state waits at (IntakeStep order: receive, investigate, propose, consent, close).
WIZARD_PAGE = {
    State.RECEIVED: 1,
    State.INVESTIGATING: 2,
    State.PROPOSED: 3,
    State.DECLINED: 2,
    State.ESCALATED: 2,
    State.DECIDED: 3,
    State.AGREED: 4,
    State.CLOSED: 4,
    State.WITHDRAWN: 4,
}
GOODWILL_KINDS = (RemedyKind.FREE_ITEM, RemedyKind.GIFT, RemedyKind.VOUCHER)


@dataclass(slots=True)
class Case:
    """One complaint while it is built. Times are seconds after it was received (t0)."""

    id: int
    t0: int
    state: State  # where the case ends up
    category: CategoryInfo
    story: Story
    receiver: Member
    slots: Slots
    department: int
    bill: int  # fen
    demand: str
    t: int = 0  # time of the latest step
    reached: str | None = None  # state after the latest step
    events: list[tuple[int, int, str, str]] = field(default_factory=list)
    proposals: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    findings: str = ""
    staff_involved: str = ""
    liability: Liability | None = None
    handoff: str = ""
    consent: str = ""
    counter: str = ""
    satisfaction: int | None = None
    witness: str = ""
    consent_at: int | None = None
    closed_at: int | None = None
    closer: Member | None = None
    taken_over_by: Member | None = None  # the office account that took the case over by its decision
    improvement: str = ""
    withdrawn_reason: str = ""
    referral: int | None = None  # the referral guide's entry the desk used
    referral_given: str = ""


@dataclass(slots=True)
class Offer:
    lines: list[tuple[RemedyInfo, str, int]]  # remedy, description, fen
    reason: str = ""  # why the office must decide: "category", "remedy", "limit"

    @property
    def total(self) -> int:
        return sum(line[2] for line in self.lines)
