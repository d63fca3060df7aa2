"""DuckDB side of the pipeline: staging file, loads, run records, atomic publish.

Readers (analysts, BI tools) only ever see ``newsfacts.duckdb`` as a whole: a
run copies it to a staging file beside it, loads and validates there, then
``os.replace``s the staging file onto the published path. A crash at any point
leaves the published file untouched; a leftover staging file is ignored and
removed by the next run. One run at a time holds ``<warehouse>.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import polars as pl

from transforms.learned import LearnedFurniture
from warehouse import catalog

SQL_DIR = Path(__file__).resolve().parent
TABLES = catalog.STAR_TABLES
# The tables whose rows belong to a document (foreign key -> dim_documents): deleted before the document.
DOCUMENT_CHILDREN = tuple(table for table, _, ref in catalog.foreign_keys() if ref == "dim_documents.document_id")


class RunInProgress(RuntimeError):
    """Another run holds the warehouse lock."""


class WarehouseDamaged(RuntimeError):
    """The published warehouse file cannot be opened as a DuckDB database."""

    def __init__(self, warehouse: Path, error: Exception) -> None:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        super().__init__(
            f"the warehouse file {warehouse} is damaged or not a DuckDB database ({detail}); "
            "restore it from a backup, or move it aside and run `newsfacts run` to rebuild it from the input"
        )


# Settings for every connection that runs analyst or user SQL: read-only for real. No file
# outside the database is read or written (COPY TO, read_csv, glob), no extension is
# installed or loaded, and the statement cannot switch these back on.
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A locked-down read-only connection to the published warehouse; WarehouseDamaged when it cannot be opened."""
    try:
        return duckdb.connect(str(warehouse), read_only=True, config=dict(LOCKED_DOWN))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise
        raise WarehouseDamaged(warehouse, exc) from exc
    except duckdb.Error as exc:
        raise WarehouseDamaged(warehouse, exc) from exc


@contextlib.contextmanager
def run_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's run lock, or raise RunInProgress at once (never wait silently)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RunInProgress(f"another newsfacts run is writing {warehouse} (pid {holder}); try again when it ends") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """A query's rows as dicts keyed by column name (for pages and reports built from the warehouse)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Execute a statement and drain its result (DuckDB 2.0 refuses new work on an unfinished result)."""
    con.execute(sql).fetchall()


def staging_path(warehouse: Path, run_id: str) -> Path:
    return warehouse.with_name(f"{warehouse.name}.staging-{run_id}")


def clean_stale_staging(warehouse: Path) -> list[Path]:
    """Remove staging files (and their .wal) left by crashed runs (only called while holding the lock)."""
    removed = []
    for path in warehouse.parent.glob(f"{warehouse.name}.staging-*"):
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def remove_staging(staging: Path) -> None:
    """A staging file and its write-ahead log, gone (a failed run must not keep the disk full)."""
    for path in (staging, staging.with_name(staging.name + ".wal")):
        path.unlink(missing_ok=True)


def apply_schema(con: duckdb.DuckDBPyConnection, with_foreign_keys: bool = True) -> None:
    """Tables and their comments from the declaration (``warehouse/catalog.py``), then the views."""
    _migrate_sources(con)
    typed_ids = "fact_actors" in _tables(con) and "actor_type" not in _columns(con, "fact_actors")
    _run(con, catalog.schema_sql(with_foreign_keys))
    _copy_back_lineage(con)
    if typed_ids:
        _rekey_actors(con)
    _run(con, catalog.comments_sql())
    _run(con, (SQL_DIR / "views.sql").read_text(encoding="utf-8"))
    _run(con, (SQL_DIR / "comments.sql").read_text(encoding="utf-8"))


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_catalog = current_database()", [table]
    ).fetchall()
    return {r[0] for r in rows}


# A warehouse made before documents had a source: each old row's source is the name of the
# input folder of the run that loaded it (what a run without --source uses now), so the
# next run of the same folder finds its files unchanged and nothing is reloaded.
_RUN_SOURCE = "coalesce(nullif(regexp_extract(rtrim(r.input_dir, '/'), '[^/]+$'), ''), 'default')"


def _migrate_sources(con: duckdb.DuckDBPyConnection) -> None:
    """Before the DDL: old tables gain ``source``, filled from their runs, and an old etl_lineage
    (keyed without source) is set aside to be rebuilt with the new key."""
    tables = _tables(con)
    if "etl_runs" not in tables:
        return  # a new warehouse
    if "source" not in _columns(con, "etl_runs"):
        _run(con, "ALTER TABLE etl_runs ADD COLUMN source VARCHAR")
        _run(con, f"UPDATE etl_runs AS r SET source = {_RUN_SOURCE}")
    for table in ("etl_files", "dim_documents"):
        if table in tables and "source" not in _columns(con, table):
            _run(con, f"ALTER TABLE {table} ADD COLUMN source VARCHAR DEFAULT 'default'")
            _run(con, f"UPDATE {table} AS t SET source = {_RUN_SOURCE} FROM etl_runs r WHERE r.run_id = t.run_id")
    if "etl_lineage" in tables and "source" not in _columns(con, "etl_lineage"):
        _run(con, "ALTER TABLE etl_lineage RENAME TO etl_lineage_before_sources")


def _copy_back_lineage(con: duckdb.DuckDBPyConnection) -> None:
    """After the DDL: the old lineage copied into the new etl_lineage, each row with its run's source."""
    if "etl_lineage_before_sources" in _tables(con):
        _run(con, "BEGIN TRANSACTION")
        _run(
            con,
            f"""INSERT INTO etl_lineage BY NAME
                SELECT l.*, {_RUN_SOURCE} AS source FROM etl_lineage_before_sources l LEFT JOIN etl_runs r USING (run_id)""",
        )
        _run(con, "DROP TABLE etl_lineage_before_sources")
        _run(con, "COMMIT")


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    sql = "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_catalog = current_database()"
    return {r[0] for r in con.execute(sql).fetchall()}


# The staging connection's buffer pool: the staging file grows with the corpus, the
# run's memory should not. It cannot be squeezed much: the primary-key (ART) indexes live
# in it too. Replaying a 20k-document run's batches the process grew 157 MB at 256MB and
# 84 MB at 64MB, but a real 20k run at 64MB failed. See docs/scaling.md, "Memory".
STAGING_MEMORY_LIMIT = "256MB"
# The storage format the warehouse is written in by default (Settings.storage_version): DuckDB 1.2
# and later read it, so BI connectors that lag the Python package (Evidence's node client,
# Metabase's driver) open it too.
STORAGE_VERSION = "v1.2.0"
CATALOG = "newsfacts"  # the name the run's connection gives the staging database


def open_staging(warehouse: Path, run_id: str, storage_version: str = STORAGE_VERSION) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """A writable copy of the published warehouse (or a new one) in ``storage_version``'s format, schema applied.

    On any failure (a damaged published file, a full disk) the partial copy is removed
    and the published file is left as it was."""
    staging = staging_path(warehouse, run_id)
    remove_staging(staging)
    con = None
    try:
        copied = warehouse.exists() and _is_current(warehouse, storage_version)
        if copied:
            shutil.copyfile(warehouse, staging)
        try:
            con = duckdb.connect(":memory:", config={"memory_limit": STAGING_MEMORY_LIMIT})
            _run(con, f"ATTACH '{_quoted(staging)}' AS {CATALOG} (STORAGE_VERSION '{storage_version}')")
            if warehouse.exists() and not copied:
                _rebuild(con, warehouse, staging, storage_version)
            _run(con, f"USE {CATALOG}")
        except duckdb.Error as exc:
            if warehouse.exists():
                raise WarehouseDamaged(warehouse, exc) from exc
            raise
        apply_schema(con)
    except BaseException:
        if con is not None:
            with contextlib.suppress(Exception):
                con.close()
        remove_staging(staging)
        raise
    return con, staging


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _is_current(path: Path, storage_version: str) -> bool:
    """Whether a published file can be copied as the staging file: that storage format, every foreign key declared."""
    version, foreign_keys = _probe(path)
    return version == storage_version and foreign_keys >= len(catalog.foreign_keys())


def _probe(path: Path) -> tuple[str | None, int]:
    """(storage format, foreign keys declared) of a DuckDB file; (None, 0) when it cannot be told."""
    con = duckdb.connect(":memory:")
    try:
        _run(con, f"ATTACH '{_quoted(path)}' AS probe (READ_ONLY)")
        tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = 'probe'").fetchall()[0][0]
        keys = con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE database_name = 'probe' AND constraint_type = 'FOREIGN KEY'"
        ).fetchall()[0][0]
        return (tags or {}).get("storage_version", "").removesuffix("+") or None, keys
    except duckdb.Error:
        return None, 0
    finally:
        con.close()


def _rebuild(con: duckdb.DuckDBPyConnection, warehouse: Path, staging: Path, storage_version: str) -> None:
    """Move a warehouse written by an earlier newsfacts (a newer storage format, or tables without
    foreign keys, which DuckDB cannot add to a table) into the empty staging database ``CATALOG``.

    Its contents are copied to a scratch file, brought up to date there (``apply_schema``), then
    copied table by table, parents first, into tables made from the declaration. Rows that point
    at a row that does not exist (possible only without keys) are the one thing left behind."""
    scratch = staging.with_name(staging.name + ".old")
    remove_staging(scratch)
    try:
        _run(con, f"ATTACH '{_quoted(scratch)}' AS old (STORAGE_VERSION '{storage_version}')")
        _run(con, f"ATTACH '{_quoted(warehouse)}' AS published (READ_ONLY)")
        _run(con, "COPY FROM DATABASE published TO old")
        _run(con, "DETACH published")
        _run(con, "USE old")
        apply_schema(con, with_foreign_keys=False)
        _run(con, f"USE {CATALOG}")
        apply_schema(con)
        for name in catalog.load_order():
            columns = ", ".join(c.name for c in catalog.BY_NAME[name].columns)
            keys = [
                f"({column} IS NULL OR {column} IN (SELECT {ref.split('.')[1]} FROM {CATALOG}.{ref.split('.')[0]}))"
                for table, column, ref in catalog.foreign_keys()
                if table == name
            ]
            where = f" WHERE {' AND '.join(keys)}" if keys else ""
            _run(con, f"INSERT INTO {CATALOG}.{name} BY NAME SELECT {columns} FROM old.{name}{where}")
        _run(con, "DETACH old")
    finally:
        remove_staging(scratch)


@contextlib.contextmanager
def staged(warehouse: Path, run_id: str, storage_version: str = STORAGE_VERSION) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """``open_staging`` for one run: on any error the connection is closed and the staging file
    removed, so a failed run leaves the published warehouse as the only copy."""
    con, staging = open_staging(warehouse, run_id, storage_version)
    try:
        yield con, staging
    except BaseException:
        with contextlib.suppress(Exception):
            con.close()
        remove_staging(staging)
        raise


def _published_rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on the published warehouse; none when there is no warehouse (or table) yet."""
    if not warehouse.exists():
        return []
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return []
    try:
        return con.execute(sql, params or []).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):
        return []
    finally:
        con.close()


def read_lineage(warehouse: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, source_path) -> (sha256, document_id) of what is published; empty when nothing is.

    A warehouse from before sources has no ``source`` column: its rows read as source
    'default' until the next run's staging copy migrates them (``apply_schema``)."""
    rows = _published_rows(warehouse, "SELECT source, source_path, sha256, document_id FROM etl_lineage")
    if not rows and warehouse.exists():
        rows = _published_rows(
            warehouse,
            f"SELECT {_RUN_SOURCE}, l.source_path, l.sha256, l.document_id FROM etl_lineage l LEFT JOIN etl_runs r USING (run_id)",
        )
    return {(source, path): (sha, doc_id) for source, path, sha, doc_id in rows}


def read_rejections(warehouse: Path, code_version: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, source_path) -> (sha256, reason) for files whose latest verdict is a rejection by this code version.

    Reading such a file again while its content is unchanged would only reject it
    again, and would turn every re-run into one with work to do. New extraction or
    reading code (another code version) retries it."""
    rows = _published_rows(
        warehouse,
        """SELECT source, source_path, sha256, reason FROM (
               SELECT f.source, f.source_path, f.sha256, f.reason, f.status, r.code_version,
                      row_number() OVER (PARTITION BY f.source, f.source_path ORDER BY r.started_at DESC) AS latest
               FROM etl_files f JOIN etl_runs r USING (run_id))
           WHERE latest = 1 AND status = 'rejected' AND code_version = ? AND sha256 IS NOT NULL""",
        [code_version],
    )
    return {(source, path): (sha, reason) for source, path, sha, reason in rows}


def read_line_shapes(warehouse: Path, source: str) -> dict[str, frozenset[str]]:
    """document_id -> its page's line shapes, for the published documents of ``source`` (``transforms/learned.py``)."""
    rows = _published_rows(
        warehouse,
        """SELECT l.document_id, list(DISTINCT s.shape) FILTER (WHERE s.shape IS NOT NULL)
           FROM (SELECT DISTINCT document_id FROM etl_lineage WHERE source = ?) l
           LEFT JOIN etl_line_shapes s ON s.document_id = l.document_id AND s.source = ?
           GROUP BY l.document_id""",
        [source, source],
    )
    return {doc_id: frozenset(shapes or ()) for doc_id, shapes in rows}


def learned_furniture(con: duckdb.DuckDBPyConnection, source: str) -> LearnedFurniture:
    """What ``source``'s loaded pages teach, counted in the (staging) warehouse."""
    documents = con.execute("SELECT count(DISTINCT document_id) FROM etl_lineage WHERE source = ?", [source]).fetchall()[0][0]
    rows = con.execute(
        "SELECT shape, count(DISTINCT document_id) FROM etl_line_shapes WHERE source = ? GROUP BY shape", [source]
    ).fetchall()
    return LearnedFurniture(documents, dict(rows))


def write_furniture(con: duckdb.DuckDBPyConnection, source: str, frame: pl.DataFrame) -> None:
    """Replace what is learned for ``source`` (etl_furniture rows)."""
    _run(con, "BEGIN TRANSACTION")
    con.execute("DELETE FROM etl_furniture WHERE source = ?", [source]).fetchall()
    _insert(con, "etl_furniture", frame)
    _run(con, "COMMIT")


def load_batch(con: duckdb.DuckDBPyConnection, frames: dict[str, pl.DataFrame], lineage: pl.DataFrame) -> None:
    """Replace the batch's documents in one transaction (superseded ones go in prune_orphans).

    Parents before children, as the foreign keys require. A document loaded again (same content,
    new code) loses its old rows and is updated in place: DuckDB checks a foreign key against the
    rows as they were when the transaction began, so deleting and re-inserting it would fail."""
    doc_ids = frames["dim_documents"]["document_id"].to_list()
    _run(con, "BEGIN TRANSACTION")
    try:
        if doc_ids:
            ids = pl.DataFrame({"document_id": doc_ids})
            con.register("_replaced", ids.to_arrow())
            for table in DOCUMENT_CHILDREN:
                _run(con, f"DELETE FROM {table} WHERE document_id IN (SELECT document_id FROM _replaced)")
            con.unregister("_replaced")
        _insert(con, "dim_documents", frames["dim_documents"], verb="INSERT OR REPLACE INTO")
        _insert(con, "dim_actors", frames["dim_actors"], verb="INSERT OR IGNORE INTO")
        _insert(con, "dim_actor_aliases", frames["dim_actor_aliases"], verb="INSERT OR IGNORE INTO")
        for table in ("fact_actors", "fact_statements", "fact_figures", "etl_line_shapes"):
            if table in frames:
                _insert(con, table, frames[table])
        _insert(con, "etl_lineage", lineage)
        _run(con, "COMMIT")
    except Exception:
        _run(con, "ROLLBACK")
        raise


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, verb: str = "INSERT INTO") -> None:
    if frame.is_empty():
        return
    con.register("_frame", frame.to_arrow())
    _run(con, f"{verb} {table} BY NAME SELECT * FROM _frame")
    con.unregister("_frame")


def forget_documents(con: duckdb.DuckDBPyConnection, source: str, paths: list[str]) -> int:
    """Drop one source's lineage of paths whose content changed (documents no path points to any
    more go in prune_orphans); returns how many documents lose their path in this source."""
    if not paths:
        return 0
    con.register("_paths", pl.DataFrame({"source_path": paths}).to_arrow())
    try:
        where = "source = ? AND source_path IN (SELECT source_path FROM _paths)"
        replaced = con.execute(f"SELECT count(DISTINCT document_id) FROM etl_lineage WHERE {where}", [source]).fetchall()[0][0]
        con.execute(f"DELETE FROM etl_lineage WHERE {where}", [source]).fetchall()
    finally:
        con.unregister("_paths")
    return replaced


def add_duplicate_lineage(con: duckdb.DuckDBPyConnection, lineage: pl.DataFrame) -> None:
    """Record extra paths of already-loaded content (same document, another name)."""
    if lineage.is_empty():
        return
    con.register("_dups", lineage.to_arrow())
    _run(con, "INSERT OR REPLACE INTO etl_lineage BY NAME SELECT * FROM _dups WHERE document_id IN (SELECT document_id FROM dim_documents)")
    con.unregister("_dups")


def prune_orphans(con: duckdb.DuckDBPyConnection) -> None:
    """Remove documents without lineage and actors no fact refers to (after replacements).

    Two transactions, children then parents: DuckDB checks a foreign key against the rows as
    they were when the transaction began. Between them nothing is lost: the rows gone are of
    documents no file points to, and a run that stops there is not published."""
    orphan_docs = "SELECT document_id FROM dim_documents WHERE document_id NOT IN (SELECT document_id FROM etl_lineage)"
    _run(con, "BEGIN TRANSACTION")
    for table in ("fact_actors", "fact_statements", "fact_figures"):
        _run(con, f"DELETE FROM {table} WHERE document_id IN ({orphan_docs})")
    # a document's line shapes count for a source only while the source still holds it
    _run(
        con,
        """DELETE FROM etl_line_shapes s WHERE NOT EXISTS
               (SELECT 1 FROM etl_lineage l WHERE l.document_id = s.document_id AND l.source = s.source)""",
    )
    used = """SELECT actor_id FROM fact_actors
              UNION SELECT speaker_actor_id FROM fact_statements WHERE speaker_actor_id IS NOT NULL
              UNION SELECT source_actor_id FROM fact_figures WHERE source_actor_id IS NOT NULL"""
    _run(con, f"DELETE FROM dim_actor_aliases WHERE actor_id NOT IN ({used})")
    _run(con, "COMMIT")
    _run(con, "BEGIN TRANSACTION")
    _run(con, f"DELETE FROM dim_documents WHERE document_id IN ({orphan_docs})")
    _run(con, f"DELETE FROM dim_actors WHERE actor_id NOT IN ({used})")
    _run(con, "COMMIT")


# Ties between types go the way one document's label votes go (transforms/actors.py: _label_votes).
_TYPE_PREFERENCE = "CASE actor_type WHEN 'organization' THEN 3 WHEN 'person' THEN 2 WHEN 'location' THEN 1 ELSE 0 END"


def vote_actor_types(con: duckdb.DuckDBPyConnection) -> int:
    """Give each actor the type most of its mentions have over all documents (fact_actors.actor_type);
    returns how many actors changed type. The id stays: it comes from the name alone."""
    votes = f"""SELECT actor_id, arg_max(actor_type, weight * 10 + {_TYPE_PREFERENCE}) AS actor_type FROM (
                    SELECT actor_id, actor_type, sum(mention_count) AS weight FROM fact_actors
                    WHERE actor_type IS NOT NULL GROUP BY ALL)
                GROUP BY actor_id"""
    update = f"""UPDATE dim_actors a SET actor_type = v.actor_type FROM ({votes}) v
                 WHERE a.actor_id = v.actor_id AND a.actor_type <> v.actor_type"""
    return con.execute(update).fetchall()[0][0]  # DuckDB answers an UPDATE with the count of rows it changed


def relink_actors(con: duckdb.DuckDBPyConnection, new_ids: dict[str, str]) -> None:
    """Point every row at the new actor ids (old id -> new id), merging actors that become one.

    Three transactions, as the foreign keys require: the new actors first, then the facts and
    aliases moved to them (two actors that merge in one document become one fact_actors row),
    then the old actors removed. A run that stops half-way is not published."""
    moves = {old: new for old, new in new_ids.items() if old != new}
    if not moves:
        return
    ids = pl.DataFrame({"old_id": list(moves), "new_id": list(moves.values())}, schema={"old_id": pl.Utf8, "new_id": pl.Utf8})
    con.register("_ids", ids.to_arrow())
    try:
        _run(con, "BEGIN TRANSACTION")
        _run(
            con,
            """INSERT OR IGNORE INTO dim_actors BY NAME
               SELECT i.new_id AS actor_id, min(a.canonical_name) AS canonical_name,
                      arg_max(a.actor_type, a.actor_type) AS actor_type, bool_and(coalesce(a.document_scoped, false)) AS document_scoped
               FROM dim_actors a JOIN _ids i ON i.old_id = a.actor_id GROUP BY i.new_id""",
        )
        _run(
            con,
            """INSERT OR IGNORE INTO dim_actor_aliases BY NAME
               SELECT DISTINCT i.new_id AS actor_id, x.alias FROM dim_actor_aliases x JOIN _ids i ON i.old_id = x.actor_id""",
        )
        _run(con, "COMMIT")
        _run(con, "BEGIN TRANSACTION")
        touched = "SELECT DISTINCT document_id FROM fact_actors WHERE actor_id IN (SELECT old_id FROM _ids)"
        _run(
            con,
            f"""CREATE OR REPLACE TEMP TABLE _merged AS
                SELECT fa.document_id, coalesce(i.new_id, fa.actor_id) AS actor_id, sum(fa.mention_count)::INTEGER AS mention_count,
                       max(fa.role) AS role,
                       array_to_string(list_sort(list_distinct(flatten(list(string_split(coalesce(fa.aliases, ''), '; '))))), '; ')
                           AS aliases,
                       arg_max(fa.actor_type, fa.mention_count) AS actor_type
                FROM fact_actors fa LEFT JOIN _ids i ON i.old_id = fa.actor_id
                WHERE fa.document_id IN ({touched}) GROUP BY ALL""",
        )
        _run(con, f"DELETE FROM fact_actors WHERE document_id IN ({touched})")
        _run(con, "INSERT INTO fact_actors BY NAME SELECT * FROM _merged")
        _run(con, "DROP TABLE _merged")
        _run(con, "UPDATE fact_statements SET speaker_actor_id = i.new_id FROM _ids i WHERE speaker_actor_id = i.old_id")
        _run(con, "UPDATE fact_figures SET source_actor_id = i.new_id FROM _ids i WHERE source_actor_id = i.old_id")
        gone = "SELECT old_id FROM _ids WHERE old_id NOT IN (SELECT new_id FROM _ids)"
        _run(con, f"DELETE FROM dim_actor_aliases WHERE actor_id IN ({gone})")
        _run(con, "COMMIT")
        _run(con, "BEGIN TRANSACTION")
        _run(con, f"DELETE FROM dim_actors WHERE actor_id IN ({gone})")
        _run(con, "COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):
            _run(con, "ROLLBACK")
        raise
    finally:
        con.unregister("_ids")


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def merge_surnames(con: duckdb.DuckDBPyConnection) -> int:
    """A person some documents name by surname alone ('Okafor') is the person whose full name ends in it
    ('Chidi Okafor') when the warehouse holds exactly one such full name; their rows are re-linked
    to the full name (``relink_actors``). Returns how many surname-only actors were merged."""
    from transforms.gazetteer import fold

    rows = con.execute(
        "SELECT actor_id, canonical_name FROM dim_actors WHERE actor_type = 'person' AND NOT coalesce(document_scoped, false)"
    ).fetchall()
    full_names: dict[str, set[str]] = {}
    for actor_id, name in rows:
        words = [w for w in name.split() if fold(w) not in _NAME_SUFFIXES]
        if len(words) > 1:
            full_names.setdefault(fold(words[-1]), set()).add(actor_id)
    merged = {
        actor_id: next(iter(full_names[fold(name)]))
        for actor_id, name in rows
        if len(name.split()) == 1 and len(full_names.get(fold(name), ())) == 1
    }
    relink_actors(con, merged)
    return len(merged)


# Endings a body's name may go without ('Labour Party' -> 'Labour', 'Acme Corp' -> 'Acme').
_BODY_ENDINGS = frozenset("party corp corp. corporation inc inc. ltd ltd. plc group co co. company holdings".split())


def _compact(name: str) -> str:
    from transforms.gazetteer import fold

    return "".join(ch for ch in fold(name) if ch.isalnum())


def merge_spellings(con: duckdb.DuckDBPyConnection) -> int:
    """One organization under its spellings, whichever document used which, each merge only where
    the warehouse holds exactly one candidate:

    - written with or without spaces, hyphens or dots ('BrightPath', 'Bright Path');
    - a short form that is the initials of one full name ('EU' -> 'European Union');
    - a name without its ending ('Acme' -> 'Acme Corp', 'Labour' -> 'Labour Party').

    The rows are re-linked to the fullest name (``relink_actors``). Returns how many actors were merged."""
    from transforms.actors import initials_of

    rows = con.execute(
        """SELECT a.actor_id, a.canonical_name, count(fa.document_id) AS documents FROM dim_actors a
           LEFT JOIN fact_actors fa USING (actor_id)
           WHERE a.actor_type = 'organization' AND NOT coalesce(a.document_scoped, false) GROUP BY ALL"""
    ).fetchall()
    by_compact: dict[str, list[tuple[str, str, int]]] = {}
    for row in rows:
        by_compact.setdefault(_compact(row[1]), []).append(row)
    merged: dict[str, str] = {}
    for group in by_compact.values():  # the spelling more documents use, then the one with spaces
        if len(group) > 1:
            target = max(group, key=lambda r: (r[2], r[1].count(" "), r[1]))[0]
            merged.update({r[0]: target for r in group if r[0] != target})
    by_initials: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for actor_id, name, _ in rows:
        if actor_id in merged:
            continue
        if len(name.split()) > 1:  # the capitals of its words, as an acronym of it would be ('European Union' -> EU)
            by_initials.setdefault(initials_of(name), set()).add(actor_id)
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _BODY_ENDINGS:
            by_stem.setdefault(_compact(" ".join(words[:-1])), set()).add(actor_id)
    documents: dict[str, set[str]] = {}
    organizations = "SELECT actor_id FROM dim_actors WHERE actor_type = 'organization'"
    pairs = con.execute(f"SELECT actor_id, document_id FROM fact_actors WHERE actor_id IN ({organizations})").fetchall()
    for actor_id, document_id in pairs:
        documents.setdefault(actor_id, set()).add(document_id)
    for actor_id, name, _ in rows:
        if actor_id in merged:
            continue
        short = name.replace(".", "")
        full = by_initials.get(short) if short.isupper() and 2 <= len(short) <= 5 and " " not in short else None
        full = (full or by_stem.get(_compact(name)) or set()) - {actor_id}
        if len(full) > 1:  # 'IMF': of several full names with those initials, the one its documents also name
            full = {f for f in full if documents.get(f, set()) & documents.get(actor_id, set())}
        if len(full) == 1:
            merged[actor_id] = next(iter(full))
    for actor_id, target in merged.items():  # 'ACME' -> 'Acme' -> 'Acme Corp': straight to the last
        while target in merged:
            target = merged[target]
        merged[actor_id] = target
    relink_actors(con, merged)
    return len(merged)


def _rekey_actors(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before type votes (its actor ids hash type and name): the ids from the name
    alone, every row re-linked, each document's type kept as its vote, then the types voted."""
    from transforms.records import actor_key

    _run(
        con,
        "UPDATE fact_actors fa SET actor_type = a.actor_type FROM dim_actors a WHERE a.actor_id = fa.actor_id AND fa.actor_type IS NULL",
    )
    rows = con.execute("SELECT actor_id, canonical_name FROM dim_actors").fetchall()
    relink_actors(con, {actor_id: actor_key(name) for actor_id, name in rows})
    vote_actor_types(con)


def run_documents(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """How many documents a run (re)loaded."""
    return con.execute("SELECT count(*) FROM dim_documents WHERE run_id = ?", [run_id]).fetchall()[0][0]


def rows_to_validate(
    con: duckdb.DuckDBPyConnection, run_id: str, foreign_keys: list, part: int = 0, parts: int = 1
) -> dict[str, pl.DataFrame]:
    """The rows a run must validate: what it wrote, plus any row whose foreign key dangles.

    What it wrote: its documents (``dim_documents.run_id``), their facts, and the
    actors (with aliases) those facts point to. Rows loaded by earlier runs passed
    then and nothing since touched them, except through a foreign key, which the
    dangling-key clause catches wherever it is. ``foreign_keys`` are
    ``expectations.validate.ForeignKey``s. ``part`` of ``parts`` takes one share of
    the run's documents (by hash), so a large run is validated a share at a time
    in bounded memory; dangling rows come with part 0."""
    run = run_id.replace("'", "''")
    docs = f"SELECT document_id FROM dim_documents WHERE run_id = '{run}' AND hash(document_id) % {int(parts)} = {int(part)}"
    actors = f"""SELECT actor_id FROM fact_actors WHERE document_id IN ({docs})
        UNION SELECT speaker_actor_id FROM fact_statements WHERE document_id IN ({docs})
        UNION SELECT source_actor_id FROM fact_figures WHERE document_id IN ({docs})"""
    mine = {
        "dim_documents": f"document_id IN ({docs})",
        "fact_actors": f"document_id IN ({docs})",
        "fact_statements": f"document_id IN ({docs})",
        "fact_figures": f"document_id IN ({docs})",
        "dim_actors": f"actor_id IN ({actors})",
        "dim_actor_aliases": f"actor_id IN ({actors})",
    }
    frames = {}
    for table, condition in mine.items():
        dangling = [
            f"({fk.column} IS NOT NULL AND {fk.column} NOT IN (SELECT {fk.ref_column} FROM {fk.ref_table}))"
            for fk in foreign_keys
            if fk.table == table and part == 0
        ]
        where = " OR ".join([condition, *dangling])
        frames[table] = query_frame(con, f"SELECT * FROM {table} WHERE {where}")
    return frames


def existing_values(con: duckdb.DuckDBPyConnection, table: str, column: str, candidates: list) -> list:
    """Those candidate values that occur in table.column (a foreign key's targets that exist)."""
    con.register("_candidates", pl.DataFrame({"value": candidates}).to_arrow())
    try:
        rows = con.execute(f"SELECT DISTINCT value FROM _candidates WHERE value IN (SELECT {column} FROM {table})").fetchall()
    finally:
        con.unregister("_candidates")
    return [r[0] for r in rows]


def read_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    return {table: query_frame(con, f"SELECT * FROM {table}") for table in TABLES}


def query_frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """A query's result as a polars frame (through Arrow; DuckDB 2.0 has no .pl() on results)."""
    return pl.from_arrow(con.sql(sql).to_arrow_table())


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in TABLES}


def record_run(con: duckdb.DuckDBPyConnection, run: dict, files: pl.DataFrame) -> None:
    _insert(con, "etl_runs", pl.DataFrame([run]))
    _insert(con, "etl_files", files)


def save_failures(con: duckdb.DuckDBPyConnection, failures: pl.DataFrame) -> None:
    """Keep failing rows' keys inside the quarantined staging file for inspection."""
    con.execute(
        "CREATE OR REPLACE TABLE validation_failures (table_name VARCHAR, expectation VARCHAR, column_name VARCHAR, failing_key VARCHAR)"
    )
    _insert(con, "validation_failures", failures)


def publish(con: duckdb.DuckDBPyConnection, staging: Path, warehouse: Path) -> None:
    """Checkpoint, close and atomically swap the staging file onto the published path."""
    _run(con, f"CHECKPOINT {CATALOG}")
    con.close()
    wal = staging.with_name(staging.name + ".wal")
    if wal.exists():  # should not happen after CHECKPOINT; never publish half a database
        raise RuntimeError(f"staging database still has a write-ahead log: {wal}")
    fd = os.open(staging, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(staging, warehouse)
    dir_fd = os.open(warehouse.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def quarantine(con: duckdb.DuckDBPyConnection, staging: Path, warehouse: Path, run_id: str) -> Path:
    """Keep a failed run's staging file (with its validation_failures table) beside the warehouse."""
    _run(con, "CHECKPOINT")
    con.close()
    target = warehouse.with_name(f"{warehouse.stem}.failed-{run_id}.duckdb")
    os.replace(staging, target)
    return target
