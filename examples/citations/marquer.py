"""Marks a few quotes « oui » in a workbook written by « evalsoc citations exporter », as
a consultant would in Excel or LibreOffice: for the demonstration (examples/demo.sh),
the first two free texts of each question, among the structures whose consent lets a
quote appear in the synthèse. Usage: python examples/citations/marquer.py citations.xlsx
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
    column = {name: head.index(name) + 1 for name in ("question", "consentement", "publier")}
    taken: Counter[str] = Counter()
    for row in range(2, sheet.max_row + 1):
        question = str(sheet.cell(row, column["question"]).value)
        if sheet.cell(row, column["consentement"]).value == "aucune":
            continue
        if taken[question] < PER_QUESTION:
            sheet.cell(row, column["publier"]).value = "oui"
            taken[question] += 1
    book.save(path)
    print(f"{sum(taken.values())} citation(s) marquée(s) « oui » dans {path}")


if __name__ == "__main__":
    main(sys.argv[1])
