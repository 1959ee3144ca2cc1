"""A typical small clear case (a cold dish, a free drink, the customer agrees, a waiter witnesses) entered on
the quick path and in the full wizard, driven through the real widgets offscreen. Prints what a person
does (characters typed, pointer clicks, screens) and a keystroke-level estimate of the seconds it takes,
and the application's own time. Not a test.

    uv run python tests/perf/bench_quick_path.py

The estimate uses the keystroke-level model's usual figures (Card, Moran and Newell): 0.28 s a keystroke
(an average typist), 1.2 s to point and click, 1.35 s to think before each field or choice; a Chinese
character is counted as 3 keystrokes (its pinyin and the choice in the input method).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication, QWizard

KEY, CLICK, THINK = 0.28, 1.2, 1.35


class Person:
    """Counts what a person does at the desk."""

    def __init__(self) -> None:
        self.characters = self.keys = self.clicks = self.fields = 0

    def type(self, setter: object, text: str) -> None:
        setter(text)  # type: ignore[operator]
        self.characters += len(text)
        self.keys += sum(3 if ord(c) > 0x2E80 else 1 for c in text)
        self.fields += 1

    def click(self, action: object, thinking: bool = True) -> None:
        action()  # type: ignore[operator]
        self.clicks += 1
        self.fields += int(thinking)

    def seconds(self) -> float:
        return self.keys * KEY + self.clicks * CLICK + self.fields * THINK


def quick(window: object, person: Person) -> float:
    from PySide6.QtCore import Qt

    dialog = window.open_quick_case()  # type: ignore[attr-defined]
    person.click(lambda: None)  # the Quick case button
    person.type(dialog.location.setText, "二楼中餐厅")
    person.click(lambda: dialog.category.setCurrentIndex(dialog.category.findText("菜品质量")))
    person.type(dialog.narrative.setText, "菜上桌时已经凉了")
    person.type(dialog.demand.setText, "重新加热")
    person.click(lambda: dialog.acknowledged.setChecked(True))
    person.type(dialog.findings.setText, "确实凉了，传菜慢了")
    row = dialog.lines.rows[0]
    person.click(lambda: row.remedy.setCurrentIndex(row.remedy.findText("饮料", Qt.MatchFlag.MatchContains)))
    person.type(lambda text: row.amount.setValue(float(text)), "18")
    person.click(lambda: dialog.agreed.setChecked(True))
    person.type(dialog.witness.setText, "服务员小王")
    started = time.perf_counter()
    person.click(dialog.close_case, thinking=False)
    spent = time.perf_counter() - started
    assert dialog.pages.currentIndex() == 1, dialog.fit.text()
    dialog.accept()
    return spent


def wizard(window: object, person: Person) -> float:
    from PySide6.QtCore import Qt

    intake = window.open_intake()  # type: ignore[attr-defined]
    spent = 0.0

    def next_page(button: QWizard.WizardButton = QWizard.WizardButton.NextButton) -> None:
        nonlocal spent
        started = time.perf_counter()
        person.click(intake.button(button).click, thinking=False)
        spent += time.perf_counter() - started

    person.click(lambda: None)  # the New complaint button
    page = intake.receive_page
    person.type(page.location.setText, "二楼中餐厅")
    person.type(page.narrative.setText, "菜上桌时已经凉了")
    person.click(lambda: page.category.setCurrentIndex(page.category.findText("菜品质量")))
    person.type(page.demand.setText, "重新加热")
    person.click(lambda: page.acknowledged.setChecked(True))
    next_page()
    page = intake.currentPage()
    person.type(page.findings.setText, "确实凉了，传菜慢了")
    person.click(lambda: page.liability.setCurrentIndex(page.liability.findData("full")))
    next_page()
    page = intake.currentPage()
    row = page.lines.rows[0]
    person.click(lambda: row.remedy.setCurrentIndex(row.remedy.findText("饮料", Qt.MatchFlag.MatchContains)))
    person.type(lambda text: row.amount.setValue(float(text)), "18")
    next_page()
    page = intake.currentPage()
    person.click(lambda: page.answer_buttons["accepted"].setChecked(True))
    person.click(lambda: page.ratings.button(5).setChecked(True))
    person.type(page.witness.setText, "服务员小王")
    next_page()
    next_page(QWizard.WizardButton.CommitButton)  # close the complaint
    assert intake.currentId() == 5, "the page after closing"
    person.click(intake.accept, thinking=False)
    return spent


def main() -> None:
    app = QApplication(sys.argv[:1])
    from models.database import open_database
    from models.demo import generate_demo
    from models.staff import Staff
    from ui.i18n import install_translators
    from ui.main_window import MainWindow

    install_translators("zh_CN")
    with tempfile.TemporaryDirectory() as folder:
        open_database(str(Path(folder) / "bench.db"))
        generate_demo(200, seed=7)
        staff = Staff.get(Staff.username == "lijing")
        window = MainWindow(staff)
        window.show()
        results = {}
        for name, flow in (("quick path", quick), ("wizard", wizard)):
            person = Person()
            app_seconds = flow(window, person)
            app.processEvents()
            results[name] = (person, app_seconds)
        print(f"{'':12} {'chars':>6} {'keys':>5} {'clicks':>6} {'fields':>6} {'est. s':>7} {'app ms':>7}")
        for name, (person, app_seconds) in results.items():
            print(
                f"{name:12} {person.characters:6} {person.keys:5} {person.clicks:6} {person.fields:6} "
                f"{person.seconds():7.1f} {app_seconds * 1000:7.1f}"
            )
        quick_s, wizard_s = results["quick path"][0].seconds(), results["wizard"][0].seconds()
        print(f"quick path / wizard: {quick_s / wizard_s:.2f} of the time, {wizard_s - quick_s:.1f} s saved")
        app.quit()


if __name__ == "__main__":
    main()
