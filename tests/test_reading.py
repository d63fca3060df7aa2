"""Bytes -> Document: encodings, boilerplate, headline/byline/dateline/outlet."""

from __future__ import annotations

import codecs

import pytest

from transforms.reading.credits import parse_byline, parse_dateline
from transforms.reading.document import UnreadableInput, decode_bytes, read_document

ARTICLE = (
    "Council approves new budget for city parks\n\n"
    "By Maria Lopez Hernandez\n\n"
    "SPRINGFIELD (AP) - The city council on Tuesday approved a budget that raises spending on parks, "
    "the mayor said in a statement after a long debate among members.\n\n"
    "Officials said the plan would be reviewed again next spring by an independent panel of experts.\n\n"
    "This article has been read 2417 times\n\n"
    "Share this article\n"
)


def read(text: str | bytes, path: str = "a.txt"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_document(data, source_path=path, sha256="x" * 64)


def test_utf8_with_bom_decodes_and_drops_the_bom():
    text, enc = decode_bytes(codecs.BOM_UTF8 + "Café – naïve".encode())
    assert text == "Café – naïve" and enc == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes(codec):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text, _ = decode_bytes(bom + "Prices rose £5 today".encode(codec))
    assert text == "Prices rose £5 today"


def test_latin1_pound_sign_is_decoded_not_dropped():
    text, enc = decode_bytes("A £15.8m signing from Parma last season.".encode("latin-1"))
    assert "£15.8m" in text and enc in ("cp1252", "latin-1")


def test_mojibake_is_repaired():
    broken = "The minister’s plan".encode().decode("cp1252")
    text, _ = decode_bytes(broken.encode("utf-8"))
    assert text == "The minister’s plan"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"some text\x00\x01\x02 with NUL bytes \x00\x00", "NUL"),
    ],
)
def test_unreadable_bytes_are_rejected_with_a_reason(data, reason):
    with pytest.raises(UnreadableInput, match=reason):
        decode_bytes(data)


def test_headline_byline_dateline_and_agency_outlet_are_parsed():
    doc = read(ARTICLE)
    assert doc.title == "Council approves new budget for city parks"
    assert doc.byline == "Maria Lopez Hernandez"
    assert doc.dateline == "Springfield"
    assert doc.outlet == "Associated Press"
    assert doc.body.startswith("The city council on Tuesday")


def test_site_furniture_is_stripped_from_body_and_kept():
    doc = read(ARTICLE)
    assert "2417" not in doc.body and "Share this" not in doc.body
    assert "This article has been read 2417 times" in doc.boilerplate
    assert "Share this article" in doc.boilerplate


def test_foreign_language_moderation_notice_is_boilerplate():
    text = ARTICLE + "\nYorumlar moderatör onayından sonra yayınlanır ve küfür içeren yorumlar kesinlikle silinecektir.\n"
    doc = read(text)
    assert "Yorumlar" not in doc.body
    assert any(line.startswith("Yorumlar") for line in doc.boilerplate)


def test_parenthesised_city_dateline():
    city, outlet, prefix = parse_dateline("(Paris) The talks resumed on Monday after a week of delays.")
    assert (city, outlet) == ("Paris", None) and prefix == "(Paris) "


def test_plain_sentence_is_not_a_dateline():
    assert parse_dateline("The talks resumed on Monday - after a delay.")[0] is None


def test_byline_requires_a_name():
    assert parse_byline("By Jane Doe") == ("Jane Doe", None)
    assert parse_byline("By the end of the year, prices rose.") is None


def test_html_page_becomes_text():
    html = (
        "<!DOCTYPE html><html><head><title>Storm hits coast</title><script>var x=1;</script></head>"
        "<body><h1>Storm hits coast</h1><p>The storm hit the coast on Monday, officials said, "
        "and thousands of homes lost power.</p></body></html>"
    )
    doc = read(html)
    assert doc.title == "Storm hits coast"
    assert "thousands of homes lost power" in doc.body and "var x" not in doc.body


def test_non_english_article_is_rejected_with_its_language():
    text = (
        "Le gouvernement annonce un plan\n\nLe gouvernement a annoncé mardi un nouveau plan pour "
        "les transports publics, qui sera présenté au parlement la semaine prochaine par la ministre."
    )
    with pytest.raises(UnreadableInput, match="'fr'"):
        read(text)


def test_only_boilerplate_is_rejected():
    with pytest.raises(UnreadableInput):
        read("Share this article\n\nThis news has been read 12 times\n")
