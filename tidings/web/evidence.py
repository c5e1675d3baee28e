"""An event's evidence in its sentence: where the trigger and the two actors are, marked up safely.

The record gives the trigger's offsets in the document (the sentence's too, so the trigger is
found in the sentence by subtracting); actors carry only their words, so each is looked for in
the sentence, nearest the trigger. The sentence is untrusted text: `highlighted` escapes every
piece and adds only its own `<mark>` elements.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

ROLES = ("trigger", "source", "target")


@dataclass(frozen=True)
class Mark:
    """Characters `start`..`end` of the sentence, and the roles they play (trigger, source, target)."""

    start: int
    end: int
    roles: tuple[str, ...]
    text: str


def marks(event: Mapping[str, Any]) -> list[Mark]:
    """Gives the non-overlapping marks of an event's trigger, source and target in its sentence, in order.

    `event` holds the flat columns (sentence_text, sentence_start, trigger_start, trigger_end,
    trigger_text, source_text, target_text). What cannot be placed is left out: an actor with no
    words (a convention, not a mention), or words the sentence does not hold.
    """
    sentence = event.get("sentence_text") or ""
    found: list[Mark] = []
    trigger = _trigger_span(sentence, event)
    if trigger is not None:
        found.append(Mark(trigger[0], trigger[1], ("trigger",), sentence[trigger[0]:trigger[1]]))
    anchor = trigger[0] if trigger is not None else 0
    source, target = (event.get("source_text") or "").strip(), (event.get("target_text") or "").strip()
    if source and source == target:  # "the two sides": one mention is both
        wanted = [(source, ("source", "target"))]
    else:
        wanted = [(words, (role,)) for words, role in ((source, "source"), (target, "target")) if words]
    for words, roles in wanted:
        span = _nearest(sentence, words, anchor, found)
        if span is not None:
            found.append(Mark(span[0], span[1], roles, sentence[span[0]:span[1]]))
    return sorted(found, key=lambda m: m.start)


def with_words(sentence: str, found: Sequence[Mark], words: str | None) -> list[Mark]:
    """Gives `found` and, as marks of role `q`, every place the searched `words` stand in the sentence
    (any case) that no mark of `found` overlaps; the marks in order."""
    if not words or not words.strip():
        return list(found)
    extra = [Mark(m.start(), m.end(), ("q",), m.group(0))
             for m in re.finditer(re.escape(words.strip()), sentence, re.IGNORECASE)
             if not any(m.start() < t.end and t.start < m.end() for t in found)]
    return sorted([*found, *extra], key=lambda m: m.start)


def highlighted(sentence: str, found: Sequence[Mark], titles: Mapping[str, str] | None = None) -> Markup:
    """Gives the sentence as HTML: every piece escaped, each mark in a `<mark>` with its roles as classes.

    `titles` gives each role's hover text (e.g. "source: China (CHN)").
    """
    titles = titles or {}
    out, at = [], 0
    for mark in found:
        out.append(escape(sentence[at:mark.start]))
        title = "; ".join(titles.get(role, role) for role in mark.roles)
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(
            " ".join(mark.roles), title, sentence[mark.start:mark.end]))
        at = mark.end
    out.append(escape(sentence[at:]))
    return Markup("").join(out)


def _trigger_span(sentence: str, event: Mapping[str, Any]) -> tuple[int, int] | None:
    """Gives the trigger's place in the sentence: by offsets when they hold its words, else by its words."""
    words = event.get("trigger_text") or ""
    start, end, base = event.get("trigger_start"), event.get("trigger_end"), event.get("sentence_start")
    if _is_int(start) and _is_int(end) and _is_int(base):
        rel_start, rel_end = int(start) - int(base), int(end) - int(base)
        if 0 <= rel_start < rel_end <= len(sentence) and (not words or sentence[rel_start:rel_end] == words):
            return rel_start, rel_end
    if words:
        return _nearest(sentence, words, 0, [])
    return None


def _nearest(sentence: str, words: str, anchor: int, taken: Sequence[Mark]) -> tuple[int, int] | None:
    """Gives where `words` stand in the sentence nearest `anchor`, overlapping no mark taken; exact case
    first, then any case; None when they are not there."""
    for flags in (0, re.IGNORECASE):
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(words), sentence, flags)]
        spans = [s for s in spans if not any(s[0] < t.end and t.start < s[1] for t in taken)]
        if spans:
            return min(spans, key=lambda s: (abs(s[0] - anchor), s[0]))
    return None


def _is_int(value: Any) -> bool:
    try:
        return value is not None and int(value) == value
    except (TypeError, ValueError):
        return False
