"""The worker process of a big demo (``python -m models.demo.worker``): reads a pickled ``Plan`` from standard
input and writes the pickled batches of rows to standard output (see ``models.demo.producer``)."""

from __future__ import annotations

import os
import pickle
import signal
import sys

from models.demo.producer import produce


def main() -> int:
    # Ctrl+C in the terminal reaches this process too: the writer decides (it stops and kills this one), and
    # this one's traceback would only bury the writer's words of what was kept.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return produce(pickle.loads(sys.stdin.buffer.read()), sys.stdout.buffer)  # the writer closes it after the plan
    except BrokenPipeError:
        # The writer is gone (killed): nobody to tell, and Python's own flush of the pipe at exit must not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
