"""Stage 3, reading returned workbooks: from a file's bytes to an answer set, or to the
reasons why not, every problem placed in its file, sheet and cell.

::

    sniff --> package (bounds, parts; extent, members, repack) --> reader (cells: values
    from python-calamine, formulas and errors from the XML: cells, sheetxml)
    --> extract (answers by question id; values, comments) --> workbook (one file in,
    a validated AnswerSet out, see evalsoc.answers)

:mod:`~evalsoc.excel.layout` and :mod:`~evalsoc.excel.links` are the workbook format
the questionnaires are written in (:mod:`evalsoc.questionnaire`);
:mod:`~evalsoc.excel.annotate` writes a highlighted copy of a workbook's problems.
"""
