"""Versions of a référentiel over time: what changed, and what stored answers become.

A version declares its relation to the previous one in its ``crosswalk``
(:mod:`evalsoc.referentiel.crosswalk`). From it:

- :mod:`~evalsoc.versions.check`: the crosswalk classifies every node and question of
  both versions, once, and its conversions fit the questions (``referentiel check``);
- :mod:`~evalsoc.versions.chain` and :mod:`~evalsoc.versions.mapping`: the crosswalks
  that lead from one version to a later one, compiled into routes, question by question;
- :mod:`~evalsoc.versions.translate` (with :mod:`~evalsoc.versions.convert`): an answer
  set of one version read as answers of a later one;
- :mod:`~evalsoc.versions.series`: the series flag of every node (comparable,
  comparable after conversion, break in series) and why;
- :mod:`~evalsoc.versions.diff`: the change, for a consultant; :mod:`~evalsoc.versions.
  impact`: what a new version would do to a campaign's scores;
- :mod:`~evalsoc.versions.compare`: the one comparability policy of every output that
  sets two campaigns side by side.

Everything here is pure: the store keeps the answers and the score sets
(:mod:`evalsoc.store.scoresets`, :mod:`evalsoc.store.migration`).
"""
