"""What a bulk load leaves at rest. The secondary indexes it does not need while it writes, for the whole load
(``indexes_resting``: ``models.database.RESTING_INDEXES`` says which and why; other desks may read meanwhile, more
slowly). The insert triggers its rows cannot set off, dropped while a batch goes in and created again before its
transaction ends (as ``search_index.index_after_load`` does with the search triggers): each costs the writer a
lookup or two per row inserted (together a tenth of the demo writer's time), for nothing.

Each trigger below does nothing for the rows the demo inserts, for the reason given beside it. Only a trigger
whose SQL is the one those reasons were read from (pinned by its SHA-256) is dropped: one a later migration
changed is left be, and the rows go in under it as usual (correct, only slower); a test names any such trigger,
so that its reason is read again. Nobody else sees the schema without them: a batch's transaction holds the
only write lock, and they are back before it commits (or rolled back with it).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from models.base import db
from models.database import create_resting_indexes, rest_indexes

log = logging.getLogger("complaint_desk.demo")

# The indexes rest for a load of this many complaints and more, when it adds at least as many as the database holds:
# creating them again reads every row of their tables (a million complaints: 5 s).
INDEXES_REST_FROM = 20_000

# Trigger name: the first 16 hex digits of the SHA-256 of its SQL as migrations 0002, 0017 and 0024 made it.
UNGUARDED = {
    # Refuse rows added to a case sealed in the archive: a load's cases are numbered (sealed) after their
    # proposals, lines and follow-ups are in (``Rows._insert_numbered``), or sealed afterwards.
    "proposal_sealed_insert": "df4c99faf3ae1552",
    "compensation_line_sealed_insert": "1e2871e26f3d58a1",
    "follow_up_sealed_insert": "dcf77a3d64e7f6d9",
    # Queues a change for the hot-spot tallies only for a complaint they have counted already (an id at or
    # below their ``through``): a load's complaints are new, tallied from their rows (``tallies.add_written``).
    "hotspot_complaint_insert": "be8e70ead4caefc0",
}
# The analysis' day tallies: their triggers act only while the tallies are kept (``analysis_tally_state.live``);
# the demo suspends them for the load and rebuilds them afterwards. Dropped only while suspended.
TALLIES = {
    "analysis_complaint_insert_before": "cb5d697459085687",
    "analysis_complaint_insert_after": "36d74782a94620de",
    "analysis_proposal_insert_before": "0462e5be387a0a3d",
    "analysis_proposal_insert_after": "46ff70794d8aacf4",
    "analysis_line_insert_before": "7ea91ef41d5b19f8",
    "analysis_line_insert_after": "7e5ea7cf570d3e35",
}


@contextmanager
def idle_triggers_dropped() -> Iterator[None]:
    """Inside the write transaction of a bulk load that only inserts new complaints and their rows: the insert
    triggers those rows cannot set off are dropped, and created again on leaving."""
    if not db.in_transaction():
        raise RuntimeError("triggers are dropped only inside the write transaction")
    pinned = dict(UNGUARDED)
    (live,) = db.execute_sql("SELECT live FROM analysis_tally_state WHERE id = 1").fetchone()
    if not live:
        pinned.update(TALLIES)
    marks = ", ".join("?" * len(pinned))
    found = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name", list(pinned)
    ).fetchall()
    dropped = [(name, sql) for name, sql in found if pin(sql) == pinned[name]]
    for name, _ in dropped:
        db.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _, sql in dropped:
            db.execute_sql(sql)


def pin(sql: str) -> str:
    """What ``UNGUARDED`` and ``TALLIES`` hold of a trigger's SQL."""
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16]


@contextmanager
def indexes_resting(complaints: int) -> Iterator[None]:
    """Around a bulk load of ``complaints`` new complaints, in transactions of its own: the ``RESTING_INDEXES``
    left out (when the load is big: ``INDEXES_REST_FROM``) and created again on leaving. A load that failed
    creates them as well; when that fails too (the disk full), the load's own error is the one raised, and the
    next open creates them (``models.database``), as it does after a load stopped by Ctrl+C."""
    if db.in_transaction():
        raise RuntimeError("indexes rest around a bulk load's transactions, not inside one")
    (held,) = db.execute_sql("SELECT count(*) FROM complaint").fetchone()
    if complaints < INDEXES_REST_FROM or complaints < held:
        yield
        return
    with db.atomic():
        rest_indexes(db)
    try:
        yield
    except KeyboardInterrupt:
        # Ctrl+C: the person stopping the load is not kept waiting for them (seconds for a big load, after the
        # batches already written), and the statement the interrupt cut short may still hold the connection.
        log.info("the indexes the interrupted load left out are left to the next open")
        raise
    except BaseException:
        try:
            create_resting_indexes(db)
        except Exception:  # the load's error is the one to see; the note stays for the next open
            log.exception("the indexes the failed load left out are left to the next open")
        raise
    create_resting_indexes(db)
