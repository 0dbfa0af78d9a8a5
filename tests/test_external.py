"""The ``external`` tier (tests/external.py): a missing client skips the test with the
reason, or fails it where ``EVALSOC_EXTERNAL=required`` (.ci/run); a test that asks for a
client without the marker is refused."""

from __future__ import annotations

import pytest
from external import CLIENTS, client


def test_a_test_without_the_marker_cannot_ask_for_a_client() -> None:
    with pytest.raises(AssertionError, match="external"):
        client("pdftotext")


@pytest.mark.external
def test_a_missing_client_is_skipped_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CLIENTS, "absent", (("evalsoc-client-absent",), "paquet-absent"))
    monkeypatch.delenv("EVALSOC_EXTERNAL", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"introuvable.*paquet-absent"):
        client("absent")


@pytest.mark.external
def test_a_missing_client_fails_where_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CLIENTS, "absent", (("evalsoc-client-absent",), "paquet-absent"))
    monkeypatch.setenv("EVALSOC_EXTERNAL", "required")
    with pytest.raises(pytest.fail.Exception, match="EVALSOC_EXTERNAL=required"):
        client("absent")
