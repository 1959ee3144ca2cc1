"""The choices of the register's filters (state, category, department, staff), filled alike wherever a
page filters complaints as the register does (the register, the analysis)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from models.catalog import categories, departments
from models.complaint import State
from models.register import staff_names
from ui.i18n import catalogue_name

OPEN = "open"  # the state choice that means every open state


def fill_filter_choices(state: QComboBox, category: QComboBox, department: QComboBox, staff: QComboBox) -> None:
    """Each combo's entries, the first meaning "all" (its text is the page's to set, in its retranslateUi);
    retired catalogue entries too, since old complaints name them. The state's second entry: open cases."""
    state.addItem("", None)
    state.addItem("", OPEN)
    for each in State:
        state.addItem("", each.value)
    category.addItem("", None)
    for choice in categories(active_only=False):
        category.addItem(catalogue_name(choice), choice.id)
    department.addItem("", None)
    for entry in departments(active_only=False):
        department.addItem(catalogue_name(entry), entry.id)
    staff.addItem("", None)
    for staff_id, full_name in staff_names():
        staff.addItem(full_name, staff_id)


def relabel_catalogue_choices(category: QComboBox, department: QComboBox) -> None:
    """The categories' and departments' names in the language chosen now (a language change left them in the
    one of the page's first build); the first entry, "all", is the page's to relabel."""
    for combo, entries in ((category, categories(active_only=False)), (department, departments(active_only=False))):
        names = {entry.id: catalogue_name(entry) for entry in entries}
        for index in range(1, combo.count()):
            if (name := names.get(combo.itemData(index))) is not None:
                combo.setItemText(index, name)
