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


def _tree(page: str):  # noqa: ANN202 - an lxml element
    import lxml.html

    return lxml.html.fromstring(page)


def visible_lines(page: str, root=None) -> list[str]:  # noqa: ANN001 - an lxml element
    """The page's visible text, one line per innermost block (scripts, styles and templates left out)."""
    root = _tree(page) if root is None else root
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


# Precision mode first. A main content under SHORT_MAIN words (a reprint notice, a teaser) is tried again
# in the balanced and then the recall mode, and replaced by one SHORT_MAIN_RATIO times as long.
SHORT_MAIN = 150
SHORT_MAIN_RATIO = 3


def _words(found: dict | None) -> int:
    return len(((found or {}).get("text") or "").split())


def read_html(page: str) -> HtmlPage | None:
    """The page's article, metadata and left-out lines; None when trafilatura finds no main content."""
    import trafilatura

    found = None
    for mode in ({"favor_precision": True}, {}, {"favor_recall": True}):
        tried = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False, as_dict=True, config=_config(), **mode
        )
        if tried and _words(tried) > _words(found) * SHORT_MAIN_RATIO:
            found = tried
        if _words(found) >= SHORT_MAIN:
            break
    if not _words(found):
        return None
    site_name = (found.get("sitename") or "").strip() or None
    root = _tree(page)
    headings = [re.sub(r"\s+", " ", h.text_content()).strip() for h in root.xpath("//h1")]
    title = printed_headline(headings, (found.get("title") or "").strip(), site_name)
    paragraphs = [p for p in _lines(found.get("text")) if p != title]
    kept = set(paragraphs)
    visible = visible_lines(page, root)
    left_out = [line for line in visible if line not in kept and line != title]
    published = None
    if found.get("date"):
        try:
            published = datetime.fromisoformat(str(found["date"]))
        except ValueError:
            published = None
    author = (found.get("author") or "").strip() or None
    return HtmlPage(title, author, published, site_name, paragraphs, left_out, visible)


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}|\d+", re.U)


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _CONTENT_WORD.findall(text)}


def printed_headline(headings: list[str], meta_title: str, site_name: str | None) -> str | None:
    """The headline the page prints: the top-level heading that shares most words with the page's metadata
    title (a page has more than one h1: site logo, section name, sign-in box), else that title without the
    site's name. The printed headline is what a reader sees; the metadata one is often a search-engine
    variant ('Opinion | ...', '... - Site', another wording)."""
    meta = without_site_suffix(meta_title, site_name)
    wanted = _content_words(meta_title)
    best, best_shared = None, 0
    for heading in dict.fromkeys(h for h in headings if len(h.split()) >= 2):
        shared = len(_content_words(heading) & wanted)
        if shared > best_shared:
            best, best_shared = heading, shared
    if best is not None:
        return best
    if not meta_title:
        return next((h for h in headings if len(h.split()) >= 2), None)
    return meta or None


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
