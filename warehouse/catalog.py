"""The one declaration of every warehouse table: columns, types, descriptions, keys, checks.

Everything else derives from it, so a column is declared once:

- the DDL (``ddl``: CREATE TABLE with NOT NULL, PRIMARY KEY and REFERENCES, then ADD COLUMN IF
  NOT EXISTS so older warehouses gain new columns),
- the column comments BI tools show (``comments_sql``),
- the polars schemas of the frames the pipeline builds (``polars_schema``),
- the Great Expectations suites in ``expectations/<table>.json`` (``suite``; generated,
  committed and kept in sync by a test; ``python -m warehouse.catalog`` rewrites them).

As in dbt's schema.yml, a column's description and its checks sit together. Foreign keys
are ``references="table.column"``: declared in the DDL (so BI tools see the join paths) and
checked by the suites with the ``$ref`` convention (``expectations/validate.py``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Column:
    """One column: its SQL type, what it holds, and what must hold of it."""

    name: str
    type: str  # DuckDB type: VARCHAR, INTEGER, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, DATE, JSON
    description: str
    not_null: bool = False
    unique: bool = False  # checked by the suite (single-column primary keys are unique anyway)
    references: str | None = None  # "table.column": a foreign key
    accepted: tuple[str, ...] | None = None  # the values it may take
    min_length: int | None = None  # for text: at least this many characters
    min_value: float | None = None
    max_value: float | None = None
    numeric: bool = False  # the suite checks the values are numbers
    default: str | None = None  # SQL default, e.g. "'default'"


@dataclass(frozen=True)
class Rule:
    """What must hold for an analyst, beyond a column's form: a GX expectation, often on the rows a
    condition selects. An ``error`` blocks publishing like any failed check; a ``warning`` publishes,
    is counted in etl_runs.validation_warnings and lists its rows in the run report."""

    says: str  # the rule in words, shown in the report and the Data Docs
    expectation: str
    kwargs: dict
    severity: str = "error"  # error | warning


# A pandas row condition (GX's condition_parser "pandas"): the figure is an amount of money.
_MONEY = 'unit.str.fullmatch("[A-Z]{3}", na=False)'


def _scaled_money(words: str) -> str:
    """Money whose surface writes a scale after a number ('£350m', '$2 billion', '£0.53bn')."""
    # No backslash: the condition is parsed as Python, where "\\b" in its string would be a backspace.
    return f'{_MONEY} and surface.str.contains("(?i)[0-9] ?(?:{words})(?![a-z])", regex=True, na=False)'


SCALE_WORDS = ("m", "m.", "mn", "mln", "bn", "bn.", "b", "k", "k.", "tn", "thousand", "million", "billion", "trillion")
GENERIC_MEASURE_KEYS = ("mark", "record", "level", "total", "figure", "amount", "number", "rise", "fall")

FIGURE_RULES = (
    Rule("A measure is never a scale word ('m.' of '£350m.')", "expect_column_values_to_not_be_in_set",
         {"column": "measure", "value_set": list(SCALE_WORDS)}),
    # The scale was applied: the value is at least a thousandth of it ('£0.53bn' is 530 million; '£350m' stored as 350 is not).
    Rule("Money written in thousands has its scale applied", "expect_column_values_to_be_between",
         {"column": "value", "min_value": 1, "row_condition": _scaled_money("k|thousand"), "condition_parser": "pandas"}),
    Rule("Money written in millions has its scale applied", "expect_column_values_to_be_between",
         {"column": "value", "min_value": 1e3, "row_condition": _scaled_money("m|mn|mln|million"), "condition_parser": "pandas"}),
    Rule("Money written in billions has its scale applied", "expect_column_values_to_be_between",
         {"column": "value", "min_value": 1e6, "row_condition": _scaled_money("bn|billion"), "condition_parser": "pandas"}),
    Rule("A measure key is never a word that only says how much", "expect_column_values_to_not_be_in_set",
         {"column": "measure_key", "value_set": list(GENERIC_MEASURE_KEYS)}),
    Rule("Money has a value in the reporting currency (a currency without ECB rates has none)", "expect_column_values_to_not_be_null",
         {"column": "base_value", "row_condition": _MONEY, "condition_parser": "pandas"}, "warning"),
)
ACTOR_RULES = (
    Rule("A name ending in a company suffix (Inc, Ltd, plc, Corp, LLC, GmbH) is an organization", "expect_column_values_to_be_in_set",
         {"column": "actor_type", "value_set": ["organization"], "condition_parser": "pandas",
          "row_condition": 'canonical_name.str.contains(" (?:Inc|Ltd|plc|PLC|Corp|LLC|GmbH|AG|Co)[.]?$", regex=True, na=False)'},
         "warning"),
)
STATEMENT_RULES = (
    Rule("A statement never starts with the scale of a number before it ('m. Analysts said')", "expect_column_values_to_not_match_regex",
         {"column": "content", "regex": "^(?:m|bn|k)\\.(?:\\s|$)"}),
    Rule("Every statement belongs to a quote (linked after the loads)", "expect_column_values_to_not_be_null", {"column": "quote_id"}),
)


@dataclass(frozen=True)
class Table:
    """One table: its columns, primary key, and whether a run validates it with a suite."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    validated: bool = False  # a Great Expectations suite checks the rows a run writes
    required_columns: tuple[str, ...] = ()  # the suite checks these columns exist (the analysts' contract)
    unique_together: tuple[tuple[str, ...], ...] = ()  # column groups unique together, besides the primary key
    rules: tuple[Rule, ...] = ()  # what must hold for an analyst (see Rule)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# The storage format the warehouse is written in by default (Settings.storage_version): DuckDB 1.2
# and later read it, so BI connectors that lag the Python package (Evidence's node client,
# Metabase's driver) open it too.
STORAGE_VERSION = "v1.2.0"

TYPE_LIST = ["float", "float64", "Float64", "int", "int64", "Int64", "int32", "Int32"]
ACTOR_TYPES = ("person", "organization", "location", "group")

# The document a row belongs to: the same column in the lineage and every fact table.
DOCUMENT_REF = Column("document_id", "VARCHAR", "Document (-> dim_documents).", not_null=True, references="dim_documents.document_id")

TABLES: tuple[Table, ...] = (
    Table(
        "etl_runs",
        "One row per pipeline run: what it found, loaded and rejected, and how long each stage took.",
        (
            Column("run_id", "VARCHAR", "Run id: start time (UTC) plus a random suffix.", not_null=True),
            Column("started_at", "TIMESTAMP", "When the run started (UTC).", not_null=True),
            Column("finished_at", "TIMESTAMP", "When the run finished its checks (UTC), just before publishing."),
            Column("input_dir", "VARCHAR", "Folder the run read articles from.", not_null=True),
            Column(
                "source",
                "VARCHAR",
                "Source the run loaded: its --source, else the input folder's name. Files are matched by path within their source only.",
            ),
            Column("status", "VARCHAR", "published | nothing_to_do | failed_validation.", not_null=True),
            Column("files_seen", "INTEGER", "Files found under the input folder.", not_null=True),
            Column("files_loaded", "INTEGER", "Files read, extracted and loaded by this run.", not_null=True),
            Column(
                "files_replaced",
                "INTEGER",
                "Files of this source whose content changed: their new document replaced the old one for that path.",
            ),
            Column(
                "files_unchanged",
                "INTEGER",
                "Files skipped because their content (sha256) was already loaded from the same path.",
                not_null=True,
            ),
            Column("files_duplicate", "INTEGER", "Files whose content was already loaded under another name.", not_null=True),
            Column("files_rejected", "INTEGER", "Files that could not be loaded; reasons in etl_files.", not_null=True),
            Column(
                "validation_success",
                "BOOLEAN",
                "Whether the Great Expectations suites passed; NULL when nothing was validated (a run that changed nothing).",
            ),
            Column(
                "validation_warnings",
                "INTEGER",
                "Warning-tier checks that failed (the data published; the run report lists their rows); NULL when nothing was validated.",
            ),
            Column("model", "VARCHAR", "spaCy pipeline package used for extraction.", not_null=True),
            Column("code_version", "VARCHAR", "newsfacts version plus a hash of the extraction code.", not_null=True),
            Column("elapsed_seconds", "DOUBLE", "Run time inside the flow, in seconds."),
            Column(
                "stage_seconds",
                "JSON",
                "Seconds the flow spent per stage (discover, read, extract, transform, load, validate) as JSON; "
                "extract is the wait for extraction results, which reading the next batch overlaps.",
            ),
        ),
        primary_key=("run_id",),
    ),
    Table(
        "etl_files",
        "One row per file per run: loaded, unchanged, duplicate or rejected, with the reason.",
        (
            Column("run_id", "VARCHAR", "Run that saw the file (-> etl_runs).", not_null=True),
            Column("source", "VARCHAR", "Source the file belongs to (-> etl_runs.source).", not_null=True, default="'default'"),
            Column(
                "source_path",
                "VARCHAR",
                "Path relative to the source's folder; bytes that are not UTF-8 are written as \\xNN.",
                not_null=True,
            ),
            Column("size_bytes", "BIGINT", "File size in bytes."),
            Column("sha256", "VARCHAR", "SHA-256 of the file bytes (NULL when it could not be read)."),
            Column("status", "VARCHAR", "loaded | unchanged | duplicate | rejected.", not_null=True),
            Column("reason", "VARCHAR", "Why the file was rejected, or which document it duplicates."),
            Column("document_id", "VARCHAR", "Document the file is (-> dim_documents), NULL when rejected."),
        ),
        primary_key=("run_id", "source_path"),
    ),
    Table(
        "etl_lineage",
        "Which file(s) each document came from, and which run, model and code loaded it.",
        (
            DOCUMENT_REF,
            Column("source", "VARCHAR", "Source the path belongs to.", not_null=True, default="'default'"),
            Column("source_path", "VARCHAR", "A path the content was found under (relative to its source's folder).", not_null=True),
            Column("sha256", "VARCHAR", "SHA-256 of the file bytes.", not_null=True),
            Column("run_id", "VARCHAR", "Run that loaded it (-> etl_runs).", not_null=True),
            Column("model", "VARCHAR", "spaCy pipeline package used.", not_null=True),
            Column("code_version", "VARCHAR", "newsfacts version plus a hash of the extraction code.", not_null=True),
        ),
        primary_key=("document_id", "source", "source_path"),
    ),
    Table(
        "etl_line_shapes",
        "The short lines of each document's page, as shapes (digits masked, case folded): the evidence furniture is learned from.",
        (
            DOCUMENT_REF,
            Column("source", "VARCHAR", "Source the document was loaded from.", not_null=True),
            Column("shape", "VARCHAR", "A line of the page with digits written #, spaces collapsed, lower-cased.", not_null=True),
        ),
        primary_key=("document_id", "source", "shape"),
    ),
    Table(
        "etl_furniture",
        "Lines learned as furniture per source: a shape carried by enough of the source's documents is stripped wherever it appears.",
        (
            Column("source", "VARCHAR", "Source the line is furniture of.", not_null=True),
            Column("shape", "VARCHAR", "The line's shape (digits written #, lower-cased).", not_null=True),
            Column("documents", "INTEGER", "Documents of the source that carry it.", not_null=True),
            Column("source_documents", "INTEGER", "Documents of the source when it was learned.", not_null=True),
            Column("run_id", "VARCHAR", "Run that last counted it (-> etl_runs).", not_null=True),
        ),
        primary_key=("source", "shape"),
    ),
    Table(
        "dim_documents",
        "One row per article (distinct content): metadata, body without boilerplate, and the boilerplate kept.",
        (
            Column("document_id", "VARCHAR", "Document key: a hash of the file content.", not_null=True, unique=True),
            Column(
                "source",
                "VARCHAR",
                "Source the content was first found in (--source, else the input folder's name).",
                not_null=True,
                default="'default'",
            ),
            Column("source_path", "VARCHAR", "First path the content was found under, relative to its source's folder.", not_null=True),
            Column("sha256", "VARCHAR", "SHA-256 of the file bytes.", not_null=True, unique=True),
            Column("title", "VARCHAR", "Headline.", min_length=1),
            Column(
                "standfirst",
                "VARCHAR",
                "The deck or summary line printed under the headline, kept out of the body (it restates the article); NULL when none.",
            ),
            Column("byline", "VARCHAR", 'Author name(s) from the byline, without "By".'),
            Column("dateline", "VARCHAR", "Place the story was filed from (the dateline), e.g. Mexico City."),
            Column(
                "outlet",
                "VARCHAR",
                "Agency or publisher the page itself names (dateline tag, credit or Source: line, byline suffix, copyright owner, "
                "'Originally published on', 'told X'), else NULL.",
            ),
            Column(
                "published_at",
                "TIMESTAMP",
                "Publication time the page's own stamp prints, in the page's local time (zone in time_zone); midnight when only a "
                "date is printed; NULL when the page prints none or only a relative one ('22 hours ago').",
            ),
            Column("updated_at", "TIMESTAMP", "Last update time the page's stamp prints ('Updated: ...'), as published_at; else NULL."),
            Column("time_zone", "VARCHAR", "Time zone the stamps print ('EST', 'UTC', 'IST'); NULL when none is printed."),
            Column("language", "VARCHAR", "ISO 639-1 language of the body.", not_null=True),
            Column("encoding", "VARCHAR", "Encoding the file was decoded from.", not_null=True),
            Column("word_count", "INTEGER", "Words in the body.", not_null=True, min_value=1),
            Column(
                "body",
                "VARCHAR",
                "Article text without site boilerplate; offsets in the fact tables point into it.",
                not_null=True,
                min_length=1,
            ),
            Column(
                "boilerplate",
                "VARCHAR",
                "Site furniture stripped from the body, one line each, after the reason in brackets "
                "('[shape: date stamp] Published ...', '[repeats in 9 documents of this source] ...').",
            ),
            Column("run_id", "VARCHAR", "Run that loaded the document (-> etl_runs).", not_null=True),
            Column("loaded_at", "TIMESTAMP", "When that run started (UTC).", not_null=True),
        ),
        primary_key=("document_id",),
        validated=True,
        required_columns=("document_id", "source", "source_path", "sha256", "title", "body"),
        unique_together=(("source", "source_path"),),
    ),
    Table(
        "dim_actors",
        "One row per real-world actor across all documents.",
        (
            Column(
                "actor_id",
                "VARCHAR",
                "Actor key: a hash of the accent-folded canonical name (and, for a document-scoped group, its document), stable "
                "across runs and types.",
                not_null=True,
                unique=True,
            ),
            Column(
                "canonical_name", "VARCHAR", "Fullest name of the actor (countries by their ISO 3166 name).", not_null=True, min_length=1
            ),
            Column(
                "actor_type",
                "VARCHAR",
                "person | organization | location | group: the type most of its mentions are given over all documents "
                "(fact_actors.actor_type), re-voted on every run; the id does not change with it.",
                not_null=True,
                accepted=ACTOR_TYPES,
            ),
            Column(
                "document_scoped",
                "BOOLEAN",
                "True for a group the text names only by common nouns ('officials', 'analysts', 'the government' when it does "
                "not say whose) and for an unnamed source ('an insurgent source'): one actor of its document, never merged "
                "across documents, so counts of real entities can leave it out (WHERE NOT document_scoped). False for named "
                "actors and qualified groups ('Mexican officials').",
                default="false",
            ),
        ),
        primary_key=("actor_id",),
        rules=ACTOR_RULES,
        validated=True,
    ),
    Table(
        "dim_actor_aliases",
        "Names an actor is called by in the documents.",
        (
            Column("actor_id", "VARCHAR", "Actor (-> dim_actors).", not_null=True, references="dim_actors.actor_id"),
            Column("alias", "VARCHAR", "A name used for the actor, e.g. a surname or an acronym.", not_null=True),
        ),
        primary_key=("actor_id", "alias"),
        validated=True,
    ),
    Table(
        "fact_actors",
        "Which actors each document mentions.",
        (
            DOCUMENT_REF,
            Column("actor_id", "VARCHAR", "Actor (-> dim_actors).", not_null=True, references="dim_actors.actor_id"),
            Column("mention_count", "INTEGER", "Mentions of the actor in the document.", not_null=True, min_value=1),
            Column("role", "VARCHAR", "Title or role the document gives the actor, e.g. Attorney General."),
            Column("aliases", "VARCHAR", 'Names used for the actor in this document, separated by "; ".'),
            Column(
                "actor_type",
                "VARCHAR",
                "The type this document's text gives the actor: its vote for dim_actors.actor_type, which is the type "
                "with the most mentions over all documents.",
                accepted=ACTOR_TYPES,
            ),
        ),
        primary_key=("document_id", "actor_id"),
        validated=True,
    ),
    Table(
        "fact_statements",
        "Direct quotes and reported speech, each attributed to its speaker where the text says who.",
        (
            Column("statement_id", "VARCHAR", "Statement key: a hash of document, kind and offsets.", not_null=True, unique=True),
            DOCUMENT_REF,
            Column(
                "kind", "VARCHAR", "direct (quoted words) | indirect (reported speech).", not_null=True, accepted=("direct", "indirect")
            ),
            Column("content", "VARCHAR", "What was said: the quoted words, or the reported clause.", not_null=True, min_length=1),
            Column("speaker_text", "VARCHAR", "How the text names the speaker there (a name, title or pronoun)."),
            Column(
                "speaker_actor_id", "VARCHAR", "Speaker (-> dim_actors), NULL when unattributed.", references="dim_actors.actor_id"
            ),
            Column("verb", "VARCHAR", "Speech verb, e.g. said, told, warned."),
            Column("start_offset", "INTEGER", "Start of content in dim_documents.body (characters).", not_null=True, min_value=0),
            Column("end_offset", "INTEGER", "End of content in dim_documents.body (characters).", not_null=True),
            Column("sentence_index", "INTEGER", "Sentence number in the body, from 0.", not_null=True),
            Column("paragraph_index", "INTEGER", "Paragraph number in the body, from 0.", not_null=True),
            Column("confidence", "DOUBLE", "Confidence of the attribution, 0 to 1.", not_null=True, min_value=0, max_value=1),
            Column(
                "quote_id",
                "VARCHAR",
                "Quote (-> dim_quotes): statements of any documents that report the same utterance (verbatim, cut, extended, "
                "elided, in other quotation marks) share it; a statement reported once has its own. Set after every run's "
                "loads (warehouse/quotes.py); a new document joins an existing id, and when two quotes merge the smaller id stays.",
            ),
        ),
        primary_key=("statement_id",),
        rules=STATEMENT_RULES,
        validated=True,
    ),
    Table(
        "dim_quotes",
        "One row per quote: an utterance and every statement, in any document, that reports it (fact_statements.quote_id). "
        "Rebuilt after every run's loads.",
        (
            Column("quote_id", "VARCHAR", "Quote key: given by the statement that first started it; see fact_statements.quote_id.",
                   not_null=True, unique=True),
            Column("text", "VARCHAR", "The fullest text of the quote: the longest direct statement, else the longest statement.",
                   not_null=True, min_length=1),
            Column("kind", "VARCHAR", "direct when some document quotes the words, else indirect.", not_null=True,
                   accepted=("direct", "indirect")),
            Column("speaker_actor_id", "VARCHAR", "The speaker most documents give (-> dim_actors.actor_id; ties: the smallest id); "
                   "NULL when none names one."),
            Column("speaker_documents", "INTEGER", "Documents that give that speaker (0 when none names one).", not_null=True,
                   min_value=0),
            Column("speakers", "INTEGER", "Different speakers the documents give (an actor, else the words naming the speaker "
                   "where no actor was linked; never a bare pronoun): 2 or more is a conflict (v_quote_conflicts).",
                   not_null=True, min_value=0),
            Column("statements", "INTEGER", "Statements that report it.", not_null=True, min_value=1),
            Column("documents", "INTEGER", "Documents that carry it.", not_null=True, min_value=1),
            Column("outlets", "INTEGER", "Different outlets those documents name (dim_documents.outlet).", not_null=True, min_value=0),
            Column("sources", "INTEGER", "Different sources those documents were loaded from.", not_null=True, min_value=1),
            Column("first_document_id", "VARCHAR", "The document that carried it first: earliest published_at, then earliest "
                   "loaded (-> dim_documents).", not_null=True),
            Column("first_published_at", "TIMESTAMP", "That document's published_at (NULL when it prints none)."),
            Column("first_outlet", "VARCHAR", "That document's outlet."),
            Column("first_source", "VARCHAR", "That document's source.", not_null=True),
            Column("last_document_id", "VARCHAR", "The document that carried it last, by the same order (-> dim_documents).",
                   not_null=True),
            Column("last_published_at", "TIMESTAMP", "That document's published_at."),
        ),
        primary_key=("quote_id",),
        validated=True,
    ),
    Table(
        "etl_quote_keys",
        "The index that finds statements reporting the same quote: a hash of every run of three content words of each "
        "statement (transforms/quotes.py). A run compares only its new statements, through this index.",
        (
            Column("key", "BIGINT", "Hash of three content words in a row.", not_null=True),
            Column("statement_id", "VARCHAR", "Statement that has them (-> fact_statements).", not_null=True),
            Column("document_id", "VARCHAR", "That statement's document.", not_null=True),
        ),
    ),
    Table(
        "fact_figures",
        "Numbers reported in the documents: value, unit, what they measure, hedge, period and source.",
        (
            Column("figure_id", "VARCHAR", "Figure key: a hash of document and offsets.", not_null=True, unique=True),
            DOCUMENT_REF,
            Column("value", "DOUBLE", 'The number, scaled ("2.5bn" -> 2500000000).', numeric=True),
            Column("value_high", "DOUBLE", 'Upper bound of a range ("18 to 45"), else NULL.'),
            Column("unit", "VARCHAR", "ISO currency code, percent, a unit word, or NULL for plain counts."),
            Column("measure", "VARCHAR", "What the number measures, from the sentence (e.g. jobs, profits)."),
            Column(
                "measure_key",
                "VARCHAR",
                "Grouping key of the measure: its head noun, singular and lower-cased, without currency and unit words, "
                "the changed noun for a change ('job cuts', 'jobs' -> job). GROUP BY unit, measure_key adds figures up.",
            ),
            Column(
                "figure_kind",
                "VARCHAR",
                "level | change: 'fell 3.4% to $55.12' is a change (3.4%) and a level ($55.12), two rows.",
                not_null=True,
                accepted=("level", "change"),
            ),
            Column("per_unit", "VARCHAR", "Denominator of a rate ('$55.12 per barrel' -> barrel, '$3 a share' -> share), else NULL."),
            Column(
                "base_value",
                "DOUBLE",
                "The value in a unit every figure of its kind shares, so they add up: money in the reporting currency "
                "(NEWSFACTS_BASE_CURRENCY, default USD) at the ECB reference rate of base_rate_date; a physical quantity "
                "in SI base units (pint: tons and tonnes in kg, miles and kilometres in m); NULL for percentages and counts.",
            ),
            Column("base_unit", "VARCHAR", "Unit of base_value: the reporting currency's ISO code, or an SI unit (kg, m, m**3, m/s, ...)."),
            Column(
                "base_rate_date",
                "DATE",
                "Money: the day whose exchange rate converted it (the end of the figure's period, else the publication "
                "date, else the load date; moved into the rates' history when outside it). NULL for other figures.",
            ),
            Column(
                "base_rate_basis",
                "VARCHAR",
                "Money: which day base_rate_date is: period | published | loaded. NULL for other figures.",
                accepted=("period", "published", "loaded"),
            ),
            Column(
                "qualifier",
                "VARCHAR",
                'exact | approximate | at_least | at_most ("nearly", "more than" ...).',
                not_null=True,
                accepted=("exact", "approximate", "at_least", "at_most"),
            ),
            Column("period", "VARCHAR", "Period the number refers to, when the sentence gives one (e.g. 2004, last year)."),
            Column(
                "period_start",
                "DATE",
                "First day of the period: absolute periods always ('in 2004'), relative ones ('last year', 'in September', "
                "'on Tuesday') against the document's published_at; NULL when neither tells.",
            ),
            Column("period_end", "DATE", "Last day of the period, as period_start ('since 2010' ends on the publication date)."),
            Column(
                "source_actor_id",
                "VARCHAR",
                "Who gave the number (-> dim_actors), NULL when the text does not say.",
                references="dim_actors.actor_id",
            ),
            Column("surface", "VARCHAR", "The figure as written in the text.", not_null=True, min_length=1),
            Column("start_offset", "INTEGER", "Start of surface in dim_documents.body (characters).", not_null=True, min_value=0),
            Column("end_offset", "INTEGER", "End of surface in dim_documents.body (characters).", not_null=True),
            Column("sentence_index", "INTEGER", "Sentence number in the body, from 0.", not_null=True),
        ),
        primary_key=("figure_id",),
        rules=FIGURE_RULES,
        validated=True,
    ),
)

BY_NAME = {t.name: t for t in TABLES}
# The star schema: what a batch of documents produces, in load order.
STAR_TABLES = tuple(t.name for t in TABLES if t.validated)


# ------------------------------------------------------------------------------ DDL


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ddl(table: Table, with_foreign_keys: bool = True) -> str:
    """CREATE TABLE IF NOT EXISTS, then ADD COLUMN IF NOT EXISTS for each column (older warehouses gain new ones).

    ``with_foreign_keys=False``: without REFERENCES, for a scratch copy of an old warehouse whose tables may lack the keys they point at."""
    single_key = table.primary_key[0] if len(table.primary_key) == 1 else None
    lines = []
    for c in table.columns:
        parts = [f"    {c.name} {c.type}"]
        if c.name == single_key:
            parts.append("PRIMARY KEY")
        elif c.not_null:
            parts.append("NOT NULL")
        if c.default is not None:
            parts.append(f"DEFAULT {c.default}")
        if c.references and with_foreign_keys:
            parts.append("REFERENCES {}({})".format(*c.references.split(".")))
        lines.append(" ".join(parts))
    if len(table.primary_key) > 1:
        lines.append(f"    PRIMARY KEY ({', '.join(table.primary_key)})")
    create = f"CREATE TABLE IF NOT EXISTS {table.name} (\n" + ",\n".join(lines) + "\n);"
    added = [
        f"ALTER TABLE {table.name} ADD COLUMN IF NOT EXISTS {c.name} {c.type}" + (f" DEFAULT {c.default}" if c.default else "") + ";"
        for c in table.columns
    ]
    return "\n".join([create, *added])


def foreign_keys() -> list[tuple[str, str, str]]:
    """(table, column, "table.column" it references) for every declared foreign key."""
    return [(t.name, c.name, c.references) for t in TABLES for c in t.columns if c.references]


def load_order() -> list[str]:
    """Table names with every referenced table before the tables that reference it (the order rows can be copied in)."""
    done: list[str] = []
    pending = [t.name for t in TABLES]
    while pending:
        ready = [n for n in pending if all(ref.split(".")[0] in done for _, _, ref in (fk for fk in foreign_keys() if fk[0] == n))]
        if not ready:
            raise ValueError(f"foreign keys form a cycle among {pending}")
        done += ready
        pending = [n for n in pending if n not in ready]
    return done


def schema_sql(with_foreign_keys: bool = True) -> str:
    """Every table's DDL, a referenced table before the tables that reference it."""
    return "\n\n".join(ddl(BY_NAME[name], with_foreign_keys) for name in load_order()) + "\n"


def comments_sql() -> str:
    """COMMENT ON TABLE / COLUMN for every declared table."""
    lines = []
    for t in TABLES:
        lines.append(f"COMMENT ON TABLE {t.name} IS {_quote(t.description)};")
        lines += [f"COMMENT ON COLUMN {t.name}.{c.name} IS {_quote(c.description)};" for c in t.columns]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- polars


def polars_schema(name: str) -> dict:
    """Column name -> polars dtype, in declared order (the frames the pipeline builds for this table)."""
    import polars as pl

    types = {
        "VARCHAR": pl.Utf8,
        "JSON": pl.Utf8,
        "INTEGER": pl.Int32,
        "BIGINT": pl.Int64,
        "DOUBLE": pl.Float64,
        "BOOLEAN": pl.Boolean,
        "TIMESTAMP": pl.Datetime("us"),
        "DATE": pl.Date,
    }
    return {c.name: types[c.type] for c in BY_NAME[name].columns}


# ------------------------------------------------------------------------ GX suites


def _expectation(kind: str, meta: dict | None = None, **kwargs: object) -> dict:
    exp: dict = {"type": kind, "kwargs": kwargs}
    if meta:
        exp["meta"] = meta
    return exp


def suite(table: Table) -> dict:
    """The Great Expectations suite of a validated table, as the JSON ``expectations/validate.py`` runs."""
    exps = []
    if table.required_columns:
        exps.append(_expectation("expect_table_columns_to_match_set", column_set=list(table.required_columns), exact_match=False))
    for c in table.columns:
        if c.not_null:
            exps.append(_expectation("expect_column_values_to_not_be_null", column=c.name))
        if c.unique:
            exps.append(_expectation("expect_column_values_to_be_unique", column=c.name))
        if c.references:
            exps.append(
                _expectation(
                    "expect_column_values_to_be_in_set",
                    {"notes": f"foreign key -> {c.references}"},
                    column=c.name,
                    value_set={"$ref": c.references},
                )
            )
        if c.accepted:
            exps.append(_expectation("expect_column_values_to_be_in_set", column=c.name, value_set=list(c.accepted)))
        if c.min_length is not None:
            exps.append(_expectation("expect_column_value_lengths_to_be_between", column=c.name, min_value=c.min_length))
        if c.min_value is not None or c.max_value is not None:
            bounds = {k: v for k, v in (("min_value", c.min_value), ("max_value", c.max_value)) if v is not None}
            exps.append(_expectation("expect_column_values_to_be_between", column=c.name, **bounds))
        if c.numeric:
            exps.append(_expectation("expect_column_values_to_be_in_type_list", column=c.name, type_list=TYPE_LIST))
    for group in ((table.primary_key,) if len(table.primary_key) > 1 else ()) + table.unique_together:
        exps.append(_expectation("expect_compound_columns_to_be_unique", column_list=list(group)))
    for rule in table.rules:
        exps.append(_expectation(rule.expectation, {"notes": rule.says, "severity": rule.severity}, **rule.kwargs))
    return {
        "name": table.name,
        "meta": {
            "notes": f"Generated from warehouse/catalog.py (python -m warehouse.catalog); checks on table {table.name}; "
            "'$ref' value sets are filled from the referenced column at run time (foreign keys)."
        },
        "key_columns": list(table.primary_key),
        "expectations": exps,
    }


def suite_text(table: Table) -> str:
    return json.dumps(suite(table), indent=2, ensure_ascii=False) + "\n"


def write_suites(folder: Path) -> list[Path]:
    """(Re)write expectations/<table>.json for every validated table."""
    written = []
    for t in TABLES:
        if t.validated:
            path = folder / f"{t.name}.json"
            path.write_text(suite_text(t), encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_suites(Path(__file__).resolve().parent.parent / "expectations"):
        print(f"wrote {path}", file=sys.stderr)
