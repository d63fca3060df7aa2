"""The development scorer's contract on the seeds warehouse (skips without ../shared)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_scorer_contract_holds_on_the_seeds(seeds_warehouse, shared):
    proc = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score.py"),
            "--warehouse",
            str(seeds_warehouse),
            "--gold",
            str(shared / "eval" / "gold" / "seeds.json"),
            "--quiet",
            "--max",
            "boilerplate_leaks=0",
            "--max",
            "docs_missing=0",
            "--max",
            "figures_forbidden=0",
            "--min",
            "metadata_acc=1.0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
