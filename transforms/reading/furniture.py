"""Site furniture by shape: the lines every news site prints around an article, each with the reason it is furniture.

Pure functions on one line of text. ``furniture_reason`` says why a line is furniture (or
None); the page reader (``transforms/reading/document.py``) applies it to every line and, with the
looser ``is_label_line``, to the zones above and below the article. Lines learned from a
source's own pages are ``transforms/reading/learned.py``.
"""

from __future__ import annotations

import re

from transforms.reading.stamps import is_stamp

# Most furniture is short: a long line is prose even when it mentions "comment" or "share".
SHORT = 14

_SOCIAL_WORDS = frozenset(
    "share shares sharing this story article page post tweet email e-mail print facebook twitter x whatsapp linkedin "
    "pinterest reddit flipboard messenger copy link url comment comments save me on via sms telegram pocket gift "
    "the a to with friends friend send printable version bookmark digg delicious stumbleupon tumblr myspace bebo "
    "google yahoo newsvine mixx buzz instagram youtube threads bluesky mastodon".split()
)

# (reason, pattern, applies to long lines too)
_SHAPES: list[tuple[str, str, bool]] = [
    ("counter", r"\b(has been|was) (read|viewed|seen|shared) \d[\d,]* times\b", False),
    ("counter", r"^\s*(views?|reads?|hits|comments?|shares?|likes?)\s*[:]?\s*\d[\d,.]*[km]?\s*$", False),
    ("counter", r"^\s*\d[\d,.]*[km]?\s+(views?|reads?|comments?|shares?|likes?|replies|reactions)\s*$", False),
    ("counter", r"^\s*viewed\s+\d[\d,]*\s+times\s*$", False),
    ("counter", r"^\s*(comments?|views?|reads?|shares?|likes?|replies|reactions)\s*\(\s*\d[\d,.]*\s*\)\s*$", False),
    # '<label>: 1 204' in any language ('Views: 1,204', 'Lượt xem: 3.401'): a counter
    ("counter", r"^\s*[^\W\d_][^\W\d_ ]*(\s+[^\W\d_]+){0,3}\s*:\s*\d[\d.,\s]*$", False),
    ("comment prompt", r"\b(add|leave|post|write|view|show|read|join)\s+(a\s+|the\s+|your\s+)?comments?\b", False),
    ("comment prompt", r"^\s*(have your say|join the (debate|discussion|conversation))\b", False),
    ("comment policy", r"^\s*comments?\s+(are|is)\s+(subject|closed|moderated)\b", True),
    ("navigation", r"^\s*(previous|next|prev|older|newer)\b.{0,25}\b(news|article|story|post|page|stories)s?\b", False),
    ("navigation", r"^\s*[-–—<>«»]*\s*(previous|next)\s+[\w ]{0,25}[-–—<>«»]*\s*$", False),
    ("navigation", r"^\s*(home|back to top|menu|search)\s*$", False),
    ("skip link", r"^\s*(skip|jump) to (the )?(main )?(content|navigation|search|article|footer)\b", False),
    ("skip link", r"^\s*(accessibility links|skip navigation)\s*$", False),
    ("sign-up prompt", r"^\s*(subscribe|sign up|sign in|log ?in|register|follow us|click here|read more|download (our|the) app)\b", False),
    ("newsletter prompt", r"\b(sign up|subscribe|register|get|our|free|daily|weekly)\b.{0,30}\bnewsletters?\b", False),
    ("advertising", r"^\s*(advertisement|advertising|sponsored( content)?|promoted|paid content|ad)\s*$", False),
    ("source credit", r"\bsource of (the )?news\b", False),
    ("source credit", r"^\s*source\b\W*[\w.-]*\s*$", False),
    ("source credit", r"^\s*source\s+site[-\s]?\d+\s*$", False),
    ("image credit", r"^\s*[(\[]?\s*(photo|photograph|picture|image|credit|illustration|graphic|video|pictured|main image)s?"
     r"(\s+credit)?\s*[:/-]", False),
    ("image credit", r"^\s*(photo|photograph|picture|image|credit|illustration)s?\b\s*[:/-]?\s*[A-Z][A-Z .,'/&-]+$", False),
    ("image credit", r"\b(getty images|shutterstock|reuters/|afp/|ap photo|alamy|istock|epa-efe|pa images|pa wire)\b", False),
    ("copyright", r"©|\(c\)\s*\d{4}|\ball rights reserved\b|^\s*copyright\b", False),
    ("credit line", r"^\s*(reporting|writing|editing|additional reporting|compiled|produced|translated|edited) by\b", False),
    ("related list", r"^\s*(you may also like|more on this( story)?|most (read|popular|viewed|shared)|don't miss|also read|"
     r"related( articles?| news| stories| content| coverage| links| topics)?|trending( now| stories)?|recommended( stories| for you)?|"
     r"more (stories|news|from|like this|videos?)|popular (articles|stories|now)|top stories|latest (news|stories)|"
     r"read next|up next|what to read next|in case you missed it|see also)\b", False),
    ("tag line", r"^\s*(tags?|topics?|filed (to|under)|categor(y|ies)|keywords?)\s*([:|].*)?$", False),
    ("tag line", r"^\s*#\w+(\s+#?\w+){0,4}\s*$", False),
    ("handle", r"^\s*@\w{2,30}\s*$", False),
    ("reading time", r"^\s*\d+\s*(min(ute)?s?|hours?)\s+(read|listen|watch)\s*$", False),
    ("disclaimer", r"^\s*disclaimer\s*:", True),
    ("syndication", r"^\s*(this (article|story|report|piece)\s+(was|has been|is|first)\s+(adapted|republished|reproduced|reprinted|"
     r"originally|first|published|provided|syndicated|produced))", True),
    ("syndication", r"^\s*(originally|first) (published|appeared) (on|in|at|by)\b", False),
    ("syndication", r"^\s*via\s+[\w.-]+(\s+[\w.-]+){0,2}\.?\s*$", False),
    ("embedded post", r"^\s*[—–-]\s*.{1,60}\(@\w+\)\s+\w+\.?\s+\d{1,2},\s+\d{4}\s*$", False),
    ("embedded post", r"^\s*pic\.twitter\.com/\w+\s*$", False),
    ("caption", r"^\s*this (graphic|chart|map|infographic|video|photo|image|gallery)\b.{0,60}\b(shows|provided|shown|below|above)\b", True),
    ("legal links", r"^\s*(terms of (service|use)|privacy (notice|policy|settings)|cookie (policy|settings|preferences)|"
     r"contact us|about us|accessibility)\s*$", False),
]
_LEGAL = re.compile(
    r"\b(terms of (service|use)|privacy (notice|policy|settings)|cookies?( policy| settings)?|reprints?|licensing|"
    r"(submit (a )?)?corrections?|editorial (guidelines|standards)|contact us|about us|accessibility|advertise with us)\b",
    re.I,
)
_SHAPES_RE = [(reason, re.compile(pattern, re.I), long_ok) for reason, pattern, long_ok in _SHAPES]
_LONG_SHAPES_RE = [shape for shape in _SHAPES_RE if shape[2]]
# Shapes that a sentence of an article can also take ("He refused to read the comments."):
# furniture only when the line does not end like a sentence.
_NOT_SENTENCES = frozenset({"comment prompt", "sign-up prompt", "related list", "legal links", "newsletter prompt", "navigation"})
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s*$")

# The site speaking to its reader, with an address: "let us know at tips@example.com".
_ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b|https?://|www\.\w", re.I)
_SITE_VOICE = re.compile(r"\b(us|our)\b", re.I)
_NAV_SEPARATORS = re.compile(r"\s*(?:\||•|·|»|›|\s>\s)\s*")
QUOTES = re.compile(r"[\"“”«»„]")
# A line ends like a sentence, or like the lead-in to one ('He said:').
_PROSE_END = re.compile(r"[.!?:][\"”’')\]]*\s*$")


def ends_like_prose(line: str) -> bool:
    return bool(_PROSE_END.search(line))


def is_prose(line: str) -> bool:
    """A sentence of an article: eight words or more ending like a sentence, or twenty-five words however it ends."""
    words = len(line.split())
    return (words >= 8 and ends_like_prose(line)) or words >= 25


def is_social_line(line: str) -> bool:
    """'Share', 'Facebook Twitter Email', 'Share this:': only sharing words."""
    words = re.findall(r"[\w-]+", line.lower())
    if not words or len(words) > 8:
        return False
    return all(w in _SOCIAL_WORDS for w in words) and any(w not in ("the", "a", "to", "on") for w in words)


def is_navigation_bar(line: str) -> bool:
    """'Home | News | Sport | Weather': three or more short items between separators."""
    items = [i for i in _NAV_SEPARATORS.split(line.strip()) if i]
    return len(items) >= 3 and all(len(i.split()) <= 3 and not _SENTENCE_END.search(i) for i in items)


def furniture_reason(line: str) -> str | None:
    """Why ``line`` is site furniture ("date stamp", "share line", ...), or None when it is article text."""
    stripped = line.strip()
    if not stripped:
        return None
    words = stripped.split()
    short = len(words) <= SHORT
    if short and is_stamp(stripped):
        return "date stamp"
    if short and is_social_line(stripped):
        return "share line"
    if short and not QUOTES.search(stripped) and is_navigation_bar(stripped):
        return "navigation"
    sentence = bool(_SENTENCE_END.search(stripped))
    for reason, rx, _ in _SHAPES_RE if short else _LONG_SHAPES_RE:
        if not (sentence and reason in _NOT_SENTENCES) and rx.search(stripped):
            return reason
    if short and not sentence and len(_LEGAL.findall(stripped)) >= 2:
        return "legal links"  # 'Request Reprint & Licensing, Submit Correction or view Editorial Guidelines'
    if len(words) <= 60 and _ADDRESS.search(stripped) and _SITE_VOICE.search(stripped) and not QUOTES.search(stripped):
        return "site promo"
    return None


def is_label_line(line: str) -> bool:
    """A heading-like scrap of page: at most six words, no digit, no quote, no sentence end ('Most read in World', 'EMAIL ME').

    Only the zones above and below an article are read this way; inside it, such a line is a subheading."""
    stripped = line.strip()
    return (
        0 < len(stripped.split()) <= 6
        and not re.search(r"\d", stripped)
        and not QUOTES.search(stripped)
        and not re.search(r"[.,;]$", stripped)
    )


def is_list_heading(reason: str | None) -> bool:
    """A heading whose following short lines are links to other stories ('Most Popular', 'Related')."""
    return reason == "related list"
