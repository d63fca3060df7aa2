"""A figure's period as dates: 'in 2004', 'between October 2022 and August 2023', 'last year', 'on Tuesday'.

Pure functions of the period text and the document's publication date. Absolute
expressions always resolve; relative ones ('last year', 'in September', 'on Tuesday', 'this
month') only against a publication date, and give (None, None) without one. A month or a
weekday without a year is the latest one on or before the publication date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from transforms.reading.stamps import MONTH

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
} | {"sept": 9}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = f"({MONTH})"  # the month words of date stamps, as a group
_YEAR = r"((?:19|20)\d{2})"
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "final": 4, "last": 4}

Period = tuple[date | None, date | None]
NONE: Period = (None, None)


def _month_number(word: str) -> int:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTHS[w[:3]]


def _month_span(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_span(year: int) -> Period:
    return date(year, 1, 1), date(year, 12, 31)


def _latest_month(month: int, published: date) -> int:
    """The year of the latest ``month`` on or before the publication date."""
    return published.year if month <= published.month else published.year - 1


def _absolute(t: str) -> Period | None:
    """A month of a year, a quarter, a season or fiscal year ('2004-05'), a year; None when the text names none."""
    if m := re.search(rf"\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{_YEAR}\b", t):
        return _month_span(int(m.group(2)), _month_number(m.group(1)))
    quarter_of = rf"\b(first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s+quarter\s+(?:of\s+)?{_YEAR}\b|\bq([1-4])\s+{_YEAR}\b"
    if m := re.search(quarter_of, t):
        quarter = _QUARTERS[m.group(1)] if m.group(1) else int(m.group(3))
        year = int(m.group(2) or m.group(4))
        return date(year, 3 * quarter - 2, 1), _month_span(year, 3 * quarter)[1]
    if m := re.search(rf"\b{_YEAR}\s*[-/–]\s*(\d{{2}}|\d{{4}})\b", t):
        start = int(m.group(1))
        end = int(m.group(2)) if len(m.group(2)) == 4 else (start // 100) * 100 + int(m.group(2))
        if end > start:
            return date(start, 1, 1), date(end, 12, 31)
    if m := re.search(rf"\b{_YEAR}\b", t):
        return _year_span(int(m.group(1)))
    return None


def _last_month(published: date) -> Period:
    first = published.replace(day=1) - timedelta(days=1)
    return _month_span(first.year, first.month)


def _last_week(published: date) -> Period:
    monday = published - timedelta(days=published.weekday() + 7)
    return monday, monday + timedelta(days=6)


# Relative phrases and their periods as functions of the publication date, tried in order.
RELATIVE_PERIODS: tuple[tuple[str, Callable[[date], Period]], ...] = (
    (r"\blast year\b|\bthe previous year\b|\ba year earlier\b", lambda p: _year_span(p.year - 1)),
    (r"\bthis year\b|\bso far this year\b|\bthe current year\b", lambda p: (date(p.year, 1, 1), p)),
    (r"\bnext year\b", lambda p: _year_span(p.year + 1)),
    (r"\blast month\b", _last_month),
    (r"\bthis month\b", lambda p: (p.replace(day=1), p)),
    (r"\blast week\b", _last_week),
    (r"\byesterday\b", lambda p: (p - timedelta(days=1), p - timedelta(days=1))),
    (r"\btoday\b", lambda p: (p, p)),
)


def _relative(t: str, published: date) -> Period:
    """A relative phrase, then a month or a weekday without a year (the latest on or before publication)."""
    for pattern, period in RELATIVE_PERIODS:
        if re.search(pattern, t):
            return period(published)
    if m := re.search(rf"\b{_MONTH}\b", t):
        month = _month_number(m.group(1))
        return _month_span(_latest_month(month, published), month)
    if m := re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t):
        day = published - timedelta(days=(published.weekday() - _WEEKDAYS[m.group(1)]) % 7)
        return day, day
    return NONE


def _point(text: str, published: date | None) -> Period:
    """One expression: absolute ones first, relative ones only against a publication date."""
    t = text.strip().lower()
    if (found := _absolute(t)) is not None:
        return found
    return _relative(t, published) if published is not None else NONE


def resolve_period(text: str | None, published: date | None) -> Period:
    """(period_start, period_end) of a figure's period text; (None, None) when it cannot be told.

    'between X and Y' / 'from X to Y' span from the start of X to the end of Y; 'since X'
    runs from X to the publication date."""
    if not text:
        return NONE
    t = text.strip()
    if m := re.search(r"\b(?:between|from)\s+(.+?)\s+(?:and|to|until|through)\s+(.+)$", t, re.I):
        first, second = _point(m.group(1), published), _point(m.group(2), published)
        if first[0] and second[1] and first[0] <= second[1]:
            return first[0], second[1]
    if m := re.search(r"\b(?:year|12 months|twelve months)\s+(?:to|ending|ended)\s+(.+)$", t, re.I):
        end = _point(m.group(1), published)[1]
        if end is not None:
            start = date(end.year - 1, end.month, 1) + timedelta(days=calendar.monthrange(end.year - 1, end.month)[1])
            return start, end
    if m := re.search(r"\bsince\s+(.+)$", t, re.I):
        start = _point(m.group(1), published)[0]
        return (start, published) if start and published and start <= published else NONE
    return _point(t, published)
