"""Stage 1, the référentiel: a versioned indicator framework, as data.

- :mod:`~evalsoc.referentiel.model`: the frozen pydantic model (dimensions > critères >
  indicateurs > questions, scales, groups, scoring rules);
- :mod:`~evalsoc.referentiel.loader`: a YAML file to a model, or to located issues;
- :mod:`~evalsoc.referentiel.check`: the whole-tree rules pydantic cannot check alone;
- :mod:`~evalsoc.referentiel.fingerprint`: the hash that names a version's content;
- :mod:`~evalsoc.referentiel.registry`: where référentiels live, ``id@version`` names,
  the lock of published versions;
- :mod:`~evalsoc.referentiel.formula` and :mod:`~evalsoc.referentiel.tree`: formulas
  evaluated safely, and facts about each node that tables need;
- :mod:`~evalsoc.referentiel.diagnostic` and :mod:`~evalsoc.referentiel.expression`: the
  section of a ``kind: diagnostic`` référentiel (values, bands, alerts: never a mark) and
  its conditions;
- :mod:`~evalsoc.referentiel.library`: the shared question library, a question that
  several référentiels ask defined once (``use: budget_total``);
- :mod:`~evalsoc.referentiel.bundle`: several référentiels asked together in one
  campaign (``ardes-culture+autodiag-financier``), each shared question asked once.

Nothing here scores: the golden examples and the full ``referentiel check``, which do,
live in :mod:`evalsoc.checks`.
"""

# The model first: its diagnostic section lives in a module that builds on it.
from evalsoc.referentiel import model as _model  # noqa: F401
