"""Country names -> one canonical name, from pycountry's ISO 3166 data; party nicknames -> parties.

pycountry knows codes, official and common names; the few everyday exonyms it
does not (Britain, America, Russia) are listed here, as general data. Likewise
the nicknames and members' names English-language news uses for the major
British and American parties ("the Tories", "Lib Dems", "the GOP").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Everyday names pycountry does not carry, mapped to a name it does.
_EXONYMS = {
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "america": "United States",
    "usa": "United States",
    "united states of america": "United States",
    "russia": "Russia",
    "holland": "Netherlands",
    "north korea": "North Korea",
    "the netherlands": "Netherlands",
    "czech republic": "Czechia",
    "turkey": "Türkiye",
    "ivory coast": "Côte d'Ivoire",
    "burma": "Myanmar",
    "congo": "Congo",
    "vatican": "Holy See",
}

# Display names for the few whose ISO name reads oddly in news.
_DISPLAY = {
    "Russian Federation": "Russia",
    "Korea, Republic of": "South Korea",
    "Korea, Democratic People's Republic of": "North Korea",
    "Türkiye": "Turkey",
    "Holy See (Vatican City State)": "Vatican City",
}


# What news calls a party, or its members as a body, -> the party's name.
_PARTIES = {
    "tory": "Conservative Party",
    "tories": "Conservative Party",
    "conservatives": "Conservative Party",
    "tory party": "Conservative Party",
    "conservative party": "Conservative Party",
    "labour": "Labour Party",
    "labour party": "Labour Party",
    "lib dem": "Liberal Democrats",
    "lib dems": "Liberal Democrats",
    "liberal democrat": "Liberal Democrats",
    "liberal democrats": "Liberal Democrats",
    "liberal democrat party": "Liberal Democrats",
    "democrats": "Democratic Party",
    "democratic party": "Democratic Party",
    "republicans": "Republican Party",
    "republican party": "Republican Party",
    "gop": "Republican Party",
}


def party_name(mention: str) -> str | None:
    """The party a nickname or members' name stands for ('the Tories' -> 'Conservative Party'), else None."""
    text = fold(mention.strip())
    if text.startswith("the "):
        text = text[4:]
    return _PARTIES.get(text)


def fold(text: str) -> str:
    """Casefold and strip accents: the key two spellings of one name share."""
    if text.isascii():
        return text.casefold()  # nothing to strip: most names, at a fraction of the cost
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)
def country_name(mention: str) -> str | None:
    """Canonical country name for a mention ('U.S.' -> 'United States'), else None."""
    import pycountry

    text = mention.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    key = text.replace(".", "") if len(text) <= 6 else text
    if not key:
        return None
    alias = _EXONYMS.get(key.lower())
    if alias in _DISPLAY.values():
        return alias
    if alias:
        key = alias
    # Three-letter codes only when written as an all-caps code; two-letter ones are as often a US state
    # ('Tampa, FL') or a word as a country: only the United States' is read as a country.
    if len(key) <= 3 and not key.isupper() or len(key) == 2 and key != "US":
        return None
    try:
        country = pycountry.countries.lookup(key)
    except LookupError:
        return None
    name = getattr(country, "common_name", None) or country.name
    return _DISPLAY.get(country.name, _DISPLAY.get(name, name))


@lru_cache(maxsize=256)
def state_name(code: str) -> str | None:
    """The US state or Canadian province a postal code names ('FL' -> 'Florida'), from pycountry's ISO 3166-2 data."""
    import pycountry

    if len(code) != 2 or not code.isupper():
        return None
    for country in ("US", "CA"):
        found = pycountry.subdivisions.get(code=f"{country}-{code}")
        if found is not None:
            return found.name
    return None


# Capitals news uses for their governments ('Washington warned', "Beijing's response"): capital -> country.
_CAPITALS = {
    "washington": "United States", "beijing": "China", "moscow": "Russia", "london": "United Kingdom",
    "paris": "France", "berlin": "Germany", "tokyo": "Japan", "kabul": "Afghanistan", "tehran": "Iran",
    "damascus": "Syria", "baghdad": "Iraq", "kiev": "Ukraine", "kyiv": "Ukraine", "ankara": "Turkey",
    "riyadh": "Saudi Arabia", "pyongyang": "North Korea", "seoul": "South Korea", "new delhi": "India",
    "islamabad": "Pakistan", "cairo": "Egypt", "ottawa": "Canada", "canberra": "Australia", "madrid": "Spain",
    "rome": "Italy", "havana": "Cuba", "caracas": "Venezuela", "tripoli": "Libya", "khartoum": "Sudan",
    "hanoi": "Vietnam", "beirut": "Lebanon", "amman": "Jordan", "minsk": "Belarus", "tbilisi": "Georgia",
    "warsaw": "Poland", "budapest": "Hungary", "athens": "Greece", "dublin": "Ireland", "taipei": "Taiwan",
    "brasilia": "Brazil", "buenos aires": "Argentina", "mexico city": "Mexico", "nairobi": "Kenya",
    "pretoria": "South Africa", "abuja": "Nigeria", "jakarta": "Indonesia", "manila": "Philippines",
    "bangkok": "Thailand", "kathmandu": "Nepal", "dhaka": "Bangladesh", "doha": "Qatar", "abu dhabi": "United Arab Emirates",
}  # fmt: skip


def country_of_capital(mention: str) -> str | None:
    """The country whose capital a mention names ('Beijing' -> 'China'), else None."""
    return _CAPITALS.get(fold(mention.strip()))
