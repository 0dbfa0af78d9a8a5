"""Charts of the reports: safe, accessible, honest SVG.

Requirements cited by the tests:
- CH1 every chart is an inline-able SVG: no XML declaration, no DOCTYPE, no script, no
  style sheet, no reference outside itself (only the SVG namespace URI);
- CH2 ``role="img"``, ``aria-label`` and a first ``<title>`` hold the French alternative
  text, which describes the data;
- CH3 names written by users (structures, critères, groups) never become markup;
- CH4 a masked cell (statistical secrecy) is drawn and labelled « secret »;
- CH5 a *non évaluable* score is drawn as absent (gap, hatched frame, « n.é. »), never as 0;
- CH6 numbers use the French decimal comma;
- CH7 the same input gives the same SVG, across processes and threads;
- CH8 the SVG renders in Typst, without relying on any installed font.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree.ElementTree import Element

import matplotlib as mpl
import pytest
from conftest import build_answers
from defusedxml import ElementTree

from evalsoc import charts
from evalsoc.answers.validate import validate_answer_set
from evalsoc.charts import (
    Axis,
    Chart,
    CompletenessItem,
    CritereScore,
    EvolutionPoint,
    EvolutionSeries,
    GroupMean,
    HeatCell,
    HeatRow,
    HeatTable,
    Profile,
    Spread,
)
from evalsoc.charts.examples import DIMENSIONS, HEAT, STRUCTURE, all_charts
from evalsoc.charts.radar import vertices
from evalsoc.charts.text import fit, measure, wrap
from evalsoc.referentiel.model import Level, Referentiel
from evalsoc.scoring import score

SVG = "http://www.w3.org/2000/svg"
NS = {"s": SVG}
HOSTILE = '<script>alert(1)</script> javascript:alert("x") & Cie'
CHARTS = all_charts()


@pytest.fixture(scope="module")
def rendered() -> dict[str, Chart]:
    return {name: draw() for name, draw in CHARTS.items()}


def parse(chart: Chart) -> Element:
    root: Element = ElementTree.fromstring(chart.svg)
    return root


def hostile_charts() -> dict[str, Chart]:
    """Every chart with a user-written name carrying markup."""
    structure = Profile(HOSTILE, {"ECO": 50.0, "SOC": 60.0, "CULT": 70.0})
    axes = [Axis("ECO", HOSTILE), Axis("SOC", "Sociale"), Axis("CULT", "Culturelle")]
    return {
        "radar": charts.radar(axes, structure, title=HOSTILE),
        "criteria_bars": charts.criteria_bars(
            [CritereScore(HOSTILE, "ECO.1", HOSTILE, 40.0),
             CritereScore(HOSTILE, "ECO.2", "Autre", None, HOSTILE)]),
        "divergence": charts.divergence([GroupMean(HOSTILE, HOSTILE, 40.0, n=3),
                                         GroupMean(HOSTILE, "publics", None)]),
        "distribution": charts.distribution({HOSTILE: Spread(3, 20.0)},
                                            Profile(HOSTILE, {HOSTILE: 25.0})),
        "heatmap": charts.heatmap(HeatTable((HOSTILE,), (HeatRow(HOSTILE, (HeatCell(40.0),)),)),
                                  HOSTILE),
        "evolution": charts.evolution([EvolutionSeries(HOSTILE, (EvolutionPoint(HOSTILE, 40.0),))]),
        "completeness": charts.completeness([CompletenessItem(HOSTILE, 0.5, HOSTILE)]),
    }


# CH1, CH2 -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_is_inline_svg(rendered: dict[str, Chart], name: str) -> None:
    """CH1."""
    chart = rendered[name]
    assert chart.svg.startswith("<svg ")
    assert "<?xml" not in chart.svg and "<!DOCTYPE" not in chart.svg
    root = parse(chart)
    assert root.tag == f"{{{SVG}}}svg"
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert not tags & {"script", "style", "foreignObject", "image", "iframe", "a"}
    assert re.findall(r"https?://[^\s\"'<>)]+", chart.svg) == [SVG]
    ids = {element.get("id") for element in root.iter()} - {None}
    for element in root.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.startswith("on"), attribute
            if attribute.endswith("href"):
                assert value.startswith("#") and value[1:] in ids, value
    for reference in re.findall(r"url\(#([^)]+)\)", chart.svg):
        assert reference in ids


@pytest.mark.parametrize("name", list(CHARTS))
def test_title_and_aria_label_hold_the_alt_text(rendered: dict[str, Chart], name: str) -> None:
    """CH2."""
    chart = rendered[name]
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.alt
    first = root[0]
    assert first.tag == f"{{{SVG}}}title" and first.text == chart.alt
    assert len(root.findall(".//s:title", NS)) == 1
    assert chart.alt.endswith(".") and len(chart.alt) > 60
    assert chart.title


def test_alt_text_describes_the_data(rendered: dict[str, Chart]) -> None:
    """CH2: the alternative text says what the chart shows, figure by figure."""
    radar = rendered["radar"].alt
    assert radar.startswith("Profil de La Grange (scores sur 100) : Économique & emploi 68 "
                            "(niveau 3, Affirmé), Sociale / lien social 48 (niveau 2,")
    assert "Innovation & changement sociétal non évaluable" in radar
    assert "Médiane du secteur en tirets : Économique & emploi 52" in radar
    assert "La Grange, campagne 2023 en pointillés" in radar
    assert "ECO.1 Emplois créés et maintenus 73 (niveau 3)" in rendered["criteria_bars"].alt
    assert "plus grand écart : Gouvernance & engagement (27 points)" in rendered["divergence"].alt
    assert "Gouvernance & engagement : structure 72, bénévoles 58, salariés 45, publics non " \
        "évaluable, partenaires 50 (écart 27)" in rendered["divergence"].alt
    assert "Territoriale : médiane" in rendered["distribution"].alt
    assert "Ain : Économique & emploi secret" in rendered["heatmap"].alt
    assert "Économique & emploi : 2021 " in rendered["evolution"].alt
    assert "seuil 50 %" in rendered["completeness"].alt.replace("\u202f", " ")


def test_sizes_suit_an_a4_report(rendered: dict[str, Chart]) -> None:
    assert (rendered["radar"].width_cm, rendered["radar"].height_cm) == (9.0, 9.0)
    for name, chart in rendered.items():
        root = parse(chart)
        width = float(root.get("width", "0").removesuffix("pt"))
        assert width == pytest.approx(chart.width_cm / 2.54 * 72, abs=0.05), name
        assert chart.width_cm <= 16 and 3 <= chart.height_cm <= 26
        assert len(chart.svg) < 120_000, name


def test_ids_are_unique_across_charts(rendered: dict[str, Chart]) -> None:
    """Several charts inlined in one HTML page must not share an id."""
    seen: dict[str, str] = {}
    for name, chart in rendered.items():
        for element in parse(chart).iter():
            if (identifier := element.get("id")) is not None:
                assert identifier not in seen, (identifier, name, seen.get(identifier))
                seen[identifier] = name


# CH3 ----------------------------------------------------------------------------------


def test_user_names_never_become_markup() -> None:
    """CH3: names are drawn as glyphs; in the title and aria-label they are escaped."""
    for name, chart in hostile_charts().items():
        root = parse(chart)
        assert not [e for e in root.iter() if e.tag.split("}")[-1] == "script"], name
        assert "<script" not in chart.svg, name
        for element in root.iter():
            for value in element.attrib.values():
                assert not value.strip().lower().startswith("javascript:"), name
        assert HOSTILE in chart.alt, name
        assert root.get("aria-label") == chart.alt
        assert "&lt;script&gt;" in chart.svg
        assert any("<script>" in text for text in chart.texts), name


def test_dollar_signs_are_text_not_mathtext() -> None:
    chart = charts.completeness([CompletenessItem("Budget en $ et $ US", 0.5)])
    assert "Budget en $ et $ US" in chart.texts


# CH4 ----------------------------------------------------------------------------------


def test_masked_cells_are_drawn_hatched_and_labelled(rendered: dict[str, Chart]) -> None:
    """CH4."""
    chart = rendered["heatmap"]
    masked = sum(cell.masked for row in HEAT.rows for cell in row.cells)
    assert masked >= 3
    assert chart.texts.count("secret") == masked
    assert "secret : secret statistique" in chart.texts  # the legend says what it means
    assert parse(chart).findall(".//s:pattern", NS), "hatching"
    assert f"{masked} cellules « secret » : masquées par le secret statistique" in chart.alt


def test_a_masked_cell_ignores_its_value() -> None:
    """CH4: a value left in a masked cell is never shown."""
    table = HeatTable(("ECO",), (HeatRow("Ain", (HeatCell(42.5, masked=True),)),))
    chart = charts.heatmap(table, "Département")
    assert "42,5" not in chart.texts and "42,5" not in chart.alt
    assert "secret" in chart.texts


# CH5 ----------------------------------------------------------------------------------


def test_radar_leaves_a_gap_for_a_dimension_without_score() -> None:
    """CH5: the line breaks (NaN) at the absent dimension instead of going to 0."""
    xs, ys = vertices(DIMENSIONS, STRUCTURE)
    absent = [i for i, d in enumerate(DIMENSIONS) if STRUCTURE.score(d.code) is None]
    assert absent == [5]
    assert math.isnan(xs[5]) and math.isnan(ys[5])
    present = [i for i in range(len(DIMENSIONS)) if i not in absent]
    assert all(math.hypot(xs[i], ys[i]) > 0 for i in present)
    chart = charts.radar(DIMENSIONS, STRUCTURE)
    assert any(text.endswith("\nn.é.") for text in chart.texts)
    assert "n.é. : non évaluable (pas de point)" in chart.texts


def test_a_missing_key_is_non_evaluable_too() -> None:
    """CH5: a dimension missing from a profile is absent, not 0."""
    xs, _ = vertices(DIMENSIONS, Profile("X", {"ECO": 10.0}))
    assert sum(not math.isnan(x) for x in xs[:-1]) == 1


def test_non_evaluable_bars_are_hatched_frames_with_their_reason(
        rendered: dict[str, Chart]) -> None:
    """CH5."""
    chart = rendered["criteria_bars"]
    assert "n.é. – trop peu de répondants (2 sur 5 requis)" in chart.texts
    assert "n.é. – non concerné" in chart.texts
    assert "SOC.2 Mixité sociale et générationnelle non évaluable (trop peu de répondants" \
        in chart.alt
    # a real 0 is a score, shown as such
    assert "0 · niv. 1" in chart.texts


def test_absent_values_elsewhere(rendered: dict[str, Chart]) -> None:
    """CH5: evolution, divergence and distribution say « n.é. » where there is no value."""
    assert "n.é." in rendered["evolution"].texts
    assert "2023 non évaluable" in rendered["evolution"].alt
    assert "n.é. : publics" in "".join(rendered["divergence"].texts)
    assert "publics non évaluable" in rendered["divergence"].alt
    assert "Innovation & changement sociétal non évaluable" in rendered["distribution"].alt


def test_only_what_a_table_publishes_is_drawn() -> None:
    chart = charts.distribution({"ECO": Spread(None, masked=True), "SOC": Spread(6, 30.0),
                                 "CULT": Spread(12, 55.0, 40.0, 70.5)})
    assert "secret" in chart.texts
    parts = chart.alt.split(" ; ")
    assert parts[1] == "ECO : secret"
    assert parts[2] == "SOC : médiane 30 (n\u202f=\u202f6)"
    assert parts[3] == "CULT : médiane 55, Q1 40, Q3 71 (n\u202f=\u202f12)."
    assert "P10" not in chart.alt and "P90" not in chart.alt


# CH6 ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_numbers_use_the_decimal_comma(rendered: dict[str, Chart], name: str) -> None:
    """CH6 (and issue 19: scores are whole numbers, halves up, on every chart)."""
    chart = rendered[name]
    assert not re.search(r"\d\.\d", chart.alt), chart.alt
    for text in chart.texts:
        assert not re.search(r"\d\.\d", text.replace("ECO.", "").replace("SOC.", "")
                             .replace("CULT.", "").replace("TERR.", "")
                             .replace("GOUV.", "").replace("INNOV.", "")), text
    assert not any(re.search(r"\d,\d", text) for text in chart.texts), chart.texts


def test_percentages_are_french(rendered: dict[str, Chart]) -> None:
    assert "92\u202f%" in rendered["completeness"].texts
    assert "75\u202f% – 12 répondants sur 16" in rendered["completeness"].texts


# CH7 ----------------------------------------------------------------------------------


def test_same_input_same_svg() -> None:
    """CH7."""
    for name, draw in CHARTS.items():
        assert draw().svg == draw().svg, name


def test_same_svg_across_processes_and_hash_seeds(rendered: dict[str, Chart]) -> None:
    """CH7: dictionary and set orders, ids and hatch patterns do not depend on the run."""
    script = ("import hashlib\nfrom evalsoc.charts.examples import all_charts\n"
              "for n, d in all_charts().items():\n"
              "    print(n, hashlib.sha256(d().svg.encode()).hexdigest())\n")
    expected = "".join(f"{n} {hashlib.sha256(c.svg.encode()).hexdigest()}\n"
                       for n, c in rendered.items())
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
                              timeout=120)
        assert done.stdout == expected


def test_threads_get_the_same_svg(rendered: dict[str, Chart]) -> None:
    """CH7: rendering from several threads neither mixes rcParams nor glyphs."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda item: (item[0], item[1]().svg), list(CHARTS.items()) * 2))
    for name, svg in results:
        assert svg == rendered[name].svg, name


def test_global_matplotlib_settings_are_left_alone() -> None:
    before = dict(mpl.rcParams)
    charts.radar(DIMENSIONS, STRUCTURE)
    assert dict(mpl.rcParams) == before


# CH8 ----------------------------------------------------------------------------------


def test_typst_renders_every_chart_without_system_fonts(rendered: dict[str, Chart],
                                                        tmp_path: Path) -> None:
    """CH8: glyphs are outlines, so Typst needs no font to draw the labels."""
    import typst  # noqa: PLC0415 - a core dependency, imported where the PDF path is tested
    lines = ['#set page(width: 18cm, height: auto, margin: 1cm)']
    for name, chart in rendered.items():
        (tmp_path / f"{name}.svg").write_text(chart.svg, encoding="utf-8")
        lines.append(f'#figure(image("{name}.svg", width: {chart.width_cm}cm), '
                     f"caption: [{name}])")
    (tmp_path / "report.typ").write_text("\n".join(lines), encoding="utf-8")
    pdf = typst.compile(str(tmp_path / "report.typ"), ignore_system_fonts=True)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000


# Levels, data checks, text fitting -----------------------------------------------------


def test_level_colours_come_from_the_referentiel() -> None:
    levels = (Level(code=1, label="Bas", min=0, color="#123456"),
              Level(code=2, label="Haut", min=60, color="#abcdef"))
    chart = charts.criteria_bars([CritereScore("ECO", "ECO.1", "Un", 30.0),
                                  CritereScore("ECO", "ECO.2", "Deux", 80.0)], levels=levels)
    assert "#123456" in chart.svg and "#abcdef" in chart.svg
    assert "1 Bas (0–60)" in chart.texts and "30 · niv. 1" in chart.texts
    assert "80 · niv. 2" in chart.texts


@pytest.mark.parametrize("build", [
    lambda: Profile("X", {"ECO": 101.0}),
    lambda: CritereScore("ECO", "ECO.1", "Un", -1.0),
    lambda: GroupMean("ECO", "publics", float("nan")),
    lambda: CompletenessItem("ECO", 1.5),
    lambda: HeatTable(("A", "B"), (HeatRow("Ain", (HeatCell(1.0),)),)),
    lambda: charts.radar(DIMENSIONS[:2], STRUCTURE),
    lambda: Spread(3, 120.0),
    lambda: Spread(12, 50.0, 60.0, 40.0),
    lambda: charts.evolution([]),
])
def test_bad_data_is_refused(build: object) -> None:
    with pytest.raises(ValueError):
        build()  # type: ignore[operator]


def test_labels_fit_the_room_they_get() -> None:
    long = "Ressources hybrides et effet levier de l'argent public sur le territoire"
    cut = fit(long, 4.0)
    assert cut.endswith("…") and measure(cut) <= 4.0 * 72 / 2.54
    assert fit("Court", 4.0) == "Court"
    lines = wrap(long, 3.0, lines=2).split("\n")
    assert len(lines) == 2 and all(measure(line) <= 3.0 * 72 / 2.54 for line in lines)


def test_adapters_read_a_score_result(mini: Referentiel) -> None:
    """A fiche structure's charts straight from the scoring layer."""
    structure = {"convention": "oui", "etp": 3.5, "ressources_propres": 12000,
                 "budget": 40000, "actions": ["tarifs"], "verbatim": "Très bien"}
    answers, _ = validate_answer_set(build_answers(structure, {"benevoles": []}), mini)
    result = score(mini, answers)
    assert [a.code for a in charts.axes_of(mini)] == ["ECO", "SOC"]
    assert charts.profile_of(result).name == "Test"
    criteres = charts.criteres_of(result)
    absent = [c for c in criteres if c.score is None]
    assert [(c.code, c.reason) for c in absent] == [("SOC.1", "couverture insuffisante")]
    chart = charts.criteria_bars(criteres, levels=mini.levels)
    assert "n.é. – couverture insuffisante" in chart.texts
    items = charts.completeness_of(result)
    chart = charts.completeness(items, threshold=mini.min_coverage)
    assert "Lien social 50\u202f%" in chart.alt


def test_public_names() -> None:
    for name in charts.__all__:
        assert hasattr(charts, name), name
    functions = {"radar", "criteria_bars", "divergence", "distribution", "heatmap",
                 "evolution", "completeness"}
    assert functions <= set(charts.__all__)
