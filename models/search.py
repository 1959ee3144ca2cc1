"""Finding complaints: text search and the register's filters and sorting.

Backend-specific by nature: this is the SQLite implementation. FTS5 indexes
kept in step by triggers (migrations 0010, 0012 and 0014) over the texts
normalised as ``search_text`` normalises a query, which the view
``complaint_search_text`` shows: ``complaint_search`` (trigram tokenizer, no
positions) lists the complaints that hold every trigram of a phrase of three
characters and more, and each is tested against the texts (LIKE, as a shorter
phrase is matched; a phrase of three characters without a cased letter is its
trigram, and needs no test); ``complaint_grams`` holds every pair of neighbouring
characters of each text (a phrase of two characters is one token, a single
character the first of one); ``complaint_number_grams`` holds each archive
number's pairs with their places.

On PostgreSQL the same functions read ``complaint_search`` (models/migrations/postgresql/search.py and
0023): one row per complaint with its normalised texts (``doc``, ASCII letters lower case) under a pg_trgm
GIN index and its archive number (``number``); two GIN indexes on expressions hold the characters and
pairs of ``doc`` (``desk_search_grams(doc)``) and the archive number's pairs with their places
(``desk_search_number_grams(number)``). A phrase of one or two characters is an element of the grams, an
archive number's parts its pairs at their places (both exact); a longer phrase is LIKE over ``doc``,
which the trigram index serves. A phrase in a good share of the newest complaints is found by walking
the complaints newest first in ranges of ids, testing each (``strpos`` over ``doc`` and ``number``): the
first page and a capped count then stop early instead of listing every match.
"""
from __future__ import annotations

import datetime as dt
import functools
import heapq
import itertools
import operator
import re
import unicodedata
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field

from peewee import SQL, Expression, ModelSelect, NodeList, Ordering, fn

from models.base import is_postgresql
from models.complaint import AWAITING_ANSWER, Complaint, State
from models.customer import normalize_phone
from models.errors import DomainError
from models.register import _among

SORTED_MAX = 2000  # a text search's matches sorted by the date received, up to this many (more: entry order)
GRAMS = 2  # phrases up to this long are found in complaint_grams, longer ones in complaint_search
TRIGRAM = 3
# Letters with a case: the trigram tokenizer folds them all (É and é), LIKE only ASCII's.
CASED = frozenset({"Lu", "Ll", "Lt"})
ARCHIVE_NUMBER_MAX = 20  # as the column is declared; a number is found by a text within these characters
# With other filters, a short text in this share of the newest complaints is tested row by row.
COMMON_SAMPLE, COMMON_SHARE = 2000, 0.25
# What a person types to find an archive number: "TS-2026-000123", "2026-000123", "000123",
# and past 999,999 in a year "TS-2026-1000000". Not longer: a phone number is not one.
ARCHIVE_NUMBER = re.compile(r"^(?:TS-?)?(?:\d{4}-?)?\d{2,7}$", re.IGNORECASE)
FULL_ARCHIVE_NUMBER = re.compile(r"^TS-\d{4}-\d{6,7}$", re.IGNORECASE)
# The number an open case goes by on the desk's lists (#2995, models.complaint.shown_number): that case.
DRAFT_NUMBER = re.compile(r"^[#＃]\s*(\d{1,18})$")  # typed in Chinese: ＃, full-width digits
# A number alone finds that case as well (2995 without its #), beside the texts and archive numbers holding it;
# not with a leading zero (0001 is part of an archive number: the desk never shows a case so).
CASE_NUMBER = re.compile(r"^(?![0０])\d{1,18}$")
SORT_KEYS = {
    "number": Complaint.archive_number,
    "received": Complaint.received_at,
    "category": Complaint.category,
    "department": Complaint.department,
    "state": Complaint.state,
    "severity": Complaint.severity,
    "duty_manager": Complaint.received_by,
    "closed": Complaint.closed_at,
}


def search_text(text: str) -> str:
    """Text as the search index holds it and as a query is matched: invisible
    control and format characters (NUL, zero-width space, ...) dropped, every
    run of whitespace (tabs, line breaks, no-break and ideographic spaces,
    U+2028) one space, the ends trimmed. Migration 0010 keeps a frozen copy."""
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    return " ".join(kept.split())


@dataclass(frozen=True)
class Filters:
    text: str = ""
    states: tuple[str, ...] = ()
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    category_id: int | None = None
    department_id: int | None = None
    received_by_id: int | None = None
    overdue_only: bool = False
    escalated_only: bool = False
    ids: tuple[int, ...] = ()  # only these complaints (a hot-spot's, an action's)
    closed_from: dt.date | None = None  # closed (or withdrawn) on or after this day
    closed_to: dt.date | None = None
    now: dt.datetime | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", query_text(self.text))


# A phone number as people write one: digits with spaces, dashes, brackets or a country code between them.
_WRITTEN_PHONE = re.compile(r"\+?[\d\s\-()]*[\s\-()+][\d\s\-()]*")


def query_text(text: str) -> str:
    """The text searched for: a phone number written as people write one (139 4375 5891, 139-4375-5891,
    +86 139 4375 5891) as the intake keeps it, its digits alone (13943755891): written so, it found nothing."""
    written = unicodedata.normalize("NFKC", text).strip()
    if sum(c.isdigit() for c in written) >= 7 and _WRITTEN_PHONE.fullmatch(written):
        try:
            return normalize_phone(written)
        except DomainError:
            return text
    return text


@dataclass(frozen=True)
class _Source:
    """One way a text finds complaints: SQL selecting their ids (column ``id``),
    which can stream them in id order."""

    sql: str
    params: tuple[object, ...]

    def ids(self, descending: bool) -> str:
        return f"{self.sql} ORDER BY id {'DESC' if descending else 'ASC'}"


_MATCH = "SELECT rowid AS id FROM {table} WHERE {table} MATCH ?"
TEXT_COLUMNS = ("narrative", "findings", "demand", "customer")
# The complaint (its id: {row}) holds the text in one of its indexed texts, as the view shows them.
_IN_TEXTS = (
    "EXISTS (SELECT 1 FROM complaint_search_text t WHERE t.id = {row} AND ("
    + " OR ".join(f"t.{column} LIKE ? ESCAPE '\\'" for column in TEXT_COLUMNS)
    + "))"
)


# The digits of a phone the lists show (models.customer.mask_phone: 138****5678).
SHOWN_FIRST, SHOWN_LAST = 3, 4
# The complaint (its id: {row}) holds the text in its own texts, its customer's name, or the digits of the
# customer's phone that the lists show: what the texts' index finds of digits a phone hides is tested so.
_BEYOND_THE_PHONE = (  # the shown digits first: the quickest to test, and what a search of digits most often is
    "EXISTS (SELECT 1 FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id WHERE c.id = {row} AND ("
    f"substr(u.phone, 1, {SHOWN_FIRST}) LIKE ? ESCAPE '\\' "
    f"OR substr(u.phone, length(u.phone) - {SHOWN_LAST - 1}) LIKE ? ESCAPE '\\' "
    "OR u.name LIKE ? ESCAPE '\\' "
    "OR c.narrative LIKE ? ESCAPE '\\' OR c.findings LIKE ? ESCAPE '\\' OR c.demand LIKE ? ESCAPE '\\'))"
)


def hides_in_phones(word: str) -> bool:
    """Whether ``word`` is digits that a customer's phone number may hold inside it without being that number:
    such a word finds complaints by their texts, their numbers, their ids and the digits of a phone the lists show
    (138****5678), never by its masked ones: the search matched any digits, and a duty manager found a customer's
    hidden digits one search at a time ("刘先生 6979"). A whole number still finds its customer's complaints."""
    if not (word.isascii() and word.isdigit()):
        return False
    try:
        return normalize_phone(word) != word
    except DomainError:
        return True


def _past_the_phone(source: _Source, text: str, row: str) -> _Source:
    """``source`` (the texts' index) with each complaint it finds tested past its customer's masked digits."""
    likes = [_like(text)] * _BEYOND_THE_PHONE.count("?")
    return _Source(f"{source.sql} AND {_BEYOND_THE_PHONE.format(row=row)}", (*source.params, *likes))


# A phone as the lists show it (models.customer.mask_phone: 138****5678), copied from one: the customers' numbers
# of that shape (it found nothing, and the page said to type fewer characters).
MASKED_PHONE = re.compile(rf"^([0-9]{{{SHOWN_FIRST}}})(\*+)([0-9]{{{SHOWN_LAST}}})$")
_MASKED_PHONE_SQL = (
    "SELECT c.id AS id FROM complaint c JOIN customer u ON u.id = c.customer_id WHERE u.phone >= ? AND u.phone < ? "
    f"AND length(u.phone) = ? AND substr(u.phone, length(u.phone) - {SHOWN_LAST - 1}) = ?"
)


def _masked_phone_source(text: str) -> _Source | None:
    masked = MASKED_PHONE.match(unicodedata.normalize("NFKC", text))
    if masked is None:
        return None
    first, hidden, last = masked.groups()
    after = first[:-1] + chr(ord(first[-1]) + 1)  # the first numbers past those starting so ("139" → "13:")
    return _Source(_MASKED_PHONE_SQL, (first, after, len(first) + len(hidden) + len(last), last))


def _sources(text: str) -> list[_Source]:
    """The sources whose union is the complaints matching ``text`` (normalised, not empty)."""
    if (draft := DRAFT_NUMBER.match(text)) is not None:
        return [_Source("SELECT id FROM complaint WHERE id = ?", (int(draft.group(1)),))]
    if (masked := _masked_phone_source(text)) is not None:
        return [masked]
    if is_postgresql():
        return _server_sources(text)
    if len(text) == 1:  # the first character of a pair (or a text's last): the prefix index
        sources = [_Source(_MATCH.format(table="complaint_grams"), (_phrase(text) + " *",))]
    elif len(text) == GRAMS:  # a pair
        sources = [_Source(_MATCH.format(table="complaint_grams"), (_phrase(text),))]
    elif len(text) == TRIGRAM and not any(unicodedata.category(c) in CASED for c in text):
        # One trigram, and no letter the tokenizer would fold otherwise than LIKE: the index's answer is exact.
        sources = [_Source(_MATCH.format(table="complaint_search"), (_phrase(text),))]
    else:  # the complaints holding each of its trigrams, each tested for the phrase itself
        trigrams = dict.fromkeys(text[i : i + TRIGRAM] for i in range(len(text) - TRIGRAM + 1))
        sql = _MATCH.format(table="complaint_search") + " AND " + _IN_TEXTS.format(row="complaint_search.rowid")
        query = " AND ".join(_phrase(trigram) for trigram in trigrams)
        sources = [_Source(sql, (query, *[_like(text)] * len(TEXT_COLUMNS)))]
    if hides_in_phones(text):
        table = "complaint_grams" if len(text) <= GRAMS else "complaint_search"
        sources[0] = _past_the_phone(sources[0], text, f"{table}.rowid")
    if FULL_ARCHIVE_NUMBER.match(text):
        sources.append(_Source("SELECT id FROM complaint WHERE archive_number = ?", (text.upper(),)))
    elif ARCHIVE_NUMBER.match(text):
        sources.append(_Source(_MATCH.format(table="complaint_number_grams"), (_archive_query(text),)))
    if CASE_NUMBER.match(text):
        sources.append(_Source("SELECT id FROM complaint WHERE id = ?", (int(text),)))
    return sources


# PostgreSQL: complaint_search (models/migrations/postgresql/search.py).
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SERVER_GRAMS = "SELECT id FROM complaint_search WHERE desk_search_grams(doc) @> CAST(? AS text[])"
_SERVER_NUMBERS = "desk_search_number_grams(number) @> CAST(? AS text[])"
_SERVER_LIKE = "SELECT id FROM complaint_search WHERE doc {like} ?"
# The complaint (its id: {row}) holds the text (ASCII letters lower case) in one of its texts.
_SERVER_HOLDS = "EXISTS (SELECT 1 FROM complaint_search s WHERE s.id = {row} AND s.doc {like} ?)"
# A walk newest (or oldest) first: the ids of a range, each tested; WALK_MIN ids at least per statement.
WALK_MIN, WALK_MAX = 1000, 200_000


def _server_sources(text: str) -> list[_Source]:
    """``_sources`` on PostgreSQL: a phrase of one or two characters is an element of the grams, a longer
    one LIKE over the texts (the trigram index lists the rows to test), archive numbers as on SQLite."""
    lowered = text.translate(ASCII_LOWER)
    if len(text) <= GRAMS:
        sources = [_Source(_SERVER_GRAMS, ([lowered],))]
    else:
        sources = [_Source(_SERVER_LIKE.format(like=_server_like(text)), (_like(lowered),))]
    if hides_in_phones(text):
        sources[0] = _past_the_phone(sources[0], text, "complaint_search.id")
    if FULL_ARCHIVE_NUMBER.match(text):
        sources.append(_Source("SELECT id FROM complaint WHERE archive_number = ?", (text.upper(),)))
    elif ARCHIVE_NUMBER.match(text) and text.upper().startswith("TS"):
        # At the number's start (every number starts so: a year's numbers are many) the btree of the numbers
        # lists them from the index alone; at any other place, their pairs.
        groups = _server_number_groups(text)[1:]
        sql = "SELECT id FROM complaint_search WHERE " + " OR ".join([_SERVER_NUMBERS] * len(groups))
        starts = "SELECT id FROM complaint_search WHERE number LIKE ?"
        sources.append(_Source(f"{starts} UNION {sql}", (text.upper() + "%", *groups)))
    elif ARCHIVE_NUMBER.match(text):
        groups = _server_number_groups(text)
        sql = "SELECT id FROM complaint_search WHERE " + " OR ".join([_SERVER_NUMBERS] * len(groups))
        sources.append(_Source(sql, tuple(groups)))
    if CASE_NUMBER.match(text):
        sources.append(_Source("SELECT id FROM complaint_search WHERE id = ?", (int(text),)))
    return sources


def _server_like(text: str) -> str:
    """How a phrase of three characters and more is compared on PostgreSQL: as SQLite does, LIKE (ASCII
    letters folded: ``doc`` and the phrase are lowered), but ILIKE for three characters without a cased
    letter, which SQLite answers from the trigram index alone, whose tokenizer folds the case of any
    character that has one (Roman numerals, circled letters: "ⅰⅱⅲ" finds "ⅠⅡⅢ")."""
    uncased = len(text) == TRIGRAM and not any(unicodedata.category(c) in CASED for c in text)
    folds = any(c.lower() != c or c.upper() != c for c in text)  # a character with a case of its own
    return "ILIKE" if uncased and folds else "LIKE"


def _server_test(text: str, low: int, high: int) -> tuple[str, tuple[object, ...]]:
    """SQL selecting the ids (``s.id``) from ``low`` to ``high`` of complaint_search s whose complaint matches
    ``text`` (normalised, not a full archive number), each row tested as it is read, and its parameters.
    The range is read apart (OFFSET 0): the planner would otherwise list every match of the trigram index.
    Each test is the cheapest exact one: the phrase's place in ``doc`` (``strpos``, as LIKE without wildcards
    compares: byte for byte), and for a text shaped like an archive number its place in the number itself
    (upper case, as the number's pairs are indexed: a part of the number is its pairs at consecutive
    places), and for a number alone the case's own; making the arrays row by row would cost many times as much."""
    lowered = text.translate(ASCII_LOWER)
    params: tuple[str, ...]
    if _server_like(text) == "LIKE":
        holds, params = "strpos(s.doc, ?) > 0", (lowered,)
    else:
        holds, params = "s.doc ILIKE ?", (_like(lowered),)
    if ARCHIVE_NUMBER.match(text):
        holds += " OR strpos(s.number, ?) > 0"
        params += (text.upper(),)
    if CASE_NUMBER.match(text):
        holds += f" OR s.id = {int(text)}"
    read = "SELECT id, doc, number FROM complaint_search WHERE id BETWEEN ? AND ? OFFSET 0"
    return f"SELECT s.id FROM ({read}) AS s WHERE {holds}", (low, high, *params)


def _server_number_groups(text: str) -> list[list[str]]:
    """The archive-number pairs (``desk_search_number_grams``) a number containing ``text`` holds, from each
    place it can start."""
    number = text.upper()
    pairs = [number[i : i + 2] for i in range(len(number) - 1)]
    return [
        [f"#{start + i:02d}{pair}" for i, pair in enumerate(pairs)]
        for start in range(ARCHIVE_NUMBER_MAX - len(number) + 1)
    ]


def _server_share(text: str) -> tuple[float, int]:
    """The share of the newest COMMON_SAMPLE complaints that match ``text`` (normalised), and the newest
    complaint's id; none for a full archive number or a draft number (one complaint's, and a rare text)."""
    database = Complaint._meta.database
    (newest,) = database.execute_sql("SELECT coalesce(max(id), 0) FROM complaint_search").fetchone()
    sample = min(COMMON_SAMPLE, newest)
    if sample <= 0 or FULL_ARCHIVE_NUMBER.match(text) or DRAFT_NUMBER.match(text):
        return 0.0, newest
    sql, params = _server_test(text, newest - sample + 1, newest)
    (found,) = database.execute_sql(f"SELECT count(*) FROM ({sql}) AS found", params).fetchone()
    return found / sample, newest


def _walk_pays(share: float, newest: int, wanted: int) -> bool:
    """Whether walking the complaints and testing each finds ``wanted`` matches sooner than listing every
    match from the indexes: the walk reads about wanted / share rows, the indexes share * newest."""
    return share >= COMMON_SHARE or (share > 0 and share * share * newest > wanted)


def _walk(text: str, descending: bool, wanted: int, share: float) -> list[int]:
    """The first ``wanted`` ids matching ``text`` (normalised), newest (or oldest) first: ranges of ids,
    each as long as the share found so far says ``wanted`` needs, each row tested."""
    database = Complaint._meta.database
    order = f" ORDER BY s.id {'DESC' if descending else 'ASC'}"
    first, last = database.execute_sql("SELECT min(id), max(id) FROM complaint_search").fetchone()
    found: list[int] = []
    read = 0
    place = last if descending else first
    while first is not None and len(found) < wanted and first <= place <= last:
        size = int(min(WALK_MAX, max(WALK_MIN, (wanted - len(found)) / max(share, 0.001) * 1.25)))
        low, high = (place - size + 1, place) if descending else (place, place + size - 1)
        sql, params = _server_test(text, low, high)
        found.extend(row for (row,) in database.execute_sql(sql + order, params).fetchall())
        read += size
        share = max(len(found) / read, share / 2)
        place = low - 1 if descending else high + 1
    return found[:wanted]


def _server_streamed(text: str, descending: bool, offset: int, limit: int | None) -> list[int]:
    """``_streamed`` on PostgreSQL: a phrase in a good share of the newest complaints by a walk; any other,
    each source's first ``offset + limit`` ids from its index (all of them listed, then sorted: the
    planner would otherwise walk the primary key testing each row), merged."""
    database = Complaint._meta.database
    text = search_text(text)
    wanted = None if limit is None else offset + limit
    if wanted is not None:
        share, newest = _server_share(text)
        if _walk_pays(share, newest, wanted):
            return _walk(text, descending, wanted, share)[offset:]
    window = "" if wanted is None else f" LIMIT {int(wanted)}"
    streams = []
    for source in _sources(text):
        sql = f"SELECT id FROM ({source.sql} OFFSET 0) AS found ORDER BY id {'DESC' if descending else 'ASC'}"
        streams.append([row for (row,) in database.execute_sql(sql + window, source.params).fetchall()])
    merged = heapq.merge(*streams, reverse=descending)
    unique = (row for row, _ in itertools.groupby(merged))
    return list(itertools.islice(unique, offset, wanted))


def _server_count(text: str, cap: int) -> int:
    """How many complaints match ``text`` on PostgreSQL, up to ``cap``: in no order, so the indexes' own
    answer (a bitmap) stops at the cap, and rows whose match is exact (the grams, the archive numbers) are
    not even read when the visibility map says they need not be."""
    text = search_text(text)
    conditions: list[str] = []
    params: list[object] = []
    for source in _sources(text):
        if source.sql.startswith("SELECT id FROM complaint_search WHERE ") and " UNION " not in source.sql:
            conditions.append(f"({source.sql.removeprefix('SELECT id FROM complaint_search WHERE ')})")
        elif FULL_ARCHIVE_NUMBER.match(text):  # a full archive number: one complaint's (the number is unique)
            conditions.append(f"id = ({source.sql})")
        else:
            conditions.append(f"id IN ({source.sql})")
        params.extend(source.params)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM complaint_search WHERE {' OR '.join(conditions)} LIMIT ?) AS found"
    (found,) = Complaint._meta.database.execute_sql(sql, (*params, cap)).fetchone()
    return int(found)


def _archive_query(text: str) -> str:
    """An FTS5 query of complaint_number_grams for the archive numbers that contain ``text``
    (two characters or more): its pairs at consecutive places, from each place it can start."""
    number = text.upper()
    starts = range(ARCHIVE_NUMBER_MAX - len(number) + 1)
    pairs = [number[i : i + 2] for i in range(len(number) - 1)]
    return " OR ".join(
        "(" + " AND ".join(_phrase(f"{start + i:02d}{pair}") for i, pair in enumerate(pairs)) + ")"
        for start in starts
    )


def search_words(text: str) -> list[str]:
    """The words of a search, each found on its own: "隔壁 吵" finds the complaints holding 隔壁 and 吵 (as one
    phrase it found none). A phone number written with spaces is one (``query_text``)."""
    words = search_text(text)
    return list(dict.fromkeys(words.split(" "))) if words else []


def text_condition(text: str) -> Expression | None:
    """Complaints whose words, findings, demand, customer name or phone, or
    archive number contain ``text`` (any characters, taken literally); of several words, each of them."""
    words = search_words(text)
    if not words:
        return None
    return functools.reduce(operator.and_, [_word_condition(word) for word in words])


def _word_condition(text: str) -> Expression:
    database = Complaint._meta.database
    parts: list[Expression] = []
    indexed: list[_Source] = []
    sources = _sources(text)
    past_the_phone = hides_in_phones(text)  # tested by its source's own SQL, not by a walk over the texts
    for source in sources:
        if database.execute_sql(f"{source.sql} LIMIT 1", source.params).fetchone() is None:
            continue  # matches nothing: left out, else SQLite may walk every row the other filters pass
        if source is sources[0] and is_postgresql() and not past_the_phone and _server_share(text)[0] >= COMMON_SHARE:
            before, after = _SERVER_HOLDS.format(row="{row}", like=_server_like(text)).split("{row}")
            parts.append(NodeList((SQL(before), Complaint.id, SQL(after, [_like(text.translate(ASCII_LOWER))]))))
        elif source is sources[0] and not is_postgresql() and not past_the_phone and len(text) <= GRAMS and _common(
            source
        ):
            # In a good share of the complaints: testing each row as the query walks
            # (a rowid lookup) fills a page at once, where listing every match from
            # the index first would read most of it.
            before, after = _IN_TEXTS.split("{row}")
            like = SQL(after, [_like(text)] * len(TEXT_COLUMNS))
            parts.append(NodeList((SQL(before), Complaint.id, like)))
        else:
            indexed.append(source)
    if indexed:  # one IN: SQLite can then look the few up rather than walk the other filters
        union = " UNION ".join(source.sql for source in indexed)
        params = [param for source in indexed for param in source.params]
        if is_postgresql():  # read apart (OFFSET 0): else the planner may make the index's arrays row by row
            union = f"SELECT id FROM ({union}) AS found OFFSET 0"
        parts.append(Complaint.id.in_(SQL(f"({union})", params)))
    return functools.reduce(operator.or_, parts) if parts else SQL("1 = 0")


def _common(source: _Source) -> bool:
    """Whether the text of ``source`` (from complaint_grams) is in at least COMMON_SHARE
    of the newest COMMON_SAMPLE complaints; a source of no text (a draft number's) never is."""
    if "complaint_grams" not in source.sql:
        return False
    database = Complaint._meta.database
    (newest,) = database.execute_sql("SELECT max(id) FROM complaint").fetchone()
    sample = min(COMMON_SAMPLE, newest or 0)
    (found,) = database.execute_sql(
        f"SELECT count(*) FROM ({source.sql} AND rowid > ?)", (*source.params, (newest or 0) - sample)
    ).fetchone()
    return sample > 0 and found >= sample * COMMON_SHARE


def _only_text(filters: Filters) -> bool:
    """Whether the filters are text alone whose matches stream from the indexes: one word, or on SQLite several
    (their streams intersected); on a server several words are one statement."""
    words = search_words(filters.text)
    streams = len(words) == 1 or (bool(words) and not is_postgresql())
    return streams and filters == Filters(text=filters.text, now=filters.now)


def _index_order_will_do(filters: Filters, sort: str) -> bool:
    return _only_text(filters) and sort == "received"


def _streamed(text: str, descending: bool, offset: int, limit: int | None) -> list[int]:
    """Ids matching ``text`` in id order, read from the indexes as they stream
    (several sources merged; of several words, the ids every word's stream holds), skipping ``offset``, at most
    ``limit`` of them."""
    if is_postgresql():
        return _server_streamed(text, descending, offset, limit)
    words = search_words(text)
    stop = None if limit is None else offset + limit
    if len(words) == 1 and len(sources := _sources(words[0])) == 1:
        (source,) = sources
        window = (-1 if limit is None else limit, offset)
        database = Complaint._meta.database
        rows = database.execute_sql(f"{source.ids(descending)} LIMIT ? OFFSET ?", (*source.params, *window))
        return [row for (row,) in rows]
    streams = [_word_stream(word, descending) for word in words]
    try:
        found = streams[0] if len(streams) == 1 else _intersected(streams, descending)
        return list(itertools.islice(found, offset, stop))
    finally:
        for stream in streams:  # an unfinished statement would keep its read snapshot open
            stream.close()


def _word_stream(word: str, descending: bool) -> Generator[int, None, None]:
    """The ids matching one word in id order, its sources merged, each once."""
    database = Complaint._meta.database
    cursors = [database.execute_sql(source.ids(descending), source.params) for source in _sources(word)]
    try:
        merged = heapq.merge(*((row for (row,) in cursor) for cursor in cursors), reverse=descending)
        yield from (row for row, _ in itertools.groupby(merged))
    finally:
        for cursor in cursors:
            cursor.close()


def _intersected(streams: Sequence[Iterator[int]], descending: bool) -> Iterator[int]:
    """The ids all ``streams`` (each in id order, each id once) hold, in that order: each stream skips ahead to
    the furthest id another stands at, so a rare word's few ids lead a common word's many."""
    behind = operator.gt if descending else operator.lt  # an id still to come after ``target``
    try:
        heads = [next(stream) for stream in streams]
        while True:
            target = min(heads) if descending else max(heads)
            for i, stream in enumerate(streams):
                while behind(heads[i], target):
                    heads[i] = next(stream)
            if all(head == target for head in heads):
                yield target
                heads = [next(stream) for stream in streams]
    except StopIteration:
        return


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _phrase(text: str) -> str:
    """A quoted FTS5 string is a phrase: NEAR, *, ^, : and the like are plain text inside it."""
    return '"' + text.replace('"', '""') + '"'


def matching(filters: Filters) -> ModelSelect:
    """Complaint ids that pass the filters (unsorted)."""
    query = Complaint.select(Complaint.id)
    conditions = []
    if (condition := text_condition(filters.text)) is not None:
        conditions.append(condition)
    if filters.states:
        conditions.append(Complaint.state.in_(list(filters.states)))
    if filters.received_from is not None:
        conditions.append(Complaint.received_at >= dt.datetime.combine(filters.received_from, dt.time.min))
    if filters.received_to is not None:
        end = dt.datetime.combine(filters.received_to + dt.timedelta(days=1), dt.time.min)
        conditions.append(Complaint.received_at < end)
    for column, value in (
        (Complaint.category, filters.category_id),
        (Complaint.department, filters.department_id),
        (Complaint.received_by, filters.received_by_id),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.overdue_only:
        now = filters.now or dt.datetime.now()
        conditions.append(Complaint.state.in_(list(AWAITING_ANSWER)) & (Complaint.promised_at < now))
    if filters.escalated_only:
        conditions.append(Complaint.state == State.ESCALATED)
    if filters.ids:  # one parameter however many (a bar of the analysis lists a year's "others")
        conditions.append(_among(Complaint.id, list(filters.ids)))
    if filters.closed_from is not None:
        conditions.append(Complaint.closed_at >= dt.datetime.combine(filters.closed_from, dt.time.min))
    if filters.closed_to is not None:
        end = dt.datetime.combine(filters.closed_to + dt.timedelta(days=1), dt.time.min)
        conditions.append(Complaint.closed_at < end)
    for condition in conditions:
        query = query.where(condition)
    return query


def count(filters: Filters, cap: int | None = None) -> int:
    """How many complaints match; with ``cap``, counting stops there (the
    register says "10,000+" rather than reading a million rows)."""
    # Of several words, one statement counts sooner than intersecting their streams (a common word's are long).
    if cap is not None and _only_text(filters) and len(search_words(filters.text)) == 1:
        if is_postgresql():
            share, newest = _server_share(search_text(filters.text))
            if _walk_pays(share, newest, cap):  # the newest complaints hold cap matches soonest
                return len(_server_streamed(filters.text, True, 0, cap))
            return _server_count(filters.text, cap)
        return len(_streamed(filters.text, True, 0, cap))
    query = matching(filters)
    if cap is None:
        return int(query.count())
    return int(Complaint.select(fn.COUNT(SQL("*"))).from_(query.limit(cap).alias("capped")).scalar())


def ordered_by(sort: str, descending: bool) -> list[Ordering]:
    """The register's order by ``sort``, cases in the order they came among equals. By number: as the numbers
    read (TS-2025-… before TS-2026-…), the cases not sealed yet (#2995: by that number) where the archive number's
    unique index keeps them, so that it gives the order a page at a time: before the numbers ascending on SQLite,
    after them on PostgreSQL (asked for the other way, a server sorted every complaint for each page)."""
    if sort == "number":
        number = Complaint.archive_number
        return [number.desc(), Complaint.id.desc()] if descending else [number.asc(), Complaint.id.asc()]
    key = SORT_KEYS[sort]
    return [key.desc(), Complaint.id.desc()] if descending else [key.asc(), Complaint.id.asc()]


def page(
    filters: Filters, sort: str = "received", descending: bool = True, offset: int = 0, limit: int = 200
) -> list[int]:
    """One window of matching complaint ids in the register's order."""
    if _index_order_will_do(filters, sort) and len(_streamed(filters.text, True, 0, SORTED_MAX + 1)) > SORTED_MAX:
        # Complaints are numbered as they are entered, nearly always as they are received, so the search
        # indexes' own rowid order is the receipt order: many matches stream the newest at once instead of
        # sorting every match by date. Fewer are sorted by it: one received by letter weeks ago and entered
        # today stands at its date (it led the list).
        return _streamed(filters.text, descending, offset, limit)
    query = matching(filters).order_by(*ordered_by(sort, descending)).offset(offset).limit(limit)
    return [row for (row,) in query.tuples()]
