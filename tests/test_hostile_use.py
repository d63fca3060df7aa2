"""What a user types and what an article contains never crashes a command, alters what it shows,
or escapes into a page: data is printed literally, markdown is escaped, odd paths are rows,
bad settings are one line, and exports never follow a planted link."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.files import discover
from flows.report import md
from flows.terminal import printable
from transforms.reading.decoding import UnreadableInput, decode_bytes
from transforms.reading.document import read_page
from transforms.reading.learned import LearnedFurniture, page_shapes

runner = CliRunner()
CLI = str(Path(sys.executable).parent / "newsfacts")

ARTICLE = """Minister rules out tax rise

By Jane Roe

LONDON (Reuters) - The finance minister on Tuesday ruled out a rise in income tax before the next election.

"We will [not] raise taxes this year," Finance Minister Alan Smith told reporters in London.

"Taxes will [/not] rise and [link=https://evil.example]click[/link] here," said Mary Jones, an economist at Acme Bank.

The budget deficit was 3.2% of output last year, the ministry said.
"""
BINARY = b"\x00\x01\x02binary\x00"
MARKED_NAME = "[bold]b.txt"
LINK_NAME = "[link=evil.example]click[red].txt"  # a file name cannot hold the "/" of a closing tag
TICK_NAME = "`<img src=x onerror=alert(3)>`.txt"


def _nest(root: Path, name: str, levels: int) -> None:
    """``levels`` folders, each inside the last, made through folder handles (no path is ever too long)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with os.fdopen(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as fh:
            fh.write(ARTICLE)
    finally:
        os.close(fd)


def _unnest(root: Path, name: str) -> None:
    """Remove what ``_nest`` made, one level at a time (a recursive removal, pytest's own included,
    runs out of stack on 5,000 levels): the second level moves up in place of the first."""
    top = root / name
    while top.exists():
        for entry in os.scandir(top):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        if (top / name).exists():
            os.rename(top / name, root / f"{name}.up")
            os.rmdir(top)
            os.rename(root / f"{name}.up", top)
        else:
            os.rmdir(top)


def _clean(folder: Path) -> None:
    _unnest(folder, "d")
    _unnest(folder, "L" * 251)


def _hostile_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / MARKED_NAME).write_text(ARTICLE, encoding="utf-8")
    (folder / LINK_NAME).write_bytes(BINARY)
    (folder / TICK_NAME).write_bytes(BINARY + b"!")
    (folder / "copy-of-binary.txt").write_bytes(BINARY)
    _nest(folder, "d", 5_000)
    _nest(folder, "L" * 251, 20)
    return folder


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> Iterator[tuple[subprocess.CompletedProcess, Path]]:
    """One real `newsfacts run` over hostile names, nesting and content, into a warehouse whose path carries markup."""
    root = tmp_path_factory.mktemp("hostile_use")
    folder = _hostile_folder(root / "in")
    warehouse = root / "wh[/x]" / "n.duckdb"
    env = {**os.environ, "NEWSFACTS_WORKERS": "1"}
    try:
        done = subprocess.run(
            [CLI, "run", "--input", str(folder), "--warehouse", str(warehouse)], env=env, capture_output=True, text=True, timeout=600
        )
        yield done, warehouse
    finally:
        _clean(folder)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_a_run_with_markup_in_names_content_and_paths_publishes_and_prints_them_literally(hostile_run):
    done, warehouse = hostile_run
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert str(warehouse) in done.stdout  # "wh[/x]" printed, not parsed
    assert f"rejected {LINK_NAME}: binary data, not text (contains NUL bytes)" in done.stdout
    assert "files: 6 seen, 1 loaded, 0 unchanged, 0 duplicate, 5 rejected" in done.stdout  # 4 files and 2 unsearchable folders


@pytest.mark.slow
def test_sql_status_and_show_print_stored_markup_literally(hostile_run):
    _, warehouse = hostile_run
    sql = _cli("sql", "SELECT content FROM fact_statements ORDER BY start_offset", "--warehouse", str(warehouse))
    assert sql.returncode == 0, sql.stderr
    assert "We will [not] raise taxes this year" in sql.stdout
    assert "Taxes will [/not] rise and [link=https://evil.example]click[/link] here" in sql.stdout
    status = _cli("status", "--warehouse", str(warehouse))
    assert status.returncode == 0, status.stderr
    assert LINK_NAME in status.stdout and TICK_NAME in status.stdout
    show = _cli("show", MARKED_NAME, "--terminal", "--warehouse", str(warehouse))
    assert show.returncode == 0, show.stderr
    assert "We will [not] raise taxes this year" in show.stdout
    assert "[link=https://evil.example]click[/link]" in show.stdout
    assert f"/{MARKED_NAME}" in show.stdout


@pytest.mark.slow
def test_odd_paths_are_rejected_rows_and_the_rest_loads(hostile_run, query):
    _, warehouse = hostile_run
    rows = dict(query(warehouse, "SELECT source_path, coalesce(reason, status) FROM etl_files"))
    assert rows[MARKED_NAME] == "loaded"
    assert rows["copy-of-binary.txt"] == f"same content as {LINK_NAME}, rejected: binary data, not text (contains NUL bytes)"
    deep = [reason for path, reason in rows.items() if path.startswith("d/d/")]
    assert deep == ["folder nested over 64 levels deep: not searched"]
    long = [reason for path, reason in rows.items() if path.startswith("L" * 251)]
    assert long == ["cannot search folder: File name too long"]


@pytest.mark.slow
def test_the_markdown_report_renders_names_as_text_not_html(hostile_run):
    from markdown_it import MarkdownIt

    _, warehouse = hostile_run
    [page] = (warehouse.parent / "reports" / "n").glob("*.md")
    rendered = MarkdownIt("commonmark").enable("table").render(page.read_text(encoding="utf-8"))
    assert "<img" not in rendered and "<a " not in rendered
    assert "`&lt;img src=x onerror=alert(3)&gt;`.txt" in rendered  # the name, shown as written


def test_markdown_escaping_leaves_no_markup_to_any_value():
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    for value in (TICK_NAME, "[x](javascript:alert(1))", "a | b", "**b** _i_", "<script>", "&amp;", "![i](x)", "# h"):
        cell = parser.render(f"| f |\n| --- |\n| {md(value)} |\n").split("<td>")[1].split("</td>")[0]
        assert cell == value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def test_control_characters_are_escaped_when_shown():
    assert printable("a\x1b[31mred\x07") == "a\\x1b[31mred\\x07"
    assert printable("left\u202eright") == "left\\u202eright"
    assert printable("two\nlines") == "two\\x0alines" and printable("two\nlines", keep_newlines=True) == "two\nlines"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BATCH_SIZE", "abc"),
        ("BATCH_SIZE", "0"),
        ("BATCH_SIZE", "-1"),
        ("WORKERS", "many"),
        ("MAX_FILE_BYTES", "0"),
        ("MAX_DOCUMENT_CHARS", "0"),
        ("MAX_QUOTE_MARKS", "0"),
        ("MAX_SENTENCE_TOKENS", "0"),
        ("DOCUMENT_SECONDS", "0"),
        ("DOCUMENT_SECONDS", "-1"),
        ("DOCUMENT_SECONDS", "nan"),
        ("DOCUMENT_SECONDS", "inf"),
        ("DOCUMENT_SECONDS", "1e308"),
        ("WORKER_MEMORY_MB", "99999999999999999999"),
        ("API_TIMEOUT_SECONDS", "x"),
        ("STORAGE_VERSION", "abc"),
        ("MODEL", "nonexistent_model"),
        ("INPUT", ""),
        ("WAREHOUSE", ""),
        ("PATTERN", "../x/*"),
        ("RUNNER", "cloud"),
        ("BASE_CURRENCY", "XYZ"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_exit_2_before_any_work(tmp_path, name, value):
    env = {"NEWSFACTS_WAREHOUSE": str(tmp_path / "w.duckdb"), "NEWSFACTS_INPUT": str(tmp_path), f"NEWSFACTS_{name}": value}
    result = runner.invoke(app, ["run"], env=env)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"newsfacts: NEWSFACTS_{name}=") and "expected" in lines[0]
    assert not (tmp_path / "w.duckdb").exists()


def test_a_bad_flag_is_named_as_the_flag(tmp_path):
    result = runner.invoke(app, ["run", "--batch-size", "0", "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and result.output.startswith("newsfacts: --batch-size='0' is not valid: expected an integer from 1")


def test_commands_that_read_the_warehouse_ignore_settings_they_do_not_use(tmp_path):
    env = {"NEWSFACTS_BATCH_SIZE": "abc", "NEWSFACTS_STORAGE_VERSION": "abc"}
    for command in ("sql", "status"):
        result = runner.invoke(app, [command, "--warehouse", str(tmp_path / "none.duckdb")], env=env)
        assert result.exit_code == 1 and "no warehouse at" in result.output


@pytest.mark.parametrize(
    "args", [["--interval", "-5"], ["--interval", "0"], ["--interval", "nan"], ["--interval", "inf"], ["--cron", "garbage"]]
)
def test_a_bad_schedule_is_refused_before_a_server_starts(args):
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert result.output.startswith(f"newsfacts serve: {args[0]}=") and "Prefect API" not in result.output


@pytest.mark.parametrize("runs", ["-1", "0", "1e20", "100000000000000000000"])
def test_status_refuses_a_bad_run_count_without_a_traceback(runs, tmp_path):
    result = runner.invoke(app, ["status", "--runs", runs, "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "'--runs'" in result.output and "Traceback" not in result.output


def test_deep_and_overlong_folders_are_rows_with_reasons_and_the_rest_is_found(tmp_path):
    folder = _hostile_folder(tmp_path / "in")
    try:
        found = {f.rel_path: f for f in discover(folder, "**/*.txt", 1 << 20)}
    finally:
        _clean(folder)
    assert found[MARKED_NAME].error is None
    reasons = sorted(f.error for f in found.values() if f.error)
    assert reasons == ["cannot search folder: File name too long", "folder nested over 64 levels deep: not searched"]


def test_a_file_outside_the_folder_through_a_plain_path_is_not_called_a_link(tmp_path):
    from flows.files import Unsafe, _inside

    (tmp_path / "in").mkdir()
    (tmp_path / "x.txt").write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(Unsafe, match=r"^outside the input folder \(not read\)$"):
        _inside(tmp_path / "in" / ".." / "x.txt", (tmp_path / "in").resolve())


def test_ten_bytes_of_binary_are_named_binary_not_a_language():
    for data in (BINARY, b"\x00\x01binary"):  # the second has its one NUL where UTF-16 puts them: still binary
        with pytest.raises(UnreadableInput, match="binary data, not text"):
            decode_bytes(data)
    text = "The minister said on Monday that taxes would not rise. "
    assert decode_bytes(text.encode("utf-16-le"))[0].startswith("The minister")  # UTF-16 without a mark is still text


def test_a_headline_shape_shared_by_a_sources_pages_stays_the_title():
    pages = [[f"City council approves new park plan for {year}", "By Jane Roe", "The council voted."] for year in range(2001, 2011)]
    learned = LearnedFurniture.of(page_shapes(lines) for lines in pages)
    assert learned("City council approves new park plan for 2026")  # the shape is learned ...
    page = read_page(["City council approves new park plan for 2026", "By Jane Roe", "The council voted on Monday to build it."], learned)
    assert page.title == "City council approves new park plan for 2026"  # ... and still not taken from the first line


@pytest.fixture()
def published_copy(seeds_warehouse, tmp_path) -> Path:
    copy = tmp_path / "w.duckdb"
    shutil.copyfile(seeds_warehouse, copy)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("target", ["file", "/dev/null", "/proc/newsfacts-export"])
def test_export_to_a_place_it_cannot_write_is_one_line_and_exit_1(published_copy, tmp_path, target):
    out = tmp_path / "a-file" if target == "file" else Path(target)
    if target == "file":
        out.write_text("keep me")
    result = runner.invoke(app, ["export", "--out", str(out), "--warehouse", str(published_copy)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("newsfacts: export: ") and len(result.output.strip().splitlines()) == 1
    if target == "file":
        assert out.read_text() == "keep me"


@pytest.mark.slow
def test_export_replaces_a_planted_link_instead_of_writing_through_it(published_copy, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "dim_documents.csv").symlink_to(victim)
    result = runner.invoke(app, ["export", "--out", str(out), "--format", "csv", "--warehouse", str(published_copy)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious"
    assert not (out / "dim_documents.csv").is_symlink() and (out / "dim_documents.csv").read_text().startswith('"document_id"')
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_show_where_the_page_cannot_be_written_is_one_line_and_exit_1(published_copy):
    blocker = published_copy.parent / "reports" / published_copy.stem / "documents"
    blocker.parent.mkdir(parents=True)
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["show", "000_6ff2fa65926bfcd6.txt", "--no-open", "--warehouse", str(published_copy)])
    assert result.exit_code == 1 and re.match(r"newsfacts: show: cannot write .*documents/\w+\.html: ", result.output)


@pytest.mark.slow
def test_one_elapsed_time_counting_start_up_in_the_summary_the_report_and_etl_runs(hostile_run):
    """The terminal, the run's report and etl_runs give the same elapsed time, from the command's start."""
    import re

    import duckdb

    done, warehouse = hostile_run
    printed = float(re.search(r"^elapsed: ([\d.]+)s \(start-up ([\d.]+)s;", done.stdout, re.M).group(1))
    startup = float(re.search(r"^elapsed: [\d.]+s \(start-up ([\d.]+)s;", done.stdout, re.M).group(1))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        recorded, run_id = con.execute("SELECT elapsed_seconds, run_id FROM etl_runs").fetchone()
    report = next(warehouse.parent.glob(f"reports/*/{run_id}.md")).read_text(encoding="utf-8")
    assert f"{recorded:.1f}" == f"{printed:.1f}"
    assert f"- elapsed: {recorded:.1f} s" in report
    assert 0 < startup < recorded  # the start-up (imports, Prefect's server) is counted, not left out
