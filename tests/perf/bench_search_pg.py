"""The register's text search on a big PostgreSQL database: the first page (200 ids, newest first)
and the count up to 10,000 through models/search.py, beside raw psycopg in the same run; and a step
save with the search triggers beside the same save without them. Prints figures; not a test.

    # once: a server database filled with the complaints (and their customers) of a SQLite file
    uv run python tests/perf/bench_search_pg.py --db postgresql://desk:desk@localhost/bench \\
        --load /work/perf/lead-1m.db [--complaints 1000000]
    uv run python tests/perf/bench_search_pg.py --db postgresql://desk:desk@localhost/bench [--runs 5] [--query TEXT]

--load makes the database (it must not exist; the role must be allowed to create it), creates the schema
as the application does, copies the complaints' columns and their customers (every complaint received by
one account, in the server's own categories: the search reads neither), then indexes them for search as
a bulk load does (models/demo/search_index.py).

Raw psycopg baselines, on their own connection:
- LIKE: the same answer by a plain LIKE over the texts the view ``complaint_search_text`` shows (ASCII
  letters folded as the application compares them; and the archive number, for a text shaped like one),
  newest first, stopping at the cap: one statement, run once (it may read every row), shown in both
  columns (the page is its first 200); also the answer the application's must equal (the check column).
- index: the one statement a person would write against the application's index, left to the planner
  (LIKE over ``complaint_search.doc``, or the grams' index for one or two characters), newest first, with LIMIT.
- bare: the newest 200 ids / 10,000 ids of the primary key: the least a page or a capped count can cost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.database import open_database  # noqa: E402
from models.postgresql import server_address  # noqa: E402
from models.search import Filters, count, page, search_text  # noqa: E402

PAGE = 200
CAP = 10_000
QUERIES = ["异物", "头发", "的", "a", "12", "鼋鼍", "12315", "服务员", "松鼠鳜鱼", "TS-2025", "000123", "2026-00"]
ARCHIVE_NUMBER = re.compile(r"^(?:TS-?)?(?:\d{4}-?)?\d{2,7}$", re.IGNORECASE)
FULL_ARCHIVE_NUMBER = re.compile(r"^TS-\d{4}-\d{6,7}$", re.IGNORECASE)
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
COPIED = [
    "id",
    "state",
    "customer_id",
    "received_at",
    "channel",
    "location",
    "moved_to_private",
    "narrative",
    "severity",
    "demand",
    "acknowledged",
    "promised_minutes",
    "promised_at",
    "findings",
    "staff_involved",
    "liability",
    "handoff_note",
    "consent",
    "counter_demand",
    "satisfaction",
    "witness",
    "consent_at",
    "improvement_suggestion",
    "withdrawn_reason",
    "closed_at",
    "archive_number",
    "wizard_page",
    "updated_at",
]
BOOLEANS = {"moved_to_private", "acknowledged"}


def best_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def raw_connection(url: str) -> psycopg.Connection:
    params = server_address(url).connect_params()
    return psycopg.connect(dbname=server_address(url).name, autocommit=True, **params)


# --------------------------------------------------------------------------- the load


def load(url: str, source: Path, complaints: int) -> None:
    address = server_address(url)
    admin_params = address.connect_params()
    with psycopg.connect(dbname="postgres", autocommit=True, **admin_params) as admin:
        admin.execute(f'CREATE DATABASE "{address.name}"')
    from models.defaults import load_defaults
    from models.staff import Role, create_staff

    database = open_database(url)
    load_defaults()
    create_staff("bench", "基准", Role.DUTY_MANAGER, "bench-pass-1")
    database.close()
    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    (last,) = lite.execute("SELECT id FROM complaint ORDER BY id LIMIT 1 OFFSET ?", (complaints - 1,)).fetchone()
    with raw_connection(url) as raw:
        (staff,) = raw.execute("SELECT id FROM staff WHERE username = 'bench'").fetchone()
        categories = [row for (row,) in raw.execute("SELECT id FROM category ORDER BY id")]
        started = time.perf_counter()
        with raw.transaction():
            raw.execute("ALTER TABLE complaint DISABLE TRIGGER USER")
            with raw.cursor().copy("COPY customer (id, name, phone, created_at, note) FROM STDIN") as copy:
                for row in lite.execute(
                    "SELECT id, name, phone, created_at, note FROM customer WHERE id IN "
                    "(SELECT customer_id FROM complaint WHERE id <= ?)",
                    (last,),
                ):
                    copy.write_row(row)
            columns = [
                *COPIED,
                "received_by_id",
                "category_id",
                "risk_level",
                "risk_reasons",
                "risk_score",
                "referral_given",
            ]
            with raw.cursor().copy(f"COPY complaint ({', '.join(columns)}) FROM STDIN") as copy:
                for row in lite.execute(
                    f"SELECT {', '.join(COPIED)} FROM complaint WHERE id <= ? ORDER BY id", (last,)
                ):
                    values = [bool(v) if c in BOOLEANS else v for c, v in zip(COPIED, row, strict=True)]
                    copy.write_row([*values, staff, categories[row[0] % len(categories)], "", "[]", 0, ""])
            for table in ("customer", "complaint"):
                raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            raw.execute("ALTER TABLE complaint ENABLE TRIGGER USER")
        print(f"copied {complaints:,} complaints in {time.perf_counter() - started:.0f} s")
    # As a bulk load does on leaving (models/demo/search_index.py), with the GIN indexes built afterwards
    # (a large load: building them once is quicker than growing them row by row).
    indexes = [statement for statement in _search_migration().INDEXES if statement.startswith("CREATE INDEX")]
    with raw_connection(url) as raw:
        for name in ("complaint_search_doc", "complaint_search_grams", "complaint_search_numbers"):
            raw.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        raw.execute("SELECT complaint_search_fill(0)")
        print(f"indexed them for search (complaint_search_fill) in {time.perf_counter() - started:.0f} s")
        raw.execute("SET maintenance_work_mem = '512MB'")
        for statement in indexes:
            started = time.perf_counter()
            raw.execute(statement)
            print(f"{statement.split()[2]} built in {time.perf_counter() - started:.0f} s")
    with raw_connection(url) as raw:
        raw.execute("VACUUM ANALYZE")
        print(sizes(raw))


def sizes(raw: psycopg.Connection) -> str:
    """The search index's table and indexes on disk, and the database's."""
    row = raw.execute(
        "SELECT pg_size_pretty(pg_table_size('complaint_search')), "
        "pg_size_pretty(pg_relation_size('complaint_search_doc')), "
        "pg_size_pretty(pg_relation_size('complaint_search_grams')), "
        "pg_size_pretty(pg_relation_size('complaint_search_numbers')), "
        "pg_size_pretty(pg_total_relation_size('complaint_search')), "
        "pg_size_pretty(pg_database_size(current_database()))"
    ).fetchone()
    return (
        "complaint_search: rows {} (with TOAST), trigram index {}, grams index {}, numbers index {}; "
        "all {}; database {}".format(*row)
    )


def _search_migration():  # type: ignore[no-untyped-def]
    import importlib.util

    path = ROOT / "models" / "migrations" / "0023_server_search_rows.py"
    spec = importlib.util.spec_from_file_location("postgresql_search", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- the measurements


def like_where(text: str) -> tuple[str, list[object]]:
    """A WHERE clause over the view t and complaint c: the text in one of the texts (ASCII letters folded),
    or in the archive number."""
    lowered = text.translate(ASCII_LOWER)
    pattern = "%" + lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    fold = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    where = " OR ".join(
        f"{fold.format('t.' + column)} LIKE %(p)s" for column in ("narrative", "findings", "demand", "customer")
    )
    params: dict[str, object] = {"p": pattern}
    if FULL_ARCHIVE_NUMBER.match(text):
        where += " OR c.archive_number = %(n)s"
        params["n"] = text.upper()
    elif ARCHIVE_NUMBER.match(text):
        where += " OR upper(c.archive_number) LIKE %(n)s"
        params["n"] = "%" + text.upper() + "%"
    return where, params  # type: ignore[return-value]


def index_sql(text: str) -> tuple[str, dict[str, object]]:
    lowered = text.translate(ASCII_LOWER)
    if len(text) <= 2:
        return "SELECT id FROM complaint_search WHERE desk_search_grams(doc) @> %(g)s::text[]", {"g": [lowered]}
    pattern = "%" + lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return "SELECT id FROM complaint_search WHERE doc LIKE %(p)s", {"p": pattern}


def sqlite_answers(path: Path, texts: list[str]) -> dict[str, tuple[list[int], int]]:
    """The first page and the capped count of each text by the application on a SQLite file (in a process of
    its own: one database per process); opening it migrates it if older, so give a copy."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from models.database import open_database; from models.search import Filters, count, page;"
        "open_database(sys.argv[2]);"
        f"print(json.dumps({{t: [page(Filters(text=t), limit={PAGE}), count(Filters(text=t), {CAP})] "
        "for t in json.loads(sys.argv[3])}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path), json.dumps(texts)], capture_output=True, text=True
    )
    if out.returncode:
        raise SystemExit(f"the SQLite file's answers failed:\n{out.stderr}")
    return {text: (found, number) for text, (found, number) in json.loads(out.stdout.splitlines()[-1]).items()}


def measure(
    raw: psycopg.Connection, text: str, runs: int, expected: tuple[list[int], int] | None = None
) -> tuple[object, ...]:
    text = search_text(text)
    if expected is None:
        where, params = like_where(text)
        source = "complaint_search_text t JOIN complaint c ON c.id = t.id"
        like_sql = f"SELECT c.id FROM {source} WHERE {where} ORDER BY c.id DESC LIMIT {CAP}"
        like_ms, like_ids = best_ms(lambda: [row for (row,) in raw.execute(like_sql, params)], 1)
        like_page, like_count = like_ids[:PAGE], len(like_ids)  # type: ignore[index,arg-type]
        like_page_ms = like_count_ms = like_ms  # one statement answers both: the page is its first 200
    else:  # the answers of the application on SQLite, not timed here
        (like_page, like_count), like_page_ms, like_count_ms = expected, float("nan"), float("nan")
    sql, index_params = index_sql(text)
    index_page_ms, _ = best_ms(
        lambda: raw.execute(f"{sql} ORDER BY id DESC LIMIT {PAGE}", index_params).fetchall(), runs
    )
    index_count_ms, _ = best_ms(
        lambda: raw.execute(f"SELECT count(*) FROM ({sql} ORDER BY id DESC LIMIT {CAP}) x", index_params).fetchone(),
        runs,
    )
    filters = Filters(text=text)
    app_page_ms, app_page = best_ms(lambda: page(filters, limit=PAGE), runs)
    app_count_ms, app_count = best_ms(lambda: count(filters, CAP), runs)
    agree = app_page == like_page and app_count == like_count
    return (text, int(like_count), app_page_ms, like_page_ms, index_page_ms, app_count_ms, like_count_ms,
            index_count_ms, agree)  # fmt: skip


def step_save(url: str, runs: int) -> tuple[float, float]:
    """A step's save as the wizard writes it (the narrative, the demand and the customer's complaint row
    updated in one transaction) with the search triggers, and the same save with them disabled (ms)."""
    with raw_connection(url) as raw:
        (newest,) = raw.execute("SELECT max(id) FROM complaint WHERE archive_number IS NULL").fetchone()

        def save(n: list[int]) -> None:
            n[0] += 1
            with raw.transaction():
                raw.execute(
                    "UPDATE complaint SET narrative = %s, demand = %s, updated_at = now() WHERE id = %s",
                    (
                        f"第{n[0]}次改写：客人说房间空调不制冷，前台答应半小时内派人，结果等了一个小时。" * 3,
                        "要求换房并道歉",
                        newest,
                    ),
                )

        counter = [0]
        with_ms, _ = best_ms(lambda: save(counter), runs * 4)
        raw.execute("ALTER TABLE complaint DISABLE TRIGGER complaint_search_update")
        try:
            without_ms, _ = best_ms(lambda: save(counter), runs * 4)
        finally:
            raw.execute("ALTER TABLE complaint ENABLE TRIGGER complaint_search_update")
            raw.execute("SELECT complaint_search_index(ARRAY[%s])", (newest,))
    return with_ms, without_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="postgresql://USER:PASSWORD@HOST/NAME")
    parser.add_argument("--load", type=Path, help="make the database from this SQLite file's complaints")
    parser.add_argument("--complaints", type=int, default=1_000_000, help="how many to load (the oldest)")
    parser.add_argument("--runs", type=int, default=5, help="the application and the index read: best of this many")
    parser.add_argument("--query", action="append", help="texts to search (default: a fixed set)")
    parser.add_argument(
        "--sqlite",
        type=Path,
        help="a copy of the SQLite file of the same complaints: the answers must equal the application's there "
        "(instead of the plain LIKE's, which reads every complaint for a rare text)",
    )
    args = parser.parse_args()
    if args.load is not None:
        load(args.db, args.load, args.complaints)
    started = time.perf_counter()
    database = open_database(args.db)
    print(f"opened {server_address(args.db).shown()} in {time.perf_counter() - started:.1f} s")
    raw = raw_connection(args.db)
    (total,) = raw.execute("SELECT count(*) FROM complaint").fetchone()
    print(sizes(raw))
    bare_page_ms, _ = best_ms(
        lambda: raw.execute("SELECT id FROM complaint ORDER BY id DESC LIMIT %s", (PAGE,)).fetchall(), args.runs
    )
    bare_count_ms, _ = best_ms(
        lambda: raw.execute(
            "SELECT count(*) FROM (SELECT id FROM complaint ORDER BY id DESC LIMIT %s) x", (CAP,)
        ).fetchone(),
        args.runs,
    )
    texts = [search_text(text) for text in args.query or QUERIES]
    expected = sqlite_answers(args.sqlite, texts) if args.sqlite is not None else {}
    rows = [measure(raw, text, args.runs, expected.get(text)) for text in texts]
    database.close()
    print(
        f"{total:,} complaints; application and index: best of {args.runs}; "
        + ("the check: the application on the SQLite file (LIKE not run). " if expected else "LIKE: one run. ")
        + f"bare page (newest {PAGE} ids) {bare_page_ms:.2f} ms, bare count (to {CAP:,}) {bare_count_ms:.2f} ms"
    )
    head = (
        f"{'text':<10} {'matches':>8} | {'page ms':>8} {'LIKE ms':>8} {'index ms':>8} {'÷index':>7} {'÷bare':>7} | "
        f"{'count ms':>8} {'LIKE ms':>8} {'index ms':>8} {'÷index':>7} {'÷bare':>7} | same answer"
    )
    print(head)
    print("-" * len(head))
    for (
        text,
        matches,
        app_page_ms,
        like_page_ms,
        index_page_ms,
        app_count_ms,
        like_count_ms,
        index_count_ms,
        agree,
    ) in rows:
        shown = f"{matches:,}" + ("+" if matches >= CAP else "")
        print(
            f"{text:<{10 - wide(text)}} {shown:>8} | {app_page_ms:>8.1f} {like_page_ms:>8.1f} {index_page_ms:>8.1f} "
            f"{app_page_ms / index_page_ms:>7.2f} {app_page_ms / bare_page_ms:>7.1f} | "
            f"{app_count_ms:>8.1f} {like_count_ms:>8.1f} {index_count_ms:>8.1f} {app_count_ms / index_count_ms:>7.2f} "
            f"{app_count_ms / bare_count_ms:>7.1f} | {'yes' if agree else 'NO'}"
        )
    with_ms, without_ms = step_save(args.db, args.runs)
    print(
        f"step save (narrative and demand of one complaint, one transaction): {with_ms:.2f} ms with the search "
        f"triggers, {without_ms:.2f} ms without (x{with_ms / without_ms:.1f})"
    )
    raw.close()
    os._exit(0 if all(row[-1] for row in rows) else 1)


def wide(text: str) -> int:
    """Columns a CJK character takes beyond one."""
    return sum(1 for c in text if ord(c) >= 0x1100)


if __name__ == "__main__":
    main()
