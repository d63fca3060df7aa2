"""The run report's pictures: Vega-Lite specs from small tables, rendered to inline SVG by vl-convert.

vl-convert renders Vega-Lite with its own embedded engine, offline: the SVG needs no script, font
or stylesheet from the network, so the report opens anywhere. Specs are plain dicts (the
Vega-Lite JSON grammar) rather than Altair objects: four charts do not need Altair's import.
"""

from __future__ import annotations

from collections.abc import Sequence

WIDTH = 560
_FONT = {"font": "sans-serif", "axis": {"labelFontSize": 11, "titleFontSize": 12}, "legend": {"labelFontSize": 11}}

# One colour per value wherever it is drawn: an actor type is the same colour in every chart, and so is a stage
# (a fixed domain also keeps a value in the legend when a chart has no row of it).
ACTOR_TYPE_COLORS = {"person": "#4c78a8", "organization": "#f58518", "location": "#54a24b", "group": "#b279a2"}
STAGE_COLORS = {
    "discover": "#9d755d", "read": "#bab0ac", "extract": "#4c78a8", "transform": "#72b7b2",
    "load": "#54a24b", "quotes": "#ff9da6", "validate": "#eeca3b", "publish": "#e45756",
}  # fmt: skip
PALETTES = {"type": ACTOR_TYPE_COLORS, "stage": STAGE_COLORS}


def _color(field: str) -> dict:
    """The colour encoding of a field: its fixed palette when it has one."""
    encoding: dict = {"field": field, "type": "nominal", "title": None}
    if field in PALETTES:
        encoding["scale"] = {"domain": list(PALETTES[field]), "range": list(PALETTES[field].values())}
    return encoding


def bar_chart(rows: Sequence[dict], category: str, value: str, title: str, color: str | None = None) -> dict:
    """Horizontal bars, largest first: ``value`` per ``category`` (optionally stacked and coloured by ``color``)."""
    encoding: dict = {
        "y": {"field": category, "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 260}},
        "x": {"field": value, "type": "quantitative", "aggregate": "sum", "title": value},
        "tooltip": [{"field": category}, {"field": value, "aggregate": "sum"}],
    }
    if color:
        encoding["color"] = _color(color)
    return _spec(rows, title, {"type": "bar"}, encoding)


def stacked_columns(rows: Sequence[dict], x: str, y: str, stack: str, title: str) -> dict:
    """Columns in row order along ``x`` (runs), each stacked by ``stack`` (stages)."""
    encoding = {
        "x": {"field": x, "type": "ordinal", "sort": None, "title": None, "axis": {"labelAngle": -45, "labelLimit": 120}},
        "y": {"field": y, "type": "quantitative", "title": y},
        "color": _color(stack),
        "tooltip": [{"field": x}, {"field": stack}, {"field": y}],
    }
    return _spec(rows, title, {"type": "bar"}, encoding)


def stage_bars(rows: Sequence[dict], stage: str, seconds: str, title: str) -> dict:
    """One horizontal bar per stage, in pipeline order, each in its stage colour and labelled with its seconds."""
    order = [s for s in STAGE_COLORS if any(r[stage] == s for r in rows)]
    encoding = {
        "y": {"field": stage, "type": "nominal", "sort": order, "title": None},
        "x": {"field": seconds, "type": "quantitative", "title": seconds},
        "color": {**_color(stage), "legend": None},
        "tooltip": [{"field": stage}, {"field": seconds}],
    }
    spec = _spec(rows, title, {"type": "bar"}, encoding)
    label = {"mark": {"type": "text", "align": "left", "dx": 3}, "encoding": {"text": {"field": seconds, "format": ".1f"}}}
    spec["layer"] = [{"mark": spec.pop("mark")}, label]
    return spec


def day_counts(rows: Sequence[dict], day: str, value: str, title: str) -> dict:
    """One bar per calendar day that has data (no line drawn across days without any), labelled 'Nov 17'."""
    encoding = {
        "x": {"field": day, "type": "ordinal", "timeUnit": "yearmonthdate", "title": None, "axis": {"format": "%b %d", "labelAngle": -45}},
        "y": {"field": value, "type": "quantitative", "title": value},
        "tooltip": [{"field": day, "type": "temporal", "format": "%Y-%m-%d"}, {"field": value}],
    }
    return _spec(rows, title, {"type": "bar"}, encoding)


def _spec(rows: Sequence[dict], title: str, mark: dict, encoding: dict) -> dict:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": WIDTH,
        "data": {"values": [dict(r) for r in rows]},
        "mark": mark,
        "encoding": encoding,
        "config": _FONT,
    }


def to_svg(spec: dict) -> str:
    """The chart as an SVG element (no external references), to inline in an HTML page."""
    import vl_convert  # its engine starts on first use (~0.4 s of CPU): see ``warm``

    svg = vl_convert.vegalite_to_svg(spec)
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def to_svgs(specs: list[dict]) -> list[str]:
    """Each chart as SVG, in order."""
    return [to_svg(spec) for spec in specs]


def warm() -> None:
    """Start vl-convert's engine now (one tiny chart), so the report's charts take milliseconds.

    The run's validation process does it as it starts, off the flow's path (``flows/runtime/validator.py``)."""
    to_svg(bar_chart([{"a": "x", "n": 1}], "a", "n", "warm-up"))
