"""The one kind of helper process a run starts: a pool of spawned workers that start now, die with the run and yield the CPU.

Extraction workers (``parallel``) and the validation process (``validator``) are both such
pools, differing only in what their workers load as they start. 'spawn', not 'fork': the run
process has threads. Each worker dies with its run (``lifeline``) and runs at a lower CPU
priority, so its start-up (a model load, GX's import) yields to the start-up every run waits on.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from flows.runtime.lifeline import die_with_parent

# Once a run extracts, its workers are the only busy processes, so a lower priority costs them nothing.
WORKER_NICENESS = 5
# How long a closing worker may take to leave its job loop before it is ended.
EXIT_GRACE_SECONDS = 0.3


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    die_with_parent()
    with contextlib.suppress(OSError):  # a platform without nice(2) runs workers at normal priority
        os.nice(WORKER_NICENESS)
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # the worker's own environment, set before its libraries load
    if initializer is not None:
        initializer(*initargs)


def _ready() -> None:
    """A no-op job: submitting one per worker makes the pool start them all now."""


class WorkerPool:
    """``workers`` spawned processes, started at once, each running ``initializer(*initargs)`` first."""

    def __init__(self, workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=mp.get_context("spawn"),
            initializer=_start_worker,
            initargs=(initializer, initargs),
        )
        for _ in range(workers):
            self._executor.submit(_ready)

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        return self._executor.submit(fn, *args)

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        return self._executor.map(fn, *iterables)

    @property
    def broken(self) -> bool:
        """A worker died: the pool takes no more jobs (``concurrent.futures`` marks it so)."""
        return bool(getattr(self._executor, "_broken", False))

    def close(self) -> None:
        """Stop the workers, dropping queued jobs; waits for them to exit, so none outlives the run.

        Idle workers are terminated rather than asked to exit: an interpreter that has imported
        Great Expectations takes ~1 s to tear itself down, and nothing in it is left to save."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)  # each worker is told to leave its job loop
        for process in processes:
            process.join(timeout=EXIT_GRACE_SECONDS)  # out of its loop, it holds no lock of the pool's queues
            if process.is_alive():
                process.terminate()  # the rest is interpreter teardown
            process.join(timeout=10)
        self._executor.shutdown(wait=True)
