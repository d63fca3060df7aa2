"""Scheduled runs: serve the flow as a Prefect deployment on a cron or interval schedule.

Prefect's temporary server cannot run schedules, so when no PREFECT_API_URL is set this module
starts a local `prefect server start` (state under the project's PREFECT_HOME), waits until it
answers, and stops it on exit. With PREFECT_API_URL set, that server is used as is.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

from flows.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 - loopback only
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def local_prefect_server(timeout: float = 120.0) -> Iterator[tuple[str, int | None]]:
    """Yield the API URL of a Prefect server, and its pid when started here.

    The configured server (PREFECT_API_URL) if there is one, else a local one started and stopped here."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured, None
        return
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    home = Path(os.environ["PREFECT_HOME"])
    log = home / "server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    # Its own database: one-off `newsfacts run`s start temporary servers on PREFECT_HOME's
    # prefect.db, and two servers writing one SQLite file lock each other out.
    env = {**os.environ, "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'serve.db'}"}
    with open(log, "a") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(api_url):
            if server.poll() is not None:
                raise RuntimeError(f"the local Prefect server exited with code {server.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the local Prefect server did not answer within {timeout:.0f}s; see {log}")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url, server.pid
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _stop_flow_runs(keep: int | None) -> None:
    """Terminate the flow runs this process started (all children but the server ``keep``).

    A run stopped here is like a run killed at any stage: nothing is published and the
    next run cleans its staging file up (tests/test_reliability.py)."""
    import psutil

    runs = [p for p in psutil.Process().children(recursive=True) if p.pid != keep and keep not in {a.pid for a in p.parents()}]
    for run in runs:
        with contextlib.suppress(psutil.Error):
            run.terminate()
    _, alive = psutil.wait_procs(runs, timeout=10)
    for run in alive:
        with contextlib.suppress(psutil.Error):
            run.kill()


def serve(settings: Settings, cron: str | None, interval: float | None) -> None:
    """Serve the scheduled deployment in the foreground until Ctrl-C or SIGTERM.

    One run at a time (``limit=1``): a tick that comes while a run is going waits for it."""
    # Prefect's runner leaves an un-awaited coroutine when interrupted; nothing a user can act on.
    warnings.filterwarnings("ignore", message=".*Runner.astop.*was never awaited", category=RuntimeWarning)
    with local_prefect_server() as (api_url, server_pid):

        def stop(signum: int, frame: object) -> None:
            _stop_flow_runs(keep=server_pid)
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        print(f"newsfacts: Prefect API at {api_url}; serving on schedule {cron or f'every {interval:g}s'} (Ctrl-C to stop)", flush=True)
        from flows.pipeline import scheduled_run

        with contextlib.suppress(KeyboardInterrupt):
            scheduled_run.serve(
                name="newsfacts-scheduled",
                cron=cron,
                interval=interval,
                parameters={"input_dir": str(settings.input_dir), "warehouse": str(settings.warehouse), "model": settings.model},
                print_starting_message=False,
                limit=1,
            )
        _stop_flow_runs(keep=server_pid)
    print("newsfacts: stopped", flush=True)
