"""What evalsoc publishes about a campaign, protected once and audited together.

:mod:`~evalsoc.publish.inputs` reads a campaign's frames from the store;
:mod:`~evalsoc.publish.publication` builds every published table under statistical
secrecy (:mod:`evalsoc.stats`) for the population consent allows
(:mod:`~evalsoc.publish.population`), then has the auditor (:mod:`evalsoc.audit`)
check what a reader could rebuild; exports, the synthèse and the fiches' medians all
read that one publication. A campaign of an observation référentiel publishes the
tables its rules declare instead of a profile (:mod:`~evalsoc.publish.observation`, and
the rural grid's typology, :mod:`~evalsoc.publish.attractiveness`).
"""
