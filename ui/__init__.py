"""Complaint Desk's presentation: Qt widgets (ui/paper/ renders PDFs without Qt)."""
