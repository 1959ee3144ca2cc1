"""External cases (外部投诉): recorded by the office against the original complaint (or creating it),
deadlines per channel on Chinese working days, the states up to closing, sealing into the archive with
their own numbers, what verify catches, and who may do what."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from peewee import IntegrityError

from models.archive import ArchiveSeal, amendments
from models.audit import AuditEvent
from models.base import db
from models.catalog import Category
from models.complaint import Channel, Complaint, State
from models.control.external import (
    LINK_KEY,
    ChannelCode,
    ChannelInput,
    ExternalAttachment,
    ExternalCase,
    ExternalInput,
    ExternalState,
    Outcome,
    StraightOutside,
    add_external_attachment,
    channels,
    close_external,
    edit_external,
    record_external,
    record_reply,
    save_channel,
    set_channel_active,
    start_reply,
)
from models.control.external_queries import (
    ListFilter,
    complaints_to_link,
    external_cases,
    external_detail,
    printable_external,
    reminders,
)
from models.control.workdays import known_years
from models.errors import DomainError, FieldError, FormError
from models.intake import Receipt, receive, withdraw
from models.verify import verify_report

from conftest import Desk, on_server

D = dt.date
NOW = dt.datetime(2026, 9, 28, 10, 0)  # a Monday, three days before National Day 2026


def channel(code: str) -> int:
    return next(c.id for c in channels() if c.code == code)


def complaint(desk: Desk, narrative: str = "结账时多收了一道菜的钱", phone: str = "13812345678") -> Complaint:
    receipt = Receipt(
        customer_name="王女士",
        phone=phone,
        narrative=narrative,
        category_id=Category.get(Category.code == "billing").id,
        demand="退还多收的钱",
        acknowledged=True,
    )
    return receive(desk.manager, receipt)


def sealed_complaint(desk: Desk) -> Complaint:
    case = complaint(desk, "等了四十分钟没人理")
    return withdraw(desk.manager, case, "顾客先行离开，说要去投诉")


def regulator_case(desk: Desk, case: Complaint) -> int:
    regulator = channel(ChannelCode.MARKET_REGULATOR)
    data = ExternalInput(regulator, D(2026, 9, 28), "SJ-2026-0042", "要求退还多收款并赔礼道歉")
    return record_external(desk.office, data, complaint_id=case.id, now=NOW)


@pytest.fixture
def desk(seeded: Desk) -> Desk:
    return seeded


# --------------------------------------------------------------------------- channels and deadlines


def test_the_shipped_channels_and_their_working_days(desk: Desk) -> None:
    days = {c.code: (c.acceptance_days, c.handling_days) for c in channels()}
    assert days == {
        "platform_12315": (0, 10),
        "hotline_12345": (0, 5),
        "market_regulator": (7, 45),
        "consumer_association": (0, 10),
        "media": (0, 2),
        "head_office": (0, 5),
        "court": (0, 10),
        "other": (0, 10),
    }


@pytest.mark.parametrize(
    ("code", "received", "acceptance_due", "due_on"),
    [
        # 7 and 45 working days from Monday 28 September 2026, across National Day (1-7 October; 10 October worked)
        ("market_regulator", D(2026, 9, 28), D(2026, 10, 13), D(2026, 12, 4)),
        ("platform_12315", D(2026, 2, 12), None, D(2026, 3, 4)),  # the Spring Festival 2026 and two Saturdays
        ("hotline_12345", D(2025, 1, 24), None, D(2025, 2, 7)),  # the Spring Festival 2025 and its Sunday
        ("media", D(2026, 4, 30), None, D(2026, 5, 7)),  # Labour Day 2026
    ],
)
def test_deadlines_per_channel(
    desk: Desk, code: str, received: dt.date, acceptance_due: dt.date | None, due_on: dt.date
) -> None:
    case = complaint(desk)
    data = ExternalInput(channel(code), received, "", "要求给个说法")
    case_id = record_external(desk.office, data, complaint_id=case.id, now=NOW)
    row = ExternalCase.get_by_id(case_id)
    assert (row.acceptance_due, row.due_on, row.fallback_calendar) == (acceptance_due, due_on, False)


def test_the_office_sets_a_channels_days_and_12345_stays_within_the_citys_range(desk: Desk) -> None:
    hotline = channel(ChannelCode.HOTLINE_12345)
    changed = save_channel(desk.office, hotline, ChannelInput("12345热线", "12345 hotline", 0, 15, 3))
    assert changed.handling_days == 15
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.action == "catalogue_changed" and '"handling_days": [5, 15]' in event.changes
    for bad in (2, 16):
        with pytest.raises(FieldError, match="3 to 15 working days") as refused:
            save_channel(desk.office, hotline, ChannelInput("12345热线", "", 0, bad, 2))
        assert refused.value.field == "handling_days"
    with pytest.raises(FieldError, match="1 to 120"):
        save_channel(desk.office, None, ChannelInput("行业协会", "Trade association", 0, 0, 2))
    with pytest.raises(FieldError, match="Enter a name"):
        save_channel(desk.office, None, ChannelInput("  ", "", 0, 5, 2))
    added = save_channel(desk.office, None, ChannelInput("行业协会", "Trade association", 3, 20, 2))
    assert added.code == "trade_association" and added in channels()
    # A second channel of a name there is (channels are retired, never deleted: it split the external cases for
    # good), and a reminder as late as the deadline: every refusal at once, nothing saved.
    before = len(channels(active_only=False))
    with pytest.raises(FormError) as refused:
        save_channel(desk.office, None, ChannelInput("行业协会", "12345 HOTLINE", 0, 3, 3))
    assert [error.field for error in refused.value.errors] == ["name", "name_en", "remind_days"]
    assert len(channels(active_only=False)) == before
    with pytest.raises(FieldError, match="Remind fewer working days ahead than the 3 the reply takes"):
        save_channel(desk.office, added.id, ChannelInput("行业协会", "Trade association", 0, 3, 10))
    assert save_channel(desk.office, added.id, ChannelInput("行业协会", "Trade association", 0, 3, 2)).id == added.id
    # A case already recorded keeps its dates; new ones use the new days.
    with pytest.raises(DomainError, match="Only the office can change the catalogues"):
        save_channel(desk.manager, hotline, ChannelInput("12345热线", "", 0, 10, 2))


def test_a_retired_channel_is_not_offered(desk: Desk) -> None:
    media = channel(ChannelCode.MEDIA)
    set_channel_active(desk.office, media, False)
    assert media not in [c.id for c in channels()]
    assert media in [c.id for c in channels(active_only=False)]
    with pytest.raises(FieldError, match="Choose where the complaint went"):
        record_external(desk.office, ExternalInput(media, D(2026, 9, 1), "", "要求删帖道歉"),
                        complaint_id=complaint(desk).id, now=NOW)  # fmt: skip


def test_a_deadline_in_a_year_the_calendar_does_not_know_is_marked(desk: Desk) -> None:
    last_known = known_years().stop - 1
    received = D(last_known, 12, 28)
    data = ExternalInput(channel(ChannelCode.MARKET_REGULATOR), received, "", "要求赔偿")
    case_id = record_external(desk.office, data, complaint_id=complaint(desk).id,
                              now=dt.datetime.combine(received, dt.time(9)))  # fmt: skip
    row = ExternalCase.get_by_id(case_id)
    assert row.fallback_calendar and row.due_on.year == last_known + 1
    listed = external_cases(today=received)
    assert listed[0].fallback_calendar


def test_a_date_the_outside_body_set_is_the_reply_s_due_day(desk: Desk) -> None:
    data = ExternalInput(channel(ChannelCode.COURT), D(2026, 9, 1), "(2026)沪0101民初123号", "起诉要求赔偿",
                         reply_by=D(2026, 9, 16))  # fmt: skip
    case_id = record_external(desk.office, data, complaint_id=complaint(desk).id, now=NOW)
    row = ExternalCase.get_by_id(case_id)
    assert row.due_on == D(2026, 9, 16) and row.reply_by == D(2026, 9, 16)


# --------------------------------------------------------------------------- recording


def test_recording_against_an_open_complaint(desk: Desk) -> None:
    case = complaint(desk)
    case_id = regulator_case(desk, case)
    row = ExternalCase.get_by_id(case_id)
    assert (row.complaint_id, row.state, row.reference, row.recorded_by_id) == (
        case.id, ExternalState.RECEIVED, "SJ-2026-0042", desk.office.id
    )  # fmt: skip
    event = AuditEvent.select().where(AuditEvent.complaint == case).order_by(AuditEvent.id.desc()).first()
    assert event.action == "external_recorded" and f'"external_case": {case_id}' in event.changes
    assert not ArchiveSeal.select().exists(), "an open complaint is not amended"
    detail = external_detail(case_id, today=NOW.date())
    assert detail.row.customer == "王女士" and detail.row.complaint_number == f"#{case.id}"
    assert [e.action for e in detail.history] == ["external_recorded"]


def test_the_link_to_a_sealed_complaint_is_an_amendment_of_its_seal(desk: Desk) -> None:
    case = sealed_complaint(desk)
    case_id = regulator_case(desk, case)
    (amendment,) = amendments(case)
    assert amendment["reason"] == "关联外部投诉"
    assert amendment["corrections"][LINK_KEY] == f"#{case_id} 市场监督管理部门 · SJ-2026-0042 · 2026-09-28"
    assert Complaint.get_by_id(case.id).archive_number == case.archive_number
    assert verify_report().problems == []


def test_a_customer_who_went_straight_outside_gets_the_original_complaint_through_the_intake(desk: Desk) -> None:
    data = ExternalInput(channel(ChannelCode.HOTLINE_12345), D(2026, 9, 25), "GD20260925-0815", "要求退款并道歉")
    original = StraightOutside(
        "顾客致电12345称在餐厅用餐后腹泻", Category.get(Category.code == "food_safety").id, "陈先生", "139 1234 5678"
    )
    case_id = record_external(desk.office, data, original=original, now=NOW)
    case = Complaint.get_by_id(ExternalCase.get_by_id(case_id).complaint_id)
    assert (case.channel, case.state, case.received_by_id) == (Channel.REFERRED, State.RECEIVED, desk.office.id)
    assert case.customer.phone == "13912345678" and case.demand == "要求退款并道歉"
    # Received the day it reached the office, promised by the outside body's day (a week at most): the desk's
    # quarter of an hour made it late, and high risk, at once.
    due = ExternalCase.get_by_id(case_id).due_on
    assert case.received_at == dt.datetime(2026, 9, 25, 9, 0)
    assert case.promised_at == min(dt.datetime.combine(due, dt.time(23, 59)), case.received_at + dt.timedelta(days=7))
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.complaint == case).order_by(AuditEvent.id)]
    assert actions == ["received", "external_recorded"]
    with pytest.raises(FieldError, match="Write what the customer complained about"):
        another = replace(data, reference="GD20260925-0816")
        record_external(desk.office, another, original=StraightOutside("", original.category_id), now=NOW)
    # A slip of the year: the complaint made from it was dated 90 days back instead, overdue at once, unsaid.
    old = ExternalInput(channel(ChannelCode.HOTLINE_12345), D(2025, 6, 1), "GD20250601", "要求退款")
    with pytest.raises(FieldError, match="Received more than 90 days ago") as refused:
        record_external(desk.office, old, original=original, now=NOW)
    assert refused.value.field == "received_on"
    assert ExternalCase.select().count() == 1, "a refused case leaves nothing behind"


def test_one_outside_body_s_case_is_recorded_once_while_open(desk: Desk) -> None:
    """A 12315 work order typed in twice made two cases, each with its deadline, counted twice as due."""
    first = regulator_case(desk, complaint(desk))
    regulator = channel(ChannelCode.MARKET_REGULATOR)
    again = ExternalInput(regulator, D(2026, 9, 28), " sj-2026-0042 ", "要求退款")
    other = complaint(desk, "房间有异味", phone="13900000001")
    with pytest.raises(FieldError, match=f"SJ-2026-0042 is recorded already, as external case W#{first}, still open"):
        record_external(desk.office, again, complaint_id=other.id, now=NOW)
    assert ExternalCase.select().count() == 1
    # Another body's number, or none, is another case; a correction may not make a case the other's twin.
    hotline = replace(again, channel_id=channel(ChannelCode.HOTLINE_12345))
    second = record_external(desk.office, hotline, complaint_id=other.id, now=NOW)
    record_external(desk.office, replace(again, reference=""), complaint_id=other.id, now=NOW)
    record_external(desk.office, replace(again, reference=""), complaint_id=other.id, now=NOW)
    with pytest.raises(FieldError, match="recorded already") as refused:
        edit_external(desk.office, second, again, now=NOW)
    assert refused.value.field == "reference"
    assert ExternalCase.get_by_id(second).channel_id == hotline.channel_id
    edit_external(desk.office, first, replace(again, asked="要求退还多收款"), now=NOW)  # the case itself: no twin
    # Closed, its number is free for the body's next round.
    close_external(desk.office, first, Outcome.NOT_ACCEPTED, "不予受理", now=NOW)
    assert record_external(desk.office, again, complaint_id=other.id, now=NOW)


def test_a_correction_keeps_the_case_s_own_days_and_its_retired_channel(desk: Desk) -> None:
    """Only the reference corrected: the deadline moved to the channel's new days (the channels' page says a
    changed number applies to cases recorded from then on), and a case on a retired channel went to the first
    channel of the list."""
    from models.control.external import ChannelInput, save_channel, set_channel_active
    from models.control.external_queries import external_detail

    hotline = channel(ChannelCode.HOTLINE_12345)
    data = ExternalInput(hotline, D(2026, 9, 21), "GD-1", "要求道歉")
    case_id = record_external(desk.office, data, complaint_id=complaint(desk).id, now=NOW)
    before = ExternalCase.get_by_id(case_id)
    row = next(c for c in channels() if c.id == hotline)
    save_channel(desk.office, hotline, ChannelInput(row.name, row.name_en, row.acceptance_days, 10, row.remind_days))
    edit_external(desk.office, case_id, ExternalInput(hotline, D(2026, 9, 21), "GD-1-A", "要求道歉"), now=NOW)
    after = ExternalCase.get_by_id(case_id)
    assert (after.reference, after.handling_days, after.due_on) == ("GD-1-A", before.handling_days, before.due_on)
    set_channel_active(desk.office, hotline, False)
    edit_external(desk.office, case_id, ExternalInput(hotline, D(2026, 9, 21), "GD-1-B", "要求道歉"), now=NOW)
    assert ExternalCase.get_by_id(case_id).channel_id == hotline, "its own channel, retired since, kept"
    with pytest.raises(FieldError, match="Choose where the complaint went"):
        record_external(desk.office, data, complaint_id=complaint(desk, phone="13900000009").id, now=NOW)
    assert external_detail(case_id).channel_id == hotline


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (ExternalInput(None, D(2026, 9, 1), "", "要求赔偿"), "channel", "Choose where the complaint went"),
        (ExternalInput(-1, D(2026, 9, 1), "", "要求赔偿"), "channel", "Choose where the complaint went"),
        (ExternalInput(0, None, "", "要求赔偿"), "received_on", "Enter the date the case reached you"),
        (ExternalInput(0, D(2026, 9, 29), "", "要求赔偿"), "received_on", "cannot be in the future"),
        (ExternalInput(0, D(2026, 9, 1), "", "  \n "), "asked", "Say what the outside body asks for"),
        (ExternalInput(0, D(2026, 9, 1), "R" * 65, "要求赔偿"), "reference", "65 characters long; the limit is 64"),
        (ExternalInput(0, D(2026, 9, 10), "", "要求赔偿", reply_by=D(2026, 9, 9)), "reply_by", "before the case"),
    ],
)
def test_bad_input_is_refused_with_a_sentence(desk: Desk, data: ExternalInput, field: str, message: str) -> None:
    if data.channel_id == 0:
        data.channel_id = channel(ChannelCode.OTHER)
    with pytest.raises(FieldError, match=message) as refused:
        record_external(desk.office, data, complaint_id=complaint(desk).id, now=NOW)
    assert refused.value.field == field
    assert not ExternalCase.select().exists()


def test_one_line_fields_pasted_with_tabs_and_line_breaks_are_stored_on_one_line(desk: Desk) -> None:
    """A work order's number pasted from the outside body's e-mail kept its tab and line break: the list and the
    printed form showed it over two lines."""
    hotline = channel(ChannelCode.HOTLINE_12345)
    data = ExternalInput(hotline, D(2026, 9, 25), "12315\t工单\r\n2026-0001 ", "要求退款")
    case_id = record_external(desk.office, data, complaint_id=complaint(desk).id, now=NOW)
    assert ExternalCase.get_by_id(case_id).reference == "12315 工单 2026-0001"
    edit_external(desk.office, case_id, ExternalInput(hotline, D(2026, 9, 25), "GD\n-2", "要求退款"), now=NOW)
    assert ExternalCase.get_by_id(case_id).reference == "GD -2"
    billing = Category.get(Category.code == "billing").id
    original = StraightOutside("顾客致电12345", billing, "王\t女士\n(VIP)", "13912345678", location="二楼\n包间")
    straight = record_external(desk.office, data, original=original, now=NOW)
    case = Complaint.get_by_id(ExternalCase.get_by_id(straight).complaint_id)
    assert (case.customer.name, case.location, ExternalCase.get_by_id(straight).reference) == (
        "王 女士 (VIP)", "二楼 包间", "12315 工单 2026-0001"
    )  # fmt: skip
    row = save_channel(desk.office, None, ChannelInput("集团\n客服", "Group\tservice"))
    assert (row.name, row.name_en) == ("集团 客服", "Group service")


def test_one_link_exactly(desk: Desk) -> None:
    data = ExternalInput(channel(ChannelCode.OTHER), D(2026, 9, 1), "", "要求赔偿")
    with pytest.raises(FieldError, match="Link the original complaint"):
        record_external(desk.office, data, now=NOW)
    with pytest.raises(FieldError, match="no such complaint"):
        record_external(desk.office, data, complaint_id=9999, now=NOW)


# --------------------------------------------------------------------------- roles


def test_a_duty_manager_cannot_record_reply_to_or_close_an_external_case(desk: Desk) -> None:
    case = complaint(desk)
    data = ExternalInput(channel(ChannelCode.PLATFORM_12315), D(2026, 9, 1), "", "要求赔偿")
    refusal = "Only the office can record and handle external cases."
    with pytest.raises(DomainError, match=refusal):
        record_external(desk.manager, data, complaint_id=case.id, now=NOW)
    case_id = record_external(desk.office, data, complaint_id=case.id, now=NOW)
    for step in (
        lambda: edit_external(desk.manager, case_id, data, now=NOW),
        lambda: start_reply(desk.manager, case_id, now=NOW),
        lambda: record_reply(desk.manager, case_id, "已处理", now=NOW),
        lambda: add_external_attachment(desk.manager, case_id, "a.txt", b"x", now=NOW),
        lambda: close_external(desk.manager, case_id, Outcome.RESOLVED, "和解", now=NOW),
    ):
        with pytest.raises(DomainError, match=refusal):
            step()
    with pytest.raises(DomainError, match="Only the office can print"):
        printable_external(desk.manager, case_id)
    assert ExternalCase.get_by_id(case_id).state == ExternalState.RECEIVED
    # An administrator stands in for the office.
    start_reply(desk.admin, case_id, now=NOW)
    assert ExternalCase.get_by_id(case_id).state == ExternalState.REPLYING


# --------------------------------------------------------------------------- the states and sealing


def test_from_received_to_sealed(desk: Desk) -> None:
    case = complaint(desk)
    case_id = regulator_case(desk, case)
    start_reply(desk.office, case_id, now=NOW + dt.timedelta(hours=1))
    with pytest.raises(DomainError, match="not possible while the external case is 'replying'"):
        start_reply(desk.office, case_id, now=NOW)
    with pytest.raises(FieldError, match="Write the reply"):
        record_reply(desk.office, case_id, " ", now=NOW)
    add_external_attachment(desk.office, case_id, "/tmp/复函.pdf", b"%PDF-1.4 reply", now=NOW)
    record_reply(desk.office, case_id, "经核实多收58元，已原路退回并致歉。", now=NOW + dt.timedelta(days=1))
    with pytest.raises(FieldError, match="Choose the outcome"):
        close_external(desk.office, case_id, "won", now=NOW)
    later = NOW + dt.timedelta(days=2)
    number = close_external(desk.office, case_id, Outcome.RESOLVED, "市场监管所调解成功", now=later)
    assert number == "WB-2026-000001"
    row = ExternalCase.get_by_id(case_id)
    assert (row.state, row.outcome, row.archive_number, row.closed_by_id) == (
        ExternalState.CLOSED, Outcome.RESOLVED, number, desk.office.id
    )  # fmt: skip
    seal = ArchiveSeal.get(ArchiveSeal.archive_number == number)
    assert (seal.kind, seal.complaint_id) == ("external", case.id)
    history = [e.action for e in external_detail(case_id).history]
    assert history == ["external_recorded", "external_replying", "external_attachment", "external_replied",
                       "external_closed", "external_sealed"]  # fmt: skip
    form = printable_external(desk.office, case_id)
    assert form["archive_number"] == number and form["seal"]["digest"] == seal.digest
    assert form["reply"] == "经核实多收58元，已原路退回并致歉。" and form["attachments"][0]["filename"] == "复函.pdf"
    assert verify_report().problems == []
    # Closed: no change through the application, nor by SQL (the database refuses it).
    with pytest.raises(DomainError, match=f"External case {number} is closed"):
        record_reply(desk.office, case_id, "补充说明", now=NOW)
    with pytest.raises(IntegrityError, match="sealed in the archive"):
        ExternalCase.update(reply="改过的回复").where(ExternalCase.id == case_id).execute()
    with pytest.raises(IntegrityError, match="sealed in the archive"):
        ExternalAttachment.create(external_case=case_id, filename="x", size=1, sha256="", data=b"x",
                                  added_by=desk.office)  # fmt: skip
    second = regulator_case(desk, case)
    with pytest.raises(FieldError, match="No reply was recorded"):
        close_external(desk.office, second, Outcome.NOT_ACCEPTED, now=NOW)
    closed = close_external(desk.office, second, Outcome.NOT_ACCEPTED, "市场监管部门不予受理", now=NOW)
    assert closed == "WB-2026-000002"
    assert verify_report().problems == []
    # Asked for as a complaint's form (main.py print WB-…): named as the external case's record it is (it said
    # "There is no archived complaint WB-2026-000001").
    from models.archive import archived_by_numbers

    with pytest.raises(DomainError, match=r"^WB-2026-000001: an external case's record, printed from its own page"):
        archived_by_numbers(desk.office, [number])
    with pytest.raises(DomainError, match=r"^There are no archived complaints TS-1999-000001, TS-1999-000002\.$"):
        archived_by_numbers(desk.office, ["TS-1999-000001", "TS-1999-000002"])


def test_editing_recomputes_the_deadlines_and_is_audited(desk: Desk) -> None:
    case_id = regulator_case(desk, complaint(desk))
    data = ExternalInput(channel(ChannelCode.PLATFORM_12315), D(2026, 2, 12), "ODR-77", "要求退款")
    edit_external(desk.office, case_id, data, now=NOW)
    row = ExternalCase.get_by_id(case_id)
    assert (row.acceptance_due, row.due_on, row.handling_days) == (None, D(2026, 3, 4), 10)
    event = AuditEvent.select().order_by(AuditEvent.id.desc()).first()
    assert event.action == "external_changed" and '"due_on": ["2026-12-04", "2026-03-04"]' in event.changes


# --------------------------------------------------------------------------- the list and the reminders


def test_the_list_and_reminders_count_working_days_to_the_day_to_watch(desk: Desk) -> None:
    regulator = regulator_case(desk, complaint(desk))  # acceptance decided by 13 October
    hotline = record_external(
        desk.office, ExternalInput(channel(ChannelCode.HOTLINE_12345), D(2026, 9, 21), "GD-1", "要求道歉"),
        complaint_id=complaint(desk, phone="13900000001").id, now=NOW,
    )  # fmt: skip  # due 29 September: Mid-Autumn, 25 to 27 September, is not counted
    media = record_external(
        desk.office, ExternalInput(channel(ChannelCode.MEDIA), D(2026, 9, 28), "", "要求删帖"),
        complaint_id=complaint(desk, phone="13900000002").id, now=NOW,
    )  # fmt: skip  # due 30 September
    today = D(2026, 9, 30)
    rows = {row.id: row for row in external_cases(today=today)}
    assert rows[hotline].watch_on == D(2026, 9, 29) and rows[hotline].overdue
    assert rows[hotline].working_days_left == -1
    assert rows[media].working_days_left == 0 and rows[media].due_soon and not rows[media].overdue
    assert rows[regulator].watch_on == D(2026, 10, 13) and rows[regulator].working_days_left == 5
    assert [row.id for row in external_cases(today=today)] == [hotline, media, regulator]
    assert [row.id for row in reminders(today)] == [hotline, media]
    assert [row.id for row in external_cases(ListFilter.OVERDUE, today=today)] == [hotline]
    # Once the office starts replying, the regulator's case is watched to its reply's day (4 December).
    start_reply(desk.office, regulator, now=NOW)
    assert external_cases(today=today)[-1].watch_on == D(2026, 12, 4)
    record_reply(desk.office, hotline, "已向顾客致歉", now=NOW)
    assert [row.id for row in reminders(today)] == [media], "a replied case is no longer due"
    assert [row.id for row in external_cases(text="GD-1", today=today)] == [hotline]
    assert [row.id for row in external_cases(text="13900000002", today=today)] == [media]
    assert external_cases(ListFilter.CLOSED, today=today) == []
    assert [c.id for c in complaints_to_link("13900000001")] == [ExternalCase.get_by_id(hotline).complaint_id]


def test_every_case_listed_puts_the_closed_ones_newest_first_as_their_own_list_does(desk: Desk) -> None:
    """With every case listed the closed ones came by their due day, the oldest first; under "closed", newest
    first."""
    hotline, media = channel(ChannelCode.HOTLINE_12345), channel(ChannelCode.MEDIA)
    received = [(hotline, D(2026, 9, 1)), (media, D(2026, 9, 21)), (hotline, D(2026, 9, 22))]
    cases = [
        record_external(
            desk.office,
            ExternalInput(way, day, "", "要求道歉"),
            complaint_id=complaint(desk, phone=f"1390000001{i}").id,
            now=NOW,
        )
        for i, (way, day) in enumerate(received)
    ]
    early, late, still_open = cases
    close_external(desk.office, early, Outcome.RESOLVED, "已和解", now=NOW)
    close_external(desk.office, late, Outcome.RESOLVED, "已和解", now=NOW + dt.timedelta(hours=2))  # due later too
    closed = [row.id for row in external_cases(ListFilter.CLOSED, today=D(2026, 9, 30))]
    assert closed == [late, early]
    assert [row.id for row in external_cases(ListFilter.ALL, today=D(2026, 9, 30))] == [still_open, *closed]


# --------------------------------------------------------------------------- what verify catches


@contextmanager
def tampering(path: Path) -> Iterator[Callable[[str], object]]:
    """SQL run without the guards, which are put back as they were after: a raw connection to the file
    with its triggers dropped, or on a server as its owner would (every table's triggers disabled, then
    enabled again; the models' connection closed after, as the file's)."""
    if on_server():
        tables = [table for (table,) in db.execute_sql(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
        )]  # fmt: skip
        with db.atomic():
            for table in tables:
                db.execute_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
            yield db.execute_sql
            for table in tables:
                db.execute_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        db.close()
        return
    with closing(sqlite3.connect(path, isolation_level=None)) as raw:
        triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        for name, _ in triggers:
            raw.execute(f"DROP TRIGGER {name}")
        yield raw.execute
        for _, sql in triggers:
            raw.execute(sql)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("UPDATE external_case SET reply = '没有回复'", "reply changed after sealing"),
        ("UPDATE external_case SET due_on = '2026-12-31'", "due_on changed after sealing"),
        ("UPDATE external_case SET archive_number = NULL", "re-opened or renumbered"),
        ("UPDATE external_attachment SET data = X'00'", "the bytes of attachment 复函.pdf changed after sealing"),
        ("DELETE FROM archive_seal WHERE kind = 'external'", "has an archive number but no seal"),
        ("UPDATE archive_seal SET sealed_by_id = (SELECT id FROM staff WHERE username = 'admin') "
         "WHERE kind = 'external'", "sealed_by of the seal was changed after sealing"),
    ],
)  # fmt: skip
def test_verify_names_a_sealed_external_case_changed(
    desk: Desk, database_path: Path, change: str, problem: str
) -> None:
    case_id = regulator_case(desk, complaint(desk))
    add_external_attachment(desk.office, case_id, "复函.pdf", b"%PDF reply", now=NOW)
    record_reply(desk.office, case_id, "已退款", now=NOW)
    close_external(desk.office, case_id, Outcome.RESOLVED, "", now=NOW)
    assert verify_report().problems == []
    # Renaming the channel is a routine edit: the seal keeps the name of its day.
    save_channel(desk.office, channel(ChannelCode.MARKET_REGULATOR), ChannelInput("市场监管局", "Regulator", 7, 45, 3))
    assert verify_report().problems == []
    db.close()
    with tampering(database_path) as execute:
        execute(change.replace("X'00'", "decode('00', 'hex')") if on_server() else change)
    db.connect()
    found = [f"{p.archive_number}: {p.problem}" for p in verify_report().problems]
    assert any(problem in line and "WB-2026-000001" in line for line in found), found
