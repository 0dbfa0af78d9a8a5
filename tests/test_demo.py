"""The README's main job (examples/demo.sh) runs end to end on the shipped example: 2025
on ardes-culture@1.0.0, 2026 on 1.2.0, and the evolution compares what the crosswalks'
series flags allow (1.0.0 -> 1.1.0 -> 1.2.0), no more; the 2026 synthesis reads the
regional stakes with the facts 1.2.0 asks."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_demo_script_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {**os.environ, "EVALSOC_DEMO_DIR": str(out),
           "EVALSOC": str(Path(sys.executable).parent / "evalsoc")}
    done = subprocess.run(["bash", str(ROOT / "examples" / "demo.sh")], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "24 fichier(s) : 24 valide(s)" in done.stdout
    assert (out / "scores-2025.xlsx").is_file() and (out / "export-2026.xlsx").is_file()
    assert (out / "evalsoc.sqlite").is_file()
    assert (out / "export-finances-2025.xlsx").is_file()
    assert len(list((out / "rapports" / "fiches-finances").glob("*_fiche-finances-2025.pdf"))) == 14
    assert "Aucune valeur non publiée ne se déduit" in done.stdout.split("== 10.")[1]
    assert "Aucune valeur non publiée ne se déduit" in done.stdout.split("== 11.")[1]
    assert (out / "rapports" / "observation" / "observation-opp-2026_depuis-opp-2025.pdf"
            ).is_file()
    assert len(list((out / "rapports" / "attractivite" / "conditions").glob("*.pdf"))) == 12
    rural = done.stdout.split("== 12.")[1].split("== 13.")[0]
    assert "Conditions d'attractivité (campagne « rural-2025 ») jointes à 1 fiche(s)." in rural
    assert "Aucune valeur non publiée ne se déduit" in rural  # the typology audited
    joined = list((out / "rapports" / "fiches-attractivite").glob("*_S0001_fiche-2026.html"))
    assert len(joined) == 1 and "conditions-attractivite" in joined[0].read_text("utf-8")
    follow = done.stdout.split("== 13.")[1]
    assert "Convention CPO-2025-S0001" in follow and "plusieurs campagnes" not in follow
    assert (out / "annexe-cpo-2025-S0001.html").is_file()
    _evolution_follows_the_crosswalk(done.stdout)
    _stakes_read_the_1_2_facts(out)
    _quotes_are_selected_then_audited(done.stdout, out)


def _quotes_are_selected_then_audited(stdout: str, out: Path) -> None:
    """Issue 19 « Voices »: the demo marks quotes, imports them, the synthèse prints
    them and the audit reads the documents back."""
    chosen = stdout.split("== 8 bis.")[1].split("== 9.", maxsplit=1)[0]
    assert "citation(s) retenue(s)" in chosen and "marquée(s) « oui »" in chosen
    reports = stdout.split("== 9.")[1].split("== 10.", maxsplit=1)[0]
    assert "Citations : " in reports and "aucun texte libre non permis" in reports
    page = (out / "rapports" / "synthese-2026_depuis-2025.html").read_text(encoding="utf-8")
    assert "Paroles des structures" in page and page.count("<blockquote>") >= 5


def _evolution_follows_the_crosswalk(stdout: str) -> None:
    """Each dimension's series, as `referentiel diff` gives it from the crosswalk, is
    what the export says of the 2025 → 2026 comparison."""
    diff = subprocess.run([str(Path(sys.executable).parent / "evalsoc"), "referentiel",
                           "diff", "ardes-culture@1.0.0", "ardes-culture@1.2.0", "--json"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    series = json.loads(diff.stdout)["series"]
    dimensions = [k for k in series if "." not in k]
    assert dimensions == ["ECO", "SOC", "CULT", "TERR", "GOUV", "INNOV"]
    notes = stdout.split("== 7.")[1].split("== 8.", maxsplit=1)[0]
    rupture = next(ln for ln in notes.splitlines() if "Rupture de série, non comparé" in ln)
    converted = next(ln for ln in notes.splitlines() if "Comparé après conversion" in ln)
    for dim in dimensions:
        flag = series[dim]["serie"]
        assert (f"{dim} " in rupture) == (flag == "rupture"), (dim, flag)
        assert (f"{dim} " in converted) == (flag == "conversion"), (dim, flag)
    assert "recalculés de ardes-culture@1.0.0 vers ardes-culture@1.2.0" in notes
    dry_run = stdout.split("== 6 bis.")[1].split("== 7.", maxsplit=1)[0]
    assert "ardes-culture@1.0.0 → ardes-culture@1.2.0, 24 questionnaire(s)" in dry_run


def _stakes_read_the_1_2_facts(out: Path) -> None:
    """Issue 22, Build 4: the 2026 synthesis (ardes-culture@1.2.0) reads stakes 3 and 4
    with the plan de trésorerie, the awareness of the DLA and the calls for projects,
    stake 4 with the needs by theme (--besoins) and stake 2 with the rural grid's
    itinérance (--attractivite): none of them « non recueilli »."""
    page = html.unescape((out / "rapports" / "synthese-2026_depuis-2025.html")
                         .read_text(encoding="utf-8"))
    for label in ("Structures qui tiennent un plan de trésorerie",
                  "Structures qui connaissent le DLA de leur département",
                  "Structures qui ont répondu à au moins un appel à projets",
                  "Besoins d'accompagnement par thème",
                  # stake 2 with the rural grid joined (--attractivite rural-2025)
                  "Structures en itinérance rurale : au moins 3 communes atteintes"):
        assert label in page, label
    # every fact of the spec's table the questionnaire or the grid gives is read; the
    # financial alerts need the self-diagnosis in the campaign (its own step 10)
    assert "non recueilli dans ardes-culture" not in page
    assert "non recueilli : la campagne ne comprend pas l'autodiagnostic financier" in page
    # the campaign that bundles the self-diagnosis (step 10) reads the alerts
    finances = html.unescape((out / "rapports" / "finances" / "synthese-finances-2025.html")
                             .read_text(encoding="utf-8"))
    for label in ("Structures dont les fonds propres couvrent moins de 3 mois",
                  "Structures dont la trésorerie couvre moins de 30 jours",
                  "Structures en déficit sur au moins 2 des trois derniers exercices",
                  "Structures qui tiennent un plan de trésorerie"):
        assert label in finances, label
