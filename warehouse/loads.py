"""Loading a batch's frames into the staging warehouse, forgetting replaced documents, recording the run."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import catalog
from warehouse.connection import run

# The tables whose rows belong to a document (foreign key -> dim_documents): deleted before the document.
DOCUMENT_CHILDREN = tuple(table for table, _, ref in catalog.foreign_keys() if ref == "dim_documents.document_id")
# The fact tables (one row per thing a document says), and what a batch inserts after the dimensions (lineage goes last).
FACT_TABLES = tuple(table for table in DOCUMENT_CHILDREN if table.startswith("fact_"))
BATCH_CHILDREN = tuple(table for table in DOCUMENT_CHILDREN if table != "etl_lineage")


def write_furniture(con: duckdb.DuckDBPyConnection, source: str, frame: pl.DataFrame) -> None:
    """Replace what is learned for ``source`` (etl_furniture rows)."""
    run(con, "BEGIN TRANSACTION")
    con.execute("DELETE FROM etl_furniture WHERE source = ?", [source]).fetchall()
    _insert(con, "etl_furniture", frame)
    run(con, "COMMIT")


def load_batch(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], lineage: pl.DataFrame) -> None:
    """Replace the batch's documents in one transaction (superseded ones go in prune_orphans).

    Parents before children, as the foreign keys require. A document loaded again (same content,
    new code) loses its old rows and is updated in place: DuckDB checks a foreign key against the
    rows as they were when the transaction began, so deleting and re-inserting it would fail."""
    doc_ids = frames["dim_documents"]["document_id"].to_list()
    run(con, "BEGIN TRANSACTION")
    try:
        if doc_ids:
            ids = pl.DataFrame({"document_id": doc_ids})
            con.register("_replaced", ids.to_arrow())
            for table in DOCUMENT_CHILDREN:
                run(con, f"DELETE FROM {table} WHERE document_id IN (SELECT document_id FROM _replaced)")
            con.unregister("_replaced")
        _insert(con, "dim_documents", frames["dim_documents"], verb="INSERT OR REPLACE INTO")
        _insert(con, "dim_actors", frames["dim_actors"], verb="INSERT OR IGNORE INTO")
        _insert(con, "dim_actor_aliases", frames["dim_actor_aliases"], verb="INSERT OR IGNORE INTO")
        for table in BATCH_CHILDREN:
            if table in frames:
                _insert(con, table, frames[table])
        _insert(con, "etl_lineage", lineage)
        run(con, "COMMIT")
    except Exception:
        run(con, "ROLLBACK")
        raise


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, verb: str = "INSERT INTO") -> None:
    if frame.is_empty():
        return
    con.register("_frame", frame.to_arrow())
    run(con, f"{verb} {table} BY NAME SELECT * FROM _frame")
    con.unregister("_frame")


def forget_documents(con: duckdb.DuckDBPyConnection, source: str, paths: list[str]) -> int:
    """Drop one source's lineage of paths whose content changed (documents no path points to any
    more go in prune_orphans); returns how many documents lose their path in this source."""
    if not paths:
        return 0
    con.register("_paths", pl.DataFrame({"source_path": paths}).to_arrow())
    try:
        where = "source = ? AND source_path IN (SELECT source_path FROM _paths)"
        replaced = con.execute(f"SELECT count(DISTINCT document_id) FROM etl_lineage WHERE {where}", [source]).fetchall()[0][0]
        con.execute(f"DELETE FROM etl_lineage WHERE {where}", [source]).fetchall()
    finally:
        con.unregister("_paths")
    return replaced


def add_duplicate_lineage(con: duckdb.DuckDBPyConnection, lineage: pl.DataFrame) -> None:
    """Record extra paths of already-loaded content (same document, another name)."""
    if lineage.is_empty():
        return
    con.register("_dups", lineage.to_arrow())
    run(con, "INSERT OR REPLACE INTO etl_lineage BY NAME SELECT * FROM _dups WHERE document_id IN (SELECT document_id FROM dim_documents)")
    con.unregister("_dups")


def prune_orphans(con: duckdb.DuckDBPyConnection) -> None:
    """Remove documents without lineage and actors no fact refers to (after replacements).

    Two transactions, children then parents: DuckDB checks a foreign key against the rows as
    they were when the transaction began. Between them nothing is lost: the rows gone are of
    documents no file points to, and a run that stops there is not published."""
    orphan_docs = "SELECT document_id FROM dim_documents WHERE document_id NOT IN (SELECT document_id FROM etl_lineage)"
    run(con, "BEGIN TRANSACTION")
    for table in FACT_TABLES:
        run(con, f"DELETE FROM {table} WHERE document_id IN ({orphan_docs})")
    # a document's line shapes count for a source only while the source still holds it
    run(
        con,
        """DELETE FROM etl_line_shapes s WHERE NOT EXISTS
               (SELECT 1 FROM etl_lineage l WHERE l.document_id = s.document_id AND l.source = s.source)""",
    )
    used = """SELECT actor_id FROM fact_actors
              UNION SELECT speaker_actor_id FROM fact_statements WHERE speaker_actor_id IS NOT NULL
              UNION SELECT source_actor_id FROM fact_figures WHERE source_actor_id IS NOT NULL"""
    run(con, f"DELETE FROM dim_actor_aliases WHERE actor_id NOT IN ({used})")
    run(con, "COMMIT")
    run(con, "BEGIN TRANSACTION")
    run(con, f"DELETE FROM dim_documents WHERE document_id IN ({orphan_docs})")
    run(con, f"DELETE FROM dim_actors WHERE actor_id NOT IN ({used})")
    run(con, "COMMIT")


def record_run(con: duckdb.DuckDBPyConnection, run: dict, files: pl.DataFrame) -> None:
    _insert(con, "etl_runs", pl.DataFrame([run]))
    _insert(con, "etl_files", files)


def save_failures(con: duckdb.DuckDBPyConnection, failures: pl.DataFrame) -> None:
    """Keep failing rows' keys inside the quarantined staging file for inspection."""
    con.execute(
        "CREATE OR REPLACE TABLE validation_failures (table_name VARCHAR, expectation VARCHAR, column_name VARCHAR, failing_key VARCHAR)"
    )
    _insert(con, "validation_failures", failures)
