"""Diagnostics: from a structure's answers to values read on bands, never to a mark.

A ``kind: diagnostic`` référentiel (:mod:`evalsoc.referentiel.diagnostic`) is computed
here, purely, period by period (the oldest first, so that a rule can read the exercise
before): its aggregates and indicators are evaluated over the lines answered, each value
is read against the bands in order (the first condition that holds gives vert, orange or
rouge, with its alert), informational indicators get their notes. A missing line, a
period or a part of the accounts not given, a division by zero give « non calculable »
with the reason and no band, never 0.

- :mod:`~evalsoc.diagnostic.result`: :class:`~evalsoc.diagnostic.result.DiagnosticResult`
  and its readings, each with the formula and the values it was computed from;
- :mod:`~evalsoc.diagnostic.inputs`: the answers of each period, and why one is missing;
- :mod:`~evalsoc.diagnostic.engine`: :func:`~evalsoc.diagnostic.engine.diagnose`;
- :mod:`~evalsoc.diagnostic.display`: values as French readers expect them.

:func:`evalsoc.scoring.score` calls :func:`diagnose` for every diagnostic part of a
référentiel: a bundle's :class:`~evalsoc.scoring.ScoreResult` carries the utilité-sociale
profile and the diagnostics side by side, never mixed. Like the scoring, nothing here
loads YAML, pandas, click or openpyxl.
"""

from evalsoc.diagnostic.engine import diagnose
from evalsoc.diagnostic.result import DiagnosticResult, PeriodInfo, Reading

__all__ = ["DiagnosticResult", "PeriodInfo", "Reading", "diagnose"]
