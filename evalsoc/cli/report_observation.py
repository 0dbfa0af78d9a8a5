"""``evalsoc report observation``: the key figures of an observation campaign (OPP), in
HTML, PDF and XLSX, from the same audited publication as every other output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from evalsoc.cli.common import Exit, json_option, refusals, write_json
from evalsoc.cli.export import secrecy_options, secrecy_rules
from evalsoc.cli.ingest import existing_db_option
from evalsoc.cli.report_sector import (
    SECTOR_FORMATS,
    _formats,
    echo_paths,
    french_date,
    unusable_folder,
)
from evalsoc.store.target import Target

__all__ = ["observation"]


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne enregistrée.")
@click.option("--precedente", "previous", metavar="NOM",
              help="Campagne précédente : ajoute les séries, sur les mêmes structures.")
@existing_db_option
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire le rapport (créé s'il n'existe pas).")
@click.option("--format", "formats", default=",".join(SECTOR_FORMATS), show_default=True,
              callback=_formats, help="Formats à produire, séparés par des virgules.")
@secrecy_options
@json_option
@click.pass_context
@refusals
def observation(ctx: click.Context, campaign: str, previous: str | None, db: Target,
                out_dir: Path, formats: tuple[str, ...], seuil: int, dominance: float,
                protection: float, as_json: bool) -> None:
    """Écrit le rapport d'une campagne d'observation (OPP) : participation (invitées,
    répondantes, complètes, taux), chiffres de chaque bloc sur les seules structures dont
    le bloc est complet, par classe de budget, type de territoire, type de structure,
    label et forme juridique, ratios Σ/Σ et médianes des ratios, repères (source et
    année) à côté des chiffres, séries sur les mêmes structures avec --precedente.

    Le secret statistique et la vérification d'ensemble (evalsoc audit) s'appliquent
    comme à tout ce qu'evalsoc publie. Code de sortie 1 si moins de --seuil structures
    entrent dans les chiffres.

    \b
    Exemples :
      evalsoc report observation --campagne opp-2025 -o rapports/
      evalsoc report observation --campagne opp-2026 --precedente opp-2025 -o rapports/
    """
    from evalsoc.publish.inputs import load_sector_inputs  # noqa: PLC0415
    from evalsoc.publish.publication import Publication  # noqa: PLC0415
    from evalsoc.reports.observation.build import build_observation_report  # noqa: PLC0415
    from evalsoc.reports.sector.render import (  # noqa: PLC0415
        SectorWritten,
        write_sector_report,
    )
    from evalsoc.store.frames import Store  # noqa: PLC0415

    rules = secrecy_rules(seuil, dominance, protection)
    with Store(db) as store:
        inputs = load_sector_inputs(store, campaign, previous, observation=True)
    publication = Publication(inputs, rules)
    report = build_observation_report(publication, edited=french_date(date.today()))
    try:
        paths = write_sector_report(report, out_dir, formats)
    except (OSError, ValueError) as err:
        raise unusable_folder(out_dir, err) from err
    counted = len(publication.population.included)
    too_few = counted < rules.min_structures
    if as_json:
        write_json(SectorWritten(campaign, previous, counted, paths, report.secrecy_notes))
    else:
        compared = f" (séries depuis « {previous} »)" if previous else ""
        click.echo(f"Observation de la campagne « {campaign} »{compared} : {counted} "
                   "structure(s) dans les chiffres.")
        echo_paths(paths)
    if too_few:
        click.secho(f"Attention : moins de {rules.min_structures} structures dans les "
                    "chiffres, presque tous sont masqués.", fg="yellow", err=True)
    ctx.exit(Exit.PROBLEMS if too_few else Exit.OK)
