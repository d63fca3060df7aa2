"""Numbers -> figures: value forms, units, qualifiers, and what is not a figure."""

from __future__ import annotations

import pytest


def figs(extraction):
    return [(f.value, f.unit, f.qualifier, f.measure) for f in extraction.figures]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The company sold 1,435.6 tons of steel.", 1435.6, "ton"),
        ("The border saw 1.8 million crossings.", 1_800_000, None),
        ("Profits jumped to $1.13bn last quarter.", 1.13e9, "USD"),
        ("The club paid £600m for the stadium.", 600e6, "GBP"),
        ("The fund is worth 24.1bn euros.", 24.1e9, "EUR"),
        ("Sales rose 76% in the period.", 76, "percent"),
        ("Turnout fell 5.5 per cent.", 5.5, "percent"),
        ("Police arrested eight men.", 8, None),
        ("They built a 20-mile fence.", 20, "mile"),
        ("The firm hired a dozen engineers.", 12, None),
    ],
)
def test_value_and_unit(extract, text, value, unit):
    found = figs(extract(text))
    assert any(abs(v - value) < 1e-6 * max(1, value) and u == unit for v, u, _q, _m in found), found


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Nearly 110,000 people died last year.", "approximate"),
        ("About 300 workers joined the strike.", "approximate"),
        ("More than 500 homes were damaged.", "at_least"),
        ("Up to 40 flights were cancelled.", "at_most"),
        ("Exactly 12 players were named.", "exact"),
    ],
)
def test_qualifier(extract, text, qualifier):
    assert [q for _v, _u, q, _m in figs(extract(text))][0] == qualifier


def test_measure_is_the_counted_noun(extract):
    assert figs(extract("Officials counted 50,000 Venezuelans at the border."))[0][3] == "Venezuelans"
    assert figs(extract("The army seized 470 tons of cocaine."))[0][3] == "cocaine"
    assert figs(extract("Profits jumped 76% in the third quarter."))[0][3] == "Profits"


@pytest.mark.parametrize(
    "text",
    [
        "The law took effect on July 31.",
        "The deal was signed in 2023.",
        "He finished third in the race.",
        "The meeting starts at 10:30 tomorrow.",
        "She spoke on BBC Radio 4 yesterday.",
        "The two countries signed the deal.",
    ],
)
def test_not_figures(extract, text):
    assert figs(extract(text)) == []


def test_range_is_one_row_with_a_high_bound(extract):
    ex = extract("Prices rose 2-3% this month.")
    assert [(f.value, f.value_high, f.unit) for f in ex.figures] == [(2.0, 3.0, "percent")]


def test_figure_inside_a_statement_takes_its_speaker_as_source(extract):
    ex = extract("Health Minister Rita Moreau said that 300 nurses had been hired.")
    actors = {a.actor_id: a.canonical_name for a in ex.actors}
    assert [actors.get(f.source_actor_id) for f in ex.figures] == ["Rita Moreau"]


@pytest.mark.parametrize(
    ("text", "value", "measure_word"),
    [
        ("He was held for 33 months without charge.", 33, "months"),
        ("She signed an 18-month loan deal with the club.", 18, "month"),
        ("Labour has had two-and-a-half years to convince voters.", 2.5, "years"),
        ("Four times more phones were sold this year.", 4, "times"),
        ("The print is 2.5m high and hangs in the hall.", 2.5, "metres"),
    ],
)
def test_durations_multipliers_and_lengths_are_counts_with_the_unit_word_in_measure(extract, text, value, measure_word):
    found = [(f.value, f.unit, f.measure) for f in extract(text).figures]
    assert any(v == value and u is None and measure_word in (m or "") for v, u, m in found), found


def test_currency_word_before_or_with_a_country(extract):
    found = [
        (f.value, f.unit) for f in extract("The deficit hit Australian dollar 29.4bn, and shares closed at 57.85 Swiss francs.").figures
    ]
    assert (29.4e9, "AUD") in found and (57.85, "CHF") in found


@pytest.mark.parametrize(
    "text",
    [
        "The club has a zero tolerance policy on drugs.",
        "He called them two-bit politicians.",
        "It was another billion-dollar deal for the sector.",
        "One in three homes will pay more.",
    ],
)
def test_idioms_and_ratios_are_not_figures(extract, text):
    assert figs(extract(text)) == []


def test_a_change_and_a_new_level_are_two_figures_not_a_range(extract):
    ex = extract("The bank lifted interest rates 0.25% to 5.5% on Wednesday.")
    assert sorted((f.value, f.value_high) for f in ex.figures) == [(0.25, None), (5.5, None)]
    assert ex.figures[0].measure == "interest rates"


def test_an_emergency_number_is_not_a_figure(extract):
    values = [f.value for f in extract("Thousands of people could not make 911 calls during the outage, officials said.").figures]
    assert 911 not in values


def test_one_before_a_proper_name_is_not_a_count(extract):
    values = [f.value for f in extract("One Valley County station has not seen rain since September, forecasters said.").figures]
    assert 1 not in values


@pytest.mark.parametrize(
    "sentence",
    [
        "She won gold in the 400m final on Sunday, officials said.",
        "The router supports the 802.11g standard, the company said.",
        "Arsenal won 4-1 against Chelsea on Saturday.",
        "Call 555-0123 for details, the police said.",
        "He lives at 221 Baker Street in London.",
        "The talks start at 0900 GMT on Monday.",
        "He told BBC Radio 4 that he would resign.",
        "The update brings version 2.0 of the app to phones.",
    ],
)
def test_numbers_that_name_or_code_are_not_figures(extract, sentence):
    assert extract(sentence).figures == []


def test_a_number_inside_a_name_is_not_counted_but_the_count_before_it_is(extract):
    assert [f.value for f in extract("The airline ordered 30 Boeing 787 jets last year.").figures] == [30]


def test_m_after_a_height_is_metres_and_after_money_million(extract):
    (height,) = extract("The new wall is 2.5m high, the council said.").figures
    assert height.value == 2.5
    (money,) = extract("The council will spend £2.5m on the new wall.").figures
    assert (money.value, money.unit) == (2_500_000, "GBP")


def test_a_change_and_the_level_it_reaches_are_two_rows_that_say_which(extract):
    change, level = extract("Crude oil fell 3.4% to $55.12 per barrel on Tuesday.").figures
    assert (change.value, change.unit, change.figure_kind) == (3.4, "percent", "change")
    assert (level.value, level.unit, level.figure_kind, level.per_unit) == (55.12, "USD", "level", "barrel")


def test_a_rate_keeps_its_denominator(extract):
    (fig,) = extract("The plant will produce 20 tonnes of steel a day, the company said.").figures
    assert (fig.per_unit, fig.base_value, fig.base_unit) == ("day", 20_000.0, "kg")


def test_job_counts_and_job_cuts_group_under_one_measure_key(extract):
    sentences = ("The firm will cut 5,000 jobs.", "Job cuts of 5,000 were announced.", "It employs 900 people and 40 jobs went.")
    keys = {f.measure_key for s in sentences for f in extract(s).figures if f.value in (5000, 40)}
    assert keys == {"job"}


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The settlement includes £7.4m from the Treasury announced by Chancellor Jane Roe.", "Jane Roe"),
        ("Figures from the Office for National Statistics showed that 40,000 jobs were lost.", "Office for National Statistics"),
        ("The Border Patrol recorded 1.8 million crossings last year.", "Border Patrol"),
        ("Fifa's disciplinary code stipulates that a first doping offence should be followed by a six-month ban.", "Fifa"),
    ],
)
def test_a_figure_keeps_the_source_the_sentence_gives(extract, sentence, source):
    e = extract(sentence)
    names = {a.actor_id: a.canonical_name for a in e.actors}
    assert [names.get(f.source_actor_id) for f in e.figures] == [source]


def test_a_figure_without_a_source_in_the_text_has_none(extract):
    assert [f.source_actor_id for f in extract("About 40,000 jobs were lost in the region last year.").figures] == [None]


def test_a_sum_taken_or_spent_measures_what_the_verb_names(extract):
    ex = extract("The film took $42.8m in its first week. The council spent £2m on roads.")
    measures = {f.surface: f.measure for f in ex.figures}
    assert measures["$42.8m"] == "takings"  # not 'film', the subject
    assert measures["£2m"] in ("roads", "spending")


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Hospital chiefs said that 28 people had been sent home.", "hospital chiefs"),
        ("Parent advocacy groups estimated that a 7% funding increase was needed.", "Parent advocacy groups"),
        ("About 4,100 tons of grain was lost, according to the researchers' calculations.", "researchers"),
        (
            "More than 9,000 homes lost power, according to a group representing rural towns in Oregon.",
            "group representing rural towns in Oregon",
        ),
        ("The engine makes 150 PS, which Acme Corp claims is a 20% improvement on the old one.", "Acme Corp"),
    ],
)
def test_a_figure_takes_a_group_or_a_claimant_as_its_source(extract, sentence, source):
    e = extract(sentence)
    names = {a.actor_id: a.canonical_name for a in e.actors}
    assert source in [names.get(f.source_actor_id) for f in e.figures]


def test_groups_do_not_borrow_the_organisation_named_before(extract):
    e = extract("Acme Motors opened a plant in May. Parent advocacy groups estimated that a 7% funding increase was needed.")
    names = {a.actor_id: a.canonical_name for a in e.actors}
    (fig,) = [f for f in e.figures if f.value == 7]
    assert names.get(fig.source_actor_id) != "Acme Motors"


def test_the_plural_repeating_a_named_group_is_that_group(extract):
    e = extract("Nearly 300 schools closed, according to nurses unions. The unions said more than 9,000 people registered for the march.")
    names = {a.actor_id: a.canonical_name for a in e.actors}
    (fig,) = [f for f in e.figures if f.value == 9000]
    assert names.get(fig.source_actor_id) == "nurses unions"


@pytest.mark.parametrize(
    ("sentence", "surface", "measure"),
    [
        ("Of those asked, 77 percent were aged 30 or above.", "77 percent", "aged 30 or above"),
        ("Of those asked, 62 percent were white.", "62 percent", "white"),
        ("Probes mapped the 2,100-mile-wide moon Castor last year.", "2,100-mile", "width of moon Castor"),
        ("The pool holds about 2,750 tons, or 2,500 metric tons, of water.", "about 2,750 tons", "water"),
        ("Regulators may block a $6.75bn (£3.6bn) buyout of the carrier.", "£3.6bn", "buyout"),
        ("Kestrel's shares rose 1% to 57.85 Swiss francs.", "57.85 Swiss francs", "Kestrel share price"),
        ("Critics cited data showing the economy grew just 0.1% in the quarter.", "0.1%", "economy"),
        (
            "The number who said they had smoked in the past month rose by 23 percent.",
            "23 percent",
            "number who said they had smoked in the past month",
        ),
    ],
)
def test_measure_reads_what_the_sentence_says_is_counted(extract, sentence, surface, measure):
    measures = {f.surface: f.measure for f in extract(sentence).figures}
    assert measures.get(surface) == measure, measures


@pytest.mark.parametrize(
    "sentence",
    [
        "Several thousand nurses marched on the capital.",
        "A few hundred fans waited outside.",
        "The border was drawn after the Six-Day War.",
        "Troops at one point fired on the crowd.",
    ],
)
def test_vague_amounts_and_numbers_in_names_are_not_figures(extract, sentence):
    assert extract(sentence).figures == []


def test_one_more_point_is_still_a_count(extract):
    assert [f.value for f in extract("We have one more point in the table.").figures] == [1]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The club raised up to £350m. Fans said the deal was fair.", 350e6, "GBP"),
        ("The buyer paid $500m. Analysts said it was a bargain.", 500e6, "USD"),
        ("Its debt was €40k. Banks said they would wait.", 40e3, "EUR"),
        ("The fund lost $2b. Investors said they would sue.", 2e9, "USD"),
    ],
)
def test_a_scale_that_ends_a_sentence_keeps_its_value_and_the_next_sentence_starts_after_it(extract, text, value, unit):
    extraction = extract(text)
    [figure] = [f for f in extraction.figures if f.unit == unit]
    assert abs(figure.value - value) < 1e-6 * value and figure.measure not in ("m.", "k.", "b.", "m", "k", "b")
    assert all(not s.content.startswith(("m.", "k.", "b.")) and ". " not in s.content for s in extraction.statements)


def test_an_amount_converted_in_brackets_never_takes_the_scale_of_the_first_as_its_measure(extract):
    [first, converted] = extract("Its revenue nearly tripled, exceeding $86m (£46m). The shares rose.").figures
    assert converted.value == 46e6 and converted.measure == first.measure and converted.measure not in ("m", "m.")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The firm won a $5-million contract.", 5e6, "USD"),
        ("The bank raised 30 mln euros from investors.", 30e6, "EUR"),
        ("It is a $1.2 billion-plus deal for the firm.", 1.2e9, "USD"),
        ("It paid US$3m for the site.", 3e6, "USD"),
        ("The deal is worth $2 bn.", 2e9, "USD"),
        ("It agreed a £1.5bn-a-year deal.", 1.5e9, "GBP"),
        ("It cost $450k. Critics said so.", 450e3, "USD"),
    ],
)
def test_a_scale_is_never_lost_to_hyphens_spacing_or_abbreviations(extract, text, value, unit):
    assert [(f.value, f.unit) for f in extract(text).figures] == [(pytest.approx(value), unit)]


# ---- each reading step, unit, filter and measure rule on a sentence


def one(extraction, surface: str):
    """The figure whose surface is ``surface``."""
    return next(f for f in extraction.figures if f.surface == surface)


def test_a_number_closing_the_text_is_read(extract):
    assert one(extract("The bill came to 400"), "400").value == 400


def test_a_currency_symbol_before_a_number_leaves_no_unit_to_read_after_it(extract):
    assert one(extract("The bill came to $40 percent more."), "$40").unit == "USD"


def test_a_country_before_the_number_says_whose_dollars(extract):
    assert one(extract("The fee is Canadian 40 dollars a month."), "40 dollars").unit == "CAD"


def test_a_currency_code_after_the_number_is_its_unit(extract):
    fig = one(extract("The fee is 300 EUR a month."), "300 EUR")
    assert (fig.unit, fig.measure) == ("EUR", "fee")


def test_an_article_between_a_qualifier_and_the_amount_is_skipped(extract):
    assert one(extract("Offenders face up to a $250,000 fine."), "up to a $250,000").qualifier == "at_most"


def test_a_duration_before_a_noun_measures_that_noun(extract):
    assert one(extract("The club signed an 18-month loan deal."), "18").measure == "month loan deal"


def test_a_multiplier_measures_what_follows_it_without_the_full_stop(extract):
    assert one(extract("Prices are three times the average."), "three").measure == "times the average"


def test_a_length_before_a_noun_keeps_the_nouns_of_phrase(extract):
    assert one(extract("They built a 20-mile stretch of wall."), "20-mile").measure == "stretch of wall"


def test_an_amount_opening_the_text_before_a_conversion_is_read(extract):
    assert {f.surface for f in extract("£5m (about $6m) was spent.").figures} == {"£5m", "about $6m"}


def test_a_conversion_in_brackets_measures_what_the_amount_it_converts_measures(extract):
    ex = extract("Acme paid £350m ($450m) for the stake.")
    assert one(ex, "$450m").measure == one(ex, "£350m").measure is not None


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Prices rose by 5% in May.", "change"), ("Prices rose to 5% in May.", "level"), ("There was a 5% rise in prices.", "change")],
)
def test_by_or_a_change_noun_makes_a_change_and_to_a_level(extract, text, kind):
    assert one(extract(text), "5%").figure_kind == kind


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Sales fell 5% in 2004, and rose in 2005.", "in 2004"),
        ("In 2003 sales rose 5%, and in 2005 they fell.", "In 2003"),
        ("Sales were 5% higher in March than in 2004.", "in March"),
    ],
)
def test_the_period_is_the_nearest_date_of_the_figures_clause_with_its_preposition(extract, text, period):
    assert one(extract(text), "5%").period == period


def test_a_phone_number_in_groups_is_not_a_figure(extract):
    assert extract("The ticket line is 020-7946-0958.").figures == []


def test_an_article_after_up_to_is_skipped_inside_an_of_phrase(extract):
    assert one(extract("Offenders face a fine of up to a $250,000 limit."), "up to a $250,000").qualifier == "at_most"


def test_a_pronoun_one_is_no_figure(extract):
    assert extract("The scheme suits big firms more than small ones.").figures == []


def test_a_percentage_after_a_name_is_a_figure(extract):
    assert {f.surface for f in extract("Roe leads Doe 50% to 40% in the poll.").figures} >= {"50%"}


def test_a_figure_in_an_of_phrase_measures_the_noun_before_it(extract):
    assert one(extract("Turnout beat its record of 98,765."), "98,765").measure == "record"


def test_a_percentage_in_an_election_measures_the_rate_before_it(extract):
    assert one(extract("The turnout rate was 17.3% in the 2010 vote."), "17.3%").measure == "turnout rate"


def test_a_figure_with_no_verb_is_read(extract):
    assert {f.surface for f in extract("Costs: $5m. Staff: 400").figures} == {"$5m", "400"}


def test_a_number_opening_the_text_takes_no_currency_from_its_end(extract):
    assert one(extract("400 people paid in EUR"), "400").unit is None


def test_a_record_of_a_number_measures_the_record(extract):
    assert one(extract("Turnout was up on its record of 98,765."), "98,765").measure == "record"


def test_a_percentage_after_to_or_at_is_a_level_even_before_a_change_noun(extract):
    assert one(extract("The bank lowered its forecast to 2% growth."), "2%").figure_kind == "level"
    assert one(extract("The bank held rates at 5% growth."), "5%").figure_kind == "level"


def test_a_total_of_an_amount_measures_the_total_not_the_amount(extract):
    assert one(extract("The company paid a total of $1.1bn for the plants."), "$1.1bn").measure == "total"


def test_a_qualifier_opening_a_short_text_starts_the_figure(extract):
    fig = one(extract("Nearly 400"), "Nearly 400")
    assert (fig.qualifier, fig.start) == ("approximate", 0)
