"""Printed forms rendered with reportlab, without Qt (the command line prints them without a display)."""
