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
from models.seal_store import DICTIONARY_1, StoredFormError, inflate, pack, unpack

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
