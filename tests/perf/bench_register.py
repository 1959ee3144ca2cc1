"""The register on a big database: each operation through the application
beside the same query on raw sqlite3 (on a server: raw psycopg, the same SQL
text but for the search's index), medians of several runs; then the resident
memory of the application with the register open. Not a test.

    uv run main.py --db big.db demo --complaints 1000000
    uv run python tests/perf/bench_register.py big.db [--runs 5]
    uv run python tests/perf/bench_register.py postgresql://USER:PASSWORD@HOST/NAME [--runs 5]

On a server the bare search reads the server's index (models/migrations/postgresql/search.py) as a
person would write it: the phrase LIKE over ``complaint_search.doc`` (the trigram index) for three
characters and more, the phrase an element of ``desk_search_grams(doc)`` (its index) for one or two.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.database import open_database  # noqa: E402
from models.postgresql import is_postgresql_url, server_address  # noqa: E402
from models.register import register_rows  # noqa: E402
from models.search import Filters, count, page  # noqa: E402

PAGE = 200
CAP = 10_000  # the register counts a text search up to this


def median_ms(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


class Raw:
    """The bare connection: sqlite3 on a file, psycopg on a server; ``?`` placeholders on both."""

    def __init__(self, db: str) -> None:
        self.server = is_postgresql_url(db)
        if self.server:
            import psycopg

            address = server_address(db)
            self.connection: Any = psycopg.connect(dbname=address.name, autocommit=True, **address.connect_params())
        else:
            self.connection = sqlite3.connect(db)

    def execute(self, sql: str, params: Sequence[object] = ()) -> Any:
        if self.server:
            return self.connection.execute(sql.replace("?", "%s"), list(params))
        return self.connection.execute(sql, params)


def first_page(filters: Filters, sort: str = "received", descending: bool = True, offset: int = 0) -> None:
    register_rows(page(filters, sort, descending, offset, PAGE))


def raw_rows(connection: Raw, ids: list[int]) -> None:
    marks = ",".join("?" * len(ids))
    connection.execute(
        "SELECT c.id, c.archive_number, c.received_at, u.name, u.phone, k.name, d.name, c.state, c.severity, "
        f"c.promised_at, s.full_name FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id "
        f"LEFT JOIN category k ON k.id = c.category_id LEFT JOIN department d ON d.id = c.department_id "
        f"JOIN staff s ON s.id = c.received_by_id WHERE c.id IN ({marks})",
        ids,
    ).fetchall()
    connection.execute(f"SELECT complaint_id, total FROM proposal WHERE complaint_id IN ({marks})", ids).fetchall()


def raw_page(connection: Raw, where: str, params: list, order: str, offset: int = 0) -> None:
    ids = [
        row[0]
        for row in connection.execute(
            f"SELECT id FROM complaint c WHERE {where} ORDER BY {order} LIMIT {PAGE} OFFSET {offset}", params
        )
    ]
    raw_rows(connection, ids)


def raw_count(connection: Raw, where: str, params: list) -> None:
    connection.execute(f"SELECT count(*) FROM complaint c WHERE {where}", params).fetchone()


def raw_capped_count(connection: Raw, where: str, params: list) -> None:
    sql = f"SELECT count(*) FROM (SELECT 1 FROM complaint c WHERE {where} LIMIT {CAP}) AS capped"
    connection.execute(sql, params).fetchone()


def phrase_of(connection: Raw, length: int) -> str:
    """A real phrase of the demo texts, so the searches find something."""
    text = connection.execute("SELECT narrative FROM complaint ORDER BY id LIMIT 1 OFFSET 42").fetchone()[0]
    start = next(i for i in range(len(text)) if all("\u4e00" <= ch <= "\u9fff" for ch in text[i : i + length]))
    return text[start : start + length]


def memory(db: str) -> tuple[float, float]:
    """Resident MB of a bare Qt table window and of the application with the register showing its first rows."""
    probe = r"""
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[1])
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
if sys.argv[3] == "bare":
    from PySide6.QtWidgets import QApplication, QTableView
    from PySide6.QtGui import QStandardItemModel
    app = QApplication([])
    view = QTableView(); view.setModel(QStandardItemModel(200, 10)); view.show(); app.processEvents()
else:
    from models.database import open_database
    from models.staff import Staff
    from ui.app import create_application
    from ui.main_window import MainWindow, SECTION_REGISTER
    app = create_application([])
    open_database(sys.argv[2])
    staff = Staff.get_or_none(Staff.role == "office") or Staff.select().order_by(Staff.id).first()
    window = MainWindow(staff, sys.argv[2]); window.show()
    window.navigation.setCurrentRow(SECTION_REGISTER)
    deadline = time.time() + 60
    while window.register.model.rowCount() == 0 and time.time() < deadline:
        app.processEvents(); time.sleep(0.01)
    view = window.register.table
    view.scrollToBottom(); app.processEvents(); view.scrollToTop(); app.processEvents()
print(rss())
"""
    results = []
    for kind in ("bare", "app"):
        out = subprocess.run([sys.executable, "-c", probe, str(ROOT), db, kind], capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"the {kind} memory probe failed:\n{out.stderr}")
        results.append(float(out.stdout.split()[-1]))
    return results[0], results[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    open_database(args.db)
    raw = Raw(args.db)
    total = raw.execute("SELECT count(*) FROM complaint").fetchone()[0]
    category = raw.execute("SELECT id FROM category ORDER BY id LIMIT 1").fetchone()[0]
    since = "2026-06-01"
    rows = []

    def measure(name: str, app: Callable[[], object], bare: Callable[[], object]) -> None:
        app()  # warm the caches once, as a user's second look would
        app_ms, raw_ms = median_ms(app, args.runs), median_ms(bare, args.runs)
        rows.append((name, app_ms, raw_ms))

    everything = Filters()
    measure(
        "open the register (count + first page)",
        lambda: (count(everything), first_page(everything)),
        lambda: (raw_count(raw, "TRUE", []), raw_page(raw, "TRUE", [], "received_at DESC, id DESC")),
    )
    measure(
        "scroll to the middle",
        lambda: first_page(everything, offset=total // 2),
        lambda: raw_page(raw, "TRUE", [], "received_at DESC, id DESC", total // 2),
    )
    measure(
        "sort by received, oldest first",
        lambda: first_page(everything, descending=False),
        lambda: raw_page(raw, "TRUE", [], "received_at ASC, id ASC"),
    )
    filtered = Filters(states=("closed",), category_id=category, received_from=dt.date.fromisoformat(since))
    where = "state = 'closed' AND category_id = ? AND received_at >= ?"
    measure(
        "filter: closed, one category, since June",
        lambda: (count(filtered), first_page(filtered)),
        lambda: (raw_count(raw, where, [category, since]), raw_page(raw, where, [category, since], "received_at DESC")),
    )
    for length in (2, 3, 5):
        phrase = phrase_of(raw, length)
        text = Filters(text=phrase)
        if raw.server:  # the server's index, as a person would write it
            if length >= 3:
                fts = "id IN (SELECT id FROM complaint_search WHERE doc LIKE ?)"
                params = [f"%{phrase}%"]
            else:
                fts = "id IN (SELECT id FROM complaint_search WHERE desk_search_grams(doc) @> ARRAY[CAST(? AS text)])"
                params = [phrase]
        elif length >= 3:  # the rows holding every trigram (the index keeps no positions), and the phrase
            fts = (
                "id IN (SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?) "
                "AND (narrative LIKE ?2 OR findings LIKE ?2 OR demand LIKE ?2)"
            )
            params = [" AND ".join(f'"{phrase[i : i + 3]}"' for i in range(length - 2)), f"%{phrase}%"]
        else:
            like = "%" + phrase + "%"
            fts = (
                "id IN (SELECT rowid FROM complaint_search WHERE narrative LIKE ? OR findings LIKE ? "
                "OR customer LIKE ?)"
            )
            params = [like, like, like]
        measure(
            f"search {length} characters ({phrase}): first page",
            lambda text=text: first_page(text),
            lambda fts=fts, params=params: raw_page(raw, fts, params, "received_at DESC"),
        )
        measure(
            f"search {length} characters ({phrase}): count (to {CAP:,})",
            lambda text=text: count(text, CAP),
            lambda fts=fts, params=params: raw_capped_count(raw, fts, params),
        )
    backend = "PostgreSQL, raw psycopg" if raw.server else "SQLite, raw sqlite3"
    print(f"{total:,} complaints ({backend}), medians of {args.runs} runs")
    print(f"{'operation':<48} {'app ms':>9} {'raw ms':>9} {'ratio':>7}")
    for name, app_ms, raw_ms in rows:
        print(f"{name:<48} {app_ms:>9.1f} {raw_ms:>9.1f} {app_ms / raw_ms if raw_ms else float('nan'):>6.2f}x")
    bare_mb, app_mb = memory(args.db)
    print(
        f"resident memory: bare Qt table {bare_mb:.0f} MB, application with the register open {app_mb:.0f} MB "
        f"(target < 300 MB; ratio {app_mb / bare_mb:.2f}x)"
    )
    os._exit(0)


if __name__ == "__main__":
    main()
