"""The pipeline's stages as plain functions: discover and plan, read, extract, tabulate, load, link quotes, validate, publish.

Nothing here imports Prefect: ``flows/pipeline.py`` wraps these as tasks, the command line
settles a run with nothing to do through the same functions, and tests call them directly.
A ``Run`` carries what a run knows about itself and times its stages; ``listeners`` hear
each stage start and end (the reliability tests' fault injection installs itself there).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from expectations.validate import ResolvedSuite, ValidationReport, foreign_keys, resolve_suites, run_suites
from flows import charts
from flows import files as filesys
from flows import report as run_report
from flows.progress import listeners, phase
from flows.runs import (
    RunSummary,
    code_version,
    command_clock,
    file_counts,
    files_frame,
    furniture_frame,
    has_work,
    lineage_frame,
    new_run_id,
    run_row,
    utc_now,
)
from flows.runtime.memory import release_memory
from flows.settings import Settings
from transforms.reading.learned import LearnedFurniture
from transforms.records import Document, Extraction, Rejection, SourceFile
from transforms.tables import build_tables
from warehouse import identity, loads, publishing, quotes, reads

log = logging.getLogger("newsfacts")


# Documents per Great Expectations pass: a large run is validated a share at a time,
# so validation's memory does not grow with the corpus.
VALIDATION_CHUNK = 2000


class ValidationFailed(RuntimeError):
    """Validation failed: nothing was published."""

    def __init__(self, report: ValidationReport, quarantine: Path) -> None:
        docs = f"; Data Docs: {report.data_docs}" if report.data_docs else ""
        super().__init__(f"validation {report.summary()}; nothing published; failing rows kept in {quarantine}{docs}")
        self.report = report
        self.quarantine = quarantine


@dataclass
class Run:
    """One run: its id, settings and code version, and the seconds spent per stage."""

    settings: Settings
    run_id: str
    started_at: datetime
    started: float  # time.monotonic() the run counts from: its command's start (runs.command_clock)
    version: str
    stage_seconds: dict[str, float] = field(default_factory=dict)
    startup: float = 0.0  # seconds from that start to the flow's

    @property
    def source(self) -> str:
        return self.settings.source_name

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage (seconds add up over its batches) and tell the listeners it started and ended."""
        for listener in listeners:
            listener("start", name)
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[name] = self.stage_seconds.get(name, 0.0) + time.perf_counter() - t0
        for listener in listeners:
            listener("end", name)


def begin(settings: Settings) -> Run:
    started_at, now = utc_now(), time.monotonic()
    started = command_clock(now)
    return Run(settings, new_run_id(started_at), started_at, started, code_version(), startup=now - started)


@dataclass
class Planned:
    """What discovery found and what the run will do with each file."""

    found: list[SourceFile]
    published: dict[tuple[str, str], tuple[str, str]]
    plan: filesys.Plan
    has_work: bool
    learned: LearnedFurniture = field(default_factory=LearnedFurniture)  # the source's furniture, counting this run's pages
    reread: list[SourceFile] = field(default_factory=list)  # unchanged files read again: a line of theirs changed status


def discover_and_plan(run: Run, learn: bool = True, memo: filesys.HashMemo | None = None) -> Planned:
    """Every input file, sorted against what is published (``flows.files.plan``); with ``learn``, the
    source's furniture counted with this run's pages, and the unchanged files that must be read again."""
    settings = run.settings
    with run.stage("discover"):
        found = filesys.discover(settings.input_dir, settings.pattern, settings.max_file_bytes, memo)
        published = reads.read_lineage(settings.warehouse)
        the_plan = filesys.plan(found, run.source, published, reads.read_rejections(settings.warehouse, run.version))
        learned, reread = learn_furniture(run, the_plan, published) if learn and the_plan.to_read else (LearnedFurniture(), [])
        if reread:
            the_plan.unchanged = [f for f in the_plan.unchanged if f not in reread]
            the_plan.to_read = the_plan.to_read + reread
            log.info(
                "%d unchanged files of source '%s' are read again: lines of theirs became or stopped being furniture",
                len(reread),
                run.source,
            )
    log.info(
        "discovered %d files: %d to read, %d unchanged, %d duplicates, %d rejected",
        len(found),
        len(the_plan.to_read),
        len(the_plan.unchanged),
        len(the_plan.duplicates),
        len(the_plan.rejected),
    )
    return Planned(found, published, the_plan, has_work(the_plan, settings.warehouse), learned, reread)


def learn_furniture(
    run: Run, the_plan: filesys.Plan, published: dict[tuple[str, str], tuple[str, str]]
) -> tuple[LearnedFurniture, list[SourceFile]]:
    """What the source's pages teach once this run's new pages are counted (``transforms/reading/learned.py``), and
    the unchanged files whose pages hold a line that became furniture, or stopped being it, with them."""
    settings = run.settings
    stored = reads.read_line_shapes(settings.warehouse, run.source)
    before = LearnedFurniture.of(stored.values())
    superseded = {published[(run.source, path)][1] for path in the_plan.changed_paths if (run.source, path) in published}
    new = [shapes for f in the_plan.to_read if (shapes := filesys.line_shapes(f, settings.max_file_bytes)) is not None]
    now = LearnedFurniture.of([shapes for doc_id, shapes in stored.items() if doc_id not in superseded] + new)
    flipped = set(before.known()) ^ set(now.known())
    reread = []
    if flipped:
        for f in the_plan.unchanged:
            entry = published.get((run.source, f.rel_path))
            if entry and flipped & stored.get(entry[1], frozenset()):
                reread.append(f)
    return now, reread


class Progress:
    """Files done, rate and ETA after each batch: on a terminal (INFO level), silent in CI."""

    def __init__(self, total: int, started: float) -> None:
        self.total = total
        self.done = 0
        self.batches = 0
        self.started = started
        log.info("%d files to read and extract", total, extra={"done": 0, "total": total, "rate": 0.0, "eta": 0.0})  # the bar: 0/N

    def advance(self, files: int) -> None:
        self.done += files
        self.batches += 1
        elapsed = time.monotonic() - self.started
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
            extra={"done": self.done, "total": self.total, "rate": rate, "eta": eta},  # a terminal's progress bar (flows/progress.py)
        )


@dataclass
class Loaded:
    """What the load stage has written so far: (path, sha256, document_id) per file, and the rejections.

    The run keeps no document text beyond the batches in flight, so memory stays flat
    however large the corpus."""

    rejections: list[Rejection]
    progress: Progress | None = None
    files: list[tuple[str, str, str]] = field(default_factory=list)
    reported: int = 0  # files accounted for at the last progress line

    def __post_init__(self) -> None:
        self.reported = len(self.files) + len(self.rejections)

    def add(self, documents: list[Document], rejected: list[Rejection]) -> None:
        """A batch is loaded: its files, and the ones extraction rejected (reading's rejections are in already)."""
        self.files.extend((d.source_path, d.sha256, d.document_id) for d in documents)
        self.rejections.extend(rejected)
        done = len(self.files) + len(self.rejections)
        if self.progress is not None:
            self.progress.advance(done - self.reported)
        self.reported = done


def start_loading(con, run: Run, planned: Planned) -> Loaded:  # noqa: ANN001 - duckdb connection
    """Drop the lineage of this source's changed files (their new content replaces them)."""
    loads.forget_documents(con, run.source, planned.plan.changed_paths)
    if planned.plan.changed_paths:
        log.info("%d files of source '%s' changed: new content replaces their documents", len(planned.plan.changed_paths), run.source)
    return Loaded(list(planned.plan.rejected), Progress(len(planned.plan.to_read), time.monotonic()))


def read(batch: list[SourceFile], settings: Settings, learned: LearnedFurniture | None = None) -> tuple[list[Document], list[Rejection]]:
    """Decode and parse a batch of files, stripping the source's learned furniture; each bad file becomes a Rejection."""
    return filesys.read_all(batch, settings.source_name, settings.max_file_bytes, settings.limits, learned)


def split_results(documents: list[Document], results: list[Extraction | str]) -> tuple[list[Document], list[Extraction], list[Rejection]]:
    """Extraction results -> (documents kept, their extractions, rejections for the ones that failed)."""
    kept, extractions, rejected = [], [], []
    for document, result in zip(documents, results, strict=True):
        if isinstance(result, str):
            rejected.append(Rejection(document.source_path, document.sha256, len(document.body), result))
        else:
            kept.append(document)
            extractions.append(result)
    return kept, extractions, rejected


def tabulate(run: Run, documents: list[Document], extractions: list[Extraction]) -> dict[str, pl.DataFrame]:
    return build_tables(documents, extractions, run.run_id, run.started_at, run.settings.base_currency)


def lineage(run: Run, documents: list[Document]) -> pl.DataFrame:
    entries = [(d.document_id, d.source_path, d.sha256) for d in documents]
    return lineage_frame(entries, run.source, run.run_id, run.settings.model, run.version)


def load(con, frames: dict[str, pl.DataFrame], lineage_rows: pl.DataFrame) -> None:  # noqa: ANN001 - duckdb connection
    loads.load_batch(con, frames, lineage_rows)


def settle_duplicates(planned: Planned, loaded: Loaded) -> None:
    """A copy of a file this run rejected is rejected too, with the reason and the file it copies:
    its content has no document to point to."""
    rejected = {r.sha256: r for r in loaded.rejections if r.sha256}
    if not rejected:
        return
    kept = []
    for f, doc_id in planned.plan.duplicates:
        original = rejected.get(f.sha256)
        if original is None or original.rel_path == f.rel_path:
            kept.append((f, doc_id))
        else:
            reason = f"same content as {original.rel_path}, rejected: {original.reason}"
            loaded.rejections.append(Rejection(f.rel_path, f.sha256, f.size, reason))
    planned.plan.duplicates = kept


def finish_loading(con, run: Run, planned: Planned, loaded: Loaded | None = None) -> None:  # noqa: ANN001 - duckdb connection
    """Lineage for files whose content is already loaded; documents and actors nothing points to go.

    ``loaded``: what the run loaded and rejected, so a copy of a rejected file is rejected too."""
    if loaded is not None:
        settle_duplicates(planned, loaded)
    with run.stage("load"):
        entries = [(doc_id, f.rel_path, f.sha256) for f, doc_id in planned.plan.duplicates]
        loads.add_duplicate_lineage(con, lineage_frame(entries, run.source, run.run_id, run.settings.model, run.version))
        loads.prune_orphans(con)
        identity.merge_surnames(con)  # 'Okafor' in one story, 'Chidi Okafor' in another: one person
        identity.merge_spellings(con)  # 'BrightPath' and 'Bright Path', 'EU' and 'European Union': one organization
        identity.vote_actor_types(con)  # a document loaded now may tip an actor's type; its id stays
        if planned.has_work:
            loads.write_furniture(con, run.source, furniture_frame(run.run_id, run.source, reads.learned_furniture(con, run.source)))


def link_quotes(con, run: Run) -> quotes.Linked:  # noqa: ANN001 - duckdb connection
    """Statements that report one utterance, in this run's documents and the warehouse's, share a quote_id."""
    phase(log, "linking quotes across documents")
    with run.stage("quotes"):
        linked = quotes.link_quotes(con)
    log.info(
        "linked %d statements to quotes: %d pairs across documents, %d quotes merged, %d taken apart and linked again",
        linked.statements, linked.pairs, linked.merged, linked.broken,
    )
    return linked


SuiteRunner = Callable[[dict[str, pl.DataFrame], list[ResolvedSuite], Path | None, str], ValidationReport]


def validate(con, run: Run, run_suites: SuiteRunner = run_suites) -> ValidationReport:  # noqa: ANN001 - duckdb connection
    """GX suites on the rows this run wrote (and any dangling key), against the whole staging warehouse;
    with ``data_docs`` set, Data Docs (HTML) go to ``docs/`` beside the warehouse. ``run_suites`` runs them (here, by default)."""
    phase(log, "validating (Great Expectations)")
    docs_dir = run.settings.docs_dir if run.settings.data_docs else None
    parts = max(1, -(-reads.run_documents(con, run.run_id) // VALIDATION_CHUNK))
    keys = foreign_keys()  # read the suite files once, not once per part
    reports = []
    for part in range(parts):
        frames = reads.rows_to_validate(con, run.run_id, keys, part, parts)
        suites = resolve_suites(frames, lambda table, column, candidates: reads.existing_values(con, table, column, candidates))
        run_name = run.run_id if parts == 1 else f"{run.run_id}-part{part + 1}"
        reports.append(run_suites(frames, suites, docs_dir, run_name))
        del frames
        if part + 1 < parts:  # GX leaves cycles behind: the next part starts from the same footprint
            release_memory(collect=True)
    return ValidationReport.combine(reports)


NOT_VALIDATED = ValidationReport(True, {}, [])


@dataclass
class Outcome:
    """How a run ended, as recorded in etl_runs."""

    status: str
    counts: dict[str, int]
    row_counts: dict[str, int]
    report: ValidationReport
    validated: bool
    elapsed_seconds: float = 0.0  # as recorded in etl_runs


def record(con, run: Run, planned: Planned, loaded: Loaded, report: ValidationReport | None) -> Outcome:  # noqa: ANN001
    """The run's etl_runs row and one etl_files row per file; ``report`` None: nothing was validated.

    A failed validation keeps the staging file, with its failing rows, beside the
    warehouse, and raises ValidationFailed: nothing is published."""
    success = report is None or report.success
    status = ("published" if planned.has_work else "nothing_to_do") if success else "failed_validation"
    counts = file_counts(len(planned.found), len(loaded.files), planned.plan, len(loaded.rejections))
    validated = success if report is not None else None  # NULL: nothing was validated (validation skipped)
    warnings = len(report.warnings) if report is not None else None
    row = run_row(
        run.run_id, run.started_at, run.started, run.settings, status, counts, validated, run.version, run.stage_seconds, warnings
    )
    sizes = {f.rel_path: f.size for f in planned.found}
    files = files_frame(run.run_id, run.source, planned.plan, loaded.files, loaded.rejections, planned.published, sizes)
    loads.record_run(con, row, files)
    outcome = Outcome(status, counts, reads.row_counts(con), report or NOT_VALIDATED, report is not None, row["elapsed_seconds"])
    if not success:
        loads.save_failures(con, _failures_frame(report))
        target = publishing.quarantine(con, staging_of(run), run.settings.warehouse, run.run_id)
        raise ValidationFailed(report, target)
    return outcome


def staging_of(run: Run) -> Path:
    return publishing.staging_path(run.settings.warehouse, run.run_id)


def publish(con, run: Run) -> None:  # noqa: ANN001 - duckdb connection
    phase(log, "publishing")
    with run.stage("publish"):
        publishing.publish(con, staging_of(run), run.settings.warehouse)


def summarize(run: Run, loaded: Loaded, outcome: Outcome, draw: run_report.Draw = charts.to_svgs) -> RunSummary:
    """The run's summary, with its report written beside the warehouse (its charts drawn by ``draw``)."""
    report = outcome.report
    summary = RunSummary(
        run_id=run.run_id,
        status=outcome.status,
        **outcome.counts,
        rejections=loaded.rejections,
        row_counts=outcome.row_counts,
        validation=report.summary() if outcome.validated else "skipped (nothing changed)",
        data_docs=report.data_docs or "",
        elapsed_seconds=outcome.elapsed_seconds,
        stage_seconds=run.stage_seconds,
        startup_seconds=run.startup,
        warehouse=str(run.settings.warehouse),
        source=run.source,
        warnings=report.warnings,
        checks=report.results,
    )
    if outcome.validated:  # a run that changed nothing adds no report page
        phase(log, "writing the run report")
        summary.report_path = str(run_report.write(summary, draw))
    return summary


def settle_if_nothing_to_do(settings: Settings, memo: filesys.HashMemo | None = None) -> RunSummary | Planned | None:
    """A run with nothing to do, recorded and published by these same stages without Prefect.

    Returns the summary when every file is unchanged; otherwise what discovery found
    (the flow runs, and discovers again under its own lock); None when there is no
    warehouse yet (every file is new)."""
    if not settings.warehouse.exists():
        return None
    run = begin(settings)
    with publishing.run_lock(settings.warehouse):
        planned = discover_and_plan(run, learn=False, memo=memo)  # learning only ever adds work to a run that has some
        if planned.has_work:
            return planned
        publishing.clean_stale_staging(settings.warehouse)
        with publishing.staged(settings.warehouse, run.run_id, settings.storage_version) as (con, _):
            loaded = Loaded(list(planned.plan.rejected))
            outcome = record(con, run, planned, loaded, None)
            publish(con, run)
    return summarize(run, loaded, outcome)


def _failures_frame(report: ValidationReport) -> pl.DataFrame:
    rows = [
        {"table_name": f.table, "expectation": f.expectation, "column_name": f.column, "failing_key": str(key)}
        for f in report.failures
        for key in (f.failing_keys or [None])
    ]
    return pl.DataFrame(rows, schema={"table_name": pl.Utf8, "expectation": pl.Utf8, "column_name": pl.Utf8, "failing_key": pl.Utf8})
