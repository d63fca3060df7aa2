"""Records -> polars frames with the warehouse's column names and types.

One function per table, each callable on a handful of records in a test. The
frames carry exactly the columns of ``warehouse/schema.sql``; the loader
inserts them BY NAME.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from transforms.records import Document, Extraction

DOCUMENTS_SCHEMA = {
    "document_id": pl.Utf8,
    "source": pl.Utf8,
    "source_path": pl.Utf8,
    "sha256": pl.Utf8,
    "title": pl.Utf8,
    "byline": pl.Utf8,
    "dateline": pl.Utf8,
    "outlet": pl.Utf8,
    "language": pl.Utf8,
    "encoding": pl.Utf8,
    "word_count": pl.Int32,
    "body": pl.Utf8,
    "boilerplate": pl.Utf8,
    "run_id": pl.Utf8,
    "loaded_at": pl.Datetime("us"),
}
ACTORS_SCHEMA = {"actor_id": pl.Utf8, "canonical_name": pl.Utf8, "actor_type": pl.Utf8}
ALIASES_SCHEMA = {"actor_id": pl.Utf8, "alias": pl.Utf8}
FACT_ACTORS_SCHEMA = {"document_id": pl.Utf8, "actor_id": pl.Utf8, "mention_count": pl.Int32, "role": pl.Utf8, "aliases": pl.Utf8}
STATEMENTS_SCHEMA = {
    "statement_id": pl.Utf8,
    "document_id": pl.Utf8,
    "kind": pl.Utf8,
    "content": pl.Utf8,
    "speaker_text": pl.Utf8,
    "speaker_actor_id": pl.Utf8,
    "verb": pl.Utf8,
    "start_offset": pl.Int32,
    "end_offset": pl.Int32,
    "sentence_index": pl.Int32,
    "paragraph_index": pl.Int32,
    "confidence": pl.Float64,
}
FIGURES_SCHEMA = {
    "figure_id": pl.Utf8,
    "document_id": pl.Utf8,
    "value": pl.Float64,
    "value_high": pl.Float64,
    "unit": pl.Utf8,
    "measure": pl.Utf8,
    "qualifier": pl.Utf8,
    "period": pl.Utf8,
    "source_actor_id": pl.Utf8,
    "surface": pl.Utf8,
    "start_offset": pl.Int32,
    "end_offset": pl.Int32,
    "sentence_index": pl.Int32,
}


def dim_documents(documents: Sequence[Document], run_id: str, loaded_at: datetime) -> pl.DataFrame:
    rows = [
        {
            "document_id": d.document_id,
            "source": d.source,
            "source_path": d.source_path,
            "sha256": d.sha256,
            "title": d.title,
            "byline": d.byline,
            "dateline": d.dateline,
            "outlet": d.outlet,
            "language": d.language,
            "encoding": d.encoding,
            "word_count": d.word_count,
            "body": d.body,
            "boilerplate": "\n".join(d.boilerplate) or None,
            "run_id": run_id,
            "loaded_at": loaded_at,
        }
        for d in documents
    ]
    return pl.DataFrame(rows, schema=DOCUMENTS_SCHEMA)


def dim_actors(extractions: Sequence[Extraction]) -> pl.DataFrame:
    """One row per actor id; the first canonical spelling seen wins (ids already agree)."""
    rows = [{"actor_id": a.actor_id, "canonical_name": a.canonical_name, "actor_type": a.actor_type} for e in extractions for a in e.actors]
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


def fact_figures(extractions: Sequence[Extraction]) -> pl.DataFrame:
    rows = [
        {
            "figure_id": f.figure_id,
            "document_id": e.document_id,
            "value": f.value,
            "value_high": f.value_high,
            "unit": f.unit,
            "measure": f.measure,
            "qualifier": f.qualifier,
            "period": f.period,
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


def build_tables(
    documents: Sequence[Document], extractions: Sequence[Extraction], run_id: str, loaded_at: datetime
) -> dict[str, pl.DataFrame]:
    """All table frames of one batch, keyed by warehouse table name."""
    return {
        "dim_documents": dim_documents(documents, run_id, loaded_at),
        "dim_actors": dim_actors(extractions),
        "dim_actor_aliases": dim_actor_aliases(extractions),
        "fact_actors": fact_actors(extractions),
        "fact_statements": fact_statements(extractions),
        "fact_figures": fact_figures(extractions),
    }
