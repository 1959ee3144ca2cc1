"""What the desk offers and the office decides: compensation lines within (or beyond) authority."""

from __future__ import annotations

from models.catalog import RemedyKind
from models.complaint import Liability, OfficeDecision
from models.demo.case import GOODWILL_KINDS, Case, Offer
from models.demo.slots import FastRandom, count_text
from models.demo.store import Catalogue, RemedyInfo, Team, yuan
from models.demo.texts import (
    DECISION_NOTES,
    DISCOUNTS,
    FREE_DRINKS,
    FREE_ITEMS,
    FREE_SWEETS,
    GIFTS,
    HANDOFF_CATEGORY,
    HANDOFF_OVER_LIMIT,
    HANDOFF_REMEDY,
    SWAPPED_TO_VOUCHER,
)


class OfferMaker:
    """The offer-making half of the generator: the compensation of a case and the office's changes to it."""

    rng: FastRandom
    catalogue: Catalogue
    team: Team

    def _offer(self, case: Case, needs_office: bool) -> Offer:
        """Compensation lines that fit the liability; within the receiver's authority unless the office decides."""
        rng = self.rng
        liability = case.liability
        if liability in (Liability.FULL, Liability.PARTIAL):
            count = 1 + (rng.random() < 0.5) + (liability == Liability.FULL)
            preferred = list(case.story.remedies)
            weights = [len(preferred) - i for i in range(len(preferred))]
            kinds: list[str] = []
            while len(kinds) < count and preferred:
                kind = rng.choices(preferred, weights)[0]
                position = preferred.index(kind)
                del preferred[position], weights[position]
                kinds.append(kind)
            if RemedyKind.APOLOGY not in kinds and rng.random() < 0.25:
                kinds.append(RemedyKind.APOLOGY)
        else:
            first = RemedyKind.INFORMATION if liability == Liability.MISUNDERSTANDING or rng.random() < 0.5 else None
            kinds = [first or RemedyKind.APOLOGY]
            if rng.random() < 0.4:
                kinds.append(rng.choice(GOODWILL_KINDS))
        offer = Offer([])
        for kind in kinds:
            remedy = self._remedy(kind, needs_office)
            if remedy is not None:
                offer.lines.append(self._line(case, remedy))
        limit = case.receiver.per_case
        if needs_office:
            if case.category.always_to_office:
                offer.reason = "category"
            elif any(line[0].office_only for line in offer.lines):
                offer.reason = "remedy"
            elif offer.total > limit:
                offer.reason = "limit"
            else:
                self._beyond_authority(case, offer, limit)
        else:
            offer.lines.sort(key=lambda line: line[2])
            while offer.total > limit and offer.lines:
                offer.lines.pop()
        if not offer.lines:
            fallback = self._remedy(RemedyKind.APOLOGY, False) or self._remedy(RemedyKind.INFORMATION, False)
            if fallback is None:
                fallback = min(
                    (r for group in self.catalogue.remedies_by_kind.values() for r in group if not r.office_only),
                    key=lambda r: (r.default, r.id),
                    default=next(iter(self.catalogue.remedies_by_kind.values()))[0],
                )
            offer.lines.append((fallback, fallback.name, 0))
        return offer

    def _sweeten(self, case: Case, offer: Offer, refused: int) -> None:
        """A new offer after a refusal gives more than the refused one, within the receiver's authority."""
        room = case.receiver.per_case - offer.total
        for kind in (RemedyKind.VOUCHER, RemedyKind.FREE_ITEM, RemedyKind.GIFT):
            if offer.total > refused:
                return
            remedy = self._remedy(kind, False)
            if remedy is not None:
                line = self._line(case, remedy)
                if line[2] <= room:
                    offer.lines.append(line)
                    room -= line[2]

    def _decide(self, case: Case, offer: Offer, choice: OfficeDecision) -> str:
        """The office's note; a change swaps office-only remedies for vouchers or cuts the amounts.
        '' when a change makes no sense (nothing to change)."""
        rng = self.rng
        slots = case.slots
        if choice != OfficeDecision.CHANGED:
            return rng.choice(DECISION_NOTES[choice]).format_map(slots)
        voucher = self._remedy(RemedyKind.VOUCHER, False)
        swapped = [line for line in offer.lines if line[0].office_only and line[2]]
        if swapped and voucher is not None and rng.random() < 0.5:
            slots["remedy"] = swapped[0][0].name
            offer.lines = [
                (voucher, f"{yuan(line[2])}元代金券（代替{line[0].name}）", line[2]) if line in swapped else line
                for line in offer.lines
            ]
            return SWAPPED_TO_VOUCHER.format_map(slots)
        largest = max(offer.lines, key=lambda line: line[2])
        if voucher is None or largest[2] < 200 * 100:
            return ""
        count = max(1, int(largest[2] * rng.choice((0.5, 0.6, 0.7, 0.8))) // (100 * 100))
        offer.lines.remove(largest)
        offer.lines.append((voucher, f"赠送{count_text(count)}张100元代金券", count * 100 * 100))
        slots["total"] = yuan(offer.total)
        return rng.choice(DECISION_NOTES[choice]).format_map(slots)

    def _beyond_authority(self, case: Case, offer: Offer, limit: int) -> None:
        """Make the offer one the desk may not grant: an office-only remedy or more money than the limit."""
        rng = self.rng
        office_only = [r for group in self.catalogue.remedies_by_kind.values() for r in group if r.office_only]
        if office_only and rng.random() < 0.5:
            remedy = rng.choice(office_only)
            description, amount = self._line(case, remedy)[1:]
            offer.lines.append((remedy, description, max(amount, 100 * 100)))
            offer.reason = "remedy"
            return
        for kind in (*case.story.remedies, RemedyKind.WAIVED_BILL, RemedyKind.COMPENSATION):
            candidate = self._remedy(kind, True)
            if candidate is not None:
                line = self._line(case, candidate)
                if offer.total + line[2] > limit:
                    offer.lines.append(line)
                    offer.reason = "limit"
                    return
        # Nothing the story calls for is worth that much: vouchers make up the amount.
        count = (limit - offer.total) // (100 * 100) + rng.randint(1, 5)
        remedy = self._remedy(RemedyKind.VOUCHER, True) or rng.choice(
            [r for group in self.catalogue.remedies_by_kind.values() for r in group]
        )
        offer.lines.append((remedy, f"赠送{count_text(count)}张100元代金券", count * 100 * 100))
        offer.reason = "limit"

    def _remedy(self, kind: str, allow_office_only: bool) -> RemedyInfo | None:
        group = self.catalogue.remedies_by_kind.get(kind)
        if not group:
            return None
        if not allow_office_only:
            group = [r for r in group if not r.office_only]
            if not group:
                return None
        return group[0] if len(group) == 1 else self.rng.choice(group)

    def _line(self, case: Case, remedy: RemedyInfo) -> tuple[RemedyInfo, str, int]:
        """A compensation line of this remedy for this case: description and amount in fen."""
        rng = self.rng
        slots = case.slots
        story = case.story
        bill = case.bill
        kind = remedy.kind
        if kind == RemedyKind.DISCOUNT:
            rate, name = rng.choice(DISCOUNTS)
            return remedy, f"账单打{name}折（原价{bill // 100}元）", bill * (100 - rate) // 10000 * 100
        if kind == RemedyKind.FREE_ITEM:
            if "饮" in remedy.name:
                pool = FREE_DRINKS
            elif "果" in remedy.name or "甜" in remedy.name:
                pool = FREE_SWEETS
            else:
                pool = FREE_ITEMS
            return remedy, "赠送" + rng.choice(pool), remedy.default or rng.randint(28, 98) * 100
        if kind == RemedyKind.REPLACEMENT:
            what = slots["dish"] + "重新制作" if "dish" in slots else "重新制作/更换"
            return remedy, what, rng.randrange(38, 168, 2) * 100
        if kind == RemedyKind.WAIVED_BILL:
            if "dish" in slots and rng.random() < 0.6:
                return remedy, slots["dish"] + "免单", rng.randrange(38, 198, 2) * 100
            return remedy, "本单免单", bill
        if kind == RemedyKind.VOUCHER:
            value = rng.choice((50, 100, 100, 200))
            count = rng.choice((1, 1, 2))
            return remedy, f"赠送{count_text(count)}张{value}元代金券", count * value * 100
        if kind == RemedyKind.REFUND:
            what = rng.choice(story.refunds)
            if "{dish}" in what or "{drink}" in what:
                amount = rng.randrange(28, 268, 2) * 100  # one dish or drink, not the whole bill
            else:
                amount = int(bill * rng.choice(case.category.theme.refund_shares)) // 100 * 100
            return remedy, "退还" + what.format_map(slots), amount
        if kind == RemedyKind.UPGRADE:
            return remedy, f"免费升级为{slots['room_type']}一晚", rng.choice((200, 280, 300, 400, 600)) * 100
        if kind == RemedyKind.GIFT:
            return remedy, "赠送" + rng.choice(GIFTS), rng.randint(38, 198) * 100
        if kind == RemedyKind.EXCHANGE:
            return remedy, f"更换同款{slots['product']}" if "product" in slots else "更换同款新品", bill
        if kind == RemedyKind.REPAIR:
            return remedy, rng.choice(story.repairs).format_map(slots), rng.randint(3, 30) * 1000
        if kind == RemedyKind.COMPENSATION:
            amount = max(int(bill * rng.uniform(0.3, 1.0)) // 100 * 100, 100 * 100)
            return remedy, rng.choice(story.compensations).format_map(slots), amount
        if kind == RemedyKind.APOLOGY:
            written = ("{dept}经理签署书面致歉信", "向顾客出具书面致歉", "{dept}出具书面道歉")
            spoken = ("{dept}经理当面致歉", "当事员工当面致歉", "值班经理代表酒店致歉")
            return remedy, rng.choice(written if "书面" in remedy.name else spoken).format_map(slots), 0
        if kind == RemedyKind.INFORMATION:
            return remedy, rng.choice(("向顾客解释有关规定", "提供书面说明", "向顾客说明调查结果")), 0
        return remedy, remedy.name, remedy.default

    def _handoff(self, case: Case, offer: Offer) -> str:
        slots = case.slots
        slots["demand_short"] = case.demand.removeprefix("要求")
        if offer.reason == "category":
            pool = HANDOFF_CATEGORY
        elif offer.reason == "remedy":
            slots["remedy"] = next(line[0].name for line in offer.lines if line[0].office_only)
            pool = HANDOFF_REMEDY
        else:
            pool = HANDOFF_OVER_LIMIT
        return self.rng.choice(pool).format_map(slots)
