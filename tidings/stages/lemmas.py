"""Lemmas of prefixed irregular verbs, which spaCy's rule lemmatizer leaves as written.

The lemmatizer knows "took" is "take" but not that "retook" is "retake", nor "overran" "overrun":
its exception table lists the bare irregular forms only, and its suffix rules cannot undo a vowel
change. Event patterns are looked up by lemma, so such a verb would match none. This repair strips a
prefix (cues.yaml `verb_prefixes`), looks the rest up in the model's own exception table and puts
the prefix back.
"""
from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

class PrefixedLemmas:
    """Repairs the lemmas of prefixed irregular verb forms in parsed documents."""

    def __init__(self, nlp: Language, prefixes: frozenset[str]):
        self.prefixes = sorted(prefixes, key=len, reverse=True)
        self.irregular = _verb_exceptions(nlp)

    def repair(self, doc: Doc) -> None:
        """Gives each prefixed irregular verb form in `doc` its lemma ("retook" -> "retake")."""
        if not self.irregular:
            return
        for token in doc:
            # any verb tag: the tagger, not knowing the word, may call "retook" a base form
            if token.tag_.startswith("VB") and token.lemma_.lower() == token.lower_:
                lemma = self.lemma(token.lower_)
                if lemma is not None:
                    token.lemma_ = lemma

    def lemma(self, word: str) -> str | None:
        """Gives the lemma of a prefixed irregular form, or None when it is not one."""
        for prefix in self.prefixes:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= 3 and rest in self.irregular:
                return prefix + self.irregular[rest]
        return None


def _verb_exceptions(nlp: Language) -> dict[str, str]:
    """Gives the model's irregular verb forms and their lemmas (none when it has no rule lemmatizer)."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}
    verbs = lookups.get_table("lemma_exc").get("verb") or {}
    return {form: lemmas[0] for form, lemmas in verbs.items() if lemmas and lemmas[0] != form}


def verb_lemmatizer(nlp: Language) -> Callable[[str], str]:
    """Gives a function from a verb form written alone ("met", "urging") to its lemma by the model's
    own rules and exceptions ("meet", "urge"); the form itself when the model has no rule lemmatizer."""
    if "lemmatizer" not in nlp.pipe_names or not hasattr(nlp.get_pipe("lemmatizer"), "rule_lemmatize"):
        return lambda word: word
    lemmatizer = nlp.get_pipe("lemmatizer")

    def lemma(word: str) -> str:
        found = lemmatizer.rule_lemmatize(Doc(nlp.vocab, words=[word], pos=["VERB"])[0])
        return found[0].lower() if found else word
    return lemma
