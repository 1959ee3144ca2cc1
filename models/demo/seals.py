"""The demo's seals, made where its rows are drawn (the worker process of a big demo), not read back.

``models.archive.seal_in_bulk`` reads the cases it seals back from the database; the demo has every row of a
case in hand when it draws it, so the record is built from those rows by the archive's own builders
(``complaint_record`` and its parts, which ``case_records`` uses on the rows SQLite gives), and the batch is
numbered, chained and compressed by ``seal_cases`` after the archive's head the plan read. The writer checks that
the archive is still there before it stores them; when another desk sealed a case in between, it seals the batch
itself with ``seal_in_bulk`` (the same seals, only slower).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from models.archive import (
    COMPLAINT_COLUMNS,
    FOLLOW_UP_COLUMNS,
    LINE_COLUMNS,
    PROPOSAL_COLUMNS,
    CaseToSeal,
    RecordNames,
    complaint_record,
    follow_up_record,
    line_record,
    proposal_record,
)
from models.demo.store import COMPLAINT_FIELDS, FOLLOW_UP_FIELDS, LINE_FIELDS, PROPOSAL_FIELDS

Row = tuple[Any, ...]


def _columns(columns: tuple[str, ...], fields: tuple[str, ...]) -> Callable[[Row], Row]:
    """The record builders' columns of one of the demo's rows, in their order (``customer_id`` is ``customer``):
    an itemgetter picks them in C, a list comprehension took a tenth of the worker's time for the seals."""
    return itemgetter(*(fields.index(column.removesuffix("_id")) for column in columns))


_COMPLAINT = _columns(COMPLAINT_COLUMNS, COMPLAINT_FIELDS)
_PROPOSAL = _columns(PROPOSAL_COLUMNS, PROPOSAL_FIELDS)
_LINE = _columns(LINE_COLUMNS, LINE_FIELDS)
_FOLLOW_UP = _columns(FOLLOW_UP_COLUMNS, FOLLOW_UP_FIELDS)
_CLOSED_AT, _CLOSED_BY = COMPLAINT_FIELDS.index("closed_at"), COMPLAINT_FIELDS.index("closed_by")
_SEQ, _SIGNATURE = PROPOSAL_FIELDS.index("seq"), COMPLAINT_FIELDS.index("signature")


def case_to_seal(
    complaint: Row,
    customer: dict[str, object] | None,
    proposals: list[Row],
    lines: list[Row],
    follow_ups: list[Row],
    names: RecordNames,
) -> CaseToSeal:
    """A closed or withdrawn case, from the rows the demo writes for it (each in the order of its table's
    columns named in ``models.demo.store``, in the order they are inserted) and its customer's name and
    phone: its record as ``case_records`` would read it back."""
    if complaint[_SIGNATURE] is not None:
        raise ValueError("demo cases are signed before a witness, without a drawn signature")
    by_proposal: dict[object, list[dict[str, object]]] = {proposal[0]: [] for proposal in proposals}
    for line in lines:
        by_proposal[line[0]].append(line_record(_LINE(line), names))
    ordered = sorted(proposals, key=lambda proposal: proposal[_SEQ])
    record = complaint_record(
        complaint[0],
        _COMPLAINT(complaint),
        customer,
        [proposal_record(_PROPOSAL(p), by_proposal[p[0]], names) for p in ordered],
        [follow_up_record(_FOLLOW_UP(f)) for f in follow_ups],
        [],  # the demo attaches no files
        names,
    )
    closed_at = dt.datetime.fromisoformat(complaint[_CLOSED_AT])
    return CaseToSeal(complaint[0], closed_at, complaint[_CLOSED_BY], record)
