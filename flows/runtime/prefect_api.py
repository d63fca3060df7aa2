"""The Prefect API a run talks to: the configured one (PREFECT_API_URL, checked before the run takes
the warehouse lock), or the run's own ``LocalServer``, named in Prefect's settings for the run only.

No environment variable is written: the address goes in Prefect's settings context
(``temporary_settings``), which Prefect's task threads and Dask task runs inherit.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from flows.runtime.server import healthy


class ApiUnreachable(RuntimeError):
    """The Prefect API named by PREFECT_API_URL does not answer."""


def check_api(api_url: str, timeout: float) -> None:
    """Raise ApiUnreachable unless the Prefect API at ``api_url`` answers its health check in ``timeout`` s."""
    if not healthy(api_url, timeout):
        raise ApiUnreachable(
            f"the Prefect API at {api_url} (PREFECT_API_URL) did not answer within {timeout:g} s; "
            "start that server, or unset PREFECT_API_URL to let the run start a local one (NEWSFACTS_API_TIMEOUT_SECONDS sets the wait)"
        )


# Where a user turns Prefect's flow-run heartbeats on (the second is Prefect's older name).
HEARTBEAT_SETTINGS = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


def heartbeats_asked_for() -> bool:
    """Whether the environment sets a heartbeat frequency: only then does a run send heartbeats.

    A heartbeat feeds a zombie-run automation, which a user sets up together with its frequency;
    unasked, the heartbeat thread only holds the end of every flow run for up to a second."""
    return any(os.environ.get(name) for name in HEARTBEAT_SETTINGS)


@contextlib.contextmanager
def prefect_api(api_url: str, heartbeats: bool = True) -> Iterator[None]:
    """Point Prefect at ``api_url`` inside the block, even when Prefect was imported before it was known.

    ``heartbeats=False`` turns off the flow-run heartbeats (a server that ends with the run has
    nothing left to watch them; see ``heartbeats_asked_for``)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    updates = {PREFECT_API_URL: api_url} | ({} if heartbeats else {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
    with temporary_settings(updates=updates):
        yield
