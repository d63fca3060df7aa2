"""Validation in a process of its own, started with the run so Great Expectations' import overlaps its start-up.

The same process draws the run report's charts: its chart engine starts with it, off the flow's path.

GX's import is the slowest one-off step of a small run, and a thread of the flow process
would compete with the flow for the GIL. Validation sends this process the rows to check and
the suites with their foreign keys already resolved (``expectations.validate.resolve_suites``);
GX runs there and writes the Data Docs. History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import contextlib
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl

from expectations.validate import ResolvedSuite, ValidationReport, run_suites
from flows import charts
from flows.runtime.memory import release_memory
from flows.runtime.pool import WorkerPool


def _start() -> None:
    """Import GX and start the chart engine while the run extracts; on failure each is tried again
    where it is needed, and fails there with the real error."""
    with contextlib.suppress(Exception):
        import great_expectations  # noqa: F401 - the point: imported before validation asks for it
    with contextlib.suppress(Exception):
        charts.warm()


def _validate(frames: dict[str, pl.DataFrame], suites: list[ResolvedSuite], docs_dir: Path | None, run_name: str) -> ValidationReport:
    try:
        return run_suites(frames, suites, docs_dir, run_name)
    finally:
        # GX leaves reference cycles behind: the next part (a large run validates in parts)
        # starts from the same footprint.
        release_memory(collect=True)


class Validator:
    """A validation process that starts (and imports GX) when this is made; ``close`` stops it."""

    def __init__(self) -> None:
        self._pool: WorkerPool | None = WorkerPool(1, _start)

    def validate(
        self, frames: dict[str, pl.DataFrame], suites: list[ResolvedSuite], docs_dir: Path | None, run_name: str
    ) -> ValidationReport:
        """Run the resolved suites on the frames in the validation process (``run_suites`` there)."""
        if self._pool is None:
            raise RuntimeError("the validation process was stopped")
        try:
            return self._pool.submit(_validate, frames, suites, docs_dir, run_name).result()
        except BrokenProcessPool as exc:
            raise RuntimeError("the validation process exited while validating (out of memory?); nothing was published") from exc

    def draw(self, specs: list[dict]) -> list[str]:
        """The run report's charts as SVG, drawn in this process (its chart engine started with it)."""
        if self._pool is None:
            return charts.to_svgs(specs)
        try:
            return self._pool.submit(charts.to_svgs, specs).result()
        except BrokenProcessPool:
            return charts.to_svgs(specs)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
