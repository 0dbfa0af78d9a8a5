"""``python -m evalsoc``: the same as the ``evalsoc`` command."""

from evalsoc.cli.main import main

main()
