"""Where a page's article is: the line model's run of lines, the headline of a whole page, stamps in
credit lines, the standfirst, and the headline an HTML page prints. Every page here is made up."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

import duckdb

from transforms.reading.document import read_document, read_page
from transforms.reading.html_page import printed_headline
from transforms.reading.lines import FEATURES, MODEL_PATH, article_chances, article_run, line_features
from transforms.reading.stamps import has_embedded_stamp, stamps_in_line
from transforms.tables import dim_documents
from warehouse.schema import apply_schema

TITLE = "Valley towns count the cost of the spring floods"
ARTICLE = [
    "Residents of three valley towns began clearing mud from their homes on Monday after the river burst its banks for the "
    "second time this year.",
    "The county council said about 400 homes had been flooded and that emergency shelters would stay open until the end of "
    "the week.",
    '"We have never seen water rise this fast," said Maria Olsen, who has run the bakery on the high street for twenty years.',
    "Engineers are checking two bridges that were closed on Sunday night, and the main road north is not expected to reopen "
    "before Thursday.",
    "The council has asked the national government for help with the cost of repairs, which it puts at several million "
    "pounds.",
]
FOOTER = [
    "Share this article",
    "More from the Valley",
    "Bakery owners fear a second bad season in a row",
    "River levels to be watched around the clock",
    "School reopens after the storm",
    "Site Information",
    "About / Advertise / Contact",
    "0",
    "© 2026 Valley Gazette. All rights reserved.",
]
MENUS = [
    "Skip to content",
    "Home",
    "News",
    "Sport",
    "Weather",
    "Business",
    "Opinion",
    "Subscribe",
    "Sign in",
    "Search",
    "Local",
    "Politics",
    "Education",
    "Health",
    "Arts",
]


def _doc(lines: list[str]):  # noqa: ANN202
    data = "\n\n".join(lines).encode("utf-8")
    return read_document(data, source_path="p.txt", sha256=hashlib.sha256(data).hexdigest())


# ----------------------------------------------------------------------------- the line model
def test_the_line_model_has_one_weight_for_each_feature_it_is_given():
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    width = len(line_features(["One line.", "Another line here."])[0])
    assert width == 4 * len(FEATURES) == len(model["weights"]) == len(model["mean"]) == len(model["scale"])


def test_prose_lines_are_likelier_article_text_than_menu_lines():
    lines = [*MENUS, TITLE, *ARTICLE, *FOOTER]
    chances = article_chances(lines)
    article = chances[len(MENUS) + 1 : len(MENUS) + 1 + len(ARTICLE)]
    assert min(article) > 0.5 > max(chances[: len(MENUS)])


def test_the_article_is_the_run_of_prose_and_not_the_headlines_under_it():
    lines = [TITLE, "By Ann Lee", *ARTICLE, *FOOTER]
    first, last = article_run(lines, article_chances(lines))
    assert first <= 2 and last == 2 + len(ARTICLE)  # the byline is the rules' to strip; the headlines under it are out


def test_headlines_labels_counters_and_site_links_under_an_article_are_furniture():
    read = read_page([TITLE, "Ann Lee - Mar 3, 2026, 9:05 am EST", *ARTICLE, *FOOTER])
    assert read.body == ARTICLE
    stripped = [line for line, _ in read.stripped]
    assert all(line in stripped for line in FOOTER)


def test_a_list_that_ends_a_page_without_a_footer_stays():
    tour = ["May 2 - City Hall, Leeds", "May 4 - The Dome, Brighton", "May 9 - Arena North, Glasgow"]
    read = read_page([TITLE, *ARTICLE[:3], "The dates announced so far:", *tour])
    assert read.body[-3:] == tour


def test_the_lede_under_a_row_of_share_buttons_stays_in_the_article():
    shares = ["Share this with Facebook", "Share this with Twitter", "Share this with Email", "Share", "Email"]
    read = read_page([TITLE, "3 March 2026", *shares, *ARTICLE, *FOOTER])
    assert read.body[0] == ARTICLE[0]


def test_the_article_goes_on_under_an_embedded_post():
    post = ["What a morning. Thank you to everyone who came out to help us today.", "— Ann Lee (@annlee) March 3, 2026"]
    lines = [TITLE, *ARTICLE[:3], *post, *ARTICLE[3:], *FOOTER]
    assert read_page(lines).body[-2:] == ARTICLE[3:]


# ----------------------------------------------------------------------------- a whole page
def test_a_whole_page_finds_its_printed_headline_and_article_among_the_menus():
    lines = [f"{TITLE} | Valley Gazette", *MENUS, TITLE, "By Ann Lee", "March 3, 2026", *ARTICLE, *FOOTER]
    read = read_page(lines)
    assert read.title == TITLE
    assert read.body == ARTICLE
    assert read.stamps.published_at == datetime(2026, 3, 3)


def test_a_whole_page_without_its_headline_printed_drops_the_site_name_it_prints_elsewhere():
    lines = [f"{TITLE} - Valley Gazette", *MENUS, *ARTICLE, "About the Valley Gazette", *FOOTER]
    assert read_page(lines).title == TITLE


def test_a_first_line_that_only_starts_like_a_line_below_is_the_headline():
    lines = [f"[Review] {TITLE}", "[Review]", "By Ann Lee", *ARTICLE, *FOOTER]
    assert read_page(lines).title == f"[Review] {TITLE}"


# ----------------------------------------------------------------------------- stamps in credit lines
def test_a_date_inside_a_byline_line_is_the_publication_time_with_its_zone():
    stamps = stamps_in_line("By Ann Lee, Wednesday, 4 March 2026 08:05 GMT")
    assert (stamps.published_at, stamps.zone) == (datetime(2026, 3, 4, 8, 5), "GMT")
    assert stamps_in_line("Ann Lee - Mar 3, 2026, 10:31 pm CST").published_at == datetime(2026, 3, 3, 22, 31)
    assert stamps_in_line("5:45 AM PST 3/19/2026 by Ann Lee").published_at == datetime(2026, 3, 19, 5, 45)


def test_a_numeric_date_whose_day_cannot_be_a_month_is_read_day_first():
    assert stamps_in_line("21/06/2024 Ann Lee News, Reviews").published_at == datetime(2024, 6, 21)
    assert stamps_in_line("21:17 18.11.2024 Get short URL").published_at == datetime(2024, 11, 18, 21, 17)


def test_a_date_after_last_modified_in_a_line_is_the_update():
    stamps = stamps_in_line("Mon 2 Mar 2026 18.54 GMT Last modified on Mon 2 Mar 2026 19.10 GMT")
    assert (stamps.published_at, stamps.updated_at) == (datetime(2026, 3, 2, 18, 54), datetime(2026, 3, 2, 19, 10))


def test_a_line_without_a_year_prints_no_date():
    assert not has_embedded_stamp("Updated Mar 3, 9:41 AM; Posted Mar 2, 8:19 PM")
    assert stamps_in_line("Ann Lee Monday 5:30PM").published_at is None


def test_a_byline_line_with_a_date_is_stripped_and_gives_the_date():
    d = _doc([TITLE, "Ann Lee - Mar 3, 2026, 9:05 am EST", *ARTICLE])
    assert d.body.startswith(ARTICLE[0]) and d.published_at == datetime(2026, 3, 3, 9, 5)


def test_a_stamp_line_near_the_headline_wins_over_one_under_a_related_headline():
    lines = [TITLE, "Ann Lee March 3, 2026 12:32", *ARTICLE, "More stories", "Last year's floods in pictures", "May 15, 2025"]
    assert _doc(lines).published_at == datetime(2026, 3, 3, 12, 32)


def test_two_readings_of_a_page_give_identical_document_rows():
    lines = [TITLE, "Ann Lee", "Posted 3 hours ago", *ARTICLE, *FOOTER]
    first, second = (dim_documents([_doc(lines)], "run", datetime(2026, 1, 1)) for _ in range(2))
    assert first.equals(second) and first["published_at"][0] is None


# ----------------------------------------------------------------------------- standfirst
def test_a_standfirst_above_the_byline_has_its_own_field_and_leaves_the_body():
    deck = "Hundreds of homes flooded as the river bursts its banks for the second time this year"
    d = _doc([TITLE, deck, "By Ann Lee", "March 3, 2026", *ARTICLE, *FOOTER])
    assert d.standfirst == deck and deck not in d.body and d.body.startswith(ARTICLE[0])


def test_a_lede_under_the_byline_is_not_a_standfirst():
    d = _doc([TITLE, "By Ann Lee", "March 3, 2026", *ARTICLE, *FOOTER])
    assert d.standfirst is None and d.body.startswith(ARTICLE[0])


def test_an_older_warehouse_gains_the_standfirst_column():
    con = duckdb.connect()
    apply_schema(con, with_foreign_keys=False)  # DuckDB drops no column a key points at
    con.execute("ALTER TABLE dim_documents DROP COLUMN standfirst")
    apply_schema(con, with_foreign_keys=False)
    columns = {r[0] for r in con.execute("DESCRIBE dim_documents").fetchall()}
    assert "standfirst" in columns


# ----------------------------------------------------------------------------- HTML headline
def test_the_printed_headline_is_the_top_heading_sharing_words_with_the_metadata_title():
    headings = ["Valley Gazette", "Sign in to comment", TITLE]
    assert printed_headline(headings, f"Opinion | {TITLE} - Valley Gazette", "Valley Gazette") == TITLE


def test_without_a_matching_heading_the_metadata_title_loses_the_site_name():
    assert printed_headline(["Sign in to comment"], f"{TITLE} - Valley Gazette", "Valley Gazette") == TITLE
    assert printed_headline([], "", None) is None
    assert printed_headline(["Menu", TITLE], "", None) == TITLE
