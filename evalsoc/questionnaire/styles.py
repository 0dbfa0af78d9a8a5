"""Look of the questionnaire workbooks: one sober, colour-blind-safe palette.

Colours derive from the Okabe-Ito palette (orange for "still to answer", bluish green for
"answered"); colour is never the only cue: required questions also carry a "*".
Style objects are immutable in openpyxl, so they are shared module constants.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from openpyxl.formatting.rule import FormulaRule, Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.colors import Color
from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "ANSWERED_FILL",
    "ANSWER_FILL",
    "BOLD",
    "BORDER",
    "CRITERE_FILL",
    "DIMENSION_FILL",
    "DIMENSION_FONT",
    "HEADER_FILL",
    "HEADING_FONT",
    "HELP_FONT",
    "ID_FONT",
    "LOCKED_FILL",
    "NORMAL",
    "PENDING_FILL",
    "REQUIRED_FILL",
    "TITLE_FONT",
    "UNLOCKED",
    "WRAP",
    "color",
    "fill",
    "formula_rule",
    "row_height",
    "set_widths",
    "text_height",
]

FONT_NAME = "Arial"
NORMAL = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True, color="1F3A5F")
HEADING_FONT = Font(name=FONT_NAME, size=11, bold=True, color="1F3A5F")
HELP_FONT = Font(name=FONT_NAME, size=9, italic=True, color="595959")
ID_FONT = Font(name=FONT_NAME, size=7, color="808080")
DIMENSION_FONT = Font(name=FONT_NAME, size=11, bold=True, color="FFFFFF")


def color(rgb: str) -> Color:
    return Color(rgb=f"FF{rgb}")


def formula_rule(formula: str, rule_fill: PatternFill) -> Rule:
    """A conditional format applied when ``formula`` is true at the range's first cell."""
    rule: Rule = FormulaRule(formula=[formula], fill=rule_fill)  # type: ignore[no-untyped-call]
    return rule


def fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


HEADER_FILL = fill("D9E2EC")  # column headers
DIMENSION_FILL = fill("2F5B7C")  # dimension heading rows (white text)
CRITERE_FILL = fill("E8EEF4")  # critère heading rows
ANSWER_FILL = fill("FFFFFF")  # optional answer cells: white inside a border
REQUIRED_FILL = fill("FDE7CC")  # required answer cells, before any formatting rule
PENDING_FILL = fill("F9CF9B")  # conditional: required and still empty (orange, Okabe-Ito E69F00)
ANSWERED_FILL = fill("CFEDE2")  # conditional: required and answered (green, Okabe-Ito 009E73)
LOCKED_FILL = fill("F2F2F2")  # cells with nothing to type

_THIN = Side(style="thin", color="8C8C8C")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

LEADING = 1.2  # line height as a multiple of the font size (Arial)
CHARS_PER_UNIT = 1.0  # characters of 10 pt Arial per unit of column width, measured in
# LibreOffice (1.08), less what word wrapping leaves at line ends
PADDING = 5.0


def set_widths(ws: Worksheet, widths: Mapping[str, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[column].width = width


def text_height(text: str, width: float, size: float = 10) -> float:
    """Points that ``text`` takes when wrapped in a column ``width`` units wide."""
    if not text:
        return 0.0
    per_line = max(1, int(width * CHARS_PER_UNIT * 10 / size))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * size * LEADING


def row_height(heights: Iterable[float], minimum: float = 15.0) -> float:
    """A row height that shows every wrapped text whole: spreadsheets do not always
    recompute heights of generated files, and LibreOffice's PDF export never does."""
    return round(max([minimum, *(h + PADDING for h in heights)]), 1)
