"""`python -m analytics` subcommands.

Each module in this package holds one subcommand and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed arguments and
returning an exit code.
"""

import importlib
import sys

SUBCOMMAND_MODULES = (
    "generate",
    "ingest",
    "demo",
    "fgt",
    "coverage",
    "analyses",
    "quality",
    "page",
    "sae",
    "report",
    "users",
    "verval",
)


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


def one_line_errors(parser, command: str) -> None:
    """Make a subcommand's argument errors one Indonesian line with exit code 2.

    argparse would otherwise print English usage text, and hand unknown options up to the
    top-level parser.
    """

    def error(message: str):
        print(
            f"galat: argumen perintah {command} tidak valid ({message}); lihat: python -m analytics {command} --help",
            file=sys.stderr,
        )
        sys.exit(2)

    parse_known_args = parser.parse_known_args

    def parse(args=None, namespace=None):
        parsed, extras = parse_known_args(args, namespace)
        if extras:
            error(f"argumen tidak dikenal: {' '.join(extras)}")
        return parsed, extras

    parser.error = error
    parser.parse_known_args = parse
