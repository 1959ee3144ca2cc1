"""How the file keeps a SHA-256 digest of the archive's and the audit trail's chains (migration 0014):
its 32 bytes. Everywhere else (forms, the handover sheet, the anchor log, the command line, a seal's
``amends``) it is the 64 lower-case hex digits people know; the field converts at the edge."""

from __future__ import annotations

from peewee import BlobField


class DigestField(BlobField):
    """A digest column: the 32 bytes in the file, the hex text in Python. A value that is not a
    digest (only a hand-edited file holds one) is handed on as it is, for verify to name."""

    def db_value(self, value: object) -> object:
        if isinstance(value, str):
            try:
                return bytes.fromhex(value) if len(value) == 64 else value
            except ValueError:
                return value
        return super().db_value(value)

    def python_value(self, value: object) -> object:
        if isinstance(value, (bytes, memoryview)):
            return bytes(value).hex()
        return value


def digest_text(value: object) -> str:
    """A digest as read with raw SQL (bytes), as its hex text; anything else as text."""
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return "" if value is None else str(value)
