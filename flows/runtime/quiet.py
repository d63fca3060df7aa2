"""Keep Prefect's temporary-server shutdown noise away from users.

On exit, Prefect's ephemeral API server logs cancelled background services
(task_run_recorder, CancelledError tracebacks) although the run succeeded.
Once our flow has returned, those logs carry nothing a user can act on, so
Prefect's loggers are raised to CRITICAL for the rest of the process.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
from collections.abc import Iterator


def silence_prefect() -> None:
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(("prefect", "uvicorn", "httpx", "asyncio", "docket", "sqlalchemy")):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    logging.getLogger("asyncio").disabled = True


@contextlib.contextmanager
def quiet_prefect_shutdown() -> Iterator[None]:
    """Run a flow, then silence Prefect's loggers before its server shuts down."""
    try:
        yield
    finally:
        silence_prefect()
        atexit.register(silence_prefect)
