"""Région conventions (conventions pluriannuelles d'objectifs): a convention's indicators
and targets read from a workbook or a CSV, checked (targets on raw values only, never on
a 0-100 score or a level; perception indicators followed, not targeted), followed year
by year from the stored campaigns or by hand, and told as the annual table annexed to a
compte rendu. The Région portfolio of conventions goes through the publication step
(:mod:`evalsoc.publish.conventions`).
"""
