"""Run extraction on every core: worker processes that load spaCy once each and return small records.

Workers parse *and* extract (``nlp.pipe(n_process=...)`` would ship parsed Docs back), start
with 'spawn' (the flow process has threads) and live for the whole run. The command line
starts them first thing (``prestart``), so their model loads overlap Prefect's start-up, and
may queue the first batch on them (``head_start``). Each worker dies with its run
(``lifeline``) and has an address-space ceiling; a batch whose worker dies is retried one
document at a time. History and measurements: docs/scaling.md, "Start-up machinery".
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import resource
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat

from flows.runtime.lifeline import die_with_parent
from transforms.limits import DocumentLimits
from transforms.records import Document, Extraction

log = logging.getLogger("newsfacts")
_MODEL: str | None = None

# Workers run at a lower CPU priority than the flow process and Prefect's server. Their
# model loads (~4 s of CPU each) then yield the CPU to the server's boot, which every run
# waits for, instead of slowing it; once extraction runs, the workers are the only busy
# processes, and a lower priority costs them nothing.
WORKER_NICENESS = 5

# Below this many documents a run uses one extraction process: a second one costs a model
# load (~4 s of CPU) and saves ~25 ms per document.
MIN_DOCUMENTS_FOR_WORKERS = 64


def workers_for(documents: int, workers: int) -> int:
    """Worker processes for a run that extracts ``documents`` documents."""
    return workers if documents >= MIN_DOCUMENTS_FOR_WORKERS else 1


def _init_worker(model: str, memory_mb: int) -> None:
    global _MODEL
    die_with_parent()
    if memory_mb > 0:
        # A ceiling on the worker's address space: a document that would take more fails its
        # allocation (MemoryError, so that document is rejected) instead of taking the machine.
        limit = memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with contextlib.suppress(OSError):  # a platform without nice(2) runs workers at normal priority
        os.nice(WORKER_NICENESS)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from transforms.nlp import load_pipeline

    load_pipeline(model)
    _MODEL = model


def _ready() -> None:
    """A no-op job: submitting it makes the pool start a worker (which loads the model)."""


def _work(documents: Sequence[Document], limits: DocumentLimits) -> list[Extraction | str]:
    from transforms.extract import extract_batch

    return extract_batch(documents, _MODEL or "", limits)


def _start_pool(model: str, workers: int, memory_mb: int) -> ProcessPoolExecutor:
    """A pool whose workers start now (one no-op job each), loading the model as they start."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("spawn"),
        initializer=_init_worker,
        initargs=(model, memory_mb),
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _parts(documents: Sequence[Document], workers: int) -> list[list[Document]]:
    """A batch cut into jobs: four per worker (so one slow job does not leave the others idle), at least 4 documents each."""
    size = max(4, -(-len(documents) // (workers * 4)))
    return [list(documents[i : i + size]) for i in range(0, len(documents), size)]


def _identity(documents: Sequence[Document]) -> tuple[tuple[str, str], ...]:
    return tuple((d.source_path, d.sha256) for d in documents)


@dataclass
class HeadStart:
    """A batch whose extraction started before the flow asked for it (see ``head_start``)."""

    identity: tuple[tuple[str, str], ...]
    jobs: list[Future]

    def results(self) -> list[Extraction | str]:
        return [result for job in self.jobs for result in job.result()]

    def cancel(self) -> None:
        for job in self.jobs:
            job.cancel()


@dataclass
class _Prestarted:
    """The pool started by ``prestart``, with what it was started for, and any head start on it."""

    model: str
    workers: int
    memory_mb: int
    pool: ProcessPoolExecutor
    head: HeadStart | None = None


# The next Extractor asking for the same model and worker count takes it over.
_prestarted: _Prestarted | None = None


def prestart(model: str, workers: int, memory_mb: int = 0) -> None:
    """Start the workers of the coming run now, so their model loads overlap its start-up.

    Even a run of one worker gets one: loading the model there, during the server's boot,
    beats loading it in this process once the flow has started."""
    global _prestarted
    discard_prestarted()
    _prestarted = _Prestarted(model, workers, memory_mb, _start_pool(model, workers, memory_mb))


def head_start(documents: Sequence[Document], limits: DocumentLimits | None = None) -> bool:
    """Queue the run's first batch on the pre-started workers, before the flow asks for it.

    A worker that has loaded its model would otherwise sit idle until Prefect's server
    has booted and the flow has read its first batch. The flow's extract task then
    collects these results, if its batch is the same files with the same content;
    otherwise they are dropped and the batch is extracted as usual. Called once per
    run; False when there is no pre-started pool (nothing queued)."""
    if _prestarted is None or not documents:
        return False
    jobs = [_prestarted.pool.submit(_work, part, limits or DocumentLimits()) for part in _parts(documents, _prestarted.workers)]
    _prestarted.head = HeadStart(_identity(documents), jobs)
    return True


def discard_prestarted() -> None:
    """Stop a pre-started pool no Extractor took (a run that failed before extracting)."""
    global _prestarted
    if _prestarted is not None:
        _prestarted.pool.shutdown(wait=True, cancel_futures=True)
        _prestarted = None


def _take_prestarted(model: str, workers: int, memory_mb: int) -> _Prestarted | None:
    global _prestarted
    if _prestarted is None or (_prestarted.model, _prestarted.workers, _prestarted.memory_mb) != (model, workers, memory_mb):
        discard_prestarted()
        return None
    taken, _prestarted = _prestarted, None
    return taken


class Extractor:
    """Extract batches in a pool of worker processes, or in this process when there is no pool.

    A run of one worker extracts in-process unless ``prestart`` left it a worker that
    has loaded the model already (then its batches go there)."""

    def __init__(self, model: str, workers: int, limits: DocumentLimits | None = None, memory_mb: int = 0) -> None:
        self.model = model
        self.workers = max(1, workers)
        self.limits = limits or DocumentLimits()
        self.memory_mb = memory_mb
        self._pool: Executor | None = None
        self._head: HeadStart | None = None
        self._lock = threading.Lock()  # batches run in Prefect's task threads

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            # Start the workers now (unless prestart did): they load the model while the first batch is read.
            self._ensure_pool()
        else:
            self._adopt(_take_prestarted(self.model, 1, self.memory_mb))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._head is not None:  # no batch of the run was the one started ahead
            self._head.cancel()
            self._head = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _adopt(self, prestarted: _Prestarted | None) -> None:
        if prestarted is not None:
            self._pool, self._head = prestarted.pool, prestarted.head

    def _ensure_pool(self) -> Executor:
        if self._pool is None:
            self._adopt(_take_prestarted(self.model, self.workers, self.memory_mb))
        if self._pool is None:
            self._pool = _start_pool(self.model, self.workers, self.memory_mb)
        return self._pool

    def _claim_head(self, documents: Sequence[Document]) -> HeadStart | None:
        """The head start, if it is this batch: the same files with the same content, in the same order."""
        with self._lock:
            head = self._head
            if head is None or head.identity != _identity(documents):
                return None
            self._head = None
            return head

    def run(self, documents: Sequence[Document]) -> list[Extraction | str]:
        """Extractions in input order; a failed document yields its error text."""
        pool = self._ensure_pool() if self.workers > 1 else self._pool
        head = self._claim_head(documents)
        try:
            if head is not None:
                return head.results()
            if pool is None:
                # spaCy is imported only where extraction runs: with worker processes, never in this one.
                from transforms.extract import extract_batch

                return extract_batch(documents, self.model, self.limits)
            results: list[Extraction | str] = []
            for part_result in pool.map(_work, _parts(documents, self.workers), repeat(self.limits)):
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
                self._replace_broken_pool()
                try:
                    results.extend(self._pool.submit(_work, [document], self.limits).result())
                except BrokenProcessPool:
                    results.append(
                        f"the extraction process died on this document (over its {self.memory_mb:,} MiB memory ceiling, "
                        "NEWSFACTS_WORKER_MEMORY_MB, or a crash in the NLP library)"
                    )
        return results

    def _replace_broken_pool(self) -> None:
        pool = self._pool
        if pool is not None and not getattr(pool, "_broken", False):
            return
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._pool = _start_pool(self.model, self.workers, self.memory_mb)
