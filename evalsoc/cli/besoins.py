"""``evalsoc besoins``: the DLA support needs of a campaign's structures, per structure
and counted for the sector (through the publication step)."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.catalogue import Code
from evalsoc.cli.common import (
    Exit,
    RegularFile,
    echo_issues,
    json_option,
    problem,
    refusals,
    write_json,
)
from evalsoc.cli.export import publication_of, secrecy_options, secrecy_rules
from evalsoc.cli.target import existing_db_option, path_of
from evalsoc.issues import make_issue
from evalsoc.needs.declared import COLUMNS
from evalsoc.needs.run import NEEDS, campaign_needs, needs_figures
from evalsoc.needs.table import StructureNeeds
from evalsoc.needs.themes import THEMES
from evalsoc.publish.review import review
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.support.outputs import check_outputs

__all__ = ["besoins"]

_DECLARED = click.option("--declares", "declared", type=RegularFile(),
                         help="Les besoins déclarés et les choix du consultant (CSV écrit "
                              "par evalsoc besoins modele, puis rempli).")


@click.group()
def besoins() -> None:
    """Besoins d'accompagnement (DLA) : par structure et pour le secteur.

    Six thèmes (gestion financière, modèle économique, fonction employeur, gouvernance
    et projet, partenariats et territoire, évaluation et communication), chacun avec les
    signaux d'evalsoc, le besoin déclaré (0 à 3), la priorité du consultant et les
    accompagnements possibles. Voir docs/besoins.md.

    \b
    Exemple :
      evalsoc besoins structure --campagne 2026 --structure S0001
    """


@besoins.command("structure")
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("--structure", "structure", required=True, help="Identifiant de la structure.")
@_DECLARED
@existing_db_option
@json_option
@click.pass_context
@refusals
def structure_cmd(ctx: click.Context, campaign: str, structure: str, declared: Path | None,
                  db: Target, as_json: bool) -> None:
    """Le tableau des besoins d'une structure : pour chaque thème, les signaux (alertes
    financières, critères faibles, obligation légale, regards divergents), le besoin
    déclaré, la priorité du consultant et les accompagnements à proposer.

    \b
    Exemple :
      evalsoc besoins structure --campagne 2026 --structure S0001 --declares besoins.csv
    """
    needs = campaign_needs(db, campaign, declared)
    found = needs.of(structure)
    if found is None:
        known = ", ".join(s.structure for s in needs.structures) or "aucune"
        raise problem(make_issue(Code.BES_NO_STRUCTURE, structure=structure,
                                 campaign=campaign, known=known))
    if as_json:
        write_json(found)
    else:
        echo_issues(needs.issues)
        _render(found)
    ctx.exit(Exit.OK)


def _render(needs: StructureNeeds) -> None:
    click.secho(f"Besoins de {needs.structure} {needs.name} ({needs.departement})",
                bold=True)
    for row in needs.rows:
        mark = "À TRAITER" if row.flagged else "—"
        extra = []
        if row.priority is not None:
            extra.append(f"priorité du consultant {row.priority}")
        if row.chosen:
            extra.append(f"accompagnement retenu : {row.chosen}")
        click.echo(f"{row.label} : {mark}" + (f" ({' ; '.join(extra)})" if extra else ""))
        for signal in row.signals:
            click.echo(f"  - {signal}")
        if row.flagged:
            click.echo(f"  accompagnements possibles : {', '.join(row.proposed)}")
        if row.comment:
            click.echo(f"  commentaire : {row.comment}")


@besoins.command("modele")
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Le CSV à écrire (une ligne par structure et par thème).")
@existing_db_option
@click.pass_context
@refusals
def template_cmd(ctx: click.Context, campaign: str, output: Path, db: Target) -> None:
    """Écrit le CSV à remplir avec chaque structure : une ligne par structure et par
    thème, les signaux d'evalsoc en rappel, et les colonnes besoin_declare (0 à 3),
    priorite (0 à 3, celle du consultant), accompagnement et commentaire.

    \b
    Exemple :
      evalsoc besoins modele --campagne 2026 -o besoins-2026.csv
    """
    import pandas as pd  # noqa: PLC0415 - only this command writes a table

    from evalsoc.exports.safe import write_csv  # noqa: PLC0415

    check_outputs({output: "-o"}, path_of(db))
    needs = campaign_needs(db, campaign)
    rows = [{"structure": s.structure, "theme": r.theme, "besoin_declare": "",
             "priorite": "", "accompagnement": "", "commentaire": "",
             "signaux_evalsoc": " ; ".join(r.signals),
             "accompagnements_possibles": ", ".join(r.proposed)}
            for s in needs.structures for r in s.rows]
    write_csv(output, pd.DataFrame(rows, columns=[*COLUMNS, "signaux_evalsoc",
                                                  "accompagnements_possibles"]))
    click.echo(f"Modèle écrit : {output} ({len(needs.structures)} structure(s), "
               f"{len(THEMES)} thèmes)")
    ctx.exit(Exit.OK)


@besoins.command("secteur")
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@_DECLARED
@existing_db_option
@secrecy_options
@json_option
@click.pass_context
@refusals
def sector_cmd(ctx: click.Context, campaign: str, declared: Path | None, db: Target,
               seuil: int, dominance: float, protection: float, as_json: bool) -> None:
    """Le nombre de structures qui ont besoin d'un accompagnement, par thème et par
    département, sous les règles de publication de la campagne (consentement, secret
    statistique, vérification d'ensemble). Code de sortie 1 si une valeur est exposée.

    \b
    Exemple :
      evalsoc besoins secteur --campagne 2026 --declares besoins.csv
    """
    needs = campaign_needs(db, campaign, declared)
    with Store(db) as store:
        publication = publication_of(store, campaign, None,
                                     secrecy_rules(seuil, dominance, protection),
                                     extras=(needs_figures(needs),))
    table = publication.table(f"{NEEDS}:departement")
    labels = {f"besoin:{t.id}": t.label for t in THEMES}
    rows = [{"departement": str(d), "theme": str(q).removeprefix("besoin:"),
             "structures": None if m else int(n),
             "avec_besoin": None if m else round(float(s))}
            for d, q, n, s, m in zip(table["departement"], table["question"], table["n"],
                                     table["somme"], table["masque"], strict=True)]
    report = review(publication)
    if as_json:
        write_json({"campaign": campaign, "parameters": needs.parameters, "rows": rows,
                    "clean": report.clean, "issues": needs.issues})
    else:
        echo_issues(needs.issues)
        click.secho(f"Besoins d'accompagnement, campagne « {campaign} »", bold=True)
        click.echo(f"{'département':<24} {'thème':<42} {'avec besoin':>11} {'sur':>5}")
        for row in rows:
            label = labels.get(f"besoin:{row['theme']}", str(row["theme"]))
            shown = "secret" if row["avec_besoin"] is None else str(row["avec_besoin"])
            total = "" if row["structures"] is None else str(row["structures"])
            click.echo(f"{str(row['departement'])[:24]:<24} {label[:42]:<42} {shown:>11} "
                       f"{total:>5}")
        click.echo(report.verdict)
    ctx.exit(Exit.OK if report.clean else Exit.PROBLEMS)
