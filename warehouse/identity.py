"""Actor identity across documents: one type per actor by vote, surnames and spellings merged into full names.

One document's actors are decided in ``transforms/actors.py``; these queries decide them across the
whole warehouse, after each run's loads.
"""

from __future__ import annotations

import contextlib

import duckdb
import polars as pl

from transforms.records import TYPE_PREFERENCE
from warehouse.connection import run

# Ties between types go the way one document's label votes go (transforms/actors.py: _label_votes).
_TYPE_PREFERENCE = "CASE actor_type " + " ".join(f"WHEN '{t}' THEN {w}" for t, w in TYPE_PREFERENCE.items()) + " ELSE 0 END"


def vote_actor_types(con: duckdb.DuckDBPyConnection) -> int:
    """Give each actor the type most of its mentions have over all documents (fact_actors.actor_type);
    returns how many actors changed type. The id stays: it comes from the name alone."""
    votes = f"""SELECT actor_id, arg_max(actor_type, weight * 10 + {_TYPE_PREFERENCE}) AS actor_type FROM (
                    SELECT actor_id, actor_type, sum(mention_count) AS weight FROM fact_actors
                    WHERE actor_type IS NOT NULL GROUP BY ALL)
                GROUP BY actor_id"""
    update = f"""UPDATE dim_actors a SET actor_type = v.actor_type FROM ({votes}) v
                 WHERE a.actor_id = v.actor_id AND a.actor_type <> v.actor_type"""
    return con.execute(update).fetchall()[0][0]  # DuckDB answers an UPDATE with the count of rows it changed


def relink_actors(con: duckdb.DuckDBPyConnection, new_ids: dict[str, str]) -> None:
    """Point every row at the new actor ids (old id -> new id), merging actors that become one.

    Three transactions, as the foreign keys require: the new actors first, then the facts and
    aliases moved to them (two actors that merge in one document become one fact_actors row),
    then the old actors removed. A run that stops half-way is not published."""
    moves = {old: new for old, new in new_ids.items() if old != new}
    if not moves:
        return
    ids = pl.DataFrame({"old_id": list(moves), "new_id": list(moves.values())}, schema={"old_id": pl.Utf8, "new_id": pl.Utf8})
    con.register("_ids", ids.to_arrow())
    try:
        run(con, "BEGIN TRANSACTION")
        run(
            con,
            """INSERT OR IGNORE INTO dim_actors BY NAME
               SELECT i.new_id AS actor_id, min(a.canonical_name) AS canonical_name,
                      arg_max(a.actor_type, a.actor_type) AS actor_type, bool_and(coalesce(a.document_scoped, false)) AS document_scoped
               FROM dim_actors a JOIN _ids i ON i.old_id = a.actor_id GROUP BY i.new_id""",
        )
        run(
            con,
            """INSERT OR IGNORE INTO dim_actor_aliases BY NAME
               SELECT DISTINCT i.new_id AS actor_id, x.alias FROM dim_actor_aliases x JOIN _ids i ON i.old_id = x.actor_id""",
        )
        run(con, "COMMIT")
        run(con, "BEGIN TRANSACTION")
        touched = "SELECT DISTINCT document_id FROM fact_actors WHERE actor_id IN (SELECT old_id FROM _ids)"
        run(
            con,
            f"""CREATE OR REPLACE TEMP TABLE _merged AS
                SELECT fa.document_id, coalesce(i.new_id, fa.actor_id) AS actor_id, sum(fa.mention_count)::INTEGER AS mention_count,
                       max(fa.role) AS role,
                       array_to_string(list_sort(list_distinct(flatten(list(string_split(coalesce(fa.aliases, ''), '; '))))), '; ')
                           AS aliases,
                       arg_max(fa.actor_type, fa.mention_count) AS actor_type
                FROM fact_actors fa LEFT JOIN _ids i ON i.old_id = fa.actor_id
                WHERE fa.document_id IN ({touched}) GROUP BY ALL""",
        )
        run(con, f"DELETE FROM fact_actors WHERE document_id IN ({touched})")
        run(con, "INSERT INTO fact_actors BY NAME SELECT * FROM _merged")
        run(con, "DROP TABLE _merged")
        run(con, "UPDATE fact_statements SET speaker_actor_id = i.new_id FROM _ids i WHERE speaker_actor_id = i.old_id")
        run(con, "UPDATE fact_figures SET source_actor_id = i.new_id FROM _ids i WHERE source_actor_id = i.old_id")
        gone = "SELECT old_id FROM _ids WHERE old_id NOT IN (SELECT new_id FROM _ids)"
        run(con, f"DELETE FROM dim_actor_aliases WHERE actor_id IN ({gone})")
        run(con, "COMMIT")
        run(con, "BEGIN TRANSACTION")
        run(con, f"DELETE FROM dim_actors WHERE actor_id IN ({gone})")
        run(con, "COMMIT")
    except Exception:
        with contextlib.suppress(duckdb.Error):
            run(con, "ROLLBACK")
        raise
    finally:
        con.unregister("_ids")


_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def merge_surnames(con: duckdb.DuckDBPyConnection) -> int:
    """A person some documents name by surname alone ('Okafor') is the person whose full name ends in it
    ('Chidi Okafor') when the warehouse holds exactly one such full name; their rows are re-linked
    to the full name (``relink_actors``). Returns how many surname-only actors were merged."""
    from transforms.gazetteer import fold

    rows = con.execute(
        "SELECT actor_id, canonical_name FROM dim_actors WHERE actor_type = 'person' AND NOT coalesce(document_scoped, false)"
    ).fetchall()
    full_names: dict[str, set[str]] = {}
    for actor_id, name in rows:
        words = [w for w in name.split() if fold(w) not in _NAME_SUFFIXES]
        if len(words) > 1:
            full_names.setdefault(fold(words[-1]), set()).add(actor_id)
    merged = {
        actor_id: next(iter(full_names[fold(name)]))
        for actor_id, name in rows
        if len(name.split()) == 1 and len(full_names.get(fold(name), ())) == 1
    }
    relink_actors(con, merged)
    return len(merged)


# Endings a body's name may go without ('Labour Party' -> 'Labour', 'Acme Corp' -> 'Acme').
_BODY_ENDINGS = frozenset("party corp corp. corporation inc inc. ltd ltd. plc group co co. company holdings".split())


def _compact(name: str) -> str:
    from transforms.gazetteer import fold

    return "".join(ch for ch in fold(name) if ch.isalnum())


def merge_spellings(con: duckdb.DuckDBPyConnection) -> int:
    """One organization under its spellings, whichever document used which, each merge only where
    the warehouse holds exactly one candidate:

    - written with or without spaces, hyphens or dots ('BrightPath', 'Bright Path');
    - a short form that is the initials of one full name ('EU' -> 'European Union');
    - a name without its ending ('Acme' -> 'Acme Corp', 'Labour' -> 'Labour Party').

    The rows are re-linked to the fullest name (``relink_actors``). Returns how many actors were merged."""
    from transforms.actors import initials_of

    rows = con.execute(
        """SELECT a.actor_id, a.canonical_name, count(fa.document_id) AS documents FROM dim_actors a
           LEFT JOIN fact_actors fa USING (actor_id)
           WHERE a.actor_type = 'organization' AND NOT coalesce(a.document_scoped, false) GROUP BY ALL"""
    ).fetchall()
    by_compact: dict[str, list[tuple[str, str, int]]] = {}
    for row in rows:
        by_compact.setdefault(_compact(row[1]), []).append(row)
    merged: dict[str, str] = {}
    for group in by_compact.values():  # the spelling more documents use, then the one with spaces
        if len(group) > 1:
            target = max(group, key=lambda r: (r[2], r[1].count(" "), r[1]))[0]
            merged.update({r[0]: target for r in group if r[0] != target})
    by_initials: dict[str, set[str]] = {}
    by_stem: dict[str, set[str]] = {}
    for actor_id, name, _ in rows:
        if actor_id in merged:
            continue
        if len(name.split()) > 1:  # the capitals of its words, as an acronym of it would be ('European Union' -> EU)
            by_initials.setdefault(initials_of(name), set()).add(actor_id)
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _BODY_ENDINGS:
            by_stem.setdefault(_compact(" ".join(words[:-1])), set()).add(actor_id)
    documents: dict[str, set[str]] = {}
    organizations = "SELECT actor_id FROM dim_actors WHERE actor_type = 'organization'"
    pairs = con.execute(f"SELECT actor_id, document_id FROM fact_actors WHERE actor_id IN ({organizations})").fetchall()
    for actor_id, document_id in pairs:
        documents.setdefault(actor_id, set()).add(document_id)
    for actor_id, name, _ in rows:
        if actor_id in merged:
            continue
        short = name.replace(".", "")
        full = by_initials.get(short) if short.isupper() and 2 <= len(short) <= 5 and " " not in short else None
        full = (full or by_stem.get(_compact(name)) or set()) - {actor_id}
        if len(full) > 1:  # 'IMF': of several full names with those initials, the one its documents also name
            full = {f for f in full if documents.get(f, set()) & documents.get(actor_id, set())}
        if len(full) == 1:
            merged[actor_id] = next(iter(full))
    for actor_id, target in merged.items():  # 'ACME' -> 'Acme' -> 'Acme Corp': straight to the last
        while target in merged:
            target = merged[target]
        merged[actor_id] = target
    relink_actors(con, merged)
    return len(merged)


def rekey_actors(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before type votes (its actor ids hash type and name): the ids from the name
    alone, every row re-linked, each document's type kept as its vote, then the types voted."""
    from transforms.records import actor_key

    run(
        con,
        "UPDATE fact_actors fa SET actor_type = a.actor_type FROM dim_actors a WHERE a.actor_id = fa.actor_id AND fa.actor_type IS NULL",
    )
    rows = con.execute("SELECT actor_id, canonical_name FROM dim_actors").fetchall()
    relink_actors(con, {actor_id: actor_key(name) for actor_id, name in rows})
    vote_actor_types(con)
