"""evalsoc: evaluating the utilité sociale of associations, explainably.

The public API, in the order of the pipeline (the folders of the package follow it)::

    from evalsoc import resolve, read_workbook, score, explain_text

    _, referentiel = resolve("ardes-culture@1.0.0")        # a référentiel
    lu = read_workbook(Path("retour.xlsx"))               # a workbook, read and checked
    resultat = score(lu.referentiel, lu.answers)          # its scores, explained

Everything named in ``__all__`` is imported from here; the modules behind it may move.
Names are imported on first use, so that ``import evalsoc`` stays instant and a worker
process loads only what it works with (the scoring never loads pandas).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> the module that defines it ("module:attribute" where the public name differs:
# a name that is also a sub-package's, such as audit, would be hidden by it)
_HOMES = {
    # référentiels
    "Referentiel": "evalsoc.referentiel.model",
    "resolve": "evalsoc.referentiel.registry",
    "list_entries": "evalsoc.referentiel.registry",
    "load_file": "evalsoc.referentiel.loader",
    "load_text": "evalsoc.referentiel.loader",
    "load_entry": "evalsoc.referentiel.registry",
    "update_lock": "evalsoc.referentiel.registry",
    "lock_issues": "evalsoc.referentiel.registry",
    "canonical_hash": "evalsoc.referentiel.fingerprint",
    "check_tree": "evalsoc.referentiel.check",
    "check_referentiel": "evalsoc.checks.verify",
    "check_examples": "evalsoc.checks.golden",
    # questionnaires and the structures' registry
    "read_structures": "evalsoc.structures.registry",
    "generate_questionnaires": "evalsoc.questionnaire.generate",
    "build_workbook": "evalsoc.questionnaire.writer",
    "build_individual_workbook": "evalsoc.questionnaire.writer",
    "write_workbook": "evalsoc.questionnaire.writer",
    # reading and checking answers
    "read_workbook": "evalsoc.excel.workbook",
    "check_paths": "evalsoc.batch.run",
    "file_reports": "evalsoc.batch.run:reports",
    "score_answer_file": "evalsoc.batch.answer_file",
    "AnswerSet": "evalsoc.answers.model",
    "Answer": "evalsoc.answers.model",
    "AnswerStatus": "evalsoc.answers.model",
    "StructureInfo": "evalsoc.answers.model",
    "Respondent": "evalsoc.answers.model",
    "load_answer_set": "evalsoc.answers.model",
    "validate_answer_set": "evalsoc.answers.validate",
    "Issue": "evalsoc.issues",
    "Code": "evalsoc.catalogue",
    # scoring and its explanation
    "score": "evalsoc.scoring.engine",
    "alerts_of": "evalsoc.scoring.alerts",
    "ScoreResult": "evalsoc.scoring.result",
    "NodeScore": "evalsoc.scoring.result",
    "explain_text": "evalsoc.explain.text",
    "write_scores": "evalsoc.exports.scores",
    # the store
    "ingest": "evalsoc.store.ingest",
    "merge": "evalsoc.store.merge",
    "Store": "evalsoc.store.frames",
    "open_store": "evalsoc.store.db",
    # what is published: statistics, exports, reports
    "SecrecyRules": "evalsoc.stats",
    "describe": "evalsoc.stats",
    "complete_blocks": "evalsoc.stats.observation",
    "ratio_values": "evalsoc.stats.observation",
    "ratio_table": "evalsoc.stats.observation",
    "build_observation_report": "evalsoc.reports.observation.build",
    "read_density": "evalsoc.territory.density",
    "conditions_of": "evalsoc.territory.conditions",
    "typology_of": "evalsoc.territory.conditions",
    "audit_facts": "evalsoc.audit:audit",
    "Fact": "evalsoc.audit",
    "Family": "evalsoc.audit",
    "Knowledge": "evalsoc.audit",
    "load_sector_inputs": "evalsoc.publish.inputs",
    "Publication": "evalsoc.publish.publication",
    "campaign_tables": "evalsoc.exports.campaign",
    "free_texts": "evalsoc.exports.campaign",
    "write_tables": "evalsoc.exports.campaign",
    "build_fiches": "evalsoc.reports.fiche.batch",
    "build_fiche": "evalsoc.reports.fiche.build",
    "campaign_context": "evalsoc.reports.fiche.store",
    "fiche_from_store": "evalsoc.reports.fiche.source",
    "referentiel_of": "evalsoc.reports.fiche.source",
    "write_fiche": "evalsoc.reports.fiche.render",
    "build_sector_report": "evalsoc.reports.sector.build",
    "write_sector_report": "evalsoc.reports.sector.render",
    # fictitious campaigns
    "simulate_campaign": "evalsoc.simulate.run",
    # refusals
    "EvalsocError": "evalsoc.errors",
    "ReferentielNotFoundError": "evalsoc.errors",
}

__all__ = [
    "Answer",
    "AnswerSet",
    "AnswerStatus",
    "Code",
    "EvalsocError",
    "Fact",
    "Family",
    "Issue",
    "Knowledge",
    "NodeScore",
    "Publication",
    "Referentiel",
    "ReferentielNotFoundError",
    "Respondent",
    "ScoreResult",
    "SecrecyRules",
    "Store",
    "StructureInfo",
    "__version__",
    "alerts_of",
    "audit_facts",
    "build_fiche",
    "build_fiches",
    "build_individual_workbook",
    "build_observation_report",
    "build_sector_report",
    "build_workbook",
    "campaign_context",
    "campaign_tables",
    "canonical_hash",
    "check_examples",
    "check_paths",
    "check_referentiel",
    "check_tree",
    "complete_blocks",
    "conditions_of",
    "describe",
    "explain_text",
    "fiche_from_store",
    "file_reports",
    "free_texts",
    "generate_questionnaires",
    "ingest",
    "list_entries",
    "load_answer_set",
    "load_entry",
    "load_file",
    "load_sector_inputs",
    "load_text",
    "lock_issues",
    "merge",
    "open_store",
    "ratio_table",
    "ratio_values",
    "read_density",
    "read_structures",
    "read_workbook",
    "referentiel_of",
    "resolve",
    "score",
    "score_answer_file",
    "simulate_campaign",
    "typology_of",
    "update_lock",
    "validate_answer_set",
    "write_fiche",
    "write_scores",
    "write_sector_report",
    "write_tables",
    "write_workbook",
]

if TYPE_CHECKING:  # the same names, for the type checker (imported lazily at run time)
    from evalsoc.answers.model import (
        Answer,
        AnswerSet,
        AnswerStatus,
        Respondent,
        StructureInfo,
        load_answer_set,
    )
    from evalsoc.answers.validate import validate_answer_set
    from evalsoc.audit import Fact, Family, Knowledge
    from evalsoc.audit import audit as audit_facts
    from evalsoc.batch.answer_file import score_answer_file
    from evalsoc.batch.run import check_paths
    from evalsoc.batch.run import reports as file_reports
    from evalsoc.catalogue import Code
    from evalsoc.checks.golden import check_examples
    from evalsoc.checks.verify import check_referentiel
    from evalsoc.errors import EvalsocError, ReferentielNotFoundError
    from evalsoc.excel.workbook import read_workbook
    from evalsoc.explain.text import explain_text
    from evalsoc.exports.campaign import campaign_tables, free_texts, write_tables
    from evalsoc.exports.scores import write_scores
    from evalsoc.issues import Issue
    from evalsoc.publish.inputs import load_sector_inputs
    from evalsoc.publish.publication import Publication
    from evalsoc.questionnaire.generate import generate_questionnaires
    from evalsoc.questionnaire.writer import (
        build_individual_workbook,
        build_workbook,
        write_workbook,
    )
    from evalsoc.referentiel.check import check_tree
    from evalsoc.referentiel.fingerprint import canonical_hash
    from evalsoc.referentiel.loader import load_file, load_text
    from evalsoc.referentiel.model import Referentiel
    from evalsoc.referentiel.registry import (
        list_entries,
        load_entry,
        lock_issues,
        resolve,
        update_lock,
    )
    from evalsoc.reports.fiche.batch import build_fiches
    from evalsoc.reports.fiche.build import build_fiche
    from evalsoc.reports.fiche.render import write_fiche
    from evalsoc.reports.fiche.source import fiche_from_store, referentiel_of
    from evalsoc.reports.fiche.store import campaign_context
    from evalsoc.reports.observation.build import build_observation_report
    from evalsoc.reports.sector.build import build_sector_report
    from evalsoc.reports.sector.render import write_sector_report
    from evalsoc.scoring.alerts import alerts_of
    from evalsoc.scoring.engine import score
    from evalsoc.scoring.result import NodeScore, ScoreResult
    from evalsoc.simulate.run import simulate_campaign
    from evalsoc.stats import SecrecyRules, describe
    from evalsoc.stats.observation import complete_blocks, ratio_table, ratio_values
    from evalsoc.store.db import open_store
    from evalsoc.store.frames import Store
    from evalsoc.store.ingest import ingest
    from evalsoc.store.merge import merge
    from evalsoc.structures.registry import read_structures
    from evalsoc.territory.conditions import conditions_of, typology_of
    from evalsoc.territory.density import read_density


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = home.partition(":")
    value = getattr(importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
