"""Everything evalsoc publishes about a campaign, protected once, audited together.

::

    SectorInputs --population_of--> who may appear, under which labels
    frames of the population --evalsoc.stats--> tables (primary, dominance, secondary)
    every table + the previous campaign's publication --audit--> exposed values
    exposed value --> the cell that pins it is masked, and again until nothing is exposed

The export (every format), the synthèse (HTML, PDF, XLSX) and the fiches' comparison
figures all read their figures from one :class:`Publication`: no writer computes a
sector figure of its own, so what the auditor checked is what is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import numpy as np
import pandas as pd

from evalsoc.audit import Auditor, AuditResult, Exposure, Fact, Family, Knowledge
from evalsoc.publish.attractiveness import (
    typology_facts,
    typology_label,
    typology_table,
    typology_values,
)
from evalsoc.publish.diagnostics import (
    diagnostic_parts,
    diagnostic_tables,
    diagnostic_values,
    family_labels,
)
from evalsoc.publish.facts import facts_of, family_of
from evalsoc.publish.inputs import CampaignFrames, ExtraFigures, SectorInputs
from evalsoc.publish.intervals import VARIANT, interval_facts, interval_table, variant_values
from evalsoc.publish.observation import (
    is_observation,
    observation_labels,
    observation_tables,
    observation_values,
)
from evalsoc.publish.peers import PEER_BY, PeerBand, member_unknown, peer_bands, peer_table
from evalsoc.publish.population import Population, merged_labels, population_of
from evalsoc.publish.profiles import PROFILES, profile_facts, profile_table
from evalsoc.publish.quality import absences, completeness
from evalsoc.publish.quotes import SectorQuotes, sector_quotes
from evalsoc.publish.values import Values, values_of
from evalsoc.referentiel.model import InformationalScoring, Referentiel
from evalsoc.referentiel.tree import NodeInfo, node_infos
from evalsoc.sensitivity import Variants, Variation, variants_of
from evalsoc.stats import (
    Disclosure,
    SecrecyRules,
    describe,
    divergence,
    evolution,
    levels_of,
    respondent_figures,
    totals,
)
from evalsoc.stats.aggregate import MEMBERS
from evalsoc.stats.evolution import STABLE_WITHIN
from evalsoc.stats.secrecy import META

__all__ = ["KEY_QUESTIONS", "STANDARD_BY", "Publication", "stake_nodes"]

STANDARD_BY = ("departement", "discipline", "territoire", "taille")
# every table published by département is also published by size class (issue 19)
LOCAL_BY = ("departement", "taille")
# the structures' own numeric answers summed into sector totals in the synthèse
KEY_QUESTIONS = ("budget_total", "entrees_totales", "nb_emplois_permanents", "etp_total",
                 "nb_benevoles_reguliers")
MAX_ROUNDS = 200
MAIN_FIGURES = frozenset({"moyenne", "somme", "completude", "moyenne_avant", "moyenne_apres",
                          "evolution_moyenne"})
ORDER_GROUPS = {"mediane": ("mediane",), "evolution_mediane": ("evolution_mediane",),
                "q1": ("q1", "q3"), "q3": ("q1", "q3")}


def stake_nodes(referentiel: Referentiel) -> list[str]:
    """Scored indicators tagged with a regional stake (« enjeu:… »), in tree order."""
    informational = {i.id for i in referentiel.indicateurs()
                     if isinstance(i.scoring, InformationalScoring)}
    return [n.id for n in node_infos(referentiel).values()
            if n.kind == "indicateur" and n.id not in informational
            and any(t.startswith("enjeu:") for t in n.tags)]


@dataclass(frozen=True)
class _Spec:
    id: str
    kind: str
    breakdown: tuple[str, ...]
    by: tuple[str, ...]
    build: Callable[[Disclosure], pd.DataFrame]
    unknown: Callable[[pd.DataFrame], np.ndarray] | None = None
    family: Callable[[Mapping[str, object]], str] | None = None
    audited: bool = True  # data-quality tables: protected, but no structure's result
    # facts of a table that is not one of evalsoc.stats' kinds (the medians' intervals)
    facts: Callable[[pd.DataFrame, str], list[Fact]] | None = None
    after: str | None = None  # built from this table: rebuilt whenever it is


@dataclass
class _Campaign:
    """One campaign's frames restricted to its population, in the référentiel's order."""

    frames: CampaignFrames
    population: Population
    referentiel: Referentiel

    @cached_property
    def scores(self) -> pd.DataFrame:
        order = {node: i for i, node in enumerate(node_infos(self.referentiel))}
        rows = self.frames.scores
        rows = rows[rows["structure_id"].astype(str).isin(self.population.included)]
        position = rows["noeud"].map(order).fillna(len(order))
        return rows.iloc[position.argsort(kind="stable")].reset_index(drop=True)

    def _inside(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["structure_id"].astype(str).isin(self.population.included)] \
            .reset_index(drop=True)

    @cached_property
    def figures(self) -> pd.DataFrame:
        return self._inside(self.frames.figures)

    @cached_property
    def respondents(self) -> pd.DataFrame:
        return self._inside(self.frames.respondents)

    @cached_property
    def diagnostics(self) -> pd.DataFrame:
        found = self.frames.diagnostics
        return found if found.empty else self._inside(found)

    @cached_property
    def parts(self) -> list[Referentiel]:
        """The diagnostic référentiels the campaign asks."""
        return diagnostic_parts(self.frames)


def _campaign(frames: CampaignFrames, registry: pd.DataFrame,
              referentiel: Referentiel) -> _Campaign:
    diagnosed = frames.diagnostics["structure_id"] if not frames.diagnostics.empty \
        else pd.Series(dtype=object)
    evaluated = pd.concat([frames.scores["structure_id"], diagnosed]).astype(str)
    return _Campaign(frames, population_of(frames.name, evaluated, frames.consents, registry),
                     referentiel)


def _members_minus(known: frozenset[str]) -> Callable[[pd.DataFrame], np.ndarray]:
    def count(table: pd.DataFrame) -> np.ndarray:
        return np.array([len(set(m) - known) if isinstance(m, tuple) else 0
                         for m in table[MEMBERS]], dtype=float)
    return count


def _evolution_unknown(before: frozenset[str], after: frozenset[str]
                       ) -> Callable[[pd.DataFrame], np.ndarray]:
    """The fewest unknown members of any figure of an evolution row (those not named
    last year for the « avant » mean, not named this year for the « après » one)."""
    first, second = _members_minus(before), _members_minus(after)

    def count(table: pd.DataFrame) -> np.ndarray:
        a, b = first(table), second(table)
        both = np.where((a > 0) & (b > 0), np.minimum(a, b), np.maximum(a, b))
        return np.asarray(both, dtype=float)
    return count


@dataclass
class Publication:
    """The protected tables of a campaign (and of its evolution from ``previous``), and
    the audit that none of them, together, exposes an unpublished value."""

    inputs: SectorInputs
    rules: SecrecyRules = field(default_factory=SecrecyRules)
    by: Sequence[str] = STANDARD_BY
    with_previous: bool = True
    # the robustness variants behind the medians' intervals (None: no interval published)
    variation: Variation | None = field(default_factory=Variation)
    # commune code -> INSEE density level, for a grid that reads the territory (the
    # rural attractiveness grid); without it, the class chosen by hand
    territory: Mapping[str, int] | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, init=False)
    facts: list[Fact] = field(default_factory=list, init=False)
    result: AuditResult | None = field(default=None, init=False)
    unfixable: list[Exposure] = field(default_factory=list, init=False)
    rounds: int = field(default=0, init=False)
    auditor: Auditor = field(default_factory=lambda: Auditor(exact=False), init=False)

    def __post_init__(self) -> None:
        self.by = tuple(c for c in dict.fromkeys(self.by)
                        if c in self.inputs.structures.columns)
        registry = self.inputs.structures
        ref = self.inputs.referentiel
        self.current = _campaign(self.inputs.current, registry, ref)
        self.before = (_campaign(self.inputs.previous, registry,
                                 self.inputs.previous_referentiel or ref)
                       if self.inputs.previous is not None and self.with_previous else None)
        self._run()

    # -- who -------------------------------------------------------------------------
    @property
    def population(self) -> Population:
        return self.current.population

    @cached_property
    def registry(self) -> pd.DataFrame:
        """The registry with each structure's consent for this campaign."""
        registry = self.inputs.structures.copy()
        consents = self.population.consents
        registry["consentement"] = registry["structure_id"].astype(str).map(consents) \
            .fillna(registry.get("consentement"))
        return registry

    def grouping(self, column: str) -> pd.DataFrame:
        """structure_id and ``column`` as it may be published (small groups merged)."""
        registry = self.inputs.structures
        labels = merged_labels(registry, column, self.population, self.rules.min_structures)
        return pd.DataFrame({"structure_id": registry["structure_id"].astype(str),
                             column: labels.to_numpy()})

    # -- what ------------------------------------------------------------------------
    @cached_property
    def _levels(self) -> tuple[tuple[int, str, float], ...]:
        return levels_of(self.inputs.referentiel)

    def _specs(self) -> list[_Spec]:
        if is_observation(self.inputs.referentiel):
            return self._observation_specs()
        frames = self.current.frames  # a campaign of diagnostics alone has no profile
        profile = not frames.scores.empty or frames.diagnostics.empty
        specs = self._profile_specs() if profile else []
        everyone = self.registry[["structure_id"]]
        specs += [_Spec(t.id, t.kind, ("campagne", "indicateur"), t.by, t.build,
                        family=t.family)
                  for t in diagnostic_tables(self.current.diagnostics, self.current.parts,
                                             self.grouping, everyone, self.rules)]
        specs += [_Spec(f"{extra.id}:{'-'.join(extra.by) or 'ensemble'}", "totals",
                        ("campagne", "question"), extra.by, partial(self._extra, extra),
                        family=extra.family)
                  for extra in self.inputs.extras]
        return specs

    def _observation_specs(self) -> list[_Spec]:
        """The tables an observation référentiel declares (no profile: no score)."""
        c = self.current
        ref = self.inputs.referentiel
        before = self.before
        # the previous year's answers of the structures counted that year (consent is
        # per campaign), read under the version that campaign asked
        previous = self._counted_answers(before) if before is not None else None
        specs = [_Spec(t.id, t.kind, t.breakdown, t.by, t.build, audited=t.audited,
                       family=lambda r: f"figure|{r['campagne']}|{r['question']}")
                 for t in observation_tables(c.frames.name, c.frames.observed,
                                             c.frames.invited, self.population.included,
                                             ref, self.rules, previous,
                                             before.referentiel if before else None)]
        if _rural(ref):
            specs.append(_Spec(
                "attractivite:typologie", "rural_classes", ("campagne",), ("classe",),
                partial(typology_table, c.frames.name, self._counted_answers(c), ref,
                        self.territory, self.rules), facts=typology_facts))
        return specs

    @staticmethod
    def _counted_answers(campaign: _Campaign) -> pd.DataFrame:
        answers = campaign.frames.observed
        return answers[answers["structure_id"].astype(str)
                       .isin(campaign.population.included)]

    def _extra(self, extra: ExtraFigures, disclosure: Disclosure) -> pd.DataFrame:
        """Sums of figures given from outside the store (conventions, needs), over the
        structures the campaign may publish, as :meth:`_totals` sums the store's."""
        figures = self.current._inside(extra.figures)
        groups = self.grouping(extra.by[0]) if extra.by else self.registry[["structure_id"]]
        return totals(figures, groups, list(extra.by), self.rules, disclosure=disclosure)

    def _profile_specs(self) -> list[_Spec]:
        """The tables of the utilité-sociale profile."""
        c = self.current
        scores = c.scores
        upper = scores[scores["type"].isin(["dimension", "critere"])]
        stakes = scores[scores["noeud"].isin(stake_nodes(self.inputs.referentiel))]
        named = _members_minus(self.population.named)
        rules = self.rules
        specs: list[_Spec] = []
        for column in ("", *self.by):
            by = (column,) if column else ()
            specs.append(_Spec(
                f"secteur:{column or 'ensemble'}", "describe", ("campagne", "noeud"), by,
                partial(self._describe, upper, by), named))
        local = [c for c in LOCAL_BY if c in self.inputs.structures.columns]
        for column in ("", *local):
            by = (column,) if column else ()
            specs.append(_Spec(f"enjeux:{column or 'ensemble'}", "describe",
                               ("campagne", "noeud"), by, partial(self._describe, stakes, by)))
        specs += [
            _Spec("groupes", "groups", ("campagne", "dimension", "groupe"), (),
                  lambda d: respondent_figures(scores, c.respondents, self.registry,
                                               rules=rules, disclosure=d)),
            _Spec("divergence", "divergence", ("campagne", "dimension", "mesure"), (),
                  lambda d: divergence(scores, self.registry, rules=rules, disclosure=d)),
            *(_Spec(f"repondants:{c}", "totals", ("campagne", "question"),
                    (c,), partial(self._respondent_totals, c),
                    family=lambda r: f"repondants|{r['campagne']}|{r['question']}")
              for c in local),
            *(_Spec(f"chiffres:{c}", "totals", ("campagne", "question"), (c,),
                    partial(self._totals, list(KEY_QUESTIONS), (c,)),
                    family=lambda r: f"figure|{r['campagne']}|{r['question']}")
              for c in local),
            _Spec("totaux", "totals", ("campagne", "question"), (),
                  partial(self._totals, None, ()),
                  family=lambda r: f"figure|{r['campagne']}|{r['question']}"),
        ]
        dimensions = [d.id for d in self.inputs.referentiel.dimensions]
        specs += [
            _Spec("completude", "completeness", ("campagne", "noeud"), (),
                  lambda d: completeness(scores, dimensions, rules, d), audited=False),
            _Spec("non_evalues", "absences", ("campagne", "noeud"), (),
                  lambda d: absences(scores, dimensions, rules, d), audited=False),
        ]
        dimensions_only = scores[scores["type"] == "dimension"]
        member = member_unknown(self.population.named)
        specs += [_Spec(peer_table(c), "describe", ("campagne", "noeud"), (c,),
                        partial(self._describe, dimensions_only, (c,)), member)
                  for c in PEER_BY if c in self.inputs.structures.columns]
        if self.variation is not None:
            for column in ("", *self.by):
                by = (column,) if column else ()
                source = f"secteur:{column or 'ensemble'}"
                specs.append(_Spec(
                    f"intervalles:{column or 'ensemble'}", "intervals", ("campagne", "noeud"),
                    by, partial(self._intervals, source, by), facts=interval_facts,
                    after=source))
        specs.append(_Spec(PROFILES, "profiles", ("campagne", "structure_id", "noeud"), (),
                           self._profiles, facts=profile_facts))  # restitution collective
        if self.before is not None and self._paired and self._comparable:
            specs += [_Spec(
                f"evolution:{c}", "evolution", ("avant", "apres", "noeud"),
                (c,), partial(self._evolution, c),
                _evolution_unknown(self.before.population.named, self.population.named))
                for c in local]
        return specs

    def _describe(self, scores: pd.DataFrame, by: tuple[str, ...],
                  disclosure: Disclosure) -> pd.DataFrame:
        groups = self.grouping(by[0]) if by else self.registry[["structure_id"]]
        return describe(scores, groups, list(by), "all", self.rules, levels=self._levels,
                        disclosure=disclosure)

    def _profiles(self, disclosure: Disclosure) -> pd.DataFrame:
        """The collective's profiles side by side (empty unless everyone is named)."""
        registry = self.inputs.structures
        names = dict(zip(registry["structure_id"].astype(str),
                         registry["nom"].fillna("").astype(str), strict=True))
        dimensions = [(d.id, d.label) for d in self.inputs.referentiel.dimensions]
        return profile_table(self.current.frames.name, self.current.scores, names,
                             self.population, dimensions, self._levels, disclosure)

    def _intervals(self, source: str, by: tuple[str, ...],
                   disclosure: Disclosure) -> pd.DataFrame:
        return interval_table(self.tables[source], self.variants, by, self.rules, disclosure)

    @cached_property
    def variants(self) -> Variants:
        """Every counted structure's dimension scores under the robustness variants."""
        return variants_of(self.current.scores, self.inputs.referentiel,
                           self.variation or Variation(),
                           sorted(self.population.included))

    def _totals(self, questions: list[str] | None, by: tuple[str, ...],
                disclosure: Disclosure) -> pd.DataFrame:
        figures = self.current.figures
        if questions is not None:
            figures = figures[figures["question"].isin(questions)]
        else:  # the référentiel's order, whatever order the store returned the rows in
            questions = list(self.inputs.referentiel.questions())
            questions += sorted(set(figures["question"]) - set(questions))
        order = {q: i for i, q in enumerate(questions)}
        figures = figures.iloc[figures["question"].map(order).argsort(kind="stable")]
        groups = self.grouping(by[0]) if by else self.registry[["structure_id"]]
        return totals(figures, groups, list(by), self.rules, disclosure=disclosure)

    def _respondent_totals(self, column: str, disclosure: Disclosure) -> pd.DataFrame:
        heard = self.current.respondents
        figures = pd.DataFrame({"campagne": heard["campagne"],
                                "structure_id": heard["structure_id"],
                                "question": heard["groupe"].astype(str),
                                "value": heard["n"].astype(float)})
        return totals(figures, self.grouping(column), [column], self.rules,
                      disclosure=disclosure)

    @cached_property
    def _paired(self) -> frozenset[str]:
        """Structures in the figures of both campaigns: the only ones an evolution
        compares."""
        if self.before is None:
            return frozenset()
        return self.before.population.included & self.population.included

    @cached_property
    def _comparable(self) -> bool:
        policy = self.inputs.comparability
        return policy is not None and policy.same_version

    def comparison_notes(self) -> list[str]:
        """What the evolution compares and leaves out, by the one comparability policy
        (:mod:`evalsoc.versions.compare`); [] without a previous campaign."""
        policy = self.inputs.comparability
        if self.before is None or policy is None:
            return []
        dimensions = [d.id for d in self.inputs.referentiel.dimensions]
        labels = {d.id: d.label for d in self.inputs.referentiel.dimensions}
        return policy.notes(dimensions, labels, self._paired)

    def _evolution(self, column: str, disclosure: Disclosure) -> pd.DataFrame:
        assert self.before is not None
        both = pd.concat([self.before.scores, self.current.scores], ignore_index=True)
        both = both[(both["type"] == "dimension")
                    & both["structure_id"].astype(str).isin(self._paired)]
        policy = self.inputs.comparability
        if policy is not None and policy.breaks:  # a break in series is not compared
            keys = list(zip(both["structure_id"].astype(str), both["noeud"], strict=True))
            both = both[[key not in policy.breaks for key in keys]]
        table = evolution(both, self.grouping(column), self.before.frames.name,
                          self.current.frames.name, [column], self.rules,
                          levels=self._levels, disclosure=disclosure)
        # level-to-level moves: joint counts over two campaigns, not published
        moves = [c for c in table.columns if str(c).startswith("n_niveau_")]
        out = table.drop(columns=moves)
        meta = dict(table.attrs[META])
        out.attrs[META] = {**meta, "stats": [c for c in meta["stats"] if c not in moves]}
        return out

    # -- the audit -------------------------------------------------------------------
    def _facts(self, spec: _Spec) -> list[Fact]:
        if not spec.audited:
            return []
        if spec.facts is not None:
            return spec.facts(self.tables[spec.id], spec.id)
        return facts_of(self.tables[spec.id], spec.id, spec.kind, breakdown=spec.breakdown,
                        by=spec.by, family=spec.family, levels=self._levels,
                        stable=STABLE_WITHIN, ratios=self._ratios)

    @cached_property
    def _ratios(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        spec = self.inputs.referentiel.observation
        return {} if spec is None else {r.id: (r.numerator, r.denominator)
                                        for r in spec.ratios}

    @cached_property
    def values(self) -> Values:
        loaders = {}
        for campaign in (self.current, self.before):
            if campaign is not None:
                f = campaign.frames
                figures = campaign.figures
                if campaign is self.current and self.inputs.extras:
                    figures = pd.concat([figures, *(campaign._inside(e.figures)
                                                    for e in self.inputs.extras)],
                                        ignore_index=True)
                loaders.update(values_of(f.name, campaign.scores, figures,
                                         campaign.respondents))
                loaders.update(diagnostic_values(f.name, campaign.diagnostics,
                                                 campaign.parts))
                if is_observation(campaign.referentiel):
                    observed = f.observed
                    observed = observed[observed["structure_id"].astype(str)
                                        .isin(campaign.population.included)]
                    loaders.update(observation_values(f.name, observed,
                                                      campaign.referentiel))
        keyed = {}
        if _rural(self.current.referentiel):
            keyed[f"classe|{self.current.frames.name}"] = typology_values(
                self.current.frames.name, self._counted_answers(self.current),
                self.current.referentiel, self.territory)
        for publication in (self, self._earlier):
            if publication is not None and publication.variation is not None:
                keyed[f"{VARIANT}|{publication.current.frames.name}"] = partial(
                    variant_values, publication.variants)
        return Values(loaders, keyed)

    def known(self) -> dict[tuple[str, str], float]:
        """Values published individually: the named rows' dimension and critère scores."""
        found: dict[tuple[str, str], float] = {}
        for campaign in (self.current, self.before):
            if campaign is None:
                continue
            rows = campaign.scores
            rows = rows[rows["type"].isin(["dimension", "critere"]) & rows["score"].notna()
                        & rows["absence"].isna()
                        & rows["structure_id"].astype(str).isin(campaign.population.named)]
            name = campaign.frames.name
            for ident, node, score in zip(rows["structure_id"].astype(str), rows["noeud"],
                                          rows["score"].astype(float), strict=True):
                found[(f"score|{name}|{node}", ident)] = float(score)
        return found

    @cached_property
    def _infos(self) -> dict[str, NodeInfo]:
        return node_infos(self.inputs.referentiel)

    def _families(self, facts: Sequence[Fact]) -> dict[str, Family]:
        ref = self.inputs.referentiel
        questions = ref.questions()
        labels: dict[str, str] = {}
        campaigns = [c.frames.name for c in (self.current, self.before) if c is not None]
        for name in campaigns:
            labels.update({f"score|{name}|{i.id}": i.label for i in self._infos.values()})
            labels.update({f"figure|{name}|{q.id}": q.label for q in questions.values()})
            labels.update(family_labels(name, self.current.parts))
            if is_observation(ref):
                labels.update(observation_labels(name, ref))
        labels.update({key: typology_label(key) for fact in facts for key, _ in fact.terms
                       if key.startswith("classe|")})
        found: dict[str, Family] = {}
        for fact in facts:
            for key, _ in fact.terms:
                if key not in found:
                    found[key] = family_of(key, self.rules, labels, self._bounds(key))
                    if self._flag(key):  # like a red alert: never said for sure
                        found[key] = replace(found[key], relative=False, protection=(
                            1.0 if self.rules.protection > 0 else 0.0))
        return found

    def _flag(self, key: str) -> bool:
        """A yes/no flag given from outside the store (:class:`ExtraFigures`)."""
        kind, _, detail = key.split("|", 2)
        return kind == "figure" and any(detail.startswith(p) for e in self.inputs.extras
                                        for p in e.flags)

    def _bounds(self, key: str) -> tuple[float | None, float | None]:
        """A question's own bounds; where a magnitude has none, a hundred times the
        largest value met (a finite cap only narrows what the auditor allows the
        attacker to believe: it can find more exposures, never fewer)."""
        kind, _, detail = key.split("|", 2)
        if kind in ("ratio", "oratio"):  # a magnitude (months, days, a ratio): no bound
            cap = 100 * max([1.0, *(abs(v) for v in self.values.family(key).values())])
            return -cap, cap
        if self._flag(key):
            return 0.0, 1.0
        if kind in ("figure", "repondants"):
            question = self.inputs.referentiel.questions().get(detail)
            low, high = (question.min, question.max) if question else (0.0, None)
            cap = 100 * max([1.0, *(abs(v) for v in self.values.family(key).values())])
            return (-cap if low is None else low), (cap if high is None else high)
        if kind == VARIANT:
            deviations = list(self.values.family(key).values()) or [0.0]
            return min(deviations) - 1.0, max(deviations) + 1.0
        if kind == "absence":
            dimension = detail.split("|")[0]
            return None, float(sum(1 for i in self._infos.values()
                                   if i.kind == "indicateur" and i.dimension == dimension))
        return None, None

    @cached_property
    def _earlier(self) -> Publication | None:
        """The previous campaign's own publication (what it already said is fixed)."""
        if self.before is None:
            return None
        earlier = SectorInputs(current=self.before.frames, structures=self.inputs.structures,
                               referentiel=self.inputs.previous_referentiel
                               or self.inputs.referentiel)
        return Publication(earlier, self.rules, self.by, with_previous=False,
                           variation=self.variation)

    @property
    def earlier(self) -> Publication | None:
        """The previous campaign's publication (None without one)."""
        return self._earlier

    @cached_property
    def previous_facts(self) -> list[Fact]:
        earlier = self._earlier
        return [] if earlier is None else [replace(f, fixed=True) for f in earlier.facts]

    def _run(self) -> None:
        specs = {s.id: s for s in self._specs()}
        forced: dict[str, dict[tuple[str, ...], set[str]]] = {}
        dirty = set(specs)
        facts: dict[str, list[Fact]] = {}
        known = self.known()
        auditor = self._earlier.auditor if self._earlier is not None else Auditor(exact=False)
        self.auditor = auditor
        result: AuditResult | None = None
        for self.rounds in range(1, MAX_ROUNDS + 1):
            dirty |= {s.id for s in specs.values() if s.after in dirty}
            for spec_id in [s for s in specs if s in dirty]:  # in order: runs agree
                spec = specs[spec_id]
                wanted = {k: frozenset(v) for k, v in forced.get(spec_id, {}).items()}
                self.tables[spec_id] = spec.build(Disclosure(spec.unknown, wanted))
                facts[spec_id] = self._facts(spec)
            every = [f for group in facts.values() for f in group]
            everything = every + self.previous_facts
            result = auditor.run(everything, self.knowledge(everything, known))
            cells: dict[Fact, list[Fact]] = {}  # one figure may be printed in several tables
            for fact in every:
                cells.setdefault(fact, []).append(fact)
            dirty = set()
            self.unfixable = []
            for exposure in result.exposures:
                chosen = _choose(exposure, every)
                if chosen is None:
                    self.unfixable.append(exposure)
                    continue
                for printed in cells.get(chosen, [chosen]):
                    assert printed.cell is not None
                    table, key, _ = printed.cell
                    forced.setdefault(table, {}).setdefault(key, set()).update(
                        _columns(printed))
                    dirty.add(table)
            if not dirty:
                break
        self.facts = [f for group in facts.values() for f in group]
        self.result = result

    def knowledge(self, facts: Sequence[Fact],
                  known: Mapping[tuple[str, str], float] | None = None) -> Knowledge:
        """What the auditor checks ``facts`` against: their families, the truth, and
        the values published individually."""
        return Knowledge(self._families(facts), self.values,
                         self.known() if known is None else known)

    def everything(self) -> list[Fact]:
        """Every figure published: this campaign's and its previous one's."""
        return [*self.facts, *self.previous_facts]

    # -- for the writers -------------------------------------------------------------
    @cached_property
    def quotes(self) -> SectorQuotes:
        """The selected quotes the sector outputs may print, under consent
        (:mod:`evalsoc.publish.quotes`)."""
        return sector_quotes(self.inputs.selection, self.inputs.referentiel,
                             self.population, self.registry, self.rules.min_structures)

    def peers(self) -> dict[str, dict[str, PeerBand]]:
        """structure_id -> dimension -> the quartiles of its peers that this
        publication prints (:mod:`evalsoc.publish.peers`)."""
        groups = {}
        for column in (c for c in PEER_BY if c in self.inputs.structures.columns):
            frame = self.grouping(column)
            groups[column] = dict(zip(frame["structure_id"], frame[column].astype(str),
                                      strict=True))
        return peer_bands(self.tables, groups)

    def table(self, table_id: str) -> pd.DataFrame:
        """A protected table without its private columns."""
        frame = self.tables[table_id]
        out = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
        out.attrs = dict(frame.attrs)
        return out


def _rural(referentiel: Referentiel) -> bool:
    """A campaign of the rural attractiveness grid (it publishes the typology)."""
    spec = referentiel.observation
    return spec is not None and spec.reading == "attractivite_rurale"


def _columns(fact: Fact) -> set[str]:
    """What to hide so that ``fact`` is no longer published: a row's main figure hides
    the row (« secret »), any other figure only its own column."""
    column = fact.cell[2] if fact.cell else ""
    if column in MAIN_FIGURES or column == "n":  # n: a class of the rural typology
        return {"*"}
    if fact.kind == "bands":
        parts = column.split("|")
        return {*parts, *(p.replace("n_", "part_", 1) for p in parts)}
    return set(ORDER_GROUPS.get(column, (column,)))


def _choose(exposure: Exposure, facts: Sequence[Fact]) -> Fact | None:
    """The published figure to hide so that ``exposure`` is no longer pinned down:
    among the facts that bind it, the one on the fewest structures (a breakdown's cell
    before its « Ensemble », an order statistic before a whole row)."""
    movable = [f for f in exposure.facts if not f.fixed]
    if not movable:
        families = {k for k, _ in exposure.terms}
        movable = [f for f in facts if exposure.structure in f.members
                   and families & {k for k, _ in f.terms}]
    if not movable:
        return None
    return min(movable, key=lambda f: (len(f.members), f.kind in ("mean", "sum")))
