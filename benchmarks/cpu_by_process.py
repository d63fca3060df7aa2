"""CPU seconds per process of a command's process tree: where a run's two cores go.

    python benchmarks/cpu_by_process.py -- newsfacts run -i ../shared/corpus/bbc -w /tmp/bbc.duckdb

The bench (bench.py) says how long a run takes; this says which process spent the
CPU: the flow process (imports, reading, tables, validation), each extraction
worker, Prefect's temporary server. On a 2-core machine, wall time can be no less
than the total divided by two, so this shows which fixed cost is worth removing.
Sampled every 0.5 s (a process's last sample before it exits is what counts).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import psutil


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args()
    command = [c for c in args.command if c != "--"] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command after --")
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    seen: dict[int, tuple[str, float]] = {}
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                cpu = p.cpu_times()
                seen[p.pid] = (" ".join(p.cmdline())[:100], cpu.user + cpu.system)
            except psutil.Error:
                continue
        time.sleep(0.5)
    wall = time.perf_counter() - started
    total = sum(cpu for _, cpu in seen.values())
    print(f"wall {wall:.1f} s, CPU {total:.1f} s over {len(seen)} processes ({total / wall:.2f} cores busy on average)")
    for pid, (cmd, cpu) in sorted(seen.items(), key=lambda kv: -kv[1][1]):
        print(f"{cpu:8.1f} s  {pid:>7}  {cmd}")
    sys.exit(proc.returncode or 0)


if __name__ == "__main__":
    main()
