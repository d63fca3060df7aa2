"""Records -> polars frames with the warehouse's column names and types.

One function per table, each callable on a handful of records in a test. The
frames carry exactly the columns declared in ``warehouse/catalog.py``; the loader
inserts them BY NAME.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

import polars as pl

from transforms.money import to_currency
from transforms.periods import resolve_period
from transforms.records import Document, Extraction, Figure
from warehouse.catalog import polars_schema

DOCUMENTS_SCHEMA = polars_schema("dim_documents")
ACTORS_SCHEMA = polars_schema("dim_actors")
ALIASES_SCHEMA = polars_schema("dim_actor_aliases")
FACT_ACTORS_SCHEMA = polars_schema("fact_actors")
STATEMENTS_SCHEMA = polars_schema("fact_statements")
FIGURES_SCHEMA = polars_schema("fact_figures")
LINE_SHAPES_SCHEMA = polars_schema("etl_line_shapes")


def _with_reasons(d: Document) -> list[str]:
    """'[shape: date stamp] Published ...': each stripped line after the reason it was stripped."""
    reasons = d.boilerplate_reasons or [""] * len(d.boilerplate)
    return [f"[{why}] {line}" if why else line for line, why in zip(d.boilerplate, reasons, strict=False)]


def dim_documents(documents: Sequence[Document], run_id: str, loaded_at: datetime) -> pl.DataFrame:
    rows = [
        {
            "document_id": d.document_id,
            "source": d.source,
            "source_path": d.source_path,
            "sha256": d.sha256,
            "title": d.title,
            "standfirst": d.standfirst,
            "byline": d.byline,
            "dateline": d.dateline,
            "outlet": d.outlet,
            "published_at": d.published_at,
            "updated_at": d.updated_at,
            "time_zone": d.time_zone,
            "language": d.language,
            "encoding": d.encoding,
            "word_count": d.word_count,
            "body": d.body,
            "boilerplate": "\n".join(_with_reasons(d)) or None,
            "run_id": run_id,
            "loaded_at": loaded_at,
        }
        for d in documents
    ]
    return pl.DataFrame(rows, schema=DOCUMENTS_SCHEMA)


def dim_actors(extractions: Sequence[Extraction]) -> pl.DataFrame:
    """One row per actor id; the first canonical spelling seen wins (ids already agree)."""
    rows = [
        {"actor_id": a.actor_id, "canonical_name": a.canonical_name, "actor_type": a.actor_type, "document_scoped": a.document_scoped}
        for e in extractions
        for a in e.actors
    ]
    return pl.DataFrame(rows, schema=ACTORS_SCHEMA).unique("actor_id", keep="first", maintain_order=True)


def dim_actor_aliases(extractions: Sequence[Extraction]) -> pl.DataFrame:
    rows = [{"actor_id": a.actor_id, "alias": alias} for e in extractions for a in e.actors for alias in sorted(a.aliases)]
    return pl.DataFrame(rows, schema=ALIASES_SCHEMA).unique(maintain_order=True)


def fact_actors(extractions: Sequence[Extraction]) -> pl.DataFrame:
    rows = [
        {
            "document_id": e.document_id,
            "actor_id": a.actor_id,
            "mention_count": a.mention_count,
            "role": a.role,
            "aliases": "; ".join(sorted(a.aliases)),
            "actor_type": a.actor_type,
        }
        for e in extractions
        for a in e.actors
    ]
    return pl.DataFrame(rows, schema=FACT_ACTORS_SCHEMA)


def fact_statements(extractions: Sequence[Extraction]) -> pl.DataFrame:
    rows = [
        {
            "statement_id": s.statement_id,
            "document_id": e.document_id,
            "kind": s.kind,
            "content": s.content,
            "speaker_text": s.speaker_text,
            "speaker_actor_id": s.speaker_actor_id,
            "verb": s.verb,
            "start_offset": s.start,
            "end_offset": s.end,
            "sentence_index": s.sentence_index,
            "paragraph_index": s.paragraph_index,
            "confidence": s.confidence,
        }
        for e in extractions
        for s in e.statements
    ]
    return pl.DataFrame(rows, schema=STATEMENTS_SCHEMA)


def fact_figures(
    extractions: Sequence[Extraction],
    published: Mapping[str, date | None] | None = None,
    loaded: date | None = None,
    base_currency: str = "USD",
) -> pl.DataFrame:
    """One row per figure; ``published`` (document_id -> publication date) resolves relative periods and,
    with ``loaded`` (the load date), dates the exchange rate that puts money in ``base_currency``."""
    published = published or {}
    loaded = loaded or date.today()
    rows = [
        {
            "figure_id": f.figure_id,
            "document_id": e.document_id,
            "value": f.value,
            "value_high": f.value_high,
            "unit": f.unit,
            "measure": f.measure,
            "qualifier": f.qualifier,
            "measure_key": f.measure_key,
            "figure_kind": f.figure_kind,
            "per_unit": f.per_unit,
            "period": f.period,
            **(period := dict(zip(("period_start", "period_end"), resolve_period(f.period, published.get(e.document_id)), strict=True))),
            **_base(f, period["period_end"], published.get(e.document_id), loaded, base_currency),
            "source_actor_id": f.source_actor_id,
            "surface": f.surface,
            "start_offset": f.start,
            "end_offset": f.end,
            "sentence_index": f.sentence_index,
        }
        for e in extractions
        for f in e.figures
    ]
    return pl.DataFrame(rows, schema=FIGURES_SCHEMA)


def _base(figure: Figure, period_end: date | None, published: date | None, loaded: date, base_currency: str) -> dict:
    """A figure's base columns: money converted to the reporting currency (``transforms/money.py``), physical
    quantities as extraction put them in SI units, nothing for the rest."""
    money = to_currency(figure.value, figure.unit, base_currency, period_end=period_end, published=published, loaded=loaded)
    if money is None:
        return {"base_value": figure.base_value, "base_unit": figure.base_unit, "base_rate_date": None, "base_rate_basis": None}
    return {"base_value": money.value, "base_unit": money.currency, "base_rate_date": money.rate_date, "base_rate_basis": money.basis}


def etl_line_shapes(documents: Sequence[Document]) -> pl.DataFrame:
    """One row per (document, source, line shape): what furniture is learned from (``transforms/reading/learned.py``)."""
    rows = [{"document_id": d.document_id, "source": d.source, "shape": shape} for d in documents for shape in sorted(d.line_shapes)]
    return pl.DataFrame(rows, schema=LINE_SHAPES_SCHEMA)


def build_tables(
    documents: Sequence[Document], extractions: Sequence[Extraction], run_id: str, loaded_at: datetime, base_currency: str = "USD"
) -> dict[str, pl.DataFrame]:
    """All table frames of one batch, keyed by warehouse table name (money in ``base_currency``)."""
    return {
        "dim_documents": dim_documents(documents, run_id, loaded_at),
        "dim_actors": dim_actors(extractions),
        "dim_actor_aliases": dim_actor_aliases(extractions),
        "fact_actors": fact_actors(extractions),
        "fact_statements": fact_statements(extractions),
        "fact_figures": fact_figures(
            extractions,
            {d.document_id: d.published_at.date() if d.published_at else None for d in documents},
            loaded_at.date(),
            base_currency,
        ),
        "etl_line_shapes": etl_line_shapes(documents),
    }
