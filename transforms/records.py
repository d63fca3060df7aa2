"""Plain-data contracts passed between pipeline stages.

Every stage takes and returns these dataclasses, so a rule can be tested on one
string without Prefect, polars or DuckDB. Offsets are character offsets into
``Document.body``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime


def stable_id(*parts: object, length: int = 16) -> str:
    """A deterministic id from its parts: re-runs produce identical keys."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


# Which type wins a tie between two readings of one name, in a document and across the warehouse:
# 'Acme' read once as a body and once as a person is a body.
TYPE_PREFERENCE = {"organization": 3, "person": 2, "location": 1, "group": 0}


def actor_key(name: str, scope: str | None = None) -> str:
    """Deterministic actor id from the canonical name alone: the same name is one actor in every
    document, whatever type a document's text gives it (the warehouse keeps the type its documents
    vote for: ``warehouse/identity.py: vote_actor_types``). A ``scope``d actor (a group named only by
    common nouns) is one of that document only."""
    from transforms.gazetteer import fold

    key = re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", "", fold(name))).strip()
    return stable_id("actor", key) if scope is None else stable_id("actor", key, scope)


def document_id_for(sha256: str) -> str:
    """A document is its content: the same bytes under any name are one document."""
    return stable_id("doc", sha256)


@dataclass(frozen=True)
class SourceFile:
    """A file found under the input folder (before it is read)."""

    path: str  # absolute path
    rel_path: str  # path relative to the input folder, '/'-separated
    size: int
    sha256: str | None  # None when the file could not be hashed
    error: str | None = None  # why it cannot be read at all


@dataclass
class Document:
    """One article: its text split into metadata, body and boilerplate."""

    document_id: str
    source_path: str
    sha256: str
    encoding: str
    title: str | None
    byline: str | None
    dateline: str | None
    outlet: str | None
    body: str
    standfirst: str | None = None  # the deck under the headline: a summary, not part of the article
    boilerplate: list[str] = field(default_factory=list)  # the stripped lines, in page order
    boilerplate_reasons: list[str] = field(default_factory=list)  # why each was stripped ("shape: date stamp")
    language: str = "en"
    published_at: datetime | None = None  # as the page's stamp prints it (its local time)
    updated_at: datetime | None = None
    time_zone: str | None = None  # the zone the stamps print ('EST', 'UTC'), None when none is printed
    line_shapes: frozenset[str] = frozenset()  # the page's learnable line shapes (transforms/reading/learned.py)
    source: str = "default"  # where the file came from (a run's --source, else its input folder's name)
    # other paths with identical content, recorded but not loaded twice
    duplicate_paths: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.body.split())


@dataclass
class Actor:
    """A canonical actor within one document, with its mentions folded in."""

    actor_id: str
    canonical_name: str
    actor_type: str  # person | organization | location | group
    aliases: set[str] = field(default_factory=set)
    mention_count: int = 0
    role: str | None = None
    gender: str | None = None  # 'm' | 'f' when the text tells
    first_offset: int = 0
    document_scoped: bool = False  # a group the text does not name ('officials'): one actor of this document only


@dataclass
class Statement:
    """Who said what: a direct quote or a reported clause."""

    statement_id: str
    kind: str  # direct | indirect
    content: str
    start: int
    end: int
    speaker_text: str | None
    speaker_actor_id: str | None
    verb: str | None
    sentence_index: int
    paragraph_index: int
    confidence: float


@dataclass
class Figure:
    """A reported number with what it measures."""

    figure_id: str
    value: float | None
    value_high: float | None  # upper bound of a range, else None
    unit: str | None
    measure: str | None
    qualifier: str  # exact | approximate | at_least | at_most
    period: str | None
    surface: str
    start: int
    end: int
    sentence_index: int
    source_actor_id: str | None = None
    measure_key: str | None = None  # grouping key of the measure (transforms/quantities.py)
    figure_kind: str = "level"  # level | change ('fell 3.4%' is a change, 'to $55.12' a level)
    per_unit: str | None = None  # the 'per' of a rate: '$55.12 per barrel' -> 'barrel'
    base_value: float | None = None  # a physical quantity in SI base units (pint)
    base_unit: str | None = None


@dataclass
class Extraction:
    """Everything extracted from one document."""

    document_id: str
    actors: list[Actor]
    statements: list[Statement]
    figures: list[Figure]


@dataclass
class Rejection:
    """A file that could not be loaded, with a reason a person understands."""

    rel_path: str
    sha256: str | None
    size: int
    reason: str
