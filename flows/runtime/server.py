"""The one way newsfacts starts a Prefect API server: uvicorn serving Prefect's ``create_app`` in a child process.

A run without PREFECT_API_URL gets one for its own lifetime: ephemeral, as Prefect's own
temporary server (no background services, UI off), minus block auto-registration, which costs
~0.7 s of CPU per start and newsfacts uses no blocks. ``newsfacts serve`` gets one with Prefect's
services on (its scheduler creates the scheduled runs) and a database of its own. Started first
thing, the server boots while the caller imports Prefect; it listens on a free loopback port and
dies with the process that started it (``lifeline``). Standard library only at import.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO

QUIET_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "0",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "0",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "0",  # no telemetry to Prefect's servers: a local batch job does not phone home
}
EPHEMERAL_ENV = {"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}


class LocalServer:
    """A Prefect API server on 127.0.0.1 in a child process; ``stop`` (or leaving the ``with``) ends it.

    ``services``: run Prefect's background services (a schedule needs them); ``database``: a
    SQLite file of its own (two servers on one file lock each other out); ``log``: where its
    output goes (by default the caller's)."""

    def __init__(self, *, services: bool = False, database: Path | None = None, log: Path | None = None) -> None:
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        project = str(Path(__file__).resolve().parent.parent.parent)
        env = {**os.environ, **QUIET_ENV, "PYTHONPATH": os.pathsep.join(p for p in (project, os.environ.get("PYTHONPATH")) if p)}
        if not services:
            env.update(EPHEMERAL_ENV)
        if database is not None:
            env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{database}"
        self.log = log
        out: IO[str] | None = None
        if log is not None:
            log.parent.mkdir(parents=True, exist_ok=True)
            out = open(log, "a")  # noqa: SIM115 - the child holds it; closed below once started
        command = [sys.executable, "-m", "flows.runtime.server", "--port", str(self.port)] + (["--services"] if services else [])
        try:
            self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
                command, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT if out else None
            )
        finally:
            if out is not None:
                out.close()

    def wait_ready(self, timeout: float | None = None) -> LocalServer:
        """Block until the server answers /health; a clear error if it dies or never answers."""
        timeout = startup_timeout() if timeout is None else timeout
        see = f"; see {self.log}" if self.log else ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the local Prefect server exited with code {self.process.returncode} before it answered{see}")
            if healthy(self.api_url):
                return self
            time.sleep(0.1)
        raise RuntimeError(
            f"the local Prefect server did not answer within {timeout:.0f} s{see} "
            "(a loaded machine? raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
        )

    def stop(self, grace: float = 10.0) -> None:
        """Terminate, wait up to ``grace`` seconds, then kill."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def healthy(api_url: str, timeout: float = 2) -> bool:
    """Whether the Prefect API at ``api_url`` answers its health check within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:  # noqa: S310 - local http
            return response.status == 200
    except OSError:  # refused, reset, timed out (URLError is an OSError)
        return False


def startup_timeout() -> float:
    return float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------ the server process


def serve(port: int, services: bool) -> None:
    """Serve Prefect's API on 127.0.0.1:port until terminated, or until the process that started it dies."""
    from flows.runtime.lifeline import die_with_parent

    die_with_parent()
    import uvicorn
    from prefect.server.api.server import create_app

    app = create_app(ephemeral=not services, final=True)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Prefect's API server for newsfacts (started by newsfacts run and serve).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--services", action="store_true", help="run Prefect's background services (schedules need them)")
    args = parser.parse_args(argv)
    serve(args.port, args.services)


if __name__ == "__main__":
    main()
