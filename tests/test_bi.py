"""What BI tools and other engines see: SQLAlchemy (duckdb-engine) introspection, Parquet export, run reports."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from flows.cli import app

pytestmark = pytest.mark.slow


def readme_queries() -> list[str]:
    """Every `newsfacts sql "..."` query in the README's questions section (so the README cannot drift)."""
    import re

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text.split("## Five questions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r'newsfacts sql "([^"]+)"', section)


README_QUERIES = readme_queries()


def test_readme_asks_five_questions():
    assert len(README_QUERIES) == 5


BI_CLIENT = """
import json, sys
import sqlalchemy as sa
engine = sa.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
with engine.connect() as conn:
    inspector = sa.inspect(conn)
    report = {
        "schemas": inspector.get_schema_names(),
        "tables": inspector.get_table_names(),
        "views": inspector.get_view_names(),
        "figure_columns": [c["name"] for c in inspector.get_columns("fact_figures")],
        "statement_joins": sorted(fk["referred_table"] for fk in inspector.get_foreign_keys("fact_statements")),
        "rows": [len(conn.execute(sa.text(q)).fetchall()) for q in json.loads(sys.argv[2])],
    }
engine.dispose()
print(json.dumps(report))
"""


def test_sqlalchemy_read_only_url_introspects_like_a_bi_tool_and_sees_the_join_paths(seeds_warehouse):
    """A separate client process, as a BI tool is, through duckdb-engine with the documented URL."""
    import json
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", BI_CLIENT, str(seeds_warehouse), json.dumps(README_QUERIES)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert any(name.endswith("main") for name in report["schemas"])
    assert {"dim_documents", "dim_actors", "fact_actors", "fact_statements", "fact_figures"} <= set(report["tables"])
    assert {"v_statements", "v_figures", "v_actor_cooccurrence"} <= set(report["views"])
    assert {"value", "unit", "measure", "qualifier"} <= set(report["figure_columns"])
    assert report["statement_joins"] == ["dim_actors", "dim_documents"]  # the join paths a BI tool offers
    assert all(n > 0 for n in report["rows"])


def test_export_writes_every_table_and_view_as_parquet(seeds_warehouse, tmp_path):
    out = tmp_path / "parquet"
    result = CliRunner().invoke(app, ["export", "--format", "parquet", "--out", str(out), "--warehouse", str(seeds_warehouse)])
    assert result.exit_code == 0, result.output
    import duckdb

    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    for name in ("dim_documents", "fact_statements", "fact_figures", "v_statements"):
        assert pl.read_parquet(out / f"{name}.parquet").height == con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    con.close()


def test_each_run_leaves_a_markdown_report_beside_the_warehouse(seeds_warehouse):
    reports = sorted((Path(seeds_warehouse).parent / "reports" / Path(seeds_warehouse).stem).glob("*.md"))
    assert reports
    text = reports[0].read_text()
    assert "## Files" in text and "fact_statements" in text and "## Time per stage" in text


def test_each_run_leaves_an_offline_html_report_with_charts_of_what_it_changed(seeds_warehouse):
    import re

    [page] = sorted((Path(seeds_warehouse).parent / "reports" / Path(seeds_warehouse).stem).glob("*.html"))
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") >= 3  # files by outcome, time per stage, top speakers, top actors
    assert "Top named speakers" in text and "Time per stage" in text and "Documents this run loaded" in text
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", text)  # no script, style or font from the network
    assert "<script" not in text


def test_the_report_lists_every_expectation_with_its_result(seeds_warehouse):
    """Every check, passed or not, is on the offline report page: the Data Docs are not needed to see them."""
    import json

    [page] = sorted((Path(seeds_warehouse).parent / "reports" / Path(seeds_warehouse).stem).glob("*.html"))
    text = page.read_text(encoding="utf-8")
    declared = sum(len(json.loads(p.read_text())["expectations"]) for p in (Path(__file__).parent.parent / "expectations").glob("*.json"))
    assert "Validation: every expectation" in text
    assert text.count("<td>passed</td>") + text.count("rows failed</td>") >= declared


def test_a_run_writes_no_data_docs_unless_asked(tmp_path, run_flow):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    (input_dir / "a.txt").write_text("Jane Roe said the plan was late.\n", encoding="utf-8")
    summary = run_flow(input_dir, tmp_path / "w.duckdb")
    assert summary.data_docs == "" and not (tmp_path / "docs").exists() and summary.checks


def test_validation_writes_great_expectations_data_docs_linked_from_the_report(seeds_warehouse):
    """With NEWSFACTS_DATA_DOCS=true (the seeds fixture sets it), the Data Docs are built and linked."""
    docs = Path(seeds_warehouse).parent / "docs" / Path(seeds_warehouse).stem  # one folder per warehouse
    index = docs / "index.html"
    assert index.exists()
    assert sorted(p.stem for p in (docs / "expectations").glob("*.html")) == sorted(
        p.stem for p in (Path(__file__).parent.parent / "expectations").glob("*.json")
    )
    assert list((docs / "validations").rglob("fact_statements.html"))
    report = sorted((Path(seeds_warehouse).parent / "reports" / Path(seeds_warehouse).stem).glob("*.md"))[0].read_text()
    assert index.as_uri() in report


def test_every_table_and_view_column_has_a_comment(seeds_warehouse):
    import duckdb

    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        missing = con.execute(
            """SELECT c.table_name || '.' || c.column_name FROM duckdb_columns() c
               WHERE c.schema_name = 'main' AND NOT c.internal AND (c.comment IS NULL OR c.comment = '')
                 AND c.table_name NOT LIKE 'duckdb_%' AND c.table_name NOT LIKE 'sqlite_%' AND c.table_name NOT LIKE 'pragma_%'
               ORDER BY 1"""
        ).fetchall()
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND comment IS NULL").fetchall()[0][0]
        views = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND comment IS NULL"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert missing == []
    assert (tables, views) == (0, 0)


DUCKDB1_PYTHON = Path(__file__).resolve().parent.parent / ".venv-duckdb1" / "bin" / "python"  # made by `make test`

DUCKDB1_CLIENT = """
import json, sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps({
    "version": duckdb.__version__,
    "statements": con.execute("SELECT count(*) FROM v_statements").fetchall()[0][0],
    "keys": dict(con.execute("SELECT constraint_type, count(*) FROM duckdb_constraints() GROUP BY 1").fetchall()),
}))
"""


@pytest.mark.skipif(not DUCKDB1_PYTHON.exists(), reason="no DuckDB 1.x client installed (`make test` installs one in .venv-duckdb1)")
def test_a_duckdb_1_4_client_opens_the_warehouse_reads_statements_and_sees_its_keys(seeds_warehouse):
    import json
    import subprocess

    out = subprocess.run([str(DUCKDB1_PYTHON), "-c", DUCKDB1_CLIENT, str(seeds_warehouse)], capture_output=True, text=True, check=True)
    seen = json.loads(out.stdout)
    assert seen["version"].startswith("1.")
    assert seen["statements"] > 0
    assert seen["keys"]["PRIMARY KEY"] >= 4 and seen["keys"]["FOREIGN KEY"] >= 4


def test_the_reports_top_speakers_and_actors_are_named_entities_never_unnamed_groups(tmp_path, run_flow, query):
    from flows.report import run_facts

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Port deal agreed\n\nAnalysts said the port deal would cut costs for shippers.\n\n"
        "Officials said the terminal would open in May.\n\n"
        '"It is a good day for the city," said Mayor Ines Kroll of Valdora.\n',
        encoding="utf-8",
    )
    summary = run_flow(folder, tmp_path / "w.duckdb")
    scoped = {name for (name,) in query(tmp_path / "w.duckdb", "SELECT canonical_name FROM dim_actors WHERE document_scoped")}
    assert {"analysts", "officials"} <= scoped
    facts = run_facts(tmp_path / "w.duckdb", summary)
    assert [r["speaker"] for r in facts.speakers] == ["Ines Kroll"]
    assert facts.actors and not scoped & {r["actor"] for r in facts.actors}


def _provisioner():
    import importlib.util

    spec = importlib.util.spec_from_file_location("superset_provision", Path(__file__).parent.parent / "docs" / "superset_provision.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _FakeSuperset:
    """Superset's API as the provisioning script sees it: one existing connection, every call recorded."""

    def __init__(self, uri: str) -> None:
        self.uri, self.calls = uri, []

    def find(self, resource: str, column: str, value: str):
        return 1 if resource == "database" else None

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        self.calls.append((method, path, body))
        return {"result": {"sqlalchemy_uri": self.uri}} if method == "GET" else {"id": 1}


def test_the_provisioning_script_refuses_a_connection_that_points_at_another_warehouse(tmp_path):
    provision = _provisioner()
    api = _FakeSuperset("duckdb:////elsewhere/newsfacts.duckdb")
    with pytest.raises(provision.OtherWarehouse, match="--name"):
        provision.connect_database(api, "newsfacts", f"duckdb:///{tmp_path / 'wire.duckdb'}")
    assert not [c for c in api.calls if c[0] in ("PUT", "POST")]  # nothing was changed
    assert provision.connect_database(api, "newsfacts", "duckdb:////elsewhere/newsfacts.duckdb") == 1  # the same file: found
    provision.connect_database(api, "newsfacts", "duckdb:///other.duckdb", update=True)
    assert ("PUT", "/api/v1/database/1", {"sqlalchemy_uri": "duckdb:///other.duckdb"}) in api.calls


def test_the_provisioning_script_reads_each_view_s_description_from_the_warehouse(seeds_warehouse):
    described = _provisioner().view_descriptions(seeds_warehouse)
    assert described["v_statements"][None] and described["v_figures"]["value"]
