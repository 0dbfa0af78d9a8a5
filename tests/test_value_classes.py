"""Value classes that are safe to change (issue 16, point 2).

V1 a field added to any value class (answers, cell references, answer traces, score
nodes) travels through pickling, as batches send them between processes (the classes
used to list their fields by hand: a new one came back None); V2 every score node is
built by one factory, by keyword, which covers every field of NodeScore and builds
exactly what the plain keyword constructor builds.
"""

from __future__ import annotations

import inspect
import json
import pickle
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from conftest import MINI_YAML
from hypothesis import given, settings
from hypothesis import strategies as st

from evalsoc.answers.model import Answer, AnswerStatus, CellRef
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import NaPolicy, Referentiel
from evalsoc.scoring.nodes import leveled, node_score
from evalsoc.scoring.plan import Leveled, plan_of
from evalsoc.scoring.result import AbsentReason, AnswerTrace, NodeScore

ROOT = Path(__file__).resolve().parent.parent

# In a fresh interpreter: the sources of the answers and of the scores, each value class
# given one more field (after its own), replace the modules before anything imports them.
_GROWN = r"""
import importlib.util, json, pickle, re, sys
from pathlib import Path
import evalsoc.answers, evalsoc.scoring
def grown(package, name):
    path = Path(package.__file__).with_name(name)
    out = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # the field goes after the last field line of each value class
    marks, inside, last = [], False, None
    for index, line in enumerate(out):
        if line.startswith("class ") and index and out[index - 1].startswith("@value_class"):
            inside, last = True, None
        elif inside and re.match(r"    \w+: ", line):
            last = index
        elif inside and (line.startswith("    def ") or (line.strip() and
                                                          not line.startswith("    "))):
            inside = False
            marks.append(last)
    if inside:
        marks.append(last)
    for index in sorted(marks, reverse=True):
        out.insert(index + 1, "    added: int | None = None\n")
    return "".join(out), path
for package, dotted, name in ((evalsoc.answers, "evalsoc.answers.model", "model.py"),
                              (evalsoc.scoring, "evalsoc.scoring.result", "result.py")):
    source, path = grown(package, name)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(dotted, None))
    sys.modules[dotted] = module
    exec(compile(source, str(path), "exec"), module.__dict__)
from evalsoc.answers.model import Answer, CellRef
from evalsoc.scoring.result import AnswerTrace, NodeScore
made = [CellRef(file="f.xlsx", added=1), Answer(question="q", value="2", added=2),
        AnswerTrace(question="q", respondent="r", status=None, added=3),
        NodeScore(id="A", kind="dimension", label="A", added=4)]
back = pickle.loads(pickle.dumps(made))
print(json.dumps([[type(b).__name__, getattr(b, "added", None), b == m]
                  for b, m in zip(back, made)]))
"""


def test_v1_a_field_added_to_any_value_class_survives_pickling() -> None:
    run = subprocess.run([sys.executable, "-c", _GROWN], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert json.loads(run.stdout) == [["CellRef", 1, True], ["Answer", 2, True],
                                      ["AnswerTrace", 3, True], ["NodeScore", 4, True]]


def test_v1_every_field_of_every_value_class_round_trips() -> None:
    cell = CellRef(file="f.xlsx", sheet="Questionnaire", cell="D7")
    answer = Answer(question="q", respondent="benevoles-1", value=("a", "b"),
                    status=AnswerStatus.NE_SAIT_PAS, raw="A ; B", comment="mot", source=cell)
    trace = AnswerTrace(question="q", respondent="r", status=AnswerStatus.ANSWERED,
                        raw="3", normalised="3", score=50.0, rule="r", source=cell)
    node = NodeScore(id="A.1", kind="critere", label="A", score=12.5,
                     absent=AbsentReason.COVERAGE, informational=True, reason="x", rule="y",
                     value=3.0, level=2, level_label="L", weight=2.0, applicable_weight=1.0,
                     present_weight=0.5, completeness=0.5, policy="p", respondents=4,
                     children=(NodeScore(id="A.1.1", kind="indicateur", label="I"),),
                     answers=(trace,))
    for made in (cell, answer, trace, node):
        back = pickle.loads(pickle.dumps(made))
        assert back == made and type(back) is type(made)
        assert all(getattr(back, f.name) == getattr(made, f.name) for f in fields(made))


# --- V2: one factory for every node ------------------------------------------------------

_DERIVED = {"level", "level_label", "policy"}  # worked out by the factory from the rules


def test_v2_the_factory_covers_every_field_of_nodescore() -> None:
    given_by_caller = set(inspect.signature(node_score).parameters) - {"plan", "rules"}
    assert given_by_caller | _DERIVED == {f.name for f in fields(NodeScore)}
    assert not given_by_caller & _DERIVED


def test_v2_no_node_is_built_anywhere_else() -> None:
    """Scoring builds nodes through node_score only (its call by position is the one
    place that knows NodeScore's order)."""
    found = []
    for path in (ROOT / "evalsoc").rglob("*.py"):
        if path.name != "nodes.py" and "NodeScore(" in path.read_text(encoding="utf-8"):
            found.append(path.name)
    assert found == []


MINI = load_text(MINI_YAML, "mini/1.0.0.yaml").referentiel
assert isinstance(MINI, Referentiel)
_KINDS = st.sampled_from(["dimension", "critere", "indicateur", "question", "referentiel"])
_SCORES = st.one_of(st.none(), st.floats(0, 100))
_ABSENT = st.one_of(st.none(), st.sampled_from(list(AbsentReason)))


@settings(max_examples=200, deadline=None)
@given(kind=_KINDS, score=_SCORES, absent=_ABSENT, informational=st.booleans(),
       text=st.text(max_size=5), value=st.one_of(st.none(), st.floats(-10, 10)),
       weights=st.tuples(st.floats(0.1, 5), st.floats(0, 5), st.floats(0, 5),
                         st.floats(0, 1)),
       respondents=st.one_of(st.none(), st.integers(0, 50)), with_rules=st.booleans(),
       policy=st.sampled_from(list(NaPolicy)))
def test_v2_the_factory_builds_what_the_keyword_constructor_builds(
        kind: str, score: float | None, absent: AbsentReason | None,
        informational: bool, text: str, value: float | None,
        weights: tuple[float, float, float, float], respondents: int | None,
        with_rules: bool, policy: NaPolicy) -> None:
    assert MINI is not None
    plan = plan_of(MINI)
    rules = Leveled(policy, f"note {policy.value}", 0.5) if with_rules else None
    child = NodeScore(id="C", kind="question", label="c")
    trace = AnswerTrace(question="q", respondent="r", status=None)
    given_fields = {
        "id": "X.1", "kind": kind, "label": text, "weight": weights[0], "score": score,
        "absent": absent, "informational": informational, "reason": text + "r",
        "rule": text + "u", "value": value, "applicable_weight": weights[1],
        "present_weight": weights[2], "completeness": weights[3],
        "respondents": respondents, "children": (child,), "answers": (trace,)}
    built = node_score(plan, rules, **given_fields)  # type: ignore[arg-type]
    level, label, note = (None, None, "") if rules is None \
        else leveled(plan, rules, score, absent)
    plain = NodeScore(**given_fields, level=level, level_label=label,  # type: ignore[arg-type]
                      policy=note)
    assert all(getattr(built, f.name) == getattr(plain, f.name) for f in fields(NodeScore))
    if rules is not None and absent is AbsentReason.NON_CONCERNE:
        assert built.policy == rules.policy_note
