"""The direction of imports is the architecture: models/ and ui/paper/ never import Qt."""
from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


@functools.cache
def syntax_tree(path: Path) -> ast.Module:
    """The file's syntax tree, parsed once for all the checks here (read only: nothing changes it)."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(syntax_tree(path)):
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


# --------------------------------------------------------------------------- screens read through models/

PEEWEE_MODULES = ("peewee", "playhouse")
QUERY_METHODS = frozenset(
    {"select", "get", "get_or_none", "get_by_id", "where", "create", "insert", "insert_many", "update", "delete"}
    | {"delete_by_id", "raw", "alias"}
)
# The logged-in account is the actor every domain function takes: screens hold
# it and pass it on (and read its name and role), but never query through it.
ACTOR_TYPES = frozenset({"Staff"})
# The start-up keeps the database handle it opened, to close it; it only names the type.
TYPE_ONLY_PEEWEE = frozenset({"SqliteDatabase"})


@functools.cache
def model_class_names() -> frozenset[str]:
    """Names of the peewee model classes of models/ (frozen migration copies aside);
    read once per run, not once for each screen file checked."""
    bases: dict[str, set[str]] = {}
    for path in python_files("models"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(syntax_tree(path)):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    models = {"Model"}
    while True:
        more = {name for name, parents in bases.items() if parents & models} - models
        if not more:
            return frozenset(models - {"Model"})
        models |= more


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def database_use(path: Path, models: frozenset[str]) -> list[str]:
    """Where a screen file touches the database itself: peewee imported, a model
    class imported from models/, or a query method called on a model class."""
    tree = syntax_tree(path)
    type_only = _type_checking_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}" for a in node.names if a.name.split(".")[0] in PEEWEE_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            for alias in node.names:
                if top in PEEWEE_MODULES and not (id(node) in type_only and alias.name in TYPE_ONLY_PEEWEE):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                elif top == "models" and alias.name in models - ACTOR_TYPES:
                    found.append(f"line {node.lineno}: model class {alias.name} imported from {node.module}")
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in QUERY_METHODS
            and isinstance(node.value, ast.Name)
            and node.value.id in models
        ):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_model_classes_are_found() -> None:
    assert {"Complaint", "Proposal", "Attachment", "Staff", "Category", "CatalogueEntry"} <= model_class_names()


@pytest.mark.parametrize("path", python_files("ui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_read_through_query_functions_of_models(path: Path) -> None:
    found = database_use(path, model_class_names())
    assert not found, f"{path.relative_to(ROOT)} touches the database itself: " + "; ".join(found)


def test_the_check_sees_a_screen_query(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "from peewee import JOIN\n"
        "from models.complaint import Complaint, State\n"
        "from models.staff import Staff\n"
        "if TYPE_CHECKING:\n"
        "    from peewee import SqliteDatabase\n"
        "case = Complaint.get_by_id(1)\n"
        "staff = Staff.select().where(Staff.active)\n"
        "settings.get('x')\n",
        encoding="utf-8",
    )
    assert sorted(database_use(sample, model_class_names())) == [
        "line 2: from peewee import JOIN",
        "line 3: model class Complaint imported from models.complaint",
        "line 7: Complaint.get_by_id",
        "line 8: Staff.select",
    ]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_cycles(paths: list[Path]) -> list[list[str]]:
    """Cycles among these modules' imports (function-level imports included:
    a late import hides a circle, it does not remove it)."""
    modules = {module_name(path): path for path in paths}
    graph = {name: {m for m in imported_modules(path) if m in modules and m != name} for name, path in modules.items()}
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_models_have_no_import_circle() -> None:
    paths = [path for path in python_files("models") if "migrations" not in path.parts]
    assert import_cycles(paths) == []


def test_the_check_sees_an_import_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "pkg").mkdir()
    first, second = tmp_path / "pkg" / "first.py", tmp_path / "pkg" / "second.py"
    first.write_text("from pkg.second import b\n", encoding="utf-8")
    second.write_text("def b():\n    from pkg.first import a\n", encoding="utf-8")
    assert import_cycles([first, second]) == [["pkg.first", "pkg.second", "pkg.first"]]
