"""Money in one reporting currency: amounts in pounds and euros add up in dollars, at the ECB rate of their day."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.money import to_currency
from transforms.tables import fact_figures


def test_two_currencies_add_up_through_base_value(extract):
    e = extract("Acme made profits of £350m in 2004, the bank said. Its rival Bolt made 300m euros in 2004.")
    frame = fact_figures([e], {e.document_id: date(2005, 2, 1)}, date(2026, 12, 7), "USD")
    money = frame.filter(frame["unit"].is_in(["GBP", "EUR"]))
    assert sorted(money["unit"].to_list()) == ["EUR", "GBP"] and set(money["base_unit"]) == {"USD"}
    assert set(money["base_rate_date"]) == {date(2004, 12, 31)} and set(money["base_rate_basis"]) == {"period"}
    # ECB reference rates of 31 December 2004: 1 EUR = 1.3621 USD = 0.70505 GBP.
    expected = 350e6 / 0.70505 * 1.3621 + 300e6 * 1.3621
    assert money["base_value"].sum() == pytest.approx(expected, rel=1e-3)


def test_the_rate_day_is_the_period_end_else_the_publication_else_the_load_day():
    loaded = date(2026, 12, 7)
    assert to_currency(1.0, "EUR", "USD", period_end=date(2010, 6, 30), published=date(2011, 1, 5), loaded=loaded).basis == "period"
    running = to_currency(1.0, "EUR", "USD", period_end=date(2012, 12, 31), published=date(2012, 3, 1), loaded=loaded)
    assert (running.basis, running.rate_date) == ("published", date(2012, 3, 1))  # the period had not ended yet
    assert to_currency(1.0, "EUR", "USD", period_end=None, published=None, loaded=date(2015, 5, 5)).basis == "loaded"


def test_a_day_outside_the_rates_history_takes_its_nearest_end_and_says_so():
    early = to_currency(1.0, "GBP", "USD", period_end=None, published=date(1990, 1, 1), loaded=date(2026, 12, 7))
    assert early.rate_date == date(1999, 1, 4)


def test_percentages_counts_and_unknown_currencies_have_no_money_value():
    for unit in ("percent", None, "ton", "XYZ"):
        assert to_currency(5.0, unit, "USD", period_end=None, published=None, loaded=date(2020, 1, 2)) is None
