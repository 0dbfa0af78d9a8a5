"""``evalsoc report sector``: the synthèse sectorielle of a campaign, in HTML, PDF and
XLSX. The reports package is imported inside the command (see :mod:`evalsoc.cli.report`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    EnvironmentProblem,
    Exit,
    RegularFile,
    json_option,
    problem,
    refusals,
    write_json,
)
from evalsoc.cli.export import secrecy_options, secrecy_rules
from evalsoc.cli.ingest import existing_db_option
from evalsoc.cli.rural_join import rural_extras, rural_options
from evalsoc.issues import make_issue
from evalsoc.store.target import Target

__all__ = ["sector"]

SECTOR_FORMATS = ("html", "pdf", "odt", "xlsx")  # as evalsoc.reports.sector.render (a test checks)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
HINTS = {"html": "à ouvrir dans un navigateur ; ne charge rien d'Internet",
         "pdf": "à imprimer ou à envoyer",
         "odt": "modifiable dans LibreOffice Writer ou Word, à relire avant d'envoyer",
         "xlsx": "un onglet par tableau, cases masquées « secret », notes en premier"}


def _formats(_ctx: click.Context, _param: click.Parameter, value: str) -> tuple[str, ...]:
    from evalsoc.reports.sector.render import parse_sector_formats  # noqa: PLC0415

    try:
        return parse_sector_formats(value)
    except ValueError as err:
        raise click.BadParameter(f"format inconnu : {err}. Formats possibles : "
                                 f"{', '.join(SECTOR_FORMATS)}.") from err


def french_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def unusable_folder(out_dir: Path, err: Exception) -> EnvironmentProblem:
    """A report's output folder that cannot be written: the catalogue's FIC005."""
    return problem(make_issue(Code.FIC_OUTPUT_DIR, folder=str(out_dir), detail=str(err)))


def echo_paths(paths: Mapping[str, Path]) -> None:
    """Each file a report command wrote, with what to do with it."""
    for kind, path in paths.items():
        click.echo(f"  {kind.upper():<4} {path}  ({HINTS[kind]})")


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne enregistrée.")
@click.option("--precedente", "previous", metavar="NOM",
              help="Campagne précédente : ajoute l'évolution, sur les mêmes structures.")
@existing_db_option
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire la synthèse (créé s'il n'existe pas).")
@click.option("--format", "formats", default=",".join(SECTOR_FORMATS), show_default=True,
              callback=_formats, help="Formats à produire, séparés par des virgules.")
@click.option("--besoins", "needs", is_flag=True,
              help="Lit aussi l'enjeu « chaîne de l'accompagnement » par les besoins "
                   "d'accompagnement par thème (docs/besoins.md) ; les dispositifs "
                   "mobilisés y sont toujours lus.")
@click.option("--declares", "declared", type=RegularFile(),
              help="Avec --besoins : les besoins déclarés (CSV d'evalsoc besoins modele).")
@rural_options
@secrecy_options
@json_option
@click.pass_context
@refusals
def sector(ctx: click.Context, campaign: str, previous: str | None, db: Target, out_dir: Path,
           formats: tuple[str, ...], needs: bool, declared: Path | None, grid: str | None,
           density: Path | None, seuil: int, dominance: float, protection: float,
           as_json: bool) -> None:
    """Écrit la synthèse sectorielle d'une campagne : chiffres clés et totaux, qualité des
    données, scores par dimension, par département, discipline et type de territoire,
    regards des groupes de répondants, évolution depuis la campagne précédente, lecture
    par les quatre enjeux régionaux, et la méthode.

    Le secret statistique s'applique à chaque tableau : aucune case sur moins de --seuil
    structures (3 par défaut), aucun total où une structure pèse plus de --dominance. Un
    seuil abaissé est écrit en tête du document. Les structures ne sont nommées qu'avec
    leur accord (consentement « nominative »), aucun résultat individuel n'est publié,
    celles qui ont refusé toute publication (« aucune ») n'entrent dans aucun chiffre, et
    tous les chiffres publiés pour la campagne sont vérifiés ensemble (evalsoc audit).

    Code de sortie 1 si la campagne n'a aucune structure évaluée (rien n'est écrit), ou
    trop peu pour publier un chiffre (la synthèse est écrite, presque tout y est masqué).

    \b
    Exemples :
      evalsoc report sector --campagne 2025 -o syntheses/
      evalsoc report sector --campagne 2025 --precedente 2024 --format pdf -o syntheses/
      evalsoc report sector --campagne 2026 --attractivite rural-2025 --densite d.csv -o s/
    """
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415
    from evalsoc.reports.sector.build import build_sector_report  # noqa: PLC0415
    from evalsoc.reports.sector.render import (  # noqa: PLC0415
        SectorWritten,
        write_sector_report,
    )
    from evalsoc.store.frames import Store  # noqa: PLC0415

    rules = secrecy_rules(seuil, dominance, protection)
    with Store(db) as store:
        inputs = load_sector_inputs(store, campaign, previous, observation=False)
    if needs:
        from evalsoc.needs.run import (  # noqa: PLC0415 - only with --besoins
            campaign_needs,
            needs_figures,
        )
        inputs = dataclasses.replace(inputs, extras=(
            *inputs.extras, needs_figures(campaign_needs(db, campaign, declared))))
    inputs = dataclasses.replace(inputs, extras=(
        *inputs.extras, *rural_extras(db, campaign, grid, density)))
    publication = Publication(inputs, rules)
    report = build_sector_report(publication, edited=french_date(date.today()))
    try:
        paths = write_sector_report(report, out_dir, formats)
    except (OSError, ValueError) as err:
        raise unusable_folder(out_dir, err) from err
    evaluated = len(publication.population.included)
    too_few = evaluated < rules.min_structures
    if as_json:
        write_json(SectorWritten(campaign, previous, evaluated, paths, report.secrecy_notes))
    else:
        compared = f" (comparée à « {previous} »)" if previous else ""
        click.echo(f"Synthèse sectorielle de la campagne « {campaign} »{compared} : "
                   f"{evaluated} structure(s) dans les chiffres.")
        echo_paths(paths)
        for note in report.warnings:
            click.secho(f"Attention : {note}", fg="yellow")
    if too_few:
        click.secho(f"Attention : moins de {rules.min_structures} structures dans les "
                    "chiffres (consentement « nominative » ou « anonyme »), "
                    "presque tous sont masqués.", fg="yellow", err=True)
    ctx.exit(Exit.PROBLEMS if too_few else Exit.OK)
