"""Prefect's temporary local API server, started at the very beginning of a run.

Without ``PREFECT_API_URL`` Prefect starts a temporary server itself, but only
when the flow is called, after this process has imported everything: the two
start-ups then run one after the other (~10 s each on this 2-core machine).
Started here first, the server boots in its own process while this one imports
Prefect and Great Expectations, and the run waits only for whichever is slower.

The server is the one Prefect would start (uvicorn serving
``prefect.server.api.server:create_app`` in ephemeral mode, UI off), under the
same PREFECT_HOME. Its address is put in the settings, so Dask workers report to
it instead of each starting a server of their own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from importlib.util import find_spec
from pathlib import Path

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
    """A Prefect API server in a child process on a free local port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.process = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(_prefect_root()),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={**os.environ, **SERVER_ENV},
            stdin=subprocess.DEVNULL,
        )

    def wait_ready(self, timeout: float) -> None:
        """Block until the server answers /health; a clear error if it dies or never answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Prefect's temporary server exited with code {self.process.returncode} before it answered")
            try:
                with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:  # noqa: S310 - local http
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
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


@contextlib.contextmanager
def temporary_api() -> Iterator[TemporaryServer | None]:
    """Start the temporary server and name it in PREFECT_API_URL for this process and its children.

    With PREFECT_API_URL already set (a real server) nothing is started and None
    is yielded. The caller waits for ``wait_ready`` before running a flow."""
    if os.environ.get("PREFECT_API_URL"):
        yield None
        return
    server = TemporaryServer()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        yield server
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


@contextlib.contextmanager
def prefect_api_settings(api_url: str | None) -> Iterator[None]:
    """Point Prefect at ``api_url`` even when it was imported before the variable was set."""
    if not api_url:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        yield


def startup_timeout() -> float:
    return float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prefect_root() -> Path:
    """The folder that holds the ``prefect`` package, found without importing it."""
    spec = find_spec("prefect")
    if spec is None or spec.origin is None:
        raise RuntimeError("prefect is not installed")
    return Path(spec.origin).parent.parent
