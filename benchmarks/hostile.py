"""A hostile input folder, run through `newsfacts run`: wall time and peak memory against the good files alone.

    python benchmarks/hostile.py [--good N] [--corpus DIR]

Makes a folder of N good articles (from ../shared/corpus/bbc when present, else the seeds)
plus files built to hurt: endless sentences, walls of quote marks, a text longer than
spaCy's max_length, a name that is not UTF-8, a symbolic link out of the folder, a FIFO, a
device-like and a binary file, an empty file. Runs the good files alone, then all of
them, each into a fresh warehouse, sampling the summed RSS of the run's process tree,
and prints each run's time, peak, and every rejection with its reason.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SHARED_BBC = ROOT.parent / "shared" / "corpus" / "bbc"


def good_files(folder: Path, count: int, corpus: Path | None) -> None:
    sources = sorted(corpus.rglob("*.txt"))[:count] if corpus and corpus.is_dir() else sorted((ROOT / "seeds").glob("*.txt"))
    for i, path in enumerate(sources):
        shutil.copyfile(path, folder / f"good-{i:04d}.txt")


def hostile_files(folder: Path) -> None:
    (folder / "endless-800k.txt").write_text("Endless\n\n" + "he said " * 100_000, encoding="utf-8")
    (folder / "endless-90k.txt").write_text("Endless\n\n" + "he said " * 11_000, encoding="utf-8")
    para = "he said " * 450 + "\n\n"  # 900 tokens a sentence, under the sentence limit: the time limit's case
    (folder / "long-paragraphs.txt").write_text("Many long paragraphs\n\n" + para * 25, encoding="utf-8")
    (folder / "quotes.txt").write_text("Quotes\n\n" + '"a" said b. ' * 8_000, encoding="utf-8")
    line = "The committee said the plan was fine and would go ahead next year. "
    (folder / "over-max-length.txt").write_text("Report\n\n" + line * (5_100_000 // len(line)), encoding="ascii")
    with open(os.fsencode(folder) + b"/\xff\xfe-name.txt", "wb") as fh:
        fh.write(b"Odd name\n\nThe mayor said the bridge would open on Friday after two years of work.\n")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.txt")
    (folder / "binary.txt").write_bytes(b"\x7fELF" + os.urandom(4096))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "dir.txt").mkdir()


def tree_rss_mb(pid: int) -> float:
    """Summed RSS of a process and all its descendants (psutil, as benchmarks/bench.py samples it)."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += proc.memory_info().rss
    return total / 2**20


def run(folder: Path, warehouse: Path) -> tuple[float, float, str]:
    cli = Path(sys.executable).parent / "newsfacts"
    started = time.perf_counter()
    command = [str(cli), "run", "-i", str(folder), "-w", str(warehouse)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "COLUMNS": "200"})
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    return time.perf_counter() - started, peak[0], out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=100, help="good articles in the folder")
    parser.add_argument("--corpus", type=Path, default=SHARED_BBC, help="where the good articles come from")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        good, hostile = root / "good", root / "hostile"
        good.mkdir()
        good_files(good, args.good, args.corpus)
        shutil.copytree(good, hostile)
        hostile_files(hostile)
        for name, folder in (("good only", good), ("good + hostile", hostile)):
            seconds, peak, out = run(folder, root / f"{name.replace(' ', '')}.duckdb")
            print(f"== {name}: {seconds:.1f} s, peak RSS of the run's processes {peak:.0f} MB")
            print(out)


if __name__ == "__main__":
    main()
