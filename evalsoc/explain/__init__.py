"""Scores explained: :mod:`~evalsoc.explain.text` tells a score result in French, from
the dimension down to each answer and its cell; :mod:`~evalsoc.explain.sources` finds
what ``evalsoc explain`` explains (a JSON answer set, workbooks, or the store)."""
