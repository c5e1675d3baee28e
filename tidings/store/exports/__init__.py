"""Stored events out in other projects' formats: one module per format, found by the package itself.

`export(con, fmt, path)` writes one format and gives the number of rows written. The rules that turn
our records into each format (what fills which column, what stays empty, why) are in docs/exports.md;
the comments in each module say only what the code could not make obvious. To add a format, add a
module here that calls `register(ExportFormat(...))`: `tidings export --format` offers it at once.
"""
from __future__ import annotations

import importlib
import pkgutil

from tidings.store.exports.common import ExportError, date_filter
from tidings.store.exports.registry import ExportFormat, export, formats, register

__all__ = ["ExportError", "ExportFormat", "date_filter", "discover", "export", "formats", "register"]


def discover() -> None:
    """Imports every module of this package (each format registers itself as it is imported)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


discover()
