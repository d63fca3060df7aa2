"""The one Prefect server launcher: a run's own server (no services) and a schedule's (services on), both stopped by their owner."""

from __future__ import annotations

import os
import urllib.request

import pytest

from flows.runtime.prefect_api import HEARTBEAT_SETTINGS, ApiUnreachable, check_api, heartbeats_asked_for, prefect_api
from flows.runtime.server import LocalServer, free_port, healthy


@pytest.mark.slow
def test_a_run_server_answers_then_stops_without_touching_the_environment(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with LocalServer() as server:
        server.wait_ready(120)
        with urllib.request.urlopen(f"{server.api_url}/health", timeout=5) as response:
            assert response.status == 200
        with prefect_api(server.api_url):
            from prefect.settings import PREFECT_API_URL

            assert PREFECT_API_URL.value() == server.api_url
        assert "PREFECT_API_URL" not in os.environ
    assert server.process.poll() is not None
    assert not healthy(server.api_url)


@pytest.mark.slow
def test_a_schedule_server_runs_prefects_services_on_its_own_database(tmp_path):
    database, log = tmp_path / "serve.db", tmp_path / "server.log"
    with LocalServer(services=True, database=database, log=log) as server:
        server.wait_ready(120)
        assert database.exists()  # (that its scheduler runs schedules: tests/test_serve.py)
    assert server.process.poll() is not None and log.exists()


def test_a_server_that_exits_before_answering_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_DATABASE_CONNECTION_URL", "not a url")
    server = LocalServer(database=tmp_path / "no-such-dir" / "x" / "db.sqlite", log=tmp_path / "server.log")
    try:
        with pytest.raises(RuntimeError, match="exited with code .* before it answered; see .*server.log"):
            server.wait_ready(120)
    finally:
        server.stop()


def test_a_configured_api_that_does_not_answer_is_named_in_one_line():
    url = f"http://127.0.0.1:{free_port()}/api"
    with pytest.raises(ApiUnreachable, match=r"did not answer within 0.5 s; start that server, or unset PREFECT_API_URL"):
        check_api(url, 0.5)


def test_a_run_sends_heartbeats_only_when_the_environment_asks_for_them(monkeypatch):
    for name in HEARTBEAT_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    assert not heartbeats_asked_for()
    monkeypatch.setenv("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "60")
    assert heartbeats_asked_for()
    with prefect_api("http://127.0.0.1:1/api", heartbeats=False):
        from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

        assert PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None
