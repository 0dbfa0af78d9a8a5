"""Simulated campaigns: deterministic, plausible, and read back exactly as they were filled.

Requirements checked here:
- SIM-1 the same seed gives the same registry, answers and files;
- SIM-2 structures.csv is written and read by ``evalsoc questionnaire --structures``;
- SIM-3 every workbook reads back to the answer set it was filled from (answers/*.json);
- SIM-4 human variations (--messy) read back to the same values, hence the same scores,
  with warnings only;
- SIM-5 answers follow the structure's latent level (correlated within a structure);
- SIM-6 amounts and counts are consistent with each other;
- SIM-7 the fast template path and openpyxl give the same cells.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML
from openpyxl import load_workbook

from evalsoc.answers.model import AnswerSet, AnswerStatus
from evalsoc.answers.validate import validate_answer_set
from evalsoc.batch.run import BatchItem, check_paths
from evalsoc.cli.main import cli
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.scoring import score
from evalsoc.simulate import (
    Campaign,
    SimulationSummary,
    draw_answers,
    hints_for,
    make_registry,
    simulate_campaign,
)
from evalsoc.simulate.latent import draw_profile
from evalsoc.structures.registry import read_structures

SEED = 11
PAIRS = (("etp_permanents", "etp_total"), ("presents_ag", "nb_adherents"),
         ("nouveaux_administrateurs", "nb_administrateurs"),
         ("entrees_tarif_social", "entrees_totales"),
         ("montant_premier_financeur", "budget_total"), ("aides_emploi", "masse_salariale"))
Key = tuple[str, str, object, AnswerStatus]


@pytest.fixture(scope="module")
def shipped() -> tuple[Referentiel, str]:
    entry, ref = resolve("ardes-culture@1.0.0")
    return ref, load_entry(entry).hash or ""


@pytest.fixture(scope="module")
def campaigns(shipped: tuple[Referentiel, str], tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, SimulationSummary]:
    """Five structures, clean and messy, same seed; and three with individual forms."""
    ref, ref_hash = shipped
    root = tmp_path_factory.mktemp("campagnes")
    return {
        "clean": simulate_campaign(ref, ref_hash, 5, SEED, root / "clean"),
        "messy": simulate_campaign(ref, ref_hash, 5, SEED, root / "messy", messy=True),
        "forms": simulate_campaign(ref, ref_hash, 3, SEED, root / "forms", messy=True,
                                   individuels=["benevoles", "partenaires"]),
    }


def _truth(folder: Path, structure_id: str) -> AnswerSet:
    text = (folder / "answers" / f"{structure_id}.json").read_text(encoding="utf-8")
    return AnswerSet.model_validate_json(text)


def _value(value: object) -> object:
    if isinstance(value, float):
        return round(value, 6)  # 0.07 in a percent cell reads as 7.000000000000001
    return tuple(sorted(value)) if isinstance(value, tuple) else value


def _keys(answers: AnswerSet) -> Counter[Key]:
    """Answers compared on question, respondent, value and status; an individual form's
    respondent id ends with its file's hash, which the truth cannot know."""
    return Counter((a.question, re.sub(r"(-i\d+)-[0-9a-f]{6}$", r"\1", a.respondent),
                    _value(a.value), a.status) for a in answers.answers)


def _structures(folder: Path) -> Iterator[BatchItem]:
    for item in check_paths([folder], workers=1):
        if not item.read.individual:
            yield item


def _scores(folder: Path) -> dict[str, dict[str, float | None]]:
    return {i.result.structure.id: {n.id: None if n.score is None else round(n.score, 6)
                                    for d in i.result.dimensions for n in d.walk()}
            for i in _structures(folder) if i.result is not None}


def test_registry_is_deterministic_and_fictitious() -> None:  # SIM-1
    first, again, longer = make_registry(12, 3), make_registry(12, 3), make_registry(20, 3)
    assert first == again and longer[:12] == first
    assert first != make_registry(12, 4)
    assert [s.info.id for s in first[:2]] == ["S0001", "S0002"]
    assert len({s.info.name for s in longer}) == 20
    assert {s.info.departement for s in longer} <= {"14", "50", "61"}
    assert {s.info.consentement for s in longer} <= {"nominative", "anonyme", "aucune"}


def test_answers_are_deterministic(shipped: tuple[Referentiel, str]) -> None:  # SIM-1
    ref, ref_hash = shipped
    sim = make_registry(1, SEED)[0]
    campaign = Campaign(ref, ref_hash, hints_for(ref), SEED, 2025)
    assert draw_answers(campaign, sim) == draw_answers(campaign, sim)
    other = Campaign(ref, ref_hash, hints_for(ref), SEED + 1, 2025)
    assert draw_answers(other, sim) != draw_answers(campaign, sim)


def test_files_are_deterministic(shipped: tuple[Referentiel, str], tmp_path: Path,
                                 campaigns: dict[str, SimulationSummary]) -> None:  # SIM-1
    ref, ref_hash = shipped
    again = simulate_campaign(ref, ref_hash, 5, SEED, tmp_path / "again", messy=True)
    first = campaigns["messy"].out_dir
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again.out_dir) for p in again.out_dir.rglob("*")
                           if p.is_file())
    assert len(files) == 12  # 5 workbooks, 5 answer sets, the registry, the manifest
    for name in files:  # byte for byte, workbooks included (their time is the fill date)
        assert (again.out_dir / name).read_bytes() == (first / name).read_bytes(), name


def test_structures_csv_is_readable(campaigns: dict[str, SimulationSummary]) -> None:  # SIM-2
    path = campaigns["clean"].out_dir / "structures.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfstructure_id;nom;")
    read = read_structures(path)
    assert read.issues == []
    assert read.structures == [s.info for s in make_registry(5, SEED)]


def test_clean_campaign_reads_back_exactly(campaigns: dict[str, SimulationSummary]
                                           ) -> None:  # SIM-3
    folder = campaigns["clean"].out_dir
    items = list(_structures(folder))
    assert len(items) == 5
    for item in items:
        assert item.read.issues == (), item.read.file
        got = item.read.answers
        assert got is not None
        truth = _truth(folder, got.structure.id)
        assert _keys(got) == _keys(truth)
        assert got.structure == truth.structure
        assert [r.id for r in got.respondents] == [r.id for r in truth.respondents]
        assert [n.model_dump(exclude={"source"}) for n in got.evaluator] == \
            [n.model_dump(exclude={"source"}) for n in truth.evaluator]


def test_messy_campaign_reads_back_with_the_same_scores(
        campaigns: dict[str, SimulationSummary]) -> None:  # SIM-4
    folder = campaigns["messy"].out_dir
    codes: Counter[str] = Counter()
    for item in _structures(folder):
        assert item.read.valid, item.read.file
        assert all(i.severity.value == "avertissement" for i in item.read.issues)
        codes.update(i.code for i in item.read.issues)
        got = item.read.answers
        assert got is not None
        assert _keys(got) == _keys(_truth(folder, got.structure.id))
    assert {"ANS015", "XL028"} <= set(codes)  # numbers typed as text, empty grid rows
    assert _scores(folder) == _scores(campaigns["clean"].out_dir)


def test_risky_texts_are_stored_verbatim(campaigns: dict[str, SimulationSummary]) -> None:
    folder = campaigns["messy"].out_dir
    texts = [a.value for i in _structures(folder) if i.read.answers
             for a in i.read.answers.answers if isinstance(a.value, str) and len(a.value) > 20]
    assert any(t.startswith(("=", "+", "@", "-")) or "<" in t for t in texts)


def test_individual_forms_merge_back(campaigns: dict[str, SimulationSummary]) -> None:
    summary = campaigns["forms"]
    assert summary.individual_workbooks > 0
    for item in _structures(summary.out_dir):
        got = item.read.answers
        assert got is not None and item.merged
        assert _keys(got) == _keys(_truth(summary.out_dir, got.structure.id))


def test_check_command_accepts_simulated_campaigns(
        campaigns: dict[str, SimulationSummary]) -> None:  # SIM-3, SIM-4
    runner = CliRunner()
    clean = runner.invoke(cli, ["check", str(campaigns["clean"].out_dir), "-q"])
    assert clean.exit_code == 0, clean.output
    assert "0 avertissement(s)" in clean.output
    messy = runner.invoke(cli, ["check", str(campaigns["messy"].out_dir), "-q"])
    assert messy.exit_code == 0, messy.output
    assert "AVERTISSEMENT" in messy.output and "ERREUR" not in messy.output


def test_answers_follow_the_latent_level(shipped: tuple[Referentiel, str]) -> None:  # SIM-5
    ref, ref_hash = shipped
    hints = hints_for(ref)
    campaign = Campaign(ref, ref_hash, hints, 5, 2025)
    rows = []
    for sim in make_registry(60, 5):
        result = score(ref, draw_answers(campaign, sim), ref_hash)
        overall = draw_profile(sim, [d.id for d in ref.dimensions], hints.latent, 5, 2025)
        rows.append((overall.overall, [d.level for d in result.dimensions if d.level]))
    rows.sort(key=lambda row: row[0])

    def high_share(part: list[tuple[float, list[int]]]) -> float:
        levels = [lv for _, found in part for lv in found]
        return sum(1 for lv in levels if lv >= 3) / len(levels)

    assert high_share(rows[-20:]) > high_share(rows[:20]) + 0.3


def test_amounts_and_counts_are_consistent(shipped: tuple[Referentiel, str]) -> None:  # SIM-6
    ref, ref_hash = shipped
    campaign = Campaign(ref, ref_hash, hints_for(ref), 2, 2025)
    statuses: Counter[AnswerStatus] = Counter()
    for sim in make_registry(40, 2):
        answers = draw_answers(campaign, sim)
        _, issues = validate_answer_set(answers, ref, ref_hash=ref_hash)
        assert [i for i in issues if i.severity.value == "erreur"] == []
        statuses.update(a.status for a in answers.answers)
        v = {a.question: a.value for a in answers.answers if a.respondent == "structure"
             and isinstance(a.value, float)}
        for small, big in PAIRS:
            if small in v and big in v:
                assert v[small] <= v[big], (sim.info.id, small, big)
        if {"ressources_propres", "subventions_publiques", "budget_total"} <= set(v):
            assert v["ressources_propres"] + v["subventions_publiques"] <= v["budget_total"]
    total = sum(statuses.values())
    assert 0.02 < statuses[AnswerStatus.NON_CONCERNE] / total < 0.07
    assert 0.01 < statuses[AnswerStatus.NE_SAIT_PAS] / total < 0.06


def test_next_year_drifts_a_little(shipped: tuple[Referentiel, str]) -> None:
    ref, ref_hash = shipped
    hints = hints_for(ref)
    before, after = (Campaign(ref, ref_hash, hints, 9, year) for year in (2025, 2026))
    for sim in make_registry(10, 9):
        old, new = draw_answers(before, sim), draw_answers(after, sim)
        assert old.structure.id == new.structure.id and old != new
        assert new.questionnaire_id == f"{sim.info.id}-2026"
        budget = {y: next(a.value for a in s.answers if a.question == "budget_total")
                  for y, s in ((2025, old), (2026, new))}
        if all(isinstance(b, float) for b in budget.values()):
            assert 0.6 < budget[2026] / budget[2025] < 1.6  # type: ignore[operator]


def test_fast_path_equals_openpyxl(shipped: tuple[Referentiel, str], tmp_path: Path
                                   ) -> None:  # SIM-7
    ref, ref_hash = shipped
    fast = simulate_campaign(ref, ref_hash, 2, SEED, tmp_path / "fast", messy=True,
                             individuels=["salaries"])
    slow = simulate_campaign(ref, ref_hash, 2, SEED, tmp_path / "slow", messy=True,
                             individuels=["salaries"], fast=False)
    names = sorted(p.name for p in fast.out_dir.glob("*.xlsx"))
    assert names == sorted(p.name for p in slow.out_dir.glob("*.xlsx"))
    for name in names:
        a, b = load_workbook(fast.out_dir / name), load_workbook(slow.out_dir / name)
        assert a.sheetnames == b.sheetnames
        assert a.properties.title == b.properties.title
        for sheet in a.sheetnames:
            assert list(a[sheet].values) == list(b[sheet].values), (name, sheet)
            heads = [book[sheet].oddHeader for book in (a, b)]
            assert heads[0] is not None and heads[1] is not None
            assert heads[0].center.text == heads[1].center.text


def test_cli_simulate(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "demo"
    args = ["simulate", "ardes-culture@1.0.0", "--structures", "3", "--seed", "4", "-o", str(out)]
    result = runner.invoke(cli, [*args, "-q"])
    assert result.exit_code == 0, result.output
    assert "3 structure(s)" in result.output and "evalsoc check" in result.output
    assert len(list(out.glob("*.xlsx"))) == 3
    smaller = runner.invoke(cli, [*args[:3], "2", *args[4:], "--json"])
    assert smaller.exit_code == 0, smaller.output
    shown = json.loads(smaller.output)
    assert shown["structures"] == 2 and shown["seed"] == 4
    assert set(shown) == set(SimulationSummary(out, "", 0, 0, False, (), 0, 0, {}, {}, 0, 0.0)
                             .as_json())
    assert len(list(out.glob("*.xlsx"))) == 2  # the previous simulation was replaced
    assert len(list((out / "answers").glob("*.json"))) == 2
    foreign = tmp_path / "retours"
    foreign.mkdir()
    (foreign / "vrai.xlsx").write_bytes(b"")
    refused = runner.invoke(cli, [*args[:6], "-o", str(foreign)])
    assert refused.exit_code == 2 and "ne viennent pas d'une simulation" in refused.output
    unknown = runner.invoke(cli, [*args, "--individuels", "elus"])
    assert unknown.exit_code == 2 and "--individuels" in unknown.output


def test_any_referentiel_without_hints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    """Questions without hints are drawn from their scoring rule or bounds."""
    folder = tmp_path / "referentiels" / "mini"
    folder.mkdir(parents=True)
    (folder / "1.0.0.yaml").write_text(MINI_YAML, encoding="utf-8")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder.parent))
    entry, ref = resolve("mini")
    summary = simulate_campaign(ref, load_entry(entry).hash or "", 4, 1, tmp_path / "out",
                                messy=True)
    assert summary.structures == 4
    for item in _structures(summary.out_dir):
        assert item.read.valid and item.result is not None
        got = item.read.answers
        assert got is not None
        assert _keys(got) == _keys(_truth(summary.out_dir, got.structure.id))


def test_a_version_uses_the_latest_hints_file_up_to_it(tmp_path: Path) -> None:
    """simulation-1.1.0.yaml serves 1.1.0 and the versions after it until a file of their
    own; earlier versions keep the shared simulation.yaml."""
    from evalsoc.simulate.hints import hints_path  # noqa: PLC0415

    for name in ("simulation.yaml", "simulation-1.1.0.yaml", "simulation-2.0.0.yaml"):
        (tmp_path / name).write_text("format: evalsoc-simulation\n", encoding="utf-8")
    assert hints_path(tmp_path, "1.0.0").name == "simulation.yaml"
    assert hints_path(tmp_path, "1.1.0").name == "simulation-1.1.0.yaml"
    assert hints_path(tmp_path, "1.2.0").name == "simulation-1.1.0.yaml"
    assert hints_path(tmp_path, "1.10.0").name == "simulation-1.1.0.yaml"  # not by text
    assert hints_path(tmp_path, "2.1.0").name == "simulation-2.0.0.yaml"
    assert hints_path(tmp_path).name == "simulation.yaml"


def test_a_weighted_option_is_ticked_as_often_as_its_weight_says() -> None:
    """ardes-culture 1.2.0's hints make a European call for projects rarer than the
    others (weights: europe 0.4): over 200 structures, ticked well under the others."""
    entry, ref = resolve("ardes-culture@1.2.0")
    campaign = Campaign(ref, load_entry(entry).hash or "", hints_for(ref), 5, 2026)
    ticked: Counter[str] = Counter()
    for sim in make_registry(200, 5):
        for answer in draw_answers(campaign, sim).answers:
            if answer.question == "appels_projets" and isinstance(answer.value, (list, tuple)):
                ticked.update(answer.value)
    others = [ticked[c] for c in ("collectivite", "region", "etat", "prive")]
    assert ticked["europe"] > 0
    assert ticked["europe"] < 0.6 * min(others), ticked
