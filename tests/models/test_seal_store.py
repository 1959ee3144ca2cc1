"""The stored form of a seal's payload: the canonical text comes back byte for byte, the signature
is kept apart, and a damaged or unknown form is refused, never misread."""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
import zlib

import pytest

from models.archive import canonical_json
from models.database import MIGRATIONS_DIR
from models.seal_store import (
    DICTIONARY_1,
    DICTIONARY_BYTES,
    TRAINED_FROM,
    TRAINED_MAGIC,
    WINDOW_BYTES,
    Dictionary,
    StoredFormError,
    _zstd,
    inflate,
    make_dictionary,
    named_dictionary,
    pack,
    unpack,
)
from tests.models.seal_forms import deflated_with

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
RECORD = {
    "format": 2,
    "archive_number": "TS-2026-000001",
    "narrative": '汤里有"异物"，\\ 还有\n换行\t和\x1f控制字符 😀',
    "signature_png": base64.b64encode(PNG).decode("ascii"),
    "proposals": [{"lines": [{"amount": "58.00", "remedy": "dish_remake", "remedy_name": "菜品重做"}]}],
}


def signatures(*pngs: bytes) -> dict[str, bytes]:
    return {hashlib.sha256(png).hexdigest(): png for png in pngs}


def test_the_dictionary_never_changes() -> None:
    """Every stored payload needs these exact bytes: a better dictionary is a new stored form."""
    pinned = "6841327bf0b13fa24bfac568c1fabfa374cf6f24e6ad03c9314314849974b3ce"
    assert hashlib.sha256(DICTIONARY_1).hexdigest() == pinned


def test_the_migration_packs_with_the_same_dictionary() -> None:
    spec = importlib.util.spec_from_file_location("m0013", MIGRATIONS_DIR / "0013_smaller_file.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.DICTIONARY_1 == DICTIONARY_1
    text = canonical_json({**RECORD, "signature_png": None})
    assert migration._packed(None, text) == pack(text).data


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize("dictionary", [None, Dictionary(7, b'"narrative":"' * 50)], ids=["form 1/2", "form 5/6"])
def test_a_text_and_its_utf8_are_stored_alike(signed: bool, dictionary: Dictionary | None) -> None:
    """A bulk seal packs the canonical text's UTF-8 (``canonical_utf8``): the very bytes, and the same
    signature kept apart, as packing the text."""
    text = canonical_json(RECORD if signed else {**RECORD, "signature_png": None})
    assert pack(text.encode("utf-8"), dictionary) == pack(text, dictionary)
    assert (pack(text, dictionary).signature == PNG) is signed


def test_a_record_comes_back_byte_for_byte_with_its_signature_kept_apart() -> None:
    text = canonical_json(RECORD)
    packed = pack(text)
    assert packed.signature == PNG
    assert packed.data[:1] == b"\x02" and base64.b64encode(PNG) not in packed.data
    assert len(packed.data) < len(text.encode()) / 2
    assert unpack(packed.data, signatures(PNG).get) == text
    inflated, apart = inflate(packed.data)
    assert apart and hashlib.sha256(PNG).hexdigest().encode() in inflated


def test_a_record_without_a_signature() -> None:
    text = canonical_json({**RECORD, "signature_png": None})
    packed = pack(text)
    assert packed.signature is None and packed.data[:1] == b"\x01"
    assert unpack(packed.data, signatures().get) == text


@pytest.mark.parametrize(
    "value",
    ["not base64!", "", "QUJD", "QUJDRA=="[:-1]],
    ids=["not-base64", "empty", "not-an-image-but-base64", "not-canonical-base64"],
)
def test_any_text_comes_back_even_an_odd_signature_value(value: str) -> None:
    """Only a value that decodes and encodes back to itself is kept apart; anything else stays in the text."""
    text = canonical_json({**RECORD, "signature_png": value})
    packed = pack(text)
    assert unpack(packed.data, signatures(*([packed.signature] if packed.signature else [])).get) == text


def test_an_amendment_naming_the_key_comes_back() -> None:
    text = canonical_json({"format": 2, "corrections": {"signature_png": "sha256:" + "0" * 64}, "reason": "x"})
    assert unpack(pack(text).data, signatures().get) == text


def test_plain_text_is_read_as_it_was_stored_before() -> None:
    text = canonical_json(RECORD)
    assert unpack(text, signatures().get) == text
    assert unpack(text.encode(), signatures().get) == text


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[:-3], "the stored record is damaged"),
        (lambda data: data + b"\x00", "the stored record is damaged"),
        (lambda data: b"\x09" + data[1:], "the stored record is of an unknown form"),
        (lambda data: b"", "the stored record is of an unknown form"),
        (lambda data: b"\x01" + zlib.compress(b"x")[2:], "the stored record is damaged"),
    ],
    ids=["cut-short", "trailing-bytes", "unknown-form", "empty", "other-stream"],
)
def test_a_damaged_stored_form_is_refused(damage: object, message: str) -> None:
    data = pack(canonical_json({**RECORD, "signature_png": None})).data
    with pytest.raises(StoredFormError, match=message):
        unpack(damage(data), signatures().get)  # type: ignore[operator]


def test_a_missing_signature_is_refused() -> None:
    data = pack(canonical_json(RECORD)).data
    with pytest.raises(StoredFormError, match="signature the record holds is missing"):
        unpack(data, signatures().get)


def test_the_dictionary_holds_no_demo_text() -> None:
    """The dictionary is the record's keys, its codes and the shipped catalogue: none of the demo's
    stories, so that the demo's figures say what a real archive would see."""
    folder = MIGRATIONS_DIR.parents[1] / "resources" / "demo"
    texts = " ".join((folder / name).read_text("utf-8") for name in ("phrases.json", "themes.json"))
    phrases = {p for p in re.split(r"[^\u4e00-\u9fff]+", texts) if len(p) >= 5}
    dictionary = DICTIONARY_1.decode()
    assert len(phrases) > 100 and not [p for p in phrases if p in dictionary]


# Stored forms 3 to 6: compressed against a dictionary of the archive's own (migrations 0014 and 0025).

OTHERS = [canonical_json({**RECORD, "narrative": f"第{n}件：汤里有异物，服务员态度也不好", "signature_png": None})
          for n in range(20)]  # fmt: skip


def dictionary(number: int = 1) -> Dictionary:
    return Dictionary(number, make_dictionary([text.encode() for text in OTHERS]))


@pytest.mark.parametrize("number", [1, 127, 128, 300, 2**40], ids=["1", "127", "128", "300", "2^40"])
def test_a_record_comes_back_byte_for_byte_from_a_dictionary_of_other_seals(number: int) -> None:
    """The dictionary's id, in as many bytes as it needs, then the text as one Zstandard frame against it."""
    stored = dictionary(number)
    text = canonical_json({**RECORD, "signature_png": None})
    packed = pack(text, stored)
    assert packed.data[:1] == b"\x05" and named_dictionary(packed.data) == number
    frame = packed.data[packed.data.index(b"\x28\xb5\x2f\xfd") :]
    assert len(packed.data) - len(frame) == 1 + (number.bit_length() + 6) // 7, "the form, the id, the frame"
    assert len(packed.data) < len(pack(text).data), "smaller than against DICTIONARY_1 alone"
    assert unpack(packed.data, signatures().get, {number: stored.data}.get) == text
    with_signature = pack(canonical_json(RECORD), stored)
    assert with_signature.data[:1] == b"\x06" and with_signature.signature == PNG
    assert base64.b64encode(PNG) not in with_signature.data
    assert unpack(with_signature.data, signatures(PNG).get, {number: stored.data}.get) == canonical_json(RECORD)


@pytest.mark.parametrize("signed", [False, True], ids=["form 3", "form 4"])
def test_the_deflated_forms_an_older_program_stored_are_still_read(signed: bool) -> None:
    stored = dictionary(3)
    text = canonical_json(RECORD if signed else {**RECORD, "signature_png": None})
    old = deflated_with(text, stored)
    assert old.data[:1] == (b"\x04" if signed else b"\x03") and named_dictionary(old.data) == 3
    assert unpack(old.data, signatures(PNG).get, {3: stored.data}.get) == text


def test_the_same_text_and_dictionary_give_the_same_bytes_whatever_was_compressed_before() -> None:
    """The demo's two processes share the compressing: either gives the same payload (each frame afresh)."""
    stored, other = dictionary(1), dictionary(2)
    texts = [canonical_json({**RECORD, "narrative": f"第{n}次", "signature_png": None}) for n in range(3)]
    first = [pack(text, stored).data for text in texts]
    pack(texts[0], other)  # another dictionary in between
    assert [pack(text, stored).data for text in reversed(texts)] == first[::-1]


def test_a_dictionary_keeps_the_newest_texts_up_to_its_size() -> None:
    texts = [bytes([65 + n]) * 20_000 for n in range(10)]
    made = make_dictionary(texts)
    assert DICTIONARY_BYTES == 128 * 1024 > WINDOW_BYTES
    assert len(made) == DICTIONARY_BYTES and made.endswith(texts[-1]) and made.startswith(texts[3][-11072:])
    assert make_dictionary([b"short"]) == b"short"


def varied_records(count: int) -> list[bytes]:
    """Records as a desk's archive holds them: the same keys and codes, texts that vary and repeat."""
    places, problems = ["大堂", "前台", "中餐厅", "客房", "电梯"], ["汤里有异物", "等位太久", "房间有噪音", "账单多收"]
    return [
        canonical_json({
            **RECORD,
            "id": n,
            "archive_number": f"TS-2026-{n:06d}",
            "location": places[n % 5],
            "narrative": f"第{n}位客人：{problems[n % 4]}，{problems[n * 7 % 4]}，希望给个说法（{n * 37 % 1000}号）",
            "customer": {"name": f"客人{n * 13 % 97}", "phone": f"139{n * 7919 % 10**8:08d}"},
            "signature_png": None,
        }).encode()
        for n in range(count)
    ]  # fmt: skip


def test_a_dictionary_is_trained_on_enough_texts_and_its_payloads_come_back() -> None:
    """From TRAINED_FROM texts on, Zstandard trains the dictionary (its magic number first), the same texts giving
    the same bytes; its payloads come back byte for byte, and their frames leave the id to the payload's prefix.
    (How much smaller they are is measured on a demo: tests/perf/bench_size.py.)"""
    texts = varied_records(300)
    earlier, later = texts[:256], texts[256:]
    trained = make_dictionary(earlier)
    assert trained.startswith(TRAINED_MAGIC) and len(trained) <= DICTIONARY_BYTES
    assert make_dictionary(list(earlier)) == trained, "the same texts, the same dictionary"
    assert not make_dictionary(earlier[: TRAINED_FROM - 1]).startswith(TRAINED_MAGIC), "too few: raw content"
    for text in later:
        data = pack(text, Dictionary(9, trained)).data
        frame = data[2:]
        assert frame[:4] == b"\x28\xb5\x2f\xfd" and frame[4] & 0x03 == 0, "no dictionary id in the frame"
        assert unpack(data, signatures().get, {9: trained}.get).encode() == text


def test_0026_is_undone_only_while_no_trained_dictionary_is_stored() -> None:
    """A program before 0026 would take a trained dictionary for raw content."""
    from peewee import SqliteDatabase

    spec = importlib.util.spec_from_file_location("m0026", MIGRATIONS_DIR / "0026_trained_dictionaries.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    database = SqliteDatabase(":memory:")
    database.execute_sql("CREATE TABLE seal_dictionary (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
    database.execute_sql("INSERT INTO seal_dictionary (data) VALUES (?)", (b"".join(varied_records(20)),))
    migration.down(None, database)  # raw content only: a program of 0025 reads it
    database.execute_sql("INSERT INTO seal_dictionary (data) VALUES (?)", (make_dictionary(varied_records(200)),))
    with pytest.raises(RuntimeError, match="trained seal dictionaries are stored"):
        migration.down(None, database)


def test_texts_zstandard_cannot_learn_from_are_kept_themselves(monkeypatch: pytest.MonkeyPatch) -> None:
    zstd = _zstd()

    def cannot(samples: object, size: int) -> None:
        raise zstd.ZstdError("Unable to train the Zstandard dictionary: Src size is incorrect")

    monkeypatch.setattr(zstd, "train_dict", cannot)
    texts = varied_records(TRAINED_FROM)
    assert make_dictionary(texts) == b"".join(texts)[-DICTIONARY_BYTES:]


@pytest.mark.parametrize("old", [False, True], ids=["form 5", "form 3"])
def test_a_missing_dictionary_is_refused_another_gives_another_text(old: bool) -> None:
    """Without its dictionary a payload cannot be read; with another one it gives another text or none
    (the digest names it, and verify hashes every dictionary again)."""
    stored = dictionary()
    text = canonical_json({**RECORD, "signature_png": None})
    data = (deflated_with(text, stored) if old else pack(text, stored)).data
    with pytest.raises(StoredFormError, match=r"the dictionary it was stored with \(1\) is missing"):
        unpack(data, signatures().get)
    other = make_dictionary([other.replace("汤", "粥").encode() for other in OTHERS])
    try:
        misread: str | None = unpack(data, signatures().get, {1: other}.get)
    except StoredFormError:
        misread = None
    assert misread != text
    with pytest.raises(StoredFormError, match="damaged"):
        unpack(data[:1] + b"\x80", signatures().get, {1: stored.data}.get)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-3],
        lambda data: data + b"\x00",
        lambda data: data + data[2:],
        lambda data: data[:2] + b"\x28\xb5\x2f\xfe" + data[6:],
        lambda data: data[:2],
        lambda data: data[:2] + zlib.compress(b"x"),
    ],
    ids=["cut-short", "trailing-byte", "a-second-frame", "not-a-frame", "no-frame", "another-stream"],
)
def test_a_damaged_zstandard_payload_is_refused(damage: object) -> None:
    stored = dictionary()
    data = pack(canonical_json({**RECORD, "signature_png": None}), stored).data
    with pytest.raises(StoredFormError, match="the stored record is damaged"):
        unpack(damage(data), signatures().get, {1: stored.data}.get)  # type: ignore[operator]


def test_the_migration_stores_seals_again_as_the_application_did() -> None:
    """0014's frozen copy gives the very bytes the application stored as form 3 and 4 then, from a payload 0013
    stored."""
    spec = importlib.util.spec_from_file_location("m0014", MIGRATIONS_DIR / "0014_smaller_rows.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    stored = Dictionary(200, make_dictionary([text.encode() for text in OTHERS])[-WINDOW_BYTES:])
    repack = migration._Repack((stored.id, stored.data))
    for record in ({**RECORD, "signature_png": None}, RECORD):
        text = canonical_json(record)
        assert repack.payload(pack(text).data) == deflated_with(text, stored).data
    assert repack.payload(b"\x07 not a payload") == b"\x07 not a payload", "kept for verify to name"
    assert migration.WINDOW_BYTES == WINDOW_BYTES
