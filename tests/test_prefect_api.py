"""The temporary Prefect server a run starts first, so its boot overlaps the run's own imports."""

from __future__ import annotations

import os
import urllib.request

import pytest

from flows.prefect_api import temporary_api


def test_a_configured_prefect_api_is_used_as_is(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    with temporary_api() as server:
        assert server is None
        assert os.environ["PREFECT_API_URL"] == "http://prefect.example:4200/api"


@pytest.mark.slow
def test_temporary_server_answers_then_stops_and_unsets_its_url(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_api() as server:
        assert server is not None and os.environ["PREFECT_API_URL"] == server.api_url
        server.wait_ready(120)
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as response:
            assert response.status == 200
    assert server.process.poll() is not None
    assert "PREFECT_API_URL" not in os.environ
