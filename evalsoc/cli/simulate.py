"""``evalsoc simulate``: a fictitious campaign, for demonstrations, tests and benchmarks."""

from __future__ import annotations

import os
from pathlib import Path

import click

from evalsoc.cli.common import Exit, json_option, refusals, write_json
from evalsoc.cli.progress import bar
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import load_entry, resolve
from evalsoc.simulate import BASE_YEAR, SimulationSummary, simulate_campaign
from evalsoc.support.formatting import fr_number

__all__ = ["simulate"]


def _groups(value: tuple[str, ...]) -> list[str]:
    parts = (p.strip() for item in value for p in item.split(","))
    return list(dict.fromkeys(p for p in parts if p))


@click.command()
@click.argument("ref", metavar="ID[@VERSION]")
@click.option("--structures", "count", required=True, type=click.IntRange(1, 100_000),
              metavar="N", help="Nombre de structures fictives.")
@click.option("--seed", type=int, default=1, show_default=True, metavar="S",
              help="Graine du tirage : la même graine redonne les mêmes fichiers.")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de sortie : vide, ou celui d'une simulation précédente (remplacée).")
@click.option("--messy", is_flag=True,
              help="Saisies « humaines » que le lecteur doit comprendre : nombres en texte, "
                   "« 35 % », « OUI », codes au lieu des libellés, lignes vides...")
@click.option("--individuels", multiple=True, metavar="GROUPE[,GROUPE]",
              help="Groupes qui répondent chacun sur son propre classeur (ex. benevoles).")
@click.option("--annee", type=click.IntRange(2000, 2100), default=BASE_YEAR,
              show_default=True, metavar="AAAA",
              help="Année de la campagne : une année suivante simule les mêmes structures, "
                   "qui ont un peu changé.")
@click.option("--workers", type=click.IntRange(1, 32), default=None, metavar="N",
              help="Nombre de processus (par défaut : selon le nombre de structures et de "
                   "cœurs).")
@click.option("--quiet", "-q", is_flag=True, help="Pas de barre de progression.")
@json_option
@click.pass_context
@refusals
def simulate(ctx: click.Context, ref: str, count: int, seed: int, output: Path, messy: bool,
             individuels: tuple[str, ...], annee: int, workers: int | None, quiet: bool,
             as_json: bool) -> None:
    """Simule une campagne d'évaluation avec des structures FICTIVES du Calvados, de la
    Manche et de l'Orne : un classeur rempli par structure (et des classeurs individuels
    pour les groupes demandés), le registre structures.csv, et dans answers/ les réponses
    qui ont servi à remplir chaque classeur.

    Les noms, les chiffres et les témoignages sont inventés ; ils ne décrivent aucune
    association réelle. Les ordres de grandeur viennent du fichier simulation.yaml
    rangé à côté du référentiel.

    \b
    Exemples :
      evalsoc simulate ardes-culture --structures 20 --seed 7 -o demo
      evalsoc simulate ardes-culture --structures 20 --seed 7 -o demo-2026 --annee 2026
      evalsoc simulate ardes-culture --structures 5 -o essai --messy --individuels publics
    """
    entry, model = resolve(ref)
    ref_hash = load_entry(entry).hash or ""
    jobs = workers or (1 if count < 16 else max(1, min(8, os.cpu_count() or 1)))
    try:
        summary = simulate_campaign(
            model, ref_hash, count, seed, output, messy=messy,
            individuels=_groups(individuels), year=annee, workers=jobs,
            progress=bar("Simulation", quiet or as_json))
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--individuels") from err
    except OSError as err:
        click.echo(f"Écriture impossible dans {output} : {err.strerror or err}", err=True)
        ctx.exit(Exit.USAGE)
    if as_json:
        write_json(summary)
    else:
        _render(summary, model)
    ctx.exit(Exit.OK)


def _render(summary: SimulationSummary, model: Referentiel) -> None:
    def label(group: str) -> str:
        found = model.group(group)
        return found.label.lower() if found else group

    manner = "saisie désordonnée" if summary.messy else "saisie propre"
    click.secho(f"Campagne fictive simulée : {summary.structures} structure(s), "
                f"{summary.referentiel}, graine {summary.seed}, année {summary.year}, "
                f"{manner}.", bold=True)
    click.echo(f"  classeurs : {summary.structures} de structure, "
               f"{summary.individual_workbooks} individuel(s)")
    people = ", ".join(f"{label(g)} {fr_number(n, 0)}" for g, n in summary.respondents.items())
    click.echo(f"  répondants : {people or 'aucun'}")
    if summary.below_minimum:
        below = ", ".join(f"{label(g)} {n}" for g, n in summary.below_minimum.items())
        click.echo(f"  groupes sous le minimum de répondants : {below}")
    click.echo(f"  évaluation externe partagée : {summary.external} structure(s)")
    click.echo(f"  durée : {fr_number(summary.seconds, 1)} s "
               f"({fr_number(summary.seconds_per_workbook * 1000, 1)} ms par classeur)")
    click.echo(f"Écrit dans {summary.out_dir} : les classeurs, structures.csv, answers/ "
               "(réponses de référence) et simulation.json.")
    click.echo(f"Pour la suite : evalsoc check {summary.out_dir} ; "
               f"evalsoc score {summary.out_dir}")
