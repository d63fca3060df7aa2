"""Furniture learned from a source's pages, persisted in the warehouse and used by the next run."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.pipeline import newsfacts_flow
from flows.settings import Settings

pytestmark = pytest.mark.slow

PROMO = "Valley Online: your local news since 1999"
STORIES = [
    ("Bridge reopens", "The old bridge reopened on Monday after repairs that took nine months and cost about 2 million dollars."),
    ("School budget agreed", "Councillors agreed the school budget on Tuesday, adding 40 teaching posts from September, officials said."),
    ("Bus fares frozen", "Bus fares will stay at their current level until next year, the transport authority said on Wednesday."),
]


def write(folder: Path, k: int) -> None:
    title, lede = STORIES[k]
    text = f"{title}\n\n{lede}\n\nResidents welcomed the decision at a meeting in the town hall on the same evening.\n\n{PROMO}\n"
    (folder / f"{k + 1:03d}.txt").write_text(text, encoding="utf-8")


def bodies(warehouse: Path) -> dict[str, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(con.execute("SELECT source_path, body FROM dim_documents").fetchall())
    finally:
        con.close()


def learned(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("SELECT source, shape, documents, source_documents FROM etl_furniture").fetchall()
    finally:
        con.close()


def test_the_third_page_makes_a_line_furniture_and_the_first_two_lose_it_in_that_run(tmp_path):
    folder, warehouse = tmp_path / "valley", tmp_path / "w.duckdb"
    folder.mkdir()
    settings = Settings().with_overrides(input_dir=folder, warehouse=warehouse, workers=1)
    write(folder, 0)
    write(folder, 1)
    newsfacts_flow(settings)
    assert all(PROMO in body for body in bodies(warehouse).values()), "two pages: not enough to call it furniture"
    assert learned(warehouse) == []

    write(folder, 2)
    summary = newsfacts_flow(settings)
    assert summary.files_loaded == 3, "the new page, and the two earlier ones read again"
    after = bodies(warehouse)
    assert len(after) == 3 and not any(PROMO in body for body in after.values())
    assert learned(warehouse) == [("valley", "valley online: your local news since #", 3, 3)]

    again = newsfacts_flow(settings)
    assert again.files_loaded == 0 and again.files_unchanged == 3, "learned once, nothing to re-read"
