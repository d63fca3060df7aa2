"""Fault injection for the reliability tests, installed from outside the product.

tests/test_reliability.py puts this folder on PYTHONPATH of the `newsfacts` processes it
starts, so Python imports this module at start-up. With NEWSFACTS_TEST_KILL_AT=<stage> the
run kills itself with SIGKILL where that stage ends ("publish": as it starts, just before
the atomic swap); with NEWSFACTS_TEST_PAUSE_AT=<stage> it holds there for
NEWSFACTS_TEST_PAUSE_SECONDS (to race a second run, or kill it, meanwhile).
"""

import os

KILL_AT = os.environ.get("NEWSFACTS_TEST_KILL_AT")
PAUSE_AT = os.environ.get("NEWSFACTS_TEST_PAUSE_AT")

if KILL_AT or PAUSE_AT:
    import signal
    import time

    def _at_stage(event: str, stage: str) -> None:
        at = "start" if stage == "publish" else "end"
        if event != at:
            return
        if stage == KILL_AT:
            os.kill(os.getpid(), signal.SIGKILL)
        if stage == PAUSE_AT:
            time.sleep(float(os.environ.get("NEWSFACTS_TEST_PAUSE_SECONDS", "20")))

    import contextlib

    with contextlib.suppress(ImportError):  # a process without the project on its path (none of the run's own)
        from flows import stages

        stages.listeners.append(_at_stage)
