"""Files written for the system's viewer (a case's evidence, an external case's documents): in folders of their
own, owner-only, removed at the change of person and when the desk ends. They held customers' photos and letters
in /tmp for as long as the machine ran, readable by any account on it."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from pathlib import Path

log = logging.getLogger("complaint_desk.scratch")

_folders: list[Path] = []
_lock = threading.Lock()


def written_for_viewer(filename: str, data: bytes) -> Path:
    """``data`` as ``filename`` (its name alone: no folder of the stored name is followed) in a new folder that
    only this account can read; removed by ``clear`` (runs in a worker: a few megabytes)."""
    folder = Path(tempfile.mkdtemp(prefix="complaint-desk-"))  # 0700: mkdtemp's own
    with _lock:
        _folders.append(folder)
    path = folder / (Path(filename).name or "file")
    path.write_bytes(data)
    path.chmod(0o600)
    return path


def clear() -> None:
    """Every folder written so far removed (a viewer that still holds a file on Windows: that one stays, said
    in the log)."""
    with _lock:
        folders, _folders[:] = list(_folders), []
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            log.info("kept %s: a viewer still holds a file in it", folder)


atexit.register(clear)
