"""Run extraction on both cores: worker processes that load spaCy once each.

``nlp.pipe(n_process=2)`` would ship parsed Docs back through pickles; here the
workers parse *and* extract, and only small records come back. Workers start
with 'spawn' (the flow process has threads; forking it is unsafe) and live for
the whole run, so the model loads once per worker, not per batch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor

from transforms.records import Document, Extraction

_MODEL: str | None = None


def _init_worker(model: str) -> None:
    global _MODEL
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from transforms.nlp import load_pipeline

    load_pipeline(model)
    _MODEL = model


def _ready() -> None:
    """A no-op job: submitting it makes the pool start a worker (which loads the model)."""


def _work(documents: Sequence[Document]) -> list[Extraction | str]:
    from transforms.extract import extract_batch

    return extract_batch(documents, _MODEL or "")


class Extractor:
    """Extract batches in-process (1 worker) or in a pool of worker processes."""

    def __init__(self, model: str, workers: int) -> None:
        self.model = model
        self.workers = max(1, workers)
        self._pool: Executor | None = None

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            # Start the workers now: they load the model while the first batch is read.
            pool = self._ensure_pool()
            for _ in range(self.workers):
                pool.submit(_ready)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _ensure_pool(self) -> Executor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=mp.get_context("spawn"),
                initializer=_init_worker,
                initargs=(self.model,),
            )
        return self._pool

    def run(self, documents: Sequence[Document]) -> list[Extraction | str]:
        """Extractions in input order; a failed document yields its error text."""
        if self.workers == 1 or len(documents) < 8:
            # spaCy is imported only where extraction runs: with worker processes, never in this one.
            from transforms.extract import extract_batch

            return extract_batch(documents, self.model)
        pool = self._ensure_pool()
        size = max(4, -(-len(documents) // (self.workers * 4)))
        parts = [list(documents[i : i + size]) for i in range(0, len(documents), size)]
        results: list[Extraction | str] = []
        for part_result in pool.map(_work, parts):
            results.extend(part_result)
        return results
