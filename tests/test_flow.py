"""The real flow (Prefect local server, spaCy, GX, DuckDB) on the seeds and on generated bad input."""

from __future__ import annotations

import codecs
import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.pipeline import ValidationFailed
from flows.settings import PROJECT_ROOT, Settings

CONTRACT = {
    "dim_documents": {"document_id", "source_path", "title", "byline", "dateline", "outlet", "body"},
    "dim_actors": {"actor_id", "canonical_name", "actor_type"},
    "fact_actors": {"document_id", "actor_id"},
    "fact_statements": {"document_id", "speaker_actor_id", "speaker_text", "kind", "content"},
    "fact_figures": {"document_id", "value", "unit", "qualifier", "measure", "source_actor_id", "surface"},
}

pytestmark = pytest.mark.slow


def table_rows(warehouse: Path) -> dict[str, list]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            t: sorted(
                con.execute(f"SELECT * EXCLUDE (run_id, loaded_at) FROM {t}" if t == "dim_documents" else f"SELECT * FROM {t}").fetchall(),
                key=repr,
            )
            for t in CONTRACT
        }
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_seeds_produce_the_five_contract_tables(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    for table, columns in CONTRACT.items():
        cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        assert columns <= cols, (table, columns - cols)
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] > 0, table
    paths = sorted(r[0] for r in con.execute("SELECT source_path FROM dim_documents").fetchall())
    assert paths == sorted(p.name for p in (PROJECT_ROOT / "seeds").glob("*.txt"))
    con.close()


def test_rerun_is_idempotent_and_does_no_work(seeds_warehouse, run_flow, tmp_path):
    before = table_rows(seeds_warehouse)
    input_dir = seeds_warehouse.parent / "input"
    summary = run_flow(input_dir, seeds_warehouse)
    assert summary.status == "nothing_to_do"
    assert summary.files_unchanged == 2 and summary.files_loaded == 0
    assert table_rows(seeds_warehouse) == before


def with_invalid_row(frame: pl.DataFrame) -> pl.DataFrame:
    """A statement that breaks the fact_statements suite (an unknown kind, no content) but no database constraint."""
    bad = dict.fromkeys(frame.columns)
    bad.update(
        {
            "statement_id": "invalid-row",
            "document_id": frame["document_id"][0],
            "kind": "rumour",
            "content": "",
            "start_offset": 0,
            "end_offset": 0,
            "sentence_index": 0,
            "paragraph_index": 0,
            "confidence": 0.5,
        }
    )
    return pl.concat([frame, pl.DataFrame([bad], schema=frame.schema)])


def test_failed_validation_publishes_nothing(seeds_warehouse, tmp_path):
    from flows import stages
    from transforms.extract import extract_batch
    from warehouse import publishing

    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_warehouse, warehouse)
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    (input_dir / "new.txt").write_text(
        "Storm closes schools\n\nThe storm closed 40 schools on Monday, the governor said in a statement to reporters.\n",
        encoding="utf-8",
    )
    before = sha(warehouse)
    settings = Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, workers=1)
    run = stages.begin(settings)
    planned = stages.discover_and_plan(run)
    with publishing.staged(warehouse, run.run_id) as (con, _):
        loaded = stages.start_loading(con, run, planned)
        documents, _ = stages.read(planned.plan.to_read, settings)
        frames = stages.tabulate(run, documents, extract_batch(documents, settings.model))
        frames["fact_statements"] = with_invalid_row(frames["fact_statements"])  # the bad frame, fed to the stages
        stages.load(con, frames, stages.lineage(run, documents))
        loaded.add(documents, [])
        stages.finish_loading(con, run, planned)
        report = stages.validate(con, run)
        with pytest.raises(ValidationFailed) as err:
            stages.record(con, run, planned, loaded, report)
    assert sha(warehouse) == before
    failed = {(f.table, f.expectation) for f in err.value.report.failures}
    assert ("fact_statements", "expect_column_values_to_be_in_set") in failed
    quarantined = duckdb.connect(str(err.value.quarantine), read_only=True)
    assert quarantined.execute("SELECT count(*) FROM validation_failures").fetchall()[0][0] > 0
    assert quarantined.execute("SELECT status FROM etl_runs WHERE run_id = ?", [run.run_id]).fetchall() == [("failed_validation",)]
    quarantined.close()


def test_every_file_is_loaded_or_rejected_with_a_reason(run_flow, tmp_path):
    good = "Mayor opens bridge\n\nMayor Linda Park opened the new bridge on Friday, and said it cost $4m to build.\n"
    input_dir = tmp_path / "in"
    (input_dir / "sub dir").mkdir(parents=True)
    (input_dir / "good.txt").write_text(good, encoding="utf-8")
    (input_dir / "sub dir" / "copy of good ü.txt").write_text(good, encoding="utf-8")
    (input_dir / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + good.replace("Linda Park", "Ann Lee").encode("utf-16-le"))
    (input_dir / "empty.txt").write_bytes(b"")
    (input_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    (input_dir / "huge.txt").write_bytes(b"a" * 2048)
    (input_dir / "broken.txt").symlink_to(input_dir / "missing-target.txt")
    (input_dir / "blank.txt").write_bytes(b"  \n\t\n   \n")
    (input_dir / "nul.txt").write_bytes(b"Council meets\x00\x00\x01 on Monday\x00")
    (input_dir / "furniture.txt").write_text("Share this article\nAdd a comment\nRead more\nAll rights reserved\n", encoding="utf-8")
    bridge = good.replace("Linda Park", "Ana Peña").replace("bridge", "café bridge")
    (input_dir / "bom.txt").write_bytes(codecs.BOM_UTF8 + bridge.encode("utf-8"))
    (input_dir / "utf16be.txt").write_bytes(codecs.BOM_UTF16_BE + bridge.replace("$4m", "$5m").encode("utf-16-be"))
    (input_dir / "cp1252.txt").write_bytes(bridge.replace("$4m", "£6m").encode("cp1252"))
    (input_dir / "mojibake.txt").write_bytes(bridge.replace("$4m", "$7m").encode("utf-8").decode("cp1252").encode("utf-8"))
    from flows.pipeline import newsfacts_flow
    from flows.settings import Settings

    settings = Settings().with_overrides(input_dir=input_dir, warehouse=tmp_path / "w.duckdb", workers=1, max_file_bytes=1024)
    summary = newsfacts_flow(settings)
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    files = dict(con.execute("SELECT source_path, status FROM etl_files").fetchall())
    reasons = dict(con.execute("SELECT source_path, reason FROM etl_files WHERE status = 'rejected'").fetchall())
    assert files == {
        "good.txt": "loaded",
        "sub dir/copy of good ü.txt": "duplicate",
        "utf16.txt": "loaded",
        "empty.txt": "rejected",
        "image.txt": "rejected",
        "huge.txt": "rejected",
        "broken.txt": "rejected",
        "blank.txt": "rejected",
        "nul.txt": "rejected",
        "furniture.txt": "rejected",
        "bom.txt": "loaded",
        "utf16be.txt": "loaded",
        "cp1252.txt": "loaded",
        "mojibake.txt": "loaded",
    }
    assert "empty" in reasons["empty.txt"] and "PNG" in reasons["image.txt"]
    assert "empty" in reasons["blank.txt"] and "NUL" in reasons["nul.txt"] and "boilerplate" in reasons["furniture.txt"]
    bodies = dict(con.execute("SELECT source_path, body FROM dim_documents").fetchall())
    for name in ("bom.txt", "utf16be.txt", "cp1252.txt", "mojibake.txt"):
        assert "Ana Peña" in bodies[name] and "café" in bodies[name], name  # decoded right, not dropped
    assert "1,024-byte limit" in reasons["huge.txt"] and "symbolic link" in reasons["broken.txt"]
    assert summary.files_seen == 14
    paths = {r[0] for r in con.execute("SELECT source_path FROM etl_lineage").fetchall()}
    assert {"good.txt", "sub dir/copy of good ü.txt", "utf16.txt", "bom.txt", "utf16be.txt", "cp1252.txt", "mojibake.txt"} == paths
    con.close()

    # Unchanged, a rejected file keeps its verdict and reason without being read again: nothing to do.
    again = newsfacts_flow(settings)
    assert again.status == "nothing_to_do" and again.files_loaded == 0
    assert {r.rel_path: r.reason for r in again.rejections} == reasons


def test_changed_file_replaces_its_old_rows(run_flow, tmp_path):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    article = input_dir / "a.txt"
    article.write_text("Port reopens\n\nThe port reopened on Monday after 12 ships were stuck for a week.\n", encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    run_flow(input_dir, warehouse)
    article.write_text("Port reopens\n\nThe port reopened on Tuesday after 15 ships were stuck for a week.\n", encoding="utf-8")
    run_flow(input_dir, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0] == 1
    assert [r[0] for r in con.execute("SELECT value FROM fact_figures").fetchall()] == [15.0]
    con.close()
