"""Files a command or a page writes for a person (forms, the work summary): whole, or not at all."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path``, under a temporary name until it is all on the disk: a full disk or a Ctrl+C leaves no
    empty or cut file under the name a person would open (a full disk left an empty form and an empty summary)."""
    staged = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        staged.write_bytes(data)
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
