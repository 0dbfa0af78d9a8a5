"""Stage 6, the store: one SQLite file per base, holding campaigns, structures,
submissions, answers, issues and scores.

:mod:`~evalsoc.store.db` opens it (or refuses, in French), :mod:`~evalsoc.store.schema`
migrates it, :mod:`~evalsoc.store.ingest` brings workbooks in (one transaction per
file, :mod:`~evalsoc.store.submit` deciding which version counts),
:mod:`~evalsoc.store.frames` reads it back as pandas frames for statistics and
publication, :mod:`~evalsoc.store.desk` tells where each structure stands.
"""
