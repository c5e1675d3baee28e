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
    assert 2024.5 < visit["FractionDate"] < 2024.51
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
    assert len(records) == n == count(con)
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
    assert visit["event_loc"]["cc3"] == "KAZ" and visit["event_loc"]["country code"] == "KZ"
    assert visit["cite_info"]["url"] == "https://www.news.example.com/visit"
    negated = [r for r in records if r["negated"]]
    assert len(negated) == 1 and negated[0]["actor"][0]["code"] == "TUR"


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

def test_parquet_dataset_is_partitioned_by_year_and_month_and_reads_back(con, tmp_path):
    import pandas as pd
    import pyarrow.dataset as ds

    out = tmp_path / "events"
    n = export(con, "parquet", out)
    assert n == count(con)
    assert (out / "year=2024" / "month=7").is_dir() and (out / "year=2024" / "month=8").is_dir()
    assert (out / "year=__HIVE_DEFAULT_PARTITION__").is_dir()  # the undated article's event

    back = duckdb.sql(f"SELECT * FROM read_parquet('{out}/**/*.parquet', hive_partitioning=true)")
    assert len(back.fetchall()) == n
    months = duckdb.sql(f"SELECT year, month, count(*) FROM read_parquet('{out}/**/*.parquet', "
                        f"hive_partitioning=true) GROUP BY ALL ORDER BY ALL NULLS LAST").fetchall()
    assert months[0][:2] == (2024, 7) and months[-1][:2] == (None, None)

    frame = pd.read_parquet(out, partitioning=ds.HivePartitioning.discover())
    assert len(frame) == n
    assert set(frame["cameo"]) >= {"042", "057"}  # codes stay strings


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
