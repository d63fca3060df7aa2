"""Per-document limits: what one article may cost, so one hostile file never sinks a run.

A news article is a few thousand words. A file far past that, a "sentence" of thousands
of tokens or a page of quote marks is not an article, and the quadratic parts of
attribution would spend minutes and gigabytes on it. Each limit names its setting in the
rejection reason, so a user who does have such texts knows what to raise.
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

QUOTE_MARKS = frozenset('"“”«»„')


class OverLimit(ValueError):
    """A document is over one of its limits; the message is the rejection reason."""


@dataclass(frozen=True)
class DocumentLimits:
    """The limits a document must stay within (Settings fill them from NEWSFACTS_* variables)."""

    max_chars: int = 100_000
    max_quote_marks: int = 2_000
    max_sentence_tokens: int = 1_000
    seconds: float = 10.0

    # A page may carry furniture around its article: reading (before the body is known) stops
    # at this many times the article limit, which bounds the cost of reading a file.
    PAGE_FACTOR = 4

    def check_page(self, text: str) -> None:
        """Before reading: the whole decoded page, furniture included."""
        limit = self.max_chars * self.PAGE_FACTOR
        if self.max_chars and len(text) > limit:
            raise OverLimit(
                f"page text is {len(text):,} characters, over the {limit:,}-character page limit "
                f"({self.PAGE_FACTOR} x NEWSFACTS_MAX_DOCUMENT_CHARS)"
            )

    def check_text(self, text: str) -> None:
        """Before parsing: the article body's length and quote marks."""
        if self.max_chars and len(text) > self.max_chars:
            raise OverLimit(
                f"article text is {len(text):,} characters, over the {self.max_chars:,}-character limit (NEWSFACTS_MAX_DOCUMENT_CHARS)"
            )
        quotes = sum(text.count(mark) for mark in QUOTE_MARKS)
        if self.max_quote_marks and quotes > self.max_quote_marks:
            raise OverLimit(f"article has {quotes:,} quote marks, over the {self.max_quote_marks:,} limit (NEWSFACTS_MAX_QUOTE_MARKS)")

    def check_sentences(self, sentence_lengths: Iterator[int]) -> None:
        """After parsing: no sentence longer than ``max_sentence_tokens`` tokens."""
        if not self.max_sentence_tokens:
            return
        longest = max(sentence_lengths, default=0)
        if longest > self.max_sentence_tokens:
            raise OverLimit(
                f"a sentence of {longest:,} tokens, over the {self.max_sentence_tokens:,}-token limit (NEWSFACTS_MAX_SENTENCE_TOKENS)"
            )

    def timeout_reason(self, seconds: float | None = None) -> str:
        return f"extraction took over {seconds or self.seconds:g} s, the per-document time limit (NEWSFACTS_DOCUMENT_SECONDS)"


class DeadlineExceeded(Exception):  # noqa: N818 - reads as what happened
    """Raised inside the thread whose deadline passed (see ``deadline``)."""


class _Watchdog:
    """One thread per process that raises DeadlineExceeded in threads whose deadline passed.

    One long-lived thread, started on first use (before a document's memory is taken):
    a thread per document would cost a thread start each, and could not start at all in
    a worker near its memory ceiling."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # token -> (monotonic deadline, thread id)
        self._next_token = 0
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="newsfacts-deadlines", daemon=True)
                self._thread.start()
            self._next_token += 1
            self._armed[self._next_token] = (time.monotonic() + seconds, threading.get_ident())
            self._cond.notify()
            return self._next_token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._armed.pop(token, None)

    def _watch(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for token, (when, thread_id) in list(self._armed.items()):
                    if when <= now:
                        del self._armed[token]
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(DeadlineExceeded))
                earliest = min((when for when, _ in self._armed.values()), default=None)
                self._cond.wait(None if earliest is None else max(0.0, earliest - now))


_watchdog = _Watchdog()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise DeadlineExceeded in this thread if the block runs longer than ``seconds``.

    The watchdog raises the exception asynchronously in the calling thread (CPython's
    PyThreadState_SetAsyncExc), so it works in any thread, not only the main one as
    SIGALRM would. It lands at the next Python bytecode: the rules are Python, and a
    single spaCy call is bounded by the character and sentence limits."""
    if not seconds or seconds <= 0:
        yield
        return
    token = _watchdog.arm(seconds)
    try:
        yield
    finally:
        _watchdog.disarm(token)
