"""Extraction batches in flight: read batch k+1 while batch k extracts, results handed over once.

The flow calls ``extracted_batches`` with its read and extract tasks; how many batches
are queued, where they run (this machine's worker processes or a Dask cluster) and how
their results leave Prefect's hands is decided here.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterator
from typing import Generic, TypeVar

from prefect import Task
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from flows import files as filesys
from flows.runtime import warmup
from flows.runtime.session import Runtime
from flows.stages import Loaded, Planned, Run
from transforms.records import Document, Extraction, Rejection

T = TypeVar("T")


class Handoff(Generic[T]):
    """A task's result, taken by the flow exactly once.

    Prefect keeps each task run's return value for as long as the flow runs; for
    batches of documents that meant holding the whole corpus. Batch tasks return their
    result in this box, and ``take()`` empties it, so only the batches in flight stay in memory."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value: T | None = value

    def take(self) -> T:
        value, self._value = self._value, None
        if value is None:
            raise RuntimeError("a batch result was taken twice")
        return value


def extracted_batches(
    run: Run, runtime: Runtime, planned: Planned, loaded: Loaded, read_batch: Task, extract_documents: Task
) -> Iterator[tuple[list[Document], list[Extraction], list[Rejection]]]:
    """Each batch of the files ``planned`` to read, read and extracted by the flow's tasks, in order; reading rejections go to ``loaded``.

    Batch k+1 is read while batch k extracts, with enough batches queued that no worker
    waits. Locally the batches go to this machine's worker processes (the runtime's,
    stopped as soon as the last batch is extracted, before validation needs the memory);
    on Dask they go to the cluster. Inputs are passed ``quote``d locally: otherwise Prefect
    walks every record looking for futures, 25x the work of building the tables (a quoted
    argument does not survive the trip to a Dask worker, so it goes plain there)."""
    settings, to_read = run.settings, planned.plan.to_read
    local = settings.runner == "local"
    depth = 1 if local else settings.workers + 1
    in_flight: deque[PrefectFuture] = deque()
    # GX is imported where validation will run: a validation process has it already.
    gx_import_started = runtime.validates_elsewhere
    extractor = runtime.extractor_for(settings, len(to_read))
    with extractor or contextlib.nullcontext():
        for batch in filesys.chunks(to_read, settings.batch_size):
            with run.stage("read"):
                documents, bad = read_batch(quote(batch), settings, quote(planned.learned)).take()
            loaded.rejections.extend(bad)
            argument = quote(documents) if local else documents
            in_flight.append(extract_documents.submit(argument, settings.model, settings.limits, extractor))
            if not gx_import_started:  # no validation process: GX's import (~4 s) runs in a thread while the workers extract
                warmup.in_background(warmup.import_module("great_expectations"))
                gx_import_started = True
            while len(in_flight) > depth:
                yield _taken(run, in_flight.popleft())
        with run.stage("extract"):
            for future in in_flight:
                future.wait()  # the workers can go: their memory is free for validation
        if extractor is not None and extractor.early_seconds:
            # A first batch extracted while the run started up: its time is extraction's, not nothing.
            run.stage_seconds["extract"] = run.stage_seconds.get("extract", 0.0) + extractor.early_seconds
    while in_flight:
        yield _taken(run, in_flight.popleft())


def _taken(run: Run, future: PrefectFuture) -> tuple[list[Document], list[Extraction], list[Rejection]]:
    with run.stage("extract"):
        return future.result().take()
