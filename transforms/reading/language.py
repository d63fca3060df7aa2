"""Is this English? The article's language, and lines of another language on an English page (moderation notices and the like).

py3langid decides, except where English function words settle it without asking.
"""

from __future__ import annotations

import re

from transforms.reading.credits import parse_byline

_WORD = re.compile(r"[^\W\d_]+", re.U)

# English function words: a line where they are common is English without asking langid.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "was",
        "that",
        "for",
        "on",
        "it",
        "with",
        "as",
        "by",
        "at",
        "from",
        "be",
        "have",
        "has",
        "had",
        "are",
        "were",
        "will",
        "would",
        "said",
        "says",
        "not",
        "this",
        "but",
        "an",
        "or",
        "they",
        "he",
        "she",
        "we",
        "his",
        "her",
        "their",
        "its",
        "which",
        "who",
        "been",
    ]
)


def load_language_model() -> None:
    """Load langid's model now (it loads on first use, ~0.7 s): lets a run do it ahead, off its critical path."""
    import py3langid

    py3langid.rank("a warm-up line")


def is_foreign_language(line: str) -> bool:
    """True when a line of prose is clearly not English (moderation notices and the like)."""
    words = _WORD.findall(line.lower())
    if len(words) < 6 or sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, words)) >= 0.2 * len(words):
        return False
    if parse_byline(line) is not None:
        return False
    import py3langid

    ranked = py3langid.rank(line)
    lang, top = ranked[0]
    if lang == "en":
        return False
    # langid is noisy on short lines: ask for a clear margin over English.
    en_score = dict(ranked).get("en")
    return en_score is None or top - en_score >= 30


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid).

    A thousand characters decide the language; langid's cost grows with the text.
    Prose where a quarter of the words are English function words ("the", "of",
    "said"; English runs near 35%, the other European languages we tried near 10%) is English
    without asking langid: that skips a millisecond for most articles."""
    sample = text[:1000]
    words = _WORD.findall(sample.lower())
    if len(words) >= 40 and sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, words)) >= 0.25 * len(words):
        return "en"
    import py3langid

    lang, _ = py3langid.classify(sample)
    return lang


