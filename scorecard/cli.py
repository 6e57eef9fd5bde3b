"""The ``scorecard`` command line.

Each subcommand lives in its own module under :mod:`scorecard.commands` and
exposes ``NAME``, ``HELP``, ``EXAMPLES`` (shown at the end of its ``--help``),
``add_arguments(parser)`` and ``run(args) -> int``. Every subcommand also takes
``-q``/``--quiet``. Errors a user can fix (:class:`~scorecard.errors.ScorecardError`)
are printed one line per problem to stderr, without a traceback, and exit with
status 1. Long jobs show their progress on stderr when it is a terminal (see
:mod:`scorecard.progress`); standard output only ever holds the command's result.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from scorecard._version import __version__
from scorecard.errors import DataError, OptionsError, ScorecardError

# Subcommand modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "init",
    "check",
    "score",
    "sensitivity",
    "timeline",
    "render",
    "extract",
    "export",
    "agreement",
    "weightings",
)


def _load_commands() -> list[ModuleType]:
    modules = []
    for name in COMMANDS:
        try:
            modules.append(importlib.import_module(f"scorecard.commands.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"scorecard.commands.{name}":
                raise
    return modules


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks."""


def configure(parser: argparse.ArgumentParser, module: ModuleType) -> None:
    """A subcommand's parser: its own arguments, ``-q``, and its examples."""
    parser.formatter_class = _Formatter
    module.add_arguments(parser)
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="show no progress on standard error (it shows only on a terminal anyway)",
    )
    parser.epilog = "examples:\n" + "\n".join(f"  {line}" for line in module.EXAMPLES)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorecard",
        description="Evidence-backed, pillar-by-pillar scorecards for policy programmes.",
        epilog="Start a dataset with 'scorecard init my-programme'; "
        "'scorecard COMMAND --help' shows a command's flags and examples.",
    )
    parser.add_argument("--version", action="version", version=f"scorecard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in _load_commands():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        configure(command, module)
        command.set_defaults(_run=module.run)
    return parser


def report_error(error: ScorecardError) -> None:
    """Print an error as the CLI does: one line per problem on stderr (a bad option
    is named by its flag)."""
    if isinstance(error, DataError | OptionsError):
        for line in error.lines():
            print(f"error: {line}", file=sys.stderr)
    else:
        print(f"error: {error}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from scorecard import progress

    try:
        with progress.reporting(progress.wanted(args.quiet)):
            code: int = args._run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``scorecard check ... | head -1``): not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush does not fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except ScorecardError as error:
        report_error(error)
        return 1
    except ModuleNotFoundError as exc:
        # a dependency installed without its dependencies, or removed: say how to get it
        from scorecard._extras import REQUIREMENTS, needs

        module = (exc.name or "").partition(".")[0]
        if module not in REQUIREMENTS:
            raise
        print(f"error: {needs(f'scorecard {args.command}', module)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
