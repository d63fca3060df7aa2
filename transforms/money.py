"""Money in one reporting currency, so amounts in dollars, pounds and euros add up.

The rates are the European Central Bank's daily reference rates from 1999 on, bundled with the
``currencyconverter`` package (no network at run time). An amount is converted at the rate of
the day its figure refers to: the end of its period ('profits for 2004' -> 31 December 2004),
else the page's publication date, else the day it was loaded; ``basis`` says which. A day
without a rate (a weekend) takes the rate interpolated between its neighbours; a day outside the
bundled history takes the nearest day inside it, and ``rate_date`` says which day that was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

Basis = Literal["period", "published", "loaded"]


@dataclass(frozen=True)
class Converted:
    """An amount in the reporting currency, and the day and basis of the rate used."""

    value: float
    currency: str
    rate_date: date
    basis: Basis


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - currency_converter.CurrencyConverter
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False)


def currencies() -> frozenset[str]:
    """The ISO codes the bundled rates cover."""
    return frozenset(_converter().currencies)


def rate_day(day: date, *codes: str) -> date:
    """``day`` moved into the span every one of ``codes`` has rates for (the nearest end of it)."""
    bounds = [_converter().bounds[c] for c in codes if c != "EUR"]
    if not bounds:
        return day
    first, last = max(b.first_date for b in bounds), min(b.last_date for b in bounds)
    return min(max(day, first), last)


def to_currency(
    value: float, unit: str | None, base: str, *, period_end: date | None, published: date | None, loaded: date
) -> Converted | None:
    """``value`` of currency ``unit`` in ``base``; None when ``unit`` is not a currency the rates cover."""
    if unit is None or value is None or unit not in currencies() or base not in currencies():
        return None
    if period_end is not None and (published is None or period_end <= published):
        day, basis = period_end, "period"
    elif published is not None:
        day, basis = published, "published"  # a period still running when the page was published ends there
    else:
        day, basis = loaded, "loaded"
    day = rate_day(day, unit, base)
    return Converted(_converter().convert(value, unit, base, date=day), base, day, basis)
