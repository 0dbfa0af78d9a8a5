"""Fictitious accounts over three exercises: coherent by construction, of three kinds.

A simulated structure answering a financial self-diagnosis (``autodiag-financier``) gets
accounts a treasurer could have copied from approved annual accounts:

- a *trajectory* drawn from its latent level: « saine » (three surpluses, growing
  reserves), « fragile » (a deficit in N, thin reserves, subsidies paid late, one large
  funder) or « en crise » (repeated deficits, fonds propres falling below zero, an
  overdraft); about 55 %, 30 % and 15 % of structures;
- a compte de résultat whose lines add up to the totals, the résultat being their
  difference; subsidies split between funders that add up to the subsidies line;
- bilans that balance: fonds propres carried from one exercise to the next (résultat
  added, quote-part of investment subsidies taken out), immobilisations depreciated and
  renewed, receivables and debts in proportion to the activity, and the cash as what
  makes the bilan balance (an overdraft when it would fall below a floor).

In a bundle with the utilité-sociale référentiel, the reference exercise is built around
what that référentiel already drew for the structure (total des produits and des
charges, fonds propres, payroll, aides à l'emploi, ETP, ressources propres, subsidies):
the questions they share are asked once and the answers agree. Now and then (6 %) the
oldest exercise is left out, as for a structure that lacks it.

Nothing here describes a real association: figures come from the orders of magnitude of
docs/autodiagnostic-financier.md and the DOMAIN benchmarks (half activity income, a third
subsidies), with noise.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date

from evalsoc.answers.model import Answer
from evalsoc.referentiel.diagnostic import Diagnostic
from evalsoc.referentiel.model import Referentiel

__all__ = ["MISSING_OLDEST", "TRAJECTORIES", "Trajectory", "draw_accounts", "trajectory_of"]

MISSING_OLDEST = 0.06
TRAJECTORIES = ("saine", "fragile", "en crise")
FUNDERS = ("etat", "region", "departement", "epci", "commune", "europe", "caf", "autres")
# share of activity income (ventes) in the produits, by discipline
SALES = {"musiques actuelles": 0.42, "théâtre": 0.30, "festival": 0.28,
         "cinéma associatif": 0.55, "école de musique": 0.50, "arts visuels": 0.25,
         "patrimoine": 0.32, "danse": 0.28}
# who funds most, by discipline
MAIN_FUNDER = {"musiques actuelles": "region", "théâtre": "region", "festival": "commune",
               "cinéma associatif": "commune", "école de musique": "commune",
               "arts visuels": "etat", "patrimoine": "departement", "danse": "region"}


@dataclass(frozen=True)
class Trajectory:
    name: str
    rates: tuple[tuple[float, float], ...]  # résultat / produits, for N, N-1, N-2
    growth: tuple[float, float]  # yearly growth of the produits
    reserves: tuple[float, float]  # fonds propres of the oldest year, months of charges
    main_share: tuple[float, float]  # the first funder's share of the subsidies
    late: tuple[float, float]  # subsidies still to receive at the closing, share
    floor: float  # cash below which an overdraft appears, share of the produits


_KINDS = {
    "saine": Trajectory("saine", ((0.01, 0.05), (0.01, 0.05), (0.0, 0.04)), (0.01, 0.05),
                        (3.5, 7.0), (0.30, 0.50), (0.08, 0.18), 0.04),
    "fragile": Trajectory("fragile", ((-0.035, -0.003), (0.0, 0.03), (-0.01, 0.02)),
                          (-0.02, 0.03), (1.0, 2.6), (0.45, 0.65), (0.20, 0.35), 0.02),
    "en crise": Trajectory("en crise", ((-0.14, -0.06), (-0.08, -0.02), (-0.04, 0.01)),
                           (-0.05, 0.01), (0.4, 1.4), (0.62, 0.85), (0.25, 0.45), 0.0),
}


def trajectory_of(level: float, anchored_result: float | None, rng: random.Random) -> str:
    """The structure's trajectory from its latent rank (0 to 1); a deficit already drawn
    for the reference exercise makes it fragile or in crisis."""
    if anchored_result is not None and anchored_result < 0:
        return "en crise" if rng.random() < 0.3 else "fragile"
    if anchored_result is not None:
        return "saine" if rng.random() < 0.8 else "fragile"
    return "saine" if level > 0.45 else ("fragile" if level > 0.15 else "en crise")


def _between(rng: random.Random, span: tuple[float, float]) -> float:
    return rng.uniform(*span)


def _euros(value: float) -> float:
    return float(round(value))


@dataclass
class _Year:
    """One exercise's compte de résultat (lines in euros)."""

    lines: dict[str, float]

    @property
    def produits(self) -> float:
        return self.lines["budget_total"]

    @property
    def charges(self) -> float:
        return self.lines["charges_totales"]


def _produits(rng: random.Random, total: float, discipline: str, anchors: dict[str, float]
              ) -> dict[str, float]:
    sales = SALES.get(discipline, 0.35) * math.exp(rng.gauss(0, 0.2))
    small = {"autres_produits": rng.uniform(0, 0.01), "reprises": rng.uniform(0, 0.015),
             "transferts_charges": rng.uniform(0, 0.01),
             "quote_part_subventions": rng.uniform(0.004, 0.015),
             "produits_financiers": rng.uniform(0, 0.002),
             "produits_exceptionnels": rng.uniform(0, 0.005)}
    lines = {k: _euros(total * v) for k, v in small.items()}
    own = anchors.get("ressources_propres", total * min(0.8, sales + rng.uniform(0.02, 0.07)))
    cotisations = _euros(own * rng.uniform(0.02, 0.08))
    dons = _euros(own * rng.uniform(0.02, 0.09))
    lines |= {"cotisations": cotisations, "dons": dons, "ventes": _euros(own) - cotisations
              - dons}
    lines["aides_emploi"] = _euros(anchors.get("aides_emploi",
                                               total * rng.uniform(0.0, 0.08)))
    rest = total - sum(lines.values())
    if rest < 0:  # the anchors leave no room: the small lines give way first
        for key in small:
            lines[key] = 0.0
        rest = total - sum(lines.values())
        if rest < 0:
            lines["ventes"] = max(0.0, lines["ventes"] + rest)
            rest = total - sum(lines.values())
    lines["subventions_exploitation"] = _euros(max(0.0, rest))
    lines["budget_total"] = sum(lines.values())
    return lines


def _charges(rng: random.Random, total: float, discipline: str, anchors: dict[str, float]
             ) -> dict[str, float]:
    payroll = anchors.get("masse_salariale", total * rng.uniform(0.35, 0.58) * (
        0.7 if discipline in ("arts visuels", "patrimoine") else 1.0))
    lines = {"masse_salariale": _euros(payroll),
             "impots_taxes": _euros(total * rng.uniform(0.008, 0.02)),
             "autres_charges": _euros(total * rng.uniform(0.003, 0.02)),
             "dotations": _euros(total * rng.uniform(0.015, 0.04)),
             "charges_financieres": _euros(total * rng.uniform(0.001, 0.008)),
             "charges_exceptionnelles": _euros(total * rng.uniform(0, 0.006)),
             "impot_benefices": 0.0}
    lines["achats_charges_externes"] = max(0.0, _euros(total) - sum(lines.values()))
    lines["charges_totales"] = sum(lines.values())
    return lines


def _year(rng: random.Random, produits: float, rate: float, discipline: str,
          anchors: dict[str, float]) -> _Year:
    lines = _produits(rng, produits, discipline, anchors)
    charges = anchors.get("charges_totales", lines["budget_total"] * (1 - rate))
    lines |= _charges(rng, charges, discipline, anchors)
    lines["resultat"] = lines["budget_total"] - lines["charges_totales"]
    lines["contributions_nature"] = _euros(lines["charges_totales"] * (
        rng.uniform(0.10, 0.25) if discipline == "festival" else rng.uniform(0.01, 0.08)))
    return _Year(lines)


def _funders(rng: random.Random, total: float, main: str, share: tuple[float, float]
             ) -> dict[str, float]:
    first = total * _between(rng, share)
    others = [f for f in FUNDERS if f not in (main, "europe")]
    rng.shuffle(others)
    chosen = others[:rng.randint(2, 4)]
    weights = [rng.random() + 0.2 for _ in chosen]
    rest = total - first
    found = {main: _euros(first)}
    for funder, weight in zip(chosen, weights, strict=True):
        found[funder] = _euros(rest * weight / sum(weights))
    found[main] += total - sum(found.values())  # the rounding goes to the first one
    return {f"financeur_{f}": found.get(f, 0.0) for f in FUNDERS}


def _bilans(rng: random.Random, years: list[_Year], kind: Trajectory,
            anchors: dict[str, float]) -> list[dict[str, float]]:
    """Each exercise's bilan, oldest first, balanced (``years`` are oldest first)."""
    oldest = years[0]
    exploitation = oldest.charges * 0.95
    equity = exploitation / 12 * _between(rng, kind.reserves)
    if "fonds_propres" in anchors:  # work back from the reference exercise
        equity = anchors["fonds_propres"]
        for year in reversed(years[1:]):
            equity -= year.lines["resultat"] - year.lines["quote_part_subventions"]
    else:
        equity += oldest.lines["resultat"]
    grants = _euros(oldest.produits * rng.uniform(0.01, 0.06))
    fixed = oldest.produits * rng.uniform(0.08, 0.28)
    debt = oldest.produits * rng.uniform(0.0, 0.15)
    founding = _euros(rng.choice((0.0, 1500.0, 3000.0, 8000.0)))
    out: list[dict[str, float]] = []
    for index, year in enumerate(years):
        lines = year.lines
        if index:
            equity += lines["resultat"] - lines["quote_part_subventions"]
            grants = max(0.0, grants - lines["quote_part_subventions"])
            fixed = max(0.0, fixed - lines["dotations"] * 0.9
                        + year.produits * rng.uniform(0.0, 0.05))
            debt = max(0.0, debt * rng.uniform(0.75, 0.95))
        bilan = _passif(rng, _euros(equity), grants, founding, lines["resultat"], debt, year)
        bilan |= _actif(rng, fixed, year, kind)
        out.append(_balance(bilan, year.produits * kind.floor))
    return out


def _passif(rng: random.Random, equity: float, grants: float, founding: float,
            result: float, debt: float, year: _Year) -> dict[str, float]:
    grants = min(grants, max(0.0, equity - founding - result)) if equity > 0 else 0.0
    carried = equity - founding - result - grants
    reserves = _euros(max(0.0, carried) * rng.uniform(0.6, 0.95))
    produits = year.produits
    payroll = year.lines["masse_salariale"]
    debt = _euros(debt)
    return {"fonds_associatifs": founding, "reserves": reserves,
            "report_a_nouveau": carried - reserves, "subventions_investissement": grants,
            "fonds_propres": equity,
            "provisions": _euros(produits * rng.uniform(0, 0.03)),
            "fonds_dedies": _euros(produits * rng.uniform(0, 0.03)),
            "dettes_financieres": debt,
            "dettes_financieres_long": _euros(debt * rng.uniform(0.65, 0.9)),
            "dettes_fournisseurs": _euros(year.lines["achats_charges_externes"]
                                          * rng.uniform(0.05, 0.15)),
            "dettes_fiscales_sociales": _euros(payroll * rng.uniform(0.12, 0.22)),
            "autres_dettes": _euros(produits * rng.uniform(0.005, 0.04))}


def _actif(rng: random.Random, fixed: float, year: _Year, kind: Trajectory
           ) -> dict[str, float]:
    produits = year.produits
    return {"actif_immobilise": _euros(fixed),
            "stocks": _euros(produits * rng.uniform(0, 0.015)),
            "creances_usagers": _euros(produits * rng.uniform(0.01, 0.05)),
            "subventions_a_recevoir": _euros(year.lines["subventions_exploitation"]
                                             * _between(rng, kind.late)),
            "autres_creances": _euros(produits * rng.uniform(0.005, 0.03))}


def _balance(bilan: dict[str, float], floor: float) -> dict[str, float]:
    """The cash that balances the bilan; an overdraft when it would fall below ``floor``."""
    liabilities = ("fonds_propres", "provisions", "fonds_dedies", "dettes_financieres",
                   "dettes_fournisseurs", "dettes_fiscales_sociales", "autres_dettes")
    assets = ("actif_immobilise", "stocks", "creances_usagers", "subventions_a_recevoir",
              "autres_creances")
    cash = sum(bilan[k] for k in liabilities) - sum(bilan[k] for k in assets)
    overdraft = _euros(max(0.0, floor - cash))
    bilan |= {"concours_bancaires": overdraft, "disponibilites": cash + overdraft}
    bilan["total_passif"] = sum(bilan[k] for k in liabilities) + overdraft
    bilan["total_actif"] = sum(bilan[k] for k in assets) + bilan["disponibilites"]
    return bilan


def _reperes(rng: random.Random, year: _Year, kind: Trajectory, funders: dict[str, float],
             etp: float | None) -> dict[str, float]:
    fte = etp if etp is not None else round(year.lines["masse_salariale"] / 42000
                                             * rng.uniform(0.85, 1.15), 1)
    months = {"saine": (3, 5), "fragile": (5, 8), "en crise": (7, 11)}[kind.name]
    return {"etp_total": fte, "effectif_salarie": float(math.ceil(fte * rng.uniform(1.1, 1.8))),
            "heures_benevolat": float(round(year.lines["contributions_nature"] * 0.7 / 12)),
            "nb_financeurs": float(sum(1 for v in funders.values() if v > 0)
                                   + rng.randint(0, 2)),
            "mois_subvention_principale": float(rng.randint(*months))}


def draw_accounts(part: Referentiel, rng: random.Random, level: float, budget: float,
                  discipline: str, year: int, anchors: dict[str, float],
                  closing: str | None = None) -> tuple[str, list[Answer]]:
    """The trajectory and the answers of one structure to the diagnostic ``part``: every
    line of every exercise (0 where an account is empty), the oldest exercise left out
    now and then."""
    diagnostic = part.diagnostic
    assert diagnostic is not None
    result = anchors["budget_total"] - anchors["charges_totales"] \
        if {"budget_total", "charges_totales"} <= set(anchors) else None
    kind = _KINDS[trajectory_of(level, result, rng)]
    produits = anchors.get("budget_total", budget)
    years: list[_Year] = []
    for index, span in enumerate(kind.rates):  # N first, going back
        own = anchors if index == 0 else {}
        years.append(_year(rng, produits, _between(rng, span), discipline, own))
        produits = produits / (1 + _between(rng, kind.growth))
    years.reverse()
    bilans = _bilans(rng, years, kind, anchors)
    main = MAIN_FUNDER.get(discipline, "region")
    last = date.fromisoformat(closing) if closing else date(year - 1, 12, 31)
    answers: list[Answer] = []
    periods = diagnostic.period_ids()
    skip_oldest = rng.random() < MISSING_OLDEST
    for index, period in enumerate(reversed(periods)):  # oldest first, as years
        if skip_oldest and index == 0:
            continue
        year_ = years[index]
        funders = _funders(rng, year_.lines["subventions_exploitation"], main, kind.main_share)
        back = len(periods) - 1 - index
        values = {**year_.lines, **bilans[index], **funders,
                  **_reperes(rng, year_, kind, funders,
                             anchors.get("etp_total") if back == 0 else None)}
        closed = date(last.year - back, last.month, min(last.day, 28 if last.month == 2
                                                        else last.day))
        answers += _answers(diagnostic, period, values, closed.isoformat())
    return kind.name, answers


def _answers(diagnostic: Diagnostic, period: str, values: dict[str, float],
             closing: str) -> list[Answer]:
    found: list[Answer] = []
    for line in diagnostic.asked_lines():
        if not diagnostic.asks(line, period):
            continue
        question = diagnostic.question_id(line.id, period)
        if line.type.value == "date":
            found.append(Answer(question=question, value=closing))
        elif line.id in values:
            found.append(Answer(question=question, value=float(values[line.id])))
    return found
