"""What every stage leans on, and no stage in particular: files written whole
(:mod:`~evalsoc.support.files`) and outputs that never touch inputs
(:mod:`~evalsoc.support.outputs`), French number formats
(:mod:`~evalsoc.support.formatting`), text folding (:mod:`~evalsoc.support.text`),
value classes (:mod:`~evalsoc.support.immutable`), and worker processes
(:mod:`~evalsoc.support.processes`, :mod:`~evalsoc.support.isolation`).

Nothing here imports another evalsoc package but the catalogue and the issues."""
