"""One-off loads the run needs later, done in a background thread while this process waits for something else.

langid's model loads while the command waits for Prefect's server; a flow called from
Python imports GX in a thread while the workers extract. Each step is an import or a cached
load, so a main thread that gets there first waits for it or does it itself, and a step that
fails here fails again, with its real error, where the run needs it.
History and measurements: docs/scaling.md, "Start-up machinery".
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
