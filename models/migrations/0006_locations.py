"""0006: a catalogue of locations, offered while the duty manager types where it happened."""
from peewee import *


def up(migrator, db):
    class Location(Model):
        code = CharField(unique=True, max_length=32)
        name = CharField(max_length=64)
        name_en = CharField(max_length=64, default="")
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "location"

    db.create_tables([Location])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("location"))
