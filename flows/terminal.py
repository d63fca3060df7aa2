"""Values from files, names, paths and the warehouse, made safe to show on a terminal.

They are data, never markup: rich would read ``[bold]`` or ``[/x]`` in a quote as a style
(or fail on it), and a terminal obeys escape sequences and other control characters in a
file name. Everything shown goes through ``text`` (a rich ``Text``, never parsed) or
``printable`` (control characters written as ``\\xNN`` / ``\\uNNNN``).
"""

from __future__ import annotations

import logging
import unicodedata

from rich.text import Text

# Format characters that reorder what a terminal shows (bidirectional overrides and isolates).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI or char in "\u2028\u2029"


def _escape(char: str, json_escapes: bool = False) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 and not json_escapes else f"\\u{code:04x}"


def printable(value: object, *, keep_newlines: bool = False, json_escapes: bool = False) -> str:
    """``value`` as text with every control character (and bidi control) escaped; NULL for None.

    ``keep_newlines``: line breaks and tabs stay (an article body); elsewhere they are escaped
    too, so one value is one line. ``json_escapes``: as ``\\uNNNN``, valid inside a JSON string."""
    if value is None:
        return "NULL"
    shown = str(value)
    if shown.isprintable() and not _BIDI.intersection(shown):
        return shown
    kept = "\n\t" if keep_newlines else ""
    return "".join(_escape(c, json_escapes) if c not in kept and _is_control(c) else c for c in shown)


def text(value: object, style: str = "", *, keep_newlines: bool = False) -> Text:
    """A rich ``Text`` of ``value``, printed literally: no markup, no highlighting, controls escaped."""
    return Text(printable(value, keep_newlines=keep_newlines), style=style)


def same_length(value: str) -> str:
    """``value`` with each control character shown as one visible character (offsets into it still
    hold): C0 controls as their Unicode control pictures (ESC as U+241B), others as U+FFFD."""
    if value.isprintable() and not _BIDI.intersection(value):
        return value
    return "".join(c if c in "\n\t" or not _is_control(c) else chr(0x2400 + ord(c)) if ord(c) < 0x20 else "\ufffd" for c in value)


class PrintableFormatter(logging.Formatter):
    """Log lines whose control characters are escaped (a file name may carry an escape sequence)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record), keep_newlines=True)
