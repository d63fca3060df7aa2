"""Where extraction batches run: this machine's worker processes, or an existing Dask cluster.

Only extraction moves: reading files is I/O, and the warehouse has one writer
(this process), so everything else stays here. See docs/scaling.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from flows.settings import Settings


def flow_for(settings: Settings):  # noqa: ANN201 - a prefect Flow
    """The newsfacts flow with the task runner ``settings.runner`` asks for.

    "local" keeps Prefect's default thread runner (extraction goes to this
    machine's worker processes, see flows/parallel.py); "dask" submits
    extraction batches to the cluster at ``settings.dask_address`` through
    prefect-dask's DaskTaskRunner."""
    from flows.pipeline import newsfacts_flow

    if settings.runner == "local":
        return newsfacts_flow
    if settings.runner != "dask":
        raise ValueError(f"unknown runner {settings.runner!r}: use 'local' or 'dask'")
    if not settings.dask_address:
        raise ValueError("the dask runner needs the scheduler's address, e.g. --address tcp://127.0.0.1:8786")
    from prefect_dask import DaskTaskRunner

    return newsfacts_flow.with_options(task_runner=DaskTaskRunner(address=settings.dask_address))


@contextlib.contextmanager
def api_for_workers(settings: Settings) -> Iterator[None]:
    """Give Dask workers this run's Prefect API, so their task runs land beside the flow run.

    Prefect passes its settings to Dask workers with each task, but its
    temporary server's address is not among them: without a configured
    ``PREFECT_API_URL`` every worker would start a temporary server of its own.
    So for the dask runner the temporary server is started here and named in the
    settings. It listens on 127.0.0.1, which serves workers on this machine; a
    cluster on other machines needs a real Prefect server (PREFECT_API_URL set
    for the run and the workers), as docs/scaling.md says."""
    if settings.runner != "dask" or os.environ.get("PREFECT_API_URL"):
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server = SubprocessASGIServer()
    started_here = not server.running
    server.start()
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield
    finally:
        if started_here:
            server.stop()
