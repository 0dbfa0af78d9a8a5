"""Matplotlib's SVG made inline-able: small, self-contained, accessible, deterministic.

Text is glyph outlines, as with ``svg.fonttype = "path"`` (drawn by
:mod:`evalsoc.charts.text`, each glyph defined once per chart and reused). With
``"none"`` the SVG would carry ``<text>`` elements and rely on the reader's fonts:
Chromium falls back to whatever sans-serif it has, and Typst, which does not honour the
generic ``sans-serif`` family, falls back to its serif default; labels placed with
DejaVu Sans metrics then overflow or shift. Outlines render the same in both, on any
machine, with or without fonts installed. The alternative text travels in ``<title>``
and ``aria-label``, so nothing is lost for screen readers (``role="img"`` hides the
children from them anyway).

What :func:`finish` does to matplotlib's output, and why:

- no XML declaration, DOCTYPE, metadata or comments (comments would repeat the labels);
- the global ``<style>`` (``* {stroke-linejoin: round}``) becomes attributes of the root:
  inline in a HTML page, a ``<style>`` applies to the whole page;
- ids that nothing references are dropped, the others renamed with a prefix taken from
  the chart's content, so that several charts inlined in one page never share an id;
- ``xlink:href`` becomes SVG 2 ``href``: only the SVG namespace is left;
- numbers lose the digits no one can see (matplotlib writes six decimals), path data its
  spaces;
- the root gets ``role="img"``, ``aria-label`` and a first ``<title>``, all escaped.
"""

from __future__ import annotations

import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

__all__ = ["finish"]

_HEAD = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)
_STYLE = re.compile(r"\s*<style[^>]*>\*\{stroke-linejoin: round; stroke-linecap: butt\}</style>")
_EMPTY_DEFS = re.compile(r"\s*<defs>\s*</defs>")
_ID = re.compile(r' id="([^"]+)"')
_REF = re.compile(r'(?:href="#|url\(#)([^")]+)')
_NUMBER = re.compile(r"(?<![\w#.])(-?\d+\.\d{3,})(?![\d.])")
_PATH_DATA = re.compile(r' d="([^"]*)"')
_COMMAND_SPACE = re.compile(r"\s*([MLQCZzHVSTA])\s*")
_BETWEEN_TAGS = re.compile(r">\s+<")


def _number(match: re.Match[str]) -> str:
    value = float(match.group(1))
    text = f"{value:.2f}" if abs(value) >= 1 else f"{value:.4g}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _path_data(match: re.Match[str]) -> str:
    compact = _COMMAND_SPACE.sub(r"\1", " ".join(match.group(1).split()))
    return f' d="{compact}"'


def finish(raw: str, alt: str, overlay: str = "") -> str:
    """The SVG that a report inlines, from matplotlib's file and the ``overlay`` drawn
    over it (the labels, already compact)."""
    svg = _HEAD.sub("", raw, count=1)
    for pattern in (_METADATA, _COMMENT, _STYLE):
        svg = pattern.sub("", svg)
    svg = _EMPTY_DEFS.sub("", svg)
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "")
    svg = svg.replace("xlink:href=", "href=")
    svg = _NUMBER.sub(_number, svg)
    svg = _PATH_DATA.sub(_path_data, svg)
    svg = _BETWEEN_TAGS.sub("><", svg).strip()
    if overlay:
        end = svg.rindex("</svg>")
        svg = f"{svg[:end]}{overlay}{svg[end:]}"
    svg = _rename_ids(svg)
    label = quoteattr(alt)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-label={label} stroke-linejoin="round" stroke-linecap="butt" ',
        1,
    )
    head_end = svg.index(">") + 1
    return f"{svg[:head_end]}<title>{escape(alt)}</title>{svg[head_end:]}"


def _rename_ids(svg: str) -> str:
    referenced = dict.fromkeys(_REF.findall(svg))
    prefix = "c" + hashlib.sha1(svg.encode(), usedforsecurity=False).hexdigest()[:7]
    names = {old: f"{prefix}{i:x}" for i, old in enumerate(referenced)}

    def rename_id(match: re.Match[str]) -> str:
        new = names.get(match.group(1))
        return f' id="{new}"' if new else ""

    def rename_ref(match: re.Match[str]) -> str:
        whole = match.group(0)
        return whole[: -len(match.group(1))] + names[match.group(1)]

    return _REF.sub(rename_ref, _ID.sub(rename_id, svg))
