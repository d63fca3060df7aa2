"""Shared fixtures: the real spaCy model, a real Prefect flow run on the seeds, and ../shared when present."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.settings import PROJECT_ROOT, Settings, configure_prefect_environment

SHARED = PROJECT_ROOT.parent / "shared"
MODEL = Settings().model

configure_prefect_environment()


@pytest.fixture(scope="session")
def extract():
    """extract(text) -> Extraction, through the real spaCy pipeline."""
    from transforms.extract import extract_text

    return lambda text: extract_text(text, MODEL)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip("../shared is not present (it is in CI)")
    return SHARED


@pytest.fixture(scope="session")
def run_flow():
    """run_flow(input_dir, warehouse, **kw) -> RunSummary, the real flow with Prefect's local server."""
    from flows.pipeline import newsfacts_flow

    def _run(input_dir: Path, warehouse: Path, **kwargs):
        settings = Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, workers=1)
        return newsfacts_flow(settings, **kwargs)

    return _run


@pytest.fixture(scope="session")
def query():
    """query(warehouse, sql) -> rows as tuples, read through a read-only connection that is closed after."""
    import duckdb

    def _query(warehouse: Path, sql: str) -> list[tuple]:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    return _query


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory, run_flow) -> Path:
    """The seeds loaded once per session into a fresh warehouse."""
    root = tmp_path_factory.mktemp("seeds_run")
    input_dir = root / "input"
    shutil.copytree(PROJECT_ROOT / "seeds", input_dir)
    warehouse = root / "newsfacts.duckdb"
    run_flow(input_dir, warehouse)
    return warehouse
