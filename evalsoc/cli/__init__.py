"""The command line. click speaks French before any command is declared."""

from evalsoc.cli.french import install

install()
