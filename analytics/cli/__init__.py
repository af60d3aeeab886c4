"""`python -m analytics` subcommands.

Each module in this package holds one subcommand and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed arguments and
returning an exit code.
"""

import importlib

SUBCOMMAND_MODULES = ("generate", "ingest", "demo", "fgt", "coverage", "report", "users")


class CliError(Exception):
    """A user mistake: printed as one line, exit code 2, no traceback."""


def load_subcommands():
    """Import the subcommand modules that exist (later issues add more)."""
    modules = []
    for name in SUBCOMMAND_MODULES:
        try:
            modules.append(importlib.import_module(f"analytics.cli.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"analytics.cli.{name}":
                raise
    return modules
