"""Stake facts of a campaign that bundles the financial self-diagnosis (issue 22, build 4;
spec 6.E).

A0 a bundled workbook (utilité sociale + autodiagnostic) answers the questionnaire's
   facts as a workbook of the questionnaire alone does.
"""

from __future__ import annotations

import pandas as pd

from evalsoc.publish.stake_facts import carried, own_version, to_campaign_ids
from evalsoc.referentiel.registry import resolve

FINANCE = "autodiag-financier@1.0.0"


def test_a0_a_bundled_workbook_answers_the_questionnaires_facts() -> None:
    """A workbook of ardes-culture@1.1.0+autodiag-financier@1.0.0 asks the 1.1.0
    questions as they are: its answers count in the facts (they were all dropped as
    « another version » before)."""
    ref = resolve("ardes-culture@1.1.0")[1]
    bundle = f"{ref.ref}+{FINANCE}"
    assert own_version(bundle, ref) == ref.ref
    assert own_version(f"ardes-culture@1.0.0+{FINANCE}", ref) == "ardes-culture@1.0.0"
    assert carried(ref, bundle) == set(ref.questions())
    answers = pd.DataFrame([
        {"structure_id": "S1", "groupe": "structure", "question": "membre_reseau",
         "valeur": "oui", "referentiel": bundle},
        {"structure_id": "S2", "groupe": "structure", "question": "mutualisations",
         "valeur": ["emploi"], "referentiel": f"ardes-culture@1.0.0+{FINANCE}"}])
    kept = to_campaign_ids(answers, ref)
    assert list(kept["question"]) == ["membre_reseau"]  # 1.0.0 did not ask mutualisations
