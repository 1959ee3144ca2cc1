"""Wrong passwords typed at the same moment on several desks all count: real
processes share one database file, as desks on a shared folder do."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.errors import AuthenticationError
from models.staff import MAX_FAILED_LOGINS, Role, Staff, authenticate, create_staff

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 8
TRIES_EACH = 4

# Each child waits for the start file so that all of them guess at once.
CHILD = """
import sys, time
from pathlib import Path
from models.database import connect
from models.errors import AuthenticationError
from models.staff import authenticate

database = connect(sys.argv[1])
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.002)
for _ in range({tries}):
    try:
        authenticate("zhangwei", "wrong-guess")
    except AuthenticationError as error:
        print("locked" if "locked" in error.template else "wrong", flush=True)
database.close()
"""


@pytest.mark.slow
def test_wrong_passwords_from_eight_processes_at_once_lock_the_account(database: object, tmp_path: Path) -> None:
    create_staff("zhangwei", "张伟", Role.DUTY_MANAGER, "desk-pass-1")
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD.format(tries=TRIES_EACH), str(database.database), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSES)
    ]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    go.touch()
    answers: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        answers += out.split()

    # Exactly the first five wrong passwords counted (the fifth said it locked the account); every later try met
    # the lock.
    assert answers.count("wrong") == MAX_FAILED_LOGINS - 1
    assert answers.count("locked") == PROCESSES * TRIES_EACH - MAX_FAILED_LOGINS + 1
    with pytest.raises(AuthenticationError, match="locked until"):
        authenticate("zhangwei", "desk-pass-1")
    assert Staff.get(Staff.username == "zhangwei").locked_until is not None
