"""The event store (DuckDB, embedded): it persists and reads, and runs no coder.

Tables and migrations (schema.py), writing a coded batch (writing.py), the questions (queries.py,
with their arguments in filters.py), clusters, plots and exports. Coding documents into it is the
pipeline's (tidings.pipeline); `tidings.Store` (tidings/api.py) joins the two for Python users.
"""
