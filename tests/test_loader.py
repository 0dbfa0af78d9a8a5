"""Loading référentiel files: errors name the file, the path in the document and the line."""

from __future__ import annotations

from conftest import MINI_YAML

from evalsoc.referentiel.fingerprint import canonical_hash
from evalsoc.referentiel.loader import load_text


def test_mini_loads_without_issue() -> None:
    loaded = load_text(MINI_YAML, "mini/1.0.0.yaml")
    assert loaded.issues == ()
    assert loaded.referentiel is not None
    assert loaded.referentiel.ref == "mini@1.0.0"


def test_yaml_syntax_error_gives_its_line() -> None:
    broken = MINI_YAML.replace("title: Mini référentiel de test", "title: [non fermé")
    loaded = load_text(broken, "mini/1.0.0.yaml")
    assert loaded.referentiel is None
    [issue] = loaded.issues
    assert issue.code == "REF001"
    assert issue.file == "mini/1.0.0.yaml"
    assert issue.line is not None and issue.line >= 4


def test_schema_errors_are_all_located_by_path_and_line() -> None:
    broken = (MINI_YAML
              .replace("        weight: 2\n", "        weight: -2\n")
              .replace("              method: linear\n", "              method: lineaire\n")
              .replace("            label: Emplois permanents\n", ""))
    loaded = load_text(broken, "mini/1.0.0.yaml")
    assert loaded.referentiel is None
    found = {(i.path, i.line) for i in loaded.issues}
    lines = broken.splitlines()
    weight_line = next(n for n, t in enumerate(lines, 1) if "weight: -2" in t)
    method_line = next(n for n, t in enumerate(lines, 1) if "method: lineaire" in t)
    assert ("dimensions[0].criteres[1].weight", weight_line) in found
    assert ("dimensions[0].criteres[1].indicateurs[0].scoring.method", method_line) in found
    assert any(p == "dimensions[0].criteres[0].indicateurs[1].label" for p, _ in found)
    assert all(i.code == "REF002" for i in loaded.issues)
    assert all("Corrigez" in i.message for i in loaded.issues)


def test_hash_ignores_formatting_but_not_content() -> None:
    a = load_text(MINI_YAML, "a").referentiel
    b = load_text("# commentaire\n" + MINI_YAML.replace("title: Mini", "title:   Mini"),
                  "b").referentiel
    c = load_text(MINI_YAML.replace("score: 40", "score: 41"), "c").referentiel
    assert a is not None and b is not None and c is not None
    assert canonical_hash(a) == canonical_hash(b)
    assert canonical_hash(a) != canonical_hash(c)
