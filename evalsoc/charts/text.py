"""Labels drawn as glyph outlines by evalsoc, not by matplotlib's ``Text``.

Why: a matplotlib ``Text`` costs 0.4 to 0.8 ms to lay out and draw as paths, and a
heatmap has a hundred of them; the charts must render in well under 60 ms. Here a label
is a few dictionary look-ups: each glyph of DejaVu Sans (the font matplotlib ships, so
the same on every machine) is read once per process from its TrueType outline, then a
label is ``<use>`` of those glyphs, exactly what ``svg.fonttype = "path"`` produces.
Measuring is as cheap, so the charts fit labels to the room they have.

Kept for what it buys end to end (issue 16 keeps such a layer only above 15 % of its
command's time): ``benchmarks/bench_text_layer.py``, line « part du temps de la fiche
gagnée par la couche », measured 59.7 % of a fiche's CPU time (charts 58 ms instead of
218 ms with the same labels drawn by matplotlib's ``Figure.text``; 2026-12-07).

Coordinates: a :class:`Label` is placed with any matplotlib transform (data, axes or
the :data:`CM` transform of the figure in centimetres); positions are resolved after the
figure is drawn. Alignment follows matplotlib's: ``ha`` on the anchor, ``va`` on the
block of lines, rotation about the anchor.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

import matplotlib as mpl
import numpy as np
from matplotlib.ft2font import FT2Font, GlyphIndexType, Kerning, LoadFlags
from matplotlib.transforms import Affine2D, Transform

from evalsoc.charts.style import FONT_SIZE, INK

__all__ = [
    "CM", "EM", "POINTS_PER_CM", "HAlign", "Label", "Labels", "VAlign", "fit", "measure", "wrap",
]

POINTS_PER_CM: Final = 72 / 2.54
CM: Final = Affine2D().scale(POINTS_PER_CM)  # figure centimetres -> SVG points (dpi 72)
EM: Final = 1000  # glyph units per em in the SVG
ASCENT: Final = 0.76   # top of "l", in em: what va="top" aligns, as matplotlib does
DESCENT: Final = 0.21  # bottom of "p"
LINE: Final = 1.2      # baseline to baseline, in em, at linespacing 1

_FACES: Final = {
    (False, False): "DejaVuSans.ttf",
    (True, False): "DejaVuSans-Bold.ttf",
    (False, True): "DejaVuSans-Oblique.ttf",
    (True, True): "DejaVuSans-BoldOblique.ttf",
}
_FONT_LOCK = threading.Lock()  # an FT2Font holds the glyph it last loaded

HAlign = Literal["left", "center", "right"]
VAlign = Literal["top", "center", "bottom", "baseline"]


@lru_cache(maxsize=4)
def _font(face: tuple[bool, bool]) -> FT2Font:
    font = FT2Font(str(Path(mpl.get_data_path()) / "fonts" / "ttf" / _FACES[face]))
    font.set_size(EM / 10, 72)  # 100 px per em: paths in px, x10 gives EM units
    return font


@lru_cache(maxsize=4096)
def _glyph(face: tuple[bool, bool], char: str) -> tuple[GlyphIndexType, float, str]:
    """Glyph index, advance (em) and outline (EM units, y up) of one character."""
    font = _font(face)
    with _FONT_LOCK:
        index = font.get_char_index(ord(char))
        glyph = font.load_glyph(index, flags=LoadFlags.NO_HINTING)
        vertices, codes = font.get_path()
    return index, glyph.linearHoriAdvance / 65536 / (EM / 10), _outline(vertices * 10, codes)


@lru_cache(maxsize=16384)
def _kerning(face: tuple[bool, bool], left: GlyphIndexType, right: GlyphIndexType) -> float:
    font = _font(face)
    with _FONT_LOCK:
        return font.get_kerning(left, right, Kerning.UNSCALED) / font.units_per_EM


def _outline(vertices: np.ndarray, codes: np.ndarray) -> str:
    points = np.rint(vertices).astype(int).tolist()
    parts: list[str] = []
    i = 0
    while i < len(codes):
        code = int(codes[i])
        if code == 1:
            parts.append("M{} {}".format(*points[i]))
            i += 1
        elif code == 2:
            parts.append("L{} {}".format(*points[i]))
            i += 1
        elif code == 3:
            parts.append("Q{} {} {} {}".format(*points[i], *points[i + 1]))
            i += 2
        elif code == 4:
            parts.append("C{} {} {} {} {} {}".format(*points[i], *points[i + 1],
                                                     *points[i + 2]))
            i += 3
        else:  # CLOSEPOLY, STOP
            parts.append("Z" if code == 79 else "")
            i += 1
    return "".join(parts)


def _layout(text: str, face: tuple[bool, bool]) -> tuple[list[tuple[str, float]], float]:
    """Glyph ids with their x (em) and the line's advance width (em)."""
    placed: list[tuple[str, float]] = []
    x = 0.0
    previous: GlyphIndexType | None = None
    for char in text:
        index, advance, _ = _glyph(face, char)
        if previous is not None:
            x += _kerning(face, previous, index)
        if not char.isspace():
            placed.append((_glyph_id(face, char), x))
        x += advance
        previous = index
    return placed, x


def _use(glyph_id: str, x: float) -> str:
    at = round(x * EM)
    return f'<use href="#{glyph_id}" x="{at}"/>' if at else f'<use href="#{glyph_id}"/>'


def _glyph_id(face: tuple[bool, bool], char: str) -> str:
    return f"g{int(face[0])}{int(face[1])}-{ord(char):x}"


def measure(text: str, size: float = FONT_SIZE, bold: bool = False,
            italic: bool = False) -> float:
    """Width in points of the widest line of ``text``."""
    face = (bold, italic)
    return max(_layout(line, face)[1] for line in text.split("\n")) * size


def fit(text: str, width_cm: float, size: float = FONT_SIZE, bold: bool = False,
        italic: bool = False) -> str:
    """One line no wider than ``width_cm``: cut after a word (or a letter) with "…"."""
    room = width_cm * POINTS_PER_CM
    text = " ".join(text.split())
    if measure(text, size, bold, italic) <= room:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:–-") + "…"
        if measure(candidate, size, bold, italic) <= room:
            return candidate
    word = words[0]
    while len(word) > 1 and measure(word + "…", size, bold, italic) > room:
        word = word[:-1]
    return word + "…"


def wrap(text: str, width_cm: float, size: float = FONT_SIZE, lines: int = 2,
         bold: bool = False) -> str:
    """At most ``lines`` lines no wider than ``width_cm``, the last one cut with "…"."""
    room = width_cm * POINTS_PER_CM
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and measure(f"{line} {words[0]}", size, bold) <= room:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out.append(fit(" ".join(words), width_cm, size, bold))
    return "\n".join(fit(line, width_cm, size, bold) for line in out)


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str
    transform: Transform
    size: float = FONT_SIZE
    bold: bool = False
    italic: bool = False
    color: str = INK
    ha: HAlign = "left"
    va: VAlign = "center"
    rotation: float = 0.0
    box: str | None = None  # background colour behind the text
    linespacing: float = 1.0

    def svg(self, height: float, defs: dict[str, str]) -> str:
        face = (self.bold, self.italic)
        dx, dy = self.transform.transform((self.x, self.y))
        lines = self.text.split("\n")
        step = LINE * self.linespacing * self.size
        block = (len(lines) - 1) * step
        first = {"top": ASCENT * self.size, "baseline": 0.0,
                 "bottom": -DESCENT * self.size - block,
                 "center": (ASCENT - DESCENT) / 2 * self.size - block / 2}[self.va]
        scale = self.size / EM
        rotate = f" rotate({-self.rotation:g})" if self.rotation else ""
        out = [f'<g fill="{self.color}" transform="translate({dx:.2f} {height - dy:.2f})'
               f'{rotate}">']
        rows = []
        for k, line in enumerate(lines):
            placed, width = _layout(line, face)
            left = {"left": 0.0, "center": -width / 2, "right": -width}[self.ha] * self.size
            rows.append((left, width * self.size))
            uses = "".join(_use(gid, x) for gid, x in placed)
            out.append(f'<g transform="translate({left:.2f} {first + k * step:.2f}) '
                       f'scale({scale:.6g} {-scale:.6g})">{uses}</g>')
            for char in line:
                if not char.isspace():
                    defs.setdefault(_glyph_id(face, char), _glyph(face, char)[2])
        if self.box and rows:
            pad = 0.2 * self.size
            x0 = min(r[0] for r in rows) - pad
            x1 = max(r[0] + r[1] for r in rows) + pad
            top = first - ASCENT * self.size - pad
            bottom = first + block + DESCENT * self.size + pad
            out.insert(1, f'<rect x="{x0:.2f}" y="{top:.2f}" width="{x1 - x0:.2f}" '
                          f'height="{bottom - top:.2f}" fill="{self.box}"/>')
        out.append("</g>")
        return "".join(out)


@dataclass(slots=True)
class Labels:
    """The labels of one chart, drawn over its shapes in the order they were added."""

    items: list[Label] = field(default_factory=list)

    def add(self, x: float, y: float, text: str, transform: Transform, *,
            size: float = FONT_SIZE, bold: bool = False, italic: bool = False,
            color: str = INK, ha: HAlign = "left", va: VAlign = "center",
            rotation: float = 0.0, box: str | None = None, linespacing: float = 1.0) -> None:
        if text:
            self.items.append(Label(x, y, text, transform, size, bold, italic, color, ha, va,
                                    rotation, box, linespacing))

    def svg(self, height: float) -> str:
        """The labels and the glyphs they use, in SVG points of a figure this high."""
        defs: dict[str, str] = {}
        body = "".join(label.svg(height, defs) for label in self.items)
        glyphs = "".join(f'<path id="{gid}" d="{d}"/>' for gid, d in sorted(defs.items()))
        return f"<defs>{glyphs}</defs><g>{body}</g>" if body else ""

    def texts(self) -> tuple[str, ...]:
        return tuple(label.text for label in self.items)
