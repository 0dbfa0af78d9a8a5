"""A référentiel's fingerprint names what its author wrote (issue 16, point 1).

F1 adding an optional field to every model class, with no YAML touched, changes no
shipped fingerprint, neither today's nor the legacy one (the old rule, hashing every
field, did change: that is what refused every questionnaire already sent out);
F2 what an author writes changes it, writing a default out or leaving it implicit does
not; F3 the fingerprints evalsoc 0.1.0 gave (in workbooks and answer files sent out, in
campaigns of a store, in lock files) are still accepted, and another one still refused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from workbooks import rezip

from evalsoc.batch.answer_file import score_answer_file
from evalsoc.batch.run import check_paths
from evalsoc.explain.sources import ExplainSourceError
from evalsoc.explain.sources import _referentiel as explained_referentiel
from evalsoc.referentiel.fingerprint import (
    LEGACY_FIELDS,
    canonical_hash,
    fingerprints,
    legacy_hash,
    matches,
)
from evalsoc.referentiel.loader import load_text
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import list_entries, load_entry, lock_issues, resolve
from evalsoc.reports.fiche.source import FicheSourceError, referentiel_of
from evalsoc.store.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
OLD = Path(__file__).resolve().parent / "data" / "evalsoc-0.1.0"
# what evalsoc 0.1.0 wrote into every ardes-culture@1.0.0 questionnaire (and the lock)
ARDES_0_1_0 = "f87e2c31984355819a61743f0c0d4f00c11ced5f8f76863a3e4ba8f789833c0b"


# the fields added to the model since evalsoc 0.1.0, by class (issue 17: an indicator's
# direction, a version's crosswalk; issue 20: a référentiel's kind, its diagnostic, the
# parts of a bundle; issue 21: its observation section; issue 18: an indicator's
# condition and alert, a référentiel's glossary, mirror questions, a group's collection
# questions); each must have a default and change no fingerprint
ADDED = {"Indicateur": {"direction", "applies_if", "alert"},
         "Referentiel": {"crosswalk", "kind", "diagnostic", "parts", "observation",
                         "glossary"},
         "Question": {"mirror"}, "Group": {"collection"}}
_DEFAULTS: dict[str, object] = {"direction": "higher_better", "applies_if": None,
                                "alert": None, "mirror": None, "collection": []}


def _old_rule(ref: Referentiel) -> str:
    """The fingerprint as evalsoc 0.1.0 computed it: every field it knew, defaults
    included (the fields added since, left at their default, are not there)."""
    data = ref.model_dump(mode="json")
    for name in ADDED["Referentiel"]:
        data.pop(name, None)
    for group in data["groups"]:
        for name in ADDED["Group"]:
            assert group.pop(name) == _DEFAULTS[name]
    for dimension in data["dimensions"]:
        for critere in dimension["criteres"]:
            for indicateur in critere["indicateurs"]:
                for name in ADDED["Indicateur"]:
                    assert indicateur.pop(name) == _DEFAULTS[name]
                for question in indicateur["questions"]:
                    for name in ADDED["Question"]:
                        assert question.pop(name) == _DEFAULTS[name]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _grown_rule(ref: Referentiel) -> str:
    """Every field of today's model, defaults included (the rule before issue 16)."""
    text = json.dumps(ref.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Run in a fresh interpreter: the model module's source, with one optional field added
# to every model class, replaces evalsoc.referentiel.model before anything imports it.
_WITH_FIELDS = r"""
import hashlib, importlib.util, json, re, sys
from pathlib import Path
import evalsoc.referentiel
path = Path(evalsoc.referentiel.__file__).with_name("model.py")
source = path.read_text(encoding="utf-8")
added = []
def add(match):
    added.append(match.group(2))
    return match.group(1) + f"    added_{match.group(2).lower()}: int | None = None\n"
patched = re.sub(r"^(class (\w+)\((?:BaseModel|Frozen|Node|_Scored)\):\n)", add, source,
                 flags=re.M)
spec = importlib.util.spec_from_loader("evalsoc.referentiel.model", loader=None)
module = importlib.util.module_from_spec(spec)
sys.modules["evalsoc.referentiel.model"] = module
exec(compile(patched, str(path), "exec"), module.__dict__)
from evalsoc.referentiel.fingerprint import canonical_hash, legacy_hash
from evalsoc.referentiel.registry import list_entries, load_entry, lock_issues
out = {"added": added, "fields": sorted(module.Indicateur.model_fields),
       "lock": [i.code for i in lock_issues()], "entries": {}}
for entry in list_entries():
    ref = load_entry(entry).referentiel
    text = json.dumps(ref.model_dump(mode="json"), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    out["entries"][entry.ref] = [canonical_hash(ref), legacy_hash(ref),
                                 hashlib.sha256(text.encode("utf-8")).hexdigest()]
print(json.dumps(out))
"""


def test_f1_an_optional_field_in_every_model_class_changes_no_fingerprint() -> None:
    run = subprocess.run([sys.executable, "-c", _WITH_FIELDS], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    grown = json.loads(run.stdout)
    # the field was really added to every class of the model
    assert set(LEGACY_FIELDS) <= set(grown["added"])
    assert {"added_frozen", "added_node", "added_indicateur"} <= set(grown["fields"])
    assert grown["entries"]
    for entry in list_entries():
        ref = load_entry(entry).referentiel
        assert ref is not None
        now, legacy, old_rule = grown["entries"][entry.ref]
        assert now == canonical_hash(ref), entry.ref
        assert legacy == legacy_hash(ref), entry.ref
        assert old_rule != _grown_rule(ref), "the old rule would have changed it"
        if legacy is not None:  # a version published before 0.2 (none since has one)
            assert legacy == _old_rule(ref), entry.ref
            assert _grown_rule(ref) != _old_rule(ref), "so did the fields of issue 17"
    assert grown["lock"] == []



def test_f1_the_legacy_field_list_is_the_model_of_0_1_0() -> None:
    """The snapshot names every field the model classes had in 0.1.0; a field added
    later is named in ADDED, never written into it (the legacy fingerprints would
    change), and is optional."""
    from evalsoc.referentiel import model  # noqa: PLC0415 - the module as a whole

    for name, fields in LEGACY_FIELDS.items():
        assert set(getattr(model, name).model_fields) == fields | ADDED.get(name, set()), name
        for added in ADDED.get(name, set()):
            assert not getattr(model, name).model_fields[added].is_required()


def test_f2_authored_content_changes_it_defaults_written_out_do_not(mini: Referentiel
                                                                    ) -> None:
    explicit = mini.model_copy(update={"na_policy": mini.na_policy,
                                       "min_coverage": mini.min_coverage})
    assert canonical_hash(explicit) == canonical_hash(mini)
    text = mini.model_dump_json()
    assert '"weight":1.0' in text
    rewritten = Referentiel.model_validate_json(text)  # every default written out
    assert canonical_hash(rewritten) == canonical_hash(mini)
    changed = mini.model_copy(update={"title": mini.title + " (revu)"})
    assert canonical_hash(changed) != canonical_hash(mini)
    tighter = mini.model_copy(update={"min_coverage": 0.75})
    assert canonical_hash(tighter) != canonical_hash(mini)
    assert fingerprints(mini) == {canonical_hash(mini), _old_rule(mini)}


def test_f2_yaml_layout_does_not_change_it() -> None:
    base = "schema_version: 1\nid: x\nversion: 1.0.0\ntitle: X\n"
    groups = "groups: [{id: structure, label: S, multiple: false}]\n"
    dims = ("dimensions:\n  - id: D\n    label: D\n    criteres:\n      - id: D.1\n"
            "        label: C\n        indicateurs:\n          - id: D.1.1\n"
            "            label: I\n            kind: realisation\n            questions:\n"
            "              - {id: q, label: Q, type: yesno}\n"
            "            scoring: {method: options}\n")
    one = load_text(base + groups + dims, "a.yaml")
    two = load_text("# commentaire\n" + base + dims + groups.replace("multiple: false",
                                                                  "multiple: no"), "b.yaml")
    assert one.hash is not None and one.hash == two.hash


def test_f3_the_shipped_lock_keeps_its_0_1_0_fingerprint_and_stays_valid() -> None:
    lock = json.loads((ROOT / "referentiels" / "referentiels.lock").read_text("utf-8"))
    assert lock["ardes-culture@1.0.0"] == ARDES_0_1_0  # never rewritten
    entry, ref = resolve("ardes-culture@1.0.0")
    assert legacy_hash(ref) == ARDES_0_1_0 != canonical_hash(ref)
    assert load_entry(entry).hash == canonical_hash(ref)
    assert lock_issues() == []
    assert not matches(ref, "0" * 64)


def test_f3_a_workbook_generated_by_0_1_0_is_read_and_scored(tmp_path: Path) -> None:
    """A questionnaire generated and filled in before the fingerprint changed (by
    evalsoc 0.1.0: tests/data/evalsoc-0.1.0) is accepted and scored as before."""
    workbook = OLD / "questionnaire-S0001.xlsx"
    [item] = check_paths([workbook], workers=1)
    assert item.read.meta["referentiel_hash"] == ARDES_0_1_0
    assert item.read.valid, [i.render() for i in item.read.issues]
    assert not {"XL013", "ANS014"} & {i.code for i in item.read.issues}
    assert item.result is not None
    scored = score_answer_file(OLD / "reponses-S0001.json")
    assert scored.answers is not None and scored.answers.referentiel_hash == ARDES_0_1_0
    assert scored.result is not None, [i.render() for i in scored.issues]
    assert not {"ANS014"} & {i.code for i in scored.issues}
    # same answers, same scores, whichever file they came in
    for node in ("ECO", "SOC", "CULT"):
        mine, theirs = item.result.find(node), scored.result.find(node)
        assert mine is not None and theirs is not None and mine.score == theirs.score


def test_f3_another_fingerprint_is_still_refused(tmp_path: Path) -> None:
    data = json.loads((OLD / "reponses-S0001.json").read_text("utf-8"))
    data["referentiel_hash"] = "1234567890ab" + ARDES_0_1_0[12:]
    changed = tmp_path / "autre.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    scored = score_answer_file(changed)
    assert scored.result is None and "ANS014" in {i.code for i in scored.issues}


def test_f3_a_campaign_stored_under_0_1_0_takes_new_files_and_makes_fiches(
        tmp_path: Path) -> None:
    db = tmp_path / "base.sqlite"
    first = tmp_path / "un"
    first.mkdir()
    shutil.copy(OLD / "questionnaire-S0001.xlsx", first)
    ingest([first], "2025", db, 2025, workers=1, isolate=False)
    conn = sqlite3.connect(db)
    with conn:  # a base written by evalsoc 0.1.0 recorded the fingerprint of that time
        conn.execute("UPDATE campaigns SET referentiel_hash = ?", (ARDES_0_1_0,))
    conn.close()
    # the same workbook saved again (other bytes): a new version of the structure's
    (tmp_path / "deux").mkdir()
    copy = rezip(OLD / "questionnaire-S0001.xlsx", tmp_path / "deux" / "S0001-v2.xlsx",
                 lambda _, data: data)
    summary = ingest([copy.parent], "2025", db, 2025, workers=1, isolate=False)
    assert summary.ingested == 1 and not summary.rejected, summary.rejected
    assert referentiel_of("2025", "ardes-culture@1.0.0", ARDES_0_1_0).ref == \
        "ardes-culture@1.0.0"
    assert explained_referentiel("2025", "ardes-culture@1.0.0", ARDES_0_1_0).id == \
        "ardes-culture"
    with pytest.raises(FicheSourceError):
        referentiel_of("2025", "ardes-culture@1.0.0", "f" * 64)
    with pytest.raises(ExplainSourceError):
        explained_referentiel("2025", "ardes-culture@1.0.0", "f" * 64)
