"""Run reports: a markdown page per run, kept beside the warehouse and shown as a Prefect artifact."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.runs import RunSummary
from flows.settings import reports_dir


def render(summary: RunSummary) -> str:
    """The run as markdown: files, rejections with reasons, rows per table, validation, timings."""
    lines = [
        f"# newsfacts run {summary.run_id}",
        "",
        f"- status: **{summary.status}**",
        f"- warehouse: `{summary.warehouse}`",
        f"- source: `{summary.source}`",
        f"- elapsed: {summary.elapsed_seconds:.1f} s",
        f"- validation: {summary.validation}",
        *([f"- Great Expectations Data Docs: [{summary.data_docs}]({summary.data_docs})"] if summary.data_docs else []),
        "",
        "## Files",
        "",
        "| seen | loaded | replaced | unchanged | duplicate | rejected |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.files_seen} | {summary.files_loaded} | {summary.files_replaced} | {summary.files_unchanged} "
        f"| {summary.files_duplicate} | {summary.files_rejected} |",
    ]
    if summary.rejections:
        lines += ["", "### Rejected", "", "| file | reason |", "| --- | --- |"]
        lines += [f"| `{r.rel_path}` | {r.reason.replace('|', '/')} |" for r in summary.rejections]
    lines += ["", "## Rows per table", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {name} | {count:,} |" for name, count in summary.row_counts.items()]
    lines += ["", "## Time per stage", "", "| stage | seconds |", "| --- | ---: |"]
    lines += [f"| {stage} | {seconds:.2f} |" for stage, seconds in summary.stage_seconds.items()]
    return "\n".join(lines) + "\n"


def write(summary: RunSummary) -> Path:
    """Write reports/<warehouse name>/<run_id>.md beside the warehouse file; returns its path."""
    folder = reports_dir(Path(summary.warehouse))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{summary.run_id}.md"
    path.write_text(render(summary), encoding="utf-8")
    return path
