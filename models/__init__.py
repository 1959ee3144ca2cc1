"""Complaint Desk's data and rules: plain Python and peewee, no Qt."""
