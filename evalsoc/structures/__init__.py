"""The structures a campaign evaluates: their registry (:mod:`~evalsoc.structures.registry`,
the consultant's CSV list, and the file names of their questionnaires) and their
consent to publication (:mod:`~evalsoc.structures.consent`), which the store records
and every publication obeys."""
