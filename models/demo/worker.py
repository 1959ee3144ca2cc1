"""The worker process of a big demo (``python -m models.demo.worker``): reads a pickled ``Plan`` from standard
input and writes the pickled batches of rows to standard output (see ``models.demo.producer``)."""

from __future__ import annotations

import pickle
import sys

from models.demo.producer import produce


def main() -> int:
    return produce(pickle.loads(sys.stdin.buffer.read()), sys.stdout.buffer)  # the writer closes it after the plan


if __name__ == "__main__":
    sys.exit(main())
