"""The lexicon a configuration names: the built-in tables with its actor files and agent files added."""
from __future__ import annotations

from collections.abc import Sequence

from tidings.lexicon.actors import ActorLexicon

__all__ = ["extend_lexicon"]


def extend_lexicon(lexicon: ActorLexicon, actors: Sequence[str] = (), agents: Sequence[str] = ()) -> ActorLexicon:
    """Gives `lexicon` with each actors file (later ones win) and each agents file (for role nouns
    it lacks) added; raises ActorFileError for a file that cannot be read at all."""
    for path in actors:
        lexicon = lexicon.with_user_file(path)
    for path in agents:
        lexicon = lexicon.with_agents(path)
    return lexicon
