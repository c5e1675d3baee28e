"""An event candidate: a trigger with its pattern, actors and modality, before dates and places."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from tidings.lexicon.patterns import Pattern
from tidings.record import Actor
from tidings.stages.actors import Resolved

# the doer of an act the text reports without naming who did it ("two guards were shot")
UNSEEN_ACTOR = Resolved(Actor(text=""), "unseen")


@dataclass
class Candidate:
    """A trigger with its pattern, actors and modality. `evidence` names how it was found: the
    trigger's kind (verb, noun, demand), the rules that gave its actors, and what modality did."""

    trigger: Token
    pattern: Pattern
    cameo: str
    sources: list[Resolved]
    targets: list[Resolved]
    intent: bool = False
    negated: bool = False
    evidence: set[str] = field(default_factory=set)


def is_joint(trigger: Token, joint_words: frozenset[str]) -> bool:
    """Gives whether a trigger's modifiers make its act one of all its parties together: "joint",
    "trilateral", "three-way" (which the tokenizer gives as three words)."""
    words = [t.lower_ for child in trigger.lefts for t in child.subtree]
    joined = "".join(words)
    return any(w in joint_words for w in words) or any(w.replace("-", "") in joined for w in joint_words if "-" in w)
