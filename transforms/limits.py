"""Per-document limits: what one article may cost, so one hostile file never sinks a run.

A news article is a few thousand words. A file far past that, a "sentence" of thousands
of tokens or a page of quote marks is not an article, and the quadratic parts of
attribution would spend minutes and gigabytes on it. Each limit names its setting in the
rejection reason, so a user who does have such texts knows what to raise.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
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

    def timeout_reason(self) -> str:
        return f"extraction took over {self.seconds:g} s, the per-document time limit (NEWSFACTS_DOCUMENT_SECONDS)"


class DeadlineExceeded(Exception):  # noqa: N818 - reads as what happened
    """Raised inside the thread whose deadline passed (see ``deadline``)."""


class _Watchdog:
    """For threads other than the main one: a thread that raises DeadlineExceeded in them when their deadline passed (within TICK s).

    One long-lived thread, started on first use (before a document's memory is taken):
    a thread per document would cost a thread start each, and could not start at all in
    a worker near its memory ceiling."""

    TICK = 0.5

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # token -> (monotonic deadline, thread id)
        self._next_token = 0
        self._thread: threading.Thread | None = None
        self._wakes_at: float | None = None  # when the watchdog wakes next (None: not until told)

    def arm(self, seconds: float) -> int:
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="newsfacts-deadlines", daemon=True)
                self._thread.start()
            self._next_token += 1
            when = time.monotonic() + seconds
            self._armed[self._next_token] = (when, threading.get_ident())
            # Wake the watchdog only when it sleeps with nothing armed; otherwise it looks again
            # within TICK seconds. Waking it for every document cost ~10% of extraction's CPU
            # (a GIL hand-over in the middle of spaCy's work each time).
            if self._wakes_at is None:
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
                self._wakes_at = None if earliest is None else min(earliest, now + self.TICK)
                self._cond.wait(None if self._wakes_at is None else max(0.0, self._wakes_at - now))


_watchdog = _Watchdog()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise DeadlineExceeded in this thread if the block runs longer than ``seconds``.

    In a process's main thread (extraction workers) a SIGALRM timer raises it from its
    signal handler: no extra thread, which matters because the mere existence of a second
    Python thread made spaCy's extraction ~10% slower (measured). In any other thread
    (in-process extraction, Dask) a watchdog thread raises it asynchronously (CPython's
    PyThreadState_SetAsyncExc). Either way it lands at the next Python bytecode: the rules
    are Python, and a single spaCy call is bounded by the character and sentence limits."""
    if not seconds or seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        token = _watchdog.arm(seconds)
        try:
            yield
        finally:
            _watchdog.disarm(token)


def _on_alarm(signum: int, frame: object) -> None:
    raise DeadlineExceeded


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """SIGALRM after ``seconds`` (or sooner, if an enclosing deadline ends first); the timer an
    enclosing block had is restored, less the time spent here."""
    previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, outer_left - (time.monotonic() - started)))
        signal.signal(signal.SIGALRM, previous_handler)
