"""``evalsoc referentiel diff / impact / export-xlsx / import-xlsx``: versions of a
référentiel, what changes between them, and authoring in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from evalsoc.authoring.load import is_workbook, load_authoring
from evalsoc.checks.verify import locate
from evalsoc.cli.common import (
    EnvironmentProblem,
    Exit,
    json_option,
    problem,
    refusals,
    write_json,
)
from evalsoc.cli.ingest import existing_db_option
from evalsoc.referentiel.loader import load_file
from evalsoc.referentiel.model import Referentiel

__all__ = ["diff_cmd", "export_xlsx_cmd", "impact_cmd", "import_xlsx_cmd", "load_target"]


def load_target(target: str) -> Referentiel:
    """A référentiel named ``id@version`` or by the path of its file (YAML, or an authoring
    workbook); a refusal (exit 2)
    when unknown or unreadable."""
    path = locate(target)
    loaded = load_authoring(path)[0] if is_workbook(path) else load_file(path)
    if loaded.referentiel is None:
        shown = "\n".join(i.render() for i in loaded.issues)
        raise EnvironmentProblem(f"{path} ne se lit pas (evalsoc referentiel check "
                                 f"{target}) :\n{shown}")
    return loaded.referentiel


@click.command("diff")
@click.argument("old", metavar="ANCIEN")
@click.argument("new", metavar="NOUVEAU")
@json_option
@click.option("--brouillon", "draft", is_flag=True,
              help="Écrit plutôt un premier jet de table de correspondance (YAML), "
                   "éléments rapprochés par leur identifiant, à corriger puis à coller "
                   "à la fin du fichier de NOUVEAU.")
@click.pass_context
@refusals
def diff_cmd(ctx: click.Context, old: str, new: str, as_json: bool, draft: bool) -> None:
    """Ce qui change d'une version d'un référentiel à une version ultérieure : chaque
    changement que déclare la table de correspondance (renommé, reformulé, changé
    d'échelle, scindé, fusionné, supprimé, nouveau), dimension par dimension, avec ce
    qu'il fait aux libellés, aux réponses et aux notations, et la série de chaque
    dimension (comparable, comparable après conversion, rupture de série).

    ANCIEN et NOUVEAU : ID@VERSION, ou le chemin d'un fichier YAML (ou d'un classeur
    produit par export-xlsx).

    \b
    Exemples :
      evalsoc referentiel diff ardes-culture@1.0.0 ardes-culture@1.1.0
      evalsoc referentiel diff ardes-culture@1.0.0 brouillon/1.1.0.yaml --brouillon
    """
    from evalsoc.referentiel.writer import crosswalk_yaml  # noqa: PLC0415
    from evalsoc.versions.diff import diff  # noqa: PLC0415
    from evalsoc.versions.diff_text import diff_lines  # noqa: PLC0415
    from evalsoc.versions.draft import draft_crosswalk  # noqa: PLC0415

    before, after = load_target(old), load_target(new)
    if draft:
        click.echo(crosswalk_yaml(draft_crosswalk(before, after)), nl=False)
        ctx.exit(Exit.OK)
    found = diff(before, after)  # VersionError (no crosswalk leads there): a refusal
    if as_json:
        write_json(found.json())
    else:
        click.echo("\n".join(diff_lines(found)))
    ctx.exit(Exit.OK)


@click.command("impact")
@click.argument("old", metavar="ANCIEN")
@click.argument("new", metavar="NOUVEAU")
@click.option("--campagne", "campaign", required=True,
              help="La campagne enregistrée dont les structures sont recalculées.")
@existing_db_option
@json_option
@click.pass_context
@refusals
def impact_cmd(ctx: click.Context, old: str, new: str, campaign: str, db: Path,
               as_json: bool) -> None:
    """L'effet d'une nouvelle version sur une campagne enregistrée, avant toute
    publication : les structures sont notées sous ANCIEN et sous NOUVEAU à partir de
    leurs réponses (rien n'est écrit). Pour chaque dimension et chaque critère : sa
    série, la moyenne avant et après, l'écart moyen, combien montent et baissent ; puis
    les structures qui changent de niveau.

    ANCIEN et NOUVEAU : ID@VERSION du dossier des référentiels.

    \b
    Exemple :
      evalsoc referentiel impact ardes-culture@1.0.0 ardes-culture@1.1.0 --campagne 2025
    """
    from evalsoc.referentiel.registry import load_entry, resolve  # noqa: PLC0415
    from evalsoc.store.db import open_store  # noqa: PLC0415
    from evalsoc.store.preview import campaign_impact  # noqa: PLC0415
    from evalsoc.versions.impact_text import impact_lines  # noqa: PLC0415

    versions = []
    for target in (old, new):
        entry, ref = resolve(target)
        versions.append((ref, load_entry(entry).hash or ""))
    conn = open_store(db)
    try:
        found = campaign_impact(conn, campaign, versions[0], versions[1])
    finally:
        conn.close()
    if as_json:
        write_json(found.json())
        ctx.exit(Exit.OK)
    click.echo(f"Effet de {found.new} sur la campagne « {campaign} » : "
               f"{found.structures} structure(s), notées sous {found.old} puis sous "
               f"{found.new} à partir de leurs réponses enregistrées (rien n'est écrit).")
    click.echo("")
    click.echo("\n".join(impact_lines(found)))
    ctx.exit(Exit.OK)


@click.command("export-xlsx")
@click.argument("ref", metavar="ID@VERSION")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              required=True, help="Le classeur à écrire (.xlsx).")
@click.pass_context
@refusals
def export_xlsx_cmd(ctx: click.Context, ref: str, output: Path) -> None:
    """Écrit un référentiel sous forme de classeur à modifier dans un tableur : une
    feuille par niveau (réglages, groupes, niveaux, échelles et options, dimensions,
    critères, pistes, indicateurs, tranches, questions) et la table de correspondance
    avec la version précédente, sans rien perdre : import-xlsx en refait le même
    référentiel (la même empreinte).

    Un référentiel « diagnostic » (autodiag-financier) a les feuilles de sa section
    (diagnostic, periodes, parametres, sections, lignes, controles, agregats, ratios,
    bandes, notes, secondaires) au lieu de celles de l'arbre. Un ensemble (a+b) n'est
    pas un fichier : exportez chacun de ses référentiels.
    Le classeur écrit est relu comme import-xlsx le lira : s'il ne redonne pas la même
    empreinte, la commande le dit (REF115) et sort avec le code 1.

    REF : ID@VERSION, ou le chemin d'un fichier YAML.

    \b
    Exemple :
      evalsoc referentiel export-xlsx ardes-culture@1.0.0 -o ardes-culture.xlsx
    """
    from evalsoc.authoring.write import bundle_refused, workbook_frames  # noqa: PLC0415
    from evalsoc.exports.safe import write_xlsx  # noqa: PLC0415
    from evalsoc.referentiel.bundle import split_ref  # noqa: PLC0415
    from evalsoc.referentiel.fingerprint import canonical_hash  # noqa: PLC0415
    from evalsoc.referentiel.registry import resolve  # noqa: PLC0415

    parts = split_ref(ref)
    if len(parts) > 1 and not Path(ref).is_file():  # a bundle: its parts, each a file
        raise bundle_refused(ref, [resolve(part)[1].ref for part in parts])
    from evalsoc.catalogue import Code  # noqa: PLC0415
    from evalsoc.issues import make_issue  # noqa: PLC0415

    model = load_target(ref)
    frames = workbook_frames(model)
    write_xlsx(output, frames)
    digest = canonical_hash(model)
    again = load_authoring(output)[0]  # read back as import-xlsx will: nothing lost
    if again.hash != digest:
        errors = [i for i in again.issues if i.severity.value == "erreur"]
        detail = errors[0].render() if errors else "une valeur relue diffère de l'original"
        issue = make_issue(Code.REF_XLSX_LOSSY, file=str(output), ref=model.ref,
                           actual=(again.hash or "aucune")[:12], expected=digest[:12],
                           detail=detail)
        click.secho(f"ERREUR        {issue.render()}", fg="red")
        ctx.exit(Exit.PROBLEMS)
    click.echo(f"{model.ref} écrit dans {output} ({len(frames)} feuilles), empreinte "
               f"{digest[:12]}.")
    click.echo(f"Après modification : evalsoc referentiel import-xlsx {output} -o "
               f"referentiels/{model.id}/VERSION.yaml")
    ctx.exit(Exit.OK)


@click.command("import-xlsx")
@click.argument("workbook", metavar="CLASSEUR",
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="Le fichier YAML à écrire ; sans cette option, le YAML est affiché.")
@click.option("--remplacer", "replace", is_flag=True,
              help="Remplace le fichier YAML s'il existe déjà.")
@click.pass_context
@refusals
def import_xlsx_cmd(ctx: click.Context, workbook: Path, output: Path | None,
                    replace: bool) -> None:
    """Refait le fichier YAML d'un référentiel depuis son classeur (export-xlsx), après
    l'avoir vérifié comme referentiel check : chaque problème est situé par feuille et
    cellule, avec la valeur lue et la correction à faire. Rien n'est écrit tant qu'il
    reste une erreur.

    \b
    Exemple :
      evalsoc referentiel import-xlsx ardes-culture.xlsx -o referentiels/ardes-culture/1.1.0.yaml
    """
    from evalsoc.catalogue import Code  # noqa: PLC0415
    from evalsoc.checks.verify import check_referentiel  # noqa: PLC0415
    from evalsoc.issues import make_issue  # noqa: PLC0415
    from evalsoc.referentiel.writer import referentiel_yaml  # noqa: PLC0415
    from evalsoc.support.files import atomic_write  # noqa: PLC0415

    if not is_workbook(workbook) or not workbook.is_file():
        raise problem(make_issue(Code.REF_XLSX_INPUT, file=str(workbook)))
    if output is not None and output.exists() and not replace:
        raise problem(make_issue(Code.REF_XLSX_EXISTS, file=str(output)))
    report = check_referentiel(str(workbook))
    for issue in report.issues:  # on stderr when the YAML itself goes to stdout
        click.echo(f"{issue.severity.value.upper():<13} {issue.render()}", err=output is None)
    errors = [i for i in report.issues if i.severity.value == "erreur"]
    if errors or report.referentiel is None:
        issue = make_issue(Code.REF_XLSX_OUTPUT, file=str(workbook), count=len(errors))
        click.secho(issue.render(), fg="red", err=True)
        ctx.exit(Exit.PROBLEMS)
    text = referentiel_yaml(report.referentiel)
    if output is None:
        click.echo(text, nl=False)
        ctx.exit(Exit.OK)
    atomic_write(output, text.encode("utf-8"))
    click.secho(f"{report.referentiel.ref} écrit dans {output}, empreinte "
                f"{(report.hash or '')[:12]}.", fg="green")
    ctx.exit(Exit.OK)
