"""The staging file never outlives a failed run: a full disk or a failing load leaves only the published file."""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse import store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(f"{warehouse.name}.staging-*"))


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    path = tmp_path / "newsfacts.duckdb"
    with store.staged(path, "first") as (con, staging):
        store.publish(con, staging, path)
    return path


def test_a_disk_that_fills_during_the_staging_copy_leaves_no_partial_copy(warehouse, monkeypatch):
    before = digest(warehouse)

    def copy_until_full(src, dst, *args, **kwargs):  # noqa: ANN001, ANN202 - shutil.copyfile's signature
        Path(dst).write_bytes(Path(src).read_bytes()[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    with pytest.raises(OSError, match="No space left"):
        store.open_staging(warehouse, "full")
    assert leftovers(warehouse) == [] and digest(warehouse) == before


def test_a_load_that_fails_leaves_neither_staging_file_nor_its_wal(warehouse):
    before = digest(warehouse)
    with pytest.raises(OSError, match="No space left"), store.staged(warehouse, "failing") as (con, staging):
        con.execute("CREATE TABLE filler AS SELECT range AS n FROM range(100000)").fetchall()
        assert staging.exists()
        raise OSError(errno.ENOSPC, "No space left on device")
    assert leftovers(warehouse) == [] and digest(warehouse) == before


def test_a_damaged_published_warehouse_is_named_not_its_staging_copy(tmp_path):
    path = tmp_path / "newsfacts.duckdb"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(store.WarehouseDamaged, match=f"the warehouse file {path} is damaged"):
        store.open_staging(path, "run")
    assert leftovers(path) == []


def _storage(path):  # noqa: ANN001, ANN202
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{path}' AS probe (READ_ONLY)")
        return con.execute("SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = 'probe'").fetchall()[0][0]
    finally:
        con.close()


def test_the_warehouse_is_written_in_a_format_duckdb_1_2_clients_read(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con, staging = store.open_staging(warehouse, "r1")
    store.publish(con, staging, warehouse)
    assert _storage(warehouse) == "v1.2.0+"


def test_a_warehouse_in_the_newer_format_moves_to_the_readable_one_with_its_rows(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    old = duckdb.connect(str(warehouse))  # duckdb 2.0's default format, as earlier newsfacts wrote it
    old.execute(store.catalog.schema_sql())
    old.execute("INSERT INTO etl_furniture VALUES ('s', 'menu', 3, 9, 'r0')")
    old.close()
    assert _storage(warehouse) == "v2.0.0+"
    con, staging = store.open_staging(warehouse, "r1")
    store.publish(con, staging, warehouse)
    assert _storage(warehouse) == "v1.2.0+"
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT shape, documents FROM etl_furniture").fetchall() == [("menu", 3)]
    con.close()
