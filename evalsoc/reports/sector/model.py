"""The synthèse sectorielle as one frozen model: what the HTML, the PDF and the workbook
all render, so that their contents cannot diverge.

A report is a list of :class:`Section` (title, level, blocks); a block is a paragraph,
a list, key figures, a :class:`Table` or a chart. A table keeps, for every row, both
its raw values (the workbook's cells) and their French texts (what the HTML and PDF
print, « secret » in a masked cell), and enough of the statistics layer's metadata
(breakdown keys, statistics, threshold) for :meth:`Table.to_frame` to give back a
DataFrame that :func:`evalsoc.stats.check_recoverable` can attack.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from evalsoc.stats.secrecy import META

__all__ = [
    "Block",
    "Bullets",
    "ChartBlock",
    "Column",
    "ColumnKind",
    "Definitions",
    "FigureRef",
    "KeyFigure",
    "KeyFigures",
    "KeyMessage",
    "Messages",
    "Panel",
    "PanelList",
    "Paragraph",
    "QuoteView",
    "Quotes",
    "Row",
    "Section",
    "SectorReport",
    "Table",
    "TableBlock",
]

ColumnKind = Literal["text", "count", "score", "delta", "share", "money", "number"]
Value = float | str | None


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Column(Frozen):
    """``key`` names the column of the statistics table; ``stat`` columns are blanked
    (« secret ») on a masked row, key columns never are."""

    key: str
    label: str
    kind: ColumnKind = "text"
    stat: bool = False


class Row(Frozen):
    values: tuple[Value, ...]
    texts: tuple[str, ...]
    masked: bool = False
    total: bool = False  # the « Ensemble » row of its breakdown
    motif: str = ""


class Table(Frozen):
    id: str  # stable, ASCII: anchors in HTML, sheet names in the workbook
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    breakdown: tuple[str, ...] = ()
    stats: tuple[str, ...] = ()
    min_structures: int = 3
    protected: bool = True  # built by evalsoc.stats, secrecy applied
    note: str = ""
    # "list": rows grouped under their first column, the second listed (names by
    # département); same rows, a more compact layout
    layout: Literal["table", "list"] = "table"

    def to_frame(self) -> pd.DataFrame:
        """The raw values with ``ensemble``, ``masque``, ``motif`` and the statistics
        metadata: what :func:`evalsoc.stats.check_recoverable` reads."""
        frame = pd.DataFrame([r.values for r in self.rows],
                             columns=[c.key for c in self.columns])
        frame["ensemble"] = [r.total for r in self.rows]
        frame["masque"] = [r.masked for r in self.rows]
        frame["motif"] = [r.motif or None for r in self.rows]
        frame.attrs[META] = {"breakdown": list(self.breakdown), "by": [],
                             "stats": list(self.stats),
                             "min_structures": self.min_structures}
        return frame


class Paragraph(Frozen):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    tone: Literal["normal", "note", "warning"] = "normal"


class Bullets(Frozen):
    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...]


class KeyFigure(Frozen):
    value: str
    label: str


class KeyFigures(Frozen):
    kind: Literal["figures"] = "figures"
    items: tuple[KeyFigure, ...]


class TableBlock(Frozen):
    kind: Literal["table"] = "table"
    table: Table


class ChartBlock(Frozen):
    """A chart of :mod:`evalsoc.charts`: inline-able SVG, its caption and its text
    alternative (the same sentence in the HTML and the PDF)."""

    kind: Literal["chart"] = "chart"
    id: str
    title: str
    alt: str
    svg: str
    width_cm: float
    height_cm: float


class FigureRef(Frozen):
    """A figure a sentence quotes, and where it is printed: the report table ``table``,
    the row whose key columns read ``row``, the column ``column``; ``value`` is the raw
    figure and ``text`` exactly what the table prints for it."""

    table: str
    row: tuple[str, ...]
    column: str
    value: float
    text: str


class KeyMessage(Frozen):
    """One finding of « Messages clés »: its sentence, the figures it quotes, and the
    table or chart that supports it (``target``: an anchor of the report)."""

    text: str
    rule: str  # which documented rule made it (docs/synthese.md)
    target: str
    target_label: str
    figures: tuple[FigureRef, ...] = ()


class Messages(Frozen):
    kind: Literal["messages"] = "messages"
    items: tuple[KeyMessage, ...]


class Definitions(Frozen):
    """Terms and their one-line definitions (the dimensions, niveau, médiane...)."""

    kind: Literal["definitions"] = "definitions"
    title: str
    items: tuple[tuple[str, str], ...]


class PanelList(Frozen):
    label: str
    items: tuple[str, ...]
    empty: str = ""


class Panel(Frozen):
    """A titled box of short lists: a dimension's strengths, points of vigilance and
    pistes d'action."""

    kind: Literal["panel"] = "panel"
    title: str
    lead: str = ""
    lists: tuple[PanelList, ...] = ()


class QuoteView(Frozen):
    text: str
    source: str


class Quotes(Frozen):
    kind: Literal["quotes"] = "quotes"
    items: tuple[QuoteView, ...]


Block = Annotated[Paragraph | Bullets | KeyFigures | TableBlock | ChartBlock | Messages
                  | Definitions | Panel | Quotes, Field(discriminator="kind")]


class Section(Frozen):
    id: str
    title: str
    level: int = Field(default=1, ge=1, le=3)
    blocks: tuple[Block, ...] = ()


class SectorReport(Frozen):
    """The whole synthèse: front matter, sections in reading order, secrecy notes."""

    title: str
    subtitle: str
    headline: str = ""  # the main finding, in one sentence, under the title
    mode: Literal["secteur", "collectif"] = "secteur"
    campaign: str
    previous: str | None = None
    referentiel: str
    referentiel_hash: str
    edited: str = ""  # « 12 mars 2025 », given by the caller: the model stays pure
    footer: str = "Synthèse sectorielle"  # what the page footer calls the document
    stem: str  # file name without suffix: synthese-<campagne>
    secrecy_notes: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # a threshold relaxed on request: said on the cover
    sections: tuple[Section, ...]

    def tables(self) -> list[Table]:
        return [b.table for s in self.sections for b in s.blocks if isinstance(b, TableBlock)]

    def charts(self) -> list[ChartBlock]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, ChartBlock)]

    def messages(self) -> list[KeyMessage]:
        return [m for s in self.sections for b in s.blocks if isinstance(b, Messages)
                for m in b.items]
