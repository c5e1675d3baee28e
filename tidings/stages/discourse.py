"""What a document has said so far about who is who: the memory behind pronouns and short names.

Reporters introduce a person once ("Chilean President Ana Ruiz") and then write
"Ruiz", "she" or "the Chilean leader"; they write "the two sides" for the last pair of parties.
This memory keeps, for one document, the people introduced with their country and sector, and the
actors in the order they were mentioned, so later mentions can be resolved to them.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tidings.codes import is_state
from tidings.record import Actor


@dataclass(frozen=True)
class Sighting:
    """One mention of a resolved actor: where it stood and whether it was a clause subject."""

    actor: Actor
    sentence: int
    position: int
    subject: bool
    person: bool


@dataclass
class Discourse:
    """The actors one document has mentioned, for resolving later references to them."""

    people: dict[str, Actor] = field(default_factory=dict)   # full name and surname -> person
    sightings: list[Sighting] = field(default_factory=list)
    speakers: dict[int, Actor] = field(default_factory=dict)   # sentence -> who it quotes as speaking
    # coordinated parties named together ("Peru, Chile and Bolivia"), with where: (sentence, position, actors)
    groups: list[tuple[int, int, tuple[Actor, ...]]] = field(default_factory=list)
    # countries whose names begin with a compass word, as mentioned: (sentence, position, actor)
    divided: list[tuple[int, int, Actor]] = field(default_factory=list)
    _tally: Tally | None = field(default=None, repr=False)

    def add_person(self, name: str, actor: Actor) -> None:
        """Records a person under the full name and the surname, keeping what is known first."""
        # any part may come back alone: "Ruiz" for Ana Ruiz, "Mora" for Luis Mora
        parts = [p for p in name.replace("-", " ").split() if len(p) > 1]
        keys = [name] + (parts if len(parts) > 1 else [])
        for key in keys:
            known = self.people.get(key)
            if known is None or (known.code is None and actor.code is not None):
                self.people[key] = actor

    def person(self, name: str) -> Actor | None:
        """Gives the person known by this full name or surname, if introduced earlier."""
        found = self.people.get(name)
        if found is None and " " in name:
            # "Ruiz" may come back as "Ana Ruiz", but "Pedro Soto" is not the Pedro Ruiz met before
            known = self.people.get(name.split()[-1])
            found = known if known is not None and same_given_name(name, known.name or "") else None
        return found

    def saw(self, actor: Actor, sentence: int, position: int, subject: bool, person: bool) -> None:
        """Records a mention of a resolved actor."""
        if actor.code is None and not person:
            return
        self.sightings.append(Sighting(actor, sentence, position, subject, person))

    def antecedent_person(self, sentence: int, position: int, exclude: set[str]) -> Actor | None:
        """Gives who "he"/"she" most likely means at this place.

        A subject in the same sentence before the pronoun comes first ("Xi said he ..."), then the
        subject of the latest earlier sentence that had a person as subject, then the latest person.
        """
        latest = None            # the latest person seen before the pronoun
        earlier_latest = None    # the latest person of an earlier sentence
        subject_sentence, subject = None, None
        # sightings come in reading order: read back from the end, stopping once the answer is known
        for s in self._before(sentence, position):
            if not s.person or s.actor.name in exclude:
                continue
            latest = latest or s
            if s.sentence == sentence:
                if s.subject:
                    return s.actor
                continue
            earlier_latest = earlier_latest or s
            if subject_sentence is not None and s.sentence < subject_sentence:
                break
            if s.subject:
                subject_sentence, subject = s.sentence, s   # the first subject of that sentence, in the end
        if subject is not None:
            return subject.actor
        found = earlier_latest or latest
        return found.actor if found else None

    def antecedent_group(self, sentence: int, position: int, same_sentence_only: bool = False) -> Actor | None:
        """Gives who "it"/"its" (or "they" of one group) most likely means: the latest country or body,
        a subject earlier in the same sentence first ("the authorities say they ...")."""
        latest = None
        for s in self._before(sentence, position):
            if s.person or not s.actor.code:
                continue
            latest = latest or s
            if s.sentence < sentence:
                break
            if s.subject:
                return s.actor
        if same_sentence_only:
            return None
        return latest.actor if latest else None

    def saw_divided_country(self, actor: Actor, sentence: int, position: int) -> None:
        """Records a mention, by name or adjective ("North Korean"), of a country a compass word begins."""
        self.divided.append((sentence, position, actor))

    def country_named_from(self, first_word: str, sentence: int, position: int) -> Actor | None:
        """Gives the latest state mentioned before here whose name begins with this word ("the North"
        for North Korea, "the South" for South Sudan)."""
        prefix = first_word.lower() + " "
        for at_sentence, at, actor in reversed(self.divided):
            if (at_sentence, at) < (sentence, position) and (actor.name or "").lower().startswith(prefix):
                return actor
        return None

    def _before(self, sentence: int, position: int) -> Iterator[Sighting]:
        """Gives the sightings before a place, latest first."""
        for s in reversed(self.sightings):
            if (s.sentence, s.position) < (sentence, position):
                yield s

    def speaker_before(self, sentence: int, reach: int = 2) -> Actor | None:
        """Gives the speaker of the latest of the `reach` sentences before, for a quote that runs on."""
        for earlier in range(sentence - 1, sentence - reach - 1, -1):
            if earlier in self.speakers:
                return self.speakers[earlier]
        return None

    def saw_group(self, actors: list[Actor], sentence: int, position: int) -> None:
        """Records parties named together, so that "the three countries" can point back to them."""
        # bodies count too: after "Peru, Chile and the UN", "the two ministers" are not Peru and Chile
        distinct = tuple({a.code: a for a in actors if a.code}.values())
        if len(distinct) >= 2 and any(is_state(a.code) for a in distinct):
            self.groups.append((sentence, position, distinct))

    def last_group(self, sentence: int, position: int, size: int | None = None,
                   within: int | None = None) -> tuple[Actor, ...] | None:
        """Gives the parties last named together before this place: `size` of them, or any number;
        with `within`, only in this sentence or that many before it."""
        for s, p, actors in reversed(self.groups):
            if within is not None and s < sentence - within:
                return None
            if (s, p) < (sentence, position) and (size is None or len(actors) == size):
                return actors
        return None

    def last_pair(self, sentence: int, position: int) -> tuple[Actor, Actor] | None:
        """Gives who "the two sides" are: the two countries the document has named most so far.

        Ties go to the more recent. International bodies are parties only when fewer than two
        countries have been named.
        """
        return self.standing(sentence, position)[0]

    def standing(self, sentence: int, position: int) -> tuple[tuple[Actor, Actor] | None, list[Actor]]:
        """Gives, from one count, the last pair (see last_pair) and the countries named so far, the
        most named first (ties to the more recent)."""
        pools = self._ranked_pools(sentence, position)
        pair = None
        for ranked in pools:
            if len(ranked) >= 2:
                first, second = sorted(ranked[:2], key=lambda e: e[1])
                pair = first[2], second[2]
                break
        return pair, [entry[2] for entry in pools[0]]

    def _ranked_pools(self, sentence: int, position: int) -> list[list[list]]:
        tally = self._tally_before(sentence)
        pools = tally.copy()
        for s in self.sightings[tally.seen:]:
            if s.actor.code and (s.sentence, s.position) < (sentence, position):
                pools.add(s)
        return [sorted(counts.values(), key=lambda e: (-e[0], -e[1])) for counts in pools.pools]

    def _tally_before(self, sentence: int) -> Tally:
        """Gives the counts of the coded actors seen in the sentences before `sentence`, kept up to
        date as the document is read (a count from scratch per sentence made long texts quadratic)."""
        if self._tally is None or self._tally.sentence > sentence:
            self._tally = Tally()
        tally = self._tally
        while tally.seen < len(self.sightings) and self.sightings[tally.seen].sentence < sentence:
            if self.sightings[tally.seen].actor.code:
                tally.add(self.sightings[tally.seen])
            tally.seen += 1
        tally.sentence = sentence
        return tally


@dataclass
class Tally:
    """How often each coded actor was seen, and when last: among states, and among everyone."""

    seen: int = 0        # sightings read so far
    sentence: int = 0    # the counts are of the sentences before this one
    pools: tuple[dict[str, list], dict[str, list]] = field(default_factory=lambda: ({}, {}))
    sizes: list[int] = field(default_factory=lambda: [0, 0])

    def add(self, s: Sighting) -> None:
        """Counts one sighting of a coded actor."""
        for n, counts in enumerate(self.pools):
            if n == 0 and not is_state(s.actor.code):
                continue
            entry = counts.setdefault(s.actor.code, [0, 0, s.actor])
            entry[0] += 1
            entry[1] = self.sizes[n]
            self.sizes[n] += 1
            if s.person or entry[2].sector is None:
                entry[2] = s.actor

    def copy(self) -> Tally:
        """Gives a tally to add this sentence's sightings to, leaving this one as it is."""
        return Tally(self.seen, self.sentence, tuple({k: list(v) for k, v in c.items()} for c in self.pools),
                     list(self.sizes))


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam"})


def same_given_name(name: str, other: str) -> bool:
    """Gives whether two names of a person with the same surname agree on the given name: "Luis
    Mora" and "Luis A. Mora" do, and so do "Ms Mora" and "Minister Luis Mora" (the word before the
    surname is no given name, or a title kept with the name); "Ana Mora" and "Luis Mora" do not."""
    a, b = name.lower().split(), other.lower().split()
    if len(a) < 2 or len(b) < 2:
        return True
    given = a[-2]
    return given.endswith(".") or given in HONORIFICS or given in b[:-1] or a[0] in b[:-1]
