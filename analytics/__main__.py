"""Entry point: ``python -m analytics <subcommand> ...``."""

import argparse
import sys

from analytics.cli import CliError, load_subcommands, one_line_errors
from analytics.errors import UserError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description="Analitik kedalaman dan keparahan kemiskinan Kota Bontang.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in load_subcommands():
        module.register(subparsers)
    for command, subparser in subparsers.choices.items():
        one_line_errors(subparser, command)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"galat: {exc}", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"galat: {exc.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
