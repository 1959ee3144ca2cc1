"""Every test runs with its own database file and data/log folders under
tmp_path: nothing touches the user's real files.

The tests come in layers: tests/models/ and tests/paper/ need no Qt, tests/ui/
does. Tests under tests/ui/ are marked ``gui`` and get a QApplication (offscreen),
Qt settings under tmp_path and no window outliving the test. This file imports
no Qt itself, and a run of only Qt-free folders goes without pytest-qt, so
``pytest tests/models`` never imports PySide6.

Keeping the quick run under a minute on a busy two-core machine:

- A database for a test is a copy of a master file built once per run, never
  migrated or filled anew: ask for ``database`` (migrated, empty), ``defaults``
  (the default catalogues) or ``seeded`` (the defaults and the usual accounts,
  returned as a ``Desk``); a test that needs a desk's year of demo cases opens
  a copy of ``demo_database`` (built once per run for all the modules that ask);
  a module that needs other data builds its own master once with ``build_master``
  and opens a copy per test with ``open_copy``, or, when several modules need the
  same data, once per run with ``shared_master`` (see "databases built once"
  below). A copy is opened with one connection.
- With PYTHONDONTWRITEBYTECODE set, bytecode is kept in .pytest_cache/pycache
  (see the top of this file), not compiled again in each worker at each run.
- Passwords hashed in the test process cost ``TEST_SCRYPT_COST``, not the
  product's quarter of a second each (``product_password_cost`` for a test that needs the real one).
- The tests' files live in memory (/dev/shm), where durable commits cost nothing.
- ``run_main`` runs main.py's ``main()`` in-process; start a process only for
  what only a process shows.
- Wait for a condition (``qtbot.waitUntil``, ``waitSignal``), never for a time.
"""
from __future__ import annotations

import importlib
import itertools
import os
import sys
from pathlib import Path

# Bytecode kept between runs. With PYTHONDONTWRITEBYTECODE=1 in the environment (as on the
# team's machines), every run compiled the application, its libraries and the test modules
# again in each xdist worker, and pytest rewrote every test module's asserts anew: 5-6 s of
# collection per worker before the first test, and more in each process a test starts. The
# compiled files go to .pytest_cache/pycache (sys.pycache_prefix), never beside the sources,
# which is what the variable asks. Set here, before this file imports the application; the
# variable is taken out of the environment of the processes this one starts (the xdist
# workers, which import pytest before this file, and the processes tests start), which get
# the prefix instead and so write there too. (The workers once inherited the prefix with the
# variable, took that for a user's own prefix, and compiled everything anew at every run.)
if sys.dont_write_bytecode:
    _PYCACHE = Path(__file__).resolve().parent.parent / ".pytest_cache" / "pycache"
    if sys.pycache_prefix in (None, str(_PYCACHE)):
        sys.pycache_prefix = str(_PYCACHE)
        os.environ["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        sys.dont_write_bytecode = False

import datetime as dt
import json
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import models.base
import models.database
import models.staff
from models.anchor import IDENTITY_KEY
from models.database import open_database

if TYPE_CHECKING:
    from peewee import SqliteDatabase
    from PySide6.QtWidgets import QWidget

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
IN_CI = os.environ.get("CI", "").lower() == "true"
GUI_FOLDER = TESTS / "ui"
QT_FREE_FOLDERS = (TESTS / "models", TESTS / "paper")
QT_PLUGIN = "pytest-qt"


# scrypt's cost (n, r, p) for the passwords tests hash: the product's 16 MiB and
# ~250 ms per hash would be most of a quick test's time. Each stored hash records
# its own cost (scrypt$n$r$p$salt$key), so a cheap hash verifies as any other;
# tests/models/test_staff.py proves the product's own cost is still the strong one.
TEST_SCRYPT_COST = (16, 1, 1)
PRODUCT_SCRYPT_COST = (models.staff.SCRYPT_N, models.staff.SCRYPT_R, models.staff.SCRYPT_P)


def set_scrypt_cost(monkeypatch: pytest.MonkeyPatch, cost: tuple[int, int, int]) -> None:
    for name, value in zip(("SCRYPT_N", "SCRYPT_R", "SCRYPT_P"), cost, strict=True):
        monkeypatch.setattr(models.staff, name, value)


def _only_qt_free_folders(config: pytest.Config, arguments: list[str]) -> bool:
    """True when every path named on the command line lies in a Qt-free folder."""
    if not arguments:
        return False  # the testpaths: everything, tests/ui/ included
    start = config.invocation_params.dir
    for argument in arguments:
        path = (start / argument.split("::", 1)[0]).resolve()
        if not any(path.is_relative_to(folder) for folder in QT_FREE_FOLDERS):
            return False
    return True


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    parser.addoption(
        "--db",
        dest="server_url",
        default=os.environ.get("COMPLAINT_DESK_TEST_DB") or None,
        help="run the tests against this PostgreSQL server instead of SQLite files: a URL such as "
        "postgresql://desk@localhost/desk of a role that may create databases (each test gets its own, "
        "copied from a master as the files are); tests of SQLite files only are skipped",
    )
    # pytest-qt imports PySide6 while pytest configures itself, before any test
    # is collected; a run of Qt-free folders only unloads it here, the last
    # moment before that (initial conftests are read before configuration).
    config = pluginmanager.get_plugin("pytestconfig")
    if config is not None and _only_qt_free_folders(config, config.known_args_namespace.file_or_dir):
        pluginmanager.set_blocked(QT_PLUGIN)


# Every commit of the application is durable (synchronous=FULL): on a disk that
# other work keeps busy, each fsync waits milliseconds, and a run makes
# thousands. The tests' own files (tmp_path, the master databases) live in
# memory instead, where there is a tmpfs for it; --basetemp DIR chooses
# another place (and keeps what is left there after the run).
MEMORY_FOLDER = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.option.basetemp is None and MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK):
        scratch = tempfile.mkdtemp(prefix="complaint-desk-tests-", dir=MEMORY_FOLDER)
        config.option.basetemp = scratch
        config.add_cleanup(lambda: shutil.rmtree(scratch, ignore_errors=True))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_server = config.getoption("server_url") is not None
    for item in items:
        if item.path.is_relative_to(GUI_FOLDER):
            item.add_marker(pytest.mark.gui)
        if on_server and item.get_closest_marker("sqlite_only") is not None:
            item.add_marker(pytest.mark.skip(reason="SQLite files only (a run against --db postgresql://)"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """On a server, a test's background work ends and its results reach its windows before pytest-qt
    deletes them (a result arriving later, for a page gone, fails the teardown); see _end_gui_work."""
    if _server is not None:
        _end_gui_work(close_windows=False)
    return (yield)


def pytest_sessionfinish(session: pytest.Session) -> None:
    # The layering promise, checked at the end of every Qt-free run.
    if session.config.pluginmanager.is_blocked(QT_PLUGIN) and "PySide6" in sys.modules:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print("\nPySide6 was imported by a run of Qt-free tests only (tests/models/, tests/paper/)", file=sys.stderr)


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes() -> Iterator[None]:
    """Every password hashed in the test process (create_staff, add_account,
    the demo's accounts) costs TEST_SCRYPT_COST; processes a test starts
    (main.py, drills' children) hash with the product's cost."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        set_scrypt_cost(monkeypatch, TEST_SCRYPT_COST)
        yield


@pytest.fixture
def product_password_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The product's own scrypt cost for one test, instead of the cheap one."""
    set_scrypt_cost(monkeypatch, PRODUCT_SCRYPT_COST)


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    return home


# The screens' waits for typing to stop or another desk to save, shortened for the gui tests: each test that
# waits for one (165 waits in tests/ui) spent 250–750 ms idle, a fifth of the quick run. The screens are built
# after the patch, so their timers take the short delay; a test of a delay itself sets its own.
TEST_DELAY_MS = 40
SHORTENED_DELAYS = (
    ("ui.intake.wizard", "RISK_DEBOUNCE_MS"),
    ("ui.intake.receive_page", "HISTORY_DELAY_MS"),
    ("ui.intake.quick_dialog", "CHECK_DELAY_MS"),
    ("ui.register.register_page", "SEARCH_DELAY_MS"),
    ("ui.db_changes", "POLL_MS"),
)


@pytest.fixture(autouse=True)
def qt_for_gui_tests(
    request: pytest.FixtureRequest, isolated_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """A gui test gets the QApplication and Qt settings under tmp_path; windows of
    one test must not receive events (a language change) in the next.

    A modal message box (ui.messages.warn, inform) waits for a click nobody gives: a
    test that did not expect one (a background task refused on a busy machine) waited
    for ever, its xdist worker idle and the run with it. Here the box is told, not
    shown, and the test fails with its text; a test that expects one replaces the
    function itself."""
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    from PySide6.QtCore import QEvent, QSettings
    from PySide6.QtWidgets import QApplication

    import ui.messages

    for module, name in SHORTENED_DELAYS:
        monkeypatch.setattr(importlib.import_module(module), name, TEST_DELAY_MS)
    request.getfixturevalue("qapp")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(isolated_folders / "config"))
    unexpected: list[str] = []
    for name in ("warn", "inform"):
        monkeypatch.setattr(
            ui.messages, name, lambda parent, title, text, name=name: unexpected.append(f"{name}: {title}: {text}")
        )
    monkeypatch.setattr(
        ui.messages, "saved", lambda parent, title, text, path: unexpected.append(f"saved: {title}: {text} {path}")
    )

    def asked(parent: object, title: str, text: str) -> bool:
        unexpected.append(f"ask_discard: {title}: {text}")
        return False  # kept, as Esc answers

    monkeypatch.setattr(ui.messages, "ask_discard", asked)
    yield
    # The test's windows close as at the end of a day: an intake left with typed text is not asked about.
    monkeypatch.setattr(ui.messages, "ask_discard", lambda parent, title, text: True)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if unexpected:
        pytest.fail(f"a modal message box nobody would close: {unexpected}")


@pytest.fixture
def today() -> dt.date:
    """The day the test runs, for a test comparing what the application says of today (it reads the clock): a
    module's constant is the day the run began, one day behind once the run passes midnight."""
    return dt.date.today()


@pytest.fixture
def database_path(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


# --------------------------------------------------------------------------- databases built once, copied per test
#
# Migrating, loading the default catalogues and creating accounts cost far more
# than copying a file, so each starting state is built once per run (a "master"
# file) and every test gets its own copy at ``database_path``, opened as the
# application opens it (as Anki's tests copy a master collection):
#
#   database  the migrated, empty database                        (migrated_database)
#   defaults  the default catalogues and settings, no account     (defaults_database)
#   seeded    the defaults and the usual accounts: a Desk of      (seeded_database)
#             manager 张伟 (zhangwei), office 马晓红 (office) and admin 王芳 (admin)
#
# A test uses one of the three (``database`` also hands over the handle of
# ``defaults`` or ``seeded`` when the test uses one). The demo's year of cases on
# ``seeded`` is a fourth master, ``demo_database`` (below): a test opens a copy
# with ``open_copy(demo_database)`` rather than generating a demo of its own, unless
# the demo itself is what it tests. A module that needs other data (sealed cases
# of its own, a demo of another draw) builds its own master once with
# ``build_master`` and opens a copy per test with ``open_copy``:
#
#     @pytest.fixture(scope="module")
#     def archive_master(tmp_path_factory, seeded_database):
#         return build_master(tmp_path_factory, seeded_database, sealed_cases)
#
#     @pytest.fixture
#     def archive(open_copy, archive_master):
#         open_copy(archive_master)


@dataclass(frozen=True)
class Desk:
    """The accounts of ``seeded``, read from the test's own copy."""

    manager: models.staff.Staff  # zhangwei 张伟, duty manager, "desk-pass-1", 200 a case / 1000 a day, desk remedies
    office: models.staff.Staff  # office 马晓红, "office-pass-1"
    admin: models.staff.Staff  # admin 王芳, "admin-pass-1"


MANAGER_LIMITS = (Decimal("200"), Decimal("1000"))


# ----------------------------------------------------------------- a run against a PostgreSQL server (--db)
#
# With ``--db postgresql://…`` every master is a database on the server and a test's copy is a new
# database made from it (CREATE DATABASE … TEMPLATE), dropped after the test; ``database_path`` and
# the masters are then URLs in a Path's clothing (``str()`` gives the URL, which open_database takes).


class ServerDatabases:
    """Databases of this run on the server ``url`` names (its role may create databases)."""

    def __init__(self, url: str) -> None:
        from models.postgresql import server_address

        self.address = server_address(url)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.prefix = f"cdt_{worker}_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []

    def _admin(self) -> object:
        import psycopg

        return psycopg.connect(dbname=self.address.name, autocommit=True, **{
            key: value for key, value in self.address.connect_params().items() if key != "application_name"
        })

    def url(self, name: str) -> str:
        address = self.address
        password = f":{address.password}" if address.password else ""
        user = f"{address.user}{password}@" if address.user else ""
        port = f":{address.port}" if address.port else ""
        return f"postgresql://{user}{address.host or ''}{port}/{name}"

    def new_name(self) -> str:
        name = f"{self.prefix}_{len(self.made)}"
        self.made.append(name)
        return name

    def create(self, template: str | None = None) -> str:
        """A new database (empty, or a copy of ``template``, which must have no connection open); its URL."""
        name = self.new_name()
        clause = f' TEMPLATE "{template}"' if template else ""
        with closing(self._admin()) as admin:  # type: ignore[type-var]
            admin.execute(f'CREATE DATABASE "{name}"{clause}')  # type: ignore[attr-defined]
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a test's database. The server may refuse for a moment (its autovacuum worker, a process
        only a superuser may end, is at work in it): try again, and leave it to ``drop_all`` at the end."""
        import psycopg

        name = url.rsplit("/", 1)[1]
        for attempt in range(5):
            try:
                with closing(self._admin()) as admin:  # type: ignore[type-var]
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
                return
            except (psycopg.errors.InsufficientPrivilege, psycopg.errors.ObjectInUse):
                time.sleep(0.1 * (attempt + 1))

    def drop_all(self) -> None:
        for name in reversed(self.made):
            self.drop(self.url(name))


_server: ServerDatabases | None = None


def on_server() -> bool:
    """Whether this run's databases are on a PostgreSQL server (``--db``)."""
    return _server is not None


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[ServerDatabases]:
    """Databases made on the PostgreSQL server ``--db`` or ``COMPLAINT_DESK_TEST_SERVER`` names, for a test that
    needs a server whatever the run's backend (it fails under CI=true without one, as a missing component does);
    dropped after the test, and the models bound again to what they were bound to before it."""
    url = request.config.getoption("server_url") or os.environ.get("COMPLAINT_DESK_TEST_SERVER")
    require_component("a PostgreSQL server (--db or COMPLAINT_DESK_TEST_SERVER)", bool(url))
    databases = ServerDatabases(str(url))
    previous = models.base.db.obj
    yield databases
    if models.base.db.obj is not previous and models.base.db.obj is not None:
        models.base.db.obj.close()
    models.base.db.initialize(previous)
    databases.drop_all()


@pytest.fixture(scope="session", autouse=True)
def server_databases(request: pytest.FixtureRequest) -> Iterator[ServerDatabases | None]:
    global _server
    url = request.config.getoption("server_url")
    if url is None:
        yield None
        return
    _server = ServerDatabases(url)
    try:
        yield _server
    finally:
        _server.drop_all()
        _server = None


def _new_server_identity(url: str) -> None:
    from peewee import PostgresqlDatabase

    from models.postgresql import server_address

    address = server_address(url)
    database = PostgresqlDatabase(address.name, prefer_psycopg3=True, **address.connect_params())
    with database:
        renamed = database.execute_sql(
            "UPDATE setting SET value = %s WHERE key = %s", (json.dumps(uuid.uuid4().hex), IDENTITY_KEY)
        ).rowcount
    assert renamed == 1, f"{address.shown()} has no identity to renew"


RENEW_IDENTITY = "UPDATE setting SET value = ? WHERE key = ?"


def _new_identity() -> tuple[str, str]:
    return json.dumps(uuid.uuid4().hex), IDENTITY_KEY


def _settle(path: Path) -> Path:
    """The file's times set a second back. open_database first looks at a file read-only
    and waits until the clock tick of its last change has passed (up to 10 ms, _settled_stamp
    in models/database.py) so that a later write shows in its stamp; a copy nobody writes
    meanwhile need not wait."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns - 1_000_000_000, stat.st_mtime_ns - 1_000_000_000))
    return path


def copy_database(source: Path, destination: Path) -> Path:
    """A copy of a closed database file, with its own random identity as each
    migrated file has: the anchor logs outside the file are kept per identity.
    On a server (``--db``), a new database made from the master ``source``; ``destination`` is not used."""
    if _server is not None:
        url = _server.create(template=str(source).rsplit("/", 1)[1])
        _new_server_identity(url)
        return url  # type: ignore[return-value] - a URL stands for the file: str() and open_database take it
    shutil.copy(source, destination)
    with closing(sqlite3.connect(destination)) as raw, raw:
        renamed = raw.execute(RENEW_IDENTITY, _new_identity()).rowcount
    assert renamed == 1, f"{source} has no identity to renew"
    return _settle(destination)


def build_master(factory: pytest.TempPathFactory, base: Path, fill: Callable[[], object]) -> Path:
    """A new master file: a copy of ``base`` (a master of this file) with ``fill``
    run on it while it is open as the application's database, then closed."""
    path = copy_database(base, factory.mktemp("master") / "desk.db")
    opened = open_database(str(path))
    try:
        fill()
    finally:
        opened.close()
    return path


@contextmanager
def _held(lock: Path) -> Iterator[None]:
    """An exclusive lock on a file between the xdist workers (POSIX); elsewhere none is needed,
    since shared_master then keeps a file per worker."""
    import fcntl

    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_SERVER_MASTERS: dict[str, Path] = {}  # shared_master's on a server: this worker's, by name


def shared_master(factory: pytest.TempPathFactory, name: str, base: Path, fill: Callable[[], object]) -> Path:
    """build_master's file, built once per run for every module that asks for the same ``name``,
    whichever xdist worker runs it: the first to ask builds it while the others wait for it
    (a year of hot-spot streams took seconds for each of five modules and tests). ``fill``
    must give the same data wherever it is called. (On a server, ``--db``: each worker builds its own, once.)"""
    if _server is not None:
        if name not in _SERVER_MASTERS:
            _SERVER_MASTERS[name] = build_master(factory, base, fill)
        return _SERVER_MASTERS[name]
    folder = factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is not None:
        if sys.platform == "win32":
            name = f"{name}-{worker}"  # no lock between processes there: one per worker
        else:
            folder = folder.parent  # the run's folder, above each worker's own
    path = folder / f"shared-{name}.db"
    with nullcontext() if sys.platform == "win32" else _held(folder / f"shared-{name}.lock"):
        if not path.exists():
            build_master(factory, base, fill).replace(path)
    return path


class OpenCopy:
    """Opens a copy of a master file at ``database_path`` as the test's database;
    one per test, closed after it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = str(path)
        self.database: SqliteDatabase | None = None

    def __call__(self, master: Path) -> SqliteDatabase:
        assert self.database is None, "a test has one database: database, defaults, seeded or one open_copy"
        if _server is not None:  # a new database on the server, made from the master
            copy = copy_database(master, self.path)
            self.url = str(copy)
            self.database = open_database(self.url)
            return self.database
        # Each connection to a new file reads the whole schema (180 tables, indexes and
        # triggers: 2.4 ms), so a test's copy gets one: copy_database's identity is renewed on
        # the test's own connection (a master is in WAL mode, which open_database opens without
        # a read-only look first).
        shutil.copy(master, self.path)
        database = open_database(str(self.path))
        with database.atomic():
            renamed = database.execute_sql(RENEW_IDENTITY, _new_identity()).rowcount
        if renamed != 1:
            database.close()
            raise AssertionError(f"{master} has no identity to renew")
        self.database = database
        return database


@pytest.fixture
def open_copy(database_path: Path) -> Iterator[OpenCopy]:
    copies = OpenCopy(database_path)
    yield copies
    if copies.database is not None:
        if _server is not None:
            _end_gui_work()
        copies.database.close()
        # A command the test ran in-process (run_main) opened the database anew and pointed the models at
        # it; a model read after it connected that one again: closed too (a server's outlives the test).
        current = models.base.db.obj
        if current is not None and current is not copies.database:
            current.close()
        if _server is not None:
            _server.drop(copies.url)


def _end_gui_work(close_windows: bool = True) -> None:
    """On a server, a test's windows close and its background work (ui.tasks' workers in Qt's pool) ends
    before its database is dropped: dropped under them, what they read as they close fails in the test's
    teardown, and a worker's failure reaches the next test's events (a modal box, and a hang)."""
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    if close_windows:
        # The windows close as at the end of a day: an intake left with typed text is not asked about (the
        # test's own replacement of the question is put back by its monkeypatch afterwards).
        sys.modules["ui.messages"].ask_discard = lambda parent, title, text: True
        for window in widgets.QApplication.topLevelWidgets():
            window.close()
    pool = sys.modules["PySide6.QtCore"].QThreadPool.globalInstance()
    for _ in range(10):  # the results delivered to the windows still there may start more work
        widgets.QApplication.processEvents()
        if pool.activeThreadCount() == 0:
            break
        pool.waitForDone(30_000)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file made at today's schema once per run (a new file starts from the SQLite
    baseline: 23 ms); each test gets a copy, whose connection reads the schema once."""
    path = tmp_path_factory.mktemp("migrated") / "desk.db"
    if _server is not None:
        path = _server.create()  # type: ignore[assignment] - a URL, as copy_database gives
    open_database(str(path)).close()
    return path


@pytest.fixture(scope="session")
def defaults_database(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Path:
    from models.defaults import load_defaults

    return build_master(tmp_path_factory, migrated_database, load_defaults)


def _create_usual_staff() -> None:
    from models.catalog import Remedy
    from models.staff import Role, StaffRemedy, create_staff

    manager = create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1", *MANAGER_LIMITS)
    for remedy in Remedy.select().where(~Remedy.office_only):
        StaffRemedy.create(staff=manager, remedy=remedy)
    create_staff("office", "马晓红", Role.OFFICE, "office-pass-1")
    create_staff("admin", "王芳", Role.ADMIN, "admin-pass-1")


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory, defaults_database: Path) -> Path:
    return build_master(tmp_path_factory, defaults_database, _create_usual_staff)


# The demo shared by the modules that need a desk's year of varied cases (the register, the exports, the
# analysis from the day tallies, the summary's hot-spots, the recoveries): one build per run, whichever worker
# asks first, instead of one per module (a demo of a few hundred complaints costs half a second to a second
# of CPU, more than half of it the fixed phases: external cases, recoveries, improvement actions). Its ``now``
# is fixed, so the data is the same on every run and every day: a test that compares the demo with the real
# clock must say so itself. The tests use what this draw holds: a hot-spot still active on the last day,
# recovery claims both collected and outstanding, returning customers (seed 5 drew neither of the first two).
DEMO_COMPLAINTS = 300
DEMO_SEED = 3
DEMO_NOW = dt.datetime(2026, 11, 1, 18, 0)  # a Sunday evening; the complaints are of the year before


def _generate_shared_demo() -> None:
    from models.demo import generate_demo

    generate_demo(DEMO_COMPLAINTS, seed=DEMO_SEED, now=DEMO_NOW)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    """``seeded`` with the demo's DEMO_COMPLAINTS complaints (seed DEMO_SEED, received in the year before
    DEMO_NOW): the usual accounts keep their passwords (the demo keeps accounts that exist and adds its own
    duty managers, zhoumin and wutao). Open a copy per test with ``open_copy(demo_database)``."""
    return shared_master(tmp_path_factory, "demo", seeded_database, _generate_shared_demo)


@pytest.fixture
def database(request: pytest.FixtureRequest, open_copy: OpenCopy, migrated_database: Path) -> SqliteDatabase:
    """The test's own database, open: a copy of the migrated, empty master; in a
    test that also uses ``defaults`` or ``seeded``, that one (its handle)."""
    for richer in ("seeded", "defaults"):
        if richer in request.fixturenames:
            request.getfixturevalue(richer)
            assert open_copy.database is not None
            return open_copy.database
    return open_copy(migrated_database)


@pytest.fixture
def defaults(open_copy: OpenCopy, defaults_database: Path) -> SqliteDatabase:
    """The test's own database with the default catalogues (load_defaults), no account, open."""
    return open_copy(defaults_database)


@pytest.fixture
def seeded(open_copy: OpenCopy, seeded_database: Path) -> Desk:
    """The test's own database with the defaults and the usual accounts, open;
    returns the accounts (set_limits changes the manager's limits)."""
    from models.staff import Staff

    open_copy(seeded_database)
    return Desk(*(Staff.get(Staff.username == name) for name in ("zhangwei", "office", "admin")))


def set_limits(staff: models.staff.Staff, per_case: str, daily: str) -> models.staff.Staff:
    """The account with other authority limits (as an administrator sets them), read back."""
    from models.staff import Staff

    Staff.update(per_case_limit=Decimal(per_case), daily_limit=Decimal(daily)).where(Staff.id == staff.id).execute()
    return Staff.get_by_id(staff.id)


@pytest.fixture
def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """main.main() in-process, as fast as a function call; returns (status, stdout, stderr).
    A process of its own (tests/ui/test_cli.py's run_cli) costs a second of start-up: keep
    those for what only a real process shows (logging, the exit of the interpreter)."""
    import models.anchor
    import ui.logs

    # Each call would add handlers to the root logger; the subprocess tests cover logging.
    monkeypatch.setattr(ui.logs, "configure_logging", lambda folder, **_: folder)
    # main() points the anchor log at this test's data folder: later tests must not write there.
    monkeypatch.setattr(models.anchor, "_folder", models.anchor.configured_folder())

    def run(*args: str) -> tuple[int, str, str]:
        import main

        status = main.main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    yield run
    # The command line spoke the desk's language through the test's application: the next test's is English.
    from ui.commands import speech
    from ui.i18n import install_translators

    speech.stop()
    install_translators("en")


@pytest.fixture
def english(qapp: object) -> Iterator[None]:
    from ui.i18n import install_translators

    install_translators("en")
    yield
    install_translators("en")


@pytest.fixture
def chinese(qapp: object) -> Iterator[None]:
    from ui.i18n import install_translators

    install_translators("zh_CN")
    yield
    install_translators("en")


def a_desk_receives_a_complaint_before_batch(monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """From now on a demo loads in batches of 10 here, and a desk receives a complaint (from a new customer) just
    before its batch ``batch`` is written: the ids the demo drew are taken, and it stops with a sentence."""
    from models.complaint import Complaint
    from models.customer import Customer
    from models.demo.store import Known, Rows
    from models.staff import Staff

    written, batches = Rows.write, itertools.count(1)

    def write(rows: Rows, known: Known | None = None) -> None:
        if next(batches) == batch:
            customer = Customer.create(name="赵先生", phone="13900000000")
            Complaint.create(customer=customer, narrative="房间空调不制冷", received_by=Staff.get().id, channel="desk")
        written(rows, known)

    monkeypatch.setattr("models.demo.BATCH_SIZE", 10)
    monkeypatch.setattr(Rows, "write", write)


@dataclass
class DiscardQuestions:
    """The questions asked before typed text is thrown away (``ui.messages.ask_discard``), as "title: text", and
    the answer the desk gives to the next one (True: discard it)."""

    asked: list[str]
    answer: bool = False


@pytest.fixture
def discard_questions(monkeypatch: pytest.MonkeyPatch) -> DiscardQuestions:
    import ui.messages

    questions = DiscardQuestions([])

    def ask(parent: object, title: str, text: str) -> bool:
        questions.asked.append(f"{title}: {text}")
        return questions.answer

    monkeypatch.setattr(ui.messages, "ask_discard", ask)
    return questions


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method does: QTest.keyClicks aborts on non-ASCII text."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def require_component(name: str, available: bool) -> None:
    """Skip without a real component on a developer machine; fail in CI."""
    if available:
        return
    message = f"{name} is not installed (.ci/run installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_program(program: str) -> str:
    path = shutil.which(program)
    require_component(program, path is not None)
    return path


def sample_summary(language: str = "zh_CN") -> object:
    """A work summary as a document (models.analysis.summary_document), written by hand: every section, two
    figures with their filters, and charts' data; for the paper and screen tests, which need no figures."""
    import datetime as dt

    from models.analysis.summary_document import (
        SECTION_ORDER,
        Bar,
        Charts,
        Figure,
        Section,
        SignOff,
        SummaryDocument,
    )

    zh = language == "zh_CN"
    period = {"received_from": "2026-10-01", "received_to": "2026-10-31"}
    return SummaryDocument(
        title="2026年10月投诉管控工作总结" if zh else "Complaint-control work summary, October 2026",
        language=language,
        first_day=dt.date(2026, 10, 1),
        last_day=dt.date(2026, 10, 31),
        sections=tuple(
            Section(key, (f"{key.value}：第一段。" if zh else f"{key.value}: the first paragraph.",
                          f"{key.value}：第二段。" if zh else f"{key.value}: the second paragraph."))
            for key in SECTION_ORDER
        ),
        sign_off=SignOff("示例酒店", "马晓红", dt.date(2026, 11, 3)),
        figures=(
            Figure("total", "本期受理投诉" if zh else "Complaints received", "120件" if zh else "120", 120,
                   "比上期100件增加20件" if zh else "up 20 from 100", period),
            Figure("overdue", "超过承诺时间仍未答复" if zh else "Unanswered past the promised time",
                   "7件" if zh else "7", 7, "", {**period, "overdue_only": True}),
        ),
        charts=Charts(
            by_category=(Bar("菜品质量", 40, 35), Bar("服务态度", 30, 33)),
            weekly=(("2026-09-28", 20), ("2026-10-05", 31), ("2026-10-12", 28)),
            cost_by_department=(Bar("餐饮部", 3200.5), Bar("客房部", 1800)),
        ),
    )


def damage_past_opening(path: Path) -> None:
    """The disk's fault, under the desk's feet: the pages of the file's schema overwritten (SQLite then finds the
    file malformed as it opens it; the header stays, the file is still SQLite's)."""
    from models.base import db
    from models.database import PAGE_SIZE

    db.close()
    with open(path, "r+b") as file:
        file.seek(PAGE_SIZE)
        file.write(b"\xa5" * PAGE_SIZE * 8)


class SmallDemo(NamedTuple):
    """A small demo database file as the application leaves it (WAL header, no -wal/-shm): its path, its office
    account's password and its first archive number."""

    path: Path
    office_password: str
    archive_number: str


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> SmallDemo:
    """``SmallDemo`` of 12 complaints (seed 5), built once a module."""
    from models.database import open_database
    from models.demo import generate_demo

    path = tmp_path_factory.mktemp("sound") / "desk.db"
    database = open_database(str(path))
    accounts = generate_demo(12, seed=5)
    number = database.execute_sql("SELECT archive_number FROM archive_seal ORDER BY id LIMIT 1").fetchone()[0]
    database.close()
    password = next(account.password for account in accounts if account.username == "office")
    return SmallDemo(path, password, number)
