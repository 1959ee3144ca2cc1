"""What the fork server (``models.verify.fresh_process_context``) loads once, before it forks verify's workers
and the backups' checks: the models they run, and the triggers the migrations create
(``models.verify.expected_triggers``: every migration run on an empty database, a quarter of a second),
worked out here once instead of in every process forked."""

from models import backups as backups
from models import verify as verify

verify.expected_triggers()
