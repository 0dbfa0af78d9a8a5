"""Every fast path is pinned to the plain way it stands for (issue 16, point 2).

A shorter way to the same result is kept only with a test that compares the two on
drawn inputs. The pairs, and where each is pinned:

- figures to nine decimals: :func:`evalsoc.scoring.combine.exact` against ``round``
  (here);
- an indicator of one question against the general weighted mean of its questions
  (here);
- the answers the Excel reader typed as it read them, checked in bulk, against the
  answer-by-answer check (here);
- the quick search for a far cell against the cell-by-cell walk (here);
- scores without their explanations against scores with them
  (``test_properties.py::test_p5_explanations_never_change_the_figures``);
- the byte scan of formulas and error values against the namespace-aware parse
  (``test_sheetxml.py``);
- score nodes built by position in one factory against the keyword constructor
  (``test_value_classes.py``);
- fictitious workbooks copied from a template against openpyxl
  (``test_simulate.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from conftest import MINI_YAML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answer_sets

from evalsoc.answers import validate
from evalsoc.answers.model import AnswerSet, Comment
from evalsoc.answers.validate import validate_answer_set
from evalsoc.excel.extent import MAX_CELLS, measure, walk
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Kind, Referentiel
from evalsoc.referentiel.registry import list_entries, load_entry
from evalsoc.scoring import indicator
from evalsoc.scoring.combine import DECIMALS, exact
from evalsoc.scoring.inputs import Context
from evalsoc.scoring.plan import GroupPlan, IndicatorPlan, plan_of


def _referentiels() -> list[Referentiel]:
    refs = [load_text(MINI_YAML, "mini/1.0.0.yaml").referentiel]
    refs += [load_entry(e).referentiel for e in list_entries()]
    return [r for r in refs if r is not None]


REFS = _referentiels()
# a diagnostic has no indicator to score, an observation none that is scored
SCORED = [r for r in REFS if r.dimensions and r.kind is not Kind.OBSERVATION]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- exact: floor(x * 1e9 + 0.5) / 1e9 below a million, round() above --------------------

def _near_a_tie(value: float) -> bool:
    """Within a hair of a half unit of the ninth decimal: there the two ways may part
    (round goes to even, on the decimal value), by one unit of the ninth decimal."""
    scaled = abs(value) * 10.0 ** DECIMALS
    return abs(scaled - math.floor(scaled) - 0.5) < 1e-6 * max(1.0, scaled / 1e9)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.floats(0, 100), st.floats(-1e6, 1e6), st.floats(-1e12, 1e12),
                 st.integers(0, 10_000).map(lambda n: n / 7), st.fractions(0, 100).map(float)))
def test_exact_is_round_to_nine_decimals(value: float) -> None:
    fast, plain = exact(value), round(value, DECIMALS) + 0.0
    if _near_a_tie(value):
        assert abs(fast - plain) <= 10.0 ** -DECIMALS + 4 * math.ulp(value)
    else:
        assert fast == plain, (value, fast, plain)
    assert math.copysign(1.0, fast) == 1.0 or fast < 0  # never -0.0


def test_exact_sees_through_binary_fractions() -> None:
    assert exact(74.99999999999997) == 75.0
    assert exact(0.1 + 0.2) == 0.3
    assert exact(29 / 100 * 100) == 29.0
    assert exact(-0.0) == 0.0 and math.copysign(1.0, exact(-1e-12)) == 1.0


# --- an indicator of one question is that question ----------------------------------------

def _single_question_indicators(group: GroupPlan) -> Iterator[IndicatorPlan]:
    for child in group.children:
        if isinstance(child, GroupPlan):
            yield from _single_question_indicators(child)
        elif child.method == "options" and len(child.inputs) == 1:
            yield child


_SAME = ("id", "kind", "label", "score", "absent", "informational", "value", "level",
         "level_label", "weight", "applicable_weight", "present_weight", "completeness",
         "policy")
_FROM_ITS_QUESTION = ("reason", "rule", "respondents", "answers")


@pytest.mark.parametrize("ref", SCORED, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data(), trace=st.booleans())
def test_an_indicator_of_one_question_is_scored_as_the_general_mean(
        ref: Referentiel, data: st.DataObject, trace: bool) -> None:
    plan = plan_of(ref)
    singles = [i for d in plan.dimensions for i in _single_question_indicators(d)]
    assert singles
    normalised, _ = validate_answer_set(data.draw(answer_sets(ref)), ref)
    ctx = Context.build(plan, normalised, trace)
    for ind in singles:
        short = indicator._one_question(ind, ctx)
        general = indicator._questions(ind, ctx)
        for name in _SAME:
            assert getattr(short, name) == getattr(general, name), (ind.indicateur.id, name)
        [question] = general.children
        for name in _FROM_ITS_QUESTION:
            assert getattr(short, name) == getattr(question, name), (ind.indicateur.id, name)


# --- the reader's typed answers, checked in bulk or one by one ----------------------------

@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.ref)
@SETTINGS
@given(data=st.data())
def test_typed_answers_in_place_are_checked_in_bulk_as_one_by_one(
        ref: Referentiel, data: st.DataObject) -> None:
    typed, _ = validate_answer_set(data.draw(answer_sets(ref)), ref)
    asked = {(r.id, q.id) for r in typed.respondents for q in ref.questions().values()
             if q.group == r.group}
    said = data.draw(st.lists(st.sampled_from(sorted(asked)), unique=True, max_size=3)
                     if asked else st.just([]))
    read = typed.model_copy(update={"comments": tuple(
        Comment(question=q, respondent=r, text=f"mot {n}") for n, (r, q) in enumerate(said))})
    refused = frozenset(data.draw(st.lists(st.sampled_from(sorted(asked)), max_size=2)
                                  if asked else st.just([])))
    bulk = validate_answer_set(read, ref, "f.xlsx", normalised=True, refused=refused)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate, "_all_in_place", lambda *_: None)
        one_by_one = validate_answer_set(read, ref, "f.xlsx", normalised=True,
                                         refused=refused)
    assert _key(bulk[0]) == _key(one_by_one[0])
    assert [i.model_dump() for i in bulk[1]] == [i.model_dump() for i in one_by_one[1]]


def _key(answers: AnswerSet) -> tuple[object, ...]:
    return (answers.answers, tuple(sorted(answers.comments, key=repr)))


# --- a far cell is never missed by the quick search ---------------------------------------

_COLUMNS = st.sampled_from(["A", "D", "Z", "AA", "GZ", "HA", "ZZ", "AAA", "XFD"])
_ROWS = st.sampled_from([1, 7, 99, 9_999, 10_000, 65_536, 1_048_576])


@st.composite
def _sheets(draw: st.DrawFn) -> bytes:
    quote = draw(st.sampled_from(['"', "'"]))
    prefix = draw(st.sampled_from(["", "x:"]))
    cells = []
    for column, row in draw(st.lists(st.tuples(_COLUMNS, _ROWS), min_size=1, max_size=6)):
        spelling = draw(st.integers(0, 3))
        ref = f"r={quote}{column}{row}{quote}"
        if spelling == 0:
            cells.append(f"<{prefix}row><{prefix}c {ref}><{prefix}v>1</{prefix}v></{prefix}c>"
                         f"</{prefix}row>")
        elif spelling == 1:  # another attribute first
            cells.append(f"<{prefix}row><{prefix}c t={quote}n{quote} {ref}><{prefix}v>1"
                         f"</{prefix}v></{prefix}c></{prefix}row>")
        elif spelling == 2:  # no address: counted in order
            cells.append(f"<{prefix}row r={quote}{row}{quote}><{prefix}c><{prefix}v>1"
                         f"</{prefix}v></{prefix}c></{prefix}row>")
        else:  # an empty cell takes no room
            cells.append(f"<{prefix}row><{prefix}c {ref}/></{prefix}row>")
    ns = ' xmlns:x="urn:x"' if prefix else ""
    body = "".join(cells)
    return (f"<{prefix}worksheet{ns}><{prefix}sheetData>{body}</{prefix}sheetData>"
            f"</{prefix}worksheet>").encode()


@settings(max_examples=500, deadline=None)
@given(_sheets())
def test_the_quick_search_never_hides_what_the_walk_finds(xml: bytes) -> None:
    quick, plain = measure(xml), walk(xml)
    if quick is None:
        assert plain.cells <= MAX_CELLS, xml
    else:
        assert quick == plain
