"""One comparability policy everywhere (issue 17, item 5).

P1 a previous campaign of another version is not compared, and every output says so:
the export (no evolution table, a note), the synthèse (its evolution section is the
note), the fiche (no previous column, a note); nothing is refused. P2 once migrated, the
export's evolution, the synthèse's evolution and the fiche's previous figures compare
only the nodes whose series allows it (no break), name the nodes compared after
conversion, and the auditor checks the evolution with everything else; P3 the policy
itself: a late workbook's break concerns its structure only.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner
from versions_fixture import IDENT, copy_root

from evalsoc.cli.main import cli
from evalsoc.publish.inputs import load_sector_inputs
from evalsoc.publish.publication import Publication
from evalsoc.referentiel.registry import resolve
from evalsoc.reports.fiche.store import campaign_context
from evalsoc.reports.sector.build import build_sector_report
from evalsoc.simulate.registry import make_registry
from evalsoc.simulate.stored import store_campaign
from evalsoc.store.frames import Store
from evalsoc.versions.compare import Side, comparability


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_root(tmp_path_factory.mktemp("compare") / "referentiels")


@pytest.fixture
def db(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(root))
    base = tmp_path / "base.sqlite"
    structures = make_registry(16, 8)
    registry = [s.info.model_copy(update={"consentement": "nominative" if i % 2 else
                                          "anonyme"}) for i, s in enumerate(structures)]
    structures = [s.__class__(**{**s.__dict__, "info": info})
                  for s, info in zip(structures, registry, strict=True)]
    old, new = resolve(f"{IDENT}@1.0.0", root)[1], resolve(f"{IDENT}@1.1.0", root)[1]
    store_campaign(base, "2025", 2025, old, structures, 8, registry, root)
    store_campaign(base, "2026", 2026, new, structures, 9, (), root)
    return base


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _export(db: Path, out: Path) -> dict[str, list[dict[str, str]]]:
    code, text = _run("export", "--campagne", "2026", "--precedente", "2025", "--db",
                      str(db), "-o", str(out / "export.csv"))
    assert code == 0, text
    tables = {}
    for path in out.glob("*.csv"):
        name = path.name.removeprefix("export.").removesuffix(".csv") or "structures"
        with path.open(encoding="utf-8-sig") as handle:
            tables[name] = list(csv.DictReader(handle, delimiter=";"))
    return tables


def _synthesis(db: Path) -> str:
    with Store(db) as store:
        publication = Publication(load_sector_inputs(store, "2026", "2025"))
    report = build_sector_report(publication)
    section = next((s for s in report.sections if s.id == "evolution"), None)
    return "" if section is None else section.model_dump_json()


@pytest.mark.slow
def test_p1_another_version_is_not_compared_and_said(db: Path, tmp_path: Path) -> None:
    tables = _export(db, tmp_path / "export")
    assert "evolution" not in tables
    notes = [row["note"] for row in tables["notes"]]
    said = next(n for n in notes if "ne sont pas comparés" in n)
    assert "« 2025 » suit essai-versions@1.0.0 et « 2026 » suit essai-versions@1.1.0" in said
    assert "evalsoc migrate --campagne 2025 --vers essai-versions@1.1.0" in said
    section = _synthesis(db)
    assert "ne sont pas comparés" in section and "moyenne_avant" not in section
    context = campaign_context(db, "2026")
    previous = next(iter(context.previous.values()))
    assert previous.scores == {} and "ne sont pas comparés" in previous.note


@pytest.mark.slow
def test_p2_migrated_compares_what_the_series_allow(db: Path, tmp_path: Path) -> None:
    code, out = _run("migrate", "--campagne", "2025", "--vers", f"{IDENT}@1.1.0", "--db",
                     str(db))
    assert code == 0, out
    tables = _export(db, tmp_path / "export")
    nodes = {row["noeud"] for row in tables["evolution"]}
    assert nodes == {"ECO", "SOC", "CULT"}  # TERR and GOUV break
    notes = " ".join(row["note"] for row in tables["notes"])
    assert "Les scores de « 2025 » ont été recalculés de essai-versions@1.0.0 vers " \
           "essai-versions@1.1.0" in notes
    assert "Rupture de série, non comparé : TERR Territoire, GOUV Gouvernance et " \
           "engagement." in notes
    assert "Comparé après conversion des réponses de essai-versions@1.0.0 : ECO " \
           "Économie et emploi, SOC Lien social et convivialité." in notes
    section = _synthesis(db)
    assert "Rupture de série, non comparé : TERR Territoire" in section
    assert "moyenne_avant" in section
    context = campaign_context(db, "2026")
    previous = next(iter(context.previous.values()))
    assert set(previous.scores) <= {"ECO", "SOC", "CULT"} and previous.scores
    assert previous.note.startswith("Campagne « 2025 » : Les scores de « 2025 » ont été "
                                    "recalculés")
    code, out = _run("audit", "--campagne", "2026", "--precedente", "2025", "--db", str(db))
    assert code == 0, out


def test_p3_breaks_of_one_structure() -> None:
    before = Side("2025", "x@1.1.0", (("S1", "TERR", "rupture", "x@1.0.0"),
                                      ("S1", "ECO", "conversion", "x@1.0.0")))
    after = Side("2026", "x@1.1.0")
    policy = comparability(before, after)
    assert not policy.allowed("S1", "TERR") and policy.allowed("S2", "TERR")
    assert policy.allowed("S1", "ECO")
    notes = policy.notes(["ECO", "TERR"], {"TERR": "Territoire", "ECO": "Économie"},
                         {"S1", "S2"})
    assert "Rupture de série, non comparé : TERR Territoire (pour 1 structure(s) sur 2)." \
        in notes
    assert not comparability(Side("a", "x@1.0.0"), after).allowed("S2", "ECO")
    assert comparability(Side("a", "x@1.1.0"), after).notes(["ECO"], {}) == []
