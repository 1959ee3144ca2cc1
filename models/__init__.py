"""Complaint Desk's data and rules: plain Python and peewee, no Qt."""

import sys

# peewee imports psycopg, the PostgreSQL driver, as it is imported itself wherever the driver is installed: 80 ms
# (asyncio and the driver's C library) of every desk's start, when a desk on a SQLite file never needs it. Every
# models module is imported after this file: peewee is imported here with the driver kept from it, and the
# driver is given to peewee when a server is connected to (models.postgresql.give_peewee_the_driver).
if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # "import psycopg" fails: peewee takes it as absent
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]
