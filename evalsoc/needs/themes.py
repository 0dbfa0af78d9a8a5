"""The six themes of needs and what signals each, as versioned parameters.

Every threshold and rule below is a parameter of :data:`PARAMETERS` (its version and the
source label of spec 6.F: [S] public source, [K] field knowledge, [R] reconstruction),
never a constant buried in code. Signals name nodes of ``ardes-culture`` and indicators
of ``autodiag-financier``; a campaign without them gives no signal of that kind.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PARAMETERS", "THEMES", "Parameters", "Theme"]


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    accompaniments: tuple[str, ...]
    alerts: tuple[str, ...] = ()  # autodiag-financier indicators whose orange/red alert signals
    weak: tuple[str, ...] = ()  # ardes-culture nodes (critères, indicators) weak below threshold
    legal: tuple[tuple[str, str, str], ...] = ()  # (indicator, question, answer) to flag
    # (indicator, question, answer): a management practice the structure says it lacks
    practice: tuple[tuple[str, str, str], ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme("gestion_financiere", "Gestion comptable et financière",
          ("DLA individuel", "France Active", "Culturdiag"),
          alerts=("F04", "F05", "F09", "F10", "T1"),
          practice=(("ECO.5.8", "plan_tresorerie", "non"),)),  # ardes-culture 1.2.0
    # ECO.3 (ardes-culture 1.0.0) became ECO.5 « Économie plurielle » in 1.1.0
    Theme("modele_economique", "Modèle économique", ("DLA", "Opale", "mutualisation"),
          alerts=("F12", "F13", "F14", "F15"), weak=("ECO.3", "ECO.5")),
    Theme("fonction_employeur", "Fonction employeur et ressources humaines",
          ("DLA collectif fonction employeur", "OPCO"),
          # ECO.1.3 (1.0.0, dropped in 1.1.0); ECO.2.4 « Part des ETP en CDI » from 1.1.0
          weak=("ECO.1.3", "ECO.2.2", "ECO.2.3", "ECO.2.4"),
          legal=(("ECO.2.1", "convention_collective", "non"),)),
    Theme("gouvernance", "Gouvernance et projet associatif",
          ("DLA", "réseau", "(re)formulation du projet associatif"),
          weak=("GOUV.2", "GOUV.3")),
    Theme("partenariats", "Partenariats et territoire", ("réseau", "collectivité"),
          weak=("TERR.1", "TERR.2", "TERR.3")),
    Theme("evaluation", "Évaluation et communication externe",
          ("évaluation collective de l'utilité sociale", "accompagnement type Culture et "
           "Promotion")),
)


@dataclass(frozen=True)
class Parameters:
    version: str = "besoins-dla@2"  # 2: ECO.5, ECO.2.4, the plan de trésorerie (1.1.0+)
    # a critère or indicator is weak below the référentiel's pistes threshold [R]
    weak_below: float | None = None
    # divergence: the structure's own view this many points above or below its groups' [R]
    divergence_points: float = 25.0
    # bands of autodiag-financier that signal a need [R]
    alert_bands: tuple[str, ...] = ("rouge", "orange")
    # a declared need from this level flags the theme, signals or not [R]
    declared_from: int = 2
    sources: tuple[tuple[str, str], ...] = (
        ("themes", "[S] seed: internal needs listed by the CNAR Culture and the DLA"),
        ("weak_below", "[R]"), ("divergence_points", "[R]"), ("alert_bands", "[R]"),
        ("declared_from", "[R]"))


PARAMETERS = Parameters()
