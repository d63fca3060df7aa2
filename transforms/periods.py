"""A figure's period as dates: 'in 2004', 'between October 2022 and August 2023', 'last year', 'on Tuesday'.

Pure functions of the period text and the document's publication date. Absolute
expressions always resolve; relative ones ('last year', 'in September', 'on Tuesday', 'this
month') only against a publication date, and give (None, None) without one. A month or a
weekday without a year is the latest one on or before the publication date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from transforms.stamps import MONTH

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


def _point(text: str, published: date | None) -> Period:
    """One expression: a year, a month (with or without a year), a quarter, a relative phrase, a weekday."""
    t = text.strip().lower()
    if m := re.search(rf"\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{_YEAR}\b", t):
        return _month_span(int(m.group(2)), _month_number(m.group(1)))
    quarter_of = rf"\b(first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s+quarter\s+(?:of\s+)?{_YEAR}\b|\bq([1-4])\s+{_YEAR}\b"
    if m := re.search(quarter_of, t):
        quarter = _QUARTERS[m.group(1)] if m.group(1) else int(m.group(3))
        year = int(m.group(2) or m.group(4))
        return date(year, 3 * quarter - 2, 1), _month_span(year, 3 * quarter)[1]
    if m := re.search(rf"\b{_YEAR}\s*[-/–]\s*(\d{{2}}|\d{{4}})\b", t):  # '2004-05', '2004/2005': a season or fiscal year
        start = int(m.group(1))
        end = int(m.group(2)) if len(m.group(2)) == 4 else (start // 100) * 100 + int(m.group(2))
        if end > start:
            return date(start, 1, 1), date(end, 12, 31)
    if m := re.search(rf"\b{_YEAR}\b", t):
        return _year_span(int(m.group(1)))
    if published is None:
        return NONE
    if re.search(r"\blast year\b|\bthe previous year\b|\ba year earlier\b", t):
        return _year_span(published.year - 1)
    if re.search(r"\bthis year\b|\bso far this year\b|\bthe current year\b", t):
        return date(published.year, 1, 1), published
    if re.search(r"\bnext year\b", t):
        return _year_span(published.year + 1)
    if re.search(r"\blast month\b", t):
        first = published.replace(day=1) - timedelta(days=1)
        return _month_span(first.year, first.month)
    if re.search(r"\bthis month\b", t):
        return published.replace(day=1), published
    if re.search(r"\blast week\b", t):
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if re.search(r"\byesterday\b", t):
        return published - timedelta(days=1), published - timedelta(days=1)
    if re.search(r"\btoday\b", t):
        return published, published
    if m := re.search(rf"\b{_MONTH}\b", t):
        month = _month_number(m.group(1))
        return _month_span(_latest_month(month, published), month)
    if m := re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", t):
        day = published - timedelta(days=(published.weekday() - _WEEKDAYS[m.group(1)]) % 7)
        return day, day
    return NONE


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
