"""Reported numbers -> figures with value, unit, measure, qualifier and period.

spaCy's numeric entities cut money and units inconsistently ("£" outside,
"15.8" inside, "m" as a verb), so figures are grouped from tokens: a number
(digits, or words via text2num), its scale (million, bn, m, k), currency
(symbols, codes, words, before or after), percent, physical unit, time unit
(durations such as "33 months" are figures; dates are not) or multiplier
("four times"), and the hedge before it. spaCy's entities are used to skip
what is not a figure: dates, times, ordinals and numbers that belong to a name
("Radio 4"). The measure is read from the dependency parse: the noun the number
counts, the "of" object of a unit ("tons of cocaine"), the noun a percentage
belongs to ("a turnout of 25.7%"), or the subject or object of the verb a sum
belongs to ("profits jumped 76%", "lifted interest rates 0.25%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from transforms.lexicon import (
    APPROX,
    AT_LEAST,
    AT_MOST,
    CHANGE_NOUNS,
    CHANGE_VERBS,
    CODE_WORDS,
    CONTAINERS,
    CURRENCY_CODES,
    CURRENCY_COUNTRIES,
    CURRENCY_PREFIXES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DIMENSION_NOUNS,
    DIMENSIONS,
    EMERGENCY_HEADS,
    EMERGENCY_NUMBERS,
    EVENT_NOUNS,
    IDIOM_HEADS,
    MONEY_VERB_MEASURES,
    PERCENT_WORDS,
    SCALES,
    SCORE_WORDS,
    STREET_WORDS,
    TIME_UNITS,
    UNITS,
    VAGUE_QUANTIFIERS,
    VAGUE_WORDS,
)
from transforms.quantities import base_quantity, measure_key, singular
from transforms.records import Figure, stable_id
from transforms.syntax import document_text, entities, sentence_of, subject_of

_DIGITS = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>bn|m|mn|k|tn|b)?$", re.I)
SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "NORP", "LANGUAGE", "LOC"}


@dataclass
class _Number:
    """A number and what is attached to it, as token indices."""

    first: int  # first token of the figure (currency symbol included)
    last: int  # last token (unit, percent sign, scale word included)
    value: float
    value_high: float | None
    unit: str | None
    kind: str  # count | money | percent | unit | duration | multiplier
    unit_tok: Token | None
    is_word: bool


def _word_value(tok: Token) -> float | None:
    """Value of a number word ('twelve', 'twenty-five'); None for vague plurals and non-numbers."""
    from text_to_num import text2num

    low = tok.lower_
    if low in VAGUE_WORDS or (not tok.is_alpha and "-" not in low):
        return None
    if low == "dozen":
        return 12.0
    try:
        return float(text2num(low, "en"))
    except ValueError:
        return None


def _number_value(tok: Token) -> tuple[float, float] | None:
    """(value, scale) of a digit token such as '1,435.6', '1.13bn', '15.8m'."""
    m = _DIGITS.match(tok.text)
    if not m:
        return None
    value = float(m.group("num").replace(",", ""))
    scale = SCALES.get((m.group("scale") or "").lower(), 1.0)
    return value, scale


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


@dataclass
class _Reading:
    """A number being read at token ``i``: its value before scaling and what the reading steps attach to it."""

    i: int
    value: float
    is_word: bool
    first: int
    last: int
    scale: float = 1.0
    unit: str | None = None
    kind: str = "count"
    unit_tok: Token | None = None
    value_high: float | None = None


def _start_reading(doc: Doc, i: int) -> _Reading | None:
    """A digit token ('1,435.6', '15.8m') or a number word ('twelve', 'dozen') at i, else None."""
    tok = doc[i]
    parsed = _number_value(tok)
    if parsed is not None:
        return _Reading(i, parsed[0], False, i, i, scale=parsed[1])
    if not (tok.pos_ == "NUM" or tok.lower_ == "dozen"):
        return None
    word = _word_value(tok)
    return _Reading(i, word, True, i, i) if word is not None else None


# ---- reading steps: (doc, reading) -> None, each attaching what follows or precedes the number. In order.


def _and_a_half(doc: Doc, r: _Reading) -> None:
    """'two-and-a-half', 'three and a half'."""
    words = [t.lower_ for t in doc[r.i + 1 : r.i + 7] if t.text != "-"]
    if words[:3] == ["and", "a", "half"]:
        r.value += 0.5
        r.last = next(t.i for t in doc[r.i + 1 : r.i + 7] if t.lower_ == "half")


def _scale_word(doc: Doc, r: _Reading) -> None:
    """'1.8 million', '15.8 m' written apart, '$5-million' hyphenated (not a one-letter scale after a hyphen:
    '5-m' is rare and ambiguous); but '2.5m high' is metres."""
    n, j, apart = len(doc), r.last + 1, doc[r.i].whitespace_
    if j + 1 < n and doc[j].text == "-" and not apart and not doc[j].whitespace_ and len(doc[j + 1].text) > 2:
        j += 1 if doc[j + 1].lower_ in SCALES and r.scale == 1.0 else 0
    while j < n and r.scale == 1.0 and doc[j].lower_ in SCALES and (doc[j].lower_ not in ("m", "b", "k") or not apart):
        r.scale, r.last = SCALES[doc[j].lower_], j
        j += 1


def _metres_of_a_dimension(doc: Doc, r: _Reading) -> None:
    """'2.5m high' is metres: no unit the warehouse knows, so the dimension word goes to the measure."""
    metres = doc[r.i].text.lower().endswith("m") or (r.last > r.i and doc[r.last].lower_ == "m")
    if metres and r.last + 1 < len(doc) and doc[r.last + 1].lower_ in DIMENSIONS:
        r.scale, r.kind, r.unit_tok = 1.0, "length", doc[r.last + 1]


def _currency_before(doc: Doc, r: _Reading) -> None:
    """'$', '£', 'US$', 'A$', 'EUR', 'Australian dollar 29.4bn' before the number (not 'won' the verb)."""
    k = r.i - 1
    if k < 0:
        return
    prev = doc[k]
    if prev.text in CURRENCY_SYMBOLS or prev.lower_ in CURRENCY_PREFIXES or prev.text in CURRENCY_CODES:
        r.unit = CURRENCY_SYMBOLS.get(prev.text) or CURRENCY_PREFIXES.get(prev.lower_) or prev.text
        glued = k >= 1 and not doc[k - 1].whitespace_
        if prev.text == "$" and glued and doc[k - 1].text.upper() in ("A", "AU", "C", "NZ", "HK", "S", "US"):
            r.unit = CURRENCY_PREFIXES[doc[k - 1].text.lower() + "$"]  # 'US' '$' tokenised apart
            k -= 1
        r.first, r.kind = k, "money"
    elif prev.lower_ in CURRENCY_WORDS and not (prev.lower_ == "won" and prev.pos_ in ("VERB", "AUX")):
        r.unit, r.first, r.kind = CURRENCY_WORDS[prev.lower_], k, "money"
        if k >= 1 and doc[k - 1].lower_ in CURRENCY_COUNTRIES:
            r.unit, r.first = CURRENCY_COUNTRIES[doc[k - 1].lower_], k - 1


def _unit_after(doc: Doc, r: _Reading) -> None:
    """The first of UNITS_AFTER that reads the word after the number (also hyphenated: '20-mile'), when no
    currency came before it."""
    j = r.last + 1
    if j < len(doc) and doc[j].text == "-" and j + 1 < len(doc):
        j += 1
    if j >= len(doc) or r.unit is not None:
        return
    for read in UNITS_AFTER:
        if read(doc, r, j):
            return


def _one_in_n(doc: Doc, r: _Reading) -> None:
    """'one in three': a ratio (it has no value of its own: see _a_ratio)."""
    if r.kind == "count" and r.last + 2 < len(doc) and doc[r.last + 1].lower_ == "in" and doc[r.last + 2].like_num:
        r.kind, r.last = "ratio", r.last + 2


def _range(doc: Doc, r: _Reading) -> None:
    """'18 to 45', '2-3%', '2% to 3%'; not '1% to 57.85 Swiss francs' (a new level), and after a percentage only
    a bare first number opens a 'to' range ('0.25% to 5.5%' after a verb of change is a move)."""
    n, last = len(doc), r.last
    joiner = doc[last + 1].lower_ if last + 1 < n else ""
    bare = r.kind != "percent" or joiner != "to"
    if r.kind not in ("count", "percent", "duration") or not bare or last + 2 >= n or joiner not in ("to", "-", "–"):
        return
    high = _number_value(doc[last + 2])
    after = doc[last + 3].lower_ if last + 3 < n else ""
    same_kind = (after in PERCENT_WORDS) if r.kind == "percent" else (after not in CURRENCY_WORDS and after not in CURRENCY_COUNTRIES)
    if high is not None and high[0] * high[1] > r.value and same_kind:
        r.value_high = high[0] * high[1] * r.scale
        r.last += 2
        if after in PERCENT_WORDS:
            r.unit, r.kind, r.last = "percent", "percent", r.last + 1


READING_STEPS = (
    _and_a_half,
    _scale_word,
    _metres_of_a_dimension,  # after the scale: '2.5m' read 'm' as a scale first
    _currency_before,
    _unit_after,  # after the currency: a currency before leaves no unit to find after
    _one_in_n,
    _range,  # last: the range reads the kind the others gave
)


# ---- units after the number: (doc, reading, j) -> True when the word at j is its unit. The first that reads one wins.


def _percent(doc: Doc, r: _Reading, j: int) -> bool:
    """'5%', '5 percent', '5 pc', '5 per cent'."""
    if doc[j].lower_ in PERCENT_WORDS:
        r.unit, r.kind, r.last = "percent", "percent", j
        return True
    if doc[j].lower_ == "per" and j + 1 < len(doc) and doc[j + 1].lower_ == "cent":
        r.unit, r.kind, r.last = "percent", "percent", j + 1
        return True
    return False


def _country_currency(doc: Doc, r: _Reading, j: int) -> bool:
    """'5 Hong Kong dollars' -> HKD."""
    country = CURRENCY_COUNTRIES.get(doc[j].lower_)
    if country and j + 1 < len(doc) and doc[j + 1].lower_ in CURRENCY_WORDS:
        r.unit, r.kind, r.last = country, "money", j + 1
        return True
    return False


def _currency_word(doc: Doc, r: _Reading, j: int) -> bool:
    """'5 euros', '40 dollars' (a country before the number says whose: 'Canadian 40 dollars'); not '5 pounds of'."""
    low = doc[j].lower_
    if low not in CURRENCY_WORDS or (low in ("pound", "pounds") and j + 1 < len(doc) and doc[j + 1].lower_ == "of"):
        return False
    r.unit, r.kind, r.last = CURRENCY_WORDS[low], "money", j
    if low.startswith("dollar") and r.first > 0 and doc[r.first - 1].lower_ in CURRENCY_COUNTRIES:
        r.unit = CURRENCY_COUNTRIES[doc[r.first - 1].lower_]
    return True


def _currency_code(doc: Doc, r: _Reading, j: int) -> bool:
    """'300 EUR'."""
    if doc[j].text in CURRENCY_CODES:
        r.unit, r.kind, r.last = doc[j].text, "money", j
        return True
    return False


def _physical_unit(doc: Doc, r: _Reading, j: int) -> bool:
    """'20 miles', '3 tonnes'."""
    if doc[j].lower_ in UNITS:
        r.unit, r.kind, r.last, r.unit_tok = UNITS[doc[j].lower_], "unit", j, doc[j]
        return True
    return False


def _time_unit(doc: Doc, r: _Reading, j: int) -> bool:
    """'18 months': a duration (the time word stays out of the figure's span)."""
    if _lemma(doc[j]) in TIME_UNITS:
        r.kind, r.unit_tok = "duration", doc[j]
        return True
    return False


def _times(doc: Doc, r: _Reading, j: int) -> bool:
    """'three times the price': a multiplier."""
    if doc[j].lower_ == "times":
        r.kind, r.unit_tok = "multiplier", doc[j]
        return True
    return False


UNITS_AFTER = (_percent, _country_currency, _currency_word, _currency_code, _physical_unit, _time_unit, _times)


def _read(doc: Doc, i: int) -> _Number | None:
    """The number starting at token i with its scale, currency, unit and range (READING_STEPS), or None."""
    r = _start_reading(doc, i)
    if r is None:
        return None
    for step in READING_STEPS:
        step(doc, r)
    return _Number(r.first, r.last, r.value * r.scale, r.value_high, r.unit, r.kind, r.unit_tok, r.is_word)


def _an_identifier(doc: Doc, num: _Number, i: int) -> bool:
    """Numbers that name or code rather than count: standards and versions ('802.11g', 'version 2.0'), scores
    ('won 4-1'), street numbers ('221 Baker Street'), phone numbers ('555-0123'), events ('the 400m final')."""
    tok, n = doc[i], len(doc)
    prev = doc[num.first - 1] if num.first > 0 else None
    nxt = doc[num.last + 1] if num.last + 1 < n else None
    glued = nxt is not None and not doc[num.last].whitespace_ and nxt.is_alpha
    suffix = glued and nxt.lower_ not in SCALES | UNITS.keys() | PERCENT_WORDS and _lemma(nxt) not in TIME_UNITS
    if suffix and num.kind in ("count", "length"):
        return True  # '802.11g', '4G', '3D': a code
    if prev is not None and prev.lower_ in CODE_WORDS and num.kind == "count":
        return True
    in_metres = re.fullmatch(r"\d+m", tok.text.lower()) or (num.last > i and doc[num.last].lower_ == "m")
    if in_metres and num.unit is None and nxt is not None and nxt.lower_ in EVENT_NOUNS:
        return True  # 'the 400m final': an event
    if num.kind == "count" and nxt is not None and nxt.text in ("-", "–") and num.last + 2 < n and doc[num.last + 2].like_num:
        before = doc[num.first - 1].lemma_.lower() if num.first > 0 else ""
        after = doc[num.last + 3].lemma_.lower() if num.last + 3 < n else ""
        if before in SCORE_WORDS or after in SCORE_WORDS:
            return True  # 'won 4-1', 'a 2-0 defeat'
        if not doc[num.last].whitespace_ and not nxt.whitespace_ and len(doc[num.last + 2].text) >= 4:
            return True  # '555-0123': a phone number
    if num.kind == "count" and nxt is not None and nxt.pos_ == "PROPN" and num.last + 2 < n:
        following = [t.lower_.strip(".") for t in doc[num.last + 1 : num.last + 4]]
        if any(w in STREET_WORDS for w in following[1:]) and all(t.text[:1].isupper() for t in doc[num.last + 1 : num.last + 2]):
            return True  # '221 Baker Street'
    return False


def _around(doc: Doc, num: _Number) -> tuple[Token | None, Token | None]:
    """The tokens right before and right after a figure (None at the document's ends)."""
    prev = doc[num.first - 1] if num.first > 0 else None
    nxt = doc[num.last + 1] if num.last + 1 < len(doc) else None
    return prev, nxt


# ---- not a figure: (doc, number, i) -> True when the number is no reported figure. Any one drops it.


def _an_entity_of_another_kind(doc: Doc, num: _Number, i: int) -> bool:
    """A date, an ordinal, part of a name: what the model tagged as another entity ('£2bn' tagged ORDINAL is still money)."""
    return doc[i].ent_type_ in SKIP_ENTS and num.kind not in ("duration", "money")


def _a_ratio(doc: Doc, num: _Number, i: int) -> bool:
    """'one in three' has no value of its own."""
    return num.kind == "ratio"


def _a_scale_adjective(doc: Doc, num: _Number, i: int) -> bool:
    """'billion-dollar deal': an adjective, not an amount."""
    return num.is_word and doc[i].lower_ in SCALES and i + 1 < len(doc) and doc[i + 1].text == "-"


def _a_year(doc: Doc, num: _Number, i: int) -> bool:
    """'in 1999', 'by 2030': a bare whole number from 1800 to 2100."""
    text = doc[i].text
    plain = num.kind == "count" and not num.is_word and "," not in text and "." not in text
    return plain and num.value == int(num.value) and 1800 <= num.value <= 2100


def _glued_to_a_mark(doc: Doc, num: _Number, i: int) -> bool:
    """'site-59', '2000-1', '10/12': digits glued to the mark before them."""
    prev, _ = _around(doc, num)
    return num.kind == "count" and not num.is_word and prev is not None and not prev.whitespace_ and prev.text in ("-", "/", "#", ":")


def _a_time_or_fraction(doc: Doc, num: _Number, i: int) -> bool:
    """'10:30', '3/4': digits glued to a colon or slash after them."""
    _, nxt = _around(doc, num)
    return num.kind == "count" and not num.is_word and nxt is not None and not doc[num.last].whitespace_ and nxt.text in (":", "/")


def _an_emergency_number(doc: Doc, num: _Number, i: int) -> bool:
    """'911 calls', 'dial 999': a phone number."""
    prev, nxt = _around(doc, num)
    if num.kind != "count" or num.is_word or doc[i].text not in EMERGENCY_NUMBERS:
        return False
    return (nxt is not None and nxt.lemma_.lower() in EMERGENCY_HEADS) or (prev is not None and prev.lemma_.lower() in ("call", "dial"))


def _after_its_name(doc: Doc, num: _Number, i: int) -> bool:
    """'Radio 4', 'Sky One', 'Apollo 11': a number that follows the name it belongs to (not 'Acme 5 days later')."""
    tok, (prev, _) = doc[i], _around(doc, num)
    if num.kind not in ("count", "duration") or (num.is_word and not tok.text[:1].isupper()):
        return False
    named = prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() and not prev.is_sent_start
    return named and (tok.dep_ != "nummod" or tok.head.i <= prev.i)


def _a_counting_word(num: _Number) -> bool:
    """A number word counting or timing something: the rules below read only these."""
    return num.is_word and num.kind in ("count", "duration")


def _zero_words(doc: Doc, num: _Number, i: int) -> bool:
    """'zero tolerance', 'nil'."""
    return _a_counting_word(num) and doc[i].lower_ in ("zero", "nil", "none")


def _an_idiom(doc: Doc, num: _Number, i: int) -> bool:
    """'two-bit', 'one-off'."""
    _, nxt = _around(doc, num)
    hyphen = nxt is not None and nxt.text == "-" and num.last + 2 < len(doc)
    return _a_counting_word(num) and hyphen and doc[num.last + 2].lower_ in IDIOM_HEADS


def _a_back_reference(doc: Doc, num: _Number, i: int) -> bool:
    """'the two countries', 'both sides': a reference back, not a reported count."""
    prev, _ = _around(doc, num)
    return _a_counting_word(num) and num.value < 10 and prev is not None and prev.lower_ in ("the", "these", "those", "both", "all")


def _one_as_a_pronoun(doc: Doc, num: _Number, i: int) -> bool:
    """'one of the sons', 'one day', 'at one point': 'one' that counts nothing."""
    tok, (prev, _) = doc[i], _around(doc, num)
    if not _a_counting_word(num) or tok.lower_ != "one":
        return False
    at_one_point = prev is not None and prev.lower_ == "at" and tok.head.lower_ in ("point", "stage")
    return tok.dep_ != "nummod" or tok.head.lower_ in ("day", "time", "way") or at_one_point


def _one_as_a_certain(doc: Doc, num: _Number, i: int) -> bool:
    """'One Valley County station', 'one Labour MP': 'a certain', not a count."""
    _, nxt = _around(doc, num)
    one = _a_counting_word(num) and doc[i].lower_ == "one"
    return one and nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper()


def _dozens(doc: Doc, num: _Number, i: int) -> bool:
    """'dozens', 'the dozen': only 'a dozen' is twelve."""
    prev, _ = _around(doc, num)
    return _a_counting_word(num) and doc[i].lower_ == "dozen" and not (prev is not None and prev.lower_ == "a")


def _vague(doc: Doc, num: _Number, i: int) -> bool:
    """'several thousand teachers', 'a few hundred': no value is given."""
    prev, _ = _around(doc, num)
    return _a_counting_word(num) and prev is not None and prev.lower_ in VAGUE_QUANTIFIERS


def _part_of_a_name(doc: Doc, num: _Number, i: int) -> bool:
    """'the Six-Day War': a capitalised number word hyphenated to a capitalised word mid-sentence."""
    tok, (_, nxt) = doc[i], _around(doc, num)
    if not _a_counting_word(num) or not tok.text[:1].isupper() or tok.is_sent_start:
        return False
    return nxt is not None and nxt.text == "-" and num.last + 2 < len(doc) and doc[num.last + 2].text[:1].isupper()


NOT_A_FIGURE = (
    _an_identifier,
    _an_entity_of_another_kind,
    _a_ratio,
    _a_scale_adjective,
    _a_year,
    _glued_to_a_mark,
    _a_time_or_fraction,
    _an_emergency_number,
    _after_its_name,
    _zero_words,
    _an_idiom,
    _a_back_reference,
    _one_as_a_pronoun,
    _one_as_a_certain,
    _dozens,
    _vague,
    _part_of_a_name,
)


def _not_a_figure(doc: Doc, num: _Number, i: int) -> bool:
    """Dates, years, names, identifiers, idioms and back-references are not reported figures (NOT_A_FIGURE)."""
    return any(rule(doc, num, i) for rule in NOT_A_FIGURE)


def _qualifier(doc: Doc, start: int) -> tuple[str, int]:
    """(qualifier, new start) from the words right before a number ('up to a $250,000 fine': the article skipped)."""
    if start >= 2 and doc[start - 1].lower_ in ("a", "an") and doc[start - 2].lower_ in ("to", "of", "than"):
        qualifier, begin = _qualifier(doc, start - 1)
        if qualifier != "exact":
            return qualifier, begin
    for size in (3, 2, 1):
        if start - size < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start - size : start])
        if words in AT_LEAST:
            return "at_least", start - size
        if words in AT_MOST:
            return "at_most", start - size
        if words in APPROX:
            return "approximate", start - size
    return "exact", start


def _noun_phrase(tok: Token, exclude: set[int] | None = None) -> str:
    """The noun with its compounds and adjectives, without determiners and numbers."""
    exclude = exclude or set()
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i not in exclude and not t.like_num and t.text != "-"]
    words: list[str] = []
    expected = tok.i - 1
    for t in sorted(left, key=lambda t: -t.i):  # only the contiguous run next to the head
        sub = sorted(t.subtree, key=lambda s: s.i)
        if sub[-1].i != expected or any(s.i in exclude or s.like_num or s.dep_ in ("det", "poss") for s in sub):
            break
        words = [s.text for s in sub] + words
        expected = sub[0].i - 1
    phrase = " ".join([*words, tok.text])
    if tok.lemma_.lower() in CONTAINERS:
        # 'the number of respondents aged 12 to 17 who had ...', 'the number who said ...': what is counted, in full.
        obj = _of_object(tok)
        if obj is not None and obj.i in exclude:
            return phrase  # 'a total of $1.1bn': the figure itself
        if obj is not None:
            return f"{phrase} of {_noun_phrase(obj)}{_post_modifiers(obj)}"
        return f"{phrase}{_post_modifiers(tok, ('relcl', 'acl'))}"
    return phrase


def _post_modifiers(tok: Token, deps: tuple[str, ...] = ("acl", "relcl", "prep"), limit: int = 16) -> str:
    """The participle, relative clause and preposition phrases right after a noun, up to a comma or ``limit`` words."""
    doc = tok.doc
    end = tok.i + 1
    for child in sorted(tok.rights, key=lambda c: c.i):
        if child.dep_ not in deps or child.left_edge.i != end:
            break
        last = max(t.i for t in child.subtree) + 1
        if last - tok.i > limit or any(t.text in (",", ";", "(", "—") for t in doc[end:last]):
            break
        end = last
    return " " + doc[tok.i + 1 : end].text if end > tok.i + 1 else ""


def _of_object(tok: Token, preps: tuple[str, ...] = ("of",)) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _verb_of(tok: Token) -> Token | None:
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return None


@dataclass
class _Anchored:
    """A figure as the measure rules read it: its tokens, the token that attaches it to the sentence, its unit word."""

    doc: Doc
    num: _Number
    group: set[int]  # the figure's own tokens
    anchor: Token  # the unit word if any, else the token that attaches the figure ('£' '15.8' 'm' -> '15.8')
    unit_tok: Token | None

    @cached_property
    def verb(self) -> Token | None:
        """The verb the figure hangs from (read once for the four verb rules)."""
        return _verb_of(self.anchor)

    @cached_property
    def subject(self) -> Token | None:
        """That verb's subject."""
        return subject_of(self.verb) if self.verb is not None else None


def _anchored(doc: Doc, num: _Number, i: int) -> _Anchored:
    group = set(range(num.first, num.last + 1))
    outward = [k for k in sorted(group) if doc[k].head.i not in group or doc[k].head.i == k]
    root = doc[i] if i in outward else doc[outward[-1]] if outward else doc[i]
    return _Anchored(doc, num, group, num.unit_tok if num.unit_tok is not None else root, num.unit_tok)


# ---- measure rules: (anchored figure) -> what it counts or measures, or None. The first that answers wins.


def _an_of_phrase(a: _Anchored) -> str | None:
    """'tons of cocaine', '12 of their executives', '18 months of talks': the object of 'of'."""
    obj = _of_object(a.anchor)
    if obj is None or obj.i in a.group or obj.like_num or obj.text in CURRENCY_SYMBOLS:
        return None
    phrase = _noun_phrase(obj)
    return f"{a.unit_tok.text} of {phrase}" if a.num.kind in ("duration", "multiplier") else phrase


def _metres_in_a_dimension(a: _Anchored) -> str | None:
    """'2.5m high' -> 'metres high'."""
    return f"metres {a.unit_tok.text}" if a.num.kind == "length" and a.unit_tok is not None else None


def _a_dimension(a: _Anchored) -> str | None:
    """'a wall 20ft high' (see _dimension)."""
    return _dimension(a.doc, a.num)


def _across_a_conversion(a: _Anchored) -> str | None:
    """'a $6.75bn (£3.6bn) buyout' (see _noun_after_conversion)."""
    return _noun_after_conversion(a.doc, a.num)


def _of_a_restated_amount(a: _Anchored) -> str | None:
    """'about 2,750 tons, or 2,500 metric tons, of water': the 'of' phrase after a restated amount."""
    if a.unit_tok is None or a.num.kind != "unit":
        return None
    for conj in (c for c in a.unit_tok.children if c.dep_ == "conj"):
        if (obj := _of_object(conj)) is not None:
            return _noun_phrase(obj)
    return None


def _a_time_or_times(a: _Anchored) -> str | None:
    """'an 18-month loan deal', 'three times the average', else the time word itself ('months')."""
    unit_tok, num = a.unit_tok, a.num
    if num.kind not in ("duration", "multiplier") or unit_tok is None:
        return None
    head = unit_tok.head
    if unit_tok.dep_ in ("compound", "amod", "nmod", "npadvmod") and head.pos_ == "NOUN" and head.i > unit_tok.i:
        return f"{unit_tok.text} {_noun_phrase(head, exclude=a.group | {unit_tok.i})}"
    if num.kind == "multiplier":
        right = [t for t in unit_tok.subtree if t.i > unit_tok.i][:4] or list(a.doc[unit_tok.i + 1 : unit_tok.i + 4])
        return " ".join([unit_tok.text, *(t.text for t in right if not t.is_punct)])  # not the full stop after it
    return unit_tok.text


def _the_noun_it_modifies(a: _Anchored) -> str | None:
    """'50,000 Venezuelans', '20-mile stretch of wall', 'a £15.8m signing' (its 'of' phrase too, unless the
    noun is a container: 'a total of')."""
    anchor, head = a.anchor, a.anchor.head
    hops = 0
    while head.i in a.group and head.head.i != head.i and hops < 3:
        head, hops = head.head, hops + 1
    unit_modifies = a.unit_tok is not None and a.unit_tok.dep_ in ("compound", "amod", "nmod")
    modifier = anchor.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") or unit_modifies
    nounish = head.pos_ in ("NOUN", "PROPN") or head.tag_ in ("VBG", "NN")
    if not (modifier and head.i not in a.group and nounish and head.i > anchor.i):
        return None
    phrase = _noun_phrase(head, exclude=a.group)
    of = _of_object(head)
    if of is not None and of.i - head.i <= 4 and head.lemma_.lower() not in CONTAINERS:
        phrase = f"{phrase} of {_noun_phrase(of)}"
    return phrase


def _the_unit_itself(a: _Anchored) -> str | None:
    """'20 miles' with nothing else said: 'miles'."""
    return a.unit_tok.text if a.unit_tok is not None and a.num.kind == "unit" else None


def _a_share_described(a: _Anchored) -> str | None:
    """'25% of voters', 'a 25% stake' (see _share_described)."""
    return _share_described(a.anchor) if a.num.kind == "percent" else None


def _what_the_of_phrase_belongs_to(a: _Anchored) -> str | None:
    """'a turnout of 25.7%', 'an increase of 104%': the noun the 'of' phrase belongs to."""
    anchor = a.anchor
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        return _noun_phrase(anchor.head.head, exclude=a.group)
    return None


def _money_in_or_from(a: _Anchored) -> str | None:
    """'£2bn in licence fee money', '£7.4m from the UK Treasury'."""
    if a.num.kind != "money":
        return None
    obj = _of_object(a.anchor, ("in", "from", "for", "on"))
    return _noun_phrase(obj) if obj is not None and obj.pos_ in ("NOUN", "PROPN") else None


def _the_object_of_its_verb(a: _Anchored) -> str | None:
    """'lifted interest rates 0.25%': the verb's object, when the figure is not that object."""
    verb = a.verb
    if verb is None or a.anchor.dep_ == "dobj":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in a.group and c.pos_ in ("NOUN", "PROPN")), None)
    return _noun_phrase(obj) if obj is not None else None


def _what_a_money_verb_measures(a: _Anchored) -> str | None:
    """'the film took $42.8m': its takings, not the film."""
    verb = a.verb
    if verb is not None and a.num.kind == "money" and a.anchor.dep_ == "dobj":
        return MONEY_VERB_MEASURES.get(verb.lemma_.lower())
    return None


def _the_subject_of_its_verb(a: _Anchored) -> str | None:
    """'profits jumped 76%': the verb's subject (a share price for 'shares')."""
    subj = a.subject
    if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i not in a.group:
        return _shares_price(a.doc, a.num, subj) or _noun_phrase(_shown(subj, a.verb))
    return None


def _where_an_amount_goes(a: _Anchored) -> str | None:
    """'£13.4m will come from the grant': the figure is the subject; its verb's 'from'/'to'/'for' phrase."""
    subj = a.subject
    if subj is None or subj.i not in a.group:
        return None
    obj = _of_object(a.verb, ("from", "to", "for", "on", "in"))
    return _noun_phrase(obj) if obj is not None else None


def _the_noun_it_belongs_to(a: _Anchored) -> str | None:
    """'a 3% rise in prices' -> prices; else the noun the figure hangs from."""
    head = a.anchor.head
    if head.pos_ != "NOUN" or head.i in a.group:
        return None
    changed = _of_object(head, ("in", "of")) if head.lemma_.lower() in CHANGE_NOUNS else None
    return _noun_phrase(changed if changed is not None else head)


MEASURE_RULES = (
    _an_of_phrase,
    _metres_in_a_dimension,
    _a_dimension,
    _across_a_conversion,
    _of_a_restated_amount,
    _a_time_or_times,  # answers for every time or 'times' word: the rules below read nouns and verbs
    _the_noun_it_modifies,
    _the_unit_itself,
    _a_share_described,
    _what_the_of_phrase_belongs_to,
    _money_in_or_from,
    _the_object_of_its_verb,  # the verb rules in this order: object, a money verb's sense, subject, destination
    _what_a_money_verb_measures,
    _the_subject_of_its_verb,
    _where_an_amount_goes,
    _the_noun_it_belongs_to,
)


def _measure(doc: Doc, num: _Number, i: int) -> str | None:
    """What the number counts or measures, read off the dependency parse: the first MEASURE_RULES answer."""
    anchored = _anchored(doc, num, i)
    for rule in MEASURE_RULES:
        if (found := rule(anchored)) is not None:
            return found
    return None


def _noun_after_conversion(doc: Doc, num: _Number) -> str | None:
    """'a $6.75bn (£3.6bn) buyout': the noun a sum modifies across the conversion in brackets."""
    k = num.last + 1
    if (
        num.first == 0
        or doc[num.first - 1].lower_ not in ("a", "an", "the", "its", "their", "his", "her")
        or k >= len(doc)
        or doc[k].text != "("
    ):
        return None
    close = next((t.i for t in doc[k + 1 : k + 8] if t.text == ")"), None)
    if close is None or not any(_number_value(t) or t.like_num for t in doc[k + 1 : close]):
        return None
    words = []
    for t in doc[close + 1 : close + 4]:
        if t.pos_ != "NOUN" or not t.is_lower:
            break
        words.append(t.text)
    return " ".join(words) or None


def _shares_price(doc: Doc, num: _Number, subject: Token) -> str | None:
    """A sum that shares move to is their price: "Acme's shares rose 1% to 57.85 francs"."""
    if num.kind != "money" or subject.lemma_.lower() not in ("share", "stock"):
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    return f"{owner.text} share price" if owner is not None and owner.pos_ != "PRON" else "share price"


def _shown(subject: Token, verb: Token) -> Token:
    """'data showing the economy grew 0.1%': the parser makes 'data' the subject of 'grew'; the economy grew."""
    for acl in (c for c in subject.children if c.dep_ == "acl" and c.lemma_.lower() in ("show", "suggest", "indicate", "reveal")):
        obj = next((c for c in acl.children if c.dep_ == "dobj"), None)
        if obj is not None and max(t.i for t in obj.subtree) + 1 == verb.i:
            return obj
    return subject


def _dimension(doc: Doc, num: _Number) -> str | None:
    """'the 1,900-mile-wide moon' -> 'width of moon': a size followed by a dimension adjective."""
    k = num.last + 1
    if k < len(doc) and doc[k].text == "-":
        k += 1
    if k >= len(doc) or doc[k].lower_ not in DIMENSION_NOUNS or num.unit_tok is None:
        return None
    adjective = doc[k]
    noun = adjective.head
    if noun.lower_ in UNITS:  # 'the 2,100-mile-wide (3,400 kilometers) Castor': the parser took the restated unit
        noun = next((c for c in noun.children if c.dep_ == "appos"), noun)
    what = _noun_phrase(noun) if noun.pos_ in ("NOUN", "PROPN") and noun.i > adjective.i else None
    return f"{DIMENSION_NOUNS[adjective.lower_]} of {what}" if what else DIMENSION_NOUNS[adjective.lower_]


def _share_described(anchor: Token) -> str | None:
    """'77 percent were aged 26 or above', '65 percent were white', '15.36 percent Hispanic': a share
    described by its predicate rather than by a noun."""
    head = anchor.head
    if anchor.dep_ == "npadvmod" and head.pos_ == "ADJ" and head.tag_ == "JJ":
        return head.text  # '15.36 percent Hispanic' (not '24% higher': a comparison)
    if anchor.dep_ == "nsubj" and head.lemma_ == "be":
        pred = next((c for c in head.children if c.dep_ in ("acomp", "attr") and c.i > head.i), None)
        if pred is not None:
            words = [t.text for t in pred.subtree if t.dep_ != "punct"]
            return " ".join(words) if len(words) <= 6 else pred.text
    if anchor.dep_ == "nsubjpass" and head.pos_ == "VERB":
        words = [head]  # 'were aged 26 or above': the participle and what follows it, up to a comma
        for t in sorted((t for t in head.subtree if t.i > head.i), key=lambda t: t.i):
            if t.is_punct or t.i != words[-1].i + 1 or len(words) > 8:
                break
            words.append(t)
        return " ".join(t.text for t in words)
    return None


def _kind(doc: Doc, num: _Number) -> str:
    """'change' for the amount something changed by ('fell 3.4%', 'up 5%', 'by $2bn', 'a 3% rise'), else 'level'
    ('to $55.12', 'from 2.18%', 'sold 5,000 cars')."""
    prev = doc[num.first - 1] if num.first > 0 else None
    nxt = doc[num.last + 1] if num.last + 1 < len(doc) else None
    if prev is not None and prev.lower_ in ("to", "from", "at", "of"):
        return "level"
    if prev is not None and prev.lower_ in ("by", "up", "down"):
        return "change"
    if nxt is not None and nxt.lemma_.lower() in CHANGE_NOUNS:
        return "change"
    if num.kind in ("percent", "money", "unit"):
        anchor = num.unit_tok if num.unit_tok is not None and num.kind == "unit" else doc[num.last]
        group = range(num.first, num.last + 1)
        root = next((doc[k] for k in group if doc[k].head.i not in group or doc[k].head.i == k), anchor)
        if root.dep_ in ("dobj", "npadvmod", "advmod", "attr") and root.head.lemma_.lower() in CHANGE_VERBS:
            return "change"
    return "level"


def _per_unit(doc: Doc, num: _Number) -> str | None:
    """The denominator of a rate: '$55.12 per barrel' -> 'barrel', '$3 a share' -> 'share', '£20,000 a year' -> 'year'."""
    # right after the figure, or after what it counts: '20 tonnes of steel a day'
    for k in range(num.last + 1, min(num.last + 6, len(doc) - 1)):
        word, noun = doc[k].lower_, doc[k + 1]
        if word == "per" or (word in ("a", "an") and (num.kind in ("money", "unit", "percent") or noun.lower_ in TIME_UNITS)):
            if noun.pos_ in ("NOUN", "PROPN") or noun.lower_ in TIME_UNITS:
                return singular(noun.text)
            return None
        stop = doc[k].is_punct or doc[k].like_num or doc[k].text in CURRENCY_SYMBOLS or word in ("to", "from")
        if stop or doc[k].pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):
            return None
    return None


def _period(sent: Span, first: int, last: int) -> str | None:
    """The time expression of the sentence nearest to the number, with its preposition."""
    best = None
    best_dist = 10**9
    for ent in (e for e in entities(sent.doc) if sent.start <= e.start and e.end <= sent.end):
        if ent.label_ != "DATE" or ent.start <= last < ent.end or first <= ent.start <= last:
            continue
        dist = ent.start - last if ent.start > last else first - ent.end
        if dist < best_dist:
            best, best_dist = ent, dist
    if best is None:
        return None
    start = best.start
    if start > 0 and best.doc[start - 1].pos_ == "ADP":
        start -= 1
    return best.doc[start : best.end].text


def extract_figures(doc: Doc, document_id: str) -> list[Figure]:
    """All figures in a parsed body, in text order."""
    figures: list[Figure] = []
    i = 0
    while i < len(doc):
        num = _read(doc, i)
        if num is None:
            i += 1
            continue
        if _not_a_figure(doc, num, i):
            i = num.last + 1
            continue
        qualifier, q_start = _qualifier(doc, num.first)
        span = doc[q_start if qualifier != "exact" else num.first : num.last + 1]
        measure = _measure(doc, num, i)
        if figures and document_text(doc)[figures[-1].end : doc[num.first].idx].strip() == "(":
            measure = figures[-1].measure  # '$6.75bn (£3.6bn)': the same amount converted measures the same thing
        if measure is not None and measure.lower().rstrip(".") in SCALES:
            measure = None  # 'exceeding $86m (£46m)': the scale of another amount is never what one measures
        base_value, base_unit = base_quantity(num.value, num.unit, span.text)
        figures.append(
            Figure(
                figure_id=stable_id(document_id, "figure", span.start_char, span.end_char),
                value=num.value,
                value_high=num.value_high,
                unit=num.unit,
                measure=measure,
                qualifier=qualifier,
                period=_period(sentence_of(doc[i]), num.first, num.last),
                surface=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence_index=0,  # set by extract_parsed, which knows the sentence starts
                measure_key=measure_key(measure),
                figure_kind=_kind(doc, num),
                per_unit=_per_unit(doc, num),
                base_value=base_value,
                base_unit=base_unit,
            )
        )
        i = num.last + 1
    return figures
