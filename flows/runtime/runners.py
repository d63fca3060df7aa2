"""Where extraction batches run: this machine's worker processes, or an existing Dask cluster.

Only extraction moves: reading files is I/O, and the warehouse has one writer
(this process), so everything else stays here. See docs/scaling.md.
"""

from __future__ import annotations

from flows.settings import Settings


def flow_for(settings: Settings):  # noqa: ANN201 - a prefect Flow
    """The newsfacts flow with the task runner ``settings.runner`` asks for.

    "local" keeps Prefect's default thread runner (extraction goes to this
    machine's worker processes, see flows/runtime/parallel.py); "dask" submits
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
