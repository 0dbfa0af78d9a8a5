"""The README's main job (examples/demo.sh) runs end to end on the shipped example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_demo_script_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {**os.environ, "EVALSOC_DEMO_DIR": str(out),
           "EVALSOC": str(Path(sys.executable).parent / "evalsoc")}
    done = subprocess.run(["bash", str(ROOT / "examples" / "demo.sh")], env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "24 fichier(s) : 24 valide(s)" in done.stdout
    assert (out / "scores-2025.xlsx").is_file() and (out / "export-2026.xlsx").is_file()
    assert (out / "evalsoc.sqlite").is_file()
    assert (out / "export-finances-2025.xlsx").is_file()
    assert len(list((out / "rapports" / "fiches-finances").glob("*_fiche-finances-2025.pdf"))) == 14
    assert "Aucune valeur non publiée ne se déduit" in done.stdout.split("== 10.")[1]
    assert "Aucune valeur non publiée ne se déduit" in done.stdout.split("== 11.")[1]
    assert (out / "rapports" / "observation" / "observation-opp-2026_depuis-opp-2025.pdf"
            ).is_file()
    assert len(list((out / "rapports" / "attractivite" / "conditions").glob("*.pdf"))) == 12
    follow = done.stdout.split("== 13.")[1]
    assert "Convention CPO-2025-S0001" in follow and "plusieurs campagnes" not in follow
    assert (out / "annexe-cpo-2025-S0001.html").is_file()
