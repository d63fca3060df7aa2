"""One quote across documents: the rules that decide two statements report one utterance, and the quote ids the
warehouse gives them (real DuckDB, the real schema; one flow run at the end)."""

from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import pytest

from transforms import quotes as q
from transforms.quotes import quote_keys, quote_text, quoted_parts, same_utterance
from warehouse.quotes import link_quotes
from warehouse.schema import apply_schema


def same(a: str, b: str, kind_a: str = "direct", kind_b: str = "direct") -> bool:
    return same_utterance(quote_text(a, kind_a), quote_text(b, kind_b))


def only_rule(a: str, b: str, kind_a: str = "direct", kind_b: str = "direct") -> list[str]:
    ta, tb = quote_text(a, kind_a), quote_text(b, kind_b)
    return [rule.__name__ for rule in q.SAME_UTTERANCE if rule(ta, tb)]


# ------------------------------------------------------------------------------ the rules, on sentences


def test_a_short_quote_printed_word_for_word_is_one_quote():
    assert only_rule("I will not let you down.", "\u201cI will not let you down,\u201d") == ["the_same_words"]


def test_a_word_for_word_repeat_shorter_than_five_words_is_chance():
    assert not same("We will see.", "We will see")


def test_a_quote_cut_short_in_one_outlet_is_the_quote_another_prints_whole():
    assert only_rule("It is going to be completely useless", "And it is going to be completely useless, believe me.") == ["a_cut_quote"]


def test_a_phrase_inside_a_long_quote_is_not_that_quote():
    long = "We met the mayor of the old town on Monday, and nobody there could tell us where the money for the bridge went."
    assert not same("the mayor of the old town", long)


def test_a_long_quote_cut_with_a_word_changed_and_extended_is_one_quote():
    short = "The new bridge will carry thousands of cars across the wide river every single day"
    long = (
        "The new bridge would carry thousands of cars across the wide river every single day, and the tolls would pay "
        "for repairs to the old tunnel under the harbour within ten years"
    )
    assert only_rule(short, long) == ["a_reworded_cut"]


def test_a_quote_with_an_ellipsis_is_the_quote_printed_whole():
    elided = "We will rebuild every school in the valley ... so that each child has a warm classroom before the winter"
    whole = "We will rebuild every school in the valley, stone by stone, so that each child has a warm classroom before the winter"
    assert len(quote_text(elided).pieces) == 2
    assert same(elided, whole)


def test_a_quote_with_a_word_or_two_changed_is_one_quote():
    a = "Our schools need more teachers, more books and better buildings now"
    b = "Our schools need more teachers, better books and better buildings"
    assert only_rule(a, b) == ["near_verbatim"]


def test_a_four_word_slogan_is_not_the_title_that_contains_it():
    assert not same("Make the Valley Green Again", "How to Make the Valley Green Again")


def test_reported_speech_that_quotes_no_words_joins_only_when_nearly_word_for_word():
    quoted = "Factory owners must pay every worker the wage they were promised in the spring contract"
    reported = "factory owners should pay workers the wage promised in the spring contract"
    assert same(quoted, reported, "direct", "direct")  # as two quotes: a few words changed
    assert not same(quoted, reported, "direct", "indirect")  # a reporter's paraphrase of it is not the quote


def test_reported_speech_is_read_for_the_words_it_quotes():
    reported = 'the mayor told reporters outside the town hall on Tuesday that the plan was "a disgrace to every taxpayer in this city"'
    assert quoted_parts(reported) == ["a disgrace to every taxpayer in this city"]
    assert same("The plan is a disgrace to every taxpayer in this city.", reported, "direct", "indirect")
    assert not same("The plan is a disgrace to every taxpayer in this city.", reported, "direct", "direct")  # read whole


def test_a_quote_inside_a_direct_quote_is_part_of_what_was_said():
    assert quote_text('When they chant "build the wall higher" they mean keep us out', "direct").words[0] == "when"


def test_quotation_marks_of_any_style_and_contractions_compare_alike():
    assert quote_text("''We're going to build a new school,''").words == quote_text("\u201cWe are going to build a new school\u201d").words
    assert quoted_parts("he called it \u2018a total disaster for the town\u2019 and left") == ["a total disaster for the town"]
    assert quoted_parts("the mayor\u2019s plan was approved") == []
    assert quoted_parts("its \u201cend of the line for us,\u201d she said") == ["end of the line for us,"]


def test_a_quote_the_statement_opens_or_closes_outside_it_runs_to_its_edge():
    assert quoted_parts("he \u201chas kept every promise to this town") == ["has kept every promise to this town"]
    assert quoted_parts("has kept every promise to this town,\u201d he said") == ["has kept every promise to this town,"]


def test_every_pair_a_rule_joins_shares_a_key():
    texts = [
        "I will not let you down.",
        "It is going to be completely useless",
        "And it is going to be completely useless, believe me.",
        "Our schools need more teachers, more books and better buildings now",
        "Our schools need more teachers, better books and better buildings",
        "We will rebuild every school in the valley ... so that each child has a warm classroom before the winter",
        "We will rebuild every school in the valley, stone by stone, so that each child has a warm classroom before the winter",
    ]
    for a, b in itertools.combinations(texts, 2):
        ta, tb = quote_text(a), quote_text(b)
        if same_utterance(ta, tb):
            assert quote_keys(ta) & quote_keys(tb), (a, b)


# ------------------------------------------------------------------------------ quote ids in the warehouse

FULL = "We will open the new hospital in the spring, and every family in the county will have a doctor within a mile"
CUT = "We will open the new hospital in the spring, and every family in the county"
EXTENDED = FULL + ", and the nurses will have homes they can afford"
OTHER = "The council has not decided anything about the hospital and will not decide before the budget is agreed in June"
BRIDGED = (
    "We will open the new hospital in the spring with three hundred beds.",
    "Every family in the county will have a doctor within a mile.",
)
SHARES_A_PHRASE = "The new hospital in the spring will be too late for the families who are waiting for operations right now"


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_schema(con)
    yield con
    con.close()


def add(con, doc: str, *statements: tuple[str, str | None], day: int = 1, outlet: str | None = None) -> list[str]:
    """A document carrying statements (content, speaker actor or None); returns their statement ids."""
    con.execute(
        """INSERT INTO dim_documents (document_id, source, source_path, sha256, title, language, encoding, word_count, body,
                                      run_id, loaded_at, published_at, outlet)
           VALUES (?, 'test', ?, ?, ?, 'en', 'utf-8', 10, 'body', 'r1', TIMESTAMP '2026-01-01', ?, ?)""",
        [doc, f"{doc}.txt", doc, f"Title {doc}", f"2026-03-{day:02d}", outlet],
    )
    ids = []
    for i, (content, speaker) in enumerate(statements):
        if speaker is not None:
            actor = "INSERT OR IGNORE INTO dim_actors (actor_id, canonical_name, actor_type) VALUES (?, ?, 'person')"
            con.execute(actor, [speaker, speaker])
        sid = f"{doc}-{i}"
        con.execute(
            """INSERT INTO fact_statements (statement_id, document_id, kind, content, speaker_actor_id, start_offset, end_offset,
                                            sentence_index, paragraph_index, confidence)
               VALUES (?, ?, 'direct', ?, ?, 0, 1, 0, 0, 1.0)""",
            [sid, doc, content, speaker],
        )
        ids.append(sid)
    return ids


def quote_of(con, statement_id: str) -> str:
    return con.execute("SELECT quote_id FROM fact_statements WHERE statement_id = ?", [statement_id]).fetchone()[0]


def clusters(con) -> set[frozenset[str]]:
    rows = con.execute("SELECT quote_id, list(statement_id ORDER BY statement_id) FROM fact_statements GROUP BY quote_id").fetchall()
    return {frozenset(ids) for _, ids in rows}


def test_a_quote_cut_in_one_document_and_extended_in_another_has_one_id(con):
    (a,) = add(con, "a", (FULL, None))
    (b,) = add(con, "b", (CUT, None))
    (c,) = add(con, "c", (EXTENDED, None))
    link_quotes(con)
    assert quote_of(con, a) == quote_of(con, b) == quote_of(con, c)
    assert con.execute("SELECT documents, statements, text FROM dim_quotes").fetchall() == [(3, 3, EXTENDED)]


def test_a_quote_printed_with_an_ellipsis_shares_the_id_of_the_whole(con):
    (a,) = add(con, "a", (FULL, None))
    (b,) = add(con, "b", ("We will open the new hospital in the spring ... every family in the county will have a doctor", None))
    link_quotes(con)
    assert quote_of(con, a) == quote_of(con, b)


def test_two_different_quotes_that_share_a_phrase_keep_two_ids(con):
    (a,) = add(con, "a", (FULL, None))
    (b,) = add(con, "b", (SHARES_A_PHRASE, None))
    link_quotes(con)
    assert quote_of(con, a) != quote_of(con, b)


def test_a_new_document_joins_the_existing_id(con):
    (a,) = add(con, "a", (FULL, None))
    (b,) = add(con, "b", (CUT, None))
    link_quotes(con)
    before = quote_of(con, a)
    (c,) = add(con, "c", (EXTENDED, None))
    link_quotes(con)
    assert quote_of(con, a) == quote_of(con, b) == quote_of(con, c) == before


def test_a_bridge_document_in_a_later_run_merges_two_quotes_and_leaves_no_stale_id(con):
    first, second = BRIDGED
    (a,) = add(con, "a", (first, None))
    (b,) = add(con, "b", (second, None))
    link_quotes(con)
    ids = {quote_of(con, a), quote_of(con, b)}
    assert len(ids) == 2
    (c,) = add(con, "c", (f"{first} {second}", None))
    linked = link_quotes(con)
    assert linked.merged == 1
    assert quote_of(con, a) == quote_of(con, b) == quote_of(con, c) == min(ids)
    assert con.execute("SELECT quote_id, documents FROM dim_quotes").fetchall() == [(min(ids), 3)]


def test_a_quote_whose_bridge_document_goes_is_taken_apart_again(con):
    first, second = BRIDGED
    (a,) = add(con, "a", (first, None))
    (b,) = add(con, "b", (second, None))
    (c,) = add(con, "c", (f"{first} {second}", None))
    link_quotes(con)
    kept = quote_of(con, a)
    con.execute("DELETE FROM fact_statements WHERE document_id = 'c'")
    linked = link_quotes(con)
    assert linked.broken == 1 and quote_of(con, a) != quote_of(con, b)
    assert kept in {quote_of(con, a), quote_of(con, b)}
    assert con.execute("SELECT count(*) FROM etl_quote_keys WHERE statement_id = ?", [c]).fetchone()[0] == 0


def test_loading_in_two_runs_gives_the_clusters_of_one_run(tmp_path):
    docs = [("a", FULL), ("b", OTHER), ("c", CUT), ("d", SHARES_A_PHRASE), ("e", EXTENDED), ("f", OTHER + ", she said")]
    found = []
    for split in ([docs], [docs[:3], docs[3:]], [docs[3:], docs[:3]]):
        con = duckdb.connect(str(tmp_path / f"w{len(found)}.duckdb"))
        apply_schema(con)
        for part in split:
            for doc, text in part:
                add(con, doc, (text, None))
            link_quotes(con)
        found.append(clusters(con))
        con.close()
    assert found[0] == found[1] == found[2]
    assert frozenset({"a-0", "c-0", "e-0"}) in found[0] and frozenset({"b-0", "f-0"}) in found[0]


def test_a_quote_given_to_two_speakers_is_a_conflict_listing_both(con):
    add(con, "a", (FULL, "Ann Lee"), day=2, outlet="Daily One")
    add(con, "b", (FULL, "Ben Roe"), day=1, outlet="Daily Two")
    add(con, "c", (FULL, "Ann Lee"), day=3, outlet="Daily One")
    link_quotes(con)
    columns = "speaker_actor_id, speaker_documents, speakers, outlets, first_document_id, last_document_id"
    assert con.execute(f"SELECT {columns} FROM dim_quotes").fetchall() == [("Ann Lee", 2, 2, 2, "b", "c")]
    rows = con.execute("SELECT speaker, documents, source_paths FROM v_quote_conflicts ORDER BY speaker").fetchall()
    assert rows == [("Ann Lee", 2, "a.txt; c.txt"), ("Ben Roe", 1, "b.txt")]


def test_the_same_words_given_to_a_named_group_in_two_documents_is_no_conflict(con):
    for doc in ("a", "b"):
        con.execute(
            "INSERT INTO dim_actors (actor_id, canonical_name, actor_type, document_scoped) VALUES (?, 'officials', 'group', true)",
            [f"officials-{doc}"],
        )
    add(con, "a", (FULL, "officials-a"))
    add(con, "b", (FULL, "officials-b"))
    link_quotes(con)
    assert con.execute("SELECT speakers FROM dim_quotes").fetchall() == [(1,)]
    assert con.execute("SELECT count(*) FROM v_quote_conflicts").fetchone()[0] == 0


@pytest.mark.slow
def test_a_run_links_the_quote_two_outlets_carry_and_a_later_run_joins_it(tmp_path: Path, query):
    from flows.document_page import document_facts
    from flows.pipeline import newsfacts_flow
    from flows.settings import Settings
    from warehouse import connection

    folder, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    story = "Hospital plan approved\n\nThe council approved the plan on Monday.\n\n\u201c{},\u201d said Mayor Ann Lee.\n"
    (folder / "one.txt").write_text(story.format(FULL), encoding="utf-8")
    (folder / "two.txt").write_text(story.format(CUT), encoding="utf-8")
    summary = newsfacts_flow(Settings().with_overrides(input_dir=folder, warehouse=warehouse, workers=1))
    spread = query(warehouse, "SELECT documents, speaker FROM v_quote_spread")
    assert spread == [(2, "Ann Lee")]
    report = Path(summary.report_path).read_text(encoding="utf-8")
    assert "Most widely carried quotes" in report and FULL in report
    con = connection.connect_read_only(warehouse)
    try:
        (doc,) = con.execute("SELECT document_id FROM dim_documents WHERE source_path = 'one.txt'").fetchone()
        (statement,) = [s for s in document_facts(con, doc).statements if s["kind"] == "direct"]
    finally:
        con.close()
    assert statement["also_in"] == "two.txt (Ann Lee)"  # newsfacts show: the other documents that carry it
    (folder / "three.txt").write_text(story.format(EXTENDED), encoding="utf-8")
    newsfacts_flow(Settings().with_overrides(input_dir=folder, warehouse=warehouse, workers=1))
    assert query(warehouse, "SELECT documents FROM v_quote_spread") == [(3,)]
    assert query(warehouse, "SELECT count(DISTINCT quote_id) FROM fact_statements WHERE content LIKE 'We will open%'") == [(1,)]
