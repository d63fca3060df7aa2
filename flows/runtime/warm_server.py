"""Prefect's local API server for a run: uvicorn serving Prefect's ``create_app``, started by ``prefect_api``.

By default the server is the run's own and dies with it (``lifeline``). With
``NEWSFACTS_KEEP_SERVER_SECONDS`` set (an opt-in) it stays up, in a session of its own, for
the next run, and exits once no client has talked to it for that long; it is recorded in
``$PREFECT_HOME/newsfacts-server.json``, and a record whose process is gone, does not answer
or belongs to another install is ignored. Standard library only at import (uvicorn and
Prefect inside ``serve``). History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

RECORD_NAME = "newsfacts-server.json"


@dataclass(frozen=True)
class KeptServer:
    """Who a kept server is: enough to find it, and to tell it is ours and current."""

    pid: int
    api_url: str
    prefect_version: str
    python: str


def record_path() -> Path:
    return Path(os.environ.get("PREFECT_HOME", "~/.prefect")).expanduser() / RECORD_NAME


def this_install() -> tuple[str, str]:
    """(Prefect version, interpreter): a server started by another install is not used."""
    return version("prefect"), sys.executable


def remember(pid: int, api_url: str) -> None:
    """Record a server that has answered, for the next run to find."""
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    prefect_version, python = this_install()
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(asdict(KeptServer(pid, api_url, prefect_version, python))), encoding="utf-8")
    os.replace(temp, path)


def recorded() -> KeptServer | None:
    """The kept server on record, if any (not checked)."""
    try:
        return KeptServer(**json.loads(record_path().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def find() -> str | None:
    """The API URL of a kept server that is alive, answers, and runs this install's Prefect."""
    kept = recorded()
    if kept is None or (kept.prefect_version, kept.python) != this_install() or not _alive(kept.pid):
        return None
    return kept.api_url if healthy(kept.api_url) else None


def healthy(api_url: str, timeout: float = 2) -> bool:
    """Whether the Prefect API at ``api_url`` answers its health check within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:  # noqa: S310 - local http
            return response.status == 200
    except OSError:  # refused, reset, timed out (URLError is an OSError)
        return False


def forget(pid: int) -> None:
    """Remove the record if it names ``pid`` (a server that is stopping)."""
    path = record_path()
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == pid:
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return True


# ------------------------------------------------------------------ the server process


class IdleClock:
    """ASGI wrapper: when the last request ended, and how many are open (websockets stay open)."""

    def __init__(self, app) -> None:  # noqa: ANN001 - an ASGI application
        self.app = app
        self.open = 0
        self.last = time.monotonic()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1
            self.last = time.monotonic()

    def idle_for(self) -> float:
        return 0.0 if self.open else time.monotonic() - self.last


def serve(port: int, idle_seconds: float) -> None:
    """Serve Prefect's API on 127.0.0.1:port; with ``idle_seconds``, exit after that long unused."""
    import uvicorn
    from prefect.server.api.server import create_app

    clock = IdleClock(create_app())
    server = uvicorn.Server(uvicorn.Config(clock, host="127.0.0.1", port=port, log_level="error", lifespan="on"))

    def watch() -> None:
        while not (server.started or server.should_exit):  # start-up (migrations) is not idleness
            time.sleep(0.1)
        clock.last = time.monotonic()
        while not server.should_exit:
            time.sleep(min(5.0, max(0.5, idle_seconds / 4)))
            if clock.idle_for() > idle_seconds:
                server.should_exit = True

    if idle_seconds > 0:
        threading.Thread(target=watch, name="idle-watch", daemon=True).start()
    else:  # a run's own server: it ends with its run, however the run ends
        from flows.runtime.lifeline import die_with_parent

        die_with_parent()
    try:
        server.run()
    finally:
        forget(os.getpid())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Prefect's API server for newsfacts runs (started by newsfacts run).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle-seconds", type=float, default=0.0, help="exit after this long with no client (0: never)")
    args = parser.parse_args(argv)
    serve(args.port, args.idle_seconds)


if __name__ == "__main__":
    main()
