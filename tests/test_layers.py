"""The tests come in layers: tests/models/ and tests/paper/ run without Qt,
tests/ui/ with it (marked ``gui``); a Qt-free run never imports PySide6."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_FREE_FOLDERS = ("tests/models", "tests/paper")
QT_MODULES = ("PySide6", "shiboken6", "pytestqt")
# One quick test: what matters is what the run imports.
MODELS_ONLY_RUN = [
    "tests/models/test_staff.py::test_hash_is_salted_scrypt_and_verifies", "-q", "-p", "no:cacheprovider"
]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def needs_qt(module: str) -> bool:
    top = module.split(".")[0]
    return top in QT_MODULES or (top == "ui" and not module.startswith("ui.paper")) or module == "main"


@pytest.mark.parametrize(
    "path",
    sorted(path for folder in QT_FREE_FOLDERS for path in (ROOT / folder).rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_qt_free_tests_import_no_qt(path: Path) -> None:
    bad = sorted(m for m in imported_modules(path) if needs_qt(m))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}: a test that needs Qt belongs in tests/ui/"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_models_run_never_imports_pyside6() -> None:
    result = run_python(
        "import sys, pytest\n"
        f"status = pytest.main({MODELS_ONLY_RUN!r})\n"
        "print('PySide6 imported:', 'PySide6' in sys.modules)\n"
        "sys.exit(status)\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PySide6 imported: False" in result.stdout


def test_a_qt_free_run_that_imports_pyside6_fails() -> None:
    result = run_python(f"import sys, PySide6, pytest\nsys.exit(pytest.main({MODELS_ONLY_RUN!r}))\n")
    assert result.returncode == pytest.ExitCode.TESTS_FAILED
    assert "PySide6 was imported by a run of Qt-free tests only" in result.stderr


def test_gui_marks_the_ui_tests_and_only_them() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "-m", "gui",
         "tests/models/test_staff.py", "tests/paper/test_handover.py", "tests/ui/test_qt_binding.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected and all(line.startswith("tests/ui/") for line in collected), result.stdout
