"""`newsfacts serve`: a local Prefect server, a real schedule, a new file loaded by a scheduled run, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ARTICLE = "{title}\n\nThe council approved {n} new homes on Monday, the mayor said in a statement to reporters.\n"


def documents(warehouse: Path) -> int:
    if not warehouse.exists():
        return 0
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("SELECT count(*) FROM dim_documents").fetchall()[0][0]
    finally:
        con.close()


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return False


def test_serve_runs_on_schedule_picks_up_new_files_and_stops_cleanly(tmp_path):
    input_dir = tmp_path / "in"
    input_dir.mkdir()
    (input_dir / "a.txt").write_text(ARTICLE.format(title="Homes approved", n=40), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    # A quicker scheduler loop and runner poll than production's defaults (60 s and 10 s),
    # so the scheduled runs come within the test's patience on a loaded 2-core machine.
    env = {
        **os.environ,
        "NEWSFACTS_WORKERS": "1",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        # A Prefect home of its own: no deployments or schedules left by earlier runs.
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "newsfacts"),
                "serve",
                "--interval",
                "10",
                "--input",
                str(input_dir),
                "--warehouse",
                str(warehouse),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert wait_for(lambda: documents(warehouse) == 1, 300), log.read_text()[-3000:]
        (input_dir / "b.txt").write_text(ARTICLE.format(title="More homes approved", n=25), encoding="utf-8")
        assert wait_for(lambda: documents(warehouse) == 2, 240), log.read_text()[-3000:]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=120)
        finally:
            leftovers = subprocess.run(["pgrep", "-a", "-g", str(proc.pid)], capture_output=True, text=True).stdout.splitlines()
            if leftovers:
                os.killpg(proc.pid, signal.SIGKILL)
    assert code == 0, log.read_text()[-3000:]
    assert leftovers == [], "serve left processes behind"
    assert "serving on schedule every 10s" in log.read_text()
