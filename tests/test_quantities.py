"""What makes figures add up: measure keys, SI base units (pint) and periods as dates."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.periods import resolve_period
from transforms.quantities import base_quantity, measure_key, singular

PUBLISHED = date(2019, 11, 20)  # a Wednesday


@pytest.mark.parametrize(
    ("measure", "key"),
    [
        ("job cuts", "job"),
        ("jobs", "job"),
        ("5,000 jobs", "job"),
        ("the price of U.S. crude", "price"),
        ("the number of camera phones", "phone"),
        ("profits", "profit"),
        ("companies", "company"),
        ("sales growth", "sale"),
        ("number of respondents aged between 12 and 17", "respondent"),
        ("people registered for the rally", "people"),
        ("school districts closed because of the storm", "district"),
        (None, None),
    ],
)
def test_a_measure_key_groups_the_ways_a_measure_is_written(measure, key):
    assert measure_key(measure) == key


@pytest.mark.parametrize(
    ("measure", "key"), [("record", None), ("a new mark", None), ("the total", None), ("level", None), ("sales record", "sale")]
)
def test_a_measure_that_says_only_how_much_has_no_key_or_the_noun_before_it(measure, key):
    assert measure_key(measure) == key


def test_singular_follows_english_spelling():
    words = ("taxes", "countries", "news", "bus", "crisis", "jobs")
    assert [singular(w) for w in words] == ["tax", "country", "news", "bus", "crisis", "job"]


def test_physical_units_convert_to_si_and_money_does_not():
    assert base_quantity(3, "ton", "3 tonnes") == (3000.0, "kg")
    assert base_quantity(1, "ton", "1 ton") == pytest.approx((907.18474, "kg"))
    assert base_quantity(5, "mile") == pytest.approx((8046.72, "m"))
    assert base_quantity(2, "kilometer") == (2000.0, "m")
    assert base_quantity(4, "USD") == (None, None)
    assert base_quantity(None, "mile") == (None, None)


@pytest.mark.parametrize(
    ("text", "with_date", "without_date"),
    [
        ("in 2004", (date(2004, 1, 1), date(2004, 12, 31)), (date(2004, 1, 1), date(2004, 12, 31))),
        ("between October 2022 and August 2023", (date(2022, 10, 1), date(2023, 8, 31)), (date(2022, 10, 1), date(2023, 8, 31))),
        ("in the first quarter of 2005", (date(2005, 1, 1), date(2005, 3, 31)), (date(2005, 1, 1), date(2005, 3, 31))),
        ("last year", (date(2018, 1, 1), date(2018, 12, 31)), (None, None)),
        ("in September", (date(2019, 9, 1), date(2019, 9, 30)), (None, None)),
        ("in December", (date(2018, 12, 1), date(2018, 12, 31)), (None, None)),
        ("on Tuesday", (date(2019, 11, 19), date(2019, 11, 19)), (None, None)),
        ("since 2010", (date(2010, 1, 1), PUBLISHED), (None, None)),
        ("in the year to March", (date(2018, 4, 1), date(2019, 3, 31)), (None, None)),
    ],
)
def test_a_period_resolves_absolutely_always_and_relatively_against_the_publication_date(text, with_date, without_date):
    assert resolve_period(text, PUBLISHED) == with_date
    assert resolve_period(text, None) == without_date
