"""Articles written for the dashboard's tests, and the store they make with the real coder.

Invented reports about China and Kazakhstan (and one about Japan and Vietnam): talks and a rail
deal reported twice (one happening, two reports), aid, an accusation, sanctions, an appeal; and one
article whose text, title and URL hold markup, which every page must show as text.
"""
from __future__ import annotations

from pathlib import Path

from tidings.documents import Document

SCRIPT = "<script>alert(1)</script>"
SCRIPT_TITLE = "<script>alert('title')</script> Customs row"

ARTICLES = [
    Document("rail-talks", "Chinese Foreign Minister Wang Yi met Kazakh President Kassym-Jomart Tokayev in Astana "
             "on Monday. The two sides signed an agreement on a new rail corridor across the steppe. China will "
             "provide Kazakhstan with loans for the railway, Wang said.",
             "2024-03-04", source="Steppe Wire", title="Rail talks in Astana"),
    Document("rail-talks-followup", "China and Kazakhstan signed an agreement on a rail corridor on Monday, "
             "officials in Astana said.", "2024-03-05", url="https://www.northwind.example/news/rail",
             title="Rail deal signed"),
    Document("grain-aid", "China sent grain aid to Kazakhstan after the floods in the north.", "2024-04-18"),
    Document("steel-row", "Kazakhstan accused China of dumping cheap steel on its market. Beijing rejected the "
             "accusation on Tuesday.", "2024-06-12", source="Steppe Wire"),
    Document("customs-row", f"Chinese officials criticized Kazakhstan on Monday {SCRIPT} over new customs rules "
             f"at the border.", "2024-07-01", title=SCRIPT_TITLE, url="javascript:alert(1)"),
    Document("bank-sanctions", "China imposed sanctions on two Kazakh banks on Friday. Kazakhstan urged China to "
             "lift the sanctions.", "2024-09-20"),
    Document("harbour-visit", "Japanese Prime Minister Hiroshi Tanabe met Vietnamese President Le Van Minh in "
             "Hanoi on Wednesday. Japan pledged aid to Vietnam for flood relief.", "2025-03-12"),
]


def build_store(coder, path: Path) -> Path:
    """Gives `path`, a new store holding ARTICLES coded by `coder`, with its clusters assigned."""
    from conftest import store_of
    from tidings.store import clusters, schema

    store_of(coder, path, ARTICLES)
    con = schema.connect(path)
    clusters.assign_clusters(con)
    con.close()
    return path
