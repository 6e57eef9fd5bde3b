"""One module per ``scorecard`` subcommand (see :mod:`scorecard.cli`)."""
