"""One identity per real-world actor across documents and runs, through the real flow and warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.pipeline import newsfacts_flow
from flows.settings import Settings
from transforms.records import actor_key

pytestmark = pytest.mark.slow

SURNAME_ONLY = "Council backs budget\n\nMr Okafor said the council would approve the budget on Tuesday. He said taxes would not rise.\n"
FULL_NAME = "Bridge to open\n\nChidi Okafor, the mayor of Eastfield, said the bridge would open in June.\n"
GOVERNMENTS = (
    "Taxes to rise\n\nThe government said on Monday that taxes would rise next year.\n",
    "New bridge plan\n\nThe government said on Friday that the new bridge would open in May.\n",
)


def run(input_dir: Path, warehouse: Path) -> None:
    newsfacts_flow(Settings().with_overrides(input_dir=input_dir, warehouse=warehouse, workers=1))


def test_a_surname_only_document_loaded_before_the_full_name_is_relinked_to_that_person(tmp_path, query):
    folder, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    (folder / "a.txt").write_text(SURNAME_ONLY, encoding="utf-8")
    run(folder, warehouse)
    assert query(warehouse, "SELECT canonical_name FROM dim_actors WHERE actor_type = 'person'") == [("Okafor",)]
    (folder / "b.txt").write_text(FULL_NAME, encoding="utf-8")
    run(folder, warehouse)  # the second run reads b.txt only, and merges the first run's 'Okafor' into its full name
    person = actor_key("Chidi Okafor")
    assert query(warehouse, "SELECT actor_id, canonical_name FROM dim_actors WHERE actor_type = 'person'") == [(person, "Chidi Okafor")]
    speakers = query(
        warehouse,
        """SELECT d.source_path, s.speaker_actor_id FROM fact_statements s JOIN dim_documents d USING (document_id)
           WHERE s.speaker_actor_id IS NOT NULL ORDER BY 1""",
    )
    assert {path for path, _ in speakers} == {"a.txt", "b.txt"} and {aid for _, aid in speakers} == {person}
    assert ("Okafor",) in query(warehouse, f"SELECT alias FROM dim_actor_aliases WHERE actor_id = '{person}'")


def test_the_government_of_two_stories_is_two_document_scoped_actors(tmp_path, query):
    folder, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    for i, text in enumerate(GOVERNMENTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    run(folder, warehouse)
    found = query(
        warehouse,
        """SELECT a.actor_id, a.document_scoped, count(DISTINCT fa.document_id) FROM dim_actors a JOIN fact_actors fa USING (actor_id)
           WHERE lower(a.canonical_name) = 'government' GROUP BY ALL""",
    )
    assert len(found) == 2 and all(scoped and documents == 1 for _, scoped, documents in found)


SPELLINGS = (
    "Trade deal signed\n\nThe European Union signed the trade deal on Monday, officials said. Shares in Brantex Media rose.\n",
    "Tariffs cut\n\nThe EU said it would cut tariffs on steel from June. BrantexMedia said its profits rose 4%.\n",
)


def test_an_organization_under_its_short_form_or_another_spacing_is_one_actor_across_documents(tmp_path, query):
    folder, warehouse = tmp_path / "in", tmp_path / "w.duckdb"
    folder.mkdir()
    for n, text in enumerate(SPELLINGS):
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    run(folder, warehouse)
    names = {name for (name,) in query(warehouse, "SELECT canonical_name FROM dim_actors WHERE actor_type = 'organization'")}
    assert "European Union" in names and "EU" not in names
    assert len({n for n in names if n.replace(" ", "") == "BrantexMedia"}) == 1
    sql = "SELECT alias FROM dim_actor_aliases JOIN dim_actors USING (actor_id) WHERE canonical_name = 'European Union'"
    aliases = {a for (a,) in query(warehouse, sql)}
    assert {"EU", "European Union"} <= aliases
