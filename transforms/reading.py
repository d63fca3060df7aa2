"""Bytes -> Document: decoding, boilerplate split and headline/byline/dateline/outlet.

Pure functions only. Every failure raises ``UnreadableInput`` with a reason a
person understands, so the flow can record the file as rejected and go on.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser

from transforms.records import Document, document_id_for


class UnreadableInput(ValueError):
    """The file cannot become a document; the message is the rejection reason."""


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Bytes that only binary formats start with (images, archives, PDFs, executables).
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
}


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes to text, returning (text, encoding name).

    Order: byte-order marks, strict UTF-8, then charset-normalizer's best guess
    (cp1252/Latin-1 files such as old BBC pages land here). Mojibake left by an
    earlier wrong decode is repaired with ftfy. Binary data is refused rather
    than decoded into garbage.
    """
    if not data.strip():
        raise UnreadableInput("empty file (no text)")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnreadableInput(f"binary data, not text (looks like {kind})")
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None:
        if b"\x00" in data:
            encoding = _guess_encoding(data)
            if not encoding or not encoding.startswith("utf_16") and not encoding.startswith("utf_32"):
                raise UnreadableInput("binary data, not text (contains NUL bytes)")
        else:
            try:
                data.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = _guess_encoding(data)
    if not encoding:
        raise UnreadableInput("unknown text encoding (no charset fits the bytes)")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnreadableInput(f"cannot decode as {encoding}: {exc}") from exc
    if encoding == "utf-8-sig":
        encoding = "utf-8"
    text = _repair(text)
    if not text.strip():
        raise UnreadableInput("empty file (only whitespace)")
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(3, len(text) // 100):
        raise UnreadableInput("binary data, not text (control characters)")
    return text, encoding


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _guess_encoding(data: bytes) -> str | None:
    """Best charset for non-UTF-8 bytes.

    English text whose bytes are nearly all ASCII is, in practice, a Western
    single-byte code page (a stray 0xA3 is '£'); charset-normalizer alone may
    call a short sample of it cp932. Everything else goes to charset-normalizer.
    """
    sample = data[:200_000]
    high = sum(1 for b in sample if b > 0x7F)
    if b"\x00" not in sample and high <= max(8, len(sample) // 50):
        try:
            sample.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _repair(text: str) -> str:
    """Fix mojibake (UTF-8 read as cp1252, ...) and normalise line ends; keep curly quotes."""
    import ftfy

    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.isascii():
        text = ftfy.fix_encoding(text)
    return text.replace("\u00a0", " ").replace("\ufeff", "")


# ------------------------------------------------------------------------------ HTML

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.I)


class _TextFromHTML(HTMLParser):
    """Visible text of an HTML page, one block element per line; the <title> kept apart."""

    _BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "li", "tr", "section", "article", "header", "footer"}
    _SKIP = {"script", "style", "noscript", "nav", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser API
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self._BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self._BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_title:
            self.title += data
        else:
            self.lines[-1] += data


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:500]))


def html_to_text(text: str) -> str:
    """An HTML page as plain text: headline first, then one paragraph per block."""
    parser = _TextFromHTML()
    parser.feed(text)
    paragraphs = [re.sub(r"\s+", " ", html.unescape(line)).strip() for line in parser.lines]
    paragraphs = [p for p in paragraphs if p]
    title = re.sub(r"\s+", " ", parser.title).strip()
    if title and (not paragraphs or paragraphs[0] != title):
        paragraphs.insert(0, title)
    if not paragraphs:
        raise UnreadableInput("HTML page with no visible text")
    return "\n\n".join(paragraphs)


# ----------------------------------------------------------------------- boilerplate

# Site furniture, by shape: counters, comment prompts, navigation, sharing, credits.
_FURNITURE = [
    r"\b(has been|was) (read|viewed) \d[\d,]* times\b",
    r"^\s*(views?|reads?|hits)\s*[:]\s*\d",
    r"\b(add|leave|post|write|view|show|read)\s+(a\s+|the\s+)?comments?\b",
    r"^\s*\d*\s*comments?\s*$",
    r"^\s*(previous|next|prev)\b.{0,20}\b(news|article|story|post|page)s?\b",
    r"^\s*(share|tweet|email|print|subscribe|follow us|sign up|log ?in|register|click here|read more"
    r"|related( articles| news| stories)?|advertisement|sponsored|tags?)\b\s*[:|]?",
    r"\bsource of (the )?news\b",
    r"^\s*source\b\W*[\w.-]*\s*$",
    r"^\s*source\s+site[-\s]?\d+\s*$",
    r"©|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\b",
    r"^\s*(photo|photograph|picture|image|credit|illustration)s?\b\s*[:/-]?\s*[A-Z][A-Z .,'/&-]+$",
    r"\b(getty images|shutterstock|reuters/|afp/|ap photo)\b",
    r"^\s*(you may also like|more on this story|most read|don't miss|also read)\b",
]
_FURNITURE_RE = [re.compile(p, re.I) for p in _FURNITURE]

_WORD = re.compile(r"[^\W\d_]+", re.U)


def is_furniture(line: str) -> bool:
    """True when a line is site furniture rather than article text."""
    stripped = line.strip()
    if not stripped:
        return False
    words = stripped.split()
    # Furniture lines are short; long lines are prose even if they mention "comment".
    if len(words) > 14:
        return False
    return any(rx.search(stripped) for rx in _FURNITURE_RE)


# English function words: a line where they are common is English without asking langid.
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "was",
        "that",
        "for",
        "on",
        "it",
        "with",
        "as",
        "by",
        "at",
        "from",
        "be",
        "have",
        "has",
        "had",
        "are",
        "were",
        "will",
        "would",
        "said",
        "says",
        "not",
        "this",
        "but",
        "an",
        "or",
        "they",
        "he",
        "she",
        "we",
        "his",
        "her",
        "their",
        "its",
        "which",
        "who",
        "been",
    ]
)


def load_language_model() -> None:
    """Load langid's model now (it loads on first use, ~0.7 s): lets a run do it ahead, off its critical path."""
    import py3langid

    py3langid.rank("a warm-up line")


def is_foreign_language(line: str) -> bool:
    """True when a line of prose is clearly not English (moderation notices and the like)."""
    words = _WORD.findall(line)
    if len(words) < 6 or parse_byline(line):
        return False
    if sum(w.lower() in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.2 * len(words):
        return False
    import py3langid

    ranked = py3langid.rank(line)
    lang, top = ranked[0]
    if lang == "en":
        return False
    # langid is noisy on short lines: ask for a clear margin over English.
    en_score = dict(ranked).get("en")
    return en_score is None or top - en_score >= 30


def split_boilerplate(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split article lines into (kept, boilerplate), preserving order in both."""
    kept: list[str] = []
    dropped: list[str] = []
    for line in lines:
        if is_furniture(line) or is_foreign_language(line):
            dropped.append(line.strip())
        else:
            kept.append(line)
    return kept, dropped


# -------------------------------------------------------------------- title / byline

_BYLINE = re.compile(
    r"^\s*(?:[Bb]y|BY)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|da|van|von|der|del|la|and|&))*)"
    r"(?:\s*[,|/–—-]\s*(?P<org>.+))?\s*$",
    re.U,
)

# News agencies by the code they put in a dateline; a general table, not article data.
AGENCIES = {
    "AA": "Anadolu Agency",
    "AP": "Associated Press",
    "AFP": "Agence France-Presse",
    "REUTERS": "Reuters",
    "UPI": "United Press International",
    "DPA": "Deutsche Presse-Agentur",
    "ANSA": "ANSA",
    "EFE": "EFE",
    "XINHUA": "Xinhua",
    "PTI": "Press Trust of India",
    "IANS": "Indo-Asian News Service",
    "ANI": "Asian News International",
    "YONHAP": "Yonhap",
    "KYODO": "Kyodo News",
    "TASS": "TASS",
    "CNA": "Central News Agency",
    "BERNAMA": "Bernama",
    "IRNA": "Islamic Republic News Agency",
    "SANA": "Syrian Arab News Agency",
    "WAFA": "WAFA",
    "CNN": "CNN",
    "BBC": "BBC",
    "NHK": "NHK",
    "CP": "The Canadian Press",
    "AAP": "Australian Associated Press",
    "PA": "PA Media",
    "BLOOMBERG": "Bloomberg",
}

_DASH = r"\s*[-–—]+\s*"
# "MEXICO CITY (AA) - ", "LONDON, March 3 (Reuters) - ", "WASHINGTON — "
_DATELINE_CAPS = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’ -]*[A-Z.])(?:,\s*(?P<extra>[A-Za-z. ]{2,30}?\d{0,4}))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?" + _DASH
)
# "London (Reuters) - "
_DATELINE_TITLE = re.compile(r"^(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}),?\s*\((?P<agency>[^()]{1,40})\)" + _DASH)
# "(Washington) The ..." — the city in brackets, as French-language wires print it.
_DATELINE_PAREN = re.compile(r"^\((?P<city>[A-Z][\w.'’ -]{1,40})\)\s+(?=[A-Z\"“‘])")


def parse_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """(city, outlet, prefix) from the start of a lede; prefix is the text to cut."""
    for rx in (_DATELINE_CAPS, _DATELINE_TITLE, _DATELINE_PAREN):
        m = rx.match(paragraph)
        if not m:
            continue
        city = m.group("city").strip()
        if rx is _DATELINE_CAPS and (len(city) < 3 or not any(c.isalpha() for c in city)):
            continue
        if city.isupper():
            city = _title_case(city)
        agency = (m.groupdict().get("agency") or "").strip()
        outlet = AGENCIES.get(agency.upper().replace(".", ""), agency or None) if agency else None
        return city, outlet, m.group(0)
    return None, None, ""


def _title_case(text: str) -> str:
    small = {"of", "de", "la", "el", "and", "upon", "on"}
    words = text.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def parse_byline(line: str) -> str | None:
    """'By Jane Q Doe' -> 'Jane Q Doe'; None when the line is not a byline."""
    if len(line.split()) > 12:
        return None
    m = _BYLINE.match(line)
    return m.group("name").strip() if m else None


# --------------------------------------------------------------------------- document


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines, whitespace-normalised: each is one paragraph in both seed styles."""
    return [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n") if line.strip()]


def parse_document(text: str, *, source_path: str, sha256: str, encoding: str) -> Document:
    """Split decoded text into headline, byline, dateline, outlet, body and boilerplate."""
    if looks_like_html(text):
        text = html_to_text(text)
    paragraphs = _paragraphs(text)
    # The article's language is judged on the whole text before any line is called foreign furniture.
    language = detect_language("\n".join(paragraphs))
    if language != "en":
        raise UnreadableInput(f"article is in language '{language}', not English: the English NLP model would misread it")
    kept, boilerplate = split_boilerplate(paragraphs)
    if not kept:
        raise UnreadableInput("no article text: every line is site boilerplate")
    title = kept[0]
    rest = kept[1:]
    # Some sites print the headline twice.
    repeats = next((i for i, line in enumerate(rest) if line != title), len(rest))
    rest = rest[repeats:]
    byline = None
    for i, line in enumerate(rest[:4]):
        name = parse_byline(line)
        if name:
            byline = name
            rest = rest[:i] + rest[i + 1 :]
            break
    dateline = outlet = None
    for i, para in enumerate(rest[:3]):
        city, agency, prefix = parse_dateline(para)
        if city:
            dateline, outlet = city, agency
            rest[i] = para[len(prefix) :]
            break
    body = "\n\n".join(p for p in rest if p)
    if len(_WORD.findall(body)) < 5:
        raise UnreadableInput("no article text: nothing but a headline")
    return Document(
        document_id=document_id_for(sha256),
        source_path=source_path,
        sha256=sha256,
        encoding=encoding,
        title=title,
        byline=byline,
        dateline=dateline,
        outlet=outlet,
        body=body,
        boilerplate=boilerplate,
    )


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid).

    A thousand characters decide the language; langid's cost grows with the text.
    Prose where a quarter of the words are English function words ("the", "of",
    "said"; English runs near 35%, the other European languages we tried near 10%) is English
    without asking langid: that skips a millisecond for most articles."""
    sample = text[:1000]
    words = _WORD.findall(sample)
    if len(words) >= 40 and sum(w.lower() in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.25 * len(words):
        return "en"
    import py3langid

    lang, _ = py3langid.classify(sample)
    return lang


def read_document(data: bytes, *, source_path: str, sha256: str) -> Document:
    """bytes -> Document, or UnreadableInput with the reason."""
    text, encoding = decode_bytes(data)
    return parse_document(text, source_path=source_path, sha256=sha256, encoding=encoding)
