"""Qt's own words that its Simplified Chinese catalogue (qtbase_zh_CN, shipped with PySide6) lacks: Qt 6 renamed
or added them, and the zh_CN file was not brought up to date. Without them the desk's Chinese file dialog said
"&Look in:", "Files of &type:" and "Folder", and the print dialog's page settings spoke English.

Listed here, in Qt's own contexts, so that ``pyside6-lupdate`` puts them in this application's catalogue, which
Qt asks before its own (ui/i18n.py installs it last). Chosen as the strings of the dialogs the desk opens (file,
print, message boxes) that the German and Japanese catalogues translate and the Chinese one does not. Nothing
imports this module: only the catalogue reads it."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_OWN_STRINGS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Shortcut"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Alias"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Unknown"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 bytes"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 byte(s)"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 KB"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 MB"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 GB"),
    QT_TRANSLATE_NOOP("QFileSystemModel", "%1 TB"),
    QT_TRANSLATE_NOOP(
        "QFileSystemModel",
        '<b>The name "%1" can not be used.</b><p>Try using another name, with fewer characters or no punctuations '
        "marks.",
    ),
    QT_TRANSLATE_NOOP("QMessageBox", "OK"),
    QT_TRANSLATE_NOOP("QMessageBox", "Help"),
    QT_TRANSLATE_NOOP("QErrorMessage", "An error occurred"),
    QT_TRANSLATE_NOOP("QPrintDialog", "Automatic"),
    QT_TRANSLATE_NOOP("QPageSetupWidget", "Page &order:"),
    QT_TRANSLATE_NOOP("QPageSetupWidget", "Pages &per sheet:"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Duplex Printing"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "None"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Long side"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Short side"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "Job &priority:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "Scheduled &printing:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&Billing information:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&Start:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&End:"),
)
