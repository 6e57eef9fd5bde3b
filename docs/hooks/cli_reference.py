"""MkDocs hook: writes the CLI reference from the argument parsers themselves.

A page containing the marker ``<!-- scorecard-cli -->`` gets, in its place, one
section per subcommand with its ``--help`` text, so the reference can never
drift from the code. Only subcommands that exist are listed.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

MARKER = "<!-- scorecard-cli -->"
WIDTH = 88


def _formatter(prog: str) -> argparse.HelpFormatter:
    # raw description: the examples keep their lines
    return argparse.RawDescriptionHelpFormatter(prog, width=WIDTH, max_help_position=30)


def cli_reference() -> str:
    from scorecard import cli

    main = cli.build_parser()
    main.formatter_class = _formatter
    parts = ["## `scorecard`", "", "```text", main.format_help().rstrip(), "```", ""]
    for name in cli.COMMANDS:
        try:
            module = importlib.import_module(f"scorecard.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scorecard.commands.{name}":
                raise
            continue
        parser = argparse.ArgumentParser(prog=f"scorecard {module.NAME}", description=module.HELP)
        cli.configure(parser, module)  # the command's flags, -q and its examples
        parser.formatter_class = _formatter
        parts += [f"## `scorecard {module.NAME}`", "", module.HELP, ""]
        parts += ["```text", parser.format_help().rstrip(), "```", ""]
    return "\n".join(parts)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, cli_reference())
    return markdown
