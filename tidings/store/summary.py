"""Keeping the `clusters` table (schema.CLUSTERS, one row per happening) equal to the events.

Every write that changes which reports a happening has goes through three steps, inside the
writer's transaction:
- `mark_documents` before a document's events are deleted, and `mark` before events change
  cluster: the happenings they leave are noted (in a table of the connection's own);
- the happenings they join are noted as they are assigned (clusters.assign_clusters);
- `refresh` then computes the noted happenings' rows again from the events (those left with no
  report lose their row) and forgets the notes.
A batch of a few hundred documents notes a few hundred happenings, and their rows cost one pass
over the events' `unit` column, not a grouping of every event. `rebuild` computes the whole table,
for a store whose events were written some other way (bulk SQL in the benchmarks).
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

from tidings.store.schema import CLUSTERS, DATED_EVENTS, cluster_rows_sql, fill_clusters

NOTED = "tidings_noted_units"   # a temporary table: the happenings to compute again


def _notes(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {NOTED} (unit VARCHAR)")


def mark(con: duckdb.DuckDBPyConnection, units_sql: str, params: Sequence[object] = ()) -> None:
    """Notes the happenings `units_sql` gives (a SELECT of one column of units) for `refresh`."""
    _notes(con)
    con.execute(f"INSERT INTO {NOTED} {units_sql}", list(params))


def mark_units(con: duckdb.DuckDBPyConnection, units: Sequence[str]) -> None:
    """Notes the happenings `units` for `refresh`."""
    if units:
        mark(con, "SELECT DISTINCT unnest(?::VARCHAR[])", [list(units)])


def mark_documents(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Notes the happenings the stored events of `doc_ids` report, for `refresh`; call it before
    deleting or replacing those events (after, nothing says which happenings lost reports)."""
    if doc_ids:
        mark(con, f"SELECT DISTINCT unit FROM {DATED_EVENTS} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
             [list(doc_ids)])


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Gives how many happenings it computed again: the rows of every noted one, from the events as
    they are now; a noted one with no report left loses its row. Forgets the notes."""
    _notes(con)
    noted = con.execute(f"SELECT count(DISTINCT unit) FROM {NOTED}").fetchone()[0]
    if noted:
        con.execute(f"DELETE FROM {CLUSTERS} WHERE unit IN (SELECT unit FROM {NOTED})")
        con.execute(f"INSERT INTO {CLUSTERS} {cluster_rows_sql(f'e.unit IN (SELECT unit FROM {NOTED})')}")
    con.execute(f"DELETE FROM {NOTED}")
    return int(noted)


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Computes the whole table again from the events (and forgets any notes)."""
    con.execute(f"DELETE FROM {CLUSTERS}")
    fill_clusters(con)
    _notes(con)
    con.execute(f"DELETE FROM {NOTED}")
