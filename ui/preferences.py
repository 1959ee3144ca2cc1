"""Personal preferences kept in QSettings (business settings live in the database)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import SYSTEM, Retranslating, install_translators, preferred_language, set_preferred_language
from ui.widgets import ok_cancel_buttons


class PreferencesDialog(Retranslating, QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = QComboBox()
        # Language names are written in their own language, so anyone can find theirs.
        self.language.addItem("", SYSTEM)
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(preferred_language())))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        self.buttons = ok_cancel_buttons(self)
        form = QFormLayout()
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:  # noqa: N802 - Qt naming
        self.setWindowTitle(self.tr("Preferences"))
        self.language_label.setText(self.tr("&Language:"))
        self.language.setItemText(0, self.tr("Same as the system"))

    def accept(self) -> None:
        language = self.language.currentData()
        if language != preferred_language():
            set_preferred_language(language)
            install_translators(language)
        super().accept()
