"""Run extraction on every core: worker processes that load spaCy once each and return small records.

Workers parse *and* extract (``nlp.pipe(n_process=...)`` would ship parsed Docs back) and
live for the whole run. The command line starts a run's extractor first thing, so the model
loads overlap Prefect's start-up, and may queue the first batch on it (``head_start``). Each
worker has an address-space ceiling; a batch whose worker dies is retried one document at a
time. History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import contextlib
import logging
import resource
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat

from flows.runtime.pool import WorkerPool
from transforms.limits import DocumentLimits
from transforms.records import Document, Extraction

log = logging.getLogger("newsfacts")

# Below this many documents a run uses one extraction process: a second one costs a model
# load (~4 s of CPU) and saves ~25 ms per document.
MIN_DOCUMENTS_FOR_WORKERS = 64


def workers_for(documents: int, workers: int) -> int:
    """Worker processes for a run that extracts ``documents`` documents."""
    return workers if documents >= MIN_DOCUMENTS_FOR_WORKERS else 1


def _load_model(model: str, memory_mb: int) -> None:
    """A worker's start: its address-space ceiling, then the model (cached for its jobs)."""
    if memory_mb > 0:
        # A document that would take more fails its allocation (MemoryError, so that document
        # is rejected) instead of taking the machine.
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from transforms.nlp import load_pipeline

    load_pipeline(model)


def _work(documents: Sequence[Document], model: str, limits: DocumentLimits) -> list[Extraction | str]:
    from transforms.extract import extract_batch

    return extract_batch(documents, model, limits)


def _parts(documents: Sequence[Document], workers: int) -> list[list[Document]]:
    """A batch cut into jobs: four per worker (so one slow job does not leave the others idle), at least 4 documents each."""
    size = max(4, -(-len(documents) // (workers * 4)))
    return [list(documents[i : i + size]) for i in range(0, len(documents), size)]


def _identity(documents: Sequence[Document]) -> tuple[tuple[str, str, int], ...]:
    """Which documents a batch holds, as read: the same file may read differently once its source has learned furniture."""
    return tuple((d.source_path, d.sha256, hash(d.body)) for d in documents)


@dataclass
class HeadStart:
    """A batch whose extraction started before the flow asked for it (see ``Extractor.head_start``)."""

    identity: tuple[tuple[str, str, int], ...]
    jobs: list[Future]
    submitted: float = 0.0  # time.monotonic() when it was queued
    finished: float | None = None  # when its last job ended

    def __post_init__(self) -> None:
        self.submitted = self.submitted or time.monotonic()
        for job in self.jobs:
            job.add_done_callback(self._ended)

    def _ended(self, _job: Future) -> None:
        if all(j.done() for j in self.jobs):
            self.finished = time.monotonic()

    def seconds_before(self, now: float) -> float:
        """How long it was extracting before ``now`` (the flow asking for it): the run's extraction time it hid."""
        return max(0.0, min(self.finished or now, now) - self.submitted)

    def results(self) -> list[Extraction | str]:
        return [result for job in self.jobs for result in job.result()]

    def cancel(self) -> None:
        for job in self.jobs:
            job.cancel()


class Extractor:
    """Extract batches in a pool of worker processes, or in this process when there is none.

    A one-worker extractor extracts in-process unless it was ``start``ed (then its one worker,
    loading the model during the run's start-up, takes the batches); a larger one starts its
    pool when the run enters it, if not before."""

    def __init__(self, model: str, workers: int, limits: DocumentLimits | None = None, memory_mb: int = 0) -> None:
        self.model = model
        self.workers = max(1, workers)
        self.limits = limits or DocumentLimits()
        self.memory_mb = memory_mb
        self._pool: WorkerPool | None = None
        self._head: HeadStart | None = None
        self._lock = threading.Lock()  # batches run in Prefect's task threads
        self.early_seconds = 0.0  # extraction of a head start done before the flow asked for it (counted as 'extract')

    def start(self) -> Extractor:
        """Start the workers now: they load the model while the caller does something else."""
        if self._pool is None:
            self._pool = WorkerPool(self.workers, _load_model, (self.model, self.memory_mb))
        return self

    @property
    def started(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            self.start()  # the workers load the model while the first batch is read
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers (dropping a head start no batch claimed); the extractor can start again."""
        if self._head is not None:
            self._head.cancel()
            self._head = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def head_start(self, documents: Sequence[Document]) -> bool:
        """Queue a batch on the started workers before the flow asks for it (``flows/runtime/head_start.py``).

        ``run`` collects these results if it is given the same files with the same content;
        otherwise they are dropped. False when no workers are started (nothing queued)."""
        if self._pool is None or not documents:
            return False
        jobs = [self._pool.submit(_work, part, self.model, self.limits) for part in _parts(documents, self.workers)]
        self._head = HeadStart(_identity(documents), jobs)
        return True

    def _claim_head(self, documents: Sequence[Document]) -> HeadStart | None:
        """The head start, if it is this batch: the same files with the same content, in the same order."""
        with self._lock:
            head = self._head
            if head is None or head.identity != _identity(documents):
                return None
            self._head = None
            self.early_seconds += head.seconds_before(time.monotonic())
            return head

    def run(self, documents: Sequence[Document]) -> list[Extraction | str]:
        """Extractions in input order; a failed document yields its error text."""
        pool = self.start()._pool if self.workers > 1 else self._pool
        head = self._claim_head(documents)
        try:
            if head is not None:
                return head.results()
            if pool is None:
                # spaCy is imported only where extraction runs: with worker processes, never in this one.
                from transforms.extract import extract_batch

                return extract_batch(documents, self.model, self.limits)
            results: list[Extraction | str] = []
            for part_result in pool.map(_work, _parts(documents, self.workers), repeat(self.model), repeat(self.limits)):
                results.extend(part_result)
            return results
        except BrokenProcessPool:
            return self._one_by_one(documents)

    def _one_by_one(self, documents: Sequence[Document]) -> list[Extraction | str]:
        """After a worker died on a batch: each document alone, in a fresh pool, so the one that
        kills its worker is rejected and the others are extracted."""
        log.warning("an extraction process died on a batch of %d documents; extracting them one by one", len(documents))
        results: list[Extraction | str] = []
        with self._lock:
            for document in documents:
                if self._pool is not None and self._pool.broken:
                    self._pool.close()
                    self._pool = None
                try:
                    results.extend(self.start()._pool.submit(_work, [document], self.model, self.limits).result())
                except BrokenProcessPool:
                    results.append(
                        f"the extraction process died on this document (over its {self.memory_mb:,} MiB memory ceiling, "
                        "NEWSFACTS_WORKER_MEMORY_MB, or a crash in the NLP library)"
                    )
        return results
