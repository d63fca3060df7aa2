"""Quotes across documents: statements that report one utterance share a quote_id, and dim_quotes describes each.

After a run's loads, the statements without a quote (new ones, and those of a quote that lost a
statement since it was formed) are keyed (``transforms/quotes.py``: runs of three content words),
their candidates found through the key index ``etl_quote_keys`` in other documents only, and the
pairs ``same_utterance`` accepts joined, transitively, with the quotes already there. So a run
compares its new statements, never every pair, and one run or several give the same clusters.

Ids: a quote a new statement joins keeps its id; when a statement bridges two quotes, the smaller
id stays and every statement of the other is re-linked; a quote taken apart (a document replaced)
gives its old id to its largest piece; any other new quote takes a hash of its smallest statement
id. Only which statement first gave an id depends on the order documents were loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import polars as pl

from transforms.quotes import QuoteText, quote_text, same_utterance
from warehouse.connection import run

_KEYS_SCHEMA = {"key": pl.Int64, "statement_id": pl.Utf8, "document_id": pl.Utf8}


@dataclass(frozen=True)
class Linked:
    """What linking did: statements linked, pairs across documents the rules accepted, ids merged away, quotes taken apart."""

    statements: int
    pairs: int
    merged: int
    broken: int


def link_quotes(con: duckdb.DuckDBPyConnection) -> Linked:
    """Give every statement without a quote_id one (joining existing quotes), then rebuild dim_quotes."""
    run(con, "DELETE FROM etl_quote_keys WHERE statement_id NOT IN (SELECT statement_id FROM fact_statements)")
    broken = _broken_quotes(con)
    pending = con.execute(
        """SELECT statement_id, document_id, content, quote_id, kind FROM fact_statements
           WHERE quote_id IS NULL OR quote_id IN (SELECT quote_id FROM _broken) ORDER BY statement_id"""
    ).fetchall()
    texts = {sid: quote_text(content, kind) for sid, _, content, _, kind in pending}
    docs = {sid: doc for sid, doc, *_ in pending}
    was = {sid: qid for sid, _, _, qid, _ in pending if qid is not None}
    con.register("_pending_ids", pl.DataFrame({"statement_id": list(texts)}, schema={"statement_id": pl.Utf8}).to_arrow())
    try:
        _index(con, texts, docs)
        edges, others = _candidates(con, texts)
    finally:
        con.unregister("_pending_ids")
    forest = _Forest(texts)
    pairs = 0
    for a, b in edges:
        other = texts[b] if b in texts else others[b][0]
        if same_utterance(texts[a], other):
            forest.union(a, b if b in texts else ("quote", others[b][1]))
            pairs += 1
    assigned, merges = _ids(con, forest, was)
    _write(con, assigned, merges)
    rebuild_dim_quotes(con)
    run(con, "DROP TABLE IF EXISTS _broken")
    return Linked(len(texts), pairs, len(merges), len(broken))


def _broken_quotes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Quotes that lost a statement since dim_quotes was built (a document replaced or gone): they are linked again."""
    run(
        con,
        """CREATE OR REPLACE TEMP TABLE _broken AS
           SELECT q.quote_id FROM dim_quotes q
           LEFT JOIN (SELECT quote_id, count(*) AS n FROM fact_statements WHERE quote_id IS NOT NULL GROUP BY quote_id) s
                  USING (quote_id)
           WHERE coalesce(s.n, 0) <> q.statements""",
    )
    return [r[0] for r in con.execute("SELECT quote_id FROM _broken").fetchall()]


def _index(con: duckdb.DuckDBPyConnection, texts: dict[str, QuoteText], docs: dict[str, str]) -> None:
    """The pending statements' (``_pending_ids``) keys replace whatever the index held for them."""
    rows = [(key, sid, docs[sid]) for sid, text in texts.items() for key in text.keys]
    con.register("_pending_keys", pl.DataFrame(rows, schema=_KEYS_SCHEMA, orient="row").to_arrow())
    try:
        run(con, "BEGIN TRANSACTION")
        run(con, "DELETE FROM etl_quote_keys WHERE statement_id IN (SELECT statement_id FROM _pending_ids)")
        run(con, "INSERT INTO etl_quote_keys BY NAME SELECT * FROM _pending_keys")
        run(con, "COMMIT")
    finally:
        con.unregister("_pending_keys")


def _candidates(
    con: duckdb.DuckDBPyConnection, texts: dict[str, QuoteText]
) -> tuple[list[tuple[str, str]], dict[str, tuple[QuoteText, str]]]:
    """Pairs (pending statement, statement of another document) that share a key; the other side's text and quote
    when it already has one. A pair of two pending statements comes once."""
    rows = con.execute(
        """SELECT DISTINCT p.statement_id, k.statement_id FROM etl_quote_keys p
           JOIN etl_quote_keys k ON k.key = p.key AND k.document_id <> p.document_id
           WHERE p.statement_id IN (SELECT statement_id FROM _pending_ids)"""
    ).fetchall()
    edges = [(a, b) for a, b in rows if b not in texts or a < b]
    outside = sorted({b for _, b in edges if b not in texts})
    others: dict[str, tuple[QuoteText, str]] = {}
    if outside:
        con.register("_outside", pl.DataFrame({"statement_id": outside}).to_arrow())
        try:
            found = con.execute(
                """SELECT statement_id, content, kind, quote_id FROM fact_statements
                   WHERE statement_id IN (SELECT statement_id FROM _outside)"""
            ).fetchall()
        finally:
            con.unregister("_outside")
        others = {sid: (quote_text(content, kind), qid) for sid, content, kind, qid in found}
    return [(a, b) for a, b in edges if b in texts or b in others], others


Node = str | tuple[str, str]  # a pending statement's id, or ("quote", id) for a quote already formed


class _Forest:
    """Union-find over pending statements and existing quotes."""

    def __init__(self, statements: Iterable[str]) -> None:
        self.parent: dict[Node, Node] = {sid: sid for sid in statements}

    def find(self, node: Node) -> Node:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=str)] = min(ra, rb, key=str)

    def groups(self) -> list[list[Node]]:
        out: dict[Node, list[Node]] = {}
        for node in list(self.parent):
            out.setdefault(self.find(node), []).append(node)
        return list(out.values())


def _fresh_id(statement_id: str, taken: set[str]) -> str:
    salt = 0
    while True:
        qid = hashlib.blake2b(f"{statement_id}:{salt}".encode(), digest_size=8).hexdigest()
        if qid not in taken:
            return qid
        salt += 1


def _ids(con: duckdb.DuckDBPyConnection, forest: _Forest, was: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each pending statement's quote_id, and the existing ids merged into another (old -> new)."""
    taken = {r[0] for r in con.execute("SELECT quote_id FROM dim_quotes WHERE quote_id NOT IN (SELECT quote_id FROM _broken)").fetchall()}
    assigned: dict[str, str] = {}
    merges: dict[str, str] = {}
    fresh = []
    for group in forest.groups():
        statements = sorted(n for n in group if isinstance(n, str))
        quotes = sorted(n[1] for n in group if not isinstance(n, str))
        if quotes:
            assigned.update((sid, quotes[0]) for sid in statements)
            merges.update((q, quotes[0]) for q in quotes[1:])
        else:
            fresh.append(statements)
    for statements in sorted(fresh, key=lambda g: (-len(g), g[0])):  # a quote taken apart: its largest piece keeps the id
        hints = sorted({was[s] for s in statements if s in was} - taken)
        qid = hints[0] if hints else _fresh_id(statements[0], taken)
        taken.add(qid)
        assigned.update((sid, qid) for sid in statements)
    return assigned, merges


def _write(con: duckdb.DuckDBPyConnection, assigned: dict[str, str], merges: dict[str, str]) -> None:
    con.register("_assigned", pl.DataFrame({"statement_id": list(assigned), "quote_id": list(assigned.values())},
                                           schema={"statement_id": pl.Utf8, "quote_id": pl.Utf8}).to_arrow())
    con.register("_merges", pl.DataFrame({"old_id": list(merges), "new_id": list(merges.values())},
                                         schema={"old_id": pl.Utf8, "new_id": pl.Utf8}).to_arrow())
    try:
        run(con, "BEGIN TRANSACTION")
        run(con, "UPDATE fact_statements s SET quote_id = a.quote_id FROM _assigned a WHERE s.statement_id = a.statement_id")
        run(con, "UPDATE fact_statements s SET quote_id = m.new_id FROM _merges m WHERE s.quote_id = m.old_id")
        run(con, "COMMIT")
    finally:
        con.unregister("_assigned")
        con.unregister("_merges")


def rebuild_dim_quotes(con: duckdb.DuckDBPyConnection) -> None:
    """One row per quote_id from its statements and their documents (rebuilt whole: speakers and documents change
    under a quote when actors merge or documents go)."""
    run(con, "BEGIN TRANSACTION")
    run(con, "DELETE FROM dim_quotes")
    run(con, _DIM_QUOTES)
    run(con, "COMMIT")


_DIM_QUOTES = """
INSERT INTO dim_quotes BY NAME
WITH s AS (SELECT * FROM v_quote_statements WHERE quote_id IS NOT NULL),  -- given_speaker: as v_quote_conflicts reads it
fullest AS (
    SELECT quote_id, content AS text FROM s
    QUALIFY row_number() OVER (PARTITION BY quote_id ORDER BY kind = 'direct' DESC, length(content) DESC, content) = 1),
firsts AS (
    SELECT quote_id, document_id AS first_document_id, published_at AS first_published_at, outlet AS first_outlet,
           source AS first_source FROM s
    QUALIFY row_number() OVER (PARTITION BY quote_id ORDER BY published_at NULLS LAST, loaded_at, document_id) = 1),
lasts AS (
    SELECT quote_id, document_id AS last_document_id, published_at AS last_published_at FROM s
    QUALIFY row_number() OVER (PARTITION BY quote_id ORDER BY published_at DESC NULLS LAST, loaded_at DESC, document_id DESC) = 1),
votes AS (
    SELECT quote_id, speaker_actor_id, count(DISTINCT document_id) AS n FROM s WHERE speaker_actor_id IS NOT NULL GROUP BY ALL),
top AS (
    SELECT quote_id, speaker_actor_id, n AS speaker_documents FROM votes
    QUALIFY row_number() OVER (PARTITION BY quote_id ORDER BY n DESC, speaker_actor_id) = 1),
counts AS (
    SELECT quote_id, CASE WHEN bool_or(kind = 'direct') THEN 'direct' ELSE 'indirect' END AS kind, count(*) AS statements,
           count(DISTINCT document_id) AS documents, count(DISTINCT outlet) AS outlets, count(DISTINCT source) AS sources,
           count(DISTINCT given_speaker) AS speakers
    FROM s GROUP BY quote_id)
SELECT c.*, f.text, fi.first_document_id, fi.first_published_at, fi.first_outlet, fi.first_source, l.last_document_id,
       l.last_published_at, t.speaker_actor_id, coalesce(t.speaker_documents, 0) AS speaker_documents
FROM counts c JOIN fullest f USING (quote_id) JOIN firsts fi USING (quote_id) JOIN lasts l USING (quote_id)
LEFT JOIN top t USING (quote_id)
"""
