"""The quick path for small clear cases (抓大放小): closed on one screen through the wizard's own steps,
or sent the full way with the reason."""
from __future__ import annotations

import pytest

from models.audit import AuditEvent
from models.catalog import Category, Remedy
from models.complaint import Complaint, FollowUp, Liability, State
from models.errors import FieldError, FormError
from models.intake import (
    Line,
    QuickCase,
    QuickPathError,
    Receipt,
    hand_to_wizard,
    quick_close,
    quick_path_check,
)
from models.verify import verify_report

from conftest import Desk


def small_case(**changes: object) -> QuickCase:
    cold = Category.get(Category.code == "food_quality")
    drink = Remedy.get(Remedy.code == "free_drink")
    receipt = Receipt(
        customer_name="刘先生",
        location="二楼中餐厅",
        narrative="菜上桌时已经凉了",
        category_id=cold.id,
        demand="重新加热",
        acknowledged=True,
    )
    quick = QuickCase(
        receipt=receipt,
        findings="菜确实凉了，传菜慢了",
        liability=Liability.FULL,
        lines=[Line(drink.id, "18")],
        explanation="马上重新加热，并送一杯饮料",
        agreed=True,
        satisfaction=5,
        witness="服务员小王",
    )
    for name, value in changes.items():
        setattr(quick, name, value)
    return quick


def test_a_small_clear_case_is_closed_and_sealed_through_the_wizards_steps(seeded: Desk) -> None:
    assert quick_path_check(seeded.manager, small_case()).fits
    case = quick_close(seeded.manager, small_case(promised_item="送果盘到1208房"))
    case = Complaint.get_by_id(case.id)
    assert case.state == State.CLOSED and case.archive_number
    assert (case.findings, case.liability, case.consent, case.satisfaction, case.witness) == (
        "菜确实凉了，传菜慢了", "full", "accepted", 5, "服务员小王"
    )  # fmt: skip
    assert case.department_id == case.category.default_department_id
    assert [f.description for f in FollowUp.select().where(FollowUp.complaint == case)] == ["送果盘到1208房"]
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.complaint == case).order_by(AuditEvent.id)]
    assert actions[:4] == ["received", "investigated", "proposed", "proposal"]
    assert {"consent", "closed", "sealed"} <= set(actions)
    assert verify_report().problems == []


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"liability": Liability.NONE}, "not clearly at fault"),
        ({"agreed": False, "witness": ""}, "has not agreed"),
        ({"lines": "over"}, "exceeds your limit"),
        ({"receipt": "safety"}, "always go to the office"),
        ({"receipt": "12315"}, "sign of escalation risk"),
        ({"receipt": "serious"}, "serious complaint"),
        ({"receipt": "no department"}, "No department answers for this category"),
    ],
)
def test_anything_but_a_small_clear_case_goes_the_full_way_with_the_reason(
    seeded: Desk, changes: dict[str, object], reason: str
) -> None:
    quick = small_case(**{k: v for k, v in changes.items() if k not in ("lines", "receipt")})
    if changes.get("lines") == "over":
        quick.lines = [Line(Remedy.get(Remedy.code == "bill_discount").id, "300")]  # over 200 a case
    if changes.get("receipt") == "safety":
        quick.receipt.category_id = Category.get(Category.always_to_office == True).id  # noqa: E712
    if changes.get("receipt") == "12315":
        quick.receipt.narrative = "不给我处理我就打12315投诉你们"
    if changes.get("receipt") == "serious":
        quick.receipt.severity = "high"
    if changes.get("receipt") == "no department":  # the catalogue lets a category have none
        Category.update(default_department=None).where(Category.id == quick.receipt.category_id).execute()
    check = quick_path_check(seeded.manager, quick)
    assert not check.fits and any(reason in str(r) for r in check.reasons), [str(r) for r in check.reasons]
    with pytest.raises(QuickPathError, match=reason):
        quick_close(seeded.manager, quick)
    assert Complaint.select().count() == 0, "nothing is half-saved"


def test_every_missing_part_is_named_at_once(seeded: Desk) -> None:
    quick = small_case(findings="", lines=[], witness="", liability="")
    quick.receipt.narrative = ""
    with pytest.raises(FormError) as refused:
        quick_close(seeded.manager, quick)
    assert [e.field for e in refused.value.errors] == ["narrative", "findings", "liability", "lines", "witness"]
    # The quick screen takes no signature: it asks for the witness alone.
    assert str(refused.value.errors[-1]) == "Name the witness of the verbal consent."
    assert Complaint.select().count() == 0


def test_every_field_too_long_is_named_at_once(seeded: Desk) -> None:
    """The findings, the remedy's details, what the customer was told, the witness and what is still owed were
    each checked by their own step: one refused, put right, then the next (one batch at a time)."""
    drink = Remedy.get(Remedy.code == "free_drink")
    quick = small_case(
        findings="查" * 2001,
        lines=[Line(drink.id, "18", "饮" * 129)],
        explanation="说" * 1001,
        witness="王" * 65,
        promised_item="送" * 501,
    )
    quick.receipt.narrative = "凉" * 2001
    with pytest.raises(FormError) as refused:
        quick_close(seeded.manager, quick)
    named = [e.field for e in refused.value.errors]
    assert named == ["narrative", "findings", "explanation", "witness", "promised_item", "lines"]
    assert str(refused.value.errors[1]) == "This text is 2001 characters long; the limit is 2000."
    assert Complaint.select().count() == 0


def test_a_liability_not_chosen_yet_is_missing_input_not_a_reason_to_go_the_full_way(seeded: Desk) -> None:
    """The screen chooses no liability for the manager (admitting fault is theirs to say)."""
    assert quick_path_check(seeded.manager, small_case(liability="")).fits
    with pytest.raises(FieldError, match=r"^Choose whether the company is at fault\.$"):
        quick_close(seeded.manager, small_case(liability=""))


def test_a_risk_sign_comes_with_the_signs_themselves(seeded: Desk) -> None:
    from models.intake.quick import RISK_SIGN

    quick = small_case()
    quick.receipt.narrative = "不给我处理我就打12315投诉你们"
    check = quick_path_check(seeded.manager, quick)
    assert [r.template for r in check.reasons] == [RISK_SIGN]
    assert check.risk_reasons and all(reason.points > 0 for reason in check.risk_reasons)
    assert quick_path_check(seeded.manager, small_case()).risk_reasons == ()


def test_handing_to_the_wizard_keeps_what_was_typed(seeded: Desk) -> None:
    quick = small_case(liability=Liability.PARTIAL)
    case = hand_to_wizard(seeded.manager, quick)
    case = Complaint.get_by_id(case.id)
    assert case.state == State.INVESTIGATING and case.findings == "菜确实凉了，传菜慢了"
    assert case.narrative == "菜上桌时已经凉了" and case.liability == "partial"
    # "Not clear / not ours" is for the investigation to find out, not "the company is without fault" on record.
    unclear = Complaint.get_by_id(hand_to_wizard(seeded.manager, small_case(liability=Liability.NONE)).id)
    assert (unclear.state, unclear.liability, unclear.findings) == (State.RECEIVED, "", "")
    no_findings = hand_to_wizard(seeded.manager, small_case(findings=""))
    assert Complaint.get_by_id(no_findings.id).state == State.RECEIVED, "the wizard asks for the rest at step 2"


def test_the_day_limit_counts_the_quick_path_too(seeded: Desk) -> None:
    from conftest import set_limits

    manager = set_limits(seeded.manager, "200", "30")
    quick_close(manager, small_case())  # 18 of 30 yuan today
    check = quick_path_check(manager, small_case())
    assert not check.fits and "daily limit" in " ".join(str(r) for r in check.reasons)
