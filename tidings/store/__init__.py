"""The event store: ingest once, query, count, plot, export (DuckDB, embedded)."""
