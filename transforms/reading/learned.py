"""Furniture learned from a source's own pages: a line that recurs across enough of them is the site's, not the article's.

A line's *shape* is the line with its digits masked, spaces collapsed and case folded, so
"12 comments" and "3 comments", or two update stamps, are one shape. A shape carried by at
least ``MIN_DOCUMENTS`` documents of a source, and by at least ``MIN_SHARE`` of them, is
furniture wherever it appears in that source.

Syndicated copy repeats whole paragraphs and quotes across outlets, and a wire story can be
loaded many times: so a line that reads as a sentence of an article (eight words or more
ending like a sentence, or twenty-five words), carries a quotation mark, or runs past
``MAX_WORDS`` words has no shape and is never learned, however often it repeats.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transforms.reading.furniture import QUOTES, is_prose

MIN_DOCUMENTS = 3
MIN_SHARE = 0.2
MAX_WORDS = 20



def line_shape(line: str) -> str | None:
    """The learnable shape of a line ('Viewed # times'), or None for a line that is never learned."""
    text = " ".join(line.split())
    words = len(text.split())
    if not text or words > MAX_WORDS or QUOTES.search(text):
        return None
    if is_prose(text) or not re.search(r"[^\W\d_]", text):
        return None  # a sentence of an article; or no letters at all
    return re.sub(r"\d+", "#", text).casefold()


def page_shapes(lines: Iterable[str]) -> frozenset[str]:
    """The shapes of a page's lines (each once)."""
    return frozenset(shape for line in lines if (shape := line_shape(line)) is not None)


@dataclass(frozen=True)
class LearnedFurniture:
    """What one source's pages teach: how many documents carry each shape, out of how many.

    Called on a line, it gives the reason the line is furniture, or None."""

    documents: int = 0
    carriers: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, pages: Iterable[frozenset[str]]) -> LearnedFurniture:
        """From the shapes of each document of the source."""
        counts: dict[str, int] = {}
        documents = 0
        for shapes in pages:
            documents += 1
            for shape in shapes:
                counts[shape] = counts.get(shape, 0) + 1
        return cls(documents, counts)

    @property
    def threshold(self) -> int:
        """Documents a shape needs to be furniture: ``MIN_DOCUMENTS``, or ``MIN_SHARE`` of the source if more."""
        return max(MIN_DOCUMENTS, math.ceil(MIN_SHARE * self.documents))

    def known(self) -> dict[str, int]:
        """The shapes that are furniture, with the documents carrying each."""
        return {shape: n for shape, n in self.carriers.items() if n >= self.threshold}

    def __call__(self, line: str) -> str | None:
        shape = line_shape(line)
        n = self.carriers.get(shape, 0) if shape is not None else 0
        return f"repeats in {n} documents of this source" if n >= self.threshold else None
