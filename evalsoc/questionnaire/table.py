"""A diagnostic's sheet (« Comptes »): one row per line, one column per exercise, grouped
as a treasurer reads a compte de résultat and a bilan.

Each line keeps its id in column A and its accounts in B; the period row (row
:data:`~evalsoc.excel.layout.TABLE_PERIOD_ROW`) names each period's column
(``periode:n``), which is how the reader finds them (:mod:`evalsoc.excel.table`). Under
each total that a check recomputes, a locked « Contrôle » row shows the gap as the
spreadsheet computes it (green at 0, orange beyond the tolerance), so that the treasurer
sees an inconsistency before sending; the reader never reads those rows, and ``check``
recomputes every total itself. A line repeated in another statement (the résultat in
the bilan) is a formula on the line it repeats: it is asked once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evalsoc.excel import layout
from evalsoc.questionnaire import styles
from evalsoc.questionnaire.book import Book, finish_sheet
from evalsoc.questionnaire.paging import keep_headings_with_next
from evalsoc.questionnaire.rules import expectation, question_validation
from evalsoc.questionnaire.texts import Paragraph
from evalsoc.referentiel.diagnostic import Check, Diagnostic, Line, Period, line_question
from evalsoc.referentiel.expression import names
from evalsoc.referentiel.model import Question, Referentiel

__all__ = ["diagnostic_paragraphs", "diagnostic_readme", "fill_table", "table_names"]

_ID_COL, _ACCOUNTS_COL, _LABEL_COL, _FIRST_PERIOD_COL = 1, 2, 3, 4
_LABEL_FONT = InlineFont(rFont=styles.FONT_NAME, sz=10)
_TOTAL_FONT = InlineFont(rFont=styles.FONT_NAME, sz=10, b=True)
_DESC_FONT = InlineFont(rFont=styles.FONT_NAME, sz=9, i=True, color=styles.color("595959"))
_CONTROL_FONT = Font(name=styles.FONT_NAME, size=9, italic=True, color="595959")
_RIGHT = Alignment(horizontal="right", vertical="top")
_TOP = Alignment(vertical="top", shrink_to_fit=True)
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def table_names(referentiel: Referentiel) -> dict[str, str]:
    """Diagnostic part id -> its sheet's name (unique, never a fixed sheet's name)."""
    taken = {n.casefold() for n in (layout.README_SHEET, layout.IDENT_SHEET,
                                    layout.QUESTIONNAIRE_SHEET, layout.EVALUATOR_SHEET,
                                    layout.PLAN_SHEET, layout.META_SHEET, layout.LISTS_SHEET)}
    found: dict[str, str] = {}
    for part in referentiel.diagnostics():
        assert part.diagnostic is not None
        base = layout.grid_sheet_name(part.diagnostic.sheet) or part.id[:31]
        name, count = base, 1
        while name.casefold() in taken:
            count += 1
            name = f"{base[:26]} ({count})"
        taken.add(name.casefold())
        found[part.id] = name
    return found


@dataclass
class _Table:
    ws: Worksheet
    book: Book
    part: Referentiel
    diagnostic: Diagnostic
    periods: tuple[Period, ...]
    row: int = layout.TABLE_FIRST_ROW

    @property
    def comment_col(self) -> int:
        return _FIRST_PERIOD_COL + len(self.periods)

    @property
    def help_col(self) -> int:
        return self.comment_col + 1

    def period_col(self, index: int) -> int:
        return _FIRST_PERIOD_COL + index


def _periods(diagnostic: Diagnostic) -> tuple[Period, ...]:
    return diagnostic.periods or (Period(id="", label="Réponse"),)


def fill_table(ws: Worksheet, book: Book, part: Referentiel) -> None:
    """Write the diagnostic ``part``'s sheet."""
    assert part.diagnostic is not None
    table = _Table(ws, book, part, part.diagnostic, _periods(part.diagnostic))
    _header(table)
    headings: set[int] = set()
    rows: dict[str, int] = {}
    pending = list(table.diagnostic.checks)  # shown once all their lines are written
    for section in table.diagnostic.sections:
        headings.add(_heading(table, section.label, section.description))
        for line in section.lines:
            rows[line.id] = table.row
            if line.same_as:
                _repeated(table, line, rows)
            else:
                _line(table, line)
            for check in [c for c in pending if _written(c, rows)]:
                _control(table, check, rows)
                pending.remove(check)
    last = get_column_letter(table.help_col)
    finish_sheet(ws, book, landscape=True, title_rows=f"${layout.HEADER_ROW}:"
                 f"${layout.TABLE_PERIOD_ROW}", freeze=f"{get_column_letter(_FIRST_PERIOD_COL)}"
                 f"{layout.TABLE_FIRST_ROW}")
    keep_headings_with_next(ws, headings, layout.TABLE_FIRST_ROW, table.help_col,
                            layout.HEADER_ROW, landscape=True)
    ws.print_area = f"A1:{last}{table.row - 1}"


def _header(table: _Table) -> None:
    ws = table.ws
    widths = {"A": 12, "B": 14, "C": 46}
    for index in range(len(table.periods)):
        widths[get_column_letter(table.period_col(index))] = 15
    widths[get_column_letter(table.comment_col)] = 22
    widths[get_column_letter(table.help_col)] = 30
    styles.set_widths(ws, widths)
    ws.cell(1, 1, f"{table.part.title} — {table.diagnostic.sheet}").font = styles.TITLE_FONT
    ws.row_dimensions[1].height = 24
    last = get_column_letter(table.help_col)
    ws.merge_cells(f"A2:{last}2")
    intro = table.diagnostic.introduction
    ws.cell(2, 1, intro).alignment = styles.WRAP
    ws.row_dimensions[2].height = styles.row_height([styles.text_height(
        intro, sum(widths.values()))])
    titles = ["Identifiant", "Comptes", "Poste",
              *(f"Exercice {p.label}" if p.id else p.label for p in table.periods),
              "Commentaire", "Aide"]
    for column, text in enumerate(titles, start=1):
        cell = ws.cell(layout.HEADER_ROW, column, text)
        cell.font, cell.fill, cell.border = styles.BOLD, styles.HEADER_FILL, styles.BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for index, period in enumerate(table.periods):
        key = ws.cell(layout.TABLE_PERIOD_ROW, table.period_col(index),
                      f"{layout.TABLE_PERIOD_PREFIX}{period.id}")
        key.font = styles.ID_FONT
        if period.description:
            ws.cell(layout.HEADER_ROW, table.period_col(index)).value = (
                f"Exercice {period.label}\n({period.description})")
    ws.row_dimensions[layout.HEADER_ROW].height = 40


def _heading(table: _Table, label: str, description: str) -> int:
    ws, row = table.ws, table.row
    for column in range(1, table.help_col + 1):
        ws.cell(row, column).fill = styles.DIMENSION_FILL
    ws.cell(row, _LABEL_COL, label).font = styles.DIMENSION_FONT
    if description:
        ws.cell(row, table.comment_col, description).font = Font(
            name=styles.FONT_NAME, size=9, italic=True, color="FFFFFF")
        ws.merge_cells(start_row=row, start_column=table.comment_col, end_row=row,
                       end_column=table.help_col)
        ws.cell(row, table.comment_col).alignment = styles.WRAP
    ws.row_dimensions[row].height = styles.row_height(
        [styles.text_height(description, 52, 9)], minimum=20)
    table.row += 1
    return row


def _label(line: Line, question: Question) -> CellRichText:
    font = _TOTAL_FONT if line.total else _LABEL_FONT
    shown = f"    {line.label}" if line.detail else line.label
    parts: list[str | TextBlock] = [TextBlock(font, shown)]
    if question.required:
        parts.append(TextBlock(InlineFont(rFont=styles.FONT_NAME, sz=10, b=True,
                                          color=styles.color("B35900")), " *"))
    description = line.description or (line.use.description if line.use else "")
    if description:
        parts.append(TextBlock(_DESC_FONT, f"\n{description}"))
    return CellRichText(parts)


def _line(table: _Table, line: Line) -> None:
    ws, row, diagnostic = table.ws, table.row, table.diagnostic
    reference = line_question(diagnostic, line, diagnostic.period_ids()[0])
    ws.cell(row, _ID_COL, line.id).font = styles.ID_FONT
    ws.cell(row, _ACCOUNTS_COL, line.accounts or None).font = styles.HELP_FONT
    for column in (_ID_COL, _ACCOUNTS_COL):
        ws.cell(row, column).alignment = _TOP
    ws.cell(row, _LABEL_COL, _label(line, reference)).alignment = styles.WRAP
    cells: list[str] = []
    for index, period in enumerate(table.periods):
        cell = ws.cell(row, table.period_col(index))
        cell.border = styles.BORDER
        if not diagnostic.asks(line, period.id):
            cell.fill = styles.LOCKED_FILL
            continue
        question = line_question(diagnostic, line, period.id)
        cell.protection = styles.UNLOCKED
        cell.alignment = _RIGHT
        cell.fill = styles.REQUIRED_FILL if question.required else styles.ANSWER_FILL
        expect = expectation(question, table.part)
        if expect.number_format:
            cell.number_format = expect.number_format
        if line.total:
            cell.font = styles.BOLD
        if question.required:
            _required(ws, cell.coordinate)
        cells.append(cell.coordinate)
    if cells:
        validation = question_validation(reference, table.part, table.book.lists, cells[0])
        ws.add_data_validation(validation)
        for coordinate in cells:
            validation.add(coordinate)
    comment = ws.cell(row, table.comment_col)
    comment.protection, comment.border = styles.UNLOCKED, styles.BORDER
    comment.alignment, comment.number_format = styles.WRAP, "@"
    accepted = expectation(reference, table.part).accepted
    ws.cell(row, table.help_col, accepted).font = styles.HELP_FONT
    ws.cell(row, table.help_col).alignment = styles.WRAP
    ws.row_dimensions[row].height = styles.row_height(
        [styles.text_height(line.label, 46) + styles.text_height(
            line.description or (line.use.description if line.use else ""), 46, 9),
         styles.text_height(accepted, 30, 9)], minimum=18)
    table.row += 1


def _required(ws: Worksheet, coordinate: str) -> None:
    rules = ws.conditional_formatting
    rules.add(coordinate, styles.formula_rule(f"LEN(TRIM({coordinate}))=0",
                                              styles.PENDING_FILL))
    rules.add(coordinate, styles.formula_rule(f"LEN(TRIM({coordinate}))>0",
                                              styles.ANSWERED_FILL))


def _repeated(table: _Table, line: Line, rows: dict[str, int]) -> None:
    """A line shown again where the documents show it, computed from where it is asked."""
    ws, row = table.ws, table.row
    source = rows.get(line.same_as or "")
    ws.cell(row, _ACCOUNTS_COL, line.accounts or None).font = styles.HELP_FONT
    ws.cell(row, _LABEL_COL, line.label).font = styles.HELP_FONT
    for index in range(len(table.periods)):
        cell = ws.cell(row, table.period_col(index))
        letter = get_column_letter(table.period_col(index))
        if source is not None:
            cell.value = f'=IF({letter}{source}="","",{letter}{source})'
        cell.fill, cell.border, cell.font = styles.LOCKED_FILL, styles.BORDER, _CONTROL_FONT
        cell.number_format = '#,##0\\ "€"'
        cell.alignment = _RIGHT
    table.row += 1


def _written(check: Check, rows: dict[str, int]) -> bool:
    try:
        return all(name in rows for name in [check.line, *names(check.equals)])
    except ValueError:
        return False


def _excel(expression: str, cells: dict[str, str]) -> str:
    """A check's expression with each line replaced by its cell, in spreadsheet syntax."""
    out = _NAME.sub(lambda m: cells.get(m.group(0), m.group(0).upper()), expression)
    return out.replace("**", "^")


def _control(table: _Table, check: Check, rows: dict[str, int]) -> None:
    ws, row = table.ws, table.row
    read = [check.line, *names(check.equals)]
    label = ("dépassement, 0 ou moins attendu" if check.relation == "au_plus"
             else "écart, 0 attendu")
    text = f"Contrôle — {check.label} : {label}"
    ws.cell(row, _LABEL_COL, text).font = _CONTROL_FONT
    ws.cell(row, _LABEL_COL).alignment = styles.WRAP
    ws.row_dimensions[row].height = styles.row_height([styles.text_height(text, 46, 9)])
    for index in range(len(table.periods)):
        cell = ws.cell(row, table.period_col(index))
        cell.fill, cell.border, cell.font = styles.LOCKED_FILL, styles.BORDER, _CONTROL_FONT
        cell.number_format = '#,##0\\ "€";-#,##0\\ "€";"0"'
        cell.alignment = _RIGHT
        letter = get_column_letter(table.period_col(index))
        if any(name not in rows for name in read):
            continue  # a line of another sheet: check recomputes it anyway
        cells = {name: f"{letter}{rows[name]}" for name in read}
        blanks = ",".join(f"ISBLANK({cells[name]})" for name in dict.fromkeys(read))
        gap = f"{cells[check.line]}-({_excel(check.equals, cells)})"
        cell.value = f'=IF(OR({blanks}),"",ROUND({gap},2))'
        over = f"{cell.coordinate}>{check.tolerance:g}" if check.relation == "au_plus" \
            else f"ABS({cell.coordinate})>{check.tolerance:g}"
        fine = f"{cell.coordinate}<={check.tolerance:g}" if check.relation == "au_plus" \
            else f"ABS({cell.coordinate})<={check.tolerance:g}"
        rules = ws.conditional_formatting
        rules.add(cell.coordinate, styles.formula_rule(
            f"AND(ISNUMBER({cell.coordinate}),{over})", styles.PENDING_FILL))
        rules.add(cell.coordinate, styles.formula_rule(
            f"AND(ISNUMBER({cell.coordinate}),{fine})", styles.ANSWERED_FILL))
    table.row += 1


def diagnostic_paragraphs(referentiel: Referentiel, sheets: dict[str, str]
                          ) -> list[Paragraph]:
    """What the « Lisez-moi » sheet says of each diagnostic sheet."""
    found: list[Paragraph] = []
    for part in referentiel.diagnostics():
        diagnostic = part.diagnostic
        assert diagnostic is not None
        sheet = sheets.get(part.id, diagnostic.sheet)
        found += [
            ("h", f"L'onglet « {sheet} » : {part.title.lower()}"),
            ("p", diagnostic.introduction or part.description),
            ("li", "Une ligne par poste, regroupés comme dans vos documents ; une colonne "
                   "par exercice"
                   + (f" ({', '.join(p.label for p in diagnostic.periods)})."
                      if diagnostic.periods else ".")),
            ("li", "Les lignes « Contrôle » se calculent seules : elles passent au vert "
                   "quand un total égale la somme de ses lignes, à l'orange sinon. "
                   "Corrigez la ligne ou le total en cause avant de renvoyer le classeur : "
                   "rien n'est corrigé à votre place."),
            ("li", "Les résultats ne sont pas une note : chaque ratio est lu sur des repères "
                   "(vert, orange, rouge) et accompagné d'une question à discuter avec la "
                   "personne qui vous accompagne."),
        ]
    return found


def diagnostic_readme(referentiel: Referentiel, name: str, sheets: dict[str, str]
                      ) -> list[Paragraph]:
    """The « Lisez-moi » of a workbook that asks only diagnostics."""
    who = f"de {name}" if name else "de votre association"
    return [
        ("p", f"Ce classeur recueille les comptes {who} pour un autodiagnostic : des "
              "repères lus exercice par exercice, jamais une note. Il se remplit à partir "
              "des comptes annuels approuvés (compte de résultat, bilan et annexe)."),
        ("h", "Les onglets"),
        ("li", "« Identification » : qui vous êtes, et ce qui peut être publié."),
        *diagnostic_paragraphs(referentiel, sheets),
        ("h", "Comment saisir"),
        ("li", "Écrivez seulement dans les cellules encadrées ; le reste de la feuille est "
               "protégé. Montants en euros, sans centimes ; un déficit ou des fonds propres "
               "négatifs s'écrivent avec un signe moins."),
        ("li", "Saisissez 0 pour un compte sans montant. Une case vide est une donnée "
               "manquante : les ratios qui la lisent ne sont pas calculés, et le contrôle "
               "le dit. Un exercice que vous n'avez pas (structure plus jeune) reste vide."),
        ("li", "Ne renommez pas les onglets ; n'insérez, ne supprimez et ne déplacez ni ligne "
               "ni colonne ; ne modifiez pas la colonne grise « Identifiant » ni la petite "
               "ligne grise des exercices : elles permettent de relire vos comptes."),
        ("h", "Renvoyer le classeur"),
        ("p", "Enregistrez le classeur au format Excel (.xlsx), sans mot de passe et sans "
              "changer son nom, puis renvoyez-le à la personne qui vous accompagne (DLA, "
              "réseau, consultant). Un écart entre un total et ses lignes, ou un bilan qui "
              "ne s'équilibre pas, vous sera signalé à la case en cause."),
        ("h", "Confidentialité"),
        ("p", "Vos comptes ne servent qu'à votre fiche financière et, selon ce que vous "
              "choisissez dans « Identification », à des repères d'ensemble (médianes par "
              "discipline et par taille) où aucune structure n'est reconnaissable."),
    ]
