"""The coder's pipeline is declared: stages say what they need and add, and the order is checked."""
from __future__ import annotations

import pytest

from tidings.stages.pipeline import (ActorStage, AttributionStage, DeduplicateStage, EventStage, RecordStage, Stage,
                                     StageOrderError, WhenWhereStage, check_order)


def test_the_coders_stages_are_in_an_order_that_gives_each_what_it_needs(coder) -> None:
    names = [stage.name for stage in coder.stages]
    assert names == ["parse", "actors", "events", "when_where", "attribution", "records", "pledges", "deduplicate"]
    check_order(coder.stages)   # the coder checked it too, when it was built
    for stage in coder.stages:
        assert stage.requires and stage.assigns and stage.level in {"batch", "sentence", "document"}


def test_a_stage_before_what_it_needs_is_refused(coder) -> None:
    stages = list(coder.stages)
    events = next(s for s in stages if s.name == "events")
    actors = next(s for s in stages if s.name == "actors")
    swapped = [stages[0], events, actors] + stages[3:]
    with pytest.raises(StageOrderError, match="stage 'events' needs resolver, mentions"):
        check_order(swapped)


def test_a_missing_stage_is_refused(coder) -> None:
    without_dates = [s for s in coder.stages if s.name != "when_where"]
    with pytest.raises(StageOrderError, match="stage 'attribution' needs where"):
        check_order(without_dates)


def test_every_stage_class_declares_itself() -> None:
    for cls in (ActorStage, EventStage, WhenWhereStage, AttributionStage, RecordStage, DeduplicateStage):
        assert issubclass(cls, Stage)
        assert cls.name and isinstance(cls.requires, tuple) and isinstance(cls.assigns, tuple)


def test_discourse_counts_the_pair_as_it_reads():
    # the running tally must give what a count from scratch gives, before and inside a sentence
    from tidings.record import Actor
    from tidings.stages.discourse import Discourse
    memory = Discourse()
    peru, chile, un = Actor(text="Peru", code="PER"), Actor(text="Chile", code="CHL"), Actor(text="UN", code="UNO")
    for sentence, position, actor in [(0, 1, peru), (0, 5, un), (1, 2, chile), (1, 7, peru), (2, 0, chile)]:
        memory.saw(actor, sentence, position, subject=False, person=False)
    assert memory.last_pair(1, 0) == (peru, un)          # one country so far: bodies count
    assert memory.last_pair(1, 3) == (peru, chile)
    assert memory.last_pair(3, 0) == (peru, chile)
    assert memory.last_pair(0, 0) is None                 # asked again for an earlier place
