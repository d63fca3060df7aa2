"""Benchmark newsfacts end to end against the limit of its NLP, in one run.

    python benchmarks/bench.py                       # BBC corpus (2,003 files) and a 10x corpus from it
    python benchmarks/bench.py --scale 0             # only the BBC corpus
    python benchmarks/bench.py --corpus DIR --scale 5
    python benchmarks/bench.py --full-only           # only the full runs: time and peak memory

For each corpus it measures, on this machine and in this one run:

- ``full``: ``newsfacts run`` into a fresh warehouse (a subprocess, as a user runs
  it): wall time, documents/s, words/s, time per stage (from ``etl_runs``) and
  peak RSS of the whole process tree (the flow, its extraction workers and
  Prefect's temporary server), sampled every 0.2 s;
- ``bare``: ``nlp.pipe`` of the same model with the same pipeline components
  (``transforms.nlp.load_pipeline``) on the same texts (the published document
  bodies) with the same number of processes; model loading excluded. This is
  the ceiling of the design on this machine; the report gives end-to-end words/s
  over bare words/s;
- ``noop``: the same command again with nothing changed;
- ``changed_1pct_fresh_server`` and ``changed_1pct``: after 1% of the files changed (a sentence
  appended), twice, as frequent runs go: against a Prefect server that is already running
  (``PREFECT_API_URL``; the bench starts one with ``flows/runtime/server.py``, as ``newsfacts
  serve`` does): the first run that server answers, then the next one (the steady state);
- ``changed_1pct_cold_server``: 1% changed again, with no PREFECT_API_URL: the run starts
  its own server, whose boot is part of the re-run (a one-off run's case).

Every other run starts its own server, as on a fresh machine.

Results go to ``benchmarks/results/bench-<time>.json`` and ``benchmarks/results/latest.md``.
The 10x corpus is generated into a temporary folder from the source corpus:
each article ``k`` times with its paragraphs rotated, so every file has its own
name and content (and so its own document) but the text stays real news.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing as mp
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.runtime.server import LocalServer  # noqa: E402
from flows.settings import Settings, configure_prefect_environment  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
RESULTS = ROOT / "benchmarks" / "results"
CLI = Path(sys.executable).with_name("newsfacts")


# ---------------------------------------------------------------------------- corpora


def copy_corpus(source: Path, target: Path) -> int:
    """A writable copy of the source corpus (the 1%-changed step edits files)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("README*"))
    return sum(1 for _ in target.rglob("*.txt"))


def _variant(text: str, k: int) -> str:
    """Article ``text`` with its body paragraphs rotated by k (reversed too once k wraps around)."""
    title, _, body = text.partition("\n")
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) > 1:
        n = len(paragraphs)
        if (k // n) % 2:
            paragraphs = paragraphs[::-1]
        paragraphs = paragraphs[k % n :] + paragraphs[: k % n]
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def scale_corpus(source: Path, target: Path, scale: int) -> int:
    """``scale`` distinct variants of every source article (name and content), in ``target``."""
    seen: set[str] = set()
    count = 0
    for path in sorted(source.rglob("*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        folder = target / path.parent.relative_to(source)
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(scale):
            variant = _variant(text, k)
            digest = hashlib.sha256(variant.encode()).hexdigest()
            if digest in seen:  # short articles: fewer distinct rotations than copies
                variant = variant.replace("\n", f" ({k + 1})\n", 1)
                digest = hashlib.sha256(variant.encode()).hexdigest()
            seen.add(digest)
            (folder / f"{path.stem}-{k}.txt").write_text(variant, encoding="utf-8")
            count += 1
    return count


def change_files(folder: Path, fraction: float) -> int:
    """Append a sentence to every (1/fraction)-th file, so its content (and sha256) changes."""
    files = sorted(folder.rglob("*.txt"))
    step = max(1, round(1 / fraction))
    changed = files[::step]
    stamp = datetime.now(UTC).strftime("%H:%M:%S")
    for path in changed:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\nThis article was updated at {stamp}.\n")
    return len(changed)


# --------------------------------------------------------------------------- measuring


def _tree_rss(process: psutil.Process) -> dict[str, int]:
    """RSS per process of the tree, keyed by role (flow, prefect_server, worker1, ...)."""
    sizes: dict[str, int] = {}
    workers = 0
    try:
        tree = [process, *process.children(recursive=True)]
    except psutil.Error:  # the run has just exited (its peak was sampled before)
        return sizes
    for p in tree:
        with contextlib.suppress(psutil.Error):  # a child that just exited
            rss = p.memory_info().rss
            role = _role(p, process)
            if role == "worker":
                workers += 1
                role = f"worker{workers}"
            sizes[role] = sizes.get(role, 0) + rss
    return sizes


def _role(p: psutil.Process, root: psutil.Process) -> str:
    if p.pid == root.pid:
        return "flow"
    cmdline = " ".join(p.cmdline())
    if "uvicorn" in cmdline or "flows.runtime.server" in cmdline:
        return "prefect_server"
    if "spawn_main" in cmdline:
        return "worker"  # the extraction workers, and the validation process (started after them)
    return "other"


def run_newsfacts(input_dir: Path, warehouse: Path, **env_overrides: str) -> dict:
    """One `newsfacts run` subprocess: wall time, peak tree RSS and what etl_runs recorded."""
    env = {
        **os.environ,
        "NEWSFACTS_INPUT": str(input_dir),
        "NEWSFACTS_WAREHOUSE": str(warehouse),
        **env_overrides,
    }
    started = time.perf_counter()
    proc = subprocess.Popen([str(CLI), "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = 0
    at_peak: dict[str, int] = {}  # the tree's processes when the sum peaked
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, at_peak
        while not stop.is_set():
            sizes = _tree_rss(watched)
            total = sum(sizes.values())
            if total > peak:
                peak, at_peak = total, sizes
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        # The whole stderr goes to a file: its tail can be nothing but an extension's exit-time
        # warnings, which hid the actual error of a failed 20k run once.
        RESULTS.mkdir(parents=True, exist_ok=True)
        log = RESULTS / f"failed-{warehouse.stem}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.stderr.txt"
        log.write_text(err, encoding="utf-8")
        reason = [line for line in err.splitlines() if line.startswith("newsfacts:")]
        raise RuntimeError(f"newsfacts run failed ({proc.returncode}): {' '.join(reason) or err[-2000:]} (stderr: {log})")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        run = con.execute(
            """SELECT run_id, status, files_seen, files_loaded, elapsed_seconds, stage_seconds
               FROM etl_runs ORDER BY started_at DESC LIMIT 1"""
        ).fetchall()[0]
        words = con.execute(
            "SELECT coalesce(sum(word_count), 0) FROM dim_documents WHERE run_id = ?",
            [run[0]],
        ).fetchall()[0][0]
    finally:
        con.close()
    return {
        "wall_seconds": round(wall, 2),
        "flow_seconds": round(run[4], 2),
        "status": run[1],
        "files_seen": run[2],
        "documents_loaded": run[3],
        "words_loaded": int(words),
        "documents_per_second": round(run[3] / wall, 2),
        "words_per_second": round(words / wall, 1),
        "stage_seconds": json.loads(run[5]) if run[5] else {},
        "peak_rss_mb": round(peak / 2**20, 1),
        "peak_rss_by_process_mb": {role: round(rss / 2**20, 1) for role, rss in at_peak.items()},
    }


def _bare_worker(args: tuple[str, str, int, int]) -> tuple[float, float, int]:
    """Pipe this worker's share of the published bodies through the product's spaCy pipeline."""
    warehouse, model, index, count = args
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from transforms.nlp import load_pipeline

    nlp = load_pipeline(model)
    con = duckdb.connect(warehouse, read_only=True)
    rows = con.execute(
        "SELECT body, word_count FROM dim_documents WHERE hash(document_id) % ? = ? ORDER BY document_id", [count, index]
    ).fetchall()
    con.close()
    words = sum(r[1] for r in rows)
    began = time.time()
    for _ in nlp.pipe((r[0] for r in rows), batch_size=32):
        pass
    return began, time.time(), words


def bare_spacy(warehouse: Path, model: str, processes: int) -> dict:
    """Words/s of nlp.pipe alone on the same texts with the same process count (load time excluded)."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(processes) as pool:
        results = pool.map(_bare_worker, [(str(warehouse), model, i, processes) for i in range(processes)])
    wall = max(end for _, end, _ in results) - min(begin for begin, _, _ in results)
    words = sum(w for _, _, w in results)
    return {"processes": processes, "words": words, "wall_seconds": round(wall, 2), "words_per_second": round(words / wall, 1)}


def bench_corpus(name: str, input_dir: Path, workdir: Path, settings: Settings, full_only: bool = False) -> dict:
    warehouse = workdir / f"{name}.duckdb"
    print(f"[{name}] full run on {input_dir} ...", flush=True)
    full = run_newsfacts(input_dir, warehouse)
    print(f"[{name}] full: {full['wall_seconds']} s, {full['words_per_second']} words/s, peak {full['peak_rss_mb']} MB", flush=True)
    if full_only:
        return {"files": full["files_seen"], "full": full}
    print(f"[{name}] bare nlp.pipe with {settings.workers} processes ...", flush=True)
    bare = bare_spacy(warehouse, settings.model, settings.workers)
    print(f"[{name}] bare: {bare['words_per_second']} words/s", flush=True)
    noop = run_newsfacts(input_dir, warehouse)
    print(f"[{name}] no-op re-run: {noop['wall_seconds']} s", flush=True)
    # Against a server that is already up, as under `newsfacts serve`: the first run a fresh
    # server answers, then the next one (the steady state of frequent runs).
    with LocalServer() as server:
        api = {"PREFECT_API_URL": server.wait_ready().api_url}
        n_changed = change_files(input_dir, 0.01)
        fresh = run_newsfacts(input_dir, warehouse, **api)
        print(f"[{name}] 1% changed ({n_changed} files), server just started: {fresh['wall_seconds']} s", flush=True)
        change_files(input_dir, 0.01)
        changed = run_newsfacts(input_dir, warehouse, **api)
    changed["files_changed"] = fresh["files_changed"] = n_changed
    print(f"[{name}] 1% changed again, same running server: {changed['wall_seconds']} s", flush=True)
    # With no server up: the run starts its own, and its boot is part of the re-run.
    change_files(input_dir, 0.01)
    cold = run_newsfacts(input_dir, warehouse)
    print(f"[{name}] 1% changed again, the run's own server: {cold['wall_seconds']} s", flush=True)
    return {
        "files": full["files_seen"],
        "full": full,
        "bare_spacy": bare,
        "noop": noop,
        "changed_1pct_fresh_server": fresh,
        "changed_1pct": changed,
        "changed_1pct_cold_server": cold,
        "end_to_end_over_bare": round(full["words_per_second"] / bare["words_per_second"], 3),
        "noop_over_full": round(noop["wall_seconds"] / full["wall_seconds"], 3),
        "changed_over_full": round(changed["wall_seconds"] / full["wall_seconds"], 3),
        "changed_cold_over_full": round(cold["wall_seconds"] / full["wall_seconds"], 3),
    }


# ----------------------------------------------------------------------------- report


def markdown(result: dict) -> str:
    lines = [
        f"# newsfacts benchmark {result['started_at']}",
        "",
        f"Machine: {result['machine']['cpus']} CPUs, {result['machine']['memory_gb']} GB, {result['machine']['python']}; "
        f"{result['settings']['workers']} extraction processes, batches of {result['settings']['batch_size']}.",
        "",
        "| corpus | files | docs/s | words/s | bare spaCy words/s | end-to-end / bare | wall s | peak RSS MB "
        "| no-op s (of full) | 1% changed, server just started s | 1% changed, running server s (of full) "
        "| 1% changed, own server s (of full) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, c in result["corpora"].items():
        if "bare_spacy" not in c:
            lines.append(
                f"| {name} | {c['files']:,} | {c['full']['documents_per_second']} | {c['full']['words_per_second']:,.0f} "
                f"| - | - | {c['full']['wall_seconds']} | {c['full']['peak_rss_mb']:,.0f} | - | - | - |"
            )
            continue
        lines.append(
            f"| {name} | {c['files']:,} | {c['full']['documents_per_second']} | {c['full']['words_per_second']:,.0f} "
            f"| {c['bare_spacy']['words_per_second']:,.0f} | {c['end_to_end_over_bare']:.2f} | {c['full']['wall_seconds']} "
            f"| {c['full']['peak_rss_mb']:,.0f} | {c['noop']['wall_seconds']} ({c['noop_over_full']:.1%}) "
            f"| {c['changed_1pct_fresh_server']['wall_seconds']} "
            f"| {c['changed_1pct']['wall_seconds']} ({c['changed_over_full']:.1%}) "
            f"| {c['changed_1pct_cold_server']['wall_seconds']} ({c['changed_cold_over_full']:.1%}) |"
        )
    lines += ["", "Time per stage of the full run (seconds, from `etl_runs.stage_seconds`):", ""]
    stages = ["discover", "read", "extract", "transform", "load", "quotes", "validate"]
    lines += ["| corpus | " + " | ".join(stages) + " | flow total | wall |", "| --- |" + " ---: |" * (len(stages) + 2)]
    for name, c in result["corpora"].items():
        s = c["full"]["stage_seconds"]
        cells = " | ".join(f"{s.get(k, 0):.1f}" for k in stages)
        lines.append(f"| {name} | {cells} | {c['full']['flow_seconds']:.1f} | {c['full']['wall_seconds']:.1f} |")
    lines += ["", "Peak RSS by process, at the moment the tree's total peaked (MB):", ""]
    for name, c in result["corpora"].items():
        parts = c["full"].get("peak_rss_by_process_mb", {})
        lines.append(f"- {name}: " + ", ".join(f"{role} {mb:,.0f}" for role, mb in parts.items()))
    if "scaling" in result:
        sc = result["scaling"]
        lines += [
            "",
            f"Scaling {sc['from']} -> {sc['to']} ({sc['files_ratio']:.1f}x files): wall time x{sc['wall_ratio']:.2f} "
            f"(per file x{sc['per_file_time_ratio']:.2f}), peak RSS x{sc['rss_ratio']:.2f}.",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt articles [../shared/corpus/bbc]")
    parser.add_argument("--scale", type=int, default=10, help="also run on a corpus this many times larger (0: skip) [10]")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and warehouses go [a temporary folder]")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON and markdown results")
    parser.add_argument("--full-only", action="store_true", help="only the full runs (time, memory); no bare spaCy or re-runs")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        parser.error(f"no corpus at {args.corpus} (give --corpus)")
    settings = Settings()
    # The runs' Prefect environment (PREFECT_HOME above all) here too: the server the bench
    # starts for the re-runs uses the same Prefect home as the runs.
    configure_prefect_environment()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newsfacts-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    result: dict = {
        "started_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
        },
        "settings": {"workers": settings.workers, "batch_size": settings.batch_size, "model": settings.model},
        "corpora": {},
    }
    try:
        base = workdir / "corpus-1x"
        copy_corpus(args.corpus, base)
        result["corpora"]["1x"] = bench_corpus("1x", base, workdir, settings, args.full_only)
        if args.scale > 1:
            big = workdir / f"corpus-{args.scale}x"
            print(f"generating the {args.scale}x corpus ...", flush=True)
            scale_corpus(args.corpus, big, args.scale)
            name = f"{args.scale}x"
            result["corpora"][name] = bench_corpus(name, big, workdir, settings, args.full_only)
            small, large = result["corpora"]["1x"], result["corpora"][name]
            files_ratio = large["files"] / small["files"]
            wall_ratio = large["full"]["wall_seconds"] / small["full"]["wall_seconds"]
            result["scaling"] = {
                "from": "1x",
                "to": name,
                "files_ratio": round(files_ratio, 2),
                "wall_ratio": round(wall_ratio, 2),
                "per_file_time_ratio": round(wall_ratio / files_ratio, 3),
                "rss_ratio": round(large["full"]["peak_rss_mb"] / small["full"]["peak_rss_mb"], 3),
            }
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = result["started_at"].replace(":", "").replace("-", "")
    kind = "full-only-" if args.full_only else ""
    (args.results / f"bench-{kind}{stamp}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    report = markdown(result)
    (args.results / f"{kind or ''}latest.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
