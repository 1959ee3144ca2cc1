"""The scripted intake: a wizard with one module per page."""
