"""The fiche structure: one association's report, from its scores and the campaign's
shared figures to an HTML page and a PDF.

::

    store --store.campaign_context--> CampaignContext (once per campaign)
    store --source.fiche_from_store--> answers scored again --build--> Fiche (model)
    Fiche --charts--> SVG --view--> JSON of French strings --render--> HTML, PDF
    batch: every structure of a campaign, in worker processes

The names most callers need are exported by :mod:`evalsoc.reports`.
"""
