"""Validation in a process of its own, started with the run so Great Expectations' import overlaps its start-up.

GX's import is the slowest one-off step of a small run, and a thread of the flow process
would compete with the flow for the GIL. Validation sends this process the rows to check and
the suites with their foreign keys already resolved (``expectations.validate.resolve_suites``);
GX runs here and writes the Data Docs. Without a pre-started validator (a flow called from
Python, scheduled runs) validation runs in the calling process.
History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl

from expectations.validate import ResolvedSuite, ValidationReport, run_suites
from flows.runtime.lifeline import die_with_parent
from flows.runtime.memory import release_memory
from flows.runtime.parallel import WORKER_NICENESS

_pool: ProcessPoolExecutor | None = None


def _init() -> None:
    die_with_parent()
    with contextlib.suppress(OSError):  # a platform without nice(2) runs it at normal priority
        os.nice(WORKER_NICENESS)
    # On failure run_suites imports it again, and fails there with the real error.
    with contextlib.suppress(Exception):
        import great_expectations  # noqa: F401 - the point: imported before validation asks for it


def _ready() -> None:
    """A no-op job: submitting it makes the pool start its process (which imports GX)."""


def _validate(frames: dict[str, pl.DataFrame], suites: list[ResolvedSuite], docs_dir: Path | None, run_name: str) -> ValidationReport:
    try:
        return run_suites(frames, suites, docs_dir, run_name)
    finally:
        # GX leaves reference cycles behind: the next part (a large run validates in parts)
        # starts from the same footprint.
        release_memory(collect=True)


def prestart() -> None:
    """Start the validation process now; it imports GX while the run starts up."""
    global _pool
    stop()
    _pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"), initializer=_init)
    _pool.submit(_ready)


def running() -> bool:
    """Whether validation goes to a pre-started process (then this one needs no GX)."""
    return _pool is not None


def validate(frames: dict[str, pl.DataFrame], suites: list[ResolvedSuite], docs_dir: Path | None, run_name: str) -> ValidationReport:
    """Run the resolved suites on the frames: in the pre-started process if there is one, else here."""
    if _pool is None:
        return run_suites(frames, suites, docs_dir, run_name)
    try:
        return _pool.submit(_validate, frames, suites, docs_dir, run_name).result()
    except BrokenProcessPool as exc:
        raise RuntimeError("the validation process exited while validating (out of memory?); nothing was published") from exc


def stop() -> None:
    """Stop the pre-started process (at the end of the run that started it)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
