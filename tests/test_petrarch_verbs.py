"""PETRARCH verb dictionaries read as PETRARCH reads them: headers, verb lines, words before the verb,
phrases after it, codes of the dictionary's own. The dictionaries are tiny ones written for these tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tidings.lexicon.patterns import Pattern, builtin_patterns
from tidings.lexicon.petrarch_verbs import read_petrarch_verbs, with_petrarch_verbs

VERBS = """\
&KINDS
+NAVAL
+AIR

&DENIALS
+DID N'T
+WILL NOT

&CURBS
+TRADE BAN
+EMBARGO

--- RAID  [229]  ---
RAID

--- BURN  [---]  ---
BURN
- * FLAGS  [181]
- * DOWN  [---]

--- MEET  [036]  ---
MEET
- &DENIALS *  [125]
- NEVER_*  [128]

--- SEND  [070]  ---
SEND
- * TROOPS (TO +)  [150]

--- PRAISE  [051]  ---
PRAISE
- * &KINDS_DRILLS  [150]
- * DRILLS_AT_SEA  [150]

--- CRITICIZE  [111]  [112]  ---
CRITICIZE
DENOUNCE  [122]

--- EXCLUDE  [172] ---
+SEAL_OFF
BORDER_+GUARD

--- DEMAND  [100] ---
DEMAND
- * &CURBS  [163]

--- RECEIVE  [---] ---
RECEIVE
- * MONEY FROM $  [071]
- * FEAST AT ^ WITH +  [043]
- * AID FROM  [070]
"""


@pytest.fixture()
def verbs_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return path


def _by_verb(path: Path, verb: str) -> list[Pattern]:
    return [p for p in read_petrarch_verbs(path).patterns if p.lemma == verb]


def test_a_header_with_two_codes_takes_the_first_and_a_verb_line_its_own(verbs_file):
    assert {p.cameo for p in _by_verb(verbs_file, "criticize")} == {"111"}
    assert {p.cameo for p in _by_verb(verbs_file, "denounce")} == {"122"}
    mapping = read_petrarch_verbs(verbs_file)
    assert mapping.unmapped["second codes in a block's header (the first is the block's)"] == 1


def test_codes_outside_cameo_and_the_null_code_are_kept_as_written(verbs_file):
    assert [p.cameo for p in _by_verb(verbs_file, "raid")] == ["229"]
    burn = {(p.words, p.object_class, p.cameo) for p in _by_verb(verbs_file, "burn")}
    assert burn == {((), "petrarch:flags", "181"), (("down",), None, "---")}
    mapping = read_petrarch_verbs(verbs_file)
    assert mapping.own_codes == 2   # RAID's 229 and "* DOWN [---]"
    assert "; 2 of these lines have a code outside CAMEO or none (---): they match and code nothing" \
        in mapping.summary(str(verbs_file))


def test_words_before_the_verb_are_asked_for_in_order(verbs_file):
    denied, never = sorted((p for p in _by_verb(verbs_file, "meet") if p.before), key=lambda p: p.cameo)
    assert denied.before == ((("did", "n't"), ("will", "not")),) and not denied.next_to_verb
    assert never.before == ((("never",),),) and never.next_to_verb
    assert denied.holds_before("peru did n't".split())
    assert denied.holds_before("peru will , it said , not".split()) is False   # a run's words side by side
    assert denied.holds_before("peru said it will not".split())
    assert never.holds_before("peru never".split()) and not never.holds_before("peru never again".split())


def test_verbs_of_several_words(verbs_file):
    seal = _by_verb(verbs_file, "seal")
    assert [(p.words, p.cameo) for p in seal] == [(("off",), "172")]     # "+SEAL_OFF": seal, with "off"
    guard = _by_verb(verbs_file, "guard")[0]
    assert guard.before == ((("border",),),) and guard.next_to_verb     # "BORDER_+GUARD": right before it


def test_phrases_after_the_verb(verbs_file):
    praise = next(p for p in _by_verb(verbs_file, "praise") if p.object_class)
    assert praise.object_words == ((frozenset({"naval", "air"}), True),)   # &KINDS right before "drills"
    book, _ = with_petrarch_verbs(builtin_patterns(), [str(verbs_file)])
    at_sea = {(p.object_words, p.object_after) for p in book.verbs["praise"] if p.object_class == "petrarch:drills"}
    # both are kept, and the head of "DRILLS_AT_SEA" is the word before its preposition
    assert at_sea == {(((frozenset({"naval", "air"}), True),), ()),
                      ((), ((frozenset({"at"}), True), (frozenset({"sea"}), True)))}
    demand = {(p.object_class, p.object_words) for p in _by_verb(verbs_file, "demand") if p.object_class}
    # a set's phrases of several words each ask for their words: "trade ban", not any ban
    assert demand == {("petrarch:embargo", ()), ("petrarch:ban", ((frozenset({"trade"}), True),))}
    receive = {(p.words, p.target_prep, p.reverse, p.object_class, p.cameo) for p in _by_verb(verbs_file, "receive")}
    assert ((("from",), "from", True, "petrarch:money", "071")) in receive   # TABARI's "FROM $" is "(FROM $)"
    assert ((("at", "with"), "with", False, "petrarch:feast", "043")) in receive   # "AT ^": at anything
    assert ((("from",), "from", False, "petrarch:aid", "070")) in receive    # a preposition that ends it


def test_the_dictionary_s_patterns_come_first(verbs_file):
    book, _ = with_petrarch_verbs(builtin_patterns(), [str(verbs_file)])
    mapped = [p.as_written for p in book.verbs["burn"]]
    assert mapped[:2] == [True, True] and not any(mapped[2:])   # then the built-in ones, where none holds
    assert book.verbs["sign"] == builtin_patterns().verbs["sign"]   # a verb it does not know keeps them
    assert "raid" not in book.nouns       # "RAID [229]": the noun names no act Tidings records either


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from tidings.coder import Coder
    from tidings.config import CoderConfig

    path = tmp_path_factory.mktemp("verbs") / "tiny.verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return Coder(CoderConfig(verbs=(str(path),)))


def _coded(coder, text: str) -> set[tuple]:
    from tidings.documents import Document

    events = coder.code(Document(id="t", text=text, date="2024-05-02"))
    return {(e.source.code, e.target.code if e.target else None, e.cameo, e.trigger.text, e.intent, e.negated)
            for e in events}


def test_a_code_of_the_dictionary_s_own_codes_nothing(tiny, coder):
    text = "Chilean troops raided a Peruvian village on Monday."
    assert {e[3] for e in _coded(coder, text)} == {"raided"}   # the built-in patterns code it
    assert _coded(tiny, text) == set()                          # RAID [229]: no CAMEO act
    assert _coded(tiny, "Chilean soldiers burned down a Peruvian village.") == set()   # "* DOWN [---]"
    assert {e[2] for e in _coded(tiny, "Protesters in Lima burned Chilean flags.")} == {"181"}


def test_the_words_before_the_verb_make_the_code(tiny):
    assert ("PER", "CHL", "125", "meet", False, False) in _coded(tiny, "Peru didn't meet Chile on Monday.")
    assert ("PER", "CHL", "036", "met", False, False) in _coded(tiny, "Peru met Chile on Monday.")


def test_a_future_act_keeps_the_dictionary_s_code(tiny):
    assert ("PER", "CHL", "150", "send", True, False) in _coded(tiny, "Peru will send troops to Chile.")


def test_words_joined_in_a_phrase_stand_side_by_side(tiny):
    assert {e[2] for e in _coded(tiny, "Peru praised the naval drills of Chile.")} == {"150"}
    assert {e[2] for e in _coded(tiny, "Peru praised the naval and joint drills of Chile.")} == {"051"}
    assert {e[2] for e in _coded(tiny, "Peru praised the drills at sea of Chile's navy.")} == {"150"}
