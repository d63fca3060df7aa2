"""Provision a running Apache Superset with the newsfacts warehouse, through Superset's REST API.

Creates (or finds) the database connection (``--name``, default "newsfacts"; read-only, a connection
per query), a dataset for each main view with the view's description, three starter charts and a
dashboard holding them; prints what it made and checks that each chart's query answers. Run it with
any Python 3.9+ (standard library only; the descriptions are read with ``duckdb`` when it is
installed, as it is beside Superset's DuckDB driver), against a Superset you started (docs/bi.md):

    python docs/superset_provision.py --url http://127.0.0.1:8088 --user admin --password admin \\
        --warehouse warehouse/newsfacts.duckdb

Running it again changes nothing that exists: it finds the database, datasets and charts by name.
A connection of that name that points at another warehouse file is refused (exit 2), unless
``--update`` repoints it; ``--name`` provisions a second warehouse beside the first.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

DATASETS = ("v_statements", "v_figures", "v_actor_summary", "v_speaker_timeline", "v_document_actors")

# (chart name, dataset, viz type, params): what an analyst asks first.
CHARTS = (
    (
        "newsfacts: top speakers",
        "v_statements",
        "table",
        {"query_mode": "aggregate", "groupby": ["speaker", "speaker_type"], "metrics": ["count"], "row_limit": 20,
         "order_desc": True, "adhoc_filters": [{"clause": "WHERE", "expressionType": "SQL", "sqlExpression": "speaker IS NOT NULL"}]},
    ),
    (
        "newsfacts: statements by speaker type",
        "v_statements",
        "pie",
        {"groupby": ["speaker_type"], "metric": "count", "row_limit": 10, "show_legend": True},
    ),
    (
        "newsfacts: figures by unit",
        "v_figures",
        "echarts_timeseries_bar",
        {"x_axis": "unit", "metrics": ["count"], "groupby": [], "row_limit": 20, "orientation": "vertical",
         "adhoc_filters": [{"clause": "WHERE", "expressionType": "SQL", "sqlExpression": "unit IS NOT NULL"}]},
    ),
)


class Superset:
    """A logged-in session on Superset's API (bearer token plus CSRF token and its session cookie)."""

    def __init__(self, url: str, user: str, password: str) -> None:
        self.url = url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = self.call("POST", "/api/v1/security/login", {"username": user, "password": password, "provider": "db", "refresh": True})
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}
        self.headers["X-CSRFToken"] = self.call("GET", "/api/v1/security/csrf_token/")["result"]
        self.headers["Referer"] = self.url

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for k, v in getattr(self, "headers", {}).items():
            request.add_header(k, v)
        try:
            with self.opener.open(request, timeout=120) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{method} {path}: HTTP {exc.code}: {exc.read().decode(errors='replace')[:800]}") from None

    def find(self, resource: str, column: str, value: str) -> int | None:
        q = json.dumps({"filters": [{"col": column, "opr": "eq", "value": value}]})
        found = self.call("GET", f"/api/v1/{resource}/?q={urllib.request.quote(q)}")["result"]
        return found[0]["id"] if found else None


def _query_context(dataset: int, form: dict) -> dict:
    """The query a chart runs, saved with it (the API's chart data endpoint and the UI's first load need it)."""
    columns = list(form.get("groupby", [])) + ([form["x_axis"]] if "x_axis" in form else [])
    metrics = form.get("metrics") or [form["metric"]]
    where = " AND ".join(f["sqlExpression"] for f in form.get("adhoc_filters", []))
    query = {"columns": columns, "metrics": metrics, "orderby": [[metrics[0], False]], "row_limit": form.get("row_limit", 100)}
    if where:
        query["extras"] = {"where": where}
    return {"datasource": {"id": dataset, "type": "table"}, "force": False, "queries": [query], "form_data": form,
            "result_format": "json", "result_type": "full"}


class OtherWarehouse(SystemExit):
    """The connection name is taken by a connection to another warehouse file."""


def view_descriptions(warehouse: Path) -> dict[str, dict[str | None, str]]:
    """Each view's comment (key None) and its columns' comments, as the warehouse stores them (empty when the
    ``duckdb`` module is not installed where this runs)."""
    try:
        import duckdb
    except ImportError:
        return {}
    found: dict[str, dict[str | None, str]] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        views = con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal AND comment IS NOT NULL").fetchall()
        for view, comment in views:
            found.setdefault(view, {})[None] = comment
        names = [v for v, _ in views]
        columns = "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment IS NOT NULL AND list_contains(?, table_name)"
        for view, column, comment in con.execute(columns, [names]).fetchall():
            found.setdefault(view, {})[column] = comment
    return found


def describe_dataset(api: Superset, dataset: int, comments: dict[str | None, str]) -> int:
    """Put the view's comment on the dataset and each column's on its column; returns how many columns got one.
    Every column is sent back with its id (Superset drops a dataset's columns a PUT leaves out)."""
    columns = api.call("GET", f"/api/v1/dataset/{dataset}")["result"].get("columns", [])
    sent = [{"id": c["id"], "column_name": c["column_name"], "description": comments.get(c["column_name"])} for c in columns]
    body: dict = {"columns": sent}
    if None in comments:
        body["description"] = comments[None]
    api.call("PUT", f"/api/v1/dataset/{dataset}", body)
    return sum(1 for c in columns if c["column_name"] in comments)


def connect_database(api: Superset, name: str, uri: str, update: bool = False) -> int:
    """The id of the connection ``name`` to ``uri``: created, found, or (``update``) repointed; refused when it
    points at another warehouse, so a second warehouse never silently reuses the first one's connection."""
    database = api.find("database", "database_name", name)
    if database is None:
        extra = json.dumps({"engine_params": {"connect_args": {"read_only": True}}})
        body = {"database_name": name, "sqlalchemy_uri": uri, "expose_in_sqllab": True, "extra": extra}
        database = api.call("POST", "/api/v1/database/", body)["id"]
        print(f"database {name}: created (id {database}) -> {uri}")
        return database
    current = api.call("GET", f"/api/v1/database/{database}/connection")["result"].get("sqlalchemy_uri")
    if current == uri:
        print(f"database {name}: exists (id {database}) -> {uri}")
    elif update:
        api.call("PUT", f"/api/v1/database/{database}", {"sqlalchemy_uri": uri})
        print(f"database {name}: repointed (id {database}) from {current} to {uri}")
    else:
        raise OtherWarehouse(
            f"database {name} (id {database}) points at {current}, not {uri}: give this warehouse its own connection "
            f"with --name, or repoint this one with --update"
        )
    return database


def provision(api: Superset, warehouse: Path, name: str = "newsfacts", update: bool = False) -> None:
    uri = f"duckdb:///{warehouse.resolve()}"
    database = connect_database(api, name, uri, update)
    described = view_descriptions(warehouse)
    schemas = api.call("GET", f"/api/v1/database/{database}/schemas/")["result"]
    # duckdb-engine names schemas <catalog>.<schema>; the file's catalog is its stem ('newsfacts.main').
    schema = next((s for s in schemas if s == f"{warehouse.stem}.main"), "main")
    datasets = {}
    for view in DATASETS:
        dataset_name = view if name == "newsfacts" else f"{view} ({name})"
        found = _find_dataset(api, database, dataset_name)
        if found is None:
            body = {"database": database, "schema": schema, "table_name": view}
            if dataset_name != view:
                # A second warehouse's view gets a virtual dataset of its own name: Superset's metadata database
                # may hold each physical table name once (SQLite's keeps a UNIQUE(table_name) from old migrations).
                body = {**body, "table_name": dataset_name, "sql": f'SELECT * FROM "{view}"'}
            found = api.call("POST", "/api/v1/dataset/", body)["id"]
            print(f"dataset {schema}.{dataset_name}: created (id {found})")
        else:
            print(f"dataset {dataset_name}: exists (id {found})")
        if view in described:
            print(f"  described: the view and {describe_dataset(api, found, described[view])} columns, from the warehouse comments")
        datasets[view] = found
    charts = []
    for title, view, viz, params in CHARTS:
        chart_name = title if name == "newsfacts" else f"{title} ({name})"
        chart = api.find("chart", "slice_name", chart_name)
        if chart is None:
            form = {**params, "datasource": f"{datasets[view]}__table", "viz_type": viz}
            body = {
                "slice_name": chart_name,
                "viz_type": viz,
                "datasource_id": datasets[view],
                "datasource_type": "table",
                "params": json.dumps(form),
                "query_context": json.dumps(_query_context(datasets[view], form)),
            }
            chart = api.call("POST", "/api/v1/chart/", body)["id"]
            print(f"chart '{chart_name}': created (id {chart})")
        else:
            print(f"chart '{chart_name}': exists (id {chart})")
        charts.append(chart)
        data = api.call("GET", f"/api/v1/chart/{chart}/data/")["result"][0]
        rows = data.get("data") or []
        print(f"  its query answers: {data.get('rowcount', len(rows))} rows; first: {json.dumps(rows[0] if rows else None)}")
    dashboard = _dashboard(api, f"{name}: starter", charts)
    print(f"open {api.url}/superset/dashboard/{dashboard}/, {api.url}/chart/list/ and {api.url}/sqllab/ (database {name})")


def _find_dataset(api: Superset, database: int, view: str) -> int | None:
    """The dataset of ``view`` on this connection (another warehouse's dataset of the same view is not it)."""
    q = json.dumps({"filters": [{"col": "table_name", "opr": "eq", "value": view}]})
    found = api.call("GET", f"/api/v1/dataset/?q={urllib.request.quote(q)}")["result"]
    return next((d["id"] for d in found if (d.get("database") or {}).get("id") == database), None)


def _dashboard(api: Superset, title: str, charts: list[int]) -> int:
    """The dashboard ``title`` (created when missing) with the charts on it."""
    dashboard = api.find("dashboard", "dashboard_title", title)
    if dashboard is None:
        dashboard = api.call("POST", "/api/v1/dashboard/", {"dashboard_title": title, "published": True})["id"]
        print(f"dashboard '{title}': created (id {dashboard})")
    else:
        print(f"dashboard '{title}': exists (id {dashboard})")
    for chart in charts:
        api.call("PUT", f"/api/v1/chart/{chart}", {"dashboards": [dashboard]})
    return dashboard


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8088", help="Superset's address [http://127.0.0.1:8088]")
    parser.add_argument("--user", default="admin", help="a Superset admin user [admin]")
    parser.add_argument("--password", required=True, help="that user's password")
    parser.add_argument("--warehouse", type=Path, default=Path("warehouse/newsfacts.duckdb"), help="the newsfacts warehouse file")
    parser.add_argument("--name", default="newsfacts", help="the database connection's name in Superset [newsfacts]")
    parser.add_argument("--update", action="store_true", help="repoint an existing connection of that name at this warehouse")
    args = parser.parse_args(argv)
    if not args.warehouse.exists():
        print(f"no warehouse at {args.warehouse}: run `make run` first", file=sys.stderr)
        return 2
    try:
        provision(Superset(args.url, args.user, args.password), args.warehouse, args.name, args.update)
    except OtherWarehouse as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
