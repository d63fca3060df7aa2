"""The run report's pictures and page, from facts written for the tests (no warehouse, no chart engine)."""

from __future__ import annotations

import json

from flows import charts
from flows.report import NO_DATES, RunFacts, render_html
from flows.runs import RunSummary

RUN = "20260101T000000-abcdef"


def summary() -> RunSummary:
    return RunSummary(RUN, "published", 2, 2, 0, 0, 0, [], {"dim_documents": 2}, "passed", 12.5)


def specs_of(facts: RunFacts) -> list[dict]:
    """The Vega-Lite specs the page draws (the drawing replaced by the spec itself)."""
    drawn: list[dict] = []

    def draw(specs: list[dict]) -> list[str]:
        drawn.extend(specs)
        return [f"<svg>{json.dumps(s)}</svg>" for s in specs]

    render_html(summary(), facts, draw)
    return drawn


def test_every_chart_gives_an_actor_type_the_same_colour():
    facts = RunFacts(
        speakers=[{"speaker": "Acme", "type": "organization", "statements": 3}],
        actors=[{"actor": "Paris", "type": "location", "documents": 2}],
    )
    scales = [s["encoding"]["color"]["scale"] for s in specs_of(facts) if s["encoding"].get("color", {}).get("field") == "type"]
    assert len(scales) == 2 and scales[0] == scales[1]
    assert dict(zip(scales[0]["domain"], scales[0]["range"], strict=True)) == charts.ACTOR_TYPE_COLORS


def test_a_warehouse_without_publication_dates_says_so_where_the_days_chart_would_be():
    page = render_html(summary(), RunFacts(), lambda specs: ["<svg></svg>" for _ in specs])
    assert NO_DATES in page


def test_days_with_figures_are_bars_not_a_line_across_empty_days():
    facts = RunFacts(figures_by_day=[{"published": "2026-01-01", "figures": 3}, {"published": "2026-01-05", "figures": 1}])
    days = next(s for s in specs_of(facts) if "publication day" in s["title"])
    assert days["mark"]["type"] == "bar" and days["encoding"]["x"]["axis"]["format"] == "%b %d"


def test_the_run_s_stages_are_one_bar_each_and_the_history_only_with_two_runs():
    one = [{"run": RUN[:15], "stage": s, "seconds": 1.0} for s in charts.STAGE_COLORS]
    titles = [s["title"] for s in specs_of(RunFacts(stages=one))]
    assert "Time per stage in this run (seconds)" in titles and not any("last" in t for t in titles)
    two = one + [{"run": "20251231T000000", "stage": "extract", "seconds": 2.0}]
    history = next(s for s in specs_of(RunFacts(stages=two)) if "last" in s["title"])
    assert history["encoding"]["color"]["scale"]["domain"] == list(charts.STAGE_COLORS)  # 'publish' always in the legend


def test_the_page_shows_the_run_s_one_elapsed_time():
    assert "<th>elapsed</th><td>12.5 s</td>" in render_html(summary(), RunFacts(), lambda specs: ["" for _ in specs])
