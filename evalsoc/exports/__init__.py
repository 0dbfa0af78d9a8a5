"""Writing tables out: XLSX, CSV, JSON (and Parquet where pyarrow is present).

Batch scores (:mod:`~evalsoc.exports.scores`), answers JSON
(:mod:`~evalsoc.exports.answers`), a campaign's published tables
(:mod:`~evalsoc.exports.campaign`) and its desk (:mod:`~evalsoc.exports.desk`), all
written through :mod:`~evalsoc.exports.safe`: text stays text, files appear whole.
"""
