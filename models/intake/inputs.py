"""What the desk enters at each step of the intake, the length limits shown beside the fields,
and the checks of free text and money amounts every transition shares."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from models.catalog import Severity
from models.complaint import Channel, FollowUpKind
from models.errors import QT_TRANSLATE_NOOP, FieldError
from models.money import to_money
from models.text import checked_text

# Length limits, shown beside the fields in the GUI.
NAME_MAX = 64
LOCATION_MAX = 64
NARRATIVE_MAX = 2000
DEMAND_MAX = 500
FINDINGS_MAX = 2000
STAFF_INVOLVED_MAX = 128
EXPLANATION_MAX = 1000
HANDOFF_MAX = 1000
HANDOFF_MIN = 10
DECISION_NOTE_MAX = 1000
LINE_DESCRIPTION_MAX = 128
COUNTER_DEMAND_MAX = 500
WITNESS_MAX = 64
SUGGESTION_MAX = 1000
FOLLOW_UP_MAX = 500
REASON_MAX = 500
PROMISED_MINUTES_MAX = 7 * 24 * 60
MAX_LINE_AMOUNT = Decimal("100000.00")
MAX_LINES = 20
SIGNATURE_MAX_BYTES = 512 * 1024


@dataclass
class Receipt:
    """Step 1: receive and empathise."""

    customer_name: str = ""
    phone: str = ""
    channel: str = Channel.IN_PERSON
    location: str = ""
    moved_to_private: bool = False
    narrative: str = ""
    category_id: int | None = None
    severity: str = Severity.LOW
    demand: str = ""
    acknowledged: bool = False
    promised_minutes: int = 15
    received_at: dt.datetime | None = None  # set back when it came by phone, letter or message: see receive()


@dataclass
class Investigation:
    """Step 2: what happened, who is responsible, how much is the company's fault."""

    findings: str = ""
    department_id: int | None = None
    staff_involved: str = ""
    liability: str = ""


@dataclass
class Line:
    """One compensation line of a proposal."""

    remedy_id: int
    amount: Decimal | str | int = Decimal("0")
    description: str = ""
    charged_to_id: int | None = None


@dataclass
class Consent:
    """Step 4: the customer's answer to the current proposal."""

    answer: str
    satisfaction: int | None = None
    signature_png: bytes | None = None
    witness: str = ""
    counter_demand: str = ""
    # The proposal (its seq) shown to the customer: the answer is refused when another desk has made a newer one
    # meanwhile. None: the current proposal, whichever it is.
    proposal_seq: int | None = None
    # When that proposal had been answered as it was shown (None: not yet): an answer another desk recorded
    # meanwhile is named before this one replaces it. Only with ``proposal_seq``.
    answered_shown: dt.datetime | None = None


@dataclass
class FollowUpRequest:
    kind: str = FollowUpKind.CALL_BACK
    due_at: dt.datetime | None = None
    description: str = ""


@dataclass
class Closing:
    """Step 5: what is still owed to the customer and what should change."""

    follow_ups: list[FollowUpRequest] = field(default_factory=list)
    improvement_suggestion: str = ""


# The fields typed on one line (line edits): a line break or a tab pasted into one is stored as a space.
ONE_LINE_FIELDS = frozenset({"customer_name", "location", "staff_involved", "lines", "witness"})


def _text(name: str, value: str | None, limit: int, required: bool = False) -> str:
    return checked_text(name, value, limit, _REQUIRED[name] if required else None, single_line=name in ONE_LINE_FIELDS)


_REQUIRED = {
    "narrative": QT_TRANSLATE_NOOP("DomainError", "Write down the complaint in the customer's words."),
    "demand": QT_TRANSLATE_NOOP("DomainError", "Write down what the customer asks for."),
    "findings": QT_TRANSLATE_NOOP("DomainError", "Write down what the investigation found."),
    "handoff_note": QT_TRANSLATE_NOOP("DomainError", "Write a hand-off note for the office."),
    "decision_note": QT_TRANSLATE_NOOP("DomainError", "Explain the decision for the desk."),
    "counter_demand": QT_TRANSLATE_NOOP("DomainError", "Write down what the customer asks for instead."),
    "reason": QT_TRANSLATE_NOOP("DomainError", "Say why the complaint is withdrawn."),
    "witness": QT_TRANSLATE_NOOP("DomainError", "Name the witness of the verbal consent."),
    "follow_up": QT_TRANSLATE_NOOP("DomainError", "Say what the follow-up is for."),
    "promised_item": QT_TRANSLATE_NOOP("DomainError", "Say what was promised."),
}


# Longer than this before the point, a number is a slip of the keyboard, not money
# (and quantizing a 40-digit number exceeds Decimal's precision).
MAX_AMOUNT_DIGITS = 12


def check_promised_minutes(minutes: object) -> None:
    """Refuse a promised wait that is not a whole number of minutes up to a week:
    a receipt's promise and the organisation's default one alike."""
    if not isinstance(minutes, int) or not 0 < minutes <= PROMISED_MINUTES_MAX:
        raise FieldError(
            "promised_minutes",
            QT_TRANSLATE_NOOP("DomainError", "Promise a wait between 1 minute and {days} days."),
            days=PROMISED_MINUTES_MAX // 1440,
        )


def parse_amount(value: Decimal | str | int, name: str = "amount") -> Decimal:
    """A money amount in yuan with at most two decimals, from 0 to the absurdity limit.

    Exponents ("1E+30"), NaN, Infinity and numbers too long to be money are
    refused as not an amount: Decimal takes them, and quantizing them raises.
    """
    text = str(value).strip().replace(",", "").replace("¥", "").replace("￥", "") or "0"
    not_money = FieldError(
        name, QT_TRANSLATE_NOOP("DomainError", "{value} is not an amount of money."), value=str(value).strip()
    )
    if isinstance(value, str) and "e" in text.lower():
        raise not_money
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise not_money from None
    if not amount.is_finite() or (amount and amount.adjusted() >= MAX_AMOUNT_DIGITS):
        raise not_money
    if amount < 0:
        raise FieldError(name, QT_TRANSLATE_NOOP("DomainError", "An amount cannot be negative."))
    if amount != amount.quantize(Decimal("0.01")):
        raise FieldError(name, QT_TRANSLATE_NOOP("DomainError", "Amounts have at most two decimal places (fen)."))
    if amount > MAX_LINE_AMOUNT:
        raise FieldError(
            name,
            QT_TRANSLATE_NOOP("DomainError", "{amount} yuan is not a believable compensation; the most is {limit}."),
            amount=str(amount),
            limit=str(MAX_LINE_AMOUNT),
        )
    return to_money(amount)
