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
