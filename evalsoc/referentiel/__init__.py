"""Stage 1, the référentiel: a versioned indicator framework, as data.

- :mod:`~evalsoc.referentiel.model`: the frozen pydantic model (dimensions > critères >
  indicateurs > questions, scales, groups, scoring rules);
- :mod:`~evalsoc.referentiel.loader`: a YAML file to a model, or to located issues;
- :mod:`~evalsoc.referentiel.check`: the whole-tree rules pydantic cannot check alone;
- :mod:`~evalsoc.referentiel.fingerprint`: the hash that names a version's content;
- :mod:`~evalsoc.referentiel.registry`: where référentiels live, ``id@version`` names,
  the lock of published versions;
- :mod:`~evalsoc.referentiel.formula` and :mod:`~evalsoc.referentiel.tree`: formulas
  evaluated safely, and facts about each node that tables need.

Nothing here scores: the golden examples and the full ``referentiel check``, which do,
live in :mod:`evalsoc.checks`.
"""
