"""The command line: help on every command, read-only SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", ["run", "serve", "status", "sql", "show", "export"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_run_help_shows_the_default_input_folder_warehouse_and_source():
    result = runner.invoke(app, ["run", "--help"], terminal_width=200)
    text = " ".join(result.output.split())
    assert "[default: seeds/]" in text and "[default: warehouse/newsfacts.duckdb]" in text and "[default: the folder's name]" in text


@pytest.mark.slow
def test_sql_lists_tables_and_runs_queries_read_only(seeds_warehouse):
    listing = runner.invoke(app, ["sql", "--warehouse", str(seeds_warehouse), "--format", "csv"])
    assert listing.exit_code == 0 and "fact_statements" in listing.output and "v_statements" in listing.output
    result = runner.invoke(app, ["sql", "SELECT count(*) AS n FROM dim_documents", "--warehouse", str(seeds_warehouse), "--format", "json"])
    assert result.exit_code == 0 and '"n": 2' in result.output
    write = runner.invoke(app, ["sql", "DELETE FROM dim_documents", "--warehouse", str(seeds_warehouse)])
    assert write.exit_code == 1


def test_progress_reports_files_batches_rate_and_eta():
    import logging

    from flows.stages import Progress

    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())
    logger = logging.getLogger("newsfacts")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        import time

        progress = Progress(total=400, started=time.monotonic() - 10)
        progress.advance(200)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    first, line = records
    assert first == "400 files to read and extract"  # the bar shows 0/400 as loading starts, not '0/?'
    assert line.startswith("batch 1: 200/400 files (50%") and "files/s" in line and "ETA" in line


def test_the_terminal_bar_names_the_stage_at_work_and_keeps_the_count():
    import io
    import logging

    from rich.console import Console

    from flows.progress import LiveProgress, listeners

    display = LiveProgress(Console(file=io.StringIO(), force_terminal=True, width=140))
    log = logging.getLogger("newsfacts.test-stage-label")
    log.addHandler(display)
    log.setLevel(logging.INFO)
    log.propagate = False
    display.start()
    try:
        log.info("400 files", extra={"done": 0, "total": 400, "rate": 0.0, "eta": 0.0})
        for listener in listeners:
            listener("start", "extract")
        task = display.progress.tasks[0]
        assert (task.description, task.completed, task.total) == ("extracting", 0, 400)
        for listener in listeners:
            listener("start", "load")
        log.info("batch 1", extra={"done": 200, "total": 400, "rate": 25.0, "eta": 8.0})
        assert (task.description, task.completed) == ("loading", 200)
    finally:
        display.stop()
        log.removeHandler(display)
    assert display.on_stage not in listeners  # a stopped display hears no more stages


def test_progress_lines_only_on_a_terminal_or_with_verbose(monkeypatch):
    import io
    import logging
    import sys

    from flows.cli import _setup_logging

    logger = logging.getLogger("newsfacts")
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a TTY, as in CI or a pipe
    _setup_logging(verbose=False)
    quiet = logger.level
    _setup_logging(verbose=True)
    loud = logger.level
    for h in list(logger.handlers):
        logger.removeHandler(h)
    assert quiet == logging.WARNING and loud == logging.INFO


@pytest.mark.slow
def test_the_console_script_flushes_its_output_and_keeps_the_exit_code(seeds_warehouse):
    """``main`` ends the process with os._exit: what was printed must still arrive, with the right code."""
    import subprocess
    import sys
    from pathlib import Path

    cli = str(Path(sys.executable).with_name("newsfacts"))
    ok = subprocess.run([cli, "sql", "SELECT 42 AS n", "-f", "csv", "-w", str(seeds_warehouse)], capture_output=True, text=True)
    assert (ok.returncode, ok.stdout.split()) == (0, ["n", "42"])
    bad = subprocess.run([cli, "sql", "SELECT nope", "-w", str(seeds_warehouse)], capture_output=True, text=True)
    assert bad.returncode == 1 and "nope" in bad.stderr


REFUSED = [
    "COPY (SELECT 1) TO '/tmp/newsfacts-refused.txt'",
    "SELECT * FROM read_text('/etc/shadow')",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM glob('/root/**')",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SET enable_external_access = true",
    "ATTACH '/tmp/newsfacts-refused.duckdb' AS other",
    "DROP TABLE dim_documents",
    "CREATE TABLE x (a INTEGER)",
]


@pytest.mark.slow
@pytest.mark.parametrize("statement", REFUSED)
def test_sql_refuses_writes_files_and_extensions_in_one_line(seeds_warehouse, statement):
    result = runner.invoke(app, ["sql", statement, "--warehouse", str(seeds_warehouse)])
    assert result.exit_code == 1
    assert result.output.startswith("newsfacts sql is read-only: ") and result.output.count("\n") == 1, result.output
    assert not Path("/tmp/newsfacts-refused.txt").exists()


@pytest.mark.parametrize("command", [["sql", "SELECT 1"], ["status"], ["export", "--out", "OUT"]])
def test_a_damaged_warehouse_gets_one_line_not_a_traceback(tmp_path, command):
    warehouse = tmp_path / "newsfacts.duckdb"
    warehouse.write_bytes(b"DUCK" + b"\x00" * 5000)  # a truncated / overwritten file
    args = [a.replace("OUT", str(tmp_path / "out")) for a in command]
    result = runner.invoke(app, [*args, "--warehouse", str(warehouse)])
    assert result.exit_code == 1
    assert result.output.startswith(f"newsfacts: the warehouse file {warehouse} is damaged or not a DuckDB database")
    assert "Traceback" not in result.output and result.output.count("\n") == 1


@pytest.mark.slow
def test_export_writes_every_table_and_view_through_the_product(seeds_warehouse, tmp_path):
    import pyarrow.parquet

    result = runner.invoke(app, ["export", "--out", str(tmp_path), "--warehouse", str(seeds_warehouse)])
    assert result.exit_code == 0
    assert pyarrow.parquet.read_table(tmp_path / "dim_documents.parquet").num_rows == 2
    assert (tmp_path / "v_statements.parquet").exists()


@pytest.mark.slow
def test_exported_parquet_carries_the_table_and_column_comments(seeds_warehouse, tmp_path):
    """A tool reading only the Parquet file sees each column's description, as the warehouse comments it."""
    import duckdb
    import pyarrow.parquet

    assert runner.invoke(app, ["export", "--out", str(tmp_path), "--warehouse", str(seeds_warehouse)]).exit_code == 0
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        (column_comment,) = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'fact_statements' AND column_name = 'content'"
        ).fetchone()
        (table_comment,) = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'fact_statements'").fetchone()
    schema = pyarrow.parquet.read_schema(tmp_path / "fact_statements.parquet")
    assert schema.field("content").metadata[b"description"].decode() == column_comment
    assert schema.metadata[b"description"].decode() == table_comment


def test_a_prefect_api_that_never_answers_fails_the_run_in_one_line_without_holding_the_lock(tmp_path, monkeypatch):
    import shutil
    import socket
    import time

    from flows.settings import PROJECT_ROOT

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections (the kernel does) and never answers
    port = silent.getsockname()[1]
    input_dir = tmp_path / "in"
    shutil.copytree(PROJECT_ROOT / "seeds", input_dir)
    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{port}/api")
    monkeypatch.setenv("NEWSFACTS_API_TIMEOUT_SECONDS", "1")
    started = time.monotonic()
    try:
        result = runner.invoke(app, ["run", "--input", str(input_dir), "--warehouse", str(tmp_path / "w.duckdb")])
    finally:
        silent.close()
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    api = f"http://127.0.0.1:{port}/api"
    assert result.output.startswith(f"newsfacts: the Prefect API at {api} (PREFECT_API_URL) did not answer within 1 s")
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.slow
def test_sql_shows_null_and_caps_the_rows_of_a_table_with_a_note(seeds_warehouse):
    shown = runner.invoke(app, ["sql", "SELECT NULL AS missing, range AS n FROM range(1005)", "--warehouse", str(seeds_warehouse)])
    assert shown.exit_code == 0
    assert "NULL" in shown.output and "│ 999 " in shown.output and "│ 1000 " not in shown.output
    assert "... 5 more rows not shown" in shown.output
    every = runner.invoke(app, ["sql", "SELECT range AS n FROM range(1005)", "--format", "csv", "--warehouse", str(seeds_warehouse)])
    assert every.output.count("\n") == 1006


@pytest.mark.slow
def test_show_prints_an_article_with_its_statements_figures_and_stripped_lines(seeds_warehouse):
    import duckdb

    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    query = "SELECT document_id, source_path, title FROM dim_documents ORDER BY source_path LIMIT 1"
    doc_id, path, title = con.execute(query).fetchall()[0]
    first = "SELECT {} FROM {} WHERE document_id = ? ORDER BY start_offset LIMIT 1"
    content = con.execute(first.format("content", "fact_statements"), [doc_id]).fetchall()[0][0]
    surface = con.execute(first.format("surface", "fact_figures"), [doc_id]).fetchall()[0][0]
    con.close()
    for key in (doc_id, path.rsplit("/", 1)[-1]):
        shown = runner.invoke(app, ["show", key, "--terminal", "--warehouse", str(seeds_warehouse)], terminal_width=400)
        assert shown.exit_code == 0, shown.output
        assert title in shown.output and content[:40] in shown.output and surface in shown.output
        assert "stripped from the page" in shown.output
    missing = runner.invoke(app, ["show", "no-such-article.txt", "--warehouse", str(seeds_warehouse)])
    assert missing.exit_code == 1 and "no document matches" in missing.output


@pytest.mark.slow
def test_show_writes_a_self_contained_html_page_with_every_fact_marked_in_the_article(seeds_warehouse):
    import re

    import duckdb

    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    doc_id, title = con.execute("SELECT document_id, title FROM dim_documents ORDER BY source_path LIMIT 1").fetchall()[0]
    count = "SELECT count(*) FROM {} WHERE document_id = ?"
    counts = [con.execute(count.format(t), [doc_id]).fetchall()[0][0] for t in ("fact_statements", "fact_figures")]
    speaker = con.execute(
        """SELECT a.canonical_name FROM fact_statements s JOIN dim_actors a ON a.actor_id = s.speaker_actor_id
           WHERE s.document_id = ? LIMIT 1""",
        [doc_id],
    ).fetchall()[0][0]
    con.close()
    shown = runner.invoke(app, ["show", doc_id, "--warehouse", str(seeds_warehouse), "--no-open"])
    assert shown.exit_code == 0, shown.output
    page = Path(shown.output.strip().splitlines()[-1])
    assert page.parent == seeds_warehouse.parent / "reports" / seeds_warehouse.stem / "documents"
    text = page.read_text(encoding="utf-8")
    assert title in text and speaker in text
    # every statement and figure is marked in the body, and actors are marked too
    assert len(set(re.findall(r"class='st st(\d+)'", text))) == counts[0]
    assert text.count("class='fig'") >= counts[1] and "class='act'" in text
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", text)  # nothing from the network


@pytest.mark.slow
def test_the_show_page_marks_speakers_links_actors_to_their_mentions_and_writes_numbers_in_full(seeds_warehouse):
    import re

    import duckdb

    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        doc_id, big = con.execute(
            "SELECT document_id, max(value) FROM fact_figures GROUP BY document_id ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
    shown = runner.invoke(app, ["show", doc_id, "--warehouse", str(seeds_warehouse), "--no-open"])
    text = Path(shown.output.strip().splitlines()[-1]).read_text(encoding="utf-8")
    # a speaker's words in the article link to its statement's row
    targets = set(re.findall(r"<a class='to' href='#st(\d+)'>", text))
    assert targets and all(f"<tr id='st{n}'>" in text for n in targets)
    # each actor's row links to its mentions, and each link has its mark
    links = re.findall(r"<a href='#(a\d+-\d+)'>", text)
    assert links and all(f"id='{anchor}'" in text for anchor in links)
    # numbers as a reader writes them, with the qualifier, period and base value columns
    assert f"<td>{int(big):,}</td>" in text and "e+" not in re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    assert all(f"<th>{c}</th>" in text for c in ("qualifier", "period", "base value"))


def test_a_terminal_sees_the_phase_from_the_first_second_then_files_with_rate_and_eta():
    import io
    import logging

    from rich.console import Console

    from flows.progress import LiveProgress, phase

    console = Console(file=io.StringIO(), force_terminal=True, width=140)
    display = LiveProgress(console)
    log = logging.getLogger("newsfacts.test-progress")
    log.addHandler(display)
    log.setLevel(logging.INFO)
    log.propagate = False
    display.start()
    try:
        phase(log, "waiting for the Prefect server")
        display.progress.refresh()
        log.info("batch 1: 200/400 files", extra={"done": 200, "total": 400, "rate": 25.0, "eta": 8.0})
        display.progress.refresh()
        log.warning("a line for the reader")
    finally:
        display.stop()
        log.removeHandler(display)
    out = console.file.getvalue()
    assert "waiting for the Prefect server" in out
    assert "200/400" in out and "25.0 files/s" in out and "ETA 8s" in out
    assert "a line for the reader" in out
