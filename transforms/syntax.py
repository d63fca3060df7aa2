"""Helpers on spaCy's dependency parse shared by the extraction modules (statements, figures)."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

_SENTENCES = "newsfacts.sentences"
_TEXT = "newsfacts.text"
_ENTS = "newsfacts.ents"


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once per Doc (spaCy makes a new Span for every entity on each access)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = doc.ents
    return ents


def document_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text again on each access."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, worked out once per Doc: spaCy walks every token of the document on
    each ``doc.sents`` and each ``token.sent``, which made sentence look-ups most of the rules' time."""
    found = doc.user_data.get(_SENTENCES)
    if found is None:
        found = doc.user_data[_SENTENCES] = (list(doc.sents), [])
        found[1].extend(s.start for s in found[0])
    return found[0]


def sentence_index(tok: Token) -> int:
    """Index in ``sentences(tok.doc)`` of the sentence that holds ``tok``."""
    sentences(tok.doc)
    return bisect.bisect_right(tok.doc.user_data[_SENTENCES][1], tok.i) - 1


def sentence_of(tok: Token) -> Span:
    """The sentence that holds ``tok`` (what ``tok.sent`` gives, without walking the document)."""
    return sentences(tok.doc)[sentence_index(tok)]


def grammatical_subject(verb: Token) -> Token | None:
    """The verb's own subject, active or passive ('profits rose', 'jobs were cut')."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def subject_of(
    verb: Token,
    *,
    climb: tuple[str, ...] = ("conj", "xcomp"),
    verbs: int = 3,
    subject: Callable[[Token], Token | None] = grammatical_subject,
) -> Token | None:
    """The subject of ``verb``, else of the verb it hangs from by a ``climb`` relation, looking
    at ``verbs`` verbs at most: 'sales rose and then fell' -> 'sales' for 'fell'."""
    for _ in range(verbs):
        found = subject(verb)
        if found is not None:
            return found
        if verb.dep_ in climb and verb.head is not verb:
            verb = verb.head
        else:
            return None
    return None
