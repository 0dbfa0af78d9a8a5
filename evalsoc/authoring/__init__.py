"""Référentiels authored in a spreadsheet: ``referentiel export-xlsx`` writes a version as
a workbook of one sheet per level (settings, groups, levels, scales and options,
dimensions, critères, pistes, indicateurs, bands, questions, crosswalk), in the spirit
of XLSForm's survey / choices / settings; a référentiel « diagnostic » has the sheets of
its section instead of the tree (settings, periods, parameters, sections and lines,
checks, aggregates, ratios and their bands, notes and secondary readings), a line taking
a shared question naming it (``use``) and never writing it out; a bundle has no
workbook (each part has its own). ``referentiel import-xlsx`` reads it back into
the YAML format, without loss (the same fingerprint), and every problem found points to
its sheet and cell.

:mod:`~evalsoc.authoring.layout` names the sheets and columns,
:mod:`~evalsoc.authoring.write` fills them, :mod:`~evalsoc.authoring.read` reads them
(typed by :mod:`~evalsoc.authoring.cells`), :mod:`~evalsoc.authoring.assemble` puts the
rows back together as the document of the YAML format (with the cell of every value) and
:mod:`~evalsoc.authoring.load` validates it, so that ``referentiel check`` checks a
workbook as it checks a YAML file, each problem at its sheet and cell.
"""
