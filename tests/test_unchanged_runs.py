"""A re-run with nothing new is settled by the command line without starting Prefect, and still recorded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from flows.files import Plan
from flows.runs import has_work, looks_changed
from flows.settings import PROJECT_ROOT, Settings
from transforms.records import SourceFile


def _file(name: str) -> SourceFile:
    return SourceFile(path=str(PROJECT_ROOT / name), rel_path=name, size=10, sha256="ab" * 32)


def test_has_work_only_when_something_is_new_changed_or_duplicated(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    assert has_work(Plan(), warehouse)  # no warehouse yet: the first run builds it
    warehouse.touch()
    assert not has_work(Plan(unchanged=[_file("a.txt")]), warehouse)
    assert has_work(Plan(to_read=[_file("b.txt")]), warehouse)
    assert has_work(Plan(changed_paths=["a.txt"]), warehouse)
    assert has_work(Plan(duplicates=[(_file("c.txt"), "doc-1")]), warehouse)


def test_a_run_looks_changed_without_a_warehouse_or_with_a_file_newer_than_it(tmp_path):
    """The guess that starts Prefect's server before the pre-check: file times only, nothing hashed."""
    (tmp_path / "in").mkdir()
    article = tmp_path / "in" / "a.txt"
    article.write_text("Title\n\nBody.\n", encoding="utf-8")
    settings = Settings(input_dir=tmp_path / "in", warehouse=tmp_path / "w.duckdb")
    assert looks_changed(settings)  # no warehouse yet
    settings.warehouse.touch()
    os.utime(article, ns=(settings.warehouse.stat().st_mtime_ns - 10**9,) * 2)
    assert not looks_changed(settings)  # published after the last change
    os.utime(article, ns=(settings.warehouse.stat().st_mtime_ns + 10**9,) * 2)
    assert looks_changed(settings)


@pytest.mark.slow
def test_unchanged_rerun_is_recorded_without_prefect(seeds_warehouse, tmp_path):
    """PREFECT_API_URL points at a closed port: if the no-op run touched Prefect, it would fail."""
    warehouse = tmp_path / "newsfacts.duckdb"
    shutil.copyfile(seeds_warehouse, warehouse)
    input_dir = seeds_warehouse.parent / "input"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs_before = con.execute("SELECT count(*) FROM etl_runs").fetchall()[0][0]
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    cli = [sys.executable, "-m", "flows.cli", "run", "--input", str(input_dir), "--warehouse", str(warehouse)]
    result = subprocess.run(cli, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "nothing_to_do" in result.stdout
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        runs = con.execute("SELECT run_id, status, files_unchanged, validation_success FROM etl_runs ORDER BY started_at").fetchall()
        last = runs[-1]
        files = con.execute("SELECT status, count(*) FROM etl_files WHERE run_id = ? GROUP BY status", [last[0]]).fetchall()
    finally:
        con.close()
    assert len(runs) == runs_before + 1 and last[1:] == ("nothing_to_do", 2, None), "validation skipped: NULL, not passed"
    assert files == [("unchanged", 2)]
    assert not (tmp_path / "reports" / warehouse.stem / f"{last[0]}.md").exists(), "no report page for a run that changed nothing"
    assert "skipped" in result.stdout


def test_a_file_rejected_by_this_code_is_not_read_again_until_its_content_changes():
    from flows.files import plan

    bad = _file("french.txt")
    earlier = {("feed", "french.txt"): (bad.sha256, "article is in language 'fr', not English")}
    again = plan([bad], "feed", published={}, rejected_before=earlier)
    assert not again.to_read and [(r.rel_path, r.reason) for r in again.rejected] == [("french.txt", earlier[("feed", "french.txt")][1])]
    edited = SourceFile(path=bad.path, rel_path=bad.rel_path, size=12, sha256="cd" * 32)
    assert plan([edited], "feed", published={}, rejected_before=earlier).to_read == [edited]
    assert plan([bad], "another feed", published={}, rejected_before=earlier).to_read == [bad], "a verdict holds in its own source"
