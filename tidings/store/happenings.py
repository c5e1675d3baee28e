"""The happenings a question counts, read from the `clusters` table rather than grouped from every event.

A question names a dyad, an actor, an event type and days. A happening's reports share its dyad and
type (clusters.py's rule), so for those it matches whole or not at all, and its row in `clusters`
(schema.CLUSTERS) already holds what the questions need: its first report, its counts, and what a
chart counts of it. Days cut finer: a happening a bound falls across (its reports span the bound)
has only some reports matching, and its first matching report and chart values come from those
reports; a happening wholly inside the days is its row, one wholly outside does not match. Only the
few happenings a bound falls across are read from the events.

`matching()` gives SQL for one row per matching happening, with these columns, as the questions
of queries.py counted them from the events: unit, source_code, target_code, event; first_id,
first_day, first_doc_date, first_doc_id, first_sentence (its first matching report); mentions,
articles, sources (over all its reports); series_day, series_last_day, quad, goldstein (over its
matching reports that a chart counts, schema.COUNTED: dated and not negated; series_day NULL when none).
"""
from __future__ import annotations

import datetime

import duckdb

from tidings.store.filters import Day, day_bounds, where_clause
from tidings.store.schema import CLUSTERS, COUNTED, DATED_EVENTS

_EARLIEST, _LATEST = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)

COLUMNS = ("unit, source_code, target_code, event, first_id, first_day, first_doc_date, first_doc_id, "
           "first_sentence, mentions, articles, sources, series_day, series_last_day, quad, goldstein")


def matching(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None,
             event: str | None = None, since: Day | None = None, until: Day | None = None) -> tuple[str, list]:
    """Gives SQL for the happenings with a report matching every filter given (COLUMNS), and its
    parameters; raises QueryError for a malformed filter, as filters.where_clause does.

    With days, the store is asked here which reports belong to happenings a bound falls across, so
    that the SQL reads those by their ids (the primary key) rather than scanning every event."""
    keys, key_params = where_clause(dyad=dyad, actor=actor, event=event)   # alias e: the clusters table
    first, last = day_bounds(since, until)
    if first is None and last is None:
        return f"SELECT {COLUMNS} FROM {CLUSTERS} e WHERE {keys}", key_params
    reports, report_params = where_clause(dyad=dyad, actor=actor, event=event, since=since, until=until)
    bounds = [first or _EARLIEST, last or _LATEST]
    units = _cut_units(con, keys, key_params, bounds)
    ids = _reports_of(con, units) if len(units) <= LOOKED_UP else None
    # The reports of a happening lie between its first and last day (the days it has: one with an
    # undated report is never wholly inside days, as an undated report falls in no bound).
    whole = "first_day >= ? AND last_day <= ? AND reports_dated = mentions"
    if ids is not None and len(ids) <= LOOKED_UP:
        # Few cut: the whole ones straight from `clusters` (DuckDB reads only the columns a question
        # asks for), the cut ones by their units and their reports by their ids.
        if not ids:
            return f"SELECT {COLUMNS} FROM {CLUSTERS} e WHERE {keys} AND {whole}", key_params + bounds
        sql = f"""
            WITH cut AS ({_CUT.format(reports=f"e.id IN ({_marks(ids)}) AND {reports}")})
            SELECT {COLUMNS} FROM {CLUSTERS} e WHERE {keys} AND {whole}
            UNION ALL
            {_FROM_CUT.format(candidates=f"(SELECT * FROM {CLUSTERS} WHERE unit IN ({_marks(units)}))")}"""
        return sql, list(ids) + report_params + key_params + bounds + list(units)
    sql = f"""
        WITH candidates AS MATERIALIZED (
            SELECT {COLUMNS}, ({whole}) AS whole
            FROM {CLUSTERS} e WHERE {keys} AND last_day >= ? AND first_day <= ?),
        cut AS ({_CUT.format(reports=f"e.unit IN (SELECT unit FROM candidates WHERE NOT whole) AND {reports}")})
        SELECT {COLUMNS} FROM candidates WHERE whole
        UNION ALL
        {_FROM_CUT.format(candidates="candidates")}"""
    return sql, bounds + key_params + bounds + report_params


# A cut happening's first matching report and chart values, from its reports within the days
_CUT = f"""
    SELECT e.unit,
           arg_min(struct_pack(id := e.id, day := e.day, doc_date := e.doc_date, doc_id := e.doc_id,
                               sentence := e.sentence_index),
                   struct_pack(d := e.day, doc := e.doc_id, s := coalesce(e.sentence_index, 2147483647),
                               i := e.id)) AS f,
           min(e.day) FILTER (WHERE {COUNTED}) AS series_day,
           max(e.day) FILTER (WHERE {COUNTED}) AS series_last_day,
           mode(e.quad) FILTER (WHERE {COUNTED}) AS quad,
           avg(e.goldstein) FILTER (WHERE {COUNTED}) AS goldstein
    FROM {DATED_EVENTS} e
    WHERE {{reports}}
    GROUP BY e.unit"""
# ... and its row: its own counts, the rest from those reports
_FROM_CUT = """
    SELECT c.unit, c.source_code, c.target_code, c.event, cut.f.id, cut.f.day, cut.f.doc_date, cut.f.doc_id,
           cut.f.sentence, c.mentions, c.articles, c.sources, cut.series_day, cut.series_last_day,
           cut.quad, cut.goldstein
    FROM cut JOIN {candidates} c USING (unit)"""


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)


LOOKED_UP = 5_000  # reports of cut happenings read by their ids at most; with more, by a scan of the events


def _cut_units(con: duckdb.DuckDBPyConnection, keys: str, key_params: list, bounds: list) -> list[str]:
    """Gives the happenings (units) that the days `bounds` fall across: some of their reports in
    the days, some not (or undated)."""
    return con.execute(f"""
        SELECT coalesce(list(unit), []) FROM {CLUSTERS} e
        WHERE {keys} AND last_day >= ? AND first_day <= ?
          AND NOT (first_day >= ? AND last_day <= ? AND reports_dated = mentions)""",
                       key_params + bounds + bounds).fetchone()[0]


def _reports_of(con: duckdb.DuckDBPyConnection, units: list[str]) -> list[str]:
    """Gives the reports of happenings `units`, read from their rows through the index on
    `clusters.unit`: asked in one pass with the cut happenings, every happening's list of reports is
    read to keep those of a few (days over a million events' happenings 20 ms against 3)."""
    if not units:
        return []
    return con.execute(f"SELECT coalesce(flatten(list(reports)), []) FROM {CLUSTERS} WHERE unit IN ({_marks(units)})",
                       units).fetchone()[0]
