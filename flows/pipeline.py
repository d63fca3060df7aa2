"""The newsfacts flow: discover -> read -> extract -> transform -> load (staging) -> link quotes -> validate -> publish.

The flow body is the pipeline; the work is in ``flows/stages.py`` (plain functions) and,
below them, ``transforms/``, ``expectations/`` and ``warehouse/``. Each task works on a
batch of documents (a task run costs ~10 ms, so never one per document). Nothing is
cached by Prefect: inputs are large and the warehouse is the state.

How extraction batches are kept in flight and handed over is ``flows/runtime/batches.py``.
"""

from __future__ import annotations

import logging

import polars as pl
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.utilities.annotations import quote

from expectations.validate import ValidationReport
from flows import report as run_report
from flows import stages
from flows.runs import RunSummary
from flows.runtime.batches import Handoff, extracted_batches
from flows.runtime.parallel import Extractor
from flows.runtime.session import Runtime
from flows.settings import Settings
from flows.stages import Run, ValidationFailed  # noqa: F401 - ValidationFailed re-exported: the CLI and tests catch it here
from transforms.limits import DocumentLimits
from transforms.reading.learned import LearnedFurniture
from transforms.records import Document, Extraction, Rejection, SourceFile
from warehouse import publishing

log = logging.getLogger("newsfacts")


# ----------------------------------------------------------------------------- tasks


@task(name="discover", cache_policy=NONE)
def discover(run: Run, runtime: Runtime) -> stages.Planned:
    return stages.discover_and_plan(run, memo=runtime.hashes)


@task(name="read", cache_policy=NONE, retries=1, retry_delay_seconds=1)
def read_batch(batch: list[SourceFile], settings: Settings, learned: LearnedFurniture) -> Handoff[tuple[list[Document], list[Rejection]]]:
    return Handoff(stages.read(batch, settings, learned))


@task(name="extract", cache_policy=NONE)
def extract_documents(
    documents: list[Document], model: str, limits: DocumentLimits, extractor: Extractor | None = None
) -> Handoff[tuple[list[Document], list[Extraction], list[Rejection]]]:
    """spaCy + rules on a batch; a document whose extraction fails is rejected with the reason.

    Locally ``extractor`` spreads the batch over its worker processes; on a Dask cluster
    (no extractor) the batch runs where the task runs, in a worker that keeps its model."""
    if extractor is not None:
        results = extractor.run(documents)
    else:
        from transforms.extract import extract_batch  # spaCy: imported only where extraction runs

        results = extract_batch(documents, model, limits)
    return Handoff(stages.split_results(documents, results))


@task(name="transform", cache_policy=NONE)
def tabulate(run: Run, documents: list[Document], extractions: list[Extraction]) -> Handoff[dict[str, pl.DataFrame]]:
    return Handoff(stages.tabulate(run, documents, extractions))


@task(name="load", cache_policy=NONE)
def load_batch(con, frames: dict[str, pl.DataFrame], lineage: pl.DataFrame) -> None:  # noqa: ANN001 - duckdb connection
    stages.load(con, frames, lineage)


@task(name="quotes", cache_policy=NONE)
def link_quotes(con, run: Run) -> None:  # noqa: ANN001 - duckdb connection
    stages.link_quotes(con, run)


@task(name="validate", cache_policy=NONE)
def validate(con, run: Run, runtime: Runtime) -> ValidationReport:  # noqa: ANN001 - duckdb connection
    with run.stage("validate"):
        return stages.validate(con, run, runtime.validate)


@task(name="publish", cache_policy=NONE)
def publish(con, run: Run) -> None:  # noqa: ANN001 - duckdb connection
    stages.publish(con, run)


# ------------------------------------------------------------------------------ flow


@flow(name="newsfacts", log_prints=False, validate_parameters=False)
def newsfacts_flow(settings: Settings, runtime: Runtime | None = None) -> RunSummary:
    """Load new and changed articles from settings.input_dir into the published warehouse.

    ``runtime``: the run's helper processes, when the caller started them (``flows/runtime/session.py``)."""
    run, runtime = stages.begin(settings), runtime or Runtime()
    with publishing.run_lock(settings.warehouse):
        publishing.clean_stale_staging(settings.warehouse)
        planned = discover(run, runtime)
        with publishing.staged(settings.warehouse, run.run_id, settings.storage_version) as (con, _):
            loaded = stages.start_loading(con, run, planned)
            batches = extracted_batches(run, runtime, planned, loaded, read_batch, extract_documents)
            for documents, extractions, rejected in batches:
                with run.stage("transform"):
                    frames = tabulate(run, quote(documents), quote(extractions)).take()
                with run.stage("load"):
                    load_batch(con, quote(frames), quote(stages.lineage(run, documents)))
                loaded.add(documents, rejected)
            stages.finish_loading(con, run, planned, loaded)
            if planned.has_work:
                link_quotes(con, run)
            report = validate(con, run, runtime) if planned.has_work else None
            outcome = stages.record(con, run, planned, loaded, report)
            publish(con, run)
    summary = stages.summarize(run, loaded, outcome, runtime.draw_charts)
    create_markdown_artifact(key="newsfacts-run-report", markdown=run_report.render(summary), description=f"newsfacts run {run.run_id}")
    return summary


@flow(name="newsfacts-scheduled", log_prints=False)
def scheduled_run(input_dir: str, warehouse: str, model: str | None = None) -> str:
    """The deployment's entry point: plain parameters (a schedule stores them as JSON), one run of the flow.

    A run that finds another in progress is skipped, not failed: the next tick catches up."""
    settings = Settings.from_env(input_dir=input_dir, warehouse=warehouse, model=model)
    try:
        return newsfacts_flow(settings).status
    except publishing.RunInProgress as exc:
        log.warning("%s", exc)
        return "skipped_run_in_progress"
