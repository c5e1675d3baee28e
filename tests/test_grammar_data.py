"""The event grammar is data: cue words, re-codes and rule order read from files a user can extend.

Each test writes a pattern directory of its own (what `--patterns DIR` points at) and shows that a
line there changes what is coded, with no Python edited.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tidings.config import CoderConfig
from tidings.documents import Document
from tidings.lexicon.grammar import PatternFileError
from tidings.lexicon.patterns import builtin_patterns, load_patterns

DATA = Path(__file__).resolve().parents[1] / "tidings" / "data"


def coded(coder, text: str) -> list[tuple]:
    return [(e.event, e.cameo, e.source.code, e.target.code if e.target else None)
            for e in coder.code(Document("t", text, "2024-01-02"))]


def coder_with(tmp_path: Path, files: dict[str, str]):
    from tidings.coder import Coder

    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return Coder(CoderConfig(patterns=str(tmp_path)))


def test_every_cue_set_says_why_it_exists() -> None:
    raw = yaml.safe_load((DATA / "cues.yaml").read_text())
    assert len(raw) >= 40
    for name, entry in raw.items():
        assert entry.get("why", "").strip(), name
        assert entry.get("words"), name
    for section in ("maps", "roots", "by_actor"):
        for name, entry in yaml.safe_load((DATA / "recodes.yaml").read_text())[section].items():
            assert entry.get("why", "").strip(), f"{section}: {name}"


def test_a_cue_word_added_in_a_pattern_directory_changes_the_code(coder, tmp_path) -> None:
    text = "Peru hesitated to meet Chile on Monday."
    assert coded(coder, text) == [("CONSULT", "040", "PER", "CHL")]
    mine = coder_with(tmp_path, {"cues.yaml": "refuse_heads:\n  words: [hesitate]\n"})
    assert coded(mine, text) == [("REJECT", "125", "PER", "CHL")]


def test_a_recode_entry_replaces_the_builtin_one(coder, tmp_path) -> None:
    text = "Peru will meet Chile next week."
    assert coded(coder, text)[0][:2] == ("AGREE", "036")
    mine = coder_with(tmp_path, {"recodes.yaml": 'maps:\n  intent:\n    map: {"04": "030"}\n'})
    assert coded(mine, text)[0][:2] == ("AGREE", "030")


def test_the_order_of_target_rules_is_data(coder, tmp_path) -> None:
    text = "Peru praised Chile."
    assert coded(coder, text) == [("SUPPORT", "051", "PER", "CHL")]
    builtin = list(builtin_patterns().rules["verb_targets"])
    # the object, and the deeper search and the sentence's other country that would find it there too
    without_object = [r for r in builtin if r not in {"object", "deep", "phrase_object"}]
    attribution = [r for r in builtin_patterns().rules["attribution"] if r != "sentence_target"]
    mine = coder_with(tmp_path, {"rules.yaml": yaml.safe_dump({"verb_targets": without_object,
                                                               "attribution": attribution})})
    assert coded(mine, text) == [("SUPPORT", "051", "PER", None)]


def test_a_pattern_line_adds_a_verb(coder, tmp_path) -> None:
    text = "Peru feted Chile."
    assert coded(coder, text) == []
    mine = coder_with(tmp_path, {"verbs.tsv": "fete\t051\n"})
    assert coded(mine, text) == [("SUPPORT", "051", "PER", "CHL")]


@pytest.mark.parametrize("name, text, says", [
    ("cues.yaml", "no_such_set:\n  words: [x]\n", "no_such_set: no such cue-word set"),
    ("cues.yaml", "refuse_heads:\n  words: nope\n", "refuse_heads: want `words: [...]`"),
    ("cues.yaml", "refuse_heads: [\n", "not valid YAML"),
    ("cues.yaml", "refuse_heads:\n  words: [balk]\nrefuse_heads:\n  words: [shun]\n", "given twice"),
    ("noun_classes.yaml", "aid: [grain]\naid: [rice]\n", "given twice"),
    ("rules.yaml", "verb_targets: [object, guesswork]\n", "no rule 'guesswork'"),
    ("recodes.yaml", "maps:\n  intent:\n    map: 7\n", "maps: intent: want `map:"),
    ("verbs.tsv", "fete\t999\n", "unknown CAMEO code '999'"),
])
def test_a_bad_grammar_file_is_one_line_naming_it(tmp_path, name, text, says) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(PatternFileError) as caught:
        book = load_patterns(extra=tmp_path)
        from tidings.stages.events.verbs import VerbEvents   # rule names are checked against the rules
        from tidings.stages.events.arguments import Arguments

        VerbEvents(Arguments(book, None))
    message = str(caught.value)
    assert says in message and str(tmp_path) in message and "\n" not in message


def test_the_builtin_lists_name_only_rules_that_exist() -> None:
    from tidings.stages.attribution import RULES as ATTRIBUTION
    from tidings.stages.events.sources import NOUN_RULES as NOUN_SOURCES, VERB_RULES as VERB_SOURCES
    from tidings.stages.events.targets import NOUN_RULES as NOUN_TARGETS, VERB_RULES as VERB_TARGETS

    rules = builtin_patterns().rules
    for name, known in (("verb_sources", VERB_SOURCES), ("verb_targets", VERB_TARGETS), ("noun_sources", NOUN_SOURCES),
                        ("noun_targets", NOUN_TARGETS), ("attribution", ATTRIBUTION)):
        assert set(rules.check(name, known)) == set(known), name   # every rule is used, once


def test_a_cue_word_through_the_patterns_option_of_the_command_line(tmp_path) -> None:
    """The same as above as a user runs it: `tidings code FILE --patterns DIR`, no Python edited."""
    import json as json_module

    from conftest import cli_runner
    from tidings.cli import main

    article = tmp_path / "article.txt"
    article.write_text("date 2024-01-02\nPeru hesitated to meet Chile on Monday.\n")
    grammar = tmp_path / "grammar"
    grammar.mkdir()
    (grammar / "cues.yaml").write_text("refuse_heads:\n  words: [hesitate]\n")

    def cameos(*extra: str) -> list[str]:
        result = cli_runner().invoke(main, ["code", str(article), *extra])
        assert result.exit_code == 0, result.output
        return [json_module.loads(line)["cameo"] for line in result.stdout.splitlines()]

    assert cameos() == ["040"]
    assert cameos("--patterns", str(grammar)) == ["125"]
