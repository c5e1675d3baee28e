"""Resolve actors: from a noun phrase of a parsed sentence to who it is (country, sector, name).

Reads the phrase the way a reader does: a known name ("China", "the United Nations", "Beijing"
standing for its government), a nationality and a title ("Chilean President Ana Ruiz",
"Peruvian troops"), a possessive or an "of" phrase ("Chile's foreign minister", "the president of
Peru"), a person introduced earlier ("Ruiz"), a pronoun, or a pair ("the two sides").
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from spacy.tokens import Span, Token

from tidings.lexicon.actors import ActorEntry, ActorLexicon
from tidings.lexicon.grammar import Cues
from tidings.lexicon.patterns import builtin_patterns
from tidings.codes import is_state
from tidings.record import Actor
from tidings.stages.discourse import Discourse, same_given_name
from tidings.stages.quotes import quote_closings
from tidings.stages.phrases import conjuncts, conjuncts_any, coordinated, counted, mention_tokens, names_people, text_of

# numbers that count the parties of a group ("the three nations")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12}
NAME_LABELS = {"PERSON"}
ORG_LABELS = {"ORG", "NORP", "GPE", "FAC", "LOC"}
ATTRIBUTION_WORDS = 8   # a sentence this short after a quotation may only say who spoke ("Ruiz wrote on X.")


@dataclass(frozen=True)
class Resolved:
    """An actor and how it was found: `how` feeds the event's confidence."""

    actor: Actor
    how: str            # "name", "title", "person", "pronoun", "pair", "text"
    person: bool = False
    also: tuple[Actor, ...] = ()   # the other actors the same name stands for ("the Shire": three hobbits)


class ActorResolver:
    """Resolves noun phrases of one document's sentences, keeping the document's discourse memory."""

    def __init__(self, lexicon: ActorLexicon, on: datetime.date | None = None, cues: Cues | None = None):
        self.lexicon = lexicon
        self.on = on
        self.cues = cues if cues is not None else builtin_patterns().cues
        self.memory = Discourse()
        self.sentence = 0
        self._cache: dict[int, list[Resolved]] = {}
        self._named_cache: dict[int, list[Resolved]] = {}
        self._sentences: list[Span] = []
        self._closings: list[int | None] = []

    def start_sentence(self, index: int, tokens: list[Token]) -> None:
        """Moves to the next sentence and notes its named actors, so pronouns in it can point back."""
        self.sentence = index
        self._cache = {}
        self._named_cache = {}
        self.remember_sentence(tokens)
        speaker = self._speaker(tokens)
        if speaker is not None:
            self.memory.speakers[index] = speaker

    def note_quotes(self, paragraphs: list[list[Span]]) -> None:
        """Notes the document's sentences and where its quotations close, for speakers named after them."""
        self._sentences = [sent for sentences in paragraphs for sent in sentences]
        self._closings = quote_closings(paragraphs)

    def _closing_speaker(self) -> Actor | None:
        """Gives the speaker named where the quotation of this sentence closes (`"...," Ruiz wrote`),
        or in a short line of attribution right after it ("Ruiz wrote on X.")."""
        closings = self._closings
        at = closings[self.sentence] if self.sentence < len(closings) else None
        if at is None or at == self.sentence:
            return None
        found = self._named_speaker(self._sentences[at])
        after = at + 1
        if found is None and after < len(self._sentences) and closings[after] is None \
                and sum(1 for t in self._sentences[after] if t.is_alpha) <= ATTRIBUTION_WORDS:
            found = self._named_speaker(self._sentences[after])
        return found

    def _named_speaker(self, sent: Span) -> Actor | None:
        for token in sent:
            if token.lemma_.lower() in self.cues.speech_verbs and token.pos_ in {"VERB", "AUX"}:
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subject is not None and subject.pos_ != "PRON":
                    found = self._named_only(subject)
                    if found:
                        return found[0].actor
        return None

    def _speaker(self, tokens: list[Token]) -> Actor | None:
        """Gives who a sentence quotes as speaking: the subject of its verb of saying ("..., Ruiz said")."""
        for token in tokens:
            if token.lemma_.lower() in self.cues.speech_verbs and token.pos_ in {"VERB", "AUX"}:
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if subject is None or (subject.pos_ == "PRON" and subject.lower_ in self.cues.speaker_pronouns):
                    continue
                found = self._resolve_named_only(subject) if subject.pos_ != "PRON" else self._pronoun(subject)
                if found:
                    return found[0].actor
        return None

    # ----------------------------------------------------------------- public entry points
    def resolve(self, head: Token) -> list[Resolved]:
        """Gives the actors a noun phrase stands for: one, several (coordination, pairs) or none."""
        if head.i in self._cache:
            return self._cache[head.i]
        found: list[Resolved] = []
        heads = conjuncts(head)
        for h in heads:
            for r in self._resolve_one(h):
                found.extend([r, *(Resolved(a, r.how) for a in r.also)])
        if len(heads) > 1 and found and found[0].actor.code and heads[0].pos_ == "NOUN":
            # "Peruvian jets and ships": the nationality of the first holds for the plain nouns after it
            first = found[0].actor.code
            found = [r if r.actor.code or r.how not in {"title", "text"} else
                     Resolved(Actor(text=r.actor.text, name=r.actor.name, code=first, sector=r.actor.sector), r.how)
                     for r in found]
        self._cache[head.i] = found
        return found

    def remember(self, resolved: Resolved, head: Token) -> None:
        """Notes that an actor was mentioned here (for later pronouns and pairs)."""
        subject = head.dep_ in {"nsubj", "nsubjpass"} or (
            head.dep_ == "conj" and head.head.dep_ in {"nsubj", "nsubjpass"})
        self.memory.saw(resolved.actor, self.sentence, head.i, subject, resolved.person)

    def remember_sentence(self, tokens: list[Token]) -> None:
        """Notes every actor-like phrase of a sentence, so that later sentences can refer back: each
        named actor, and the parties named together ("Peru, Chile and Bolivia", "Peruvian and Chilean
        troops") for a later "the three countries"."""
        for token in tokens:
            if token.lower_ in self.cues.compass_halves and token.i + 1 < len(token.doc):
                self._remember_divided(token, token.doc[token.i + 1])
            if token.pos_ in {"PROPN", "NOUN"} and token.dep_ not in {"compound", "amod", "flat"}:
                for r in self._resolve_named_only(token):
                    if r.how in {"name", "title", "person"}:
                        self.remember(r, token)
                if token.dep_ != "conj" and _may_group(token):
                    together = [r.actor for c in conjuncts(token) for r in self._resolve_named_only(c)]
                    together = together if len(together) >= 2 else [
                        r.actor for r in self._split_origins(token) or self._split_adjectives(token)]
                    self.memory.saw_group(together, self.sentence, token.i)

    # ----------------------------------------------------------------- resolution
    def _resolve_one(self, head: Token) -> list[Resolved]:
        what = counted(head, self.cues)
        if what is not None:   # "hundreds of Chilean nurses", "a team of Kenyan doctors"
            return self.resolve(what)
        split = self._split_adjectives(head)
        if split:
            return split
        lower = head.lower_
        if head.pos_ == "PRON" or lower in self.cues.person_pronouns | self.cues.group_pronouns | \
                self.cues.plural_pronouns:
            return self._pronoun(head)
        split = self._split_origins(head)   # "the governments of Peru and Chile" name their own
        if split:
            return split
        size = self._group_size(head)
        if size is not None:
            text = text_of(mention_tokens(head))
            group = self.memory.last_group(self.sentence, head.i, size or None, within=1 if size == 2 else None)
            group = group or (self.memory.last_pair(self.sentence, head.i) if size in {0, 2} else None)
            return [Resolved(_as(a, text), "pair") for a in group] if group else []
        tokens = mention_tokens(head)
        text = text_of(tokens)
        half = self._country_half(head, tokens, text)
        if half:
            return [half]
        person = self._person(head, tokens, text)
        if person:
            return [person]
        named = self._named(head, tokens, text)
        if named:
            return [named]
        return []

    def _split_adjectives(self, head: Token) -> list[Resolved]:
        """ "Chilean and Peruvian students": one actor per nationality of coordinated modifiers."""
        for child in head.children:
            if child.dep_ in {"amod", "compound", "nmod"} and any(c.dep_ == "conj" for c in child.children):
                found = self._one_per_country(head, [m.text for m in conjuncts_any(child)])
                if found:
                    return found
            if child.dep_ in {"amod", "compound"} and any(c.text == "-" for c in child.lefts):
                # "Peruvian-Chilean talks": nationalities joined by a hyphen
                found = self._one_per_country(head, [t.text for t in child.subtree if t.text != "-"])
                if found:
                    return found
        return []

    def _one_per_country(self, head: Token, names: list[str]) -> list[Resolved]:
        """Gives one actor of the phrase per country, when each of two or more names names one."""
        codes = [self.lexicon.country_of_adjective(n) or _code_of(self.lexicon.match_name(n, self.on)) for n in names]
        if len(names) < 2 or not all(codes):
            return []
        text, sector = text_of(mention_tokens(head)), self._sector([head])
        return [Resolved(Actor(text=text, name=self.lexicon.country_name(c), code=c, sector=sector), "title")
                for c in dict.fromkeys(codes)]

    def _group_size(self, head: Token) -> int | None:
        """Gives how many parties a phrase counts when it stands for parties named before: 2 for "the
        two sides" or "both countries", 3 for "the three nations", 0 for "the allies" (however many
        were named together last); None when it stands for no such group."""
        lemma = head.lemma_.lower()
        if head.tag_ not in {"NNS", "NNPS"} or lemma not in self.cues.pair_nouns | self.cues.group_nouns:
            return None
        if self._country_from_preps(head):
            return None   # "the leaders of Oman": Oman's, not the parties named before
        for child in head.children:
            if child.lower_ in self.cues.pair_words:
                return 2
            if child.dep_ == "nummod" and lemma in self.cues.group_nouns:
                n = NUMBER_WORDS.get(child.lower_) or (int(child.text) if child.text.isdigit() else None)
                return n if n and n >= 2 else None
        if lemma in self.cues.group_nouns and any(c.dep_ == "det" and c.lower_ in {"the", "these", "those"}
                                                 for c in head.children):
            return 0
        return None

    def _split_origins(self, head: Token) -> list[Resolved]:
        """ "officials from Peru and Chile", "ships of Peru, Chile and Ecuador": one actor per country
        of a coordinated "of"/"from" phrase."""
        if head.pos_ != "NOUN":
            return []
        for word in ("of", "from"):
            # "the governments of Peru and of Chile": the second "of" hangs on the first or beside it
            preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ == word]
            preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.lower_ == word]
            if preps:
                objs = [o for p in preps for o in p.children if o.dep_ == "pobj"]
                places = [c for o in objs for c in conjuncts(o)]
                found = self._one_per_country(head, [text_of(mention_tokens(p)) for p in places])
                if found:
                    return found
        return []

    def _pronoun(self, head: Token) -> list[Resolved]:
        lower = head.lower_
        if lower.endswith(("self", "selves")) and head.dep_ != "appos":
            return self._reflexive(head)
        if lower in self.cues.speaker_pronouns and head.pos_ == "PRON" and not head.text.isupper():
            speaker = self._speaker(list(head.sent)) or self._closing_speaker() \
                or self.memory.speaker_before(self.sentence)
            return [Resolved(_as(speaker, head.text), "pronoun")] if speaker is not None else []
        if lower in self.cues.person_pronouns:
            exclude = {r.actor.name for c in coordinated(head) for r in self._resolve_named_only(c)}
            actor = self.memory.antecedent_person(self.sentence, head.i, exclude)
            return [Resolved(_as(actor, head.text), "pronoun", person=True)] if actor else []
        if lower in self.cues.group_pronouns:
            actor = self.memory.antecedent_group(self.sentence, head.i)
            if actor is not None:
                return [Resolved(_as(actor, head.text), "pronoun")]
            return self._earlier_subject(head, plural=False)
        if lower in self.cues.plural_pronouns:
            # "Chile and Peru said they would ...": the coordinated subject before it, all of it
            earlier = self._earlier_subject(head, plural=True)
            if any(r.actor.code for r in earlier):
                return earlier
            group = self.memory.antecedent_group(self.sentence, head.i, same_sentence_only=True)
            if group is not None:
                return [Resolved(_as(group, head.text), "pronoun")]
            if earlier:
                return earlier
            pair = self.memory.last_pair(self.sentence, head.i)
            return [Resolved(_as(a, head.text), "pair") for a in pair] if pair else []
        return []

    def _reflexive(self, head: Token) -> list[Resolved]:
        """ "Chile said Peru had armed itself": a reflexive stands for the subject of its own clause,
        not for an actor named before it."""
        verb = head.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
            verb = verb.head   # "spoke of themselves": through the preposition to its verb
        for _ in range(3):
            subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                if subject.lower_.endswith(("self", "selves")):
                    return []
                return [Resolved(_as(r.actor, head.text), "pronoun", r.person) for r in self.resolve(subject)]
            if verb.dep_ not in {"xcomp", "conj"} or verb.head == verb:
                return []
            verb = verb.head   # "Peru vowed to defend itself": the subject it inherits
        return []

    def _earlier_subject(self, head: Token, plural: bool) -> list[Resolved]:
        """ "The strikers say they will ...": a subject earlier in the same sentence, even one the tables
        do not know, is what the pronoun stands for."""
        for token in reversed(list(head.sent)[: head.i - head.sent.start]):
            if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ in {"NOUN", "PROPN"}:
                if plural and token.tag_ not in {"NNS", "NNPS"} and token.pos_ != "PROPN":
                    continue
                found = [r for c in conjuncts(token) if c.pos_ != "PRON" for r in self._resolve_named_only(c)]
                if found:
                    return [Resolved(_as(r.actor, head.text), "pronoun", r.person) for r in found]
                return [Resolved(Actor(text=text_of(mention_tokens(token))), "phrase")]
        return []

    def _resolve_named_only(self, head: Token) -> list[Resolved]:
        if head.pos_ == "PRON":
            return []
        if head.i in self._named_cache:   # a sentence's phrases are read by several stages
            return self._named_cache[head.i]
        found = self._named_only(head)
        self._named_cache[head.i] = found
        return found

    def _named_only(self, head: Token) -> list[Resolved]:
        tokens = mention_tokens(head)
        text = text_of(tokens)
        found = self._person(head, tokens, text) or self._named(head, tokens, text)
        return [found] if found else []

    def _person(self, head: Token, tokens: list[Token], text: str) -> Resolved | None:
        """A person: a name, resolved from its own title and nationality or an earlier introduction.

        The tagger often labels "Chilean President Ana Ruiz" an organisation, so a proper
        name headed by neither a known body nor a title word counts as a person when the tagger says
        PERSON, when a title stands before it, or when the document introduced it earlier.
        """
        if head.pos_ != "PROPN" or self._is_known_word(head):
            return None
        # "OAS Secretary General Luis Mora": a body named inside the phrase is no part of the name
        bodies = {tokens[i].i for start, end, entry in self.lexicon.find_names([t.text for t in tokens], self.on)
                  if not _names_person(entry, head) for i in range(start, end)}
        if head.i in bodies:
            return None
        name_tokens = [t for t in tokens if t.pos_ == "PROPN" and not self._is_known_word(t) and t.i not in bodies
                       and t.i >= head.i - 4 and t.dep_ in {"compound", "flat", "nsubj", "nsubjpass", "dobj",
                                                             "pobj", "appos", "conj", "poss", "ROOT", "attr"}
                       or t == head]
        name_tokens = [t for t in name_tokens if not t.is_punct]
        if not name_tokens:
            return None
        doc = head.doc
        name = doc[name_tokens[0].i:head.i + 1].text if name_tokens[0].i <= head.i else head.text
        known = self.memory.person(name)
        others = [t for t in tokens if t.i < name_tokens[0].i or t.i > head.i]
        # "Ana Petrova, a Bulgarian journalist": a role in apposition says a name is a person's
        titled = self._sector(others) is not None or any(
            c.dep_ == "appos" and c.pos_ == "NOUN" and self._sector([c]) is not None for c in head.children)
        if head.ent_type_ not in NAME_LABELS and not titled and known is None \
                and not self._listed_person(name):
            return None
        entry = self.lexicon.match_name(name, self.on)
        if entry is not None and not _names_person(entry, head):
            return None  # a country or body the tagger took for a person
        if entry is None and known is None and head.text != name:
            # "Omar El Bashir" for a listed "Omar al-Bashir": the surname alone may be listed
            listed = self.lexicon.match_name(head.text, self.on)
            entry = listed if listed is not None and _names_person(listed, head) and same_given_name(name, listed.name) \
                else None   # "Jorge Chavez" is not the listed Hugo Chavez
        if entry is not None and known is None:
            known = Actor(text=name, name=entry.name, code=entry.code, sector=entry.sector)
        code, sector = self._country_and_sector(head, others)
        for appos in head.children:
            # "Luis Mora, the UN envoy for the region": the apposition says who he is
            if appos.dep_ == "appos" and (code is None or sector is None):
                said = self._resolve_named_only(appos)
                if said:
                    code = code or said[0].actor.code
                    sector = sector or said[0].actor.sector
        if known is not None:
            actor = Actor(text=text, name=known.name, code=code or known.code, sector=sector or known.sector)
        else:
            actor = Actor(text=text, name=name, code=code, sector=sector)
        self.memory.add_person(name, Actor(text=name, name=actor.name, code=actor.code, sector=actor.sector))
        return Resolved(actor, "person", person=True)

    def _listed_person(self, name: str) -> bool:
        entry = self.lexicon.match_name(name, self.on)
        return entry is not None and entry.kind == "user"

    def _is_known_word(self, token: Token) -> bool:
        """Gives whether a word is a title, a nationality or a known name rather than part of a person's name."""
        return bool(self.lexicon.sector_of(token.lemma_.lower()) or self.lexicon.sector_of(token.lower_)
                    or self.lexicon.country_of_adjective(token.text)
                    or self._names_a_body(token.text, token))

    def _names_a_body(self, text: str, token: Token | None = None) -> bool:
        entry = self.lexicon.match_name(text, self.on)
        return entry is not None and not (token is not None and _names_person(entry, token))

    def _remember_divided(self, first: Token, second: Token) -> None:
        code = self.lexicon.country_of_adjective(f"{first.text} {second.text}")
        if code is not None and is_state(code):
            actor = Actor(text=f"{first.text} {second.text}", name=self.lexicon.country_name(code), code=code)
            self.memory.saw_divided_country(actor, self.sentence, first.i)

    def _country_half(self, head: Token, tokens: list[Token], text: str) -> Resolved | None:
        """"the North" alone, after North Korea was named: the country (not a region of one)."""
        if head.lower_ not in self.cues.compass_halves or not head.text[0].isupper() or \
                [t.lower_ for t in tokens] != ["the", head.lower_]:
            return None
        actor = self.memory.country_named_from(head.text, self.sentence, head.i)
        return Resolved(_as(actor, text), "name") if actor else None

    def _named(self, head: Token, tokens: list[Token], text: str) -> Resolved | None:
        """A country, capital, body or titled group: "China", "Beijing", "Chinese troops"."""
        words = [t.text for t in tokens]
        matches = self.lexicon.find_names(words, self.on)
        head_pos = tokens.index(head)
        for start, end, entry in matches:
            if start <= head_pos < end:
                sector = entry.sector or self._sector(tokens, skip=set(range(start, end)))
                if entry.kind == "capital" and sector is None:
                    sector = "GOV"
                also = tuple(Actor(text=text, name=e.name, code=e.code, sector=e.sector or sector) for e in entry.also)
                return Resolved(Actor(text=text, name=entry.name, code=entry.code, sector=sector), "name", also=also)
        code, sector = self._country_and_sector(head, tokens)
        if code is not None and (sector is not None or head.lemma_.lower() in self.cues.generic_heads
                                 or self.lexicon.country_of_adjective(head.text)
                                 or names_people(head, self.cues)
                                 or (head.pos_ == "PROPN" and head.tag_ == "NNPS")):   # "Iraqi Kurds"
            if head.lemma_.lower() in self.cues.government_heads \
                    and sector is None:
                sector = "GOV"
            name = self.lexicon.country_name(code) if code else None
            return Resolved(Actor(text=text, name=name, code=code, sector=sector), "title")
        if sector is not None:
            return Resolved(Actor(text=text, name=None, code=None, sector=sector), "title")
        if head.ent_type_ in ORG_LABELS or head.ent_type_ in NAME_LABELS:
            return Resolved(Actor(text=text, name=None, code=None, sector=None), "text")
        return None

    def _country_and_sector(self, head: Token, tokens: list[Token]) -> tuple[str | None, str | None]:
        """Gives the country named by a phrase's modifiers and the sector its words tell."""
        code = None
        words = [t.text for t in tokens]
        in_names: set[int] = set()   # a name's words are no role words: "an Islamic State stronghold"
        for start, end, entry in self.lexicon.find_names(words, self.on):
            code = code or entry.code
            in_names.update(range(start, end))
        ethnic = any(t.lower_ in self.cues.ethnic_words for t in tokens)
        if code is None and not ethnic:
            # "ethnic Albanians in Serbia" belong where they live, as CAMEO codes them, not to Albania
            # two-word nationalities first: "New Zealand troops", "South Sudanese forces"
            pairs = [f"{a.text} {b.text}" for a, b in zip(tokens, tokens[1:])]
            for word in pairs + [t.text for t in tokens]:
                code = self.lexicon.country_of_adjective(word)
                if code:
                    break
        if code is None:
            code = self._country_from_preps(head)
        return code, self._sector(tokens, skip=in_names)

    def _country_from_preps(self, head: Token) -> str | None:
        """ "the police in Guyana", "the president of Kazakhstan": the country of an attached place."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "in", "from"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        words = [t.text for t in mention_tokens(obj)]
                        for _, _, entry in self.lexicon.find_names(words, self.on):
                            return entry.code
                        for t in mention_tokens(obj):
                            code = self.lexicon.country_of_adjective(t.text)
                            if code:
                                return code
        return None

    def _sector(self, tokens: list[Token], skip: set[int] = frozenset()) -> str | None:
        """Gives the sector of the phrase: its head noun's first, then a title among its modifiers."""
        lemmas = [t.lemma_.lower() for t in tokens]
        # two-word titles first ("foreign minister", "security forces")
        for i in range(len(tokens) - 1, 0, -1):
            if i in skip or i - 1 in skip:
                continue
            sector = self.lexicon.sector_of(f"{lemmas[i - 1]} {lemmas[i]}")
            if sector:
                return sector
        for i in range(len(tokens) - 1, -1, -1):
            if i in skip:
                continue
            sector = self.lexicon.sector_of(lemmas[i]) or self.lexicon.sector_of(tokens[i].lower_)
            if sector:
                return sector
        return None


def _names_person(entry: ActorEntry, head: Token) -> bool:
    """Gives whether a listed name may be a person's: a user's entry, or a dictionary's (PETRARCH's,
    which does not say which of its names are people) that the tagger reads as a person's name."""
    return entry.kind == "user" or (entry.kind == "petrarch" and head.ent_type_ in NAME_LABELS)


def _code_of(entry: ActorEntry | None) -> str | None:
    return None if entry is None else entry.code


def _as(actor: Actor, text: str) -> Actor:
    """Gives the actor as mentioned by other words: same identity, this mention's text."""
    return Actor(text=text, name=actor.name, code=actor.code, sector=actor.sector)


def _may_group(token: Token) -> bool:
    """Gives whether a phrase can name parties together: it coordinates, or its modifiers or its
    "of"/"from" phrase do."""
    for child in token.children:
        if child.dep_ == "conj" or (child.dep_ == "prep" and child.lower_ in {"of", "from"}):
            return True
        if child.dep_ in {"amod", "compound", "nmod"} and any(c.dep_ == "conj" or c.text == "-"
                                                              for c in child.children):
            return True
    return False
