"""``evalsoc citations``: the consultant chooses the quotes the synthèse and the fiches
may print (exporter a workbook of every free text, importer it once marked)."""

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
from evalsoc.cli.target import existing_db_option, path_of
from evalsoc.exports.citations import citation_rows, write_citations
from evalsoc.exports.citations_read import read_citations
from evalsoc.issues import make_issue
from evalsoc.publish.inputs import text_questions_of
from evalsoc.referentiel.model import Referentiel
from evalsoc.referentiel.registry import resolve
from evalsoc.store.db import open_store
from evalsoc.store.frames import Store
from evalsoc.store.quotes import FreeText, campaign_free_texts, save_selection
from evalsoc.store.target import Target
from evalsoc.support.outputs import check_outputs

__all__ = ["citations"]


@click.group()
def citations() -> None:
    """Les citations à publier : le consultant les choisit parmi tous les textes libres
    de la campagne (réponses aux questions ouvertes et commentaires).

    La synthèse et les fiches n'impriment que les citations choisies, selon le
    consentement de chaque structure : sous son nom si elle est « nominative », sans nom
    si elle est « anonyme », jamais dans la synthèse sinon (sa fiche seulement). Sans
    sélection, aucun texte libre n'est publié. Voir docs/citations.md.

    \b
    Exemple :
      evalsoc citations exporter --campagne 2026 -o citations-2026.xlsx
    """


def _campaign(store: Store, campaign: str) -> tuple[Referentiel, list[FreeText]]:
    found = store.campaign(campaign)
    if found is None:
        known = ", ".join(f"« {c} »" for c in store.campaign_names()) or "aucune"
        raise problem(make_issue(Code.DB_UNKNOWN_CAMPAIGN, campaign=campaign,
                                 file=str(store.path), known=known))
    referentiel = resolve(found[2])[1]
    return referentiel, campaign_free_texts(store.conn, campaign, text_questions_of(referentiel))


@citations.command("exporter")
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Le classeur à écrire (.xlsx), une ligne par texte libre.")
@existing_db_option
@click.pass_context
@refusals
def export_cmd(ctx: click.Context, campaign: str, output: Path, db: Target) -> None:
    """Écrit le classeur des textes libres de la campagne : structure, nom, consentement
    et ce qu'il permet (colonne « diffusion »), groupe de répondants, question, texte,
    et les colonnes à remplir « publier » (oui/non) et « texte_retenu » (le texte
    raccourci ou anonymisé à imprimer). Les autres colonnes sont protégées.

    \b
    Exemple :
      evalsoc citations exporter --campagne 2026 -o citations-2026.xlsx
    """
    check_outputs({output: "-o"}, path_of(db))
    with Store(db) as store:
        referentiel, texts = _campaign(store, campaign)
        consents = {str(k): str(v) for k, v in store.consents(campaign).items()}
        registry = store.structures()
    names = dict(zip(registry["structure_id"].astype(str), registry["nom"].fillna("").astype(str),
                     strict=True))
    rows = citation_rows(campaign, texts, referentiel, consents, names)
    write_citations(output, rows)
    click.echo(make_issue(Code.CIT_EXPORTED, rows=len(rows), file=str(output),
                          structures=len({r["structure"] for r in rows}),
                          campaign=campaign).message)
    ctx.exit(Exit.OK)


@citations.command("importer")
@click.argument("classeur", type=RegularFile())
@click.option("--campagne", "campaign", required=True, help="Nom de la campagne.")
@existing_db_option
@json_option
@click.pass_context
@refusals
def import_cmd(ctx: click.Context, classeur: Path, campaign: str, db: Target,
               as_json: bool) -> None:
    """Lit le classeur des citations marqué par le consultant et enregistre la sélection
    dans la campagne, à la place de la précédente. Chaque ligne est vérifiée : la
    campagne, la structure, le texte (il doit être celui enregistré) et la valeur de
    « publier ». À la moindre erreur rien n'est enregistré (code de sortie 1) et la
    sélection précédente reste en place.

    \b
    Exemple :
      evalsoc citations importer --campagne 2026 citations-2026.xlsx
    """
    with Store(db) as store:
        _, texts = _campaign(store, campaign)
        consents = {str(k): str(v) for k, v in store.consents(campaign).items()}
    marked = read_citations(classeur, campaign, texts, consents)
    if marked.errors:
        summary = make_issue(Code.CIT_NOT_IMPORTED, errors=marked.errors, file=str(classeur),
                             campaign=campaign)
    else:
        conn = open_store(db, write=True)
        try:
            save_selection(conn, campaign, marked.selected, str(classeur), marked.sha256,
                           marked.rows)
        finally:
            conn.close()
        summary = make_issue(Code.CIT_IMPORTED, selected=f"{len(marked.selected)} citation(s)",
                             rows=marked.rows, file=str(classeur), campaign=campaign)
    if as_json:
        write_json({"campaign": campaign, "file": str(classeur), "rows": marked.rows,
                    "selected": len(marked.selected), "saved": not marked.errors,
                    "issues": [*marked.issues, summary]})
    else:
        echo_issues(marked.issues)
        click.echo(summary.message)
    ctx.exit(Exit.PROBLEMS if marked.errors else Exit.OK)
