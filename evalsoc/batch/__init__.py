"""Check and score many files at once: the edge that joins reading, validating and
scoring (``evalsoc check``, ``evalsoc score``, and ``evalsoc ingest``'s reading).

- :mod:`~evalsoc.batch.run`: workbooks read in worker processes, forms merged into
  their structure, the valid ones scored; one bad file never stops a batch;
- :mod:`~evalsoc.batch.relations`: which individual forms join which structure, which
  files are there twice;
- :mod:`~evalsoc.batch.answer_file`: one JSON answer file, read, validated and scored.
"""
