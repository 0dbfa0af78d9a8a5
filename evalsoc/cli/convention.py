"""``evalsoc convention``: a Région convention's workbook, its check, its yearly
follow-up from the stored campaigns, and the Région's portfolio."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.cli.common import Exit, RegularFile, echo_issues, json_option, refusals, write_json
from evalsoc.cli.export import publication_of, secrecy_options, secrecy_rules
from evalsoc.cli.target import existing_db_option, path_of
from evalsoc.conventions.annex import target_text, write_annex
from evalsoc.conventions.files import read_convention_file
from evalsoc.conventions.followup import FollowUp
from evalsoc.conventions.portfolio import PORTFOLIO, portfolio_rows
from evalsoc.conventions.run import follow_conventions, portfolio_of
from evalsoc.conventions.workbook import write_convention_workbook
from evalsoc.publish.review import review
from evalsoc.referentiel.registry import resolve
from evalsoc.store.frames import Store
from evalsoc.store.target import Target
from evalsoc.support.formatting import fr_number, fr_percent
from evalsoc.support.outputs import check_outputs

__all__ = ["convention"]

_ANNEX = (".html", ".csv", ".xlsx")


@click.group()
def convention() -> None:
    """Conventions pluriannuelles d'objectifs : indicateurs et cibles, suivi annuel.

    Les cibles portent sur des valeurs brutes (heures, entrées, communes, part en %),
    jamais sur une note ou un niveau ; les indicateurs de perception se suivent sans
    cible. Voir docs/conventions.md.

    \b
    Exemple :
      evalsoc convention suivi conventions.csv --db evalsoc.sqlite
    """


def _suffix(path: Path | None, allowed: tuple[str, ...]) -> None:
    if path is not None and path.suffix.lower() not in allowed:
        raise click.BadParameter(f"format non pris en charge : {path.suffix or '(aucun)'} ; "
                                 f"formats : {', '.join(allowed)}.", param_hint="-o")


@convention.command("classeur")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              required=True, help="Le classeur .xlsx à écrire.")
@click.option("--depuis", "source", type=RegularFile(),
              help="Une convention déjà décrite (CSV ou classeur) à reprendre dans le "
                   "classeur ; sans elle, le classeur est vierge.")
@click.option("--convention", "only", help="La convention du fichier --depuis à reprendre "
              "(s'il en décrit plusieurs).")
@click.option("--referentiel", "ref", default="ardes-culture", show_default=True,
              help="Le référentiel dont les indicateurs sont proposés.")
@click.pass_context
@refusals
def workbook_cmd(ctx: click.Context, output: Path, source: Path | None, only: str | None,
                 ref: str) -> None:
    """Écrit le classeur d'une convention : onglets Convention, Indicateurs (listes
    déroulantes), Suivi (une ligne par indicateur et par année, pour les valeurs saisies
    et les commentaires) et Indicateurs possibles du référentiel.

    \b
    Exemples :
      evalsoc convention classeur -o convention-vierge.xlsx
      evalsoc convention classeur --depuis conventions.csv --convention CPO-2025-01 -o cpo.xlsx
    """
    _suffix(output, (".xlsx",))
    check_outputs({output: "-o"}, [source] if source else [])
    referentiel = resolve(ref)[1]
    chosen = None
    if source is not None:
        read = read_convention_file(source)
        echo_issues(read.issues)
        chosen = next((c for c in read.conventions if only in (None, c.id)), None)
        if chosen is None:
            click.echo("Aucune convention valide à reprendre : classeur non écrit.")
            ctx.exit(Exit.PROBLEMS)
    write_convention_workbook(output, chosen, referentiel)
    click.echo(f"Classeur écrit : {output}")
    ctx.exit(Exit.OK)


@convention.command("verifier")
@click.argument("file", type=RegularFile())
@click.option("--suivi", "hand", type=RegularFile(),
              help="Les lignes de suivi saisies à la main (CSV : convention, indicateur, "
                   "annee, valeur, commentaire_structure, commentaire_financeur).")
@json_option
@click.pass_context
@refusals
def check_cmd(ctx: click.Context, file: Path, hand: Path | None, as_json: bool) -> None:
    """Vérifie les conventions d'un fichier (CSV ou classeur) : cibles sur des valeurs
    brutes, 3 à 8 indicateurs, perception suivie sans cible, période, échéances. Code de
    sortie 1 si une convention est refusée.

    \b
    Exemple :
      evalsoc convention verifier conventions.csv
    """
    read = read_convention_file(file, hand)
    if as_json:
        write_json(read)
    else:
        echo_issues(read.issues)
        for c in read.conventions:
            click.echo(f"Convention {c.id} ({c.funder}, structure {c.structure}, "
                       f"{c.start}-{c.end}) : {len(c.indicators)} indicateur(s) valides.")
        if not read.valid:
            click.echo("Des conventions sont refusées : corrigez les erreurs ci-dessus.")
    ctx.exit(Exit.OK if read.valid else Exit.PROBLEMS)


@convention.command("suivi")
@click.argument("file", type=RegularFile())
@click.option("--suivi", "hand", type=RegularFile(),
              help="Les lignes de suivi saisies à la main (CSV), pour un fichier CSV ; un "
                   "classeur les porte dans son onglet Suivi.")
@click.option("--convention", "only", help="Une seule convention du fichier.")
@click.option("--campagne", "campaigns", multiple=True,
              help="Les campagnes à lire (répétable) ; par défaut toutes, et pour une année "
                   "de plusieurs campagnes la première enregistrée (la ligne le dit).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit le tableau annuel en annexe : .html (à imprimer), .csv ou .xlsx.")
@existing_db_option
@json_option
@click.pass_context
@refusals
def followup_cmd(ctx: click.Context, file: Path, hand: Path | None, only: str | None,
                 campaigns: tuple[str, ...], output: Path | None, db: Target,
                 as_json: bool) -> None:
    """Le suivi annuel d'une convention : pour chaque indicateur et chaque année de la
    période, la valeur (lue dans la campagne de l'année pour un indicateur du
    référentiel, saisie sinon), le statut (atteint, en bonne voie, écart, non
    renseigné), les commentaires, et un avertissement quand la version du référentiel
    a redéfini l'indicateur. La base n'est jamais modifiée.

    \b
    Exemples :
      evalsoc convention suivi conventions.csv --db evalsoc.sqlite
      evalsoc convention suivi cpo.xlsx --campagne 2025 --campagne 2026 -o annexe-cpo.html
    """
    _suffix(output, _ANNEX)
    if output is not None:
        check_outputs({output: "-o"}, [file, *([hand] if hand else []), *path_of(db)])
    result = follow_conventions(file, hand, db, only, campaigns=campaigns)
    if output is not None and not result.followups:
        echo_issues(result.issues)
        click.echo("Aucune convention valide : annexe non écrite.")
        ctx.exit(Exit.PROBLEMS)
    if output is not None and len(result.followups) > 1:
        click.echo("-o écrit l'annexe d'une seule convention : précisez --convention.")
        ctx.exit(Exit.USAGE)
    if output is not None:
        write_annex(output, result.followups[0])
    if as_json:
        write_json(result)
    else:
        echo_issues(result.issues)
        for follow in result.followups:
            _render(follow)
        if output is not None:
            click.echo(f"\nAnnexe écrite : {output}")
    ctx.exit(Exit.OK if result.valid else Exit.PROBLEMS)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    shown = fr_number(value, 0 if value == int(value) else 1)
    return f"{shown} {unit}".strip()


def _render(follow: FollowUp) -> None:
    c = follow.convention
    click.secho(f"\nConvention {c.id} — {c.funder} — structure {c.structure} — "
                f"{c.start}-{c.end}", bold=True)
    for ind in c.indicators:
        click.echo(f"{ind.key} {ind.label} (cible : {target_text(ind)})")
        for row in (r for r in follow.rows if r.indicator == ind.key):
            flag = " ⚠ redéfini" if row.redefined else ""
            origin = f" [{row.origin}]" if row.origin else ""
            click.echo(f"  {row.year}  {_value(row.value, row.unit):>16}  "
                       f"{row.status.value}{flag}{origin}")
            for note in row.notes:
                click.echo(f"        {note}")
            for who, text in (("structure", row.structure_comment),
                              ("financeur", row.funder_comment)):
                if text:
                    click.echo(f"        commentaire {who} : {text}")
    years = " ; ".join(f"{year} : " + ", ".join(
        f"{n} {s}" for s, n in follow.counts(year).items() if n) for year in c.years)
    click.echo(f"Bilan par année — {years}")


@convention.command("portefeuille")
@click.argument("file", type=RegularFile())
@click.option("--campagne", "campaign", required=True,
              help="La campagne dont l'année est suivie (et dont les règles de publication "
                   "s'appliquent).")
@click.option("--suivi", "hand", type=RegularFile(),
              help="Les lignes de suivi saisies à la main (CSV).")
@existing_db_option
@secrecy_options
@json_option
@click.pass_context
@refusals
def portfolio_cmd(ctx: click.Context, file: Path, campaign: str, hand: Path | None, db: Target,
                  seuil: int, dominance: float, protection: float, as_json: bool) -> None:
    """Le portefeuille de la Région : pour chaque indicateur, le nombre de conventions qui
    le suivent et la part de cibles atteintes l'année de la campagne, par département.
    Ces chiffres passent par la publication de la campagne : consentement de chaque
    structure, secret statistique, vérification d'ensemble avec les autres tableaux
    (evalsoc audit --conventions FICHIER). Code de sortie 1 si une valeur est exposée.

    \b
    Exemple :
      evalsoc convention portefeuille conventions.csv --campagne 2026
    """
    with Store(db) as store:
        found = store.campaign(campaign)
        year = found[1] if found is not None else 0
        followed, extra = portfolio_of(file, hand, db, campaign, year)
        publication = publication_of(store, campaign, None,
                                     secrecy_rules(seuil, dominance, protection),
                                     extras=(extra,))
    table = publication.table(f"{PORTFOLIO}:departement")
    rows = portfolio_rows(table)
    report = review(publication)
    if as_json:
        write_json({"campaign": campaign, "year": year, "rows": rows, "clean": report.clean,
                    "issues": followed.issues})
    else:
        echo_issues(followed.issues)
        click.secho(f"Portefeuille des conventions, campagne « {campaign} » ({year}) : "
                    f"{len(followed.followups)} convention(s)", bold=True)
        click.echo(f"{'département':<24} {'indicateur':<12} {'conventions':>11} "
                   f"{'atteintes':>9} {'part':>6}")
        for row in rows:
            share = "" if row.share_met is None else fr_percent(row.share_met)
            click.echo(f"{row.departement[:24]:<24} {row.indicator[:12]:<12} "
                       f"{_secret(row.conventions):>11} "
                       f"{_secret(row.met) if row.targeted else 'sans cible':>9} {share:>6}")
        click.echo(report.verdict)
    ctx.exit(Exit.OK if report.clean else Exit.PROBLEMS)


def _secret(value: int | None) -> str:
    return "secret" if value is None else str(value)
