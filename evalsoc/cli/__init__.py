"""The command line: thin click commands over the library, one module per command
(:mod:`~evalsoc.cli.main` declares them); what they share (options, errors and exit
codes, JSON output) is in :mod:`~evalsoc.cli.common`. click speaks French before any
command is declared."""

from evalsoc.cli.french import install

install()
