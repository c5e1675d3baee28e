"""The readers beyond plain text and JSON Lines: tables (CSV, TSV, Parquet), compressed files, and
how a row of any of them becomes a Document (rows.py). `tidings.documents.read_documents` picks
the reader by the file's name."""
