"""Run extraction on both cores: worker processes that load spaCy once each.

``nlp.pipe(n_process=2)`` would ship parsed Docs back through pickles; here the
workers parse *and* extract, and only small records come back. Workers start
with 'spawn' (the flow process has threads; forking it is unsafe) and live for
the whole run, so the model loads once per worker, not per batch.

A run with work starts its workers first thing (``prestart``, from the command
line): each spends ~4 s loading the model, and that then overlaps Prefect's
server boot and this process's imports instead of following them.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from transforms.records import Document, Extraction

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


def _init_worker(model: str) -> None:
    global _MODEL
    with contextlib.suppress(OSError):  # a platform without nice(2) runs workers at normal priority
        os.nice(WORKER_NICENESS)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from transforms.nlp import load_pipeline

    load_pipeline(model)
    _MODEL = model


def _ready() -> None:
    """A no-op job: submitting it makes the pool start a worker (which loads the model)."""


def _work(documents: Sequence[Document]) -> list[Extraction | str]:
    from transforms.extract import extract_batch

    return extract_batch(documents, _MODEL or "")


def _start_pool(model: str, workers: int) -> ProcessPoolExecutor:
    """A pool whose workers start now (one no-op job each), loading the model as they start."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("spawn"),
        initializer=_init_worker,
        initargs=(model,),
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool


# The pool started by ``prestart``, keyed by what it was started for; the next Extractor
# asking for the same model and worker count takes it over.
_prestarted: tuple[tuple[str, int], ProcessPoolExecutor] | None = None


def prestart(model: str, workers: int) -> None:
    """Start the workers of the coming run now, so their model loads overlap its start-up.

    Even a run of one worker gets one: loading the model there, during the server's boot,
    beats loading it in this process once the flow has started."""
    global _prestarted
    discard_prestarted()
    _prestarted = ((model, workers), _start_pool(model, workers))


def discard_prestarted() -> None:
    """Stop a pre-started pool no Extractor took (a run that failed before extracting)."""
    global _prestarted
    if _prestarted is not None:
        _prestarted[1].shutdown(wait=True, cancel_futures=True)
        _prestarted = None


def _take_prestarted(model: str, workers: int) -> ProcessPoolExecutor | None:
    global _prestarted
    if _prestarted is None or _prestarted[0] != (model, workers):
        discard_prestarted()
        return None
    pool, _prestarted = _prestarted[1], None
    return pool


class Extractor:
    """Extract batches in a pool of worker processes, or in this process when there is no pool.

    A run of one worker extracts in-process unless ``prestart`` left it a worker that
    has loaded the model already (then its batches go there)."""

    def __init__(self, model: str, workers: int) -> None:
        self.model = model
        self.workers = max(1, workers)
        self._pool: Executor | None = None

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            # Start the workers now (unless prestart did): they load the model while the first batch is read.
            self._ensure_pool()
        else:
            self._pool = _take_prestarted(self.model, 1)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> Executor:
        if self._pool is None:
            self._pool = _take_prestarted(self.model, self.workers) or _start_pool(self.model, self.workers)
        return self._pool

    def run(self, documents: Sequence[Document]) -> list[Extraction | str]:
        """Extractions in input order; a failed document yields its error text."""
        pool = self._ensure_pool() if self.workers > 1 else self._pool
        if pool is None:
            # spaCy is imported only where extraction runs: with worker processes, never in this one.
            from transforms.extract import extract_batch

            return extract_batch(documents, self.model)
        size = max(4, -(-len(documents) // (self.workers * 4)))
        parts = [list(documents[i : i + size]) for i in range(0, len(documents), size)]
        results: list[Extraction | str] = []
        for part_result in pool.map(_work, parts):
            results.extend(part_result)
        return results
