"""`tidings plot`: a dyad's cooperation and conflict over time, the most active dyads, PNG or SVG.

The pictures land in test-output/ (gitignored) so that a person can look at them.
"""
from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import cli_runner, store_of

from tidings.cli.plot import plot_cli
from tidings.documents import Document
from tidings.store import schema
from tidings.store.known import UnknownActor
from tidings.store.plots import PlotError, plot_actors, plot_dyad

OUTPUT = Path(__file__).resolve().parents[1] / "test-output"

# A year of China-Kazakhstan relations, and a little of Russia's, in our own words.
ARTICLES = [
    ("p1", "2024-01-15", "Kazakh President Kassym-Jomart Tokayev met Chinese President Xi Jinping in Beijing on Monday."),
    ("p2", "2024-02-20", "China and Kazakhstan signed an agreement on rail freight. "
                         "China pledged to provide loans to Kazakhstan."),
    ("p3", "2024-03-11", "Kazakhstan accused China of dumping cheap steel on its market."),
    ("p4", "2024-04-02", "Beijing threatened Kazakhstan with tariffs on grain."),
    ("p5", "2024-05-06", "Chinese Foreign Minister Wang Yi visited Astana on Monday. "
                         "Wang praised Kazakhstan for its support."),
    ("p6", "2024-07-03", "Chinese President Xi Jinping arrived in Astana on Wednesday for talks with Tokayev."),
    ("p7", "2024-07-04", "Xi Jinping met Kassym-Jomart Tokayev in Astana on Wednesday. "
                         "China promised economic aid to Kazakhstan."),
    ("p8", "2024-09-09", "Kazakhstan criticized China over water use on the Ili River."),
    ("p9", "2024-10-21", "Kazakhstan expelled two Chinese diplomats on Monday."),
    ("p10", "2024-11-18", "Russian President Vladimir Putin met Tokayev in Moscow."),
    ("p11", "2024-12-02", "Russian troops shelled Ukrainian positions near Kharkiv on Sunday. "
                          "Ukraine accused Russia of war crimes."),
]




@pytest.fixture(scope="module")
def db(coder, tmp_path_factory) -> Path:
    """Gives a store file holding ARTICLES coded by the real coder."""
    path = tmp_path_factory.mktemp("plots") / "store.duckdb"
    store_of(coder, path, (Document(id=i, date=day, text=text) for i, day, text in ARTICLES))
    return path


@pytest.fixture
def con(db):
    con = schema.connect(db, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def out() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


def png_size(path: Path) -> tuple[int, int]:
    """Gives (width, height) of a PNG from its header, checking the signature on the way."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def dyad_events(con, a: str, b: str, directed: bool = False) -> int:
    pairs = "(source_code = ? AND target_code = ?)" + ("" if directed else " OR (source_code = ? AND target_code = ?)")
    params = [a, b] + ([] if directed else [b, a])
    return con.execute(f"SELECT count(*) FROM events WHERE ({pairs}) AND NOT negated", params).fetchone()[0]


def test_dyad_chart_by_month_is_a_readable_png(con, out):
    path = out / "plot_dyad_chn_kaz_month.png"
    drawn = plot_dyad(con, "CHN", "KAZ", "month", path)
    assert drawn == dyad_events(con, "CHN", "KAZ") >= 10
    width, height = png_size(path)
    assert width >= 1000 and height >= 550  # big enough to read in a report


def test_dyad_chart_in_svg_keeps_its_words_as_text(con, out):
    path = out / "plot_dyad_chn_kaz_directed.svg"
    drawn = plot_dyad(con, "chn", "kaz", "month", path, directed=True)
    assert drawn == dyad_events(con, "CHN", "KAZ", directed=True) < dyad_events(con, "CHN", "KAZ")
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for words in ("China → Kazakhstan: cooperation and conflict by month", "Goldstein sum per month",
                  "Cooperation: Goldstein sum of quads 1–2", "Conflict: Goldstein sum of quads 3–4"):
        assert words in svg


@pytest.mark.parametrize("by", ["week", "year"])
def test_dyad_chart_by_other_periods(con, out, by):
    path = out / f"plot_dyad_chn_kaz_{by}.png"
    assert plot_dyad(con, "CHN", "KAZ", by, path) == dyad_events(con, "CHN", "KAZ")
    png_size(path)


def test_dyad_chart_errors_say_what_to_do(con, out):
    with pytest.raises(PlotError, match=r"^no dated events between CHN and UKR in the store; check the codes"):
        plot_dyad(con, "CHN", "UKR", "month", out / "never.png")
    with pytest.raises(UnknownActor, match=r"^actor BRA: no actor BRA in this store"):
        plot_dyad(con, "CHN", "BRA", "month", out / "never.png")
    with pytest.raises(PlotError, match=r"^-o chart\.jpg: name a \.png or \.svg file"):
        plot_dyad(con, "CHN", "KAZ", "month", "chart.jpg")
    with pytest.raises(PlotError, match=r"^actor code China: write a three-letter code such as CHN"):
        plot_dyad(con, "China", "KAZ", "month", out / "never.png")
    with pytest.raises(PlotError, match=r"^--by decade: use one of day, week, month, year"):
        plot_dyad(con, "CHN", "KAZ", "decade", out / "never.png")
    assert not (out / "never.png").exists()


def test_actors_chart_shows_the_top_dyads(con, out):
    path = out / "plot_actors_top.png"
    assert plot_actors(con, path, top=10) == con.execute(
        "SELECT count(DISTINCT (source_code, target_code)) FROM events "
        "WHERE source_code IS NOT NULL AND target_code IS NOT NULL AND NOT negated").fetchone()[0]
    width, height = png_size(path)
    assert width >= 1000 and height >= 300
    assert plot_actors(con, out / "plot_actors_top2.svg", top=2) == 2


def test_plots_draw_without_pyplot():
    # pyplot picks a GUI backend and keeps global figures; a bare Figure with Agg needs no display.
    import tidings.store.plots as plots

    source = Path(plots.__file__).read_text(encoding="utf-8")
    assert "import matplotlib.pyplot" not in source and "from matplotlib import pyplot" not in source


# --- the commands ----------------------------------------------------------------------------------

def test_plot_dyad_command(db, out):
    path = out / "plot_cli_dyad.png"
    result = cli_runner().invoke(plot_cli, ["dyad", "CHN", "KAZ", "--by", "month", "-o", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("tidings: ") and result.stderr.endswith(f" events drawn to {path}\n")
    png_size(path)


def test_plot_actors_command(db, out):
    path = out / "plot_cli_actors.svg"
    result = cli_runner().invoke(plot_cli, ["actors", "--top", "3", "-o", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"tidings: 3 dyads drawn to {path}\n"


def test_plot_command_errors_are_one_line(db, out):
    gif = cli_runner().invoke(plot_cli, ["dyad", "CHN", "KAZ", "-o", "chart.gif", "--db", str(db)])
    assert gif.exit_code == 2
    assert gif.stderr == "tidings: -o chart.gif: name a .png or .svg file (the extension picks the format)\n"
    empty = cli_runner().invoke(plot_cli, ["dyad", "CHN", "UKR", "-o", str(out / "never.png"), "--db", str(db)])
    assert empty.exit_code == 1
    assert empty.stderr == ("tidings: no dated events between CHN and UKR in the store; "
                            "check the codes with `tidings dyads`\n")
    typo = cli_runner().invoke(plot_cli, ["dyad", "CHN", "KZA", "-o", str(out / "never.png"), "--db", str(db)])
    assert typo.exit_code == 2
    assert typo.stderr.startswith("tidings: no actor KZA in this store; did you mean KAZ (")
