"""The command line's commands, one module each (``main.py --help`` lists them).

Each module offers ``add_to(commands)``, which declares its sub-command and sets
``run(url, args) -> exit status`` as the parsed arguments' default. Modules
import what their work needs inside ``run``: building the parser loads every
command module, and none of them may make ``main.py --help`` slow.
"""

from __future__ import annotations

import argparse
import importlib

# In the order ``--help`` lists them.
COMMAND_MODULES = (
    "demo", "print_forms", "export", "verify", "backup", "restore", "copy", "compact", "hotspots", "risk", "summary",
)


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, in the language ``speech.start`` chose."""
    from ui.commands.speech import ArgumentParser, HelpFormatter, translate

    parser = ArgumentParser(
        prog="main.py",
        description=translate(
            "CommandLine",
            "Complaint Desk (投诉受理台): front-desk complaint handling. Without a command, starts the desk.",
        ),
        formatter_class=HelpFormatter,
    )
    database = translate(
        "CommandLine",
        "SQLite database file (default: app.db in the application-data folder), or a PostgreSQL server's "
        "database: postgresql://USER[:PASSWORD]@HOST[:PORT]/NAME",
    )
    parser.add_argument("--db", metavar="URL", help=database)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").add_to(commands)
    listed = {action.dest: action.help for action in commands._choices_actions}
    for name, command in commands.choices.items():
        command.formatter_class = HelpFormatter
        # After the command too (main.py verify --db FILE was refused, as every command's help said nothing of it);
        # not given there, the one before the command stands.
        command.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=database)
        if command.description is None and listed.get(name):
            command.description = str(listed[name])  # main.py verify --help said nothing of what verify does
    return parser
