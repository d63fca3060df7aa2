"""Document -> Extraction: actors, statements and figures of one article.

``extract_parsed`` is pure given a parsed spaCy Doc; ``extract_batch`` parses a
batch with ``nlp.pipe`` and keeps going when one document fails (that document
comes back as an error string, the rest as extractions).
"""

from __future__ import annotations

import traceback
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from transforms.actors import ActorIndex, build_actors
from transforms.figures import extract_figures
from transforms.lexicon import DATA_NOUNS, REPORTING_VERBS
from transforms.limits import DeadlineExceeded, DocumentLimits, OverLimit, deadline
from transforms.nlp import load_pipeline
from transforms.records import Document, Extraction, Figure, Statement
from transforms.statements import extract_statements
from transforms.syntax import origin, possessor, sentences


def extract_parsed(document_id: str, doc: Doc) -> Extraction:
    """All extractions from one parsed article body."""
    index = build_actors(doc, document_id)
    statements = extract_statements(doc, index, document_id)
    figures = extract_figures(doc, document_id)
    for fig in figures:
        fig.source_actor_id = figure_source(doc, index, statements, fig)
    sent_starts = [s.start_char for s in sentences(doc)]
    for fig in figures:
        fig.sentence_index = _sentence_at(sent_starts, fig.start)
    actors = [a for a in index.actors.values() if a.mention_count > 0]
    return Extraction(document_id=document_id, actors=actors, statements=statements, figures=figures)


def _actor_of(index: ActorIndex, tok) -> str | None:  # noqa: ANN001 - a spaCy Token
    actor = index.actor_at(tok.i) or index.actor_in(tok.left_edge.i, tok.i + 1)
    return actor.actor_id if actor else None


def _source_of_verb(index: ActorIndex, verb) -> str | None:  # noqa: ANN001 - a spaCy Token
    """Who reports by ``verb``: its passive agent, its subject, or the owner or origin of a data subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None and (found := _actor_of(index, pobj)):
                return found
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subject = next((c for c in subjects if c.tag_ not in ("WDT", "WP")), None)  # 'which Acme claims': Acme
    if subject is None:
        return None
    if found := _actor_of(index, subject):
        return found
    owner = possessor(subject)
    if owner is not None and (found := _actor_of(index, owner)):
        return found  # "Fifa's code stipulates ..."
    source = origin(subject) if subject.lemma_.lower() in DATA_NOUNS else None
    return _actor_of(index, source) if source is not None else None  # 'figures from the ministry showed ...'


def figure_source(doc: Doc, index: ActorIndex, statements: list[Statement], fig: Figure) -> str | None:
    """Who gave a number: the speaker of the statement it sits in, else whoever reports it by a reporting verb
    above it ('X recorded', 'figures from X showed', "X's rules stipulate") or a participle on it ('announced by X')."""
    for st in statements:
        if st.start <= fig.start and fig.end <= st.end and st.speaker_actor_id:
            return st.speaker_actor_id
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for child in tok.children:  # '£7.4m ... announced by Chancellor Jane Roe'
        if child.dep_ == "acl" and child.lemma_.lower() in REPORTING_VERBS and (found := _source_of_verb(index, child)):
            return found
    came_from = tok
    for _ in range(7):  # up the clause: 'X stipulates that an offence should be followed by a six-month ban'
        if tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING_VERBS:
            if came_from.dep_ in ("nsubj", "nsubjpass") and came_from.head is tok:
                return None  # 'Two officials said ...': the number counts the speakers, nobody gave it
            return _source_of_verb(index, tok)
        if (found := _relative_claim(index, tok)) is not None:
            return found
        if tok.head is tok:
            return None
        came_from, tok = tok, tok.head
    return None


def _relative_claim(index: ActorIndex, verb) -> str | None:  # noqa: ANN001 - a spaCy Token
    """'..., which Acme claims is a 20% improvement': who claims, wherever the parser hangs the relative
    clause (on the copula as its clausal subject, or on the copula's subject)."""
    claims = [c for c in verb.children if c.dep_ == "csubj"]
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        claims += [c for c in subject.children if c.dep_ == "relcl"]
    for claim in claims:
        relative = any(c.tag_ in ("WDT", "WP") for c in claim.children if c.dep_ == "nsubj")
        if relative and claim.lemma_.lower() in REPORTING_VERBS and (found := _source_of_verb(index, claim)):
            return found
    return None


def _sentence_at(starts: list[int], offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, offset) - 1)


def extract_text(text: str, model: str, document_id: str = "test") -> Extraction:
    """Parse and extract one text: the entry point for tests and notebooks."""
    nlp = load_pipeline(model)
    return extract_parsed(document_id, nlp(text))


# What one nlp.pipe batch may hold. spaCy keeps a whole batch's Docs and their
# activations alive at once: memory grows ~3 KB per character of the batch. A count
# alone (32 documents) let ten 25 KB articles in a row take a worker from 400 MB to
# 1.1 GB. A character budget keeps each worker's peak near its model's footprint
# whatever the corpus holds; a document longer than the budget is parsed alone.
# Smaller batches cost CPU, though: on 473 BBC articles, parsed in turn in one process
# (chunks of 64, each under all three settings), a 20,000-character budget took 46.9 s
# of CPU, 40,000 took 43.0 s and 32 documents with no budget 43.2 s; the peak per
# worker was 283, 337 and (80,000) 466 MB.
PARSE_BATCH_DOCS = 32
PARSE_BATCH_CHARS = 40_000


def parse_batches(texts: Sequence[str], max_docs: int, max_chars: int) -> list[range]:
    """Consecutive index ranges of ``texts``: at most ``max_docs`` each, and at most ``max_chars``
    characters unless a single text is longer."""
    batches: list[range] = []
    start, chars = 0, 0
    for i, text in enumerate(texts):
        if i > start and (i - start >= max_docs or chars + len(text) > max_chars):
            batches.append(range(start, i))
            start, chars = i, 0
        chars += len(text)
    if start < len(texts):
        batches.append(range(start, len(texts)))
    return batches


def extract_batch(documents: Sequence[Document], model: str, limits: DocumentLimits | None = None) -> list[Extraction | str]:
    """Extract a batch; a failing document yields its reason instead of an Extraction.

    Documents are parsed a batch at a time (``nlp.pipe``); when the pipeline raises or
    overruns on a batch, that batch is parsed again document by document, so one
    document never costs the others their facts. Each document is held to ``limits``
    (time, sentence length) and rejected with the limit's name when over one."""
    limits = limits or DocumentLimits()
    nlp = load_pipeline(model)
    texts = [d.body for d in documents]
    results: list[Extraction | str] = []
    for batch in parse_batches(texts, PARSE_BATCH_DOCS, PARSE_BATCH_CHARS):
        try:
            with deadline(limits.seconds * len(batch)):
                parsed_docs: list[Doc | None] = list(nlp.pipe((texts[i] for i in batch), batch_size=len(batch)))
        except Exception:  # DeadlineExceeded too: the batch is retried one by one below
            parsed_docs = [None] * len(batch)
        for i, parsed in zip(batch, parsed_docs, strict=True):
            results.append(_extract_one(nlp, documents[i], parsed, limits))
    return results


def _extract_one(nlp: Language, document: Document, parsed: Doc | None, limits: DocumentLimits) -> Extraction | str:
    """One document's extraction within its limits, or the reason it has none."""
    try:
        with deadline(limits.seconds):
            if parsed is None:
                parsed = nlp(document.body)
            limits.check_sentences(len(sent) for sent in sentences(parsed))
            return extract_parsed(document.document_id, parsed)
    except DeadlineExceeded:
        return limits.timeout_reason()
    except OverLimit as exc:
        return str(exc)
    except MemoryError:
        return "the document needs more memory than the extraction process may use (NEWSFACTS_WORKER_MEMORY_MB)"
    except Exception as exc:  # one bad document must not sink the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return f"extraction failed: {type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
