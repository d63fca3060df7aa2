"""Crashes, concurrent readers and racing runs never corrupt or half-publish the warehouse.

These start real `newsfacts run` processes (Prefect's local server, spaCy, GX, DuckDB) and
kill or pause them at a named stage through NEWSFACTS_TEST_KILL_AT / NEWSFACTS_TEST_PAUSE_AT,
which tests/faults/sitecustomize.py (put on the processes' PYTHONPATH here) acts on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from flows.settings import PROJECT_ROOT
from warehouse.publishing import RunInProgress

pytestmark = pytest.mark.slow

NEW_ARTICLE = (
    "Port reopens after storm\n\n"
    "The port of Valdora reopened on Monday after 14 ships were stuck for a week, harbour master Ines Kroll said.\n"
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str, env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    """Start `newsfacts` in its own process group, output to a file (a killed run's Prefect server
    child would otherwise hold a pipe open)."""
    command = [str(Path(sys.executable).parent / "newsfacts"), *args]
    faults = str(Path(__file__).resolve().parent / "faults")
    python_path = os.pathsep.join(p for p in (faults, os.environ.get("PYTHONPATH")) if p)
    full_env = {**os.environ, "NEWSFACTS_WORKERS": "1", "PYTHONPATH": python_path, **(env or {})}
    out = open(log or os.devnull, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, env=full_env, stdout=out, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 300) -> int:
    """Wait for a run, then end anything it left behind in its process group."""
    try:
        return proc.wait(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture()
def published(seeds_warehouse, tmp_path) -> tuple[Path, Path]:
    """(input folder with the seeds plus one new article, a copy of the published seeds warehouse)."""
    input_dir = tmp_path / "in"
    shutil.copytree(PROJECT_ROOT / "seeds", input_dir)
    (input_dir / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    warehouse = tmp_path / "wh" / "newsfacts.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(seeds_warehouse, warehouse)
    return input_dir, warehouse


@pytest.mark.parametrize("stage", ["discover", "extract", "load", "validate", "publish"])
def test_kill_9_at_any_stage_leaves_the_warehouse_as_it_was(published, run_flow, stage):
    input_dir, warehouse = published
    before = sha(warehouse)
    proc = cli("run", "--input", str(input_dir), "--warehouse", str(warehouse), env={"NEWSFACTS_TEST_KILL_AT": stage})
    assert finish(proc) == -9
    assert sha(warehouse) == before
    summary = run_flow(input_dir, warehouse)  # the next run completes normally
    assert summary.status == "published" and summary.files_loaded == 1
    assert not list(warehouse.parent.glob("*.staging-*"))


def test_reader_holding_the_warehouse_open_is_not_blocked_and_keeps_its_snapshot(published, run_flow, tmp_path):
    input_dir, warehouse = published
    go = tmp_path / "go"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, os, sys, time
            con = duckdb.connect({str(warehouse)!r}, read_only=True)
            print(con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0], flush=True)
            while not os.path.exists({str(go)!r}):
                time.sleep(0.1)
            print(con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0], flush=True)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "2"  # the reader is connected before the run starts
    summary = run_flow(input_dir, warehouse)
    assert summary.status == "published"
    go.touch()
    assert reader.stdout.readline().strip() == "2"  # its open connection keeps a whole, consistent snapshot
    assert reader.wait(timeout=60) == 0
    con = duckdb.connect(str(warehouse), read_only=True)  # a new reader sees the published run
    assert con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0] == 3
    con.close()


def test_second_run_started_meanwhile_exits_with_a_clear_message(published, run_flow):
    input_dir, warehouse = published
    first = cli(
        "run",
        "--input",
        str(input_dir),
        "--warehouse",
        str(warehouse),
        env={"NEWSFACTS_TEST_PAUSE_AT": "extract", "NEWSFACTS_TEST_PAUSE_SECONDS": "15"},
    )
    lock = warehouse.with_name(warehouse.name + ".lock")
    deadline = time.time() + 120
    while time.time() < deadline and not list(warehouse.parent.glob("*.staging-*")):
        time.sleep(0.2)
    assert list(warehouse.parent.glob("*.staging-*")), "the first run never reached its staging step"
    with pytest.raises(RunInProgress, match="another newsfacts run"):
        run_flow(input_dir, warehouse)
    log = warehouse.parent / "second.log"
    second = cli("run", "--input", str(input_dir), "--warehouse", str(warehouse), log=log)
    assert finish(second) == 75 and "another newsfacts run" in log.read_text()
    assert finish(first) == 0
    assert lock.exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0] == 3
    con.close()


def test_deleted_file_keeps_its_document_and_the_run_goes_on(published, run_flow):
    input_dir, warehouse = published
    run_flow(input_dir, warehouse)
    (input_dir / "new.txt").unlink()
    summary = run_flow(input_dir, warehouse)
    assert summary.status == "nothing_to_do" and summary.files_seen == 2
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM dim_documents WHERE source_path = 'new.txt'").fetchall()[0][0] == 1
    con.close()


def test_html_page_loads_and_foreign_article_is_rejected_with_its_language(run_flow, tmp_path):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    (input_dir / "page.txt").write_text(
        "<!DOCTYPE html><html><head><title>Bridge opens</title></head><body><h1>Bridge opens</h1>"
        "<p>The new bridge opened on Friday and cost $40m, the mayor said at the ceremony.</p></body></html>",
        encoding="utf-8",
    )
    (input_dir / "french.txt").write_text(
        "Le pont ouvre\n\nLe nouveau pont a ouvert vendredi et a coûté quarante millions, a déclaré le maire "
        "lors de la cérémonie devant les habitants de la ville.\n",
        encoding="utf-8",
    )
    run_flow(input_dir, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    rows = dict(con.execute("SELECT source_path, coalesce(reason, status) FROM etl_files").fetchall())
    assert rows["page.txt"] == "loaded"
    assert "'fr'" in rows["french.txt"]
    assert con.execute("SELECT title FROM dim_documents").fetchall() == [("Bridge opens",)]
    con.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_rejected_with_a_reason(run_flow, tmp_path):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    locked = input_dir / "locked.txt"
    locked.write_text(NEW_ARTICLE, encoding="utf-8")
    locked.chmod(0)
    run_flow(input_dir, tmp_path / "w.duckdb")
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    assert "permission denied" in con.execute("SELECT reason FROM etl_files").fetchall()[0][0]
    con.close()


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (children, their children, ...)."""
    return {p.pid for p in psutil.Process(pid).children(recursive=True)}


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_kill_9_mid_run_leaves_no_child_process_of_that_run_alive(published):
    input_dir, warehouse = published
    proc = cli(
        "run", "--input", str(input_dir), "--warehouse", str(warehouse),
        env={"NEWSFACTS_TEST_PAUSE_AT": "extract", "NEWSFACTS_TEST_PAUSE_SECONDS": "60"},
    )  # fmt: skip
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not list(warehouse.parent.glob("*.staging-*")):
            time.sleep(0.2)
        children = descendants(proc.pid)
        assert len(children) >= 2, "the run had started its server and an extraction worker"
        os.kill(proc.pid, signal.SIGKILL)  # the run only: its children must go by themselves
        proc.wait(timeout=10)
        deadline = time.time() + 15
        while time.time() < deadline and any(alive(p) for p in children):
            time.sleep(0.2)
        assert [p for p in children if alive(p)] == []
    finally:
        finish(proc)


def test_one_run_loads_escaped_names_and_rejects_links_out_fifos_and_oversized_texts(run_flow, tmp_path):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    (input_dir / "good.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    with open(os.fsencode(input_dir) + b"/\xff\xfe.txt", "wb") as fh:
        fh.write(NEW_ARTICLE.replace("Monday", "Sunday").encode())
    (input_dir / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(input_dir / "pipe.txt")
    (input_dir / "long.txt").write_text("Endless\n\n" + "he said " * 3000, encoding="utf-8")
    summary = run_flow(input_dir, tmp_path / "w.duckdb")
    assert summary.status == "published"
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    listed = con.execute("SELECT source_path, status, reason, sha256 FROM etl_files").fetchall()
    files = {path: (status, reason, sha) for path, status, reason, sha in listed}
    con.close()
    assert files["good.txt"][0] == "loaded" and files["\\xff\\xfe.txt"][0] == "loaded"
    assert files["passwd.txt"] == ("rejected", "symbolic link leaves the input folder (not read)", None)
    assert files["pipe.txt"] == ("rejected", "not a regular file (a named pipe)", None)
    assert files["long.txt"][0] == "rejected" and "NEWSFACTS_MAX_SENTENCE_TOKENS" in files["long.txt"][1]
