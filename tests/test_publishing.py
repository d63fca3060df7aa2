"""The staging file never outlives a failed run: a full disk or a failing load leaves only the published file."""

from __future__ import annotations

import errno
import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse import catalog, connection, identity, publishing


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(f"{warehouse.name}.staging-*"))


@pytest.fixture()
def warehouse(tmp_path) -> Path:
    path = tmp_path / "newsfacts.duckdb"
    with publishing.staged(path, "first") as (con, staging):
        publishing.publish(con, staging, path)
    return path


def test_a_disk_that_fills_during_the_staging_copy_leaves_no_partial_copy(warehouse, monkeypatch):
    before = digest(warehouse)

    def copy_until_full(src, dst, *args, **kwargs):  # noqa: ANN001, ANN202 - shutil.copyfile's signature
        Path(dst).write_bytes(Path(src).read_bytes()[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", copy_until_full)
    with pytest.raises(OSError, match="No space left"):
        publishing.open_staging(warehouse, "full")
    assert leftovers(warehouse) == [] and digest(warehouse) == before


def test_a_load_that_fails_leaves_neither_staging_file_nor_its_wal(warehouse):
    before = digest(warehouse)
    with pytest.raises(OSError, match="No space left"), publishing.staged(warehouse, "failing") as (con, staging):
        con.execute("CREATE TABLE filler AS SELECT range AS n FROM range(100000)").fetchall()
        assert staging.exists()
        raise OSError(errno.ENOSPC, "No space left on device")
    assert leftovers(warehouse) == [] and digest(warehouse) == before


def test_a_damaged_published_warehouse_is_named_not_its_staging_copy(tmp_path):
    path = tmp_path / "newsfacts.duckdb"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(connection.WarehouseDamaged, match=f"the warehouse file {path} is damaged"):
        publishing.open_staging(path, "run")
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
    con, staging = publishing.open_staging(warehouse, "r1")
    publishing.publish(con, staging, warehouse)
    assert _storage(warehouse) == "v1.2.0+"


def test_a_warehouse_in_the_newer_format_moves_to_the_readable_one_with_its_rows(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    old = duckdb.connect(str(warehouse))  # duckdb 2.0's default format, as earlier newsfacts wrote it
    old.execute(catalog.schema_sql())
    old.execute("INSERT INTO etl_furniture VALUES ('s', 'menu', 3, 9, 'r0')")
    old.close()
    assert _storage(warehouse) == "v2.0.0+"
    con, staging = publishing.open_staging(warehouse, "r1")
    publishing.publish(con, staging, warehouse)
    assert _storage(warehouse) == "v1.2.0+"
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT shape, documents FROM etl_furniture").fetchall() == [("menu", 3)]
    con.close()


def _constraints(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute("SELECT constraint_type, count(*) FROM duckdb_constraints() GROUP BY 1").fetchall())
    finally:
        con.close()


def test_the_published_warehouse_declares_primary_and_foreign_keys(warehouse):
    counts = _constraints(warehouse)
    assert counts["PRIMARY KEY"] >= 4 and counts["FOREIGN KEY"] == len(catalog.foreign_keys()) >= 4


def test_a_warehouse_from_before_foreign_keys_gains_them_and_keeps_its_rows(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect()
    con.execute(f"ATTACH '{warehouse}' AS w (STORAGE_VERSION '{publishing.STORAGE_VERSION}')")
    con.execute("USE w")
    con.execute(re.sub(r" REFERENCES \w+\(\w+\)", "", catalog.schema_sql()))  # the tables as they were: no keys
    con.execute(
        """INSERT INTO dim_documents (document_id, source, source_path, sha256, title, language, encoding, word_count, body,
                                      run_id, loaded_at)
           VALUES ('d1', 's', 'a.txt', 'h1', 'Title', 'en', 'utf-8', 3, 'Some body text', 'r0', now())"""
    )
    con.execute("INSERT INTO dim_actors (actor_id, canonical_name, actor_type) VALUES ('a1', 'Jane Roe', 'person')")
    con.execute("INSERT INTO fact_actors (document_id, actor_id, mention_count) VALUES ('d1', 'a1', 2), ('gone', 'a1', 1)")
    con.close()
    assert _constraints(warehouse).get("FOREIGN KEY", 0) == 0
    con, staging = publishing.open_staging(warehouse, "r1")
    publishing.publish(con, staging, warehouse)
    assert _constraints(warehouse)["FOREIGN KEY"] == len(catalog.foreign_keys())
    read = duckdb.connect(str(warehouse), read_only=True)
    assert read.execute("SELECT document_id, actor_id, mention_count FROM fact_actors").fetchall() == [("d1", "a1", 2)]
    assert read.execute("SELECT canonical_name FROM dim_actors").fetchall() == [("Jane Roe",)]
    read.close()
    assert not list(tmp_path.glob("*.old"))  # the scratch copy is gone


def test_a_row_pointing_at_no_document_fails_the_load_and_leaves_the_published_file(warehouse):
    before = digest(warehouse)
    with pytest.raises(duckdb.ConstraintException, match="foreign key"), publishing.staged(warehouse, "dangling") as (con, _):
        con.execute("INSERT INTO fact_actors (document_id, actor_id, mention_count) VALUES ('no-such-document', 'x', 1)").fetchall()
    assert leftovers(warehouse) == [] and digest(warehouse) == before


def _add_document(con, doc_id: str) -> None:  # noqa: ANN001 - duckdb connection
    con.execute(
        """INSERT INTO dim_documents (document_id, source, source_path, sha256, title, language, encoding, word_count, body,
                                      run_id, loaded_at)
           VALUES (?, 's', ? || '.txt', ?, 'Title', 'en', 'utf-8', 3, 'Some body text', 'r0', now())""",
        [doc_id, doc_id, "h-" + doc_id],
    ).fetchall()


def test_a_name_typed_differently_in_two_documents_is_one_actor_whose_type_the_mentions_decide(tmp_path):
    from transforms.records import actor_key

    warehouse = tmp_path / "w.duckdb"
    con, staging = publishing.open_staging(warehouse, "r1")
    acme = actor_key("Acme")
    for doc in ("d1", "d2"):
        _add_document(con, doc)
    con.execute("INSERT INTO dim_actors VALUES (?, 'Acme', 'person', false)", [acme]).fetchall()  # as the first document typed it
    con.execute(
        """INSERT INTO fact_actors (document_id, actor_id, mention_count, actor_type)
           VALUES ('d1', ?, 1, 'person'), ('d2', ?, 3, 'organization')""",
        [acme, acme],
    ).fetchall()
    assert identity.vote_actor_types(con) == 1
    assert con.execute("SELECT actor_id, actor_type FROM dim_actors").fetchall() == [(acme, "organization")]
    assert identity.vote_actor_types(con) == 0  # settled
    con.close()


def test_a_warehouse_whose_actor_ids_hashed_the_type_gets_name_ids_with_every_row_relinked(tmp_path):
    from transforms.records import actor_key

    warehouse = tmp_path / "w.duckdb"
    con, staging = publishing.open_staging(warehouse, "r0")
    for doc in ("d1", "d2"):
        _add_document(con, doc)
    # the ids of the earlier scheme: one actor per (type, name)
    con.execute("INSERT INTO dim_actors VALUES ('p-acme', 'Acme', 'person', false), ('o-acme', 'Acme', 'organization', false)").fetchall()
    con.execute("INSERT INTO dim_actor_aliases VALUES ('p-acme', 'Acme'), ('o-acme', 'Acme Corp')").fetchall()
    con.execute(
        """INSERT INTO fact_actors (document_id, actor_id, mention_count, aliases)
           VALUES ('d1', 'p-acme', 1, 'Acme'), ('d2', 'o-acme', 2, 'Acme Corp'), ('d2', 'p-acme', 1, 'Acme')"""
    ).fetchall()
    con.execute(
        """INSERT INTO fact_statements (statement_id, document_id, kind, content, start_offset, end_offset, speaker_actor_id,
                                        sentence_index, paragraph_index, confidence)
           VALUES ('s1', 'd1', 'direct', 'We grew', 0, 7, 'p-acme', 0, 0, 1.0)"""
    ).fetchall()
    con.execute("ALTER TABLE fact_actors DROP COLUMN actor_type").fetchall()  # as that warehouse was
    publishing.publish(con, staging, warehouse)
    con, staging = publishing.open_staging(warehouse, "r1")  # the next run brings it up to date
    publishing.publish(con, staging, warehouse)
    read = duckdb.connect(str(warehouse), read_only=True)
    acme = actor_key("Acme")
    assert read.execute("SELECT actor_id, canonical_name, actor_type FROM dim_actors").fetchall() == [(acme, "Acme", "organization")]
    assert read.execute("SELECT document_id, mention_count, aliases FROM fact_actors ORDER BY 1").fetchall() == [
        ("d1", 1, "Acme"),
        ("d2", 3, "Acme; Acme Corp"),
    ]
    assert read.execute("SELECT speaker_actor_id FROM fact_statements").fetchall() == [(acme,)]
    assert sorted(read.execute("SELECT alias FROM dim_actor_aliases WHERE actor_id = ?", [acme]).fetchall()) == [("Acme",), ("Acme Corp",)]
    read.close()


def test_the_storage_format_is_a_setting_and_a_change_of_it_rewrites_the_warehouse_with_its_rows(tmp_path):
    from flows.settings import Settings

    assert Settings().storage_version == publishing.STORAGE_VERSION == "v1.2.0"
    with pytest.raises(ValueError, match="NEWSFACTS_STORAGE_VERSION"):
        Settings().with_overrides(storage_version="newest")
    warehouse = tmp_path / "w.duckdb"
    con, staging = publishing.open_staging(warehouse, "r1")
    con.execute("INSERT INTO etl_furniture VALUES ('s', 'menu', 3, 9, 'r0')").fetchall()
    publishing.publish(con, staging, warehouse)
    con, staging = publishing.open_staging(warehouse, "r2", "v2.0.0")
    publishing.publish(con, staging, warehouse)
    assert _storage(warehouse) == "v2.0.0+"
    read = duckdb.connect(str(warehouse), read_only=True)
    assert read.execute("SELECT shape FROM etl_furniture").fetchall() == [("menu",)]
    read.close()
