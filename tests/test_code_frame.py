"""`tidings.code_frame`: a DataFrame of articles in, a DataFrame of events out, with the real coder."""
from __future__ import annotations

import datetime

import pandas as pd

import tidings


def test_code_frame_codes_a_frame_with_its_own_column_names(coder):
    articles = pd.DataFrame({
        "url": ["https://e.org/a", "https://e.org/b", "https://e.org/c"],
        "published": [pd.Timestamp("2025-03-11T22:30:00-05:00"), None, "sometime"],
        "body": ["Vietnam and Japan signed a trade agreement in Hanoi on Tuesday.",
                 "Russia accused Ukraine of shelling a border town.",
                 "Peru and Chile agreed to reopen their border."],
    })
    events = tidings.code_frame(articles, text="body", date="published", id="url", coder=coder)
    assert isinstance(events, pd.DataFrame) and len(events) >= 2
    assert set(events["doc_id"]) == {"https://e.org/a", "https://e.org/b"}
    assert {"source.code", "target.code", "cameo", "event"} <= set(events.columns)
    first = events[events["doc_id"] == "https://e.org/a"].iloc[0]
    assert first["doc_date"] == "2025-03-11"  # the day in the zone it was written in, not UTC's 12th
    assert events.attrs["undated"] == 1
    assert len(events.attrs["rejects"]) == 1 and events.attrs["rejects"][0].startswith('row 3: "published" "sometime"')


def test_code_frame_of_nothing_codeable_has_the_event_columns(coder):
    events = tidings.code_frame(pd.DataFrame({"text": ["The weather was mild."], "date": [datetime.date(2024, 5, 3)]}),
                                coder=coder)
    assert len(events) == 0 and "source.code" in events.columns and events.attrs["rejects"] == []
