"""Date stamps on news pages: which lines are stamps, and the publication and update times they print.

A stamp is a short line of date and time words ("Published 9:05 AM EST Mar 3, 2021",
"PUBLISHED: 09:05, Wed, Mar 3, 2021 | UPDATED: ...", "2021-03-03T09:05:00Z", "Published
22 hours ago"). Times are parsed with dateparser, as the page prints them (its local wall
time), with the zone kept apart when one is printed. A stamp without a year ("Monday
6:30PM", "22 hours ago") gives no time: there is no reference date to resolve it against, and
the machine's clock is never one (a run is reproducible); "1 day ago" after a printed date is
dropped and the date kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
ZONES = (
    "UTC GMT Z EST EDT CST CDT MST MDT PST PDT AKST AKDT HST BST IST CET CEST EET EEST WET WEST MSK "
    "JST KST HKT SGT PHT WIB AEST AEDT ACST ACDT AWST NZST NZDT SAST WAT EAT PKT"
).split()
_ZONE = r"(?:" + "|".join(ZONES) + r"|[+-]\d{2}:?\d{2})"
_TIME = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
_LABEL = (
    r"(?:last\s+updated|first\s+published|originally\s+published|published|updated|posted|modified|last\s+modified"
    r"|created|date|on|at|and|uploaded)"
)
# The words a stamp is made of: dates, times, zones, labels, relative amounts ('22 hours ago').
_STAMP_TOKEN = re.compile(
    rf"^(?:{_ISO}|{_NUMERIC_DATE}|{_TIME}|{MONTH}|{_WEEKDAY}|{_ZONE}|{_LABEL}|\d{{1,4}}(?:st|nd|rd|th)?"
    r"|ago|just|now|today|yesterday|an?|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?"
    r"|last|first|page|story|time|local)$",
    re.I,
)
_DATE_WORD = re.compile(rf"^(?:{_ISO}|{_NUMERIC_DATE}|{_TIME}|{MONTH}|{_WEEKDAY}|ago|today|yesterday)$", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2}\b")
_UPDATED = re.compile(r"^\W*(?:last\s+)?(?:updated|modified)\b", re.I)
_SPLIT = re.compile(r"\s+\|\s+|\s*\|\s*(?=[A-Za-z]+\s*:)")
_TOKENS = re.compile(rf"{_ISO}|{_NUMERIC_DATE}|\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.m\.|[ap]m)?|[ap]\.m\.|[\w.+-]+", re.I)


@dataclass(frozen=True)
class Stamps:
    """The times a page's stamps print: local wall time as printed, and the zone when printed."""

    published_at: datetime | None = None
    updated_at: datetime | None = None
    zone: str | None = None


def _segments(line: str) -> list[str]:
    return [s.strip(" ,-–—") for s in _SPLIT.split(line.strip()) if s.strip(" ,-–—")]


def _is_stamp_segment(segment: str, extra_words: int = 1) -> bool:
    tokens = [t.strip(",:;()") for t in _TOKENS.findall(segment)]
    tokens = [t for t in tokens if t and t not in "-–—|"]
    if not tokens or not any(_DATE_WORD.match(t) or t.isdigit() for t in tokens):
        return False
    if not any(_DATE_WORD.match(t) for t in tokens) and not re.search(r"\bago\b", segment, re.I):
        return False  # bare numbers are not a stamp ('12 3'), a month, time or 'ago' is
    unknown = [t for t in tokens if not _STAMP_TOKEN.match(t)]
    return len(unknown) <= extra_words


def is_source_segment(segment: str) -> bool:
    return bool(re.match(r"^source\s*:\s*\S", segment, re.I))


def is_stamp(line: str) -> bool:
    """A date/time stamp line: every '|' segment is a stamp (or a 'Source: X' credit), one at least a stamp.

    A segment may carry one word that is not a date word ('Wednesday 20 November 2019 11:42, UK',
    a section name before the date)."""
    if len(line.split()) > 16:
        return False
    segments = _segments(line)
    stamps = [s for s in segments if _is_stamp_segment(s)]
    return bool(stamps) and all(_is_stamp_segment(s) or is_source_segment(s) for s in segments)


def _zone_of(text: str) -> str | None:
    if re.search(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b", text):
        return "UTC"
    m = re.search(rf"(?<![\w+-])({_ZONE})(?![\w])", text)
    if m and m.group(1) != "Z":
        return m.group(1).upper()
    return None


def _parse(text: str) -> datetime | None:
    """A printed date and time, as printed; None without a year (a relative or partial stamp)."""
    if not _YEAR.search(text):
        return None
    cleaned = re.sub(rf"^\W*{_LABEL}\b\s*:?\s*", "", text.strip(), flags=re.I)
    cleaned = re.sub(rf"\b{_WEEKDAY}(?=[\s,])", " ", cleaned, flags=re.I)
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", cleaned)
    cleaned = re.sub(r"\s+[-–—]\s+", " ", cleaned)
    cleaned = re.sub(r"\b(?:on|at)\b", " ", cleaned, flags=re.I)
    cleaned = re.sub(r",\s*[A-Z]{2,3}\s*$", "", cleaned)  # '11:42, UK'
    cleaned = _RELATIVE.sub(" ", cleaned)  # 'Nov 19, 2019 at 9:08 GMT 1 day ago': the printed date stands
    parsed = _absolute(cleaned)
    if parsed is None:  # a section word before the date ('Markets November 20, 2019 13:42')
        parsed = _absolute(re.sub(r"^[A-Za-z]+\s+(?=\w)", "", cleaned))
    return parsed


# 'N hours ago', 'just now', 'today': relative to a clock the page does not print.
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|\bjust\s+now\b|\b(?:today|yesterday)\b",
    re.I,
)
# Two reference times far apart. A stamp that reads the same against both printed its own date;
# one whose reading moves with them was relative to the clock, and gives None: a run's result
# never depends on when it ran.
_REFERENCES = (datetime(2001, 2, 3, 4, 5, 6), datetime(2022, 11, 12, 13, 14, 15))


def _absolute(text: str) -> datetime | None:
    """``text`` as an absolute date and time, or None (unparsable, or relative to the clock)."""
    import dateparser

    readings = set()
    for reference in _REFERENCES:
        settings = {"DATE_ORDER": "MDY", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": reference}
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
        readings.add(parsed.replace(tzinfo=None) if parsed is not None else None)
    return readings.pop() if len(readings) == 1 else None


def read_stamps(lines: list[str]) -> Stamps:
    """The publication and update time the page's stamp lines print (the first of each kind).

    A segment labelled 'Updated' / 'Last updated' is an update; any other dated segment is the
    publication. A time printed in a segment of its own ('November 19, 2019 | 4:20am') belongs
    to the date before it."""
    published = updated = None
    zone = None
    for line in lines:
        pieces: list[tuple[bool, str]] = []
        for segment in _segments(line):
            if is_source_segment(segment) or not _is_stamp_segment(segment):
                continue
            is_update = bool(_UPDATED.match(segment))
            if pieces and not _YEAR.search(segment) and not is_update and re.fullmatch(rf"\s*(?:{_TIME})\s*(?:{_ZONE})?\s*", segment, re.I):
                kind, text = pieces[-1]
                pieces[-1] = (kind, f"{text} {segment}")
                continue
            pieces.append((is_update, segment))
        for is_update, text in pieces:
            when = _parse(text)
            if when is None:
                continue
            zone = zone or _zone_of(text)
            if is_update:
                updated = updated or when
            else:
                published = published or when
    return Stamps(published, updated, zone)


# A date printed inside a longer header line ('By Ann Lee, Wednesday, 20 November 2019 08:05 GMT',
# 'Chris Lee - Nov 19, 2019, 10:31 pm CST', '21/06/2014 Ann Lee News'): the date with the
# weekday before it and the time and zone around it.
_CLOCK = rf"(?:{_TIME})(?:\s*{_ZONE})?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR4 = r"(?:19|20)\d{2}"
_EMBEDDED = re.compile(
    rf"(?:{_CLOCK}\s*,?\s*)?(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?:{MONTH}\s+{_DAY},?\s+{_YEAR4}|{_DAY}\s+{MONTH},?\s+{_YEAR4}|{_ISO}|\d{{1,2}}[./]\d{{1,2}}[./]{_YEAR4})"
    rf"(?:\s*(?:,|at|-|–)?\s*{_CLOCK})?",
    re.I,
)
_UPDATE_BEFORE = re.compile(r"\b(?:updated|modified|edited)\b\W*(?:on|at)?\W*$", re.I)


def _numeric_day_first(text: str) -> str:
    """'21/06/2014' or '18.11.2019' (the day cannot be a month) as '2014-06-21'; other text unchanged.
    An ambiguous '05/06/2014' stays as printed and is read month first, as US pages print it."""
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d{2})\b", text)
    if m and int(m.group(1)) > 12 >= int(m.group(2)):
        return text[: m.start()] + f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" + text[m.end() :]
    return text.replace(".", "/") if m and "." in m.group(0) else text


def stamps_in_line(line: str) -> Stamps:
    """The publication and update dates printed inside a header line that is not a stamp of its own.

    A date after 'Updated' / 'Last modified' is the update; the first other date the publication."""
    published = updated = None
    zone = None
    for m in _EMBEDDED.finditer(line):
        when = _parse(_numeric_day_first(m.group(0)))
        if when is None:
            continue
        zone = zone or _zone_of(m.group(0))
        if _UPDATE_BEFORE.search(line[: m.start()][-25:]):
            updated = updated or when
        else:
            published = published or when
    return Stamps(published, updated, zone)


def has_embedded_stamp(line: str) -> bool:
    """A printed date with its year somewhere in the line."""
    return any(_YEAR.search(m.group(0)) for m in _EMBEDDED.finditer(line))
