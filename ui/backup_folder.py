"""Where this computer puts the database's backups: a setting of the machine (QSettings), not of the
office, since the folder may be a USB stick or a second disk of this desk PC only."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QSettings

FOLDER_KEY = "backups/folder"


def chosen_folder() -> Path | None:
    """The folder chosen on the Backups page, or None for the default beside the database."""
    value = QSettings().value(FOLDER_KEY, "")
    return Path(str(value)) if value else None


def choose_folder(folder: Path | None) -> None:
    QSettings().setValue(FOLDER_KEY, str(folder) if folder is not None else "")


def backup_folder(database: Path) -> Path:
    """The folder backups go to: the chosen one (which must exist: a missing stick is told, not made
    on the local disk), else ``backups`` beside the database, made when first needed."""
    from models.backups import default_folder

    chosen = chosen_folder()
    if chosen is not None:
        return chosen
    folder = default_folder(database)
    # A file of that name beside the database: the backup's own check says so, in words (this said "[Errno 17]
    # File exists", in English on a Chinese desk).
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
    return folder
