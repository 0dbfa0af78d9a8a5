"""Stage 4, answers: what a structure and its respondents answered, checked against the
référentiel.

- :mod:`~evalsoc.answers.model`: :class:`~evalsoc.answers.model.AnswerSet` and its
  parts, one form for the JSON answer files and the Excel reader;
- :mod:`~evalsoc.answers.normalize`: what a person typed to a typed value, French
  habits understood, the raw value kept;
- :mod:`~evalsoc.answers.validate`: every answer ends as a value or an issue;
- :mod:`~evalsoc.answers.substance`: a questionnaire returned (almost) blank is not an
  evaluation.
"""
