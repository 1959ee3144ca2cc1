"""Files written for a person: whole, or not at all."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from models.files import write_whole


def test_a_full_disk_leaves_no_file_under_the_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk left an empty summary and an empty form under the names a person would open."""
    real_write = Path.write_bytes

    def disk_fills(path: Path, data: bytes) -> int:
        real_write(path, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_fills)
    folder = tmp_path / "forms"
    folder.mkdir()
    with pytest.raises(OSError, match="No space left"):
        write_whole(folder / "TS-2026-000001.pdf", b"%PDF-1.4 " * 100)
    assert list(folder.iterdir()) == []


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "out" / "summary.pdf"
    path.parent.mkdir()
    path.write_bytes(b"old")
    write_whole(path, b"new and whole")
    assert path.read_bytes() == b"new and whole" and [p.name for p in path.parent.iterdir()] == ["summary.pdf"]
