"""`tidings export`: PLOVER, GDELT 2.0, ICEWS, Parquet and CSV out of a small store coded from our own articles."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from conftest import cli_runner, store_of

from tidings.cli.export import export_cli
from tidings.documents import Document
from tidings.output import schema_columns
from tidings.store import schema, summary
from tidings.store.exports import ExportError, export
from tidings.store.exports.common import stable_int
from tidings.store.exports.gdelt import GDELT_COLUMNS
from tidings.store.exports.icews import ICEWS_COLUMNS

ARTICLES = [
    Document(id="visit", date="2024-07-03", url="https://www.news.example.com/visit", source="Example News",
             title="A visit to Astana",
             text="Chinese President Xi Jinping arrived in Astana on Wednesday for talks with Kazakh President "
                  "Kassym-Jomart Tokayev. The two leaders signed an agreement on energy cooperation."),
    Document(id="visit-again", date="2024-07-04", source="Other Daily",
             text="Xi Jinping met Kassym-Jomart Tokayev in Astana on Wednesday."),
    Document(id="steel", date="2024-08-10", url="https://wire.example.org/steel",
             text="Kazakhstan accused China of dumping cheap steel on its market. Turkey did not sign the trade "
                  "agreement with Greece on Friday."),
    Document(id="undated", date=None, text="Russian troops shelled the Ukrainian city of Kharkiv."),
    # a CAMEO 01 statement, which PLOVER has no type for
    Document(id="condolences", date="2024-09-12", text="Kazakhstan's president offered his condolences to Turkey."),
]
CLUSTER = "c_test_consult"  # the two reports of Xi's visit, clustered by hand: this test is not about the rule




@pytest.fixture(scope="module")
def db(coder, tmp_path_factory) -> Path:
    """Gives a store file holding ARTICLES, coded by the real coder, with one two-report cluster."""
    path = tmp_path_factory.mktemp("exports") / "store.duckdb"
    store_of(coder, path, ARTICLES)
    con = schema.connect(path)
    con.execute("UPDATE events SET cluster_id = ? WHERE event = 'CONSULT' AND doc_id IN ('visit', 'visit-again')",
                [CLUSTER])
    summary.rebuild(con)  # clusters set by hand: the clusters table computed from them
    clustered = con.execute("SELECT count(*) FROM events WHERE cluster_id = ?", [CLUSTER]).fetchone()[0]
    con.close()
    assert clustered == 2, "the coder no longer finds both reports of the visit"
    return path


@pytest.fixture
def con(db):
    con = schema.connect(db, read_only=True)
    yield con
    con.close()


def count(con, where: str = "TRUE") -> int:
    return con.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0]


# --- GDELT 2.0 -------------------------------------------------------------------------------------

def test_gdelt_columns_are_the_61_of_the_codebook():
    names = [name for name, _ in GDELT_COLUMNS]
    assert len(names) == 61 and len(set(names)) == 61
    assert names[:6] == ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code"]
    assert names[25:35] == ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                            "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    assert names[-2:] == ["DATEADDED", "SOURCEURL"]


def test_gdelt_tsv_loads_into_duckdb_with_the_codebook_names_and_types(con, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    n = export(con, "gdelt", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    assert all(line.count("\t") == 60 for line in lines)  # no header, 61 fields each

    # One row per happening: the clustered visit once, the negated non-signing not at all.
    assert n == con.execute("SELECT count(DISTINCT coalesce(cluster_id, id)) FROM events "
                            "WHERE NOT negated").fetchone()[0]
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in GDELT_COLUMNS) + "}"
    table = duckdb.sql(f"SELECT * FROM read_csv('{out}', columns={columns}, header=false, delim='\t', "
                       f"quote='', escape='')")
    rows = {r["GlobalEventID"]: r for r in (dict(zip(table.columns, v)) for v in table.fetchall())}
    visit = rows[stable_int(CLUSTER)]
    assert (visit["Day"], visit["MonthYear"], visit["Year"]) == (20240703, 202407, 2024)
    assert visit["FractionDate"] == 2024.5836  # the codebook's (7 * 30 + 3) / 365
    assert visit["Actor1Code"] == "CHNGOV" and visit["Actor1CountryCode"] == "CHN"
    assert visit["Actor1Type1Code"] == "GOV" and visit["Actor2CountryCode"] == "KAZ"
    assert visit["EventCode"] == "042" and visit["EventBaseCode"] == "042" and visit["EventRootCode"] == "04"
    assert visit["QuadClass"] == 1 and visit["GoldsteinScale"] == 1.9
    # Two reports, two articles, two publishers (Example News, Other Daily).
    assert (visit["NumMentions"], visit["NumArticles"], visit["NumSources"]) == (2, 2, 2)
    assert visit["IsRootEvent"] == 1
    assert visit["SOURCEURL"] == "https://www.news.example.com/visit"  # the first article's
    assert visit["ActionGeo_Fullname"] == "Astana, Kazakhstan" and visit["ActionGeo_CountryCode"] == "KZ"
    assert visit["ActionGeo_Type"] == 4 and visit["ActionGeo_Lat"] == pytest.approx(51.18, abs=0.1)
    assert (visit["ActionGeo_ADM1Code"], visit["ActionGeo_FeatureID"]) == ("KZ05", "1526273")  # the gazetteer's
    assert (visit["Actor1Geo_Type"], visit["Actor2Geo_Type"]) == (0, 0)
    placeless = [r for r in rows.values() if r["ActionGeo_Fullname"] is None]
    assert placeless and all(r["ActionGeo_Type"] == 0 for r in placeless)  # GDELT's 0, not empty
    assert len(str(visit["DATEADDED"])) == 14
    assert visit["AvgTone"] is None and visit["Actor1EthnicCode"] is None

    undated = [r for r in rows.values() if r["EventRootCode"] == "19"]
    assert len(undated) == 1 and undated[0]["Day"] is None
    assert undated[0]["SOURCEURL"] == "undated"  # no URL: the document id


# --- PLOVER ----------------------------------------------------------------------------------------

def test_plover_lines_carry_the_manual_field_names(con, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    n = export(con, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == n == count(con, "event IS NOT NULL") == count(con) - 1   # the condolences have no type
    for record in records:
        for field in ("id", "date", "actor", "recipient", "event", "event_loc", "event_text", "quad_code",
                      "event_scale", "mode", "context", "link", "text_info", "cite_info"):
            assert field in record
        assert isinstance(record["actor"], list) and isinstance(record["event"], list)
    visit = next(r for r in records if r["link"] == CLUSTER and r["cite_info"]["citation"] == "visit")
    assert visit["date"] == "2024-07-03"
    assert visit["actor"][0]["code"] == "CHN" and visit["actor"][0]["identifier_text"] == "Xi Jinping"
    assert visit["recipient"][0]["code"] == "KAZ"
    assert visit["event"] == ["CONSULT"] and visit["mode"] == ["visit"] and visit["quad_code"] == 1
    assert visit["cite_info"]["url"] == "https://www.news.example.com/visit"
    negated = [r for r in records if r["negated"]]
    assert len(negated) == 1 and negated[0]["actor"][0]["code"] == "TUR" and negated[0]["context"] == ["negation"]


def test_plover_follows_the_manual_0_8_field_by_field(con, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    export(con, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    top = {"id", "has_event", "date", "actor", "recipient", "event", "event_loc", "event_text", "quad_code",
           "event_scale", "mode", "context", "link", "text", "text_info", "cite_info", "coder", "coded_date",
           "coded_time"}
    added = {"date_precision", "cameo", "cameo_quad", "goldstein", "intent", "negated", "confidence", "doc_id",
             "doc_date"}
    for record in records:
        assert set(record) == top | added
        for one in record["actor"] + record["recipient"]:
            assert set(one) == {"code", "sector", "entity_text", "identifier_text"}
        assert set(record["text_info"]) == {"sequence", "start", "end"}
        assert set(record["cite_info"]) == {"citation", "url", "title", "language", "publication", "coder", "codebook"}
    visit = next(r for r in records if r["link"] == CLUSTER and r["cite_info"]["citation"] == "visit")
    assert visit["actor"][0]["entity_text"] and visit["actor"][0]["identifier_text"] == "Xi Jinping"
    place = visit["event_loc"]
    assert set(place) == {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "country", "country_code",
                          "feature_class", "feature_code", "resolution"}
    assert (place["extracted_place"], place["country"], place["country_code"]) == ("Astana", "Kazakhstan", "KAZ")
    assert place["geonameid"] == 1526273 and place["feature_class"] == "P" and place["resolution"] == 4


@pytest.mark.parametrize("event, quad", [("AGREE", 1), ("CONCEDE", 1), ("AID", 2), ("RETREAT", 2), ("REQUEST", 3),
                                         ("SANCTION", 3), ("THREATEN", 3), ("PROTEST", 4), ("ASSAULT", 4)])
def test_plover_quad_is_plovers_own_per_type(event, quad):
    from tidings.ontology import PLOVER_TYPES
    from tidings.store.exports.plover import PLOVER_QUADS

    assert set(PLOVER_QUADS) == set(PLOVER_TYPES) and PLOVER_QUADS[event] == quad


# --- ICEWS -----------------------------------------------------------------------------------------

def test_icews_has_the_header_and_one_row_per_report(con, tmp_path):
    out = tmp_path / "events.icews.tsv"
    n = export(con, "icews", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == ICEWS_COLUMNS
    assert len(rows) - 1 == n == count(con, "NOT negated")
    table = [dict(zip(rows[0], r)) for r in rows[1:]]
    visit = next(r for r in table if r["CAMEO Code"] == "042")
    assert visit["Event Date"] == "2024-07-03" and visit["Source Country"] == "China"
    assert visit["Target Country"] == "Kazakhstan" and visit["Event Text"] == "Make a visit"
    assert visit["Intensity"] == "1.9" and visit["Sentence Number"] == "1" and visit["Publisher"] == "Example News"
    assert visit["City"] == "Astana" and visit["Country"] == "Kazakhstan"
    assert int(visit["Event ID"]) > 0 and int(visit["Story ID"]) > 0


# --- Parquet and CSV -------------------------------------------------------------------------------

def test_parquet_reads_back_in_pandas_and_duckdb_with_undated_events(con, tmp_path):
    import pandas as pd
    import pyarrow.dataset as ds

    out = tmp_path / "events"
    n = export(con, "parquet", out)
    assert n == count(con)
    assert sorted(p.name for p in out.iterdir()) == ["_config.json", "events.parquet"]

    frame = pd.read_parquet(out)  # the plain call: no partitioning to unify, undated events and all
    undated = frame["date"].isna() & frame["doc_date"].isna()
    assert len(frame) == n and undated.sum() == 1 and frame["year"].isna().sum() == 1
    assert set(frame["cameo"]) >= {"042", "057"}  # codes stay strings
    back = duckdb.sql(f"SELECT year, month, count(*) FROM read_parquet('{out}/*.parquet') "
                      f"GROUP BY ALL ORDER BY ALL NULLS LAST").fetchall()
    assert back[0][:2] == (2024, 7) and back[-1][:2] == (None, None) and sum(r[2] for r in back) == n
    assert ds.dataset(out / "events.parquet").to_table().num_rows == n  # pyarrow, as Spark reads it


def test_parquet_refuses_a_folder_that_holds_files(con, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.parquet").write_text("x")
    with pytest.raises(ExportError, match=r"already exists; give a new or empty directory"):
        export(con, "parquet", tmp_path / "full")


def test_csv_has_the_flat_event_columns_and_a_header(con, tmp_path):
    import pandas as pd

    out = tmp_path / "events.csv"
    n = export(con, "csv", out)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == schema_columns() + ["cluster_id"]
    assert len(frame) == n == count(con)
    assert "042" in set(frame["cameo"]) and set(frame["negated"]) == {"true", "false"}


def test_since_and_until_keep_the_days_between(con, tmp_path):
    out = tmp_path / "august.csv"
    n = export(con, "csv", out, since="2024-08-01", until="2024-08-31")
    assert n == count(con, "doc_id = 'steel'") == 2
    with pytest.raises(ExportError, match=r"^--since 2024-13-01: not a day written YYYY-MM-DD"):
        export(con, "csv", out, since="2024-13-01")
    with pytest.raises(ExportError, match=r"^--since 2024-09-01 comes after --until 2024-08-01"):
        export(con, "csv", out, since="2024-09-01", until="2024-08-01")


def test_unknown_format_is_named(con, tmp_path):
    with pytest.raises(ExportError, match=r"unknown export format 'acled'; use one of plover, gdelt"):
        export(con, "acled", tmp_path / "x")


# --- the command -----------------------------------------------------------------------------------

def test_export_command_writes_and_says_how_many(db, tmp_path):
    out = tmp_path / "cli.tsv"
    result = cli_runner().invoke(export_cli, ["--format", "gdelt", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    rows = len(out.read_text(encoding="utf-8").splitlines())
    assert result.stderr == f"tidings: {rows} happenings exported to {out} (gdelt)\n"


def test_export_command_errors_are_one_line(db, tmp_path):
    missing = cli_runner().invoke(export_cli, ["--format", "csv", "-o", str(tmp_path / "x.csv"),
                                           "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1
    assert missing.stderr == f"tidings: {tmp_path / 'none.duckdb'}: no store here yet; run `tidings ingest " \
                             f"PATH... --db {tmp_path / 'none.duckdb'}` first\n"
    bad_day = cli_runner().invoke(export_cli, ["--format", "csv", "-o", "x.csv", "--db", str(db), "--since", "July"])
    assert bad_day.exit_code == 2
    assert bad_day.stderr == "tidings: --since July: not a day written YYYY-MM-DD (e.g. 2024-07-03)\n"
    to_stdout = cli_runner().invoke(export_cli, ["--format", "parquet", "-o", "-", "--db", str(db)])
    assert to_stdout.exit_code == 1
    assert to_stdout.stderr == "tidings: -o -: parquet is a directory of files; give a directory name\n"


# --- POLECAT, Stata and Feather --------------------------------------------------------------------

def test_a_statement_keeps_its_cameo_code_where_the_format_has_no_plover_type(con, tmp_path):
    assert con.execute("SELECT cameo, event FROM events WHERE doc_id = 'condolences'").fetchall() == [("018", None)]
    out = tmp_path / "events.icews.tsv"
    export(con, "icews", out)
    assert "Make empathetic comment" in out.read_text(encoding="utf-8")


def test_polecat_has_its_header_and_one_row_per_report(con, tmp_path):
    from tidings.store.exports.polecat import POLECAT_COLUMNS

    out = tmp_path / "events.polecat.tsv"
    n = export(con, "polecat", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == POLECAT_COLUMNS and len(POLECAT_COLUMNS) == 40
    assert len(rows) - 1 == n == count(con, "NOT negated AND event IS NOT NULL") == count(con, "NOT negated") - 1
    table = [dict(zip(rows[0], r)) for r in rows[1:]]
    visit = next(r for r in table if r["Publication Date"] == "2024-07-03" and r["Event Type"] == "consult")
    assert visit["Event Type"] == "consult" and visit["Quad Code"] == "VERBAL COOPERATION"
    assert (visit["Actor Country"], visit["Recipient Country"]) == ("CHN", "KAZ")
    assert (visit["Placename"], visit["Country"], visit["GeoNames ID"]) == ("Astana", "Kazakhstan", "1526273")


def test_stata_file_reads_back_in_pandas_with_its_days(con, tmp_path):
    import pandas as pd

    out = tmp_path / "events.dta"
    n = export(con, "dta", out)
    frame = pd.read_stata(out)
    assert len(frame) == n == count(con)
    assert {"quad_class", "day", "cameo", "source_code", "negated"} <= set(frame.columns)
    assert frame["day"].isna().sum() == 1  # the undated article's event: Stata's missing date
    visit = frame[frame["cameo"] == "042"].iloc[0]
    assert visit["day"] == pd.Timestamp("2024-07-03") and visit["source_code"] == "CHN"
    assert set(frame["negated"]) == {0, 1}


def test_feather_file_reads_back_with_undated_events(con, tmp_path):
    import pyarrow.feather as feather

    out = tmp_path / "events.feather"
    n = export(con, "feather", out)
    table = feather.read_table(out)
    assert table.num_rows == n == count(con) and table.column("day").null_count == 1
    assert str(table.schema.field("day").type) == "date32[day]"
    with pytest.raises(ExportError, match="binary file; give a file name"):
        export(con, "feather", "-")


def test_the_r_example_names_only_columns_the_exports_and_the_store_have(con, tmp_path):
    import re

    import pyarrow.feather as feather

    doc = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    r_code = doc.split("## From R", 1)[1].split("```r", 1)[1].split("```", 1)[0]
    export(con, "feather", tmp_path / "events.feather")
    columns = set(feather.read_table(tmp_path / "events.feather").column_names)
    frame_names = set(re.findall(r"\$(\w+)", r_code)) | {"day", "negated"}
    assert frame_names <= columns
    sql = re.search(r'dbGetQuery\(con, "(.*?)"\)', r_code, re.S).group(1)
    assert len(con.execute(sql).fetchall()) > 0  # the store's own view, as the R example asks it


def test_the_gazetteer_gives_the_place_named_not_a_bigger_neighbour():
    from tidings.store.exports.gazetteer import place_of

    manila = place_of("Manila", "PHL", 14.6042, 120.9822)  # Caloocan, bigger, lies as near
    assert (manila.name, manila.geonameid, manila.admin1) == ("Manila", 1701668, "NCR")
    assert place_of("Vietnam", "VNM", None, None).feature_code == "PCLI"
    assert place_of("Atlantis", "VNM", None, None) is None and place_of("Lima", None, None, None) is None
