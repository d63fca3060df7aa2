"""Extraction workers started ahead of a run: taken over by the run they were started for, stopped otherwise."""

from __future__ import annotations

from dataclasses import replace

from flows.runtime import parallel
from flows.settings import Settings
from transforms.extract import extract_batch
from transforms.records import Document

MODEL = Settings().model


def doc(doc_id: str, body: str) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "0" * 64, "utf-8", "t", None, None, None, body)


DOCS = [
    doc("a", '"We will open the bridge in May," the mayor, Jane Roe, said on Monday.'),
    doc("b", "Police said nearly 12 people were hurt in the crash."),
]


def test_a_prestarted_worker_extracts_the_run_it_was_started_for():
    parallel.prestart(MODEL, 1)
    with parallel.Extractor(MODEL, 1) as extractor:
        assert parallel._prestarted is None, "the run took the pool over"
        assert extractor._pool is not None, "a one-worker run uses the worker started for it"
        results = extractor.run(DOCS)
    assert results == extract_batch(DOCS, MODEL)  # the same extractions as in this process


def test_a_prestarted_pool_the_run_cannot_use_is_stopped():
    parallel.prestart(MODEL, 2)
    with parallel.Extractor(MODEL, 1) as extractor:  # the flow settled on one worker
        assert extractor._pool is None
        assert parallel._prestarted is None
        assert extractor.run(DOCS[:1]) == extract_batch(DOCS[:1], MODEL)


def test_small_runs_use_one_worker_and_large_runs_all():
    assert parallel.workers_for(parallel.MIN_DOCUMENTS_FOR_WORKERS - 1, 2) == 1
    assert parallel.workers_for(parallel.MIN_DOCUMENTS_FOR_WORKERS, 2) == 2


def test_a_batch_started_ahead_is_collected_not_extracted_again(monkeypatch):
    parallel.prestart(MODEL, 1)
    assert parallel.head_start(DOCS)
    with parallel.Extractor(MODEL, 1) as extractor:

        def extracted_again(*args, **kwargs):
            raise AssertionError("the batch started ahead was extracted again")

        monkeypatch.setattr(extractor._pool, "map", extracted_again)
        assert extractor.run(DOCS) == extract_batch(DOCS, MODEL)
        assert extractor._head is None, "the head start was used up"


def test_a_batch_other_than_the_one_started_ahead_is_extracted_as_usual():
    parallel.prestart(MODEL, 1)
    assert parallel.head_start(DOCS)
    changed = [DOCS[0], replace(DOCS[1], sha256="1" * 64, body="The council said 40 homes would be built.")]  # b.txt changed
    with parallel.Extractor(MODEL, 1) as extractor:
        assert extractor.run(changed) == extract_batch(changed, MODEL)
        assert extractor._head is not None, "the head start is kept for the batch it belongs to"
        assert extractor.run(DOCS) == extract_batch(DOCS, MODEL)
        assert extractor._head is None


def test_no_head_start_without_workers_started_for_the_run():
    parallel.discard_prestarted()
    assert not parallel.head_start(DOCS)
