"""The coder a run uses: its configuration checked before any work, built once, and found again.

A configuration (tidings.config.CoderConfig) travels whole: to the Coder, to worker processes, and
to the store, which records its version with every document it codes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tidings.config import CoderConfig

if TYPE_CHECKING:
    from tidings.coder import Coder



def check_config(config: CoderConfig) -> list[str]:
    """Raises what building a Coder with `config` would raise over its files, without loading the model;
    gives the lines of its dictionaries that were skipped ("FILE:LINE: reason").

    ConfigError for a missing file or folder, ActorFileError for an actors, agents or discards file
    that cannot be read, PatternFileError for a pattern file; nothing is read when the configuration
    names no file.
    """
    config.check()
    problems: list[str] = []
    if config.actors or config.agents:
        from tidings.coder import builtin_lexicon  # the tables a Coder starts from, kept once read
        from tidings.lexicon.configured import extend_lexicon

        problems += extend_lexicon(builtin_lexicon(), config.actors, config.agents).problems
    if config.discards:
        from tidings.lexicon.petrarch_discards import load_discards

        problems += load_discards(config.discards).problems
    if config.patterns is not None:
        from tidings.lexicon.patterns import load_patterns

        load_patterns(extra=config.patterns)
    if config.verbs:
        from tidings.lexicon.patterns import builtin_patterns
        from tidings.lexicon.petrarch_verbs import with_petrarch_verbs

        problems += with_petrarch_verbs(builtin_patterns(), config.verbs)[1]
    return problems


def build_coder(config: CoderConfig) -> Coder:
    """Gives a new Coder of `config` (it loads spaCy: seconds)."""
    from tidings.coder import Coder  # here, not at the top: it loads spaCy

    return Coder(config)


def config_of(coder: object) -> CoderConfig:
    """Gives the configuration of a Coder; the default one for anything else (a stand-in, a factory)."""
    config = getattr(coder, "config", None)
    return config if isinstance(config, CoderConfig) else CoderConfig()


def lazy_coder(coder: Coder | Callable[[], Coder] | None, config: CoderConfig) -> Callable[[], Coder]:
    """Gives a function that makes the coder on its first call and keeps it: `coder` itself, what the
    function `coder` gives, or a new Coder of `config` when `coder` is None."""
    made: list[Coder] = []

    def get() -> Coder:
        if not made:
            if coder is None:
                made.append(build_coder(config))
            else:  # a function is called only now: a re-run with nothing new never loads spaCy
                made.append(coder() if callable(coder) else coder)
        return made[0]

    return get
