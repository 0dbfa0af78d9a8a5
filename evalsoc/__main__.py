"""``python -m evalsoc``: the same as the ``evalsoc`` command."""

from evalsoc.cli.main import main

if __name__ == "__main__":  # worker processes import this module again: never re-run
    main()
