"""One utterance, however an outlet printed it: when two statements report the same quote.

Outlets cut a quote, extend it, elide its middle, print it in other quotation marks or
spell a word otherwise. Two statements report one utterance when one of the ordered
``SAME_UTTERANCE`` rules holds for their words (quotation marks dropped, case and
accents folded, a possessive 's dropped). Each statement also gets ``quote_keys``: a
hash of every run of three content words. Any pair a rule joins shares a key (the
near-verbatim rule asks for one outright), so a warehouse index of keys finds every
candidate without comparing all pairs (``warehouse/quotes.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from transforms.gazetteer import fold
from transforms.lexicon import FUNCTION_WORDS

MIN_CUT_WORDS = 6  # a cut quote must keep this many words: shorter pieces ('the city council') recur by chance
MIN_SENTENCE_CONTENT_WORDS = 5  # a cut this long is a sentence's worth of speech, however long the full quote
MIN_CUT_CONTENT_WORDS = 6  # a cut quote printed with a word changed must keep this many content words
NEAR_VERBATIM_DICE = 0.7  # content-word Dice of two versions of one quote with a word or two changed
PARAPHRASE_DICE = 0.85  # reported speech that quotes no words joins only when nearly word for word
MIN_NEAR_VERBATIM_WORDS = 6  # a slogan of four or five words recurs inside titles and other quotes; Dice on fewer is chance
MIN_SAME_WORDS = 5  # 'the city council', 'we will see': shorter word-for-word repeats are chance
KEY_WORDS = 3  # a key is a run of this many content words
CUT_SHARE = 0.8  # share of a cut quote's keys the fuller version must have

_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|\u2026|\[\s*\.\.\.\s*\]")
_WORD = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True)
class QuoteText:
    """A statement's words as quotes are compared: the pieces an ellipsis leaves, each a tuple of words."""

    pieces: tuple[tuple[str, ...], ...]
    quoted: bool = True  # the speaker's own words (a direct quote, or the quoted words of reported speech)
    words: tuple[str, ...] = field(init=False)
    content: tuple[str, ...] = field(init=False)  # content words in order

    def __post_init__(self) -> None:
        words = tuple(w for piece in self.pieces for w in piece)
        object.__setattr__(self, "words", words)
        object.__setattr__(self, "content", tuple(w for w in words if w not in FUNCTION_WORDS))

    @cached_property
    def content_set(self) -> frozenset[str]:
        return frozenset(self.content)

    @cached_property
    def keys(self) -> frozenset[int]:
        """``quote_keys`` of this text, computed once: every comparison of a pair reads them."""
        return quote_keys(self)


def _fold(text: str) -> str:
    """Case and accents folded (``gazetteer.fold``), curly and back apostrophes made straight."""
    return fold(text).replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


_CONTRACTIONS = (("won't", "will not"), ("can't", "can not"), ("n't", " not"), ("'re", " are"), ("'m", " am"),
                 ("'ll", " will"), ("'ve", " have"))


def _words(piece: str) -> tuple[str, ...]:
    """Words of a piece: contractions spelt out ('we're' = 'we are'), a possessive 's dropped, quotation marks dropped."""
    out = []
    for w in _WORD.findall(piece.replace("''", " ")):
        for short, full in _CONTRACTIONS:
            w = w.replace(short, full)
        out.extend(x for x in w.removesuffix("'s").split() if x != "_")
    return tuple(out)


_OPENING = {'"': '"', "''": "''", "\u201c": "\u201d", "\u2018": "\u2019"}
_MARK = re.compile("''|[\"\u201c\u201d\u2018\u2019]")


def quoted_parts(content: str) -> list[str]:
    """The words a statement's content puts inside quotation marks ('he said it was "a disgrace"' -> ['a disgrace']).

    A mark opens at the start of a word and closes at its end; a curly single pair counts, an apostrophe does not.
    An opening mark never closed runs to the end; a closing mark never opened starts at the beginning."""
    parts, closing, opened = [], None, 0
    for m in _MARK.finditer(content):
        mark, at, end = m.group(), m.start(), m.end()
        before = content[at - 1] if at else " "
        after = content[end] if end < len(content) else " "
        if closing is not None:
            if (mark == closing or {mark, closing} == {'"', "\u201d"}) and not after.isalnum():
                parts.append(content[opened:at])
                closing = None
            continue
        if mark in _OPENING and not before.isalnum() and not after.isspace():
            closing, opened = _OPENING[mark], end
        elif mark in ('"', "\u201d", "''") and not parts and not before.isspace():  # closing a quote opened before the content
            parts.append(content[:at])
    if closing is not None:
        parts.append(content[opened:])
    return [p for p in parts if p.strip()]


def quote_text(content: str, kind: str = "direct") -> QuoteText:
    """A statement's content read for comparison; an ellipsis splits it into pieces. Reported speech that quotes
    the speaker's words is read for those words alone (the rest is the reporter's); a direct quote is read whole
    (a quote inside it is part of what was said)."""
    quoted = quoted_parts(content) if kind == "indirect" else [content]
    pieces = tuple(p for part in quoted or [content] for p in (_words(x) for x in _ELLIPSIS.split(_fold(part))) if p)
    return QuoteText(pieces, quoted=bool(quoted))


def quote_keys(text: QuoteText) -> frozenset[int]:
    """Every run of KEY_WORDS content words within a piece, and the whole text, each hashed to a signed 64-bit
    integer (stable across processes)."""
    keys = {_key("=" + " ".join(text.words))} if len(text.words) >= MIN_SAME_WORDS else set()  # the_same_words' key
    for piece in text.pieces:
        c = [w for w in piece if w not in FUNCTION_WORDS]
        keys.update(_key(" ".join(c[i : i + KEY_WORDS])) for i in range(len(c) - KEY_WORDS + 1))
    return frozenset(keys)


def _key(run: str) -> int:
    return int.from_bytes(hashlib.blake2b(run.encode(), digest_size=8).digest(), "big", signed=True)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


# ----------------------------------------------------------------------- the rules


def a_cut_quote(a: QuoteText, b: QuoteText) -> bool:
    """One prints the other's words whole, in order, cut short or extended ('It's going to be useless' / 'And it's
    going to be useless, he said'): the shorter has MIN_CUT_WORDS words, KEY_WORDS of them content words."""
    shorter, longer = sorted((a, b), key=lambda t: (len(t.words), t.words))
    return (
        a.quoted
        and b.quoted
        and len(shorter.pieces) == 1
        and len(shorter.words) >= MIN_CUT_WORDS
        and len(shorter.content) >= KEY_WORDS
        and _substantial(shorter, longer)
        and _contains(longer.words, shorter.words)
    )


def _substantial(shorter: QuoteText, longer: QuoteText) -> bool:
    """A cut is the quote when it is a sentence's worth of speech or most of the longer version: a phrase inside a
    long quote ('for the former secretary of state') is a phrase, and two quotes sharing it are not one."""
    return len(shorter.content) >= MIN_SENTENCE_CONTENT_WORDS or 2 * len(shorter.words) >= len(longer.words)


def a_reworded_cut(a: QuoteText, b: QuoteText) -> bool:
    """A long quote cut and printed with a word changed, repeated or punctuated otherwise, or with a gap marked by an
    ellipsis: nearly all the shorter's runs of three content words (none spans an ellipsis) are in the other."""
    shorter, longer = sorted((a, b), key=lambda t: (len(t.content), t.words))
    if not (a.quoted and b.quoted) or len(shorter.content) < MIN_CUT_CONTENT_WORDS:
        return False
    return len(shorter.keys & longer.keys) >= CUT_SHARE * len(shorter.keys)


def near_verbatim(a: QuoteText, b: QuoteText) -> bool:
    """Most content words are shared and some run of three is printed alike: a word changed, a clause moved."""
    if min(len(a.content_set), len(b.content_set)) < MIN_NEAR_VERBATIM_WORDS:
        return False
    shared = len(a.content_set & b.content_set)
    dice = 2 * shared / (len(a.content_set) + len(b.content_set))
    least = NEAR_VERBATIM_DICE if a.quoted and b.quoted else PARAPHRASE_DICE
    return dice >= least and bool(a.keys & b.keys)


def the_same_words(a: QuoteText, b: QuoteText) -> bool:
    """A short quote printed word for word ('I will not let you down.'): too few content words for the other rules."""
    return len(a.words) >= MIN_SAME_WORDS and a.words == b.words


SameUtterance = Callable[[QuoteText, QuoteText], bool]
SAME_UTTERANCE: tuple[SameUtterance, ...] = (the_same_words, a_cut_quote, a_reworded_cut, near_verbatim)


def same_utterance(a: QuoteText, b: QuoteText) -> bool:
    """Whether two statements report one utterance: the first rule of SAME_UTTERANCE that holds."""
    return any(rule(a, b) for rule in SAME_UTTERANCE)
