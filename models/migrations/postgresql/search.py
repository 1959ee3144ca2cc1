"""The search index on PostgreSQL (schema 0021): see models/search.py."""


def create(db):
    pass
