"""One-off loads the run needs later, done in a background thread while this process waits.

The flow process has ~5 s of one-off work besides orchestrating: importing Great
Expectations (~4 s, for validation) and loading langid's model (~0.7 s, for the
first foreign-looking line). Done in line, right after Prefect's import, it sat on
the critical path of every run: in a re-run after 1% of the 2k corpus changed
(17-19 s), the GX import competed with the server's boot and the worker's model
load for the two cores and ended only as the server answered, and the first read
then loaded langid's model as well.

Now langid's model loads while the command waits for Prefect's server. A run from
the command line validates in a process of its own, which imports GX as the run
starts (``flows/runtime/validator.py``); a flow called from Python imports GX in a thread
here while the workers extract (the flow starts it with its first batch). Not
earlier: two threads of one process share one core (the GIL), so an import that
ran on into the flow's start-up only slowed it down (measured: no gain).

Each step is an import or a cached load, so a main thread that gets there first
waits for the step to finish (Python's per-module import lock) or does it itself.
Nothing depends on the thread: a step that fails here is logged and fails again,
with its real error, where the run needs it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

log = logging.getLogger("newsfacts")


def import_module(name: str) -> Callable[[], object]:
    """A warm-up step that imports ``name``."""

    def step() -> object:
        return importlib.import_module(name)

    step.__name__ = f"import {name}"
    return step


def in_background(*steps: Callable[[], object]) -> threading.Thread:
    """Run ``steps`` one after another in a daemon thread (it never holds the process open)."""

    def work() -> None:
        for step in steps:
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - the step fails again, with its error, where it is needed
                log.debug("warm-up step %s failed: %s", getattr(step, "__name__", step), exc)

    thread = threading.Thread(target=work, name="newsfacts-warmup", daemon=True)
    thread.start()
    return thread
