"""The temporary Prefect server a run starts first, so its boot overlaps the run's own imports."""

from __future__ import annotations

import os
import urllib.request

import pytest

from flows.runtime import warm_server
from flows.runtime.prefect_api import temporary_api


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


@pytest.mark.slow
def test_a_kept_server_serves_the_next_run_then_exits_once_unused(monkeypatch, tmp_path):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))  # its own database and record
    with temporary_api(keep_seconds=4) as first:
        first.wait_ready(120)
    try:
        assert first.process.poll() is None  # outlived its run
        assert warm_server.find() == first.api_url
        with temporary_api(keep_seconds=4) as second:
            assert second is None and os.environ["PREFECT_API_URL"] == first.api_url  # nothing started
        first.process.wait(timeout=60)  # 4 s without a request
    finally:
        first.stop()
    assert warm_server.find() is None and not warm_server.record_path().exists()


def test_a_server_on_record_is_not_used_when_gone_or_from_another_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    assert warm_server.find() is None  # no record
    warm_server.remember(os.getpid(), "http://127.0.0.1:9/api")
    assert warm_server.recorded().pid == os.getpid()
    assert warm_server.find() is None  # alive, but nothing answers there
    monkeypatch.setattr(warm_server, "this_install", lambda: ("0.0.0", "/elsewhere/python"))
    assert warm_server.find() is None  # another Prefect: not even asked
    warm_server.forget(os.getpid() + 1)
    assert warm_server.record_path().exists()  # another server's stop leaves this record alone
    warm_server.forget(os.getpid())
    assert not warm_server.record_path().exists()
