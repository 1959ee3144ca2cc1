"""Recovery from a third party (追偿): a compensation line the customer accepted can be marked as recoverable
from the supplier or partner at fault, with the amount due from it and the amount recovered so far (migration
0019). The office changes it through these functions only, each checked and audited on the line's complaint;
the lines themselves stay as sealed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from models.analysis.period import Period
from models.analysis.scope import Condition, scope
from models.audit import record_at
from models.base import BaseModel, db, is_postgresql
from models.complaint import CompensationLine, Complaint, Proposal, ProposalStatus
from models.errors import QT_TRANSLATE_NOOP, DomainError, FieldError
from models.intake.inputs import parse_amount
from models.money import MoneyField, to_money
from models.permissions import Action, may, require
from models.search import Filters
from models.staff import Staff

PARTY_MAX = 64
NOTE_MAX = 500


class CostRecovery(BaseModel):
    line = ForeignKeyField(CompensationLine, unique=True, on_delete="RESTRICT")
    party = CharField(max_length=PARTY_MAX)
    amount_due = MoneyField()
    amount_recovered = MoneyField(default=0)
    recovered_at = DateTimeField(null=True)  # when the amount recovered last changed
    note = TextField(default="")
    created_at = DateTimeField(default=dt.datetime.now)
    created_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)
    updated_at = DateTimeField(default=dt.datetime.now)
    updated_by = ForeignKeyField(Staff, on_delete="RESTRICT", index=False, backref="+")


@dataclass(frozen=True)
class RecoveryLine:
    """A compensation line of a case's accepted proposal, and its recovery (``party`` "" when not marked)."""

    line_id: int
    remedy: str
    remedy_en: str
    description: str
    amount: Decimal
    charged_to: str
    charged_to_en: str
    party: str
    amount_due: Decimal
    amount_recovered: Decimal
    recovered_at: dt.datetime | None
    note: str

    @property
    def marked(self) -> bool:
        return bool(self.party)

    @property
    def outstanding(self) -> Decimal:
        return self.amount_due - self.amount_recovered


_LINES = (
    "SELECT l.id, r.name, r.name_en, l.description, l.amount, d.name, d.name_en, "
    "x.party, x.amount_due, x.amount_recovered, x.recovered_at, x.note "
    "FROM compensation_line l JOIN proposal p ON p.id = l.proposal_id JOIN remedy r ON r.id = l.remedy_id "
    "LEFT JOIN department d ON d.id = l.charged_to_id LEFT JOIN cost_recovery x ON x.line_id = l.id "
)


def _row(values: tuple[object, ...]) -> RecoveryLine:
    line_id, remedy, remedy_en, description, amount, dept, dept_en, party, due, recovered, at, note = values
    return RecoveryLine(
        line_id=int(str(line_id)),
        remedy=str(remedy),
        remedy_en=str(remedy_en or ""),
        description=str(description or ""),
        amount=to_money(str(amount)),
        charged_to=str(dept or ""),
        charged_to_en=str(dept_en or ""),
        party=str(party or ""),
        amount_due=to_money(str(due or 0)),
        amount_recovered=to_money(str(recovered or 0)),
        recovered_at=CostRecovery.recovered_at.python_value(at),
        note=str(note or ""),
    )


def case_recovery(complaint_id: int) -> list[RecoveryLine]:
    """The compensation lines the customer accepted on this case (what can be recovered), in their order."""
    rows = db.execute_sql(_LINES + "WHERE p.complaint_id = ? AND p.status = ? ORDER BY l.id",
                          (complaint_id, str(ProposalStatus.ACCEPTED)))
    return [_row(tuple(row)) for row in rows]


def _line(line_id: int) -> tuple[CompensationLine, Complaint]:
    found = (
        CompensationLine.select(CompensationLine, Proposal)
        .join(Proposal)
        .where(CompensationLine.id == line_id)
        .first()
    )
    if found is None or found.proposal.status != ProposalStatus.ACCEPTED:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "DomainError", "Only compensation the customer accepted can be recovered from a third party."
            )
        )
    return found, Complaint.get_by_id(found.proposal.complaint_id)


def save_recovery(
    actor: Staff,
    line_id: int,
    party: str,
    amount_due: Decimal | str,
    amount_recovered: Decimal | str = "0",
    note: str = "",
    now: dt.datetime | None = None,
) -> RecoveryLine:
    """Mark a line as recoverable from ``party`` (or change its mark): ``amount_due`` from it, at most the line's
    amount and above zero; ``amount_recovered`` so far, at most the amount due. Office only; audited."""
    now = now or dt.datetime.now()
    party = " ".join(party.split())
    note = note.strip()
    due = parse_amount(amount_due, "amount_due")
    recovered = parse_amount(amount_recovered, "amount_recovered")
    with db.atomic():
        actor = require(actor, Action.RECOVER)
        line, complaint = _line(line_id)
        if not party:
            raise FieldError("party", QT_TRANSLATE_NOOP("DomainError", "Name the supplier or partner at fault."))
        if len(party) > PARTY_MAX:
            raise FieldError(
                "party", QT_TRANSLATE_NOOP("DomainError", "The party's name is longer than {max} characters."),
                max=PARTY_MAX,
            )
        if len(note) > NOTE_MAX:
            raise FieldError(
                "note", QT_TRANSLATE_NOOP("DomainError", "The note is longer than {max} characters."), max=NOTE_MAX
            )
        if due <= 0:
            raise FieldError("amount_due", QT_TRANSLATE_NOOP("DomainError", "The amount due must be above zero."))
        if due > line.amount:
            raise FieldError(
                "amount_due",
                QT_TRANSLATE_NOOP(
                    "DomainError", "The amount due ({due} yuan) cannot exceed the compensation line's {amount} yuan."
                ),
                due=str(due),
                amount=str(line.amount),
            )
        if recovered > due:
            raise FieldError(
                "amount_recovered",
                QT_TRANSLATE_NOOP(
                    "DomainError", "The amount recovered ({recovered} yuan) cannot exceed the amount due ({due} yuan)."
                ),
                recovered=str(recovered),
                due=str(due),
            )
        existing: CostRecovery | None = CostRecovery.get_or_none(CostRecovery.line == line.id)
        before = (
            (existing.party, str(existing.amount_due), str(existing.amount_recovered), existing.note)
            if existing is not None
            else ("", "", "", "")
        )
        after = (party, str(due), str(recovered), note)
        if before == after:
            return _one(line.id)
        recovered_at = existing.recovered_at if existing is not None else None
        if recovered != (existing.amount_recovered if existing is not None else Decimal("0")):
            recovered_at = now if recovered else None
        values = {
            "party": party, "amount_due": due, "amount_recovered": recovered, "note": note,
            "recovered_at": recovered_at, "updated_at": now, "updated_by": actor,
        }
        if existing is None:
            CostRecovery.create(line=line.id, created_at=now, created_by=actor, **values)
        else:
            CostRecovery.update(**values).where(CostRecovery.id == existing.id).execute()
        changes = {
            name: [old or None, new]
            for name, old, new in zip(("party", "amount_due", "amount_recovered", "note"), before, after, strict=True)
            if old != new
        }
        record_at(now, "recovery_saved", actor, complaint, line=line.id, **changes)
        return _one(line.id)


def remove_recovery(actor: Staff, line_id: int, now: dt.datetime | None = None) -> None:
    """Take a line's mark away (a mistake), while nothing was recovered on it. Office only; audited."""
    now = now or dt.datetime.now()
    with db.atomic():
        actor = require(actor, Action.RECOVER)
        line, complaint = _line(line_id)
        existing: CostRecovery | None = CostRecovery.get_or_none(CostRecovery.line == line.id)
        if existing is None:
            return
        if existing.amount_recovered > 0:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "DomainError", "{recovered} yuan was recovered on this line already: its mark stays."
                ),
                recovered=str(existing.amount_recovered),
            )
        existing.delete_instance()
        record_at(now, "recovery_removed", actor, complaint, line=line.id, party=[existing.party, None],
                  amount_due=[str(existing.amount_due), None])


def _one(line_id: int) -> RecoveryLine:
    return _row(tuple(db.execute_sql(_LINES + "WHERE l.id = ?", (line_id,)).fetchone()))


# --------------------------------------------------------------------------- the analysis' view


@dataclass(frozen=True)
class PartyRecovery:
    """What one supplier or partner owes: over ``lines``, ``due``, ``recovered`` and ``outstanding``."""

    party: str
    lines: int
    due: Decimal
    recovered: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.recovered


@dataclass(frozen=True)
class RecoveryFigures:
    """Recovery from third parties on the complaints of a period: all parties, and by party (most due first)."""

    lines: int
    due: Decimal
    recovered: Decimal
    by_party: tuple[PartyRecovery, ...]

    @property
    def outstanding(self) -> Decimal:
        return self.due - self.recovered


def recovery_figures(
    period: Period, filters: Filters | None = None, *, now: dt.datetime | None = None
) -> RecoveryFigures:
    """The lines marked recoverable on the complaints received in ``period`` that pass ``filters``."""
    return recovery_in(scope(period, filters, now or dt.datetime.now()))


def recovery_in(where: Condition) -> RecoveryFigures:
    # SQLite's CROSS JOIN: from the few lines marked recoverable to their complaints, never the period's
    # complaints (a year's) to their lines. PostgreSQL's planner chooses so by itself (and has no ON after it).
    join = "JOIN" if is_postgresql() else "CROSS JOIN"
    rows = db.execute_sql(
        "SELECT x.party, count(*), sum(CAST(round(x.amount_due * 100) AS INTEGER)), "
        "sum(CAST(round(x.amount_recovered * 100) AS INTEGER)) FROM cost_recovery x "
        f"{join} compensation_line l ON l.id = x.line_id {join} proposal p ON p.id = l.proposal_id "
        f"{join} complaint c ON c.id = p.complaint_id WHERE {where.sql} GROUP BY 1",
        where.params,
    ).fetchall()
    parties = [PartyRecovery(party, lines, _yuan(due), _yuan(recovered)) for party, lines, due, recovered in rows]
    parties.sort(key=lambda row: (-row.due, row.party))
    return RecoveryFigures(
        lines=sum(row.lines for row in parties),
        due=_yuan(sum(row[2] for row in rows)),
        recovered=_yuan(sum(row[3] for row in rows)),
        by_party=tuple(parties),
    )


def _yuan(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(Decimal("0.01"))


def may_recover(actor: Staff, complaint_id: int) -> bool:
    """Whether ``actor`` sees "Recovery from a third party" on this case: the office, on a case with accepted
    compensation lines."""
    return may(actor, Action.RECOVER) and bool(case_recovery(complaint_id))
