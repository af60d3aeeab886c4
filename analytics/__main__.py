"""Entry point: ``python -m analytics <subcommand> ...``."""

import argparse
import sys

from analytics.access.files import private_files
from analytics.cli import load_subcommands, one_line_errors
from analytics.errors import UserError
from analytics.reference import REGION_NAME
from analytics.settings import settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description=f"Analitik kedalaman dan keparahan kemiskinan {REGION_NAME}.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in load_subcommands():
        module.register(subparsers)
    for command, subparser in subparsers.choices.items():
        one_line_errors(subparser, command)
    args = parser.parse_args(argv)
    try:
        settings()  # a wrong setting stops every command before it starts
        # Every file a command writes (exports, rejects, packs, databases) is private: umask 077.
        with private_files():
            return int(args.func(args) or 0)
    except UserError as exc:
        # The user's or the data's fault: one Indonesian line. Anything else is a bug and
        # keeps its traceback (exit 1).
        print(f"galat: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
