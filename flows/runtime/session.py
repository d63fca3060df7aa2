"""A run's helper processes (``Runtime``), and the command line's start-up, which overlaps them with Prefect's.

``Runtime`` is what the flow is given: where to extract and how to validate. The command
line starts its processes before the flow (``run_from_command_line``); a flow called without
one (from Python, on a schedule) gets an empty Runtime, which makes an extractor when the
flow asks for one and validates in the flow's process.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import polars as pl

from expectations.validate import ResolvedSuite, ValidationReport, run_suites
from flows.files import HashMemo
from flows.progress import phase
from flows.runs import Pending, RunSummary, looks_changed
from flows.runtime.parallel import Extractor, workers_for
from flows.runtime.validator import Validator
from flows.settings import Settings

log = logging.getLogger("newsfacts")


class Runtime:
    """The extraction workers and validation process of one run; ``close`` stops whatever is running.

    A plain object with slots, so that Prefect, which records a flow's parameters, writes it
    as ``<Runtime>`` instead of walking its pools. Its processes belong to this machine: sent
    to another process (Prefect ships the flow's parameters with each Dask task), it arrives empty."""

    __slots__ = ("extractor", "validator", "hashes")

    def __init__(self, extractor: Extractor | None = None, validator: Validator | None = None, hashes: HashMemo | None = None) -> None:
        self.extractor = extractor
        self.validator = validator
        self.hashes = hashes  # the pre-check's file hashes, so the flow's discovery does not hash again

    def __reduce__(self) -> tuple[type[Runtime], tuple[()]]:
        return (Runtime, ())

    @classmethod
    def started(cls, settings: Settings, files_to_read: int) -> Runtime:
        """Start the processes a run of ``files_to_read`` files will use: they load spaCy and GX now."""
        extractor = None
        if settings.runner == "local":
            workers = workers_for(files_to_read, settings.workers)
            extractor = Extractor(settings.model, workers, settings.limits, settings.worker_memory_mb).start()
        return cls(extractor, Validator())

    def extractor_for(self, settings: Settings, documents: int) -> Extractor | None:
        """The extractor for ``documents`` documents: the started one if it fits, else a new one
        (None with the Dask runner: batches extract where their task runs)."""
        if settings.runner != "local":
            return None
        want = (settings.model, workers_for(documents, settings.workers), settings.worker_memory_mb)
        current = self.extractor
        if current is None or (current.model, current.workers, current.memory_mb) != want:
            if current is not None:
                current.close()
            self.extractor = Extractor(want[0], want[1], settings.limits, want[2])
        return self.extractor

    @property
    def validates_elsewhere(self) -> bool:
        """Whether validation runs in a process of its own (then the flow's process needs no GX)."""
        return self.validator is not None

    def validate(
        self, frames: dict[str, pl.DataFrame], suites: list[ResolvedSuite], docs_dir: Path | None, run_name: str
    ) -> ValidationReport:
        if self.validator is None:
            return run_suites(frames, suites, docs_dir, run_name)
        return self.validator.validate(frames, suites, docs_dir, run_name)

    def draw_charts(self, specs: list[dict]) -> list[str]:
        """The run report's charts as SVG: in the validation process when there is one (``flows/charts.py``)."""
        if self.validator is None:
            from flows.charts import to_svgs

            return to_svgs(specs)
        return self.validator.draw(specs)

    def close(self) -> None:
        for part in (self.extractor, self.validator):
            if part is not None:
                part.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_from_command_line(settings: Settings) -> RunSummary:
    """One run: settled at once when every file is unchanged, otherwise the Prefect flow.

    Checking for work first keeps a re-run that has nothing to do at a second or two:
    starting Prefect's server costs ~6 s of CPU. When there is work, the start-ups overlap
    instead of following one another: the run's server (no PREFECT_API_URL) boots in its
    own process, from before the check when a file looks changed, and so do the extraction
    workers (as many as the files that look changed call for), which load the model and then
    extract the first batch, which this process reads for them (``head_start``), and the
    validation process, which imports Great Expectations; this process imports Prefect.
    Everything started here stops when the run ends, however it ends."""
    from flows.runtime.prefect_api import check_api, heartbeats_asked_for, prefect_api
    from flows.runtime.server import LocalServer
    from flows.stages import settle_if_nothing_to_do

    configured = os.environ.get("PREFECT_API_URL")
    with contextlib.ExitStack() as stack:
        server = runtime = None
        # What a run with work waits for longest is the server's boot and the helper processes'
        # imports (GX ~5 s of CPU): a run that will likely have work starts them before the
        # check (~0.6 s to hash 2,003 files), not after it.
        likely = looks_changed(settings)
        if likely:
            phase(log, "starting extraction workers" + ("" if configured else " and a Prefect server"))
            runtime = stack.enter_context(Runtime.started(settings, likely))
            if not configured:
                server = stack.enter_context(LocalServer())
        phase(log, "checking which files changed")
        hashes: HashMemo = {}
        settled = settle_if_nothing_to_do(settings, hashes)
        if isinstance(settled, RunSummary):
            return settled  # (anything started early is stopped unused)
        pending = Pending.of(settings, settled)
        if configured:  # before the flow takes the warehouse lock: a silent API must not hold it
            check_api(configured, settings.api_timeout_seconds)
        if runtime is None:
            runtime = stack.enter_context(Runtime.started(settings, pending.files_to_read))
        runtime.hashes = hashes
        if not configured and server is None:
            server = stack.enter_context(LocalServer())
        from flows.runtime import head_start, warmup
        from flows.runtime.quiet import quiet_prefect_shutdown
        from flows.runtime.runners import flow_for
        from transforms.reading.document import load_language_model

        if runtime.extractor is not None:
            phase(log, "reading the first batch")
            head_start.begin(settings, pending, runtime.extractor)
        phase(log, "loading Prefect")
        the_flow = flow_for(settings)
        # Reading needs langid's model (~0.7 s): it loads while this thread waits for the server
        # (unless the head start's reading loaded it already).
        warmup.in_background(load_language_model)
        stack.enter_context(quiet_prefect_shutdown())
        if server is not None:
            phase(log, "waiting for the Prefect server")
            stack.enter_context(prefect_api(server.wait_ready().api_url, heartbeats=False))
        else:
            stack.enter_context(prefect_api(configured, heartbeats=heartbeats_asked_for()))
        phase(log, "discovering files")
        return the_flow(settings, runtime)
