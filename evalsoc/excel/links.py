"""Which structure an individual form belongs to: a link derived, never drawn at random.

A structure's workbook carries a questionnaire id; each individual form carries its
structure's as ``parent_questionnaire_id``. The generator derives that id from what
identifies the evaluation: the structure's id (case and surrounding spaces aside), the
référentiel and its version, and the campaign when one is named
(``evalsoc questionnaire --campagne``). Forms generated a week later, or generated again,
carry the same link and join their structure.

Workbooks generated before links were derived carry random ids: a form still joins the
structure workbook whose questionnaire id it names, and a structure workbook is also
found under the link its own identity derives, so that a new form joins an old
structure workbook. :func:`structure_keys` and :func:`form_key` are the one rule that
``check``, ``score`` and ``ingest`` apply.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

__all__ = ["CAMPAIGN_KEY", "derived_link", "form_key", "structure_keys"]

CAMPAIGN_KEY = "campagne"  # the metadata key of the campaign named at generation
# evalsoc's own namespace for name-based (version 5) UUIDs: fixed for ever, or links
# derived before and after a change would differ
_NAMESPACE = uuid.UUID("9d4b6f3e-2c1a-5e7b-8f0d-3a6c9e1b4d27")


def derived_link(structure_id: str, referentiel: str, campaign: str = "") -> str:
    """The questionnaire id of ``structure_id``'s workbook under ``referentiel``
    (``id@version``) in ``campaign``: the same inputs always give the same id."""
    key = "\x1f".join((structure_id.strip().casefold(), referentiel.strip(),
                       campaign.strip()))
    return str(uuid.uuid5(_NAMESPACE, key))


def _referentiel(meta: Mapping[str, str]) -> str:
    ident, version = meta.get("referentiel", ""), meta.get("referentiel_version", "")
    return f"{ident}@{version}" if version else ident


def structure_keys(meta: Mapping[str, str]) -> set[str]:
    """Every id under which a structure workbook's forms may name it: its questionnaire
    id, and the links its identity derives, with its campaign and without (for forms
    generated after it, with or without naming the campaign)."""
    keys = {meta.get("questionnaire_id", "")}
    if structure := meta.get("structure_id", ""):
        referentiel = _referentiel(meta)
        keys.add(derived_link(structure, referentiel, meta.get(CAMPAIGN_KEY, "")))
        keys.add(derived_link(structure, referentiel))  # forms generated without a campaign
    return keys - {""}


def form_key(meta: Mapping[str, str]) -> str:
    """The id under which a form names its structure ("" when it names none)."""
    return meta.get("parent_questionnaire_id", "")
