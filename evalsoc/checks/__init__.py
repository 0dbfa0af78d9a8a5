"""Checks of a référentiel that need scoring: its golden examples
(:mod:`~evalsoc.checks.golden`, answer sets and the scores they must give) and the
whole ``evalsoc referentiel check`` (:mod:`~evalsoc.checks.verify`: schema, tree rules,
publication lock, golden examples)."""
