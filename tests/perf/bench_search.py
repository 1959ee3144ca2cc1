"""The register's text search on a big database: the first page (200 ids,
newest first) and the count up to 10,000 through models/search.py, beside
raw sqlite3 in the same run. Prints figures; not a test.

    uv run main.py --db big.db demo --complaints 1000000      # or a copy of one
    uv run python tests/perf/bench_search.py --db big.db [--runs 5] [--query TEXT ...] [--state closed]

With --state the register's filter by state goes with every text (the
general path of models/search.py, not the streamed one).

Two raw sqlite3 baselines:
- LIKE: the same answer by a plain LIKE over the indexed texts (and the
  archive number, for a text shaped like one), walking the register's order
  and stopping at the page or the cap, as the application searched one or two
  characters before migration 0012. Run once (it can take seconds); it is also
  the answer the application's must equal (the check column).
- bare: an indexed read of as many ids (the newest 200; 10,000 of the
  primary key): the least a page or a capped count can cost.

Opening the file migrates it first if its schema is older (and backs it up
beside itself), so point it at a copy.
"""
from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.database import open_database  # noqa: E402
from models.search import Filters, count, page, search_text  # noqa: E402

PAGE = 200
CAP = 10_000
# Rare, common and very common Chinese, ASCII, two digits (archive numbers too), a pair found nowhere,
# a hotline number, three and four characters, parts of archive numbers.
QUERIES = ["异物", "头发", "的", "a", "12", "鼋鼍", "12315", "服务员", "松鼠鳜鱼", "TS-2025", "000123", "2026-00"]
# Words apart, each found on its own (a rare and a common word, two common ones, three, a number and a word).
QUERIES += ["隔壁 吵", "服务 态度", "空调 不 制冷", "12315 投诉", "头发 汤"]
# As models/search.py tells an archive number (copied: main's module may not expose them).
ARCHIVE_NUMBER = re.compile(r"^(?:TS-?)?(?:\d{4}-?)?\d{2,7}$", re.IGNORECASE)
FULL_ARCHIVE_NUMBER = re.compile(r"^TS-\d{4}-\d{6,7}$", re.IGNORECASE)


def best_ms(action: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def like_where(text: str, state: str | None) -> tuple[str, list[object]]:
    """A WHERE clause over complaint c: the text in one of the indexed columns, or in the archive number
    (and the complaint in ``state``); of several words, each of them."""
    parts: list[str] = []
    params: list[object] = []
    for word in text.split(" "):
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        columns = " OR ".join(
            f"s.{column} LIKE ? ESCAPE '\\'" for column in ("narrative", "findings", "demand", "customer")
        )
        where = f"EXISTS (SELECT 1 FROM complaint_search s WHERE s.rowid = c.id AND ({columns}))"
        params.extend([pattern] * 4)
        if FULL_ARCHIVE_NUMBER.match(word):
            where += " OR c.archive_number = ?"
            params.append(word.upper())
        elif ARCHIVE_NUMBER.match(word):
            where += " OR c.archive_number LIKE ?"
            params.append("%" + word.upper() + "%")
        parts.append(f"({where})")
    where = " AND ".join(parts)
    if state is not None:
        where = f"c.state = ? AND ({where})"
        params.insert(0, state)
    return where, params


def measure(
    raw: sqlite3.Connection, text: str, runs: int, state: str | None
) -> tuple[str, int, float, float, float, float, bool]:
    """(text, LIKE's capped count, app page ms, LIKE page ms, app count ms, LIKE count ms, same answer)."""
    where, params = like_where(search_text(text), state)
    order = "ORDER BY c.received_at DESC, c.id DESC"
    like_page_sql = f"SELECT c.id FROM complaint c WHERE {where} {order} LIMIT {PAGE}"
    like_count_sql = f"SELECT count(*) FROM (SELECT c.id FROM complaint c WHERE {where} LIMIT {CAP})"
    like_page_ms, like_page = best_ms(lambda: [row for (row,) in raw.execute(like_page_sql, params)], 1)
    like_count_ms, like_count = best_ms(lambda: raw.execute(like_count_sql, params).fetchone()[0], 1)
    filters = Filters(text=text, states=(state,) if state else ())
    app_page_ms, app_page = best_ms(lambda: page(filters, limit=PAGE), runs)
    app_count_ms, app_count = best_ms(lambda: count(filters, CAP), runs)
    agree = app_page == like_page and app_count == like_count
    return text, int(like_count), app_page_ms, like_page_ms, app_count_ms, like_count_ms, agree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a copy of a big database (it is migrated if older)")
    parser.add_argument("--runs", type=int, default=5, help="the application and the bare read: best of this many")
    parser.add_argument("--query", action="append", help="texts to search (default: a fixed set)")
    parser.add_argument("--state", help="also filter by this state (e.g. closed): the register's general path")
    args = parser.parse_args()
    if not Path(args.db).exists():
        parser.error(f"{args.db} does not exist")
    started = time.perf_counter()
    database = open_database(args.db)
    print(f"opened {args.db} in {time.perf_counter() - started:.1f} s")
    raw = sqlite3.connect(args.db)
    (total,) = raw.execute("SELECT count(*) FROM complaint").fetchone()

    def bare_page() -> list[int]:
        return [row for (row,) in raw.execute("SELECT id FROM complaint ORDER BY id DESC LIMIT ?", (PAGE,))]

    def bare_count() -> int:
        sql = "SELECT count(*) FROM (SELECT id FROM complaint ORDER BY id DESC LIMIT ?)"
        return int(raw.execute(sql, (CAP,)).fetchone()[0])

    bare_page_ms, _ = best_ms(bare_page, args.runs)
    bare_count_ms, _ = best_ms(bare_count, args.runs)
    rows = [measure(raw, text, args.runs, args.state) for text in args.query or QUERIES]
    database.close()
    print(
        f"{total:,} complaints{f' (state {args.state})' if args.state else ''}; "
        f"application and bare: best of {args.runs}; LIKE: one run. "
        f"bare page (newest {PAGE} ids) {bare_page_ms:.2f} ms, bare count (to {CAP:,}) {bare_count_ms:.2f} ms"
    )
    head = (
        f"{'text':<10} {'matches':>8} | {'page ms':>8} {'LIKE ms':>8} {'÷LIKE':>7} {'÷bare':>7} | "
        f"{'count ms':>8} {'LIKE ms':>8} {'÷LIKE':>7} {'÷bare':>7} | same answer"
    )
    print(head)
    print("-" * len(head))
    for text, matches, app_page_ms, like_page_ms, app_count_ms, like_count_ms, agree in rows:
        shown = f"{matches:,}" + ("+" if matches >= CAP else "")
        print(
            f"{text:<{10 - wide(text)}} {shown:>8} | {app_page_ms:>8.1f} {like_page_ms:>8.1f} "
            f"{app_page_ms / like_page_ms:>7.3f} {app_page_ms / bare_page_ms:>7.1f} | "
            f"{app_count_ms:>8.1f} {like_count_ms:>8.1f} {app_count_ms / like_count_ms:>7.3f} "
            f"{app_count_ms / bare_count_ms:>7.1f} | {'yes' if agree else 'NO'}"
        )
    os._exit(0 if all(row[-1] for row in rows) else 1)


def wide(text: str) -> int:
    """Columns a CJK character takes beyond one."""
    return sum(1 for c in text if ord(c) >= 0x1100)


if __name__ == "__main__":
    main()
