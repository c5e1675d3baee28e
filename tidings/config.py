"""The coder's configuration: one object, the source of truth for how a run codes.

A `CoderConfig` names what the coder reads besides its built-in data: extra actor files, a pattern
directory that adds to or overrides the built-in grammar files, the spaCy model, and the numeric
kernels (ops). It is built once (from the command line or Python), passed whole to worker processes,
and its digest (`version()`) is what the store records as a document's `coder_version`, so a stored
event says exactly which configuration coded it. `to_dict()` is what exports write beside their data.

The digest covers the *contents* of the files, not their paths: the same tables moved elsewhere
code the same and hash the same; one word changed in a pattern file gives a new version.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CoderConfig", "ConfigError", "DEFAULT_MODEL"]

DEFAULT_MODEL = "en_core_web_sm"
OPS = ("numpy", "default")   # numpy: thinc ops whose gemm is numpy.matmul (tidings.nlp); default: thinc's own


class ConfigError(ValueError):
    """A configuration naming a file or directory that cannot be used; str(e) is one line."""


def _default_ops() -> str:
    # the one environment variable the coder reads, read where the configuration is made
    return os.environ.get("TIDINGS_OPS", "numpy")


@dataclass(frozen=True)
class CoderConfig:
    """How to code: extra actor files (later ones win), a pattern directory, the model and the ops;
    PETRARCH agents, discards and verbs dictionaries (tidings/lexicon/petrarch_*.py)."""

    actors: tuple[str, ...] = ()
    patterns: str | None = None
    model: str = DEFAULT_MODEL
    ops: str = field(default_factory=_default_ops)
    agents: tuple[str, ...] = ()
    discards: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in _FILE_LISTS:
            value = getattr(self, name)
            if isinstance(value, (str, os.PathLike)):
                object.__setattr__(self, name, (str(value),))
            else:
                object.__setattr__(self, name, tuple(str(a) for a in value))
        if self.patterns is not None:
            object.__setattr__(self, "patterns", str(self.patterns))

    def check(self) -> None:
        """Raises ConfigError when a named file or directory is missing, or the ops are unknown."""
        for name in _FILE_LISTS:
            for path in getattr(self, name):
                if not Path(path).is_file():
                    raise ConfigError(f"--{name} {path}: no such file")
        if self.patterns is not None and not Path(self.patterns).is_dir():
            raise ConfigError(f"--patterns {self.patterns}: no such directory")
        if self.ops not in OPS:
            raise ConfigError(f"ops {self.ops!r}: use one of {', '.join(OPS)} (TIDINGS_OPS)")

    def to_dict(self) -> dict[str, Any]:
        """Gives the configuration as plain JSON-ready data, with the digest of what it reads."""
        data = asdict(self)
        for name in _FILE_LISTS:
            data[name] = list(getattr(self, name))
        data["version"] = self.version()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoderConfig:
        """Gives the configuration `to_dict` wrote (its `version` is recomputed, not trusted)."""
        return cls(actors=tuple(data.get("actors") or ()), patterns=data.get("patterns"),
                   model=data.get("model") or DEFAULT_MODEL, ops=data.get("ops") or "numpy",
                   agents=tuple(data.get("agents") or ()), discards=tuple(data.get("discards") or ()),
                   verbs=tuple(data.get("verbs") or ()))

    def digest(self) -> str:
        """Gives a hash of the package version, the model, the ops and the contents of every file read."""
        import tidings  # here: tidings/__init__ imports the coder, which imports this module

        parts: dict[str, Any] = {"tidings": tidings.__version__, "model": self.model, "ops": self.ops,
                                 "actors": [_file_hash(Path(p)) for p in self.actors],
                                 "patterns": _folder_hashes(Path(self.patterns)) if self.patterns else None}
        for name in _FILE_LISTS[1:]:   # only when given: a configuration without them keeps its old digest
            if getattr(self, name):
                parts[name] = [_file_hash(Path(p)) for p in getattr(self, name)]
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:12]

    def version(self) -> str:
        """Gives what the store records as `coder_version`: the package version and the digest."""
        import tidings

        return f"tidings {tidings.__version__} config {self.digest()}"


# the options that name files, each repeatable: the flag is --NAME
_FILE_LISTS = ("actors", "agents", "discards", "verbs")


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return "missing"


def _folder_hashes(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.name: _file_hash(p) for p in sorted(folder.iterdir()) if p.is_file()}
