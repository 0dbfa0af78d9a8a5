"""The name a structure may be shown under, as its consent allows (OPP: the producer of a
datum keeps priority over its use).

- « nominative »: its name and commune;
- « anonyme »: a pseudonym « Structure n° K », K stable for the id under a given key,
  never derived from the name; its commune only if at least ``min_structures`` unnamed
  structures of the registry share it (named ones give no cover: the commune alone would
  identify it);
- « aucune », empty or unknown: never shown individually (``affichable`` False) but still
  counted in every aggregate; it gets a pseudonym too, for internal use.

K comes from a keyed hash (HMAC-SHA256) of the id. Without a secret ``key``, anyone who
holds the list of ids could recompute the pseudonyms; pass one kept by the coordinator and
keep it from one campaign to the next for stable pseudonyms. Two ids colliding on the same
K (rare: six digits) are told apart in id order.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.stats.inputs import require, require_unique, text
from evalsoc.stats.secrecy import SecrecyRules

__all__ = ["NAMES_COLUMNS", "public_names"]

NAMES_COLUMNS = ("structure_id", "nom", "commune", "consentement")
NOMINATIVE, SHOWN = "nominative", ("nominative", "anonyme")
LOW, SPAN = 100_000, 900_000


def _number(key: bytes, structure_id: str) -> int:
    digest = hmac.new(key, structure_id.encode("utf-8"), hashlib.sha256).digest()
    return LOW + int.from_bytes(digest[:8], "big") % SPAN


def _pseudonyms(ids: pd.Series, key: str) -> pd.Series:
    taken: set[int] = set()
    numbers: dict[str, int] = {}
    for structure_id in sorted(ids):
        number = _number(key.encode("utf-8"), structure_id)
        while number in taken:
            number = LOW + (number - LOW + 1) % SPAN
        taken.add(number)
        numbers[structure_id] = number
    return ids.map(lambda i: text(Code.STAT_LABEL_PSEUDONYM, k=numbers[i]))


def public_names(structures: pd.DataFrame, rules: SecrecyRules | None = None,
                 key: str = "") -> pd.DataFrame:
    """structure_id, nom_public, affichable, commune_publique for every structure."""
    rules = rules or SecrecyRules()
    require(structures, "structures", NAMES_COLUMNS)
    require_unique(structures, "structures", ["structure_id"])
    ids = structures["structure_id"].astype(str)
    consent = structures["consentement"].astype(object).where(
        structures["consentement"].notna(), "").astype(str).str.strip().str.lower()
    named = (consent == NOMINATIVE).to_numpy() & structures["nom"].notna().to_numpy()
    hidden = structures["commune"].where(~named)
    cover = hidden.map(hidden.value_counts()) >= rules.min_structures
    shown = consent.isin(SHOWN).to_numpy()
    return pd.DataFrame({
        "structure_id": ids,
        "nom_public": structures["nom"].where(named, _pseudonyms(ids, key)),
        "affichable": shown,
        "commune_publique": structures["commune"].where(shown & (named | cover.to_numpy())),
    }).reset_index(drop=True)
