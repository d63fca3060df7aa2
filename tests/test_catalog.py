"""One declaration per table (warehouse/catalog.py): the DDL, comments, frames and suites all follow it."""

from __future__ import annotations

from datetime import datetime

import duckdb

from expectations.validate import SUITES_DIR, foreign_keys
from transforms.records import Actor, Document, Extraction, Figure, Statement
from transforms.tables import build_tables
from warehouse import catalog, schema


def test_the_suite_files_are_the_ones_the_declaration_generates():
    validated = [t for t in catalog.TABLES if t.validated]
    stale = [t.name for t in validated if (SUITES_DIR / f"{t.name}.json").read_text(encoding="utf-8") != catalog.suite_text(t)]
    assert stale == [], "run `python -m warehouse.catalog` to regenerate expectations/*.json"
    assert {p.stem for p in SUITES_DIR.glob("*.json")} == set(catalog.STAR_TABLES)


def test_the_warehouse_has_exactly_the_declared_columns_types_keys_and_comments(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    schema.apply_schema(con)
    for table in catalog.TABLES:
        rows = con.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table.name],
        ).fetchall()
        assert [(name, kind) for name, kind, _ in rows] == [(c.name, c.type) for c in table.columns], table.name
        not_null = {name for name, _, nullable in rows if nullable == "NO"}
        assert not_null == {c.name for c in table.columns if c.not_null} | set(table.primary_key), table.name
        comments = dict(con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ?", [table.name]).fetchall())
        assert comments == {c.name: c.description for c in table.columns}
    primary = "SELECT table_name, constraint_column_names FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    keys = con.execute(primary).fetchall()
    assert {(t, tuple(cols)) for t, cols in keys} == {(t.name, t.primary_key) for t in catalog.TABLES if t.primary_key}
    con.close()


def test_a_batchs_frames_carry_the_declared_columns_and_types():
    document = Document("d1", "a.txt", "0" * 64, "utf-8", "Title", None, None, None, "Body text here.", source="feed")
    extraction = Extraction(
        "d1",
        [Actor("a1", "Ines Kroll", "person", {"Kroll"}, 2)],
        [Statement("s1", "direct", "Hello", 0, 5, "Kroll", "a1", "said", 0, 0, 0.9)],
        [Figure("f1", 14.0, None, None, "ships", "exact", None, "14", 6, 8, 0, "a1")],
    )
    frames = build_tables([document], [extraction], "run", datetime(2026, 1, 1))
    for name, frame in frames.items():
        assert dict(frame.schema) == catalog.polars_schema(name), name


def test_foreign_keys_are_read_from_the_declaration_through_the_suites():
    declared = {(t.name, c.name, c.references) for t in catalog.TABLES if t.validated for c in t.columns if c.references}
    assert {(fk.table, fk.column, f"{fk.ref_table}.{fk.ref_column}") for fk in foreign_keys()} == declared
