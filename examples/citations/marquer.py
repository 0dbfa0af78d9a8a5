"""Marks a few quotes « oui » in a workbook written by « evalsoc citations exporter », as
a consultant would in Excel or LibreOffice: for the demonstration (examples/demo.sh),
two free texts per question, each from another structure (and a structure twice at
most), never the same words twice, among the structures whose consent lets a quote
appear in the synthèse. Usage: python examples/citations/marquer.py citations.xlsx
"""

from __future__ import annotations

import sys
from collections import Counter

from openpyxl import load_workbook

PER_QUESTION = 2


def main(path: str) -> None:
    book = load_workbook(path)
    sheet = book["Citations"]
    head = [cell.value for cell in sheet[1]]
    column = {name: head.index(name) + 1
              for name in ("structure", "question", "consentement", "texte", "publier")}
    taken: Counter[str] = Counter()
    used: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for row in range(2, sheet.max_row + 1):
        question = str(sheet.cell(row, column["question"]).value)
        structure = str(sheet.cell(row, column["structure"]).value)
        text = str(sheet.cell(row, column["texte"]).value)
        if sheet.cell(row, column["consentement"]).value == "aucune" or used[structure] >= 2 \
                or (question, structure) in seen or (question, text) in seen:
            continue
        if taken[question] < PER_QUESTION:
            sheet.cell(row, column["publier"]).value = "oui"
            taken[question] += 1
            used[structure] += 1
            seen |= {(question, structure), (question, text)}
    book.save(path)
    print(f"{sum(taken.values())} citation(s) marquée(s) « oui » dans {path}")


if __name__ == "__main__":
    main(sys.argv[1])
