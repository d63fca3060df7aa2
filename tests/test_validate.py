"""Great Expectations suites and the choice of rows a run validates, on a real seeds warehouse."""

from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

from expectations.validate import foreign_keys, resolve_suites, run_suites, validate_tables
from flows.runtime.validator import Validator
from warehouse import catalog, reads


def test_foreign_keys_are_read_from_the_suites():
    keys = {(k.table, k.column, k.ref_table, k.ref_column) for k in foreign_keys()}
    assert ("fact_statements", "document_id", "dim_documents", "document_id") in keys
    assert ("fact_figures", "source_actor_id", "dim_actors", "actor_id") in keys


@pytest.mark.slow
def test_dangling_foreign_key_fails_and_names_the_row(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        frames = reads.read_tables(con)
    finally:
        con.close()
    assert validate_tables(frames).success
    frames, bad_id = _with_dangling_statement(frames)
    report = validate_tables(frames)
    assert not report.success
    [failure] = report.failures
    assert (failure.table, failure.column, failure.expectation) == ("fact_statements", "document_id", "expect_column_values_to_be_in_set")
    assert [k["statement_id"] for k in failure.failing_keys] == [bad_id]


def _drop_keys(con: duckdb.DuckDBPyConnection) -> None:
    """The same tables and rows without their constraints."""
    order = catalog.load_order()
    for table in order:
        con.execute(f"CREATE TABLE unkeyed_{table} AS SELECT * FROM {table}")
    for table in reversed(order):
        con.execute(f"DROP TABLE {table}")
    for table in order:
        con.execute(f"ALTER TABLE unkeyed_{table} RENAME TO {table}")


@pytest.mark.slow
def test_a_run_validates_its_own_rows_and_any_dangling_row(seeds_warehouse, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(seeds_warehouse, path)
    con = duckdb.connect(str(path))
    try:
        _drop_keys(con)  # a dangling row can exist only where the database does not enforce the key (an older warehouse)
        run_id = con.execute("SELECT any_value(run_id) FROM dim_documents").fetchall()[0][0]
        con.execute(
            """INSERT INTO fact_statements (statement_id, document_id, kind, content, start_offset, end_offset,
                                            sentence_index, paragraph_index, confidence)
               VALUES ('dangling', 'no-such-document', 'direct', 'x', 0, 1, 0, 0, 1.0)"""
        ).fetchall()
        mine = reads.rows_to_validate(con, run_id, foreign_keys())
        other = reads.rows_to_validate(con, "a-later-run", foreign_keys())
        halves = [reads.rows_to_validate(con, run_id, foreign_keys(), part, 2) for part in (0, 1)]
        total = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in mine}
    finally:
        con.close()
    assert {t: len(f) for t, f in mine.items()} == total
    assert other["fact_statements"]["statement_id"].to_list() == ["dangling"]
    assert all(len(f) == 0 for t, f in other.items() if t != "fact_statements")
    # In parts: each document in exactly one part, the dangling row once.
    halves_docs = [set(h["dim_documents"]["document_id"]) for h in halves]
    assert halves_docs[0].isdisjoint(halves_docs[1])
    assert halves_docs[0] | halves_docs[1] == set(mine["dim_documents"]["document_id"])
    assert ["dangling" in h["fact_statements"]["statement_id"].to_list() for h in halves] == [True, False]


def test_a_foreign_key_is_checked_against_the_missing_keys_only():
    """GX copies a value set every time it reads an expectation, so a $ref becomes the (usually empty) set of missing keys."""
    from expectations.validate import _resolve_refs

    frame = pl.DataFrame({"document_id": ["d1", "d2", "d2", "d3", None]})
    ref = {"$ref": "dim_documents.document_id"}
    exp = {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "document_id", "value_set": ref}}
    existing = {"d1", "d2"}
    kind, kwargs, meta = _resolve_refs(exp, frame, lambda table, column, candidates: [c for c in candidates if c in existing])
    assert kind == "expect_column_values_to_not_be_in_set"
    assert kwargs["value_set"] == ["d3"]
    assert meta["declared_type"] == "expect_column_values_to_be_in_set"
    plain = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "document_id"}}
    assert _resolve_refs(plain, frame, lambda *a: [])[:2] == ("expect_column_values_to_not_be_null", {"column": "document_id"})


def _with_dangling_statement(frames: dict[str, pl.DataFrame]) -> tuple[dict[str, pl.DataFrame], str]:
    statements = frames["fact_statements"]
    bad_id = statements["statement_id"][0]
    dangling = pl.when(pl.col("statement_id") == bad_id).then(pl.lit("no-such-document")).otherwise(pl.col("document_id"))
    return {**frames, "fact_statements": statements.with_columns(dangling.alias("document_id"))}, bad_id


@pytest.mark.slow
def test_the_validation_process_reports_what_validating_here_reports(seeds_warehouse, tmp_path):
    """Frames and resolved suites cross to the pre-started process; failures and Data Docs come back."""
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        frames, bad_id = _with_dangling_statement(reads.read_tables(con))
    finally:
        con.close()
    suites = resolve_suites(frames)
    here = run_suites(frames, suites, None, "here")
    process = Validator()
    try:
        there = process.validate(frames, suites, tmp_path / "docs", "there")
    finally:
        process.close()
    with pytest.raises(RuntimeError, match="stopped"):
        process.validate(frames, suites, None, "after")
    assert not here.success and (there.success, there.checked) == (here.success, here.checked)
    assert [(f.table, f.column, f.failing_keys) for f in there.failures] == [(f.table, f.column, f.failing_keys) for f in here.failures]
    assert [k["statement_id"] for k in there.failures[0].failing_keys] == [bad_id]
    assert there.data_docs and (tmp_path / "docs" / "index.html").is_file()


@pytest.mark.slow
def test_a_run_id_that_looks_like_a_date_with_an_offset_validates_and_writes_data_docs(seeds_warehouse, tmp_path):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        frames = reads.read_tables(con)
    finally:
        con.close()
    report = validate_tables(frames, docs_dir=tmp_path / "docs", run_name="20261201T215300-8078ad")  # GX read "-8078ad" as an offset
    assert report.success and report.data_docs


def _seeds_frames(seeds_warehouse) -> dict[str, pl.DataFrame]:
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        return reads.read_tables(con)
    finally:
        con.close()


def _with_figure(frames: dict[str, pl.DataFrame], **values: object) -> dict[str, pl.DataFrame]:
    """The frames with one more figure: a copy of the first, with ``values`` put in."""
    figures = frames["fact_figures"]
    row = figures.head(1).with_columns(pl.lit("added-figure").alias("figure_id"), *(pl.lit(v).alias(k) for k, v in values.items()))
    return {**frames, "fact_figures": pl.concat([figures, row.cast(figures.schema)])}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("surface", "value", "measure"),
    [("£350m", 350.0, "deal"), ("$2bn", 2.0, "deal"), ("$5m", 5e6, "m.")],  # the scale lost twice, a scale as measure
)
def test_a_meaning_error_blocks_publishing_and_names_the_rule(seeds_warehouse, surface, value, measure):
    frames = _with_figure(_seeds_frames(seeds_warehouse), surface=surface, value=value, unit=surface[0] == "£" and "GBP" or "USD",
                          measure=measure, base_value=1.0)
    report = validate_tables(frames)
    assert not report.success
    [failure] = report.failures
    assert failure.severity == "error" and failure.says and [k["figure_id"] for k in failure.failing_keys] == ["added-figure"]


@pytest.mark.slow
def test_a_fraction_of_a_scale_is_not_a_lost_scale(seeds_warehouse):
    frames = _with_figure(_seeds_frames(seeds_warehouse), surface="£0.53bn", value=5.3e8, unit="GBP", measure="aid", base_value=1.0)
    assert validate_tables(frames).success


@pytest.mark.slow
def test_a_meaning_warning_publishes_and_lists_its_rows(seeds_warehouse):
    frames = _with_figure(_seeds_frames(seeds_warehouse), surface="5m roubles", value=5e6, unit="RUB", base_value=None)
    report = validate_tables(frames)
    assert report.success and not report.failures
    [warning] = report.warnings
    assert warning.column == "base_value" and [k["figure_id"] for k in warning.failing_keys] == ["added-figure"]
    assert "1 warning" in report.summary()
