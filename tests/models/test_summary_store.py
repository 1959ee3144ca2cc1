"""Work summaries in the database: created from the figures, saved as versions, signed off, then read-only —
refused by the models with a sentence and by the database's triggers."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from models.analysis.summary_document import SECTION_ORDER, SectionKey
from models.analysis.summary_store import (
    create_summary,
    load_version,
    save_version,
    sign_off,
    store_summary,
    summary_events,
    summary_for_period,
    summary_rows,
)
from models.base import db
from models.complaint import Complaint
from models.errors import DomainError, FieldError
from models.staff import Role, create_staff

from conftest import Desk, sample_summary

NOW = dt.datetime(2026, 11, 3, 9, 0)


def texts(**changed: list[str]) -> dict[str, list[str]]:
    document = sample_summary()
    sections = {key.value: list(document.paragraphs(key)) for key in SECTION_ORDER}  # type: ignore[attr-defined]
    sections.update(changed)
    return sections


def test_versions_keep_each_text_and_the_figures_behind_it(seeded: Desk) -> None:
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    number = save_version(seeded.office, summary, "十月总结", texts(opening=["改写的开头。"]), "马晓红",
                          NOW + dt.timedelta(hours=1))  # fmt: skip
    assert number == 2
    newest, first = load_version(summary), load_version(summary, 1)
    assert newest.number == 2 and newest.latest and not first.latest
    assert newest.document.paragraphs(SectionKey.OPENING) == ("改写的开头。",)
    assert first.document.paragraphs(SectionKey.OPENING) == ("opening：第一段。", "opening：第二段。")
    assert newest.document.title == "十月总结" and first.document.title == "2026年10月投诉管控工作总结"
    assert newest.document.figures == first.document.figures, "the figures behind the text stay with it"
    assert newest.document.figures[1].filters["overdue_only"] is True
    assert [(v.number, v.saved_by) for v in newest.versions] == [(1, "马晓红"), (2, "马晓红")]
    [row] = summary_rows()
    assert (row.title, row.state, row.versions) == ("十月总结", "draft", 2)


def test_a_version_saved_meanwhile_is_neither_dropped_nor_signed_unread(seeded: Desk) -> None:
    """Two office users on one draft: a save made from version 1 dropped the other's version 2 unseen, and a
    sign-off confirmed on version 1 signed version 2, which the signer never read."""
    colleague = create_staff("wangli", "王丽", Role.OFFICE, "office-pass-2")
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    later = NOW + dt.timedelta(hours=1)
    save_version(colleague, summary, "十月总结", texts(opening=["王丽补充的一段。"]), "王丽", later, based_on=1)
    with pytest.raises(DomainError, match=r"王丽 saved version 2 at 10:00, after version 1 shown here") as refused:
        mine = texts(achievements=["我的修改。"])
        save_version(seeded.office, summary, "十月总结", mine, "马晓红", later, based_on=1)
    assert "open version 2 first" in str(refused.value)
    with pytest.raises(DomainError, match="王丽 saved version 2"):
        sign_off(seeded.office, summary, later, version=1)
    newest = load_version(summary)
    assert (newest.number, newest.row.state) == (2, "draft")
    assert newest.document.paragraphs(SectionKey.OPENING) == ("王丽补充的一段。",), "kept"
    assert sign_off(seeded.office, summary, later, version=2) == 2


def test_saving_nothing_new_or_an_empty_title_is_refused(seeded: Desk) -> None:
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Nothing has changed since version 1"):
        save_version(seeded.office, summary, "2026年10月投诉管控工作总结", texts(), "马晓红")
    with pytest.raises(FieldError, match="Give the summary a title"):
        save_version(seeded.office, summary, "  ", texts())
    with pytest.raises(FieldError, match="no section preface"):
        save_version(seeded.office, summary, "x", {"preface": ["?"]})


def test_only_the_office_writes_and_signs(seeded: Desk) -> None:
    with pytest.raises(DomainError, match="Only the office can write and sign off the work summary"):
        store_summary(seeded.manager, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Only the office"):
        sign_off(seeded.manager, summary)
    assert load_version(summary).row.state == "draft"


def test_a_signed_summary_refuses_every_change(seeded: Desk) -> None:
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    assert sign_off(seeded.office, summary, NOW + dt.timedelta(days=1)) == 1
    stored = load_version(summary)
    assert (stored.row.state, stored.row.signed_by) == ("signed", "马晓红")
    assert stored.document.sign_off.date == dt.date(2026, 11, 4), "落款 is dated the day it was signed"
    refusal = "This work summary was signed off by 马晓红 on 2026-11-04; it can no longer be changed."
    with pytest.raises(DomainError) as refused:
        save_version(seeded.office, summary, "新标题", texts(opening=["改写"]))
    assert str(refused.value) == refusal
    with pytest.raises(DomainError, match="signed off by 马晓红"):
        sign_off(seeded.office, summary)
    # Past the models, the database refuses as well.
    for sql in (
        "UPDATE work_summary SET title = 'x' WHERE id = ?",
        "DELETE FROM work_summary WHERE id = ?",
        "INSERT INTO work_summary_version (summary_id, number, text, figures, saved_at, saved_by_id) "
        "SELECT id, 9, '{}', '{}', '2026-11-05', created_by_id FROM work_summary WHERE id = ?",
        "DELETE FROM work_summary_version WHERE summary_id = ?",
        "UPDATE work_summary_version SET text = '{}' WHERE summary_id = ?",
    ):
        with pytest.raises(IntegrityError, match=r"signed off|never changed"):
            db.execute_sql(sql, (summary,))
    assert load_version(summary).document == stored.document


def test_a_draft_version_is_never_rewritten_either(seeded: Desk) -> None:
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    with pytest.raises(IntegrityError, match="never changed"):
        db.execute_sql("UPDATE work_summary_version SET text = '{}' WHERE summary_id = ?", (summary,))


def test_every_step_is_an_audit_event_of_the_summary(seeded: Desk) -> None:
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    save_version(seeded.office, summary, "十月总结", texts(lessons=["新的教训。"]), now=NOW + dt.timedelta(hours=1))
    sign_off(seeded.office, summary, NOW + dt.timedelta(hours=2))
    events = summary_events(summary)
    assert [(who, action) for _at, who, action, _changes in events] == [
        ("马晓红", "summary_created"),
        ("马晓红", "summary_saved"),
        ("马晓红", "summary_signed"),
    ]
    assert events[1][3]["sections"] == ["lessons"]
    assert events[1][3]["title"] == ["2026年10月投诉管控工作总结", "十月总结"]
    assert events[2][3]["version"] == 2


def test_a_new_summary_is_drafted_from_the_figures(seeded: Desk) -> None:
    rows = [dict(received_at=dt.datetime(2026, 10, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉", state="closed") for day in (2, 9, 16)]  # fmt: skip
    Complaint.insert_many(rows).execute()
    summary = create_summary(seeded.office, "month", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "zh_CN", NOW)
    stored = load_version(summary)
    assert stored.row.period_kind == "month" and stored.number == 1
    assert stored.document.title.endswith("2026年10月投诉管控工作总结")
    assert stored.document.paragraphs(SectionKey.OPENING)[0].startswith(
        "2026年10月（2026-10-01至2026-10-31），共受理顾客投诉3件，上期无完整记录，不作比较"
    ), "the database begins in October: September is no comparison"
    assert stored.document.sign_off.author == "马晓红"
    assert [(f.key, f.amount) for f in stored.document.figures][:2] == [("total", 3), ("closed", 3)]
    assert stored.document.charts.weekly == (("2026-09-28", 1), ("2026-10-05", 1), ("2026-10-12", 1),
                                             ("2026-10-19", 0), ("2026-10-26", 0))


def test_a_period_before_recorded_in_part_is_no_comparison(seeded: Desk) -> None:
    """The database begins late in September: October's 12 against September's 2 read "up 500%", a shortcoming
    that called for "strengthening" complaint control."""
    days = [(9, 29), (9, 30)] + [(10, day) for day in range(1, 13)]
    rows = [dict(received_at=dt.datetime(2026, month, day, 12), received_by=seeded.manager.id, narrative="菜凉了",
                 demand="道歉", state="closed") for month, day in days]  # fmt: skip
    Complaint.insert_many(rows).execute()
    summary = create_summary(seeded.office, "month", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "zh_CN", NOW)
    document = load_version(summary).document
    opening = "".join(document.paragraphs(SectionKey.OPENING))
    assert "共受理顾客投诉12件，上期无完整记录，不作比较" in opening
    assert "上升" not in opening and "需要进一步加强" not in opening
    assert not any("投诉总量" in line for line in document.paragraphs(SectionKey.SHORTCOMINGS))


def test_the_period_hands_on_the_signed_summary_or_a_fresh_draft(seeded: Desk) -> None:
    first, last = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    # Records from September on: October may be summed up (a period before them is refused).
    Complaint.insert(received_at=dt.datetime(2026, 9, 30, 12), received_by=seeded.manager.id, narrative="菜凉了",
                     demand="道歉", state="closed").execute()  # fmt: skip
    fresh = summary_for_period(seeded.office, first, last, "zh_CN", NOW)
    assert not hasattr(fresh, "row"), "nothing signed: a draft, not stored"
    assert summary_rows() == []
    summary = store_summary(seeded.office, "month", sample_summary(), NOW)  # type: ignore[arg-type]
    assert not hasattr(summary_for_period(seeded.office, first, last, "zh_CN", NOW), "row"), "a draft is not handed on"
    sign_off(seeded.office, summary, NOW)
    signed = summary_for_period(seeded.office, first, last, "zh_CN", NOW)
    assert signed.row.id == summary  # type: ignore[union-attr]
    assert not hasattr(summary_for_period(seeded.office, first, last, "en", NOW), "row"), "another language"
    with pytest.raises(DomainError, match="Only the office"):
        summary_for_period(seeded.manager, first, last, "zh_CN", NOW)
