"""The staging file never outlives a failed run: a full disk or a failing load leaves only the published file."""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path

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
