"""Who wrote a page and who published it: bylines, name and role lines, datelines and outlet credits.

Pure functions on one line (or one lede) of text, in the shapes news sites print: "By X and
Y", "By X | Outlet", "By X - Outlet Contributor", a name-only line over a role or agency line,
"CITY, St. (AP) —", "City –", "(City) ...", "Source: X", "© 2019 X", "Originally published on
X", "X is a reporter for Y". Names only in bylines: no agency, role or handle.
"""

from __future__ import annotations

import re

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
_AGENCY_NAMES = {n.lower(): n for n in AGENCIES.values()} | {
    "the associated press": "Associated Press",
    "agence france presse": "Agence France-Presse",
    "bloomberg news": "Bloomberg",
    "press association": "PA Media",
    "the canadian press": "The Canadian Press",
    "thomson reuters": "Reuters",
}

# Words of a journalist's role, never part of a name or an outlet: "Valley Science Contributor" -> "Valley Science".
ROLE_WORDS = frozenset(
    "reporter reporters writer writers correspondent correspondents editor editors contributor contributing columnist "
    "staff senior chief deputy associate assistant political business sports science health tech technology "
    "foreign diplomatic economics security defence defense legal crime home affairs entertainment news "
    "producer journalist intern critic photographer freelance special digital online desk team bureau "
    "managing executive international national local world us uk europe asia africa".split()
)
_CORE_ROLES = frozenset(
    "reporter writer correspondent editor contributor columnist staff producer journalist intern critic photographer desk bureau".split()
)
# Capitalised words that are page furniture or publishers, not parts of a person's name.
_NOT_NAME_WORDS = frozenset(
    "view more articles article stories story read latest news home menu search share follow subscribe sign up in out live "
    "video watch listen photos photo gallery opinion analysis world business sport sports politics entertainment tech science "
    "health local national international press agency media times post daily journal herald tribune network service online "
    "magazine group images getty staff reporter writer editor correspondent contributor email me facebook twitter print "
    "comments related updated published advertisement topics tags the and of for by on at to with from new "
    # places a page prints in the same spot (a match report's venue): never a person
    "park stadium stade arena ground grounds road street lane field centre center hall house square bridge "
    "court club college university school church hotel airport station palace theatre theater".split()
)
_PARTICLES = frozenset("de da di du dos das van von der den del della la le bin bint al el ibn st. st mac".split())
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Ma?c[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z]\.(?:[A-Z]\.)?|[A-Z]{2,}(?:[-'’][A-Z]+)?)$"
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def proper_case(name: str) -> str:
    """'JANE ROE' -> 'Jane Roe'; a name in mixed case is left as printed."""
    if not name.isupper():
        return name
    return " ".join(w if w.lower() in _PARTICLES else "-".join(p[:1] + p[1:].lower() for p in w.split("-")) for w in name.split())


def person_name(text: str) -> str | None:
    """``text`` when it has the shape of one person's name (2-5 capitalised words, particles allowed), else None."""
    words = text.strip().rstrip(",").split()
    if not 2 <= len(words) <= 5 or len(text) > 48 or "," in text.strip().rstrip(",").replace(", Jr", "").replace(", Sr", ""):
        return None
    named = 0
    for i, word in enumerate(words):
        bare = word.rstrip(",")
        if bare.lower() in _PARTICLES and 0 < i < len(words) - 1:
            continue
        if bare.lower() in _SUFFIXES and i == len(words) - 1:
            continue
        if not _NAME_TOKEN.match(bare) or bare.lower().strip(".") in _NOT_NAME_WORDS or bare.upper() in AGENCIES:
            return None
        named += 1
    return proper_case(text.strip().rstrip(",")) if named >= 2 else None


def names_in(text: str) -> str | None:
    """'Jane Roe and John Poe', 'A, B and C': every part a person's name, joined as printed."""
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+", text.strip()) if p.strip()]
    if not parts or any(person_name(p) is None for p in parts):
        return None
    names = [person_name(p) for p in parts]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def outlet_of_credit(text: str) -> str | None:
    """'Valley News' -> 'Valley News'; 'Valley Science Contributor' -> 'Valley Science'; 'Staff Writer' -> None."""
    words = text.strip(" .,|-–—").split()
    while words and words[-1].lower().strip(",.") in ROLE_WORDS and words[-1].lower().strip(",.") in _CORE_ROLES | {"senior", "staff"}:
        words.pop()
    if not words or all(w.lower().strip(",.") in ROLE_WORDS for w in words):
        return None
    if not words[0][:1].isupper() or len(words) > 6:
        return None
    return " ".join(words)


_BY = re.compile(r"^\s*(?:by|written by|words by)\s+(?P<rest>.+?)\s*$", re.I)


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """'By Jane Doe | Valley News' -> ('Jane Doe', 'Valley News'); 'By Jane Doe and John Roe' -> (both, None); None otherwise."""
    if len(line.split()) > 14:
        return None
    m = _BY.match(line)
    if not m:
        return None
    # The credit after a separator: ' | Valley News', ' - Valley Science Contributor', ', Associated Press'.
    parts = re.split(r"\s*\|\s*|\s+[-–—]\s+|\s*/\s*", m.group("rest"), maxsplit=1)
    head, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    names = names_in(head)
    if names is None and "," in head:
        first, _, after = head.partition(",")
        names, tail = names_in(first), tail or after
    if names is None:
        return None
    outlet = None
    if tail:
        outlet = agency_name(tail) or outlet_of_credit(tail)
    return names, outlet


def agency_name(line: str) -> str | None:
    """'Associated Press', 'The Associated Press', 'AP', 'Reuters': the agency's name; None for other lines."""
    key = re.sub(r"\s+", " ", line.strip(" .,()|-–—")).lower()
    code = key.upper().replace(".", "")
    return _AGENCY_NAMES.get(key) or (AGENCIES.get(code) if len(key) > 1 else None)


def is_role_line(line: str) -> bool:
    """'News reporter', 'Staff Writer', 'Senior Correspondent': a journalist's role and nothing else."""
    words = [w.lower().strip(",.") for w in line.split()]
    return 0 < len(words) <= 5 and all(w in ROLE_WORDS or w in ("and", "of", "the", "for", "at") for w in words) and any(
        w in _CORE_ROLES for w in words
    )


# ----------------------------------------------------------------------- outlet credits

_SOURCE = re.compile(r"(?:^|\|)\s*source\s*:\s*(?P<outlet>[A-Z][\w.&' -]{1,60}?)\s*(?:\||$)", re.I)
_ORIGINALLY = re.compile(
    r"^\s*(?:originally|first)\s+(?:published|appeared)\s+(?:on|in|at|by)\s+(?P<outlet>[A-Z][\w.&' -]{1,60}?)\s*\.?\s*$", re.I
)
_COPYRIGHT = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|@)?\s*(?:copyright\s*)?(?:©|@)?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<owner>.+?)\s*$", re.I
)
_BIO = re.compile(
    r"^\s*(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})\s+is\s+an?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:reporter|writer|correspondent|editor|journalist|producer|contributor|columnist|intern|critic)\s+(?:for|at|with)\s+"
    r"(?P<outlet>[A-Z][\w.&' -]{1,50}?)\s*[.,]"
)
_TOLD = re.compile(
    r"\btold\s+(?P<outlet>(?:[A-Z][\w.&'-]+)(?:\s+[A-Z][\w.&'-]+){0,3})(?=\s*[,.;:]|\s+[a-z])"
)
_MEDIA_WORDS = re.compile(
    r"\b(news|times|post|journal|press|radio|tv|television|magazine|herald|tribune|telegraph|guardian|gazette|daily|"
    r"channel|network|broadcasting|media|online|today|observer|independent|chronicle|wire)\b",
    re.I,
)
# Capitalised listeners that are institutions, not publishers: "told Congress".
_NOT_OUTLETS = frozenset("congress parliament senate assembly commons lords council court police mps reporters journalists".split())


def source_credit(line: str) -> str | None:
    """'... | Source: Valleynews.com' -> 'Valleynews.com'."""
    m = _SOURCE.search(line)
    return m.group("outlet").strip() if m else None


def originally_published(line: str) -> str | None:
    """'Originally published on Valley Science.' -> 'Valley Science'."""
    m = _ORIGINALLY.match(line)
    return m.group("outlet").strip() if m else None


def copyright_owner(line: str) -> str | None:
    """'© 2021 VALLEY MEDIA' -> 'VALLEY MEDIA'; '© The Valley Gazette, a Member of the Example Group' -> 'The Valley Gazette'."""
    if not re.search(r"©|\(c\)\s*\d|^\s*copyright\b", line, re.I) or len(line.split()) > 14:
        return None
    m = _COPYRIGHT.match(line)
    owner = re.split(r"\s*(?:,|\||\s[-–—]\s|\ball rights reserved\b)\s*", m.group("owner"), maxsplit=1, flags=re.I)[0] if m else ""
    owner = owner.strip(" .")
    return owner if owner[:1].isalpha() and owner[:1].isupper() and len(owner.split()) <= 6 else None


def bio_outlet(line: str) -> tuple[str, str] | None:
    """'Jane Roe is a reporter for Valley News.' -> ('Jane Roe', 'Valley News')."""
    m = _BIO.match(line.strip() if line.strip().endswith((".", ",")) else line.strip() + ".")
    return (m.group("name"), m.group("outlet").strip()) if m and len(line.split()) <= 25 else None


def told_outlet(text: str) -> str | None:
    """The publisher the story names as the reporter's listener: 'told Valleygazette', 'told The Daily Post'.

    One word, or a name with a media word; never an institution ('told Congress'), nor a
    surname the text prints after a first name ('Jane Smith' ... 'told Smith')."""
    for m in _TOLD.finditer(text):
        outlet = m.group("outlet")
        words = outlet.split()
        if words[0].lower() in _NOT_OUTLETS or re.search(rf"\b[A-Z][a-z]+\.?\s+{re.escape(outlet)}\b", text):
            continue
        if agency_name(outlet) or _MEDIA_WORDS.search(outlet) or len(words) == 1:
            return agency_name(outlet) or outlet
    return None


# --------------------------------------------------------------------------- datelines

_DASH = r"\s*[-–—]+\s*"
# "MEXICO CITY (AA) - ", "LONDON, March 3 (Reuters) - ", "ALBANY, N.Y. (AP) —", "WASHINGTON — "
_DATELINE_CAPS = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’ -]*[A-Z.])(?:,\s*(?P<extra>[A-Za-z. ]{2,30}?\d{0,4}))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?" + _DASH
)
# "London (Reuters) - "
_DATELINE_TITLE = re.compile(r"^(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}),?\s*\((?P<agency>[^()]{1,40})\)" + _DASH)
# "Springfield – Several ...": a place, an en or em dash, a new sentence.
_DATELINE_TITLE_DASH = re.compile(
    r"^(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
    r"(?:,\s*(?P<extra>[A-Z][a-z]{0,3}\.(?:\s?[A-Z][a-z]?\.)?|[A-Z][a-z]+))?\s+[–—]\s+(?=[A-Z\"“])"
)
# "(Washington) The ..." — the city in brackets, as French-language wires print it.
_DATELINE_PAREN = re.compile(r"^\((?P<city>[A-Z][\w.'’ -]{1,40})\)\s+(?=[A-Z\"“‘])")
# First words of a lede that a dash can follow without being a place: "Yesterday – ...".
_NOT_PLACES = frozenset("yesterday today meanwhile however now then first finally sources officials police".split())


def parse_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """(place, agency, prefix) from the start of a lede; the prefix is the text to cut.

    The place keeps its state or country when printed ('ALBANY, N.Y. (AP) —' -> 'Albany, N.Y.'),
    not a date ('LONDON, March 3 (Reuters) -' -> 'London')."""
    for rx in (_DATELINE_CAPS, _DATELINE_TITLE, _DATELINE_TITLE_DASH, _DATELINE_PAREN):
        m = rx.match(paragraph)
        if not m:
            continue
        city = m.group("city").strip()
        if rx is _DATELINE_CAPS and (len(city) < 3 or not any(c.isalpha() for c in city)):
            continue
        if rx is _DATELINE_TITLE_DASH and city.split()[0].lower() in _NOT_PLACES:
            continue
        if city.isupper():
            city = _title_case(city)
        extra = (m.groupdict().get("extra") or "").strip()
        if extra and not re.search(r"\d", extra) and not _MONTH_START.match(extra):
            city = f"{city}, {extra}"
        agency = (m.groupdict().get("agency") or "").strip()
        outlet = AGENCIES.get(agency.upper().replace(".", ""), agency or None) if agency else None
        return city, outlet, m.group(0)
    return None, None, ""


_MONTH_START = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


def _title_case(text: str) -> str:
    small = {"of", "de", "la", "el", "and", "upon", "on"}
    words = text.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))
