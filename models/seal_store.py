"""How a seal's payload is kept in the file (migration 0013).

A seal's digest covers its canonical JSON text (``models.archive``). The file
keeps that text deflated against a dictionary, and keeps the customer's
signature, which the record carries as base64, once in the ``signature``
table instead of inside the payload. ``unpack(pack(text).data, ...)`` gives
back ``text`` byte for byte, so verify recomputes every digest over the very
text that was sealed, and seals of every format (1 and 2) are stored alike.

A stored payload, by its first byte:

- ``{``: the canonical text itself, as before 0013 (still read, never written);
- 1: the text, raw deflate with ``DICTIONARY_1`` preset (migration 0013);
- 2: the same, after the first ``"signature_png":"<base64>"`` value was
  replaced by the SHA-256 (hex) of the PNG, which the signature table holds;
- 3 and 4: as 1 and 2, deflated against a dictionary of the archive's own
  (migration 0014): the byte is followed by the dictionary's id (LEB128) in
  the ``seal_dictionary`` table, which holds the texts of the newest seals
  when it was made (``make_dictionary``). Records of one desk repeat each
  other (names, places, the house's phrases, the keys and codes), which a
  fixed dictionary cannot know: a payload is about half the size of form 1
  (still read, no longer written);
- 5 and 6: as 3 and 4, compressed with Zstandard (RFC 8878, level 3, one
  frame) with the dictionary as its raw content (migration 0025): a fifth of
  deflate's time (10 against 45 µs a demo record) and a few bytes smaller,
  as it reaches back over a whole dictionary of 128 KiB, where deflate's
  window is 32 KiB (``DICTIONARY_BYTES``). From migration 0026 on, a new
  dictionary is one Zstandard trained on the newest seals' texts (its bytes
  begin with Zstandard's dictionary magic number, a raw one with a record's
  ``{``): it knows which strings recur and how often, where the raw texts only
  hold them, so a demo record takes about 300 bytes instead of 394. The frames
  do not repeat the dictionary's id: the payload names it.

Never change ``DICTIONARY_1`` or a stored dictionary: every stored payload
needs their exact bytes (a test pins DICTIONARY_1's digest; the table is
append-only and verify hashes each dictionary again).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from models.errors import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from backports.zstd import ZstdCompressor, ZstdDict

PLAIN, DEFLATED, SIGNATURE_APART = b"{", b"\x01", b"\x02"
DEFLATED_WITH, SIGNATURE_APART_WITH = b"\x03", b"\x04"  # against a stored dictionary, named after the byte
ZSTD_WITH, ZSTD_SIGNATURE_APART_WITH = b"\x05", b"\x06"  # the same, Zstandard
_NAMING = (DEFLATED_WITH, SIGNATURE_APART_WITH, ZSTD_WITH, ZSTD_SIGNATURE_APART_WITH)
WINDOW_BYTES = 32 * 1024  # deflate looks back this far: the part of a dictionary forms 3 and 4 use
# A dictionary made now holds this much of the newest seals' texts: 128 KiB (against 32) makes a demo record
# 7 % smaller (429 against 447 bytes, the dictionary's share counted: one is made every 10,000 seals); 256 KiB
# would save 23 bytes more and take twice the memory in each process that compresses or reads them.
DICTIONARY_BYTES = 128 * 1024
# A dictionary is trained from this many texts and more (the archive keeps 256: DICTIONARY_SEALS); from fewer,
# or when Zstandard cannot learn from them, it is their raw content, as before 0026. Training from 256 demo
# records takes about 45 ms (one closing in DICTIONARY_EVERY pays it) and from 1,000 only 2 % fewer bytes.
TRAINED_FROM = 100
TRAINED_MAGIC = b"\x37\xa4\x30\xec"  # how a trained Zstandard dictionary begins (RFC 8878, 5)
ZSTD_LEVEL = 3  # level 4 saves a tenth of the bytes and takes twice the time
SIGNATURE_KEY = '"signature_png":"'
_SIGNATURE_KEY_UTF8 = SIGNATURE_KEY.encode("ascii")
DIGEST_LENGTH = 64
LEVEL = 6  # zlib's default: level 1 saves a fifth of the time and costs a tenth more bytes
WINDOW = -15  # raw deflate: no zlib header or checksum (the seal's digest checks the text)

# The shipped catalogue's codes and names (resources/catalog/defaults.json as of 0013), the codes of the
# record's states and answers, and a record with every key and no values: what every payload repeats.
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


class StoredFormError(ValueError):
    """A stored payload that cannot be read back (damaged, or of an unknown form)."""


@dataclass(frozen=True)
class Packed:
    data: bytes
    signature: bytes | None  # the PNG taken out of the text: the signature table must hold it


@dataclass(frozen=True)
class Dictionary:
    """A row of ``seal_dictionary``: its id, which a stored payload names, and its bytes."""

    id: int
    data: bytes


def make_dictionary(texts: Sequence[bytes]) -> bytes:
    """A dictionary from the texts of the newest seals (as ``inflate`` gives them: a signature kept apart
    stays its digest), oldest first: one Zstandard trains on them (``TRAINED_FROM`` texts and more: the same
    texts give the same bytes), else the newest ``DICTIONARY_BYTES`` of them, whose matches nearest the text
    cost the fewest bits."""
    if len(texts) >= TRAINED_FROM:
        zstd = _zstd()
        try:
            return bytes(zstd.train_dict(texts, DICTIONARY_BYTES).dict_content)
        except zstd.ZstdError:  # too little to learn from (texts as short as a test's)
            pass
    return b"".join(texts)[-DICTIONARY_BYTES:]


def pack(text: str | bytes, dictionary: Dictionary | None = None) -> Packed:
    """The stored form of a seal's canonical text (or of its UTF-8, as a bulk seal has it): compressed against
    ``dictionary`` (forms 5 and 6), or deflated against DICTIONARY_1 when there is none yet (forms 1 and 2)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    begin = data.find(_SIGNATURE_KEY_UTF8)
    if begin >= 0:
        begin += len(_SIGNATURE_KEY_UTF8)
        end = data.find(b'"', begin)  # a quote is never part of another character's UTF-8
        png = _png(data[begin:end])
        if png is not None:
            apart = data[:begin] + signature_digest(png).encode("ascii") + data[end:]
            if dictionary is None:
                return Packed(SIGNATURE_APART + _deflate(apart), png)
            return Packed(ZSTD_SIGNATURE_APART_WITH + _named(dictionary, apart), png)
    if dictionary is None:
        return Packed(DEFLATED + _deflate(data), None)
    return Packed(ZSTD_WITH + _named(dictionary, data), None)


def unpack(
    data: bytes | str,
    signature: Callable[[str], bytes | None],
    dictionary: Callable[[int], bytes | None] = lambda _: None,
) -> str:
    """The canonical text of a stored payload; ``signature`` gives the PNG of a
    SHA-256 (hex), or None when there is none; ``dictionary`` the bytes of a
    dictionary by its id, or None. Raises StoredFormError."""
    return restore(*inflate(data, dictionary), signature)


def inflate(data: bytes | str, dictionary: Callable[[int], bytes | None] = lambda _: None) -> tuple[bytes, bool]:
    """The stored text as UTF-8, and whether its signature is kept apart (then the
    text holds the PNG's SHA-256 in its place). ``dictionary`` gives the bytes of a
    stored dictionary by its id (None: there is none). Raises StoredFormError."""
    if isinstance(data, str):
        return data.encode("utf-8"), False
    if type(data) is not bytes:
        data = bytes(data)
    form = data[:1]
    if form == PLAIN:
        return data, False
    if form in (DEFLATED, SIGNATURE_APART):
        zdict, start = DICTIONARY_1, 1
    elif form in _NAMING:
        number, start = (data[1], 2) if len(data) > 1 and data[1] < 0x80 else dictionary_id(data)
        found = dictionary(number)
        if found is None:
            raise StoredFormError(f"the dictionary it was stored with ({number}) is missing")
        zdict = found
        if form in (ZSTD_WITH, ZSTD_SIGNATURE_APART_WITH):
            return _decompressed(data[start:], number, zdict), form == ZSTD_SIGNATURE_APART_WITH
    else:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is of an unknown form"))
    try:
        inflater = zlib.decompressobj(WINDOW, zdict=zdict)
        inflated = inflater.decompress(data[start:]) + inflater.flush()
    except zlib.error:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged")) from None
    if not inflater.eof or inflater.unused_data:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged"))
    return inflated, form in (SIGNATURE_APART, SIGNATURE_APART_WITH)


def _decompressed(frame: bytes, number: int, dictionary: bytes) -> bytes:
    """A payload of form 5 or 6: exactly one Zstandard frame, against the dictionary."""
    zstd = _zstd()
    decompressor = zstd.ZstdDecompressor(zstd_dict=_zstd_dictionary(number, dictionary))
    try:
        text: bytes = decompressor.decompress(frame)
    except zstd.ZstdError:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged")) from None
    if not decompressor.eof or decompressor.unused_data:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged"))
    return text


def named_dictionary(data: bytes | str) -> int | None:
    """The id of the dictionary a stored payload was compressed against, if any."""
    if isinstance(data, str) or data[:1] not in _NAMING:
        return None
    try:
        return dictionary_id(bytes(data))[0]
    except StoredFormError:
        return None


def dictionary_id(data: bytes) -> tuple[int, int]:
    """The dictionary a payload of form 3 to 6 names (unsigned LEB128 after the form's byte), and where the
    compressed text begins. Raises StoredFormError."""
    number, shift = 0, 0
    for place in range(1, min(len(data), 10)):
        number |= (data[place] & 0x7F) << shift
        if not data[place] & 0x80:
            return number, place + 1
        shift += 7
    raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged"))


def restore(inflated: bytes, signature_apart: bool, signature: Callable[[str], bytes | None]) -> str:
    """The canonical text of what ``inflate`` gave, with its signature put back."""
    text = _text(inflated)
    if not signature_apart:
        return text
    begin = text.find(SIGNATURE_KEY) + len(SIGNATURE_KEY)
    end = begin + DIGEST_LENGTH
    if begin < len(SIGNATURE_KEY) or text[end : end + 1] != '"':
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged"))
    png = signature(text[begin:end])
    if png is None:
        missing = QT_TRANSLATE_NOOP("ArchiveProblem", "the customer's signature the record holds is missing")
        raise StoredFormError(missing)
    return text[:begin] + base64.b64encode(png).decode("ascii") + text[end:]


def signature_digest(png: bytes) -> str:
    return hashlib.sha256(png).hexdigest()


def _png(value: bytes) -> bytes | None:
    """The image a base64 value holds, when it gives back exactly that value."""
    try:
        png = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return png if png and base64.b64encode(png) == value else None


def _deflate(data: bytes) -> bytes:
    deflater = zlib.compressobj(LEVEL, zlib.DEFLATED, WINDOW, zdict=DICTIONARY_1)
    return deflater.compress(data) + deflater.flush()


def _named(dictionary: Dictionary, data: bytes) -> bytes:
    """The dictionary's id (LEB128) and the text (UTF-8) compressed against it, one frame."""
    compressor = _primed(dictionary)
    return dictionary_name(dictionary.id) + compressor.compress(data, mode=compressor.FLUSH_FRAME)


def dictionary_name(number: int) -> bytes:
    """How a payload of form 3 to 6 names its dictionary after the form's byte: unsigned LEB128 (``dictionary_id``
    reads it)."""
    named = bytearray()
    while True:
        named.append((number & 0x7F) | (0x80 if number > 0x7F else 0))
        number >>= 7
        if not number:
            return bytes(named)


_compressors: dict[int, tuple[bytes, ZstdCompressor]] = {}
_dictionaries: dict[int, tuple[bytes, ZstdDict]] = {}


def _primed(dictionary: Dictionary) -> ZstdCompressor:
    """A compressor with the dictionary loaded, kept for the next payloads: loading 128 KiB of dictionary costs
    more than compressing a record (each frame starts afresh: the output does not depend on what it did before)."""
    data = dictionary.data
    known = _compressors.get(dictionary.id)
    if known is None or known[0] is not data:
        if known is not None and known[0] == data:  # the same bytes in another object (a batch unpickled)
            compressor = known[1]
        else:
            loaded = _zstd_dictionary(dictionary.id, data)
            zstd = _zstd()
            options = {  # the payload names its dictionary: the frame need not
                zstd.CompressionParameter.compression_level: ZSTD_LEVEL,
                zstd.CompressionParameter.dict_id_flag: 0,
            }
            compressor = zstd.ZstdCompressor(options=options, zstd_dict=loaded.as_digested_dict)
            _compressors.clear()
        # Kept with these very bytes: the next payloads of the batch find them by identity, not by comparing
        # 128 KiB each time.
        known = _compressors[dictionary.id] = data, compressor
    return known[1]


def _zstd_dictionary(number: int, data: bytes) -> ZstdDict:
    """The dictionary ``number`` as Zstandard takes it (trained, or raw content), kept while the same bytes come
    again: a check reads payloads of a few dictionaries in turn."""
    known = _dictionaries.get(number)
    if known is None or known[0] is not data:
        if known is not None and known[0] == data:
            loaded = known[1]
        else:
            if len(_dictionaries) >= 8:
                _dictionaries.clear()
            loaded = _zstd().ZstdDict(data, is_raw=not data.startswith(TRAINED_MAGIC))
        known = _dictionaries[number] = data, loaded
    return known[1]


@functools.cache
def _zstd() -> Any:
    """Python's Zstandard (3.14's ``compression.zstd``, or its backport), imported when first needed: a desk's
    start and most commands never read a payload."""
    try:
        from compression import zstd  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from backports import zstd
    return zstd


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise StoredFormError(QT_TRANSLATE_NOOP("ArchiveProblem", "the stored record is damaged")) from None
