"""The newsfacts flow: discover -> read -> extract -> transform -> load (staging) -> validate -> publish.

Each task works on a batch of documents (a Prefect task run costs ~10 ms, so
never one per document). Tasks are thin: the work lives in ``transforms/``
(pure functions), ``expectations/`` and ``warehouse/``. Nothing is cached by
Prefect (inputs are large and the warehouse is the state), and batch inputs are
passed ``quote``d: otherwise Prefect walks every nested record looking for
futures, which cost 25x the work of building the tables.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from collections import deque
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

import polars as pl
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.futures import PrefectFuture
from prefect.utilities.annotations import quote

from expectations.validate import ValidationReport, foreign_keys, resolve_suites
from flows import files as filesys
from flows import report as run_report
from flows import validator, warmup
from flows.memory import release_memory
from flows.parallel import Extractor, workers_for
from flows.runs import RunSummary, code_version, file_counts, files_frame, has_work, lineage_frame, new_run_id, run_row, utc_now
from flows.settings import Settings
from transforms.limits import DocumentLimits
from transforms.records import Document, Extraction, Rejection, SourceFile
from transforms.tables import build_tables
from warehouse import store

log = logging.getLogger("newsfacts")
T = TypeVar("T")


class ValidationFailed(RuntimeError):
    """Validation failed: nothing was published."""

    def __init__(self, report: ValidationReport, quarantine: Path) -> None:
        docs = f"; Data Docs: {report.data_docs}" if report.data_docs else ""
        super().__init__(f"validation {report.summary()}; nothing published; failing rows kept in {quarantine}{docs}")
        self.report = report
        self.quarantine = quarantine


def crash_test_hook(stage: str) -> None:
    """Reliability tests only: NEWSFACTS_TEST_KILL_AT=<stage> kills the run there with SIGKILL,
    NEWSFACTS_TEST_PAUSE_AT=<stage> holds it for a few seconds (to race a second run against it)."""
    if os.environ.get("NEWSFACTS_TEST_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("NEWSFACTS_TEST_PAUSE_AT") == stage:
        time.sleep(float(os.environ.get("NEWSFACTS_TEST_PAUSE_SECONDS", "20")))


# ----------------------------------------------------------------------------- tasks


class Handoff(Generic[T]):
    """A task's result, taken by the flow exactly once.

    Prefect keeps each task run's return value for as long as the flow runs. For
    batches of documents that meant holding the whole corpus: the flow's memory grew
    about 75 KB per document. Batch tasks return their result in this box instead, and
    ``take()`` empties it, so only the batches in flight stay in memory."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value: T | None = value

    def take(self) -> T:
        value, self._value = self._value, None
        if value is None:
            raise RuntimeError("a batch result was taken twice")
        return value


@task(name="discover", cache_policy=NONE)
def discover_files(input_dir: Path, pattern: str, max_bytes: int) -> list[SourceFile]:
    return filesys.discover(input_dir, pattern, max_bytes)


@task(name="read", cache_policy=NONE, retries=1, retry_delay_seconds=1)
def read_batch(batch: list[SourceFile], settings: Settings) -> Handoff[tuple[list[Document], list[Rejection]]]:
    """Decode and parse a batch of files; each bad file becomes a Rejection, never an exception."""
    return Handoff(filesys.read_all(batch, settings.source_name, settings.max_file_bytes, settings.limits))


@task(name="extract", cache_policy=NONE)
def extract_documents(
    documents: list[Document], model: str, limits: DocumentLimits, extractor: Extractor | None = None
) -> Handoff[tuple[list[Document], list[Extraction], list[Rejection]]]:
    """spaCy + rules on a batch; a document whose extraction raises is rejected with the error.

    Locally ``extractor`` spreads the batch over its worker processes; on a Dask
    cluster (no extractor) the batch runs where the task runs, in a worker that
    keeps its loaded model between batches."""
    if extractor is not None:
        results = extractor.run(documents)
    else:
        from transforms.extract import extract_batch  # spaCy: imported only where extraction runs

        results = extract_batch(documents, model, limits)
    kept_docs: list[Document] = []
    extractions: list[Extraction] = []
    rejected: list[Rejection] = []
    for document, result in zip(documents, results, strict=True):
        if isinstance(result, str):
            rejected.append(Rejection(document.source_path, document.sha256, len(document.body), result))
        else:
            kept_docs.append(document)
            extractions.append(result)
    return Handoff((kept_docs, extractions, rejected))


@task(name="transform", cache_policy=NONE)
def tabulate(
    documents: list[Document], extractions: list[Extraction], run_id: str, loaded_at: datetime
) -> Handoff[dict[str, pl.DataFrame]]:
    return Handoff(build_tables(documents, extractions, run_id, loaded_at))


@task(name="load", cache_policy=NONE)
def stage_load(con, frames: dict[str, pl.DataFrame], lineage: pl.DataFrame) -> None:  # noqa: ANN001 - duckdb connection
    store.load_batch(con, frames, lineage)


# Documents per Great Expectations pass: a full rebuild is validated a share at a time,
# so validation's memory does not grow with the corpus.
VALIDATION_CHUNK = 2000


@task(name="validate", cache_policy=NONE)
def validate_staging(con, run_id: str, docs_dir: Path) -> ValidationReport:  # noqa: ANN001 - duckdb connection
    """GX suites on the rows this run wrote (and any dangling key), against the whole staging warehouse;
    Data Docs (HTML) go to ``docs_dir``."""
    parts = max(1, -(-store.run_documents(con, run_id) // VALIDATION_CHUNK))
    keys = foreign_keys()  # read the suite files once, not once per part
    reports = []
    for part in range(parts):
        frames = store.rows_to_validate(con, run_id, keys, part, parts)
        suites = resolve_suites(frames, lambda table, column, candidates: store.existing_values(con, table, column, candidates))
        run_name = run_id if parts == 1 else f"{run_id}-part{part + 1}"
        reports.append(validator.validate(frames, suites, docs_dir, run_name))
        del frames
        if part + 1 < parts:  # GX leaves cycles behind: the next part starts from the same footprint
            release_memory(collect=True)
    return ValidationReport.combine(reports)


@task(name="publish", cache_policy=NONE)
def publish_staging(con, staging: Path, warehouse: Path) -> None:  # noqa: ANN001 - duckdb connection
    store.publish(con, staging, warehouse)


# ------------------------------------------------------------------------------ flow


@flow(name="newsfacts", log_prints=False, validate_parameters=False)
def newsfacts_flow(settings: Settings, inject_invalid_row: bool = False) -> RunSummary:
    """Load new and changed articles from settings.input_dir into the published warehouse.

    ``inject_invalid_row`` is a test hook: it adds a statement that breaks the
    fact_statements suite, to prove a failed validation publishes nothing.
    """
    started = time.perf_counter()
    started_at = utc_now()
    run_id = new_run_id(started_at)
    version = code_version()
    warehouse = settings.warehouse
    stages: dict[str, float] = {}

    def timed(stage: str, t0: float) -> None:
        stages[stage] = stages.get(stage, 0.0) + time.perf_counter() - t0

    with store.run_lock(warehouse):
        store.clean_stale_staging(warehouse)
        t0 = time.perf_counter()
        found = discover_files(settings.input_dir, settings.pattern, settings.max_file_bytes)
        published = store.read_lineage(warehouse)
        source = settings.source_name
        the_plan = filesys.plan(found, source, published, store.read_rejections(warehouse, version))
        timed("discover", t0)
        crash_test_hook("discover")
        log.info(
            "discovered %d files: %d to read, %d unchanged, %d duplicates, %d rejected",
            len(found),
            len(the_plan.to_read),
            len(the_plan.unchanged),
            len(the_plan.duplicates),
            len(the_plan.rejected),
        )

        with store.staged(warehouse, run_id) as (con, staging):
            rejections = list(the_plan.rejected)
            # (path, sha256, document_id) per loaded file: the run keeps no document text
            # beyond the batches in flight, so memory stays flat however large the corpus.
            loaded: list[tuple[str, str, str]] = []
            store.forget_documents(con, source, the_plan.changed_paths)
            if the_plan.changed_paths:
                log.info("%d files of source '%s' changed: new content replaces their documents", len(the_plan.changed_paths), source)
            progress = Progress(len(the_plan.to_read), started)
            local = settings.runner == "local"
            workers = workers_for(len(the_plan.to_read), settings.workers) if local else 1
            in_flight: deque[tuple[int, PrefectFuture]] = deque()

            def finish(size: int, future: PrefectFuture) -> None:
                """Tabulate and stage one extracted batch (while the next ones extract)."""
                t0 = time.perf_counter()
                documents, extractions, bad = future.result().take()
                rejections.extend(bad)
                timed("extract", t0)
                crash_test_hook("extract")
                t0 = time.perf_counter()
                frames = tabulate(quote(documents), quote(extractions), run_id, started_at).take()
                if inject_invalid_row:
                    frames["fact_statements"] = _with_invalid_row(frames["fact_statements"])
                timed("transform", t0)
                t0 = time.perf_counter()
                entries = [(d.document_id, d.source_path, d.sha256) for d in documents]
                stage_load(con, quote(frames), quote(lineage_frame(entries, source, run_id, settings.model, version)))
                crash_test_hook("load")
                loaded.extend((d.source_path, d.sha256, d.document_id) for d in documents)
                timed("load", t0)
                progress.advance(size)

            # Read batch k+1 while batch k extracts; keep `depth` batches queued so no worker waits.
            depth = 1 if local else settings.workers + 1
            # GX is imported where validation will run: a pre-started validator has it already.
            gx_import_started = validator.running()
            extractor_for_run = Extractor(settings.model, workers, settings.limits, settings.worker_memory_mb) if local else None
            with extractor_for_run or contextlib.nullcontext() as extractor:
                for batch in filesys.chunks(the_plan.to_read, settings.batch_size):
                    t0 = time.perf_counter()
                    documents, bad = read_batch(quote(batch), settings).take()
                    rejections.extend(bad)
                    timed("read", t0)
                    # quote() spares Prefect a walk over every record; a quoted argument does not
                    # survive the trip to a Dask worker (it arrives still wrapped), so send it plain there.
                    argument = quote(documents) if local else documents
                    in_flight.append((len(batch), extract_documents.submit(argument, settings.model, settings.limits, extractor)))
                    if not gx_import_started:
                        # With no validation process, validation's Great Expectations import (~4 s)
                        # runs in a thread of this one while the workers extract.
                        warmup.in_background(warmup.import_module("great_expectations"))
                        gx_import_started = True
                    while len(in_flight) > depth:
                        finish(*in_flight.popleft())
                # Let the workers go as soon as the last batches are extracted, before those are
                # tabulated and loaded: their memory is then free for validation.
                t0 = time.perf_counter()
                for _, future in in_flight:
                    future.wait()
                timed("extract", t0)
            while in_flight:
                finish(*in_flight.popleft())

            t0 = time.perf_counter()
            entries = [(doc_id, f.rel_path, f.sha256) for f, doc_id in the_plan.duplicates]
            store.add_duplicate_lineage(con, lineage_frame(entries, source, run_id, settings.model, version))
            store.prune_orphans(con)
            timed("load", t0)

            t0 = time.perf_counter()
            changed = has_work(the_plan, warehouse)
            report = validate_staging(con, run_id, warehouse.parent / "docs") if changed else ValidationReport(True, {}, [])
            timed("validate", t0)
            crash_test_hook("validate")
            table_counts = store.row_counts(con)
            status = ("published" if changed else "nothing_to_do") if report.success else "failed_validation"
            counts = file_counts(len(found), len(loaded), the_plan, len(rejections))
            row = run_row(run_id, started_at, started, settings, status, counts, report.success, version, stages)
            sizes = {f.rel_path: f.size for f in found}
            store.record_run(con, row, files_frame(run_id, source, the_plan, loaded, rejections, published, sizes))
            if not report.success:
                store.save_failures(con, _failures_frame(report))
                target = store.quarantine(con, staging, warehouse, run_id)
                raise ValidationFailed(report, target)
            t0 = time.perf_counter()
            crash_test_hook("swap")
            publish_staging(con, staging, warehouse)
            timed("publish", t0)

    summary = RunSummary(
        run_id=run_id,
        status=status,
        **counts,
        rejections=rejections,
        row_counts=table_counts,
        validation=report.summary() if changed else "skipped (nothing changed)",
        data_docs=report.data_docs or "",
        elapsed_seconds=time.perf_counter() - started,
        stage_seconds=stages,
        warehouse=str(warehouse),
        source=source,
    )
    summary.report_path = str(run_report.write(summary))
    create_markdown_artifact(key="newsfacts-run-report", markdown=run_report.render(summary), description=f"newsfacts run {run_id}")
    return summary


@flow(name="newsfacts-scheduled", log_prints=False)
def scheduled_run(input_dir: str, warehouse: str, model: str | None = None) -> str:
    """The deployment's entry point: plain parameters (a schedule stores them as JSON), one run of the flow.

    A run that finds another in progress is skipped, not failed: the next tick catches up."""
    settings = Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, model=model)
    try:
        return newsfacts_flow(settings).status
    except store.RunInProgress as exc:
        log.warning("%s", exc)
        return "skipped_run_in_progress"


def _with_invalid_row(frame: pl.DataFrame) -> pl.DataFrame:
    bad = {c: None for c in frame.columns}
    bad.update(
        {
            "statement_id": "invalid-row",
            "document_id": "no-such-document",
            "kind": "rumour",
            "content": "",
            "start_offset": 0,
            "end_offset": 0,
            "sentence_index": 0,
            "paragraph_index": 0,
            "confidence": 0.5,
        }
    )
    return pl.concat([frame, pl.DataFrame([bad], schema=frame.schema)])


def _failures_frame(report: ValidationReport) -> pl.DataFrame:
    rows = [
        {"table_name": f.table, "expectation": f.expectation, "column_name": f.column, "failing_key": str(key)}
        for f in report.failures
        for key in (f.failing_keys or [None])
    ]
    return pl.DataFrame(rows, schema={"table_name": pl.Utf8, "expectation": pl.Utf8, "column_name": pl.Utf8, "failing_key": pl.Utf8})


class Progress:
    """Files done, rate and ETA after each batch: on a terminal (INFO level), silent in CI."""

    def __init__(self, total: int, started: float) -> None:
        self.total = total
        self.done = 0
        self.batches = 0
        self.started = started

    def advance(self, files: int) -> None:
        self.done += files
        self.batches += 1
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        log.info(
            "batch %d: %d/%d files (%.0f%%, %.1f files/s, ETA %.0fs)",
            self.batches,
            self.done,
            self.total,
            100.0 * self.done / max(self.total, 1),
            rate,
            eta,
        )
