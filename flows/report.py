"""Run reports, kept per warehouse in reports/<warehouse name>/: a markdown page (also the Prefect
artifact) and an HTML page with pictures of what the run changed, readable offline.

The HTML page's facts come from the published warehouse (``run_facts``), its charts from
``flows/charts.py``; every asset is inline, so the page has no external ``src`` or ``href``
except the links to the Data Docs and the documents' ``newsfacts show`` command.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flows import charts
from flows.settings import reports_dir
from flows.terminal import printable

if TYPE_CHECKING:
    from expectations.validate import Failure
    from flows.runs import RunSummary

log = logging.getLogger("newsfacts")
RECENT_RUNS = 15  # runs in the time-per-stage chart
TOP = 10  # speakers and actors charted


_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Marks that open or close inline markup in CommonMark and its extensions (code spans, emphasis,
# links and images, table cells, strikethrough, math); the others only count at a line's start,
# where no value is ever written.
_MARKDOWN_MARKS = frozenset("\\`*_[]|!~$^{}")


def md(value: object) -> str:
    """A value as literal markdown text, on one line: every mark that can open inline markup
    backslash-escaped (no code span, link, emphasis or table cell can open or close), ``& < > "``
    as entities (no HTML element or entity can start) and control characters escaped."""
    out = []
    for char in printable(value):
        if char in _MARKDOWN_ENTITIES:
            out.append(_MARKDOWN_ENTITIES[char])
        elif char in _MARKDOWN_MARKS:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _link(url: str) -> str:
    """A link destination that cannot end early or open markup: all but ':' and '/' percent-encoded."""
    from urllib.parse import quote, unquote

    return quote(unquote(printable(url)), safe=":/")


def render(summary: RunSummary) -> str:
    """The run as markdown: files, rejections with reasons, rows per table, validation, timings.

    Every value from outside (paths, names, reasons) goes through ``md``: it is text, never markup;
    run ids, statuses, table and stage names are the pipeline's own words."""
    lines = [
        f"# newsfacts run {summary.run_id}",
        "",
        f"- status: **{summary.status}**",
        f"- warehouse: {md(summary.warehouse)}",
        f"- source: {md(summary.source)}",
        f"- elapsed: {summary.elapsed_seconds:.1f} s",
        f"- validation: {md(summary.validation)}",
        *([f"- Great Expectations Data Docs: [index.html]({_link(summary.data_docs)})"] if summary.data_docs else []),
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
        lines += [f"| {md(r.rel_path)} | {md(r.reason)} |" for r in summary.rejections]
    if summary.warnings:
        lines += ["", "### Validation warnings (published; the rows to look at)", "", "| check | where | rows | keys of the first rows |"]
        lines += ["| --- | --- | ---: | --- |"]
        lines += [
            f"| {md(w.says or w.expectation)} | {md(w.table)}.{md(w.column or '')} | {len(w.failing_keys)} | {md(_keys(w))} |"
            for w in summary.warnings
        ]
    lines += ["", "## Rows per table", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {name} | {count:,} |" for name, count in summary.row_counts.items()]
    lines += ["", "## Time per stage", "", "| stage | seconds |", "| --- | ---: |"]
    lines += [f"| {stage} | {seconds:.2f} |" for stage, seconds in summary.stage_seconds.items()]
    return "\n".join(lines) + "\n"


def _keys(failure: Failure, first: int = 10) -> str:
    """The key columns of a failure's first rows, as 'figure_id=ab12..., ...'."""
    keys = failure.failing_keys[:first]
    text = "; ".join(", ".join(f"{k}={v}" for k, v in row.items() if k != "index") for row in keys)
    return text + (f"; and {len(failure.failing_keys) - first} more" if len(failure.failing_keys) > first else "")


Draw = Callable[[list[dict]], list[str]]  # Vega-Lite specs -> SVG elements (flows/charts.py: to_svgs)


def write(summary: RunSummary, draw: Draw = charts.to_svgs) -> Path:
    """Write reports/<warehouse name>/<run_id>.md and .html beside the warehouse file; returns the HTML page's path."""
    folder = reports_dir(Path(summary.warehouse))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{summary.run_id}.md").write_text(render(summary), encoding="utf-8")
    path = folder / f"{summary.run_id}.html"
    path.write_text(render_html(summary, run_facts(Path(summary.warehouse), summary), draw), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- HTML


@dataclass
class RunFacts:
    """What the HTML page shows, as rows for its charts and tables."""

    outcomes: list[dict] = field(default_factory=list)  # {"files", "outcome"}: added, replaced, ..., rejected: <reason>
    stages: list[dict] = field(default_factory=list)  # {"run", "stage", "seconds"}, oldest run first
    speakers: list[dict] = field(default_factory=list)  # {"speaker", "type", "statements"} in this run's documents
    actors: list[dict] = field(default_factory=list)  # {"actor", "type", "documents"} in this run's documents
    figures_by_day: list[dict] = field(default_factory=list)  # {"published", "figures"} over the whole warehouse
    documents: list[dict] = field(default_factory=list)  # this run's documents: id, title, outlet, published, counts
    carried: list[dict] = field(default_factory=list)  # the most widely carried quotes (v_quote_spread)
    conflicts: list[dict] = field(default_factory=list)  # quotes given to different speakers: {"text", "speakers"}


def run_facts(warehouse: Path, summary: RunSummary) -> RunFacts:
    """The published warehouse's facts about a run (empty lists where it has none)."""
    from warehouse import connection

    facts = RunFacts(outcomes=_outcomes(summary))
    con = connection.connect_read_only(warehouse)
    try:
        runs = con.execute(
            "SELECT run_id, stage_seconds FROM etl_runs WHERE status <> 'nothing_to_do' AND stage_seconds IS NOT NULL "
            "ORDER BY started_at DESC LIMIT ?",
            [RECENT_RUNS],
        ).fetchall()
        for run_id, stages in reversed(runs):
            facts.stages += [{"run": run_id[:15], "stage": k, "seconds": round(v, 2)} for k, v in json.loads(stages).items()]
        facts.speakers = connection.records(
            con,
            """SELECT a.canonical_name AS speaker, a.actor_type AS type, count(*) AS statements
               FROM fact_statements s JOIN dim_actors a ON a.actor_id = s.speaker_actor_id
               JOIN dim_documents d ON d.document_id = s.document_id
               WHERE d.run_id = ? AND NOT a.document_scoped GROUP BY ALL ORDER BY statements DESC, speaker LIMIT ?""",
            [summary.run_id, TOP],
        )
        facts.actors = connection.records(
            con,
            """SELECT a.canonical_name AS actor, a.actor_type AS type, count(DISTINCT fa.document_id) AS documents
               FROM fact_actors fa JOIN dim_actors a ON a.actor_id = fa.actor_id
               JOIN dim_documents d ON d.document_id = fa.document_id
               WHERE d.run_id = ? AND NOT a.document_scoped
               GROUP BY ALL ORDER BY documents DESC, sum(fa.mention_count) DESC, actor LIMIT ?""",
            [summary.run_id, TOP],
        )
        facts.figures_by_day = [
            {**r, "published": r["published"].isoformat()}
            for r in connection.records(
                con,
                """SELECT CAST(d.published_at AS DATE) AS published, count(*) AS figures
                   FROM fact_figures f JOIN dim_documents d ON d.document_id = f.document_id
                   WHERE d.published_at IS NOT NULL GROUP BY ALL ORDER BY published""",
                [],
            )
        ]
        facts.documents = connection.records(
            con,
            """SELECT d.document_id, d.source_path, d.title, d.outlet, CAST(d.published_at AS DATE) AS published,
                      (SELECT count(*) FROM fact_statements s WHERE s.document_id = d.document_id) AS statements,
                      (SELECT count(*) FROM fact_figures f WHERE f.document_id = d.document_id) AS figures
               FROM dim_documents d WHERE d.run_id = ? ORDER BY d.source_path LIMIT 200""",
            [summary.run_id],
        )
        facts.carried = connection.records(
            con,
            """SELECT text, speaker, documents, outlets, first_title, first_source_path, CAST(first_published_at AS DATE) AS first_published
               FROM v_quote_spread LIMIT ?""",
            [TOP],
        )
        facts.conflicts = connection.records(
            con,
            """SELECT text, string_agg(speaker || ' (' || source_paths || ')', '; ' ORDER BY documents DESC, speaker) AS speakers
               FROM v_quote_conflicts GROUP BY quote_id, text ORDER BY count(*) DESC, sum(documents) DESC, quote_id LIMIT ?""",
            [TOP],
        )
    finally:
        con.close()
    return facts


def _outcomes(summary: RunSummary) -> list[dict]:
    """Files by what the run did with them; rejections one bar per reason."""
    rows = [
        {"outcome": "added", "files": summary.files_loaded - summary.files_replaced},
        {"outcome": "replaced", "files": summary.files_replaced},
        {"outcome": "unchanged", "files": summary.files_unchanged},
        {"outcome": "duplicate", "files": summary.files_duplicate},
    ]
    reasons: dict[str, int] = {}
    for r in summary.rejections:
        reason = r.reason if len(r.reason) <= 70 else r.reason[:67] + "..."
        reasons[reason] = reasons.get(reason, 0) + 1
    rows += [{"outcome": f"rejected: {reason}", "files": n} for reason, n in reasons.items()]
    return [r for r in rows if r["files"] > 0]


NO_DATES = "No page of this warehouse prints a publication date that could be read, so figures cannot be shown by day."


def _charts(facts: RunFacts, draw: Draw, run_id: str = "") -> list[tuple[str, str]]:
    """(title, SVG or a note in its place) of each chart; a chart with no data is left out, except the figures by
    day, whose absence is said. The run's stages are one bar each; the history of runs is drawn when there is one."""
    specs, notes = [], {}
    if facts.outcomes:
        specs.append(charts.bar_chart(facts.outcomes, "outcome", "files", "Files: what this run did with each"))
    this_run = [r for r in facts.stages if r["run"] == run_id[:15]]
    if this_run:
        specs.append(charts.stage_bars(this_run, "stage", "seconds", "Time per stage in this run (seconds)"))
    if len({r["run"] for r in facts.stages}) > 1:
        specs.append(charts.stacked_columns(facts.stages, "run", "seconds", "stage", f"Time per stage, last {RECENT_RUNS} runs with work"))
    if facts.speakers:
        title = "Top named speakers in this run's documents (unnamed groups such as 'officials' left out)"
        specs.append(charts.bar_chart(facts.speakers, "speaker", "statements", title, color="type"))
    if facts.actors:
        title = "Top named actors in this run's documents (unnamed groups left out)"
        specs.append(charts.bar_chart(facts.actors, "actor", "documents", title, color="type"))
    day_title = "Figures by publication day (pages that print a date)"
    if facts.figures_by_day:
        specs.append(charts.day_counts(facts.figures_by_day, "published", "figures", day_title))
    else:
        notes[day_title] = NO_DATES
    drawn = list(zip((spec["title"] for spec in specs), draw(specs), strict=True))
    return drawn + [(title, f"<p class='note'>{html.escape(note)}</p>") for title, note in notes.items()]


_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 980px; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
td, th { border: 1px solid #ddd; padding: .25em .6em; text-align: left; } td.n { text-align: right; }
.status { font-weight: bold; } figure { margin: 1em 0; } code { background: #f4f4f4; padding: 0 .2em; }
.note { color: #666; font-size: .9em; }
"""


def render_html(summary: RunSummary, facts: RunFacts, draw: Draw = charts.to_svgs) -> str:
    """The run as one self-contained HTML page: summary, charts (inline SVG), rejections, documents."""
    e = html.escape
    try:
        drawn = _charts(facts, draw, summary.run_id)
        failed = ""
    except Exception as exc:  # noqa: BLE001 - the run is published; a picture that cannot be drawn must not fail it
        log.warning("the run report's charts could not be drawn: %s", exc)
        drawn, failed = [], f"<p class='note'>Charts could not be drawn: {e(str(exc))}</p>"
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>newsfacts run {e(summary.run_id)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>newsfacts run {e(summary.run_id)}</h1>",
        "<table>",
        f"<tr><th>status</th><td class='status'>{e(summary.status)}</td></tr>",
        f"<tr><th>source</th><td>{e(summary.source)}</td></tr>",
        f"<tr><th>warehouse</th><td><code>{e(summary.warehouse)}</code></td></tr>",
        f"<tr><th>elapsed</th><td>{summary.elapsed_seconds:.1f} s</td></tr>",
        f"<tr><th>validation</th><td>{e(summary.validation)}</td></tr>",
        "</table>",
        "<h2>Files</h2><table><tr>"
        + "".join(f"<th>{k}</th>" for k in ("seen", "loaded", "replaced", "unchanged", "duplicate", "rejected"))
        + "</tr><tr>"
        + "".join(
            f"<td class='n'>{v:,}</td>"
            for v in (
                summary.files_seen,
                summary.files_loaded,
                summary.files_replaced,
                summary.files_unchanged,
                summary.files_duplicate,
                summary.files_rejected,
            )
        )
        + "</tr></table>",
        "<h2>Pictures</h2>",
        failed,
        *(
            f"<figure aria-label='{e(title)}'><figcaption>{e(title)}</figcaption>{svg}</figure>"
            if svg.startswith("<p")
            else f"<figure aria-label='{e(title)}'>{svg}</figure>"
            for title, svg in drawn
        ),
    ]
    if summary.rejections:
        parts.append("<h2>Rejected files</h2><table><tr><th>file</th><th>reason</th></tr>")
        parts += [f"<tr><td><code>{e(r.rel_path)}</code></td><td>{e(r.reason)}</td></tr>" for r in summary.rejections]
        parts.append("</table>")
    if summary.warnings:
        parts.append(
            "<h2>Validation warnings</h2><p class='note'>Checks of the warning tier that failed: the data is published; these rows "
            "are worth a look.</p><table><tr><th>check</th><th>where</th><th>rows</th><th>keys of the first rows</th></tr>"
        )
        parts += [
            f"<tr><td>{e(w.says or w.expectation)}</td><td>{e(w.table)}.{e(w.column or '')}</td>"
            f"<td class='n'>{len(w.failing_keys)}</td><td><code>{e(_keys(w))}</code></td></tr>"
            for w in summary.warnings
        ]
        parts.append("</table>")
    if facts.documents:
        parts.append(
            "<h2>Documents this run loaded</h2><p class='note'>Check any of them against its facts with "
            "<code>newsfacts show DOCUMENT_ID</code> (an HTML page of the article with every statement and figure marked).</p>"
            "<table><tr><th>document_id</th><th>file</th><th>title</th><th>outlet</th><th>published</th>"
            "<th>statements</th><th>figures</th></tr>"
        )
        for d in facts.documents:
            cells = [d["document_id"], d["source_path"], d["title"], d["outlet"] or "", d["published"] or ""]
            parts.append(
                "<tr>"
                + "".join(f"<td>{e(str(c))}</td>" for c in cells)
                + f"<td class='n'>{d['statements']}</td><td class='n'>{d['figures']}</td></tr>"
            )
        parts.append("</table>")
    parts += _quote_tables(facts)
    parts.append("<h2>Rows per table</h2><table>")
    parts += [f"<tr><td>{e(name)}</td><td class='n'>{count:,}</td></tr>" for name, count in summary.row_counts.items()]
    parts.append("</table>")
    if summary.checks:
        parts.append(
            f"<h2>Validation: every expectation</h2><p class='note'>{len(summary.checks)} Great Expectations checks on the rows "
            "this run wrote; an error-tier failure publishes nothing, a warning-tier one is listed above.</p>"
            "<table><tr><th>table</th><th>column</th><th>check</th><th>tier</th><th>result</th></tr>"
        )
        parts += [
            f"<tr><td>{e(c.table)}</td><td>{e(c.column or '')}</td><td>{e(c.expectation)}</td><td>{e(c.severity)}</td>"
            f"<td>{'passed' if not c.failed_rows else f'{c.failed_rows:,} rows failed'}</td></tr>"
            for c in summary.checks
        ]
        parts.append("</table>")
    if summary.data_docs:
        parts.append(
            f"<h2>Validation details</h2><p>Great Expectations Data Docs: <a href='{e(summary.data_docs)}'>{e(summary.data_docs)}</a>"
            "<br><span class='note'>They load their styling from the network (Bootstrap and jQuery CDNs): offline they show unstyled "
            "or blank. Everything on this page works offline.</span></p>"
        )
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p) + "\n"


def _quote_tables(facts: RunFacts) -> list[str]:
    """The most widely carried quotes, and the quotes documents give to different speakers (whole warehouse)."""
    e = html.escape
    parts = []
    if facts.carried:
        parts.append(
            f"<h2>Most widely carried quotes</h2><p class='note'>The {len(facts.carried)} quotes the most documents carry "
            "(<code>v_quote_spread</code>): the speaker most of them give, and the first to carry it.</p>"
            "<table><tr><th>quote</th><th>speaker</th><th>documents</th><th>outlets</th><th>first carried by</th><th>on</th></tr>"
        )
        parts += [
            f"<tr><td>{e(q['text'])}</td><td>{e(q['speaker'] or '')}</td><td class='n'>{q['documents']}</td>"
            f"<td class='n'>{q['outlets']}</td><td>{e(q['first_title'] or '')} <code>{e(q['first_source_path'])}</code></td>"
            f"<td>{e(str(q['first_published'] or ''))}</td></tr>"
            for q in facts.carried
        ]
        parts.append("</table>")
    if facts.conflicts:
        parts.append(
            "<h2>Quotes given to different speakers</h2><p class='note'>The same words, a different speaker in different "
            "documents (<code>v_quote_conflicts</code>): each speaker with the files that give it.</p>"
            "<table><tr><th>quote</th><th>speakers (files)</th></tr>"
        )
        parts += [f"<tr><td>{e(c['text'])}</td><td>{e(c['speakers'])}</td></tr>" for c in facts.conflicts]
        parts.append("</table>")
    return parts
