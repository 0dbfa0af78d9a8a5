"""``evalsoc referentiel diff`` (issue 17, item 2).

D1 the change from 1.0.0 to 1.1.0, in French, grouped by dimension, with the details of
each kind of change and each dimension's series; D2 ``--json`` is exactly the
library's result; D3 without a crosswalk, ids are matched by name and the text says so;
D4 ``--brouillon`` writes a crosswalk that, pasted at the end of a copy made only of
unchanged elements, passes ``referentiel check``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from versions_fixture import IDENT, copy_root

from evalsoc.checks.verify import check_referentiel
from evalsoc.cli.main import cli
from evalsoc.referentiel.registry import resolve
from evalsoc.versions.diff import diff


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = copy_root(tmp_path / "referentiels")
    monkeypatch.setenv("EVALSOC_REFERENTIELS", str(folder))
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_d1_text_by_dimension(root: Path) -> None:
    code, out = _run("referentiel", "diff", f"{IDENT}@1.0.0", f"{IDENT}@1.1.0")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f"Changements de {IDENT}@1.0.0 à {IDENT}@1.1.0"
    titles = [line for line in lines if line and not line.startswith((" ", "Nœuds", "Ques",
                                                                       "Chang"))]
    assert titles == [
        "ECO Économie et emploi — série : comparable après conversion",
        "SOC Lien social et convivialité — série : comparable après conversion",
        "CULT Création — série : comparable",
        "TERR Territoire — série : rupture de série",
        "GOUV Gouvernance et engagement — série : rupture de série"]
    for expected in [
        "  question budget « Budget annuel (€) » → budget_total : renommé (comparable)",
        "      réponses : 1 → 1, 2 → 1, 3 → 2, 4 → 3",
        "      combinaison : somme",
        "      conversion : valeur × 0,000625",
        "  nœud TERR.2 « Partenariats », TERR.3 « Réseaux » → TERR.2 : fusionné "
        "(comparable après conversion)",
        "  question renouvellement_ca « Part du conseil renouvelée en trois ans » : nouveau "
        "(rupture de série)",
        "  nœud GOUV.1.2 « Participation à l'assemblée générale » : supprimé",
        "      libellé : « Lien social » → « Lien social et convivialité »",
    ]:
        assert expected in lines, expected
    assert "Questions : inchangé : 8, renommé : 1, reformulé : 1, changé d'échelle ou de " \
           "règle : 2, scindé : 3, fusionné : 1, supprimé : 1, nouveau : 1." in lines


def test_d2_json_is_the_library_result(root: Path) -> None:
    code, out = _run("referentiel", "diff", f"{IDENT}@1.0.0", f"{IDENT}@1.1.0", "--json")
    assert code == 0
    found = diff(resolve(f"{IDENT}@1.0.0")[1], resolve(f"{IDENT}@1.1.0")[1])
    assert json.loads(out) == json.loads(json.dumps(found.json()))
    assert json.loads(out)["series"]["CULT"] == {"serie": "comparable", "cause": ""}


def test_d3_without_crosswalk(root: Path) -> None:
    path = root / IDENT / "1.1.0.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("crosswalk:")], encoding="utf-8")
    code, out = _run("referentiel", "diff", f"{IDENT}@1.0.0", str(path))
    assert code == 0, out
    assert "ne déclare pas de table de correspondance depuis essai-versions@1.0.0" in out
    assert "  question budget « Budget annuel (€) » : supprimé" in out


def test_d4_the_draft_passes_check_for_an_unchanged_copy(root: Path) -> None:
    source = (root / IDENT / "1.0.0.yaml").read_text(encoding="utf-8")
    copy = source.replace("version: 1.0.0", "version: 1.0.1")
    (root / IDENT / "1.0.1.yaml").write_text(copy, encoding="utf-8")
    examples = root / IDENT / "examples"
    (examples / "1.0.1").mkdir()
    (examples / "1.0.1" / "complet.json").write_text(
        (examples / "1.0.0" / "complet.json").read_text(encoding="utf-8").replace(
            "essai-versions@1.0.0", "essai-versions@1.0.1"), encoding="utf-8")
    code, draft = _run("referentiel", "diff", f"{IDENT}@1.0.0", f"{IDENT}@1.0.1",
                       "--brouillon")
    assert code == 0 and draft.startswith("crosswalk:\n  previous: 1.0.0\n")
    (root / IDENT / "1.0.1.yaml").write_text(copy + draft, encoding="utf-8")
    report = check_referentiel(f"{IDENT}@1.0.1", root)
    assert report.valid, [i.render() for i in report.issues]
    assert report.referentiel is not None and report.referentiel.crosswalk is not None
