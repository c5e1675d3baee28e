"""The table of well-known political figures (data/people.tsv): it loads, is large, and names each person once."""
from __future__ import annotations

import datetime
import re
from importlib import resources

import pytest

from tidings.lexicon import ActorLexicon
from tidings.lexicon.actors import _key

_EARLIEST = datetime.date.min
_LATEST = datetime.date.max


def _rows() -> list[dict[str, str]]:
    text = resources.files("tidings").joinpath("data/people.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _rows()


@pytest.fixture(scope="module")
def people() -> ActorLexicon:
    with resources.as_file(resources.files("tidings").joinpath("data/people.tsv")) as path:
        return ActorLexicon.builtin().with_user_file(path)


def test_table_loads_and_is_large(people, rows):
    assert len(rows) >= 800


def test_every_row_has_six_columns_and_a_three_letter_code(rows):
    for row in rows:
        assert len(row) == 6, row
        assert re.fullmatch(r"[A-Z]{3}", row["code"]), row
        assert row["name"].strip() == row["name"] and row["name"], row


def test_rows_are_sorted_by_code_then_name(rows):
    keys = [(row["code"], row["name"].casefold()) for row in rows]
    assert keys == sorted(keys)


def _span(row: dict[str, str]) -> tuple[datetime.date, datetime.date]:
    start = datetime.date.fromisoformat(row["valid_from"]) if row["valid_from"] else _EARLIEST
    end = datetime.date.fromisoformat(row["valid_until"]) if row["valid_until"] else _LATEST
    return start, end


def test_no_name_points_to_two_codes_at_once(rows):
    # A person who moved from national office to an international post (Guterres, Stoltenberg) has
    # one row per post with dates that do not overlap; any other shared name is an ambiguity.
    by_key: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        for name in {row["name"], *filter(None, row["aliases"].split("|"))}:
            by_key.setdefault(_key(name), []).append(row)
    clashes = []
    for key, holders in by_key.items():
        for i, first in enumerate(holders):
            for second in holders[i + 1:]:
                if first["code"] == second["code"]:
                    continue
                (a_from, a_until), (b_from, b_until) = _span(first), _span(second)
                if a_from <= b_until and b_from <= a_until:
                    clashes.append((key, first["name"], first["code"], second["name"], second["code"]))
    assert clashes == []


def test_no_alias_hides_a_country_capital_or_body(rows):
    # People take precedence over the built-in names, so a surname such as "Jordan" would hide a country.
    builtin = ActorLexicon.builtin()
    hidden = [name for row in rows for name in [row["name"], *filter(None, row["aliases"].split("|"))]
              if builtin.match_name(name) is not None]
    assert hidden == []


@pytest.mark.parametrize("phrase, code", [
    ("Putin", "RUS"), ("Merkel", "DEU"), ("Kofi Annan", "UNO"), ("Mandela", "ZAF"),
    ("Qaddafi", "LBY"), ("Kadhafi", "LBY"), ("Lula", "BRA"), ("Erdogan", "TUR"), ("Erdoğan", "TUR"),
    ("Ocalan", "TUR"), ("Zawahiri", "IMG"), ("Thatcher", "GBR"), ("Hemedti", "SDN"),
])
def test_spot_checks(people, phrase, code):
    entry = people.match_name(phrase)
    assert entry is not None and entry.code == code


@pytest.mark.parametrize("phrase, on, code", [
    ("Guterres", "2003-01-01", "PRT"), ("Guterres", "2020-01-01", "UNO"),
    ("Stoltenberg", "2010-01-01", "NOR"), ("Stoltenberg", "2018-01-01", "IGO"),
    ("Tusk", "2016-06-01", "EUR"), ("Tusk", "2024-06-01", "POL"),
])
def test_people_who_changed_post_are_dated(people, phrase, on, code):
    entry = people.match_name(phrase, on=datetime.date.fromisoformat(on))
    assert entry is not None and entry.code == code


def test_shared_surnames_are_left_out(people):
    # "Castro" is Cuban and Honduran, "Morales" Bolivian and Guatemalan: neither is a person alone.
    for surname in ("Castro", "Morales", "Khan", "Singh", "Kim"):
        entry = people.match_name(surname)
        assert entry is None or entry.kind != "user", surname
