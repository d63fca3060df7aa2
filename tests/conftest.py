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

    def _run(input_dir: Path, warehouse: Path, data_docs: bool = False, **kwargs):
        settings = Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, workers=1, data_docs=data_docs)
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
    """The seeds loaded once per session into a fresh warehouse (with Data Docs, which are off by default)."""
    root = tmp_path_factory.mktemp("seeds_run")
    input_dir = root / "input"
    shutil.copytree(PROJECT_ROOT / "seeds", input_dir)
    warehouse = root / "newsfacts.duckdb"
    run_flow(input_dir, warehouse, data_docs=True)
    return warehouse


@pytest.fixture(scope="session")
def misread():
    """misread(text, {"surface": "LABEL", ...}) -> (doc, ActorIndex): the text parsed by the real pipeline, with
    the named spans typed as given, as the model sometimes types them (the repair rules exist for these)."""
    from transforms.actors import build_actors
    from transforms.nlp import load_pipeline

    nlp = load_pipeline(MODEL)

    def parse(text: str, labels: dict[str, str]):
        """``labels``: surface -> label; 'Roe#2' names the second 'Roe'; the label "" untags the span."""
        doc = nlp(text)
        forced = []
        for key, label in labels.items():
            surface, _, nth = key.partition("#")
            start = -1
            for _ in range(int(nth or 1)):
                start = text.index(surface, start + 1)
            forced.append(doc.char_span(start, start + len(surface), label=label or "UNTAGGED", alignment_mode="expand"))
        kept = [e for e in doc.ents if not any(e.start < f.end and f.start < e.end for f in forced)]
        doc.ents = sorted(kept + [f for f in forced if f.label_ != "UNTAGGED"], key=lambda e: e.start)
        return doc, build_actors(doc, "d")

    return parse
