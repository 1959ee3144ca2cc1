"""0014: smaller rows (issue 11, ≤ 3 KB per complaint). Nothing the archive's verification needs is lost.

- Chain digests are kept as their 32 bytes (BLOB) instead of 64 hex digits, in ``audit_event`` and
  ``archive_seal``; what each digest covers is unchanged (the previous digest in hex, a line feed,
  the text). ``previous_digest`` goes from both tables: it is the digest of the row before, which
  ``verify`` reads there (ids follow each other: the application never deletes a seal or an event,
  so a missing id is a removed row).
- An audit event's ``changes`` text is kept once in ``audit_change`` (most events repeat one of a
  few: a state moving on, a consent, a closing) and the event points at it; the digest still covers
  the text. ``audit_change`` is append-only, found by a 64-bit hash of the text.
- The trigram index of 0010 keeps no copy of the texts: it reads them through the view
  ``complaint_search_text`` (external content), which normalises the complaint's own columns as
  0010's triggers did. Texts indexed before with 0010's full rule (in Python), where that differs
  from the triggers' rule, are kept as indexed in ``search_kept_text`` and the view shows those.
  The index holds no positions (``detail=none``, no column sizes): a phrase of three characters and
  more is looked up by its trigrams and each complaint found is tested against the texts
  (``models/search.py``). The grams of 0012 are unchanged; the triggers are replaced by ones that
  remove a row's tokens with the texts as they were (the kept text, or the old columns normalised)
  and add them from the view.
- A seal's payload is deflated against a dictionary of the archive's own (stored forms 3 and 4 of
  ``models/seal_store.py``, frozen copy below): ``seal_dictionary`` keeps it, made of the texts of the
  newest seals, and each payload names it. Every seal is stored again so, its text unchanged byte
  for byte (forms 1 and 2 become 3 and 4; an archive of fewer than 200 seals keeps forms 1 and 2
  until the application makes its first dictionary). The table is append-only.
- Indexes no query uses: the seal's digest (nothing looks a digest up; a chain's digests differ by
  construction) and the closer of a complaint.

The tables are rebuilt in id order, so their pages are full, with their triggers created again by
their very text (``verify`` compares them). One transaction: interrupted, it leaves the file as it
was and runs again at the next start. The freed pages stay in the file until ``main.py compact``.
"""
import hashlib
import importlib.util
import re
import zlib
from pathlib import Path

from peewee import *  # noqa: F403 - the frozen copy uses peewee's field names


def _migration(name):
    spec = importlib.util.spec_from_file_location(f"migration_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_0010 = _migration("0010_search_normalised")
_0012 = _migration("0012_search_grams")
_0013 = _migration("0013_smaller_file")

HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
# Frozen copies of models/archive.py's and models/seal_store.py's as 0014 made them.
DICTIONARY_FROM, DICTIONARY_SEALS, WINDOW_BYTES, LEVEL = 200, 16, 32 * 1024, 6

# --------------------------------------------------------------------------- the audit trail

EVENT_TABLE = (
    'CREATE TABLE "{name}" ("id" INTEGER NOT NULL PRIMARY KEY, "complaint_id" INTEGER, "at" DATETIME NOT NULL, '
    '"actor_id" INTEGER, "action" VARCHAR(32) NOT NULL, "changes_id" INTEGER NOT NULL, "digest" BLOB NOT NULL, '
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("actor_id") REFERENCES "staff" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("changes_id") REFERENCES "audit_change" ("id") ON DELETE RESTRICT)'
)
EVENT_INDEXES = ('CREATE INDEX "auditevent_complaint_id" ON "audit_event" ("complaint_id")',)

# --------------------------------------------------------------------------- the archive

SEAL_TABLE = (
    'CREATE TABLE "{name}" ("id" INTEGER NOT NULL PRIMARY KEY, "complaint_id" INTEGER NOT NULL, '
    '"archive_number" VARCHAR(20) NOT NULL, "kind" VARCHAR(16) NOT NULL, "sealed_at" DATETIME NOT NULL, '
    '"sealed_by_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "payload" BLOB NOT NULL, "digest" BLOB NOT NULL, '
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("sealed_by_id") REFERENCES "staff" ("id") ON DELETE RESTRICT)'
)
SEAL_INDEXES = (
    'CREATE INDEX "archiveseal_complaint_id" ON "archive_seal" ("complaint_id")',
    'CREATE INDEX "archiveseal_archive_number" ON "archive_seal" ("archive_number")',
)
UNUSED_INDEXES = {"complaint_closed_by_id": ("complaint", "closed_by_id")}

# --------------------------------------------------------------------------- the search index

TEXTS = ("narrative", "findings", "demand")
COLUMNS = "narrative, findings, demand, customer"
N = _0010.normalised
KEPT_TABLE = (
    'CREATE TABLE "search_kept_text" ("id" INTEGER NOT NULL PRIMARY KEY, "narrative" TEXT, "findings" TEXT, '
    '"demand" TEXT, "customer" TEXT)'
)
SEARCH_TABLE = (
    "CREATE VIRTUAL TABLE complaint_search USING fts5(narrative, findings, demand, customer, "
    "content='complaint_search_text', content_rowid='id', detail=none, columnsize=0, tokenize='trigram')"
)


def indexed_texts(row, customer):
    """SQL select list: the texts the index holds for complaint ``row`` (an alias, OLD or NEW) whose customer's
    row is ``customer`` (an alias or OLD), with ``search_kept_text`` joined as k: the kept text, else the
    complaint's own (the customer's name and phone joined by a space and trimmed)."""
    texts = ", ".join(f"coalesce(k.{column}, {row}.{column}) AS {column}" for column in TEXTS)
    return f"{row}.id AS id, {texts}, coalesce(k.customer, trim({customer}.name || ' ' || {customer}.phone), '') AS customer"


def kept_texts(row):
    """SQL select list: complaint ``row``'s texts normalised as 0010's triggers do, each where it differs
    from what ``indexed_texts`` shows without a kept text (NULL where it does not), and whether any does."""
    person = f"(SELECT name || ' ' || phone FROM customer WHERE id = {row}.customer_id)"
    texts = [f"nullif({N(f'{row}.{column}')}, {row}.{column})" for column in TEXTS]
    customer = f"nullif(coalesce({N(person)}, ''), coalesce(trim({person}), ''))"
    return f"{row}.id AS id, " + ", ".join(f"{text} AS {column}" for text, column in zip(texts, TEXTS)) + (
        f", {customer} AS customer"
    )


def keep(row, source=""):
    """SQL: keep the normalised texts of ``row`` (of ``source``, or OLD/NEW) where they differ from its own."""
    return (
        f"INSERT INTO search_kept_text (id, {COLUMNS}) SELECT * FROM (SELECT {kept_texts(row)}{source}) "
        "WHERE narrative IS NOT NULL OR findings IS NOT NULL OR demand IS NOT NULL OR customer IS NOT NULL;"
    )


VIEW = (
    "CREATE VIEW complaint_search_text (id, narrative, findings, demand, customer) AS SELECT "
    + indexed_texts("c", "u")
    + " FROM complaint c LEFT JOIN customer u ON u.id = c.customer_id LEFT JOIN search_kept_text k ON k.id = c.id"
)
# One complaint's texts as the index holds them before the row (OLD) changed.
OLD_ROW = (
    f"(SELECT {indexed_texts('OLD', 'u')} FROM (SELECT 1) LEFT JOIN customer u ON u.id = OLD.customer_id "
    "LEFT JOIN search_kept_text k ON k.id = OLD.id)"
)
# The texts of a customer's complaints as the index holds them before the customer's name or phone (OLD) changed.
OLD_CUSTOMER_ROWS = (
    f"(SELECT {indexed_texts('c', 'OLD')} FROM complaint c LEFT JOIN search_kept_text k ON k.id = c.id "
    "WHERE c.customer_id = OLD.id)"
)
VIEW_ROWS = "complaint_search_text"
OF_CUSTOMER = "(SELECT id FROM complaint WHERE customer_id = NEW.id)"
# A customer's complaints' kept customer text, after the name or phone changed.
KEEP_CUSTOMER = (
    "UPDATE search_kept_text SET customer = NULL WHERE id IN " + OF_CUSTOMER + "; "
    "INSERT INTO search_kept_text (id, customer) SELECT c.id, x.normalised FROM complaint c, (SELECT "
    + N("(NEW.name || ' ' || NEW.phone)")
    + " AS normalised, trim(NEW.name || ' ' || NEW.phone) AS own) x WHERE c.customer_id = NEW.id "
    "AND x.normalised IS NOT x.own ON CONFLICT (id) DO UPDATE SET customer = excluded.customer;"
)


def remove(source):
    """SQL: take the rows of ``source`` (id and texts) out of both text indexes."""
    return (
        "INSERT INTO complaint_grams (complaint_grams, rowid, grams) "
        f"SELECT 'delete', s.id, {_0012.document('s')} FROM {source} s; "
        f"INSERT INTO complaint_search (complaint_search, rowid, {COLUMNS}) SELECT 'delete', s.id, "
        f"s.narrative, s.findings, s.demand, s.customer FROM {source} s; "
    )


def add_statements(where):
    """SQL statements that put the complaints of the view passing ``where`` (on s) into both text indexes
    (models/demo/search_index.py runs them for a batch)."""
    source = f"{VIEW_ROWS} s"
    return (
        _0012.grow_for(where, source),
        f"INSERT INTO complaint_search (rowid, {COLUMNS}) SELECT s.id, s.narrative, s.findings, s.demand, "
        f"s.customer FROM {source} WHERE {where};",
        f"INSERT INTO complaint_grams (rowid, grams) SELECT s.id, {_0012.document('s')} FROM {source} WHERE {where};",
    )


def add(where):
    return " ".join(add_statements(where))


TRIGGERS = [
    "CREATE TRIGGER complaint_search_insert AFTER INSERT ON complaint BEGIN "
    "DELETE FROM search_kept_text WHERE id = NEW.id; "
    + keep("NEW")
    + add("s.id = NEW.id")
    + _0012.add_number("NEW")
    + " END",
    "CREATE TRIGGER complaint_search_update AFTER UPDATE OF id, narrative, findings, demand, customer_id ON complaint "
    f"WHEN {_0012.CHANGED} BEGIN "
    + remove(OLD_ROW)
    + "DELETE FROM search_kept_text WHERE id = OLD.id; "
    + keep("NEW")
    + add("s.id = NEW.id")
    + " END",
    *(trigger for trigger in _0012.TRIGGERS if trigger.startswith("CREATE TRIGGER complaint_search_number ")),
    "CREATE TRIGGER complaint_search_delete AFTER DELETE ON complaint BEGIN "
    + remove(OLD_ROW)
    + "DELETE FROM search_kept_text WHERE id = OLD.id; "
    + _0012.remove_number("OLD")
    + " END",
    "CREATE TRIGGER complaint_search_customer AFTER UPDATE OF name, phone ON customer "
    "WHEN OLD.name IS NOT NEW.name OR OLD.phone IS NOT NEW.phone BEGIN "
    + remove(OLD_CUSTOMER_ROWS)
    + KEEP_CUSTOMER
    + add(f"s.id IN {OF_CUSTOMER}")
    + " END",
]


def up(migrator, db):
    # Freed pages are not zeroed one by one (Debian's SQLite does by default), as in 0013.
    (secure_delete,) = db.execute_sql("PRAGMA secure_delete").fetchone()
    db.execute_sql("PRAGMA secure_delete = FAST")
    try:
        _up(db)
    finally:
        db.execute_sql(f"PRAGMA secure_delete = {int(secure_delete)}")


def _up(db):
    connection = db.connection()
    connection.create_function("desk_digest_0014", 1, _digest_bytes, deterministic=True)
    connection.create_function("desk_text_hash_0014", 1, text_hash, deterministic=True)
    _audit_trail(db)
    repack = _Repack(_first_dictionary(db))
    connection.create_function("desk_repack_0014", 1, repack.payload, deterministic=True)
    _rebuild(db, "archive_seal", SEAL_TABLE, SEAL_INDEXES,
             "id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, desk_repack_0014(payload), "
             "desk_digest_0014(digest)",
             "id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, digest")  # fmt: skip
    for name in UNUSED_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    _search_index(db)


def text_hash(text):
    """The first 8 bytes of the text's SHA-256 as a signed integer: how ``audit_change`` finds a text
    (frozen copy of models/audit.py's)."""
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text or b"")
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big", signed=True)


def _append_only(db, table):
    """0001's triggers of an append-only table."""
    for verb in ("UPDATE", "DELETE"):
        db.execute_sql(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _digest_bytes(value):
    """A hex digest as its 32 bytes; anything else (a hand-edited file) as it is, for verify to name."""
    return bytes.fromhex(value) if isinstance(value, str) and HEX_DIGEST.fullmatch(value) else value


def _audit_trail(db):
    class AuditChange(Model):
        hash = IntegerField(index=True)
        text = TextField()

        class Meta:
            database = db
            table_name = "audit_change"

    db.create_tables([AuditChange])
    _append_only(db, "audit_change")
    # Each distinct text once, in the order the events first wrote it.
    db.execute_sql(
        "INSERT INTO audit_change (hash, text) SELECT desk_text_hash_0014(changes), changes FROM audit_event "
        "GROUP BY changes ORDER BY min(id)"
    )
    db.execute_sql('CREATE INDEX "audit_change_text_0014" ON "audit_change" ("text")')
    _rebuild(db, "audit_event", EVENT_TABLE, EVENT_INDEXES,
             "e.id, e.complaint_id, e.at, e.actor_id, e.action, t.id, desk_digest_0014(e.digest)",
             "id, complaint_id, at, actor_id, action, changes_id, digest",
             "audit_event e JOIN audit_change t ON t.text = e.changes")  # fmt: skip
    db.execute_sql('DROP INDEX "audit_change_text_0014"')


def _first_dictionary(db):
    """The seal dictionary every seal is stored with again (id, bytes): the newest seals' texts, as
    models/archive.py's seal_dictionary() makes one; None for an archive too small to have one yet."""

    class SealDictionary(Model):
        made_at = DateTimeField()
        last_seal = IntegerField()
        data = BlobField()
        sha256 = BlobField()

        class Meta:
            database = db
            table_name = "seal_dictionary"

    db.create_tables([SealDictionary])
    _append_only(db, "seal_dictionary")
    (last_seal,) = db.execute_sql("SELECT coalesce(max(id), 0) FROM archive_seal").fetchone()
    if last_seal < DICTIONARY_FROM:
        return None
    rows = db.execute_sql(
        "SELECT payload FROM archive_seal WHERE kind = 'seal' ORDER BY id DESC LIMIT ?", (DICTIONARY_SEALS,)
    ).fetchall()
    texts = [inflated[0] for inflated in map(_inflated, (payload for (payload,) in reversed(rows))) if inflated]
    data = b"".join(texts)[-WINDOW_BYTES:]
    cursor = db.execute_sql(
        "INSERT INTO seal_dictionary (made_at, last_seal, data, sha256) VALUES (datetime('now', 'localtime'), ?, ?, ?)",
        (last_seal, data, hashlib.sha256(data).digest()),
    )
    return cursor.lastrowid, data


def _inflated(payload):
    """A payload of form 1 or 2 (0013) as its text and whether its signature is apart; None for any other
    (a hand-edited file: stored again as it is, for verify to name)."""
    if not isinstance(payload, bytes) or payload[:1] not in (b"\x01", b"\x02"):
        return None
    inflater = zlib.decompressobj(-15, zdict=_0013.DICTIONARY_1)
    try:
        text = inflater.decompress(payload[1:]) + inflater.flush()
    except zlib.error:
        return None
    if not inflater.eof or inflater.unused_data:
        return None
    return text, payload[:1] == b"\x02"


class _Repack:
    """Forms 1 and 2 stored again as 3 and 4 against the dictionary (frozen copy of seal_store.pack's)."""

    def __init__(self, dictionary):
        self.dictionary = dictionary
        if dictionary is not None:
            self.compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=dictionary[1])

    def payload(self, payload):
        inflated = _inflated(payload) if self.dictionary is not None else None
        if inflated is None:
            return payload
        text, apart = inflated
        deflater = self.compressor.copy()
        return (b"\x04" if apart else b"\x03") + _leb128(self.dictionary[0]) + deflater.compress(text) + deflater.flush()


def _leb128(number):
    named = bytearray()
    while True:
        named.append((number & 0x7F) | (0x80 if number > 0x7F else 0))
        number >>= 7
        if not number:
            return bytes(named)


def _rebuild(db, table, create, indexes, select, columns, source=None):
    """``table`` again with ``create``'s columns, filled in id order by ``select`` from ``source``; its indexes
    and triggers as before."""
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    ).fetchall()
    for name, _ in triggers:
        db.execute_sql(f"DROP TRIGGER {name}")
    new = f"{table}_0014"
    db.execute_sql(create.format(name=new))
    db.execute_sql(f"INSERT INTO {new} ({columns}) SELECT {select} FROM {source or table} ORDER BY 1")
    db.execute_sql(f"DROP TABLE {table}")
    db.execute_sql(f"ALTER TABLE {new} RENAME TO {table}")
    for sql in indexes:
        db.execute_sql(sql)
    for _, sql in triggers:
        db.execute_sql(sql)


def _search_index(db):
    db.execute_sql(KEPT_TABLE)
    # What the index holds where it is not the complaint's own text (0010 normalised every text it indexed,
    # the triggers since normalise as they write): kept, so that the view shows what is indexed.
    own = {column: f"c.{column}" for column in TEXTS} | {"customer": "coalesce(trim(u.name || ' ' || u.phone), '')"}
    kept = ", ".join(f"CASE WHEN s.{column} IS {own[column]} THEN NULL ELSE s.{column} END" for column in own)
    differs = " OR ".join(f"s.{column} IS NOT {own[column]}" for column in own)
    db.execute_sql(
        f"INSERT INTO search_kept_text (id, {COLUMNS}) SELECT s.rowid, {kept} FROM complaint_search s "
        f"JOIN complaint c ON c.id = s.rowid LEFT JOIN customer u ON u.id = c.customer_id WHERE {differs}"
    )
    for trigger in _0012.NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql("DROP TABLE complaint_search")
    db.execute_sql(VIEW)
    db.execute_sql(SEARCH_TABLE)
    db.execute_sql("INSERT INTO complaint_search (complaint_search) VALUES ('rebuild')")
    for statement in TRIGGERS:
        db.execute_sql(statement)


def down(migrator, db):
    """Back to 0013: hex digests with the previous one beside each, the changes in the event, payloads of
    forms 1 and 2, the trigram index with its own copy of the texts and their positions, 0012's triggers,
    the indexes."""
    connection = db.connection()
    connection.create_function("desk_hex_0014", 1, _hex, deterministic=True)
    dictionaries = dict(db.execute_sql("SELECT id, data FROM seal_dictionary").fetchall())
    connection.create_function("desk_unpack_0014", 1, lambda p: _form_of_0013(p, dictionaries), deterministic=True)
    previous = "coalesce(desk_hex_0014(lag(digest) OVER (ORDER BY id)), '')"
    _rebuild(db, "audit_event", _0013_EVENT_TABLE, _0013_EVENT_INDEXES,
             f"e.id, e.complaint_id, e.at, e.actor_id, e.action, t.text, desk_hex_0014(e.digest), "
             f"coalesce(desk_hex_0014(lag(e.digest) OVER (ORDER BY e.id)), '')",
             "id, complaint_id, at, actor_id, action, changes, digest, previous_digest",
             "audit_event e JOIN audit_change t ON t.id = e.changes_id")  # fmt: skip
    db.execute_sql("DROP TABLE audit_change")  # its triggers go with it
    db.execute_sql("DROP TABLE seal_dictionary")
    _rebuild(db, "archive_seal", _0013_SEAL_TABLE, _0013_SEAL_INDEXES,
             "id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, desk_unpack_0014(payload), "
             f"desk_hex_0014(digest), {previous}",
             "id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, digest, "
             "previous_digest")  # fmt: skip
    for name, (table, column) in UNUSED_INDEXES.items():
        db.execute_sql(f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
    for trigger in _0012.NAMES:
        db.execute_sql(f"DROP TRIGGER IF EXISTS complaint_search_{trigger}")
    db.execute_sql(
        "CREATE TEMP TABLE search_text_0014 AS SELECT id, narrative, findings, demand, customer FROM complaint_search_text"
    )
    db.execute_sql("DROP TABLE complaint_search")
    db.execute_sql("DROP VIEW complaint_search_text")
    db.execute_sql("DROP TABLE search_kept_text")
    db.execute_sql(
        "CREATE VIRTUAL TABLE complaint_search USING fts5(narrative, findings, demand, customer, tokenize = 'trigram')"
    )
    db.execute_sql(
        f"INSERT INTO complaint_search (rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM temp.search_text_0014 ORDER BY id"
    )
    db.execute_sql("DROP TABLE temp.search_text_0014")
    for statement in _0012.TRIGGERS:
        db.execute_sql(statement)


def _form_of_0013(payload, dictionaries):
    """A payload of form 3 or 4 as 0013 stored it (1 or 2); any other as it is."""
    if not isinstance(payload, bytes) or payload[:1] not in (b"\x03", b"\x04"):
        return payload
    number, shift, place = 0, 0, 1
    while payload[place] & 0x80:
        number |= (payload[place] & 0x7F) << shift
        shift, place = shift + 7, place + 1
    number |= payload[place] << shift
    inflater = zlib.decompressobj(-15, zdict=bytes(dictionaries[number]))
    text = inflater.decompress(payload[place + 1 :]) + inflater.flush()
    deflater = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=_0013.DICTIONARY_1)
    return (b"\x02" if payload[:1] == b"\x04" else b"\x01") + deflater.compress(text) + deflater.flush()


def _hex(value):
    return bytes(value).hex() if isinstance(value, (bytes, memoryview)) else value


_0013_EVENT_TABLE = (
    'CREATE TABLE "{name}" ("id" INTEGER NOT NULL PRIMARY KEY, "complaint_id" INTEGER, "at" DATETIME NOT NULL, '
    '"actor_id" INTEGER, "action" VARCHAR(32) NOT NULL, "changes" TEXT NOT NULL, '
    "digest VARCHAR(64) NOT NULL DEFAULT '', previous_digest VARCHAR(64) NOT NULL DEFAULT '', "
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("actor_id") REFERENCES "staff" ("id") ON DELETE RESTRICT)'
)
_0013_EVENT_INDEXES = ('CREATE INDEX "auditevent_complaint_id" ON "audit_event" ("complaint_id")',)
_0013_SEAL_TABLE = (
    'CREATE TABLE "{name}" ("id" INTEGER NOT NULL PRIMARY KEY, "complaint_id" INTEGER NOT NULL, '
    '"archive_number" VARCHAR(20) NOT NULL, "kind" VARCHAR(16) NOT NULL, "sealed_at" DATETIME NOT NULL, '
    '"sealed_by_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "payload" BLOB NOT NULL, '
    '"digest" VARCHAR(64) NOT NULL, "previous_digest" VARCHAR(64) NOT NULL, '
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("sealed_by_id") REFERENCES "staff" ("id") ON DELETE RESTRICT)'
)
_0013_SEAL_INDEXES = (
    'CREATE INDEX "archiveseal_complaint_id" ON "archive_seal" ("complaint_id")',
    'CREATE INDEX "archiveseal_archive_number" ON "archive_seal" ("archive_number")',
    'CREATE UNIQUE INDEX "archiveseal_digest" ON "archive_seal" ("digest")',
)
