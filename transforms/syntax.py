"""Helpers on spaCy's dependency parse shared by the extraction modules (statements, figures)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

_SENTENCES = "newsfacts.sentences"
_TEXT = "newsfacts.text"
_ENTS = "newsfacts.ents"
_LOWER = "newsfacts.lower"


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


def word_ids(words: Iterable[str]) -> np.ndarray:
    """The string ids of lower-case words, for ``positions``."""
    return np.array(sorted({get_string_id(w) for w in words}), dtype=np.uint64)


def positions(doc: Doc, ids: np.ndarray) -> list[int]:
    """Indices of the tokens whose lower-case form is one of ``ids`` (``word_ids``), found on the Doc's
    array of lower-case forms, built once per Doc: a Python walk makes a Token object for every word."""
    lowers = doc.user_data.get(_LOWER)
    if lowers is None:
        lowers = doc.user_data[_LOWER] = doc.to_array([LOWER]).ravel()
    return np.flatnonzero(np.isin(lowers, ids)).tolist()


def _sentence_table(doc: Doc) -> tuple[list[Span], list[int]]:
    """(sentences, their first token indices), worked out once per Doc."""
    table = doc.user_data.get(_SENTENCES)
    if table is None:
        sents = list(doc.sents)
        table = doc.user_data[_SENTENCES] = (sents, [s.start for s in sents])
    return table


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, worked out once per Doc: spaCy walks every token of the document on
    each ``doc.sents`` and each ``token.sent``, which made sentence look-ups most of the rules' time."""
    return _sentence_table(doc)[0]


def sentence_index(tok: Token) -> int:
    """Index in ``sentences(tok.doc)`` of the sentence that holds ``tok``."""
    return bisect.bisect_right(_sentence_table(tok.doc)[1], tok.i) - 1


def sentence_of(tok: Token) -> Span:
    """The sentence that holds ``tok`` (what ``tok.sent`` gives, without walking the document)."""
    return sentences(tok.doc)[sentence_index(tok)]


def possessor(noun: Token) -> Token | None:
    """The owner a noun is given by a possessive ("Fifa's code", "the researchers' calculations"), not a pronoun."""
    return next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)


def origin(noun: Token, preps: tuple[str, ...] = ("from", "by", "of")) -> Token | None:
    """Whose or where from, by a preposition: 'figures from the ministry', 'a report by X' -> the object;
    or by the agent of a participle that says who made it: 'the research, carried out by X' -> X."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj
    for made in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_ in _MAKING_VERBS):
        agent = next((g for g in made.children if g.dep_ == "agent"), None)
        pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return pobj
    return None


# Participles that name a document's author: 'a study conducted by X', 'figures published by X'.
_MAKING_VERBS = frozenset("carry conduct publish compile produce write release issue prepare".split())


def grammatical_subject(verb: Token) -> Token | None:
    """The verb's own subject, active or passive ('profits rose', 'jobs were cut')."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_DASHES = frozenset({"-", "–", "—", "--"})


def past_dateline(subject: Token) -> Token:
    """The subject after a dateline the parser took for it: 'LONDON – Several thousand teachers marched'
    -> 'teachers' (the place opens the story; what follows the dash does the verb)."""
    doc = subject.doc
    if subject.ent_type_ in ("GPE", "LOC") and subject.i + 1 < len(doc) and doc[subject.i + 1].text in _DASHES:
        after = [c for c in subject.children if c.dep_ == "appos"] + [
            c for c in subject.head.children if c.dep_ in ("nsubj", "nsubjpass") and c is not subject
        ]
        return next((c for c in after if c.i > subject.i + 1), subject)
    return subject


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
            return past_dateline(found)
        if verb.dep_ in climb and verb.head is not verb:
            verb = verb.head
        else:
            return None
    return None
