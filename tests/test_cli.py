"""The command line: help on every command, read-only SQL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "status", "sql", "export"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


@pytest.mark.slow
def test_sql_lists_tables_and_runs_queries_read_only(seeds_warehouse):
    listing = runner.invoke(app, ["sql", "--warehouse", str(seeds_warehouse), "--format", "csv"])
    assert listing.exit_code == 0 and "fact_statements" in listing.output and "v_statements" in listing.output
    result = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM dim_documents", "--warehouse", str(seeds_warehouse), "--format", "json"])
    assert result.exit_code == 0 and '"n": 2' in result.output
    write = runner.invoke(app, ["sql", "DELETE FROM dim_documents", "--warehouse", str(seeds_warehouse)])
    assert write.exit_code == 1


def test_progress_reports_files_batches_rate_and_eta():
    import logging

    from flows.pipeline import Progress

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("newsfacts")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        import time

        progress = Progress(total=400, started=time.perf_counter() - 10)
        progress.advance(200)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    [line] = records
    assert line.startswith("batch 1: 200/400 files (50%") and "files/s" in line and "ETA" in line


def test_progress_lines_only_on_a_terminal_or_with_verbose(monkeypatch):
    import io
    import logging
    import sys

    from flows.cli import _setup_logging

    logger = logging.getLogger("newsfacts")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a TTY, as in CI or a pipe
    _setup_logging(verbose=False)
    quiet = logger.level
    _setup_logging(verbose=True)
    loud = logger.level
    for h in list(logger.handlers):
        logger.removeHandler(h)
    assert quiet == logging.WARNING and loud == logging.INFO


@pytest.mark.slow
def test_the_console_script_flushes_its_output_and_keeps_the_exit_code(seeds_warehouse):
    """``main`` ends the process with os._exit: what was printed must still arrive, with the right code."""
    import subprocess
    import sys
    from pathlib import Path

    cli = str(Path(sys.executable).with_name("newsfacts"))
    ok = subprocess.run([cli, "sql", "SELECT 42 AS n", "-f", "csv", "-w", str(seeds_warehouse)], capture_output=True, text=True)
    assert (ok.returncode, ok.stdout.split()) == (0, ["n", "42"])
    bad = subprocess.run([cli, "sql", "SELECT nope", "-w", str(seeds_warehouse)], capture_output=True, text=True)
    assert bad.returncode == 1 and "nope" in bad.stderr
