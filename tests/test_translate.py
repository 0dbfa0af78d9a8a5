"""Answers of one version read under a later one (issue 17, items 1 and 3).

T1 answers of 1.0.0 re-scored under 1.1.0 give the values computed by hand below, for
each kind of change; T2 the flags of every node, with their causes; T3 what cannot be
carried is counted, never lost in silence; T4 merged answers combine as documented;
T5 property: a crosswalk made only of « same » gives identical scores and flags every
node comparable; T6 two crosswalks chain (1.0.0 → 1.1.0 → 1.2.0); T7 no crosswalk leads
backwards, to another référentiel, or through an invalid crosswalk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sets
from versions_fixture import BENEVOLES, HAND, IDENT, STRUCTURE, answer_set, copy_root

from evalsoc.answers.model import AnswerStatus
from evalsoc.referentiel.crosswalk import Combine, Crosswalk, CrosswalkEntry
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.scoring import score
from evalsoc.versions.chain import VersionError, chain
from evalsoc.versions.draft import draft_crosswalk
from evalsoc.versions.flags import Flag
from evalsoc.versions.mapping import compile_step
from evalsoc.versions.series import series_flags
from evalsoc.versions.translate import _combined, translate


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_root(tmp_path_factory.mktemp("versions") / "referentiels")


@pytest.fixture(scope="module")
def versions(root: Path) -> tuple[Referentiel, Referentiel]:
    return resolve(f"{IDENT}@1.0.0", root)[1], resolve(f"{IDENT}@1.1.0", root)[1]


def _values(answers: object) -> dict[tuple[str, str], object]:
    return {(a.respondent, a.question): a.value if a.value is not None else a.status.value
            for a in answers.answers}  # type: ignore[attr-defined]


def test_t1_rescored_equals_hand_values(versions: tuple[Referentiel, Referentiel]) -> None:
    old, new = versions
    translated, _ = translate(answer_set(old), chain(old, new))
    values = _values(translated)
    assert values[("structure", "emplois")] == 3.0  # same
    assert values[("structure", "budget_total")] == 40000.0  # renamed
    assert ("structure", "budget") not in values
    assert values[("structure", "salaries")] == 3.0  # merged
    assert [values[(f"ben-0{i}", "rencontres")] for i in (1, 2, 3)] == ["3", "2", "1"]
    assert values[("structure", "actions_tarifs")] == ("tarifs",)  # split, mapped
    assert values[("structure", "actions_mediation")] == ("ateliers",)
    assert ("structure", "entrees_payantes") not in values  # split, no mapping
    assert values[("structure", "etp_benevoles")] == 1.25  # rescaled by factor
    assert ("structure", "ag_participation") not in values  # dropped
    assert translated.referentiel == new.ref
    nodes = score(new, translated).nodes()
    assert set(nodes) == set(HAND)
    for node, want in HAND.items():
        got = nodes[node]
        if isinstance(want, float):
            assert got.score == pytest.approx(want, abs=1e-6), node
        else:
            assert got.score is None and got.absent is not None, node
            assert got.absent.value == want, node


def test_t1_traces_keep_the_original_cells(versions: tuple[Referentiel, Referentiel]
                                            ) -> None:
    from evalsoc.answers.model import CellRef  # noqa: PLC0415

    old, new = versions
    source = answer_set(old)
    source = source.model_copy(update={"answers": tuple(
        a.but(source=CellRef(file="s1.xlsx", sheet="Questionnaire", cell=f"D{n}"), raw="x")
        for n, a in enumerate(source.answers, start=10))})
    translated, _ = translate(source, chain(old, new))
    cells = {a.question: a.source.cell for a in translated.answers
             if a.respondent == "structure" and a.source}
    assert cells["budget_total"] == "D13" and cells["etp_benevoles"] == "D24"
    merged = next(a for a in translated.answers if a.question == "salaries")
    assert merged.raw == "cdi : x ; cdd : x" and merged.source.cell == "D14"  # type: ignore[union-attr]


FLAGS = {
    "CULT": Flag.COMPARABLE, "CULT.1.1": Flag.COMPARABLE, "ECO.1.2": Flag.COMPARABLE,
    "ECO.2.1": Flag.COMPARABLE, "SOC.3.2": Flag.COMPARABLE, "TERR.2.1": Flag.COMPARABLE,
    "TERR.2.2": Flag.COMPARABLE, "GOUV.1.1": Flag.COMPARABLE,
    "ECO.1.1": Flag.CONVERSION, "ECO.2.2": Flag.CONVERSION, "ECO": Flag.CONVERSION,
    "SOC.3.1": Flag.CONVERSION, "SOC.2.1": Flag.CONVERSION, "SOC.4": Flag.CONVERSION,
    "SOC": Flag.CONVERSION, "TERR.2": Flag.CONVERSION, "GOUV.2.1": Flag.CONVERSION,
    "TERR.1.2": Flag.RUPTURE, "TERR.1": Flag.RUPTURE, "TERR": Flag.RUPTURE,
    "GOUV.1.3": Flag.RUPTURE, "GOUV": Flag.RUPTURE,
}


def test_t2_flags(versions: tuple[Referentiel, Referentiel]) -> None:
    old, new = versions
    flags = series_flags(chain(old, new))
    for node, want in FLAGS.items():
        assert flags[node].flag is want, node
    assert flags["GOUV.1.3"].cause == "la question « renouvellement_ca » est nouvelle"
    assert "« TERR.1.2 Entrées payantes »" in flags["TERR"].cause
    assert flags["SOC.3.1"].cause == ("les réponses à « rencontres » sont converties "
                                      "(changé d'échelle ou de règle)")
    assert flags["CULT"].cause == ""


def test_t3_what_is_not_carried_is_counted(versions: tuple[Referentiel, Referentiel]) -> None:
    old, new = versions
    rows = {**STRUCTURE, "heures_benevoles": 1_000_000_000.0}
    translated, report = translate(answer_set(old, rows, BENEVOLES), chain(old, new))
    assert report.not_carried == {"ag_participation": 1}
    assert report.unsplit == {"entrees_payantes": 1, "entrees_gratuites": 1}
    assert report.refused == []  # no maximum on etp_benevoles
    statuses = {**STRUCTURE, "budget": AnswerStatus.NON_CONCERNE,
                "entrees": AnswerStatus.NE_SAIT_PAS}
    translated, report = translate(answer_set(old, statuses, BENEVOLES), chain(old, new))
    assert _values(translated)[("structure", "budget_total")] == "non_concerne"


@pytest.mark.parametrize(("how", "values", "statuses", "want"), [
    (Combine.SUM, [2.0, 1.0], ["a", "a"], 3.0),
    (Combine.SUM, [2.0], ["a", "nc"], 2.0),  # a part « non concerné » counts nothing
    (Combine.SUM, [2.0], ["a", None], AnswerStatus.NE_SAIT_PAS),  # a part is missing
    (Combine.SUM, [], ["nc", "nc"], AnswerStatus.NON_CONCERNE),
    (Combine.SUM, [], [None, None], None),
    (Combine.MEAN, [2.0, 4.0], ["a", "a"], 3.0),
    (Combine.MAX, [2.0], ["a", None], 2.0),
    (Combine.ANY, ["non", "oui"], ["a", "a"], "oui"),
    (Combine.ANY, ["oui"], ["a", None], "oui"),
    (Combine.ANY, ["non"], ["a", None], AnswerStatus.NE_SAIT_PAS),
    (Combine.ALL, ["oui", "oui"], ["a", "a"], "oui"),
    (Combine.ALL, ["non"], ["a", "nsp"], "non"),
    (Combine.FIRST, ["b"], [None, "a"], "b"),
])
def test_t4_combine(how: Combine, values: list[object], statuses: list[str | None],
                    want: object) -> None:
    status = {"a": AnswerStatus.ANSWERED, "nc": AnswerStatus.NON_CONCERNE,
              "nsp": AnswerStatus.NE_SAIT_PAS, None: None}
    got = _combined(how, values, [status[s] for s in statuses])  # type: ignore[arg-type]
    assert got == want


def _same_only(ref: Referentiel) -> tuple[Referentiel, Referentiel]:
    after = ref.model_copy(update={"version": "9.0.0"})
    after = after.model_copy(update={"crosswalk": draft_crosswalk(ref, after)})
    return ref, after


@pytest.mark.parametrize("ident", ["ardes-culture@1.0.0", f"{IDENT}@1.0.0",
                                   f"{IDENT}@1.1.0"])
def test_t5_same_only_crosswalk_changes_nothing(root: Path, ident: str) -> None:
    before, after = _same_only(resolve(ident, root)[1])
    assert after.crosswalk is not None
    assert {e.change.value for e in (*after.crosswalk.nodes, *after.crosswalk.questions)} \
        == {"same"}
    steps = (compile_step(before, after),)
    assert {f.flag for f in series_flags(steps).values()} == {Flag.COMPARABLE}

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def check(data: st.DataObject) -> None:
        answers = data.draw(answer_sets(before))
        translated, report = translate(answers, steps)
        assert report.lost == 0 and not report.refused
        old = score(before, answers)
        new = score(after, translated)
        assert {n: (v.score, v.absent, v.level) for n, v in old.nodes().items()} == \
            {n: (v.score, v.absent, v.level) for n, v in new.nodes().items()}

    check()


def test_t6_two_crosswalks_chain(root: Path, versions: tuple[Referentiel, Referentiel]
                                 ) -> None:
    text = (root / IDENT / "1.1.0.yaml").read_text(encoding="utf-8")
    head = text[:text.index("crosswalk:")]
    head = head.replace("version: 1.1.0", "version: 1.2.0").replace(
        "{id: etp_benevoles,", "{id: benevolat_etp,")
    _, middle = versions
    draft = draft_crosswalk(middle, middle)
    body = [e if e.old != ("etp_benevoles",) else CrosswalkEntry(
        old=("etp_benevoles",), new=("benevolat_etp",), change="renamed")
        for e in draft.questions]
    crosswalk = Crosswalk(previous="1.1.0", nodes=draft.nodes, questions=tuple(body))
    import yaml  # noqa: PLC0415

    dumped = yaml.safe_dump({"crosswalk": crosswalk.model_dump(mode="json",
                                                               exclude_defaults=True)},
                            allow_unicode=True, sort_keys=False)
    (root / IDENT / "1.2.0.yaml").write_text(head + dumped, encoding="utf-8")
    old, last = versions[0], resolve(f"{IDENT}@1.2.0", root)[1]
    steps = chain(old, last, root)
    assert [s.after.version for s in steps] == ["1.1.0", "1.2.0"]
    translated, _ = translate(answer_set(old), steps)
    assert _values(translated)[("structure", "benevolat_etp")] == 1.25
    nodes = score(last, translated).nodes()
    assert nodes["GOUV.2.1"].score == 70.0 and nodes["ECO"].score == 57.5
    flags = series_flags(steps)
    assert flags["GOUV.2.1"].flag is Flag.CONVERSION  # converted in the first step
    assert flags["CULT"].flag is Flag.COMPARABLE and flags["GOUV"].flag is Flag.RUPTURE


def test_t7_no_path(root: Path, versions: tuple[Referentiel, Referentiel]) -> None:
    old, new = versions
    with pytest.raises(VersionError) as backwards:
        chain(new, old, root)
    assert backwards.value.issue.code == "VER020"
    ardes = resolve("ardes-culture@1.0.0", root)[1]
    with pytest.raises(VersionError, match="deux versions"):
        chain(ardes, new, root)
    with pytest.raises(VersionError, match="ne déclare pas de version précédente"):
        chain(old, new.model_copy(update={"crosswalk": None}), root)
    assert new.crosswalk is not None
    broken = new.model_copy(update={"crosswalk": new.crosswalk.model_copy(
        update={"questions": new.crosswalk.questions[1:]})})
    with pytest.raises(VersionError) as invalid:
        chain(old, broken, root)
    assert invalid.value.issue.code == "VER024"
