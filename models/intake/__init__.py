"""The intake as a state machine: the only way to change a complaint.

One function per transition (``receive``, ``record_investigation``,
``propose``, ``escalate``, ``decide``, ``record_consent``, ``close``,
``withdraw``). Each checks the actor's role, validates the input, changes the
case inside one transaction (where it judges the actor's current row again, as
``permissions.require`` re-reads it, and uses that row for every later
check), appends audit events (old → new) and returns the case, or raises
a DomainError whose sentence a person can read.

Authority (house rule 1): the desk may not offer a proposal whose total
exceeds the actor's per-case limit, that takes the actor's total for today
over their daily limit, that uses a remedy they may not grant, or whose
category always goes to the office. Such a case is escalated with a hand-off
note, the office decides, and the decision comes back to the desk.

The package splits it by what each part holds: ``inputs`` (what the desk enters, limits and checks),
``cases`` (loading and writing a case), ``authority``, ``transitions`` and ``queries``; import from here.
"""

from __future__ import annotations

from models.intake.authority import (
    AuthorityCheck,
    check_authority,
    granted_today,
)
from models.intake.cases import (
    ChangedMeanwhileError,
    as_shown,
    current_proposal,
    display_number,
    is_final,
    receipt_open,
    shown_stamp,
)
from models.intake.inputs import (
    COUNTER_DEMAND_MAX,
    DECISION_NOTE_MAX,
    DEMAND_MAX,
    EXPLANATION_MAX,
    FINDINGS_MAX,
    FOLLOW_UP_MAX,
    HANDOFF_MAX,
    HANDOFF_MIN,
    LINE_DESCRIPTION_MAX,
    LOCATION_MAX,
    MAX_AMOUNT_DIGITS,
    MAX_LINE_AMOUNT,
    MAX_LINES,
    NAME_MAX,
    NARRATIVE_MAX,
    PROMISED_MINUTES_MAX,
    REASON_MAX,
    SIGNATURE_MAX_BYTES,
    STAFF_INVOLVED_MAX,
    SUGGESTION_MAX,
    WITNESS_MAX,
    Closing,
    Consent,
    FollowUpRequest,
    Investigation,
    Line,
    Receipt,
    check_promised_minutes,
    parse_amount,
)
from models.intake.office_steps import REFERRAL_MAX, refer, take_over
from models.intake.queries import (
    ProposalLineView,
    ProposalView,
    RemedyName,
    escalated_cases,
    open_cases,
    open_drafts,
    possible_duplicates,
    proposal_history,
    recent_locations,
)
from models.intake.quick import QuickCase, QuickPathCheck, QuickPathError, hand_to_wizard, quick_close, quick_path_check
from models.intake.transitions import (
    RECEIVED_BACK_DAYS,
    add_attachment,
    close,
    decide,
    escalate,
    propose,
    receive,
    record_consent,
    record_investigation,
    remember_page,
    tell_new_time,
    tells_new_times,
    withdraw,
)

__all__ = [
    "COUNTER_DEMAND_MAX",
    "DECISION_NOTE_MAX",
    "DEMAND_MAX",
    "EXPLANATION_MAX",
    "FINDINGS_MAX",
    "FOLLOW_UP_MAX",
    "HANDOFF_MAX",
    "HANDOFF_MIN",
    "LINE_DESCRIPTION_MAX",
    "LOCATION_MAX",
    "MAX_AMOUNT_DIGITS",
    "MAX_LINES",
    "MAX_LINE_AMOUNT",
    "NAME_MAX",
    "NARRATIVE_MAX",
    "PROMISED_MINUTES_MAX",
    "REASON_MAX",
    "RECEIVED_BACK_DAYS",
    "REFERRAL_MAX",
    "SIGNATURE_MAX_BYTES",
    "STAFF_INVOLVED_MAX",
    "SUGGESTION_MAX",
    "WITNESS_MAX",
    "AuthorityCheck",
    "ChangedMeanwhileError",
    "Closing",
    "Consent",
    "FollowUpRequest",
    "Investigation",
    "Line",
    "ProposalLineView",
    "ProposalView",
    "QuickCase",
    "QuickPathCheck",
    "QuickPathError",
    "Receipt",
    "RemedyName",
    "add_attachment",
    "as_shown",
    "check_authority",
    "check_promised_minutes",
    "close",
    "current_proposal",
    "decide",
    "display_number",
    "escalate",
    "escalated_cases",
    "granted_today",
    "hand_to_wizard",
    "is_final",
    "open_cases",
    "open_drafts",
    "parse_amount",
    "possible_duplicates",
    "proposal_history",
    "propose",
    "quick_close",
    "quick_path_check",
    "receipt_open",
    "receive",
    "recent_locations",
    "record_consent",
    "record_investigation",
    "refer",
    "remember_page",
    "shown_stamp",
    "take_over",
    "tell_new_time",
    "tells_new_times",
    "withdraw",
]
