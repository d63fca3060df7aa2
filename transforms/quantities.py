"""What makes figures add up: a grouping key for the measure, and physical quantities in SI units.

``measure_key`` is the measure reduced to one lower-cased singular noun: the head of the
phrase before any 'of' ('price of U.S. crude' -> 'price'), without determiners, numbers and
currency or unit words; when the head is a word of change ('job cuts', 'profit growth'), the
noun it changes ('job', 'profit'). So "job cuts", "jobs" and "5,000 jobs" group together.

``base_quantity`` converts a figure's unit with pint into SI base units (tons and tonnes to
kg, miles and kilometres to m); money keeps its currency: there are no exchange rates offline.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.lexicon import (
    COUNTED_CONTAINERS,
    GENERIC_HEADS,
    KEYED_THROUGH,
    MEASURE_NOISE,
    NOT_PLURAL_ENDINGS,
    PLURAL_NOUNS,
    POST_MODIFIER_STARTS,
    UNIT_WORDS,
)


def singular(word: str) -> str:
    """A plural noun's singular by English spelling rules ('companies' -> 'company', 'taxes' -> 'tax')."""
    w = word.lower()
    if len(w) <= 3 or w.endswith(NOT_PLURAL_ENDINGS):
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def measure_key(measure: str | None) -> str | None:
    """The grouping key of a measure ('job cuts' -> 'job', 'the price of U.S. crude' -> 'price'); None without a measure."""
    if not measure:
        return None
    head_phrase, _, of_phrase = measure.strip().partition(" of ")
    words = [w.removesuffix("'s").removesuffix("'") for w in re.findall(r"[A-Za-z][A-Za-z'-]*", head_phrase)]
    words = _before_post_modifier(words)
    words = [w for w in words if w.lower() not in MEASURE_NOISE and w.lower() not in UNIT_WORDS]
    if of_phrase and (not words or words[-1].lower() in COUNTED_CONTAINERS):
        return measure_key(of_phrase)  # 'the number of camera phones' -> 'phone'
    if not words:
        return None
    head = words[-1]
    if singular(head) in KEYED_THROUGH and len(words) > 1:
        head = words[-2]
    if singular(head) in GENERIC_HEADS:
        rest = [w for w in words[:-1] if singular(w) not in GENERIC_HEADS]
        return singular(rest[-1]) if rest else None  # 'sales record' -> 'sale'; 'a record' -> None
    return singular(head)


def _before_post_modifier(words: list[str]) -> list[str]:
    """The words up to a relative clause, preposition or participle phrase after the head (never the first word)."""
    for k, word in enumerate(words[1:], start=1):
        participle = word.endswith("ed") and (words[k - 1].endswith("s") or words[k - 1].lower() in PLURAL_NOUNS)  # "people registered"
        if word.lower() in POST_MODIFIER_STARTS or participle:
            return words[:k]
    return words


# newsfacts unit -> pint unit (for tons, the printed word decides: see base_quantity)
_PINT_UNITS = {
    "ton": "short_ton",
    "tonne": "metric_ton",
    "mile": "mile",
    "kilometer": "kilometer",
    "kg": "kilogram",
    "gallon": "gallon",
    "barrel": "oil_barrel",
    "hectare": "hectare",
    "acre": "acre",
    "liter": "liter",
    "mph": "mile / hour",
    "kph": "kilometer / hour",
    "gigawatt": "gigawatt",
    "megawatt": "megawatt",
}


@lru_cache(maxsize=1)
def _registry():  # noqa: ANN202 - a pint UnitRegistry
    import pint

    return pint.UnitRegistry(cache_folder=None)


@lru_cache(maxsize=64)
def _factor(unit: str) -> tuple[float, str]:
    quantity = _registry().Quantity(1.0, _PINT_UNITS[unit]).to_base_units()
    return float(quantity.magnitude), f"{quantity.units:~}".replace(" ", "")


def base_quantity(value: float | None, unit: str | None, surface: str = "") -> tuple[float | None, str | None]:
    """(value in SI base units, the base unit) for a physical unit; (None, None) for money, percent and counts.

    'tonnes' and 'metric tons' are 1,000 kg; a bare 'tons' is pint's ton (the short ton, 907 kg)."""
    if value is None or unit is None:
        return None, None
    if unit == "ton" and re.search(r"\btonnes?\b|\bmetric tons?\b", surface, re.I):
        unit = "tonne"
    if unit not in _PINT_UNITS:
        return None, None
    factor, base = _factor(unit)
    return value * factor, base
