"""``evalsoc report attractivite``: the rural attractiveness grid of a campaign, each
structure's conditions R1-R12 and the sector document for the rural workshop."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    Exit,
    echo_issues,
    json_option,
    refusals,
    write_json,
)
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

__all__ = ["attractivite"]


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne enregistrée.")
@click.option("--densite", "density", type=click.Path(dir_okay=False, path_type=Path),
              help="La grille communale de densité de l'INSEE (CSV : CODGEO, DENS). Sans "
                   "elle, la classe choisie à la main par chaque structure.")
@existing_db_option
@click.option("-o", "--output", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Dossier où écrire les documents (créé s'il n'existe pas).")
@click.option("--format", "formats", default=",".join(SECTOR_FORMATS), show_default=True,
              callback=_formats, help="Formats à produire, séparés par des virgules.")
@secrecy_options
@json_option
@click.pass_context
@refusals
def attractivite(ctx: click.Context, campaign: str, density: Path | None, db: Target,
                 out_dir: Path, formats: tuple[str, ...], seuil: int, dominance: float,
                 protection: float, as_json: bool) -> None:
    """Écrit la grille des conditions d'attractivité rurale d'une campagne
    (attractivite-rurale) : pour chaque structure, ses douze conditions R1 à R12 et la
    source de chaque donnée (dans conditions/) ; pour l'atelier rural, la typologie des
    structures (portée des publics, itinérance, au regard de l'isolement, de la
    coopération et du bénévolat) et les tableaux de la grille, sous secret statistique.

    Le type de territoire (R1) vient de la table de densité de l'INSEE donnée par
    --densite (elle fait foi sur une classe choisie à la main), sinon de la classe
    choisie par la structure. Code de sortie 1 si la table a des lignes illisibles ou si
    le territoire d'une structure reste inconnu.

    \b
    Exemples :
      evalsoc report attractivite --campagne rural-2025 --densite grille_densite.csv -o grille/
      evalsoc report attractivite --campagne rural-2025 -o grille/
    """
    from evalsoc.reports.attractiveness.render import write_attractiveness  # noqa: PLC0415

    rules = secrecy_rules(seuil, dominance, protection)
    try:
        written = write_attractiveness(db, campaign, density, out_dir, formats, rules,
                                       french_date(date.today()))
    except OSError as err:
        raise unusable_folder(out_dir, err) from err
    if as_json:
        write_json(written)
    else:
        click.echo(f"Conditions d'attractivité de la campagne « {campaign} » : "
                   f"{len(written.structures)} structure(s), {written.counted} dans les "
                   "chiffres de secteur.")
        echo_paths(written.files)
        click.echo(f"  Conditions de chaque structure : {written.folder}")
        echo_issues(written.issues)
    informative = {Code.RUR_HAND_DIFFERS, Code.RUR_ENCODING}  # said, nothing is missing
    problems = [i for i in written.issues if i.code not in informative]
    ctx.exit(Exit.PROBLEMS if problems else Exit.OK)
