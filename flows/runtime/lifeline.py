"""Child processes of a run die with it: extraction workers, the validation process, a run's Prefect server.

A run killed with SIGKILL (or SIGTERM, or a timeout) cannot stop its children, and
they would live on, reparented to init, holding hundreds of megabytes each. Each child
calls ``die_with_parent`` first thing: a daemon thread that exits the process as soon
as its parent is gone. It polls ``getppid`` rather than using Linux's PR_SET_PDEATHSIG,
which fires when the parent *thread* that started the child ends: Prefect's task
threads start worker pools, and come and go.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.5


def die_with_parent(poll_seconds: float = POLL_SECONDS) -> None:
    """Exit this process (at once, code 1) when the process that started it is gone."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="newsfacts-lifeline", daemon=True).start()
