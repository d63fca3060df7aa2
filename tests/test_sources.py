"""A document's identity includes its source: loading one folder after another never deletes the first."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import newsfacts_flow
from flows.settings import PROJECT_ROOT, Settings
from warehouse import catalog

pytestmark = pytest.mark.slow

SEEDS = sorted((PROJECT_ROOT / "seeds").glob("*.txt"))
OTHER = (
    "Rail strike called off\n\nUnion leader Marta Quell said on Friday that the rail strike planned for next week was off "
    "after the operator offered a 4% pay rise.\n",
    "Library to close for repairs\n\nThe city library will close for three months from June while its roof is repaired, "
    "council spokesman Ivo Brandt said.\n",
)


def folder(root: Path, name: str, texts: list[str]) -> Path:
    """A folder whose files are named 001.txt, 002.txt, ... whatever they hold."""
    path = root / name
    path.mkdir(parents=True)
    for i, text in enumerate(texts, 1):
        (path / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    return path


def run(input_dir: Path, warehouse: Path, source: str | None = None):
    settings = Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, workers=1, source=source)
    return newsfacts_flow(settings)


def test_two_folders_with_the_same_file_names_both_stay_loaded(tmp_path, query):
    business = folder(tmp_path / "feeds", "business", [p.read_text(encoding="utf-8") for p in SEEDS])
    politics = folder(tmp_path / "feeds", "politics", list(OTHER))
    warehouse = tmp_path / "wh" / "newsfacts.duckdb"
    first = run(business, warehouse)
    second = run(politics, warehouse)
    assert (first.source, second.source) == ("business", "politics")
    assert second.files_loaded == 2 and second.files_replaced == 0
    documents = query(warehouse, "SELECT source, source_path FROM dim_documents ORDER BY ALL")
    assert documents == [("business", "001.txt"), ("business", "002.txt"), ("politics", "001.txt"), ("politics", "002.txt")]
    assert query(warehouse, "SELECT count(DISTINCT document_id) FROM fact_statements")[0][0] == 4
    # Each source's files are unchanged on the next run of that source.
    again = run(business, warehouse)
    assert (again.status, again.files_unchanged, again.files_loaded) == ("nothing_to_do", 2, 0)


def test_a_changed_file_replaces_only_its_own_sources_document_and_says_so(tmp_path, query):
    a = folder(tmp_path, "a", list(OTHER))
    b = folder(tmp_path, "b", list(OTHER))
    warehouse = tmp_path / "newsfacts.duckdb"
    run(a, warehouse)
    run(b, warehouse, source="b")  # same content: duplicates of a's documents, recorded under b
    (a / "001.txt").write_text(OTHER[0].replace("4%", "6%"), encoding="utf-8")
    summary = run(a, warehouse)
    assert summary.files_replaced == 1 and summary.files_loaded == 1
    lineage = query(warehouse, "SELECT source, source_path FROM etl_lineage ORDER BY ALL")
    assert lineage == [("a", "001.txt"), ("a", "002.txt"), ("b", "001.txt"), ("b", "002.txt")]
    # b's 001.txt keeps the old content's document; a's 001.txt points at the new one.
    contents = query(
        warehouse,
        """SELECT l.source, d.body LIKE '%4\\%%' ESCAPE '\\' FROM etl_lineage l JOIN dim_documents d USING (document_id)
           WHERE l.source_path = '001.txt' ORDER BY 1""",
    )
    assert contents == [("a", False), ("b", True)]
    assert query(warehouse, "SELECT source, files_replaced FROM etl_runs ORDER BY started_at DESC LIMIT 1") == [("a", 1)]


def test_a_warehouse_from_before_sources_keeps_working_without_a_reload(tmp_path, seeds_warehouse, query):
    warehouse = tmp_path / "old.duckdb"
    shutil.copyfile(seeds_warehouse, warehouse)
    con = duckdb.connect(str(warehouse))
    # The tables as they were then: no keys, and four of them without a source.
    old_shape = {"dim_documents": "source", "etl_files": "source", "etl_runs": "source, files_replaced", "etl_lineage": "source"}
    order = catalog.load_order()
    for table in order:
        dropped = f" EXCLUDE ({old_shape[table]})" if table in old_shape else ""
        con.execute(f"CREATE TABLE old_{table} AS SELECT *{dropped} FROM {table}")
    for table in reversed(order):
        con.execute(f"DROP TABLE {table}")
    for table in order:
        con.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
    con.close()
    input_dir = seeds_warehouse.parent / "input"  # the folder the seeds warehouse was loaded from
    summary = run(input_dir, warehouse)
    assert (summary.status, summary.files_unchanged, summary.files_loaded) == ("nothing_to_do", 2, 0)
    assert query(warehouse, "SELECT DISTINCT source FROM dim_documents") == [("input",)]
    assert query(warehouse, "SELECT DISTINCT source FROM etl_lineage") == [("input",)]
