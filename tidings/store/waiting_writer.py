"""How a writer asks long-lived readers to let go of the store: a small file beside it.

DuckDB lets one process write a file or several read it, never both. A reader that keeps the store
open between questions (the dashboard does: an open store answers 2-3x faster than one opened per
page, its blocks already in memory) would so keep every ingest out. So a writer that finds the
store locked writes `<store>.waiting-writer` (its process id) and tries again for a while; readers
that hold the store look for that file and close it once their current questions end, and open it
no more until the writer is done. The writer removes the file once it is in (or gives up).

A file left by a writer killed while it waited would keep readers out for ever: a file whose
process is gone, or older than STALE_SECONDS, is not a request.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

SUFFIX = ".waiting-writer"
STALE_SECONDS = 120.0  # longer than any writer waits (schema.WRITER_WAIT_SECONDS)


def marker(store: Path) -> Path:
    """Gives the file a writer waiting for `store` writes."""
    return store.with_name(store.name + SUFFIX)


@contextlib.contextmanager
def waiting(store: Path) -> Iterator[None]:
    """Says, for the time of the block, that a writer waits for `store`; best effort: a folder the
    writer cannot write in means it waits unannounced."""
    file = marker(store)
    try:
        file.write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            file.unlink()


def writer_waits(store: Path) -> bool:
    """Gives True when a live writer waits for `store`: one stat call when none does."""
    file = marker(store)
    try:
        age = time.time() - file.stat().st_mtime
        pid = int(file.read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return False
    if age > STALE_SECONDS or pid <= 0:
        return False
    try:
        os.kill(pid, 0)   # signal 0: asks whether the process exists, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:
        return True   # it exists, as another user's
    return True
