"""Stored forms 3 and 4 as the application wrote them up to migration 0025 (models/seal_store.py then): files
hold them and every later program reads them, so the tests make some to read."""

from __future__ import annotations

import zlib

from models.seal_store import (
    _SIGNATURE_KEY_UTF8,
    DEFLATED_WITH,
    SIGNATURE_APART_WITH,
    WINDOW,
    WINDOW_BYTES,
    Dictionary,
    Packed,
    dictionary_name,
    pack,
    signature_digest,
)

LEVEL = 6


def deflated_with(text: str | bytes, dictionary: Dictionary | None) -> Packed:
    """Form 3 or 4 of ``text`` against ``dictionary`` (deflate reaches its last ``WINDOW_BYTES``); without one,
    ``pack``'s form 1 or 2."""
    if dictionary is None:
        return pack(text)
    packed = pack(text)  # forms 1 and 2: where the signature goes, if anywhere
    data = text.encode("utf-8") if isinstance(text, str) else text
    form = DEFLATED_WITH
    if packed.signature is not None:
        begin = data.find(_SIGNATURE_KEY_UTF8) + len(_SIGNATURE_KEY_UTF8)
        end = data.find(b'"', begin)
        data = data[:begin] + signature_digest(packed.signature).encode("ascii") + data[end:]
        form = SIGNATURE_APART_WITH
    deflater = zlib.compressobj(LEVEL, zlib.DEFLATED, WINDOW, zdict=dictionary.data[-WINDOW_BYTES:])
    named = dictionary_name(dictionary.id)
    return Packed(form + named + deflater.compress(data) + deflater.flush(), packed.signature)
