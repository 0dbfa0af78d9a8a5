"""Free texts in sector outputs, as consent allows.

Free texts are the answers to text questions and the comments written beside any answer.
A structure's free texts (its own and its respondents') appear in a sector output only
when the structure is « nominative » (then under its name), or unattributed when it is
« anonyme » and the text names no structure of the registry nor the structure's own
commune. Texts of « aucune » structures never leave their fiche. Unattributed texts are
listed by question and text, never in an order that would follow the structures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from evalsoc.publish.population import Population
from evalsoc.referentiel.model import QuestionType, Referentiel
from evalsoc.support.text import canon

__all__ = ["TEXT_COLUMNS", "names_in", "public_texts", "text_questions", "written_texts"]

TEXT_COLUMNS = ["structure", "groupe", "question", "texte", "nature"]
ANSWER, COMMENT = "réponse", "commentaire"
MIN_NAME = 4  # shorter names (« Art ») would match ordinary words


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    names = sorted({canon(w) for w in words if isinstance(w, str)
                    and len(canon(w)) >= MIN_NAME}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def names_in(text: str, pattern: re.Pattern[str] | None) -> bool:
    return pattern is not None and pattern.search(canon(text)) is not None


def written_texts(answers: Iterable[pd.DataFrame], comments: pd.DataFrame | None,
                  referentiel: Referentiel) -> pd.DataFrame:
    """structure_id, groupe, question, texte, nature of every free text: ``answers`` are
    frames of answered text questions (structure_id, groupe, question, texte, as
    ``Store.text_answers`` streams them), ``comments`` those of ``Store.comments``."""
    columns = ["structure_id", "groupe", "question", "texte"]
    parts = [frame[columns].assign(nature=ANSWER) for frame in answers]
    if comments is not None and not comments.empty:
        known = comments[comments["question"].isin(referentiel.questions())]
        parts.append(known[columns].assign(nature=COMMENT))
    if not parts:
        return pd.DataFrame(columns=[*columns, "nature"])
    frame = pd.concat(parts, ignore_index=True)
    frame["texte"] = frame["texte"].astype(str)
    return frame


def text_questions(referentiel: Referentiel) -> list[str]:
    return [q.id for q in referentiel.questions().values() if q.type is QuestionType.TEXT]


def public_texts(texts: pd.DataFrame, referentiel: Referentiel, population: Population,
                 registry: pd.DataFrame) -> pd.DataFrame:
    """The free texts that may be published, of ``texts`` (:func:`written_texts`)."""
    questions = referentiel.questions()
    order = {q: i for i, q in enumerate(questions)}
    rows = texts[texts["question"].isin(questions).to_numpy()]
    rows = rows[rows["structure_id"].astype(str).isin(population.included).to_numpy()]
    names = registry.set_index(registry["structure_id"].astype(str))
    every_name = _pattern(names["nom"].dropna())
    out = []
    for record in rows.to_dict("records"):
        ident, text = str(record["structure_id"]), str(record["texte"])
        named = ident in population.named
        if not named:
            commune = names["commune"].get(ident) if "commune" in names else None
            if names_in(text, every_name) or names_in(text, _pattern([commune or ""])):
                continue
        out.append({"structure": str(names["nom"].get(ident) or ident) if named else "",
                    "groupe": str(record["groupe"]),
                    "question": questions[record["question"]].label, "texte": text,
                    "nature": record["nature"], "_order": order[record["question"]]})
    frame = pd.DataFrame(out, columns=[*TEXT_COLUMNS, "_order"])
    frame = frame.sort_values(["_order", "nature", "structure", "groupe", "texte"],
                              kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)
