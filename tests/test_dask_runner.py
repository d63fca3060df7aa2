"""`newsfacts run --runner dask`: extraction batches on a real local Dask cluster give the default runner's tables."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.settings import PROJECT_ROOT

# Columns that name the run, not the data.
RUN_COLUMNS = {"run_id", "loaded_at"}
TABLES = ["dim_documents", "dim_actors", "dim_actor_aliases", "fact_actors", "fact_statements", "fact_figures"]


def _table(path: Path, table: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in RUN_COLUMNS]
        return sorted(con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


@pytest.fixture
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.mark.slow
def test_dask_runner_builds_the_same_tables_as_the_local_runner(seeds_warehouse, dask_cluster, tmp_path):
    input_dir = tmp_path / "input"
    shutil.copytree(PROJECT_ROOT / "seeds", input_dir)
    warehouse = tmp_path / "dask.duckdb"
    cli = Path(sys.executable).with_name("newsfacts")
    args = [str(cli), "run", "-i", str(input_dir), "-w", str(warehouse), "--runner", "dask", "--address", dask_cluster, "--batch-size", "1"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "ETA" not in done.stderr  # no progress lines when stderr is not a terminal
    for table in TABLES:
        assert _table(warehouse, table) == _table(seeds_warehouse, table), table


def test_dask_runner_without_an_address_is_a_usage_error(tmp_path):
    cli = Path(sys.executable).with_name("newsfacts")
    args = [str(cli), "run", "-i", str(tmp_path), "-w", str(tmp_path / "w.duckdb"), "--runner", "dask"]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 2
    assert "--address" in done.stderr
