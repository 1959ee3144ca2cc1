"""What the fork server (``models.verify.fresh_process_context``) loads once, before it forks verify's workers
and the backups' checks: the models they run, and the triggers the migrations create
(``models.verify.expected_triggers``: every migration run on an empty database, a quarter of a second),
worked out here once instead of in every process forked.

Ctrl+C, which reaches every process of the terminal, is the parent's to act on: the server ignores it from its
start (Python's fork server does so only after loading this, and a Ctrl+C meanwhile printed a traceback), and the
processes it forks inherit that; the backups' check listens again (it stops when its parent says so)."""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)

from models import backups as backups  # noqa: E402 - after the signal's handler
from models import verify as verify  # noqa: E402

verify.expected_triggers()
