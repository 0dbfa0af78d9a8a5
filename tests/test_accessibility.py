"""Issue 19 (Must show): axe-core, driven in the headless Chromium that CI installs,
finds no serious or critical violation of WCAG 2.1 A/AA (RGAA) on the synthèse and on
a fiche.

axe-core is vendored as tests/data/axe.min.js (MPL-2.0, unmodified, see
tests/data/README.md). It is injected into a copy of each page (the page's own
Content-Security-Policy, which forbids inline scripts, removed from the copy only) and
its violations are written into the DOM, which Chromium dumps.
"""

from __future__ import annotations

import html as markup
import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser import run_chromium
from click.testing import CliRunner

from evalsoc.cli.main import cli
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate import BASE_YEAR, simulate_campaign
from evalsoc.store.ingest import ingest

AXE = Path(__file__).parent / "data" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
_RUN = """<script>
axe.run(document, {runOnly: {type: "tag", values: %s}}).then(r => {
  const out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify(r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " : " + n.failureSummary)})));
  document.body.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two campaigns of 16 simulated structures: the synthèse with its evolution, and
    the fiches."""
    root = tmp_path_factory.mktemp("accessibilite")
    entry, ref = resolve("ardes-culture")
    db = root / "evalsoc.db"
    for year, name in ((BASE_YEAR, "2025"), (BASE_YEAR + 1, "2026")):
        simulate_campaign(ref, load_entry(entry).hash or "", 16, 7, root / name, year=year)
        assert ingest([root / name], name, db, year=year, workers=1).ingested == 16
    runner = CliRunner()
    for command in (["report", "sector", "--precedente", "2025"], ["report", "structure"]):
        done = runner.invoke(cli, [*command, "--campagne", "2026", "--db", str(db), "-o",
                                   str(root / "sorties"), "--format", "html"])
        assert done.exit_code in (0, 1), done.output
    out = root / "sorties"
    return {"synthese": next(out.glob("synthese-*.html")),
            "fiche": sorted(out.rglob("*_fiche-2026.html"))[0]}


def _violations(page: Path, tmp_path: Path) -> list[dict[str, Any]]:
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                  page.read_text(encoding="utf-8"))
    engine = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    probe = tmp_path / f"axe-{page.name}"
    probe.write_text(text.replace("</body>", f"<script>{engine}</script>"
                                  + _RUN % json.dumps(TAGS) + "</body>"), encoding="utf-8")
    done = run_chromium(probe, tmp_path, "--virtual-time-budget=60000", "--dump-dom")
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', done.stdout, re.S)
    assert found, ("axe-core n'a pas rendu de résultat", done.stderr[-2000:])
    result: list[dict[str, Any]] = json.loads(markup.unescape(found.group(1)))
    return result


@pytest.mark.external
@pytest.mark.parametrize("which", ["synthese", "fiche"])
def test_no_serious_or_critical_accessibility_violation(pages: dict[str, Path], which: str,
                                                        tmp_path: Path) -> None:
    violations = _violations(pages[which], tmp_path)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, json.dumps(blocking, indent=1, ensure_ascii=False)


@pytest.mark.external
def test_the_accessibility_check_does_catch_violations(tmp_path: Path) -> None:
    """The check above fails on a page without language, with an image without text
    alternative and grey text on white."""
    bad = tmp_path / "mauvaise.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                   '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                   '<p style="color:#bbb">texte pâle</p></body></html>', encoding="utf-8")
    found = {v["id"]: v["impact"] for v in _violations(bad, tmp_path)}
    assert found.get("html-has-lang") == "serious" and found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"
