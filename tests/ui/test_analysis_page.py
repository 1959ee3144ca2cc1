"""The office's Analysis page: the right numbers for a small database, a bar opens the register filtered, a calm
empty period, charts that render offscreen, and the printed pages.

The page and Qt Charts are imported inside the tests, never at collection: the main window's start must not load
a chart library (tests/ui/test_improvement_screens.py checks it in the same worker process)."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from models import settings
from models.analysis.period import Period, PeriodKind
from models.catalog import Category, Department, Remedy
from models.complaint import CompensationLine, Complaint, Proposal, State
from models.intake import Receipt, receive

from conftest import Desk

if TYPE_CHECKING:
    from ui.office.analysis_page import AnalysisPage

MONTH = Period.of(PeriodKind.MONTH, dt.date(2026, 3, 1))


@pytest.fixture
def month(seeded: Desk) -> Desk:
    """March 2026: three food-quality complaints (kitchen), one cleanliness (housekeeping); February: one."""
    food = Category.get(Category.code == "food_quality")
    hygiene = Category.get(Category.code == "hygiene")
    kitchen = Department.get(Department.code == "kitchen")
    housekeeping = Department.get(Department.code == "housekeeping")
    for day, category, department in ((2, food, kitchen), (9, food, kitchen), (10, food, kitchen),
                                      (20, hygiene, housekeeping)):
        received = dt.datetime(2026, 3, day, 10, 0)
        case = Complaint.create(received_by=seeded.manager, received_at=received, category=category,
                                department=department, state=State.CLOSED, satisfaction=4,
                                closed_at=received + dt.timedelta(hours=2))
        proposal = Proposal.create(complaint=case, seq=1, created_by=seeded.manager,
                                   created_at=received + dt.timedelta(minutes=30), status="accepted",
                                   total=Decimal("60"))
        CompensationLine.create(proposal=proposal, remedy=Remedy.get(Remedy.code == "free_drink"),
                                amount=Decimal("60"), charged_to=department)
    Complaint.create(received_by=seeded.manager, received_at=dt.datetime(2026, 2, 20, 9), category=hygiene,
                     department=housekeeping)
    return seeded


def shown_page(qtbot: QtBot, desk: Desk, period: Period = MONTH) -> AnalysisPage:
    from ui.office.analysis_page import AnalysisPage

    page = AnalysisPage()
    qtbot.addWidget(page)
    page.set_staff(desk.office)
    page.resize(1100, 900)
    page.show()
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(period)
    return page


def bars(page: AnalysisPage, chart: str) -> tuple[list[str], dict[str, list[float]]]:
    from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries

    view = getattr(page, chart)
    (series,) = view.chart().series()
    assert isinstance(series, QHorizontalBarSeries)
    (axis,) = [axis for axis in view.chart().axes() if isinstance(axis, QBarCategoryAxis)]
    sets = {bar_set.label(): [bar_set.at(i) for i in range(bar_set.count())] for bar_set in series.barSets()}
    return axis.categories(), sets


def test_the_page_shows_the_periods_figures(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month)
    assert page.period_label.text() == "2026-03-01 to 2026-03-31"
    assert not page.empty.isVisible() and page.body.isVisible()
    summary = page.summary.text()
    # The first complaint came on 20 February 2026: February, the period before, was recorded in part, and
    # March 2025 not at all: no comparison with either (it said "the period before: 1, +300%").
    assert "<b>4</b> complaints (no complete records of the period before)" in summary
    # And in the tables' comparison columns: no record, not a 0.
    channels = page.channels_table.figures
    for column in (2, 3, 4):
        assert {channels.data(channels.index(row, column)) for row in range(channels.rowCount())} == {"—"}
    assert "closed 4, withdrawn 0, open 0" in summary and "first response in 30 min" in summary
    assert "compensation 240.00 yuan (60.00 per compensated case)" in summary
    assert "satisfaction 4.00 out of 5" in summary
    names, sets = bars(page, "category_chart")
    assert names == ["Cleanliness", "Food quality"]  # the most at the top
    assert sets == {"This period": [1.0, 3.0], "The period before": [1.0, 0.0]}
    names, sets = bars(page, "cost_chart")
    assert names == ["Housekeeping", "Kitchen"] and sets["Compensation (yuan)"] == [60.0, 180.0]
    times = page.times_table.figures
    first = [times.data(times.index(0, column)) for column in range(4)]
    assert first == ["Time to first response", "4", "30 min", "30 min"]
    # The promised waits and their parts add up: answered in time or late, open (overdue or not), or ended unanswered.
    rows = {times.data(times.index(row, 0)): times.data(times.index(row, 1)) for row in range(times.rowCount())}
    parts = ("… answered in time", "… answered late", "… open and overdue now", "… still within the promise",
             "… ended without an answer (withdrawn)")  # fmt: skip
    assert sum(int(rows[part]) for part in parts) == int(rows["Promised waits"])
    assert times.data(times.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == int(
        (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
    )
    effect = page.effect_table.figures
    headers = [effect.headerData(column, Qt.Orientation.Horizontal) for column in range(6)]
    assert headers[:2] == ["Which cases", "Cases"], "the groups, then how many cases each holds"
    small = [effect.data(effect.index(0, column)) for column in range(6)]
    assert small == ["Small, settled at the desk", "4", "240.00", "60.00", "4.00", "0%"]
    right = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
    assert effect.data(effect.index(0, 4), Qt.ItemDataRole.TextAlignmentRole) == right
    # The bands by compensation say where each limit goes ("0.00 to 50.00" beside "50.00 to 200.00" said 50 twice).
    bands = [str(effect.data(effect.index(row, 0))) for row in range(effect.rowCount())]
    assert "Up to 50.00 yuan" in bands and "Above 50.00, up to 200.00 yuan" in bands, bands
    cost = page.cost_table.figures
    assert [cost.data(cost.index(0, column)) for column in range(4)] == [
        "All compensation accepted", "4", "", "240.00"]


def test_a_bar_opens_the_register_with_its_filter(qtbot: QtBot, month: Desk, english: None) -> None:
    from ui.main_window import SECTION_ANALYSIS, SECTION_REGISTER, MainWindow

    window = MainWindow(month.office)
    qtbot.addWidget(window)
    window.show()
    assert not window.navigation.item(SECTION_ANALYSIS).isHidden()
    window.navigation.setCurrentRow(SECTION_ANALYSIS)
    page = window.analysis
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(MONTH)
    food = page.bar_keys["category"].index(Category.get(Category.code == "food_quality").id)
    (series,) = page.category_chart.chart().series()
    this_period = next(s for s in series.barSets() if s.label() == "This period")
    register = window.register
    with qtbot.waitSignal(register.results_shown, timeout=10_000) as shown:
        this_period.clicked.emit(food)
    assert shown.args == [3]
    assert window.navigation.currentRow() == SECTION_REGISTER
    assert register.category.currentText() == "Food quality" and register.use_dates.isChecked()
    assert register.received_from.date().toPython() == dt.date(2026, 3, 1)
    assert register.received_to.date().toPython() == dt.date(2026, 3, 31)
    assert register.only_label.text() == "From the analysis: Food quality, 2026-03-01 to 2026-03-31"
    with qtbot.waitSignal(register.results_shown, timeout=10_000) as everything:
        qtbot.mouseClick(register.show_all, Qt.MouseButton.LeftButton)
    assert everything.args == [5] and register.category.currentIndex() == 0 and not register.use_dates.isChecked()


def listed(register: object) -> set[int]:
    model = register.model
    return {model.row(row).id for row in range(model.rowCount())}


def test_the_others_bar_and_the_not_recorded_bar_list_their_complaints(
    qtbot: QtBot, month: Desk, english: None
) -> None:
    """The bar for the rest ("3 others") and "Not recorded" stand for complaints no register filter says: their
    complaints are listed, in the period's dates (it did nothing)."""
    from ui.main_window import SECTION_ANALYSIS, MainWindow

    codes = ("noise", "billing", "waiting_time", "reservation", "facility_fault", "property_loss",
             "safety_hazard", "other")  # fmt: skip
    categories = Category.select().where(Category.code.in_(codes)).order_by(Category.id)
    for day, category in enumerate(categories, start=3):  # eight categories more: 10 in all, 8 bars
        Complaint.create(received_by=month.manager, received_at=dt.datetime(2026, 3, day, 11), category=category)
    Complaint.create(received_by=month.manager, received_at=dt.datetime(2026, 4, 2, 11), category=categories[0])
    window = MainWindow(month.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ANALYSIS)
    page = window.analysis
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(MONTH)
    rest = page.bar_keys["category"][0]  # the bottom bar
    assert isinstance(rest, tuple) and len(rest) == 3
    march = (Complaint.category.in_(rest), Complaint.received_at < dt.datetime(2026, 4, 1))
    expected = {c.id for c in Complaint.select().where(*march)}
    (series,) = page.category_chart.chart().series()
    this_period = next(s for s in series.barSets() if s.label() == "This period")
    assert this_period.at(0) == len(expected) == 3
    register = window.register
    with qtbot.waitSignal(register.results_shown, timeout=10_000) as shown:
        this_period.clicked.emit(0)
    assert shown.args == [3] and listed(register) == expected
    assert register.only_label.text() == "Only 3 complaints: 3 others, 2026-03-01 to 2026-03-31"
    window.navigation.setCurrentRow(SECTION_ANALYSIS)
    unrecorded = page.bar_keys["department"].index(None)
    (series,) = page.department_chart.chart().series()
    this_period = next(s for s in series.barSets() if s.label() == "This period")
    with qtbot.waitSignal(register.results_shown, timeout=10_000) as shown:
        this_period.clicked.emit(unrecorded)
    march = Complaint.received_at.between(dt.datetime(2026, 3, 1), dt.datetime(2026, 3, 31, 23, 59))
    no_department = {c.id for c in Complaint.select().where(Complaint.department.is_null(), march)}
    assert shown.args == [len(no_department)] == [8] and listed(register) == no_department


def test_a_manager_has_no_analysis(qtbot: QtBot, month: Desk) -> None:
    from ui.main_window import SECTION_ANALYSIS, MainWindow

    window = MainWindow(month.manager)
    qtbot.addWidget(window)
    assert window.navigation.item(SECTION_ANALYSIS).isHidden()


def test_an_empty_period_is_calm(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month, Period.of(PeriodKind.MONTH, dt.date(2025, 7, 1)))
    assert page.empty.isVisible() and page.empty.text() == "No complaints in this period."
    assert not page.body.isVisible() and not page.print_button.isEnabled()
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.period_label.text() == "2025-08-01 to 2025-08-31" and page.empty.isVisible()


def test_the_period_chooser_and_custom_dates(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("quarter"))
    assert page.period.kind is PeriodKind.QUARTER and page.analysis is not None
    assert page.analysis.figures.total == 5  # February's too
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("custom"))
    assert page.first_day.isVisible() and page.last_day.isVisible()
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.first_day.setDate(page.first_day.date().addMonths(2))  # 1 March
    assert page.period == Period.custom(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert page.analysis.figures.total == 4
    page.last_day.setDate(page.first_day.date().addDays(-1))
    assert page.status.text() == "The last day comes before the first."


def test_the_filters_narrow_the_figures(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.department.setCurrentIndex(page.department.findData(Department.get(Department.code == "kitchen").id))
    assert page.analysis is not None and page.analysis.figures.total == 3
    assert "<b>3</b> complaints" in page.summary.text()


def test_charts_follow_the_language(qtbot: QtBot, month: Desk, chinese: None) -> None:
    page = shown_page(qtbot, month)
    names, _ = bars(page, "category_chart")
    assert names == ["卫生", "菜品质量"]


def test_the_charts_write_thousands_as_the_language_does(qtbot: QtBot, month: Desk, english: None) -> None:
    """19,727 yuan beside a bar, 20,000 on its scale (the chart's own numbers were 19727 and 20000), and every scale
    keeps its numbers so (one given "%d" showed none once its chart wrote numbers in the language's way). Qt Charts
    keeps its labels' texts to itself: the numbers under each horizontal chart are looked for as dark pixels."""
    page = shown_page(qtbot, month)
    for view in page.charts:
        chart = view.chart()
        assert chart.localizeNumbers() and chart.locale().toString(19727.0, "f", 0) == "19,727", chart.title()
    for view in (page.category_chart, page.department_chart, page.cost_chart):
        image = QImage(view.size(), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        plot = view.chart().plotArea().toRect()
        band = range(plot.bottom() + 6, plot.bottom() + 20)  # below the axis line and its ticks
        dark = sum(QColor(image.pixel(x, y)).lightness() < 100 for x in range(plot.left(), plot.right()) for y in band)
        assert dark > 20, f"no numbers under {view.chart().title()}"


def test_charts_render_offscreen(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month)
    for view in page.charts:
        image = QImage(400, 300, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        view.render(painter)
        painter.end()
        colours = {image.pixel(x, y) for x in range(0, 400, 7) for y in range(0, 300, 7)}
        assert len(colours) > 3, view.chart().title()  # more than a blank background


@pytest.mark.real_component
def test_the_printed_pages_hold_the_figures(qtbot: QtBot, month: Desk, english: None, tmp_path: object) -> None:
    from pathlib import Path

    page = shown_page(qtbot, month)
    data = page.render_pdf()
    assert data.startswith(b"%PDF")
    pdf = Path(str(tmp_path)) / "analysis.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Complaint analysis: 2026-03-01 to 2026-03-31" in text
    assert "Time to closing" in text and "All compensation accepted" in text and "240.00" in text
    assert "page 1" in text and "Only these complaints" not in text and "DEMO DATA" not in text
    # Every heading whole, over two lines where it must (the duty managers' table printed "Limit per ca…").
    assert "…" not in text.split("Duty managers")[1].split("\n\n\n")[0]
    assert "Limit per" in text and "Busiest" in text and "the desk" in text
    settings.put(settings.DEMO_DATA, True)  # a demo database's figures: stamped on every page, as its forms are
    pdf.write_bytes(page.render_pdf())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    # In the printout's language only (a Chinese stamp on an English printout): as the forms are stamped.
    assert len(pages) > 1 and all("DEMO DATA" in one and "演示数据" not in one for one in pages)
    page.department.setCurrentIndex(1)  # one department's figures are not to be read as the whole house's
    pdf.write_bytes(page.render_pdf())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Only these complaints: {page.department.currentText()}" in unicodedata.normalize("NFKC", text)  # ﬃ
    dialog = page.print_preview()
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() >= 1


def test_the_figures_model(qtmodeltester: object) -> None:
    from ui.office.analysis_page import FiguresTableModel, cells

    model = FiguresTableModel()
    model.set_table(["Figure", "Count", "Amount"], [cells("a", 1, Decimal("2.5")), cells("b", 1234, None)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.data(model.index(1, 1)) == "1,234" and model.data(model.index(0, 2)) == "2.50"
    assert model.data(model.index(5, 0)) is None and model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_a_bar_set_click_out_of_range_does_nothing(qtbot: QtBot, month: Desk, english: None) -> None:
    page = shown_page(qtbot, month)
    with qtbot.assertNotEmitted(page.open_register):
        page.bar_clicked("category", 99)


def test_the_page_opens_on_the_last_whole_month_and_says_when_a_period_is_not_over(
    qtbot: QtBot, month: Desk, english: None
) -> None:
    from ui.office.analysis_page import AnalysisPage

    today = dt.date.today()
    page = AnalysisPage()
    qtbot.addWidget(page)
    assert page.period == Period.of(PeriodKind.MONTH, today).previous(), "a month under way misleads"
    page.set_staff(month.office)
    page.show()
    # A period under way with complaints in it: one received today.
    receive(month.manager, Receipt(narrative="菜凉了", category_id=Category.get(Category.code == "food_quality").id,
                                   demand="重做", acknowledged=True))  # fmt: skip
    this_year = Period.of(PeriodKind.YEAR, today)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(this_year)
    elapsed = (today - this_year.first).days + 1
    if today < this_year.last:
        assert f"The period is not over (day {elapsed} of {this_year.days})" in page.summary.text()
        # And it is not compared ("3 complaints (the period before: 51, −94%)"): so far, beside the whole before.
        assert "complaints so far" in page.summary.text() and "%" not in page.summary.text().split("so far")[1][:60]
        # On paper in words, not the label's markup (it printed "<i>…</i><br>" as they are).
        printed = subprocess.run(["pdftotext", "-", "-"], input=page.render_pdf(), capture_output=True, check=True)
        text = printed.stdout.decode()
        assert "The period is not over" in text and "<i>" not in text and "<br>" not in text
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(MONTH)  # a whole month in the past says nothing of the kind
    assert "not over" not in page.summary.text()


def exported_sheet(
    qtbot: QtBot, page: AnalysisPage, table: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, object]:
    """Export ``table`` as the person would (the save dialog answered): the name suggested, and the sheet."""
    from openpyxl import load_workbook

    from ui import export_dialog, messages

    suggested: list[str] = []
    path = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.xlsx"

    def ask(parent: object, name: str) -> Path:
        suggested.append(name)
        return path

    monkeypatch.setattr(export_dialog, "ask_export_path", ask)
    told: list[str] = []
    monkeypatch.setattr(messages, "saved", lambda parent, title, text, saved: told.append(f"{text} {saved}"))
    page.tabs.setCurrentWidget(table)
    assert page.export_button.isEnabled()
    assert page.export_table() is not None
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[0].startswith("Rows exported: ") and told[0].endswith(f". {path}")
    return suggested[0], load_workbook(path).active


def test_a_table_of_the_analysis_exports_with_its_numbers_as_numbers(
    qtbot: QtBot, month: Desk, english: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workbook says which period and which complaints it holds (it held a header and rows only), its file
    name the period, and its figures are numbers: a change a percentage ("−8%" was text with a Unicode minus)."""
    Complaint.create(received_by=month.manager, received_at=dt.datetime(2025, 3, 1, 9), demand="要求处理")
    page = shown_page(qtbot, month)
    name, sheet = exported_sheet(qtbot, page, page.channels_table, tmp_path, monkeypatch)
    assert name == "Channels-and-severity-2026-03.xlsx"
    assert sheet.title == "Channels and severity"
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == [
        "Channels and severity, 2026-03-01 to 2026-03-31",
        "All complaints of the period (no filter)",
        None,
    ]
    header = [cell.value for cell in sheet[4]]
    assert header == page.channels_table.figures.headers
    rows = list(sheet.iter_rows(min_row=5))
    assert rows and all(isinstance(row[1].value, int) for row in rows), "the counts are numbers"
    # Four complaints in March, one in February: +300%, the number 3 shown as a percentage.
    changes = {(row[0].value, row[3].value, row[3].number_format) for row in rows}
    assert changes == {("In person", 3, "0.0%"), ("Low", 3, "0.0%")}


def test_no_table_is_exported_while_the_figures_of_a_new_period_are_computed(
    qtbot: QtBot, month: Desk, english: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Print waited for the new figures, Export did not: a month's rows went out under the year's title."""
    from ui import export_dialog

    page = shown_page(qtbot, month)
    asked: list[str] = []
    monkeypatch.setattr(export_dialog, "ask_export_path", lambda parent, name: asked.append(name))
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(Period.custom(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
        assert not page.export_button.isEnabled() and not page.print_button.isEnabled()
        assert page.export_table() is None and asked == [], "nothing asked, nothing written"
    assert page.export_button.isEnabled()
    _, sheet = exported_sheet(qtbot, page, page.channels_table, tmp_path, monkeypatch)
    assert sheet["A1"].value == "Channels and severity, 2026-01-01 to 2026-12-31"


def test_an_export_says_its_filters_and_its_dates_and_writes_scores_and_shares_as_numbers(
    qtbot: QtBot, month: Desk, english: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = shown_page(qtbot, month)
    unfiltered, _ = exported_sheet(qtbot, page, page.effect_table, tmp_path, monkeypatch)
    kitchen = Department.get(Department.code == "kitchen")
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.department.setCurrentIndex(page.department.findData(kitchen.id))
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(Period.custom(dt.date(2026, 3, 1), dt.date(2026, 3, 15)))
    name, sheet = exported_sheet(qtbot, page, page.effect_table, tmp_path, monkeypatch)
    assert unfiltered == "Cost-against-effect-2026-03.xlsx"
    assert name == f"Cost-against-effect-2026-03-01_2026-03-15-{kitchen.name_en}.xlsx"
    assert sheet["A1"].value == "Cost against effect, 2026-03-01 to 2026-03-15"
    assert sheet["A2"].value == f"Only these complaints: {kitchen.name_en}"
    headers = [cell.value for cell in sheet[4]]
    satisfaction, came_back = headers.index("Satisfaction"), headers.index("Came back in 90 days")
    small = next(row for row in sheet.iter_rows(min_row=5) if row[0].value == "Small, settled at the desk")
    assert small[satisfaction].value == 4 and isinstance(small[satisfaction].value, int | float)
    assert small[came_back].value == 0 and small[came_back].number_format.endswith("%")


@pytest.fixture
def many_kinds(seeded: Desk) -> Desk:
    """March 2026: complaints in every category and department, the first with most (every category has at least
    one, the first of them as many as there are categories), each charged some compensation to its department."""
    categories = list(Category.select().order_by(Category.id))
    departments = list(Department.select().order_by(Department.id))
    assert len(categories) > 8 and len(departments) > 8, "the catalogue has more than a chart's bars"
    remedy = Remedy.get(Remedy.code == "free_drink")
    for place, category in enumerate(categories):
        for n in range(len(categories) - place):
            received = dt.datetime(2026, 3, 2 + n % 27, 10, 0)
            department = departments[place % len(departments)]
            case = Complaint.create(received_by=seeded.manager, received_at=received, category=category,
                                    department=department, state=State.CLOSED,
                                    closed_at=received + dt.timedelta(hours=1))
            proposal = Proposal.create(complaint=case, seq=1, created_by=seeded.manager, created_at=received,
                                       status="accepted", total=Decimal("10"))
            CompensationLine.create(proposal=proposal, remedy=remedy, amount=Decimal("10"), charged_to=department)
    return seeded


def test_the_bars_beyond_a_charts_room_are_one_bar_of_the_rest(
    qtbot: QtBot, many_kinds: Desk, english: None
) -> None:
    """A chart has room for eight bars with their names: seven categories and one bar for the rest, so the bars
    add up to the period's complaints (the eight largest alone once left the rest out of the picture)."""
    page = shown_page(qtbot, many_kinds)
    total = Complaint.select().count()
    categories = Category.select().count()
    names, sets = bars(page, "category_chart")
    assert len(names) == 8 and names[0] == f"{categories - 7} others"  # the rest at the bottom
    assert sum(sets["This period"]) == total
    assert sets["This period"][1:] == sorted(sets["This period"][1:])  # the most at the top
    with qtbot.assertNotEmitted(page.open_register):
        page.bar_clicked("category", 0)  # the register has no filter for "the rest"
    names, sets = bars(page, "cost_chart")
    assert names[0].endswith(" others") and sum(sets["Compensation (yuan)"]) == total * 10


def test_a_long_name_is_cut_short_beside_its_bar_and_whole_on_hovering(
    qtbot: QtBot, many_kinds: Desk, english: None
) -> None:
    from PySide6.QtWidgets import QToolTip

    page = shown_page(qtbot, many_kinds)
    (series,) = page.category_chart.chart().series()
    this_period = next(s for s in series.barSets() if s.label() == "This period")
    names, _ = bars(page, "category_chart")
    long_names = [row for row in page.analysis.figures.by_category if len(row.name_en) > 24]
    assert long_names, "a category with a long English name"
    row = long_names[0]
    index = page.bar_keys["category"].index(row.key)
    assert names[index].endswith("…") and row.name_en.startswith(names[index][:-1])
    this_period.hovered.emit(True, index)
    assert QToolTip.text() == f"{row.name_en}: {row.count} (the period before: 0)"
    this_period.hovered.emit(False, index)


def test_the_part_weeks_at_the_ends_of_a_month_are_dashed(qtbot: QtBot, month: Desk, english: None) -> None:
    """March 2026 begins on a Sunday and ends on a Tuesday: the first week has one day in the month, the last
    two, and their low counts are drawn apart from the whole weeks' line."""
    from PySide6.QtCharts import QLineSeries

    page = shown_page(qtbot, month)
    lines = page.weekly_chart.chart().series()
    assert all(isinstance(line, QLineSeries) for line in lines)
    whole, *parts = lines
    assert whole.name() == "Whole weeks" and [point.y() for point in whole.points()] == [1, 2, 1, 0]
    assert [part.name() for part in parts] == ["Partial weeks", "Partial weeks"]
    assert all(part.pen().style() == Qt.PenStyle.DashLine for part in parts)
    assert [point.y() for point in parts[0].points()] == [0, 1]  # 1 March alone, then the week of 2 March
    assert [point.y() for point in parts[1].points()] == [0, 0]  # 30 and 31 March, after the week of 23 March
    # A period of part weeks only (the first days of a month): dashed too (drawn solid, as whole weeks).
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(Period(PeriodKind.CUSTOM, dt.date(2026, 3, 6), dt.date(2026, 3, 10)))
    (only,) = page.weekly_chart.chart().series()
    assert only.name() == "Partial weeks" and only.pen().style() == Qt.PenStyle.DashLine and only.count() == 2


def test_a_year_earlier_is_counted_once_the_database_holds_it(qtbot: QtBot, month: Desk, english: None) -> None:
    # Recorded from March 2025's first day (from its 10th on, a month of 22 days would be set against one of 31).
    Complaint.create(received_by=month.manager, received_at=dt.datetime(2025, 3, 1, 9), demand="要求处理")
    page = shown_page(qtbot, month)
    assert "; a year earlier: 1, +300%)" in page.summary.text()
    channels = page.channels_table.figures
    assert channels.data(channels.index(0, 4)) != "—", "counted: the database holds that year"


def test_the_weekly_chart_s_ticks_stand_on_mondays(qtbot: QtBot, month: Desk) -> None:
    """Each tick a week's Monday (a quarter's 13 weeks in 7 even steps put them 13 days apart), eight at most."""
    from PySide6.QtCharts import QDateTimeAxis

    from ui.office.analysis_page import week_ticks

    for span in range(60):
        ticks, added = week_ticks(span)
        assert 2 <= ticks <= 8 and 0 <= added <= 3, span
        assert (span + added) % (ticks - 1) == 0, span
        assert ticks >= min(span + 1, 4) or span == 0, f"{span} weeks: {ticks} ticks"
    page = shown_page(qtbot, month)
    (axis,) = [axis for axis in page.weekly_chart.chart().axes() if isinstance(axis, QDateTimeAxis)]
    first, last = axis.min().date(), axis.max().date()
    assert first.dayOfWeek() == 1 and first.daysTo(last) % (7 * (axis.tickCount() - 1)) == 0



def test_the_analysis_page_fits_a_1024_pixel_screen(qtbot: QtBot, month: Desk, english: None) -> None:
    """Its filters as wide as the longest names, and the busy bar in the period's row, made the window 1,112 pixels
    wide at least, and it never shrank back."""
    from ui.main_window import SECTION_ANALYSIS, MainWindow

    window = MainWindow(month.office)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(SECTION_ANALYSIS)
    page = window.analysis
    assert window.minimumSizeHint().width() <= 1024 - 10, window.minimumSizeHint()
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(MONTH)
    assert window.minimumSizeHint().width() <= 1024 - 10, window.minimumSizeHint()
    # The dates of a custom period beside the period's row made the window 1,290 pixels wide (and it stayed so).
    window.resize(1024, 768)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("custom"))
    assert page.first_day.isVisible() and page.last_day.isVisible()
    assert window.minimumSizeHint().width() <= 1024 - 10, window.minimumSizeHint()
    qtbot.waitUntil(lambda: window.width() == 1024)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("month"))
    assert not page.first_day.isVisible() and window.width() == 1024


def test_names_amounts_and_rows_are_whole_at_1024_pixels(qtbot: QtBot, many_kinds: Desk, english: None) -> None:
    """At 1,024 pixels the category names were cut at the chart's left edge ("harges / bill dispute"), the largest
    amount drawn over its dark bar, the times' names cut to "Promised w…", and the filter read "All duty manager:"."""
    from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    from ui.main_window import SECTION_ANALYSIS, MainWindow

    received = dt.datetime(2026, 3, 5, 10)  # a large amount: "19,727 yuan" was drawn over its bar
    case = Complaint.create(received_by=many_kinds.manager, received_at=received, state=State.CLOSED,
                            closed_at=received + dt.timedelta(hours=1), demand="赔偿")  # fmt: skip
    proposal = Proposal.create(complaint=case, seq=1, created_by=many_kinds.manager, created_at=received,
                               status="accepted", total=Decimal("19727"))  # fmt: skip
    CompensationLine.create(proposal=proposal, remedy=Remedy.get(Remedy.code == "free_drink"),
                            amount=Decimal("19727"), charged_to=Department.select().first())  # fmt: skip
    window = MainWindow(many_kinds.office)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    window.navigation.setCurrentRow(SECTION_ANALYSIS)
    page = window.analysis
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.set_period(MONTH)
    qtbot.wait(50)
    for view in (page.category_chart, page.department_chart, page.cost_chart):
        chart = view.chart()
        (axis,) = [axis for axis in chart.axes() if isinstance(axis, QBarCategoryAxis)]
        widest = max(QFontMetrics(axis.labelsFont()).horizontalAdvance(label) for label in axis.categories())
        assert widest + 20 <= chart.plotArea().left(), f"{chart.title()}: names past the chart's edge"
    chart = page.cost_chart.chart()
    (series,) = chart.series()
    (amounts,) = series.barSets()
    (scale,) = [axis for axis in chart.axes() if isinstance(axis, QValueAxis)]
    plot = chart.plotArea()
    metrics = QFontMetrics(amounts.labelFont())
    for index in range(amounts.count()):
        value = amounts.at(index)
        end = plot.left() + value / scale.max() * plot.width()
        label = series.labelsFormat().replace("@value", chart.locale().toString(value, "g", 12))
        assert end + metrics.horizontalAdvance(label) <= plot.right(), label
    table = page.times_table
    assert table.verticalScrollBar().maximum() == 0, "the table is as tall as its rows"
    width = table.columnWidth(0) - 8
    for row in range(table.figures.rowCount()):
        text = table.figures.rows[row][0].text
        needed = table.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        assert needed.width() <= width and needed.height() <= table.rowHeight(row), text
    combo = page.duty_manager
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    option.rect = QRect(QPoint(0, 0), combo.size())
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)  # fmt: skip
    assert combo.fontMetrics().horizontalAdvance("All duty managers") <= field.width()


def test_one_complaint_reads_as_one_and_its_scales_count_in_whole_numbers(
    qtbot: QtBot, month: Desk, english: None
) -> None:
    """"1 complaints …; first response in 106 min" beside "1 h 46 min" everywhere else, and scales of 0 to 1 that read
    "0 0 0 1 1 1"."""
    from PySide6.QtCharts import QValueAxis

    page = shown_page(qtbot, month)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.category.setCurrentIndex(page.category.findData(Category.get(Category.code == "hygiene").id))
    summary = page.summary.text()
    assert "<b>1</b> complaint (no complete records of the period before)" in summary
    assert "closed in 2 h (median)" in summary, "as ui.i18n.duration_words writes it (it said 2.0 h)"
    for view in (page.category_chart, page.department_chart, page.weekly_chart, page.satisfaction_chart):
        (scale,) = [axis for axis in view.chart().axes() if isinstance(axis, QValueAxis)]
        assert scale.tickType() == QValueAxis.TickType.TicksDynamic and scale.tickInterval() == 1, view.chart().title()
        assert scale.min() == 0 and scale.max() in (1, 2) and scale.labelFormat() == "%.0f"


def test_filters_that_match_nothing_say_so(qtbot: QtBot, month: Desk, english: None) -> None:
    """The words of a filter matched nothing in a period of 211 complaints, and the page said "No complaints in this
    period."."""
    page = shown_page(qtbot, month)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.search.setText("nothing like this")
        page.refresh()
    assert page.empty.isVisible() and page.empty.text() == "No complaint in this period matches the filters."


@pytest.mark.real_component
def test_a_table_a_few_rows_over_the_printed_rows_is_printed_whole(
    qtbot: QtBot, month: Desk, english: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cost table of 26 rows lost its last remedy ("… 1 more rows are not printed"), with room for it."""
    import ui.office.analysis_page as analysis_page

    page = shown_page(qtbot, month)

    def printed() -> str:
        data = page.render_pdf()
        return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()

    monkeypatch.setattr(analysis_page, "PRINTED_ROWS", 1)
    monkeypatch.setattr(analysis_page, "PRINTED_SLACK", 0)
    assert "more rows are not printed" in printed()
    monkeypatch.setattr(analysis_page, "PRINTED_SLACK", 40)
    assert "more rows are not printed" not in printed()


def test_no_change_is_said_as_none() -> None:
    from ui.office.analysis_page import change_text

    assert change_text(3, 3) == "±0%", "'+0%' read as a rise"
    assert change_text(4, 3) == "+33%" and change_text(2, 4) == "−50%"


def test_next_goes_no_further_than_the_period_under_way(qtbot: QtBot, month: Desk, english: None) -> None:
    from ui.office.analysis_page import AnalysisPage

    page = AnalysisPage()
    qtbot.addWidget(page)
    page.set_staff(month.office)
    page.set_period(Period.of(PeriodKind.MONTH, dt.date.today()).previous())
    assert page.next_button.isEnabled(), "last month: this month is next"
    page.set_period(Period.of(PeriodKind.MONTH, dt.date.today()))
    assert not page.next_button.isEnabled(), "next month has not begun"
