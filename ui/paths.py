"""Where the application keeps its files, by the platform's conventions
(QStandardPaths): the database, backups and the archive's anchor logs in the
data folder, logs in the state folder, preferences through QSettings."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths

ORGANIZATION = "ComplaintDesk"
APPLICATION = "ComplaintDesk"
DATABASE_FILE = "app.db"
LOG_FILE = "complaint-desk.log"
ANCHOR_FOLDER = "anchors"


def set_application_names() -> None:
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion("0.1.0")


def data_folder() -> Path:
    return _folder(QStandardPaths.StandardLocation.AppDataLocation)


def log_folder() -> Path:
    return _folder(QStandardPaths.StandardLocation.StateLocation) / "logs"


def anchor_folder() -> Path:
    """Outside the database file, so that whoever rewrites the file cannot rewrite its anchors with it."""
    return data_folder() / ANCHOR_FOLDER


def default_database_path() -> Path:
    return data_folder() / DATABASE_FILE


def _folder(location: QStandardPaths.StandardLocation) -> Path:
    set_application_names()
    return Path(QStandardPaths.writableLocation(location))


def file_name(title: str, suffix: str, fallback: str = "document") -> str:
    """A file name from a document's title, without the characters Windows refuses in one ("Complaint analysis:
    2026-11-01 …" was offered as it is)."""
    safe = " ".join("".join(c for c in title if c not in '\\/:*?"<>|' and c >= " ").split()) or fallback
    return f"{safe}.{suffix}"
