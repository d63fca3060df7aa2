"""Reading any site's page: furniture by shape, headline, byline, dateline, outlet, stamps, and furniture learned per source."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from transforms.reading.document import read_document, read_page
from transforms.reading.furniture import furniture_reason
from transforms.reading.html_page import without_site_suffix
from transforms.reading.learned import LearnedFurniture, line_shape, page_shapes
from transforms.reading.stamps import is_stamp, read_stamps

LEDE = "The city council approved plans for 40 new homes on Tuesday after a debate that lasted most of the evening."
SECOND = '"This is a good day for families who need somewhere to live," the mayor, Jane Roe, told reporters afterwards.'
THIRD = "Work on the first houses is due to start in the spring, officials said, once the contracts have been signed."


def page(*header: str, footer: tuple[str, ...] = (), title: str = "Council backs 40 new homes") -> list[str]:
    return [title, *header, LEDE, SECOND, THIRD, *footer]


def doc(text: str, learned=None):  # noqa: ANN001, ANN201
    data = text.encode("utf-8")
    return read_document(data, source_path="a.txt", sha256=hashlib.sha256(data).hexdigest(), learned=learned)


# ----------------------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Published 11:34 PM EST Nov 3, 2021", "date stamp"),
        ("UPDATED: 09:05, Wed, Mar 3, 2021", "date stamp"),
        ("2021-03-03T09:05:00Z", "date stamp"),
        ("Posted 3 hours ago", "date stamp"),
        ("4 min read", "reading time"),
        ("Share this article", "share line"),
        ("Facebook Twitter WhatsApp Email", "share line"),
        ("@JaneRoeNews", "handle"),
        ("Sign up for our daily newsletter", "sign-up prompt"),
        ("(Photo: © Example Agency)", "image credit"),
        ("Image credit: City Hall", "image credit"),
        ("Reporting by Jane Roe; Editing by John Poe", "credit line"),
        ("© 2021 The Valley Gazette. All rights reserved.", "copyright"),
        ("Terms of Service", "legal links"),
        ("Trending Now", "related list"),
        ("Most Popular", "related list"),
        ("Related stories", "related list"),
        ("Tags: housing, council", "tag line"),
        ("#Housing #Council", "tag line"),
        ("Disclaimer: the views expressed here are the author's own and not those of the site.", "disclaimer"),
        ("— Valley Council (@ValleyCouncil) March 3, 2021", "embedded post"),
        ("Home | News | Sport | Weather", "navigation"),
        ("Skip to main content", "skip link"),
        ("Viewed 1,204 times", "counter"),
        ("12 comments", "counter"),
    ],
)
def test_a_furniture_shape_is_named(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday.",
        "He refused to read the comments.",
        "Sections of the road were closed for repairs.",
        "The licensing deal was worth $5m.",
        "Sept. 12 -- Shoreline Amphitheatre, Mountain View, CA",
        LEDE,
    ],
)
def test_an_article_line_is_not_furniture(line):
    assert furniture_reason(line) is None


def test_a_stamp_gives_the_time_it_prints_with_its_zone():
    stamps = read_stamps(["PUBLISHED: 10:48, Wed, Mar 3, 2021 | UPDATED: 11:05, Wed, Mar 3, 2021", "Published 11:34 PM EST Mar 3, 2021"])
    assert stamps.published_at == datetime(2021, 3, 3, 10, 48)
    assert stamps.updated_at == datetime(2021, 3, 3, 11, 5)
    assert stamps.zone == "EST"


def test_a_time_in_its_own_segment_belongs_to_the_date_before_it():
    stamps = read_stamps(["March 3, 2021 | 4:20am | Updated March 3, 2021 | 9:32pm"])
    assert (stamps.published_at, stamps.updated_at) == (datetime(2021, 3, 3, 4, 20), datetime(2021, 3, 3, 21, 32))


@pytest.mark.parametrize("line", ["Published 22 hours ago", "Monday 6:30PM"])
def test_a_relative_stamp_is_a_stamp_without_a_time(line):
    assert is_stamp(line)
    assert read_stamps([line]).published_at is None


def test_a_printed_date_followed_by_a_relative_one_keeps_the_printed_date_never_the_clock():
    stamps = read_stamps(["Mar 4, 2021 at 7:15 GMT 2 days ago"])
    assert stamps.published_at == datetime(2021, 3, 4, 7, 15)


def test_a_year_with_a_relative_stamp_gives_no_time_whatever_the_clock():
    # The year alone would be read against today's month and day: no time, on every run.
    assert read_stamps(["Posted 5 hours ago 2021"]).published_at is None
    assert read_stamps(["Updated 2021"]).updated_at is None


# ------------------------------------------------------------------- page layout


def test_the_headline_is_never_a_navigation_bar_a_skip_link_or_a_date_stamp():
    read = read_page(["Skip to content", "Home | News | Sport | Weather", "Published 09:00 GMT 3 March 2021", *page()])
    assert read.title == "Council backs 40 new homes"
    assert read.stamps.published_at == datetime(2021, 3, 3, 9, 0)


def test_a_headline_printed_twice_is_one():
    read = read_page(page("Council backs 40 new homes", "By Jane Roe"))
    assert read.title == "Council backs 40 new homes" and read.body[0] == LEDE


@pytest.mark.parametrize(
    ("header", "byline", "outlet"),
    [
        (("By Jane Roe",), "Jane Roe", None),
        (("By Jane Roe and John Poe",), "Jane Roe and John Poe", None),
        (("by Jane Roe",), "Jane Roe", None),
        (("By Jane Roe | Valley News",), "Jane Roe", "Valley News"),
        (("By Jane Roe - Valley Science Contributor",), "Jane Roe", "Valley Science"),
        (("Jane Roe", "Associated Press", "Published 9:00 AM EST Mar 3, 2021"), "Jane Roe", "Associated Press"),
        (("Jane Roe", "Housing reporter", "@JaneRoeNews"), "Jane Roe", None),
        (("JANE ROE", "Mar. 3, 2021"), "Jane Roe", None),
    ],
)
def test_a_byline_is_names_only_in_every_common_shape(header, byline, outlet):
    read = read_page(page(*header))
    assert (read.byline, read.outlet) == (byline, outlet)
    assert read.body[0] == LEDE, "every header line is stripped"


@pytest.mark.parametrize(
    ("lede", "place", "outlet"),
    [
        ("SPRINGFIELD, Ill. (AP) — " + LEDE, "Springfield, Ill.", "Associated Press"),
        ("Springfield – " + LEDE, "Springfield", None),
        ("LONDON, March 3 (Reuters) - " + LEDE, "London", "Reuters"),
        ("(Springfield) " + LEDE, "Springfield", None),
    ],
)
def test_a_dateline_gives_the_place_and_the_agency_tag_the_outlet(lede, place, outlet):
    read = read_page(["Council backs 40 new homes", lede, SECOND, THIRD])
    assert (read.dateline, read.outlet) == (place, outlet)
    assert read.body[0] == LEDE


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        (("Last Updated : Mar 3, 2021 01:41 PM IST | Source: Valleynews.com",), "Valleynews.com"),
        (("Originally published on Valley Science.",), "Valley Science"),
        (("Jane Roe is a reporter for Valley News.", "© 2021 VALLEY MEDIA"), "Valley News"),
        (("© The Valley Gazette, a Member of the Example Group",), "The Valley Gazette"),
    ],
)
def test_the_outlet_is_the_publisher_the_page_names(footer, outlet):
    assert read_page(page(footer=footer)).outlet == outlet


def test_the_outlet_is_null_when_the_page_names_none():
    assert read_page(page("By Jane Roe")).outlet is None


def test_a_page_naming_itself_as_the_listener_is_the_outlet():
    lines = ["Council backs homes", LEDE, "The mayor told Valleygazette that work would start soon, a spokesman added."]
    assert read_page(lines).outlet == "Valleygazette"


def test_footer_furniture_goes_and_a_list_that_ends_an_article_stays():
    footer = ("Related articles", "Need more help?", "Sign up for our newsletter")
    read = read_page(page(footer=footer))
    assert read.body[-1] == THIRD and [line for line, _ in read.stripped][-3:] == list(footer)
    fixtures = ("Southampton v Portsmouth", "West Brom v Tottenham")
    assert read_page(page(footer=fixtures)).body[-2:] == list(fixtures)


def test_every_stripped_line_keeps_its_reason():
    d = doc("\n\n".join(page("By Jane Roe", "Published 09:00 GMT 3 March 2021", footer=("Most Popular",))))
    reasons = dict(zip(d.boilerplate, d.boilerplate_reasons, strict=True))
    assert reasons == {
        "By Jane Roe": "byline",
        "Published 09:00 GMT 3 March 2021": "shape: date stamp",
        "Most Popular": "shape: related list",
    }
    assert (d.published_at, d.time_zone) == (datetime(2021, 3, 3, 9, 0), "GMT")


# ------------------------------------------------------------ learned per source


def site_page(k: int) -> str:
    """A page of a generated site: shared navigation and footer, counters that vary, an article of its own."""
    headlines = ["Bridge reopens", "School budget agreed", "Roads resurfaced", "Library hours cut", "Mayor visits farm", "Fares frozen"]
    article = [
        headlines[k - 1],
        "Home | News | Sport | Weather | Opinion",
        f"Viewed {1000 + 37 * k:,} times",
        f"The valley council met for the {k}th time this year to discuss the roads and the budget for schools.",
        f'"We have listened to residents," councillor {["Ann", "Bob", "Cy", "Di", "Ed", "Flo"][k % 6]} Poe said on Monday evening.',
        "Valley Online: your local news since 1999",
        f"{k * 3 + 2} comments",
    ]
    return "\n\n".join(article)


def test_lines_a_generated_site_repeats_are_stripped_and_no_article_line_is_lost():
    pages = [site_page(k) for k in range(1, 7)]
    learned = LearnedFurniture.of(page_shapes(p.split("\n\n")) for p in pages)
    for text in pages:
        d = doc(text, learned)
        assert d.title == text.split("\n\n")[0]
        assert d.body.split("\n\n") == text.split("\n\n")[3:5], "the two article lines, nothing else"
        assert "Valley Online: your local news since 1999" in d.boilerplate
        reason = d.boilerplate_reasons[d.boilerplate.index("Valley Online: your local news since 1999")]
        assert reason == "repeats in 6 documents of this source"


def test_a_paragraph_two_syndicated_articles_repeat_stays_in_both():
    shared = 'Officials said on Monday that "the bridge will reopen in May", after repairs costing about 3 million dollars.'
    assert line_shape(shared) is None, "a sentence, and a quote: never learned"
    texts = [f"Headline {k}\n\nLede number {k} of a story about the bridge that closed in the winter storms.\n\n{shared}" for k in range(5)]
    learned = LearnedFurniture.of(page_shapes(t.split("\n\n")) for t in texts)
    assert all(shared in doc(t, learned).body for t in texts)


def test_a_line_is_furniture_only_in_enough_of_its_sources_documents():
    learned = LearnedFurniture.of([frozenset({"valley online"})] * 2 + [frozenset()] * 8)
    assert learned.threshold == 3 and learned("Valley Online") is None
    learned = LearnedFurniture.of([frozenset({"valley online"})] * 3 + [frozenset()] * 7)
    assert learned("VALLEY ONLINE") == "repeats in 3 documents of this source"


# -------------------------------------------------------------------------- HTML


def test_an_html_page_is_read_by_trafilatura_with_its_metadata_and_what_it_drops_kept():
    html = f"""<!doctype html><html><head><title>Council backs 40 new homes | The Valley Gazette</title>
    <meta property="og:site_name" content="The Valley Gazette"><meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2021-03-03T09:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
    <article><h1>Council backs 40 new homes</h1><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p></article>
    <footer><p>Copyright 2021 The Valley Gazette. All rights reserved.</p></footer></body></html>"""
    d = doc(html)
    assert d.title == "Council backs 40 new homes"
    assert (d.byline, d.outlet) == ("Jane Roe", "The Valley Gazette")
    assert d.published_at == datetime(2021, 3, 3)
    assert d.body.split("\n\n") == [LEDE, SECOND, THIRD]
    assert "Copyright 2021 The Valley Gazette. All rights reserved." in d.boilerplate


def test_a_headline_the_sources_pages_share_stays_the_headline():
    texts = ["Mayor opens bridge\n\n" + LEDE.replace("Tuesday", day) for day in ("Monday", "Tuesday", "Friday")]
    learned = LearnedFurniture.of(page_shapes(t.split("\n\n")) for t in texts)
    assert learned("Mayor opens bridge") is not None
    assert all(doc(t, learned).title == "Mayor opens bridge" for t in texts)


def test_an_article_dressed_in_site_furniture_keeps_its_headline_and_loses_the_furniture():
    furniture_top = ["Skip to main content", "Home | News | Sport | Weather", "Home > News > Business"]
    furniture_mid = ["Last Updated: Tuesday, 1 March 2005, 14:32 GMT", "Comments (12)", "Просмотров: 1 204", "Lượt xem: 3.401"]
    furniture_end = ["Printable version", "Have your say", "Bookmark with:", "Digg", "Facebook", "© 2005 Example News"]
    lines = [*furniture_top, "Council backs 40 new homes", *furniture_mid[:2], LEDE, furniture_mid[2], SECOND, furniture_mid[3], THIRD]
    read = read_page(lines + furniture_end)
    assert read.title == "Council backs 40 new homes"
    assert read.body == [LEDE, SECOND, THIRD]
    assert read.stamps.published_at is None and read.stamps.updated_at == datetime(2005, 3, 1, 14, 32)


def test_a_page_title_loses_a_trailing_site_name_and_keeps_other_dashes():
    html = f"""<!doctype html><html><head><title>Council backs 40 new homes – Valley Gazette</title>
    <meta property="og:site_name" content="Valley Gazette"></head>
    <body><article><p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p></article></body></html>"""
    assert doc(html).title == "Council backs 40 new homes"
    assert without_site_suffix("Storm - what we know so far", "Valley Gazette") == "Storm - what we know so far"
    assert without_site_suffix("Storm hits coast | valleygazette.com", "valleygazette.com") == "Storm hits coast"


def test_a_large_html_page_is_limited_by_its_text_not_its_markup(tmp_path):
    from flows.files import read_file
    from transforms.limits import DocumentLimits
    from transforms.records import SourceFile

    paragraph = " ".join(f"The council said on Monday that plan number {n} would add homes near the river." for n in range(6))
    article = "".join(f"<p>{paragraph} Section {k}.</p>" for k in range(22))  # about 2,000 words
    padding = "<script>var junk = '" + "x" * 3_000_000 + "';</script>"
    head = f"<!doctype html><html><head><title>Council backs homes</title>{padding}</head>"
    page = f"{head}<body><article><h1>Council backs homes</h1>{article}</article></body></html>"
    path = tmp_path / "big.html"
    path.write_text(page, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    document = read_file(SourceFile(str(path), "big.html", path.stat().st_size, digest), "site", 5 << 20, DocumentLimits())
    assert len(page) > 4 * DocumentLimits().max_chars and document.word_count > 1_900 and document.title == "Council backs homes"
