"""Bytes -> Document: a page read the way a person reads it, with the furniture kept apart and the reason for each line.

A scraped news page is laid out the same way on most sites: the headline; a header of
byline, role and agency lines, date stamps and share buttons; the article; then a footer
of credits, copyright, tags and related links. ``read_page`` finds those zones on the lines
of a page (pure, testable on a string): in the header and footer any short scrap of page
goes; inside the article only lines with a furniture shape (``transforms/reading/furniture.py``) or
learned from the source's own pages (``transforms/reading/learned.py``), so an article line is
never lost for looking short. Every stripped line keeps its reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from transforms.reading import credits
from transforms.reading.decoding import UnreadableInput, decode_bytes
from transforms.reading.furniture import ends_like_prose, furniture_reason, is_label_line, is_list_heading, is_prose
from transforms.reading.html_page import looks_like_html, read_html, visible_lines
from transforms.reading.language import detect_language, is_foreign_language, load_language_model
from transforms.reading.learned import page_shapes
from transforms.reading.lines import article_chances, article_run
from transforms.reading.stamps import Stamps, has_embedded_stamp, read_stamps, stamps_in_line
from transforms.records import Document, document_id_for

__all__ = ["UnreadableInput", "decode_bytes", "load_language_model", "parse_document", "read_document", "read_page", "Page"]

_WORD = re.compile(r"[^\W\d_]+", re.U)
_SPACES = re.compile(r"[ \t]+")
HEADER_LINES = 12  # the header is the first few lines under the headline, never the article
STAMPED_CREDIT_WORDS = 20  # a header line printing a date ('Ann Lee - Nov 19, 2019, 10:31 pm') is a credit up to this length

# line -> why it is furniture learned from its source ("repeats in 9 documents of this source"), or None
Learned = Callable[[str], str | None]


@dataclass
class Page:
    """A page's parts: headline, credits, stamps, the article's lines, and the stripped lines with their reasons."""

    title: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    dateline: str | None = None
    outlet: str | None = None
    stamps: Stamps = field(default_factory=Stamps)
    body: list[str] = field(default_factory=list)
    stripped: list[tuple[str, str]] = field(default_factory=list)  # (line, reason), in page order


def paragraphs(text: str) -> list[str]:
    """Non-empty lines, whitespace-normalised: each is one paragraph in both seed styles."""
    return [_SPACES.sub(" ", line).strip() if "  " in line or "\t" in line else line.strip() for line in text.split("\n") if line.strip()]


def _non_latin_counter(line: str) -> bool:
    """'Просмотров: 1 204': a short line with a number and words in another script only."""
    if len(line.split()) > 5 or not re.search(r"\d", line):
        return False
    words = _WORD.findall(line)
    return bool(words) and all(not w.isascii() for w in words)


def _shape_reason(line: str, learned: Learned | None) -> str | None:
    reason = furniture_reason(line)
    if reason:
        return f"shape: {reason}"
    if learned is not None and (why := learned(line)):
        return why
    if _non_latin_counter(line):
        return "shape: counter"
    if is_foreign_language(line):
        return "other language"
    return None


def _media_pair(lines: list[str], i: int) -> bool:
    """A video or gallery headline and its longer blurb: a line without a sentence end or list marker, then a
    line half as long again that opens with its first four words ('Daily Video top stories' / 'Daily Video top stories are here.')."""
    if i + 1 >= len(lines) or ends_like_prose(lines[i]) or re.match(r"^\s*[-*•–—\d]", lines[i]):
        return False
    head, blurb = lines[i].split(), lines[i + 1].split()
    return len(head) >= 4 and blurb[:4] == head[:4] and len(blurb) >= 1.5 * len(head)


def read_page(lines: list[str], learned: Learned | None = None) -> Page:
    """Headline, header, article and footer of a page's lines (see the module docstring)."""
    page = Page()
    reasons = [_shape_reason(line, learned) for line in lines]
    n = len(lines)
    # The headline: the first line that is not furniture or a byline. A line learned from the
    # source goes only when another headline follows it (headlines repeat within a source too,
    # "Council approves plan for 2025"), and never when it is the page's first line.
    h = 0
    while h < n and (reasons[h] or credits.parse_byline(lines[h])):
        if reasons[h] and reasons[h].startswith("repeats in") and (h == 0 or h + 1 == n or is_prose(lines[h + 1])):
            break
        page.stripped.append((lines[h], reasons[h] or "byline above the headline"))
        h += 1
    if h == n:
        return page
    first, last = article_run(lines, article_chances(lines))
    h = _headline(lines, reasons, h, first, page)
    start, consumed = _read_header(lines, reasons, h, page)
    end = _footer_start(lines, reasons, start)
    if first < last and last > start:
        end = _outside_article(lines, reasons, page, (h, start, end), (first, last))
    body_lines: list[str] = []
    i = start
    in_list = False
    while i < end:
        line, reason = lines[i], reasons[i]
        if i in consumed:
            pass
        elif reason:
            page.stripped.append((line, reason))
            in_list = is_list_heading(reason.removeprefix("shape: "))
            if _media_pair(lines, i) and i + 1 < end:  # a video headline outside the article takes its blurb along
                page.stripped.append((lines[i + 1], "shape: video blurb"))
                i += 1
        elif in_list and not is_prose(line) and len(line.split()) <= 15:
            page.stripped.append((line, "shape: related list item"))
        elif _media_pair(lines, i):
            page.stripped += [(line, "shape: video headline"), (lines[i + 1], "shape: video blurb")]
            i += 1
        else:
            in_list = False
            body_lines.append(line)
        i += 1
    page.stripped += [(lines[k], reasons[k] or "page footer") for k in range(end, n)]
    _dateline(body_lines, page)
    page.body = body_lines
    page.stamps = _page_stamps(lines, reasons, page, header=range(max(0, h - HEADER_LINES), max(first, start) if first < last else start))
    if page.outlet is None:
        page.outlet = _outlet_in_credits(page) or credits.told_outlet("\n".join(body_lines))
    return page


_SEPARATOR = "[|–—~:•·-]"  # between a browser title's headline and site name
_SITE_SUFFIX = re.compile(r"\s+[|–—~-]\s+(?P<site>[^|–—~]{2,40})$")
NEAR_ARTICLE = 10  # the headline of a whole page is printed above its article or among its first lines


def _printed_headline(lines: list[str], h: int, first: int) -> int | None:
    """The line near the article that opens or closes the first line, which is longer: the headline of
    a whole page whose first line is its browser title ('Storm hits coast | Gazette')."""
    found = []
    for k in range(h + 1, min(len(lines), first + NEAR_ARTICLE)):
        words = re.findall(r"[^\W_]+", lines[k])
        if len(words) >= 3:
            same = r"[\W_]*".join(re.escape(w) for w in words)
            opens = re.match(rf"\W*{same}\W*?\s+{_SEPARATOR}\s+\S", lines[h], re.I)
            if opens or re.search(rf"\S\s+{_SEPARATOR}\s+\W*{same}\W*$", lines[h], re.I):
                found.append(k)
    above = [k for k in found if k < first]
    return above[-1] if above else (found[0] if found else None)


def _headline(lines: list[str], reasons: list[str | None], h: int, first: int, page: Page) -> int:
    """Set the page's headline; the index of its line. On a whole page the first line is the browser title
    ('Storm hits coast | Gazette') and the headline is printed again above the article, under the menus."""
    if (printed := _printed_headline(lines, h, first)) is not None:
        page.stripped.append((lines[h], "page title"))
        page.stripped += [(lines[k], reasons[k] or "page above the headline") for k in range(h + 1, printed)]
        h = printed
        page.title = lines[h]
    elif first - h > HEADER_LINES:  # a whole page whose headline is not printed above its article
        page.title = _without_site_name(lines, h)
    else:
        page.title = lines[h]
    return h


def _outside_article(lines: list[str], reasons: list[str | None], page: Page, zones: tuple[int, int, int], run: tuple[int, int]) -> int:
    """Mark what lies outside the line model's article (``run``) between the header and the footer the rules
    found (``zones``: headline, article start, footer start); the standfirst among it; the new footer start.

    Lines above the article go only on a page with a header there (a credit or furniture line among them),
    lines under it only on a page with a footer: a clean article's abstract or closing list stays."""
    h, start, end = zones
    first, last = run
    opening = [k for k in range(start, first) if credits.parse_dateline(lines[k])[0]]
    first = opening[0] if opening else first  # a dateline opens the article: 'PARIS (AP) — ...'
    shaped = [k for k in range(start, min(first, end)) if reasons[k] or _is_credit(lines[k])]
    if shaped:
        for k in range(start, min(first, end)):
            reasons[k] = reasons[k] or "above the article (line model)"
    if (deck := _standfirst(lines, reasons, h, min(first, end), shaped)) is not None:
        page.standfirst, reasons[deck] = lines[deck], "standfirst"
    if any(reasons[k] for k in range(max(last, start), end)):
        for k in range(max(last, start), end):
            reasons[k] = reasons[k] or "below the article (line model)"
        end = min(end, max(last, start))
    return end


STANDFIRST_WORDS = 8


def _is_credit(line: str) -> bool:
    """A byline, a name, a role or a line printing a date: what a header holds."""
    if credits.parse_byline(line) or credits.person_name(line) or credits.is_role_line(line):
        return True
    return _is_stamped_credit(line)


def _is_stamped_credit(line: str) -> bool:
    """A short header line that prints a date ('Ann Lee - Nov 19, 2019, 10:31 pm CST')."""
    return len(line.split()) <= STAMPED_CREDIT_WORDS and not ends_like_prose(line) and has_embedded_stamp(line)


def _standfirst(lines: list[str], reasons: list[str | None], h: int, first: int, shaped: list[int]) -> int | None:
    """The deck under the headline: the first line above the article that is not furniture or a credit, when
    it is of sentence length, the model put it outside the article, and a credit or stamp line follows it."""
    for k in range(h + 1, first):
        if reasons[k] == "above the article (line model)":
            deck = len(lines[k].split()) >= STANDFIRST_WORDS and not credits.parse_byline(lines[k])
            deck = deck and not credits.parse_dateline(lines[k])[0]  # 'PARIS (AP) — ...' opens the article
            return k if deck and any(j > k for j in shaped) else None
    return None


def _without_site_name(lines: list[str], h: int) -> str:
    """The first line without a trailing ' - Site' when the page prints that site name elsewhere (a logo,
    a copyright line): a browser title whose headline the page does not print again."""
    m = _SITE_SUFFIX.search(lines[h])
    if m is None or len(m.group("site").split()) > 4:
        return lines[h]
    site = m.group("site").casefold()
    if any(site in line.casefold() for k, line in enumerate(lines) if k != h):
        return lines[h][: m.start()]
    return lines[h]


def _read_header(lines: list[str], reasons: list[str | None], h: int, page: Page) -> tuple[int, set[int]]:
    """Strip the header under the headline: the index of the article's first line, and the header lines stripped.

    Byline, name, role and agency lines, stamps, share and credit lines, and short page
    labels go; a standfirst (a long line that is not a sentence) stays and the header goes on."""
    i = h + 1
    first_kept: int | None = None
    header: dict[int, str] = {}  # line index -> why it was stripped
    labels: list[int] = []  # stripped only on a page that has a header (a byline, stamp or credit)
    while i < len(lines) and i <= h + HEADER_LINES:
        line, reason = lines[i], reasons[i]
        byline = credits.parse_byline(line)
        if line == page.title:
            header[i] = "headline repeated"
        elif byline is not None:
            page.byline = page.byline or byline[0]
            page.outlet = page.outlet or byline[1]
            header[i] = "byline"
        elif reason:
            page.outlet = page.outlet or credits.source_credit(line)
            header[i] = reason
        elif (agency := credits.agency_name(line)) is not None:
            page.outlet = page.outlet or agency
            header[i] = "credit line: agency"
        elif (name := credits.person_name(line)) is not None:
            header[i] = "credit line: name" if page.byline else "byline"
            page.byline = page.byline or name
        elif credits.is_role_line(line):
            header[i] = "credit line: role"
        elif _is_stamped_credit(line):
            header[i] = "credit line: date stamp"
        elif is_prose(line):
            break
        elif is_label_line(line) and first_kept is None:
            labels.append(i)
        elif first_kept is None:
            first_kept = i  # a standfirst: part of the article; the header may go on under it
        i += 1
    if any(why != "headline repeated" for why in header.values()):
        header.update(dict.fromkeys(labels, "page header label"))
    elif labels:
        first_kept = min(labels[0], first_kept if first_kept is not None else labels[0])
    page.stripped += [(lines[k], header[k]) for k in sorted(header)]
    return (first_kept if first_kept is not None else i), set(header)


def _page_stamps(lines: list[str], reasons: list[str | None], page: Page, header: range) -> Stamps:
    """The page's publication and update times: its stamp lines around the headline first, then a date
    printed inside a header line ('Ann Lee - Nov 19, 2019'), then any stamp line it strips (a stamp
    under a related story's headline in the footer is the last resort)."""
    stamps = read_stamps([lines[k] for k in header if reasons[k] == "shape: date stamp"])
    for line in (lines[k] for k in header if len(lines[k].split()) <= STAMPED_CREDIT_WORDS):
        if stamps.published_at is not None:
            break
        found = stamps_in_line(line)
        if found.published_at is not None:
            stamps = Stamps(found.published_at, stamps.updated_at or found.updated_at, stamps.zone or found.zone)
    if stamps.published_at is None:
        anywhere = read_stamps([line for line, reason in page.stripped if reason == "shape: date stamp"])
        stamps = Stamps(anywhere.published_at, stamps.updated_at or anywhere.updated_at, stamps.zone or anywhere.zone)
    return stamps


def _footer_start(lines: list[str], reasons: list[str | None], start: int) -> int:
    """Index where the footer under the article begins: a run of furniture, credits and (above them) labels at the page's end."""
    end = len(lines)
    shaped = False  # a label counts as footer only above furniture: a list ending an article stays
    while end - 1 > start:
        line, reason = lines[end - 1], reasons[end - 1]
        if reason:
            shaped = True
        elif credits.bio_outlet(line) is not None:
            reasons[end - 1] = "shape: author bio"
            shaped = True
        elif shaped and is_label_line(line):
            reasons[end - 1] = "page footer label"
        else:
            break
        end -= 1
    return end


def _dateline(body: list[str], page: Page) -> None:
    for i, para in enumerate(body[:3]):
        city, agency, prefix = credits.parse_dateline(para)
        if city:
            page.dateline = city
            page.outlet = agency or page.outlet
            body[i] = para[len(prefix) :]
            return


def _outlet_in_credits(page: Page) -> str | None:
    """The publisher the stripped credits name: an author bio, 'Originally published on', 'Source:', the copyright owner, 'Via'."""
    lines = [line for line, _ in page.stripped]
    for read in (
        lambda line: (credits.bio_outlet(line) or (None, None))[1],
        credits.originally_published,
        credits.source_credit,
        credits.copyright_owner,
    ):
        for line in lines:
            if found := read(line):
                return found
    return None


# --------------------------------------------------------------------------- document


def parse_document(text: str, *, source_path: str, sha256: str, encoding: str, learned: Learned | None = None) -> Document:
    """Decoded text (a page as plain text, or HTML) -> Document, or UnreadableInput with the reason."""
    is_html = looks_like_html(text)
    html = read_html(text) if is_html else None
    if is_html and html is None:
        text = "\n\n".join(visible_lines(text))  # no main content found: read the page's visible text as a text page
    lines = ([html.title] if html and html.title else []) + html.paragraphs if html else paragraphs(text)
    # The article's language is judged on the whole text before any line is called foreign furniture.
    language = detect_language("\n".join(lines))
    if language != "en":
        raise UnreadableInput(f"article is in language '{language}', not English: the English NLP model would misread it")
    page = read_page(lines, learned)
    if html is not None:
        page.stripped = [(line, "outside the main content (HTML)") for line in html.left_out] + page.stripped
        page.byline = page.byline or (credits.names_in(html.author) if html.author else None)
        page.outlet = page.outlet or html.site_name
        if page.stamps.published_at is None and html.published is not None:
            page.stamps = Stamps(html.published, page.stamps.updated_at, page.stamps.zone)
    if page.title is None:
        raise UnreadableInput("no article text: every line is site boilerplate")
    body = "\n\n".join(p for p in page.body if p)
    if len(list(islice(_WORD.finditer(body), 5))) < 5:
        raise UnreadableInput("no article text: nothing but a headline")
    return Document(
        document_id=document_id_for(sha256),
        source_path=source_path,
        sha256=sha256,
        encoding=encoding,
        title=page.title,
        standfirst=page.standfirst,
        byline=page.byline,
        dateline=page.dateline,
        outlet=page.outlet,
        body=body,
        boilerplate=[line for line, _ in page.stripped],
        boilerplate_reasons=[reason for _, reason in page.stripped],
        published_at=page.stamps.published_at,
        updated_at=page.stamps.updated_at,
        time_zone=page.stamps.zone,
        line_shapes=page_shapes(html.visible if html is not None else lines),
    )


def shapes_of_text(text: str) -> frozenset[str]:
    """The learnable line shapes of a decoded page (``transforms/reading/learned.py``): what its source learns furniture from."""
    return page_shapes(visible_lines(text) if looks_like_html(text) else paragraphs(text))


def read_document(data: bytes, *, source_path: str, sha256: str, learned: Learned | None = None) -> Document:
    """bytes -> Document, or UnreadableInput with the reason."""
    text, encoding = decode_bytes(data)
    return parse_document(text, source_path=source_path, sha256=sha256, encoding=encoding, learned=learned)
