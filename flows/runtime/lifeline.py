"""Child processes of a run die with it: extraction workers, the validation process, a run's Prefect server.

A run killed with SIGKILL (or SIGTERM, or a timeout) cannot stop its children, and they
would live on, reparented to init, holding hundreds of megabytes each. Each child calls
``die_with_parent`` first thing. On Linux the kernel sends it SIGKILL when the thread that
started it ends (``PR_SET_PDEATHSIG``): every child of a run is started by a thread that
lives until the run's end (the main thread, or the task-runner thread that replaced a
broken worker pool). Elsewhere a daemon thread polls ``getppid``; not on Linux, because a
second Python thread slows spaCy's extraction (docs/scaling.md, "Start-up machinery").
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


def die_with_parent(poll_seconds: float = POLL_SECONDS) -> None:
    """Exit this process when the process that started it is gone."""
    parent = os.getppid()
    if sys.platform.startswith("linux") and _kernel_watch():
        if os.getppid() != parent:  # the parent died before the watch was set
            os._exit(1)
        return

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="newsfacts-lifeline", daemon=True).start()


def _kernel_watch() -> bool:
    """Ask Linux to SIGKILL this process when its parent thread ends; False if it cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
