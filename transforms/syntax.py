"""Helpers on spaCy's dependency parse shared by the extraction modules (statements, figures)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token


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
