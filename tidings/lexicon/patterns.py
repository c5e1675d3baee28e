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

from tidings.lexicon.grammar import Cues, PatternFileError, Recodes, RuleOrder, UniqueKeyLoader, read_grammar
from tidings.ontology import cameo_table

FLAGS = {"mutual", "intent", "reverse"}


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
    reply: str | None = None        # the target's act back, coded as well (PETRARCH's "032:033")
    forms: frozenset[str] = frozenset()   # the only word forms it holds for ("met", not "meet"); empty: all
    compound: str = ""              # "doer" or "target": that party is several actors ("X and Y"), PETRARCH's %
    # PETRARCH's words before the verb ("SAID MIGHT NOT *"), in order: at each place, the runs of words
    # that may stand there (a synonym set gives several); `next_to_verb`: the last ends right before it
    before: tuple[tuple[tuple[str, ...], ...], ...] = ()
    next_to_verb: bool = False
    as_written: bool = False        # a PETRARCH dictionary's code: "will" alone does not make it a pledge
    # words that must stand before the object's head in its phrase, one of each set, in order; True: right
    # before the next ("cultural memos", not "cultural internal memos")
    object_words: tuple[tuple[frozenset[str], bool], ...] = ()
    object_after: tuple[tuple[frozenset[str], bool], ...] = ()   # and after it; True: right after the last

    @property
    def specificity(self) -> int:
        """Gives how much the pattern asks for: the more it asks, the more it is believed."""
        return (len(self.words) + (2 if self.object_class else 0) + (1 if self.compound else 0) + len(self.before)
                + len(self.object_words) + len(self.object_after))

    def holds_before(self, words: list[str]) -> bool:
        """Gives whether the words before the trigger (lower case, in order, ending right before it)
        hold the pattern's `before` runs in order, each run's words side by side."""
        start = 0
        for place, runs in enumerate(self.before):
            last = place == len(self.before) - 1
            ends = [end for run in runs for end in _ends(words, run, start)
                    if not (last and self.next_to_verb) or end == len(words)]
            if not ends:
                return False
            start = min(ends)
        return True


def _ends(words: list[str], run: tuple[str, ...], start: int) -> list[int]:
    """Gives where each occurrence of `run` in `words` at or after `start` ends (one past its last word)."""
    n = len(run)
    return [i + n for i in range(start, len(words) - n + 1) if tuple(words[i:i + n]) == run]


def for_form(patterns: tuple[Pattern, ...], form: str) -> tuple[Pattern, ...]:
    """Gives the patterns a word form takes: those written for that very form when there are any
    (PETRARCH's "MET" block is the whole of what "met" says), else those for every form."""
    own = tuple(p for p in patterns if p.forms and form in p.forms)
    return own or tuple(p for p in patterns if not p.forms)


@dataclass(frozen=True)
class PatternBook:
    """The whole event grammar: verb and noun patterns, noun classes, cue words, re-codes, rule order."""

    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    classes: dict[str, frozenset[str]]
    cues: Cues
    recodes: Recodes
    rules: RuleOrder

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


def _read_lines(text: str, name: str, classes: dict) -> list[Pattern]:
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) < 2:
            raise PatternFileError(f"{name}:{number}: want `pattern<TAB>cameo[<TAB>flags]`")
        found.append(_parse_line(cells[0], cells[1], " ".join(cells[2:]), f"{name}:{number}", classes))
    return found


def _table(patterns: list[Pattern]) -> dict[str, tuple[Pattern, ...]]:
    """Gives the patterns by lemma, most specific first; a later line for the same words (and forms)
    replaces an earlier."""
    by_shape: dict[tuple, Pattern] = {}
    for pattern in patterns:
        by_shape[(pattern.lemma, pattern.words, pattern.object_class, pattern.forms, pattern.compound,
                  pattern.before, pattern.next_to_verb, pattern.object_words, pattern.object_after)] = pattern
    table: dict[str, list[Pattern]] = {}
    for pattern in by_shape.values():
        table.setdefault(pattern.lemma, []).append(pattern)
    return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in table.items()}


def _classes(raw: dict | None, name: str) -> dict[str, frozenset[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise PatternFileError(f"{name}: want `class: [word, word, ...]` lines")
    return {str(k): frozenset(str(w).lower() for w in v) for k, v in raw.items()}


def load_patterns(folder: Path | None = None, extra: Path | str | None = None) -> PatternBook:
    """Gives the pattern book read from `folder` (default: the package's data), with the files of the
    directory `extra` added: its noun classes add words, its pattern lines add patterns, and a line
    with the same words as a built-in one replaces it."""
    base = resources.files("tidings").joinpath("data") if folder is None else folder
    # (folder, how its files are named in messages): the package's by name, a user's by path
    layers = [(base, "")] if extra is None else [(base, ""), (Path(extra), f"{extra}/")]
    classes: dict[str, frozenset[str]] = {}
    for layer, prefix in layers:
        text = _read_optional(layer, "noun_classes.yaml", prefix)
        if text is not None:
            label = prefix + "noun_classes.yaml"
            try:
                raw = yaml.load(text, Loader=UniqueKeyLoader)
            except yaml.YAMLError as e:
                raise PatternFileError(f"{label}: not valid YAML ({getattr(e, 'problem', e)})") from None
            for key, words in _classes(raw, label).items():
                classes[key] = classes.get(key, frozenset()) | words
    tables = {}
    for name in ("verbs.tsv", "nouns.tsv"):
        lines: list[Pattern] = []
        for layer, prefix in layers:
            text = _read_optional(layer, name, prefix)
            if text is not None:
                lines.extend(_read_lines(text, prefix + name, classes))
        tables[name] = _table(lines)
    cues, recodes, rules = read_grammar(layers)
    return PatternBook(verbs=tables["verbs.tsv"], nouns=tables["nouns.tsv"], classes=classes,
                       cues=cues, recodes=recodes, rules=rules)


def _read_optional(folder, name: str, prefix: str) -> str | None:
    path = folder.joinpath(name)
    if not path.is_file():
        return None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PatternFileError(f"{prefix}{name}: not UTF-8 text") from None


@lru_cache(maxsize=1)
def builtin_patterns() -> PatternBook:
    """Gives the package's pattern book, read once."""
    return load_patterns()
