"""The office records recovery from a third party (追偿) on a closed case from its case view."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.analysis.recovery import CostRecovery
from models.catalog import Category, Department, Remedy
from models.complaint import Complaint, ConsentAnswer, Liability
from models.intake import (
    Closing,
    Consent,
    Investigation,
    Line,
    Receipt,
    close,
    propose,
    receive,
    record_consent,
    record_investigation,
)
from ui.register.case_view import CaseView

from conftest import Desk, type_text


def closed_case(desk: Desk) -> Complaint:
    manager = desk.manager
    case = receive(
        manager,
        Receipt(
            customer_name="刘先生",
            phone="13812345678",
            narrative="炒饭里的米有沙子",
            category_id=Category.get(Category.code == "food_quality").id,
            demand="要求赔偿",
            acknowledged=True,
        ),
    )
    kitchen = Department.get(Department.code == "kitchen")
    record_investigation(manager, case, Investigation("供应商配送的米中混有沙子", kitchen.id, "", Liability.FULL))
    propose(manager, case, [Line(Remedy.get(Remedy.code == "free_drink").id, "30"),
                            Line(Remedy.get(Remedy.code == "bill_discount").id, "120")])
    record_consent(manager, case, Consent(ConsentAnswer.ACCEPTED, satisfaction=4, witness="李经理"))
    return close(manager, case, Closing())


def opened(qtbot: QtBot, case: Complaint, staff: object) -> CaseView:
    view = CaseView(case.id, staff)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.show()
    return view


def test_only_the_office_sees_recovery_on_a_case_with_accepted_compensation(
    qtbot: QtBot, seeded: Desk, english: None
) -> None:
    case = closed_case(seeded)
    assert opened(qtbot, case, seeded.office).recovery_button.isVisible()
    assert not opened(qtbot, case, seeded.manager).recovery_button.isVisible()
    bare = receive(seeded.manager, Receipt(customer_name="王", phone="13800000009", narrative="等太久", demand="道歉",
                                           category_id=Category.get(Category.code == "waiting_time").id,
                                           acknowledged=True))
    assert not opened(qtbot, bare, seeded.office).recovery_button.isVisible()


def test_marking_a_line_and_recording_what_came_back(qtbot: QtBot, seeded: Desk, english: None) -> None:
    case = closed_case(seeded)
    view = opened(qtbot, case, seeded.office)
    qtbot.mouseClick(view.recovery_button, Qt.MouseButton.LeftButton)
    dialog = view.recovery_dialog
    assert dialog is not None and dialog.isVisible() and dialog.table.rowCount() == 2
    dialog.table.selectRow(1)
    assert dialog.due.text() == "120.00" and dialog.recovered.text() == "0.00" and dialog.party.text() == ""
    assert not dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and dialog.error.text() == "Name the supplier or partner at fault."
    type_text(dialog.party, "金穗粮油贸易公司")
    dialog.recovered.setText("150")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "The amount recovered (150.00 yuan) cannot exceed the amount due (120.00 yuan)."
    assert CostRecovery.select().count() == 0
    dialog.recovered.setText("80")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.error.isVisible()
    stored = CostRecovery.get()
    assert (stored.party, stored.amount_due, stored.amount_recovered) == (
        "金穗粮油贸易公司", Decimal("120.00"), Decimal("80.00"))
    row = [dialog.table.item(1, column).text() for column in range(dialog.COLUMNS)]
    assert row[4] == "金穗粮油贸易公司" and row[5] == "120.00" and row[6] == "80.00" and row[7] == "40.00"
    assert dialog.table.item(1, 6).toolTip().startswith("Last recovered on "), "the amount alone, its date on hovering"
    assert dialog.table.item(1, 7).textAlignment() & Qt.AlignmentFlag.AlignRight
    # Every amount in view without scrolling sideways.
    header = dialog.table.horizontalHeader()
    assert header.sectionViewportPosition(7) + header.sectionSize(7) <= dialog.table.viewport().width()
    assert dialog.table.horizontalScrollBar().maximum() == 0
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "80.00 yuan was recovered on this line already" in dialog.error.text()
    dialog.reject()
    assert "Recovery from a third party recorded" in view.details.toPlainText()
    assert "Recoverable from: — → 金穗粮油贸易公司" in view.details.toPlainText()


@pytest.mark.parametrize("language", ["chinese"])
def test_the_dialog_speaks_chinese_names(qtbot: QtBot, seeded: Desk, language: str,
                                         request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(language)
    case = closed_case(seeded)
    view = opened(qtbot, case, seeded.office)
    dialog = view.open_recovery(seeded.office)
    assert dialog.table.item(0, 2).text() == "厨房出品部"
