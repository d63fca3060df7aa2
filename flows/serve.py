"""Scheduled runs: serve the flow as a Prefect deployment on a cron or interval schedule.

A run's own server has no background services and so cannot run schedules: when no
PREFECT_API_URL is set, this module starts the local server with them on (``LocalServer``,
state under the project's PREFECT_HOME) and stops it on exit. With PREFECT_API_URL set,
that server is used as is.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

from flows.runtime.server import LocalServer
from flows.settings import Settings


@contextlib.contextmanager
def prefect_server_for_schedule() -> Iterator[str]:
    """The API URL of a Prefect server that runs schedules: the configured one (PREFECT_API_URL),
    else a ``LocalServer`` with Prefect's services on, started and stopped here."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    home = Path(os.environ["PREFECT_HOME"])
    # Its own database: one-off `newsfacts run`s start servers on PREFECT_HOME's prefect.db,
    # and two servers writing one SQLite file lock each other out.
    with LocalServer(services=True, database=home / "serve.db", log=home / "server.log") as server:
        yield server.wait_ready().api_url


def _serve_deployment(settings: Settings, cron: str | None, interval: float | None) -> None:
    """The Prefect runner: the deployment with its schedule, one run at a time (``limit=1``)."""
    # Prefect's runner leaves an un-awaited coroutine when interrupted; nothing a user can act on.
    warnings.filterwarnings("ignore", message=".*Runner.astop.*was never awaited", category=RuntimeWarning)
    from flows.pipeline import scheduled_run
    from flows.runtime.quiet import silence_prefect

    def interrupted(signum: int, frame: object) -> None:
        silence_prefect()  # Prefect's cancelled tasks log tracebacks on the way out: nothing to act on
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    with contextlib.suppress(KeyboardInterrupt):
        scheduled_run.serve(
            name="newsfacts-scheduled",
            cron=cron,
            interval=interval,
            parameters={"input_dir": str(settings.input_dir), "warehouse": str(settings.warehouse), "model": settings.model},
            print_starting_message=False,
            limit=1,
        )


def _stop(runner: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop the runner and everything it started: Ctrl-C first, then SIGKILL to its process group.

    A flow run stopped here is like a run killed at any stage: nothing is published
    and the next run cleans its staging file up (tests/test_reliability.py)."""
    if runner.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            runner.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            runner.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(runner.pid, signal.SIGKILL)  # its flow runs, whatever state they are in
    runner.wait()


def serve(settings: Settings, cron: str | None, interval: float | None) -> None:
    """Serve the scheduled deployment in the foreground until Ctrl-C or SIGTERM.

    Prefect's runner runs in a child process with its own process group, so that
    stopping is bounded and complete: the runner gets Ctrl-C and a grace period,
    then it and any flow run still going are killed, then the local server stops."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    with prefect_server_for_schedule() as api_url:
        print(f"newsfacts: Prefect API at {api_url}; serving on schedule {cron or f'every {interval:g}s'} (Ctrl-C to stop)", flush=True)
        spec = json.dumps(
            {
                "input_dir": str(settings.input_dir),
                "warehouse": str(settings.warehouse),
                "model": settings.model,
                "cron": cron,
                "interval": interval,
            }
        )
        runner = subprocess.Popen(  # noqa: S603 - our interpreter, fixed arguments
            [sys.executable, "-m", "flows.serve", spec], start_new_session=True, env={**os.environ, "PREFECT_API_URL": api_url}
        )
        try:
            runner.wait()
        except KeyboardInterrupt:
            pass
        finally:
            _stop(runner)
    print("newsfacts: stopped", flush=True)


if __name__ == "__main__":  # the runner process `serve` starts
    from flows.runtime.lifeline import die_with_parent
    from flows.settings import configure_prefect_environment

    die_with_parent()  # a `newsfacts serve` killed outright takes its runner with it
    configure_prefect_environment()
    _spec = json.loads(sys.argv[1])
    _settings = Settings.from_env(input_dir=_spec["input_dir"], warehouse=_spec["warehouse"], model=_spec["model"])
    _serve_deployment(_settings, _spec["cron"], _spec["interval"])
