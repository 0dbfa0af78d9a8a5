"""What every report shares: templates inside the package, one Jinja environment with
autoescaping, Typst compilers fed with data only, fonts that travel with the package,
chart figures, and output files named and written safely.

A report is made in three steps, each a plain function::

    model (pydantic, pure)  --view-->  JSON-ready dict of French strings
                            --render-->  HTML (Jinja2)  and  PDF (Typst)

The *view* is the only place where numbers are formatted and where wording is chosen;
both renderers lay out the same view, so the HTML and the PDF cannot say different
things. User text (structure names, free-text answers) reaches the HTML only through
Jinja's autoescaping and the PDF only as JSON data read by the template
(``json(bytes(sys.inputs.data))``): it is never markup in either. Charts are rendered
once and their SVG is inlined in the HTML and handed to Typst as bytes.

Typst reads fonts from matplotlib's own folder (DejaVu Sans, the charts' font) and
ignores the system's: a PDF looks the same on every machine, and compiling does not
depend on what fonts are installed. One compiler per template and process keeps its
font book and parsed template between fiches (~3 ms a compile instead of ~15 ms).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import matplotlib
import typst

from evalsoc import __version__
from evalsoc.catalogue import CATALOGUE, Code
from evalsoc.charts import Chart
from evalsoc.structures.registry import safe_path, slug
from evalsoc.support.files import atomic_write

__all__ = [
    "FORMATS",
    "chart_data",
    "environment",
    "fonts_dir",
    "message",
    "output_paths",
    "parse_formats",
    "render_html",
    "render_pdf",
    "templates_dir",
    "write_files",
]

FORMATS = ("html", "pdf", "odt")  # odt: the editable copy (evalsoc.reports.editable)
_SUFFIXES = {"html": ".html", "pdf": ".pdf", "odt": ".odt"}
_LOCK = threading.Lock()
_COMPILERS: dict[str, typst.Compiler] = {}


def message(code: Code, /, **fields: Any) -> str:
    """A French text of the single catalogue, filled."""
    return CATALOGUE[code].template.format(**fields)


def templates_dir() -> Path:
    """The templates shipped inside the package (found in a wheel as in the source tree)."""
    return Path(str(resources.files("evalsoc.reports") / "templates"))


def fonts_dir() -> Path:
    """DejaVu Sans and friends, as shipped with matplotlib."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@cache
def environment() -> jinja2.Environment:
    """Autoescaping always on (not only for ``.html`` names); undefined names fail."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("evalsoc.reports", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True)


def render_html(template: str, **context: Any) -> str:
    return environment().get_template(template).render(version=__version__, **context)


def _compiler(template: str) -> typst.Compiler:
    found = _COMPILERS.get(template)
    if found is None:
        folder = templates_dir()
        found = typst.Compiler(str(folder / template), root=str(folder),
                               font_paths=[str(fonts_dir())], ignore_system_fonts=True)
        _COMPILERS[template] = found
    return found


def render_pdf(template: str, data: Mapping[str, Any]) -> bytes:
    """Compile a Typst template of the package with ``data`` as its only input.

    Raises ``typst.TypstError`` when the template cannot be compiled."""
    payload = json.dumps(data, ensure_ascii=False)
    with _LOCK:  # a compiler is not meant to be shared between threads
        pdf = _compiler(template).compile(format="pdf", sys_inputs={"data": payload})
    assert isinstance(pdf, bytes)
    return pdf


def chart_data(chart: Chart | None) -> dict[str, Any] | None:
    """A chart as both renderers read it."""
    if chart is None:
        return None
    return {"svg": chart.svg, "alt": chart.alt, "title": chart.title,
            "width_cm": chart.width_cm, "height_cm": chart.height_cm}


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"html,pdf"`` or ``("pdf",)`` as known formats in a fixed order; ValueError with
    the known ones otherwise."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = {i.strip().lower() for i in items if i.strip()}
    if not wanted or wanted - set(FORMATS):
        raise ValueError(", ".join(sorted(wanted - set(FORMATS))) or "aucun format")
    return tuple(f for f in FORMATS if f in wanted)


def output_paths(out_dir: Path, stem: str, formats: Iterable[str]) -> dict[str, Path]:
    """``out_dir/stem.html`` and so on, each checked to stay inside ``out_dir``
    (ValueError otherwise)."""
    safe_stem = "_".join(p for p in (slug(part, keep_case=True) for part in stem.split("_"))
                         if p)
    return {f: safe_path(out_dir, safe_stem, _SUFFIXES[f]) for f in formats}


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Each file written whole or not at all (temporary file, fsync, rename)."""
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)
