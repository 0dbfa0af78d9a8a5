"""The financial self-diagnosis computed a second time, by hand: plain Python, as a
treasurer would with a calculator, from the accounts of an answer file.

Nothing here reads the référentiel: the formulas and the bands are written again from the
specification (docs/autodiagnostic-financier.md), so that a test comparing them with the
engine (which reads them from the YAML) can fail when either is wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

__all__ = ["PERIODS", "accounts_of", "by_hand"]

PERIODS = ("n", "n1", "n2")
FUNDERS = ("financeur_etat", "financeur_region", "financeur_departement", "financeur_epci",
           "financeur_commune", "financeur_europe", "financeur_caf", "financeur_autres")
DAYS = 365

Value = float | None
Result = dict[str, tuple[Value, str | None]]  # ratio -> (value, band)


def accounts_of(path: Path) -> dict[str, dict[str, float]]:
    """Each period's lines (question ids without their period suffix)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found: dict[str, dict[str, float]] = {p: {} for p in PERIODS}
    for answer in data["answers"]:
        value = answer.get("value")
        if not isinstance(value, (int, float)):
            continue
        question = str(answer["question"])
        period = "n"
        for suffix in ("_n1", "_n2"):
            if question.endswith(suffix):
                question, period = question[: -len(suffix)], suffix[1:]
        found[period][question] = float(value)
    return found


def _div(top: Value, bottom: Value) -> Value:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _sum(a: dict[str, float], *names: str) -> Value:
    if any(n not in a for n in names):
        return None
    return sum(a[n] for n in names)


def _period(a: dict[str, float]) -> dict[str, Value]:
    g = a.get
    out: dict[str, Value] = {}
    produits, charges = g("budget_total"), g("charges_totales")
    out["F01"] = None if produits is None or charges is None else produits - charges
    out["F02"] = _div(out["F01"], produits)
    out["F03"] = _sum(a, "resultat", "dotations")
    if out["F03"] is not None and "reprises" in a and "quote_part_subventions" in a:
        out["F03"] -= a["reprises"] + a["quote_part_subventions"]
    else:
        out["F03"] = None
    out["F04"] = g("fonds_propres")
    exploitation = _sum(a, "achats_charges_externes", "impots_taxes", "masse_salariale",
                        "autres_charges")
    out["F05"] = _div(out["F04"], None if exploitation is None else exploitation / 12)
    out["F06"] = _div(out["F04"], g("total_actif"))
    stable = _sum(a, "fonds_propres", "provisions", "fonds_dedies", "dettes_financieres_long")
    out["F07"] = None if stable is None or "actif_immobilise" not in a else \
        stable - a["actif_immobilise"]
    receivable = _sum(a, "stocks", "creances_usagers", "subventions_a_recevoir",
                      "autres_creances")
    payable = _sum(a, "dettes_fournisseurs", "dettes_fiscales_sociales", "autres_dettes")
    out["F08"] = None if receivable is None or payable is None else receivable - payable
    cash = g("disponibilites")
    out["F09"] = None if cash is None or "concours_bancaires" not in a else \
        cash - a["concours_bancaires"]
    spent = None if charges is None or "dotations" not in a else charges - a["dotations"]
    out["F10"] = _div(out["F09"], None if spent is None else spent / DAYS)
    late = _div(g("subventions_a_recevoir"), g("subventions_exploitation"))
    out["F11"] = None if late is None else late * DAYS
    operating = _sum(a, "ventes", "subventions_exploitation", "aides_emploi", "cotisations",
                     "dons", "autres_produits", "reprises", "transferts_charges")
    out["F12"] = _div(g("subventions_exploitation"), operating)
    funders = [g(f) for f in FUNDERS]
    biggest = None if any(f is None for f in funders) else max(f or 0.0 for f in funders)
    out["F13"] = _div(biggest, produits)
    sources = [g("ventes"), g("cotisations"), g("dons"), *funders, g("aides_emploi")]
    if any(s is None for s in sources):
        out["F14"] = None
    else:
        total = sum(s or 0.0 for s in sources)
        out["F14"] = None if total == 0 else sum(((s or 0.0) / total) ** 2 for s in sources)
    own = _sum(a, "ventes", "cotisations", "dons")
    out["F15"] = _div(own, produits)
    out["F16"] = _div(g("masse_salariale"), exploitation)
    out["F17"] = _div(g("aides_emploi"), g("masse_salariale"))
    out["F18"] = _div(g("dettes_financieres"), out["F04"])
    volunteers = g("contributions_nature")
    out["F19"] = None if volunteers is None or charges is None else \
        _div(volunteers, charges + volunteers)
    return out


def _band(ratio: str, v: float, previous_f01: Value, f04: Value, debts: Value,
          f05: Value) -> str | None:
    bands: dict[str, Callable[[], str]] = {
        "F01": lambda: ("rouge" if v < 0 and previous_f01 is not None and previous_f01 < 0
                        else "orange" if v < 0 else "vert"),
        "F02": lambda: "vert" if v >= 0 else "orange" if v >= -0.05 else "rouge",
        "F03": lambda: "vert" if v >= 0 else "rouge",
        "F04": lambda: "vert" if v > 0 else "rouge",
        "F05": lambda: ("rouge" if v < 0 else "orange" if v < 3 else "vert" if v <= 12
                        else "orange"),
        "F06": lambda: "rouge" if v < 0 else "orange" if v < 0.2 else "vert",
        "F07": lambda: "vert" if v > 0 else "rouge",
        "F09": lambda: "vert" if v >= 0 else "rouge",
        "F10": lambda: "vert" if v >= 90 else "orange" if v >= 30 else "rouge",
        "F13": lambda: "vert" if v < 0.5 else "orange" if v <= 0.7 else "rouge",
        "F14": lambda: "vert" if v < 0.3 else "orange" if v <= 0.5 else "rouge",
        "F17": lambda: "vert" if v < 0.15 else "orange" if v <= 0.3 else "rouge",
        "F18": lambda: ("rouge" if f04 is not None and f04 <= 0 and (debts or 0) > 0
                        else "vert" if v < 1 else "orange"),
        "T1": lambda: "vert" if v == 0 else "orange" if v < 2 else "rouge",
        "T2": lambda: ("vert" if v >= 0 else "rouge" if f05 is not None and f05 < 3
                       else "orange"),
    }
    rule = bands.get(ratio)
    return rule() if rule else None


def by_hand(path: Path) -> dict[str, tuple[Value, str | None]]:
    """``"F05@n"`` -> (value, band) for every ratio of every period, T1 and T2 for N."""
    accounts = accounts_of(path)
    ratios = {p: _period(accounts[p]) for p in PERIODS}
    out: dict[str, tuple[Value, str | None]] = {}
    for index, period in enumerate(PERIODS):
        own = ratios[period]
        previous = ratios[PERIODS[index + 1]]["F01"] if index + 1 < len(PERIODS) else None
        for ratio, value in own.items():
            band = None if value is None else _band(
                ratio, value, previous, own["F04"], accounts[period].get("dettes_financieres"),
                own["F05"])
            out[f"{ratio}@{period}"] = (value, band)
    deficits = [ratios[p]["F01"] for p in PERIODS]
    t1 = None if any(d is None for d in deficits) else float(sum(
        1 for d in deficits if d is not None and d < 0))
    out["T1@n"] = (t1, None if t1 is None else _band("T1", t1, None, None, None, None))
    first, last = ratios["n"]["F04"], ratios["n2"]["F04"]
    t2 = None if first is None or last is None else first - last
    out["T2@n"] = (t2, None if t2 is None else _band("T2", t2, None, None, None,
                                                      ratios["n"]["F05"]))
    return out
