"""Lexicons the coder reads: known actors (countries, capitals, bodies, sector words)."""
from tidings.lexicon.actors import ActorEntry, ActorFileError, ActorLexicon

__all__ = ["ActorEntry", "ActorFileError", "ActorLexicon"]
