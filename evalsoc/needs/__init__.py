"""DLA support needs (spec 6.F): per structure, the six themes of the DLA diagnosis with
the signals evalsoc already has (financial alerts, weak critères, a legal compliance
alert, divergent views of the respondent groups), the need the structure declares (0 to
3), the consultant's priority and the accompaniments to propose; per sector, the count
of structures in need by theme and département, through the publication step.
"""
