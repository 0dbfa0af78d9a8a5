"""The Région's portfolio of conventions for one campaign year: for each indicator, how
many conventions follow it and how many reached their target, by département.

The counts are published through the campaign's publication (:class:`ExtraFigures`,
:mod:`evalsoc.publish.publication`): a structure appears in them only under its consent,
each cell follows the statistical-secrecy rules (3 structures at least, no structure
above 85 % of a sum), masked cells are not recoverable from the totals, and the auditor
checks them with every other table of the campaign.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from evalsoc.conventions.followup import FollowUp
from evalsoc.conventions.model import Status
from evalsoc.publish.inputs import ExtraFigures

__all__ = ["PORTFOLIO", "PortfolioRow", "portfolio_figures", "portfolio_rows"]

PORTFOLIO = "conventions"
USED, MET = "convention:", "atteint:"


def portfolio_figures(followups: Sequence[FollowUp], campaign: str, year: int
                      ) -> ExtraFigures:
    """Per structure, 1 for each indicator one of its conventions follows
    (``convention:ID``) and, for a targeted one, 1 when the target is met in ``year``
    (``atteint:ID``), else 0: summed, the structures under convention and those that
    reached their target."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for follow in followups:
        structure = follow.convention.structure
        for ind in follow.convention.indicators:
            sums[(structure, USED + ind.key)] = 1.0
            if ind.perception:
                continue
            met = any(r.indicator == ind.key and r.year == year and r.status is Status.MET
                      for r in follow.rows)
            sums[(structure, MET + ind.key)] = max(sums[(structure, MET + ind.key)],
                                                   1.0 if met else 0.0)
    frame = pd.DataFrame([{"campagne": campaign, "structure_id": s, "question": q, "value": v}
                          for (s, q), v in sorted(sums.items(), key=lambda kv: kv[0][1])],
                         columns=["campagne", "structure_id", "question", "value"])
    return ExtraFigures(PORTFOLIO, frame, flags=(MET,))


@dataclass(frozen=True)
class PortfolioRow:
    departement: str
    indicator: str
    conventions: int | None  # structures under a convention following it; None: secret
    met: int | None  # None: secret, or no target (a perception indicator)
    share_met: float | None
    targeted: bool = True


def _count(value: object) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        return round(float(str(value)))
    except ValueError:
        return None


def portfolio_rows(table: pd.DataFrame) -> list[PortfolioRow]:
    """The protected table (sums by département) read as the portfolio: a masked sum
    stays unknown, and so does a share built on one."""
    out: list[PortfolioRow] = []
    cells = {(str(d), str(q)): s for d, q, s in zip(table["departement"], table["question"],
                                                    table["somme"], strict=True)}
    for (dep, question), total in cells.items():
        if not question.startswith(USED):
            continue
        key = question[len(USED):]
        used = _count(total)
        targeted = (dep, MET + key) in cells
        met = _count(cells.get((dep, MET + key)))
        share = met / used if used and met is not None and targeted else None
        out.append(PortfolioRow(dep, key, used, met, share, targeted))
    return out
