"""The direction of imports is the architecture: models/ and ui/paper/ never import Qt."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("models"), ids=lambda p: str(p.relative_to(ROOT)))
def test_models_import_neither_qt_nor_ui(path: Path) -> None:
    bad = {m for m in imported_modules(path) if m.split(".")[0] in (*QT_MODULES, "ui", "reportlab")}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_paper_imports_no_qt() -> None:
    for path in python_files("ui/paper"):
        bad = {m for m in imported_modules(path) if m.split(".")[0] in QT_MODULES}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_check_sees_a_qt_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport os\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)
