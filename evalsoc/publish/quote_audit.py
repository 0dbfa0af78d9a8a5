"""The quotes' audit (part of ``evalsoc audit``): every quote a published output prints
comes from the consultant's selection, from a structure whose consent allows it, and is
attributed only where the structure is « nominative ».

Two checks:

- the publication's own quotes (:attr:`Publication.quotes`) are checked again against
  the raw selection and the consents, independently of how they were chosen;
- the documents given (the synthèse and the fiches in HTML, ODT, XLSX, JSON or CSV) are
  read (:func:`evalsoc.support.doc_text.document_text`) and every stored free text of
  the campaign found in one must be allowed there: in a sector document, a quote the
  publication prints, and never followed by the name of a structure that did not accept
  to be named; in a structure's fiche (``…_<ID>_fiche-<campagne>.*``), one of that
  structure's selected quotes or its own words (the structure's comments and answers).
  Texts shorter than :data:`MIN_CHARS` are not looked for (« oui », « rien à ajouter »
  are everywhere).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from evalsoc.catalogue import Code
from evalsoc.issues import Issue, make_issue
from evalsoc.publish.publication import Publication
from evalsoc.publish.quotes import NOT_CONSENTED
from evalsoc.stats.inputs import text as catalogue_text
from evalsoc.store.quotes import FreeText
from evalsoc.structures.registry import slug
from evalsoc.support.doc_text import READABLE, document_text
from evalsoc.support.text import canon

__all__ = ["MIN_CHARS", "QuoteAudit", "audit_quotes"]

MIN_CHARS = 16  # a free text shorter than this (once normalised) is not looked for
WINDOW = 300  # characters after a quote where its attribution would be printed
_SHOWN = 80


class QuoteAudit(BaseModel):
    """The quotes' verdict: what is printed, what was read, what is wrong."""

    model_config = ConfigDict(frozen=True)

    published: int
    documents: int
    problems: tuple[Issue, ...]
    verdict: str

    @property
    def clean(self) -> bool:
        return not self.problems


def _flat(text: str) -> str:
    return canon(" ".join(text.split()))


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SHOWN else flat[:_SHOWN - 1] + "…"


def _own_publication(publication: Publication) -> list[Issue]:
    population = publication.population
    selected = {(q.structure_id, _flat(q.printed)) for q in publication.inputs.selection.quotes}
    found = []
    for quote in publication.quotes.quotes:
        why = ("absente de la sélection" if (quote.structure_id, _flat(quote.text))
               not in selected else NOT_CONSENTED
               if quote.structure_id not in population.included else
               "attribuée sans consentement « nominative »"
               if quote.structure and quote.structure_id not in population.named else "")
        if why:
            found.append(make_issue(Code.CIT_AUDIT_NOT_ALLOWED, structure=quote.structure_id,
                                    why=why, raw=_short(quote.text)))
    return found


def _owner(path: Path, ids: dict[str, str]) -> str | None:
    """The structure a fiche is of, from its name; None for a sector document."""
    stem = path.name.split(".", 1)[0]
    if "_fiche-" not in stem:
        return None
    return ids.get(stem.split("_fiche-", 1)[0].rsplit("_", 1)[-1])


def _files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return found


class _Reader:
    """What a document may and may not contain, for one campaign."""

    def __init__(self, publication: Publication, stored: Sequence[FreeText]) -> None:
        self.publication = publication
        population = publication.population
        ref = publication.inputs.referentiel
        registry = publication.inputs.structures
        self.names = dict(zip(registry["structure_id"].astype(str),
                              registry["nom"].fillna("").astype(str), strict=True))
        self.consents = dict(population.consents)
        selection = publication.inputs.selection.quotes
        # normalised text -> (its structure, why it may not be printed)
        self.candidates: dict[str, tuple[str, str]] = {}
        self.written: dict[str, str] = {}  # normalised text -> as written
        for t in [*stored, *selection]:
            flat = _flat(t.printed)
            if len(flat) >= MIN_CHARS:
                self.candidates.setdefault(flat, (t.structure_id, "texte non sélectionné"))
                self.written.setdefault(flat, t.printed)
        self.sector = {_flat(q.text) for q in publication.quotes.quotes}
        self.unnamed = [(_flat(t.printed), t.structure_id) for t in [*stored, *selection]
                        if t.structure_id not in population.named
                        and _flat(t.printed) in self.sector]
        self.own: dict[str, set[str]] = {}
        for t in selection:
            self.own.setdefault(t.structure_id, set()).add(_flat(t.printed))
        for t in stored:
            group = ref.group(t.groupe)
            if group is not None and not group.multiple:  # the structure's own words
                self.own.setdefault(t.structure_id, set()).add(_flat(t.text))

    def read(self, path: Path, owner: str | None) -> list[Issue]:
        raw = document_text(path)
        if raw is None:
            return []
        doc = _flat(raw)
        allowed = self.sector if owner is None else self.own.get(owner, set())
        found = []
        for flat, (structure, why) in self.candidates.items():
            if flat not in doc or any(flat in a for a in allowed):
                continue
            if owner is not None and structure != owner:
                found.append(make_issue(Code.CIT_AUDIT_OTHER_FICHE, file=str(path),
                                        owner=owner, structure=structure,
                                        raw=_short(self.written[flat])))
            else:
                found.append(make_issue(Code.CIT_AUDIT_UNSELECTED, file=str(path),
                                        structure=structure, why=why,
                                        raw=_short(self.written[flat])))
        if owner is None:
            found += self._attributed(path, doc)
        return found

    def _attributed(self, path: Path, doc: str) -> list[Issue]:
        found = []
        for flat, structure in self.unnamed:
            name = _flat(self.names.get(structure, ""))
            if len(name) < 4:
                continue
            start = doc.find(flat)
            while start >= 0:
                if name in doc[start + len(flat):start + len(flat) + WINDOW]:
                    found.append(make_issue(
                        Code.CIT_AUDIT_ATTRIBUTED, file=str(path), name=self.names[structure],
                        consent=self.consents.get(structure, "aucune"),
                        raw=_short(self.written.get(flat, flat))))
                    break
                start = doc.find(flat, start + 1)
        return found


def audit_quotes(publication: Publication, documents: Iterable[Path] = ()) -> QuoteAudit:
    """The quotes' audit of ``publication`` and of the ``documents`` (files or folders)
    written from it."""
    problems = _own_publication(publication)
    reader = _Reader(publication, publication.inputs.selection.texts)
    ids = {slug(s, keep_case=True): s for s in reader.names}
    files = _files(documents)
    for path in files:
        problems += reader.read(path, _owner(path, ids))
    read = sum(1 for p in files if p.suffix.lower() in READABLE)
    published = len(publication.quotes.quotes)
    verdict = (catalogue_text(Code.CIT_AUDIT_CLEAN, count=published, documents=read)
               if not problems else f"{len(problems)} citation(s) publiée(s) sans droit.")
    return QuoteAudit(published=published, documents=read, problems=tuple(problems),
                      verdict=verdict[:1].upper() + verdict[1:])
