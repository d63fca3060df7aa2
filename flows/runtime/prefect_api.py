"""The Prefect API a run talks to: a configured one (checked first), or a local server started at the very start of the run.

Started here first, the server boots in its own process while this one imports Prefect,
instead of after it (as Prefect's own temporary server would). It is the server Prefect
would start (ephemeral, UI off, no block registration), run by ``warm_server``; its address
goes in the settings so Dask workers report to it. History: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from flows.runtime import warm_server

# The temporary server as Prefect starts its own (ephemeral, UI off), minus block
# auto-registration: newsfacts uses no blocks, and only checking whether the block
# registry changed costs ~0.7 s of CPU (it imports every block type) on each start.
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "0",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "0",
}


class TemporaryServer:
    """A Prefect API server in a child process on a free local port (``flows/runtime/warm_server.py``).

    With ``keep_seconds`` it runs in a session of its own, so it outlives the run (and a
    Ctrl-C in the run's terminal), and exits after that long unused."""

    def __init__(self, keep_seconds: float = 0) -> None:
        self.port = free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.keep_seconds = keep_seconds
        self.ready = False
        project = str(Path(__file__).resolve().parent.parent)
        python_path = os.pathsep.join(p for p in (project, os.environ.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "-m", "flows.runtime.warm_server", "--port", str(self.port), "--idle-seconds", str(keep_seconds)],
            env={**os.environ, **SERVER_ENV, "PYTHONPATH": python_path},
            stdin=subprocess.DEVNULL,
            # A kept server must not hold the run's output open (a caller reading it would wait for it).
            stdout=subprocess.DEVNULL if keep_seconds else None,
            stderr=subprocess.DEVNULL if keep_seconds else None,
            start_new_session=bool(keep_seconds),
        )

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers /health; a clear error if it dies or never answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Prefect's temporary server exited with code {self.process.returncode} before it answered")
            if warm_server.healthy(self.api_url):
                self.ready = True
                return
            time.sleep(0.1)
        raise RuntimeError(
            f"Prefect's temporary server did not answer within {timeout:.0f} s "
            "(a loaded machine? raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
        )

    def stop(self) -> None:
        """Terminate, wait up to 5 s, then kill (as Prefect stops its own temporary server)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        warm_server.forget(self.process.pid)

    def release(self) -> None:
        """At the end of its run (whatever its outcome): a kept server that answered stays up for the next run; any other stops."""
        if self.keep_seconds and self.ready and self.process.poll() is None:
            warm_server.remember(self.process.pid, self.api_url)
        else:
            self.stop()


@contextlib.contextmanager
def temporary_api(keep_seconds: float = 0) -> Iterator[TemporaryServer | None]:
    """Name a Prefect API in PREFECT_API_URL for this process and its children, starting one if needed.

    With PREFECT_API_URL already set (a real server), or a server kept by an earlier run
    (``flows/runtime/warm_server.py``), nothing is started and None is yielded. Otherwise a
    server starts, and the caller waits for ``wait_ready`` before running a flow; with
    ``keep_seconds`` it stays up after the run, for that long unused."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    kept = warm_server.find() if keep_seconds else None
    server = None if kept else TemporaryServer(keep_seconds)
    os.environ["PREFECT_API_URL"] = kept or server.api_url
    try:
        yield server
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        if server is not None:
            server.release()


@contextlib.contextmanager
def prefect_api_settings(api_url: str | None) -> Iterator[None]:
    """Point Prefect at ``api_url`` even when it was imported before the variable was set."""
    if not api_url:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        yield


class ApiUnreachable(RuntimeError):
    """The Prefect API named by PREFECT_API_URL does not answer."""


def check_api(api_url: str, timeout: float) -> None:
    """Raise ApiUnreachable unless the Prefect API at ``api_url`` answers its health check in ``timeout`` s."""
    if not warm_server.healthy(api_url, timeout):
        raise ApiUnreachable(
            f"the Prefect API at {api_url} (PREFECT_API_URL) did not answer within {timeout:g} s; "
            "start that server, or unset PREFECT_API_URL to let the run start a local one (NEWSFACTS_API_TIMEOUT_SECONDS sets the wait)"
        )


def startup_timeout() -> float:
    return float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))


def free_port() -> int:
    """A TCP port free on the loopback interface now (for a local server)."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
