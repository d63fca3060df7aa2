"""The warehouse schema from the catalog, and the migrations that bring an older file up to it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import catalog
from warehouse.connection import run
from warehouse.identity import rekey_actors

SQL_DIR = Path(__file__).resolve().parent


def apply_schema(con: duckdb.DuckDBPyConnection, with_foreign_keys: bool = True) -> None:
    """Tables and their comments from the declaration (``warehouse/catalog.py``), then the views."""
    _migrate_sources(con)
    typed_ids = "fact_actors" in _tables(con) and "actor_type" not in _columns(con, "fact_actors")
    run(con, catalog.schema_sql(with_foreign_keys))
    _add_new_columns(con)
    _copy_back_lineage(con)
    if typed_ids:
        rekey_actors(con)
    run(con, catalog.comments_sql())
    run(con, (SQL_DIR / "views.sql").read_text(encoding="utf-8"))
    run(con, (SQL_DIR / "comments.sql").read_text(encoding="utf-8"))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_catalog = current_database()", [table]
    ).fetchall()
    return {r[0] for r in rows}


# A warehouse made before documents had a source: each old row's source is the name of the
# input folder of the run that loaded it (what a run without --source uses now), so the
# next run of the same folder finds its files unchanged and nothing is reloaded.
RUN_SOURCE = "coalesce(nullif(regexp_extract(rtrim(r.input_dir, '/'), '[^/]+$'), ''), 'default')"


def _migrate_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Before the DDL: old tables gain ``source``, filled from their runs, and an old etl_lineage
    (keyed without source) is set aside to be rebuilt with the new key."""
    tables = _tables(con)
    if "etl_runs" not in tables:
        return  # a new warehouse
    if "source" not in _columns(con, "etl_runs"):
        run(con, "ALTER TABLE etl_runs ADD COLUMN source VARCHAR")
        run(con, f"UPDATE etl_runs AS r SET source = {RUN_SOURCE}")
    for table in ("etl_files", "dim_documents"):
        if table in tables and "source" not in _columns(con, table):
            run(con, f"ALTER TABLE {table} ADD COLUMN source VARCHAR DEFAULT 'default'")
            run(con, f"UPDATE {table} AS t SET source = {RUN_SOURCE} FROM etl_runs r WHERE r.run_id = t.run_id")
    if "etl_lineage" in tables and "source" not in _columns(con, "etl_lineage"):
        run(con, "ALTER TABLE etl_lineage RENAME TO etl_lineage_before_sources")


def _add_new_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A nullable column the declaration has and an older file lacks is added, NULL in the old rows
    (loads insert by name, so its place at the end of the table does not matter)."""
    for table in catalog.TABLES:
        have = _columns(con, table.name)
        for column in table.columns:
            if have and column.name not in have and not column.not_null:
                run(con, f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type}")


def _copy_back_lineage(con: duckdb.DuckDBPyConnection) -> None:
    """After the DDL: the old lineage copied into the new etl_lineage, each row with its run's source."""
    if "etl_lineage_before_sources" in _tables(con):
        run(con, "BEGIN TRANSACTION")
        run(
            con,
            f"""INSERT INTO etl_lineage BY NAME
                SELECT l.*, {RUN_SOURCE} AS source FROM etl_lineage_before_sources l LEFT JOIN etl_runs r USING (run_id)""",
        )
        run(con, "DROP TABLE etl_lineage_before_sources")
        run(con, "COMMIT")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    sql = "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_catalog = current_database()"
    return {r[0] for r in con.execute(sql).fetchall()}
