"""Issue 27: what officials read must agree, fit and explain itself (the pages, through AppTest)."""

import json

import duckdb
import pytest

from analytics.access.users import ensure_demo_accounts, users_path_for
from analytics.formats import number, parse_number
from analytics.programs.coverage import coverage
from tests.dashboard.conftest import dataframe, metrics, open_page, session

API_API = "64.74.01.1006"


@pytest.fixture
def model_dashboard(model_db, monkeypatch):
    ensure_demo_accounts(users_path_for(model_db))
    monkeypatch.setenv("KEMISKINAN_DB", str(model_db))
    return model_db


def _tooltips(at) -> list[str]:
    return [c.proto.help for c in at.caption if c.proto.help]


def test_source_tooltips_are_for_analysts_and_admins_only(dashboard_db):
    """Point 9: the ⓘ of every caption read "analytics.summary.headline … python -m analytics
    page" for every role, a pimpinan's included."""
    pimpinan = session("pimpinan")
    for name in ("ringkasan", "tren", "cakupan"):
        open_page(pimpinan, name)
        assert _tooltips(pimpinan) == [], name
    analis = open_page(session("analis"), "ringkasan")
    assert any("analytics." in t for t in _tooltips(analis))


def test_pengguna_and_log_audit_show_the_same_clock(dashboard_db):
    """Point 9: Log Audit showed WITA, Pengguna UTC in another format."""
    at = open_page(session("admin"), "pengguna")
    created = dataframe(at, "Nama pengguna", "Dibuat (WITA)")["Dibuat (WITA)"]
    assert created.str.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}").all(), created.tolist()
    at = open_page(at, "audit")
    assert "Waktu (WITA)" in dataframe(at, "Waktu (WITA)").columns


def test_cakupan_headline_and_list_follow_the_chosen_kelurahan(dashboard_db):
    """Point 5: with a kelurahan chosen the headline stayed the city's (604 uncovered) while the
    list below counted the kelurahan (115): both now count the kelurahan, and say so."""
    at = open_page(session("analis"), "cakupan")
    at.selectbox(key="ctl_kec").set_value("64.74.01").run()
    at.selectbox(key="ctl_kel").set_value(API_API).run()
    assert not at.exception
    year = at.selectbox(key="ctl_tahun").value
    with duckdb.connect(str(dashboard_db), read_only=True) as con:
        row = coverage(con, year, "kelurahan").set_index("kode").loc[API_API]
    uncovered = number(row["eligible_families"] - row["covered_eligible"])
    headline = next(m.value for m in at.markdown if "program apa pun menjangkau" in m.value)
    assert "di Api-Api" in headline and f"**{uncovered}** keluarga sasaran belum" in headline, headline
    assert metrics(at)["Keluarga sasaran tanpa program, Api-Api"] == uncovered


def test_a_family_dot_is_not_titled_with_the_indicator(dashboard_db):
    """Point 4: every family dot's tooltip began "P0 — tingkat kemiskinan (%)"."""
    at = open_page(session("analis"), "peta")
    at.selectbox(key="peta_profil").set_value(API_API).run()
    chart = at.get("deck_gl_json_chart")[0].proto
    spec = json.loads(chart.json)
    assert "tingkat kemiskinan" not in chart.tooltip, chart.tooltip
    layers = {layer.get("id"): layer for layer in spec["layers"]}
    areas = layers["kelurahan"]["data"]["features"]
    assert all(f["properties"]["value_text"].startswith("P0 — tingkat kemiskinan (%): ") for f in areas)
    dots = layers["keluarga"]["data"]
    assert dots and all(d["value_text"].startswith("Api-Api · ") for d in dots)


def test_model_pages_say_which_city_figure_to_quote(model_dashboard):
    """Point 3 (the pages): an official can say from the page which city figure to quote."""
    at = open_page(session("pimpinan"), "ringkasan")
    assert any(i.value.startswith("Angka kota yang dikutip") for i in at.info)
    at = open_page(at, "tren")
    assert any("Angka kota yang dikutip setiap tahun adalah angka BPS" in i.value for i in at.info)


def test_peta_profile_names_a_model_count_as_the_models(model_dashboard):
    """Point 5: Peta's profile of Api-Api said 137 uncovered while the map showed 43 dots; the
    profile's count is the model's sum of probabilities, and says so."""
    at = open_page(session("analis"), "peta")
    at.selectbox(key="ctl_tahun").set_value(2024).run()
    at.selectbox(key="peta_profil").set_value(API_API).run()
    assert not at.exception
    assert "Perkiraan keluarga miskin tanpa program (model)" in metrics(at)
    assert any("titik di peta hanya keluarga yang peluang miskinnya ≥ 50 %" in c.value for c in at.caption)


def test_the_city_map_names_the_poorest_and_its_hexagons_answer(dashboard_db):
    """Point 4: the poorest kelurahan were unnamed at the city's zoom, hexagons covered the names
    and had no tooltip."""
    at = open_page(session("analis"), "peta")
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer.get("id"): layer for layer in spec["layers"]}
    areas = layers["kelurahan"]["data"]["features"]
    # The browser gets each kelurahan's printed text only (no value): the poorest by that text.
    shown = [f for f in areas if f["properties"]["text"] not in ("–", "x", "<10")]
    poorest = max(shown, key=lambda f: parse_number(f["properties"]["text"]))
    text = next(layer for layer in spec["layers"] if layer.get("@@type") == "TextLayer")
    assert poorest["properties"]["nama"] in [row["nama"] for row in text["data"]]
    assert text["parameters"] == {"depthTest": False}
    hexagons = layers["heksagon"]
    assert hexagons["pickable"] and all(cell["nama"].endswith("keluarga") for cell in hexagons["data"])
    assert [layer.get("@@type") for layer in spec["layers"]][-1] == "TextLayer"
