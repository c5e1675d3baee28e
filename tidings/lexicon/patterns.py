"""Event patterns: which words, with which particles, prepositions and objects, code which CAMEO event.

The patterns are data (`data/verbs.tsv`, `data/nouns.tsv`, `data/noun_classes.yaml`), loaded once.
A pattern line reads like the phrase it matches:

    sign [agreement]        057   mutual
    receive [aid] from      070   reverse
    send [aid] to           070
    call for                100
    impose [sanction] on    163

The first word is a lemma; a bare word after it is a particle or preposition the trigger must govern
(a preposition also names where the target is); `[class]` asks that the object belong to a noun class.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from tidings.ontology import cameo_table

FLAGS = {"mutual", "intent", "reverse"}


class PatternFileError(ValueError):
    """A pattern line cannot be read; the message names file and line."""


@dataclass(frozen=True)
class Pattern:
    """One way of saying an event: a lemma and the words that must stand with it."""

    lemma: str
    words: tuple[str, ...]          # particles and prepositions the trigger governs
    object_class: str | None        # noun class its object must belong to
    target_prep: str | None         # preposition whose object is the target
    cameo: str
    mutual: bool = False            # the act binds both parties ("sign", "meet")
    intent: bool = False            # the words themselves state a pledge ("promise")
    reverse: bool = False           # the subject receives: "received aid from X" is X's act toward it
    line: str = ""

    @property
    def specificity(self) -> int:
        """Gives how much the pattern asks for: the more it asks, the more it is believed."""
        return len(self.words) + (2 if self.object_class else 0)


@dataclass(frozen=True)
class PatternBook:
    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    classes: dict[str, frozenset[str]]

    def in_class(self, lemma: str, name: str) -> bool:
        """Gives whether a noun lemma belongs to a noun class."""
        return lemma.lower() in self.classes.get(name, frozenset())


def _parse_line(spec: str, cameo: str, flags: str, where: str, classes: dict) -> Pattern:
    parts = spec.split()
    if not parts:
        raise PatternFileError(f"{where}: empty pattern")
    lemma, words, object_class, target_prep = parts[0].lower(), [], None, None
    for part in parts[1:]:
        if part.startswith("[") and part.endswith("]"):
            object_class = part[1:-1]
            if object_class not in classes:
                raise PatternFileError(f"{where}: unknown noun class [{object_class}]")
        else:
            words.append(part.lower())
    if words:
        target_prep = words[-1]
    if cameo not in cameo_table():
        raise PatternFileError(f"{where}: unknown CAMEO code {cameo!r}")
    flag_set = {f for f in flags.replace(",", " ").split() if f}
    unknown = flag_set - FLAGS
    if unknown:
        raise PatternFileError(f"{where}: unknown flag {sorted(unknown)[0]!r}")
    return Pattern(lemma, tuple(words), object_class, target_prep, cameo,
                   mutual="mutual" in flag_set, intent="intent" in flag_set,
                   reverse="reverse" in flag_set, line=where)


def _read_table(text: str, name: str, classes: dict) -> dict[str, tuple[Pattern, ...]]:
    table: dict[str, list[Pattern]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) < 2:
            raise PatternFileError(f"{name}:{number}: want `pattern<TAB>cameo[<TAB>flags]`")
        pattern = _parse_line(cells[0], cells[1], " ".join(cells[2:]), f"{name}:{number}", classes)
        table.setdefault(pattern.lemma, []).append(pattern)
    return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in table.items()}


def load_patterns(folder: Path | None = None) -> PatternBook:
    """Gives the pattern book read from `folder`, or from the package's data."""
    base = resources.files("tidings").joinpath("data") if folder is None else folder
    read = lambda n: base.joinpath(n).read_text(encoding="utf-8")  # noqa: E731
    raw_classes = yaml.safe_load(read("noun_classes.yaml")) or {}
    classes = {k: frozenset(w.lower() for w in v) for k, v in raw_classes.items()}
    return PatternBook(
        verbs=_read_table(read("verbs.tsv"), "verbs.tsv", classes),
        nouns=_read_table(read("nouns.tsv"), "nouns.tsv", classes),
        classes=classes,
    )


@lru_cache(maxsize=1)
def builtin_patterns() -> PatternBook:
    """Gives the package's pattern book, read once."""
    return load_patterns()
