"""Several référentiels asked together: one campaign, one workbook per structure.

A structure evaluated for its utilité sociale *and* with the financial self-diagnosis
answers one workbook that carries both (``ardes-culture+autodiag-financier``). The
bundle is itself a :class:`~evalsoc.referentiel.model.Referentiel`, so that every stage
reads it as it reads one référentiel:

- its ``parts`` are the référentiels, the utilité-sociale one first (at most one: a
  campaign has one profile), then the diagnostics by id;
- its questions are the union of theirs. A question two parts ask (``budget_total``)
  must be the very same question, which is what the shared question library ensures
  (:mod:`evalsoc.referentiel.library`): it is then asked once, and its answer read by
  both. Anything else refuses the bundle (:class:`BundleError`, QLIB010 to QLIB015);
- its dimensions, levels and scoring rules are the utilité-sociale part's, untouched: a
  structure's scores are the same whether its workbook carries one référentiel or
  several; its diagnostics are the diagnostic parts' (:meth:`Referentiel.diagnostics`);
- its name is its parts' names joined by ``+`` (``ardes-culture@1.0.0+autodiag-
  financier@1.0.0``), in that order whatever order they were asked in, and its
  fingerprint is made of theirs (:func:`evalsoc.referentiel.fingerprint.canonical_hash`).

Nothing here reads a file: :func:`evalsoc.referentiel.registry.resolve` finds the parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from evalsoc.catalogue import Code
from evalsoc.errors import BundleError
from evalsoc.issues import make_issue
from evalsoc.referentiel.model import Group, Kind, Question, Referentiel, Scale, Status

__all__ = ["BundleError", "combine", "ordered_parts", "split_ref"]



def split_ref(ref: str) -> list[str]:
    """``a@1.0.0+b`` -> ``["a@1.0.0", "b"]``."""
    return [part.strip() for part in ref.split("+") if part.strip()]


def ordered_parts(parts: Sequence[Referentiel]) -> list[Referentiel]:
    """The utilité-sociale part first, then the diagnostics by id (a bundle's order)."""
    return sorted(parts, key=lambda r: (r.kind is not Kind.UTILITE_SOCIALE, r.id))


def combine(parts: Sequence[Referentiel]) -> Referentiel:
    """The bundle of ``parts`` (BundleError when they cannot be asked together)."""
    flat = [p for part in parts for p in (part.parts or (part,))]
    if len(flat) < 2:
        raise BundleError(make_issue(Code.QLIB_BUNDLE_ONE,
                                     ref="+".join(p.ref for p in flat) or "(vide)"))
    ordered = ordered_parts(flat)
    _check_ids(ordered)
    profiles = [p for p in ordered if p.kind is Kind.UTILITE_SOCIALE]
    if len(profiles) > 1:
        raise BundleError(make_issue(Code.QLIB_BUNDLE_PROFILES, first=profiles[0].ref,
                                     second=profiles[1].ref))
    _check_questions(ordered)
    main = ordered[0]
    published = all(p.status is Status.PUBLISHED for p in ordered)
    return Referentiel(
        schema_version=1, id=main.id, version=main.version,
        title=" + ".join(p.title for p in ordered),
        status=Status.PUBLISHED if published else Status.DRAFT,
        description="\n\n".join(p.description for p in ordered if p.description),
        sources=tuple(s for p in ordered for s in p.sources),
        groups=_groups(ordered), scales=_scales(ordered), levels=main.levels,
        na_policy=main.na_policy, min_coverage=main.min_coverage,
        pistes_threshold=main.pistes_threshold, overall_score=main.overall_score,
        kind=main.kind, dimensions=main.dimensions if profiles else (), parts=tuple(ordered))


def _check_ids(parts: Sequence[Referentiel]) -> None:
    seen: dict[str, Referentiel] = {}
    for part in parts:
        if (other := seen.get(part.id)) is not None:
            raise BundleError(make_issue(Code.QLIB_BUNDLE_TWICE, ref=other.ref, other=part.ref))
        seen[part.id] = part


def _check_questions(parts: Sequence[Referentiel]) -> None:
    asked: dict[str, tuple[Question, Referentiel]] = {}
    for part in parts:
        for question in part.questions().values():
            found = asked.get(question.id)
            if found is None:
                asked[question.id] = (question, part)
            elif found[0] != question:
                fields = [name for name in Question.model_fields
                          if getattr(found[0], name) != getattr(question, name)]
                raise BundleError(make_issue(
                    Code.QLIB_BUNDLE_QUESTION, question=question.id, first=found[1].ref,
                    second=part.ref, fields=", ".join(fields)))


def _groups(parts: Sequence[Referentiel]) -> tuple[Group, ...]:
    found: dict[str, tuple[Group, Referentiel]] = {}
    for part in parts:
        for group in part.groups:
            known = found.get(group.id)
            if known is None:
                found[group.id] = (group, part)
            elif (known[0].multiple, known[0].min_respondents) != (group.multiple,
                                                                    group.min_respondents):
                raise BundleError(make_issue(Code.QLIB_BUNDLE_GROUP, group=group.id,
                                             first=known[1].ref, second=part.ref))
    return tuple(g for g, _ in found.values())


def _scales(parts: Sequence[Referentiel]) -> tuple[Scale, ...]:
    found: dict[str, tuple[Scale, Referentiel]] = {}
    for part in parts:
        for scale in part.scales:
            known = found.get(scale.id)
            if known is None:
                found[scale.id] = (scale, part)
            elif known[0] != scale:
                raise BundleError(make_issue(Code.QLIB_BUNDLE_SCALE, scale=scale.id,
                                             first=known[1].ref, second=part.ref))
    return tuple(s for s, _ in found.values())
