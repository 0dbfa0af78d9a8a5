"""The questionnaire workbook's layout: the one contract between writer and reader.

The reader never relies on fixed positions for answers: it finds question ids (column A
of "Questionnaire", the id row of each grid) and the identity in the hidden metadata
sheet. These constants say where the writer puts them and where the reader looks first.
"""

from __future__ import annotations

import re

__all__ = [
    "ANSWER_COL",
    "CHOICE_MARK",
    "COMMENT_COL",
    "CONSENTS",
    "EVALUATOR_LEVEL_COL",
    "EVALUATOR_SHEET",
    "EVALUATOR_TEXT_COL",
    "FIRST_ROW",
    "FORMAT",
    "GRID_FIRST_ROW",
    "GRID_ID_ROW",
    "GRID_LABEL_ROW",
    "HEADER_ROW",
    "IDENT_FIELDS",
    "IDENT_SHEET",
    "IDENT_VALUE_COL",
    "ID_COL",
    "KIND_INDIVIDUAL",
    "KIND_STRUCTURE",
    "LAYOUT_VERSION",
    "LISTS_SHEET",
    "MAX_COLS",
    "MAX_ROWS",
    "META_SHEET",
    "MODES",
    "QUESTIONNAIRE_SHEET",
    "README_SHEET",
    "SHEET_KEY_PREFIX",
    "TABLE_FIRST_ROW",
    "TABLE_KEY_PREFIX",
    "TABLE_PERIOD_PREFIX",
    "TABLE_PERIOD_ROW",
    "choice_key",
    "grid_sheet_name",
    "split_choice_key",
]

FORMAT = "evalsoc-questionnaire"
LAYOUT_VERSION = "1"

README_SHEET = "Lisez-moi"
IDENT_SHEET = "Identification"
QUESTIONNAIRE_SHEET = "Questionnaire"
EVALUATOR_SHEET = "Évaluateur"
PLAN_SHEET = "Plan d'action"  # optional: a workbook without it has no plan, no error
META_SHEET = "_evalsoc"  # hidden: key in column A, value in column B
LISTS_SHEET = "_listes"  # hidden: one drop-down list per column

# Metadata "kind": a structure's workbook, or one respondent's own form (whose meta also
# holds "group", "respondent" and "parent_questionnaire_id"). Each grid sheet's name is
# under the key SHEET_KEY_PREFIX + group id.
KIND_STRUCTURE = "structure"
KIND_INDIVIDUAL = "individuel"
SHEET_KEY_PREFIX = "sheet:"
# A ticked option of a multiple-choice question holds this mark. Percent answer cells
# are formatted as percentages and hold fractions (35 % is 0.35).
CHOICE_MARK = "X"

# "Questionnaire" and individual workbooks: one row per question (or per choice of a
# multiple-choice question, id "question:code"); header rows carry no id in column A.
ID_COL = 1  # A: question id
ANSWER_COL = 4  # D: answer
COMMENT_COL = 5  # E: comment
HEADER_ROW = 3
FIRST_ROW = 4

# Respondent grids: labels on row 2, ids on row 3, one respondent per row from row 4;
# column A holds the respondent's number.
GRID_LABEL_ROW = 2
GRID_ID_ROW = 3
GRID_FIRST_ROW = 4

# "Identification": key in column A, label in B, value in C.
IDENT_VALUE_COL = 3
IDENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("structure_id", "Identifiant de la structure"),
    ("nom", "Nom de la structure"),
    ("departement", "Département"),
    ("commune", "Commune"),
    ("discipline", "Discipline principale"),
    ("territoire", "Type de territoire"),
    ("taille", "Taille (tranche de budget)"),
    ("mode", "Mode d'évaluation"),
    ("consentement", "Publication des résultats"),
    ("date", "Date de remplissage"),
)
MODES = ("auto-évaluation", "évaluation externe partagée")
CONSENTS = ("nominative", "anonyme", "aucune")

# A diagnostic's sheet ("Comptes"): one row per line, its id in column A; one column per
# period, found by the period row, whose cells hold "periode:<id>" (row 4 as written; the
# reader looks through the first rows). Its name is under the metadata key
# TABLE_KEY_PREFIX + the diagnostic référentiel's id.
TABLE_PERIOD_ROW = 4
TABLE_FIRST_ROW = 5
TABLE_PERIOD_PREFIX = "periode:"
TABLE_KEY_PREFIX = "table:"

# "Évaluateur": dimension id in A, label in B, level in C, appreciation in D.
EVALUATOR_LEVEL_COL = 3
EVALUATOR_TEXT_COL = 4

# "Plan d'action": one action per row, key « piste:N » in A, then the piste, who carries
# it, its deadline, its follow-up indicator and its status (B to F); the shared analysis
# (« analyse partagée ») on the row keyed « analyse_partagee », its text in B.
PLAN_ROWS = 10
PLAN_KEY_PREFIX = "piste:"
PLAN_ANALYSIS_KEY = "analyse_partagee"
PLAN_COLUMNS = ("piste", "responsable", "echeance", "indicateur", "statut")  # B to F
PLAN_STATUSES = ("à lancer", "en cours", "réalisée", "reportée", "abandonnée")

MAX_ROWS = 2_000  # nothing the writer produces goes further; formatted empty rows stop here
MAX_COLS = 200

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def grid_sheet_name(label: str) -> str:
    """A group's label as a valid sheet name (31 characters, no []:*?/\\)."""
    return _FORBIDDEN.sub(" ", label).strip()[:31]


def choice_key(question_id: str, code: str) -> str:
    return f"{question_id}:{code}"


def split_choice_key(key: str) -> tuple[str, str | None]:
    question, _, code = key.partition(":")
    return question, code or None
