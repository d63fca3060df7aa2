"""The run report's pictures: Vega-Lite specs from small tables, rendered to inline SVG by vl-convert.

vl-convert renders Vega-Lite with its own embedded engine, offline: the SVG needs no script, font
or stylesheet from the network, so the report opens anywhere. Specs are plain dicts (the
Vega-Lite JSON grammar) rather than Altair objects: four charts do not need Altair's import.
"""

from __future__ import annotations

from collections.abc import Sequence

WIDTH = 560
_FONT = {"font": "sans-serif", "axis": {"labelFontSize": 11, "titleFontSize": 12}, "legend": {"labelFontSize": 11}}


def bar_chart(rows: Sequence[dict], category: str, value: str, title: str, color: str | None = None) -> dict:
    """Horizontal bars, largest first: ``value`` per ``category`` (optionally stacked and coloured by ``color``)."""
    encoding: dict = {
        "y": {"field": category, "type": "nominal", "sort": "-x", "title": None, "axis": {"labelLimit": 260}},
        "x": {"field": value, "type": "quantitative", "aggregate": "sum", "title": value},
        "tooltip": [{"field": category}, {"field": value, "aggregate": "sum"}],
    }
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": None}
    return _spec(rows, title, {"type": "bar"}, encoding)


def stacked_columns(rows: Sequence[dict], x: str, y: str, stack: str, title: str) -> dict:
    """Columns in row order along ``x`` (runs), each stacked by ``stack`` (stages)."""
    encoding = {
        "x": {"field": x, "type": "ordinal", "sort": None, "title": None, "axis": {"labelAngle": -45, "labelLimit": 120}},
        "y": {"field": y, "type": "quantitative", "title": y},
        "color": {"field": stack, "type": "nominal", "title": None},
        "tooltip": [{"field": x}, {"field": stack}, {"field": y}],
    }
    return _spec(rows, title, {"type": "bar"}, encoding)


def timeline(rows: Sequence[dict], when: str, value: str, title: str) -> dict:
    """Points joined by a line: ``value`` per date ``when``."""
    encoding = {
        "x": {"field": when, "type": "temporal", "title": None},
        "y": {"field": value, "type": "quantitative", "title": value},
        "tooltip": [{"field": when, "type": "temporal"}, {"field": value}],
    }
    return _spec(rows, title, {"type": "line", "point": True}, encoding)


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
