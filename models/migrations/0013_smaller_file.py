"""0013: a smaller file (issue 11). Nothing the archive's verification needs is lost.

- The customer's signature leaves the complaint row: a ``signature`` table
  keeps each PNG once, by its SHA-256, and ``complaint.signature_id`` points
  at it, so reading complaints no longer reads images. The table is
  append-only, as the archive is.
- ``archive_seal`` is rebuilt with each payload in its stored form (frozen
  copy of ``models/seal_store.py``'s ``pack``): the canonical text deflated
  against a fixed dictionary, and the PNG inside a payload kept in the
  signature table instead. The digests stay over the canonical text, which
  ``unpack`` gives back byte for byte: no seal is re-sealed, its format (1 or
  2) is unchanged. Rebuilt rather than updated in place, so the table's pages
  are full; its append-only triggers are created again with 0001's text.
- Indexes nothing uses are dropped: prefixes of a composite index
  (complaint.state, complaint.category_id, proposal.complaint_id) and foreign
  keys that no query looks up and whose rows are never deleted (the audit
  trail's time and actor, the seal's sealer, the proposal's decider, the
  line's remedy and department, the follow-up's doer).

The sealed-complaint trigger of 0002 is dropped for the signature's move and
created again with its very text (``verify`` compares the triggers' text).
All of it is one transaction: interrupted, it leaves the file as it was and
runs again at the next start.

VACUUM is not part of it: it cannot run inside the migration's transaction,
and it rewrites the whole file (minutes on a large archive, as much free disk
again, every other desk locked out meanwhile). Until ``main.py compact`` is
run, the freed pages stay in the file and take new rows first.
"""
import base64
import binascii
import hashlib
import zlib

from peewee import *  # noqa: F403 - the frozen copy uses peewee's field names

SIGNATURE_KEY = '"signature_png":"'
DIGEST_LENGTH = 64
APPEND_ONLY = (
    "CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature "
    "BEGIN SELECT RAISE(ABORT, 'signature is append-only'); END",
    "CREATE TRIGGER signature_no_delete BEFORE DELETE ON signature "
    "BEGIN SELECT RAISE(ABORT, 'signature is append-only'); END",
)
UNUSED_INDEXES = (
    "complaint_state",
    "complaint_category_id",
    "proposal_complaint_id",
    "proposal_decided_by_id",
    "compensationline_remedy_id",
    "compensationline_charged_to_id",
    "followup_done_by_id",
    "auditevent_at",
    "auditevent_actor_id",
)
# How 0001 created them, for down().
UNUSED_INDEX_COLUMNS = {
    "complaint_state": ("complaint", "state"),
    "complaint_category_id": ("complaint", "category_id"),
    "proposal_complaint_id": ("proposal", "complaint_id"),
    "proposal_decided_by_id": ("proposal", "decided_by_id"),
    "compensationline_remedy_id": ("compensation_line", "remedy_id"),
    "compensationline_charged_to_id": ("compensation_line", "charged_to_id"),
    "followup_done_by_id": ("follow_up", "done_by_id"),
    "auditevent_at": ("audit_event", "at"),
    "auditevent_actor_id": ("audit_event", "actor_id"),
    "archiveseal_sealed_by_id": ("archive_seal", "sealed_by_id"),
}
SEAL_COLUMNS = (
    "id, complaint_id, archive_number, kind, sealed_at, sealed_by_id, reason, payload, digest, previous_digest"
)
SEAL_TABLE = (
    'CREATE TABLE "{name}" ("id" INTEGER NOT NULL PRIMARY KEY, "complaint_id" INTEGER NOT NULL, '
    '"archive_number" VARCHAR(20) NOT NULL, "kind" VARCHAR(16) NOT NULL, "sealed_at" DATETIME NOT NULL, '
    '"sealed_by_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "payload" {payload} NOT NULL, '
    '"digest" VARCHAR(64) NOT NULL, "previous_digest" VARCHAR(64) NOT NULL, '
    'FOREIGN KEY ("complaint_id") REFERENCES "complaint" ("id") ON DELETE RESTRICT, '
    'FOREIGN KEY ("sealed_by_id") REFERENCES "staff" ("id") ON DELETE RESTRICT)'
)
SEAL_INDEXES = (
    'CREATE INDEX "archiveseal_complaint_id" ON "archive_seal" ("complaint_id")',
    'CREATE INDEX "archiveseal_archive_number" ON "archive_seal" ("archive_number")',
    'CREATE UNIQUE INDEX "archiveseal_digest" ON "archive_seal" ("digest")',
)
CHUNK = 2000

# Frozen copy of models/seal_store.py's DICTIONARY_1 (never changes: a test compares the two).
DICTIONARY_1 = (
    '"location":"大堂","location":"前台","location":"中餐厅","location":"西餐厅","location":"宴会厅","loc'
    'ation":"包间","location":"客房","location":"电梯","location":"停车场","location":"收银台","location"'
    ':"商场","location":"电话","remedy":"free_drink","remedy_name":"赠送饮料""remedy":"free_dessert","rem'
    'edy_name":"赠送果盘/甜品""remedy":"dish_remake","remedy_name":"菜品重做""remedy":"bill_discount","re'
    'medy_name":"账单折扣""remedy":"waived_bill","remedy_name":"免单""remedy":"voucher","remedy_name":"代'
    '金券""remedy":"refund","remedy_name":"退款（原路退回）""remedy":"cash_refund","remedy_name":"现金退'
    '款""remedy":"room_upgrade","remedy_name":"房型升级""remedy":"gift","remedy_name":"赠送礼品""remedy":'
    '"exchange","remedy_name":"换货""remedy":"repair","remedy_name":"维修/返工""remedy":"written_apology"'
    ',"remedy_name":"书面道歉""remedy":"explanation","remedy_name":"解释说明""remedy":"cash_compensation"'
    ',"remedy_name":"现金补偿""department":"front_office","department_name":"前厅部","department":"housek'
    'eeping","department_name":"客房部","department":"food_beverage","department_name":"餐饮部","departme'
    'nt":"kitchen","department_name":"厨房出品部","department":"security","department_name":"保安部","dep'
    'artment":"engineering","department_name":"工程部","department":"finance","department_name":"财务部",'
    '"department":"sales","department_name":"销售部","department":"retail","department_name":"商场部","de'
    'partment":"office","department_name":"办公室","category":"service_attitude","category_name":"服务态'
    '度","category":"food_quality","category_name":"菜品质量","category":"food_safety","category_name":"'
    '食品安全/异物","category":"hygiene","category_name":"卫生","category":"waiting_time","category_name"'
    ':"等候时间","category":"billing","category_name":"收费/账单争议","category":"facility_fault","catego'
    'ry_name":"设施设备故障","category":"noise","category_name":"噪音","category":"reservation","category'
    '_name":"预订问题","category":"property_loss","category_name":"财物丢失或损坏","category":"personal_i'
    'njury","category_name":"人身伤害","category":"product_quality","category_name":"商品质量","category"'
    ':"safety_hazard","category_name":"安全问题","category":"other","category_name":"其他","state":"close'
    'd","state":"withdrawn","channel":"in_person","channel":"phone","channel":"online","channel":"letter"'
    ',"channel":"referred","liability":"none","liability":"misunderstanding","liability":"partial","liabi'
    'lity":"full","consent":"accepted","consent":"declined","consent":"countered","severity":"low","sever'
    'ity":"medium","severity":"high","severity":"critical","decision":"approved","decision":"changed","de'
    'cision":"taken_over","kind":"call_back","kind":"promised_item","kind":"other","status":"offered","st'
    'atus":"escalated","status":"decided","status":"accepted","status":"declined","status":"countered","s'
    'tatus":"superseded",{"acknowledged":true,"archive_number":"TS-2026-","attachments":[{"filename":"","'
    'sha256":"","size":0}],"category":"","category_name":"","channel":"","closed_at":"2026-","closed_by":'
    '{"name":"","username":""},"consent":"","consent_at":null,"counter_demand":"","customer":{"name":"","'
    'phone":"1"},"demand":"","department":"","department_name":"","findings":"","follow_ups":[{"descripti'
    'on":"","due_at":"2026-","kind":""}],"format":2,"handoff_note":"","id":1,"improvement_suggestion":"",'
    '"liability":"","location":"","moved_to_private":false,"narrative":"","promised_at":"2026-","promised'
    '_minutes":30,"proposals":[{"answer":"","answered_at":null,"counter_demand":"","created_at":"2026-","'
    'created_by":{"name":"","username":""},"decided_at":null,"decided_by":null,"decision":"","decision_no'
    'te":"","explanation":"","lines":[{"amount":".00","charged_to":"","charged_to_name":"","description":'
    '"","remedy":"","remedy_name":""}],"needs_office":false,"satisfaction":null,"seq":1,"status":"","supe'
    'rseded":false,"total":".00"}],"received_at":"2026-","received_by":{"name":"","username":""},"satisfa'
    'ction":null,"sealed_at":"2026-","sealed_by":"","severity":"","signature_png":null,"staff_involved":"'
    '","state":"","withdrawn_reason":"","witness":""}'
).encode()


def up(migrator, db):
    # Freed pages are not zeroed one by one (Debian's SQLite does by default): dropping the old
    # archive table would write gigabytes for nothing. Pages that are written anyway still are.
    (secure_delete,) = db.execute_sql("PRAGMA secure_delete").fetchone()
    db.execute_sql("PRAGMA secure_delete = FAST")
    try:
        _up(db)
    finally:
        db.execute_sql(f"PRAGMA secure_delete = {int(secure_delete)}")


def _up(db):
    class Signature(Model):
        sha256 = CharField(max_length=64, unique=True)
        png = BlobField()

        class Meta:
            database = db
            table_name = "signature"

    db.create_tables([Signature])
    for sql in APPEND_ONLY:
        db.execute_sql(sql)
    db.execute_sql(
        'ALTER TABLE "complaint" ADD COLUMN "signature_id" INTEGER '
        'REFERENCES "signature" ("id") ON DELETE RESTRICT'
    )
    _move_signatures(db)
    db.execute_sql('ALTER TABLE "complaint" DROP COLUMN "signature_png"')
    _rebuild_seals(db, _packed, "BLOB")
    for name in UNUSED_INDEXES:
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def _move_signatures(db):
    (sealed_update,) = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'complaint_sealed_update'"
    ).fetchone()
    db.execute_sql("DROP TRIGGER complaint_sealed_update")
    last = 0
    while True:
        rows = db.execute_sql(
            "SELECT id, signature_png FROM complaint WHERE id > ? AND signature_png IS NOT NULL ORDER BY id LIMIT ?",
            (last, CHUNK),
        ).fetchall()
        if not rows:
            break
        moved = [(_keep_signature(db, bytes(png)), complaint_id) for complaint_id, png in rows]
        db.cursor().executemany("UPDATE complaint SET signature_id = ? WHERE id = ?", moved)
        last = rows[-1][0]
    db.execute_sql(sealed_update)


def _keep_signature(db, png):
    digest = hashlib.sha256(png).hexdigest()
    db.execute_sql("INSERT OR IGNORE INTO signature (sha256, png) VALUES (?, ?)", (digest, png))
    return db.execute_sql("SELECT id FROM signature WHERE sha256 = ?", (digest,)).fetchone()[0]


def _rebuild_seals(db, convert, payload_type):
    """archive_seal again, in id order, each payload through ``convert``; indexes and triggers as before."""
    triggers = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'archive_seal'"
    ).fetchall()
    for name, _ in triggers:
        db.execute_sql(f"DROP TRIGGER {name}")
    db.execute_sql(SEAL_TABLE.format(name="archive_seal_0013", payload=payload_type))
    rows = db.cursor().execute(f"SELECT {SEAL_COLUMNS} FROM archive_seal ORDER BY id")
    insert = f"INSERT INTO archive_seal_0013 ({SEAL_COLUMNS}) VALUES ({', '.join('?' * 10)})"
    while True:
        chunk = rows.fetchmany(CHUNK)
        if not chunk:
            break
        db.cursor().executemany(insert, [(*row[:7], convert(db, row[7]), *row[8:]) for row in chunk])
    db.execute_sql("DROP TABLE archive_seal")
    db.execute_sql("ALTER TABLE archive_seal_0013 RENAME TO archive_seal")
    for sql in SEAL_INDEXES:
        db.execute_sql(sql)
    for _, sql in triggers:
        db.execute_sql(sql)


def _packed(db, payload):
    """Frozen copy of models/seal_store.py's pack(), keeping the PNG it takes out."""
    text = payload if isinstance(payload, str) else bytes(payload).decode("utf-8")
    begin = text.find(SIGNATURE_KEY)
    if begin >= 0:
        begin += len(SIGNATURE_KEY)
        end = text.find('"', begin)
        value = text[begin:end]
        try:
            png = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            png = b""
        if png and base64.b64encode(png).decode("ascii") == value:
            _keep_signature(db, png)
            return b"\x02" + _deflate(text[:begin] + hashlib.sha256(png).hexdigest() + text[end:])
    return b"\x01" + _deflate(text)


def _deflate(text):
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15, zdict=DICTIONARY_1)
    return deflater.compress(text.encode("utf-8")) + deflater.flush()


def _plain(db, payload):
    """The canonical text again (for down())."""
    if isinstance(payload, str):
        return payload
    payload = bytes(payload)
    if payload[:1] == b"{":
        return payload.decode("utf-8")
    inflater = zlib.decompressobj(-15, zdict=DICTIONARY_1)
    text = (inflater.decompress(payload[1:]) + inflater.flush()).decode("utf-8")
    if payload[:1] == b"\x02":
        begin = text.find(SIGNATURE_KEY) + len(SIGNATURE_KEY)
        digest = text[begin : begin + DIGEST_LENGTH]
        (png,) = db.execute_sql("SELECT png FROM signature WHERE sha256 = ?", (digest,)).fetchone()
        text = text[:begin] + base64.b64encode(bytes(png)).decode("ascii") + text[begin + DIGEST_LENGTH :]
    return text


def down(migrator, db):
    for name, (table, column) in UNUSED_INDEX_COLUMNS.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
    _rebuild_seals(db, _plain, "TEXT")
    db.execute_sql('CREATE INDEX "archiveseal_sealed_by_id" ON "archive_seal" ("sealed_by_id")')
    db.execute_sql('ALTER TABLE "complaint" ADD COLUMN "signature_png" BLOB')
    (sealed_update,) = db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'complaint_sealed_update'"
    ).fetchone()
    db.execute_sql("DROP TRIGGER complaint_sealed_update")
    db.execute_sql(
        "UPDATE complaint SET signature_png = (SELECT png FROM signature WHERE id = complaint.signature_id) "
        "WHERE signature_id IS NOT NULL"
    )
    db.execute_sql(sealed_update)
    db.execute_sql('ALTER TABLE "complaint" DROP COLUMN "signature_id"')
    db.execute_sql("DROP TABLE signature")  # its triggers go with it
