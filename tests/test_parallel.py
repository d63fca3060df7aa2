"""Extraction workers started ahead of a run: used by the run they were started for, stopped otherwise."""

from __future__ import annotations

from dataclasses import replace

from flows.runtime import parallel
from flows.runtime.session import Runtime
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


def test_a_started_one_worker_extractor_extracts_in_its_worker():
    with parallel.Extractor(MODEL, 1).start() as extractor:
        assert extractor._pool is not None, "a one-worker run uses the worker started for it"
        results = extractor.run(DOCS)
    assert extractor._pool is None, "leaving the run stops the worker"
    assert results == extract_batch(DOCS, MODEL)  # the same extractions as in this process


def test_a_started_extractor_the_run_cannot_use_is_stopped_and_replaced():
    runtime = Runtime(parallel.Extractor(MODEL, 2).start())
    started = runtime.extractor
    settings = Settings().with_overrides(workers=2)
    extractor = runtime.extractor_for(settings, 3)  # the flow settled on one worker: 3 documents
    assert extractor is not started and not started.started
    with extractor:
        assert extractor.workers == 1 and not extractor.started  # one worker: extracts in this process
        assert extractor.run(DOCS[:1]) == extract_batch(DOCS[:1], MODEL)


def test_a_started_extractor_that_fits_is_the_one_the_run_uses():
    settings = Settings().with_overrides(workers=2)
    with Runtime.started(settings, 3) as runtime:
        started = runtime.extractor
        assert started.started and runtime.validates_elsewhere
        assert runtime.extractor_for(settings, 3) is started
    assert not started.started, "closing the runtime stops its processes"


def test_the_dask_runner_has_no_local_extractor():
    assert Runtime().extractor_for(Settings().with_overrides(runner="dask"), 500) is None


def test_small_runs_use_one_worker_and_large_runs_all():
    assert parallel.workers_for(parallel.MIN_DOCUMENTS_FOR_WORKERS - 1, 2) == 1
    assert parallel.workers_for(parallel.MIN_DOCUMENTS_FOR_WORKERS, 2) == 2


def test_a_batch_started_ahead_is_collected_not_extracted_again(monkeypatch):
    with parallel.Extractor(MODEL, 1).start() as extractor:
        assert extractor.head_start(DOCS)

        def extracted_again(*args, **kwargs):
            raise AssertionError("the batch started ahead was extracted again")

        monkeypatch.setattr(extractor._pool, "map", extracted_again)
        assert extractor.run(DOCS) == extract_batch(DOCS, MODEL)
        assert extractor._head is None, "the head start was used up"
        assert extractor.early_seconds > 0, "its extraction time is counted, not lost in the start-up"


def test_a_batch_other_than_the_one_started_ahead_is_extracted_as_usual():
    changed = [DOCS[0], replace(DOCS[1], sha256="1" * 64, body="The council said 40 homes would be built.")]  # b.txt changed
    with parallel.Extractor(MODEL, 1).start() as extractor:
        assert extractor.head_start(DOCS)
        assert extractor.run(changed) == extract_batch(changed, MODEL)
        assert extractor._head is not None, "the head start is kept for the batch it belongs to"
        assert extractor.run(DOCS) == extract_batch(DOCS, MODEL)
        assert extractor._head is None


def test_no_head_start_without_started_workers():
    assert not parallel.Extractor(MODEL, 1).head_start(DOCS)
