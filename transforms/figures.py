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

from spacy.tokens import Doc, Span, Token

from transforms.quantities import CHANGE_NOUNS, base_quantity, measure_key, singular
from transforms.records import Figure, stable_id
from transforms.syntax import document_text, entities, sentence_of, subject_of


def _table(spec: str) -> dict[str, str]:
    """'a b:X c:Y' -> {'a': 'X', 'b': 'X', 'c': 'Y'}: words before a colon map to the code after it."""
    out: dict[str, str] = {}
    pending: list[str] = []
    for item in spec.split():
        if ":" in item:
            word, code = item.split(":", 1)
            for w in [*pending, word]:
                out[w] = code
            pending = []
        else:
            pending.append(item)
    return out


_DIGITS = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>bn|m|mn|k|tn|b)?$", re.I)
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}  # fmt: skip
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB"}
CURRENCY_PREFIXES = {"us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD"}
CURRENCY_WORDS = _table(
    "dollar dollars:USD euro euros:EUR pound pounds sterling:GBP yen:JPY yuan renminbi:CNY rupee rupees:INR "
    "rouble roubles ruble rubles:RUB franc francs:CHF peso pesos:MXN won:KRW lira:TRY rand:ZAR "
    "krona kronor:SEK krone kroner:NOK real reais:BRL"
)
CURRENCY_CODES = set(_table("USD EUR GBP JPY CNY CHF AUD CAD INR RUB MXN NZD HKD SGD SEK NOK DKK ZAR BRL KRW TRY:x"))
# A country adjective before a currency word names another currency: "Australian dollars" -> AUD.
CURRENCY_COUNTRIES = _table(
    "australian:AUD canadian:CAD hong:HKD kong:HKD singapore:SGD zealand:NZD us:USD american:USD "
    "swiss:CHF mexican:MXN argentine:ARS chilean:CLP colombian:COP philippine:PHP"
)
UNITS = _table(
    "ton tons tonne tonnes:ton mile miles:mile kilometre kilometres kilometer kilometers km:kilometer "
    "kg kilogram kilograms kilogramme kilogrammes:kg gallon gallons:gallon barrel barrels:barrel "
    "hectare hectares:hectare acre acres:acre litre litres liter liters:liter mph:mph kph:kph "
    "gigawatt gigawatts:gigawatt megawatt megawatts:megawatt"
)
# Durations: the unit word goes into the measure, the unit stays NULL (a count of days, years, ...).
TIME_UNITS = {"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "century",
              "game", "match", "season"}  # fmt: skip
# Length words after an 'm' that make it metres, not millions: '2.5m high'.
DIMENSIONS = {"high", "long", "wide", "tall", "deep", "away", "across"}
# What a dimension adjective after a size measures: 'the 1,900-mile-wide moon' -> 'width of moon'.
DIMENSION_NOUNS = {"high": "height", "tall": "height", "long": "length", "wide": "width", "deep": "depth", "thick": "thickness"}
PERCENT_WORDS = {"%", "percent", "pc"}
APPROX = {"nearly", "almost", "about", "around", "roughly", "approximately", "some", "circa", "estimated",
          "approx", "c.", "close to", "virtually", "near", "an estimated", "an average of", "on average"}  # fmt: skip
AT_LEAST = {
    "a minimum of",
    "minimum of",
    "more than",
    "over",
    "at least",
    "above",
    "in excess of",
    "upwards of",
    "no fewer than",
    "no less than",
    "exceeding",
}
AT_MOST = {
    "a maximum of",
    "maximum of",
    "up to",
    "less than",
    "under",
    "fewer than",
    "below",
    "as many as",
    "at most",
    "within",
    "no more than",
    "as much as",
}
SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "NORP", "LANGUAGE", "LOC"}
VAGUE_WORDS = {"hundreds", "thousands", "millions", "billions", "dozens", "tens", "scores"}
# Nouns after a hyphenated number word that make an idiom, not a quantity: 'two-bit', 'one-off'.
# Words before a number word that leave its value open: 'several thousand', 'a few hundred'.
VAGUE_QUANTIFIERS = {"several", "few", "many", "some"}
IDIOM_HEADS = {"bit", "off", "way", "sided", "faced", "liner", "horse", "fold", "tier"}
# Container nouns whose 'of' object is what is counted: 'the number of camera phones'.
CONTAINERS = {"number", "total", "amount", "figure", "level", "share", "proportion", "percentage", "sum", "value"}


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


def _read(doc: Doc, i: int) -> _Number | None:
    """The number starting at token i with its scale, currency, unit and range, or None."""
    tok = doc[i]
    n = len(doc)
    parsed = _number_value(tok)
    is_word = parsed is None
    if parsed is None:
        if not (tok.pos_ == "NUM" or tok.lower_ == "dozen"):
            return None
        word = _word_value(tok)
        if word is None:
            return None
        parsed = (word, 1.0)
    value, scale = parsed
    last = i
    # 'two-and-a-half', 'three and a half'
    words = [t.lower_ for t in doc[i + 1 : i + 7] if t.text != "-"]
    if words[:3] == ["and", "a", "half"]:
        value += 0.5
        last = next(t.i for t in doc[i + 1 : i + 7] if t.lower_ == "half")
    j = last + 1
    # '$5-million contract': a scale word hyphenated to its number (not a one-letter scale: '5-m' is rare and ambiguous)
    if j + 1 < n and doc[j].text == "-" and not doc[i].whitespace_ and not doc[j].whitespace_ and len(doc[j + 1].text) > 2:
        j += 1 if doc[j + 1].lower_ in SCALES and scale == 1.0 else 0
    # '1.8 million', '15.8 m' (written apart) -- but '2.5m high' is metres
    while j < n and scale == 1.0 and doc[j].lower_ in SCALES and (doc[j].lower_ not in ("m", "b", "k") or not doc[i].whitespace_):
        scale = SCALES[doc[j].lower_]
        last = j
        j += 1
    unit = None
    unit_tok = None
    kind = "count"
    metres = tok.text.lower().endswith("m") or (last > i and doc[last].lower_ == "m")
    if metres and last + 1 < n and doc[last + 1].lower_ in DIMENSIONS:
        # '2.5m high' is metres: no unit the warehouse knows, so the unit word goes to the measure.
        scale, kind, unit_tok = 1.0, "length", doc[last + 1]
    first = i
    # currency before: '$', '£', 'US$', 'A$', 'EUR', 'Australian dollar 29.4bn'
    k = i - 1
    if k >= 0:
        prev = doc[k]
        if prev.text in CURRENCY_SYMBOLS or prev.lower_ in CURRENCY_PREFIXES or prev.text in CURRENCY_CODES:
            unit = CURRENCY_SYMBOLS.get(prev.text) or CURRENCY_PREFIXES.get(prev.lower_) or prev.text
            if (
                prev.text == "$"
                and k >= 1
                and doc[k - 1].text.upper() in ("A", "AU", "C", "NZ", "HK", "S", "US")
                and not doc[k - 1].whitespace_
            ):
                unit = CURRENCY_PREFIXES[doc[k - 1].text.lower() + "$"]
                k -= 1
            first, kind = k, "money"
        elif prev.lower_ in CURRENCY_WORDS and not (prev.lower_ == "won" and prev.pos_ in ("VERB", "AUX")):
            unit, first, kind = CURRENCY_WORDS[prev.lower_], k, "money"
            if k >= 1 and doc[k - 1].lower_ in CURRENCY_COUNTRIES:
                unit, first = CURRENCY_COUNTRIES[doc[k - 1].lower_], k - 1
    # after: percent, currency word/code, physical unit, time unit, 'times' (also hyphenated: '20-mile')
    j2 = last + 1
    if j2 < n and doc[j2].text == "-" and j2 + 1 < n:
        j2 += 1
    if j2 < n and unit is None:
        nxt = doc[j2]
        low = nxt.lower_
        country = CURRENCY_COUNTRIES.get(low)
        if low in PERCENT_WORDS:
            unit, kind, last = "percent", "percent", j2
        elif low == "per" and j2 + 1 < n and doc[j2 + 1].lower_ == "cent":
            unit, kind, last = "percent", "percent", j2 + 1
        elif country and j2 + 1 < n and doc[j2 + 1].lower_ in CURRENCY_WORDS:
            unit, kind, last = country, "money", j2 + 1
        elif low in CURRENCY_WORDS and not (low in ("pound", "pounds") and j2 + 1 < n and doc[j2 + 1].lower_ == "of"):
            unit, kind, last = CURRENCY_WORDS[low], "money", j2
            if low.startswith("dollar") and first > 0 and doc[first - 1].lower_ in CURRENCY_COUNTRIES:
                unit = CURRENCY_COUNTRIES[doc[first - 1].lower_]
        elif nxt.text in CURRENCY_CODES:
            unit, kind, last = nxt.text, "money", j2
        elif low in UNITS:
            unit, kind, last, unit_tok = UNITS[low], "unit", j2, nxt
        elif _lemma(nxt) in TIME_UNITS:
            kind, unit_tok = "duration", nxt
        elif low == "times":
            kind, unit_tok = "multiplier", nxt
    if kind == "count" and last + 2 < n and doc[last + 1].lower_ == "in" and doc[last + 2].like_num:
        kind, last = "ratio", last + 2  # 'one in three'
    # ranges: '18 to 45', '2-3%', '2% to 3%' -- not '1% to 57.85 Swiss francs' (a new level)
    value_high = None
    # ('0.25% to 5.5%' after a verb of change is a move and a new level: only a bare first number opens a 'to' range.)
    joiner = doc[last + 1].lower_ if last + 1 < n else ""
    bare = kind != "percent" or joiner != "to"
    if kind in ("count", "percent", "duration") and bare and last + 2 < n and joiner in ("to", "-", "–"):
        high = _number_value(doc[last + 2])
        after = doc[last + 3].lower_ if last + 3 < n else ""
        same_kind = (after in PERCENT_WORDS) if kind == "percent" else (after not in CURRENCY_WORDS and after not in CURRENCY_COUNTRIES)
        if high is not None and high[0] * high[1] > value and same_kind:
            value_high = high[0] * high[1] * scale
            last += 2
            if after in PERCENT_WORDS:
                unit, kind, last = "percent", "percent", last + 1
    return _Number(first, last, value * scale, value_high, unit, kind, unit_tok, is_word)


# Emergency and service phone numbers, and the words that show one is meant ('911 calls').
EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000", "111", "101", "311"})
EMERGENCY_HEADS = frozenset({"call", "line", "operator", "dispatcher", "dispatch", "service", "system", "number", "center", "centre"})


# Nouns after a distance in 'm' that make it an event or a record, not an amount: 'the 400m final'.
EVENT_NOUNS = frozenset(
    "final finals race races hurdles relay relays sprint sprints freestyle butterfly backstroke breaststroke medley heat heats "
    "semi-final semifinal title record champion champions event events dash swim run runs gold silver bronze".split()
)
# Words that make the number after them a name or a code: 'version 2.0', 'Flight 370'.
CODE_WORDS = frozenset("version release model flight route highway interstate channel platform gate room page".split())
STREET_WORDS = frozenset("street st road rd avenue ave lane drive boulevard place square way terrace crescent court".split())
# Verbs and nouns of a result: 'won 4-1', 'a 2-0 defeat'.
SCORE_WORDS = frozenset("win won beat beaten lose lost draw drew drawn lead led trail trailed victory defeat loss score scored".split())


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


def _not_a_figure(doc: Doc, num: _Number, i: int) -> bool:
    """Dates, years, names, identifiers, idioms and back-references are not reported figures."""
    tok = doc[i]
    n = len(doc)
    if _an_identifier(doc, num, i):
        return True
    if tok.ent_type_ in SKIP_ENTS and num.kind not in ("duration", "money"):  # '£2bn' tagged ORDINAL is still money
        return True
    if num.kind == "ratio":
        return True  # 'one in three' has no value of its own
    if num.is_word and tok.lower_ in SCALES and i + 1 < n and doc[i + 1].text == "-":
        return True  # 'billion-dollar deal': an adjective, not an amount
    prev = doc[num.first - 1] if num.first > 0 else None
    nxt = doc[num.last + 1] if num.last + 1 < n else None
    if num.kind == "count" and not num.is_word:
        if "," not in tok.text and "." not in tok.text and num.value == int(num.value) and 1800 <= num.value <= 2100:
            return True  # a year
        if prev is not None and not prev.whitespace_ and prev.text in ("-", "/", "#", ":"):
            return True  # 'site-59', '2000-1', '10/12'
        if nxt is not None and not doc[num.last].whitespace_ and nxt.text in (":", "/"):
            return True  # times and fractions: '10:30', '3/4'
        if tok.text in EMERGENCY_NUMBERS and (
            (nxt is not None and nxt.lemma_.lower() in EMERGENCY_HEADS) or (prev is not None and prev.lemma_.lower() in ("call", "dial"))
        ):
            return True  # '911 calls', 'dial 999': a phone number
    if num.kind in ("count", "duration"):
        # 'Radio 4', 'Sky One': a number that follows the name it belongs to.
        name_like = not num.is_word or tok.text[:1].isupper()
        if (
            name_like
            and prev is not None
            and prev.pos_ == "PROPN"
            and prev.text[:1].isupper()
            and not prev.is_sent_start
            and (tok.dep_ != "nummod" or tok.head.i <= prev.i)
        ):
            return True
    if num.is_word and num.kind in ("count", "duration"):
        low = tok.lower_
        if low in ("zero", "nil", "none"):
            return True  # 'zero tolerance'
        if nxt is not None and nxt.text == "-" and num.last + 2 < n and doc[num.last + 2].lower_ in IDIOM_HEADS:
            return True  # 'two-bit', 'one-off'
        if num.value < 10 and prev is not None and prev.lower_ in ("the", "these", "those", "both", "all"):
            return True  # 'the two countries': a reference back, not a reported count
        at_one_point = prev is not None and prev.lower_ == "at" and tok.head.lower_ in ("point", "stage")
        if low == "one" and (tok.dep_ != "nummod" or tok.head.lower_ in ("day", "time", "way") or at_one_point):
            return True  # 'one of the sons', 'one day'
        if low == "one" and nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            return True  # 'One Valley County station', 'one Labour MP': 'a certain', not a count
        if low == "dozen" and not (prev is not None and prev.lower_ == "a"):
            return True
        if prev is not None and prev.lower_ in VAGUE_QUANTIFIERS:
            return True  # 'several thousand teachers', 'a few hundred': no value is given
        if (
            tok.text[:1].isupper()
            and not tok.is_sent_start
            and nxt is not None
            and nxt.text == "-"
            and num.last + 2 < n
            and doc[num.last + 2].text[:1].isupper()
        ):
            return True  # 'the Six-Day War': part of a name
    return False


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


def _measure(doc: Doc, num: _Number, i: int) -> str | None:
    """What the number counts or measures, read off the dependency parse."""
    group = set(range(num.first, num.last + 1))
    unit_tok = num.unit_tok
    # The token that attaches the figure to the sentence; the number itself when it does ('£' '15.8' 'm' -> '15.8').
    outward = [k for k in sorted(group) if doc[k].head.i not in group or doc[k].head.i == k]
    root = doc[i] if i in outward else doc[outward[-1]] if outward else doc[i]
    anchor = unit_tok if unit_tok is not None else root
    # 'tons of cocaine', '12 of their executives': the object of 'of'.
    obj = _of_object(anchor)
    if obj is not None and obj.i not in group and not (obj.like_num or obj.text in CURRENCY_SYMBOLS):
        phrase = _noun_phrase(obj)
        return f"{unit_tok.text} of {phrase}" if num.kind in ("duration", "multiplier") else phrase
    if num.kind == "length" and unit_tok is not None:
        return f"metres {unit_tok.text}"
    if (size := _dimension(doc, num)) is not None:
        return size
    if (noun := _noun_after_conversion(doc, num)) is not None:
        return noun
    if unit_tok is not None and num.kind == "unit":
        # 'about 2,750 tons, or 2,500 metric tons, of water': the 'of' phrase after a restated amount.
        for conj in (c for c in unit_tok.children if c.dep_ == "conj"):
            if (obj := _of_object(conj)) is not None:
                return _noun_phrase(obj)
    if num.kind in ("duration", "multiplier") and unit_tok is not None:
        head = unit_tok.head
        if unit_tok.dep_ in ("compound", "amod", "nmod", "npadvmod") and head.pos_ == "NOUN" and head.i > unit_tok.i:
            return f"{unit_tok.text} {_noun_phrase(head, exclude=group | {unit_tok.i})}"  # 'month loan deal'
        if num.kind == "multiplier":
            right = [t for t in unit_tok.subtree if t.i > unit_tok.i][:4] or [t for t in doc[unit_tok.i + 1 : unit_tok.i + 4]]
            return " ".join([unit_tok.text, *(t.text for t in right)])
        return unit_tok.text
    # The noun the number modifies: '50,000 Venezuelans', '20-mile stretch of wall', 'a £15.8m signing'.
    head = anchor.head
    hops = 0
    while head.i in group and head.head.i != head.i and hops < 3:
        head = head.head
        hops += 1
    modifier = anchor.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod") or (
        unit_tok is not None and unit_tok.dep_ in ("compound", "amod", "nmod")
    )
    if modifier and head.i not in group and (head.pos_ in ("NOUN", "PROPN") or head.tag_ in ("VBG", "NN")) and head.i > anchor.i:
        phrase = _noun_phrase(head, exclude=group)
        of = _of_object(head)
        if of is not None and of.i - head.i <= 4 and head.lemma_.lower() not in CONTAINERS:
            phrase = f"{phrase} of {_noun_phrase(of)}"
        return phrase
    if unit_tok is not None and num.kind == "unit":
        return unit_tok.text
    if num.kind == "percent" and (share := _share_described(anchor)) is not None:
        return share
    # 'a turnout of 25.7%', 'an increase of 104%': the noun the 'of' phrase belongs to.
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        return _noun_phrase(anchor.head.head, exclude=group)
    # '£2bn in licence fee money', '£7.4m from the UK Treasury'
    if num.kind == "money":
        obj = _of_object(anchor, ("in", "from", "for", "on"))
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(obj)
    # Sums and rates: the verb's object or subject ('lifted interest rates 0.25%', 'profits jumped 76%').
    verb = _verb_of(anchor)
    if verb is not None:
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i not in group and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None and anchor.dep_ != "dobj":
            return _noun_phrase(obj)
        if num.kind == "money" and anchor.dep_ == "dobj" and verb.lemma_.lower() in MONEY_VERB_MEASURES:
            return MONEY_VERB_MEASURES[verb.lemma_.lower()]  # 'the film took $42.8m': its takings, not the film
        subj = subject_of(verb)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i not in group:
            return _shares_price(doc, num, subj) or _noun_phrase(_shown(subj, verb))
        if subj is not None and subj.i in group:  # '£13.4m will come from the grant'
            obj = _of_object(verb, ("from", "to", "for", "on", "in"))
            if obj is not None:
                return _noun_phrase(obj)
    if anchor.head.pos_ == "NOUN" and anchor.head.i not in group:
        head = anchor.head
        changed = _of_object(head, ("in", "of")) if head.lemma_.lower() in CHANGE_NOUNS else None
        return _noun_phrase(changed if changed is not None else head)  # 'a 3% rise in prices' -> prices
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


# A sum as the object of these verbs measures what the verb names: 'took $42.8m' -> takings.
MONEY_VERB_MEASURES = {
    "take": "takings",
    "gross": "takings",
    "earn": "earnings",
    "spend": "spending",
    "borrow": "borrowing",
    "invest": "investment",
    "save": "savings",
    "owe": "debt",
    "sell": "sales",
}

# Verbs of change: the amount they take is a change, not a level ('fell 3.4%'); nouns of change are quantities.CHANGE_NOUNS.
CHANGE_VERBS = frozenset(
    "rise fall increase decrease grow drop decline climb jump slip slump surge gain lose cut reduce raise lift lower soar "
    "plunge tumble rally ease shed add boost slash shrink widen narrow contract expand dip sink rebound advance retreat".split()
)


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
