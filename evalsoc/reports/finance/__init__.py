"""The fiche financière: one page of a structure's diagnostic, from what the store kept.

::

    store --source.stored_diagnostics--> readings of N, N-1, N-2 (values, bands, reasons)
    + the diagnostic référentiel (labels, units, discuss, sources)
    --view.finance_view--> JSON of French strings --render--> HTML section, one PDF page

:mod:`~evalsoc.reports.finance.render` also joins the page to the structure's fiche (the
last section of its HTML, the last page of its PDF) when the structure has both. The page
shows the structure's own figures only: no other structure's, no sector comparison.
"""
