"""One article as loaded, for a person to check its facts against it (``newsfacts show``).

``document_facts`` reads the document and its rows from the warehouse; ``render_html`` draws the
body with every statement, figure and actor mention marked where it is (in the spirit of
displaCy's entity view) and the rows listed beside it; ``render_terminal`` prints the same on a
terminal. The HTML page is self-contained: no script, stylesheet or font from anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb

from warehouse.connection import records


@dataclass
class DocumentFacts:
    document_id: str
    source: str
    source_path: str
    meta: dict  # title, byline, dateline, outlet, published_at, updated_at, time_zone
    body: str
    boilerplate: str | None
    statements: list[dict] = field(default_factory=list)  # start, end, kind, speaker, speaker_text, speaker_type, content
    figures: list[dict] = field(default_factory=list)  # start, end, surface, value, unit, measure, kind, qualifier, period, base, source
    actors: list[dict] = field(default_factory=list)  # name, type, role, mentions, aliases


def find_documents(con: duckdb.DuckDBPyConnection, ref: str) -> list[tuple[str, str, str]]:
    """(document_id, source, source_path) of the documents ``ref`` names: an id, a path, or the end of a path."""
    return con.execute(
        """SELECT document_id, source, source_path FROM dim_documents
           WHERE document_id = $1 OR source_path = $1 OR source_path LIKE '%/' || $1 ORDER BY source, source_path""",
        [ref],
    ).fetchall()


def document_facts(con: duckdb.DuckDBPyConnection, document_id: str) -> DocumentFacts:
    """The document and every row the warehouse holds about it."""

    def rows(sql: str) -> list[dict]:
        return records(con, sql, [document_id])

    (doc,) = rows(
        """SELECT source, source_path, title, byline, dateline, outlet, published_at, updated_at, time_zone, body, boilerplate
           FROM dim_documents WHERE document_id = ?"""
    )
    return DocumentFacts(
        document_id=document_id,
        source=doc.pop("source"),
        source_path=doc.pop("source_path"),
        body=doc.pop("body"),
        boilerplate=doc.pop("boilerplate"),
        meta=doc,
        statements=rows(
            """SELECT s.start_offset AS start, s.end_offset AS "end", s.kind, coalesce(a.canonical_name, s.speaker_text) AS speaker,
                      s.speaker_text, a.actor_type AS speaker_type, s.content,
                      (SELECT string_agg(o.source_path || coalesce(' (' || o.speaker || ')', ''), '; ' ORDER BY o.source_path)
                       FROM v_quote_statements o WHERE o.quote_id = s.quote_id AND o.document_id <> s.document_id) AS also_in
               FROM fact_statements s LEFT JOIN dim_actors a ON a.actor_id = s.speaker_actor_id
               WHERE s.document_id = ? ORDER BY s.start_offset"""
        ),
        figures=rows(
            """SELECT f.start_offset AS start, f.end_offset AS "end", f.surface, f.value, f.unit, f.measure, f.figure_kind AS kind,
                      f.qualifier, f.period, f.base_value, f.base_unit, a.canonical_name AS source
               FROM fact_figures f LEFT JOIN dim_actors a ON a.actor_id = f.source_actor_id
               WHERE f.document_id = ? ORDER BY f.start_offset"""
        ),
        actors=rows(
            """SELECT a.canonical_name AS name, a.actor_type AS type, fa.role, fa.mention_count AS mentions, fa.aliases
               FROM fact_actors fa JOIN dim_actors a ON a.actor_id = fa.actor_id
               WHERE fa.document_id = ? ORDER BY fa.mention_count DESC, a.canonical_name"""
        ),
    )


def actor_spans(body: str, actors: list[dict]) -> list[tuple[int, int, int]]:
    """(start, end, actor index) of each whole-word occurrence of an actor's names in the body.

    The warehouse keeps which names a document used for an actor, not where: they are found
    again here, longest name first, so 'Jane Roe' is one mark rather than 'Roe' inside it."""
    names = sorted(
        ((alias, i) for i, a in enumerate(actors) for alias in {a["name"], *(a["aliases"] or "").split("; ")} if len(alias) > 1),
        key=lambda x: -len(x[0]),
    )
    taken = [False] * len(body)
    spans = []
    for alias, i in names:
        for m in _whole_words(body, alias):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end(), i))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return sorted(spans)


def speaker_spans(body: str, statements: list[dict]) -> list[tuple[int, int, int]]:
    """(start, end, statement number) of each statement's speaker as written, where the text names it.

    The warehouse keeps the speaker's words, not where they are: the occurrence nearest the statement
    (within 300 characters, outside its content) is taken to be the one that introduced it."""
    found = []
    for n, s in enumerate(statements, 1):
        words = (s.get("speaker_text") or "").strip()
        if len(words) < 2:
            continue

        def distance(m: re.Match, s: dict = s) -> int:
            return min(abs(m.start() - s["end"]), abs(s["start"] - m.end()))

        near = [m for m in _whole_words(body, words) if not (s["start"] <= m.start() < s["end"]) and distance(m) <= 300]
        if near:
            m = min(near, key=distance)
            found.append((m.start(), m.end(), n))
    return found


def _whole_words(body: str, words: str) -> Iterator[re.Match]:
    """Each occurrence of ``words`` in the body not inside a longer word."""
    return re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", body)


_STYLE = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
.page { display: flex; gap: 2em; align-items: flex-start; } .article { flex: 3; max-width: 46em; line-height: 1.6; } .facts { flex: 2; }
h1 { font-size: 1.4em; } h2 { font-size: 1.05em; border-bottom: 1px solid #ddd; margin-top: 1.4em; }
.meta { color: #555; font-size: .92em; } table { border-collapse: collapse; font-size: .88em; width: 100%; }
td, th { border: 1px solid #ddd; padding: .2em .4em; text-align: left; vertical-align: top; }
.st { background: #fff3b0; } .fig { background: #b8e0ff; border-bottom: 2px solid #2277cc; font-weight: bold; }
.act { border-bottom: 2px solid #8a4dd6; } .legend span { margin-right: 1em; padding: 0 .3em; }
.spk { outline: 2px solid #d35400; border-radius: 2px; } a.to { color: inherit; text-decoration: none; }
sup { color: #996f00; font-size: .7em; } .dim { color: #777; } pre { white-space: pre-wrap; font-size: .85em; color: #666; }
"""


def render_html(facts: DocumentFacts) -> str:
    """The article with its marks, and beside it the statements, figures and actors: one self-contained page."""
    e = html.escape
    meta = facts.meta
    shown = [(k, meta.get(k)) for k in ("byline", "dateline", "outlet", "published_at", "updated_at", "time_zone")]
    header = " · ".join(f"{k.replace('_at', '')}: {e(str(v))}" for k, v in shown if v is not None) or "no byline, dateline, outlet or time"
    mentions = actor_spans(facts.body, facts.actors)  # found once: marked in the text, linked from the table
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(meta.get('title') or facts.document_id)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(meta.get('title') or '(no headline)')}</h1>",
        f"<p class='meta'>{header}<br>{e(facts.source)}/{e(facts.source_path)} · document <code>{e(facts.document_id)}</code></p>",
        "<p class='legend'><span class='st'>statement</span><span class='spk'>its speaker (links to the statement)</span>"
        "<span class='fig'>figure</span><span class='act'>actor</span></p>",
        "<div class='page'><div class='article'>",
        _marked_body(facts, mentions),
        "</div><div class='facts'>",
        _statement_table(facts),
        _figure_table(facts),
        _actor_table(facts, mentions),
        "</div></div>",
    ]
    if facts.boilerplate:
        parts.append(f"<h2>Stripped from the page</h2><pre>{e(facts.boilerplate)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


@dataclass(frozen=True)
class _Mark:
    """A span of the body drawn with a class and a tooltip; ``anchor``: an id its first piece carries;
    ``href``: where a click on it leads (a row of the tables beside the text)."""

    start: int
    end: int
    cls: str
    tip: str
    anchor: str | None = None
    href: str | None = None


def _marks(facts: DocumentFacts, mentions: list[tuple[int, int, int]]) -> list[_Mark]:
    """Every mark of the body: statements, their speakers, figures, actor mentions (numbered per actor)."""
    marks = [
        _Mark(s["start"], s["end"], f"st st{n}", f"statement {n} ({s['kind']}): {s['speaker'] or 'no speaker'}")
        for n, s in enumerate(facts.statements, 1)
    ]
    marks += [
        _Mark(a, b, "spk", f"speaker of statement {n}: {facts.statements[n - 1]['speaker'] or 'no actor'}", href=f"#st{n}")
        for a, b, n in speaker_spans(facts.body, facts.statements)
    ]
    for f in facts.figures:
        tip = f"figure: {_value(f['value'])} {f['unit'] or ''} · {f['measure'] or 'no measure'} · {f['kind']}"
        marks.append(_Mark(f["start"], f["end"], "fig", tip + f" · source {f['source'] or 'none'}"))
    seen: dict[int, int] = {}
    for start, end, i in mentions:
        a, seen[i] = facts.actors[i], seen.get(i, 0) + 1
        tip = f"actor: {a['name']} ({a['type']})" + (f", {a['role']}" if a["role"] else "")
        marks.append(_Mark(start, end, "act", tip, anchor=f"a{i}-{seen[i]}"))
    return marks


def _marked_body(facts: DocumentFacts, mentions: list[tuple[int, int, int]]) -> str:
    """The body as paragraphs, each character inside the marks that cover it (marks may overlap)."""
    body, marks = facts.body, _marks(facts, mentions)
    starts = {s["start"]: n for n, s in enumerate(facts.statements, 1)}
    out = []
    for para in re.finditer(r"[^\n]+", body):  # one <p> per line of the body: a mark never crosses a tag
        lo, hi = para.span()
        cuts = sorted({lo, hi, *(p for m in marks for p in (m.start, m.end) if lo < p < hi)})
        pieces = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            text = html.escape(body[a:b])
            for m in (m for m in marks if m.start <= a and b <= m.end):
                if m.href:
                    text = f"<a class='to' href='{m.href}'>{text}</a>"
                anchor = f" id='{m.anchor}'" if m.anchor and a == m.start else ""
                text = f"<span class='{m.cls}'{anchor} title='{html.escape(m.tip, quote=True)}'>{text}</span>"
            pieces.append((f"<sup>[{starts[a]}]</sup>" if a in starts else "") + text)
        out.append("<p>" + "".join(pieces) + "</p>")
    return "\n".join(out)


def _statement_table(facts: DocumentFacts) -> str:
    e = html.escape
    rows = "".join(
        f"<tr id='st{n}'><td>{n}</td><td>{e(s['kind'])}</td><td>{e(s['speaker'] or 'NULL')}</td><td>{e(s['content'])}</td>"
        f"<td>{e(s['also_in'] or '')}</td></tr>"
        for n, s in enumerate(facts.statements, 1)
    )
    head = "<tr><th>#</th><th>kind</th><th>speaker</th><th>content</th><th>also carried by (speaker given there)</th></tr>"
    return f"<h2>Statements ({len(facts.statements)})</h2><table>{head}{rows}</table>"


_FIGURE_COLUMNS = ("surface", "value", "unit", "measure", "kind", "qualifier", "period", "base value", "source")


def _figure_cells(f: dict) -> tuple:
    """A figure's cells in _FIGURE_COLUMNS order, numbers written out in full."""
    base = f"{_value(f['base_value'])} {f['base_unit']}" if f.get("base_value") is not None else None
    return f["surface"], _value(f["value"]), f["unit"], f["measure"], f["kind"], f.get("qualifier"), f.get("period"), base, f["source"]


def _figure_table(facts: DocumentFacts) -> str:
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(cell or 'NULL')}</td>" for cell in _figure_cells(f)) + "</tr>" for f in facts.figures)
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in _FIGURE_COLUMNS) + "</tr>"
    return f"<h2>Figures ({len(facts.figures)})</h2><table>{head}{rows}</table>"


def _actor_table(facts: DocumentFacts, mentions: list[tuple[int, int, int]]) -> str:
    """The actors, each with links to its mentions in the text."""
    e = html.escape
    found: dict[int, int] = {}
    for _start, _end, i in mentions:
        found[i] = found.get(i, 0) + 1
    rows = "".join(
        f"<tr><td>{e(a['name'])}</td><td>{e(a['type'])}</td><td>{e(a['role'] or '')}</td><td>{a['mentions']}</td><td>"
        + " ".join(f"<a href='#a{i}-{k}'>{k}</a>" for k in range(1, found.get(i, 0) + 1))
        + "</td></tr>"
        for i, a in enumerate(facts.actors)
    )
    head = "<tr><th>actor</th><th>type</th><th>role</th><th>mentions</th><th>in the text</th></tr>"
    return f"<h2>Actors ({len(facts.actors)})</h2><table>{head}{rows}</table>"


def _value(value: float | None) -> str:
    """A number written out in full, as a reader writes it: 150,000,000 (not 1.5e+08), 2.75, 0.25."""
    if value is None:
        return "NULL"
    if value == int(value) and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def render_terminal(facts: DocumentFacts) -> None:
    """The same on a terminal: statements reversed, figures underlined, then the tables."""
    from rich.console import Console
    from rich.table import Table

    from flows.terminal import same_length, text

    console = Console(highlight=False)
    console.print(text(facts.meta.get("title") or "(no headline)", "bold"))
    shown = [(k, facts.meta.get(k)) for k in ("byline", "dateline", "outlet", "published_at", "updated_at", "time_zone")]
    console.print(text("  ".join(f"{k}: {v}" for k, v in shown if v is not None) or "no byline, dateline, outlet or time on the page"))
    console.print(text(f"{facts.source}/{facts.source_path}  (document {facts.document_id})", "dim"))
    marked = text(same_length(facts.body), keep_newlines=True)  # same length: the offsets below still hold
    for s in facts.statements:
        marked.stylize("reverse", s["start"], s["end"])
    for f in facts.figures:
        marked.stylize("bold underline", f["start"], f["end"])
    console.print(text("\nbody (statements reversed, figures underlined):", "dim", keep_newlines=True))
    console.print(marked)
    carried = any(s["also_in"] for s in facts.statements)  # the column only where another document carries a quote
    table = Table("#", "kind", "speaker", "content", *(["also carried by"] if carried else []), title="statements", title_justify="left")
    for n, s in enumerate(facts.statements, 1):
        cells = [text(n), text(s["kind"]), text(s["speaker"]), text(s["content"])]
        table.add_row(*cells, *([text(s["also_in"] or "")] if carried else []))
    console.print(table)
    table = Table(*_FIGURE_COLUMNS, title="figures", title_justify="left")
    for f in facts.figures:
        table.add_row(*(text(v) for v in _figure_cells(f)))
    console.print(table)
    table = Table("actor", "type", "role", "mentions", title="actors", title_justify="left")
    for a in facts.actors:
        table.add_row(text(a["name"]), text(a["type"]), text(a["role"] or ""), text(a["mentions"]))
    console.print(table)
    if facts.boilerplate:
        console.print(text("stripped from the page:", "dim"))
        console.print(text(facts.boilerplate, "dim", keep_newlines=True))
