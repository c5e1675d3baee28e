"""Actor codes checked against the store: a code no event has is a typo until shown otherwise.

`--dyad JPN-VMN` or `/dyad/ISR-PSX` would otherwise answer with nothing at all, which reads as
"no events" when it means "no such actor". The nearest codes the store does hold are offered,
with the name most often resolved for each ("did you mean VNM (Vietnam)?").
"""
from __future__ import annotations

import difflib
import threading
import weakref

import duckdb

from tidings.store.filters import QueryError, parse_actor, parse_dyad

SUGGESTIONS = 3


class UnknownActor(QueryError):
    """An actor code that no stored event has as source or target; `hint` offers the nearest ones."""


def check_codes(con: duckdb.DuckDBPyConnection, dyad: str | None = None, actor: str | None = None) -> None:
    """Raises UnknownActor (a QueryError, named "dyad" or "actor") for the first code of `dyad` or
    `actor` that no stored event has; does nothing when every code is known."""
    asked = [("dyad", dyad, code) for code in parse_dyad(dyad)] if dyad is not None else []
    asked += [("actor", actor, parse_actor(actor))] if actor is not None else []
    for name, value, code in asked:
        if not _stored(con, code):
            raise UnknownActor(name, value, unknown_hint(con, code))


def unknown_hint(con: duckdb.DuckDBPyConnection, code: str) -> str:
    """Gives "no actor VMN in this store; did you mean VNM (Vietnam)?" (or where to look, when nothing is near)."""
    names = dict(con.execute(_CODES_SQL).fetchall())
    near = sorted(names, key=lambda c: (-_likeness(code, c), c))
    near = [c for c in near if _likeness(code, c) >= 0.5][:SUGGESTIONS]
    if not near:
        return f"no actor {code} in this store; `tidings actors` lists the codes it has"
    shown = " or ".join(f"{c} ({names[c]})" if names[c] else c for c in near)
    return f"no actor {code} in this store; did you mean {shown}?"


# The codes found stored, per connection: one page asks its questions of one connection, and each
# question checks its codes; asked once, a code is not asked again while the connection lives. Only
# found codes are kept (a code once found stays: a writer's connection could delete it, but its
# questions then simply find no events).
_FOUND: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FOUND_LOCK = threading.Lock()   # pages in several threads, each with its own connection


def share_found(cursor: duckdb.DuckDBPyConnection, con: duckdb.DuckDBPyConnection) -> None:
    """Lets `cursor`, a cursor of `con`, know the codes found through `con` and its other cursors,
    and add to them: a server that gives each page a cursor of one held connection asks for each
    code once while it holds the store, not once a page (4 lookups, 3 ms, of a dyad's page)."""
    with _FOUND_LOCK:
        _FOUND[cursor] = _FOUND.setdefault(con, set())


def _stored(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    with _FOUND_LOCK:
        if code in _FOUND.get(con, ()):
            return True
    if not con.execute("SELECT EXISTS (SELECT 1 FROM events WHERE source_code = ? OR target_code = ?)",
                       [code, code]).fetchone()[0]:
        return False
    with _FOUND_LOCK:
        _FOUND.setdefault(con, set()).add(code)
    return True


def _likeness(asked: str, code: str) -> float:
    """Gives how near two codes are: 1 for two letters swapped or one changed, else difflib's ratio."""
    if len(asked) == len(code):
        differ = [i for i, (a, b) in enumerate(zip(asked, code)) if a != b]
        swapped = len(differ) == 2 and differ[1] == differ[0] + 1 and asked[differ[0]] == code[differ[1]] \
            and asked[differ[1]] == code[differ[0]]
        if swapped or len(differ) == 1:
            return 1.0
    return difflib.SequenceMatcher(None, asked, code).ratio()


# each stored code with the name most often resolved for it (as `tidings actors` names it)
_CODES_SQL = """
    WITH roles AS (
        SELECT source_code AS code, source_name AS name FROM events WHERE source_code IS NOT NULL
        UNION ALL
        SELECT target_code, target_name FROM events WHERE target_code IS NOT NULL),
    named AS (SELECT code, name, count(*) AS n FROM roles GROUP BY code, name)
    SELECT code, arg_max(name, n) FILTER (WHERE name IS NOT NULL) FROM named GROUP BY code"""
