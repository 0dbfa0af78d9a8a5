"""The observation report (OPP): a network's key figures, from an observation campaign.

Built from the campaign's :class:`~evalsoc.publish.Publication` (so that every figure is
one the auditor checked) into the synthèse's own model
(:class:`~evalsoc.reports.sector.model.SectorReport`), and written by the synthèse's
renderers: HTML, PDF and XLSX say the same thing. :mod:`.build` makes the report;
:mod:`.tables` turns each publication table into a report table with its n and the
benchmarks beside the regional figures.
"""
