"""HTML pages: the article and its metadata by trafilatura, and every visible line it left out, kept as boilerplate.

trafilatura is a well-kept main-content extractor (precision mode, no comments or tables);
its metadata gives the title, author, date and site name. What the page shows outside the
main content (navigation, footers, related links) is kept, line by line, so nothing a
person may want to check is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.I)


@dataclass
class HtmlPage:
    title: str | None
    author: str | None
    published: datetime | None
    site_name: str | None
    paragraphs: list[str]
    left_out: list[str] = field(default_factory=list)
    visible: list[str] = field(default_factory=list)  # every visible line of the page (``visible_lines``)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:500]))


@lru_cache(maxsize=1)
def _config():  # noqa: ANN202 - a ConfigParser
    from trafilatura.settings import use_config

    config = use_config()
    # Its timeout uses SIGALRM, which only the main thread may set: reading runs in task threads.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _lines(text: str | None) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in (text or "").split("\n") if line.strip()]


_BLOCKS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "nav",
    "header",
    "footer",
    "section",
    "article",
    "aside",
    "figcaption",
    "blockquote",
    "span",
    "a",
    "time",
    "address",
}


def visible_lines(page: str) -> list[str]:
    """The page's visible text, one line per innermost block (scripts, styles and templates left out)."""
    import lxml.html

    root = lxml.html.fromstring(page)
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    lines: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in element.iterdescendants()):
            text = (element.text or "").strip()  # only its own text; its blocks come in turn
        else:
            text = element.text_content()
        text = re.sub(r"\s+", " ", text).strip()
        if text and (not lines or lines[-1] != text):
            lines.append(text)
    return lines


def read_html(page: str) -> HtmlPage | None:
    """The page's article, metadata and left-out lines; None when trafilatura finds no main content."""
    import trafilatura

    found = None
    for mode in ({"favor_precision": True}, {"favor_recall": True}):  # precision first; a page it finds nothing in, recall
        found = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False, as_dict=True, config=_config(), **mode
        )
        if found and (found.get("text") or "").strip():
            break
    else:
        return None
    site_name = (found.get("sitename") or "").strip() or None
    title = without_site_suffix((found.get("title") or "").strip(), site_name) or None
    paragraphs = [p for p in _lines(found.get("text")) if p != title]
    kept = set(paragraphs)
    visible = visible_lines(page)
    left_out = [line for line in visible if line not in kept and line != title]
    published = None
    if found.get("date"):
        try:
            published = datetime.fromisoformat(str(found["date"]))
        except ValueError:
            published = None
    author = (found.get("author") or "").strip() or None
    return HtmlPage(title, author, published, site_name, paragraphs, left_out, visible)


_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s+::\s+")


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def without_site_suffix(title: str, site_name: str | None) -> str:
    """A page title without a trailing site name ('Budget passes – Example News' -> 'Budget passes'):
    only when the part after the last separator is the site's name (or the name without its domain)."""
    parts = _TITLE_SEPARATORS.split(title)
    if not site_name or len(parts) < 2:
        return title
    tail, site = _key(parts[-1]), _key(re.sub(r"\.(com|org|net|co\.uk|co|io|news)$", "", site_name.strip(), flags=re.I))
    if tail and site and (tail == site or tail == _key(site_name)):
        return title[: title.rfind(parts[-1])].rstrip(" |–—:-")
    return title
