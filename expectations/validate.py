"""Run the Great Expectations suites in this folder against the warehouse tables.

Each ``<table>.json`` is a GX 1.x expectation suite, generated from the table's
declaration in ``warehouse/catalog.py``. A ``value_set`` written as
``{"$ref": "other_table.column"}`` is a foreign key: it is filled with that
column's values before the suite runs. GX validates pandas frames here (its SQL
data source fails every expectation on DuckDB), so each polars frame is handed
over as its pandas view.

Validation is two steps: ``resolve_suites`` looks the foreign keys up (where the
warehouse connection is) and ``run_suites`` runs GX on plain data, so it can run
in a process of its own (``flows/runtime/validator.py``). GX is imported only inside
``run_suites``: the import costs several seconds and only this step needs it.

A run validates the rows it wrote, not the whole warehouse (see
``warehouse.reads.rows_to_validate``): its documents' rows, the actors they
point to, and any row anywhere whose foreign key dangles. Foreign-key value
sets are still filled from the whole staging warehouse, and uniqueness across
runs is the tables' primary keys' job. So a re-run that changes 1% of the files
costs about 1% of a full validation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

SUITES_DIR = Path(__file__).resolve().parent


@dataclass
class Failure:
    table: str
    expectation: str
    column: str | None
    failing_keys: list[dict] = field(default_factory=list)
    unexpected_values: list = field(default_factory=list)
    severity: str = "error"  # error: blocks publishing; warning: published, counted and listed
    says: str | None = None  # the rule in words, for a meaning check (warehouse/catalog.py: Rule)

    def describe(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        sample = ", ".join(map(str, self.unexpected_values[:5]))
        what = f"{self.says} ({self.expectation})" if self.says else self.expectation
        return f"{what} failed on {where} ({len(self.failing_keys)} rows; e.g. {sample})"


@dataclass(frozen=True)
class Check:
    """One expectation's result: what it checks, where, its tier, and how many rows failed it."""

    table: str
    expectation: str
    column: str | None
    severity: str
    failed_rows: int

    @staticmethod
    def combine(parts: list[list[Check]]) -> list[Check]:
        """The results of one run validated in parts: the same checks, failed rows added up."""
        totals: dict[tuple, int] = {}
        for results in parts:
            for c in results:
                key = (c.table, c.expectation, c.column, c.severity)
                totals[key] = totals.get(key, 0) + c.failed_rows
        return [Check(*key, failed) for key, failed in totals.items()]


@dataclass
class ValidationReport:
    success: bool
    checked: dict[str, int]  # table -> expectations evaluated
    failures: list[Failure]
    data_docs: str | None = None  # index.html of the Great Expectations Data Docs, when built
    parts: int = 1  # validated in this many shares of the run's documents
    warnings: list[Failure] = field(default_factory=list)  # warning-tier checks that failed: the data still publishes
    results: list[Check] = field(default_factory=list)  # every expectation evaluated, passed or not (the run report lists them)

    @classmethod
    def combine(cls, reports: list[ValidationReport]) -> ValidationReport:
        """One report for a run validated in parts: the same suites each time, failures added up."""
        return cls(
            success=all(r.success for r in reports),
            checked=reports[0].checked,
            failures=[f for r in reports for f in r.failures],
            data_docs=reports[-1].data_docs,
            parts=len(reports),
            warnings=[f for r in reports for f in r.warnings],
            results=Check.combine([r.results for r in reports]),
        )

    def summary(self) -> str:
        total = sum(self.checked.values())
        warned = f"; {len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}" if self.warnings else ""
        if self.success:
            shares = f", in {self.parts} parts" if self.parts > 1 else ""
            return f"passed ({total} expectations on {len(self.checked)} tables{shares}{warned})"
        return f"FAILED ({len(self.failures)} of {total} expectations{warned}): " + "; ".join(f.describe() for f in self.failures[:5])


def load_suite_specs() -> dict[str, dict]:
    """table name -> suite JSON, for every suite file in this folder."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(SUITES_DIR.glob("*.json"))}


@dataclass(frozen=True)
class ForeignKey:
    """``table.column`` must take its values from ``ref_table.ref_column`` (declared as a ``$ref`` value set)."""

    table: str
    column: str
    ref_table: str
    ref_column: str


def foreign_keys() -> list[ForeignKey]:
    """Every ``$ref`` value set in the suites: the warehouse's foreign keys, declared once."""
    keys = []
    for table, spec in load_suite_specs().items():
        for exp in spec["expectations"]:
            ref = exp["kwargs"].get("value_set")
            if isinstance(ref, dict) and "$ref" in ref:
                ref_table, ref_column = ref["$ref"].split(".", 1)
                keys.append(ForeignKey(table, exp["kwargs"]["column"], ref_table, ref_column))
    return keys


# lookup(table, column, candidates) -> those candidates that occur in table.column
ValueLookup = Callable[[str, str, list], list]


def _values_from_frames(frames: dict[str, pl.DataFrame]) -> ValueLookup:
    def lookup(table: str, column: str, candidates: list) -> list:
        if table not in frames:
            return []
        return (
            pl.Series(candidates, dtype=frames[table][column].dtype)
            .filter(pl.Series(candidates).is_in(frames[table][column].implode()))
            .to_list()
        )

    return lookup


def _resolve_refs(exp: dict, frame: pl.DataFrame, lookup: ValueLookup) -> tuple[str, dict, dict | None]:
    """A suite expectation as GX runs it: (type, kwargs, meta), with a ``$ref`` value set resolved.

    A foreign key (``value_set: {"$ref": "table.column"}``) is checked the other way
    round: no value of the column may be among those this frame uses that the
    referenced column lacks. That is the same verdict, row for row, as "every value
    is in the referenced column", but the set GX carries is the missing keys (none,
    when all is well) instead of every key: GX copies an expectation's value set
    each time it reads its configuration (thousands of times per suite), which
    made validating a 2,000-document batch cost seconds."""
    kwargs, meta = exp["kwargs"], exp.get("meta")
    value_set = kwargs.get("value_set")
    if not (isinstance(value_set, dict) and "$ref" in value_set):
        return exp["type"], kwargs, meta
    table, column = value_set["$ref"].split(".", 1)
    used = frame[kwargs["column"]].drop_nulls().unique().to_list() if kwargs["column"] in frame.columns else []
    present = set(lookup(table, column, used)) if used else set()
    missing = [v for v in used if v not in present]
    note = f"foreign key: every value must exist in {table}.{column} (checked as: none of the values missing there)"
    meta = {**(meta or {}), "declared_type": exp["type"], "notes": note}
    return "expect_column_values_to_not_be_in_set", {**kwargs, "value_set": missing}, meta


@dataclass(frozen=True)
class ResolvedSuite:
    """One table's suite as GX will run it: foreign keys resolved, nothing left to look up.

    Plain data (it pickles), so GX can run in another process than the one that holds
    the warehouse connection the foreign keys were looked up in."""

    table: str
    key_columns: list[str]
    expectations: list[tuple[str, dict, dict | None]]  # (type, kwargs, meta)


def resolve_suites(frames: dict[str, pl.DataFrame], lookup: ValueLookup | None = None) -> list[ResolvedSuite]:
    """The suites of the tables in ``frames``, with every ``$ref`` value set resolved through ``lookup``.

    ``lookup(table, column, candidates)`` says which candidate values a foreign key's
    target column holds; by default it looks in ``frames`` themselves (right when
    ``frames`` is the whole warehouse)."""
    lookup = lookup or _values_from_frames(frames)
    return [
        ResolvedSuite(
            table=table,
            key_columns=spec.get("key_columns", []),
            expectations=[_resolve_refs(exp, frames[table], lookup) for exp in spec["expectations"]],
        )
        for table, spec in load_suite_specs().items()
        if table in frames
    ]


def validate_tables(
    frames: dict[str, pl.DataFrame],
    lookup: ValueLookup | None = None,
    docs_dir: Path | None = None,
    run_name: str = "newsfacts",
) -> ValidationReport:
    """Validate every table that has a suite; the report names failing rows by key.

    ``lookup`` is as for ``resolve_suites``. With ``docs_dir``, GX's Data Docs (HTML:
    the suites, and this run's results under ``run_name``) are written there."""
    return run_suites(frames, resolve_suites(frames, lookup), docs_dir, run_name)


def run_suites(
    frames: dict[str, pl.DataFrame],
    suites: list[ResolvedSuite],
    docs_dir: Path | None = None,
    run_name: str = "newsfacts",
) -> ValidationReport:
    """Run resolved suites on their frames with Great Expectations (the only step that imports it)."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    # GX announces its temporary docs folder and progress on every context: not news to our users.
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    source = context.data_sources.add_pandas("newsfacts")
    if docs_dir is not None:
        context.add_data_docs_site(
            "newsfacts",
            {
                "class_name": "SiteBuilder",
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
            },
        )
    checked: dict[str, int] = {}
    failures: list[Failure] = []
    warnings: list[Failure] = []
    checks: list[Check] = []
    for resolved in suites:
        table = resolved.table
        suite = gx.ExpectationSuite(name=table)
        for kind, kwargs, meta in resolved.expectations:
            suite.add_expectation_configuration(ExpectationConfiguration(type=kind, kwargs=kwargs, meta=meta))
        batch_def = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe(f"{table}_batch")
        batch = batch_def.get_batch(batch_parameters={"dataframe": frames[table].to_pandas()})
        result = batch.validate(suite, result_format={"result_format": "COMPLETE", "unexpected_index_column_names": resolved.key_columns})
        checked[table] = len(resolved.expectations)
        if docs_dir is not None:
            _keep_for_docs(context, suite, result, table, run_name)
        for r in result.results:
            cfg = r.expectation_config
            meta = cfg.meta or {}
            failed = 0 if r.success else int(r.result.get("unexpected_count") or 1)
            kind = meta.get("declared_type", cfg.type)
            checks.append(
                Check(
                    table,
                    meta.get("notes") if "severity" in meta else kind,
                    cfg.kwargs.get("column"),
                    meta.get("severity", "error"),
                    failed,
                )
            )
            if r.success:
                continue
            failure = Failure(
                table=table,
                expectation=meta.get("declared_type", cfg.type),
                column=cfg.kwargs.get("column"),
                failing_keys=list(r.result.get("unexpected_index_list") or [])[:1000],
                unexpected_values=list(r.result.get("partial_unexpected_list") or [])[:20],
                severity=meta.get("severity", "error"),
                says=meta.get("notes") if "severity" in meta else None,
            )
            (warnings if failure.severity == "warning" else failures).append(failure)
    report = ValidationReport(success=not failures, checked=checked, failures=failures, warnings=warnings, results=checks)
    if docs_dir is not None:
        report.data_docs = context.build_data_docs(site_names=["newsfacts"])["newsfacts"]
    return report


def _keep_for_docs(context, suite, result, table: str, run_name: str) -> None:  # noqa: ANN001 - GX objects
    """Put a suite and its result in the context's stores, which is what Data Docs render from."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier, ValidationResultIdentifier

    context.suites.add(suite)
    # The run time is given: without it GX parses one out of the run name, and some run ids
    # ("20261201T215300-8078ad", about 1 in 3,000) parse with an impossible time-zone offset and fail.
    run = RunIdentifier(run_name=run_name, run_time=datetime.now(UTC))
    suite_id = ExpectationSuiteIdentifier(name=table)
    key = ValidationResultIdentifier(expectation_suite_identifier=suite_id, run_id=run, batch_identifier=table)
    context.validation_results_store.set(key, result)
