"""The Peta page's household dots: with a kelurahan's profile open, the dots and the counts
in their caption are that kelurahan's, computed here straight from the families."""

import duckdb

from analytics.access.scope import User
from analytics.formats import number
from analytics.programs.coverage import uncovered_eligible
from analytics.views import map_page
from analytics.views.selection import Selection, kelurahan_names
from analytics.views.source import Source

YEAR = 2024


def test_dots_and_their_counts_follow_the_kelurahan_shown(small_db):
    con = duckdb.connect(str(small_db), read_only=True)
    analis = User("ani", "analis")
    everyone = uncovered_eligible(con, YEAR, "poor", "official", user=analis)
    kode = everyone["kode_kelurahan"].mode()[0]
    mine = everyone[everyone["kode_kelurahan"] == kode]
    located = mine[mine["coord_status"] == "ok"]
    city = map_page.uncovered_points(Source.of(con), Selection(YEAR), analis)
    shown = map_page.uncovered_points(Source.of(con), Selection(YEAR), analis, kode)
    assert len(city.families) == len(everyone) and len(city.located) > len(shown.located)
    assert sorted(shown.families["family_id"]) == sorted(mine["family_id"])
    assert sorted(shown.located["family_id"]) == sorted(located["family_id"])
    assert f"{number(len(located))} dari {number(len(mine))} " in shown.caption
    assert f" di {kelurahan_names()[kode]} " in shown.caption
