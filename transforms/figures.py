"""Reported numbers -> figures with value, unit, measure, qualifier and period.

spaCy's numeric entities cut money and units inconsistently ("£" outside,
"15.8" inside, "m" as a verb), so figures are grouped from tokens: a number
(digits, or words via text2num), its scale (million, bn, m, k), currency
(symbols, codes, words), percent or unit, and the hedge before it. spaCy's
entities are used to skip what is not a figure: dates, times, ordinals and
numbers that are part of a name ("Radio 4"). The measure is read from the
dependency parse: the noun the number counts, the "of" object of a unit
("tons of cocaine"), or the subject of the verb a percentage or sum belongs to
("profits jumped 76%").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from transforms.records import Figure, stable_id

_DIGITS = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<scale>bn|m|mn|k|tn|b)?$", re.I)
SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB"}
CURRENCY_PREFIXES = {"us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupee": "INR",
    "rupees": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "franc": "CHF",
    "francs": "CHF",
    "peso": "MXN",
    "pesos": "MXN",
    "won": "KRW",
    "lira": "TRY",
    "rand": "ZAR",
    "krona": "SEK",
    "kronor": "SEK",
    "krone": "NOK",
    "kroner": "NOK",
    "real": "BRL",
    "reais": "BRL",
}
CURRENCY_CODES = {
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "CHF",
    "AUD",
    "CAD",
    "INR",
    "RUB",
    "MXN",
    "NZD",
    "HKD",
    "SGD",
    "SEK",
    "NOK",
    "DKK",
    "ZAR",
    "BRL",
    "KRW",
    "TRY",
}
# Dollar words qualified by a country: "Australian dollars" -> AUD.
DOLLAR_COUNTRIES = {
    "australian": "AUD",
    "canadian": "CAD",
    "hong": "HKD",
    "singapore": "SGD",
    "new": "NZD",
    "zealand": "NZD",
    "us": "USD",
    "american": "USD",
}
UNITS = {
    "ton": "ton",
    "tons": "ton",
    "tonne": "ton",
    "tonnes": "ton",
    "mile": "mile",
    "miles": "mile",
    "kilometre": "kilometer",
    "kilometres": "kilometer",
    "kilometer": "kilometer",
    "kilometers": "kilometer",
    "km": "kilometer",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilogramme": "kg",
    "kilogrammes": "kg",
    "gallon": "gallon",
    "gallons": "gallon",
    "barrel": "barrel",
    "barrels": "barrel",
    "hectare": "hectare",
    "hectares": "hectare",
    "acre": "acre",
    "acres": "acre",
    "litre": "liter",
    "litres": "liter",
    "liter": "liter",
    "liters": "liter",
    "mph": "mph",
    "kph": "kph",
    "gigawatt": "gigawatt",
    "gigawatts": "gigawatt",
    "megawatt": "megawatt",
    "megawatts": "megawatt",
}
PERCENT_WORDS = {"%", "percent", "pc"}
APPROX = {
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "circa",
    "estimated",
    "approx",
    "c.",
    "close",
    "virtually",
    "just",
}
AT_LEAST = {"more than", "over", "at least", "above", "in excess of", "upwards of", "no fewer than", "no less than", "exceeding"}
AT_MOST = {"up to", "less than", "under", "fewer than", "below", "as many as", "at most", "within", "no more than", "as much as", "nearly"}
SKIP_ENTS = {"DATE", "TIME", "ORDINAL", "PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "GPE", "NORP", "LANGUAGE", "LOC"}
VAGUE_WORDS = {"hundreds", "thousands", "millions", "billions", "dozens", "tens", "scores"}
MEASURE_SKIP_DEPS = {
    "det",
    "nummod",
    "quantmod",
    "poss",
    "case",
    "punct",
    "predet",
    "prep",
    "relcl",
    "acl",
    "cc",
    "conj",
    "appos",
    "advmod",
}


def _word_value(tok: Token) -> float | None:
    """Value of a number word ('twelve', 'twenty-five'); None for vague plurals and non-numbers."""
    from text_to_num import text2num

    low = tok.lower_
    if low in VAGUE_WORDS or not tok.is_alpha and "-" not in low:
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


def _is_year(tok: Token, value: float, has_unit: bool) -> bool:
    return not has_unit and "," not in tok.text and "." not in tok.text and value == int(value) and 1800 <= value <= 2100


def _qualifier(doc: Doc, start: int) -> tuple[str, int]:
    """(qualifier, new start) from the words right before a number."""
    for size in (3, 2, 1):
        if start - size < 0:
            continue
        words = " ".join(t.lower_ for t in doc[start - size : start])
        if words in AT_LEAST:
            return "at_least", start - size
        if words in AT_MOST - {"nearly"}:
            return "at_most", start - size
        if words in APPROX or words in ("an estimated", "an average of", "on average"):
            return "approximate", start - size
    return "exact", start


def _measure(doc: Doc, first: int, last: int, unit_tok: Token | None, kind: str) -> str | None:
    """What the number counts or measures, read off the dependency parse."""
    in_group = set(range(first, last + 1))
    anchor = unit_tok or doc[last]
    # 'tons of cocaine', '12 of their executives': the object of 'of'.
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _noun_phrase(pobj)
    # The noun the number modifies: '50,000 Venezuelans', '20-mile stretch of wall'.
    head = anchor.head
    hops = 0
    while head.i in in_group and head.head.i != head.i and hops < 3:
        head = head.head
        hops += 1
    if (
        (
            anchor.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod")
            or unit_tok is not None
            and unit_tok.dep_ in ("compound", "amod", "nmod")
        )
        and head.pos_ in ("NOUN", "PROPN")
        and head.i not in in_group
    ):
        phrase = _noun_phrase(head, exclude=in_group)
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.i - head.i <= 4:
                phrase = f"{phrase} of {_noun_phrase(pobj)}"
        return phrase
    if unit_tok is not None and kind == "unit":
        return unit_tok.text
    # Money and percentages: the subject of the verb they belong to ('profits jumped 76%').
    tok = anchor
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN") and subj.i not in in_group:
            return _noun_phrase(subj)
        obj = next((c for c in tok.children if c.dep_ == "dobj" and c.i not in in_group), None)
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(obj)
    if anchor.head.pos_ in ("NOUN",) and anchor.head.i not in in_group:
        return _noun_phrase(anchor.head)
    return None


def _noun_phrase(tok: Token, exclude: set[int] | None = None) -> str:
    """The noun with its compounds and adjectives, without determiners and numbers."""
    exclude = exclude or set()
    left = [t for t in tok.lefts if t.dep_ in ("compound", "amod", "nmod") and t.i not in exclude and not t.like_num and t.text not in "-"]
    # keep only the contiguous run next to the head
    words = []
    expected = tok.i - 1
    for t in sorted(left, key=lambda t: -t.i):
        sub = sorted(t.subtree, key=lambda s: s.i)
        if sub[-1].i != expected:
            break
        if any(s.i in exclude or s.like_num or s.dep_ in ("det", "poss") for s in sub):
            break
        words = [s.text for s in sub] + words
        expected = sub[0].i - 1
    return " ".join(words + [tok.text])


def _period(sent: Span, first: int, last: int) -> str | None:
    """The time expression of the sentence nearest to the number, with its preposition."""
    best = None
    best_dist = 10**9
    for ent in sent.ents:
        if ent.label_ != "DATE" or first <= ent.start <= last:
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
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        parsed = _number_value(tok)
        is_word = False
        if parsed is None:
            wv = _word_value(tok) if tok.pos_ == "NUM" or tok.lower_ == "dozen" else None
            if wv is None:
                i += 1
                continue
            parsed = (wv, 1.0)
            is_word = True
        if tok.ent_type_ in SKIP_ENTS:
            i += 1
            continue
        first = last = i
        value, scale = parsed
        # number words that continue ('one hundred'), then scale words ('1.8 million')
        j = i + 1
        while j < n and doc[j].lower_ in SCALES and scale == 1.0 and (doc[j].lower_ not in ("m", "b", "k") or not doc[i].whitespace_):
            scale = SCALES[doc[j].lower_]
            last = j
            j += 1
        if is_word and first > 0 and doc[first - 1].lower_ in ("the", "these", "those", "both", "all"):
            # 'the two countries': a reference back to things already named, not a reported count.
            i = j
            continue
        if is_word and (tok.lower_ == "one" or tok.lower_ == "dozen"):
            # 'one of the sons', 'one day': a pronoun-like 'one' is not a figure;
            # 'a dozen' counts, 'dozens' does not.
            if tok.lower_ == "one" and (tok.dep_ != "nummod" or tok.head.lower_ in ("day", "time", "way")):
                i = j
                continue
            if tok.lower_ == "dozen" and not (i > 0 and doc[i - 1].lower_ == "a"):
                i = j
                continue
        unit = None
        unit_tok = None
        kind = "count"
        # currency before: '$', '£', 'US$', 'A$', 'EUR'
        k = first - 1
        if k >= 0 and (doc[k].text in CURRENCY_SYMBOLS or doc[k].lower_ in CURRENCY_PREFIXES or doc[k].text in CURRENCY_CODES):
            unit = CURRENCY_SYMBOLS.get(doc[k].text) or CURRENCY_PREFIXES.get(doc[k].lower_) or doc[k].text
            if (
                doc[k].text == "$"
                and k >= 1
                and doc[k - 1].text.upper() in ("A", "AU", "C", "NZ", "HK", "S")
                and not doc[k - 1].whitespace_
            ):
                unit = CURRENCY_PREFIXES[doc[k - 1].text.lower() + "$"]
                k -= 1
            first = k
            kind = "money"
        # after: percent, currency word/code, physical unit (also hyphenated '20-mile')
        j2 = last + 1
        if j2 < n and doc[j2].text == "-" and j2 + 1 < n:
            j2 += 1
        if j2 < n:
            nxt = doc[j2]
            low = nxt.lower_
            if low in PERCENT_WORDS:
                unit, kind, last = "percent", "percent", j2
            elif low == "per" and j2 + 1 < n and doc[j2 + 1].lower_ == "cent":
                unit, kind, last = "percent", "percent", j2 + 1
            elif low in CURRENCY_WORDS and unit is None and not (low in ("pound", "pounds") and j2 + 1 < n and doc[j2 + 1].lower_ == "of"):
                unit = CURRENCY_WORDS[low]
                if low.startswith("dollar") and first > 0 and doc[first - 1].lower_ in DOLLAR_COUNTRIES:
                    unit = DOLLAR_COUNTRIES[doc[first - 1].lower_]
                kind, last = "money", j2
            elif nxt.text in CURRENCY_CODES and unit is None:
                unit, kind, last = nxt.text, "money", j2
            elif low in UNITS:
                unit, kind, last, unit_tok = UNITS[low], "unit", j2, nxt
        # ranges: '18 to 45', '2-3%'
        value_high = None
        if kind in ("count", "percent") and last + 2 < n and doc[last + 1].lower_ in ("to", "-", "–") and _number_value(doc[last + 2]):
            hv = _number_value(doc[last + 2])
            if hv is not None and hv[0] > value:
                value_high = hv[0] * hv[1] * scale
                last = last + 2
                if last + 1 < n and doc[last + 1].lower_ in PERCENT_WORDS:
                    unit, kind, last = "percent", "percent", last + 1
        # not figures: years, identifiers next to a hyphen or a name, times
        if kind == "count" and not is_word:
            if _is_year(tok, value, scale != 1.0):
                i = last + 1
                continue
            prev = doc[first - 1] if first > 0 else None
            if prev is not None and not prev.whitespace_ and prev.text in ("-", "/", "#", ":"):
                i = last + 1
                continue
            if last + 1 < n and not doc[last].whitespace_ and doc[last + 1].text in (":", "/") and last + 2 < n and doc[last + 2].like_num:
                i = last + 2 + 1
                continue
            # 'Radio 4', 'Apollo 11': a number that follows the name it belongs to.
            if (
                prev is not None
                and prev.pos_ == "PROPN"
                and prev.text[:1].isupper()
                and not prev.is_sent_start
                and (tok.dep_ != "nummod" or tok.head.i <= prev.i)
            ):
                i = last + 1
                continue
        qualifier, q_start = _qualifier(doc, first)
        measure = _measure(doc, i, last, unit_tok, kind)
        surface_start = q_start if qualifier != "exact" else first
        span = doc[surface_start : last + 1]
        sent = doc[i].sent
        figures.append(
            Figure(
                figure_id=stable_id(document_id, "figure", span.start_char, span.end_char),
                value=value * scale,
                value_high=value_high,
                unit=unit,
                measure=measure,
                qualifier=qualifier,
                period=_period(sent, first, last),
                surface=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence_index=0,
            )
        )
        i = last + 1
    return figures
