"""An editable copy of a report: the OpenDocument text (ODT) a consultant opens in
LibreOffice Writer (or Word) to edit before sending.

It is written from the report's own HTML, the rendering of the same view as the PDF:
headings stay headings (Writer's navigator and table of contents read them), tables
stay tables, each chart is its SVG image with its text alternative, notes and quotes
keep a style of their own. Every figure is therefore the HTML's, character for
character (a test reads the three files back). The walk knows the few elements the
report templates write; an unknown one gives its text as a paragraph, never nothing.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Iterator

import lxml.html
from lxml.html import HtmlElement
from odfdo import (
    Cell,
    Document,
    Element,
    Frame,
    Header,
    List,
    ListItem,
    Paragraph,
    Row,
    Style,
    Table,
    create_table_cell_style,
)

__all__ = ["odt_from_html"]

CELL = "Case"  # the table cells' style: a thin border
CHART = "data-chart"  # the placeholder of the n-th chart's SVG
FRAME = "Cadre"  # a box to write in: bordered paragraphs
CONTAINERS = {"body", "main", "section", "div", "header", "footer", "article", "aside",
              "nav", "figure", "span", "a", "strong", "em", "b", "i", "sup", "sub"}
SKIPPED = {"head", "style", "script", "title", "meta", "colgroup", "col"}
DEFAULT_WIDTH_CM = 16.0
MAX_WIDTH_CM = 17.0  # an A4 page less its margins
STYLES = (
    ("Note", {"size": "8.5pt", "color": "#444444"}),
    ("Citation", {"italic": True}),
    ("Légende", {"size": "8.5pt", "italic": True}),
    ("Cellule", {"size": "9pt"}),
    ("En-tête de tableau", {"size": "9pt", "bold": True}),
)


def _text(element: HtmlElement) -> str:
    """The element's text as a reader sees it: runs of white space as one space."""
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _classes(element: HtmlElement) -> set[str]:
    return set(str(element.get("class", "")).split())


def _styles(document: Document) -> None:
    for name, props in STYLES:
        style = Style("paragraph", name=name, display_name=name, area="text", **props)
        document.insert_style(style, automatic=False)
    frame = Style("paragraph", name=FRAME, display_name=FRAME, area="paragraph",
                  border="0.5pt solid #999999", padding="0.2cm")
    document.insert_style(frame, automatic=False)
    border = create_table_cell_style(border="0.5pt solid #999999", padding="0.05cm")
    border.name = CELL
    document.insert_style(border, automatic=True)


def _svg_size(svg: str, width_cm: float) -> tuple[str, str]:
    found = re.search(r'viewBox="([^"]*)"', svg[:svg.find(">") + 1])
    box = [float(v) for v in (found.group(1) if found else "0 0 4 3").replace(",", " ").split()]
    ratio = box[3] / box[2] if len(box) == 4 and box[2] > 0 else 0.75
    width = min(width_cm, MAX_WIDTH_CM)
    return f"{width:.2f}cm", f"{width * ratio:.2f}cm"


def _print_width(element: HtmlElement) -> float:
    found = re.search(r"--print-width:\s*([\d.]+)cm", str(element.get("style", "")))
    return float(found.group(1)) if found else DEFAULT_WIDTH_CM


class _Writer:
    """Appends the ODT elements of an HTML tree to a document's body."""

    def __init__(self, document: Document, charts: list[str]) -> None:
        self.document = document
        self.charts = charts
        self.body = document.body
        self.width = DEFAULT_WIDTH_CM
        self.tables = 0

    def chart(self, index: int) -> Paragraph:
        """The chart's SVG as the report wrote it (not re-serialised by the HTML
        parser, which lowercases SVG's names), its text alternative as title."""
        data = self.charts[index]
        name = f"Pictures/{hashlib.sha256(data.encode('utf-8')).hexdigest()[:16]}.svg"
        container = self.document.container
        assert container is not None
        container.set_part(name, data.encode("utf-8"))
        self.document.manifest.add_full_path(name, "image/svg+xml")
        found = re.search(r'aria-label="([^"]*)"', data)
        alt = html.unescape(found.group(1)) if found else ""
        frame = Frame.image_frame(name, size=_svg_size(data, self.width),
                                  anchor_type="as-char")
        if alt:
            frame.svg_title = alt
            frame.svg_description = alt
        paragraph = Paragraph()
        paragraph.append(frame)
        return paragraph

    def table(self, element: HtmlElement) -> Iterator[Element]:
        caption = element.find("caption")
        if caption is not None and _text(caption):
            yield Paragraph(_text(caption), style="Légende")
        self.tables += 1
        table = Table(f"Tableau{self.tables}")
        for tr in element.iter("tr"):
            row = Row()
            for cell in tr:
                if cell.tag not in ("th", "td"):
                    continue
                header = cell.tag == "th"
                odf = Cell(value=_text(cell), cell_type="string", style=CELL)
                odf.clear()
                odf.append(Paragraph(_text(cell), style="En-tête de tableau" if header
                                     else "Cellule"))
                row.append_cell(odf)
                for _ in range(int(cell.get("colspan", "1") or 1) - 1):
                    row.append_cell(Cell(value="", cell_type="string"))
            table.append_row(row)
        yield table

    def frame(self, element: HtmlElement) -> Iterator[Element]:
        """A box to write in (``div.cadre``): its paragraphs in the bordered style
        :data:`FRAME` (Writer draws one box around consecutive ones), with blank lines to
        type over when it is empty (``vide``)."""
        for p in element.iter("p"):
            yield Paragraph(_text(p), style=FRAME)
        for _ in range(8 if "vide" in _classes(element) else 1):
            yield Paragraph("", style=FRAME)

    def list(self, element: HtmlElement) -> List:
        """A list; an item's own words (its parts joined as the page shows them on
        separate lines), then its nested list."""
        found = List()
        for li in element:
            if li.tag != "li":
                continue
            nested = [c for c in li if c.tag in ("ul", "ol")]
            parts = [li.text or ""]
            for child in li:
                if child.tag not in ("ul", "ol"):
                    parts.append((" — " if "detail" in _classes(child) else "")
                                 + child.text_content())
                parts.append(child.tail or "")
            item = ListItem(re.sub(r"\s+", " ", "".join(parts)).strip())
            for sub in nested:
                item.append(self.list(sub))
            found.append_item(item)
        return found

    def leaf(self, tag: str, element: HtmlElement) -> Iterator[Element]:
        """An element that is written whole (its text, its rows, its items)."""
        if tag == "img":
            yield self.chart(int(element.get(CHART, "0")))
        elif tag == "table":
            yield from self.table(element)
        elif tag in ("ul", "ol"):
            yield self.list(element)
        elif tag == "dl":
            terms = [c for c in element if c.tag in ("dt", "dd")]
            for term, value in zip(terms[::2], terms[1::2], strict=False):
                yield Paragraph(f"{_text(term)} : {_text(value)}")
        elif re.fullmatch(r"h[1-6]", tag):
            yield Header(int(tag[1]), _text(element))
        else:
            note = tag == "p" and bool(_classes(element) & {"note", "muted", "subtitle"})
            style = {"figcaption": "Légende", "blockquote": "Citation"}.get(
                tag, "Note" if note else None)
            if _text(element):
                yield Paragraph(_text(element), style=style)

    def walk(self, element: HtmlElement) -> Iterator[Element]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in SKIPPED or element.get("hidden") is not None:
            return
        if tag == "div" and "cadre" in _classes(element):
            yield from self.frame(element)
            return
        if tag not in CONTAINERS and tag != "html":
            if tag != "img" or element.get(CHART) is not None:
                yield from self.leaf(tag, element)
            return
        previous = self.width
        if tag == "figure":
            self.width = _print_width(element)
        inline = tag in ("span", "a")
        if element.text and element.text.strip() and not inline:
            yield Paragraph(re.sub(r"\s+", " ", element.text).strip())
        for child in element:
            yield from self.walk(child)
            if child.tail and child.tail.strip() and not inline:
                yield Paragraph(re.sub(r"\s+", " ", child.tail).strip())
        self.width = previous


def _unnumbered(document: Document) -> None:
    """Headings without the template's outline numbers (« 1.1. »): the report's own
    titles say what they are."""
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(name)


def odt_from_html(page: str) -> bytes:
    """The ODT of a report's HTML page (its title and language kept as metadata)."""
    charts: list[str] = []

    def hold(found: re.Match[str]) -> str:
        charts.append(found.group(0))
        return f'<img {CHART}="{len(charts) - 1}">'

    tree = lxml.html.document_fromstring(re.sub(r"<svg\b.*?</svg>", hold, page, flags=re.S))
    document = Document("text")
    document.body.clear()
    _styles(document)
    title = tree.find(".//title")
    document.meta.title = _text(title) if title is not None else ""
    document.meta.language = str(tree.get("lang", "fr")) or "fr"
    writer = _Writer(document, charts)
    body = tree.find("body")
    for element in writer.walk(body if body is not None else tree):
        document.body.append(element)
    _unnumbered(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
