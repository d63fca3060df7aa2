"""What a run is and what it records: its id, its summary, its etl_runs / etl_files / etl_lineage rows.

Nothing here imports Prefect (see ``flows/stages.py``).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from flows import files as filesys
from flows.settings import PROJECT_ROOT, Settings
from transforms.reading.learned import LearnedFurniture
from transforms.records import Rejection, SourceFile
from warehouse.catalog import polars_schema

if TYPE_CHECKING:
    from flows.stages import Planned



# When the command that runs the flow started (time.monotonic()), so a run's elapsed time counts its
# start-up; None: the flow was called some other way (a schedule, a test), and counts from its own start.
_COMMAND_STARTED: float | None = None


def count_from(clock: float) -> None:
    """Count runs of this process from ``clock`` (time.monotonic() when the command started)."""
    global _COMMAND_STARTED
    _COMMAND_STARTED = clock


def command_clock(now: float) -> float:
    """The clock a run's elapsed time counts from: the command's start, else ``now``."""
    return _COMMAND_STARTED if _COMMAND_STARTED is not None and now >= _COMMAND_STARTED else now


@dataclass
class RunSummary:
    run_id: str
    status: str
    files_seen: int
    files_loaded: int
    files_unchanged: int
    files_duplicate: int
    files_rejected: int
    rejections: list[Rejection]
    row_counts: dict[str, int]
    validation: str
    elapsed_seconds: float  # from the command's start (start-up included) to the run's record: etl_runs.elapsed_seconds
    stage_seconds: dict[str, float] = field(default_factory=dict)
    startup_seconds: float = 0.0  # of it, before the flow began
    warehouse: str = ""
    report_path: str = ""
    data_docs: str = ""  # file:// URL of the Great Expectations Data Docs, when validation ran
    source: str = ""  # the source the run loaded (--source, else the input folder's name)
    files_replaced: int = 0  # files of that source whose new content replaced their old document
    warnings: list = field(default_factory=list)  # expectations.validate.Failure of warning-tier checks that failed
    checks: list = field(default_factory=list)  # expectations.validate.Check: every expectation evaluated, passed or not


@dataclass(frozen=True)
class Pending:
    """The run has work, so the flow must run; ``files_to_read`` says how much (an upper bound
    when there is no warehouse yet), so the caller can start extraction workers ahead of it.

    ``to_read`` is the files the flow is expected to read, in its order (None when there is
    no warehouse, and nothing was discovered): the caller may start on the first batch."""

    files_to_read: int
    to_read: list[SourceFile] | None = None

    @classmethod
    def of(cls, settings: Settings, planned: Planned | None) -> Pending:
        """From the pre-check's ``stages.Planned`` (None: no warehouse yet, so every file counts)."""
        if planned is not None:
            return cls(len(planned.plan.to_read), planned.plan.to_read)
        folder = settings.input_dir
        return cls(sum(1 for _ in filesys.candidates(folder, settings.pattern)) if folder.is_dir() else 0)


def new_run_id(started_at: datetime) -> str:
    """Sortable by start time, unique across runs started in the same second."""
    return started_at.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def code_version() -> str:
    """Package version plus a hash of the extraction code, so lineage shows which rules made a row."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pkg = version("newsfacts")
    except PackageNotFoundError:
        pkg = "dev"
    h = hashlib.sha256()
    for path in sorted((PROJECT_ROOT / "transforms").glob("*.py")):
        h.update(path.read_bytes())
    return f"{pkg}+{h.hexdigest()[:10]}"


def has_work(the_plan: filesys.Plan, warehouse: Path) -> bool:
    """Whether a run must read, extract and validate anything (otherwise it only records itself)."""
    return bool(the_plan.to_read or the_plan.changed_paths or the_plan.duplicates) or not warehouse.exists()


_LINEAGE_SCHEMA = polars_schema("etl_lineage")
_FURNITURE_SCHEMA = polars_schema("etl_furniture")
_FILES_SCHEMA = polars_schema("etl_files")


def lineage_frame(entries: list[tuple[str, str, str]], source: str, run_id: str, model: str, version: str) -> pl.DataFrame:
    """etl_lineage rows from (document_id, source_path, sha256) triples of one source."""
    rows = [
        {"document_id": d, "source": source, "source_path": p, "sha256": h, "run_id": run_id, "model": model, "code_version": version}
        for d, p, h in entries
    ]
    return pl.DataFrame(rows, schema=_LINEAGE_SCHEMA)


def furniture_frame(run_id: str, source: str, learned: LearnedFurniture) -> pl.DataFrame:
    """etl_furniture rows: the shapes the source's pages have made furniture, with their counts."""
    rows = [
        {"source": source, "shape": shape, "documents": n, "source_documents": learned.documents, "run_id": run_id}
        for shape, n in sorted(learned.known().items())
    ]
    return pl.DataFrame(rows, schema=_FURNITURE_SCHEMA)


def files_frame(
    run_id: str,
    source: str,
    the_plan: filesys.Plan,
    loaded: list[tuple[str, str, str]],
    rejections: list[Rejection],
    published: dict[tuple[str, str], tuple[str, str]],
    sizes: dict[str, int],
) -> pl.DataFrame:
    """One etl_files row per discovered file of the run's source: loaded, unchanged, duplicate or rejected (with the reason)."""

    def row(path: str, sha: str | None, status: str, reason: str | None, doc_id: str | None) -> dict:
        return {
            "run_id": run_id,
            "source": source,
            "source_path": path,
            "size_bytes": sizes.get(path),
            "sha256": sha,
            "status": status,
            "reason": reason,
            "document_id": doc_id,
        }

    rows = [row(path, sha, "loaded", None, doc_id) for path, sha, doc_id in loaded]
    rows += [row(f.rel_path, f.sha256, "unchanged", None, published[(source, f.rel_path)][1]) for f in the_plan.unchanged]
    rows += [row(f.rel_path, f.sha256, "duplicate", f"same content as document {d}", d) for f, d in the_plan.duplicates]
    rows += [row(r.rel_path, r.sha256, "rejected", r.reason, None) for r in rejections]
    return pl.DataFrame(rows, schema=_FILES_SCHEMA)


def run_row(
    run_id: str,
    started_at: datetime,
    started: float,
    settings: Settings,
    status: str,
    counts: dict[str, int],
    validation_success: bool | None,
    version: str,
    stages: dict[str, float],
    warnings: int | None = None,
) -> dict:
    """The etl_runs row; ``counts`` holds files_seen / _loaded / _unchanged / _duplicate / _rejected."""
    return {
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": utc_now(),
        "input_dir": filesys.printable_path(str(settings.input_dir)),
        "source": settings.source_name,
        "status": status,
        **counts,
        "validation_success": validation_success,
        "validation_warnings": warnings,
        "model": settings.model,
        "code_version": version,
        "elapsed_seconds": round(time.monotonic() - started, 3),
        "stage_seconds": json.dumps({k: round(v, 3) for k, v in stages.items()}),
    }


def file_counts(found: int, loaded: int, the_plan: filesys.Plan, rejected: int) -> dict[str, int]:
    return {
        "files_seen": found,
        "files_loaded": loaded,
        "files_replaced": len(the_plan.changed_paths),
        "files_unchanged": len(the_plan.unchanged),
        "files_duplicate": len(the_plan.duplicates),
        "files_rejected": rejected,
    }


def looks_changed(settings: Settings) -> int:
    """A guess, from file times alone, at how many files the run will read: every file when there
    is no warehouse yet, else those modified after the warehouse was last published (every run
    publishes it); 0 when none looks changed.

    Only start-up choices ride on it (Prefect's server and the helper processes start during
    the pre-check when it is not 0), so it may be wrong: a file copied with its old time is
    still found by the pre-check, and a file touched without a change costs one unused start.
    It costs one ``stat`` per file (~25 ms for 2,000)."""
    warehouse, folder = settings.warehouse, settings.input_dir
    if not folder.is_dir():
        return 0 if warehouse.exists() else 1  # the pre-check reports the missing folder
    try:
        found = list(filesys.candidates(folder, settings.pattern))
    except OSError:
        return 1  # the input folder cannot be listed: the pre-check reports it
    if not warehouse.exists():
        return len(found)
    published = warehouse.stat().st_mtime_ns
    newer = 0
    for candidate in found:
        try:
            newer += candidate.error is None and candidate.path.stat().st_mtime_ns > published
        except OSError:
            continue  # a broken link or a file just removed: the pre-check sees to it
    return newer
