"""Real clients outside Python that some tests drive: LibreOffice (re-saving a workbook
as an association would), Chromium, ``pdftoppm`` and ``pdftotext`` (opening the reports).

Tests that need one are marked ``external`` (pyproject.toml) and ask for it with
``client(name)``. Where it is missing the test is skipped with the reason, so that the
edit-test loop runs anywhere; where ``EVALSOC_EXTERNAL=required`` (``.ci/run`` sets it)
a missing client fails the test instead. ``client`` refuses to serve a test that is not
marked, so the marker cannot be forgotten.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

# name -> (executables to look for, the Debian package .ci/run installs)
CLIENTS = {
    "libreoffice": (("soffice", "libreoffice"), "libreoffice-calc-nogui"),
    "chromium": (("chromium", "chromium-browser"), "chromium"),
    "pdftoppm": (("pdftoppm",), "poppler-utils"),
    "pdftotext": (("pdftotext",), "poppler-utils"),
    "pdfinfo": (("pdfinfo",), "poppler-utils"),
}

# set by conftest.py around each test: whether the running test is marked external
MARKED: dict[str, bool] = {"external": False}


def required() -> bool:
    return os.environ.get("EVALSOC_EXTERNAL") == "required"


def unavailable(reason: str) -> NoReturn:
    """Skip (a developer without the client), or fail where clients are required."""
    if required():
        pytest.fail(f"client externe requis (EVALSOC_EXTERNAL=required) : {reason}")
    pytest.skip(f"client externe absent : {reason}")


def client(name: str) -> str:
    """The path of the client ``name`` (a key of CLIENTS), or skip/fail as above."""
    assert MARKED["external"], f"un test qui lance {name} doit être marqué « external »"
    executables, package = CLIENTS[name]
    for executable in executables:
        found = shutil.which(executable)
        if found:
            return found
    unavailable(f"{name} introuvable (paquet Debian {package}, que .ci/run installe)")
