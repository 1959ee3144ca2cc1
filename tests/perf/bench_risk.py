"""Escalation risk: the assessment of one intake while the duty manager types (target < 5 ms), and the
office's risk list on a big database (target < 100 ms at a million complaints), each beside a bare
baseline measured in the same run. Prints figures; not a test.

    uv run python tests/perf/bench_risk.py                       # the assessment only (no database)
    uv run python tests/perf/bench_risk.py --db COPY-OF-BIG.db   # and the desk's and the office's reads

The assessment (models.control.risk.assess) of a typical intake (a complaint of ~150 characters, a
demand, no counter-demand) and of the longest the form takes (2,000 + 500 + 500 characters, words of the
list in it), with the default keyword list; baseline: Python's ``in`` test of every word in the same
texts, the least a keyword match can cost. With --db, the desk's whole assessment while typing
(models.control.risk_cases.desk_assessment: the keyword list and the customer's earlier complaints read
from the database, then ``assess``) beside a bare indexed read of the customer's complaints.

The risk list (models.control.risk_list.risk_list) beside raw sqlite3 fetching what any such list must
read (the open cases' state, times, risk level and score, and who took them over; nothing computed) and
a bare count of the open cases. The open cases of a database upgraded by migration 0015 are assessed
once first, as the office's list does it (``assess_open_cases``): that time is printed apart.

Opening the file migrates it first if its schema is older (and backs it up beside itself, in
``backups/``: delete that copy after), so point it at a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.control.risk import RiskContext, RiskWord, assess  # noqa: E402
from models.defaults import read_defaults  # noqa: E402

TYPICAL = (
    "你好，我要投诉。今天中午我们一家三口在二楼中餐厅吃饭，点的宫保鸡丁里吃出一根头发，叫服务员过来，"
    "他还说不可能是后厨的，态度很差。等了四十分钟菜还没上齐，孩子饿得直哭。这事必须有个说法，",
    "要求这道菜免单，服务员当面道歉",
)
THREATS = "再不处理我就打12315，我认识报社的记者，还要发抖音让大家都看看。我的电话是13811012345。"


def longest() -> tuple[str, str, str]:
    """The longest intake the form takes, words of the list and their traps spread through it."""
    narrative = (TYPICAL[0] + THREATS) * 20
    return narrative[:2000], (TYPICAL[1] + "，报警器一直在响，") * 20, ("我不会去消协的，就想要个说法。" * 40)[:500]


def best_us(action: Callable[[], object], calls: int, runs: int) -> float:
    """Microseconds per call, best of ``runs`` runs of ``calls`` calls."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            action()
        best = min(best, (time.perf_counter() - started) / calls)
    return best * 1e6


def best_ms(action: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(first run ms, best ms, result)."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    return times[0], min(times), result


def bench_assess(runs: int) -> None:
    words = tuple(RiskWord(e["word"], e["group"], e["weight"]) for e in read_defaults()["risk_keywords"])
    typical = [TYPICAL[0], TYPICAL[1], ""]
    threatening = [TYPICAL[0] + THREATS, TYPICAL[1], ""]
    longest_texts = list(longest())
    print(f"assess() of one intake, {len(words)} words; µs per call, best of {runs} runs")
    head = f"{'intake':<32} {'chars':>6} {'level':>6} | {'assess µs':>10} {'in-test µs':>10} {'ratio':>6}"
    print(head)
    print("-" * len(head))
    for name, texts in (
        ("typical, no threat", typical),
        ("typical, threats and a phone", threatening),
        ("longest the form takes", longest_texts),
    ):
        found = assess(texts, RiskContext(), words)

        def app_call(texts: list[str] = texts) -> object:
            return assess(texts, RiskContext(), words)

        def in_test(texts: list[str] = texts) -> object:
            return [w.word for w in words for text in texts if w.word in text]

        app, bare = best_us(app_call, 2000, runs), best_us(in_test, 2000, runs)
        chars = sum(len(t) for t in texts)
        level = found.level.value
        print(f"{name:<{32 - wide(name)}} {chars:>6} {level:>6} | {app:>10.1f} {bare:>10.1f} {app / bare:>6.1f}")


def bench_database(path: str, runs: int) -> None:
    from models.complaint import OPEN_STATES
    from models.control.risk_cases import assess_open_cases, desk_assessment
    from models.control.risk_list import risk_list
    from models.database import open_database
    from models.staff import Role, Staff

    started = time.perf_counter()
    database = open_database(path)
    print(f"\nopened {path} in {time.perf_counter() - started:.1f} s (migrated if older)")
    raw = sqlite3.connect(f"file:{Path(path).absolute()}?mode=ro", uri=True)
    states = [s.value for s in OPEN_STATES]
    marks = ", ".join("?" * len(states))
    (total,) = raw.execute("SELECT count(*) FROM complaint").fetchone()
    (open_cases,) = raw.execute(f"SELECT count(*) FROM complaint WHERE state IN ({marks})", states).fetchone()
    print(f"{total:,} complaints, {open_cases:,} open")

    phone = raw.execute(
        "SELECT u.phone FROM complaint c JOIN customer u ON u.id = c.customer_id WHERE u.phone != '' "
        "ORDER BY c.id DESC LIMIT 1"
    ).fetchone()[0]
    texts = [TYPICAL[0] + THREATS, TYPICAL[1], ""]
    first, app, found = best_ms(lambda: desk_assessment(texts, phone, None, "medium"), runs * 20)
    since = (dt.datetime.now() - dt.timedelta(days=90)).isoformat(sep=" ")
    bare_sql = (
        "SELECT count(*) FROM complaint WHERE customer_id IN (SELECT id FROM customer WHERE phone = ?) "
        "AND received_at >= ?"
    )
    _, bare, _ = best_ms(lambda: raw.execute(bare_sql, (phone, since)).fetchone(), runs * 20)
    print(
        f"desk's assessment while typing (desk_assessment, phone {phone[:3]}…): first {first:.2f} ms, "
        f"best {app:.2f} ms; bare indexed read of the customer's complaints {bare:.3f} ms "
        f"(ratio {app / bare:.0f}); level {found.level.value}"  # type: ignore[union-attr]
    )

    office = Staff.get(Staff.role == Role.OFFICE)
    started = time.perf_counter()
    assessed = assess_open_cases(office)
    if assessed:
        print(f"open cases not assessed since the upgrade: {assessed:,}, assessed once in "
              f"{time.perf_counter() - started:.1f} s (the office's list does it first, in its worker)")  # fmt: skip
    first, app, listed = best_ms(risk_list, runs)
    columns = "id, state, received_at, promised_at, updated_at, risk_level, risk_score, taken_over_by_id"
    bare_sql = f"SELECT {columns} FROM complaint WHERE state IN ({marks})"
    _, bare_rows, rows = best_ms(lambda: raw.execute(bare_sql, states).fetchall(), runs)
    _, bare_count, _ = best_ms(
        lambda: raw.execute(f"SELECT count(*) FROM complaint WHERE state IN ({marks})", states).fetchone(), runs
    )
    print(
        f"risk list: {listed.total:,} of {len(rows):,} open cases at risk, {len(listed.rows)} shown "  # type: ignore[union-attr]
        f"| risk_list first {first:.1f} ms, best {app:.1f} ms | raw sqlite3: the open cases' ranking columns "
        f"{bare_rows:.1f} ms (ratio {app / bare_rows:.2f}), their count {bare_count:.2f} ms"
    )
    database.close()


def wide(text: str) -> int:
    return sum(1 for c in text if ord(c) >= 0x1100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="a copy of a big database (it is migrated if older)")
    parser.add_argument("--runs", type=int, default=5, help="best of this many")
    args = parser.parse_args()
    bench_assess(args.runs)
    if args.db:
        if not Path(args.db).exists():
            parser.error(f"{args.db} does not exist")
        bench_database(args.db, args.runs)


if __name__ == "__main__":
    main()
