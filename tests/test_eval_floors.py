"""Scores on the public gold sets of ../shared/eval must not fall below the floors measured so far.

The first floor of each set is the one the project set itself (issue 2): petr2 event F1 0.60, plover
event recall 0.55 and type recall 0.70, plv event recall 0.45; news_dev's are a little under what
whole-article coding reached in issue 9 (event F1 0.451 and document-level F1 0.558 against its goal
of 0.45 and 0.55: the floors leave room for the noise of one or two events). The others are ratchets a little under
what the coder measured: raise them when it gets better, never lower them to let a change land.
These sets are read in place, never copied.
"""
from __future__ import annotations

import pytest

from tidings.documents import Document, read_documents
from tidings.evaluation import load_gold, score

FLOORS = {
    # set: [(level, measure, floor)]; a level ending "/doc" is scored at document level
    "news_dev.jsonl": [("event", "f1", 0.44), ("event/doc", "f1", 0.54), ("type", "recall", 0.55)],
    "petr2_gsr.jsonl": [("event", "f1", 0.60), ("event", "f1", 0.67), ("type", "recall", 0.67)],
    "plover_gsr.jsonl": [("event", "recall", 0.55), ("event", "recall", 0.59), ("type", "recall", 0.70),
                         ("type", "recall", 0.77)],
    "plv_dev.jsonl": [("event", "recall", 0.45), ("event", "recall", 0.49), ("type", "recall", 0.72)],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_hold_their_floors(name, shared_dir, coder):
    path = shared_dir / "eval" / name
    if not path.exists():
        pytest.skip(f"{path} is absent")
    docs = [d for d in read_documents([str(path)]) if isinstance(d, Document)]
    predicted = [e.to_dict() for _, events in coder.code_many(docs) for e in events]
    gold = load_gold(str(path))
    results = {"": score(gold, predicted), "/doc": score(gold, predicted, doc_level=True)}
    for level, measure, floor in FLOORS[name]:
        kind = "/doc" if level.endswith("/doc") else ""
        got = results[kind][level.removesuffix("/doc")][measure] or 0.0
        assert got >= floor, f"{name} {level} {measure} fell to {got:.3f} (floor {floor})"


# the side-by-side sets of the PETRARCH issue, with the dictionaries read in place: ratchets a little
# under what was measured (petr_unit 0.719 with the validation files, petr2_gsr 0.701 with Phoenix)
DICTIONARY_FLOORS = {
    "petr_unit.jsonl": (("PETR.Validate.actors.txt",), ("PETR.Validate.agents.txt",), "PETR.Validate.verbs.txt",
                        ("PETR.Validate.discards.txt",), 0.70),
    "petr2_gsr.jsonl": (("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                         "Phoenix.MilNonState.actors.txt"), ("Phoenix.agents.txt",), None, (), 0.69),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DICTIONARY_FLOORS))
def test_scores_with_petrarch_dictionaries_hold_their_floors(name, shared_dir):
    from tidings.coder import Coder
    from tidings.config import CoderConfig

    actors, agents, verbs, discards, floor = DICTIONARY_FLOORS[name]
    folder, path = shared_dir / "petrarch", shared_dir / "eval" / name
    files = [folder / f for f in actors + agents + discards + ((verbs,) if verbs else ())] + [path]
    if not all(f.exists() for f in files):
        pytest.skip(f"a dictionary or {name} is absent from {shared_dir}")
    paths = lambda names: tuple(str(folder / f) for f in names)   # noqa: E731
    coder = Coder(CoderConfig(actors=paths(actors), agents=paths(agents), discards=paths(discards),
                              verbs=paths((verbs,) if verbs else ())))
    docs = [d for d in read_documents([str(path)]) if isinstance(d, Document)]
    predicted = [e.to_dict() for _, events in coder.code_many(docs) for e in events]
    got = score(load_gold(str(path)), predicted)["event"]["f1"] or 0.0
    assert got >= floor, f"{name} event f1 with the dictionaries fell to {got:.3f} (floor {floor})"
