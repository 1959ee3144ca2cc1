"""The generator: one complaint at a time, from receipt to its final state, as rows and audit events."""

from __future__ import annotations

import json
import math
from typing import Any

from models.archive import RecordNames
from models.complaint import (
    Channel,
    ConsentAnswer,
    FollowUpKind,
    Liability,
    OfficeDecision,
    ProposalStatus,
    State,
)
from models.control.risk import (
    REPEAT_DAYS,
    RiskAssessment,
    RiskContext,
    RiskLevel,
    asked_amount,
    assess,
    encode_reasons,
    reasons_as_json,
    steady_score,
)
from models.demo.case import (
    CHANNEL_WEIGHTS,
    CHANNELS,
    DECISION_WEIGHTS,
    DECISIONS,
    LIABILITIES,
    LIABILITY_WEIGHTS,
    OFFICE_WAITS_DAYS,
    OPEN_STATES,
    OPEN_WEIGHTS,
    PROMISED_MINUTES,
    SATISFACTION,
    SATISFACTION_WEIGHTS,
    SEVERITIES,
    WITHDRAWN_STAGE_WEIGHTS,
    WITHDRAWN_STAGES,
    WIZARD_PAGE,
    Case,
    Offer,
)
from models.demo.clock import DAY, Clock
from models.demo.hotspots import planted
from models.demo.offers import OfferMaker
from models.demo.seals import case_to_seal
from models.demo.search_index import customer_text, plain
from models.demo.slots import FastRandom, Slots, customer_name, fill, person_name
from models.demo.store import Catalogue, CategoryInfo, FirstIds, Member, Rows, Team, yuan
from models.demo.texts import (
    ACKNOWLEDGE_NOTES,
    ALERT_NOTES,
    AREA_CODES,
    CALL_BACK_RESULTS,
    CALL_BACKS,
    CALM_MENTIONS,
    CHANNEL_PREFIXES,
    COUNTER_DEMANDS,
    CUSTOMER_NOTES,
    DECISION_NOTES,
    EXPLANATIONS,
    FINDING_CLOSERS,
    FINDING_OPENERS,
    MOBILE_PREFIXES,
    OPENERS,
    PROMISED_ITEMS,
    PROMISED_RESULTS,
    REPEAT_PHRASES,
    RISK_PHRASES,
    SURNAMES,
    TAILS,
    TAILS_WITHOUT_OCCASION,
    TAKE_OVER_NOTES,
    WITHDRAWN_REASONS,
    WITNESS_TITLES,
    Story,
)

# Customers recognised again by phone come from this many most recent ones (bounded memory).
RETURNING_POOL = 50_000
RETURNING_SHARE = 0.16
WITHDRAWN_SHARE = 0.045
CALM_MENTION_SHARE = 0.03  # a place named but not threatened (a negation, a near miss)
REFERRAL_SHARE = 0.12  # of the cases whose category has a referral guide entry
ALERT_SHARE = 0.6  # of the recent open cases at high risk: the desk told the office
ALERT_RECENT = 2 * DAY
STRAGGLER_SHARE = 0.003  # of the cases of the last STRAGGLERS_DAYS: still open, long past their promise
STRAGGLERS_DAYS = 45
# Of the cases still open: those the desk promised a later reply (minutes), rather than the channel's usual one.
LONGER_PROMISE_SHARE = 0.5
LONGER_PROMISES = (240, 480, 1440, 2880)
# An event's changes as models.audit.record writes them (json.dumps with these arguments, its encoder made once).
_EVENT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def open_share(age: float) -> float:
    """The share of the cases received ``age`` days ago still open now: most of the last hours' (a desk closes most
    of what it receives the same day), fewer of the last days' (waiting for the office or the customer), and a few
    stragglers of the last weeks, long past their promise; none older."""
    if age >= STRAGGLERS_DAYS:
        return 0.0
    return 0.85 * math.exp(-age / 0.25) + 0.25 * math.exp(-age / 3) + STRAGGLER_SHARE


class Generator(OfferMaker):
    """Builds complaints one by one from one random stream, into batches of rows."""

    def __init__(
        self,
        rng: FastRandom,
        clock: Clock,
        catalogue: Catalogue,
        team: Team,
        total: int,
        first: FirstIds,
        names: RecordNames | None = None,
    ) -> None:
        self.rng = rng
        self.clock = clock
        self.catalogue = catalogue
        self.team = team
        self.total = total
        self.next_customer = first.customer
        self.next_complaint = first.complaint
        self.next_proposal = first.proposal
        self.returning: list[int] = []  # ids of recent customers with a phone: a ring of RETURNING_POOL
        self.returning_at = 0
        self.states_seen: set[str] = set()
        self.changes_cache: dict[tuple[object, ...], str] = {}
        self.story_departments: dict[tuple[int, str], list[int]] = {}
        self.all_departments = list(catalogue.departments)
        self.words = catalogue.risk_words
        # The times of the returning pool's complaints, by customer: the repeat signal within REPEAT_DAYS.
        self.visits: dict[int, list[int]] = {}
        # The records of closed and withdrawn cases are built as they are drawn (models/demo/seals.py), with
        # these names; the customer of the case being drawn, and those of the returning pool, as records give them.
        self.names = names
        self.customer: dict[str, object] | None = None
        self.pool_customers: dict[int, dict[str, object]] = {}

    def complaint(self, index: int, t0: int, rows: Rows) -> None:
        rng = self.rng
        catalogue = self.catalogue
        if index < len(catalogue.categories):
            category = catalogue.categories[index]  # every category appears, even in a small demo
        else:
            category = rng.weighted(catalogue.categories, catalogue.category_weights)
        story = rng.choice(category.theme.stories)
        plant = planted(rng, t0, self.clock.first_day, self.total, catalogue)
        if plant is not None:
            category, story = plant.category, plant.story
        theme = category.theme
        state = self._state(index, t0)
        channel = rng.weighted(CHANNELS, CHANNEL_WEIGHTS)
        managers = self.team.duty_managers
        # The duty managers take turns: one has the day shift, the other the evening; they swap daily.
        evening = not 8 <= t0 % DAY // 3600 < 16
        receiver = managers[(t0 // DAY + evening) % len(managers)]
        by_office = channel in (Channel.LETTER, Channel.REFERRED) and state not in (State.ESCALATED, State.DECIDED)
        if by_office and rng.random() < 0.5:
            receiver = self.team.office

        slots = Slots(rng)
        department = self._department(category, story)
        slots["_roles"] = story.roles
        slots["cat"] = category.name
        slots["dept"] = catalogue.departments[department][1]
        slots["person"] = rng.choice(SURNAMES) + "某"
        slots["office"] = self.team.office.full_name
        bill = rng.randint(*theme.value) * 100
        slots["money"] = str(bill // 100)
        slots["location"] = rng.choice(story.places) if story.places else "客房" + slots["room"]
        if plant is not None:
            slots["location"] = plant.place or slots["location"]
            if plant.slot is not None:
                slots[plant.slot[0]] = plant.slot[1]

        customer_id, returning = self._customer(t0, channel, rows)
        earlier = self._earlier_visits(customer_id, t0)
        severity = category.severity if rng.random() < 0.7 else rng.choice(SEVERITIES)
        risk = rng.random() < theme.risk + 0.05 * returning + 0.05 * (severity == "high")
        narrative = self._narrative(story.template, channel, slots, returning, risk)
        if risk and severity == "low":
            severity = "medium"
        demand = fill(rng.choice(story.demands), slots)
        if rng.random() < 0.2:
            demand += rng.choice(("，并保证以后不再发生", "，尽快给答复", "，否则不会罢休"))
        promised = rng.choice(PROMISED_MINUTES[channel])
        if state in OPEN_STATES and rng.random() < LONGER_PROMISE_SHARE:
            promised = rng.choice(LONGER_PROMISES)  # not one to answer on the spot, and the desk said so

        case = Case(self.next_complaint, t0, state, category, story, receiver, slots, department, bill, demand)
        self.next_complaint += 1
        severe = category.code if severity == "high" else ""
        # As receive() assesses it: the customer's words, earlier complaints, severity and a sum asked over the
        # receiver's limit (要求退还订金1512元 of a desk that may grant 200).
        over = _asks_over(demand, receiver.per_case)
        context = RiskContext(earlier_complaints=earlier, severe=severe, beyond_authority=over)
        received_risk = assess([narrative, demand], context, self.words)
        self._step(case, 0, receiver, "received", category=category.code, channel=channel.value, severity=severity,
                   **_risk_changes(None, received_risk))  # fmt: skip
        stage = state
        if state == State.WITHDRAWN:
            stage = rng.weighted(WITHDRAWN_STAGES, WITHDRAWN_STAGE_WEIGHTS)
        if stage != State.RECEIVED:
            self._investigate(case, int(promised * 60 * rng.uniform(0.4, 1.5)))
            self._refer(case)
        if stage not in (State.RECEIVED, State.INVESTIGATING):
            self._resolve(case, severity)
        if state == State.CLOSED:
            self._close(case)
        elif state == State.WITHDRAWN:
            self._withdraw(case)

        # A recent case's timeline is squeezed so that nothing happens after now.
        room = max(self.clock.now - 1 - t0, 0)
        squeeze = room / case.t if case.t > room else 1.0
        text = self.clock.text

        def at(offset: int | None) -> str | None:
            return None if offset is None else text(t0 + int(offset * squeeze))

        final_risk = self._final_risk(case, received_risk, [narrative, demand], earlier, severe, promised, squeeze)
        taken_over_by, alert_events = self._alert(case, final_risk, rows, squeeze)
        if case.taken_over_by is not None:
            taken_over_by = case.taken_over_by.id

        rows.complaints.append((
            case.id, state.value, customer_id, text(t0), receiver.id, channel.value, slots["location"],
            int(channel == Channel.IN_PERSON and rng.random() < 0.9), narrative, category.id, severity, demand, 1,
            promised, text(t0 + promised * 60), case.findings, case.department if case.liability else None,
            case.staff_involved, case.liability.value if case.liability else "", case.handoff, case.consent,
            case.counter, case.satisfaction, None, case.witness, at(case.consent_at), case.improvement,
            case.withdrawn_reason, at(case.closed_at), case.closer.id if case.closer else None, None,
            WIZARD_PAGE[state], at(case.events[-1][0]), final_risk.level.value, encode_reasons(final_risk.reasons),
            steady_score(final_risk.reasons), taken_over_by, case.referral, case.referral_given,
        ))  # fmt: skip
        if self.names is not None:
            self._search_grams(rows, (narrative, case.findings, demand))
        proposals = [
            (*proposal[:3], at(proposal[3]), *proposal[4:12], at(proposal[12]), *proposal[13:16], at(proposal[16]))
            for proposal in case.proposals
        ]
        rows.proposals.extend(proposals)
        rows.lines.extend(case.lines)
        rows.events.extend(
            (case.id, at(offset), actor, action, changes) for offset, actor, action, changes in case.events
        )
        rows.events.extend(alert_events)
        if state == State.CLOSED and rng.random() < 0.3:
            self._follow_up(rows, case, t0 + int(case.t * squeeze))
            if self.names is not None:
                self._to_seal(rows, case, proposals, rows.follow_ups[-1:])
        elif state == State.AGREED and rng.random() < 0.3:
            due = t0 + int(case.t * squeeze) + rng.randint(1, 3) * DAY
            rows.follow_ups.append(
                (case.id, FollowUpKind.PROMISED_ITEM.value, text(due), rng.choice(PROMISED_ITEMS), None, None, "")
            )
        elif self.names is not None and state in (State.CLOSED, State.WITHDRAWN):
            self._to_seal(rows, case, proposals, [])

    def _search_grams(self, rows: Rows, texts: tuple[str, ...]) -> None:
        """Note the complaint (the batch's last) when its texts are indexed as they are, with its customer's text:
        the writer makes its grams for the search index from them (``Rows.grams``)."""
        customer = self.customer
        person = customer_text(str(customer["name"]), str(customer["phone"])) if customer is not None else ""
        if all(plain(text) for text in texts if text) and plain(person):
            rows.plain.append((len(rows.complaints) - 1, person))

    def _to_seal(self, rows: Rows, case: Case, proposals: list[tuple[Any, ...]], follow_ups: list[Any]) -> None:
        assert self.names is not None
        rows.to_seal.append(case_to_seal(rows.complaints[-1], self.customer, proposals, case.lines, follow_ups,
                                         self.names))  # fmt: skip

    # -- the steps of a case ------------------------------------------------------------------------------------

    def _step(self, case: Case, delay: int, actor: Member, action: str, to: str | None = None, **changes: Any) -> None:
        """Append an audit event ``delay`` seconds after the previous step; ``to`` is the new state."""
        case.t += delay
        to = to or action
        reasons = changes.get("risk_reasons")
        key = None if reasons else (action, case.reached, to, *changes.items())  # reasons are lists
        text = self.changes_cache.get(key) if key is not None else None
        if text is None:
            text = _EVENT_JSON.encode({"state": [case.reached, to], **changes})
            if key is not None:
                self.changes_cache[key] = text
        case.events.append((case.t, actor.id, action, text))
        case.reached = to

    def _note(self, case: Case, offset: int, actor: Member, action: str, **changes: object) -> None:
        """An audit event of the case's timeline that changes no state, ``offset`` seconds after t0."""
        case.events.append((offset, actor.id, action, _event(**changes)))

    def _earlier_visits(self, customer_id: int | None, t0: int) -> int:
        """The customer's complaints within REPEAT_DAYS before ``t0`` (those of the returning pool), and
        this one counted for the next."""
        if customer_id is None:
            return 0
        times = self.visits.get(customer_id)
        if times is None:
            return 0
        since = t0 - REPEAT_DAYS * DAY
        times[:] = [t for t in times if t >= since]
        earlier = len(times)
        times.append(t0)
        return earlier

    def _final_risk(
        self, case: Case, received: RiskAssessment, texts: list[str], earlier: int, severe: str, promised: int,
        squeeze: float,
    ) -> RiskAssessment:  # fmt: skip
        """The risk as the case's last step leaves it (declined proposals, escalation, the promised time
        passed while it is open); when it differs from the receipt's, the last event says so."""
        declined = sum(p[13] in (ConsentAnswer.DECLINED, ConsentAnswer.COUNTERED) for p in case.proposals)
        escalated = case.state == State.ESCALATED or any(p[8] for p in case.proposals)
        last = int(case.events[-1][0] * squeeze)
        overdue = max(0, (last - promised * 60) // 60) if case.state in OPEN_STATES else 0
        counters = [p[14] for p in case.proposals if p[14]]
        if not (declined or escalated or overdue or counters or case.counter):
            return received
        # A sum asked over the receiver's limit (顾客要求赔偿{money}元) needs the office, as the desk's step says.
        beyond = escalated or _asks_over([texts[1], case.counter, *counters], case.receiver.per_case)
        decided = bool(case.proposals and case.proposals[-1][9]) and case.state != State.ESCALATED  # the office's
        context = RiskContext(earlier, declined, overdue, severe, beyond, office_decided=decided)
        final = assess([*texts, case.counter, *counters], context, self.words)
        if final != received:
            offset, actor, action, changes = case.events[-1]
            event = {**json.loads(changes), **_risk_changes(received, final)}
            case.events[-1] = (offset, actor, action, _EVENT_JSON.encode(event))
        return final

    def _refer(self, case: Case) -> None:
        """Some customers are referred to an outside body at the investigation, as the guide says."""
        entries = self.catalogue.referrals.get(case.category.id)
        if not entries or self.rng.random() >= REFERRAL_SHARE:
            return
        case.referral, case.referral_given = self.rng.choice(entries)
        case.t += self.rng.randint(60, 300)
        self._note(case, case.t, case.receiver, "referred", referral=[None, case.referral],
                   referral_given=["", case.referral_given])  # fmt: skip

    def _alert(
        self, case: Case, risk: RiskAssessment, rows: Rows, squeeze: float
    ) -> tuple[int | None, list[tuple[int, str, int, str, str]]]:
        """The desk told the office of a recent open case at high risk, and the office answered some: the
        office account that took the case over (or None), and the events (at their own times)."""
        rng = self.rng
        last = case.t0 + int(case.t * squeeze)
        now = self.clock.now
        if case.state not in OPEN_STATES or risk.level != RiskLevel.HIGH or now - last > ALERT_RECENT:
            return None, []
        if rng.random() >= ALERT_SHARE:
            return None, []
        text = self.clock.text
        raised = min(last + rng.randint(30, 600), now - 1)
        note = rng.choice(ALERT_NOTES)
        reasons = encode_reasons(risk.reasons)
        level = risk.level.value
        events = [(case.id, text(raised), case.receiver.id, "risk_notified",
                   _event(level=level, reasons=reasons_as_json(risk.reasons), note=note))]  # fmt: skip
        answered = raised + rng.randint(300, 3600)
        office = self.team.office
        if rng.random() < 0.5 or answered >= now:
            rows.alerts.append((case.id, text(raised), case.receiver.id, "desk", level, reasons, "", note, None, None,
                                "", ""))  # fmt: skip
            return None, events
        taken_over = rng.random() < 0.3 and case.taken_over_by is None  # the office's decision took it over already
        answer = rng.choice(TAKE_OVER_NOTES if taken_over else ACKNOWLEDGE_NOTES)
        outcome = "taken_over" if taken_over else "acknowledged"
        rows.alerts.append((case.id, text(raised), case.receiver.id, "desk", level, reasons, "", note, text(answered),
                            office.id, outcome, answer))  # fmt: skip
        if taken_over:
            events.append((case.id, text(answered), office.id, "taken_over",
                           _event(taken_over_by=[None, office.id], note=answer)))  # fmt: skip
            return office.id, events
        events.append((case.id, text(answered), office.id, "risk_acknowledged", _event(level=level, note=answer)))
        return None, events

    def _investigate(self, case: Case, delay: int) -> None:
        rng = self.rng
        story = case.story
        liability = rng.weighted(LIABILITIES, LIABILITY_WEIGHTS)
        if liability in (Liability.FULL, Liability.PARTIAL):
            causes = story.faults
        elif liability == Liability.MISUNDERSTANDING:
            causes = story.misunderstandings
        else:
            causes = story.no_fault
        cause, role, blamed = rng.choice(causes)
        department = self.catalogue.department_by_code.get(blamed or "")
        if department is not None:
            case.department = department
            case.slots["dept"] = self.catalogue.departments[department][1]
        text = rng.choice(FINDING_OPENERS) + cause + rng.choice(FINDING_CLOSERS[liability])
        case.findings = fill((text, role, None), case.slots)
        case.liability = liability
        if case.slots["person"] in case.findings:
            case.staff_involved = case.slots["role"] + case.slots["person"]
        elif rng.random() < 0.4:
            case.staff_involved = case.slots["role"]
        department_code = self.catalogue.departments[case.department][0]
        self._step(case, delay, case.receiver, "investigated", "investigating", department=department_code,
                   liability=liability.value)  # fmt: skip

    def _resolve(self, case: Case, severity: str) -> None:
        """Proposals up to where the case ends: escalation and the office's decision, the customer's answer."""
        rng = self.rng
        receiver = case.receiver
        state = case.state
        slots = case.slots
        liability = case.liability or Liability.PARTIAL
        needs_office = receiver is not self.team.office and (
            case.category.always_to_office
            or state in (State.ESCALATED, State.DECIDED)
            or rng.random() < (0.3 if severity == "high" else 0.08)
        )
        if state == State.WITHDRAWN:
            needs_office = needs_office and rng.random() < 0.5
        seq = 1
        delay = rng.randint(180, 1200)
        first = Offer([])
        if state in (State.PROPOSED, State.AGREED, State.CLOSED) and rng.random() < 0.1:
            # A first offer the customer turned down.
            first = self._offer(case, False)
            self._step(case, delay, receiver, "proposed", proposal=seq, total=yuan(first.total))
            offered = case.t
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.5 else ConsentAnswer.DECLINED
            explanation = rng.choice(EXPLANATIONS[liability]).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=answer.value)
            case.counter = rng.choice(COUNTER_DEMANDS).format_map(slots)
            # The answer stays with the offer it answered, as record_consent keeps it.
            self._proposal(case, seq, offered, explanation, answer.value, first, False,
                           answer=(answer.value, case.counter, None, case.t))  # fmt: skip
            seq = 2
            delay = rng.randint(300, 1800)

        offer = self._offer(case, needs_office)
        if seq == 2 and not needs_office:
            self._sweeten(case, offer, first.total)
        slots["total"] = yuan(offer.total)
        slots["limit"] = yuan(receiver.per_case)
        explanation = rng.choice(EXPLANATIONS[liability]).format_map(slots)
        decision = decision_note = ""
        decided_by = decided_at = None
        author = receiver
        if needs_office:
            case.handoff = self._handoff(case, offer)
            self._step(case, delay, receiver, "escalated", proposal=seq, total=yuan(offer.total))
            created = case.t
            status = ProposalStatus.ESCALATED
            if state not in (State.ESCALATED, State.WITHDRAWN):
                office = self.team.office
                wait = rng.randint(1200, 6 * 3600) if rng.random() < 0.8 else rng.randint(6 * 3600, 30 * 3600)
                choice = rng.weighted(DECISIONS, DECISION_WEIGHTS)
                asked = Offer(list(offer.lines), offer.reason)
                decision_note = self._decide(case, offer, choice)
                if not decision_note:
                    choice = OfficeDecision.APPROVED
                    decision_note = rng.choice(DECISION_NOTES[choice]).format_map(slots)
                if choice == OfficeDecision.TAKEN_OVER:
                    # As decide() does: the office account handles the case from here, the desk no more.
                    self._step(case, wait, office, "decided", decision=choice.value, taken_over_by=(None, office.id))
                    case.taken_over_by = receiver = office
                else:
                    self._step(case, wait, office, "decided", decision=choice.value)
                decision = choice.value
                decided_by = office.id
                decided_at = case.t
                status = ProposalStatus.DECIDED
                if choice == OfficeDecision.CHANGED:
                    # As decide() does: the desk's proposal is kept, superseded, and the office's
                    # changed remedy is a proposal of its own, made by the office account.
                    self._proposal(case, seq, created, "", ProposalStatus.SUPERSEDED.value, asked, True, decision,
                                   "", decided_by, decided_at)  # fmt: skip
                    seq += 1
                    created = decided_at
                    author = office
                if state != State.DECIDED:
                    total = yuan(offer.total)
                    self._step(case, rng.randint(300, 3600), receiver, "proposed", proposal=seq, total=total)
                    status = ProposalStatus.OFFERED
        else:
            self._step(case, delay, receiver, "proposed", proposal=seq, total=yuan(offer.total))
            created = case.t
            status = ProposalStatus.OFFERED

        if state in (State.AGREED, State.CLOSED):
            case.consent = ConsentAnswer.ACCEPTED.value
            case.satisfaction = rng.weighted(SATISFACTION, SATISFACTION_WEIGHTS)
            # Demo customers consent verbally before a witness: drawn signatures
            # would add kilobytes to every case.
            case.witness = rng.choice(WITNESS_TITLES) + person_name(rng)
            self._step(case, rng.randint(120, 900), receiver, "consent", "agreed", consent=case.consent,
                       satisfaction=case.satisfaction)  # fmt: skip
            case.consent_at = case.t
            case.counter = ""  # the complaint holds the last answer; an earlier counter-demand stays on its proposal
            status = ProposalStatus.ACCEPTED
        elif state == State.DECLINED:
            answer = ConsentAnswer.COUNTERED if rng.random() < 0.4 else ConsentAnswer.DECLINED
            case.consent = answer.value
            if answer == ConsentAnswer.COUNTERED:
                case.counter = rng.choice(COUNTER_DEMANDS).format_map(slots)
            self._step(case, rng.randint(120, 900), receiver, "consent", "declined", consent=case.consent)
            case.consent_at = case.t
            status = ProposalStatus(answer.value)
        answered = (case.consent, case.counter, case.satisfaction, case.consent_at) if case.consent_at else None
        self._proposal(case, seq, created, explanation, status.value, offer, needs_office, decision, decision_note,
                       decided_by, decided_at, answered, author)  # fmt: skip

    def _close(self, case: Case) -> None:
        rng = self.rng
        delay = rng.randint(120, 2400) if rng.random() < 0.7 else rng.randint(3600, 72 * 3600)
        case.closer = case.receiver if rng.random() < 0.85 else self.team.office
        if case.taken_over_by is not None:
            case.closer = case.taken_over_by
        if case.liability in (Liability.FULL, Liability.PARTIAL) and rng.random() < 0.3:
            case.improvement = fill(rng.choice(case.story.improvements), case.slots)
        self._step(case, delay, case.closer, "closed")
        case.closed_at = case.t

    def _withdraw(self, case: Case) -> None:
        case.closer = case.taken_over_by or case.receiver
        case.withdrawn_reason = self.rng.choice(WITHDRAWN_REASONS)
        self._step(case, self.rng.randint(300, 7200), case.closer, "withdrawn")
        case.closed_at = case.t

    # -- parts --------------------------------------------------------------------------------------------------

    def _state(self, index: int, t0: int) -> State:
        remaining = self.total - index
        missing = [s for s in State if s.value not in self.states_seen] if remaining <= len(State) else []
        if missing and len(missing) >= remaining:
            state = missing[0]  # every state appears, even in a small demo
        else:
            rng = self.rng
            age = (self.clock.now - t0) / DAY
            share = open_share(age)
            draw = rng.random()
            if draw < share:
                weights = OPEN_WEIGHTS[0 if age < 0.25 else 1 if age < 3 else 2 if age < OFFICE_WAITS_DAYS else 3]
                state = rng.weighted(OPEN_STATES, weights)
            elif draw < share + WITHDRAWN_SHARE:
                state = State.WITHDRAWN
            else:
                state = State.CLOSED
        self.states_seen.add(state.value)
        return state

    def _department(self, category: CategoryInfo, story: Story) -> int:
        """Usually the category's own department, when it can answer for this story; else a fitting one."""
        key = (category.id, story.template)
        usual = self.story_departments.get(key)
        if usual is None:
            codes = self.catalogue.department_by_code
            usual = [codes[d] for d in story.departments if d in codes] or self.all_departments
            self.story_departments[key] = usual
        if category.department in usual and self.rng.random() < 0.75:
            return category.department
        return self.rng.choice(usual)

    def _customer(self, t0: int, channel: Channel, rows: Rows) -> tuple[int | None, bool]:
        rng = self.rng
        if channel in (Channel.ONLINE, Channel.LETTER) and rng.random() < 0.25:
            self.customer = None
            return None, False  # anonymous
        if self.returning and rng.random() < RETURNING_SHARE:
            returning = rng.choice(self.returning)
            self.customer = self.pool_customers.get(returning)
            return returning, True
        customer_id = self.next_customer
        self.next_customer += 1
        draw = rng.random()
        if draw < 0.85:
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        elif draw < 0.93:
            area = rng.choice(AREA_CODES)
            phone = area + str(rng.randint(2, 8)) + f"{rng.randrange(10 ** (10 - len(area))):0{10 - len(area)}d}"
        else:
            phone = ""
        note = rng.choice(CUSTOMER_NOTES) if rng.random() < 0.04 else ""
        name = customer_name(rng)
        rows.customers.append((customer_id, name, phone, self.clock.text(t0), note))
        self.customer = {"name": name, "phone": phone}
        if phone:
            self.visits[customer_id] = []
            self.pool_customers[customer_id] = self.customer
            if len(self.returning) < RETURNING_POOL:
                self.returning.append(customer_id)
            else:
                gone = self.returning[self.returning_at]
                self.visits.pop(gone, None)  # out of the pool, never drawn again
                self.pool_customers.pop(gone, None)
                self.returning[self.returning_at] = customer_id
                self.returning_at = (self.returning_at + 1) % RETURNING_POOL
        return customer_id, False

    def _narrative(self, template: str, channel: Channel, slots: Slots, returning: bool, risk: bool) -> str:
        rng = self.rng
        tail = rng.choice(TAILS_WITHOUT_OCCASION if "{occasion}" in template else TAILS)
        parts = [rng.choice(CHANNEL_PREFIXES[channel]), rng.choice(OPENERS), template, tail]
        if returning and rng.random() < 0.5:
            parts.append(rng.choice(REPEAT_PHRASES))
        if risk:
            parts.append(rng.choice(RISK_PHRASES))
        elif rng.random() < CALM_MENTION_SHARE:
            parts.append(rng.choice(CALM_MENTIONS))
        return "".join(parts).format_map(slots)

    def _proposal(self, case: Case, seq: int, created: int, explanation: str, status: str, offer: Offer,
                  needs_office: bool, decision: str = "", decision_note: str = "", decided_by: int | None = None,
                  decided_at: int | None = None, answer: tuple[str, str, int | None, int] | None = None,
                  author: Member | None = None) -> None:  # fmt: skip
        """One proposal row and its lines; ``answer`` is (answer, counter-demand, satisfaction, time)."""
        proposal_id = self.next_proposal
        self.next_proposal += 1
        case.proposals.append((
            proposal_id, case.id, seq, created, (author or case.receiver).id, explanation, status, yuan(offer.total),
            int(needs_office), decision, decision_note, decided_by, decided_at, *(answer or ("", "", None, None)),
        ))  # fmt: skip
        case.lines.extend(
            (proposal_id, remedy.id, description, yuan(amount), case.department)
            for remedy, description, amount in offer.lines
        )

    def _follow_up(self, rows: Rows, case: Case, closed: int) -> None:
        rng = self.rng
        now = self.clock.now
        due = (closed // DAY + rng.randint(1, 3)) * DAY + rng.randint(10 * 3600, 17 * 3600)
        if rng.random() < 0.8:
            kind = FollowUpKind.CALL_BACK
            description = rng.choice(CALL_BACKS).format_map(case.slots)
            result = rng.choice(CALL_BACK_RESULTS).format_map(case.slots)
        else:
            kind = FollowUpKind.PROMISED_ITEM
            description = rng.choice(PROMISED_ITEMS)
            result = rng.choice(PROMISED_RESULTS)
        if due < now:
            done = min(due + rng.randint(0, 4 * 3600), now - 1)
            row: tuple[object, ...] = (
                case.id,
                kind.value,
                self.clock.text(due),
                description,
                self.clock.text(done),
                case.receiver.id,
                result,
            )
        else:
            row = (case.id, kind.value, self.clock.text(due), description, None, None, "")
        rows.follow_ups.append(row)


def _risk_changes(before: RiskAssessment | None, after: RiskAssessment) -> dict[str, Any]:
    """The risk's [old, new] in an audit event, as ``models.control.risk_cases.reassess`` writes them
    (a new case's level was '' and its reasons none)."""
    old_level = before.level.value if before is not None else ""
    old_reasons = reasons_as_json(before.reasons) if before is not None else []
    changes: dict[str, Any] = {}
    if old_level != after.level:
        changes["risk_level"] = (old_level, after.level.value)  # a tuple: the events' cache keys hash it
    new_reasons = reasons_as_json(after.reasons)
    if old_reasons != new_reasons:
        changes["risk_reasons"] = [old_reasons, new_reasons]
    return changes


def _event(**changes: object) -> str:
    return _EVENT_JSON.encode(changes)


def _asks_over(asked: str | list[str], limit_fen: int) -> bool:
    """Whether the demand (and counter-demands) name a sum over the receiver's limit per case (in fen), as
    ``models.control.risk_cases`` judges it at each step."""
    amount = asked_amount([asked] if isinstance(asked, str) else asked)
    return amount is not None and amount * 100 > limit_fen
