"""``evalsoc sensibilite``: how robust a campaign's levels are to the référentiel's own
choices (weights, minimum coverage, N/A policy)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from evalsoc.catalogue import Code
from evalsoc.cli.common import Exit, json_option, problem, refusals, write_json
from evalsoc.cli.ingest import existing_db_option
from evalsoc.exports.safe import write_xlsx
from evalsoc.issues import make_issue
from evalsoc.referentiel.model import NaPolicy
from evalsoc.referentiel.registry import resolve
from evalsoc.sensitivity import Analysis, Variation, analyse
from evalsoc.sensitivity.analysis import STABLE
from evalsoc.store.frames import Store
from evalsoc.support.formatting import fr_number, fr_percent, whole_score

__all__ = ["sensibilite"]

_LABEL = 32  # characters of a dimension's label in the table


def _policies(_ctx: click.Context, _param: click.Parameter, value: str
              ) -> tuple[NaPolicy, ...]:
    found = []
    for item in (v.strip().lower() for v in value.split(",") if v.strip()):
        try:
            found.append(NaPolicy(item))
        except ValueError as err:
            raise click.BadParameter(make_issue(Code.SEN_POLICY, value=item).message) from err
    return tuple(dict.fromkeys(found))


def parameters_text(variation: Variation) -> str:
    policies = ", ".join(p.value for p in variation.policies) or "aucune autre"
    return (f"{fr_number(variation.draws, 0)} variantes (graine {variation.seed}) : poids "
            f"±{fr_percent(variation.weight)}, couverture minimale ±"
            f"{fr_number(variation.coverage * 100, 0)} points, politique « non concerné » "
            f"du référentiel ou, à parts égales, {policies}")


def _table(analysis: Analysis) -> list[str]:
    lines = [f"  {'Dimension':<{_LABEL}} {'structures':>10} {'médiane':>8} "
             f"{'intervalle':>12}  niveau stable"]
    for r in analysis.dimensions.to_dict("records"):
        median = "–" if r["mediane"] is None else fr_number(whole_score(r["mediane"]), 0)
        interval = "–" if r["mediane_basse"] is None else (
            f"{fr_number(whole_score(r['mediane_basse']), 0)} à "
            f"{fr_number(whole_score(r['mediane_haute']), 0)}")
        stable = (f"{r['niveau_stable']} sur {r['structures']}" if r["structures"] else "–")
        lines.append(f"  {str(r['libelle'])[:_LABEL]:<{_LABEL}} {r['structures']:>10} "
                     f"{median:>8} {interval:>12}  {stable}")
    return lines


def _structure_lines(analysis: Analysis, ident: str, labels: dict[str, str]) -> list[str]:
    rows = analysis.structures[analysis.structures["structure_id"] == ident]
    lines = [f"Structure {ident} :"]
    for r in rows.to_dict("records"):
        label = labels.get(str(r["dimension"]), str(r["dimension"]))
        if r["score"] is None or pd.isna(r["score"]):
            lines.append(f"  {label} : non évaluable")
        else:
            lines.append(f"  {label} : score {fr_number(whole_score(r['score']), 0)}, niveau "
                         f"{int(r['niveau'])}, stable dans {fr_percent(r['stabilite'])} des "
                         "variantes")
    return lines


@click.command()
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@existing_db_option
@click.option("--tirages", "draws", type=click.IntRange(1, 100_000), default=1000,
              show_default=True, help="Nombre de variantes tirées.")
@click.option("--graine", "seed", type=int, default=1, show_default=True,
              help="Graine du tirage : la même graine redonne les mêmes variantes.")
@click.option("--poids", "weight", type=click.FloatRange(0, 90), default=20.0,
              show_default=True, help="Variation des poids des indicateurs et des critères, "
                                      "en % de part et d'autre.")
@click.option("--couverture", "coverage", type=click.FloatRange(0, 100), default=10.0,
              show_default=True, help="Variation de la couverture minimale, en points de %.")
@click.option("--politiques", "policies", default="exclude,zero,max", show_default=True,
              callback=_policies,
              help="Politiques « non concerné » essayées en plus de celle du référentiel.")
@click.option("--structure", "structures", multiple=True, metavar="ID",
              help="Affiche la stabilité d'une structure, dimension par dimension "
                   "(répétable) : ce que dit sa fiche.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Écrit aussi les tableaux dans ce classeur .xlsx.")
@json_option
@click.pass_context
@refusals
def sensibilite(ctx: click.Context, campaign: str, db: Path, draws: int, seed: int,
                weight: float, coverage: float, policies: tuple[NaPolicy, ...],
                structures: tuple[str, ...], output: Path | None, as_json: bool) -> None:
    """Mesure la robustesse des niveaux aux choix du référentiel : les poids des
    indicateurs et des critères, la couverture minimale et la politique « non
    concerné » varient ensemble sur de nombreuses variantes tirées au hasard
    (reproductibles avec la graine), et chaque structure est recalculée sous chacune.

    Pour chaque dimension : la médiane, l'intervalle où elle se déplace (5e au 95e
    centile des variantes) et le nombre de structures dont le niveau reste le même dans
    au moins 90 % des variantes. Les fiches disent « niveau stable dans N % des
    variantes », la synthèse donne l'intervalle de chaque médiane publiée et n'écrit
    « hausse » ou « baisse » que si le changement dépasse ce bruit ; les rapports
    utilisent les réglages par défaut.

    \b
    Exemples :
      evalsoc sensibilite --campagne 2026
      evalsoc sensibilite --campagne 2026 --structure S0004 --graine 7 -o sensibilite.xlsx
    """
    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.BadParameter(make_issue(Code.SEN_OUTPUT, file=str(output)).message,
                                 param_hint="-o")
    with Store(db) as store:
        found = store.campaign(campaign)
        if found is None:
            known = ", ".join(f"« {n} »" for n in store.campaign_names()) or "aucune"
            raise problem(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign,
                                     file=str(db), known=known))
        scores = store.scores(campaign)
    if scores.empty:
        raise problem(make_issue(Code.SEN_EMPTY, campaign=campaign))
    _, ref = resolve(found[2])
    variation = Variation(draws=draws, seed=seed, weight=weight / 100,
                          coverage=coverage / 100, policies=policies)
    analysis = analyse(scores, ref, campaign, variation)
    scored = list(analysis.variants.structures)
    for ident in structures:
        if ident not in scored:
            raise click.BadParameter(make_issue(
                Code.SEN_UNKNOWN_STRUCTURE, id=ident, campaign=campaign,
                known=", ".join(scored[:10]) + (" …" if len(scored) > 10 else "")).message,
                param_hint="--structure")
    if output is not None:
        write_xlsx(output, {"dimensions": analysis.dimensions,
                            "structures": analysis.structures,
                            "parametres": pd.DataFrame({"parametre": ["variantes"],
                                                        "valeur": [parameters_text(
                                                            variation)]})})
    if as_json:
        write_json({"campagne": campaign, "parametres": parameters_text(variation),
                    "dimensions": analysis.dimensions.to_dict("records"),
                    "structures": analysis.structures[
                        analysis.structures["structure_id"].isin(structures)].to_dict(
                            "records")})
        ctx.exit(Exit.OK)
    click.echo(f"Sensibilité des niveaux, campagne « {campaign} » : "
               f"{len(scored)} structure(s) notée(s), {parameters_text(variation)}.")
    for line in _table(analysis):
        click.echo(line)
    click.echo(f"« niveau stable » : même niveau dans au moins {fr_percent(STABLE)} des "
               "variantes.")
    labels = {d.id: d.label for d in ref.dimensions}
    for ident in structures:
        for line in _structure_lines(analysis, ident, labels):
            click.echo(line)
    if output is not None:
        click.echo(f"Tableaux écrits dans {output}")
    click.secho(f"Note : {make_issue(Code.SEN_WORKING).message}", fg="yellow")
    ctx.exit(Exit.OK)
