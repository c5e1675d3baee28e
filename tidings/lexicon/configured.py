"""The lexicon a configuration names: the built-in tables with its actor files and agent files added."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from tidings.lexicon.actors import ActorLexicon
from tidings.lexicon.petrarch_files import file_state

__all__ = ["extend_lexicon"]


def extend_lexicon(lexicon: ActorLexicon, actors: Sequence[str] = (), agents: Sequence[str] = ()) -> ActorLexicon:
    """Gives `lexicon` with each actors file (later ones win) and each agents file (for role nouns
    it lacks) added; raises ActorFileError for a file that cannot be read at all.

    What it gave is kept while the files are unchanged: a command checks its configuration and then
    builds its coder, and both ask for the same lexicon (the Phoenix files take a second or two)."""
    if not actors and not agents:
        return lexicon
    return _extended(lexicon, tuple((str(p), file_state(p)) for p in actors),
                     tuple((str(p), file_state(p)) for p in agents))


@lru_cache(maxsize=4)
def _extended(lexicon: ActorLexicon, actors: tuple, agents: tuple) -> ActorLexicon:
    for path, _ in actors:
        lexicon = lexicon.with_user_file(path)
    for path, _ in agents:
        lexicon = lexicon.with_agents(path)
    return lexicon
