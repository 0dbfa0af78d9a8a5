"""Stage 2, questionnaires: Excel workbooks built from a référentiel, one per structure,
plus individual forms for the groups that answer on their own.

:mod:`~evalsoc.questionnaire.generate` plans and writes a batch;
:mod:`~evalsoc.questionnaire.writer` builds one workbook from its sheets (``front``,
``questions``, ``grids``), with the cell rules (``rules``), looks (``styles``), page
breaks (``paging``) and instructions (``texts``). Positions follow
:mod:`evalsoc.excel.layout`, the one contract with the reader.
"""
