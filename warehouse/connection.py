"""Connections to the warehouse and SQL on them: the locked-down read-only connection, statements drained, rows as dicts."""

from __future__ import annotations

from pathlib import Path

import duckdb


def records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """A query's rows as dicts keyed by column name (for pages and reports built from the warehouse)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def run(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Execute a statement and drain its result (DuckDB 2.0 refuses new work on an unfinished result)."""
    con.execute(sql).fetchall()


class WarehouseDamaged(RuntimeError):
    """The published warehouse file cannot be opened as a DuckDB database."""

    def __init__(self, warehouse: Path, error: Exception) -> None:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        super().__init__(
            f"the warehouse file {warehouse} is damaged or not a DuckDB database ({detail}); "
            "restore it from a backup, or move it aside and run `newsfacts run` to rebuild it from the input"
        )


# Settings for every connection that runs analyst or user SQL: read-only for real. No file
# outside the database is read or written (COPY TO, read_csv, glob), no extension is
# installed or loaded, and the statement cannot switch these back on.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection to the published warehouse; WarehouseDamaged when it cannot be opened."""
    try:
        return duckdb.connect(str(warehouse), read_only=True, config=dict(LOCKED_DOWN))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise
        raise WarehouseDamaged(warehouse, exc) from exc
    except duckdb.Error as exc:
        raise WarehouseDamaged(warehouse, exc) from exc
