"""What a run reads back from the warehouse: lineage, rejections, learned furniture, rows to validate."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from transforms.reading.learned import LearnedFurniture
from warehouse import catalog
from warehouse.schema import RUN_SOURCE

TABLES = catalog.STAR_TABLES


def _published_rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the published warehouse; none when there is no warehouse (or table) yet."""
    if not warehouse.exists():
        return []
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return []
    try:
        return con.execute(sql, params or []).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):
        return []
    finally:
        con.close()


def read_lineage(warehouse: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, source_path) -> (sha256, document_id) of what is published; empty when nothing is.

    A warehouse from before sources has no ``source`` column: its rows read as source
    'default' until the next run's staging copy migrates them (``apply_schema``)."""
    rows = _published_rows(warehouse, "SELECT source, source_path, sha256, document_id FROM etl_lineage")
    if not rows and warehouse.exists():
        rows = _published_rows(
            warehouse,
            f"SELECT {RUN_SOURCE}, l.source_path, l.sha256, l.document_id FROM etl_lineage l LEFT JOIN etl_runs r USING (run_id)",
        )
    return {(source, path): (sha, doc_id) for source, path, sha, doc_id in rows}


def read_rejections(warehouse: Path, code_version: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, source_path) -> (sha256, reason) for files whose latest verdict is a rejection by this code version.

    Reading such a file again while its content is unchanged would only reject it
    again, and would turn every re-run into one with work to do. New extraction or
    reading code (another code version) retries it."""
    rows = _published_rows(
        warehouse,
        """SELECT source, source_path, sha256, reason FROM (
               SELECT f.source, f.source_path, f.sha256, f.reason, f.status, r.code_version,
                      row_number() OVER (PARTITION BY f.source, f.source_path ORDER BY r.started_at DESC) AS latest
               FROM etl_files f JOIN etl_runs r USING (run_id))
           WHERE latest = 1 AND status = 'rejected' AND code_version = ? AND sha256 IS NOT NULL""",
        [code_version],
    )
    return {(source, path): (sha, reason) for source, path, sha, reason in rows}


def read_line_shapes(warehouse: Path, source: str) -> dict[str, frozenset[str]]:
    """document_id -> its page's line shapes, for the published documents of ``source`` (``transforms/reading/learned.py``)."""
    rows = _published_rows(
        warehouse,
        """SELECT l.document_id, list(DISTINCT s.shape) FILTER (WHERE s.shape IS NOT NULL)
           FROM (SELECT DISTINCT document_id FROM etl_lineage WHERE source = ?) l
           LEFT JOIN etl_line_shapes s ON s.document_id = l.document_id AND s.source = ?
           GROUP BY l.document_id""",
        [source, source],
    )
    return {doc_id: frozenset(shapes or ()) for doc_id, shapes in rows}


def learned_furniture(con: duckdb.DuckDBPyConnection, source: str) -> LearnedFurniture:
    """What ``source``'s loaded pages teach, counted in the (staging) warehouse."""
    documents = con.execute("SELECT count(DISTINCT document_id) FROM etl_lineage WHERE source = ?", [source]).fetchall()[0][0]
    rows = con.execute(
        "SELECT shape, count(DISTINCT document_id) FROM etl_line_shapes WHERE source = ? GROUP BY shape", [source]
    ).fetchall()
    return LearnedFurniture(documents, dict(rows))


def run_documents(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """How many documents a run (re)loaded."""
    return con.execute("SELECT count(*) FROM dim_documents WHERE run_id = ?", [run_id]).fetchall()[0][0]


def rows_to_validate(
    con: duckdb.DuckDBPyConnection, run_id: str, foreign_keys: list, part: int = 0, parts: int = 1
) -> dict[str, pl.DataFrame]:
    """The rows a run must validate: what it wrote, plus any row whose foreign key dangles.

    What it wrote: its documents (``dim_documents.run_id``), their facts, and the
    actors (with aliases) those facts point to. Rows loaded by earlier runs passed
    then and nothing since touched them, except through a foreign key, which the
    dangling-key clause catches wherever it is. ``foreign_keys`` are
    ``expectations.validate.ForeignKey``s. ``part`` of ``parts`` takes one share of
    the run's documents (by hash), so a large run is validated a share at a time
    in bounded memory; dangling rows come with part 0."""
    run = run_id.replace("'", "''")
    docs = f"SELECT document_id FROM dim_documents WHERE run_id = '{run}' AND hash(document_id) % {int(parts)} = {int(part)}"
    actors = f"""SELECT actor_id FROM fact_actors WHERE document_id IN ({docs})
        UNION SELECT speaker_actor_id FROM fact_statements WHERE document_id IN ({docs})
        UNION SELECT source_actor_id FROM fact_figures WHERE document_id IN ({docs})"""
    mine = {
        "dim_documents": f"document_id IN ({docs})",
        "fact_actors": f"document_id IN ({docs})",
        "fact_statements": f"document_id IN ({docs})",
        "fact_figures": f"document_id IN ({docs})",
        "dim_actors": f"actor_id IN ({actors})",
        "dim_actor_aliases": f"actor_id IN ({actors})",
        "dim_quotes": f"quote_id IN (SELECT quote_id FROM fact_statements WHERE document_id IN ({docs}))",
    }
    frames = {}
    for table, condition in mine.items():
        dangling = [
            f"({fk.column} IS NOT NULL AND {fk.column} NOT IN (SELECT {fk.ref_column} FROM {fk.ref_table}))"
            for fk in foreign_keys
            if fk.table == table and part == 0
        ]
        where = " OR ".join([condition, *dangling])
        frames[table] = query_frame(con, f"SELECT * FROM {table} WHERE {where}")
    return frames


def existing_values(con: duckdb.DuckDBPyConnection, table: str, column: str, candidates: list) -> list:
    """Those candidate values that occur in table.column (a foreign key's targets that exist)."""
    con.register("_candidates", pl.DataFrame({"value": candidates}).to_arrow())
    try:
        rows = con.execute(f"SELECT DISTINCT value FROM _candidates WHERE value IN (SELECT {column} FROM {table})").fetchall()
    finally:
        con.unregister("_candidates")
    return [r[0] for r in rows]


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    return {table: query_frame(con, f"SELECT * FROM {table}") for table in TABLES}


def query_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """A query's result as a polars frame (through Arrow; DuckDB 2.0 has no .pl() on results)."""
    return pl.from_arrow(con.sql(sql).to_arrow_table())


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}
