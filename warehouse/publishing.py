"""Write-audit-publish: one run at a time, a staging copy, an atomic replace.

Readers (analysts, BI tools) only ever see ``newsfacts.duckdb`` as a whole: a
run copies it to a staging file beside it, loads and validates there, then
``os.replace``s the staging file onto the published path. A crash at any point
leaves the published file untouched; a leftover staging file is ignored and
removed by the next run. One run at a time holds ``<warehouse>.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse import catalog
from warehouse.catalog import STORAGE_VERSION
from warehouse.connection import WarehouseDamaged, run
from warehouse.schema import apply_schema


class RunInProgress(RuntimeError):
    """Another run holds the warehouse lock."""


@contextlib.contextmanager
def run_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's run lock, or raise RunInProgress at once (never wait silently)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunInProgress(f"another newsfacts run is writing {warehouse} (pid {holder}); try again when it ends") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def staging_path(warehouse: Path, run_id: str) -> Path:
    return warehouse.with_name(f"{warehouse.name}.staging-{run_id}")


def clean_stale_staging(warehouse: Path) -> list[Path]:
    """Remove staging files (and their .wal) left by crashed runs (only called while holding the lock)."""
    removed = []
    for path in warehouse.parent.glob(f"{warehouse.name}.staging-*"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def remove_staging(staging: Path) -> None:
    """A staging file and its write-ahead log, gone (a failed run must not keep the disk full)."""
    for path in (staging, staging.with_name(staging.name + ".wal")):
        path.unlink(missing_ok=True)


# The staging connection's buffer pool: the staging file grows with the corpus, the
# run's memory should not. It cannot be squeezed much: the primary-key (ART) indexes live
# in it too. Replaying a 20k-document run's batches the process grew 157 MB at 256MB and
# 84 MB at 64MB, but a real 20k run at 64MB failed. See docs/scaling.md, "Memory".
STAGING_MEMORY_LIMIT = "256MB"




CATALOG = "newsfacts"  # the name the run's connection gives the staging database


def open_staging(warehouse: Path, run_id: str, storage_version: str = STORAGE_VERSION) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A writable copy of the published warehouse (or a new one) in ``storage_version``'s format, schema applied.

    On any failure (a damaged published file, a full disk) the partial copy is removed
    and the published file is left as it was."""
    staging = staging_path(warehouse, run_id)
    remove_staging(staging)
    con = None
    try:
        copied = warehouse.exists() and _is_current(warehouse, storage_version)
        if copied:
            shutil.copyfile(warehouse, staging)
        try:
            con = duckdb.connect(":memory:", config={"memory_limit": STAGING_MEMORY_LIMIT})
            run(con, f"ATTACH '{_quoted(staging)}' AS {CATALOG} (STORAGE_VERSION '{storage_version}')")
            if warehouse.exists() and not copied:
                _rebuild(con, warehouse, staging, storage_version)
            run(con, f"USE {CATALOG}")
        except duckdb.Error as exc:
            if warehouse.exists():
                raise WarehouseDamaged(warehouse, exc) from exc
            raise
        apply_schema(con)
    except BaseException:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        remove_staging(staging)
        raise
    return con, staging


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _is_current(path: Path, storage_version: str) -> bool:
    """Whether a published file can be copied as the staging file: that storage format, every foreign key declared."""
    version, foreign_keys = _probe(path)
    return version == storage_version and foreign_keys >= len(catalog.foreign_keys())


def _probe(path: Path) -> tuple[str | None, int]:
    """(storage format, foreign keys declared) of a DuckDB file; (None, 0) when it cannot be told."""
    con = duckdb.connect(":memory:")
    try:
        run(con, f"ATTACH '{_quoted(path)}' AS probe (READ_ONLY)")
        tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'probe'").fetchall()[0][0]
        keys = con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE database_name = 'probe' AND constraint_type = 'FOREIGN KEY'"
        ).fetchall()[0][0]
        return (tags or {}).get("storage_version", "").removesuffix("+") or None, keys
    except duckdb.Error:
        return None, 0
    finally:
        con.close()


def _rebuild(con: duckdb.DuckDBPyConnection, warehouse: Path, staging: Path, storage_version: str) -> None:
    """Move a warehouse written by an earlier newsfacts (a newer storage format, or tables without
    foreign keys, which DuckDB cannot add to a table) into the empty staging database ``CATALOG``.

    Its contents are copied to a scratch file, brought up to date there (``apply_schema``), then
    copied table by table, parents first, into tables made from the declaration. Rows that point
    at a row that does not exist (possible only without keys) are the one thing left behind."""
    scratch = staging.with_name(staging.name + ".old")
    remove_staging(scratch)
    try:
        run(con, f"ATTACH '{_quoted(scratch)}' AS old (STORAGE_VERSION '{storage_version}')")
        run(con, f"ATTACH '{_quoted(warehouse)}' AS published (READ_ONLY)")
        run(con, "COPY FROM DATABASE published TO old")
        run(con, "DETACH published")
        run(con, "USE old")
        apply_schema(con, with_foreign_keys=False)
        run(con, f"USE {CATALOG}")
        apply_schema(con)
        for name in catalog.load_order():
            columns = ", ".join(c.name for c in catalog.BY_NAME[name].columns)
            keys = [
                f"({column} IS NULL OR {column} IN (SELECT {ref.split('.')[1]} FROM {CATALOG}.{ref.split('.')[0]}))"
                for table, column, ref in catalog.foreign_keys()
                if table == name
            ]
            where = f" WHERE {' AND '.join(keys)}" if keys else ""
            run(con, f"INSERT INTO {CATALOG}.{name} BY NAME SELECT {columns} FROM old.{name}{where}")
        run(con, "DETACH old")
    finally:
        remove_staging(scratch)


@contextlib.contextmanager
def staged(warehouse: Path, run_id: str, storage_version: str = STORAGE_VERSION) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """``open_staging`` for one run: on any error the connection is closed and the staging file
    removed, so a failed run leaves the published warehouse as the only copy."""
    con, staging = open_staging(warehouse, run_id, storage_version)
    try:
        yield con, staging
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        remove_staging(staging)
        raise


def publish(con: duckdb.DuckDBPyConnection, staging: Path, warehouse: Path) -> None:
    """Checkpoint, close and atomically swap the staging file onto the published path."""
    run(con, f"CHECKPOINT {CATALOG}")
    con.close()
    wal = staging.with_name(staging.name + ".wal")
    if wal.exists():  # should not happen after CHECKPOINT; never publish half a database
        raise RuntimeError(f"staging database still has a write-ahead log: {wal}")
    fd = os.open(staging, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(staging, warehouse)
    dir_fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def quarantine(con: duckdb.DuckDBPyConnection, staging: Path, warehouse: Path, run_id: str) -> Path:
    """Keep a failed run's staging file (with its validation_failures table) beside the warehouse."""
    run(con, "CHECKPOINT")
    con.close()
    target = warehouse.with_name(f"{warehouse.stem}.failed-{run_id}.duckdb")
    os.replace(staging, target)
    return target
